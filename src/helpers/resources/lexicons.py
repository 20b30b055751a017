"""The lexicons: domain word lists (aspects, frames, world-order terms, meeting and trade words, honorifics,
and the English statement rules' words of saying).

They ship as YAML (`data/lexicons.yaml`); users can pass their own file of the same shape. A list
of patterns is joined, in its order, into one regular expression ("a|b|c"); a mapping of lists
gives one expression per key, in the file's order.

The English statement rules read: `speech_verbs` (verbs of saying, by lemma; their regular forms
are derived) and `speech_verb_forms` (the forms the regular endings miss, by lemma);
`not_reporting` (verbs of saying that are never the cue of a reported statement); `object_cues`
(beginnings of the verbs whose object is what was said); `speaker_pronouns`; `relative_pronouns` ("who said ...": the noun the clause is about speaks);
`speech_nouns` (patterns: "his warning: “...”") and `in_words` (patterns: "In X's words: “...”");
`not_name_words` (words that open a sentence without starting a name); and, where given,
`document_nouns` (a text that says something: its speaker is who issued it), `title_nouns` (an
office named alone, "the President": the person named before), `group_nouns` ("the leaders":
the people named before), `people_nouns` (people named by a common noun, "experts say": the
speaker as written), `body_nouns` (a body named by a common noun, "a commission said": the
name it was given before, else as written), `group_pronouns` ("they": the people named before), `determiners` (after
which a form of a verb of saying is a noun: "the state") and `particle_verbs` ("point out": a verb
that reports only with its particle). Where given too, the words that shape candidate speakers and
the speaker model's features: `candidate_not_names` (capitalised words that name no one),
`name_particles` ("de", "von": lower-case words inside a name), `says_pronouns`,
`says_after_pronoun` and `says_before_pronoun` ("she said", "said he"), `source_phrases`
("according to"); the words a speaker is read with: `not_possessor_words` ("The statement: “...”"),
`possessive_pronouns` ("his call for “...”"), `speech_noun_modifiers` and `speech_noun_links`
(around a possessive's noun of saying: "his own words were"), `articles` (taken off a body's
name), `issuer_prepositions` ("a report by X"), `object_speaker_verbs` ("X quoted Y as saying");
`person_honorifics` (as written: a one-word name after one is a person's), `number_words` (a
word -> its number: "the two leaders"), `dual_words` ("both": two), `group_openers` ("The", "Both"
opening a sentence about a group), `preposition_verbs` ("call for": the preposition before a verb's
content); the words of speaker turns in transcripts: `turn_label_connectors` (lower-case words inside
a label), `turn_not_speakers` ("Note:"), `question_labels` and `answer_labels` ("Q:", "A:"),
`interview_nouns`, `interview_prepositions` and `interviewer_phrases` (the interviewer a title
names: "Interview to X", "X spoke to"); and the words of quotations that are no statement:
`scare_determiners` ("its “new deal”"), `work_preceding_words`, `work_nouns` and `work_naming_verbs`
(a work's title: "in “Harbour Hour”", "a film called “...”"); and the words before a name that
opens its sentence as its subject, a pronoun's likelier antecedent: `subject_leads` ("But", "The")
and `auxiliaries` ("Lee has told Ek ...": a clause before "Ek"). Their word lists are matched whatever
the case (kept lower-cased) unless said otherwise; `annotate.speech.speech_words` derives the sets
and expressions the rules use, once per lexicons. A user's file that leaves out one of the entries
"where given" gets the shipped file's (a `particle_verbs` or `preposition_verbs` entry only for a
verb of saying the file keeps); an entry given empty stays empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpers.config import DATA_DIR
from helpers.resources.files import read_cached, text_digest
from helpers.resources.kb import SAFE_LOADER

LEXICONS_FILE = DATA_DIR / "lexicons.yaml"

# The entries and their shapes: a list of patterns, a mapping of name -> list of patterns, a
# mapping of name -> text, or a list of words.
_PATTERNS = ("relationship_words", "pair_words", "trade_relationship_words", "meeting_words", "not_a_meeting",
             "meeting_count_words", "trade_words", "not_bilateral", "part_of_year", "sector_words", "forecast_words",
             "speech_nouns", "in_words")
_GROUPS = ("aspects", "frames", "world_order_terms", "side_words")
_LABELS = ("term_short",)
_WORDS = ("honorifics", "title_words")
# Lists of words matched whatever the case, and a mapping of a word to a list of words.
_LOWER_WORDS = ("speech_verbs", "not_reporting", "object_cues", "speaker_pronouns", "not_name_words")
# Lists of words matched whatever the case that a user's file may leave out (then the shipped file's).
_OPTIONAL_WORDS = ("relative_pronouns", "document_nouns", "title_nouns", "group_nouns", "people_nouns", "body_nouns", "person_nouns",
                   "organisation_nouns", "share_nouns", "group_pronouns",
                   "determiners", "candidate_not_names", "name_particles", "says_pronouns", "says_after_pronoun",
                   "says_before_pronoun", "source_phrases", "not_possessor_words", "possessive_pronouns", "articles",
                   "issuer_prepositions", "object_speaker_verbs", "dual_words", "group_openers",
                   "speech_noun_modifiers", "speech_noun_links", "turn_label_connectors", "turn_not_speakers",
                   "question_labels", "answer_labels", "interview_nouns", "interview_prepositions",
                   "interviewer_phrases", "scare_determiners", "work_preceding_words", "work_nouns",
                   "work_naming_verbs", "subject_leads", "auxiliaries")
# Lists of words matched as written that a user's file may leave out (then the shipped file's).
_OPTIONAL_AS_WRITTEN = ("person_honorifics",)
# Lists of "verb word" entries that a user's file may leave out (then the shipped file's, for the verbs it keeps):
# the entry, and what the word after the verb is.
_VERB_PAIRS = {"particle_verbs": ("particle", "point out"), "preposition_verbs": ("preposition", "call for")}
_OPTIONAL = (*_OPTIONAL_WORDS, *_OPTIONAL_AS_WRITTEN, "number_words", *_VERB_PAIRS)
_WORD_GROUPS = ("speech_verb_forms",)


@dataclass(frozen=True)
class Lexicons:
    """The word lists, each list of patterns joined into one regular expression."""

    aspects: dict[str, str]
    frames: dict[str, str]
    world_order_terms: dict[str, str]
    side_words: dict[str, str]
    term_short: dict[str, str]
    relationship_words: str
    pair_words: str
    trade_relationship_words: str
    meeting_words: str
    not_a_meeting: str
    meeting_count_words: str
    trade_words: str
    not_bilateral: str
    part_of_year: str
    sector_words: str
    forecast_words: str
    speech_nouns: str
    in_words: str
    honorifics: tuple[str, ...]
    title_words: frozenset[str]
    speech_verbs: tuple[str, ...]
    speech_verb_forms: dict[str, tuple[str, ...]]
    not_reporting: frozenset[str]
    object_cues: tuple[str, ...]
    speaker_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    not_name_words: frozenset[str]
    document_nouns: frozenset[str]
    title_nouns: frozenset[str]
    group_nouns: frozenset[str]
    people_nouns: frozenset[str]
    body_nouns: frozenset[str]
    person_nouns: frozenset[str]
    organisation_nouns: frozenset[str]
    share_nouns: frozenset[str]
    group_pronouns: frozenset[str]
    determiners: frozenset[str]
    particle_verbs: dict[str, str]  # a verb of saying -> the particle it reports only with ("point" -> "out")
    candidate_not_names: frozenset[str]
    name_particles: frozenset[str]
    says_pronouns: frozenset[str]
    says_after_pronoun: frozenset[str]
    says_before_pronoun: frozenset[str]
    source_phrases: frozenset[str]
    not_possessor_words: frozenset[str]
    possessive_pronouns: frozenset[str]
    articles: frozenset[str]
    issuer_prepositions: frozenset[str]
    object_speaker_verbs: frozenset[str]
    dual_words: frozenset[str]
    group_openers: frozenset[str]
    speech_noun_modifiers: frozenset[str]
    speech_noun_links: frozenset[str]
    turn_label_connectors: frozenset[str]
    turn_not_speakers: frozenset[str]
    question_labels: frozenset[str]
    answer_labels: frozenset[str]
    interview_nouns: frozenset[str]
    interview_prepositions: frozenset[str]
    interviewer_phrases: frozenset[str]
    scare_determiners: frozenset[str]
    work_preceding_words: frozenset[str]
    work_nouns: frozenset[str]
    work_naming_verbs: frozenset[str]
    subject_leads: frozenset[str]
    auxiliaries: frozenset[str]
    preposition_verbs: dict[str, str]  # a verb of saying -> the preposition before its content ("call" -> "for")
    person_honorifics: frozenset[str]
    number_words: dict[str, int]  # a word -> the number it names ("two" -> 2)
    digest: str

    def honorific_pattern(self) -> re.Pattern:
        """An honorific and the spaces after it, at the start of a name ("Mr. " in "Mr. Lavrov")."""
        return re.compile(r"^(?:" + "|".join(map(re.escape, self.honorifics)) + r")\s+")


def _patterns(value, where: str) -> str:
    if not isinstance(value, list) or not value or not all(isinstance(p, str) and p for p in value):
        raise ValueError(f"{where}: expected a list of patterns")
    joined = "|".join(value)
    try:
        re.compile(joined)
    except re.error as e:
        raise ValueError(f"{where}: bad pattern ({e})") from None
    return joined


def _mapping(value, where: str) -> dict:
    if not isinstance(value, dict) or not value:
        raise ValueError(f"{where}: expected a mapping")
    return value


def _words(value, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise ValueError(f"{where}: expected a list of words")
    return value


def _lower_words(value, where: str) -> tuple[str, ...]:
    """A list of words, lower-cased, each once, in the file's order."""
    return tuple(dict.fromkeys(w.strip().lower() for w in _words(value, where)))


def _speech_verb_forms(value, verbs: tuple[str, ...], where: str) -> dict[str, tuple[str, ...]]:
    """The irregular forms by verb; each verb must be one of `verbs`."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected a mapping of a verb to its forms")
    out = {}
    for verb, forms in value.items():
        key = str(verb).strip().lower()
        if key not in verbs:
            raise ValueError(f"{where}: {verb} is not in speech_verbs")
        out[key] = _lower_words(forms, f"{where}: {verb}")
    return out


def parse_lexicons(text: str, source: str = "<string>") -> Lexicons:
    """Parse lexicons YAML (safe loader) and check its shape; errors name the file and the entry."""
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as e:
        raise ValueError(f"{source}: not readable as YAML ({e})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected a mapping of word lists")
    missing = [k for k in (*_PATTERNS, *_GROUPS, *_LABELS, *_WORDS, *_LOWER_WORDS, *_WORD_GROUPS) if k not in data]
    if missing:
        raise ValueError(f"{source}: missing {', '.join(missing)}")
    digest = text_digest(text)
    absent = [k for k in _OPTIONAL if k not in data]
    if absent:  # an older or shorter file of the user's: the shipped entries fill in what it leaves out
        shipped_text = LEXICONS_FILE.read_text(encoding="utf-8")
        shipped = yaml.load(shipped_text, Loader=SAFE_LOADER)
        data = {**data, **{k: shipped.get(k) for k in absent}}
        verbs = {str(v).strip().lower() for v in data["speech_verbs"] or []}
        for k in _VERB_PAIRS:  # only for the verbs of saying the user's file keeps
            if k in absent:
                data[k] = [e for e in data[k] or [] if str(e).split()[0].lower() in verbs]
        digest = text_digest(text + shipped_text)
    fields: dict = {k: _patterns(data[k], f"{source}: {k}") for k in _PATTERNS}
    for k in _GROUPS:
        fields[k] = {str(name): _patterns(v, f"{source}: {k}: {name}")
                     for name, v in _mapping(data[k], f"{source}: {k}").items()}
    for k in _LABELS:
        fields[k] = {str(name): str(label) for name, label in _mapping(data[k], f"{source}: {k}").items()}
    for k in _WORDS:
        _words(data[k], f"{source}: {k}")
    fields["honorifics"] = tuple(data["honorifics"])
    fields["title_words"] = frozenset(data["title_words"])
    lower = {k: _lower_words(data[k], f"{source}: {k}") for k in _LOWER_WORDS}
    if not lower["speech_verbs"]:
        raise ValueError(f"{source}: speech_verbs: expected a list of words")
    fields["speech_verbs"], fields["object_cues"] = lower["speech_verbs"], lower["object_cues"]
    for k in ("not_reporting", "speaker_pronouns", "not_name_words"):
        fields[k] = frozenset(lower[k])
    for k in _OPTIONAL_WORDS:
        fields[k] = frozenset(_lower_words(data.get(k) or [], f"{source}: {k}"))
    for k in _OPTIONAL_AS_WRITTEN:
        fields[k] = frozenset(w.strip() for w in _words(data.get(k) or [], f"{source}: {k}"))
    fields["number_words"] = _number_words(data.get("number_words") or {}, f"{source}: number_words")
    for k, (what, example) in _VERB_PAIRS.items():
        fields[k] = _verb_pairs(data.get(k) or [], lower["speech_verbs"], f"{source}: {k}", what, example)
    fields["speech_verb_forms"] = _speech_verb_forms(data["speech_verb_forms"], lower["speech_verbs"],
                                                     f"{source}: speech_verb_forms")
    return Lexicons(**fields, digest=digest)


def _verb_pairs(entries, verbs: tuple[str, ...], where: str, what: str, example: str) -> dict[str, str]:
    """"verb word" entries ("point out": `what` is "particle") as {verb: word}; the verb must be one of `speech_verbs`."""
    if not isinstance(entries, list):
        raise ValueError(f"{where}: expected a list of 'verb {what}' entries")
    out = {}
    for entry in entries:
        words = str(entry).lower().split() if isinstance(entry, str) else []
        if len(words) != 2:
            raise ValueError(f"{where}: {entry!r}: expected a verb and its {what} ('{example}')")
        if words[0] not in verbs:
            raise ValueError(f"{where}: {entry!r}: {words[0]!r} is not one of speech_verbs")
        out[words[0]] = words[1]
    return out


def _number_words(value, where: str) -> dict[str, int]:
    """{word: number} entries ("two: 2"), the words lower-cased; each number a whole number."""
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected a mapping of a word to its number (two: 2)")
    out = {}
    for word, number in value.items():
        if not isinstance(word, str) or not word.strip() or isinstance(number, bool) or not isinstance(number, int):
            raise ValueError(f"{where}: {word!r}: expected a word and a whole number (two: 2)")
        out[word.strip().lower()] = number
    return out


def load_lexicons(path: str | Path | None = None) -> Lexicons:
    """Load the lexicons from YAML (the shipped one by default)."""
    return read_cached(parse_lexicons, path or LEXICONS_FILE)
