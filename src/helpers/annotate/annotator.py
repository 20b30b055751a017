"""Annotation: sentences, actor mentions, statements with speakers, figures, dates, themes.

A cascade: fast rules and the knowledge-base matcher run over every sentence; the statistical
English pipeline (en_core_web_sm) parses only the sentences that hold a quotation, to find who
said it. Every annotation carries the document id and character offsets into the annotated
text (the title, a blank line, then the cleaned text), plus the raw offsets where the span lies
in the body.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple
from functools import cached_property, lru_cache

from helpers.load.clean import OffsetMap
from helpers.annotate.fingerprint import fingerprint
from helpers.config import SPACY_MODEL
from helpers.resources.kb import KnowledgeBase, load_kb
from helpers.resources.codebook import Codebook, load_codebook

if TYPE_CHECKING:  # pandas is imported where a DataFrame is made
    import pandas as pd


# Documents annotated together by `Annotator.annotate_many`: their statistical parses are batched.
# Each round of deferred parses calls the model a few times, some 1.4 ms a call whatever it reads
# (thinc's layers in Python), so more documents a batch make fewer calls a document. In-process
# A/B against 128 (10,000 news items, then Kremlin transcripts): 256 0.99, 512 0.92-0.93, 1,024 0.92.
PARSE_BATCH = 512

# The thinc backend the statistical model runs on: numpy's BLAS instead of blis. Measured on these
# machines (2-core AMD EPYC), one thread, float32, a 288-wide layer: 200 rows 0.6 ms against 2.2 ms,
# 2,000 rows 5.6 ms against 20.7 ms.
MODEL_OPS = ("numpy", {"use_blis": False})

# Tokens the entity recogniser reads past the last one whose entities are asked for (`Annotator._ents`):
# the entities that end up to three tokens past it come out exactly as over the whole sentence.
NER_CONTEXT = 8

# Rounds of deferred parses `Annotator.annotate_many` runs before annotating the rest one by one.
MAX_ROUNDS = 6

# Whitespace-separated chunks a tokenizer keeps the tokens of (spaCy's default, 10,000, fills within
# a few thousand news items; every chunk after that is split again with its affix rules). An entry
# holds pointers to its tokens' lexemes (which the vocabulary keeps anyway): some 10 MB when full.
TOKENIZER_CACHE = 200_000

# The lexical attributes the rules read from the fast pipeline's tokens (`Annotator.fast`): the
# phrase matchers match ORTH (no attribute to compute) and LOWER, the sentence splitter reads
# IS_PUNCT and IS_SPACE. Its vocabulary computes only these for a new word; spaCy's English
# defaults compute some twenty (shape, stop word, number-, URL- and e-mail-likeness, ...), a
# quarter of the tokenizer's time on news items. None: all of them.
FAST_LEX_ATTRS: tuple[str, ...] | None = ("LOWER", "IS_PUNCT", "IS_SPACE")

TABLES = ["sentences", "mentions", "statements", "figures", "dates", "theme_hits", "doc_themes", "problems"]

SPEECH_LEMMAS = {
    "say", "tell", "state", "stress", "highlight", "note", "add", "praise", "call", "describe",
    "declare", "emphasize", "emphasise", "underline", "underscore", "insist", "warn", "urge",
    "announce", "remark", "write", "ask", "reply", "answer", "explain", "argue", "claim",
    "accuse", "vow", "pledge", "promise", "hail", "welcome", "quote", "cite", "point",
    "according", "stress", "reiterate", "affirm", "assert", "comment", "acknowledge", "admit",
    "suggest", "propose", "predict", "recall", "repeat", "confirm", "deny", "respond", "express",
    "label", "dub", "term", "brand", "speak", "laud", "thank", "greet", "congratulate",
    "maintain", "concede", "conclude", "observe", "caution", "complain", "boast", "joke", "lament",
    "mention", "retort", "contend", "testify", "tweet", "post", "agree", "vow", "criticise",
    "criticize", "condemn", "slam", "blast", "demand", "call", "stress", "voice",
    "encourage", "advise", "appeal", "plead", "remind", "hint",
}
PRONOUNS = {"he", "she", "him", "her", "his"}


def _speech_forms(lemmas: set[str]) -> set[str]:
    forms = set(lemmas) | {"said", "says", "told", "tells", "wrote", "writes", "written", "spoke", "speaks", "spoken",
                           "denied", "denies", "replied", "replies", "testified", "testifies", "criticised",
                           "criticized", "posted", "saying", "telling", "writing"}
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing", stem + "ing"}
        if lemma.endswith("y"):
            forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms


def is_speech_verb(tok) -> bool:
    """Whether a token is a verb of saying, by its form (the pipeline runs without a lemmatizer)."""
    return tok.lower_ in SPEECH_FORMS
SPEECH_FORMS = _speech_forms(SPEECH_LEMMAS)
HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sir|Mr\.|Mrs\.|Ms\.|Dr\.)\s+")

# Speaker turns in transcripts: "Vladimir Putin: ...", "President of China Xi Jinping
# (retranslated): ...", "RIA Novosti: ...", "Q: ...". Capitalised words and a few connectors.
_NEWLINE = re.compile(r"\n")
_SPACES = re.compile(r"\s*")
_OPENER = re.compile(r'[“«"‘]')
_LABEL_WORD = r"(?:[A-Z][\w.’'\-]*|of|the|and|for|de|da|von|van|bin|al|on|\([^()\n]{1,40}\))"
TURN = re.compile(rf"(?m)^[ \t]*(?P<label>[A-Z][\w.’'\-]*(?:[ \t]{_LABEL_WORD}){{0,11}})[ \t]*:[ \t]*(?=\S)")
NOT_SPEAKERS = {"note", "source", "sources", "photo", "video", "see also", "read more", "update",
                "editor's note", "reference", "references", "attention", "tags", "topics", "warning"}
QUESTION_LABELS = {"q", "question", "questions"}
ANSWER_LABELS = {"a", "answer"}

# Quotations: curly double, straight double, guillemets, curly and straight single quotes.
QUOTE_PAIRS = [("“", "”"), ("«", "»"), ('"', '"'), ("‘", "’"), ("'", "'")]

WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
DATE_RE = re.compile(
    rf"\b(?:(?P<dmy>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\.?,?\s+\d{{4}})"
    rf"|(?P<mdy>(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
    rf"|(?P<dm>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\b|(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!,?\s*\d{{4}}))"
    rf"|(?P<my>(?:{MONTHS})\s+\d{{4}})"
    rf"|(?P<wd>(?:(?:this|last|next|on|On|This|Last|Next)\s+)?(?:{WEEKDAYS}))"
    rf"|(?P<m>(?:in|In|since|Since|until|Until|by|By|from|From|last|Last|next|Next|this|This|early|late|mid-)\s*(?:{MONTHS}))\b(?!\s+\d)"
    rf"|(?P<y>(?:in|In|since|Since|until|Until|by|By|from|From)\s+(?:19|20)\d{{2}})\b)"
)

# Cheap tests that a text may hold a date expression or a figure: the full expressions try some
# forty alternatives at every word (0.12 ms a headline for both, measured on 10,000 headlines).
_DIGIT = re.compile(r"\d")
_DATE_WORD = re.compile(rf"{MONTHS}|{WEEKDAYS}")

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
          "bln": 1e9, "trillion": 1e12, "tn": 1e12, "trln": 1e12}
CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "₽": "RUB"}
UNIT_WORDS = {
    "dollars": "USD", "dollar": "USD", "usd": "USD", "euros": "EUR", "euro": "EUR", "yuan": "CNY",
    "renminbi": "CNY", "rubles": "RUB", "roubles": "RUB", "ruble": "RUB", "rouble": "RUB",
    "percent": "%", "per cent": "%", "%": "%", "times": "times", "tonnes": "tonnes", "tons": "tonnes",
    "barrels": "barrels", "cubic metres": "cubic metres", "cubic meters": "cubic metres",
    "bcm": "billion cubic metres", "kilometres": "km", "kilometers": "km", "km": "km",
    "people": "people", "years": "years", "troops": "troops", "soldiers": "troops",
    "meetings": "meetings", "visits": "visits", "countries": "countries",
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20}
EVENT_NOUNS = r"meeting|meetings|visit|summit|forum|session|round|talks|conference|congress|anniversary|trip"
_SCALE_ALT = "|".join(sorted(SCALES, key=len, reverse=True))
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNIT_WORDS, key=len, reverse=True) if u != "%")
FIGURE_RE = re.compile(
    rf"(?P<cur>US\$|\$|€|£|¥|₽)\s?(?P<cnum>{NUM})(?:\s?(?P<cscale>{_SCALE_ALT})\b)?"
    rf"|(?<![\w.,])(?P<num>{NUM})(?:\s?(?P<scale>{_SCALE_ALT})\b)?\s?(?P<unit>%|(?:{_UNIT_ALT})\b)"
    rf"|\b(?P<ord>{'|'.join(ORDINALS)}|\d+(?:st|nd|rd|th))\s+(?P<mods>(?:[a-z-]+\s+){{0,3}}?)(?P<noun>{EVENT_NOUNS})\b",
    re.IGNORECASE,
)


class _Deferred(Exception):
    """Raised inside `Annotator.annotate_many` by a document that needs parses not yet in the batch."""

    def __init__(self, kind: str, items: list):
        super().__init__(kind)
        self.kind, self.items = kind, items


class _Prepared(NamedTuple):
    """A document as `Annotator.annotate` starts from it: the annotated text, where its body starts,
    its fast parse, its sentences, its quotations (`find_quotes`) and the sentences holding them
    (`_quote_sentences`; None without quotations), and what annotating it has built so far (`memo`,
    kept when `annotate_many` annotates it again)."""

    text: str
    body_at: int
    doc: object
    sents: list
    found: tuple
    quoting: tuple | None
    memo: dict


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


@dataclass
class Quote:
    """A quotation found in the text: the inner span and whether it was closed."""

    open: int
    start: int
    end: int
    close: int
    balanced: bool


def annotated_text(title: str | None, text: str) -> tuple[str, int]:
    """The text that is annotated (title, blank line, body) and where the body starts."""
    if title and title.strip():
        head = title.strip() + "\n\n"
        return head + text, len(head)
    return text, 0


def _parse_date(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def find_quotes(text: str) -> tuple[list[Quote], list[int]]:
    """Quotations in `text` and the offsets of quotation marks left unbalanced.

    Time is O(n log n) in the length of the text, whatever the marks: closers are looked up by
    bisection in a list made once per kind of mark, and the spans already taken are kept as
    sorted, disjoint intervals.
    """
    import bisect

    quotes: list[Quote] = []
    unbalanced: list[int] = []
    starts: list[int] = []  # taken spans [starts[k], ends[k]], inclusive, disjoint, sorted
    ends: list[int] = []

    def taken(a: int, b: int) -> bool:
        k = bisect.bisect_right(starts, b) - 1
        return k >= 0 and ends[k] >= a

    def take(a: int, b: int) -> None:
        lo, hi = bisect.bisect_left(starts, a), bisect.bisect_right(starts, b)
        starts[lo:hi] = [a]  # spans inside [a, b] are absorbed
        ends[lo:hi] = [b]

    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    curly_closers = [m.start() for m in re.finditer("”", text)]
    curly_openers = [m.start() for m in re.finditer("“", text)]
    straight = [m.start() for m in re.finditer('"', text) if _closes(text, m.start())]
    for opener, closer in QUOTE_PAIRS:
        single = opener in ("‘", "'")
        closers = [m.start() for m in re.finditer(re.escape(closer), text) if not single or _closes(text, m.start())]
        for p_start, p_end in paragraphs:
            i = p_start
            while True:
                o = text.find(opener, i, p_end)
                if o < 0:
                    break
                if taken(o, o) or (single and not _opens(text, o)) or (opener == '"' and not _opens_double(text, o)):
                    i = o + 1
                    continue
                k = bisect.bisect_left(closers, o + 1)
                c = closers[k] if k < len(closers) and closers[k] < p_end else -1
                if opener == "“":  # “...": closed by a straight mark before the next opening one
                    k = bisect.bisect_left(curly_openers, o + 1)
                    nxt_open = curly_openers[k] if k < len(curly_openers) else len(text)
                    if c < 0 or nxt_open < c:
                        k = bisect.bisect_left(straight, o + 1)
                        if k < len(straight) and straight[k] < min(nxt_open, p_end):
                            c = straight[k]
                if c < 0 and opener == "‘":  # ‘...” : a mismatched pair, closed all the same
                    k = bisect.bisect_left(curly_closers, o + 1)
                    c = curly_closers[k] if k < len(curly_closers) and curly_closers[k] < p_end else -1
                if c < 0:
                    nxt = _SPACES.match(text, p_end).end()
                    if opener == '"' and text.startswith('"', nxt) and "\n" in text[p_end:nxt] \
                            and not taken(o, p_end - 1):
                        # A quotation that runs on: the next paragraph opens with a quotation mark.
                        quotes.append(Quote(o, o + 1, p_end, p_end, False))
                        unbalanced.append(o)
                        take(o, p_end - 1)
                        break
                    if single or opener == '"':
                        i = o + 1
                        continue
                    quotes.append(Quote(o, o + 1, p_end, p_end, False))
                    unbalanced.append(o)
                    take(o, p_end - 1)
                    break
                if c - o < 2 or taken(o, c):
                    i = o + 1
                    continue
                quotes.append(Quote(o, o + 1, c, c + 1, True))
                take(o, c)
                i = c + 1
    quotes.sort(key=lambda q: q.open)
    return _merge_continued(text, quotes, unbalanced), unbalanced


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isalnum() and not after.isspace()


def _opens_double(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    return not after.isspace()


def _closes(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    return not after.isalnum()


def _merge_continued(text: str, quotes: list[Quote], unbalanced: list[int]) -> list[Quote]:
    """Join a quotation left open at a paragraph's end with the one opening the next paragraph."""
    merged: list[Quote] = []
    closed: set[int] = set()
    for q in quotes:
        if merged and not merged[-1].balanced:
            prev = merged[-1]
            gap = text[prev.end:q.open]
            if gap.strip() == "" and "\n" in gap:
                merged[-1] = Quote(prev.open, prev.start, q.end, q.close, q.balanced)
                closed.add(prev.open)
                continue
        merged.append(q)
    if closed:
        unbalanced[:] = [o for o in unbalanced if o not in closed]
    return merged


def first_words(s: str, n: int = 8) -> str:
    """The first `n` words of `s`, spacing kept as in the text."""
    m = re.match(rf"\s*((?:\S+\s+){{0,{n - 1}}}\S+)", s)
    return m.group(1) if m else s.strip()


class Annotator:
    """Annotates articles with the knowledge base and codebook it was built with."""

    def __init__(self, kb: KnowledgeBase | None = None, codebook: Codebook | None = None):
        self.kb = kb or load_kb()
        self.codebook = codebook or load_codebook()
        self.alias_index = self.kb.alias_index()
        self.version = fingerprint(f"kb.{self.kb.digest}", f"cb.{self.codebook.digest}")
        # The state of one `annotate_many` call: prepared documents, parses by (kind, text), whether a
        # missing parse defers its document, and how many rounds ran (the last call's).
        self._prepared: dict = {}
        self._cache: dict | None = None
        self._deferring = False
        self.rounds = 0
        # The document being attributed: how to find the people its pronouns may name, and those found.
        self._people_source = None
        self._people_cache: list[tuple[int, str]] | None = None

    # ----------------------------------------------------------------- pipelines
    @cached_property
    def fast(self):
        """Tokenizer, sentence splitter and the knowledge-base phrase matchers (no model)."""
        import spacy
        from spacy.attrs import IDS
        from spacy.language import Language
        from spacy.matcher import PhraseMatcher

        nlp = spacy.blank("en")
        nlp.tokenizer.max_cache_size = TOKENIZER_CACHE
        if FAST_LEX_ATTRS is not None:
            keep = {IDS[name] for name in FAST_LEX_ATTRS}
            nlp.vocab.lex_attr_getters = {k: f for k, f in nlp.vocab.lex_attr_getters.items() if k in keep}
        if not Language.has_factory("multipolar_sentences"):
            Language.component("multipolar_sentences", func=split_sentences)
        nlp.add_pipe("multipolar_sentences")
        self.alias_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for alias, name in self.alias_index.items():
            self.alias_matcher.add(name, [nlp.make_doc(alias)])
        self.role_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for title in self.kb.role_index():
            self.role_matcher.add(title, [nlp.make_doc(title)])
        return nlp

    @cached_property
    def model(self):
        """The statistical English pipeline, loaded on first need."""
        import spacy
        from thinc.api import use_ops

        # Verbs of saying are known by their forms (SPEECH_FORMS): the lemmatizer is not needed.
        # The layers multiply their matrices with numpy's BLAS rather than thinc's default (blis):
        # two to four times faster at the sizes of a batch of sentences (see `MODEL_OPS`).
        with use_ops(MODEL_OPS[0], **MODEL_OPS[1]):
            nlp = spacy.load(SPACY_MODEL, exclude=["lemmatizer"])
        nlp.tokenizer.max_cache_size = TOKENIZER_CACHE
        return nlp

    def load(self) -> "Annotator":
        """Load the pipelines now rather than on first need (before forking worker processes, which
        then share them); return the annotator."""
        self.fast, self.model, self._blas  # noqa: B018 - cached properties, loaded by reading them
        return self

    # ----------------------------------------------------------------- many documents
    def annotate_many(self, articles: list[dict]) -> list[dict[str, list[dict]]]:
        """Annotate several articles, their statistical parses batched (faster than one by one).

        The sentences a quotation needs are parsed in one batch first. A document that then needs
        another parse (the first verb of saying of the body for a headline's quotation, a label's
        entities, the entities of a parsed sentence) defers it: it is set aside, the deferred
        parses of every document are run in one batch, and the set-aside documents are annotated
        again, until none defers (`MAX_ROUNDS`, then one by one; `rounds` says how many ran). The
        results are the same as `annotate_safely` on each article alone.
        """
        self._prepared, self._cache, self.rounds = {}, {}, 0
        try:
            self._prepared = self._prepare_many(articles)
            need = [t for prep in self._prepared.values() for t in self._parse_plan(prep.text, prep.quoting)]
            self._run("parse", list(dict.fromkeys(need)))
            done: dict[int, dict[str, list[dict]]] = {}
            pending = articles
            for _ in range(MAX_ROUNDS):
                self._deferring = True
                deferred: dict[str, dict] = {"parse": {}, "names": {}, "ents": {}}
                retry = []
                for article in pending:
                    try:
                        done[id(article)] = self.annotate_safely(article)
                    except _Deferred as d:
                        retry.append(article)
                        deferred[d.kind].update((id(x) if d.kind == "ents" else x, x) for x in d.items)
                self._deferring = False
                self.rounds += 1
                if not retry:
                    break
                # One call of the entity recogniser for both kinds of its reads (a call costs some
                # 1.3 ms whatever it reads, and a round's reads are few).
                self._run_recogniser(list(deferred["ents"].values()), list(deferred["names"].values()))
                self._run("parse", list(deferred["parse"].values()))
                pending = retry
            else:
                for article in pending:
                    done[id(article)] = self.annotate_safely(article)
            return [done[id(article)] for article in articles]
        finally:
            self._prepared, self._cache, self._deferring = {}, None, False

    def _prepare(self, article: dict) -> _Prepared:
        """What annotating a document starts from (see `_Prepared`)."""
        text, body_at = annotated_text(article.get("title"), article["text"])
        doc = self.fast.make_doc(text)
        return self._prepared_from(text, body_at, doc, sentences_of([doc], [text])[0])

    def _prepare_many(self, articles: list[dict]) -> dict[int, _Prepared]:
        """`_prepare` for each of `articles` (by `id`), their sentences split all at once; the
        articles that fail are left out (`annotate_safely` records why)."""
        started = []
        for article in articles:
            try:
                text, body_at = annotated_text(article.get("title"), article["text"])
                started.append((article, text, body_at, self.fast.make_doc(text)))
            except Exception:  # noqa: BLE001 - annotate_safely records it
                continue
        try:
            sents = sentences_of([s[3] for s in started], [s[1] for s in started])
        except Exception:  # noqa: BLE001 - then one by one, each failure recorded where it happens
            return {}
        out = {}
        for (article, text, body_at, doc), ss in zip(started, sents):
            try:
                out[id(article)] = self._prepared_from(text, body_at, doc, ss)
            except Exception:  # noqa: BLE001 - annotate_safely records it
                continue
        return out

    @staticmethod
    def _prepared_from(text: str, body_at: int, doc, sents: list[Sentence]) -> _Prepared:
        """A `_Prepared` document from its text, tokens and sentences: its quotations found."""
        found = find_quotes(text)
        return _Prepared(text, body_at, doc, sents, found, _quote_sentences(text, sents, found[0]) if found[0] else None,
                         {})

    @staticmethod
    def _parse_plan(text: str, quoting) -> list[str]:
        """The sentence texts the statistical pipeline will parse to attribute a document's quotations
        (`quoting`: their sentences, as `_prepare` finds them)."""
        if quoting is None:
            return []
        _, spans, _, _, need = quoting
        return [text[s:e] for (s, e), n in zip(spans, need) if n]

    def _parse(self, texts: list[str]) -> list:
        """Parses of `texts` by the statistical pipeline without its entity recogniser (see `_ents`)."""
        return self._docs("parse", texts)

    def _names(self, texts: list[str]) -> list:
        """`texts` read by the entity recogniser alone."""
        return self._docs("names", texts)

    def _docs(self, kind: str, texts: list[str]) -> list:
        """`_pipe` results for `texts`: from the batch's cache, deferred when missing inside `annotate_many`."""
        cache = self._cache
        if cache is None:  # one document alone: nothing to batch with
            return self._pipe(kind, texts)
        missing = [t for t in dict.fromkeys(texts) if (kind, t) not in cache]
        if missing:
            if self._deferring:
                raise _Deferred(kind, missing)
            self._run(kind, missing)
        return [cache[(kind, t)] for t in texts]

    def _ents(self, sdoc, words: str | None = None, upto: int | None = None):
        """The named entities of a sentence `_parse` parsed without them, recognised on first need
        (the recogniser costs as much as the rest of the pipeline and most quotations never need it).
        With `words`, the entities that may lie in them: none when they hold no capital letter
        ("officials say", "the mother said": no name to recognise). With `upto`, only the entities
        that begin before token `upto` are needed (and returned exactly; others may be missing): the
        recogniser then reads the sentence only a few words past it (see `NER_CONTEXT`)."""
        if words is not None and not any(c.isupper() for c in words):
            return ()
        n = len(sdoc)
        upto = n if upto is None else min(upto, n)
        while sdoc.user_data.get("multipolar_ner", 0) < upto:  # a read of the whole sentence at the latest
            read = sdoc.user_data.get("multipolar_ner_read", 0)
            want = upto + NER_CONTEXT if upto + NER_CONTEXT < n and read < upto + NER_CONTEXT else n
            sdoc.user_data["multipolar_ner_want"] = max(want, sdoc.user_data.get("multipolar_ner_want", 0))
            if self._deferring:
                raise _Deferred("ents", [sdoc])
            self._run("ents", [sdoc])
        return sdoc.ents

    def _recognise(self, docs: list, texts: list[str] = ()) -> list:
        """Run the entity recogniser over parsed sentences, each up to the tokens asked for
        (`_ents`), and over `texts` (tokenized here), in one call; return the docs of `texts`.
        Over a sentence's first k tokens it reaches the same decisions as over the whole
        sentence for every token up to k - 5: it reads left to right, its features are the current
        token, the previous one and the first of an open entity, and each token's vector is built
        from the four tokens on either side. The entities ending by then are kept; so far, every
        entity is known ("multipolar_ner" holds how far)."""
        from spacy.tokens import Span

        wants = [min(d.user_data.pop("multipolar_ner_want", len(d)), len(d)) for d in docs]
        for d in docs:
            if "multipolar_ner_read" in d.user_data:  # read before, shorter: the recogniser starts afresh, nothing preset
                d.set_ents([], default="missing")
        views = [d if k == len(d) else _first_tokens(d, k) for d, k in zip(docs, wants)]
        views += [self.model.make_doc(t) for t in texts]
        read = list(self.model.get_pipe("ner").pipe(views, batch_size=256))
        for d, k, v in zip(docs, wants, read):
            d.user_data["multipolar_ner_read"] = k
            if v is d:
                d.user_data["multipolar_ner"] = k
                continue
            exact = k - 4
            open_at = [e.start for e in v.ents if e.start < exact < e.end]
            known = min([exact, *open_at])
            d.ents = [Span(d, e.start, e.end, label=e.label) for e in v.ents if e.end <= known]
            d.user_data["multipolar_ner"] = known
        return read[len(docs):]

    def _pipe(self, kind: str, items: list) -> list:
        """Run the statistical pipeline over `items`: "parse" (texts, all but the entity recogniser),
        "names" (texts, the entity recogniser alone: it has its own embedding layer) or "ents" (parsed docs, the entity recogniser).
        BLAS runs on one thread meanwhile: the matrices of a batch of sentences are too small to gain
        from more, its threads spin while they wait, and worker processes already fill the cores."""
        if not items:
            return []
        with self._blas.limit(limits=1, user_api="blas"):
            if kind == "ents":
                self._recognise(items)
                return items
            if kind == "names":
                return self._recognise([], items)
            docs = list(self.model.pipe(items, batch_size=256, disable=["ner", "attribute_ruler"]))
            self._coarse_tags(docs)
            return docs

    @cached_property
    def _blas(self):
        """The BLAS libraries this process has loaded (numpy's), whose threads `_pipe` limits."""
        from threadpoolctl import ThreadpoolController

        self.model  # numpy and its BLAS are loaded with it
        return ThreadpoolController()

    @cached_property
    def _ruler_tables(self):
        """What `_coarse_tags` needs of the model's attribute ruler: its tag -> part-of-speech rules
        (as sorted tag hashes and part-of-speech ids) and the hashes of the words its rules name."""
        import numpy as np
        from spacy.parts_of_speech import IDS

        strings = self.model.vocab.strings
        table = {}
        for rule in self.model.get_pipe("attribute_ruler").patterns:
            pattern = rule["patterns"][0]
            if len(pattern) == 1 and set(pattern[0]) == {"TAG"} and isinstance(pattern[0]["TAG"], str) \
                    and "POS" in rule["attrs"]:
                table[strings.add(pattern[0]["TAG"])] = IDS[rule["attrs"]["POS"]]
        keys = np.array(sorted(table), dtype=np.uint64)
        values = np.array([table[k] for k in sorted(table)] + [0], dtype=np.uint64)
        words = {w: np.uint64(strings.add(w)) for w in
                 ["aux", "auxpass", "TO", "do", "does", "did", "'d", "have", "has", "had", "ROOT", "advcl", "ccomp",
                  "conj", "relcl", "xcomp", "IN", "mark", "DT", "WDT", "det", "quantmod", "expl", "is", "are", "was",
                  "were", "'s", "'re", "_SP"]}
        return keys, values, words

    def _coarse_tags(self, docs: list) -> None:
        """The parts of speech and space-token labels the rules here read (verb, auxiliary, adjective,
        proper noun), set as the model's attribute ruler sets them, without running it: it costs a
        seventh of a parse. Its rules that depend on the parse are kept (an auxiliary's label makes it
        AUX, "do"/"have" as main verbs, "there is"); its word lists for pronouns and conjunctions
        change no class read here and are left out (tests/test_annotate.py compares both).
        Computed over the token arrays of all `docs` at once, as `_sentence_starts` splits sentences."""
        import numpy as np
        from spacy.attrs import DEP, IS_SPACE, LOWER, POS, TAG
        from spacy.parts_of_speech import IDS

        docs = [d for d in docs if len(d)]
        if not docs:
            return
        keys, values, w = self._ruler_tables
        arr = np.concatenate([d.to_array([TAG, DEP, LOWER, IS_SPACE]) for d in docs])
        tag, dep, lower, space = arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3].astype(bool)
        k = np.searchsorted(keys, tag)
        known = keys[np.minimum(k, len(keys) - 1)] == tag
        pos = np.where(known, values[k], 0).astype(np.uint64)

        def any_of(values, *words):
            hit = values == w[words[0]]
            for word in words[1:]:
                hit |= values == w[word]
            return hit

        # In the ruler's order: a later rule wins.
        pos[any_of(dep, "aux", "auxpass") & (tag != w["TO"]) & (tag != 0)] = IDS["AUX"]
        pos[any_of(lower, "do", "does", "did", "'d", "have", "has", "had")
            & any_of(dep, "ROOT", "advcl", "ccomp", "conj", "relcl", "xcomp")] = IDS["VERB"]
        pos[(tag == w["IN"]) & (dep == w["mark"])] = IDS["SCONJ"]
        pos[any_of(tag, "DT", "WDT") & ~any_of(dep, "det", "quantmod") & (dep != 0)] = IDS["PRON"]
        off = np.cumsum([0] + [len(d) for d in docs])
        after_expl = np.concatenate(([False], (dep == w["expl"])[:-1]))
        after_expl[off[:-1]] = False  # a document's first token follows nothing
        pos[after_expl & any_of(lower, "is", "are", "was", "were", "'s", "'re")] = IDS["VERB"]
        pos[(tag == w["_SP"]) & ~space] = IDS["X"]
        pos[space] = IDS["SPACE"]
        spaces = np.flatnonzero(space)
        first_space = np.searchsorted(spaces, off).tolist()
        for j, doc in enumerate(docs):
            a, b = int(off[j]), int(off[j + 1])
            doc.from_array([POS], pos[a:b].reshape(-1, 1))
            for i in spaces[first_space[j]:first_space[j + 1]].tolist():
                tok = doc[i - a]
                tok.tag_ = "_SP"
                if tok.dep_:
                    tok.dep_ = "dep"

    def _run(self, kind: str, items: list) -> None:
        """`_pipe` over `items`, kept in the batch's cache."""
        docs = self._pipe(kind, items)
        if kind != "ents":
            self._cache.update(zip(((kind, t) for t in items), docs))

    def _run_recogniser(self, docs: list, texts: list[str]) -> None:
        """`_run` of "ents" over `docs` and of "names" over `texts`, in one call of the recogniser."""
        if not docs and not texts:
            return
        with self._blas.limit(limits=1, user_api="blas"):
            self._cache.update(zip((("names", t) for t in texts), self._recognise(docs, texts)))

    # ----------------------------------------------------------------- one document
    def annotate_safely(self, article: dict) -> dict[str, list[dict]]:
        """Annotate one article; an unexpected failure becomes a recorded problem, not a crash."""
        try:
            return self.annotate(article)
        except _Deferred:
            raise
        except Exception as e:  # noqa: BLE001 - one bad document must not stop a corpus
            out: dict[str, list[dict]] = {t: [] for t in TABLES}
            out["problems"].append({"source": article.get("source"), "line": article.get("line"),
                                    "doc_id": article.get("id"), "kind": "annotation_failed", "severity": "error",
                                    "message": f"{article.get('source')}: document {article.get('id')}: "
                                               f"annotation failed ({type(e).__name__}: {e})"})
            return out

    def annotate(self, article: dict) -> dict[str, list[dict]]:
        """Annotate one article row (from `helpers.load`); return rows per table."""
        doc_id = article["id"]
        prep = self._prepared.get(id(article)) or self._prepare(article)
        text, body_at, doc, sents, found, quoting, memo = prep
        day = _parse_date(article.get("date"))
        # The statements first: inside `annotate_many` they may defer the document (to be annotated
        # again once the parses it needs are batched). What is built before them is kept for that
        # next time (`memo`): the mentions, and the speaker turns once they are complete.
        if "mentions" not in memo:
            memo["mentions"] = self._mentions(doc, day)
        mentions = memo["mentions"]
        if "turns" not in memo:
            memo["turns"] = self._turns(text, article, body_at)
        statements, problems = self._statements(text, sents, mentions, body_at, found, quoting, *memo["turns"])
        omap = OffsetMap.from_json(article["offsets"]) if article.get("offsets") else None

        def raw_span(s: int, e: int) -> tuple[int | None, int | None]:
            if omap is None or s < body_at:
                return None, None
            return omap.span_to_raw(s - body_at, e - body_at)

        sent_starts = [s.start_char for s in sents]

        def sent_of(i: int) -> int:
            import bisect

            return max(bisect.bisect_right(sent_starts, i) - 1, 0)

        out: dict[str, list[dict]] = {t: [] for t in TABLES}
        for k, s in enumerate(sents):
            rs, re_ = raw_span(s.start_char, s.end_char)
            out["sentences"].append({"doc_id": doc_id, "sent": k, "start": s.start_char, "end": s.end_char,
                                     "raw_start": rs, "raw_end": re_, "text": text[s.start_char:s.end_char].strip()})

        for m in mentions:
            rs, re_ = raw_span(m["start"], m["end"])
            out["mentions"].append({"doc_id": doc_id, **m, "sent": sent_of(m["start"]),
                                    "raw_start": rs, "raw_end": re_})

        for st in statements:
            rs, re_ = raw_span(st["start"], st["end"])
            out["statements"].append({"doc_id": doc_id, **st, "sent": sent_of(st["start"]),
                                      "raw_start": rs, "raw_end": re_})
        for p in problems:
            out["problems"].append({"source": article.get("source"), "line": article.get("line"), "doc_id": doc_id,
                                    "kind": p["kind"], "severity": "warning",
                                    "message": f"{article.get('source')}: document {doc_id}: {p['message']}"})

        for f in self._figures(text):
            rs, re_ = raw_span(f["start"], f["end"])
            out["figures"].append({"doc_id": doc_id, **f, "sent": sent_of(f["start"]), "raw_start": rs, "raw_end": re_})
        for d in self._dates(text, day):
            rs, re_ = raw_span(d["start"], d["end"])
            out["dates"].append({"doc_id": doc_id, **d, "sent": sent_of(d["start"]), "raw_start": rs, "raw_end": re_})

        totals: dict[str, float] = {}
        actors_in: dict[int, list[tuple[int, int, str]]] = {}
        for m in out["mentions"]:
            actors_in.setdefault(m["sent"], []).append((m["start"], m["end"], m["actor"]))
        bounds = [(s.start_char, s.end_char) for s in sents]
        for k, tid, score, terms in self.codebook.score_sentences(text, bounds, actors_in):
            s = sents[k]
            out["theme_hits"].append({"doc_id": doc_id, "theme": tid, "sent": k, "start": s.start_char,
                                      "end": s.end_char, "score": score, "terms": ", ".join(terms),
                                      "sentence": text[s.start_char:s.end_char].strip()})
            totals[tid] = totals.get(tid, 0.0) + score
        words = len(text.split())
        for tid, theme in self.codebook.themes.items():
            score = totals.get(tid, 0.0)
            if score > 0:
                threshold = self.codebook.threshold_for(theme, words)
                out["doc_themes"].append({"doc_id": doc_id, "theme": tid, "score": score,
                                          "threshold": threshold, "present": score >= threshold})
        return out

    # ----------------------------------------------------------------- actors
    def _mentions(self, doc, day: dt.date | None) -> list[dict]:
        from spacy.util import filter_spans

        vocab = doc.vocab.strings
        alias_spans = []
        for match_id, s, e in self.alias_matcher(doc):
            span = doc[s:e]
            span.label_ = vocab[match_id]
            alias_spans.append(span)
        rows = []
        for span in filter_spans(alias_spans):
            rows.append({"start": span.start_char, "end": span.end_char, "text": span.text,
                         "actor": span.label_, "type": self.kb.type_of(span.label_), "via": "alias"})
        role_spans = []
        for match_id, s, e in self.role_matcher(doc):
            role_spans.append(doc[s:e])
        for span in filter_spans(role_spans):
            who = self.kb.resolve_role(span.text, day)
            if who is None:
                continue
            start = span
            if span.start > 0 and doc[span.start - 1].lower_ == "the":
                start = doc[span.start - 1:span.end]
            rows.append({"start": start.start_char, "end": start.end_char, "text": start.text,
                         "actor": who, "type": self.kb.type_of(who), "via": "role"})
        rows.sort(key=lambda r: (r["start"], -r["end"]))
        return rows

    # ----------------------------------------------------------------- statements
    def _statements(self, text: str, sents: list[Sentence], mentions: list[dict], body_at: int, found, quoting,
                    turns: list[dict], title_label: str | None) -> tuple[list[dict], list[dict]]:
        """Speaker turns and attributed quotations (`found`, `quoting`: as `_prepare` finds them;
        `turns`, `title_label`: as `_turns` finds them)."""
        problems: list[dict] = []
        quotes, unbalanced = found
        for o in unbalanced:
            problems.append({"kind": "unbalanced_quote", "offset": o,
                             "message": f"quotation mark at offset {o} never closed; quotation ends at the paragraph's end"})
        statements = []
        for t in turns:
            statements.append({"start": t["start"], "end": t["end"], "speaker": t["speaker"],
                               "text": text[t["start"]:t["end"]].strip(), "kind": "turn", "via": t["via"],
                               "label": t["label"]})
        statements.extend(self._attribute_quotes(text, sents, quotes, quoting, mentions, turns, body_at, title_label))
        statements.sort(key=lambda s: s["start"])
        for s in statements:
            s["first_words"] = first_words(s["text"])
        return statements, problems

    def _turns(self, text: str, article: dict, body_at: int) -> tuple[list[dict], str | None]:
        """Speaker turns of a transcript, and the speaker a title names before a colon."""
        if ":" not in text:  # every label ends with one
            return [], None
        labels = []
        title_label = None
        for m in TURN.finditer(text):
            label = m.group("label").strip()
            bare = re.sub(r"\s*\([^)]*\)", "", label).strip()
            if bare.lower() in NOT_SPEAKERS or not bare:
                continue
            if len(bare.split()) > 1 and not bare.split()[-1][:1].isupper():
                continue
            if m.start() < body_at:  # "Dan Bongino: Russia, China ‘laughing’ ..." in a title
                title_label = (m.start(), m.end(), bare)
                continue
            labels.append((m.start(), m.end(), bare))
        # A single "Word: text" line is a heading or a lead-in, not a transcript, unless a
        # known person or a question/answer label speaks.
        distinct = {l[2] for l in labels}
        keep = []
        for ls, body, label in labels:
            low = label.lower().rstrip(".")
            if len(distinct) >= 2 or low in QUESTION_LABELS | ANSWER_LABELS or self._persons_in(label):
                keep.append((ls, body, label))
        turns = []
        for k, (ls, body, label) in enumerate(keep):
            end = keep[k + 1][0] if k + 1 < len(keep) else len(text)
            speaker = self._turn_speaker(label, article)
            turns.append({"label_start": ls, "start": body, "end": end, "speaker": speaker, "label": label,
                          "via": "turn label"})
        speaker = None
        if title_label is not None:
            ls, body, label = title_label
            speaker = self._label_speaker(label)
            rest = text[body:body_at].strip()
            if speaker and self.kb.type_of(speaker) in ("person", None) and not any(c in rest for c in "“”\"‘«") \
                    and (self.kb.type_of(speaker) == "person" or self._looks_like_person(label)):
                turns.insert(0, {"label_start": ls, "start": body, "end": body + len(text[body:body_at].rstrip()),
                                 "speaker": speaker, "label": label, "via": "title label"})
        return turns, speaker

    def _label_speaker(self, label: str) -> str | None:
        """The speaker a label names: a known actor, else a person's name, else None."""
        doc = self.fast.make_doc(label)  # the tokens alone: the matcher needs no sentences
        found = [(b - a, doc.vocab.strings[mid]) for mid, a, b in self.alias_matcher(doc)]
        if found:
            persons = [n for _, n in found if self.kb.type_of(n) == "person"]
            return persons[-1] if persons else max(found)[1]
        return label if self._looks_like_person(label) else None

    def _looks_like_person(self, label: str) -> bool:
        """Whether the entity recogniser reads a label as a person's name (cached per label)."""
        cache = self.__dict__.setdefault("_person_labels", {})
        if label not in cache:
            if len(cache) > 50_000:
                cache.clear()
            cache[label] = any(e.label_ == "PERSON" for e in self._names([label])[0].ents)
        return cache[label]

    def _turn_speaker(self, label: str, article: dict) -> str:
        low = label.lower().rstrip(".")
        title = article.get("title") or ""
        if low in QUESTION_LABELS:
            m = re.search(r"\b(?:[Ii]nterview|[Rr]emarks|[Aa]nswers?)\b.*?\b(?:to|with|for)\s+(?:the\s+)?"
                          r"(?:[a-z]+\s+){0,3}(?P<who>(?:[A-Z][\w’'.-]*\s?)+)", title)
            return m.group("who").strip() if m else label
        if low in ANSWER_LABELS:
            names = self._persons_in(title)
            return names[0] if names else label
        names = self._persons_in(label)
        if names:
            return names[-1]
        return label

    def _persons_in(self, s: str) -> list[str]:
        doc = self.fast.make_doc(s)
        found = []
        for match_id, a, b in self.alias_matcher(doc):
            name = doc.vocab.strings[match_id]
            if self.kb.type_of(name) == "person" and name not in found:
                found.append(name)
        return found

    def _attribute_quotes(self, text: str, sents: list[Sentence], quotes: list[Quote], quoting, mentions: list[dict],
                          turns: list[dict], body_at: int = 0, title_label: str | None = None) -> list[dict]:
        if not quotes:
            return []
        # The statistical pipeline parses only the sentences that hold a quotation and a verb of
        # saying outside it (`_parse_plan`). The names of people in those and in the sentences with
        # a colon, and in the sentences before them, are the antecedents of pronouns.
        keys, spans, by_sent, around, need = quoting
        parsed_iter = iter(self._parse([text[s:e] for (s, e), n in zip(spans, need) if n]))
        parsed = [next(parsed_iter) if n else None for n in need]
        colon = [(s, e) for (s, e), n, a in zip(spans, need, around) if not n and ":" in a]
        prev = [(sents[k - 1].start_char, sents[k - 1].end_char)
                for k, n, a in zip(keys, need, around) if k > 0 and (n or ":" in a)]

        def people() -> list[tuple[int, str]]:
            """Named people before each quotation, found only when a pronoun needs an antecedent."""
            found: list[tuple[int, str]] = [(m["start"], m["actor"]) for m in mentions if m["type"] == "person"]
            for (s, _), sdoc in zip(spans, parsed):
                if sdoc is not None:
                    found += [(s + e.start_char, e.text) for e in self._ents(sdoc) if _named_person(e)]
            if colon or prev:
                for (s, e), pdoc in zip(colon + prev, self._names([text[s:e] for s, e in colon + prev])):
                    found += [(s + ent.start_char, ent.text) for ent in pdoc.ents if _named_person(ent)]
            return sorted(found)

        self._people_source, self._people_cache = people, None

        rows: list[dict] = []
        pending_title: list[dict] = []
        last: dict | None = None
        body_first_speaker = None
        for k, (s, e), sdoc in zip(keys, spans, parsed):
            for q in by_sent[k]:
                in_turn = next((t for t in turns if t["start"] <= q.open < t["end"]), None)
                possessive = self._possessive_speaker(text, q, mentions)
                if _title_of_work(text, q):
                    speaker, via = None, "title of a work"
                elif possessive:
                    speaker, via = possessive, "possessive and a noun of saying"
                elif sdoc is None:
                    speaker, via = None, "none"
                else:
                    speaker, via = self._speaker_for(text, q, s, sdoc, mentions)
                if via == "title of a work":
                    pass
                elif speaker is None and via == "unresolved subject" and title_label:
                    speaker, via = title_label, "title label"
                elif speaker is None and q.open < body_at:
                    via = "title"
                elif speaker is None and in_turn is None and last is not None and not last["in_turn"] \
                        and q.open - last["end"] < 600 and text.count("\n\n", last["end"], q.open) <= 1:
                    speaker, via = last["speaker"], "continues the previous quotation"
                if speaker and " " not in speaker and self.kb.type_of(speaker) is None:
                    speaker = self._canonical(_expand_acronym(speaker, text))  # "Bat": British American Tobacco
                row = {"start": q.start, "end": q.end, "speaker": speaker,
                       "text": text[q.start:q.end].strip().rstrip(",.") if q.balanced else text[q.start:q.end].strip(),
                       "kind": "quote", "via": via, "label": None}
                rows.append(row)
                if via == "title":
                    pending_title.append(row)
                if speaker is not None:
                    last = {"speaker": speaker, "end": q.close, "in_turn": in_turn is not None}
                    if q.open >= body_at and body_first_speaker is None:
                        body_first_speaker = speaker
        # A headline compresses: its quotation marks carry the words of whoever the title names
        # before a colon, else the first speaker of the text, else the subject of its first verb of saying.
        if pending_title:
            fallback, via = title_label, "title label"
            if fallback is None and body_first_speaker:
                fallback, via = body_first_speaker, "speaker of the text"
            if fallback is None:
                fallback, via = self._first_sayer(text, sents, body_at, mentions), "subject of the text's first verb of saying"
            title_doc = None
            # The title's subject counts only as a known actor: without one in the title, no parse.
            title_actors = any(m["start"] < len(_title_text(text)) for m in mentions)
            for row in pending_title:
                if _scare_quote(text, row):
                    row["via"] = "scare quote"
                elif fallback is not None:
                    row["speaker"], row["via"] = fallback, via
                else:
                    if title_doc is None and title_actors:
                        title_doc = self._parse([_title_text(text)])[0]
                    speaker = self._title_subject(text, row, mentions, title_doc) if title_actors else None
                    row["speaker"], row["via"] = speaker, "subject of the title"
        return rows

    def _possessive_speaker(self, text: str, q: Quote, mentions: list[dict]) -> str | None:
        """The speaker of "X's words: “...”", "his call for “...”" (the noun of saying right before the quotation)."""
        line_start = text.rfind("\n", 0, q.open) + 1
        m = POSSESSIVE_SPEECH.search(text, max(line_start, q.open - 120), q.open)
        if not m:
            return None
        who_s, who_e = m.span("who")
        if m.group("who").lower() in ("his", "her"):
            prior = [name for pos, name in self._people() if pos < who_s]
            return self._canonical(self._fullest_name(HONORIFIC.sub("", prior[-1]), text, who_s)) if prior else None
        for mention in mentions:
            if mention["start"] < who_e and mention["end"] > who_s:
                return mention["actor"]
        name = HONORIFIC.sub("", m.group("who")).strip()
        if not name or name.split()[0] in ("The", "A", "An", "This", "That", "Its", "Their", "Our"):
            return None
        return self._canonical(self._fullest_name(name, text, who_s))

    def _title_subject(self, text: str, row: dict, mentions: list[dict], sdoc=None) -> str | None:
        """The known actor that is the subject of the title's verb governing a quotation."""
        if sdoc is None:
            sdoc = self._parse([_title_text(text)])[0]
        for tok in sdoc:
            if row["start"] <= tok.idx < row["end"]:
                v = tok
                while v.head != v and v.pos_ not in ("VERB", "AUX"):
                    v = v.head
                for c in v.children:
                    if c.dep_ in ("nsubj", "nsubjpass"):
                        hit = [m for m in mentions if m["start"] <= c.idx < m["end"]]
                        if hit:
                            return hit[0]["actor"]
                return None
        return None

    def _people(self) -> list[tuple[int, str]]:
        if self._people_cache is None:
            self._people_cache = self._people_source() if self._people_source else []
        return self._people_cache

    def _first_sayer(self, text: str, sents, body_at: int, mentions: list[dict]) -> str | None:
        """The subject of the first verb of saying in the first sentences of the body."""
        body = [s for s in sents if s.start_char >= body_at][:3]
        body = [s for s in body if has_speech_verb(text[s.start_char:s.end_char])]
        for s, sdoc in zip(body, self._parse([text[s.start_char:s.end_char] for s in body])):
            for tok in (sdoc[i] for i in _speech_verbs(sdoc)):
                if tok.pos_ in ("VERB", "AUX"):
                    who = self._subject_speaker(tok, sdoc, s.start_char, text, mentions)
                    if who:
                        return who
        return None

    def _speaker_for(self, text: str, q: Quote, offset: int, sdoc, mentions: list[dict]) -> tuple[str | None, str]:
        """Who said quotation `q`, from the parse of its sentence; (None, reason) for none."""
        inside = lambda tok: q.open <= offset + tok.idx < q.close  # noqa: E731
        # The quotation's tokens are those from i0 to i1; the verbs of saying outside it are the
        # sentence's others (a verb of saying is a word: never punctuation or space).
        i0, i1 = _tokens_before(sdoc, q.open - offset), _tokens_before(sdoc, q.close - offset)
        q_tokens = [sdoc[i] for i in range(i0, i1)]
        speech_outside = [sdoc[i] for i in _speech_verbs(sdoc) if not i0 <= i < i1]
        # "In Putin's words: ..." / "X said: ..." - a colon right before the quotation.
        before = text[offset:q.open].rstrip()
        if before.endswith(":"):
            m = re.search(r"\b[Ii]n\s+(?P<who>.+?)['’]s?\s+words\s*:$", before)
            if m:
                who = self._resolve(offset + m.start("who"), offset + m.end("who"), sdoc, offset, text, mentions)
                if who:
                    return who, "in X's words"
            verbs = [t for t in speech_outside if offset + t.idx < q.open]
            if verbs:
                who = self._subject_speaker(verbs[-1], sdoc, offset, text, mentions)
                if who:
                    return who, f"colon after '{verbs[-1].text}'"
        # A speech verb that governs the quotation.
        if q_tokens:
            anchor = next((t for t in q_tokens if not inside(t.head) or t.head == t), q_tokens[0])
            tok = anchor.head
            seen = 0
            while tok is not None and seen < 12:
                if not inside(tok) and is_speech_verb(tok):
                    who = self._subject_speaker(tok, sdoc, offset, text, mentions)
                    if who:
                        return who, f"subject of '{tok.text}'"
                if tok.head == tok:
                    break
                tok = tok.head
                seen += 1
        # Any speech verb in the sentence outside quotations, nearest first.
        verbs = [t for t in speech_outside if t.pos_ in ("VERB", "AUX", "ADJ") or t.is_title
                 or _after_person(t, offset, mentions)]
        for v in sorted(verbs, key=lambda t: abs(offset + t.idx - q.open)):
            who = self._subject_speaker(v, sdoc, offset, text, mentions)
            if who:
                return who, f"subject of '{v.text}' in the sentence"
            # A headline's verb of saying whose subject the parser missed: the actor before it.
            prior = [m for m in mentions if offset <= m["start"] < offset + v.idx and m["type"] == "person"]
            if prior and not any(inside(t) for t in sdoc if offset + t.idx == prior[-1]["start"]):
                return prior[-1]["actor"], f"person before '{v.text}'"
        if verbs:
            return None, "unresolved subject"
        return None, "none"

    def _subject_speaker(self, verb, sdoc, offset: int, text: str, mentions: list[dict]) -> str | None:
        v = verb
        for _ in range(5):
            if v.lower_ == "according":
                for child in v.children:
                    for pobj in (c for c in child.subtree if c.dep_ == "pobj"):
                        return self._resolve_token(pobj, sdoc, offset, text, mentions)
            if v.lower_ in ("quote", "quotes", "quoted", "quoting"):  # "Interfax quoted Mr Khodorkovsky as saying"
                obj = [c for c in v.children if c.dep_ == "dobj"]
                if obj:
                    return self._resolve_token(obj[0], sdoc, offset, text, mentions)
            subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                return self._resolve_token(subj[0], sdoc, offset, text, mentions)
            if v.dep_ == "conj" and v.head != v and not is_speech_verb(v.head):
                # "X argued that Y grew, and agreed that ...": the parser hangs the second verb of
                # saying on the reported clause; its subject is the first verb of saying's.
                up = v.head
                while up.head != up and not is_speech_verb(up) and up.dep_ in ("ccomp", "conj", "xcomp", "advcl"):
                    up = up.head
                if is_speech_verb(up) and up.pos_ in ("VERB", "AUX"):
                    v = up
                    continue
            if v.dep_ in ("xcomp", "advcl", "conj", "ccomp", "pcomp", "relcl") and v.head != v:
                v = v.head
                continue
            break
        return None

    def _resolve_token(self, head, sdoc, offset: int, text: str, mentions: list[dict]) -> str | None:
        """The speaker a subject (or object) token names: its own name first, then its phrase."""
        start = offset + sdoc[head.left_edge.i].idx
        if head.lower_ in PRONOUNS:
            prior = [name for pos, name in self._people() if pos < start]
            if prior:
                return self._canonical(self._fullest_name(HONORIFIC.sub("", prior[-1]), text, start))
            return None
        hs, he = offset + head.idx, offset + head.idx + len(head.text)
        # The name the head word belongs to ("Yukos spokesman Alexander Shadrin", "Xing Wangli, a spokesman").
        # A known actor first: the knowledge base is surer than the entity recogniser (and cheaper).
        for kind in ("person", None):
            for m in mentions:
                if m["start"] <= hs < m["end"] and kind in (None, m["type"]):
                    return m["actor"]
        phrase, upto = sdoc[head.left_edge.i:head.right_edge.i + 1].text, head.right_edge.i + 1
        for ent in self._ents(sdoc, phrase, upto):
            if ent.start <= head.i < ent.end and ent.label_ == "PERSON":
                name = sdoc[ent.start:head.i + 1].text  # "Graham Explains" tagged as one name: keep "Graham"
                name = self._canonical(self._fullest_name(HONORIFIC.sub("", name), text, offset + ent.start_char))
                others = [self._canonical(HONORIFIC.sub("", e.text)) for c in head.children if c.dep_ == "conj"
                          for e in self._ents(sdoc, upto=upto) if e.start <= c.i < e.end and e.label_ == "PERSON"]
                return " and ".join([name, *others])  # "Tammy Duckworth and Dan Sullivan"
        for ent in self._ents(sdoc, phrase, upto):
            if ent.start <= head.i < ent.end and ent.label_ in ("ORG", "GPE"):
                return self._canonical(_expand_acronym(ent.text, text))
            if ent.start <= head.i < ent.end and ent.label_ == "NORP" and ent.text in self.alias_index:
                return self.alias_index[ent.text]  # "Chinese officials" speak for China; "Democrat senators" name no one
        # The words before the head ("The Chinese president", "the China Daily newspaper").
        core_s = offset + sdoc[head.left_edge.i].idx
        found = self._resolve(core_s, he, sdoc, offset, text, mentions)
        if found:
            return found
        for child in head.children:
            if child.dep_ == "appos":
                return self._resolve_token(child, sdoc, offset, text, mentions)
        end = offset + sdoc[head.right_edge.i].idx + len(sdoc[head.right_edge.i].text)
        found = self._resolve(core_s, end, sdoc, offset, text, mentions)
        if found is None and head.pos_ == "PROPN" and head.text[:1].isupper():
            # A proper name the models do not know ("Gep said"): the name itself.
            words = [t for t in sdoc[head.left_edge.i:head.i + 1] if t.pos_ == "PROPN"]
            if words and words[-1] == head:
                found = self._canonical(_strip_titles(" ".join(t.text for t in words)))
        return found

    def _canonical(self, name: str) -> str:
        """The canonical actor for a name the knowledge base knows, else the name itself."""
        return self.alias_index.get(name, name)

    def _resolve(self, start: int, end: int, sdoc, offset: int, text: str, mentions: list[dict]) -> str | None:
        """The speaker named by text[start:end]: an actor, a pronoun's antecedent or a name."""
        inside = [m for m in mentions if m["start"] >= start and m["end"] <= end]
        for m in inside:
            if m["type"] == "person":
                return m["actor"]
        upto = _tokens_before(sdoc, end - offset)
        for ent in self._ents(sdoc, text[start:end], upto):
            es = offset + ent.start_char
            if start <= es < end and ent.label_ == "PERSON":
                return self._canonical(self._fullest_name(HONORIFIC.sub("", ent.text), text, es))
        for ent in self._ents(sdoc, text[start:end], upto):  # "the China Daily newspaper": the paper, not China
            es, ee = offset + ent.start_char, offset + ent.end_char
            if start <= es < end and ent.label_ == "ORG" and any(es <= m["start"] and m["end"] <= ee and
                                                                 (m["end"] - m["start"]) < (ee - es) for m in inside):
                return self._canonical(_expand_acronym(ent.text, text))
        for kind in ("organisation", "state", "programme"):
            for m in inside:
                if m["type"] == kind:
                    return m["actor"]
        phrase = text[start:end].strip()
        if phrase.lower() in PRONOUNS:
            prior = [name for pos, name in self._people() if pos < start]
            return self._canonical(prior[-1]) if prior else None
        for ent in self._ents(sdoc, text[start:end], upto):
            es = offset + ent.start_char
            if start <= es < end and (ent.label_ in ("ORG", "GPE") or ent.label_ == "NORP" and ent.text in self.alias_index):
                return self._canonical(_expand_acronym(ent.text, text))
        name = HONORIFIC.sub("", phrase)
        if phrase != name and name[:1].isupper():
            return self._canonical(self._fullest_name(name, text, start))
        return None

    @staticmethod
    def _fullest_name(name: str, text: str, before: int) -> str:
        """The longest earlier form of a name ("Tony Blair" for "Blair")."""
        name = _strip_titles(name)
        surname = name.split()[-1] if name.split() else name
        best = name
        if surname and not _after_a_word(text, surname):  # no longer form: spare compiling the expression
            return best
        for m in re.finditer(rf"\b(?:[A-Z][\w’'-]+\s+){{1,3}}{re.escape(surname)}\b", text):
            cand = _strip_titles(m.group(0))
            if len(cand) > len(best):
                best = cand
        return best

    # ----------------------------------------------------------------- figures and dates
    def _figures(self, text: str) -> list[dict]:
        rows = []
        if not _may_hold_figure(text):
            return rows
        for m in FIGURE_RE.finditer(text):
            if m.group("cur"):
                value = _number(m.group("cnum")) * SCALES.get((m.group("cscale") or "").lower(), 1)
                unit = CURRENCIES[m.group("cur").lower()]
            elif m.group("num"):
                value = _number(m.group("num")) * SCALES.get((m.group("scale") or "").lower(), 1)
                unit = UNIT_WORDS.get(m.group("unit").lower(), m.group("unit").lower())
            else:
                o = m.group("ord").lower()
                value = float(ORDINALS.get(o) or int(re.sub(r"\D", "", o)))
                unit = "ordinal " + m.group("noun").lower()
            rows.append({"start": m.start(), "end": m.end(), "text": m.group(0), "value": value, "unit": unit})
        return rows

    def _dates(self, text: str, day: dt.date | None) -> list[dict]:

        base = dt.datetime.combine(day, dt.time()) if day else None
        rows = []
        if not _may_hold_date(text):
            return rows
        for m in DATE_RE.finditer(text):
            kind = m.lastgroup
            expr = m.group(0)
            core = re.sub(r"^(?:in|since|until|by|from|on|early|late|mid-)\s*", "", expr, flags=re.I)
            if kind in ("wd", "dm", "m") and base is None:
                rows.append({"start": m.start(), "end": m.end(), "text": expr, "date": None, "granularity": None})
                continue
            parsed = _date_value(kind, core, base)
            granularity = {"dmy": "day", "mdy": "day", "iso": "day", "dm": "day", "wd": "day",
                           "my": "month", "m": "month", "y": "year"}[kind]
            value = None
            if parsed is not None:
                value = parsed.isoformat()[: {"day": 10, "month": 7, "year": 4}[granularity]]
            rows.append({"start": m.start(), "end": m.end(), "text": expr, "date": value, "granularity": granularity})
        return rows


_WORD = re.compile(r"\w+")


def has_speech_verb(s: str) -> bool:
    """Whether `s` holds a form of a verb of saying as a whole word (a set lookup: a regular
    expression alternating 600 forms is a hundred times slower)."""
    return not SPEECH_FORMS.isdisjoint(_WORD.findall(s.lower()))


def _title_text(text: str) -> str:
    """The title of an annotated text (all of it when it has no blank line)."""
    return text[: text.find("\n\n") if "\n\n" in text else len(text)]


def _quote_spans(sents, quotes: list[Quote]) -> tuple[list[int], list[tuple[int, int]], dict[int, list[Quote]]]:
    """The sentences holding quotations: their indexes, their spans (widened to whole quotations), the quotations."""
    import bisect

    starts = [s.start_char for s in sents]
    by_sent: dict[int, list[Quote]] = {}
    for q in quotes:
        k = max(bisect.bisect_right(starts, q.start) - 1, 0)
        by_sent.setdefault(k, []).append(q)
    keys = sorted(by_sent)
    spans = []
    for k in keys:
        s = min(sents[k].start_char, min(q.open for q in by_sent[k]))
        last = max(bisect.bisect_right(starts, max(q.close for q in by_sent[k]) - 1) - 1, k)
        e = max(sents[last].end_char, max(q.close for q in by_sent[k]))
        spans.append((s, e))
    return keys, spans, by_sent


def _around(text: str, start: int, end: int, quotes: list[Quote]) -> str:
    """The words of text[start:end] outside `quotes`."""
    pos, outside = start, []
    for q in sorted(quotes, key=lambda q: q.open):
        outside.append(text[pos:max(pos, q.open)])
        pos = max(pos, q.close)
    outside.append(text[pos:end])
    return " ".join(outside)


def _names_speaker(around: str) -> bool:
    """Whether the words around a sentence's quotations hold a verb of saying or "In X's words:"
    (every rule of `_speaker_for` needs one of them)."""
    return has_speech_verb(around) or IN_WORDS.search(around) is not None


def _after_a_word(text: str, s: str) -> bool:
    """Whether `s` occurs in `text` after whitespace that follows a word's last character (a letter,
    digit, "_", "’", "'" or "-"): where "Vladimir Putin" may be written out before "Putin"."""
    i = text.find(s)
    while i != -1:
        j = i
        while j > 0 and text[j - 1].isspace():
            j -= 1
        if 0 < j < i and (text[j - 1].isalnum() or text[j - 1] in "_’'-"):
            return True
        i = text.find(s, i + 1)
    return False


def _first_tokens(doc, k: int):
    """The first `k` tokens of `doc` as a new doc of their words and spaces, all the entity
    recogniser reads (`Span.as_doc` also copies the parse, at seven times the cost)."""
    from spacy.tokens import Doc

    tokens = doc[:k]
    return Doc(doc.vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens])


def _tokens_before(sdoc, char: int) -> int:
    """How many tokens of `sdoc` begin before character `char`."""
    import bisect

    if "multipolar_idx" not in sdoc.user_data:
        from spacy.attrs import IDX

        sdoc.user_data["multipolar_idx"] = sdoc.to_array(IDX).tolist()
    return bisect.bisect_left(sdoc.user_data["multipolar_idx"], char)


@lru_cache(maxsize=1)
def _speech_hashes() -> frozenset[int]:
    """The string hashes of SPEECH_FORMS (spaCy's hash of a string depends on the string alone)."""
    from spacy.strings import hash_string

    return frozenset(hash_string(f) for f in SPEECH_FORMS)


def _speech_verbs(sdoc) -> list[int]:
    """The indexes of the tokens of `sdoc` that are verbs of saying (`is_speech_verb`), found once a parse."""
    if "multipolar_speech" not in sdoc.user_data:
        from spacy.attrs import LOWER

        hashes = _speech_hashes()
        sdoc.user_data["multipolar_speech"] = [i for i, h in enumerate(sdoc.to_array(LOWER).tolist()) if h in hashes]
    return sdoc.user_data["multipolar_speech"]


def _quote_sentences(text: str, sents, quotes: list[Quote]):
    """The sentences holding `quotes` (as `_quote_spans`), the words around their quotations, and
    whether `_speaker_for` may find a speaker there (the sentences worth a parse)."""
    keys, spans, by_sent = _quote_spans(sents, quotes)
    around = [_around(text, s, e, by_sent[k]) for k, (s, e) in zip(keys, spans)]
    return keys, spans, by_sent, around, [_names_speaker(a) for a in around]


IN_WORDS = re.compile(r"\b[Ii]n\s+(?P<who>.+?)['’]s?\s+words\s*:")


TITLE_WORDS = {"Mr", "Mrs", "Ms", "Dr", "President", "Minister", "The", "But", "And", "Senator", "Senators", "Sen",
               "Sens", "Rep", "Reps", "Representative", "Secretary", "Chancellor", "Premier", "Governor", "Gov",
               "Mayor", "Ambassador", "Professor", "Prof", "General", "Gen", "Analyst", "Spokesman", "Spokeswoman"}


def _strip_titles(name: str) -> str:
    """A name without the titles before it ("Senators Ann Fry" -> "Ann Fry"); the name itself if nothing is left."""
    words = name.split()
    while len(words) > 1 and words[0].rstrip(".") in TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


def _after_person(tok, offset: int, mentions: list[dict]) -> bool:
    """A headline's "Putin praises ...": a verb form the tagger took for a plural noun, right after a person."""
    if tok.i == 0 or tok.lower_ not in SPEECH_FORMS or not tok.lower_.endswith("s"):
        return False
    prev = tok.doc[tok.i - 1]
    end = offset + prev.idx + len(prev.text)
    return any(m["end"] == end and m["type"] == "person" for m in mentions)


# "Javier Milei's premise of “...”", "Putin's words: “...”": a possessive and a noun of saying
# right before the quotation.
SPEECH_NOUNS = ("words|remarks?|comments?|claims?|promises?|pledges?|vows?|calls?|warnings?|premise|statements?|"
                "messages?|assertions?|insistence|arguments?|description|phrase|characteri[sz]ation|demands?|"
                "appeals?|pleas?|mantra|refrain|answer|reply|response|verdict|assessment|view|belief|question")
POSSESSIVE_SPEECH = re.compile(
    rf"(?P<who>\b(?:[A-Z][\w.’'-]*\s+){{0,3}}[A-Z][\w.’'-]*?|\b[Hh]is|\b[Hh]er)(?:['’]s?)?\s+"
    rf"(?:(?:own|latest|new|earlier|repeated|famous|oft-repeated)\s+)?(?:{SPEECH_NOUNS})"
    rf"(?:\s+(?:of|that|was|is|were|are))?\s*[:,]?\s*$")


def _named_person(ent) -> bool:
    """A PERSON entity reliable enough to be an antecedent: two words or more, or after Mr/Ms."""
    if ent.label_ != "PERSON":
        return False
    before = ent.doc[ent.start - 1].text if ent.start > 0 else ""
    return len(ent) >= 2 or before in ("Mr", "Mrs", "Ms", "Dr", "Mr.", "Mrs.", "Ms.", "Dr.")


def _expand_acronym(name: str, text: str) -> str:
    """The spelled-out name of an acronym the text also gives in full ("LSE": "London Stock Exchange")."""
    letters = name.replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isalpha() and " " not in name):
        return name
    words = r"(?:[A-Z][\w&'-]*)"
    pattern = rf"\b{words}(?:\s+(?:of|and|the|for|&)?\s*{words}){{{len(letters) - 1},{len(letters) + 2}}}"
    for m in re.finditer(pattern, text):
        caps = [w for w in m.group(0).split() if w[:1].isupper()]
        for i in range(len(caps) - len(letters) + 1):
            cand = caps[i:i + len(letters)]
            if "".join(w[0] for w in cand).upper() == letters.upper():
                start = m.group(0).index(cand[0])
                end = m.group(0).index(cand[-1], start) + len(cand[-1])
                return m.group(0)[start:end]
    return name


_FULL_MONTHS = MONTHS.split("|")[:12]
MONTH_NUMBERS = {name.lower(): next(k + 1 for k, full in enumerate(_FULL_MONTHS) if full.startswith(name))
                 for name in MONTHS.split("|")}
WEEKDAY_NUMBERS = {name.lower(): k for k, name in enumerate(WEEKDAYS.split("|"))}
_DATE_PARTS = re.compile(rf"(?i)(?:(?P<rel>this|last|next)\s+)?(?P<wd>{WEEKDAYS})|(?P<y>\d{{4}})-(?P<mo>\d{{2}})-(?P<d>\d{{2}})"
                         rf"|(?P<month>{MONTHS})")


def _date_value(kind: str, core: str, base: dt.datetime | None) -> dt.date | None:
    """The date an expression DATE_RE found names, the past preferred, relative to `base` (a weekday,
    a day and month, a month alone); None for an impossible date (31 April) or a relative month
    ("last March": which one is unsure). The expressions are already parsed by DATE_RE: this reads
    their parts (tests/test_annotate.py checks it against dateparser on every form and many days)."""
    base_day = (base or dt.datetime(2000, 1, 1)).date()
    parts = {k: v for m in _DATE_PARTS.finditer(core) for k, v in m.groupdict().items() if v}
    try:
        if kind == "iso":
            return dt.date(int(parts["y"]), int(parts["mo"]), int(parts["d"]))
        if kind == "wd":
            rel, delta = (parts.get("rel") or "").lower(), WEEKDAY_NUMBERS[parts["wd"].lower()] - base_day.weekday()
            ahead = {"next": delta % 7 or 7, "this": delta % 7}.get(rel, -((-delta) % 7 or 7))
            return base_day + dt.timedelta(days=ahead)
        month = MONTH_NUMBERS[parts["month"].lower()] if "month" in parts else base_day.month
        numbers = [int(n) for n in re.findall(r"\d+", core)]
        if kind == "m" and re.match(r"(?i)(?:this|last|next)\b", core):
            return None
        if kind in ("dmy", "mdy"):
            return dt.date(numbers[-1], month, numbers[0])
        if kind == "my":
            return dt.date(numbers[-1], month, 1)
        if kind == "y":
            return dt.date(numbers[-1], 1, 1)
        day = numbers[0] if kind == "dm" else 1
        for year in range(base_day.year, base_day.year - 9, -1):  # 29 February: the last leap year
            try:
                value = dt.date(year, month, day)
            except ValueError:
                continue
            if value <= base_day:
                return value
        return None
    except (ValueError, KeyError, IndexError):
        return None


SCARE_DETERMINERS = re.compile(r"\b(?:the|a|an|its|their|his|her|our|this|that|so-called|so called)\s*$", re.IGNORECASE)


def _scare_quote(text: str, row: dict) -> bool:
    """A short quotation after a determiner ("its 'peace plan'", "the “multipolar world”"): a label, not speech."""
    return len(row["text"].split()) <= 4 and bool(SCARE_DETERMINERS.search(text, max(0, row["start"] - 20),
                                                                           max(0, row["start"] - 1)))


def _title_of_work(text: str, q: Quote) -> bool:
    """A quoted Title Case name after "on ABC's", "in" or "show": a programme or book, not words said."""
    words = text[q.start:q.end].split()
    if not words or len(words) > 6 or not all(w[:1].isupper() or not w[:1].isalpha() for w in words):
        return False
    before = text[max(0, q.open - 20):q.open].rstrip()
    return bool(re.search(r"(?:['’]s|\bon|\bin|\bshow|\bprogramme|\bprogram|\bbook|\bfilm|\bnewspaper)$", before))


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def _may_hold_date(text: str) -> bool:
    """False when DATE_RE cannot match `text`: every date expression holds a digit, a month's or a weekday's name."""
    return _DIGIT.search(text) is not None or _DATE_WORD.search(text) is not None


def _may_hold_figure(text: str) -> bool:
    """False when FIGURE_RE cannot match `text`: every figure holds a digit or an ordinal word
    (matched regardless of case: on ASCII text, the lower-case text holds it)."""
    if _DIGIT.search(text) is not None or not text.isascii():
        return True
    low = text.lower()
    return any(word in low for word in ORDINALS)


_DEFAULT: Annotator | None = None


def default_annotator() -> Annotator:
    """The annotator built from the shipped knowledge base and codebook (built once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Annotator()
    return _DEFAULT


def annotator_for(actors: str | None = None, codebook: str | None = None) -> Annotator:
    """The annotator of a knowledge-base YAML and a codebook YAML (the shipped ones, built once, where both are None)."""
    if actors or codebook:
        return Annotator(load_kb(actors), load_codebook(codebook))
    return default_annotator()


_WORKER: Annotator | None = None


def _worker_annotate(chunk: list[dict]) -> list[tuple[dict, dict[str, list[dict]]]]:
    return list(zip(chunk, _WORKER.annotate_many(chunk)))


def annotate_parallel(articles, processes: int = 2, actors: str | None = None, codebook: str | None = None,
                      annotator: Annotator | None = None, chunksize: int = PARSE_BATCH):
    """Yield (article, tables) for each article, in order, annotated by `processes` worker processes
    (`chunksize` articles at a time, their statistical parses batched). The workers are forked from
    this process with the annotator loaded (`Annotator.load`): they share its pipelines instead of
    each loading them."""
    global _WORKER
    ann = annotator or annotator_for(actors, codebook)
    if processes <= 1:
        for chunk in chunked(articles, chunksize):
            yield from zip(chunk, ann.annotate_many(chunk))
        return
    import multiprocessing as mp

    # A list is split evenly (`even_chunks`); anything else is streamed.
    chunks = even_chunks(articles, processes, chunksize) if isinstance(articles, list) else chunked(articles, chunksize)
    _WORKER = ann.load()
    try:
        with mp.get_context("fork").Pool(processes) as pool:
            for done in pool.imap(_worker_annotate, chunks):
                yield from done
    finally:
        _WORKER = None


def chunked(items, size: int = PARSE_BATCH):
    """Consecutive lists of at most `size` items from an iterable (streamed)."""
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def even_chunks(items: list, processes: int, size: int = PARSE_BATCH) -> list[list]:
    """Consecutive chunks of `items`, at most `size` each, as many as a multiple of `processes` and
    of sizes within one of each other: no worker is left alone with a short last chunk."""
    import math

    if not items:
        return []
    count = min(len(items), processes * math.ceil(len(items) / (processes * size)))
    q, r = divmod(len(items), count)
    bounds = [k * q + min(k, r) for k in range(count + 1)]
    return [items[a:b] for a, b in zip(bounds, bounds[1:])]


def annotate_articles(articles: pd.DataFrame, annotator: Annotator | None = None) -> dict[str, pd.DataFrame]:
    """Annotate every article; return one DataFrame per table (see TABLES)."""
    import pandas as pd

    ann = annotator or default_annotator()
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    for article in articles.to_dict("records"):
        for table, items in ann.annotate(article).items():
            rows[table].extend(items)
    return {t: pd.DataFrame(rows[t]) for t in TABLES}


def document_export(article: dict, tables: dict[str, list[dict]]) -> dict:
    """One document in the evaluation schema of the guidelines (plus evidence)."""
    actors = sorted({m["actor"] for m in tables["mentions"]})
    themes = sorted({t["theme"] for t in tables["doc_themes"] if t["present"]})
    statements = [{"speaker": s["speaker"], "start": s["first_words"], "text": s["text"], "kind": s["kind"]}
                  for s in tables["statements"]]
    return {"id": article["id"], "actors": actors, "statements": statements, "themes": themes,
            "relevant": is_relevant(tables)}


CHINA_SIDE = {"China", "Xi Jinping", "Wang Yi", "Li Qiang", "Li Keqiang", "Han Zheng", "Zhao Lijian", "Hua Chunying",
              "Geng Shuang", "Lu Kang", "Wang Wenbin", "Mao Ning", "Communist Party of China"}
RUSSIA_SIDE = {"Russia", "Vladimir Putin", "Sergey Lavrov", "Dmitry Peskov", "Dmitry Medvedev", "Maria Zakharova",
               "Yury Ushakov", "Gazprom"}
RELEVANT_SHARE = 0.5
TITLE_EVIDENCE = 2.0


def is_relevant(tables: dict[str, list[dict]]) -> bool:
    """About China–Russia relations: the alignment theme is present and either the two sides (their
    states, leaders and officials) make up at least half of the document's actor mentions, or the
    first sentence (the title) relates them ("Blinken says China assured it won't send weapons to
    Russia": both sides named there, with evidence of the relationship worth a short text's threshold)."""
    aligned = any(t["theme"] == "china_russia_alignment" and t["present"] for t in tables["doc_themes"])
    actors = [m["actor"] for m in tables["mentions"]]
    if not aligned or not actors:
        return False
    china = sum(a in CHINA_SIDE for a in actors)
    russia = sum(a in RUSSIA_SIDE for a in actors)
    if china > 0 and russia > 0 and (china + russia) / len(actors) >= RELEVANT_SHARE:
        return True
    first = {m["actor"] for m in tables["mentions"] if m["sent"] == 0}
    return bool(first & CHINA_SIDE and first & RUSSIA_SIDE) and any(
        t["theme"] == "china_russia_alignment" and t["sent"] == 0 and t["score"] >= TITLE_EVIDENCE
        for t in tables["theme_hits"])
