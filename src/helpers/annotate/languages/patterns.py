"""Regular expressions built from a language pack's word lists."""

from __future__ import annotations

import re


def alternation(words) -> str:
    """Words as one regular-expression alternation, longest first, escaped; one that matches
    nothing when there are none."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"
