"""Loading: files and folders of documents into an articles table and a problems table.

Supported inputs, in any mix: `.txt` and `.md` (optional YAML front matter, optional sidecar
`NAME.meta.yaml`), `.jsonl` (one document per line, the format of the shared corpus), `.csv`
(a text column), `.html`/`.htm` (main text extracted with trafilatura), and `.ids` or
`*_ids.txt` files that list document ids to pick from the `.jsonl` files beside them.

Raw text is kept exactly as decoded from the source; the cleaned text that is annotated comes
with an offset map back to it (`helpers.load.clean`). Every problem (undecodable bytes, binary
files, empty text, duplicates, unreadable lines, bad metadata, impossible dates, text that is
not English) is recorded with its file and line, and the rest of the corpus still loads:
nothing here raises on bad input. Metadata YAML is read with a safe loader (no Python tags).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from helpers.load.clean import break_long_runs, clean
from helpers.config import PROJ_ROOT, resolve

if TYPE_CHECKING:  # pandas is imported where a DataFrame is made
    import pandas as pd

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
SUPPORTED = TEXT_SUFFIXES | {".jsonl", ".csv", ".html", ".htm", ".ids"}
TEXT_COLUMNS = ("text", "body", "content")
META_FIELDS = ("title", "outlet", "date", "url", "language", "translated_from", "license")

ARTICLE_COLUMNS = [
    "id", "title", "outlet", "date", "date_raw", "url", "language", "translated_from",
    "source", "line", "raw", "text", "offsets", "content_hash", "extra",
]
PROBLEM_COLUMNS = ["source", "line", "doc_id", "kind", "severity", "message"]


class LoadError(Exception):
    """A document or file that cannot be loaded; the message names the problem."""


@dataclass
class Problem:
    """One recorded problem: where it is, what it is, and whether the document was kept."""

    source: str
    line: int | None
    doc_id: str | None
    kind: str
    severity: str  # "error": the document or line was not loaded; "warning": loaded anyway
    message: str


@dataclass
class Document:
    """One loaded document before cleaning."""

    id: str
    raw: str
    source: str
    line: int | None = None
    meta: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- decoding


# File signatures of common binary formats, for a clearer message than "binary file".
_SIGNATURES = (
    (b"%PDF-", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"), (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "a gzip archive"), (b"\x7fELF", "an executable"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"SQLite format 3\x00", "an SQLite database"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
)
_SIGNATURE_BYTES = tuple(sig for sig, _ in _SIGNATURES)  # one `startswith` for all (a line of a JSON file is tested too)
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x0b\x1b")


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode bytes as UTF-8 (BOM kept), else UTF-16 by BOM, else cp1252 or latin-1 with a warning.

    Raises LoadError for binary data.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "decoded as UTF-16 (byte-order mark)"
        except UnicodeDecodeError as e:
            raise LoadError(f"UTF-16 byte-order mark but undecodable bytes: {e}") from e
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    what = _looks_binary(data)
    if what:
        raise LoadError(f"binary file ({what}), not text; not loaded")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        where = f"byte {e.start}"
    for enc in ("cp1252", "latin-1"):
        try:
            return data.decode(enc), f"not UTF-8 (first bad {where}); decoded as {enc}"
        except UnicodeDecodeError:
            continue
    raise LoadError("undecodable bytes")  # latin-1 decodes anything; kept for clarity


def _utf16_without_bom(data: bytes, sample: int = 4096) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark (every other byte NUL), decoded; else None."""
    head = data[:sample]
    if len(head) < 8 or len(data) % 2 or b"\x00" not in head:  # UTF-16 of text is half NUL bytes
        return None
    for enc, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if zeros.count(0) >= 0.9 * len(zeros):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                return None
            if sum(1 for ch in text[:sample] if ord(ch) < 32 and ch not in "\t\n\r\x0c") <= len(text[:sample]) * 0.05:
                return text, f"decoded as {enc.upper()} (no byte-order mark)"
            return None
    return None


_CONTROL_BYTES = bytes(b for b in [*range(32), 127] if b not in _TEXT_CONTROLS)


def _looks_binary(data: bytes, sample: int = 8192) -> str | None:
    """What kind of binary file `data` is (e.g. "a PDF document"), or None for text."""
    if data.startswith(_SIGNATURE_BYTES):
        return next(what for sig, what in _SIGNATURES if data.startswith(sig))
    head = data[:sample]
    if not head:
        return None
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > max(len(head) * 0.05, 8):
        return "control bytes throughout"
    return None


# --------------------------------------------------------------------------- metadata


class _MetaLoader(yaml.SafeLoader):
    """The safe YAML loader, but dates stay text, so impossible ones ("2023-13-45") are kept raw."""


_MetaLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))

# Metadata larger than this many values (after YAML aliases are followed) is refused: a few
# lines of aliases can otherwise stand for billions of values.
MAX_META_NODES = 10_000


def load_metadata_yaml(text: str) -> dict:
    """Parse document metadata YAML safely; raise ValueError (with the reason) if unusable."""
    try:
        meta = yaml.load(text, Loader=_MetaLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        raise ValueError(f"not valid YAML ({_first_line(e)})") from e
    except (ValueError, TypeError, RecursionError) as e:
        raise ValueError(f"not valid YAML ({type(e).__name__}: {e})") from e
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ValueError(f"not a mapping but a {type(meta).__name__}")
    if _too_many_nodes(meta):
        raise ValueError(f"more than {MAX_META_NODES:,} values once its aliases are followed")
    return {str(k): v for k, v in meta.items()}


def _first_line(e: Exception) -> str:
    return (str(e).splitlines() or [type(e).__name__])[0]


def _too_many_nodes(value, limit: int = MAX_META_NODES) -> bool:
    """Whether a parsed YAML value holds more than `limit` values (shared aliases counted each time)."""
    stack, seen = [value], 0
    while stack:
        v = stack.pop()
        seen += 1
        if seen > limit:
            return True
        if isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, (list, tuple, set)):
            stack.extend(v)
    return False


_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?=[T ]|$)")


def parse_date(value) -> tuple[str | None, str | None]:
    """Return (ISO date or None, problem message or None) for a metadata date."""
    if value is None or value == "":
        return None, None
    if type(value) is str:  # a corpus repeats its dates: each text read once (`_parse_date_text`)
        return _parse_date_text(value)
    return _parse_date(value)


@lru_cache(maxsize=4096)
def _parse_date_text(value: str) -> tuple[str | None, str | None]:
    """`parse_date` of a text, kept for the next document with the same date."""
    return _parse_date(value)


def _parse_date(value) -> tuple[str | None, str | None]:
    """`parse_date` of a value that is not empty."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    text = str(value).strip()
    day = _ISO_DAY.match(text)
    if day:  # the usual form, read without strptime (ten times slower)
        try:
            return dt.date(*map(int, day.groups())).isoformat(), None
        except ValueError:
            pass  # an impossible day: the formats say so
    found = _date_by_formats(text)
    if found:
        return found, None
    return None, f"impossible or unreadable date {text!r}; kept raw, date set to null"


def _date_by_formats(text: str) -> str | None:
    """The ISO date of a day, a month or a year written as in ISO 8601 (a time may follow a day), or None."""
    for fmt, n in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            d = dt.datetime.strptime(text[:n], fmt)
        except ValueError:
            continue
        if len(text) == n or (n == 10 and text[10:11] in ("T", " ")):
            return d.date().isoformat()
    return None


def _front_matter(text: str) -> tuple[dict, int, str | None]:
    """Split YAML front matter: (metadata, offset where the body starts, problem or None)."""
    start = 1 if text.startswith("\ufeff") else 0
    if not text.startswith("---", start):
        return {}, 0, None
    first_nl = text.find("\n", start)
    if first_nl < 0 or text[start:first_nl].strip() != "---":
        return {}, 0, None
    end = text.find("\n---", first_nl)
    if end < 0:
        return {}, 0, "front matter opened with --- but never closed; read as text"
    close_nl = text.find("\n", end + 4)
    body = len(text) if close_nl < 0 else close_nl + 1
    try:
        meta = load_metadata_yaml(text[first_nl + 1 : end])
    except ValueError as e:
        return {}, body, f"front matter is {e}; ignored (the text after it is loaded)"
    return meta, body, None


_SURROGATE = re.compile("[\ud800-\udfff]")
_FLAT = (str, int, float, bool, type(None))
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _scrub(value) -> tuple[object, int]:
    """`value` with lone surrogates (JSON escapes such as \\ud800) replaced by U+FFFD; how many strings changed."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            return _SURROGATE.sub("\ufffd", value), 1
        return value, 0
    if isinstance(value, dict):
        if all(type(k) is str for k in value) and all(type(v) in _FLAT for v in value.values()) \
                and not _SURROGATE.search("".join([*value, *(v for v in value.values() if type(v) is str)])):
            return dict(value), 0  # the common case, one search instead of one per string
        out, n = {}, 0
        for k, v in value.items():
            (k2, a), (v2, b) = _scrub(k), _scrub(v)
            out[k2] = v2
            n += a + b
        return out, n
    if isinstance(value, list):
        items = [_scrub(v) for v in value]
        return [v for v, _ in items], sum(n for _, n in items)
    return value, 0


# --------------------------------------------------------------------------- readers


def _rel(path: Path) -> str:
    """A path as shown to users: relative to the project root (no machine paths in reports)."""
    try:
        return os.path.relpath(path, PROJ_ROOT)
    except ValueError:
        return str(path)


_VISIBLE = re.compile(r"[^\s\x00-\x08\x0e-\x1f\x7f\ufeff\u200b\u200c\u200d\u2060\u00ad]")


def _blank(text: str) -> bool:
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
    if _blank(text):
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
        meta, body_at, fm_problem = _front_matter(text)
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
    meta, scrubbed = _scrub(meta)
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
    what = None if head.startswith((b"\xff\xfe", b"\xfe\xff")) else _looks_binary(head)
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
                                    f"{src}:{n}: not a JSON object ({type(e).__name__}: {_first_line(e)})"))
            continue
        if not isinstance(row, dict):
            problems.append(Problem(src, n, None, "unreadable_line", "error",
                                    f"{src}:{n}: a JSON {_json_kind(row)}, not an object"))
            continue
        doc_id = row.get("id")
        doc_id = _scrub(str(doc_id))[0] if doc_id not in (None, "") and not isinstance(doc_id, (dict, list)) \
            else f"{path.stem}-{n}"
        if only is not None and doc_id not in only:
            continue
        # Lone surrogates come from \uD800-style escapes (or undecodable bytes): a line without either is clean.
        row, scrubbed = _scrub(row) if _SURROGATE_ESCAPE.search(text) or \
            (not text.isascii() and _SURROGATE.search(text)) else (row, 0)
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


# --------------------------------------------------------------------------- articles


def content_hash(raw: str, title: str | None = None) -> str:
    """The identity of a text: SHA-256 of its title and raw text (first 16 hex digits)."""
    key = f"{title or ''}\x00{raw}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# Language identification (py3langid): a language is reported only when the model is this sure
# of it, on at least this many letters of the title and the start of the text.
LANGUAGE_CONFIDENCE = 0.9
LANGUAGE_MIN_LETTERS = 60
LANGUAGE_SAMPLE = 1000
LANGUAGE_NAMES = {
    "ar": "Arabic", "be": "Belarusian", "bg": "Bulgarian", "cs": "Czech", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "es": "Spanish", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese",
    "kk": "Kazakh", "ko": "Korean", "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sr": "Serbian", "sv": "Swedish", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
}


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


# English function words: a text where they make up a fifth of the words is English, without
# asking the language identifier (which costs about a millisecond a document).
ENGLISH_WORDS = frozenset("the of and to in a is that for on with as was by it at from be are has have this "
                          "its an not will said were which or but their his he they after".split())
_LETTER = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[a-z]+")
_NOT_ASCII_LETTER = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language `text` is written in, or None when unsure or too short."""
    sample = text[:LANGUAGE_SAMPLE]
    ascii_letters = len(sample.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTER))
    if ascii_letters < LANGUAGE_MIN_LETTERS and len(_LETTER.findall(sample)) < LANGUAGE_MIN_LETTERS:
        return None
    words = _WORDS.findall(sample.lower())
    if len(words) >= 8 and sum(map(ENGLISH_WORDS.__contains__, words)) >= len(words) / 5:
        return "en"
    lang, prob = _language_identifier().classify(sample)
    return lang if prob >= LANGUAGE_CONFIDENCE else None


def language_name(code: str) -> str:
    """A language's English name ("Polish" for "pl"), or the code itself."""
    return LANGUAGE_NAMES.get(code, code)


def _is_english(code: str | None) -> bool:
    return bool(code) and re.split(r"[-_]", str(code).strip().lower())[0] in ("en", "eng", "english")


def to_article(doc: Document, problems: list[Problem]) -> dict:
    """Clean a document and gather its metadata into one articles row."""
    where = f"{doc.source}{':' + str(doc.line) if doc.line else ''}"

    def problem(kind: str, message: str) -> None:
        problems.append(Problem(doc.source, doc.line, doc.id, kind, "warning", f"{where}: {message}"))

    meta, scrubbed = _scrub(doc.meta)  # a new dict
    if scrubbed:
        problem("encoding", "metadata with invalid characters (lone surrogates) replaced by U+FFFD")
    date, date_problem = parse_date(meta.get("date"))
    if date_problem:
        problem("bad_date", date_problem)
    text, omap = clean(doc.raw)
    if "\x00" in doc.raw:
        problem("nul_bytes", "NUL bytes in the text; kept in the raw text, dropped from the annotated text")
    title = _str_or_none(meta.get("title"))
    given = _str_or_none(meta.get("language"))
    detected = detect_language(f"{title}\n\n{text}" if title else text)
    if detected and detected != "en":
        said = f" (its metadata says {given!r})" if given else ""
        problem("language", f"the text reads as {language_name(detected)} ({detected}), not English{said}; "
                            f"annotated with English rules, so actors, statements and themes may be missed or wrong")
    elif given and not detected and not _is_english(given):
        problem("language", f"the document's language is {given!r}, not English; annotated with English rules, "
                            f"so actors, statements and themes may be missed or wrong")
    try:
        extra = json.dumps({k: v for k, v in meta.items() if k not in META_FIELDS}, default=str,
                           ensure_ascii=False, sort_keys=True)
    except (ValueError, TypeError, RecursionError) as e:
        problem("metadata", f"extra metadata could not be kept ({type(e).__name__}: {e}); dropped")
        extra = "{}"
    row = {
        "id": doc.id,
        "title": break_long_runs(title) if title else title,
        "outlet": _str_or_none(meta.get("outlet")),
        "date": date,
        "date_raw": _str_or_none(meta.get("date")),
        "url": _str_or_none(meta.get("url")),
        "language": given or detected,
        "translated_from": _str_or_none(meta.get("translated_from")),
        "source": doc.source,
        "line": doc.line,
        "raw": doc.raw,
        "text": text,
        "offsets": omap.to_json(),
        "content_hash": content_hash(doc.raw, title),
        "extra": extra,
    }
    return row


def _str_or_none(v) -> str | None:
    if v is None or (isinstance(v, float) and v != v) or v == "":
        return None
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v)


def iter_articles(paths, problems: list[Problem], max_articles: int | None = None,
                  unchanged=None) -> Iterator[dict]:
    """Yield cleaned article rows; record empty texts and duplicates as problems.

    `unchanged(doc_id, content_hash, date)`, when given, says which documents a store already
    holds as they are: those are yielded as `{"id", "content_hash", "unchanged": True}` without
    being cleaned again (a re-run on an unchanged corpus does almost nothing).
    """
    seen_hash: dict[str, str] = {}
    seen_id: set[str] = set()
    count = 0
    for doc in iter_documents(paths, problems):
        where = f"{doc.source}{':' + str(doc.line) if doc.line else ''}"
        title = doc.meta.get("title")
        if _blank(doc.raw) and not (isinstance(title, str) and title.strip()):
            problems.append(Problem(doc.source, doc.line, doc.id, "empty", "error",
                                    f"{where}: empty text{' (only whitespace or invisible characters)' if doc.raw else ''}"
                                    f"; not loaded"))
            continue
        h = content_hash(doc.raw, _str_or_none(title))
        if h in seen_hash:
            problems.append(Problem(doc.source, doc.line, doc.id, "duplicate", "warning",
                                    f"{where}: same text as document {seen_hash[h]}; stored once"))
            continue
        if doc.id in seen_id:
            new_id = f"{doc.id}~{h[:8]}"
            problems.append(Problem(doc.source, doc.line, doc.id, "duplicate_id", "warning",
                                    f"{where}: id {doc.id} already used by another text; stored as {new_id}"))
            doc.id = new_id
        seen_hash[h] = doc.id
        seen_id.add(doc.id)
        if unchanged is not None and unchanged(doc.id, h, parse_date(doc.meta.get("date"))[0]):
            yield {"id": doc.id, "content_hash": h, "unchanged": True}
        else:
            yield to_article(doc, problems)
        count += 1
        if max_articles is not None and count >= max_articles:
            break


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """The problems as a DataFrame with stable columns."""
    import pandas as pd

    return pd.DataFrame([p.__dict__ for p in problems], columns=PROBLEM_COLUMNS).astype({"line": "Int64"})


def load(paths, max_articles: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load documents from files and folders; return (articles, problems) DataFrames."""
    import pandas as pd

    problems: list[Problem] = []
    rows = list(iter_articles(paths, problems, max_articles=max_articles))
    articles = pd.DataFrame(rows, columns=ARTICLE_COLUMNS).astype({"line": "Int64"})
    return articles, problems_frame(problems)
