"""Sentences: spaCy's rule-based sentencizer computed over token arrays, plus paragraph ends and
opening quotation marks as sentence starts."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

_NEWLINE = re.compile(r"\n")
_OPENER = re.compile(r'[“«"‘]')


class Sentence(NamedTuple):
    """A sentence of a document: its character span."""

    start_char: int
    end_char: int


@lru_cache(maxsize=1)
def _punct_hashes():
    """The hashes of spaCy's sentence-final punctuation, sorted (for binary search)."""
    import numpy as np
    from spacy.pipeline import Sentencizer
    from spacy.strings import StringStore

    strings = StringStore()
    return np.array(sorted(strings.add(c) for c in Sentencizer.default_punct_chars), dtype=np.uint64)


def _sentence_starts(docs: list, texts: list[str]):
    """The sentence starts of `docs` (their `texts`), computed over the token arrays of all of them
    at once: numpy's cost per call, not per token, is what a short document pays. Returns, for the
    tokens of all the documents one after the other, 1 where a sentence starts and -1 elsewhere,
    with their character offsets and lengths and where each document's tokens begin (`off`).

    The rule is spaCy's rule-based sentencizer's (a word after ".", "!", "?" and the like), plus:
    paragraph ends start sentences, and an opening quotation mark starts the next one."""
    import numpy as np
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, ORTH

    lens = [len(d) for d in docs]
    off = np.concatenate(([0], np.cumsum(lens))).astype(np.int64)
    n = int(off[-1])
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64), off
    arr = np.concatenate([d.to_array([ORTH, IS_PUNCT, IDX, IS_SPACE, LENGTH]) for d, k in zip(docs, lens) if k])
    doc_of = np.repeat(np.arange(len(docs)), lens)
    start_of, end_of = off[:-1][doc_of], off[1:][doc_of]  # each token's document's first token and end
    punct = _punct_hashes()
    ends_sentence = punct[np.minimum(np.searchsorted(punct, arr[:, 0]), len(punct) - 1)] == arr[:, 0]
    word = ~arr[:, 1].astype(bool) & ~ends_sentence
    idx, space, length = arr[:, 2].astype(np.int64), arr[:, 3].astype(bool), arr[:, 4].astype(np.int64)
    sent = np.full(n, -1, dtype=np.int64)
    # The sentencizer's rule: a word (any token neither punctuation nor a sentence end, spaces
    # included) starts a sentence when a sentence end lies between it and the word before it in
    # its document (sentence ends counted from the document's first token).
    w = np.flatnonzero(word)
    if len(w):
        ends = np.cumsum(ends_sentence)
        ends_before = np.concatenate(([0], ends))[start_of[w]]
        first = w == start_of[w]
        before = np.where(first, 0, ends[np.maximum(w - 1, 0)] - ends_before)
        prev = np.concatenate(([-1], w[:-1]))  # the word before (none for the first)
        at_previous = np.where(prev < start_of[w], 0, ends[prev] - ends_before)
        sent[w[before > at_previous]] = 1
    # Character offsets in the texts joined by a separator no rule below matches.
    char_off = np.concatenate(([0], np.cumsum([len(t) + 1 for t in texts])))
    at = idx + char_off[:-1][doc_of]
    joined = "\0".join(texts)
    # The first non-space token of its document at or after each token (its document's end if none).
    nxt = np.minimum.accumulate(np.where(space, n, np.arange(n))[::-1])[::-1]
    nxt = np.minimum(nxt, end_of)
    # For a character position: the first token at or after it, and its document (`d`).
    newlines = [m.end() for m in _NEWLINE.finditer(joined)]
    if newlines:
        pos = np.array(newlines)
        k, d = np.searchsorted(at, pos, side="left"), np.searchsorted(char_off, pos, side="right") - 1
        inside = k < off[1:][d]
        k, d = nxt[k[inside]], d[inside]
        sent[k[(k > off[:-1][d]) & (k < off[1:][d])]] = 1
    openers = [m.start() for m in _OPENER.finditer(joined)]
    if openers:
        pos = np.array(openers)
        k, d = np.searchsorted(at, pos, side="left"), np.searchsorted(char_off, pos, side="right") - 1
        ok = (k > off[:-1][d]) & (k < off[1:][d] - 1)
        k, pos = k[ok], pos[ok]
        ok = (at[k] == pos) & (at[k + 1] == pos + 1) & (sent[k + 1] == 1)
        sent[k[ok]] = 1
        sent[k[ok] + 1] = -1
    sent[off[:-1][np.asarray(lens) > 0]] = 1
    return sent, idx, length, off


def split_sentences(doc, text: str | None = None):
    """Set the sentence starts of `doc` (see `_sentence_starts`; `text` is the document's text
    where the caller has it: `doc.text` joins every token). A pipeline component."""
    import numpy as np
    from spacy.attrs import SENT_START

    if len(doc):
        sent = _sentence_starts([doc], [doc.text if text is None else text])[0]
        doc.from_array([SENT_START], sent.reshape(-1, 1).astype(np.uint64))
    return doc


def sentences(doc, text: str | None = None) -> list[Sentence]:
    """The sentences of a document split by `split_sentences`, blank ones left out (`text`: as there)."""
    import numpy as np
    from spacy.attrs import IDX, LENGTH, SENT_START

    if len(doc) == 0:
        return []
    arr = doc.to_array([IDX, LENGTH, SENT_START]).astype(np.int64)
    starts = np.flatnonzero(arr[:, 2] == 1).tolist()
    return _spans(doc.text if text is None else text, starts, len(doc), arr[:, 0].tolist(), arr[:, 1].tolist())


def sentences_of(docs: list, texts: list[str]) -> list[list[Sentence]]:
    """`sentences(split_sentences(doc, text), text)` for each of `docs`, computed for all at once
    (the documents are left as they are)."""
    import numpy as np

    sent, idx, length, off = _sentence_starts(docs, texts)
    starts = np.flatnonzero(sent == 1).tolist()
    idx, length, bounds, off = idx.tolist(), length.tolist(), np.searchsorted(starts, off).tolist(), off.tolist()
    return [_spans(text, starts[bounds[k]:bounds[k + 1]], off[k + 1], idx, length) for k, text in enumerate(texts)]


def _spans(text: str, starts: list[int], end: int, idx: list[int], length: list[int]) -> list[Sentence]:
    """The sentences that begin at tokens `starts` (each ends where the next begins, the last at
    token `end`), blank ones left out; `idx`, `length`: the tokens' offsets and lengths."""
    out = []
    for a, b in zip(starts, [*starts[1:], end]):
        s, e = idx[a], idx[b - 1] + length[b - 1]
        if s < e and not text[s:e].isspace():
            out.append(Sentence(s, e))
    return out
