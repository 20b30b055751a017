"""Sentences: spaCy's rule-based sentencizer computed over token arrays, plus paragraph ends and
opening quotation marks as sentence starts, no sentence end after an abbreviation, and a sentence
start where a news item's standfirst runs into its first sentence."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

_NEWLINE = re.compile(r"\n")
_OPENER = re.compile(r'[“«"‘]')
# A parenthesis that holds no space, not after a sentence's end ("(Laughter.)" may be a sentence).
_BARE_PARENS = re.compile(r"(?<![.!?])(?<![.!?]\s)\([^\s()]*\)")


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


@lru_cache(maxsize=1)
def _words():
    """The splitter's words (the lexicons file's `sentence_words`): the hashes of the titles, of the
    other abbreviations and of the sentence openers, sorted (for binary search), and the lower-case
    words after which an opener starts no sentence."""
    import numpy as np
    import yaml
    from spacy.strings import StringStore

    from helpers.resources.lexicons import LEXICONS_FILE

    entry = yaml.safe_load(LEXICONS_FILE.read_text(encoding="utf-8"))["sentence_words"]
    for key in ("titles", "others", "openers", "not_before_opener"):
        if not all(isinstance(w, str) for w in entry[key]):
            raise ValueError(f"{LEXICONS_FILE}: sentence_words: {key}: expected a list of words (quote 'No', 'On')")
    strings = StringStore()

    def hashes(key):
        return np.array(sorted({strings.add(w) for w in entry[key]}), dtype=np.uint64)

    return hashes("titles"), hashes("others"), hashes("openers"), frozenset(entry["not_before_opener"])


@lru_cache(maxsize=8)
def _hash(word: str):
    """The hash of a token's text (its ORTH)."""
    import numpy as np
    from spacy.strings import StringStore

    return np.uint64(StringStore().add(word))


def _member(sorted_hashes, values):
    """Whether each of `values` (hashes) is one of `sorted_hashes`."""
    import numpy as np

    if len(sorted_hashes) == 0:
        return np.zeros(len(values), dtype=bool)
    return sorted_hashes[np.minimum(np.searchsorted(sorted_hashes, values), len(sorted_hashes) - 1)] == values


def _not_ends(orth, ends_sentence, at, length, start_of, end_of, nxt, joined: str):
    """The sentence ends among `ends_sentence` that end no sentence: a period written against a
    title ("Lt. Col. Ann Berg"), or against another abbreviation unless a capitalised word follows
    ("No. 5", "etc. were"); an end that a comma follows ("Jr., who"); and an end inside a
    parenthesis that holds no space (a party and state label, "(I-Vt.)") within a sentence."""
    import numpy as np

    titles, others, _, _ = _words()
    period, comma = _hash("."), _hash(",")
    n = len(orth)
    out = np.zeros(n, dtype=bool)
    k = np.flatnonzero(ends_sentence)
    if not len(k):
        return out
    # The next token that is not a space, within the document (its end if none).
    after = np.minimum(k + 1, n - 1)
    follow = np.where(k + 1 < end_of[k], nxt[after], end_of[k])
    ok = follow < end_of[k]
    out[k[ok & (orth[np.minimum(follow, n - 1)] == comma)]] = True
    p = np.maximum(k - 1, 0)
    attached = (k > start_of[k]) & (orth[k] == period) & (at[p] + length[p] == at[k])
    out[k[attached & _member(titles, orth[p])]] = True
    other = attached & _member(others, orth[p])
    for j, f in zip(k[other].tolist(), follow[other].tolist()):
        if f < end_of[j] and not _next_capital(joined, int(at[f])):
            out[j] = True
    spans = [(m.start(), m.end()) for m in _BARE_PARENS.finditer(joined)]
    if spans:
        ms, me = np.array(spans).T
        i = np.searchsorted(ms, at[k], side="right") - 1
        out[k[(i >= 0) & (at[k] < me[np.maximum(i, 0)])]] = True
    return out


def _next_capital(joined: str, pos: int) -> bool:
    """Whether the first letter or digit at or after `pos` is a capital letter."""
    for c in joined[pos:pos + 8]:
        if c.isalnum():
            return c.isupper()
    return False


def _standfirst_ends(sent, paragraph, orth, not_word, at, length, start_of, end_of, joined: str) -> None:
    """Start a sentence (in `sent`) where a standfirst runs into the first sentence of a news item:
    in the first sentence of a document's first or second paragraph, at a sentence opener ("The", "It", ...) written a space
    after a lower-case word, unless that word is one after which a capitalised word may begin a name
    or a title ("told The Times"), and with a word after it on its line."""
    import numpy as np

    _, _, openers, not_before = _words()
    n = len(orth)
    k = np.flatnonzero(_member(openers, orth))
    k = k[(k > start_of[k]) & (k + 1 < end_of[k])]
    k = k[(sent[k] != 1) & ~not_word[k - 1] & ~not_word[k + 1] & (at[k - 1] + length[k - 1] + 1 == at[k])]
    if not len(k):
        return
    # The sentence each one is in begins at the start of one of its document's first two
    # paragraphs (a title and the body's first, where a standfirst is).
    last = np.maximum.accumulate(np.where((sent == 1) | paragraph, np.arange(n), -1))
    first = np.maximum(last[k], start_of[k])
    count = np.cumsum(paragraph)
    k = k[paragraph[first] & (count[first] - count[start_of[k]] < 2)]
    for j in k.tolist():
        a = int(at[j - 1])
        before = joined[a:a + int(length[j - 1])]
        if before.isalpha() and before[0].islower() and before not in not_before and joined[a + len(before)] == " ":
            sent[j] = 1


def _sentence_starts(docs: list, texts: list[str]):
    """The sentence starts of `docs` (their `texts`), computed over the token arrays of all of them
    at once: numpy's cost per call, not per token, is what a short document pays. Returns, for the
    tokens of all the documents one after the other, 1 where a sentence starts and -1 elsewhere,
    with their character offsets and lengths and where each document's tokens begin (`off`).

    The rule is spaCy's rule-based sentencizer's (a word after ".", "!", "?" and the like, but for
    the ends `_not_ends` sets aside), plus: paragraph ends start sentences, so does a standfirst's
    end (`_standfirst_ends`), and an opening quotation mark starts the next one."""
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
    orth, is_punct = arr[:, 0], arr[:, 1].astype(bool)
    idx, space, length = arr[:, 2].astype(np.int64), arr[:, 3].astype(bool), arr[:, 4].astype(np.int64)
    # Character offsets in the texts joined by a separator no rule below matches.
    char_off = np.concatenate(([0], np.cumsum([len(t) + 1 for t in texts])))
    at = idx + char_off[:-1][doc_of]
    joined = "\0".join(texts)
    # The first non-space token of its document at or after each token (its document's end if none).
    nxt = np.minimum.accumulate(np.where(space, n, np.arange(n))[::-1])[::-1]
    nxt = np.minimum(nxt, end_of)
    ends_sentence = _member(_punct_hashes(), orth)
    ends_sentence &= ~_not_ends(orth, ends_sentence, at, length, start_of, end_of, nxt, joined)
    word = ~is_punct & ~ends_sentence
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
    # For a character position: the first token at or after it, and its document (`d`).
    paragraph = np.zeros(n, dtype=bool)  # the first tokens of the documents' paragraphs
    paragraph[off[:-1][np.asarray(lens) > 0]] = True
    newlines = [m.end() for m in _NEWLINE.finditer(joined)]
    if newlines:
        pos = np.array(newlines)
        k, d = np.searchsorted(at, pos, side="left"), np.searchsorted(char_off, pos, side="right") - 1
        inside = k < off[1:][d]
        k, d = nxt[k[inside]], d[inside]
        k = k[(k > off[:-1][d]) & (k < off[1:][d])]
        sent[k] = 1
        paragraph[k] = True
    _standfirst_ends(sent, paragraph, orth, is_punct | space, at, length, start_of, end_of, joined)
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
