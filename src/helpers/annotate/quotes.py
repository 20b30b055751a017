"""Quotations: the annotated text, the quotations in it and the sentences that hold them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpers.annotate.speech import SpeechWords, speech_words

# Quotations: curly double, straight double, guillemets, curly and straight single quotes.
QUOTE_PAIRS = [("“", "”"), ("«", "»"), ('"', '"'), ("‘", "’"), ("'", "'")]
_SPACES = re.compile(r"\s*")


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
                        elif nxt_open < p_end and _opens_double(text, o) and not _opens_double(text, nxt_open):
                            c = nxt_open  # “...“ followed by a space: an opening mark typed for the closing one
                if c < 0 and opener == "‘":  # ‘...” : a mismatched pair, closed all the same
                    k = bisect.bisect_left(curly_closers, o + 1)
                    c = curly_closers[k] if k < len(curly_closers) and curly_closers[k] < p_end else -1
                if c < 0:
                    nxt = _SPACES.match(text, p_end).end()
                    if opener == '"' and text.startswith('"', nxt) and "\n" in text[p_end:nxt] \
                            and not taken(o, o):
                        # A quotation that runs on: the next paragraph opens with a quotation mark
                        # (curly ones inside it are part of it).
                        quotes[:] = [x for x in quotes if not o < x.open < p_end]
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
                if c - o < 2 or taken(o, o) or taken(c, c):
                    i = o + 1
                    continue
                if opener == '"' and taken(o, c):
                    # "... “a term” ...": a straight pair around curly ones, the quotation that holds them
                    quotes[:] = [x for x in quotes if not o < x.open < c]
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


def title_text(text: str) -> str:
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


def _names_speaker(around: str, words: SpeechWords) -> bool:
    """Whether the words around a sentence's quotations hold a verb of saying or "In X's words:"
    (every rule of `speakers.Speakers.speaker_for` needs one of them)."""
    return words.has_speech_verb(around) or words.in_words.search(around) is not None


def quote_sentences(text: str, sents, quotes: list[Quote], words: SpeechWords | None = None):
    """The sentences holding `quotes` (as `_quote_spans`), the words around their quotations, and
    whether `speakers.Speakers.speaker_for` may find a speaker there (the sentences worth a parse;
    `words`: the lexicons' words of saying, the shipped ones by default)."""
    words = words or speech_words()
    keys, spans, by_sent = _quote_spans(sents, quotes)
    around = [_around(text, s, e, by_sent[k]) for k, (s, e) in zip(keys, spans)]
    return keys, spans, by_sent, around, [_names_speaker(a, words) for a in around]


def scare_quote(text: str, row: dict, words: SpeechWords | None = None) -> bool:
    """A short quotation after a determiner or a possessive ("its 'new deal'", "the city's “green belt”"): a label
    (`words`: the lexicons' `scare_determiners`, the shipped ones by default)."""
    before = (words or speech_words()).scare_before
    return len(row["text"].split()) <= 4 and bool(before.search(text, max(0, row["start"] - 20),
                                                                max(0, row["start"] - 1)))


def title_of_work(text: str, q: Quote, words: SpeechWords | None = None) -> bool:
    """A quoted Title Case name after "on ABC's", "in" or "show", or after "his favourite book is", "a film
    called": a programme or book, not words said (`words`: the lexicons' `work_preceding_words`,
    `work_nouns` and `work_naming_verbs`, the shipped ones by default)."""
    quoted = text[q.start:q.end].split()
    if not quoted or len(quoted) > 6 or not all(w[:1].isupper() or not w[:1].isalpha() for w in quoted):
        return False
    words = words or speech_words()
    before = text[max(0, q.open - 40):q.open].rstrip()
    return bool(words.work_before.search(before) or words.work_is.search(before))
