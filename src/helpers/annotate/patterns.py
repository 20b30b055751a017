"""Regular expressions built from word lists (the lexicons', a language pack's)."""

from __future__ import annotations

import re


def alternation(words) -> str:
    """Words as one regular-expression alternation, longest first, escaped; one that matches
    nothing when there are none."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


def phrases(words) -> str:
    """Phrases as one alternation, longest first, their spaces matching any white space ("о том"
    matches "о  том" and "о\\nтом"); one that matches nothing when there are none."""
    return "|".join(r"\s+".join(map(re.escape, w.split()))
                    for w in sorted(words, key=len, reverse=True) if w.strip()) or "(?!)"


def characters(words) -> str:
    """The characters of some words as the inside of a character class (escaped)."""
    return "".join(re.escape(c) for c in sorted(set("".join(words))))
