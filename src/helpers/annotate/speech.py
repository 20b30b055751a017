"""Words of saying: the verbs and nouns that mark reported speech, found by their forms.

The words live in the lexicons (`resources/data/lexicons.yaml`: `speech_verbs`, `speech_verb_forms`,
`not_reporting`, `object_cues`, `speaker_pronouns`, `relative_pronouns`, `speech_nouns`, `in_words`, `not_name_words`,
`document_nouns`, `title_nouns`, `group_nouns`, `people_nouns`, `body_nouns`, `person_nouns`,
`organisation_nouns`, `share_nouns`, `group_pronouns`, `determiners`,
`particle_verbs`, `preposition_verbs`, the words of candidate speakers, possessives, issuers and
groups, of speaker turns and interviews (`TurnWords`) and of quotations that are no statement (scare
quotes, titles of works): see `resources.lexicons`); `speech_words` derives from them,
once per lexicons, the sets and expressions the English statement rules read (`SpeechWords`).
"""

from __future__ import annotations

import re

from helpers.annotate.patterns import alternation, phrases
from helpers.resources.lexicons import Lexicons, load_lexicons

_WORD = re.compile(r"\w+")


def _capitalised(words) -> str:
    """Words as one alternation, each with a capital first letter ("the" -> "The")."""
    return alternation(w[:1].upper() + w[1:] for w in words)


def _either_case(words) -> str:
    """Words as one alternation, each with its first letter in either case ("[Ii]nterview"), or one that never matches."""
    return "|".join(rf"[{re.escape(w[0].upper() + w[0])}]{re.escape(w[1:])}"
                    for w in sorted(words, key=len, reverse=True)) or "(?!)"


# A name in a title or an introduction to an interview: capitalised words, "of" or "the" between them.
_NAME = r"(?P<who>(?:[A-Z][\w’'.&-]*)(?:\s(?:of\s|the\s)?[A-Z][\w’'.&-]*)*)"


class TurnWords:
    """The words of speaker turns in transcripts ("Ida Holt: ...", "Q: ...") from one lexicons: the
    expression of a label, the labels that name no speaker, of questions and of answers, and the
    expressions of the interviewer a title or an introduction names."""

    def __init__(self, lexicons: Lexicons):
        connectors = alternation(lexicons.turn_label_connectors)
        label_word = rf"(?:[A-Z][\w.’'\-]*|{connectors}|\([^()\n]{{1,40}}\))"
        self.label = re.compile(rf"(?m)^[ \t]*(?P<label>[A-Z][\w.’'\-]*(?:[ \t]{label_word}){{0,11}})[ \t]*:[ \t]*(?=\S)")
        self.not_speakers = lexicons.turn_not_speakers
        self.questions = lexicons.question_labels
        self.answers = lexicons.answer_labels
        # "Interview to the newspaper X", "Remarks and answers for X".
        self.interview_to = re.compile(
            rf"\b(?:{_either_case(lexicons.interview_nouns)})\b.*?\b(?:{phrases(lexicons.interview_prepositions)})"
            rf"\s+(?:the\s+)?(?:[a-z]+\s+){{0,3}}{_NAME}")
        # "X interviewed ...", "The X put its questions to ...".
        self.interviewer = re.compile(rf"(?:\b[Tt]he\s+)?{_NAME}\s+(?:{phrases(lexicons.interviewer_phrases)})\b")


def speech_forms(lemmas, irregular: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """The forms of verbs of saying: each lemma, its regular forms and the irregular forms of the lemmas."""
    forms = set(lemmas)
    for lemma in lemmas:
        forms.update(irregular.get(lemma, ()))
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing", stem + "ing"}
        if lemma.endswith("y"):
            forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return frozenset(forms)


class SpeechWords:
    """The English statement rules' words of saying from one lexicons, with what is derived from them:
    the forms of the verbs, the forms that cue reported speech, their string hashes, and the
    expressions of "In X's words:", a possessive before a noun of saying and a pronoun saying something."""

    def __init__(self, lexicons: Lexicons):
        self.digest = lexicons.digest
        self.forms = speech_forms(lexicons.speech_verbs, lexicons.speech_verb_forms)
        # A form of a verb that reports no content: any form of it ("replied", "citing" as well as "thanked").
        not_forms = speech_forms(lexicons.not_reporting, lexicons.speech_verb_forms)
        self.cues = self.forms - not_forms
        self.pronouns = lexicons.speaker_pronouns
        self.relative_pronouns = lexicons.relative_pronouns
        self.object_cues = lexicons.object_cues
        self.not_name_words = lexicons.not_name_words
        self.document_nouns = lexicons.document_nouns
        self.title_nouns = lexicons.title_nouns
        self.group_nouns = lexicons.group_nouns
        self.people_nouns = lexicons.people_nouns
        self.body_nouns = lexicons.body_nouns
        self.person_nouns = lexicons.person_nouns
        self.organisation_nouns = lexicons.organisation_nouns
        self.share_nouns = lexicons.share_nouns
        self.group_pronouns = lexicons.group_pronouns
        self.determiners = lexicons.determiners
        # A form of a verb that reports only with its particle -> the particle ("points" -> "out").
        self.particles = {form: particle for verb, particle in lexicons.particle_verbs.items()
                          for form in speech_forms([verb], lexicons.speech_verb_forms)}
        # Words that name who may speak, without a name: a pronoun, an office, a group, people, a text.
        self.speaker_words = (lexicons.speaker_pronouns | lexicons.group_pronouns | lexicons.title_nouns
                              | lexicons.group_nouns | lexicons.people_nouns | lexicons.body_nouns
                              | lexicons.document_nouns)
        self.possessive_pronouns = lexicons.possessive_pronouns
        # "His", "his", "Her", "her" in the expression of a possessive before a noun of saying.
        pronouns = rf"|\b(?:{_either_case(lexicons.possessive_pronouns)})"
        # "In Putin's words: ...": a quotation's speaker named before a colon (anywhere, or ending the text).
        in_words = rf"\b[Ii]n\s+(?P<who>.+?)['’]s?\s+(?:{lexicons.in_words})\s*:"
        self.in_words = re.compile(in_words)
        self.in_words_end = re.compile(in_words + "$")
        # "Javier Milei's premise of “...”", "Putin's words: “...”": a possessive and a noun of saying
        # right before the quotation.
        self.possessive = re.compile(
            rf"(?P<who>\b(?:[A-Z][\w.’'-]*\s+){{0,3}}[A-Z][\w.’'-]*?{pronouns})(?:['’]s?)?\s+"
            rf"(?:(?:{alternation(lexicons.speech_noun_modifiers)})\s+)?(?:{lexicons.speech_nouns})"
            rf"(?:\s+(?:{alternation(lexicons.speech_noun_links)}))?\s*[:,]?\s*$")
        # What a speaker is read with: capitalised openers that name no speaker before a noun of saying
        # ("The statement: “...”"), articles a body's name loses, the prepositions naming a text's
        # issuer, and the forms of the verbs whose object is the speaker ("quoted Ida Holt as saying").
        self.not_possessors = frozenset(w[:1].upper() + w[1:] for w in lexicons.not_possessor_words)
        self.articles = lexicons.articles
        self.issuer_prepositions = lexicons.issuer_prepositions
        self.object_speaker_forms = speech_forms(sorted(lexicons.object_speaker_verbs), lexicons.speech_verb_forms)
        # Groups of the people named before: "The two leaders", "Both presidents".
        self.dual_words = lexicons.dual_words
        self.number_words = lexicons.number_words
        self.group_opening = re.compile(rf"\s*(?P<open>{_capitalised(lexicons.group_openers)})\s+"
                                        rf"(?P<n>(?:{alternation(lexicons.number_words)})\s+)?(?P<noun>\w+)")
        # The candidate speakers of a quotation and the speaker model's features (`annotate.ranker`):
        # capitalised runs that may name a speaker ("Anna Berg", "Ana de Souza"), the words that
        # name no one, a pronoun and a verb of saying, "according to" before a name.
        self.not_names = lexicons.candidate_not_names
        self.subject_leads = lexicons.subject_leads
        self.auxiliaries = lexicons.auxiliaries
        self.not_before_subject = lexicons.auxiliaries | self.forms
        particles = rf"(?:(?:{alternation(lexicons.name_particles)})\s+)?"
        self.name_run = re.compile(rf"\b[A-Z][\w’'.-]*(?:\s+{particles}[A-Z][\w’'.-]*)*")
        pron = alternation(lexicons.says_pronouns)
        self.pronoun_says = re.compile(
            rf"\b(?:(?:{pron})\s+(?:\w+\s+)?(?:{alternation(lexicons.says_after_pronoun)})"
            rf"|(?:{alternation(lexicons.says_before_pronoun)})\s+(?:{pron}))\b", re.IGNORECASE)
        self.source_before = re.compile(rf"(?:{phrases(lexicons.source_phrases)})\s+(?:the\s+)?$", re.IGNORECASE)
        # The first words of those phrases ("according"): a verb of saying whose prepositional object
        # is the speaker; and the verbs whose content follows a preposition ("call" -> "for").
        self.source_words = frozenset(p.split()[0] for p in lexicons.source_phrases)
        self.preposition_verbs = lexicons.preposition_verbs
        self.turns = TurnWords(lexicons)
        # Quotations that are no statement: a short one after a determiner or a possessive ("its “new
        # deal”"), a label; a Title Case one after "on X's", "in", "the show" or "a film called", a work.
        self.scare_before = re.compile(rf"(?:\b(?:{alternation(lexicons.scare_determiners)})|\w['’]s)\s*$",
                                       re.IGNORECASE)
        self.work_before = re.compile(rf"(?:['’]s|\b(?:{alternation(lexicons.work_preceding_words)}))$")
        self.work_is = re.compile(rf"\b(?:{alternation(lexicons.work_nouns)})s?"
                                  rf"\s+(?:{alternation(lexicons.work_naming_verbs)})$", re.IGNORECASE)
        self._key = f"multipolar_speech.{self.digest}"
        self._hashes: frozenset[int] | None = None

    def is_speech_verb(self, tok) -> bool:
        """Whether a token is a verb of saying, by its form (the pipeline runs without a lemmatizer)."""
        return tok.lower_ in self.forms

    def has_speech_verb(self, s: str) -> bool:
        """Whether `s` holds a form of a verb of saying as a whole word (a set lookup, far cheaper than a
        regular expression alternating every form)."""
        return not self.forms.isdisjoint(_WORD.findall(s.lower()))

    def speech_verbs(self, sdoc) -> list[int]:
        """The indexes of the tokens of `sdoc` that are verbs of saying (`is_speech_verb`), found once a parse."""
        found = sdoc.user_data.get(self._key)
        if found is None:
            from spacy.attrs import LOWER

            if self._hashes is None:  # spaCy's hash of a string depends on the string alone
                from spacy.strings import hash_string

                self._hashes = frozenset(hash_string(f) for f in self.forms)
            hashes = self._hashes
            found = sdoc.user_data[self._key] = [i for i, h in enumerate(sdoc.to_array(LOWER).tolist()) if h in hashes]
        return found


_BY_DIGEST: dict[str, SpeechWords] = {}


def speech_words(lexicons: Lexicons | None = None) -> SpeechWords:
    """The words of saying of `lexicons` (the shipped ones by default), derived once per lexicons (by its digest)."""
    lexicons = lexicons or load_lexicons()
    words = _BY_DIGEST.get(lexicons.digest)
    if words is None:
        words = _BY_DIGEST[lexicons.digest] = SpeechWords(lexicons)
    return words


def is_speech_verb(tok, words: SpeechWords | None = None) -> bool:
    """Whether a token is a verb of saying of `words` (the shipped lexicons' by default)."""
    return (words or speech_words()).is_speech_verb(tok)


def has_speech_verb(s: str, words: SpeechWords | None = None) -> bool:
    """Whether `s` holds a verb of saying of `words` (the shipped lexicons' by default) as a whole word."""
    return (words or speech_words()).has_speech_verb(s)
