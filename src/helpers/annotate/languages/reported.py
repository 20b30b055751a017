"""Reported speech in a language room: a cue of saying outside quotations, its speaker and the
content it reports (see `base`)."""

from __future__ import annotations

import re
from functools import cached_property

from helpers.annotate.patterns import alternation
from helpers.annotate.sentences import Sentence


class ReportedSpeech:
    """Reported speech; mixed into `base.Room`, whose tokens, cues, speakers and pack it reads."""

    # Whether the content after a cue must be introduced by a complementizer or a colon ("dijo que
    # …", "afirmó: …"), as in languages where a reported clause always is.
    CONTENT_NEEDS_LEAD = False
    # Whether a cue inside what an "according to" cue reports gives a statement of its own ("según
    # la cadena, el ministro ha afirmado que …": the outlet reports that the minister said it).
    NESTED_REPORTS = False

    def reported(self, text: str, body_at: int, sents: list[Sentence], mentions: list[dict],
                 quotes: list[tuple[int, int]], turns: list[dict], found: list[dict]) -> list[dict]:
        """Reported speech: a sentence with a cue of saying outside quotations, its speaker and content."""
        rows = []
        spoken = sorted([(r["end"], r["speaker"]) for r in found if r["speaker"]])
        for s in sents:
            if s.start_char < body_at:
                continue
            within = None  # after an "according to" statement: the content it reports
            for how, cue in [("according to", c) for c in self.according_to(text, s)] + \
                            [("cue", c) for c in self.cues(text, s)]:
                if any(x - 1 <= cue[0] < y + 1 for x, y in quotes) \
                        or (within is not None and not (how == "cue" and within[0] <= cue[0] < within[1])):
                    continue
                # The turn the cue is in (a turn's first sentence opens with its label).
                in_turn = next((t for t in turns if t["start"] <= cue[0] < t["end"]), None)
                content = self.content(text, s, cue, how, quotes, mentions)
                if content is None:
                    continue
                a, b = content
                prior = [(e, sp) for e, sp in spoken if e <= cue[0]]
                if how == "according to":
                    speaker, via = self._after(text, s, cue, mentions, quotes)
                    if via == "pronoun":
                        speaker, via = self._pronoun(text, s, cue, prior, in_turn, mentions, quotes)
                    if speaker is None or a <= cue[0] <= b:
                        continue
                else:
                    speaker, via = self._speaker_near(text, Sentence(s.start_char, s.end_char), cue, quotes, mentions)
                    if speaker is None:
                        speaker, via = self._pronoun(text, s, cue, prior, in_turn, mentions, quotes)
                if speaker is None:
                    continue
                rows.append({"start": a, "end": b, "speaker": speaker, "text": text[a:b].strip(), "kind": "indirect",
                             "via": f"reported: '{text[cue[0]:cue[1]]}' ({via})", "label": None,
                             "speaker_score": None})
                spoken.append((b, speaker))
                spoken.sort()
                if not (self.NESTED_REPORTS and how == "according to" and within is None):
                    break
                within = (a, b)
        return rows

    def content(self, text: str, s: Sentence, cue: tuple[int, int], how: str, quotes: list[tuple[int, int]],
                mentions: list[dict] = ()) -> tuple[int, int] | None:
        """The span of what a cue reports: the rest of the sentence after it, past the speaker where
        the cue comes first ("dijo Trump que …") and past a complementizer or comma; or the part
        before it when the cue closes the sentence ("…, заявил Песков", "…, ha asegurado el presidente")."""
        end = s.end_char
        while end > s.start_char and text[end - 1] in " \n.。!！?？»”\"":
            end -= 1
        a = self._past_names(text, cue[1], end, mentions)
        lead = self._lead.match(text, a, end)
        introduced = bool(lead) and (":" in lead.group(0) or "：" in lead.group(0)
                                     or bool(lead.group(0).strip(" \t\n,，:：、")))
        a = lead.end() if lead else a
        if end - a >= self.MIN_CONTENT and not self._only_names(text, a, end, mentions) \
                and (introduced or how != "cue" or not self.CONTENT_NEEDS_LEAD):
            if any(x - 1 <= a and b + 1 >= end for x, b in quotes):  # only a quotation: its own statement
                return None
            return a, end
        head = text[s.start_char:cue[0]].rstrip(" ,，—–-:：")
        start = s.start_char + len(head) - len(head.lstrip(" \n«“\"—–-"))
        if len(head.strip()) >= self.MIN_CONTENT and re.search(r"[,，—–-]\s*$", text[s.start_char:cue[0]]):
            return start, s.start_char + len(head)
        return None

    @cached_property
    def _lead(self) -> re.Pattern:
        """Punctuation and a complementizer ("что", "que") between a cue and its content."""
        return re.compile(rf"[\s,，:：、]*(?:(?:{alternation(self.pack.complementizers)})(?:\s+|(?=[,，\s]))[\s,，]*)?",
                          re.I)

    def _spans(self, text: str, a: int, end: int, mentions) -> list[tuple[int, int]]:
        """Spans of the mentions and recognised names between `a` and `end`."""
        spans = [(m["start"], m["end"]) for m in mentions if a <= m["start"] < end]
        return spans

    def _past_names(self, text: str, a: int, end: int, mentions) -> int:
        """Where the content starts after a cue followed by its speaker ("dijo Trump que …"): past
        the mentions right after the cue when a complementizer or comma follows them."""
        spans = sorted(self._spans(text, a, min(end, a + 80), mentions))
        at = a
        for s, e in spans:
            if text[at:s].strip(" ,") and len(text[at:s].split()) > 2:
                break
            at = e
        if at > a:
            lead = self._lead.match(text, at, end)
            if lead and lead.end() > at and text[at:lead.end()].strip(" ,，"):
                return at
        return a

    def _only_names(self, text: str, a: int, end: int, mentions) -> bool:
        """Whether a stretch holds nothing but names and short words (the speaker after the cue)."""
        rest = text[a:end]
        for s, e in sorted(self._spans(text, a, end, mentions), reverse=True):
            rest = rest[: s - a] + " " + rest[e - a:]
        words = [w for w in re.findall(r"\w+", rest) if len(w) > 3]
        return len(words) <= 1 and self.word_count(text[a:end]) <= 8
