"""Words of saying: the verbs and nouns that mark reported speech, found by their forms."""

from __future__ import annotations

import re
from functools import lru_cache

SPEECH_LEMMAS = {
    "say", "tell", "state", "stress", "highlight", "note", "add", "praise", "call", "describe",
    "declare", "emphasize", "emphasise", "underline", "underscore", "insist", "warn", "urge",
    "announce", "remark", "write", "ask", "reply", "answer", "explain", "argue", "claim",
    "accuse", "vow", "pledge", "promise", "hail", "welcome", "quote", "cite", "point",
    "according", "reiterate", "affirm", "assert", "comment", "acknowledge", "admit",
    "suggest", "propose", "predict", "recall", "repeat", "confirm", "deny", "respond", "express",
    "label", "dub", "term", "brand", "speak", "laud", "thank", "greet", "congratulate",
    "maintain", "concede", "conclude", "observe", "caution", "complain", "boast", "joke", "lament",
    "mention", "retort", "contend", "testify", "tweet", "post", "agree", "criticise",
    "criticize", "condemn", "slam", "blast", "demand", "voice",
    "encourage", "advise", "appeal", "plead", "remind", "hint",
}
PRONOUNS = {"he", "she", "him", "her", "his"}


def _speech_forms(lemmas: set[str]) -> set[str]:
    forms = set(lemmas) | {"said", "says", "told", "tells", "wrote", "writes", "written", "spoke", "speaks", "spoken",
                           "denied", "denies", "replied", "replies", "testified", "testifies", "criticised",
                           "criticized", "posted", "saying", "telling", "writing"}
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing", stem + "ing"}
        if lemma.endswith("y"):
            forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms



SPEECH_FORMS = _speech_forms(SPEECH_LEMMAS)


def is_speech_verb(tok) -> bool:
    """Whether a token is a verb of saying, by its form (the pipeline runs without a lemmatizer)."""
    return tok.lower_ in SPEECH_FORMS


_WORD = re.compile(r"\w+")


def has_speech_verb(s: str) -> bool:
    """Whether `s` holds a form of a verb of saying as a whole word (a set lookup, far cheaper than a
    regular expression alternating every form)."""
    return not SPEECH_FORMS.isdisjoint(_WORD.findall(s.lower()))


@lru_cache(maxsize=1)
def _speech_hashes() -> frozenset[int]:
    """The string hashes of SPEECH_FORMS (spaCy's hash of a string depends on the string alone)."""
    from spacy.strings import hash_string

    return frozenset(hash_string(f) for f in SPEECH_FORMS)


def speech_verbs(sdoc) -> list[int]:
    """The indexes of the tokens of `sdoc` that are verbs of saying (`is_speech_verb`), found once a parse."""
    if "multipolar_speech" not in sdoc.user_data:
        from spacy.attrs import LOWER

        hashes = _speech_hashes()
        sdoc.user_data["multipolar_speech"] = [i for i, h in enumerate(sdoc.to_array(LOWER).tolist()) if h in hashes]
    return sdoc.user_data["multipolar_speech"]


# "In Putin's words: ...": a quotation's speaker named before a colon.
IN_WORDS = re.compile(r"\b[Ii]n\s+(?P<who>.+?)['’]s?\s+words\s*:")


# "Javier Milei's premise of “...”", "Putin's words: “...”": a possessive and a noun of saying
# right before the quotation.
SPEECH_NOUNS = ("words|remarks?|comments?|claims?|promises?|pledges?|vows?|calls?|warnings?|premise|statements?|"
                "messages?|assertions?|insistence|arguments?|description|phrase|characteri[sz]ation|demands?|"
                "appeals?|pleas?|mantra|refrain|answer|reply|response|verdict|assessment|view|belief|question")
POSSESSIVE_SPEECH = re.compile(
    rf"(?P<who>\b(?:[A-Z][\w.’'-]*\s+){{0,3}}[A-Z][\w.’'-]*?|\b[Hh]is|\b[Hh]er)(?:['’]s?)?\s+"
    rf"(?:(?:own|latest|new|earlier|repeated|famous|oft-repeated)\s+)?(?:{SPEECH_NOUNS})"
    rf"(?:\s+(?:of|that|was|is|were|are))?\s*[:,]?\s*$")
