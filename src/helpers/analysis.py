"""Queries the notebooks share: loading a corpus from the store, summaries, per-document tables.

Every function takes and returns DataFrames or plain values, sorted so that printed output is
the same from run to run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from helpers.config import resolve

METADATA_COLUMNS = ["id", "title", "outlet", "date", "language", "translated_from", "source", "words"]


# --------------------------------------------------------------------------- loading


def store_path(store: str | os.PathLike) -> Path:
    """Where a store file is: absolute, relative to the working directory (when its folder exists there), or to the project root."""
    p = Path(store).expanduser()
    if p.is_absolute():
        return p
    here = Path.cwd() / p
    if here.exists() or here.parent.is_dir():
        return here.resolve()
    return resolve(p)


def check_corpus(corpus) -> None:
    """Raise FileNotFoundError naming every corpus path that does not exist."""
    paths = [corpus] if isinstance(corpus, (str, os.PathLike)) else list(corpus)
    if not paths:
        raise FileNotFoundError("no corpus given: name a file, a folder or a list of them")
    missing = [str(p) for p in paths if not resolve(p).exists()]
    if missing:
        raise FileNotFoundError(f"corpus not found: {', '.join(missing)} (a file, a folder or a list of them)")


def load_corpus(corpus, store, codebook: str | None = None, actors: str | None = None,
                since: str | None = None, until: str | None = None, max_articles: int | None = None,
                progress: bool = False):
    """Bring the store up to date with `corpus`; return (tables for the corpus, update stats)."""
    from helpers.store import Store

    check_corpus(corpus)
    annotator = None
    if codebook or actors:
        from helpers.annotate import Annotator
        from helpers.kb import load_kb
        from helpers.themes import load_codebook

        annotator = Annotator(load_kb(resolve(actors) if actors else None),
                              load_codebook(resolve(codebook) if codebook else None))
    with Store(store_path(store)) as s:
        stats = s.update(corpus, annotator=annotator, max_articles=max_articles, progress=progress)
        tables = s.tables(corpus)
    return between(tables, since, until), stats


def describe_update(stats) -> str:
    """One line on the corpus brought up to date (not how much work that took, so it reads the same every run)."""
    return (f"{stats.documents:,} document{'s' * (stats.documents != 1)} in the corpus, "
            f"{stats.problems:,} loading problem{'s' * (stats.problems != 1)}; the store is up to date.")


def between(tables: dict[str, pd.DataFrame], since: str | None = None,
            until: str | None = None) -> dict[str, pd.DataFrame]:
    """The tables limited to articles dated from `since` to `until` (ISO dates, inclusive)."""
    if not since and not until:
        return tables
    arts = tables["articles"]
    keep = arts["date"].notna()
    if since:
        keep &= arts["date"].astype(str) >= str(since)
    if until:
        keep &= arts["date"].astype(str).str[: len(str(until))] <= str(until)
    ids = set(arts.loc[keep, "id"])
    out = {"articles": arts[keep].reset_index(drop=True)}
    for name, df in tables.items():
        if name == "articles":
            continue
        if name == "problems":
            out[name] = df[df["doc_id"].isna() | df["doc_id"].isin(ids)].reset_index(drop=True)
        else:
            out[name] = df[df["doc_id"].isin(ids)].reset_index(drop=True)
    return out


# --------------------------------------------------------------------------- the corpus


def _words(articles: pd.DataFrame) -> pd.Series:
    if "words" in articles and articles["words"].notna().all():
        return articles["words"].astype(int)
    text = articles["text"].fillna("") if "text" in articles else pd.Series("", index=articles.index)
    title = articles["title"].fillna("") if "title" in articles else pd.Series("", index=articles.index)
    return (text.str.split().str.len() + title.str.split().str.len()).fillna(0).astype(int)


def corpus_summary(articles: pd.DataFrame, problems: pd.DataFrame) -> pd.DataFrame:
    """One row per measure (documents, words, dates, outlets, languages, problems), values as text."""
    n = len(articles)
    words = int(_words(articles).sum()) if n else 0
    dates = articles["date"].dropna().astype(str).sort_values() if n else pd.Series(dtype=str)
    severity = problems["severity"].value_counts() if len(problems) else pd.Series(dtype=int)
    rows = [
        ("documents", f"{n:,}"),
        ("words", f"{words:,}"),
        ("words per document (median)", f"{int(_words(articles).median()):,}" if n else "-"),
        ("documents with a date", f"{len(dates):,}"),
        ("date range", f"{dates.iloc[0]} to {dates.iloc[-1]}" if len(dates) else "-"),
        ("outlets", f"{articles['outlet'].nunique():,}" if n else "0"),
        ("languages", ", ".join(sorted(articles["language"].dropna().astype(str).unique())) or "-" if n else "-"),
        ("translated", f"{int(articles['translated_from'].notna().sum()):,}" if n else "0"),
        ("problems", f"{len(problems):,} ({int(severity.get('error', 0))} errors, "
                     f"{int(severity.get('warning', 0))} warnings)"),
    ]
    return pd.DataFrame(rows, columns=["measure", "value"])


def metadata_table(articles: pd.DataFrame) -> pd.DataFrame:
    """The articles' metadata without their text, one row per document, in corpus order."""
    df = articles.copy()
    df["words"] = _words(df) if len(df) else pd.Series(dtype=int)
    return df.reindex(columns=METADATA_COLUMNS).reset_index(drop=True)


def lengths(articles: pd.DataFrame) -> pd.DataFrame:
    """Words and characters per document (title included)."""
    if articles.empty:
        return pd.DataFrame({"id": [], "words": [], "characters": []}).astype({"words": int, "characters": int})
    chars = articles["text"].fillna("").str.len() + articles["title"].fillna("").str.len()
    return pd.DataFrame({"id": articles["id"].to_numpy(), "words": _words(articles).to_numpy(),
                         "characters": chars.astype(int).to_numpy()})


def length_figure(lengths_df: pd.DataFrame, bins: int = 30):
    """A histogram of words per document (a matplotlib Figure), or None when there are no documents."""
    if lengths_df.empty:
        return None
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 3.2), dpi=90)
    ax = fig.subplots()
    ax.hist(lengths_df["words"], bins=max(1, min(bins, len(lengths_df))), color="#4c72b0", edgecolor="white")
    ax.set_title(f"Document lengths ({len(lengths_df):,} documents)")
    ax.set_xlabel("words per document (title included)")
    ax.set_ylabel("documents")
    fig.tight_layout()
    return fig


def problems_table(problems: pd.DataFrame) -> pd.DataFrame:
    """The problems met loading and annotating, errors first, then by source and line."""
    cols = ["severity", "kind", "source", "line", "doc_id", "message"]
    if problems.empty:
        return pd.DataFrame(columns=cols)
    df = problems.reindex(columns=cols).copy()
    df["_rank"] = (df["severity"] != "error").astype(int)
    return df.sort_values(["_rank", "source", "line", "kind"], na_position="last", kind="stable") \
        .drop(columns="_rank").reset_index(drop=True)


# --------------------------------------------------------------------------- one document


def document(tables: dict[str, pd.DataFrame], article_id: str | None = None) -> dict:
    """One document's metadata, annotated text and annotation tables (the first document by default).

    Returns an empty document (id None, empty tables) when the corpus has no documents; raises
    KeyError when `article_id` is not in the corpus.
    """
    from helpers.annotate import annotated_text

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


def as_text(df: pd.DataFrame, empty: str = "No rows.", max_rows: int | None = 200, max_colwidth: int = 70) -> str:
    """A table as plain text for printing (a one-line message when it is empty)."""
    if df is None or df.empty:
        return empty
    shown = df if max_rows is None else df.head(max_rows)
    cells = shown.astype(object).where(shown.notna(), "-").astype(str)
    cells = cells.apply(lambda col: col.map(lambda v: " ".join(v.split()) or "-"))  # one line per row
    cells = cells.apply(lambda col: col.map(lambda v: v if len(v) <= max_colwidth else v[: max_colwidth - 3] + "..."))
    columns = []
    for col in cells.columns:  # text left-aligned, numbers right-aligned, two spaces between columns
        values = [str(col), *cells[col]]
        width = max(len(v) for v in values)
        numeric = pd.api.types.is_numeric_dtype(shown[col]) and not pd.api.types.is_bool_dtype(shown[col])
        columns.append([v.rjust(width) if numeric else v.ljust(width) for v in values])
    text = "\n".join("  ".join(row).rstrip() for row in zip(*columns))
    if len(shown) < len(df):
        text += f"\n({len(df) - len(shown)} more rows not shown)"
    return text


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


def format_number(value) -> str:
    """A number as text: thousands separated, no trailing '.0', up to 4 significant decimals."""
    if value is None or pd.isna(value):
        return "-"
    v = float(value)
    if v.is_integer():
        return f"{int(v):,}"
    return f"{v:,.4g}" if abs(v) < 1000 else f"{v:,.2f}"


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


def theme_prevalence(doc_themes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per theme: documents where it is present, their share of the corpus, documents with any evidence."""
    cols = ["theme", "documents", "share", "with_evidence"]
    if doc_themes.empty:
        return pd.DataFrame(columns=cols)
    n = max(len(articles), 1)
    g = doc_themes.groupby("theme", sort=True)
    df = pd.DataFrame({"documents": g["present"].sum().astype(int), "with_evidence": g["doc_id"].nunique()})
    df["share"] = [f"{v / n:.0%}" for v in df["documents"]]
    df = df.reset_index().reindex(columns=cols)
    return df.sort_values(["documents", "theme"], ascending=[False, True], kind="stable").reset_index(drop=True)
