"""Who said a quotation: the subject of a verb of saying in the parse of its sentence, resolved to an
actor, a person the entity recogniser names, or a pronoun's antecedent."""

from __future__ import annotations

import re

from helpers.annotate.mentions import Linker
from helpers.annotate.models import entities
from helpers.annotate.names import NameForms, expand_acronym
from helpers.annotate.quotes import Quote
from helpers.annotate.record import Steps
from helpers.annotate.speech import SpeechWords


_POSSESSOR = re.compile(r"(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w-]*['’]s?\b")


def tokens_before(sdoc, char: int) -> int:
    """How many tokens of `sdoc` begin before character `char`."""
    import bisect

    if "multipolar_idx" not in sdoc.user_data:
        from spacy.attrs import IDX

        sdoc.user_data["multipolar_idx"] = sdoc.to_array(IDX).tolist()
    return bisect.bisect_left(sdoc.user_data["multipolar_idx"], char)


def _after_person(tok, offset: int, mentions: list[dict], forms: frozenset[str]) -> bool:
    """A headline's "Putin praises ...": a verb form the tagger took for a plural noun, right after a person."""
    if tok.i == 0 or tok.lower_ not in forms or not tok.lower_.endswith("s"):
        return False
    prev = tok.doc[tok.i - 1]
    end = offset + prev.idx + len(prev.text)
    return any(m["end"] == end and m["type"] == "person" for m in mentions)


def _body_name(ent, articles: frozenset[str]) -> str:
    """A body's name as the entity recogniser found it, without an article before it ("the Harbour Board")
    nor a possessive ending."""
    words = ent.text.split(None, 1)
    name = words[1] if len(words) == 2 and words[0].lower() in articles else ent.text
    return re.sub(r"(?<=\w)['’]s?$", "", name)  # "Acme Group’s": the group


def office_alone(tok, offices: frozenset[str]) -> bool:
    """Whether `tok` names an office and nothing more ("The President", "the minister"): no name, no "of France"."""
    return tok.lower_ in offices and tok.left_edge.i >= tok.i - 1 and tok.right_edge == tok and \
        (tok.left_edge == tok and not tok.is_title or tok.left_edge.pos_ == "DET")


def opens_sentence(text: str, pos: int, words: SpeechWords) -> bool:
    """Whether the name at `pos` is its sentence's subject: a few words at most before it since the
    sentence began ("Republican Senator Ann Lee"), no comma, none a word that names no one (`words`: the
    lexicons' words) nor a verb, but a first word among the subject leads ("But")."""
    begin = max(text.rfind("\n", 0, pos), *(text.rfind(p, 0, pos) for p in (". ", "! ", "? ", ".” ", "?” ", "!” ")))
    before = text[begin + 1:pos].split()
    if begin >= 0 and before and before[0] in ("”", "’"):
        before = before[1:]
    if len(before) > 5 or any(w[-1:] in ",;:“”\"" for w in before):
        return False
    if before and before[0].lower() in words.subject_leads:
        before = before[1:]
    if _POSSESSOR.match(text, pos):  # "Lee’s aides said": the aides speak
        return False
    return not any(w.lower().strip(".") in words.not_names or w.lower() in words.not_before_subject for w in before)


def _name_before(verb):
    """The proper name right before a finite verb that the parser gave no subject, as its subject
    ("Sen. Ann Lee (D-MA) said", the name read as in apposition to a word before it), or None: a comma
    and a parenthesis at most between them, and no preposition before the name ("on Monday said")."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.i < 2:
        return None
    doc, i = verb.doc, verb.i - 1
    if doc[i].text == ",":
        i -= 1
    if doc[i].text == ")":
        opens = [t.i for t in doc[max(0, i - 8):i] if t.text == "("]
        if not opens:
            return None
        i = opens[-1] - 1
    if i < 0 or doc[i].pos_ != "PROPN" or doc[i].text in _QUOTE_MARKS:
        return None
    first = i
    while first > 0 and (doc[first - 1].pos_ == "PROPN" or doc[first - 1].text == "."):
        first -= 1
    if first > 0 and (doc[first - 1].pos_ == "ADP" or doc[first - 1].text in _QUOTE_MARKS):
        return None
    return doc[i]


def _member(head) -> str | None:
    """A party's member the text does not name, as it calls them ("an Ohio Democrat": "Ohio Democrat",
    not the state before the word), where `head` (a word the recogniser read as a group) is the noun of
    its phrase; None where the word describes others ("Democrat, Republican senators", "Democrat Ann Lee")."""
    if head.pos_ not in ("PROPN", "NOUN") or \
            any(c.i > head.i and c.dep_ in ("appos", "conj", "compound", "nmod") for c in head.children):
        return None
    return " ".join(t.text for t in head.doc[head.left_edge.i:head.i + 1] if t.pos_ not in ("DET", "NUM", "PUNCT"))


_QUOTE_MARKS = frozenset('“”"‘’«»')


class Speakers:
    """The speakers of one document's quotations. The methods that may need the entity recogniser
    are generators: they yield the reads they need (see `models.entities`) and return the speaker.
    `words`: the lexicons' words of saying."""

    def __init__(self, linker: Linker, names: NameForms, text: str, mentions: list[dict], people_source,
                 words: SpeechWords):
        self.linker = linker
        self.names = names
        self.words = words
        self.kb = linker.kb
        self.alias_index = linker.alias_index
        self.canonical = linker.canonical
        self.text = text
        self.mentions = mentions
        self._people_source = people_source
        self._people: list[tuple[int, str]] | None = None
        # The quotations' spans (the people they name are no pronoun's antecedent) and, as they are
        # attributed, where each quotation closes and the person who said it.
        self.quoted: list[tuple[int, int]] = []
        self.said: list[tuple[int, str]] = []

    def people(self) -> Steps[list[tuple[int, str]]]:
        """The named people of the document and where they are named, found on first need (a generator)."""
        if self._people is None:
            self._people = yield from self._people_source()
        return self._people

    def add_people(self, found: list[tuple[int, str]]) -> Steps[None]:
        """Add people named in sentences read later (a generator: the document's people are found first)."""
        people = yield from self.people()
        self._people = sorted(set(people) | set(found))

    def _named_before(self, start: int) -> Steps[str | None]:
        """The last person named before character `start`, or None (a generator)."""
        people = yield from self.people()
        prior = [(pos, name) for pos, name in people if pos < start and not any(s < pos < e for s, e in self.quoted)]
        # A speaker of a quotation before, if a person: one the knowledge base knows, or one named as a person.
        surnames = {name.split()[-1] for _, name in people if name.split()}
        prior += [(pos, name) for pos, name in self.said if pos < start and (
            self.kb.type_of(name) == "person" or self.kb.type_of(name) is None and name.split()[-1] in surnames)]
        prior.sort(key=lambda x: x[0])
        if not prior:
            return None
        # A sentence's subject, or a quotation's speaker, is the likelier antecedent than a person named
        # after it ("Ann Lee says Bo Ek erred. She says ..."): the last one near before, else the last person.
        said = {pos for pos, _ in self.said}
        salient = [(pos, name) for pos, name in prior if pos in said or opens_sentence(self.text, pos, self.words)]
        if salient and start - salient[-1][0] < 600:
            return salient[-1][1]
        return prior[-1][1]

    def possessive_speaker(self, q: Quote) -> Steps[str | None]:
        """The speaker of "X's words: “...”", "his call for “...”" (the noun of saying right before the quotation)."""
        text = self.text
        line_start = text.rfind("\n", 0, q.open) + 1
        m = self.words.possessive.search(text, max(line_start, q.open - 120), q.open)
        if not m:
            return None
        who_s, who_e = m.span("who")
        if m.group("who").lower() in self.words.possessive_pronouns:
            prior = yield from self._named_before(who_s)
            return self.canonical(self.names.fullest(self.names.bare(prior), text, who_s)) if prior else None
        for mention in self.mentions:
            if mention["start"] < who_e and mention["end"] > who_s:
                return mention["actor"]
        name = self.names.bare(m.group("who")).strip()
        if not name or name.split()[0] in self.words.not_possessors:
            return None
        return self.canonical(self.names.fullest(name, text, who_s))

    def title_subject(self, row: dict, sdoc) -> str | None:
        """The known actor that is the subject of the title's verb governing a quotation (`sdoc`: the title's parse)."""
        for tok in sdoc:
            if row["start"] <= tok.idx < row["end"]:
                v = tok
                while v.head != v and v.pos_ not in ("VERB", "AUX"):
                    v = v.head
                for c in v.children:
                    if c.dep_ in ("nsubj", "nsubjpass"):
                        hit = [m for m in self.mentions if m["start"] <= c.idx < m["end"]]
                        if hit:
                            return hit[0]["actor"]
                return None
        return None

    def speaker_for(self, q: Quote, offset: int, sdoc) -> Steps[tuple[str | None, str]]:
        """Who said quotation `q`, from the parse of its sentence: (speaker, how) or (None, reason)."""
        text, mentions, words = self.text, self.mentions, self.words
        inside = lambda tok: q.open <= offset + tok.idx < q.close  # noqa: E731
        # The quotation's tokens are those from i0 to i1; the verbs of saying outside it are the
        # sentence's others (a verb of saying is a word: never punctuation or space).
        i0, i1 = tokens_before(sdoc, q.open - offset), tokens_before(sdoc, q.close - offset)
        q_tokens = [sdoc[i] for i in range(i0, i1)]
        speech_outside = [sdoc[i] for i in words.speech_verbs(sdoc) if not i0 <= i < i1]
        # "In Putin's words: ..." / "X said: ..." - a colon right before the quotation.
        before = text[offset:q.open].rstrip()
        if before.endswith(":"):
            m = words.in_words_end.search(before)
            if m:
                who = yield from self.resolve(offset + m.start("who"), offset + m.end("who"), sdoc, offset)
                if who:
                    return who, "in X's words"
            verbs = [t for t in speech_outside if offset + t.idx < q.open]
            if verbs:
                who = yield from self.subject_speaker(verbs[-1], sdoc, offset)
                if who:
                    return who, f"colon after '{verbs[-1].text}'"
        # A speech verb that governs the quotation.
        if q_tokens:
            anchor = next((t for t in q_tokens if not inside(t.head) or t.head == t), q_tokens[0])
            tok = anchor.head
            seen = 0
            while tok is not None and seen < 12:
                if not inside(tok) and words.is_speech_verb(tok):
                    who = yield from self.subject_speaker(tok, sdoc, offset)
                    if who:
                        return who, f"subject of '{tok.text}'"
                if tok.head == tok:
                    break
                tok = tok.head
                seen += 1
        # Any speech verb in the sentence outside quotations, nearest first.
        verbs = [t for t in speech_outside if t.pos_ in ("VERB", "AUX", "ADJ") or t.is_title
                 or _after_person(t, offset, mentions, words.forms)]
        for v in sorted(verbs, key=lambda t: abs(offset + t.idx - q.open)):
            who = yield from self.subject_speaker(v, sdoc, offset)
            if who:
                return who, f"subject of '{v.text}' in the sentence"
            # A headline's verb of saying whose subject the parser missed: the actor before it.
            prior = [m for m in mentions if offset <= m["start"] < offset + v.idx and m["type"] == "person"]
            if prior and not any(inside(t) for t in sdoc if offset + t.idx == prior[-1]["start"]):
                return prior[-1]["actor"], f"person before '{v.text}'"
        if verbs:
            return None, "unresolved subject"
        return None, "none"

    def subject_speaker(self, verb, sdoc, offset: int) -> Steps[str | None]:
        """The speaker a verb of saying's subject names (or "according to X"'s X, "quoted X"'s X), or None."""
        v, is_speech_verb = verb, self.words.is_speech_verb
        for _ in range(5):
            if v.lower_ in self.words.source_words:  # "according" (to X)
                for child in v.children:
                    for pobj in (c for c in child.subtree if c.dep_ == "pobj"):
                        return (yield from self.resolve_token(pobj, sdoc, offset))
            if v.lower_ in self.words.object_speaker_forms:  # "Interfax quoted Mr Khodorkovsky as saying"
                obj = [c for c in v.children if c.dep_ == "dobj"]
                if obj:
                    return (yield from self.resolve_token(obj[0], sdoc, offset))
            subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:  # "Ann Lee, who said ...": the noun a relative clause is about speaks
                relative = subj[0].lower_ in self.words.relative_pronouns and v.dep_ == "relcl" and v.head.i < subj[0].i
                return (yield from self.resolve_token(v.head if relative else subj[0], sdoc, offset))
            name = _name_before(v)
            if name is not None and any(e.label_ == "PERSON" and e.start <= name.i < e.end
                                        for e in (yield from entities(sdoc, upto=name.i + 1))):
                # "Sen. Ann Lee (D-MA) said": the parser hung the person's name elsewhere
                return (yield from self.resolve_token(name, sdoc, offset))
            # An inverted verb of saying ("”, said X") is finite: a participle's object is whom it was said to
            # ("..., telling Reuters").
            after_quote = v.text.islower() and v.i > 0 and sdoc[v.i - 1].text in ("”", '"', "’", "'", ",", "»") \
                and v.tag_ != "VBG"
            if after_quote and v.dep_ in ("compound", "amod", "nmod") and v.head.i > v.i and v.head.pos_ == "PROPN":
                # "..., reply Ann Lee and Bo Ek": the parser reads the inverted verb as part of the name...
                return (yield from self.resolve_token(v.head, sdoc, offset))
            obj = [c for c in v.children if c.dep_ in ("dobj", "attr", "npadvmod") and c.pos_ == "PROPN"
                   and c.left_edge.i == v.i + 1]
            if after_quote and obj:
                # ... or the name after it as its object.
                return (yield from self.resolve_token(obj[0], sdoc, offset))
            if v.dep_ == "conj" and v.head != v and not is_speech_verb(v.head):
                # "X argued that Y grew, and agreed that ...": the parser hangs the second verb of
                # saying on the reported clause; its subject is the first verb of saying's.
                up = v.head
                while up.head != up and not is_speech_verb(up) and up.dep_ in ("ccomp", "conj", "xcomp", "advcl"):
                    up = up.head
                if is_speech_verb(up) and up.pos_ in ("VERB", "AUX"):
                    v = up
                    continue
            if v.dep_ in ("xcomp", "advcl", "conj", "ccomp", "pcomp", "relcl", "acomp") and v.head != v:
                v = v.head
                continue
            break
        return None

    def resolve_token(self, head, sdoc, offset: int) -> Steps[str | None]:
        """The speaker a subject (or object) token names: its own name first, then its phrase."""
        text, mentions = self.text, self.mentions
        start = offset + sdoc[head.left_edge.i].idx
        if head.lower_ in self.words.pronouns:
            prior = yield from self._named_before(start)
            if prior:
                return self.canonical(self.names.fullest(self.names.bare(prior), text, start))
            return None
        hs, he = offset + head.idx, offset + head.idx + len(head.text)
        # The name the head word belongs to ("Yukos spokesman Alexander Shadrin", "Xing Wangli, a spokesman").
        # A known actor first: the knowledge base is surer than the entity recogniser (and cheaper).
        for kind in ("person", None):
            for m in mentions:
                if m["start"] <= hs < m["end"] and kind in (None, m["type"]):
                    return m["actor"]
        if head.lower_ in self.words.document_nouns:
            return (yield from self._issuer(head, sdoc, offset))
        if office_alone(head, self.words.title_nouns):
            prior = yield from self._named_before(start)
            return self.canonical(self.names.fullest(self.names.bare(prior), text, start)) if prior else None
        phrase, upto = sdoc[head.left_edge.i:head.right_edge.i + 1].text, head.right_edge.i + 1
        found_ents = yield from entities(sdoc, phrase, upto)
        for ent in found_ents:
            # A name the recogniser runs on past a known person, as in a title-case headline read as one
            # organisation ("Lavrov Hails Grain Surge With Turkey"): the person it holds.
            known = [m for m in mentions if m["type"] == "person" and offset + ent.start_char <= m["start"]
                     and m["end"] <= offset + ent.end_char]
            if ent.start <= head.i < ent.end and ent.label_ in ("PERSON", "ORG", "GPE") and known:
                return known[0]["actor"]
        for ent in found_ents:
            if ent.start <= head.i < ent.end and ent.label_ == "PERSON":
                name = sdoc[ent.start:head.i + 1].text  # "Graham Explains" tagged as one name: keep "Graham"
                name = self.canonical(self.names.fullest(self.names.bare(name), text, offset + ent.start_char))
                others = []
                for c in head.children:
                    if c.dep_ == "conj":
                        others += [self.canonical(self.names.bare(e.text))
                                   for e in (yield from entities(sdoc, upto=upto))
                                   if e.start <= c.i < e.end and e.label_ == "PERSON"]
                return " and ".join([name, *others])  # "Tammy Duckworth and Dan Sullivan"
        for ent in (yield from entities(sdoc, phrase, upto)):
            if ent.start <= head.i < ent.end and ent.label_ in ("ORG", "GPE"):
                return self.canonical(expand_acronym(_body_name(ent, self.words.articles), text))
            if ent.start <= head.i < ent.end and ent.label_ == "NORP" and ent.text in self.alias_index:
                return self.alias_index[ent.text]  # "Chinese officials" speak for China; "Democrat senators" name no one
            if ent.start <= head.i < ent.end and ent.label_ == "NORP" and _member(head):
                return _member(head)  # "an Ohio Democrat": not Ohio
        if head.pos_ == "NOUN":  # "Anna Berg's aide, Jo Dane, said": the name in apposition, not the possessor
            for child in head.children:
                if child.dep_ == "appos":
                    found = yield from self.resolve_token(child, sdoc, offset)
                    if found:
                        return found
        # The words before the head ("The Chinese president", "the China Daily newspaper").
        core_s = offset + sdoc[head.left_edge.i].idx
        found = yield from self.resolve(core_s, he, sdoc, offset)
        if found:
            return found
        for child in head.children:
            if child.dep_ == "appos":
                return (yield from self.resolve_token(child, sdoc, offset))
        end = offset + sdoc[head.right_edge.i].idx + len(sdoc[head.right_edge.i].text)
        found = yield from self.resolve(core_s, end, sdoc, offset)
        if found is None and head.pos_ == "PROPN" and head.text[:1].isupper():
            # A proper name the models do not know ("Gep said"): the name itself.
            words = [t for t in sdoc[head.left_edge.i:head.i + 1] if t.pos_ == "PROPN"]
            if words and words[-1] == head:
                name = self.names.strip_titles(" ".join(t.text for t in words))
                found = self.canonical(self.names.fullest(name, text, offset + words[0].idx))
        return found

    def _issuer(self, head, sdoc, offset: int) -> Steps[str | None]:
        """Who a text that says something is by: "a report by the ministry", "the ministry's statement", or None."""
        for prep in head.children:
            if prep.dep_ in ("prep", "agent") and prep.lower_ in self.words.issuer_prepositions:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and pobj.lower_ not in self.words.document_nouns:
                        return (yield from self.resolve_token(pobj, sdoc, offset))
        core_s, hs = offset + sdoc[head.left_edge.i].idx, offset + head.idx
        return (yield from self.resolve(core_s, hs, sdoc, offset)) if core_s < hs else None

    def resolve(self, start: int, end: int, sdoc, offset: int) -> Steps[str | None]:
        """The speaker named by text[start:end]: an actor, a pronoun's antecedent or a name."""
        text = self.text
        inside = [m for m in self.mentions if m["start"] >= start and m["end"] <= end]
        for m in inside:
            if m["type"] == "person":
                return m["actor"]
        upto = tokens_before(sdoc, end - offset)
        for ent in (yield from entities(sdoc, text[start:end], upto)):
            es = offset + ent.start_char
            if start <= es < end and ent.label_ == "PERSON":
                return self.canonical(self.names.fullest(self.names.bare(ent.text), text, es))
        for ent in (yield from entities(sdoc, text[start:end], upto)):  # "the China Daily newspaper": the paper
            es, ee = offset + ent.start_char, offset + ent.end_char
            if start <= es < end and ent.label_ == "ORG" and any(es <= m["start"] and m["end"] <= ee and
                                                                 (m["end"] - m["start"]) < (ee - es) for m in inside):
                return self.canonical(expand_acronym(_body_name(ent, self.words.articles), text))
        for kind in ("organisation", "state", "programme"):
            for m in inside:
                if m["type"] == kind:
                    return m["actor"]
        phrase = text[start:end].strip()
        if phrase.lower() in self.words.pronouns:
            prior = yield from self._named_before(start)
            return self.canonical(prior) if prior else None
        for ent in (yield from entities(sdoc, text[start:end], upto)):
            es = offset + ent.start_char
            if start <= es < end and (ent.label_ in ("ORG", "GPE") or ent.label_ == "NORP" and ent.text in self.alias_index):
                return self.canonical(expand_acronym(_body_name(ent, self.words.articles), text))
        name = self.names.bare(phrase)
        if phrase != name and name[:1].isupper():
            return self.canonical(self.names.fullest(name, text, start))
        return None
