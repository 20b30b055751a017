"""The records exported with their passages in the current text, as CSV, JSON or JSON lines."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from helpers.config import ANNOTATIONS_DIR, resolve
from helpers.review.read import AnnotationError, has_value

EXPORT_COLUMNS = ["doc_id", "kind", "code", "value", "target", "action", "note", "start", "end", "quote", "before",
                  "after", "anchor", "analyst", "at", "outcome", "file", "record"]


def export_table(records: pd.DataFrame, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """The records as exported, with their passage in the current text, how each was anchored and its outcome.

    Codes, notes and corrections, unless `kinds` limits them; the passage is its start, end,
    quote and context.
    """
    df = records if kinds is None else records[records["kind"].isin(list(kinds))]
    out = df.reindex(columns=EXPORT_COLUMNS)
    return out.sort_values(["doc_id", "start", "analyst", "file", "record"], kind="stable",
                           na_position="first").reset_index(drop=True)


def export(records: pd.DataFrame, path: str | os.PathLike, kinds: Iterable[str] | None = None) -> Path:
    """Write the records as CSV (.csv), a JSON list (.json) or JSON lines (.jsonl), by the file's suffix."""
    return write_table(export_table(records, kinds), Path(path))


def write_table(df: pd.DataFrame, path: Path) -> Path:
    """Write an export table as CSV, a JSON list or JSON lines, by the file's suffix (see `export`)."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json", ".jsonl"):
        raise AnnotationError(f"{path.name}: write .csv, .json or .jsonl")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        df.to_csv(path, index=False)
        return path
    rows = [{k: (None if not has_value(v) else int(v) if k in ("start", "end", "record") else v)
             for k, v in r.items()} for r in df.astype(object).to_dict("records")]
    with open(path, "w", encoding="utf-8") as f:
        if suffix == ".json":
            json.dump(rows, f, ensure_ascii=False, indent=1)
            f.write("\n")
        else:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def export_folder(option: str | None, disabled: bool = False) -> Path | None:
    """The annotations folder the command line merges: the one named, else annotations/ at the project root.

    None when disabled, or when no folder is named and annotations/ does not exist.
    """
    if disabled:
        return None
    if option:
        return resolve(option)
    return ANNOTATIONS_DIR if ANNOTATIONS_DIR.is_dir() else None
