"""China-Russia trade as the texts report it: the figures, the year each refers to and what kind of figure it is."""

from __future__ import annotations

import re

import pandas as pd

from helpers.analysis.relationship import actor_sides, relationship_words
from helpers.analysis.sources import document_info
from helpers.analysis.tables import money
from helpers.config import resolve
from helpers.resources.lexicons import Lexicons, load_lexicons

CURRENCY_UNITS = {"USD", "CNY", "RUB", "EUR"}
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_CLAUSE = re.compile(r"[(;]|\bwhile\b|\bwhereas\b|\bthen\b|\bcompared\b|\bfrom\b|\bup from\b|\bdown from\b")
_RELATIVE_YEARS = {"this year": 0, "the year": 0, "current year": 0, "last year": -1, "past year": -1,
                   "next year": 1, "previous year": -1}
_BOUNDARY = re.compile(r",\s+(?:and|but|while|whereas|which|although)\b|[(;:]|\bwhile\b|\bwhereas\b|\bthen\b")


def figure_clause(sentence: str, at: int) -> tuple[int, int]:
    """The span of the clause of `sentence` holding offset `at` (cut at ', and', ';', '(', 'while', ...)."""
    starts = [m.end() for m in _BOUNDARY.finditer(sentence, 0, at)]
    after = _BOUNDARY.search(sentence, at)
    return (max(starts) if starts else 0), (after.start() if after else len(sentence))


def figure_year(sentence: str, at: int, doc_year) -> tuple[int | None, str]:
    """The year a figure at offset `at` of `sentence` refers to, and how it was found.

    The last year named in the figure's clause before it; else "this/last/next year" there;
    else a year named right after it ("by 2024"); else the document's year.
    """
    starts = [m.end() for m in _CLAUSE.finditer(sentence, 0, at)]
    clause_start = max(starts) if starts else 0
    m_end = _CLAUSE.search(sentence, at)
    clause_end = m_end.start() if m_end else len(sentence)
    before = sentence[clause_start:at]
    years = _YEAR.findall(before)
    if years:
        return int(years[-1]), "year named before it"
    low = before.lower()
    found = [(low.rfind(k), v) for k, v in _RELATIVE_YEARS.items() if k in low]
    if found and doc_year is not None and not pd.isna(doc_year):
        return int(doc_year) + max(found)[1], "this/last/next year"
    after = _YEAR.findall(sentence[at:clause_end])
    if after:
        return int(after[0]), "year named after it"
    if doc_year is None or pd.isna(doc_year):
        return None, "no year"
    return int(doc_year), "the document's year"


def _documents_about_the_pair(articles: pd.DataFrame, sentences: pd.DataFrame, lexicons: Lexicons) -> set:
    """Documents whose title (else first sentence) is about China and Russia: it names both, or the other side
    for a Kremlin text (China) or an MFA briefing (Russia)."""
    info = document_info(articles).set_index("id")
    firsts = sentences[sentences["sent"] == 0].set_index("doc_id")["text"] if not sentences.empty else pd.Series(dtype=str)
    out = set()
    for doc_id, title in zip(articles["id"].astype(str), articles["title"] if "title" in articles else [None] * len(articles)):
        head = title if isinstance(title, str) and title.strip() else str(firsts.get(doc_id, ""))
        has_c = bool(re.search(lexicons.side_words["China"], head))
        has_r = bool(re.search(lexicons.side_words["Russia"], head))
        group = info["group"].get(doc_id)
        if (has_c and has_r) or (group == "Kremlin texts" and has_c) or (group == "MFA briefings" and has_r):
            out.add(doc_id)
    return out


def trade_figures(figures: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame,
                  articles: pd.DataFrame, doc_themes: pd.DataFrame | None = None,
                  actors: str | None = None, min_value: float = 1e8, lexicons: str | None = None) -> pd.DataFrame:
    """China-Russia trade volumes as the texts report them.

    Value, unit, the year meant, what kind of figure (reported total, part of a year, a sector, a forecast or
    target) and the sentence.

    A money figure counts when its sentence speaks of trade and names China and Russia (or the relationship, or
    one side in a document about the two), and no third partner alone.
    """
    cols = ["year", "value", "unit", "text", "kind", "doc_id", "date", "group", "year_from", "sentence"]
    if figures.empty or sentences.empty:
        return pd.DataFrame(columns=cols)
    sums = figures[figures["unit"].isin(CURRENCY_UNITS) & (figures["value"] >= min_value)]
    if sums.empty:
        return pd.DataFrame(columns=cols)
    lex = load_lexicons(resolve(lexicons) if lexicons else None)
    s = sentences[["doc_id", "sent", "start", "text"]].rename(columns={"start": "s_start", "text": "sentence"})
    df = sums.merge(s, on=["doc_id", "sent"], how="inner", validate="many_to_one")
    df = df[df["sentence"].str.contains(lex.trade_words, case=False, regex=True)]
    if df.empty:
        return pd.DataFrame(columns=cols)
    sides = actor_sides(actors)
    m = mentions.assign(side=mentions["actor"].map(sides).fillna(mentions["actor"]),
                        kind=mentions["type"]) if not mentions.empty else pd.DataFrame(columns=["doc_id", "sent", "side", "kind"])
    states = m[m["kind"].isin(["state", "person", "organisation"])]
    by_sent = states.groupby(["doc_id", "sent"])["side"].agg(lambda x: set(x))
    aligned = set()
    if doc_themes is not None and not doc_themes.empty:
        aligned = set(doc_themes[(doc_themes["theme"] == "china_russia_alignment") & doc_themes["present"].astype(bool)]
                      ["doc_id"])
    info = document_info(articles).set_index("id")
    pair_words = re.compile(f"{relationship_words(lex)}|{lex.trade_relationship_words}", re.IGNORECASE)
    about = _documents_about_the_pair(articles, sentences, lex)
    rows = []
    for r in df.itertuples(index=False):
        named = by_sent.get((r.doc_id, r.sent), set())
        if not named:  # "It reached $108 billion": the sentence before says between whom
            named = by_sent.get((r.doc_id, r.sent - 1), set())
        china, russia = "China" in named, "Russia" in named
        others = named - {"China", "Russia"}
        if china and russia:
            ok = True
        elif others or re.search(lex.not_bilateral, r.sentence, re.IGNORECASE):
            ok = False
        else:  # one side or none named: the document must be about the two, the sentence about trade between them
            ok = r.doc_id in aligned and r.doc_id in about and (china or russia or bool(pair_words.search(r.sentence)))
        if not ok or (r.unit == "USD" and r.value >= 1e12):
            continue
        at = int(r.start) - int(r.s_start)
        year, how = figure_year(r.sentence, at, info["year"].get(r.doc_id))
        clause = r.sentence[slice(*figure_clause(r.sentence, at))]
        if re.search(lex.part_of_year, clause, re.IGNORECASE):
            kind = "part of a year"
        elif re.search(lex.sector_words, r.sentence[max(0, at - 80): at + 20], re.IGNORECASE):
            kind = "one sector"
        elif re.search(lex.forecast_words, clause, re.IGNORECASE):
            kind = "forecast or target"
        else:
            kind = "reported"
        rows.append({"year": year, "value": float(r.value), "unit": r.unit, "text": r.text, "kind": kind,
                     "doc_id": r.doc_id, "date": info["date"].get(r.doc_id), "group": info["group"].get(r.doc_id),
                     "year_from": how, "sentence": " ".join(str(r.sentence).split())})
    out = pd.DataFrame(rows, columns=cols)
    if out.empty:
        return out
    out["year"] = out["year"].astype("Int64")
    return out.sort_values(["year", "date", "doc_id", "value"], kind="stable", na_position="last").reset_index(drop=True)


def trade_table(trade: pd.DataFrame) -> pd.DataFrame:
    """Trade figures for display: year, the sum, kind, the document and its date, the sentence."""
    cols = ["year", "figure", "kind", "date", "doc_id", "sentence"]
    if trade.empty:
        return pd.DataFrame(columns=cols)
    return pd.DataFrame({"year": trade["year"].astype("string").fillna("?").to_numpy(),
                         "figure": [money(v, u) for v, u in zip(trade["value"], trade["unit"])],
                         "kind": trade["kind"].to_numpy(), "date": trade["date"].to_numpy(),
                         "doc_id": trade["doc_id"].to_numpy(), "sentence": trade["sentence"].to_numpy()})
