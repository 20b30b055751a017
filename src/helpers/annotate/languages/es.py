"""Spanish: words matched as written; names as runs of capitalised words that are not common words."""

from __future__ import annotations

import re
from functools import cached_property

from helpers.annotate.languages.base import Room, Token
from helpers.annotate.languages.es_content import SpanishContent, zipf
from helpers.annotate.languages.es_words import SpanishWords
from helpers.annotate.patterns import alternation
from helpers.annotate.languages.statements import PRONOUN_REACH
from helpers.annotate.sentences import Sentence

WORD = re.compile(r"\w+(?:[.'’-]\w+)*")
# A short or dotted acronym, matched in capitals only ("UE" the Union, not "ue"; "EE.UU"); longer
# ones are words ("OTAN", "Otan").
ACRONYM = re.compile(r"[A-ZÁÉÍÓÚÑ]{1,2}|[A-ZÁÉÍÓÚÑ]{1,4}(?:\.[A-ZÁÉÍÓÚÑ]{1,4})+")
# Zipf frequency (wordfreq) from which a capitalised word alone is a common Spanish word rather than
# a name, and from which a word opening a run of capitalised words is a function word ("Según").
COMMON_ZIPF = 4.0
FUNCTION_ZIPF = 5.0
# A line of dialogue: opened by a long dash, up to the narrator's aside ("… –dijo Lincoln") or the line's end.
DIALOGUE = re.compile(r"^[ \t]*[—―][ \t]*(?P<words>[^\n]+?)(?=[ \t]*[—–―][ \t]*[a-záéíóúñ]|[ \t]*$)", re.M)
# Words in single quotes, which Spanish papers use for titles, outlets and terms ("la 'BBC'"); an
# apostrophe inside a word ("O'Donnell") opens none.
# A gerund with a pronoun attached ("Autodenominándose", "Diciéndole"): a verb, never a name.
GERUND_CLITIC = re.compile(r"(?:ándo|iéndo|yéndo)(?:se|le|les|lo|la|los|las|me|nos|te)+$", re.I)
SINGLE = re.compile(r"(?<![\w'])'([^'\n]{1,200}?)'(?![\w'])")


class SpanishRoom(SpanishContent, SpanishWords, Room):
    """The Spanish room (see `base.Room`)."""

    code = "es"
    THOUSANDS, DECIMAL = ".", ","
    UNIT_JOIN = r"\s?(?:de\s+)?"  # "200.000 millones de dólares"
    CONTENT_NEEDS_LEAD = True  # "dijo que …", "afirmó: …"
    NESTED_REPORTS = True  # "según la cadena, el ministro ha afirmado que …"
    # A full stop glued to the next sentence ("… de «abuso».La directora …") ends a sentence too.
    SENTENCE_END = re.compile(Room.SENTENCE_END.pattern + r"|(?<=[a-záéíóúñ»”])\.(?=[A-ZÁÉÍÓÚÑ][a-záéíóúñ])")

    def tokens(self, text: str) -> list[Token]:
        """Words with their lower case as keys, acronyms as written: Spanish texts (and their
        transcriptions) capitalise names unevenly ("Estados unidos", "obama"), and a lower-case
        name is still the name, but "UE" is not "ue"."""
        return [Token(m.start(), m.end(), w if ACRONYM.fullmatch(w) else w.lower())
                for m in WORD.finditer(text) for w in (m.group(0),)]

    def names(self, text: str) -> list[tuple[int, int, str]]:
        """People the text names: runs of capitalised words, less the common words that open them
        ("Pero Schmitt" -> "Schmitt"); a run of common words alone is not a name."""
        out = []
        for m in self.name_run.finditer(text):
            words = list(re.finditer(r"[^\s'’]+(?:['’][^\s'’]+)*", m.group(0)))  # a closing quote is no part of it
            while words and zipf(words[0].group(0)) >= FUNCTION_ZIPF:
                words.pop(0)
            if not words or (len(words) == 1 and (zipf(words[0].group(0)) >= COMMON_ZIPF
                                                  or GERUND_CLITIC.search(words[0].group(0)))):
                continue  # a common word, or a verb opening a sentence ("Autodenominándose …")
            s, e = m.start() + words[0].start(), m.start() + words[-1].end()
            if len(words) == 1 and (s == 0 or re.search(r"[.!?¿¡«“\"]\s*$", text[:s])):
                if text[s:e] in self.__dict__.get("_surnames", ()):  # "Ruiz ha dicho …" after "Ana Ruiz"
                    out.append((s, e, "PER"))
                continue  # a capitalised word opening a sentence
            # One word alone may be a surname or a place: a speaker only where no person is named.
            out.append((s, e, "PER" if len(words) > 1 else "NAME"))
        return out

    def quotes(self, text: str) -> list[tuple[int, int]]:
        """Quoted words in the pack's marks, and lines of dialogue opened by a long dash ("—No cederemos
        –dijo Ruiz."), which Spanish writes without quotation marks."""
        found = super().quotes(text)
        found += [(m.start(1), m.end(1)) for m in SINGLE.finditer(text)
                  if not any(x - 1 <= m.start() < y + 1 for x, y in found)]
        lines = [(m.start("words"), m.end("words")) for m in DIALOGUE.finditer(text)
                 if len(m.group("words").split()) > 1]
        lines = [(a, b) for a, b in lines if not any(x < b and a < y for x, y in found)]
        return sorted(found + lines)

    def statements(self, text: str, body_at: int, sents: list[Sentence], mentions: list[dict]) -> list[dict]:
        """As in `StatementRules`; a line of dialogue after a colon is said by the speaker the colon's
        sentence names ("… la respuesta de Trump:"), and one with no cue continues nobody's quotation."""
        # The surnames of the people named in full: one opening a sentence is still the person.
        self._surnames = frozenset()
        self._surnames = frozenset(text[s:e].split()[-1] for s, e, lab in self.names(text) if lab == "PER")
        rows = super().statements(text, body_at, sents, mentions)
        quotes = super().quotes(text)
        single = {(m.start(1), m.end(1)) for m in SINGLE.finditer(text)}
        lines = {(m.start("words"), m.end("words")) for m in DIALOGUE.finditer(text)}
        for r in rows:
            if r["kind"] == "quote" and (r["start"], r["end"]) in single and len(r["text"].split()) <= self.SCARE_WORDS \
                    and not text[:r["start"] - 1].rstrip().endswith(":"):
                r["speaker"], r["via"] = None, "a title or term in single quotes"
            if r["kind"] != "quote" or (r["start"], r["end"]) not in lines:
                continue
            head = text[:r["start"]].rstrip(" \t\n—―")
            if head.endswith(":"):
                at = len(head) - 1
                sent = next((x for x in sents if x.start_char <= at < x.end_char), None)
                # Words in single quotes there are titles and outlets ("un reportero del 'Times'").
                titles = [(m.start(), m.end()) for m in re.finditer(r"'[^'\n]{1,60}'", text[:at])]
                who = self._speaker_near(text, sent, (at, at + 1), quotes + titles, mentions)[0] if sent else None
                if who:
                    r["speaker"], r["via"] = self.fullest(who, text), "dialogue after a colon"
            elif r["via"] == "continues the previous quotation":
                r["speaker"], r["via"] = None, "no cue"
        self._carry_speakers(text, rows, sents, quotes, mentions)
        return rows

    def reported(self, text: str, body_at: int, sents: list[Sentence], mentions: list[dict],
                 quotes: list[tuple[int, int]], turns: list[dict], found: list[dict]) -> list[dict]:
        """As in `ReportedSpeech`, and a second cue coordinated with the first in its sentence ("ha
        afirmado que … y ha advertido que …") reports more content of the same speaker."""
        rows = super().reported(text, body_at, sents, mentions, quotes, turns, found)
        more = []
        for r in rows:
            sent = next((x for x in sents if x.start_char <= r["start"] < x.end_char), None)
            if sent is None:
                continue
            end = sent.end_char
            while end > r["start"] and text[end - 1] in " \n.!?»”\"":
                end -= 1
            for m in self.coordinated.finditer(text, r["start"], end):
                cue = Token(m.start("cue"), m.end("cue"), m.group("cue").lower())
                if not self.is_cue(cue) or any(x - 1 <= cue.start < y + 1 for x, y in quotes) \
                        or end - m.end() < self.MIN_CONTENT:
                    continue
                if any(x["start"] == m.end() for x in rows + more):
                    continue
                more.append({**r, "start": m.end(), "end": end, "text": text[m.end():end].strip(),
                             "via": f"reported: '{m.group('cue')}' (coordinated with the cue before)"})
        return rows + more

    def _after(self, text: str, s: Sentence, cue: tuple[int, int], mentions, quotes) -> tuple[str | None, str]:
        """As in `StatementRules`; where "según X," opens its sentence, the speaker is named before the
        comma, not in the words it reports ("De acuerdo con dos asesores, el alcalde …"), unless a verb
        follows "según" ("según ha anunciado su portavoz, Ana Ruiz, …")."""
        nxt = self.tokens(text[cue[1]:min(s.end_char, cue[1] + 30)])[:1]
        verb = bool(nxt) and (nxt[0].key in self.pack.word_list("auxiliaries") or self.is_cue(nxt[0]))
        if not verb and len(re.findall(r"\w+", text[s.start_char:cue[0]])) <= 2:
            comma = re.compile(r"[,:]").search(text, cue[1], min(s.end_char, cue[1] + 100))
            if comma:
                s = Sentence(s.start_char, comma.start())
        return super()._after(text, s, cue, mentions, quotes)

    def _speaker_near(self, text: str, sent: Sentence, cue_at: tuple[int, int], skip: list[tuple[int, int]],
                      mentions: list[dict]) -> tuple[str | None, str]:
        """As in `StatementRules`, with the inverted subject first: a name or a role noun right after
        the cue ("ha reconocido el escritor") is its speaker, before any name earlier in the clause; a
        name further on, behind a preposition or "que", is not. A role noun as the subject before the
        cue ("la portavoz ha añadido") comes after the names (see `role_person`)."""
        # A name in single quotes ("según la 'BBC'") is a name, not quoted words, when it comes to speakers.
        skip = [(a, b) for a, b in skip if not (text[a - 1:a] == "'" and len(text[a:b].split()) <= 4)]
        if cue_at[0] < cue_at[1] and self.distant_content(text, sent, cue_at):  # the subject before the verb
            sent = Sentence(sent.start_char, cue_at[1])
        aside = self.as_said(text, sent, cue_at) if cue_at[0] < cue_at[1] else None
        if aside:  # "…, como advirtió el ministro en mayo, …": the speaker is named in the aside
            sent = Sentence(*aside)
        elif self.closes_content(text, sent, cue_at, mentions):
            sent = Sentence(cue_at[0], sent.end_char)  # "…, declaró a la radio.": no name in what it reports
        lead = self.apposed_subject(text, sent, cue_at, mentions)
        if lead:  # "Ana Ruiz, directora de Estudios del Instituto X, afirma …"
            return lead, "subject before its apposition"
        group = self.name_list.search(text[sent.start_char:cue_at[0]]) if cue_at[0] < cue_at[1] else None
        if group and len(group.group("mid").split()) <= 12 and not self.clause_or_quote.search(group.group("mid")) \
                and not self.preposition_before.search(text, sent.start_char, sent.start_char + group.start()):
            return group.group("list"), "the names listed before the cue"  # "Colombia, Chile, México y Brasil han advertido"
        role = self._role_next_to(text, sent, cue_at, after=True)
        far = []
        for s, e in [(m["start"], m["end"]) for m in mentions] + [(s, e) for s, e, _ in self._names_in(text, sent)]:
            if cue_at[1] <= s < sent.end_char and not self._inverted_subject(text, cue_at[1], s):
                far.append((s, e))
            elif sent.start_char <= s < cue_at[0] and (self.place_before.search(text, max(sent.start_char, s - 12), s)
                                                       or self.affiliation_before.search(text, max(sent.start_char, s - 16), s)):
                far.append((s, e))  # "en Ginebra, dijo", "Ana Ruiz, del Instituto X, dijo"
        if role is not None:
            # The role noun's phrase: up to the clause's end, past an apposition ("el portavoz, Ana Ruiz,").
            end = self.clause_end.search(text, role[1], sent.end_char)
            if end and text[end.start()] == ",":
                end = self.clause_end.search(text, end.end(), sent.end_char)
            phrase = Sentence(role[0], end.start() if end else sent.end_char)
            off = [(s, e) for s, e in far if not (role[0] <= s < role[1] + 2 or self._inverted_subject(text, role[1], s))]
            # An adjective of a state after the role noun ("el presidente francés") names no speaker.
            off += [(m["start"], m["end"]) for m in mentions if phrase.start_char <= m["start"] < phrase.end_char
                    and m["text"][:1].islower()]
            close = super()._speaker_near(text, phrase, (role[0], role[0]), list(skip) + off, mentions)
            if close[0] is not None:
                return close[0], "named after the cue"
            who = self.role_person(text, role, cue_at[0], mentions)
            if who:
                return who, f"role noun '{role[2]}'"
        # A role noun right before the cue, with no name and no comma between, is its subject, not a
        # name earlier in the clause ("En estos diarios, entre ellos Le Monde, el presidente francés alerta …").
        role = self._role_next_to(text, sent, cue_at, after=False)
        if role is not None and not re.search(r"[,;:«“\"]|\b[A-ZÁÉÍÓÚÑ]", text[role[1]:cue_at[0]]):
            titled = [m["actor"] for m in mentions if m["via"] == "role" and m["start"] <= role[0] < m["end"]]
            who = titled[0] if titled else self.role_person(text, role, cue_at[0], mentions)
            if who:
                return who, f"role noun '{role[2]}'"
        # People first, then a role noun as the subject, then states and bodies.
        things = [(m["start"], m["end"]) for m in mentions if m["type"] != "person"
                  and sent.start_char <= m["start"] < sent.end_char]
        things += [(s, e) for s, e, lab in self._names_in(text, sent) if lab != "PER"]
        speaker, via = super()._speaker_near(text, sent, cue_at, list(skip) + far + things, mentions)
        if speaker is not None:
            return speaker, via
        role = self._role_next_to(text, sent, cue_at, after=False)
        who = self.role_person(text, role, cue_at[0], mentions) if role else None
        if who:
            return who, f"role noun '{role[2]}'"
        group = self._group_next_to(text, sent, cue_at)
        if group:
            return group, "group named next to the cue"
        found = super()._speaker_near(text, sent, cue_at, list(skip) + far, mentions)
        if found[0] is None and aside:  # "como apuntan fuentes del Ejecutivo, …": the phrase as written
            phrase = self.aside_subject(text, cue_at[1], aside[1])
            return (phrase, "named in the aside") if phrase else found
        return found

    def closes_content(self, text: str, sent: Sentence, cue_at: tuple[int, int], mentions: list[dict]) -> bool:
        """Whether a verb of saying closes the words it reports after a comma ("…, declaró a la radio."),
        with no "que" or colon after it; not where the words before it are its subject and an apposition."""
        head = text[sent.start_char:cue_at[0]]
        if cue_at[0] >= cue_at[1] or not re.search(r",[ \t]*$", head) or self.word_count(head) < 4 \
                or self.clause_or_quote.search(text[cue_at[1]:sent.end_char].replace("«", "").replace("“", "").replace('"', "")):
            return False
        return not self.subject_apposition(text, sent.start_char, cue_at[0], mentions)

    @cached_property
    def _plural_re(self) -> tuple[re.Pattern, re.Pattern]:
        """A plural role noun after a cue ("según los analistas") and before one ("las oenegés afirman")."""
        alt = alternation({w + ("s" if w[-1] in "aeiouáéíóú" else "es") for w in self.pack.title_words if " " not in w})
        art, between = self._alt("plural_articles"), self._alt("plural_before_verb")
        return (re.compile(rf"\s+(?:{art})\s+({alt})\b", re.I),
                re.compile(rf"\b(?:{art})\s+({alt})(?:\s+\w+)?(?:\s+(?:{between}))*\s*$", re.I))

    def _group_next_to(self, text: str, sent: Sentence, cue_at: tuple[int, int]) -> str | None:
        """A group of people named by a plural role noun right after the cue ("según los analistas") or
        as its subject just before it ("las oenegés afirman"): the noun as written."""
        after, before = self._plural_re
        m = after.match(text, cue_at[1], sent.end_char) or before.search(text, sent.start_char, cue_at[0])
        return m.group(1) if m else None

    def _pronoun(self, text: str, s: Sentence, cue: tuple[int, int], last: list[tuple[int, str]],
                 turn: dict | None, mentions: list[dict] = (),
                 quotes: list[tuple[int, int]] = ()) -> tuple[str | None, str]:
        """As in `StatementRules`, less the names behind a preposition ("desde Villa Oliva"); a verb with
        a plural subject ("advirtieron que …", "insisten en que …") is no one person's said before."""
        if turn is None and cue[0] < cue[1] and self.plural_cue(text, cue):
            return None, "plural subject not named"
        subject = self.noun_subject(text, s, cue) if turn is None and cue[0] < cue[1] else None
        if subject is not None:  # "La Fiscalía sostuvo …" is the body's; "La defensa replicó …" no one's named
            return (subject, "the body named before the cue") if subject[:1].isupper() else (None, "a subject the text does not name")
        w0 = max(0, cue[0] - PRONOUN_REACH)
        places = [(w0 + a, w0 + b) for a, b, _ in self.names(text[w0:cue[0]])
                  if self.place_before.search(text, max(0, w0 + a - 12), w0 + a)
                  or self.affiliation_before.search(text, max(0, w0 + a - 16), w0 + a)]
        return super()._pronoun(text, s, cue, last, turn, mentions, list(quotes) + places)

    def _inverted_subject(self, text: str, cue_end: int, at: int) -> bool:
        """Whether a name at `at` may be the subject that follows its cue: a few words between, none of
        them "que", and no preposition right before it ("declaró en la Casa Blanca")."""
        between = text[cue_end:at]
        # Capitalised common words the name left out stand before it ("declaró a The Economist"), and a
        # preposition may be glued to them in the source ("declaró aThe Economist").
        bare = re.sub(r"([a-záéíóúñ])([A-ZÁÉÍÓÚÑ])", r"\1 \2", between)
        bare = re.sub(r"(?:\s+[A-ZÁÉÍÓÚÑ]\w*)+\s*$", " ", bare)
        return len(between.split()) <= 8 and not self.clause_or_quote.search(between) \
            and not self.preposition_before.search(between) and not self.preposition_before.search(bare)

    def _role_next_to(self, text: str, sent: Sentence, cue_at: tuple[int, int],
                      after: bool) -> tuple[int, int, str] | None:
        """A role noun with its article right after the cue, or as the subject just before it (with at
        most an auxiliary between) or opening the sentence ("Asimismo, la portavoz ha …"): (start, end, noun)."""
        after_cue, subject, opening = self._role_res
        if after:
            m = after_cue.match(text[cue_at[1]:sent.end_char])
            return (cue_at[1] + m.start(1), cue_at[1] + m.end(1), m.group(1).lower()) if m else None
        before = subject.search(text[sent.start_char:cue_at[0]]) or opening.match(text[sent.start_char:cue_at[0]])
        if before:
            return sent.start_char + before.start(1), sent.start_char + before.end(1), before.group(1).lower()
        return None

    @cached_property
    def _role_res(self) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
        """A role noun with its article right after a cue; as the subject just before it (with at most
        a word and auxiliaries between); opening the sentence before an auxiliary."""
        nouns, art = alternation(self.pack.title_words), f"(?:{self._alt('articles')})"
        return (re.compile(rf"\s+{art}\s+(?:\w+\s+)?({nouns})\b", re.I),
                re.compile(rf"\b{art}\s+({nouns})(?:\s+\w+)?(?:\s+(?:{self._alt('before_verb')}))*\s*$", re.I),
                re.compile(rf"\W*(?:\w+\s*,\s*)?{art}\s+({nouns})\b(?=\s+(?:\w+\s+)?(?:{self._alt('auxiliaries')})\s)",
                           re.I))

    def _people(self, text: str, mentions: list[dict]) -> list[tuple[int, int, str]]:
        """The people a document names: the knowledge base's and the recogniser's, and surnames alone of
        people it names in full (cached per document)."""
        key = ("people",)
        if key not in self._name_cache:
            known = [(m["start"], m["end"], m["actor"]) for m in mentions if m["type"] == "person"]
            names = [n for n in self.names(text) if not any(k[0] <= n[0] < k[1] or n[0] <= k[0] < n[1] for k in known)]
            found = [(s, e, self._canonical(text[s:e])) for s, e, lab in names if lab == "PER"]
            # A surname alone ("Urrutia") stands for the person the text names in full ("Iñaki Urrutia").
            full = {name.split()[-1]: name for _, _, name in known + found}
            found += [(s, e, full[text[s:e]]) for s, e, lab in names if lab != "PER" and text[s:e] in full]
            self._name_cache[key] = sorted(known + found)
        return self._name_cache[key]
