"""Analysts' own annotations: codes, notes and corrections kept in plain files, merged over the machine's.

Analysts write records in files under `annotations/` at the project root (one file per analyst,
YAML or CSV, meant to be committed), by hand or with the JupyterLab form `coding_form`. A record
names a document, a passage (the quoted text, a little context before and after, and the
character offsets in the annotated text, the coordinates of the store's `mentions` and
`statements`), its kind (`code`, `note` or `correction`), what it says, who wrote it and when.

- `read_records` loads every file; a record that is not valid becomes a problem naming the file,
  the record and its line, and the other records still load.
- `anchor` finds each record again in the current text: at its offsets when the quote is still
  there (exact), else by searching for the quote, disambiguated by its context (moved), else
  by an approximate match (fuzzy, rapidfuzz); one that cannot be found is orphaned and kept.
- `merge` lays the corrections over the machine's tables (the analyst wins; later records win
  over earlier ones) and says who decided each row (`decided_by`: "machine" or the analyst).
- `agreement` measures how far analysts who coded the same documents agree (Cohen's kappa for
  two, Krippendorff's alpha for any number), `disagreements` lists where they differ, and
  `feedback` says what each correction concerns in the machine (the knowledge-base alias, the
  codebook terms, the attribution rule).
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from helpers.config import ANNOTATIONS_DIR, resolve

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
CONTEXT = 40  # characters of context kept before and after a quote
FUZZY_MIN = 90.0  # the least rapidfuzz score (0-100) for an approximate match
FUZZY_MIN_LENGTH = 8  # shorter quotes are only found verbatim
MACHINE = "machine"
ANALYST_VIA = "analyst"

RECORD_COLUMNS = ["file", "record", "line", "analyst", "at", "doc_id", "kind", "code", "value", "target", "action",
                  "note", "quote", "before", "after", "recorded_start", "recorded_end"]
ANCHOR_COLUMNS = ["anchor", "start", "end", "score", "current_text"]
OUTCOME_COLUMNS = ["applied", "outcome", "machine", "concerns"]
PROBLEM_COLUMNS = ["file", "record", "line", "severity", "kind", "message"]
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


class AnnotationError(ValueError):
    """A record that cannot be made or saved; the message says why."""


# --------------------------------------------------------------------------- reading


def _empty(columns: list[str]) -> pd.DataFrame:
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
    """Every valid record of the analysts' files under `folder` (default: annotations/ at the project
    root), in file order, and the problems found (file, record, line, severity, kind, message).

    A folder that does not exist holds no records. A bad record is an error naming its file,
    its number and line, and the others still load; an unknown field is a warning.
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
    records = pd.DataFrame(rows, columns=RECORD_COLUMNS) if rows else _empty(RECORD_COLUMNS)
    for col in ("recorded_start", "recorded_end", "record", "line"):
        records[col] = records[col].astype("Int64")
    return records, pd.DataFrame(problems, columns=PROBLEM_COLUMNS) if problems else _empty(PROBLEM_COLUMNS)


def check_names(records: pd.DataFrame, kb=None, codebook=None) -> pd.DataFrame:
    """Warnings for corrections naming an actor outside the knowledge base or a theme outside the codebook
    (the shipped ones by default); such records still apply, as written."""
    from helpers.resources.kb import load_kb
    from helpers.resources.codebook import load_codebook

    out = []
    corr = records[records["kind"] == "correction"] if len(records) else records
    if corr.empty:
        return _empty(PROBLEM_COLUMNS)
    actors = set((kb or load_kb()).actors)
    themes = set((codebook or load_codebook()).themes)
    for r in corr.itertuples(index=False):
        valid, what = (actors, "an actor of the knowledge base") if r.target == "actor" else \
            (themes, "a theme of the codebook") if r.target == "theme" else (None, "")
        if valid is None or not _present(r.value) or r.value in valid:
            continue
        close = difflib.get_close_matches(r.value, sorted(valid), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        where = f"{r.file}, record {r.record}" + (f" (line {r.line})" if not pd.isna(r.line) else "")
        out.append({"file": r.file, "record": r.record, "line": r.line, "severity": "warning", "kind": "unknown_name",
                    "message": f"{where}: {r.value!r} is not {what}{hint}; applied as written"})
    return pd.DataFrame(out, columns=PROBLEM_COLUMNS) if out else _empty(PROBLEM_COLUMNS)


# --------------------------------------------------------------------------- anchoring


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
                         "\u2033": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})


@lru_cache(maxsize=16)
def _normalised(text: str) -> tuple[str, list[int]]:
    """`text` with quotation marks and dashes made plain and spacing runs made one space, and for
    each of its characters the offset it came from."""
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


def _occurrences(text: str, quote: str) -> list[int]:
    """Every start of `quote` in `text` (overlapping ones too)."""
    found, i = [], text.find(quote)
    while i >= 0:
        found.append(i)
        i = text.find(quote, i + 1)
    return found


def _context_score(text: str, start: int, end: int, before: str, after: str) -> float:
    """How well the text around [start, end) matches the recorded context (0-200)."""
    from rapidfuzz import fuzz

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
    from rapidfuzz import fuzz

    before, after = before or "", after or ""
    if start is not None and end is not None and text[start:end] == quote:
        return "exact", start, end, 100.0
    spans = [(i, i + len(quote)) for i in _occurrences(text, quote)]
    if spans:
        s, e = _best(text, spans, before, after, start)
        return ("exact" if start is None else "moved"), s, e, 100.0
    norm, where = _normalised(text)
    nquote = _normalised(quote)[0].strip()
    if not nquote:
        return "orphaned", None, None, 0.0
    spans = [(where[i], where[i + len(nquote) - 1] + 1) for i in _occurrences(norm, nquote)]
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
    from helpers.annotate import annotated_text

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
        return _empty(["analyst", "file", "record", "doc_id", "kind", "what", "quote", "recorded_start"])
    df = records[records["anchor"] == "orphaned"]
    return pd.DataFrame({"analyst": df["analyst"], "file": df["file"], "record": df["record"], "doc_id": df["doc_id"],
                         "kind": df["kind"], "what": [describe(r) for r in df.to_dict("records")],
                         "quote": df["quote"], "recorded_start": df["recorded_start"]}).reset_index(drop=True)


# --------------------------------------------------------------------------- merging


def describe(record: Mapping) -> str:
    """What a record says, in a few words ("code stance = cooperative", "speaker set: Vladimir Putin")."""
    kind = record.get("kind")
    if kind == "code":
        value = record.get("value")
        return f"code {record.get('code')}" + (f" = {value}" if _present(value) else "")
    if kind == "note":
        return f"note: {record.get('note')}"
    value = record.get("value")
    shown = value if _present(value) else ("none" if record.get("target") == "speaker" else "")
    return f"{record.get('target')} {record.get('action')}" + (f": {shown}" if shown else "")


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and value is not pd.NA


def _overlap(row: Mapping, s: int, e: int) -> int:
    try:
        return max(0, min(int(row["end"]), e) - max(int(row["start"]), s))
    except (TypeError, ValueError):
        return 0


class _Doc:
    """One document's rows while corrections are applied to it."""

    def __init__(self, article: Mapping, rows: dict[str, list[dict]]):
        from helpers.annotate import annotated_text
        from helpers.load.clean import OffsetMap

        self.id, self.rows = str(article["id"]), rows
        title = article.get("title") if isinstance(article.get("title"), str) else None
        self.text, self.body_at = annotated_text(title, article.get("text") or "")
        offsets = article.get("offsets")
        self.omap = OffsetMap.from_json(offsets) if isinstance(offsets, str) and offsets else None

    def sent_of(self, s: int):
        for row in self.rows.get("sentences", []):
            if _present(row.get("start")) and int(row["start"]) <= s < int(row["end"]):
                return row["sent"]
        return None

    def raw(self, s: int, e: int) -> tuple:
        if self.omap is None or s < self.body_at:
            return None, None
        return self.omap.span_to_raw(s - self.body_at, e - self.body_at)

    def at(self, table: str, s: int, e: int) -> list[dict]:
        """The rows of `table` overlapping [s, e), most overlap first."""
        rows = [r for r in self.rows.get(table, []) if _overlap(r, s, e) > 0]
        return sorted(rows, key=lambda r: -_overlap(r, s, e))


def _actor_type(actor: str, mentions: pd.DataFrame | None, kb) -> str | None:
    known = mentions.loc[mentions["actor"] == actor, "type"] if mentions is not None and "type" in mentions.columns \
        else pd.Series()
    known = known.dropna()
    if len(known):
        return known.iloc[0]
    return kb.type_of(actor) if kb is not None else None


def _apply(doc: _Doc, r: dict, mentions: pd.DataFrame, kb) -> tuple[bool, str, str, str]:
    """Apply one correction to a document's rows: (applied, outcome, what the machine had, what it concerns);
    `mentions` (the machine's) and `kb` give the type of an actor linked by the analyst."""
    from helpers.annotate import first_words

    target, action, value, who = r["target"], r["action"], r["value"], r["analyst"]
    s, e = (int(r["start"]), int(r["end"])) if _present(r["start"]) else (None, None)
    quote = doc.text[s:e] if s is not None else ""

    def new_statement(speaker) -> dict:
        rs, re_ = doc.raw(s, e)
        row = {"doc_id": doc.id, "start": s, "end": e, "speaker": speaker, "text": quote, "kind": "quote",
               "via": ANALYST_VIA, "label": None, "first_words": first_words(quote), "sent": doc.sent_of(s),
               "raw_start": rs, "raw_end": re_, "decided_by": who}
        doc.rows["statements"].append(row)
        return row

    if target == "speaker":
        hits = doc.at("statements", s, e)
        if not hits:
            new_statement(value)
            return True, f"no statement here: added one with speaker {value or 'none'}", "no statement", \
                "a statement the annotator missed"
        row = hits[0]
        before, via = row.get("speaker"), row.get("via")
        before = before if _present(before) else None
        row.update(speaker=value, via=ANALYST_VIA, decided_by=who)
        return True, f"speaker {before or 'none'} -> {value or 'none'}", f"speaker {before or 'none'}", \
            f"attribution rule: {via or 'unknown'}"
    if target == "statement":
        hits = doc.at("statements", s, e)
        if action == "add":
            same = [h for h in hits if int(h["start"]) == s and int(h["end"]) == e]
            if same:
                before = same[0].get("speaker") if _present(same[0].get("speaker")) else None
                same[0].update(speaker=value, via=ANALYST_VIA, decided_by=who)
                return True, f"already a statement: speaker {before or 'none'} -> {value or 'none'}", \
                    f"statement with speaker {before or 'none'}", f"attribution rule: {same[0].get('via')}"
            new_statement(value)
            return True, f"statement added (speaker {value or 'none'})", "no statement", \
                "a statement the annotator missed"
        if not hits:
            return False, "nothing to remove: no statement at this passage", "no statement", ""
        row = hits[0]
        doc.rows["statements"].remove(row)
        was = row.get("speaker") if _present(row.get("speaker")) else "none"
        return True, f"statement removed (speaker was {was})", f"{row.get('kind')} by {was}", \
            f"{row.get('kind')} found by {row.get('via')}"
    if target == "actor":
        hits = doc.at("mentions", s, e)
        if action == "remove":
            gone = [h for h in hits if value is None or h.get("actor") == value]
            if not gone:
                return False, "nothing to remove: no mention" + (f" of {value}" if value else "") + " here", \
                    "no mention", ""
            for h in gone:
                doc.rows["mentions"].remove(h)
            links = "; ".join(f"{h.get('text')!r} -> {h.get('actor')} (via {h.get('via')})" for h in gone)
            return True, f"mention removed: {links}", links, f"knowledge base: {links}"
        kind = _actor_type(value, mentions, kb)
        if hits:  # set, or add over a mention that is there: relink it
            links = "; ".join(f"{h.get('text')!r} -> {h.get('actor')} (via {h.get('via')})" for h in hits)
            for h in hits:
                h.update(actor=value, type=kind, via=ANALYST_VIA, decided_by=who)
            return True, f"mention relinked to {value}", links, f"knowledge base: {links}"
        rs, re_ = doc.raw(s, e)
        doc.rows["mentions"].append({"doc_id": doc.id, "start": s, "end": e, "text": quote, "actor": value,
                                     "type": kind, "via": ANALYST_VIA,
                                     "sent": doc.sent_of(s), "raw_start": rs, "raw_end": re_, "decided_by": who})
        return True, f"mention of {value} added", "no mention", f"knowledge base: missing alias {quote!r} for {value}"
    # theme: the document has it (add) or has not (remove)
    rows = [t for t in doc.rows["doc_themes"] if t.get("theme") == value]
    terms = sorted({t.strip() for h in doc.rows.get("theme_hits", []) if h.get("theme") == value
                    for t in str(h.get("terms") or "").split(",") if t.strip()})
    concerns = f"codebook terms that fired: {', '.join(terms)}" if terms else "codebook: no term of this theme fired"
    present = action == "add"
    if rows:
        row = rows[0]
        score, threshold = row.get("score"), row.get("threshold")
        was = "present" if row.get("present") else "absent"
        machine = f"{was} (score {score:g}, threshold {threshold:g})" if _present(score) and _present(threshold) \
            else was
        row.update(present=present, decided_by=who)
    else:
        machine = "no evidence"
        doc.rows["doc_themes"].append({"doc_id": doc.id, "theme": value, "score": None, "threshold": None,
                                       "present": present, "decided_by": who})
    return True, f"theme {value} {'present' if present else 'absent'}", machine, concerns


def _order(records: pd.DataFrame) -> pd.DataFrame:
    """Records in the order they are applied: by time (records without one first), then file and record."""
    key = records["at"].fillna("").astype(str)
    return records.assign(_at=key).sort_values(["_at", "file", "record"], kind="stable").drop(columns="_at")


def _restore(df: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """`df` with the dtypes of `like` where they still fit (integers with gaps become Int64)."""
    for col in like.columns:
        if col not in df.columns:
            continue
        dtype = like[col].dtype
        try:
            if pd.api.types.is_integer_dtype(dtype):
                values = pd.to_numeric(df[col], errors="coerce")
                df[col] = values.astype(dtype) if values.notna().all() else values.astype("Int64")
            elif pd.api.types.is_bool_dtype(dtype):
                df[col] = df[col].astype(bool) if df[col].notna().all() else df[col].astype("boolean")
            elif pd.api.types.is_float_dtype(dtype):
                df[col] = pd.to_numeric(df[col], errors="coerce").astype(dtype)
        except (TypeError, ValueError):
            pass
    return df


def merge(tables: Mapping[str, pd.DataFrame], records: pd.DataFrame,
          kb=None) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Lay the anchored corrections over the machine's tables: (the merged tables, the records with
    applied, outcome, machine and concerns).

    Every annotation table gains `decided_by` ("machine", or the analyst whose correction made the
    row what it is). Corrections are applied in the order of their time (`at`), then file and
    record, so a later one wins over an earlier one on the same thing. Orphaned records and
    records about documents outside the corpus are not applied (their outcome says so).
    """
    from helpers.resources.kb import load_kb
    from helpers.store import ANNOTATION_TABLES

    merged: dict[str, pd.DataFrame] = {}
    for name, df in tables.items():
        merged[name] = df.assign(decided_by=MACHINE) if name in ANNOTATION_TABLES else df
    out = records.copy()
    for col in OUTCOME_COLUMNS:
        out[col] = pd.Series([None] * len(out), index=out.index, dtype=object)
    if out.empty:
        return merged, out
    is_corr = out["kind"] == "correction"
    usable = is_corr & out["anchor"].isin([*LOCATED, "document"])
    out.loc[is_corr & ~usable, "applied"] = False
    out.loc[is_corr & (out["anchor"] == "orphaned"), "outcome"] = "not applied: the passage was not found (orphaned)"
    out.loc[is_corr & (out["anchor"] == "not_in_corpus"), "outcome"] = "not applied: document not in this corpus"
    corr = _order(out[usable])
    if corr.empty:
        return merged, out
    kb = kb if kb is not None else (load_kb() if (corr["target"] == "actor").any() else None)
    touched = sorted(set(corr["doc_id"]))
    names = [n for n in merged if n in ANNOTATION_TABLES]
    rows: dict[str, dict[str, list[dict]]] = {d: {n: [] for n in names} for d in touched}
    for n in names:
        df = merged[n]
        for row in df[df["doc_id"].astype(str).isin(touched)].to_dict("records"):
            rows[str(row["doc_id"])][n].append(row)
    arts = tables["articles"]
    docs = {str(a["id"]): _Doc(a, rows[str(a["id"])])
            for a in arts[arts["id"].astype(str).isin(touched)].to_dict("records")}
    for idx, r in corr.iterrows():
        rec = {k: (v if _present(v) else None) for k, v in r.to_dict().items()}
        applied, outcome, machine, concerns = _apply(docs[rec["doc_id"]], rec, tables.get("mentions"), kb)
        out.loc[idx, OUTCOME_COLUMNS] = [applied, outcome, machine, concerns]
    position = {str(d): k for k, d in enumerate(tables["articles"]["id"])}
    for n in names:
        df = merged[n]
        keep = df[~df["doc_id"].astype(str).isin(touched)]
        new = pd.DataFrame([row for d in touched for row in rows[d][n]], columns=df.columns)
        both = pd.concat([keep, new], ignore_index=True) if len(new) else keep.reset_index(drop=True)
        both = _restore(both, df)
        order = both["doc_id"].astype(str).map(position).fillna(len(position))
        keys = [order.rename("_pos")] + ([both["start"].astype("Float64").rename("_start")] if "start" in both else [])
        sorter = pd.concat(keys, axis=1)
        merged[n] = both.loc[sorter.sort_values(list(sorter.columns), kind="stable").index].reset_index(drop=True)
    return merged, out


# --------------------------------------------------------------------------- the whole review


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
    from helpers.store import Store

    if isinstance(store_or_tables, Mapping):
        return dict(store_or_tables)
    if isinstance(store_or_tables, Store):
        return store_or_tables.tables(corpus)
    with Store(store_or_tables, read_only=True) as s:
        return s.tables(corpus)


def _knowledge(kb=None, codebook=None):
    """The knowledge base and codebook: as given, loaded from a path, or the shipped ones."""
    from helpers.resources.kb import load_kb
    from helpers.resources.codebook import load_codebook

    if kb is None or isinstance(kb, (str, os.PathLike)):
        kb = load_kb(resolve(kb) if kb else None)
    if codebook is None or isinstance(codebook, (str, os.PathLike)):
        codebook = load_codebook(resolve(codebook) if codebook else None)
    return kb, codebook


def review(store_or_tables, corpus=None, folder: str | os.PathLike | None = None, kb=None,
           codebook=None, read=None) -> Review:
    """Read the analysts' files under `folder` (default annotations/), anchor them on the documents of
    `corpus` and merge the corrections over the machine's tables (a Store, a store file or a dict of tables).

    `kb` and `codebook` (objects or YAML paths; the shipped ones by default) name the valid actors
    and themes: a correction naming another is applied as written, with a warning. `read`: what
    `read_records(folder)` returned, where the caller has read it already."""
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
    """The tables of `Store.tables(corpus)` with the analysts' corrections applied and `decided_by` on every
    annotation table ("machine" or the analyst)."""
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


# --------------------------------------------------------------------------- tables for reading


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


def decisions(tables: Mapping[str, pd.DataFrame], doc_id=None) -> pd.DataFrame:
    """The rows of the merged view that an analyst decided: table, document, passage, what it now says, who."""
    cols = ["table", "doc_id", "start", "text", "now", "decided_by"]
    parts = []
    for name, what in (("statements", "speaker"), ("mentions", "actor"), ("doc_themes", "present")):
        df = tables.get(name)
        if df is None or "decided_by" not in df.columns:
            continue
        df = df[df["decided_by"] != MACHINE]
        if doc_id is not None:
            df = df[df["doc_id"].astype(str) == str(doc_id)]
        if df.empty:
            continue
        if name == "doc_themes":
            now = df["theme"].astype(str) + ": " + df["present"].map(lambda p: "present" if p else "absent")
            text = pd.Series([""] * len(df), index=df.index)
            start = pd.Series([pd.NA] * len(df), index=df.index)
        else:
            now = df[what].map(lambda v: f"{what} {v if _present(v) else 'none'}")
            text, start = df["text"], df["start"]
        parts.append(pd.DataFrame({"table": name, "doc_id": df["doc_id"], "start": start, "text": text, "now": now,
                                   "decided_by": df["decided_by"]}))
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols]


def document_view(tables: Mapping[str, pd.DataFrame], doc_id=None) -> dict:
    """One document of the merged view (as `analysis.document`), statements an analyst decided shown as such."""
    from helpers import analysis

    doc = analysis.document(tables, doc_id)
    st = doc.get("statements")
    if st is not None and len(st) and "decided_by" in st.columns:
        who = st["decided_by"].fillna(MACHINE)
        st = st.assign(via=[f"decided by {w}" if w != MACHINE else v for w, v in zip(who, st["via"])])
        doc = {**doc, "statements": st}
    return doc


def _note(text: str) -> str:
    """A line of escaped, italic text."""
    from helpers.output.display import _esc

    return f'<p style="font-family:sans-serif;font-size:13px;"><em>{_esc(text)}</em></p>'


def merged_html(result: Review, article_id=None, max_chars: int | None = 20000) -> str:
    """HTML of one document of the merged view (`article_id`, else the first an analyst's record concerns),
    then the rows an analyst decided there; one line when there are no records. Everything escaped."""
    from helpers.output import display

    if result.records.empty:
        return _note("No analysts' annotations yet, so the merged view is the annotator's own (see 01_annotate).")
    doc_id = article_id if article_id is not None else first_annotated(result.records, result.tables["articles"])
    doc = document_view(result.tables, doc_id)
    text = doc.get("text") or ""
    cut = ""
    if max_chars is not None and len(text) > max_chars:
        doc = {**doc, "text": text[:max_chars]}
        cut = _note(f"Showing the first {max_chars:,} of {len(text):,} characters.")
    made = decisions(result.tables, doc.get("id"))
    return (display.document_html(doc) + cut + display.html_table(
        made, empty="No row of this document was decided by an analyst (their records here are codes or notes, "
                    "or corrections that found nothing to change)."))


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


# --------------------------------------------------------------------------- agreement


def _ratings(records: pd.DataFrame, machine_themes: pd.DataFrame | None):
    """Per item (kind, name), per unit (document), per analyst: the rating; see `agreement`."""
    items: dict[tuple[str, str], dict[str, dict[str, str]]] = {}
    evidence: dict[tuple[str, str, str], list[str]] = {}
    recs = records[records["anchor"] != "not_in_corpus"] if "anchor" in records.columns else records
    codes = recs[recs["kind"] == "code"]
    coded = codes.groupby("doc_id")["analyst"].agg(lambda s: sorted(set(s)))
    units = {d: who for d, who in coded.items() if len(who) >= 2}
    for name in sorted(set(codes.loc[codes["doc_id"].isin(units), "code"])):
        table = items.setdefault(("code", name), {})
        for doc_id, who in units.items():
            here = codes[(codes["doc_id"] == doc_id) & (codes["code"] == name)]
            for a in who:
                mine = here[here["analyst"] == a]
                values = sorted({v if _present(v) else "applied" for v in mine["value"]})
                table.setdefault(doc_id, {})[a] = " | ".join(values) if values else "not applied"
                for q in mine["quote"]:
                    if _present(q):
                        evidence.setdefault(("code", name, doc_id), []).append(f"{a}: “{q}”")
    reviewed = recs.groupby("doc_id")["analyst"].agg(lambda s: sorted(set(s)))
    units = {d: who for d, who in reviewed.items() if len(who) >= 2}
    themes = recs[(recs["kind"] == "correction") & (recs["target"] == "theme")]
    machine: dict[tuple[str, str], bool] = {}
    if machine_themes is not None and len(machine_themes):
        for r in machine_themes.itertuples(index=False):
            machine[(str(r.doc_id), r.theme)] = bool(r.present)
    names = set(themes.loc[themes["doc_id"].isin(units), "value"])
    names |= {t for (d, t), p in machine.items() if p and d in units}
    for name in sorted(names):
        table = items.setdefault(("theme", name), {})
        for doc_id, who in units.items():
            here = _order(themes[(themes["doc_id"] == doc_id) & (themes["value"] == name)]) if len(themes) else themes
            for a in who:
                mine = here[here["analyst"] == a]
                present = (mine["action"].iloc[-1] == "add") if len(mine) else machine.get((doc_id, name), False)
                table.setdefault(doc_id, {})[a] = "present" if present else "absent"
                for q in mine["quote"]:
                    if _present(q):
                        evidence.setdefault(("theme", name, doc_id), []).append(f"{a}: “{q}”")
    return items, evidence


def cohen_kappa(first: list[str], second: list[str]) -> float:
    """Cohen's kappa of two analysts' ratings of the same units (scikit-learn); NaN when undefined."""
    from sklearn.metrics import cohen_kappa_score

    if len(first) < 1 or len(set(first) | set(second)) < 2:
        return float("nan")
    return float(cohen_kappa_score(first, second))


def krippendorff_alpha(ratings: Mapping[str, Mapping[str, str]]) -> float:
    """Krippendorff's alpha (nominal) of units -> analyst -> rating, missing ratings allowed; NaN when undefined."""
    import krippendorff
    import numpy as np

    analysts = sorted({a for unit in ratings.values() for a in unit})
    units = sorted(ratings)
    values = sorted({v for unit in ratings.values() for v in unit.values()})
    if len(values) < 2 or not units:
        return float("nan")
    code = {v: k for k, v in enumerate(values)}
    data = np.full((len(analysts), len(units)), np.nan)
    for j, u in enumerate(units):
        for i, a in enumerate(analysts):
            if a in ratings[u]:
                data[i, j] = code[ratings[u][a]]
    try:
        return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except (ValueError, ZeroDivisionError):
        return float("nan")


def agreement(records: pd.DataFrame, machine_themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Agreement between analysts, per code and per theme.

    The unit is a document that two or more analysts worked on. For a code: the documents that at
    least two analysts coded (any code); each analyst's rating of the code there is the value they
    gave it ("applied" when it has none; several values joined by " | ") or "not applied". For a
    theme: the documents on which at least two analysts left any record; each analyst's rating is
    "present" or "absent": their own theme correction there if they made one (the latest), else
    the machine's decision, which they saw and left standing. Themes that are absent throughout
    are left out. Cohen's kappa when exactly two analysts rated the item (every unit by both),
    Krippendorff's alpha (nominal) for any number; both NaN where every rating is the same.
    """
    cols = ["kind", "name", "units", "analysts", "agreement", "kappa", "alpha", "disagreements"]
    if records.empty:
        return pd.DataFrame(columns=cols)
    items, _ = _ratings(records, machine_themes)
    rows = []
    for (kind, name), table in sorted(items.items()):
        analysts = sorted({a for unit in table.values() for a in unit})
        same = sum(len(set(unit.values())) == 1 for unit in table.values())
        kappa = float("nan")
        if len(analysts) == 2 and all(len(unit) == 2 for unit in table.values()):
            units = sorted(table)
            kappa = cohen_kappa([table[u][analysts[0]] for u in units], [table[u][analysts[1]] for u in units])
        rows.append({"kind": kind, "name": name, "units": len(table), "analysts": ", ".join(analysts),
                     "agreement": same / len(table) if table else float("nan"), "kappa": kappa,
                     "alpha": krippendorff_alpha(table), "disagreements": len(table) - same})
    return pd.DataFrame(rows, columns=cols)


def disagreements(records: pd.DataFrame, machine_themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each unit (document x code or theme) where analysts differ: their ratings and the passages they quoted."""
    cols = ["kind", "name", "doc_id", "ratings", "text"]
    if records.empty:
        return pd.DataFrame(columns=cols)
    items, evidence = _ratings(records, machine_themes)
    rows = []
    for (kind, name), table in sorted(items.items()):
        for doc_id in sorted(table):
            unit = table[doc_id]
            if len(set(unit.values())) > 1:
                rows.append({"kind": kind, "name": name, "doc_id": doc_id,
                             "ratings": "; ".join(f"{a}: {v}" for a, v in sorted(unit.items())),
                             "text": " · ".join(evidence.get((kind, name, doc_id), []))})
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------- feedback to the machine


def feedback(records: pd.DataFrame) -> pd.DataFrame:
    """The corrections by what they concern in the annotator: the knowledge-base alias or actor, the codebook
    terms that fired, the attribution rule; with what the machine had and what the analyst decided."""
    cols = ["target", "action", "doc_id", "quote", "machine", "analyst_says", "concerns", "analyst", "outcome"]
    if records.empty or "outcome" not in records.columns:
        return pd.DataFrame(columns=cols)
    df = records[(records["kind"] == "correction") & (records["applied"] == True)]  # noqa: E712 - object column
    if df.empty:
        return pd.DataFrame(columns=cols)
    says = [describe(r) for r in df.to_dict("records")]
    out = pd.DataFrame({"target": df["target"], "action": df["action"], "doc_id": df["doc_id"],
                        "quote": df["quote"].fillna(""), "machine": df["machine"], "analyst_says": says,
                        "concerns": df["concerns"], "analyst": df["analyst"], "outcome": df["outcome"]})
    return out.sort_values(["target", "concerns", "doc_id"], kind="stable").reset_index(drop=True)


def feedback_summary(fb: pd.DataFrame) -> pd.DataFrame:
    """How many corrections concern each target and rule, alias or term: where the annotator goes wrong most."""
    cols = ["target", "action", "concerns", "corrections", "documents"]
    if fb.empty:
        return pd.DataFrame(columns=cols)
    g = fb.groupby(["target", "action", "concerns"], sort=True)
    out = g.agg(corrections=("doc_id", "size"), documents=("doc_id", "nunique")).reset_index()
    return out.sort_values(["corrections", "target", "concerns"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)[cols]


# --------------------------------------------------------------------------- export


EXPORT_COLUMNS = ["doc_id", "kind", "code", "value", "target", "action", "note", "start", "end", "quote", "before",
                  "after", "anchor", "analyst", "at", "outcome", "file", "record"]


def export_table(records: pd.DataFrame, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """The records as exported: the analysts' codes (and notes and corrections, unless `kinds` limits them)
    with their passage in the current text (start, end, quote, context), how it was anchored and the outcome."""
    df = records if kinds is None else records[records["kind"].isin(list(kinds))]
    out = df.reindex(columns=EXPORT_COLUMNS)
    return out.sort_values(["doc_id", "start", "analyst", "file", "record"], kind="stable",
                           na_position="first").reset_index(drop=True)


def export(records: pd.DataFrame, path: str | os.PathLike, kinds: Iterable[str] | None = None) -> Path:
    """Write the records as CSV (.csv), a JSON list (.json) or JSON lines (.jsonl), by the file's suffix."""
    return _write(export_table(records, kinds), Path(path))


def _write(df: pd.DataFrame, path: Path) -> Path:
    """Write an export table by the file's suffix (see `export`)."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json", ".jsonl"):
        raise AnnotationError(f"{path.name}: write .csv, .json or .jsonl")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        df.to_csv(path, index=False)
        return path
    rows = [{k: (None if not _present(v) else int(v) if k in ("start", "end", "record") else v)
             for k, v in r.items()} for r in df.astype(object).to_dict("records")]
    with open(path, "w", encoding="utf-8") as f:
        if suffix == ".json":
            json.dump(rows, f, ensure_ascii=False, indent=1)
            f.write("\n")
        else:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


# --------------------------------------------------------------------------- writing records


def make_record(text: str, doc_id, quote: str, kind: str, analyst: str, occurrence: int = 1,
                now: str | None = None, **fields) -> dict:
    """A record for the passage `quote` (its `occurrence`-th appearance in the annotated `text` of `doc_id`):
    offsets, context, kind, the given fields (code, value, target, action, note), analyst and time.
    Raises AnnotationError when the passage is not in the text or the record is not valid."""
    if not quote:
        raise AnnotationError("no passage given: paste the words exactly as they appear in the document")
    found = _occurrences(text, quote)
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


# --------------------------------------------------------------------------- the coding form (JupyterLab)


HEADLESS_NOTE = ("The coding form opens in JupyterLab. Here (a report or another headless run) it is not shown: "
                 "to code a passage, add a record to your file under {folder} (see annotations/README.md for "
                 "the format).")


def coding_form(tables: Mapping[str, pd.DataFrame], folder: str | os.PathLike | None = None,
                analyst: str | None = None, article_id=None):
    """In JupyterLab, a form to code, annotate or correct a passage of a document; it appends the record to
    the analyst's YAML file under `folder`. Headless, a one-paragraph note saying where to write instead."""
    from IPython.display import HTML

    from helpers.output import display

    shown = str(folder) if folder is not None else "annotations/"
    if not display.interactive():
        return HTML(_note(HEADLESS_NOTE.format(folder=shown)))
    import ipywidgets as w

    arts = tables["articles"]
    texts = document_texts(arts)
    ids = [str(i) for i in arts["id"]]
    if not ids:
        return HTML(_note("The corpus has no documents."))
    wide = w.Layout(width="95%")
    label = {"description_width": "initial"}
    doc = w.Dropdown(options=ids, value=str(article_id) if str(article_id) in ids else ids[0], description="Document:",
                     layout=wide, style=label)
    quote = w.Textarea(description="Passage:", placeholder="paste the words exactly as they appear", layout=wide,
                       style=label)
    occurrence = w.BoundedIntText(value=1, min=1, max=10_000, description="Occurrence:", style=label)
    kind = w.ToggleButtons(options=list(KINDS), value="code", description="Kind:", style=label)
    code = w.Text(description="Code:", placeholder="e.g. stance", style=label)
    value = w.Text(description="Value:", placeholder="code value, speaker, actor or theme id (optional)", style=label,
                   layout=wide)
    target = w.Dropdown(options=list(TARGETS), value="speaker", description="Corrects:", style=label)
    action = w.Dropdown(options=list(TARGETS["speaker"]), description="Action:", style=label)
    note = w.Textarea(description="Note:", layout=wide, style=label)
    who = w.Text(value=analyst or "", description="Analyst:", placeholder="your name", style=label)
    save = w.Button(description="Save", button_style="primary")
    status = w.HTML()

    def on_target(change) -> None:
        action.options = list(TARGETS[change["new"]])

    def on_save(_) -> None:
        fields = {"code": code.value} if kind.value == "code" else {"note": note.value} if kind.value == "note" \
            else {"target": target.value, "action": action.value}
        raw_value = value.value.strip()
        if kind.value == "code" and raw_value:
            fields["value"] = raw_value
        elif kind.value == "correction":
            fields["value"] = raw_value or None
        try:
            if not who.value.strip():
                raise AnnotationError("give your name (Analyst)")
            rec = make_record(texts[doc.value], doc.value, quote.value, kind.value, who.value.strip(),
                              occurrence.value, **fields)
            path = append_record(folder, rec)
        except (AnnotationError, OSError) as e:
            status.value = f'<p style="color:#a00;font-family:sans-serif;">Not saved: {display._esc(e)}</p>'
            return
        status.value = (f'<p style="color:#060;font-family:sans-serif;">Saved to {display._esc(path.name)}: '
                        f"{display._esc(describe(rec))} at {rec['start']}-{rec['end']}. Re-run the notebook to see "
                        "it merged.</p>")
        quote.value = ""

    target.observe(on_target, names="value")
    save.on_click(on_save)
    return w.VBox([doc, quote, occurrence, kind, code, value, w.HBox([target, action]), note, who, save, status])


# --------------------------------------------------------------------------- the evaluation export


def apply_to_article(article: Mapping, rows: Mapping[str, list[dict]], records: pd.DataFrame) -> dict[str, list[dict]]:
    """One freshly annotated article's rows (table -> list of dicts) with the records about it anchored and
    applied, every row carrying `decided_by` (the command line's streaming export, without a store)."""
    from helpers.store import ANNOTATION_TABLES, frame

    doc_id = str(article["id"])
    mine = records[records["doc_id"] == doc_id] if len(records) else records
    if mine.empty:
        return {t: ([{**r, "decided_by": MACHINE} for r in items] if t in ANNOTATION_TABLES else items)
                for t, items in rows.items()}
    tables = {"articles": pd.DataFrame([dict(article)]),
              **{t: frame(list(rows.get(t, [])), t) for t in ANNOTATION_TABLES}}
    merged, _ = merge(tables, anchor(mine, tables["articles"]))
    out = {t: merged[t].astype(object).where(merged[t].notna(), None).to_dict("records") for t in ANNOTATION_TABLES}
    return {**dict(rows), **out}


def with_decisions(doc: dict, rows: Mapping[str, list[dict]]) -> dict:
    """A document in the evaluation schema (`annotate.document_export`) plus who decided: `decided_by` on each
    statement, and `decided_by` listing the actors and themes an analyst decided (extra keys the scorer ignores)."""
    statements = rows.get("statements", [])
    for st, row in zip(doc.get("statements", []), statements):
        st["decided_by"] = row.get("decided_by") or MACHINE
    actors = {m["actor"]: m["decided_by"] for m in rows.get("mentions", [])
              if m.get("decided_by") not in (None, MACHINE)}
    themes = {t["theme"]: t["decided_by"] for t in rows.get("doc_themes", [])
              if t.get("decided_by") not in (None, MACHINE)}
    doc["decided_by"] = {"actors": dict(sorted(actors.items())), "themes": dict(sorted(themes.items()))}
    return doc


def export_folder(option: str | None, disabled: bool = False) -> Path | None:
    """The annotations folder the command line merges: the one named, else annotations/ at the project root
    when it exists; None when disabled or absent."""
    if disabled:
        return None
    if option:
        return resolve(option)
    return ANNOTATIONS_DIR if ANNOTATIONS_DIR.is_dir() else None


def print_problems(problems: pd.DataFrame, file) -> None:
    """Each problem on a line of its own: severity, then the message naming the file and the record."""
    for p in problems.to_dict("records"):
        print(f"{p['severity']}: {p['message']}", file=file)


# --------------------------------------------------------------------------- command line


def command(args) -> int:
    """`python -m helpers annotations check|export ...` (see `helpers.__main__`)."""
    import sys

    from helpers.store import Store, StoreError

    folder = args.annotations or None  # None: annotations/ at the project root
    if args.action == "check" and not args.store:
        records, problems = read_records(folder)
        print_problems(problems, sys.stdout)
        print(summary(records, problems, folder or "annotations/"))
        return 1 if len(problems) and (problems["severity"] == "error").any() else 0
    try:
        with Store(args.store, read_only=True) as s:
            result = review(s, args.corpus or None, folder)
    except StoreError as e:
        print(f"annotations {args.action} failed: {e}", file=sys.stderr)
        return 1
    if args.action == "check":
        print_problems(result.problems, sys.stdout)
        for r in result.orphans.to_dict("records"):
            print(f"orphaned: {r['file']}, record {r['record']}: {r['what']} in {r['doc_id']}: "
                  f"{r['quote']!r} is no longer in the document", file=sys.stdout)
        print(result.summary())
        return 1 if len(result.problems) and (result.problems["severity"] == "error").any() else 0
    print_problems(result.problems, sys.stderr)
    table = export_table(result.records, args.kind)
    try:
        path = _write(table, Path(args.out))
    except (AnnotationError, OSError) as e:
        print(f"annotations export failed: {e}", file=sys.stderr)
        return 1
    n = len(table)
    print(f"{result.summary()} {n} record{'s' * (n != 1)} written -> {path}", file=sys.stderr)
    return 0
