"""Russian reported speech: what a cue of saying reports, and where (see `ru`)."""

from __future__ import annotations

import re
from functools import cached_property

from helpers.annotate.patterns import alternation, phrases
from helpers.annotate.languages.ru_words import WORD, lemma
from helpers.annotate.sentences import Sentence

# How many words may stand between a cue and what opens its content ("заявил журналистам в Пекине, что").
CUE_REACH = 10


class RussianReported:
    """Reported speech in Russian; mixed into `ru.RussianRoom` before `base.Room`."""

    @cached_property
    def opens_content(self) -> re.Pattern:
        """What opens reported content after a cue: a complementizer ("что", "чтобы"), "о том, что", a colon."""
        words = self.pack.word_list
        return re.compile(rf"(?:,\s*)?(?:—\s*)?(?:\b(?:{phrases(words('content_openers'))})\s*,\s*)?"
                          rf"(?:\b(?:{alternation(self.pack.complementizers)})\b|:)\s*", re.I)

    @cached_property
    def points_back(self) -> re.Pattern:
        """Words that open a sentence whose cue reports the previous sentence ("Об этом заявил …")."""
        return re.compile(rf"^\s*(?:{phrases(self.pack.word_list('points_back'))})\b", re.I)

    @cached_property
    def reported_that(self) -> re.Pattern:
        """The complementizer inside the previous sentence that opens what it reports ("…, что …")."""
        return re.compile(rf",\s*(?:{alternation(self.pack.word_list('reported_that'))})\s+")

    @cached_property
    def noun_content(self) -> dict[str, str]:
        """Cues whose content may be a noun phrase after a preposition: lemma -> preposition."""
        out: dict[str, str] = {}
        for entry in self.pack.word_list("noun_content"):
            parts = entry.split()
            if len(parts) == 2:
                out.setdefault(parts[0], parts[1])
        return out

    @cached_property
    def pronoun_subject(self) -> re.Pattern:
        """A pronoun as the subject before a cue with no comma or semicolon between ("он заявил")."""
        return re.compile(rf"(?i)\b(?:{alternation(self.pack.pronouns)})\b[^,;]*$")

    def content_after(self, text: str, cue: tuple[int, int], end: int) -> int | None:
        """Where the content a cue reports starts, when "что", "чтобы", a colon or "о том, что"
        follows it within a few words; else None."""
        window = text[cue[1]:end]
        for m in self.opens_content.finditer(window):
            if len(WORD.findall(window[:m.start()])) > CUE_REACH or re.search(r"[«»\"“”]", window[:m.start()]):
                return None
            if m.end() < len(window):
                return cue[1] + m.end()
        return None

    def reported(self, text: str, body_at: int, sents: list[Sentence], mentions: list[dict],
                 quotes: list[tuple[int, int]], turns: list[dict], found: list[dict]) -> list[dict]:
        """Reported speech (see the module's docstring), one statement per cue, with its speaker."""
        rows: list[dict] = []
        spoken = sorted([(r["end"], r["speaker"]) for r in found if r["speaker"]])
        prev: Sentence | None = None
        for s in sents:
            if s.start_char < body_at:
                continue
            in_turn = next((t for t in turns if t["start"] <= s.start_char < t["end"] and t["kind"] == "turn"), None)
            end = s.end_char
            while end > s.start_char and text[end - 1] in " \n.!?…»”\"":
                end -= 1
            taken = []
            for a_cue in self.according_to(text, s):
                taken.append(a_cue)
                if any(x - 1 <= a_cue[0] < y + 1 for x, y in quotes):
                    continue
                speaker, stop = self._according_speaker(text, s, a_cue, quotes, mentions)
                span = self._around(text, s, a_cue, stop, end)
                if speaker and span:
                    rows.append(self._row(text, span, speaker, a_cue, "according to"))
                    spoken.append((span[1], speaker))
            for cue in self.cues(text, s):
                if any(x - 1 <= cue[0] < y + 1 for x, y in quotes + taken) or any(
                        r["start"] <= cue[0] < r["end"] for r in rows):
                    continue
                span, back = self._content_of(text, s, cue, end, prev, quotes)
                if span is None:
                    continue
                until = span[0] if span[0] > cue[1] else end
                speaker, via = self._speaker_ru(text, s, cue, until, quotes, mentions)
                if speaker is None:
                    pronoun = self.pronoun_subject.search(text[s.start_char:cue[0]])
                    if pronoun or not self._candidates(text, s, s.start_char, cue[0], quotes, mentions, False):
                        prior = sorted((e, sp) for e, sp in spoken if e <= cue[0])
                        speaker, via = self._pronoun(text, s, cue, prior, in_turn, mentions, quotes)
                if speaker is None:
                    continue
                if back and any(t["kind"] == "indirect" and t["start"] < prev.end_char and prev.start_char < t["end"]
                                for t in turns):
                    continue  # the previous sentence is the headline, already reported
                if back:  # "Об этом заявил …": the previous sentence's statement is this speaker's
                    rows = [r for r in rows if not (r["start"] >= prev.start_char and r["end"] <= prev.end_char)]
                rows.append(self._row(text, span, speaker, cue, via))
                spoken.append((span[1], speaker))
                spoken.sort()
                break
            prev = s
        return rows

    def _row(self, text: str, span: tuple[int, int], speaker: str, cue: tuple[int, int], via: str) -> dict:
        a, b = span
        return {"start": a, "end": b, "speaker": speaker, "text": text[a:b].strip(), "kind": "indirect",
                "via": f"reported: '{text[cue[0]:cue[1]]}' ({via})", "label": None, "speaker_score": None}

    def _around(self, text: str, s: Sentence, cue: tuple[int, int], stop: int, end: int) -> tuple[int, int] | None:
        """The content around an "according to" cue: after the comma that closes the name, or the
        sentence's part before the cue."""
        rest = re.match(r"\s*[,—–]\s*", text[stop:end])
        if rest and end - (stop + rest.end()) >= self.MIN_CONTENT:
            return stop + rest.end(), end
        head = text[s.start_char:cue[0]].rstrip(" ,—–")
        start = s.start_char + len(head) - len(head.lstrip(" \n—–«\""))
        if len(head.strip()) >= self.MIN_CONTENT:
            return start, s.start_char + len(head)
        return None

    def _content_of(self, text: str, s: Sentence, cue: tuple[int, int], end: int, prev: Sentence | None,
                    quotes) -> tuple[tuple[int, int] | None, bool]:
        """The content a cue reports and whether it is the previous sentence's."""
        at = self.content_after(text, cue, end)
        if at is not None and end - at >= self.MIN_CONTENT:
            if any(x - 1 <= at and y + 1 >= end for x, y in quotes):
                return None, False
            return (at, end), False
        word = lemma(text[cue[0]:cue[1]])
        prep = self.noun_content.get(word)
        if prep:
            m = re.match(rf"\s+(?:\w+\s+){{0,2}}?({prep}б?)\s+", text[cue[1]:end])
            if m and end - (cue[1] + m.start(1)) >= self.MIN_CONTENT:
                return (cue[1] + m.start(1), end), False
        head = text[s.start_char:cue[0]]
        if self.points_back.match(head) and prev is not None:
            pe = prev.end_char
            while pe > prev.start_char and text[pe - 1] in " \n.!?…":
                pe -= 1
            ps = prev.start_char + len(text[prev.start_char:pe]) - len(text[prev.start_char:pe].lstrip())
            inner = self.reported_that.search(text[ps:pe])
            ps = ps + inner.end() if inner else ps
            if pe - ps >= self.MIN_CONTENT:
                return (ps, pe), True
        if re.search(r"[,]\s*[—–]?\s*$", head):
            body = head.rstrip(" ,—–")
            start = s.start_char + len(body) - len(body.lstrip(" \n—–"))
            if len(body.strip()) >= self.MIN_CONTENT and not any(x - 1 <= start and y + 1 >= s.start_char + len(body)
                                                                 for x, y in quotes):
                return (start, s.start_char + len(body)), False
        return None, False
