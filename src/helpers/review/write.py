"""New records made from a passage and appended to their analyst's YAML file."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from helpers.config import ANNOTATIONS_DIR, resolve
from helpers.review.anchor import occurrences
from helpers.review.read import FIELDS, AnnotationError, validate

CONTEXT = 40  # characters of context kept before and after a quote


def make_record(text: str, doc_id, quote: str, kind: str, analyst: str, occurrence: int = 1,
                now: str | None = None, **fields) -> dict:
    """A record for the passage `quote`, its `occurrence`-th appearance in the annotated `text` of `doc_id`.

    The record holds the offsets, the context, the kind, the given fields (code, value, target,
    action, note), the analyst and the time. Raises AnnotationError when the passage is not in the
    text or the record is not valid.
    """
    if not quote:
        raise AnnotationError("no passage given: paste the words exactly as they appear in the document")
    found = occurrences(text, quote)
    if not found:
        raise AnnotationError(f"the passage {quote[:60]!r} is not in document {doc_id} (copy it exactly)")
    if not 1 <= occurrence <= len(found):
        raise AnnotationError(f"the passage occurs {len(found)} time{'s' * (len(found) != 1)} in document "
                              f"{doc_id}; occurrence {occurrence} does not exist")
    s = found[occurrence - 1]
    e = s + len(quote)
    at = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    rec = {"doc": str(doc_id), "start": s, "end": e, "quote": quote, "before": text[max(0, s - CONTEXT):s],
           "after": text[e:e + CONTEXT], "kind": kind}
    rec.update({k: v for k, v in fields.items() if k in FIELDS and (v not in (None, "") or k == "value")})
    if kind != "correction" or rec.get("target") != "speaker":
        if rec.get("value") in (None, ""):
            rec.pop("value", None)
    rec.update(analyst=analyst, at=at)
    _, errors, _ = validate(rec, analyst)
    if errors:
        raise AnnotationError("; ".join(errors))
    return rec


def analyst_file(folder: str | os.PathLike | None, analyst: str) -> Path:
    """The YAML file of `analyst` under `folder` (default annotations/): their name made safe for a file name."""
    name = re.sub(r"[^\w.-]+", "_", analyst.strip()).strip("._") or "analyst"
    base = resolve(folder) if folder is not None else ANNOTATIONS_DIR
    return base / f"{name}.yaml"


class _Dumper(yaml.SafeDumper):
    """YAML that keeps a record's text on one line: a string with line breaks is written double-quoted ("\\n")."""


def _text_representer(dumper: yaml.SafeDumper, value: str):
    """A string as YAML: double-quoted when it holds a line break, else as PyYAML would write it."""
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if "\n" in value else None)


_Dumper.add_representer(str, _text_representer)


def append_record(folder: str | os.PathLike | None, record: Mapping) -> Path:
    """Append `record` to its analyst's YAML file (created when missing); the file's text is kept as it is."""
    analyst = record.get("analyst")
    if not analyst:
        raise AnnotationError("a record needs its analyst")
    _, errors, _ = validate(record, analyst)
    if errors:
        raise AnnotationError("; ".join(errors))
    path = analyst_file(folder, analyst)
    path.parent.mkdir(parents=True, exist_ok=True)
    block = yaml.dump([dict(record)], Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    if path.exists():
        existing = path.read_text(encoding="utf-8")
        if existing.strip():
            data = yaml.safe_load(existing)
            if data is not None and not isinstance(data, list):
                raise AnnotationError(f"{path.name} is not a list of records; fix it before adding to it")
        prefix = "" if not existing or existing.endswith("\n") else "\n"
        with open(path, "a", encoding="utf-8") as f:
            f.write(prefix + block)
    else:
        path.write_text(f"# Codes, notes and corrections by {analyst} (see annotations/README.md).\n" + block,
                        encoding="utf-8")
    return path
