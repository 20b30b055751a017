"""The annotation cache key: a fingerprint of everything that decides an annotation.

A stored document is annotated again when its key changes, so the key is derived, never set by
hand: the source of the code that loads and annotates, the knowledge base, the codebook and the
lexicons the annotator was built with, and the versions of spaCy and of its English model.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from helpers.config import PACKAGE_DIR, SPACY_MODEL

# The parts of the package whose code decides what an annotation holds.
ANNOTATION_CODE = ("config.py", "load", "resources", "annotate")


def code_digest(parts: tuple[str, ...] = ANNOTATION_CODE, root: Path = PACKAGE_DIR) -> str:
    """A digest of the Python source of `parts` (files or folders of the package), as found on disk."""
    return _digest_of(tuple(parts), str(root))


@lru_cache(maxsize=8)
def _digest_of(parts: tuple[str, ...], root: str) -> str:
    h = hashlib.sha256()
    base = Path(root)
    for part in parts:
        path = base / part
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for f in files:
            h.update(str(f.relative_to(base)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:12]


@lru_cache(maxsize=1)
def model_version() -> str:
    """The versions of spaCy and of the English model, as installed."""
    out = []
    for dist in ("spacy", SPACY_MODEL):
        try:
            out.append(f"{dist}-{metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            out.append(f"{dist}-absent")
    return "+".join(out)


def fingerprint(*resource_digests: str) -> str:
    """The cache key of an annotator built with resources of these digests."""
    return "+".join([f"code.{code_digest()}", *resource_digests, model_version()])
