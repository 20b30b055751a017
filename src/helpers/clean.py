"""Cleaning: the text that is annotated, with an offset map back to the raw text.

Raw text is never changed. `clean` returns the cleaned text and an `OffsetMap` whose runs say,
for every span of the cleaned text, which span of the raw text it came from. Cleaning:

- line ends: CRLF and CR become LF;
- invisible characters (NUL and other control characters, byte-order marks, zero-width
  spaces, soft hyphens) are dropped;
- runs of spaces, tabs and no-break spaces become one space;
- words glued together where a link was removed ("Putinthe", "USAthey", "tradewhich") are
  split, but only when the glued token is not itself an English word and it ends in a common
  function word whose remainder is a word or a name.
"""

from __future__ import annotations

import bisect
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
_SUFFIX_ALT = "|".join(sorted(GLUE_SUFFIXES, key=len, reverse=True))

_TOKEN = re.compile(
    r"(?P<crlf>\r\n?)"
    r"|(?P<drop>[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u200b\u200c\u200d\u2060\u00ad])"
    r"|(?P<ws>[ \t\u00a0\u2009\u202f]{2,}|[\t\u00a0\u2009\u202f])"
    rf"|(?P<glued>\b[A-Za-z]{{2,}}(?:{_SUFFIX_ALT})\b)"
)


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

    for m in _TOKEN.finditer(raw):
        kind = m.lastgroup
        if kind == "glued":
            cut = split_glued(m.group())
            if cut is None:
                continue
            copy(m.start() + cut)
            out.append(" ")
            omap._add(1, 0, False)
            continue
        copy(m.start())
        if kind == "crlf":
            out.append("\n")
            omap._add(1, len(m.group()), False)
        elif kind == "ws":
            out.append(" ")
            omap._add(1, len(m.group()), False)
        else:  # drop
            omap._add(0, len(m.group()), False)
        pos = m.end()
    copy(len(raw))
    return "".join(out), omap
