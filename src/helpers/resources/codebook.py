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
actors, e.g. China's side and Russia's side), or nothing when it holds an excluding term. A pair
with `cues` counts only where the two sides are related in the sentence, not merely both named:
a cue word (ties, aid, weapons, talks, ...) between a mention of each side at most `window` words
apart ("Beijing provided Russia with aid"), or right after the two named together ("Russia and
China strengthen ties"), or before "between" them ("trade between Russia and China"); with
`follow`, also a word of the relationship right after the later side, the earlier at most `window`
words before it ("China's concern over Russia ties", "Beijing's stance on its Moscow partnership"). A
document has the theme when its sentences' scores reach the threshold; `short_document: {words: N, threshold: T}` sets a lower threshold for texts of at most
N words (a headline and its summary have one or two sentences to give evidence in). Every hit keeps its sentence and the terms that fired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpers.config import CODEBOOK_FILE
from helpers.resources.files import read_cached, text_digest
from helpers.resources.kb import SAFE_LOADER

THEME_IDS = [
    "world_order", "china_russia_alignment", "trade_economy", "sanctions", "ukraine_war",
    "middle_east", "international_law", "belt_and_road", "security_military",
]


# One character for another, replaced pair by pair: `str.translate` would look every character of
# the text up in a table, slower for so few pairs.
_FOLD = {"-": " ", "–": " ", "—": " ", "‐": " ", "\n": " ", "\t": " ", "\r": " ", "\u00a0": " ", "’": "'", "‘": "'"}


def fold(text: str) -> str:
    """Lower-case `text` and turn hyphens, dashes and line breaks into spaces, keeping every offset."""
    folded = text
    for a, b in _FOLD.items():
        folded = folded.replace(a, b)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def _cjk(char: str) -> bool:
    """Whether `char` is written without spaces between words (Chinese, Japanese, Korean), where a
    term matches anywhere rather than on word boundaries."""
    return "\u3040" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" or "\uf900" <= char <= "\ufaff"


def _key(term: str) -> tuple[str, bool]:
    wildcard = term.strip().endswith("*")
    return " ".join(fold(term.strip().rstrip("*")).split()), wildcard


class Scanner:
    """Every term and excluding term of some themes in one Aho–Corasick automaton (pyahocorasick).

    A term matches on word boundaries (not after a hyphen: "anti-sanctions" is not "sanctions");
    a trailing `*` matches any word ending. A term that begins or ends in Chinese, Japanese or
    Korean script matches there without a boundary, those scripts having no spaces between words. Where terms of one theme overlap, the longest wins.
    """

    def __init__(self, themes: list["Theme"]):
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, str, bool, bool]]] = {}
        for theme in themes:
            for term in theme.terms:
                key, wild = _key(term)
                entries.setdefault(key, []).append((theme.id, term, wild, False))
            for term in theme.exclude:
                key, wild = _key(term)
                entries.setdefault(key, []).append((theme.id, term, wild, True))
        for key, value in entries.items():
            if key:
                self.automaton.add_word(key, (len(key), value))
        self.empty = not entries
        if not self.empty:
            self.automaton.make_automaton()

    def scan(self, text: str) -> tuple[dict[str, list[tuple[int, int, str]]], dict[str, list[int]]]:
        """(theme -> [(start, end, term)] without overlaps, theme -> [starts of excluding terms])."""
        hits: dict[str, list[tuple[int, int, str]]] = {}
        excluded: dict[str, list[int]] = {}
        if self.empty or not text:
            return hits, excluded
        folded = fold(text)
        n = len(folded)
        for last, (length, value) in self.automaton.iter(folded):
            start, end = last - length + 1, last + 1
            if start > 0 and not _cjk(folded[start]) and (
                    folded[start - 1].isalnum() or text[start - 1] in "-‐" or folded[start - 1] == "_"):
                continue
            exact_end = end == n or _cjk(folded[end - 1]) or not (folded[end].isalnum() or folded[end] == "_")
            for theme_id, term, wild, is_exclude in value:
                if wild:
                    stop = end
                    while stop < n and (folded[stop].isalnum() or folded[stop] in "'_"):
                        stop += 1
                elif exact_end:
                    stop = end
                else:
                    continue
                if is_exclude:
                    excluded.setdefault(theme_id, []).append(start)
                else:
                    hits.setdefault(theme_id, []).append((start, stop, term))
        for theme_id, found in hits.items():
            found.sort(key=lambda h: (h[0], -(h[1] - h[0])))
            kept, reach = [], -1
            for h in found:
                if h[0] >= reach:
                    kept.append(h)
                    reach = h[1]
            hits[theme_id] = kept
        return hits, excluded


@dataclass
class Theme:
    """One theme of the codebook: weighted terms, excluding terms, actor pairs, a threshold."""

    id: str
    label: str
    threshold: float
    terms: dict[str, float]
    exclude: list[str] = field(default_factory=list)
    description: str = ""
    pairs: list["Pair"] = field(default_factory=list)

    def pair_score(self, actors, text: str = "") -> tuple[float, list[str]]:
        """The weight and labels of the actor pairs that hold in a sentence.

        `actors` is the sentence's actor mentions as (start, end, actor) with offsets into
        `text` (needed by pairs with cues), or just a set of actor names.
        """
        total, labels = 0.0, []
        for pair in self.pairs:
            if pair.holds(actors, text):
                labels.append(pair.label)
                total += pair.weight
        return total, labels

    def score(self, sentence: str, actors=frozenset()) -> tuple[float, list[str]]:
        """The sentence's score for this theme and the distinct terms (and actor pairs) that fired.

        `actors`: the sentence's mentions as (start, end, actor) with offsets into `sentence`, or a set of names.
        """
        if getattr(self, "_scanner", None) is None:
            self._scanner = Scanner([self])
        hits, excluded = self._scanner.scan(sentence)
        if excluded.get(self.id):
            return 0.0, []
        terms = sorted({term for _, _, term in hits.get(self.id, [])})
        total = float(sum(self.terms[t] for t in terms))
        extra, labels = self.pair_score(actors, sentence)
        return total + extra, terms + labels


_JOINED = re.compile(r"\s*(?:,|and|&|/|-|–|—)?\s*", re.IGNORECASE)
# What joins any number of items of one list: commas, "and", slashes, dashes (and "and" in Spanish,
# Russian, Chinese); the words between two sides that `LISTED` matches whole relate them in no way.
LISTED = re.compile(r"(?:\s*(?:,|;|and|&|/|-|–|—|y|e|и|和|与|、)\s*)*", re.IGNORECASE)
WORD = re.compile(r"[\w’'-]+")


@dataclass
class Pair:
    """An actor pair of a theme: one side from `first`, one from `second`, related by a cue if `cues`."""

    label: str
    first: frozenset
    second: frozenset
    weight: float
    cues: re.Pattern | None = None
    window: int = 15
    follow: re.Pattern | None = None

    def holds(self, actors, text: str = "") -> bool:
        """Whether both sides are in the sentence's `actors` (and related there, when the pair has cues)."""
        if isinstance(actors, (set, frozenset)):
            return self.cues is None and bool(actors & self.first) and bool(actors & self.second)
        names = {a for _, _, a in actors}
        if not (names & self.first and names & self.second):
            return False
        if self.cues is None:
            return True
        ones = [(s, e) for s, e, a in actors if a in self.first]
        twos = [(s, e) for s, e, a in actors if a in self.second]
        for a in ones:
            for b in twos:
                (s1, e1), (s2, e2) = sorted([a, b])
                if e1 > s2:
                    continue
                gap = text[e1:s2]
                if _JOINED.fullmatch(gap):  # named together: a cue right after, or "... between" before
                    after = " ".join(WORD.findall(text[e2:e2 + 60])[:5])
                    before = text[max(0, s1 - 60):s1]
                    if self.cues.search(fold(after)) or re.search(r"between\s*$", before) and \
                            self.cues.search(fold(" ".join(WORD.findall(before)[-4:]))):
                        return True
                elif len(WORD.findall(gap)) <= self.window and (
                        self.cues.search(fold(gap)) or self.follow is not None and
                        self.follow.match(fold(" ".join(WORD.findall(text[e2:e2 + 30])[:1])))):
                    return True  # a cue between them, or a word of the relationship right after the later one
        return False


def _cue_pattern(cues: list[str]) -> re.Pattern:
    parts = []
    for c in cues:
        key, wild = _key(c)
        parts.append(r"\b" + r"\s+".join(map(re.escape, key.split())) + (r"\w*" if wild else r"\b"))
    return re.compile("|".join(parts))


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

    def score_sentences(self, text: str, bounds: list[tuple[int, int]],
                        actors: dict[int, list] | None = None) -> list[tuple[int, str, float, list[str]]]:
        """(sentence index, theme, score, terms) for every sentence with evidence, scanning `text` once.

        `actors` maps a sentence index to its actor mentions, (start, end, actor) with offsets into `text`.
        """
        import bisect

        if getattr(self, "_scanner", None) is None:
            self._scanner = Scanner(list(self.themes.values()))
        hits, excluded = self._scanner.scan(text)
        starts = [b[0] for b in bounds]

        def sentence_of(i: int) -> int:
            k = bisect.bisect_right(starts, i) - 1
            return k if k >= 0 and i < bounds[k][1] else -1

        rows = []
        # The actors each sentence names: a theme's pairs are read only where both sides of one are there.
        named = {k: {a for _, _, a in found} for k, found in actors.items()} if actors else {}
        for tid, theme in self.themes.items():
            found_terms = hits.get(tid)
            pairs = [k for k, names in named.items()
                     if any(names & p.first and names & p.second for p in theme.pairs)] if theme.pairs else []
            if not found_terms and not pairs:
                continue
            blocked = {sentence_of(i) for i in excluded[tid]} if tid in excluded else set()
            per: dict[int, set[str]] = {}
            for start, _, term in found_terms or ():
                k = sentence_of(start)
                if k >= 0 and k not in blocked:
                    per.setdefault(k, set()).add(term)
            pair_hits = {}
            for k in pairs:
                if k not in blocked and 0 <= k < len(bounds):
                    b0, b1 = bounds[k]
                    pair_hits[k] = theme.pair_score([(s - b0, e - b0, a) for s, e, a in actors[k]], text[b0:b1])
                    if pair_hits[k][0] > 0:
                        per.setdefault(k, set())
            for k in sorted(per):
                terms = sorted(per[k])
                score = float(sum(theme.terms[t] for t in terms))
                extra, labels = pair_hits.get(k, (0.0, []))
                rows.append((k, tid, score + extra, terms + labels))
        return rows


def parse_codebook(text: str, source: str = "<string>") -> Codebook:
    """Parse codebook YAML (safe loader) and check its shape; errors name the theme."""
    data = yaml.load(text, Loader=SAFE_LOADER)
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
            cues = pr.get("cues")
            follow = pr.get("follow")
            for name, words in (("cues", cues), ("follow", follow)):
                if words is not None and (not isinstance(words, list) or
                                          not all(isinstance(c, str) and c.strip() for c in words)):
                    raise ValueError(f"{source}: theme {tid}: pair {label}: {name!r} must be a list of words")
            if follow and not cues:
                raise ValueError(f"{source}: theme {tid}: pair {label}: 'follow' needs 'cues'")
            pairs.append(Pair(label, frozenset(map(str, pr["first"])), frozenset(map(str, pr["second"])),
                              float(pr.get("weight", 1.0)), _cue_pattern(cues) if cues else None,
                              int(pr.get("window", 15)), _cue_pattern(follow) if follow else None))
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
    return Codebook(themes, default, text_digest(text),
                    short_words=int(short.get("words", 0)),
                    short_threshold=float(short["threshold"]) if short else None)


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load the codebook from YAML (the shipped one by default)."""
    return read_cached(parse_codebook, path or CODEBOOK_FILE)
