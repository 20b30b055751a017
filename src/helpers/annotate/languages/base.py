"""A language room: the annotation of a document in a language other than English, on one interface.

Each language supplies its tokens and the key they are matched on (`Room.tokens`: Russian words
by their lemma, Chinese by character, Spanish as written), the names its recogniser finds
(`Room.names`) and its pack of words (`resources.languages`). From these, the room finds what the
English pipeline finds, with the same tables and columns:

- mentions: the knowledge base's names and the pack's aliases and role titles, longest first;
- statements: speaker turns ("В.Путин: …", "赵立坚：…"), quotations in the language's marks, and
  reported speech (a verb or noun of saying, its speaker and the content it reports);
- dates and figures in the language's words, resolved against the document's date;
- themes (the codebook, whose terms hold every language) and relevance (the same model).

A speaker is chosen by the same rules as in English: the turn's label; the name the cue of saying
governs (before it, or after it when the cue comes first: "заявил Песков"); "according to X"; a
pronoun stands for the last named speaker; a short quotation with no cue is a scare quote or a
title and has no speaker.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from typing import NamedTuple

from helpers.annotate.patterns import alternation
from helpers.annotate.languages.reported import ReportedSpeech
from helpers.annotate.languages.statements import StatementRules
from helpers.annotate.sentences import Sentence
from helpers.resources.kb import KnowledgeBase
from helpers.resources.languages import LanguagePack

class Token(NamedTuple):
    """A token of a document: its span and the key it is matched on."""

    start: int
    end: int
    key: str


class Mention(NamedTuple):
    """A name found in a text: span, the actor or name it stands for, its type and how it was found."""

    start: int
    end: int
    actor: str
    type: str | None
    via: str


def _trie(entries: dict[tuple[str, ...], str]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First key -> [(keys, value)], longest first."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for keys, value in entries.items():
        if keys:
            out.setdefault(keys[0], []).append((keys, value))
    for v in out.values():
        v.sort(key=lambda kv: -len(kv[0]))
    return out


def _longest(tokens: list[Token], trie) -> list[tuple[int, int, str]]:
    """Non-overlapping longest matches of `trie`'s key sequences over `tokens`: (first, last + 1, value)."""
    out, i, n = [], 0, len(tokens)
    while i < n:
        for keys, value in trie.get(tokens[i].key, ()):
            k = len(keys)
            if i + k <= n and all(tokens[i + j].key == keys[j] for j in range(1, k)):
                out.append((i, i + k, value))
                i += k
                break
        else:
            i += 1
    return out


class Room(StatementRules, ReportedSpeech):
    """The annotation of one language (see the module's docstring); subclasses supply its tokens and names."""

    code = ""
    # Sentence ends of the language; a closing quotation mark or bracket after one stays with its sentence.
    SENTENCE_END = re.compile(r"[.!?…。！？]+[»“”\"’」』)）]*(?=\s|$)|[。！？]+[»“”\"’」』)）]*|\n\s*\n|\n")
    # What follows a full stop that ends no sentence: a word in lower case, after spaces and opening marks.
    CONTINUES = re.compile(r"[ \t]*[«„“\"(]*[a-zа-яёáéíóúñü]")
    # The shortest content (characters) a reported statement holds.
    MIN_CONTENT = 12
    # Quotations up to this many words (characters in Chinese) with no cue of saying are scare quotes or titles.
    SCARE_WORDS = 4

    def __init__(self, kb: KnowledgeBase, pack: LanguagePack):
        self.kb, self.pack = kb, pack
        aliases = {a: n for a, n in kb.alias_index().items()}
        aliases.update({a: n for a, n in pack.aliases.items() if n in kb.actors})
        self.alias_trie = _trie({self.keys(a): n for a, n in aliases.items()})
        self.role_trie = _trie({self.keys(t, fold=True): t for t in pack.roles})
        not_speech = frozenset(self.cue_key(w) for w in pack.not_speech)
        self.speech = frozenset(self.cue_key(w) for w in pack.speech if not w.endswith("*")) - not_speech
        self.not_speech = not_speech
        # Cue words listed as stems ("afirm*"): every word that begins with the stem.
        stems = sorted({w[:-1].lower() for w in pack.speech if w.endswith("*") and len(w) > 3})
        self.speech_stems = re.compile("(?:" + "|".join(map(re.escape, stems)) + ")") if stems else None
        self.pronouns = frozenset(self.cue_key(w) for w in pack.pronouns)
        self.interviewers = frozenset(w.lower() for w in pack.interviewer_labels)
        self.according = [tuple(t.key for t in self.tokens(c)) for c in pack.according_to]
        self.marks = pack.quote_marks

    # ------------------------------------------------------------------ what a language supplies
    def tokens(self, text: str) -> list[Token]:
        """The tokens of `text` with their keys (here: words as written)."""
        return [Token(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\w+(?:[.'’-]\w+)*", text)]

    def keys(self, phrase: str, fold: bool = False) -> tuple[str, ...]:
        """The keys a name or title is matched on (titles fold case)."""
        return tuple(t.key.lower() if fold else t.key for t in self.tokens(phrase))

    def cue_key(self, word: str) -> str:
        """The key a listed cue word is compared on."""
        ks = self.keys(word)
        return ks[0].lower() if ks else word.lower()

    def is_cue(self, tok: Token) -> bool:
        """Whether a token is a cue of saying: listed, or beginning with a listed stem, and not a cue of thought."""
        key = self.token_cue(tok)
        if key in self.speech:
            return True
        return self.speech_stems is not None and key not in self.not_speech \
            and self.speech_stems.match(key) is not None

    def token_cue(self, tok: Token) -> str:
        """The key a token is compared with the cue lists on."""
        return tok.key.lower()

    def names(self, text: str) -> list[tuple[int, int, str]]:
        """People and organisations `text` names that the knowledge base may not know: (start, end, PER/ORG).
        Here: runs of capitalised words, joined by the pack's `name_particles`."""
        out = []
        particles = alternation(self.pack.word_list("name_particles"))
        for m in re.finditer(rf"\b[A-ZÁÉÍÓÚÑÜ][\w'’-]+(?:\s+(?:(?:{particles}) )?[A-ZÁÉÍÓÚÑÜ][\w'’-]+)+", text):
            out.append((m.start(), m.end(), "PER"))
        return out

    def first_words(self, text: str) -> str:
        """The first words of a statement's text, as the guidelines quote them."""
        m = re.match(r"\s*((?:\S+\s+){0,7}\S+)", text)
        return m.group(1) if m else text.strip()

    def word_count(self, text: str) -> int:
        """Words of `text` (a quotation's length)."""
        return len(text.split())

    # ------------------------------------------------------------------ sentences and mentions
    def sentences(self, text: str) -> list[Sentence]:
        """The sentences of `text` (every character in one), split at the language's sentence ends."""
        out, start = [], 0
        for m in self.SENTENCE_END.finditer(text):
            end = m.end()
            if "\n" not in m.group(0) and self.CONTINUES.match(text, end):
                continue  # an abbreviation ("EE.UU. «cree…»", "т. е."): the sentence goes on in lower case
            if text[start:end].strip():
                out.append(Sentence(start, end))
            start = end
        if text[start:].strip():
            out.append(Sentence(start, len(text)))
        return out or [Sentence(0, len(text))]

    def mentions(self, text: str, day: dt.date | None) -> list[dict]:
        """The actors `text` names: aliases, then role titles resolved on `day`."""
        toks = self.tokens(text)
        rows = []
        for a, b, name in _longest(toks, self.alias_trie):
            rows.append({"start": toks[a].start, "end": toks[b - 1].end, "text": text[toks[a].start:toks[b - 1].end],
                         "actor": name, "type": self.kb.type_of(name), "via": "alias"})
        folded = [t._replace(key=t.key.lower()) for t in toks]
        for a, b, title in _longest(folded, self.role_trie):
            who = self.pack.resolve_role(title, day)
            if who is None or who not in self.kb.actors:
                continue
            rows.append({"start": toks[a].start, "end": toks[b - 1].end, "text": text[toks[a].start:toks[b - 1].end],
                         "actor": who, "type": self.kb.type_of(who), "via": "role"})
        rows.sort(key=lambda r: (r["start"], -r["end"]))
        return rows

    # ------------------------------------------------------------------ dates and figures
    # A subclass's date pattern: named groups `d` (day), `mo` (a month's name or number), `y` (year).
    DATE_RE: re.Pattern | None = None
    # A subclass's amount pattern: named groups `num`, optional `scale` and `unit` (names from the pack).
    FIGURE_RE: re.Pattern | None = None
    THOUSANDS, DECIMAL = " ", ","
    # What may stand between an amount's number or scale and its unit.
    UNIT_JOIN = r"\s?"

    @cached_property
    def date_re(self) -> re.Pattern | None:
        """The date pattern (`DATE_RE`; a subclass may build it from the pack's month names)."""
        return self.DATE_RE

    def dates(self, text: str, day: dt.date | None) -> list[dict]:
        """Date expressions and the dates they name; a day and month without a year is the latest
        such day on or before the document's `day` (unknown without it)."""
        rows = []
        if self.date_re is None:
            return rows
        for m in self.date_re.finditer(text):
            g = {k: v for k, v in m.groupdict().items() if v}
            mo = g.get("mo")
            month = int(mo) if mo and mo.isdigit() else self.pack.months.get((mo or "").lower())
            year = int(g["y"]) if "y" in g else None
            value, granularity = None, "day" if "d" in g else "month" if month else "year"
            try:
                if year is None and month and "d" in g and day is not None:
                    for y in range(day.year, day.year - 2, -1):
                        candidate = dt.date(y, month, int(g["d"]))
                        if candidate <= day:
                            value = candidate.isoformat()
                            break
                elif year is not None and month and "d" in g:
                    value = dt.date(year, month, int(g["d"])).isoformat()
                elif year is not None and month:
                    value = f"{year:04d}-{month:02d}"
                elif year is not None and "mo" not in g:
                    value = f"{year:04d}"
            except ValueError:
                value = None
            if month is None and year is None:
                continue
            rows.append({"start": m.start(), "end": m.end(), "text": m.group(0), "date": value,
                         "granularity": granularity if value else None})
        return rows

    @cached_property
    def figure_re(self) -> re.Pattern | None:
        """`FIGURE_RE`, else a number in the language's separators followed by one of the pack's
        scale words and currencies."""
        if self.FIGURE_RE is not None or not (self.pack.scales or self.pack.currencies):
            return self.FIGURE_RE
        t, d = re.escape(self.THOUSANDS), re.escape(self.DECIMAL)
        sep = "[ \\u00a0\\u202f]" if not self.THOUSANDS.strip() else t
        num = rf"\d{{1,3}}(?:{sep}\d{{3}})+(?:{d}\d+)?|\d+(?:{d}\d+)?"
        end = r"(?![\w])"
        return re.compile(rf"(?<![\w.,])(?P<num>{num})\s?(?:(?P<scale>{alternation(self.pack.scales)})\.?{end})?"
                          rf"(?:{self.UNIT_JOIN}(?P<unit>{alternation(self.pack.currencies)}){end})?", re.I)

    def number(self, digits: str) -> float | None:
        """The value of a number as the language writes it (its thousands and decimal separators)."""
        s = re.sub(r"[\s\u00a0\u202f]", "", digits)
        if self.THOUSANDS.strip():
            s = s.replace(self.THOUSANDS, "")
        s = s.replace(self.DECIMAL, ".")
        try:
            return float(s)
        except ValueError:
            return None

    def figures(self, text: str) -> list[dict]:
        """Amounts: the value (scaled by "млрд", "亿", "millones"...) and its unit (a currency code or "%")."""
        rows = []
        pattern = self.figure_re
        if pattern is None:
            return rows
        for m in pattern.finditer(text):
            value = self.number(m.group("num"))
            if value is None:
                continue
            scale = (m.groupdict().get("scale") or "").lower()
            unit = (m.groupdict().get("unit") or "").lower()
            if not scale and not unit:
                continue
            value *= self.pack.scales.get(scale, 1.0)
            rows.append({"start": m.start(), "end": m.end(), "text": m.group(0), "value": value,
                         "unit": self.pack.currencies.get(unit, unit or None)})
        return rows
