"""Date expressions and the dates they name, relative to the document's date."""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
DATE_RE = re.compile(
    rf"\b(?:(?P<dmy>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\.?,?\s+\d{{4}})"
    rf"|(?P<mdy>(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
    rf"|(?P<dm>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\b|(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!,?\s*\d{{4}}))"
    rf"|(?P<my>(?:{MONTHS})\s+\d{{4}})"
    rf"|(?P<wd>(?:(?:this|last|next|on|On|This|Last|Next)\s+)?(?:{WEEKDAYS}))"
    rf"|(?P<m>(?:in|In|since|Since|until|Until|by|By|from|From|last|Last|next|Next|this|This|early|late|mid-)\s*(?:{MONTHS}))\b(?!\s+\d)"
    rf"|(?P<y>(?:in|In|since|Since|until|Until|by|By|from|From)\s+(?:19|20)\d{{2}})\b)"
)


# Cheap tests that a text may hold a date expression: the full expression tries some forty
# alternatives at every word.
_DIGIT = re.compile(r"\d")
_DATE_WORD = re.compile(rf"{MONTHS}|{WEEKDAYS}")

_FULL_MONTHS = MONTHS.split("|")[:12]
MONTH_NUMBERS = {name.lower(): next(k + 1 for k, full in enumerate(_FULL_MONTHS) if full.startswith(name))
                 for name in MONTHS.split("|")}
WEEKDAY_NUMBERS = {name.lower(): k for k, name in enumerate(WEEKDAYS.split("|"))}
_DATE_PARTS = re.compile(rf"(?i)(?:(?P<rel>this|last|next)\s+)?(?P<wd>{WEEKDAYS})|(?P<y>\d{{4}})-(?P<mo>\d{{2}})-(?P<d>\d{{2}})"
                         rf"|(?P<month>{MONTHS})")


def _date_value(kind: str, core: str, base: dt.datetime | None) -> dt.date | None:
    """The date an expression DATE_RE found names, the past preferred, relative to `base` (a weekday,
    a day and month, a month alone); None for an impossible date (31 April) or a relative month
    ("last March": which one is unsure). The expressions are already parsed by DATE_RE: this reads
    their parts (tests/test_annotate.py checks it against dateparser on every form and many days)."""
    base_day = (base or dt.datetime(2000, 1, 1)).date()
    parts = {k: v for m in _DATE_PARTS.finditer(core) for k, v in m.groupdict().items() if v}
    try:
        if kind == "iso":
            return dt.date(int(parts["y"]), int(parts["mo"]), int(parts["d"]))
        if kind == "wd":
            rel, delta = (parts.get("rel") or "").lower(), WEEKDAY_NUMBERS[parts["wd"].lower()] - base_day.weekday()
            ahead = {"next": delta % 7 or 7, "this": delta % 7}.get(rel, -((-delta) % 7 or 7))
            return base_day + dt.timedelta(days=ahead)
        month = MONTH_NUMBERS[parts["month"].lower()] if "month" in parts else base_day.month
        numbers = [int(n) for n in re.findall(r"\d+", core)]
        if kind == "m" and re.match(r"(?i)(?:this|last|next)\b", core):
            return None
        if kind in ("dmy", "mdy"):
            return dt.date(numbers[-1], month, numbers[0])
        if kind == "my":
            return dt.date(numbers[-1], month, 1)
        if kind == "y":
            return dt.date(numbers[-1], 1, 1)
        day = numbers[0] if kind == "dm" else 1
        for year in range(base_day.year, base_day.year - 9, -1):  # 29 February: the last leap year
            try:
                value = dt.date(year, month, day)
            except ValueError:
                continue
            if value <= base_day:
                return value
        return None
    except (ValueError, KeyError, IndexError):
        return None


def parse_date(value) -> dt.date | None:
    """The date a metadata value starts with (ISO), or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _may_hold_date(text: str) -> bool:
    """False when DATE_RE cannot match `text`: every date expression holds a digit, a month's or a weekday's name."""
    return _DIGIT.search(text) is not None or _DATE_WORD.search(text) is not None


_GRANULARITY = {"dmy": "day", "mdy": "day", "iso": "day", "dm": "day", "wd": "day", "my": "month", "m": "month",
                "y": "year"}


def dates(text: str, day: dt.date | None) -> list[dict]:
    """The date expressions of `text` and the dates they name, relative to the document's `day`."""
    base = dt.datetime.combine(day, dt.time()) if day else None
    rows = []
    if not _may_hold_date(text):
        return rows
    for m in DATE_RE.finditer(text):
        kind = m.lastgroup
        expr = m.group(0)
        core = re.sub(r"^(?:in|since|until|by|from|on|early|late|mid-)\s*", "", expr, flags=re.I)
        if kind in ("wd", "dm", "m") and base is None:
            rows.append({"start": m.start(), "end": m.end(), "text": expr, "date": None, "granularity": None})
            continue
        parsed = _date_value(kind, core, base)
        granularity = _GRANULARITY[kind]
        value = None
        if parsed is not None:
            value = parsed.isoformat()[: {"day": 10, "month": 7, "year": 4}[granularity]]
        rows.append({"start": m.start(), "end": m.end(), "text": expr, "date": value, "granularity": granularity})
    return rows
