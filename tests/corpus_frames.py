"""Small corpora built in memory, shaped like the store's tables, for the analysis, claims and plot tests."""

from __future__ import annotations

import re

import pandas as pd

TYPES = {"Xi Jinping": "person", "Vladimir Putin": "person", "China": "state", "Russia": "state",
         "United States": "state", "Wang Yi": "person", "European Union": "organisation", "India": "state"}
ALIASES = {"Xi Jinping": ["Xi Jinping", "Xi"], "Vladimir Putin": ["Vladimir Putin", "Putin"],
           "China": ["China", "Beijing", "Chinese"], "Russia": ["Russia", "Moscow", "Russian"],
           "United States": ["United States", "Washington"], "Wang Yi": ["Wang Yi"],
           "European Union": ["European Union"], "India": ["India"]}
MONEY = re.compile(r"\$(\d+(?:\.\d+)?) (billion|million)")
TIMES = re.compile(r"\b(\d+) times\b")


def build(docs: list[dict]) -> dict[str, pd.DataFrame]:
    """Tables for `docs`: each a dict with id, date, title, url, source, sentences (a list of str, the
    title first when there is one), statements [(sent, speaker, kind)], themes {theme: (score, present)},
    hits [(theme, sent, terms, score)]. Mentions and money or count figures are found in the sentences."""
    rows = {k: [] for k in ["articles", "sentences", "mentions", "statements", "figures", "dates", "theme_hits",
                            "doc_themes", "problems"]}
    for d in docs:
        sents = ([d["title"]] if d.get("title") else []) + d["sentences"]
        text, starts = "", []
        for s in sents:
            starts.append(len(text))
            text += s + "\n"
        rows["articles"].append({"id": d["id"], "title": d.get("title"), "outlet": d.get("outlet"),
                                 "date": d.get("date"), "url": d.get("url"), "source": d.get("source", "test.jsonl"),
                                 "language": "en", "translated_from": None, "text": "\n".join(d["sentences"]),
                                 "raw": "", "offsets": None})
        for k, (s, at) in enumerate(zip(sents, starts)):
            rows["sentences"].append({"doc_id": d["id"], "sent": k, "start": at, "end": at + len(s), "text": s})
            for actor, aliases in ALIASES.items():
                for alias in aliases:
                    for m in re.finditer(rf"\b{re.escape(alias)}\b", s):
                        if any(r["doc_id"] == d["id"] and r["start"] <= at + m.start() < r["end"]
                               for r in rows["mentions"]):
                            continue
                        rows["mentions"].append({"doc_id": d["id"], "start": at + m.start(), "end": at + m.end(),
                                                 "text": alias, "actor": actor, "type": TYPES[actor], "via": "alias",
                                                 "sent": k})
            for m in MONEY.finditer(s):
                scale = 1e9 if m.group(2) == "billion" else 1e6
                rows["figures"].append({"doc_id": d["id"], "start": at + m.start(), "end": at + m.end(),
                                        "text": m.group(0), "value": float(m.group(1)) * scale, "unit": "USD",
                                        "sent": k})
            for m in TIMES.finditer(s):
                rows["figures"].append({"doc_id": d["id"], "start": at + m.start(), "end": at + m.end(),
                                        "text": m.group(0), "value": float(m.group(1)), "unit": "times", "sent": k})
        for k, speaker, kind in d.get("statements", []):
            s, at = sents[k], starts[k]
            q = re.search(r"“([^”]+)”", s) if kind == "quote" else None
            start, end = (at + q.start(1), at + q.end(1)) if q else (at, at + len(s))
            rows["statements"].append({"doc_id": d["id"], "start": start, "end": end, "speaker": speaker,
                                       "text": text[start:end], "kind": kind, "via": "test", "label": None,
                                       "first_words": text[start:end][:30], "sent": k})
        for theme, (score, present) in d.get("themes", {}).items():
            rows["doc_themes"].append({"doc_id": d["id"], "theme": theme, "score": score, "threshold": 3.0,
                                       "present": present})
        for theme, k, terms, score in d.get("hits", []):
            rows["theme_hits"].append({"doc_id": d["id"], "theme": theme, "sent": k, "start": starts[k],
                                       "end": starts[k] + len(sents[k]), "score": score, "terms": terms,
                                       "sentence": sents[k]})
    columns = {
        "mentions": ["doc_id", "start", "end", "text", "actor", "type", "via", "sent"],
        "statements": ["doc_id", "start", "end", "speaker", "text", "kind", "via", "label", "first_words", "sent"],
        "figures": ["doc_id", "start", "end", "text", "value", "unit", "sent"],
        "dates": ["doc_id", "start", "end", "text", "date", "granularity", "sent"],
        "theme_hits": ["doc_id", "theme", "sent", "start", "end", "score", "terms", "sentence"],
        "doc_themes": ["doc_id", "theme", "score", "threshold", "present"],
        "problems": ["source", "line", "doc_id", "kind", "severity", "message"],
    }
    return {k: pd.DataFrame(v, columns=columns.get(k)) if k in columns else pd.DataFrame(v) for k, v in rows.items()}


SEEDLIKE = {
    "id": "seed", "date": "2023-10-18", "title": None, "url": None,
    "sentences": [
        "Xi Jinping and Vladimir Putin sat face to face again in Beijing.",
        "Xi called Putin his “old friend” and said the leaders have met 42 times over the last decade.",
        "He added that bilateral trade will hit an all-time high this year, exceeding $200 billion.",
        "In Putin’s words: “our foreign policies need close coordination now more than ever.”",
    ],
    "statements": [(1, "Xi Jinping", "quote"), (3, "Vladimir Putin", "quote")],
    "themes": {"china_russia_alignment": (9.0, True), "trade_economy": (3.0, True), "world_order": (1.0, False)},
    "hits": [("china_russia_alignment", 0, "Xi and Putin", 3.0), ("china_russia_alignment", 1, "old friend", 1.0),
             ("trade_economy", 2, "bilateral trade", 3.0)],
}
KREMLIN = {
    "id": "kremlin1", "date": "2019-06-05", "title": "Talks with President of China Xi Jinping",
    "url": "http://en.kremlin.ru/events/president/news/1", "outlet": "President of Russia (en.kremlin.ru)",
    "sentences": [
        "Vladimir Putin held talks with Xi Jinping in Moscow.",
        "Vladimir Putin: Bilateral trade set a record in 2018 at $108 billion.",
        "We have met almost 30 times in the last six years, and our trust keeps growing.",
        "Russia and China oppose hegemony and support a multipolar world.",
        "Our trade with the United States is $20 billion.",
    ],
    "statements": [(2, "Vladimir Putin", "turn"), (3, "Vladimir Putin", "turn"), (4, "Vladimir Putin", "turn")],
    "themes": {"china_russia_alignment": (6.0, True), "world_order": (6.0, True), "trade_economy": (4.0, True)},
    "hits": [("world_order", 4, "hegemony, multipolar*", 5.0), ("china_russia_alignment", 1, "Xi Jinping", 3.0),
             ("trade_economy", 2, "bilateral trade", 3.0)],
}
MFA = {
    "id": "cn-mfa-1", "date": "2019-12-02", "title": "Foreign Ministry Spokesperson's Regular Press Conference",
    "url": "https://www.fmprc.gov.cn/mfa_eng/t1.shtml",
    "sentences": ["China and Russia will raise bilateral trade to $200 billion by 2024.",
                  "China opposes unipolar hegemony."],
    "statements": [(1, "Geng Shuang", "turn"), (2, "Geng Shuang", "turn")],
    "themes": {"china_russia_alignment": (3.0, True), "world_order": (3.0, True)},
    "hits": [("world_order", 2, "hegemony", 2.0)],
}
NEWS = [
    {"id": f"rss-{k}", "date": date, "title": f"Xi and Putin meet again ({k})", "url": url,
     "source": "rss2023_topical.jsonl", "sentences": ["Leaders of China and Russia talk about the Global South."],
     "themes": {"china_russia_alignment": (3.0, True)}}
    for k, (date, url) in enumerate([("2023-03-20", "https://www.theguardian.com/a"),
                                     ("2023-03-21", "https://www.theguardian.com/b"),
                                     ("2023-10-18", "https://feeds.a.dj.com/c")])
]


def small_corpus() -> dict[str, pd.DataFrame]:
    """The seed-like document, a Kremlin transcript, an MFA briefing and three news headlines."""
    return build([SEEDLIKE, KREMLIN, MFA, *NEWS])
