"""One reader per format (text and Markdown, HTML, JSON lines, CSV, id lists), and the walk over files and folders."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.config import PROJ_ROOT, resolve
from helpers.load.decode import (
    SURROGATE,
    SURROGATE_ESCAPE,
    decode,
    looks_binary,
    scrub_surrogates,
)
from helpers.load.documents import (
    SUPPORTED,
    TEXT_COLUMNS,
    TEXT_SUFFIXES,
    Document,
    LoadError,
    Problem,
)
from helpers.load.metadata import first_line, front_matter, load_metadata_yaml

if TYPE_CHECKING:  # pandas is imported where a DataFrame is made
    pass

def _rel(path: Path) -> str:
    """A path as shown to users: relative to the project root (no machine paths in reports)."""
    try:
        return os.path.relpath(path, PROJ_ROOT)
    except ValueError:
        return str(path)


_VISIBLE = re.compile(r"[^\s\x00-\x08\x0e-\x1f\x7f\ufeff\u200b\u200c\u200d\u2060\u00ad]")


def is_blank(text: str) -> bool:
    """Whether `text` holds nothing but whitespace and invisible characters (NUL, byte-order marks, ...)."""
    return _VISIBLE.search(text) is None


def _read_bytes(path: Path, problems: list[Problem]) -> tuple[str | None, str | None]:
    """Read and decode a whole file: (text, encoding warning); (None, None) after recording why not."""
    src = _rel(path)
    try:
        text, warning = decode(path.read_bytes())
    except LoadError as e:
        problems.append(Problem(src, None, None, "undecodable", "error", f"{src}: {e}"))
        return None, None
    if is_blank(text):
        problems.append(Problem(src, None, path.stem, "empty", "error",
                                f"{src}: empty file{' (only whitespace or invisible characters)' if text else ''}; "
                                f"not loaded"))
        return None, None
    return text, warning


def _read_text_file(path: Path, problems: list[Problem]) -> Iterator[Document]:
    src = _rel(path)
    text, warning = _read_bytes(path, problems)
    if text is None:
        return
    if warning:
        problems.append(Problem(src, None, path.stem, "encoding", "warning", f"{src}: {warning}"))
    meta, body_at, fm_problem = ({}, 0, None)
    if path.suffix.lower() in TEXT_SUFFIXES:
        meta, body_at, fm_problem = front_matter(text)
    if fm_problem:
        problems.append(Problem(src, 1, path.stem, "front_matter", "warning", f"{src}:1: {fm_problem}"))
    sidecar = path.with_name(path.stem + ".meta.yaml")
    if sidecar.exists():
        reason = None
        try:
            meta = {**load_metadata_yaml(sidecar.read_bytes().decode("utf-8-sig")), **meta}
        except UnicodeDecodeError as e:
            reason = f"not UTF-8 (byte {e.start})"
        except OSError as e:
            reason = f"unreadable ({e})"
        except ValueError as e:
            reason = str(e)
        if reason:
            problems.append(Problem(_rel(sidecar), None, path.stem, "metadata", "warning",
                                    f"{_rel(sidecar)}: sidecar metadata is {reason}; ignored"))
    meta, scrubbed = scrub_surrogates(meta)
    doc_id = str(meta.pop("id", None) or path.stem)
    if scrubbed:
        problems.append(Problem(src, None, doc_id, "encoding", "warning",
                                f"{src}: metadata with invalid characters (lone surrogates) replaced by U+FFFD"))
    yield Document(doc_id, text[body_at:], src, None, meta)


# An HTML page whose extracted text is shorter than this many words, and than 1/20 of its
# markup, is mostly script, style and navigation: the little text found is kept, with a warning.
HTML_FEW_WORDS = 25


def _read_html(path: Path, problems: list[Problem]) -> Iterator[Document]:
    import trafilatura

    src = _rel(path)
    html, warning = _read_bytes(path, problems)
    if html is None:
        return
    if warning:
        problems.append(Problem(src, None, path.stem, "encoding", "warning", f"{src}: {warning}"))
    size = f"{len(html) / 1024:,.1f} KB of HTML"
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
        info = trafilatura.extract_metadata(html)
    except Exception as e:  # noqa: BLE001 - a page the extractor chokes on is one problem, not a crash
        problems.append(Problem(src, None, path.stem, "unreadable", "error",
                                f"{src}: HTML could not be parsed ({type(e).__name__}: {e}); not loaded"))
        return
    if not text.strip():
        problems.append(Problem(src, None, path.stem, "no_main_text", "error",
                                f"{src}: no main text found in {size} (only script, style, navigation "
                                f"or boilerplate); not loaded"))
        return
    words = len(text.split())
    if words < HTML_FEW_WORDS and len(html) > 20 * len(text):
        problems.append(Problem(src, None, path.stem, "little_text", "warning",
                                f"{src}: only {words} word{'s' * (words != 1)} of main text in {size} "
                                f"(the rest is script, style or navigation); kept"))
    meta: dict = {}
    if info is not None:
        meta = {"title": info.title, "date": info.date, "url": info.url, "outlet": info.sitename}
    yield Document(path.stem, text, src, None, {k: v for k, v in meta.items() if v})


# A JSON line's decoder: control characters allowed inside strings (`json.loads(text, strict=False)`,
# which would build a decoder for every line).
_JSON_LINE = json.JSONDecoder(strict=False)


def _jsonl_lines(path: Path) -> Iterator[tuple[int, bytes | str]]:
    """Numbered lines of a JSON lines file: bytes, or text when the file is UTF-16 with a BOM."""
    with path.open("rb") as f:
        head = f.read(2)
        f.seek(0)
        if head in (b"\xff\xfe", b"\xfe\xff"):
            yield from enumerate(f.read().decode("utf-16", "replace").splitlines(), 1)
            return
        for n, line in enumerate(f, 1):
            yield n, (line[3:] if n == 1 and line.startswith(b"\xef\xbb\xbf") else line)


def _read_jsonl(path: Path, problems: list[Problem], only: set[str] | None = None) -> Iterator[Document]:
    src = _rel(path)
    with path.open("rb") as f:
        head = f.read(8192)
    what = None if head.startswith((b"\xff\xfe", b"\xfe\xff")) else looks_binary(head)
    if what:
        problems.append(Problem(src, None, None, "undecodable", "error", f"{src}: binary file ({what}), not text; "
                                                                           f"not loaded"))
        return
    lines = 0
    for n, line in _jsonl_lines(path):
        if not line.strip():
            continue
        lines += 1
        try:
            text, warning = decode(line) if isinstance(line, bytes) else (line, None)
            row = _JSON_LINE.decode(text)
        except LoadError as e:
            problems.append(Problem(src, n, None, "unreadable_line", "error", f"{src}:{n}: {e}"))
            continue
        except (ValueError, RecursionError) as e:  # json.JSONDecodeError is a ValueError
            problems.append(Problem(src, n, None, "unreadable_line", "error",
                                    f"{src}:{n}: not a JSON object ({type(e).__name__}: {first_line(e)})"))
            continue
        if not isinstance(row, dict):
            problems.append(Problem(src, n, None, "unreadable_line", "error",
                                    f"{src}:{n}: a JSON {_json_kind(row)}, not an object"))
            continue
        doc_id = row.get("id")
        doc_id = scrub_surrogates(str(doc_id))[0] if doc_id not in (None, "") and not isinstance(doc_id, (dict, list)) \
            else f"{path.stem}-{n}"
        if only is not None and doc_id not in only:
            continue
        # Lone surrogates come from \uD800-style escapes (or undecodable bytes): a line without either is clean.
        row, scrubbed = scrub_surrogates(row) if SURROGATE_ESCAPE.search(text) or \
            (not text.isascii() and SURROGATE.search(text)) else (row, 0)
        if warning:
            problems.append(Problem(src, n, doc_id, "encoding", "warning", f"{src}:{n}: {warning}"))
        if scrubbed:
            problems.append(Problem(src, n, doc_id, "encoding", "warning",
                                    f"{src}:{n}: invalid \\u escapes (lone surrogates) replaced by U+FFFD"))
        body = row.get("text")
        if not isinstance(body, str):
            what = "no text field" if "text" not in row else f"text is {_json_kind(body, article=True)}, not a string"
            if isinstance(row.get("title"), str) and row["title"].strip():
                problems.append(Problem(src, n, doc_id, "no_text", "warning",
                                        f"{src}:{n}: {what}; the title alone is kept"))
                body = ""
            else:
                problems.append(Problem(src, n, doc_id, "no_text", "error", f"{src}:{n}: {what}; not loaded"))
                continue
        meta = {k: v for k, v in row.items() if k not in ("id", "text")}
        yield Document(doc_id, body, src, n, meta)
    if lines == 0 and only is None:
        problems.append(Problem(src, None, None, "empty", "error", f"{src}: empty file (no JSON lines)"))


def _json_kind(value, article: bool = False) -> str:
    kind = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number",
            type(None): "null"}.get(type(value), type(value).__name__)
    return (("an " if kind[0] in "aeiou" else "a ") + kind) if article else kind


def _read_csv(path: Path, problems: list[Problem]) -> Iterator[Document]:
    src = _rel(path)
    text, warning = _read_bytes(path, problems)
    if text is None:
        return
    if warning:
        problems.append(Problem(src, None, None, "encoding", "warning", f"{src}: {warning}"))
    # A long article is one field: raise the csv module's 128 KB field limit.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as e:
        problems.append(Problem(src, 1, None, "unreadable_line", "error", f"{src}:1: header unreadable ({e}); not loaded"))
        return
    fields = [f.strip().lower() for f in fieldnames]
    column = next((c for c in TEXT_COLUMNS if c in fields), None)
    if column is None:
        problems.append(Problem(src, 1, None, "no_text_column", "error",
                                f"{src}: no text column (looked for {', '.join(TEXT_COLUMNS)}; "
                                f"found {', '.join(fields) or 'none'}); not loaded"))
        return
    i = 0
    while True:
        start_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            problems.append(Problem(src, start_line, None, "unreadable_line", "error",
                                    f"{src}:{start_line}: {e}; row skipped"))
            if reader.line_num < start_line:  # no progress: stop rather than loop
                break
            continue
        i += 1
        row = {(k or "").strip().lower(): v for k, v in row.items()}
        n = start_line
        doc_id = str(row.get("id") or f"{path.stem}-{i}")
        body = row.get(column)
        if not isinstance(body, str):
            problems.append(Problem(src, n, doc_id, "unreadable_line", "error",
                                    f"{src}:{n}: row has no {column!r} value (too few columns); not loaded"))
            continue
        meta = {k: v for k, v in row.items() if k not in ("id", column) and isinstance(v, str) and v}
        yield Document(doc_id, body, src, n, meta)


def _is_id_list(path: Path) -> bool:
    return path.suffix == ".ids" or path.name.endswith("_ids.txt")


def _read_id_list(path: Path, problems: list[Problem]) -> Iterator[Document]:
    text, _ = _read_bytes(path, problems)
    if text is None:
        return
    wanted = [l.strip().lstrip("\ufeff") for l in text.splitlines()]
    wanted = {w for w in wanted if w and not w.startswith("#")}
    sources = sorted(p for p in path.parent.glob("*.jsonl"))
    found: set[str] = set()
    for src in sources:
        for doc in _read_jsonl(src, problems, only=wanted - found):
            found.add(doc.id)
            yield doc
        if found >= wanted:
            break
    for missing in sorted(wanted - found):
        problems.append(Problem(_rel(path), None, missing, "missing_id", "error",
                                f"{_rel(path)}: id {missing} not found in the .jsonl files beside it"))


def _files(paths: Iterable[str | os.PathLike], problems: list[Problem]) -> Iterator[Path]:
    for p in paths:
        try:
            path = resolve(p)
            path.is_dir()
        except (OSError, ValueError) as e:  # a path with a NUL byte, a name too long, ...
            problems.append(Problem(str(p), None, None, "missing", "error", f"{p!r}: not a usable path ({e})"))
            continue
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUPPORTED and not f.name.endswith(".meta.yaml") \
                        and not any(part.startswith(".") for part in f.relative_to(path).parts):
                    yield f
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED:
                problems.append(Problem(_rel(path), None, None, "unsupported", "error",
                                        f"{_rel(path)}: unsupported file type {path.suffix or '(none)'}; "
                                        f"supported: {', '.join(sorted(SUPPORTED))}"))
                continue
            yield path
        else:
            problems.append(Problem(str(p), None, None, "missing", "error", f"{p}: no such file or folder"))


def iter_documents(paths, problems: list[Problem]) -> Iterator[Document]:
    """Yield raw documents from files and folders, appending problems to `problems`."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for path in _files(paths, problems):
        suffix = path.suffix.lower()
        try:
            if _is_id_list(path):
                yield from _read_id_list(path, problems)
            elif suffix == ".jsonl":
                yield from _read_jsonl(path, problems)
            elif suffix == ".csv":
                yield from _read_csv(path, problems)
            elif suffix in (".html", ".htm"):
                yield from _read_html(path, problems)
            else:
                yield from _read_text_file(path, problems)
        except OSError as e:
            problems.append(Problem(_rel(path), None, None, "unreadable", "error", f"{_rel(path)}: {e}"))
        except Exception as e:  # noqa: BLE001 - one unreadable file must not stop a corpus
            problems.append(Problem(_rel(path), None, None, "unreadable", "error",
                                    f"{_rel(path)}: could not be read ({type(e).__name__}: {e}); "
                                    f"the documents before the failure are kept"))
