"""Figures: amounts of money, quantities with their units, and ordinal events ("third meeting")."""

from __future__ import annotations

import re

# A cheap test that a text may hold a figure: the full expression tries many alternatives at every word.
_DIGIT = re.compile(r"\d")

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
          "bln": 1e9, "trillion": 1e12, "tn": 1e12, "trln": 1e12}
CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "₽": "RUB"}
UNIT_WORDS = {
    "dollars": "USD", "dollar": "USD", "usd": "USD", "euros": "EUR", "euro": "EUR", "yuan": "CNY",
    "renminbi": "CNY", "rubles": "RUB", "roubles": "RUB", "ruble": "RUB", "rouble": "RUB",
    "percent": "%", "per cent": "%", "%": "%", "times": "times", "tonnes": "tonnes", "tons": "tonnes",
    "barrels": "barrels", "cubic metres": "cubic metres", "cubic meters": "cubic metres",
    "bcm": "billion cubic metres", "kilometres": "km", "kilometers": "km", "km": "km",
    "people": "people", "years": "years", "troops": "troops", "soldiers": "troops",
    "meetings": "meetings", "visits": "visits", "countries": "countries",
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20}
EVENT_NOUNS = r"meeting|meetings|visit|summit|forum|session|round|talks|conference|congress|anniversary|trip"
_SCALE_ALT = "|".join(sorted(SCALES, key=len, reverse=True))
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNIT_WORDS, key=len, reverse=True) if u != "%")
FIGURE_RE = re.compile(
    rf"(?P<cur>US\$|\$|€|£|¥|₽)\s?(?P<cnum>{NUM})(?:\s?(?P<cscale>{_SCALE_ALT})\b)?"
    rf"|(?<![\w.,])(?P<num>{NUM})(?:\s?(?P<scale>{_SCALE_ALT})\b)?\s?(?P<unit>%|(?:{_UNIT_ALT})\b)"
    rf"|\b(?P<ord>{'|'.join(ORDINALS)}|\d+(?:st|nd|rd|th))\s+(?P<mods>(?:[a-z-]+\s+){{0,3}}?)(?P<noun>{EVENT_NOUNS})\b",
    re.IGNORECASE,
)


def _number(s: str) -> float:
    """A number as written, thousands separated by commas."""
    return float(s.replace(",", ""))


def _may_hold_figure(text: str) -> bool:
    """False when FIGURE_RE cannot match `text`: every figure holds a digit or an ordinal word
    (matched regardless of case: on ASCII text, the lower-case text holds it)."""
    if _DIGIT.search(text) is not None or not text.isascii():
        return True
    low = text.lower()
    return any(word in low for word in ORDINALS)


def figures(text: str) -> list[dict]:
    """The figures of `text`: span, words, value and unit."""
    rows = []
    if not _may_hold_figure(text):
        return rows
    for m in FIGURE_RE.finditer(text):
        if m.group("cur"):
            value = _number(m.group("cnum")) * SCALES.get((m.group("cscale") or "").lower(), 1)
            unit = CURRENCIES[m.group("cur").lower()]
        elif m.group("num"):
            value = _number(m.group("num")) * SCALES.get((m.group("scale") or "").lower(), 1)
            unit = UNIT_WORDS.get(m.group("unit").lower(), m.group("unit").lower())
        else:
            o = m.group("ord").lower()
            value = float(ORDINALS.get(o) or int(re.sub(r"\D", "", o)))
            unit = "ordinal " + m.group("noun").lower()
        rows.append({"start": m.start(), "end": m.end(), "text": m.group(0), "value": value, "unit": unit})
    return rows
