"""The records loading produces: a document before cleaning, a problem, and the columns of their tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a DataFrame is made
    pass

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
