"""One document: its metadata, annotated text and annotation tables, and those tables laid out for reading."""

from __future__ import annotations

import pandas as pd

from helpers.analysis.tables import format_number
from helpers.annotate import annotated_text


def document(tables: dict[str, pd.DataFrame], article_id: str | None = None) -> dict:
    """One document's metadata, annotated text and annotation tables (the first document by default).

    Returns an empty document (id None, empty tables) when the corpus has no documents; raises
    KeyError when `article_id` is not in the corpus.
    """
    arts = tables["articles"]
    if article_id is not None:
        match = arts[arts["id"].astype(str) == str(article_id)]
        if match.empty:
            raise KeyError(f"article_id {article_id!r} is not in this corpus ({len(arts)} documents)")
        row = match.iloc[0].to_dict()
    elif len(arts):
        row = arts.iloc[0].to_dict()
    else:
        row = {}
    doc_id = row.get("id")
    text = annotated_text(row.get("title"), row.get("text") or "")[0] if row else ""
    out = {"id": doc_id, "meta": {k: v for k, v in row.items() if k not in ("raw", "text", "offsets")},
           "text": text}
    for name, df in tables.items():
        if name == "articles":
            continue
        part = df[df["doc_id"] == doc_id] if doc_id is not None else df.iloc[0:0]
        sort = [c for c in ("start", "end", "theme") if c in part.columns]
        out[name] = part.sort_values(sort, kind="stable").reset_index(drop=True) if sort else part.reset_index(drop=True)
    return out


def statements_table(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements in text order: speaker, first words, kind, how the speaker was attributed."""
    cols = ["speaker", "first_words", "kind", "how_attributed"]
    if statements.empty:
        return pd.DataFrame(columns=cols)
    df = statements.sort_values(["doc_id", "start", "end"], kind="stable")
    return pd.DataFrame({
        "speaker": df["speaker"].fillna("(not found)").astype(str).to_numpy(),
        "first_words": df["first_words"].fillna("").astype(str).to_numpy(),
        "kind": df["kind"].astype(str).to_numpy(),
        "how_attributed": df["via"].fillna("").astype(str).to_numpy(),
    })


def actors_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per canonical actor: type, number of mentions, the surface forms seen; most mentioned first."""
    cols = ["actor", "type", "mentions", "surface_forms"]
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for actor, g in mentions.groupby("actor", sort=True):
        forms = g["text"].astype(str).value_counts()
        forms = forms.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
        rows.append({"actor": actor, "type": g["type"].dropna().iloc[0] if g["type"].notna().any() else None,
                     "mentions": len(g), "surface_forms": ", ".join(f"{f} ({n})" for f, n in forms.items())})
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["mentions", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)


def figures_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures in text order: the text as written, the value it stands for, the unit."""
    cols = ["text", "value", "unit"]
    if figures.empty:
        return pd.DataFrame(columns=cols)
    df = figures.sort_values(["doc_id", "start", "end"], kind="stable")
    return pd.DataFrame({"text": df["text"].astype(str).to_numpy(),
                         "value": [format_number(v) for v in df["value"]],
                         "unit": df["unit"].fillna("").astype(str).to_numpy()})


def dates_table(dates: pd.DataFrame) -> pd.DataFrame:
    """Date expressions in text order: the text, the date it resolves to, the granularity."""
    cols = ["text", "date", "granularity"]
    if dates.empty:
        return pd.DataFrame(columns=cols)
    df = dates.sort_values(["doc_id", "start", "end"], kind="stable")
    return pd.DataFrame({"text": df["text"].astype(str).to_numpy(),
                         "date": df["date"].fillna("(unresolved)").astype(str).to_numpy(),
                         "granularity": df["granularity"].fillna("-").astype(str).to_numpy()})


def doc_themes_table(doc_themes: pd.DataFrame) -> pd.DataFrame:
    """Themes scored in a document: score, threshold, whether present; present first, then by score."""
    cols = ["theme", "score", "threshold", "present"]
    if doc_themes.empty:
        return pd.DataFrame(columns=cols)
    df = doc_themes.reindex(columns=cols).copy()
    df["present"] = df["present"].map({True: "yes", False: "no"}).fillna("no")
    df = df.sort_values(["present", "score", "theme"], ascending=[False, False, True], kind="stable")
    df["score"] = [format_number(v) for v in df["score"]]
    df["threshold"] = [format_number(v) for v in df["threshold"]]
    return df.reset_index(drop=True)


def theme_evidence(theme_hits: pd.DataFrame) -> pd.DataFrame:
    """The sentences behind each theme: theme, sentence, the terms that fired, the sentence's score."""
    cols = ["theme", "sentence", "terms", "score"]
    if theme_hits.empty:
        return pd.DataFrame(columns=cols)
    df = theme_hits.sort_values(["theme", "start"], kind="stable")
    return pd.DataFrame({"theme": df["theme"].to_numpy(), "sentence": df["sentence"].to_numpy(),
                         "terms": df["terms"].to_numpy(), "score": [format_number(v) for v in df["score"]]})
