"""Cleaning: the text that is annotated, with an offset map back to the raw text.

Raw text is never changed. `clean` returns the cleaned text and an `OffsetMap` whose runs say,
for every span of the cleaned text, which span of the raw text it came from. Cleaning:

- line ends: CRLF and CR become LF;
- invisible characters (NUL and other control characters, byte-order marks, zero-width
  spaces, soft hyphens) are dropped;
- runs of spaces, tabs and no-break spaces become one space;
- words glued together where a link was removed ("Putinthe", "USAthey", "tradewhich") are
  split, but only when the glued token is not itself an English word and it ends in a common
  function word whose remainder is a word or a name;
- very long runs without a space (a line of 10,000 quotation marks, a pasted data blob) get a
  space every `MAX_PUNCT_RUN` punctuation characters or every `MAX_TOKEN` characters, so that
  tokenizing them takes time linear in their length (a tokenizer strips leading and trailing
  punctuation one character at a time, which is quadratic on one long token).
"""

from __future__ import annotations

import bisect
import heapq
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

# Function words that the glued tokens of real text end with. Three letters or more: shorter
# ones ("is", "a") would split real words far too often.
GLUE_SUFFIXES = (
    "the", "they", "their", "there", "these", "those", "this", "that", "which", "who", "whose",
    "where", "when", "while", "was", "were", "has", "have", "had", "are", "will", "would",
    "and", "with", "from", "into",
)

# What cleaning replaces: line ends, invisible characters and spacing (`_EVENT`), and tokens
# that may be glued words. Each is found by a search that the regex engine runs fast, because
# it never stops at a plain letter or a single space: where such a replacement may start
# (`_EVENT_START`: a special character, or a space before another space), and the ends of
# tokens that may be glued words (a function word after two letters or more, at a word's end),
# whose start is then found by scanning back over ASCII letters. Large texts clean at several
# megabytes a second.
_EVENT = re.compile(
    r"(?P<crlf>\r\n?)"
    r"|(?P<drop>[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u200b\u200c\u200d\u2060\u00ad])"
    r"|(?P<ws>[ \t\u00a0\u2009\u202f]{2,}|[\t\u00a0\u2009\u202f])"
)
_EVENT_START = re.compile(r"[\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u200b\u200c\u200d\u2060\u00ad\t\u00a0\u2009\u202f]"
                          r"| (?=[ \t\u00a0\u2009\u202f])")
_GLUED_END = re.compile(
    "(?:" + "|".join(f"{s}(?<=[A-Za-z]{{{len(s) + 2}}})" for s in sorted(GLUE_SUFFIXES, key=len, reverse=True))
    + r")\b"
)
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_WORD_CHAR = re.compile(r"\w")


# Longest run of punctuation (neither a word character nor a space) and longest token left whole.
MAX_PUNCT_RUN = 64
MAX_TOKEN = 1000
_WORD_OR_SPACE = re.compile(r"[\w\s]")
_LONG_PUNCT = re.compile(rf"(?<![^\w\s])[^\w\s]{{{MAX_PUNCT_RUN + 1},}}")
_LONG_TOKEN = re.compile(rf"(?<!\S)\S{{{MAX_TOKEN + 1},}}")
_SPACE = re.compile(r"\s")


def _has_long_token(text: str) -> bool:
    """Whether some MAX_TOKEN + 1 characters in a row hold no whitespace (fast: jumps between spaces)."""
    i, n, width = 0, len(text), MAX_TOKEN + 1
    while i + width <= n:
        j = text.rfind(" ", i, i + width)
        if j < 0:
            m = _SPACE.search(text, i, i + width)
            if m is None:
                return True
            j = m.start()
        i = j + 1
    return False


def _has_long_punct(text: str) -> bool:
    """Whether some MAX_PUNCT_RUN + 1 characters in a row are all punctuation (fast: jumps a window at a time)."""
    i, n, width = 0, len(text), MAX_PUNCT_RUN + 1
    while i + width <= n:
        last = i + width - 1
        if _WORD_OR_SPACE.match(text, last):
            i = last + 1
            continue
        k = last - 1
        while k >= i and not _WORD_OR_SPACE.match(text, k):
            k -= 1
        if k < i:
            return True
        i = k + 1
    return False


def long_run_breaks(text: str) -> list[int]:
    """Offsets in `text` before which a space breaks a too long run (see `MAX_PUNCT_RUN`, `MAX_TOKEN`)."""
    cuts: set[int] = set()
    if _has_long_punct(text):
        for m in _LONG_PUNCT.finditer(text):
            cuts.update(range(m.start() + MAX_PUNCT_RUN, m.end(), MAX_PUNCT_RUN))
    if _has_long_token(text):
        for m in _LONG_TOKEN.finditer(text):
            cuts.update(range(m.start() + MAX_TOKEN, m.end(), MAX_TOKEN))
    return sorted(cuts)


def break_long_runs(text: str) -> str:
    """`text` with a space inserted wherever `long_run_breaks` says (for titles, which have no offset map)."""
    cuts = long_run_breaks(text)
    if not cuts:
        return text
    bounds = [0, *cuts, len(text)]
    return " ".join(text[a:b] for a, b in zip(bounds, bounds[1:]))


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The lower-cased English words (and names) that wordfreq's large English list knows."""
    from wordfreq import iter_wordlist

    return frozenset(w for w in iter_wordlist("en", wordlist="large") if w.isalpha())


def split_glued(token: str) -> int | None:
    """Where to split a glued token such as "Putinthe" (5), or None for a real word."""
    words = english_words()
    if token.lower() in words:
        return None
    for suffix in sorted(GLUE_SUFFIXES, key=len, reverse=True):
        if not token.lower().endswith(suffix) or len(token) - len(suffix) < 2:
            continue
        head = token[: -len(suffix)]
        tail = token[-len(suffix):]
        if not tail.islower():
            continue
        if (len(head) >= 4 or (head.isupper() and len(head) >= 2)) and _zipf(head) >= MIN_HEAD_ZIPF:
            return len(head)
    return None


# A glued head must be a word or name seen at least about once per 100 million words: rare
# strings ("Klis" of "Klishas", "Maad" of "Maadhad") are the ends of names, not words.
MIN_HEAD_ZIPF = 2.0


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@dataclass
class OffsetMap:
    """Runs mapping cleaned-text offsets to raw-text offsets.

    Each run is (clean_start, raw_start, clean_len, raw_len). In a copied run both lengths are
    equal and offsets map one to one; in a replaced run (a CRLF that became LF, spaces that
    became one, a dropped character, an inserted space) every offset maps to the run's start.
    """

    runs: list[tuple[int, int, int, int]] = field(default_factory=list)
    clean_len: int = 0
    raw_len: int = 0

    def _add(self, clean_len: int, raw_len: int, copied: bool) -> None:
        cs, rs = self.clean_len, self.raw_len
        if copied and self.runs:
            pcs, prs, pcl, prl = self.runs[-1]
            if pcl == prl and pcl > 0 and pcs + pcl == cs and prs + prl == rs and self._copied[-1]:
                self.runs[-1] = (pcs, prs, pcl + clean_len, prl + raw_len)
                self.clean_len += clean_len
                self.raw_len += raw_len
                return
        self.runs.append((cs, rs, clean_len, raw_len))
        self._copied.append(copied)
        self.clean_len += clean_len
        self.raw_len += raw_len

    def __post_init__(self) -> None:
        self._copied: list[bool] = [cl == rl for _, _, cl, rl in self.runs]
        self._starts: list[int] | None = None

    def _run_at(self, i: int) -> int:
        if self._starts is None or len(self._starts) != len(self.runs):
            self._starts = [r[0] for r in self.runs]
        k = bisect.bisect_right(self._starts, i) - 1
        # Zero-length runs (dropped characters) share a start with the next run: skip them.
        while k + 1 < len(self.runs) and self.runs[k][2] == 0 and self.runs[k + 1][0] <= i:
            k += 1
        return max(k, 0)

    def to_raw(self, i: int) -> int:
        """The raw offset of cleaned offset `i` (a start)."""
        if not self.runs or i >= self.clean_len:
            return self.raw_len
        cs, rs, cl, rl = self.runs[self._run_at(i)]
        return rs + (i - cs) if cl == rl else rs

    def to_raw_end(self, j: int) -> int:
        """The raw offset of cleaned offset `j` used as an exclusive end."""
        if j <= 0 or not self.runs:
            return 0
        cs, rs, cl, rl = self.runs[self._run_at(j - 1)]
        return rs + (j - cs) if cl == rl else rs + rl

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """The raw span that the cleaned span [start, end) came from."""
        return self.to_raw(start), max(self.to_raw(start), self.to_raw_end(end))

    def to_json(self) -> str:
        """Serialise the runs as compact JSON."""
        return json.dumps(self.runs, separators=(",", ":"))

    @classmethod
    def from_json(cls, s: str) -> "OffsetMap":
        """Rebuild a map from `to_json` output."""
        runs = [tuple(r) for r in json.loads(s)]
        m = cls(runs=runs)
        if runs:
            cs, rs, cl, rl = runs[-1]
            m.clean_len, m.raw_len = cs + cl, rs + rl
        return m


def _events(raw: str):
    """(start, end, kind) of each line end, invisible character and spacing run, in order."""
    done = 0
    for c in _EVENT_START.finditer(raw):
        if c.start() < done:
            continue
        m = _EVENT.match(raw, c.start())
        if m:
            done = m.end()
            yield m.start(), m.end(), m.lastgroup


def _glued_tokens(raw: str):
    """(start, end, "glued") of each ASCII-letter token that ends like a glued word, in order."""
    for m in _GLUED_END.finditer(raw):
        start = m.start() - 2
        while start > 0 and raw[start - 1] in _ASCII_LETTERS:
            start -= 1
        if start > 0 and _WORD_CHAR.match(raw, start - 1):
            continue  # the token does not start at a word boundary ("éPutinthe")
        yield start, m.end(), "glued"


def clean(raw: str) -> tuple[str, OffsetMap]:
    """Clean raw text for annotation; return the text and its offset map back to `raw`."""
    out: list[str] = []
    omap = OffsetMap()
    pos = 0

    def copy(upto: int) -> None:
        nonlocal pos
        if upto > pos:
            out.append(raw[pos:upto])
            omap._add(upto - pos, upto - pos, True)
            pos = upto

    for start, end, kind in heapq.merge(_events(raw), _glued_tokens(raw)):
        if kind == "glued":
            cut = split_glued(raw[start:end])
            if cut is None:
                continue
            copy(start + cut)
            out.append(" ")
            omap._add(1, 0, False)
            continue
        copy(start)
        if kind == "crlf":
            out.append("\n")
            omap._add(1, end - start, False)
        elif kind == "ws":
            out.append(" ")
            omap._add(1, end - start, False)
        else:  # drop
            omap._add(0, end - start, False)
        pos = end
    copy(len(raw))
    text = "".join(out)
    cuts = long_run_breaks(text)
    if cuts:
        return _insert_spaces(text, omap, cuts)
    return text, omap


def _insert_spaces(text: str, omap: OffsetMap, cuts: list[int]) -> tuple[str, OffsetMap]:
    """Insert a space before each cleaned offset in `cuts` (each inside a copied run); extend the map."""
    runs: list[tuple[int, int, int, int]] = []
    copied: list[bool] = []
    k, shift = 0, 0
    for (cs, rs, cl, rl), was_copied in zip(omap.runs, omap._copied):
        a, r = cs, rs
        while k < len(cuts) and cuts[k] < cs + cl:
            p = cuts[k]
            if p > a:
                runs.append((a + shift, r, p - a, p - a))
                copied.append(True)
                r += p - a
                a = p
            runs.append((p + shift, r, 1, 0))
            copied.append(False)
            shift += 1
            k += 1
        if a == cs:
            runs.append((cs + shift, rs, cl, rl))
            copied.append(was_copied)
        elif cs + cl > a:
            runs.append((a + shift, r, cs + cl - a, cs + cl - a))
            copied.append(True)
    new = OffsetMap(runs=runs, clean_len=omap.clean_len + len(cuts), raw_len=omap.raw_len)
    new._copied = copied
    bounds = [0, *cuts, len(text)]
    return " ".join(text[a:b] for a, b in zip(bounds, bounds[1:])), new
