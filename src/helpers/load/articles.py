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

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from helpers.config import annotated_languages
from helpers.load.clean import break_long_runs, clean
from helpers.load.decode import scrub_surrogates
from helpers.load.documents import (
    ARTICLE_COLUMNS,
    META_FIELDS,
    PROBLEM_COLUMNS,
    Document,
    Problem,
)
from helpers.load.language import detect_language, language_code, language_name
from helpers.load.metadata import parse_date
from helpers.load.readers import is_blank, iter_documents

if TYPE_CHECKING:  # pandas is imported where a DataFrame is made
    import pandas as pd

def content_hash(raw: str, title: str | None = None) -> str:
    """The identity of a text: SHA-256 of its title and raw text (first 16 hex digits)."""
    key = f"{title or ''}\x00{raw}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def to_article(doc: Document, problems: list[Problem]) -> dict:
    """Clean a document and gather its metadata into one articles row."""
    where = f"{doc.source}{':' + str(doc.line) if doc.line else ''}"

    def problem(kind: str, message: str) -> None:
        problems.append(Problem(doc.source, doc.line, doc.id, kind, "warning", f"{where}: {message}"))

    meta, scrubbed = scrub_surrogates(doc.meta)  # a new dict
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
    code = language_code(given or detected) or "en"
    supported = annotated_languages()
    if code in supported and detected not in (None, code):
        said = f"its metadata says {given!r}" if given else "it was detected as such"
        problem("language", f"the text reads as {language_name(detected)} ({detected}), but {said}; annotated as "
                            f"{language_name(code)}, so actors, statements and themes may be missed or wrong")
    elif code not in supported:
        what = f"the document's language is {given!r}" if given else f"the text reads as {language_name(code)} ({code})"
        problem("language", f"{what}, which the annotator does not read (it reads {', '.join(sorted(supported))}); "
                            f"annotated with English rules, so actors, statements and themes may be missed or wrong")
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
                  unchanged=None, cleaning: list[Problem] | None = None) -> Iterator[dict]:
    """Yield cleaned article rows; record empty texts and duplicates as problems.

    `unchanged(doc_id, content_hash, date)`, when given, says which documents a store already
    holds as they are: those are yielded as `{"id", "content_hash", "unchanged": True}` without
    being cleaned again (a re-run on an unchanged corpus does almost nothing). The problems met
    cleaning a document (its language, date, metadata) go to `cleaning` when given: a store keeps
    them with the document, since a re-run that skips it does not meet them again.
    """
    seen_hash: dict[str, str] = {}
    seen_id: set[str] = set()
    count = 0
    for doc in iter_documents(paths, problems):
        where = f"{doc.source}{':' + str(doc.line) if doc.line else ''}"
        title = doc.meta.get("title")
        if is_blank(doc.raw) and not (isinstance(title, str) and title.strip()):
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
            yield to_article(doc, problems if cleaning is None else cleaning)
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
