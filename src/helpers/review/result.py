"""The whole review of a corpus: the analysts' records read, anchored and merged, summed up for reading."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from helpers.config import resolve
from helpers.resources.codebook import load_codebook
from helpers.resources.kb import load_kb
from helpers.review.anchor import ANCHORS, anchor, orphans
from helpers.review.merge import merge
from helpers.review.read import check_names, describe, read_records
from helpers.store import Store


@dataclass
class Review:
    """The analysts' records for a corpus: anchored, applied, with the problems met and the merged tables."""

    folder: str
    records: pd.DataFrame
    problems: pd.DataFrame
    tables: dict[str, pd.DataFrame]

    @property
    def orphans(self) -> pd.DataFrame:
        """The records that could not be found again (kept, not applied)."""
        return orphans(self.records)

    def summary(self) -> str:
        """One line: how many records by how many analysts, how they were anchored, the problems."""
        return summary(self.records, self.problems, self.folder)


def _tables(store_or_tables, corpus=None) -> dict[str, pd.DataFrame]:
    """The machine's tables for `corpus` from a Store, a store file, or a dict of tables as given."""
    if isinstance(store_or_tables, Mapping):
        return dict(store_or_tables)
    if isinstance(store_or_tables, Store):
        return store_or_tables.tables(corpus)
    with Store(store_or_tables, read_only=True) as s:
        return s.tables(corpus)


def _knowledge(kb=None, codebook=None):
    """The knowledge base and codebook: as given, loaded from a path, or the shipped ones."""
    if kb is None or isinstance(kb, (str, os.PathLike)):
        kb = load_kb(resolve(kb) if kb else None)
    if codebook is None or isinstance(codebook, (str, os.PathLike)):
        codebook = load_codebook(resolve(codebook) if codebook else None)
    return kb, codebook


def review(store_or_tables, corpus=None, folder: str | os.PathLike | None = None, kb=None,
           codebook=None, read=None) -> Review:
    """Read the analysts' files, anchor them on the documents of `corpus` and merge the corrections.

    `folder` defaults to annotations/; the machine's tables come from a Store, a store file or a
    dict of tables. `kb` and `codebook` (objects or YAML paths; the shipped ones by default) name the valid actors
    and themes: a correction naming another is applied as written, with a warning. `read`: what
    `read_records(folder)` returned, where the caller has read it already.
    """
    tables = _tables(store_or_tables, corpus)
    records, problems = read if read is not None else read_records(folder)
    if len(records):
        kb, codebook = _knowledge(kb, codebook)
        names = check_names(records, kb, codebook)
        if len(names):
            problems = pd.concat([problems, names], ignore_index=True) if len(problems) else names
    records = anchor(records, tables["articles"])
    merged, records = merge(tables, records, kb)
    shown = str(folder) if folder is not None else "annotations/"
    return Review(shown, records, problems, merged)


def merged_tables(store_or_tables, corpus=None, folder: str | os.PathLike | None = None) -> dict[str, pd.DataFrame]:
    """The tables of `Store.tables(corpus)` with the analysts' corrections applied.

    Every annotation table has `decided_by` ("machine" or the analyst).
    """
    return review(store_or_tables, corpus, folder).tables


def summary(records: pd.DataFrame, problems: pd.DataFrame, folder: str = "annotations/") -> str:
    """One line on the analysts' records: how many, by whom, how they were anchored, the problems."""
    errors = int((problems["severity"] == "error").sum()) if len(problems) else 0
    warnings = len(problems) - errors
    issues = ""
    if len(problems):
        issues = f"; {errors} bad record{'s' * (errors != 1)} or file{'s' * (errors != 1)} not loaded" if errors else ""
        issues += f"; {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
    if records.empty:
        return f"No analysts' annotations yet: add YAML or CSV files to {folder} (see annotations/README.md){issues}."
    analysts = records["analyst"].nunique()
    if "anchor" in records.columns:
        counts = records["anchor"].value_counts()
        how = ", ".join(f"{int(counts[a])} {a.replace('_', ' ')}" for a in ANCHORS if a in counts)
    else:
        how = "not anchored on any document (give a store to anchor them)"
    n = len(records)
    return (f"{n} record{'s' * (n != 1)} by {analysts} analyst{'s' * (analysts != 1)} in "
            f"{records['file'].nunique()} file{'s' * (records['file'].nunique() != 1)}: {how}{issues}.")


def records_table(records: pd.DataFrame, max_quote: int = 80) -> pd.DataFrame:
    """The records for reading: analyst, document, what it says, the quote, how it was anchored, the outcome."""
    cols = ["analyst", "doc_id", "what", "quote", "anchor", "start", "end", "outcome"]
    if records.empty:
        return pd.DataFrame(columns=cols)
    df = records.sort_values(["doc_id", "start", "analyst", "file", "record"], kind="stable", na_position="first")
    quote = df["quote"].fillna("").astype(str).map(lambda q: q if len(q) <= max_quote else q[: max_quote - 3] + "...")
    return pd.DataFrame({"analyst": df["analyst"], "doc_id": df["doc_id"],
                         "what": [describe(r) for r in df.to_dict("records")], "quote": quote,
                         "anchor": df["anchor"], "start": df["start"], "end": df["end"],
                         "outcome": df["outcome"].fillna("")}).reset_index(drop=True)


def first_annotated(records: pd.DataFrame, articles: pd.DataFrame):
    """The first document of the corpus that an analyst's record concerns, else the first document (None if none)."""
    if articles.empty:
        return None
    if len(records):
        have = set(records.loc[records["anchor"] != "not_in_corpus", "doc_id"])
        for doc_id in articles["id"]:
            if str(doc_id) in have:
                return doc_id
    return articles["id"].iloc[0]
