"""The Spanish room's word patterns, built once per room from the word lists of its pack (`words:`
in `es.yaml`, where each list says what it is for) and its month names."""

from __future__ import annotations

import re
from functools import cached_property

from helpers.annotate.patterns import alternation
from helpers.annotate.sentences import Sentence


class SpanishWords:
    """The pack's word lists as patterns; mixed into `es.SpanishRoom`, whose pack it reads."""

    def _alt(self, name: str) -> str:
        """The pack's word list `name` as one alternation."""
        return alternation(self.pack.word_list(name))

    @cached_property
    def date_re(self) -> re.Pattern:
        """A date: "3 de mayo", "mayo de 2024", "3 de mayo de 2024" (the pack's month names)."""
        return re.compile(rf"\b(?:(?P<d>\d{{1,2}})\s+de\s+)?(?P<mo>{alternation(self.pack.months)})"
                          rf"(?:\s+(?:de|del)\s+(?P<y>\d{{4}}))?\b", re.I)

    @cached_property
    def name_run(self) -> re.Pattern:
        """A run of capitalised words, joined by the particles of names ("Luiz Inácio Lula da Silva")."""
        return re.compile(rf"(?<![\w.])[A-ZÁÉÍÓÚÑÜ][\w'’-]+(?:[ \t]+(?:(?:{self._alt('name_particles')})[ \t]+)?"
                          rf"[A-ZÁÉÍÓÚÑÜ][\w'’-]+)*")

    def _behind(self, prepositions: str) -> re.Pattern:
        return re.compile(rf"\b(?:{self._alt(prepositions)})(?:\s+(?:{self._alt('articles')}))?\s*$", re.I)

    @cached_property
    def preposition_before(self) -> re.Pattern:
        """A preposition (and article) ending a stretch: a name after it ("declaró en la Casa Blanca")
        is a place or an addressee, not the subject that follows its verb ("declaró Trump")."""
        return self._behind("prepositions")

    @cached_property
    def place_before(self) -> re.Pattern:
        """The same before a name earlier in the clause ("en Ginebra, dijo"), less "de" ("el Gobierno
        de China dijo")."""
        return self._behind("place_prepositions")

    @cached_property
    def coordinated(self) -> re.Pattern:
        """A cue coordinated with an earlier one in its sentence, and its content after the
        complementizer ("… y ha advertido que")."""
        return re.compile(rf"(?:\s|(?<=[»”\"]))(?:{self._alt('and_words')})\s+(?:(?:{self._alt('also_words')})\s+)?"
                          rf"(?:{self._alt('auxiliaries')})?\s*(?P<cue>\w+)\s+(?:{self._alt('clause_words')})\s+")

    @cached_property
    def clause_end(self) -> re.Pattern:
        """Where a role noun's phrase ends: punctuation or a word opening a clause ("que")."""
        return re.compile(rf"[,;:.]|\b(?:{self._alt('clause_words')})\b")

    @cached_property
    def clause_or_quote(self) -> re.Pattern:
        """A word opening a clause, a colon, a semicolon or a quotation mark between a cue and a name
        (the name is then no subject of the cue)."""
        return re.compile(rf"\b(?:{self._alt('clause_words')})\b|[:;«“\"]", re.I)

    @cached_property
    def object_cue(self) -> re.Pattern:
        """Cues whose object is the content they report (the pack's `object_cues`, stems with "*")."""
        words = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in self.pack.word_list("object_cues")]
        return re.compile("(?:" + "|".join(words) + ")" if words else r"(?!x)x")

    @cached_property
    def relative_before(self) -> re.Pattern:
        """A relative "que" just before a cue ("lo que ella llama …"): its object is no content."""
        return re.compile(rf"\b(?:{self._alt('clause_words')})(?:\s+\w+)?\s*(?:{self._alt('auxiliaries')})?\s*$", re.I)

    @cached_property
    def distant_que(self) -> re.Pattern:
        """Words of time, place or address between a verb of saying and the "que" of its content ("ha
        explicado hoy a los vecinos que …"), matched right after the verb; the first "que" after them."""
        return re.compile(rf"[ \t]*,?[ \t]*(?:{self._alt('before_distant_que')})\b(?P<mid>[^.;:«»“”\"()¿?¡!\n]{{0,130}}?)"
                          rf"(?<=[\w,])[ \t]+(?:{self._alt('clause_words')})[ \t]+", re.I)

    def distant_content(self, text: str, sent: Sentence, cue: tuple[int, int]) -> tuple[int, int] | None:
        """What a verb of saying reports after words of time, place or address and "que" (see
        `distant_que`), to its sentence's end: none after a noun of saying, where the words hold a cue
        of their own or make the "que" a conjunction or a relative."""
        end = sent.end_char
        while end > cue[1] and text[end - 1] in " \n.!?»”\"":
            end -= 1
        if text[cue[0]:cue[1]].lower() in self.pack.word_list("noun_cues") or cue[1] >= end:
            return None
        m = self.distant_que.match(text, cue[1], end)
        words = self.tokens(text[cue[1]:m.end("mid")]) if m else []
        if not words or len(words) > 12 or any(self.is_cue(t) or t.key in self.pack.word_list("not_before_distant_que")
                                           for t in words) or words[-1].key in self.pack.word_list("relative_before_que"):
            return None
        return (m.end(), end) if end - m.end() >= self.MIN_CONTENT else None
