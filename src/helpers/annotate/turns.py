"""Speaker turns in transcripts ("Vladimir Putin: ...", "Q: ..."), and the speaker a title names before a colon."""

from __future__ import annotations

import re

from helpers.annotate.mentions import Linker
from helpers.annotate.record import Need, Steps
from helpers.annotate.speech import SpeechWords


class Turns:
    """Finds speaker turns with the knowledge base's actors, and the entity recogniser for unknown names.

    A label is capitalised words before a colon at a line's start ("Ida Holt: ...", "Minister of the
    Interior (retranslated): ...", "Q: ..."); the words of labels and of interviews are the lexicons'
    (`words.turns`: `speech.TurnWords`)."""

    def __init__(self, linker: Linker, words: SpeechWords):
        self.linker = linker
        self.kb = linker.kb
        self.words = words.turns
        self._person_labels: dict[str, bool] = {}

    def find(self, text: str, article: dict, body_at: int) -> Steps[tuple[list[dict], str | None]]:
        """The speaker turns of a transcript and the speaker a title names before a colon (a stage's
        generator: it yields the recogniser reads it needs)."""
        if ":" not in text:  # every label ends with one
            return [], None
        labels = []
        title_label = None
        words = self.words
        for m in words.label.finditer(text):
            label = m.group("label").strip()
            bare = re.sub(r"\s*\([^)]*\)", "", label).strip()
            if bare.lower() in words.not_speakers or not bare:
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
            if len(distinct) >= 2 or low in words.questions or low in words.answers or self.linker.persons_in(label):
                keep.append((ls, body, label))
        turns = []
        intro = text[body_at:keep[0][0]] if keep else ""
        for k, (ls, body, label) in enumerate(keep):
            end = keep[k + 1][0] if k + 1 < len(keep) else len(text)
            speaker = self._turn_speaker(label, article, intro)
            turns.append({"label_start": ls, "start": body, "end": end, "speaker": speaker, "label": label,
                          "via": "turn label"})
        speaker = None
        if title_label is not None:
            ls, body, label = title_label
            speaker = yield from self._label_speaker(label)
            rest = text[body:body_at].strip()
            if speaker and self.kb.type_of(speaker) in ("person", None) and not any(c in rest for c in "“”\"‘«"):
                person = self.kb.type_of(speaker) == "person" or (yield from self._looks_like_person(label))
                if person:
                    turns.insert(0, {"label_start": ls, "start": body, "end": body + len(text[body:body_at].rstrip()),
                                     "speaker": speaker, "label": label, "via": "title label"})
        return turns, speaker

    def _label_speaker(self, label: str) -> Steps[str | None]:
        """The speaker a label names: a known actor, else a person's name, else None (a generator)."""
        found = self.linker.actors_in(label)
        if found:
            persons = [n for _, n in found if self.kb.type_of(n) == "person"]
            return persons[-1] if persons else max(found)[1]
        return label if (yield from self._looks_like_person(label)) else None

    def _looks_like_person(self, label: str) -> Steps[bool]:
        """Whether the entity recogniser reads a label as a person's name, cached per label (a generator)."""
        cache = self._person_labels
        if label not in cache:
            if len(cache) > 50_000:
                cache.clear()
            docs = yield Need("names", [label])
            cache[label] = any(e.label_ == "PERSON" for e in docs[0].ents)
        return cache[label]

    def _turn_speaker(self, label: str, article: dict, intro: str = "") -> str:
        """The speaker of a turn: the interviewer or interviewee the title (or the introduction before
        the first turn) names for Q and A, else a known person."""
        low = label.lower().rstrip(".")
        title = article.get("title") or ""
        if low in self.words.questions:
            for where in (title, intro):
                m = self.words.interview_to.search(where) or self.words.interviewer.search(where)
                if m:
                    return m.group("who").strip()
            return label
        if low in self.words.answers:
            names = self.linker.persons_in(title)
            return names[0] if names else label
        names = self.linker.persons_in(label)
        if names:
            return names[-1]
        return label
