"""Loading: files and folders of documents into an articles table and a problems table.

Supported inputs, in any mix: `.txt` and `.md` (optional YAML front matter, optional sidecar
`NAME.meta.yaml`), `.jsonl` (one document per line, the format of the shared corpus), `.csv`
(a text column), `.html`/`.htm` (main text extracted with trafilatura), and `.ids` or
`*_ids.txt` files that list document ids to pick from the `.jsonl` files beside them.

Raw text is kept exactly as decoded from the source; the cleaned text that is annotated comes
with an offset map back to it (`helpers.clean`). Every problem (undecodable bytes, empty
text, duplicates, unreadable lines, bad metadata) is recorded with its file and line, and the
rest of the corpus still loads.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from helpers.clean import clean
from helpers.config import PROJ_ROOT, resolve

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


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode bytes as UTF-8 (BOM kept), else UTF-16 by BOM, else cp1252 or latin-1 with a warning.

    Raises LoadError for binary data.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "decoded as UTF-16 (byte-order mark)"
        except UnicodeDecodeError as e:
            raise LoadError(f"UTF-16 byte-order mark but undecodable bytes: {e}") from e
    if _looks_binary(data):
        raise LoadError("binary file (control bytes throughout), not text")
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


def _looks_binary(data: bytes, sample: int = 8192) -> bool:
    head = data[:sample]
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12, 0))
    nuls = head.count(0)
    return nuls > len(head) * 0.1 or controls > len(head) * 0.1


# --------------------------------------------------------------------------- metadata


def parse_date(value) -> tuple[str | None, str | None]:
    """Return (ISO date or None, problem message or None) for a metadata date."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    text = str(value).strip()
    for fmt, n in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            d = dt.datetime.strptime(text[:n], fmt)
        except ValueError:
            continue
        if len(text) == n or (n == 10 and text[10:11] in ("T", " ")):
            return d.date().isoformat(), None
    return None, f"impossible or unreadable date {text!r}; kept raw, date set to null"


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
        meta = yaml.safe_load(text[first_nl + 1 : end]) or {}
    except yaml.YAMLError as e:
        return {}, body, f"front matter is not valid YAML ({str(e).splitlines()[0]}); ignored"
    if not isinstance(meta, dict):
        return {}, body, "front matter is not a mapping; ignored"
    return meta, body, None


# --------------------------------------------------------------------------- readers


def _rel(path: Path) -> str:
    """A path as shown to users: relative to the project root (no machine paths in reports)."""
    try:
        return os.path.relpath(path, PROJ_ROOT)
    except ValueError:
        return str(path)


def _read_text_file(path: Path, problems: list[Problem]) -> Iterator[Document]:
    src = _rel(path)
    data = path.read_bytes()
    try:
        text, warning = decode(data)
    except LoadError as e:
        problems.append(Problem(src, None, None, "undecodable", "error", f"{src}: {e}"))
        return
    if warning:
        problems.append(Problem(src, None, path.stem, "encoding", "warning", f"{src}: {warning}"))
    meta, body_at, fm_problem = ({}, 0, None)
    if path.suffix.lower() in TEXT_SUFFIXES:
        meta, body_at, fm_problem = _front_matter(text)
    if fm_problem:
        problems.append(Problem(src, 1, path.stem, "front_matter", "warning", f"{src}: {fm_problem}"))
    sidecar = path.with_name(path.stem + ".meta.yaml")
    if sidecar.exists():
        try:
            side = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
            if not isinstance(side, dict):
                raise yaml.YAMLError("not a mapping")
            meta = {**side, **meta}
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            problems.append(Problem(_rel(sidecar), None, path.stem, "metadata", "warning",
                                    f"{_rel(sidecar)}: sidecar metadata unreadable ({e}); ignored"))
    doc_id = str(meta.pop("id", None) or path.stem)
    yield Document(doc_id, text[body_at:], src, None, meta)


def _read_html(path: Path, problems: list[Problem]) -> Iterator[Document]:
    import trafilatura

    src = _rel(path)
    try:
        html, warning = decode(path.read_bytes())
    except LoadError as e:
        problems.append(Problem(src, None, None, "undecodable", "error", f"{src}: {e}"))
        return
    if warning:
        problems.append(Problem(src, None, path.stem, "encoding", "warning", f"{src}: {warning}"))
    text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    meta: dict = {}
    info = trafilatura.extract_metadata(html)
    if info is not None:
        meta = {"title": info.title, "date": info.date, "url": info.url, "outlet": info.sitename}
    yield Document(path.stem, text, src, None, {k: v for k, v in meta.items() if v})


def _read_jsonl(path: Path, problems: list[Problem], only: set[str] | None = None) -> Iterator[Document]:
    src = _rel(path)
    with path.open("rb") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                text, warning = decode(line)
                row = json.loads(text)
            except (LoadError, json.JSONDecodeError) as e:
                problems.append(Problem(src, n, None, "unreadable_line", "error",
                                        f"{src}:{n}: not a JSON object ({e})"))
                continue
            if not isinstance(row, dict):
                problems.append(Problem(src, n, None, "unreadable_line", "error",
                                        f"{src}:{n}: a JSON {type(row).__name__}, not an object"))
                continue
            doc_id = str(row.get("id") or f"{path.stem}-{n}")
            if only is not None and doc_id not in only:
                continue
            if warning:
                problems.append(Problem(src, n, doc_id, "encoding", "warning", f"{src}:{n}: {warning}"))
            body = row.get("text")
            if not isinstance(body, str):
                what = "no text field" if body is None else f"text is a {type(body).__name__}, not a string"
                if row.get("title"):
                    problems.append(Problem(src, n, doc_id, "no_text", "warning",
                                            f"{src}:{n}: {what}; the title alone is kept"))
                    body = ""
                else:
                    problems.append(Problem(src, n, doc_id, "no_text", "error", f"{src}:{n}: {what}"))
                    continue
            meta = {k: v for k, v in row.items() if k not in ("id", "text")}
            yield Document(doc_id, body, src, n, meta)


def _read_csv(path: Path, problems: list[Problem]) -> Iterator[Document]:
    src = _rel(path)
    try:
        text, warning = decode(path.read_bytes())
    except LoadError as e:
        problems.append(Problem(src, None, None, "undecodable", "error", f"{src}: {e}"))
        return
    if warning:
        problems.append(Problem(src, None, None, "encoding", "warning", f"{src}: {warning}"))
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    column = next((c for c in TEXT_COLUMNS if c in fields), None)
    if column is None:
        problems.append(Problem(src, 1, None, "no_text_column", "error",
                                f"{src}: no text column (looked for {', '.join(TEXT_COLUMNS)}; "
                                f"found {', '.join(fields) or 'none'})"))
        return
    try:
        for i, row in enumerate(reader, 1):
            row = {(k or "").strip().lower(): v for k, v in row.items()}
            n = reader.line_num
            doc_id = str(row.get("id") or f"{path.stem}-{i}")
            body = row.get(column)
            if body is None:
                problems.append(Problem(src, n, doc_id, "unreadable_line", "error",
                                        f"{src}:{n}: row has no {column!r} value"))
                continue
            meta = {k: v for k, v in row.items() if k not in ("id", column) and v not in (None, "")}
            yield Document(doc_id, body, src, n, meta)
    except csv.Error as e:
        problems.append(Problem(src, reader.line_num, None, "unreadable_line", "error", f"{src}:{reader.line_num}: {e}"))


def _is_id_list(path: Path) -> bool:
    return path.suffix == ".ids" or path.name.endswith("_ids.txt")


def _read_id_list(path: Path, problems: list[Problem]) -> Iterator[Document]:
    wanted = [l.strip() for l in path.read_text(encoding="utf-8").splitlines()]
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
        path = resolve(p)
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


# --------------------------------------------------------------------------- articles


def content_hash(raw: str, title: str | None = None) -> str:
    """The identity of a text: SHA-256 of its title and raw text (first 16 hex digits)."""
    key = f"{title or ''}\x00{raw}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def to_article(doc: Document, problems: list[Problem]) -> dict:
    """Clean a document and gather its metadata into one articles row."""
    meta = dict(doc.meta)
    date, date_problem = parse_date(meta.get("date"))
    if date_problem:
        problems.append(Problem(doc.source, doc.line, doc.id, "bad_date", "warning",
                                f"{doc.source}{':' + str(doc.line) if doc.line else ''}: {date_problem}"))
    text, omap = clean(doc.raw)
    if "\x00" in doc.raw:
        problems.append(Problem(doc.source, doc.line, doc.id, "nul_bytes", "warning",
                                f"{doc.source}: NUL bytes in the text; dropped from the annotated text"))
    row = {
        "id": doc.id,
        "title": _str_or_none(meta.get("title")),
        "outlet": _str_or_none(meta.get("outlet")),
        "date": date,
        "date_raw": _str_or_none(meta.get("date")),
        "url": _str_or_none(meta.get("url")),
        "language": _str_or_none(meta.get("language")),
        "translated_from": _str_or_none(meta.get("translated_from")),
        "source": doc.source,
        "line": doc.line,
        "raw": doc.raw,
        "text": text,
        "offsets": omap.to_json(),
        "content_hash": content_hash(doc.raw, _str_or_none(meta.get("title"))),
        "extra": json.dumps({k: v for k, v in meta.items() if k not in META_FIELDS}, default=str,
                            ensure_ascii=False, sort_keys=True),
    }
    return row


def _str_or_none(v) -> str | None:
    if v is None or (isinstance(v, float) and v != v) or v == "":
        return None
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v)


def iter_articles(paths, problems: list[Problem], max_articles: int | None = None) -> Iterator[dict]:
    """Yield cleaned article rows; record empty texts and duplicates as problems."""
    seen_hash: dict[str, str] = {}
    seen_id: set[str] = set()
    count = 0
    for doc in iter_documents(paths, problems):
        where = f"{doc.source}{':' + str(doc.line) if doc.line else ''}"
        title = doc.meta.get("title")
        if not doc.raw.strip() and not (isinstance(title, str) and title.strip()):
            problems.append(Problem(doc.source, doc.line, doc.id, "empty", "error", f"{where}: empty text"))
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
        yield to_article(doc, problems)
        count += 1
        if max_articles is not None and count >= max_articles:
            break


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """The problems as a DataFrame with stable columns."""
    return pd.DataFrame([p.__dict__ for p in problems], columns=PROBLEM_COLUMNS).astype({"line": "Int64"})


def load(paths, max_articles: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load documents from files and folders; return (articles, problems) DataFrames."""
    problems: list[Problem] = []
    rows = list(iter_articles(paths, problems, max_articles=max_articles))
    articles = pd.DataFrame(rows, columns=ARTICLE_COLUMNS).astype({"line": "Int64"})
    return articles, problems_frame(problems)
