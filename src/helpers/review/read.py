"""Analysts' records read from their files: the record format, validation, and the problems found.

Analysts write records in files under `annotations/` at the project root (one file per analyst,
YAML or CSV, meant to be committed), by hand or with the JupyterLab coding form. A record names a
document, a passage (the quoted text, a little context before and after, and the character
offsets in the annotated text, the coordinates of the store's `mentions` and `statements`), its
kind (`code`, `note` or `correction`), what it says, who wrote it and when. A record that is not
valid becomes a problem naming the file, the record and its line, and the other records still load.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import yaml

from helpers.config import ANNOTATIONS_DIR, resolve
from helpers.resources.codebook import load_codebook
from helpers.resources.kb import load_kb

KINDS = ("code", "note", "correction")
# What a correction can concern, and what it can do to it.
TARGETS: dict[str, tuple[str, ...]] = {
    "speaker": ("set",),
    "actor": ("add", "remove", "set"),
    "theme": ("add", "remove"),
    "statement": ("add", "remove"),
}
SPAN_TARGETS = {"speaker", "actor", "statement"}  # corrections that need a passage
FIELDS = ["doc", "start", "end", "quote", "before", "after", "kind", "code", "value", "target", "action", "note",
          "analyst", "at"]
ALIASES = {"doc_id": "doc"}
SUFFIXES = (".yaml", ".yml", ".csv")
RECORD_COLUMNS = ["file", "record", "line", "analyst", "at", "doc_id", "kind", "code", "value", "target", "action",
                  "note", "quote", "before", "after", "recorded_start", "recorded_end"]
PROBLEM_COLUMNS = ["file", "record", "line", "severity", "kind", "message"]


class AnnotationError(ValueError):
    """A record that cannot be made or saved; the message says why."""


def empty_frame(columns: list[str]) -> pd.DataFrame:
    """An empty table with these columns, each of dtype object."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def _files(folder: Path) -> list[Path]:
    """The analysts' files under `folder` (or `folder` itself when it is a file), sorted."""
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _shown(path: Path, folder: Path) -> str:
    """A file as messages name it: relative to the folder's parent ("annotations/maria.yaml")."""
    try:
        return path.relative_to(folder.parent).as_posix()
    except ValueError:
        return path.name


def _text(value) -> str | None:
    """A scalar as text: None stays None, yes/no for booleans, ISO for dates."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def _offset(value):
    """An offset as an int, None when absent; a ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
        raise ValueError
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit():
            raise ValueError
    number = int(value)
    if number < 0:
        raise ValueError
    return number


def validate(raw, analyst: str) -> tuple[dict | None, list[str], list[str]]:
    """Check one record as read from a file: (the record, or None when it is not valid; errors; warnings).

    `analyst` is the file's analyst (its name without the suffix), used when the record names none.
    """
    errors: list[str] = []
    warnings: list[str] = []
    if not isinstance(raw, Mapping):
        return None, [f"is not a mapping of fields ({', '.join(FIELDS[:7])}, ...) but {type(raw).__name__} "
                      f"{str(raw)[:40]!r}"], []
    rec: dict = {}
    for key, value in raw.items():
        name = ALIASES.get(str(key), str(key))
        if name not in FIELDS:
            close = difflib.get_close_matches(str(key), FIELDS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            warnings.append(f"unknown field {key!r}{hint}: ignored")
            continue
        rec[name] = value
    kind = rec.get("kind")
    if kind is None or kind == "":
        errors.append(f"has no kind: give one of {', '.join(KINDS)}")
    elif kind not in KINDS:
        close = difflib.get_close_matches(str(kind), KINDS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        errors.append(f"kind {kind!r} is not one of {', '.join(KINDS)}{hint}")
    doc = _text(rec.get("doc"))
    if not doc or not doc.strip():
        errors.append("has no doc (the id of the document)")
    try:
        start, end = _offset(rec.get("start")), _offset(rec.get("end"))
    except (TypeError, ValueError):
        errors.append(f"start {rec.get('start')!r} and end {rec.get('end')!r} must be whole numbers, at least 0 "
                      "(character offsets into the annotated text)")
        start = end = None
    else:
        if (start is None) != (end is None):
            errors.append("has a start without an end, or an end without a start: give both or neither")
        elif start is not None and end <= start:
            errors.append(f"end {end} is not after start {start}")
    quote = rec.get("quote")
    if quote is not None and (not isinstance(quote, str) or not quote.strip()):
        errors.append(f"quote {quote!r} must be the quoted text (put it in quotation marks)")
        quote = None
    if quote is None and start is not None:
        errors.append("has offsets but no quote: copy the quoted text, so the passage can be found again when "
                      "the text changes")
    for name in ("before", "after"):
        if rec.get(name) is not None and not isinstance(rec[name], str):
            errors.append(f"{name} must be text (the words next to the quote)")
    target = action = None
    if kind == "code":
        if not _text(rec.get("code")) or not str(rec.get("code")).strip():
            errors.append("is a code without a code name (code: NAME)")
    elif kind == "note":
        if not _text(rec.get("note")) or not str(rec.get("note")).strip():
            errors.append("is a note without text (note: ...)")
    elif kind == "correction":
        target, action = rec.get("target"), rec.get("action")
        if target not in TARGETS:
            errors.append(f"target {target!r} is not one of {', '.join(TARGETS)}")
        elif action not in TARGETS[target]:
            errors.append(f"action {action!r} is not one of {', '.join(TARGETS[target])} for a {target} correction")
        else:
            if target in SPAN_TARGETS and quote is None:
                errors.append(f"a {target} correction needs the passage it corrects (quote, with start and end)")
            needs_value = (target == "theme") or (target == "actor" and action in ("add", "set"))
            if needs_value and not _text(rec.get("value")):
                what = "theme id" if target == "theme" else "actor's canonical name"
                errors.append(f"a {target} {action} correction needs a value (the {what})")
            if target == "speaker" and "value" not in rec:
                errors.append("a speaker correction needs a value: the speaker's name, or null for none")
    who = rec.get("analyst")
    if who is not None and (not isinstance(who, str) or not who.strip()):
        errors.append(f"analyst {who!r} must be a name")
    at = rec.get("at")
    if at is not None and not isinstance(at, (str, dt.date, dt.datetime)):
        errors.append(f"at {at!r} must be a date and time (YYYY-MM-DDTHH:MM:SS)")
    if errors:
        return None, errors, warnings
    return {
        "analyst": (who or analyst).strip(), "at": _text(at), "doc_id": doc.strip(), "kind": kind,
        "code": _text(rec.get("code")), "value": _text(rec.get("value")), "target": target, "action": action,
        "note": _text(rec.get("note")), "quote": quote, "before": rec.get("before") or "",
        "after": rec.get("after") or "", "recorded_start": start, "recorded_end": end,
    }, [], warnings


def _yaml_items(text: str) -> tuple[list, list[int | None]]:
    """The records of a YAML file and the line each starts on; ValueError when it is not a list."""
    data = yaml.safe_load(text)
    if data is None:
        return [], []
    if not isinstance(data, list):
        raise ValueError(f"holds a {type(data).__name__}, not a list of records (each record starts with '- ')")
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    lines = [n.start_mark.line + 1 for n in node.value] if isinstance(node, yaml.SequenceNode) else []
    return data, (lines + [None] * len(data))[: len(data)]


def _csv_items(text: str) -> tuple[list, list[int | None]]:
    """The rows of a CSV file as records (empty cells left out) and the line each ends on."""
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        return [], []
    if not {"doc", "doc_id"} & {(f or "").strip() for f in reader.fieldnames}:
        raise ValueError(f"has no doc column (columns: {', '.join(f or '(unnamed)' for f in reader.fieldnames)})")
    rows, lines = [], []
    for row in reader:
        extra = row.pop(None, None)
        rec = {k.strip(): v for k, v in row.items() if k and v not in (None, "")}
        if extra:
            rec["(extra cells)"] = extra
        if not rec:
            continue
        if rec.get("value", "").strip().lower() in ("null", "none", "~") and rec.get("target") == "speaker":
            rec["value"] = None
        rows.append(rec)
        lines.append(reader.line_num)
    return rows, lines


def read_records(folder: str | os.PathLike | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every valid record of the analysts' files under `folder`, in file order, and the problems found.

    `folder` defaults to annotations/ at the project root; a problem has a file, record, line,
    severity, kind and message. A folder that does not exist holds no records. A bad record is
    an error naming its file, its number and line, and the others still load; an unknown field
    is a warning.
    """
    folder = resolve(folder) if folder is not None else ANNOTATIONS_DIR
    rows: list[dict] = []
    problems: list[dict] = []
    for path in _files(folder):
        shown = _shown(path, folder)

        def unreadable(why: str, line: int | None = None) -> None:
            where = f"{shown}, line {line}" if line else shown
            problems.append({"file": shown, "record": None, "line": line, "severity": "error",
                             "kind": "unreadable_file", "message": f"{where}: {why}; none of its records loaded"})

        try:
            text = path.read_text(encoding="utf-8-sig")
            items, lines = _csv_items(text) if path.suffix.lower() == ".csv" else _yaml_items(text)
        except UnicodeDecodeError as e:
            unreadable(f"not UTF-8 text ({e.reason} at byte {e.start})")
            continue
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            reason = " ".join(str(getattr(e, "problem", None) or e).split())
            unreadable(f"not valid YAML ({reason})", mark.line + 1 if mark is not None else None)
            continue
        except (ValueError, csv.Error) as e:
            unreadable(str(e))
            continue
        for number, (item, line) in enumerate(zip(items, lines), 1):
            where = f"{shown}, record {number}" + (f" (line {line})" if line else "")
            rec, errors, warnings = validate(item, path.stem)
            for message in warnings:
                problems.append({"file": shown, "record": number, "line": line, "severity": "warning",
                                 "kind": "unknown_field", "message": f"{where}: {message}"})
            if errors:
                problems.append({"file": shown, "record": number, "line": line, "severity": "error",
                                 "kind": "bad_record", "message": f"{where}: " + "; ".join(errors) +
                                                                  " (record not loaded)"})
                continue
            rows.append({"file": shown, "record": number, "line": line, **rec})
    records = pd.DataFrame(rows, columns=RECORD_COLUMNS) if rows else empty_frame(RECORD_COLUMNS)
    for col in ("recorded_start", "recorded_end", "record", "line"):
        records[col] = records[col].astype("Int64")
    return records, pd.DataFrame(problems, columns=PROBLEM_COLUMNS) if problems else empty_frame(PROBLEM_COLUMNS)


def check_names(records: pd.DataFrame, kb=None, codebook=None) -> pd.DataFrame:
    """Warnings for corrections naming an actor or a theme that the knowledge base or codebook lacks.

    The shipped knowledge base and codebook by default; such records still apply, as written.
    """
    out = []
    corr = records[records["kind"] == "correction"] if len(records) else records
    if corr.empty:
        return empty_frame(PROBLEM_COLUMNS)
    actors = set((kb or load_kb()).actors)
    themes = set((codebook or load_codebook()).themes)
    for r in corr.itertuples(index=False):
        valid, what = (actors, "an actor of the knowledge base") if r.target == "actor" else \
            (themes, "a theme of the codebook") if r.target == "theme" else (None, "")
        if valid is None or not has_value(r.value) or r.value in valid:
            continue
        close = difflib.get_close_matches(r.value, sorted(valid), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        where = f"{r.file}, record {r.record}" + (f" (line {r.line})" if not pd.isna(r.line) else "")
        out.append({"file": r.file, "record": r.record, "line": r.line, "severity": "warning", "kind": "unknown_name",
                    "message": f"{where}: {r.value!r} is not {what}{hint}; applied as written"})
    return pd.DataFrame(out, columns=PROBLEM_COLUMNS) if out else empty_frame(PROBLEM_COLUMNS)


def describe(record: Mapping) -> str:
    """What a record says, in a few words ("code stance = cooperative", "speaker set: Vladimir Putin")."""
    kind = record.get("kind")
    if kind == "code":
        value = record.get("value")
        return f"code {record.get('code')}" + (f" = {value}" if has_value(value) else "")
    if kind == "note":
        return f"note: {record.get('note')}"
    value = record.get("value")
    shown = value if has_value(value) else ("none" if record.get("target") == "speaker" else "")
    return f"{record.get('target')} {record.get('action')}" + (f": {shown}" if shown else "")


def has_value(value) -> bool:
    """Whether a cell holds a value (not None, NaN or NA)."""
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and value is not pd.NA


def in_order(records: pd.DataFrame) -> pd.DataFrame:
    """Records in the order they are applied: by time (records without one first), then file and record."""
    key = records["at"].fillna("").astype(str)
    return records.assign(_at=key).sort_values(["_at", "file", "record"], kind="stable").drop(columns="_at")


def print_problems(problems: pd.DataFrame, file) -> None:
    """Each problem on a line of its own: severity, then the message naming the file and the record."""
    for p in problems.to_dict("records"):
        print(f"{p['severity']}: {p['message']}", file=file)
