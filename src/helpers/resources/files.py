"""Reading the resource files: parsed once per version of the file, and a digest of their text."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def text_digest(text: str) -> str:
    """A short digest of a resource's text: it keys the annotation cache."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def read_cached(parse: Callable[[str, str], T], path: str | Path) -> T:
    """`parse(text, path)` of a file, parsed again only when the file changes (its modification time)."""
    p = Path(path)
    return _parsed(parse, str(p), p.stat().st_mtime)


@lru_cache(maxsize=32)
def _parsed(parse, path: str, mtime: float):
    return parse(Path(path).read_text(encoding="utf-8"), path)
