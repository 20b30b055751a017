"""Records found again in the current text: at their offsets, moved, by approximate match, or orphaned.

A record is found where its quote still is at its offsets (exact), else by searching for the
quote, disambiguated by its context (moved), else by an approximate match (fuzzy, rapidfuzz);
one that cannot be found is orphaned and kept.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz

from helpers.annotate import annotated_text
from helpers.review.read import describe, empty_frame

FUZZY_MIN = 90.0  # the least rapidfuzz score (0-100) for an approximate match
FUZZY_MIN_LENGTH = 8  # shorter quotes are only found verbatim
ANCHOR_COLUMNS = ["anchor", "start", "end", "score", "current_text"]
# How a record was found in the current text.
ANCHORS = {
    "exact": "the quote is at its recorded offsets (or, without offsets, found verbatim)",
    "moved": "the quote is verbatim (or up to spacing and quotation marks) elsewhere in the text",
    "fuzzy": "an approximate match of the quote (score at least 90 of 100)",
    "orphaned": "the quote is no longer in the document: kept, listed among the orphans, not applied",
    "document": "a record about the whole document (no passage)",
    "not_in_corpus": "its document is not in this corpus: kept, not applied",
}
LOCATED = ("exact", "moved", "fuzzy")


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
                         "\u2033": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})


@lru_cache(maxsize=16)
def _normalised(text: str) -> tuple[str, list[int]]:
    """`text` with plain quotation marks, dashes and spacing, and the offset each of its characters came from."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text.translate(_QUOTES)):
        if ch.isspace():
            if not space:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


def occurrences(text: str, quote: str) -> list[int]:
    """Every start of `quote` in `text` (overlapping ones too)."""
    found, i = [], text.find(quote)
    while i >= 0:
        found.append(i)
        i = text.find(quote, i + 1)
    return found


def _context_score(text: str, start: int, end: int, before: str, after: str) -> float:
    """How well the text around [start, end) matches the recorded context (0-200)."""
    score = 0.0
    if before:
        score += fuzz.ratio(before, text[max(0, start - len(before)):start])
    if after:
        score += fuzz.ratio(after, text[end:end + len(after)])
    return score


def _best(text: str, spans: list[tuple[int, int]], before: str, after: str, hint: int | None) -> tuple[int, int]:
    """The span whose context matches best; ties go to the one nearest the recorded start, then the first."""
    return max(spans, key=lambda sp: (_context_score(text, sp[0], sp[1], before, after),
                                      -abs(sp[0] - hint) if hint is not None else 0, -sp[0]))


def locate(text: str, quote: str, before: str = "", after: str = "", start: int | None = None,
           end: int | None = None) -> tuple[str, int | None, int | None, float]:
    """Find a quote in `text`: (how: exact, moved, fuzzy or orphaned; start; end; score 0-100).

    Exact offsets first when the text there is still the quote; else the quote verbatim, then up
    to spacing and quotation marks, where several occurrences are told apart by the words recorded
    before and after it; else the best approximate match (rapidfuzz) scoring at least FUZZY_MIN.
    """
    before, after = before or "", after or ""
    if start is not None and end is not None and text[start:end] == quote:
        return "exact", start, end, 100.0
    spans = [(i, i + len(quote)) for i in occurrences(text, quote)]
    if spans:
        s, e = _best(text, spans, before, after, start)
        return ("exact" if start is None else "moved"), s, e, 100.0
    norm, where = _normalised(text)
    nquote = _normalised(quote)[0].strip()
    if not nquote:
        return "orphaned", None, None, 0.0
    spans = [(where[i], where[i + len(nquote) - 1] + 1) for i in occurrences(norm, nquote)]
    if spans:
        s, e = _best(text, spans, before, after, start)
        return "moved", s, e, 100.0
    if len(nquote) >= FUZZY_MIN_LENGTH and norm:
        found = fuzz.partial_ratio_alignment(nquote, norm, score_cutoff=FUZZY_MIN)
        if found is not None and found.dest_end > found.dest_start:
            s, e = where[found.dest_start], where[found.dest_end - 1] + 1
            return "fuzzy", s, e, round(float(found.score), 1)
    return "orphaned", None, None, 0.0


def document_texts(articles: pd.DataFrame) -> dict[str, str]:
    """Document id -> the annotated text (title, blank line, cleaned text) that offsets point into."""
    if articles is None or articles.empty:
        return {}
    return {str(r["id"]): annotated_text(r.get("title") if isinstance(r.get("title"), str) else None,
                                         r.get("text") or "")[0]
            for r in articles[["id", "title", "text"]].to_dict("records")}


def anchor(records: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The records with where each is now (anchor, start, end, score, current_text) in the documents of `articles`."""
    out = records.copy()
    if articles is not None and len(articles):  # the texts of the documents the records concern, not the corpus's
        articles = articles[articles["id"].astype(str).isin(set(records["doc_id"]))]
    texts = document_texts(articles)
    found = []
    for r in records.to_dict("records"):
        text = texts.get(r["doc_id"])
        if text is None:
            found.append(("not_in_corpus", None, None, None, None))
            continue
        if r["quote"] is None or (isinstance(r["quote"], float) and math.isnan(r["quote"])):
            found.append(("document", None, None, None, None))
            continue
        rs = None if pd.isna(r["recorded_start"]) else int(r["recorded_start"])
        re_ = None if pd.isna(r["recorded_end"]) else int(r["recorded_end"])
        how, s, e, score = locate(text, r["quote"], r["before"], r["after"], rs, re_)
        found.append((how, s, e, score, text[s:e] if s is not None else None))
    for k, col in enumerate(ANCHOR_COLUMNS):
        out[col] = pd.Series([f[k] for f in found], index=out.index, dtype=object)
    out["start"] = out["start"].astype("Int64")
    out["end"] = out["end"].astype("Int64")
    out["score"] = pd.to_numeric(out["score"], errors="coerce")
    return out


def orphans(records: pd.DataFrame) -> pd.DataFrame:
    """The records whose passage could not be found again: kept, not applied, listed for the analyst to re-anchor."""
    if "anchor" not in records.columns or records.empty:
        return empty_frame(["analyst", "file", "record", "doc_id", "kind", "what", "quote", "recorded_start"])
    df = records[records["anchor"] == "orphaned"]
    return pd.DataFrame({"analyst": df["analyst"], "file": df["file"], "record": df["record"], "doc_id": df["doc_id"],
                         "kind": df["kind"], "what": [describe(r) for r in df.to_dict("records")],
                         "quote": df["quote"], "recorded_start": df["recorded_start"]}).reset_index(drop=True)
