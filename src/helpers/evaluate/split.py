"""The dev gold split in two, fixed by a hash of the document id: a tune part and a validation part.

The tune part (about two thirds) is for reading errors and tuning; the validation part (about a
third) only gives figures: its per-document errors are never shown. A document's part depends on
its file and id alone, so it never moves when files grow.
"""

from __future__ import annotations

import hashlib

PARTS = ("tune", "validation")
VALIDATION_EVERY = 3  # one document in three, by hash


def part_of(file: str, doc_id: str) -> str:
    """"tune" or "validation" for a gold document, from a hash of its file name and id."""
    h = int(hashlib.sha256(f"{file}/{doc_id}".encode("utf-8")).hexdigest(), 16)
    return "validation" if h % VALIDATION_EVERY == 0 else "tune"


def only(docs: dict[str, dict], file: str, part: str | None) -> dict[str, dict]:
    """The documents of `docs` (by id) in `part` of `file`; all of them where `part` is None."""
    if part is None:
        return docs
    if part not in PARTS:
        raise ValueError(f"part {part!r}: expected one of {', '.join(PARTS)}")
    return {k: v for k, v in docs.items() if part_of(file, k) == part}
