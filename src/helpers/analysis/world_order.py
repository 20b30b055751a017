"""World-order terms: every sentence using them, who says them, where and when."""

from __future__ import annotations

import re

import pandas as pd

from helpers.analysis.sources import document_info, document_language, document_words
from helpers.analysis.speakers import speech_units
from helpers.config import resolve
from helpers.resources.lexicons import load_lexicons

# The shipped lexicons' world-order terms and their short headers, for the callers that list them.
WORLD_ORDER_TERMS = load_lexicons().world_order_terms
TERM_SHORT = load_lexicons().term_short


def term_uses(sentences: pd.DataFrame, statements: pd.DataFrame, articles: pd.DataFrame,
              terms: dict[str, str] | None = None, lexicons: str | None = None,
              kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every sentence using each world-order term, with who says it, where and when.

    The term, who says it (the speaker of the turn, quotation or reported statement it lies in, else
    "(narration)") and in what kind of statement, the document's source group, outlet and year, the sentence.
    `kinds` (of "quote", "turn", "indirect") keeps the sentences of statements of those kinds and leaves
    the others out; narration, the document's own voice, is kept either way.
    """
    terms = terms or load_lexicons(resolve(lexicons) if lexicons else None).world_order_terms
    cols = ["term", "doc_id", "sent", "date", "year", "speaker", "kind", "group", "outlet", "sentence"]
    if sentences.empty:
        return pd.DataFrame(columns=cols)
    pattern = "|".join(f"(?:{p})" for p in terms.values())
    cand = sentences[sentences["text"].str.contains(rf"(?<!\w)(?:{pattern})", case=False, regex=True)]
    if cand.empty:
        return pd.DataFrame(columns=cols)
    units = speech_units(cand, statements)
    speaker, kind = {}, {}
    for u in units.itertuples(index=False):  # a turn wins over a quotation inside the sentence only if no quote speaker
        key = (u.doc_id, u.sent)
        if u.kind != "turn" or key not in speaker:
            speaker[key], kind[key] = u.speaker, u.kind
    info = document_info(articles).set_index("id")
    rows = []
    for s in cand.itertuples(index=False):
        for term, p in terms.items():
            if re.search(rf"(?<!\w)(?:{p})", s.text, re.IGNORECASE):
                rows.append({"term": term, "doc_id": s.doc_id, "sent": int(s.sent),
                             "speaker": speaker.get((s.doc_id, s.sent), "(narration)"),
                             "kind": kind.get((s.doc_id, s.sent), "narration"),
                             "sentence": " ".join(str(s.text).split())})
    df = pd.DataFrame(rows, columns=["term", "doc_id", "sent", "speaker", "kind", "sentence"])
    if kinds is not None:
        df = df[df["kind"].isin([*kinds, "narration"])]
    df["date"] = df["doc_id"].map(info["date"])
    df["year"] = df["doc_id"].map(info["year"])
    df["group"] = df["doc_id"].map(info["group"])
    df["outlet"] = df["doc_id"].map(info["outlet"])
    order = {t: i for i, t in enumerate(terms)}
    df = df.assign(_o=df["term"].map(order)).sort_values(["_o", "date", "doc_id", "sent"], kind="stable",
                                                          na_position="last")
    return df.drop(columns="_o").reset_index(drop=True)[cols]


def uses_by(uses: pd.DataFrame, by: str, top: int = 12, terms: dict[str, str] | None = None,
            lexicons: str | None = None) -> pd.DataFrame:
    """Sentences using each term per `by` (speaker, group, outlet or year): one row per value, most uses first."""
    lex = load_lexicons(resolve(lexicons) if lexicons else None)
    terms = list(terms or lex.world_order_terms)
    if uses.empty:
        return pd.DataFrame(columns=[by, "total", *[lex.term_short.get(t, t) for t in terms]])
    df = uses.dropna(subset=[by])
    table = pd.crosstab(df[by].astype(str), df["term"]).reindex(columns=terms, fill_value=0)
    table = table.rename(columns=lex.term_short)
    sentences = df.drop_duplicates(["doc_id", "sent"]).groupby(df[by].astype(str)).size()
    table.insert(0, "total", sentences.reindex(table.index).fillna(0).astype(int))
    if by == "year":
        table = table.sort_index()
    else:
        table = table.sort_index(kind="stable").sort_values("total", ascending=False, kind="stable").head(top)
    table.index.name = by
    table.columns.name = None
    return table.reset_index()


def term_summary(uses: pd.DataFrame, terms: dict[str, str] | None = None, lexicons: str | None = None) -> pd.DataFrame:
    """Per world-order term: sentences and documents using it, distinct speakers, first and last date."""
    cols = ["term", "sentences", "documents", "speakers", "first", "last"]
    terms = list(terms or load_lexicons(resolve(lexicons) if lexicons else None).world_order_terms)
    rows = []
    for t in terms:
        g = uses[uses["term"] == t] if not uses.empty else uses
        named = g[g["speaker"] != "(narration)"] if len(g) else g
        dates = g["date"].dropna() if len(g) else pd.Series(dtype=str)
        rows.append({"term": t, "sentences": len(g), "documents": int(g["doc_id"].nunique()) if len(g) else 0,
                     "speakers": int(named["speaker"].nunique()) if len(named) else 0,
                     "first": dates.min() if len(dates) else "-", "last": dates.max() if len(dates) else "-"})
    return pd.DataFrame(rows, columns=cols)


def term_examples(uses: pd.DataFrame, per: int = 2) -> pd.DataFrame:
    """Example sentences for each term: the earliest ones, from different documents where possible."""
    cols = ["term", "date", "speaker", "group", "doc_id", "sentence"]
    if uses.empty:
        return pd.DataFrame(columns=cols)
    first = uses.drop_duplicates(["term", "doc_id"])
    rest = uses.drop(first.index)
    picked = pd.concat([first, rest]).groupby("term", sort=False).head(per)
    order = {t: i for i, t in enumerate(uses["term"].drop_duplicates())}
    picked = picked.assign(_o=picked["term"].map(order)).sort_values(["_o", "date", "doc_id", "sent"],
                                                                     kind="stable", na_position="last")
    return picked[cols].reset_index(drop=True)


def theme_rates(theme_hits: pd.DataFrame, articles: pd.DataFrame, theme: str = "world_order",
                by: tuple[str, ...] = ("language",)) -> pd.DataFrame:
    """Per group of documents (language, outlet, or both: `by`): a theme's evidence sentences per 1,000 words.

    Documents, their words (two Chinese or Japanese characters count as a word), the theme's evidence
    sentences (hits), hits per 1,000 words and the documents with at least one hit; most frequent first.
    """
    by = list(by)
    cols = [*by, "documents", "words", "hits", "per_1000_words", "documents_with_hits"]
    info = document_info(articles)
    if info.empty:
        return pd.DataFrame(columns=cols)
    docs = info.assign(language=document_language(articles).to_numpy(), words=document_words(articles).to_numpy())
    hits = theme_hits[theme_hits["theme"] == theme] if not theme_hits.empty else theme_hits
    per_doc = hits.groupby("doc_id").size() if not hits.empty else pd.Series(dtype=int)
    docs = docs.assign(hits=docs["id"].map(per_doc).fillna(0).astype(int))
    g = docs.groupby(by, sort=True)
    out = pd.DataFrame({"documents": g.size(), "words": g["words"].sum(), "hits": g["hits"].sum(),
                        "documents_with_hits": g["hits"].apply(lambda h: int((h > 0).sum()))}).reset_index()
    out["per_1000_words"] = [round(1000 * h / w, 2) if w else 0.0 for h, w in zip(out["hits"], out["words"])]
    out = out.sort_values(["per_1000_words", *by], ascending=[False, *[True] * len(by)], kind="stable")
    return out.reset_index(drop=True)[cols]
