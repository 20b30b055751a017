"""The theme codebook: weighted terms and excluding terms per theme, a document threshold.

It ships as YAML (`data/codebook.yaml`); users can pass their own of the same shape:

    threshold: 3.0
    themes:
      sanctions:
        label: Sanctions
        terms:
          - {term: sanction*, weight: 3}
        exclude:
          - {term: disciplinary}

A sentence scores, per theme, the sum of the weights of the distinct terms found in it (case
insensitive, on word boundaries, a trailing `*` matches any word ending), plus the weight of
each actor pair whose two sides are both mentioned in it (`pairs`: two lists of canonical
actors, e.g. China's side and Russia's side), or nothing when it holds an excluding term. A document has the theme when its sentences' scores reach the
threshold; `short_document: {words: N, threshold: T}` sets a lower threshold for texts of at most
N words (a headline and its summary have one or two sentences to give evidence in). Every hit keeps its sentence and the terms that fired.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from helpers.config import CODEBOOK_FILE

THEME_IDS = [
    "world_order", "china_russia_alignment", "trade_economy", "sanctions", "ukraine_war",
    "middle_east", "international_law", "belt_and_road", "security_military",
]


@dataclass
class Theme:
    """One theme of the codebook with its compiled term and exclusion patterns."""

    id: str
    label: str
    threshold: float
    terms: dict[str, float]
    exclude: list[str] = field(default_factory=list)
    description: str = ""
    pairs: list[tuple[str, frozenset, frozenset, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._terms = _compile(list(self.terms))
        self._exclude = _compile(self.exclude) if self.exclude else None
        self._by_lower = {t.lower(): t for t in self.terms}

    def score(self, sentence: str, actors: frozenset | set = frozenset()) -> tuple[float, list[str]]:
        """The sentence's score for this theme and the distinct terms (and actor pairs) that fired."""
        if self._exclude is not None and self._exclude.search(sentence):
            return 0.0, []
        fired: dict[str, None] = {}
        for m in self._terms.finditer(sentence):
            fired.setdefault(self._term_of(m.group(0)), None)
        terms = sorted(fired)
        total = float(sum(self.terms[t] for t in terms))
        for label, first, second, weight in self.pairs:
            if actors & first and actors & second:
                terms.append(label)
                total += weight
        return total, terms

    def _term_of(self, matched: str) -> str:
        key = matched.lower()
        if key in self._by_lower:
            return self._by_lower[key]
        for t in self.terms:  # a wildcard term: the longest prefix that matches
            if t.endswith("*") and re.fullmatch(_pattern(t), matched, re.I):
                return t
        return matched


@dataclass
class Codebook:
    """The themes and the default threshold."""

    themes: dict[str, Theme]
    threshold: float
    digest: str
    short_words: int = 0
    short_threshold: float | None = None

    def threshold_for(self, theme: Theme, words: int) -> float:
        """The document threshold of `theme` for a document of `words` words (short texts need less)."""
        if self.short_threshold is not None and words <= self.short_words:
            return min(theme.threshold, self.short_threshold)
        return theme.threshold


def _pattern(term: str) -> str:
    words = term.strip().rstrip("*").split()
    body = r"[\s\-]+".join(re.escape(w) for w in words)
    tail = r"[\w'’-]*" if term.strip().endswith("*") else ""
    return rf"(?<![\w-]){body}{tail}(?![\w])" if not tail else rf"(?<![\w-]){body}{tail}"


def _compile(terms: list[str]) -> re.Pattern:
    ordered = sorted(terms, key=len, reverse=True)
    return re.compile("|".join(_pattern(t) for t in ordered), re.IGNORECASE)


def parse_codebook(text: str, source: str = "<string>") -> Codebook:
    """Parse codebook YAML (safe loader) and check its shape; errors name the theme."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("themes"), dict):
        raise ValueError(f"{source}: expected a mapping with 'themes'")
    default = float(data.get("threshold", 3.0))
    themes: dict[str, Theme] = {}
    for tid, spec in data["themes"].items():
        if not isinstance(spec, dict) or not spec.get("terms"):
            raise ValueError(f"{source}: theme {tid} needs terms")
        terms: dict[str, float] = {}
        for t in spec["terms"]:
            if isinstance(t, str):
                terms[t] = 1.0
            elif isinstance(t, dict) and t.get("term"):
                terms[str(t["term"])] = float(t.get("weight", 1.0))
            else:
                raise ValueError(f"{source}: theme {tid}: bad term {t!r}")
        exclude = [str(e["term"]) if isinstance(e, dict) else str(e) for e in spec.get("exclude") or []]
        pairs = []
        for pr in spec.get("pairs") or []:
            if not isinstance(pr, dict) or not pr.get("first") or not pr.get("second"):
                raise ValueError(f"{source}: theme {tid}: a pair needs 'first' and 'second' lists of actors")
            label = str(pr.get("label") or f"{pr['first'][0]} + {pr['second'][0]}")
            pairs.append((label, frozenset(map(str, pr["first"])), frozenset(map(str, pr["second"])),
                          float(pr.get("weight", 1.0))))
        themes[str(tid)] = Theme(
            id=str(tid),
            label=str(spec.get("label", tid)),
            threshold=float(spec.get("threshold", default)),
            terms=terms,
            exclude=exclude,
            description=str(spec.get("description", "")),
            pairs=pairs,
        )
    short = data.get("short_document") or {}
    if short and not (isinstance(short, dict) and "words" in short and "threshold" in short):
        raise ValueError(f"{source}: short_document needs 'words' and 'threshold'")
    return Codebook(themes, default, hashlib.sha256(text.encode("utf-8")).hexdigest()[:12],
                    short_words=int(short.get("words", 0)),
                    short_threshold=float(short["threshold"]) if short else None)


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> Codebook:
    return parse_codebook(Path(path).read_text(encoding="utf-8"), path)


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load the codebook from YAML (the shipped one by default)."""
    p = Path(path) if path else CODEBOOK_FILE
    return _load_cached(str(p), p.stat().st_mtime)
