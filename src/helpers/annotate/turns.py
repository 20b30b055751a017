"""Speaker turns in transcripts ("Vladimir Putin: ...", "Q: ..."), and the speaker a title names before a colon."""

from __future__ import annotations

import re

from helpers.annotate.mentions import Linker
from helpers.annotate.record import Need, Steps

# Speaker turns in transcripts: "Vladimir Putin: ...", "President of China Xi Jinping
# (retranslated): ...", "RIA Novosti: ...", "Q: ...". Capitalised words and a few connectors.
_LABEL_WORD = r"(?:[A-Z][\w.’'\-]*|of|the|and|for|de|da|von|van|bin|al|on|\([^()\n]{1,40}\))"
TURN = re.compile(rf"(?m)^[ \t]*(?P<label>[A-Z][\w.’'\-]*(?:[ \t]{_LABEL_WORD}){{0,11}})[ \t]*:[ \t]*(?=\S)")
NOT_SPEAKERS = {"note", "source", "sources", "photo", "video", "see also", "read more", "update",
                "editor's note", "reference", "references", "attention", "tags", "topics", "warning"}
QUESTION_LABELS = {"q", "question", "questions"}
ANSWER_LABELS = {"a", "answer"}
_NAME = r"(?P<who>(?:[A-Z][\w’'.&-]*)(?:\s(?:of\s|the\s)?[A-Z][\w’'.&-]*)*)"
# The interviewer a title or an introduction names: "Interview to the newspaper X", "X interviewed ...".
INTERVIEW_TO = re.compile(rf"\b(?:[Ii]nterview|[Rr]emarks|[Aa]nswers?)\b.*?\b(?:to|with|for)\s+(?:the\s+)?"
                          rf"(?:[a-z]+\s+){{0,3}}{_NAME}")
INTERVIEWER = re.compile(rf"(?:\b[Tt]he\s+)?{_NAME}\s+(?:interviewed|spoke\s+(?:to|with)|talked\s+(?:to|with)|"
                         rf"put\s+(?:its|their|these)\s+questions\s+to)\b")


class Turns:
    """Finds speaker turns with the knowledge base's actors, and the entity recogniser for unknown names."""

    def __init__(self, linker: Linker):
        self.linker = linker
        self.kb = linker.kb
        self._person_labels: dict[str, bool] = {}

    def find(self, text: str, article: dict, body_at: int) -> Steps[tuple[list[dict], str | None]]:
        """The speaker turns of a transcript and the speaker a title names before a colon (a stage's
        generator: it yields the recogniser reads it needs)."""
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
            if len(distinct) >= 2 or low in QUESTION_LABELS | ANSWER_LABELS or self.linker.persons_in(label):
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
        if low in QUESTION_LABELS:
            for where in (title, intro):
                m = INTERVIEW_TO.search(where) or INTERVIEWER.search(where)
                if m:
                    return m.group("who").strip()
            return label
        if low in ANSWER_LABELS:
            names = self.linker.persons_in(title)
            return names[0] if names else label
        names = self.linker.persons_in(label)
        if names:
            return names[-1]
        return label
