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
    def affiliation_before(self) -> re.Pattern:
        """A comma and "de"/"del" before a name ("Ana Ruiz, del Instituto X,"): the body a person
        before it belongs to, not the subject of the verb after it."""
        return re.compile(rf",\s*(?:de|del)(?:\s+(?:{self._alt('articles')}))?\s*$", re.I)

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

    @cached_property
    def as_said_re(self) -> re.Pattern:
        """An aside of saying up to its verb: "como" after the sentence's start, a comma, a dash or
        "que"/"y" ("…, como advirtió", "tal y como ha explicado el ministro"), with at most a subject,
        a pronoun and auxiliaries before the verb (no clause or punctuation of their own)."""
        return re.compile(rf"(?:^|[,;:(—–-]|\b(?:que|y))\s*(?P<as>\b(?:{self._alt('as_words')}))\s+"
                          rf"(?!(?:{self._alt('not_after_as')})\b)(?P<mid>[^,;:«»“”\"()¿?¡!\n]{{0,100}}?)$", re.I)

    def as_said(self, text: str, sent: Sentence, cue: tuple[int, int]) -> tuple[int, int] | None:
        """The aside of saying a cue closes ("…, como señaló el ministro en mayo, …"): (start of "como",
        end of the aside at the next comma or the sentence's end, past a name set off by commas after
        it); None where the cue is no verb of such an aside."""
        if text[cue[0]:cue[1]].lower() in self.pack.word_list("noun_cues"):
            return None
        m = self.as_said_re.search(text[sent.start_char:cue[0]])
        if m is None:
            return None
        words = self.tokens(m.group("mid"))
        if words and words[-1].key in self.pack.word_list("articles") + self.pack.word_list("indefinite_articles"):
            return None  # "como demuestra la anunciada …": a participle after an article is no verb of saying
        if len(words) > 14 or any(t.key in self.pack.word_list("clause_words") or self.is_cue(t) for t in words):
            return None
        end = re.compile(r"[,;:()—–]|$").search(text[:sent.end_char], cue[1]).start()
        after = re.match(r",\s*((?:[A-ZÁÉÍÓÚÑ][\w.-]*\s*){1,4}),", text[end:sent.end_char])
        if after and text[end - 1:end] != ")":  # "como ha dicho su portavoz, Ana Ruiz, …"
            end += after.end() - 1
        return sent.start_char + m.start("as"), end

    @cached_property
    def infinitive_after(self) -> re.Pattern:
        """An infinitive right after a cue, the content it reports ("ha asegurado haber recibido …",
        "pidió tener paciencia"), after "con" for the pack's `infinitive_cues` ("amenazó con vetar …")."""
        return re.compile(rf"[ \t]+(?P<con>con[ \t]+)?(?P<inf>(?!(?:{self._alt('not_infinitives')})\b)"
                          rf"[a-záéíóúñ]{{2,}}(?:ar|er|ir|ír)(?:se|lo|la|los|las|le|les|me|nos)?)\b")

    def _stems(self, name: str) -> re.Pattern:
        """The pack's word list `name` (stems with "*") as a pattern to match a whole word."""
        words = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in self.pack.word_list(name)]
        return re.compile("(?:" + "|".join(words) + ")" if words else r"(?!x)x")

    @cached_property
    def infinitive_cue(self) -> re.Pattern:
        """The pack's `infinitive_cues`: verbs that report an infinitive after "con" ("amenazó con …")."""
        return self._stems("infinitive_cues")

    @cached_property
    def infinitive_content_cue(self) -> re.Pattern:
        """The pack's `infinitive_content_cues`: cues that report an infinitive right after them."""
        return self._stems("infinitive_content_cues")

    def aside_subject(self, text: str, at: int, end: int) -> str | None:
        """The words after the verb of an aside of saying where they name its speaker as a noun phrase
        ("como apuntan fuentes del Ejecutivo" -> "fuentes del Ejecutivo"), less an article; none where a
        word of time, place or address opens them ("como dijo ayer")."""
        words = text[at:end].split()
        if words and words[0].lower() in self.pack.word_list("articles") + self.pack.word_list("indefinite_articles"):
            words = words[1:]
        if not words or len(words) > 6 or words[0].lower() in self.pack.word_list("before_distant_que") \
                or words[0].lower() in self.pack.word_list("prepositions") or not words[0][0].isalpha():
            return None
        return " ".join(words)

    @cached_property
    def impersonal_before(self) -> re.Pattern:
        """Words before a verb of saying that make it no one's ("se puede sostener que …", "cabe señalar"),
        and a passive with no speaker ("ha sido calificado como …")."""
        return re.compile(rf"\b(?:{self._alt('impersonal_before_cue')}|{self._alt('passive_before_cue')})\s+$", re.I)

    def plural_cue(self, text: str, cue: tuple[int, int]) -> bool:
        """Whether a verb of saying has a plural subject: a form in -an, -en, -ron ("insisten", "advirtieron") or a
        participle after a plural auxiliary ("han advertido"); nouns of saying have none."""
        word = text[cue[0]:cue[1]].lower()
        if word in self.pack.word_list("noun_cues"):
            return False
        before = re.search(r"(\w+)\s+$", text[max(0, cue[0] - 20):cue[0]])
        return word.endswith(("an", "en", "ron")) or bool(before) and before.group(1).lower() in self.pack.word_list("plural_auxiliaries")

    @cached_property
    def name_list(self) -> re.Pattern:
        """A list of three or more capitalised names joined by commas and "y" ("Colombia, Chile, México y
        Brasil"), ending a stretch up to a cue with at most a few words and no clause between."""
        name = r"[A-ZÁÉÍÓÚÑ][\w.-]+(?:[ \t]+[A-ZÁÉÍÓÚÑ][\w.-]+){0,2}"
        return re.compile(rf"(?P<list>{name}(?:,[ \t]+{name})+[ \t]+(?:{self._alt('and_words')})[ \t]+{name})"
                          rf"(?P<mid>[^,;:.«»“”\"()]{{0,120}})$")

    @cached_property
    def noun_subject_re(self) -> re.Pattern:
        """A noun with its article or possessive right before a cue, with at most an adjective and
        auxiliaries between ("La defensa replicó", "su defensa insistía en que")."""
        return re.compile(rf"(?:^|(?<=[\s,;:(]))(?P<det>{self._alt('subject_determiners')})\s+(?P<noun>[^\W\d_]{{3,}})"
                          rf"(?:\s+[a-záéíóúñ]{{3,}})?(?:\s+(?:{self._alt('before_verb')}))*\s*$", re.I)

    def noun_subject(self, text: str, sent: Sentence, cue: tuple[int, int]) -> str | None:
        """The noun that is a verb of saying's subject, other than a role noun ("La defensa replicó que …",
        "La Fiscalía sostuvo …"): no pronoun then stands for it; none after a preposition ("a la
        prensa le dijo") nor for a noun of saying ("la reciente afirmación de …")."""
        head = text[sent.start_char:cue[0]]
        m = self.noun_subject_re.search(head)
        if m is None or m.group("noun").lower() in self.pack.title_words \
                or text[cue[0]:cue[1]].lower() in self.pack.word_list("noun_cues") or not text[cue[0]:cue[1]].islower() \
                or text[cue[0]:cue[1]].endswith(("ción", "ciones", "miento", "mientos", "ncia", "ncias")) \
                or self.preposition_before.search(head[:m.start()]):
            return None
        return m.group("noun")

