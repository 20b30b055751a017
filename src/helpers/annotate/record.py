"""The per-document record the stages fill in, the tables an annotation yields, and a parse request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

# The tables of a document's annotation that the store keeps per document; "problems" comes last.
ANNOTATION_TABLES = ["sentences", "mentions", "statements", "figures", "dates", "theme_hits", "doc_themes",
                     "relevance"]
TABLES = [*ANNOTATION_TABLES, "problems"]


T = TypeVar("T")


class Need(NamedTuple):
    """Statistical parses a stage asks for: `kind` ("parse", "names" or "ents") of `items`."""

    kind: str
    items: list


# A stage that may need parses: a generator that yields `Need`s, is sent their docs, and returns a T.
Steps = Generator[Need, list, T]


@dataclass
class Record:
    """One document as the stages see it: its text and what the stages have built of it so far.

    The stages keep what they build in it (mentions, speaker turns): a document annotated again
    from its record starts from them rather than from its text."""

    article: dict
    text: str
    body_at: int
    doc: object
    sents: list
    found: tuple
    quoting: tuple | None
    day: dt.date | None = None
    mentions: list[dict] | None = None
    turns: tuple[list[dict], str | None] | None = None
