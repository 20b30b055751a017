"""The corpus: loading it from the store (analysts' records merged over it), summary, metadata, lengths, problems."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from helpers import review
from helpers.annotate import annotator_for
from helpers.config import PROJ_ROOT, resolve
from helpers.store import Store, UpdateStats

METADATA_COLUMNS = ["id", "title", "outlet", "date", "language", "translated_from", "source", "words"]


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


def _named_paths(corpus) -> list[tuple[str, str]]:
    """(real path, path as named) for each corpus path, and for the folder a file stands in (an id list's files)."""
    pairs = []
    for c in [corpus] if isinstance(corpus, (str, os.PathLike)) else list(corpus):
        real, p = resolve(c), Path(c).expanduser()
        named = os.path.normpath(p if p.is_absolute() or (Path.cwd() / p).exists() else PROJ_ROOT / p)
        named = os.path.abspath(named)
        pairs.append((str(real), named))
        if real.is_file():
            pairs.append((str(real.parent), os.path.dirname(named)))
    return pairs


def shown_sources(corpus, sources: pd.Series) -> pd.Series:
    """The `source` of each row as the user named the corpus, relative to the project.

    The loader follows symbolic links; a corpus reached through one (`../shared` linked elsewhere)
    is shown by the link's path, not by the path out of the project and back in.
    """
    pairs = _named_paths(corpus)

    def named(source):
        if not isinstance(source, str) or not source:
            return source
        real = os.path.normpath(os.path.join(PROJ_ROOT, source))
        for inner, outer in pairs:
            if real == inner or real.startswith(inner.rstrip(os.sep) + os.sep):
                return os.path.relpath(outer + real[len(inner):], PROJ_ROOT).replace(os.sep, "/")
        return source

    return sources.map({s: named(s) for s in sources.dropna().unique()}).where(sources.notna(), sources)


def load_corpus(corpus, store, codebook: str | None = None, actors: str | None = None,
                since: str | None = None, until: str | None = None, max_articles: int | None = None,
                progress: bool = False, annotations=None,
                lexicons: str | None = None) -> tuple[dict[str, pd.DataFrame], UpdateStats]:
    """Bring the store up to date with `corpus`; return (tables for the corpus, update stats).

    Where analysts have records under `annotations` (default: the project's annotations/ folder),
    the tables are the merged view: their corrections applied, `decided_by` on every annotation.
    `annotations=False`: the annotator's output alone (what the analysts' records are compared with).
    """
    check_corpus(corpus)
    annotator = annotator_for(resolve(actors) if actors else None, resolve(codebook) if codebook else None,
                              resolve(lexicons) if lexicons else None)
    with Store(store_path(store)) as s:
        stats = s.update(corpus, annotator=annotator, max_articles=max_articles, progress=progress)
        tables = s.tables(corpus)
    read = review.read_records(annotations) if annotations is not False else None
    if read is not None and len(read[0]):
        tables = review.review(tables, folder=annotations, kb=resolve(actors) if actors else None,
                               codebook=resolve(codebook) if codebook else None, read=read).tables
    for name in ("articles", "problems"):
        if "source" in tables[name]:
            tables[name] = tables[name].assign(source=shown_sources(corpus, tables[name]["source"]))
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


def problems_table(problems: pd.DataFrame) -> pd.DataFrame:
    """The problems met loading and annotating, errors first, then by source and line."""
    cols = ["severity", "kind", "source", "line", "doc_id", "message"]
    if problems.empty:
        return pd.DataFrame(columns=cols)
    df = problems.reindex(columns=cols).copy()
    df["_rank"] = (df["severity"] != "error").astype(int)
    return df.sort_values(["_rank", "source", "line", "kind"], na_position="last", kind="stable") \
        .drop(columns="_rank").reset_index(drop=True)
