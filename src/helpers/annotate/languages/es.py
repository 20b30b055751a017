"""Spanish: words matched as written; names as runs of capitalised words that are not common words."""

from __future__ import annotations

import re
from functools import lru_cache

from helpers.annotate.languages.base import Room, Token

WORD = re.compile(r"\w+(?:[.'’-]\w+)*")
# A short or dotted acronym, matched in capitals only ("UE" the Union, not "ue"; "EE.UU"); longer
# ones are words ("OTAN", "Otan").
ACRONYM = re.compile(r"[A-ZÁÉÍÓÚÑ]{1,2}|[A-ZÁÉÍÓÚÑ]{1,4}(?:\.[A-ZÁÉÍÓÚÑ]{1,4})+")
# A run of capitalised words, joined by the particles of Spanish names ("Luiz Inácio Lula da Silva").
NAME_RUN = re.compile(r"(?<![\w.])[A-ZÁÉÍÓÚÑÜ][\w'’-]+(?:[ \t]+(?:(?:de|del|la|da|van|von)[ \t]+)?[A-ZÁÉÍÓÚÑÜ][\w'’-]+)*")
# Zipf frequency (wordfreq) from which a capitalised word alone is a common Spanish word rather than
# a name, and from which a word opening a run of capitalised words is a function word ("Según").
COMMON_ZIPF = 4.0
FUNCTION_ZIPF = 5.0


@lru_cache(maxsize=100_000)
def zipf(word: str) -> float:
    """How common a word is in Spanish (wordfreq's Zipf scale), lower-cased."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "es")


class SpanishRoom(Room):
    """The Spanish room (see `base.Room`)."""

    code = "es"
    MONTHS = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
    DATE_RE = re.compile(rf"\b(?:(?P<d>\d{{1,2}})\s+de\s+)?(?P<mo>{MONTHS})(?:\s+(?:de|del)\s+(?P<y>\d{{4}}))?\b",
                         re.I)
    THOUSANDS, DECIMAL = ".", ","
    UNIT_JOIN = r"\s?(?:de\s+)?"  # "200.000 millones de dólares"
    CONTENT_NEEDS_LEAD = True  # "dijo que …", "afirmó: …"

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
        for m in NAME_RUN.finditer(text):
            words = list(re.finditer(r"\S+", m.group(0)))
            while words and zipf(words[0].group(0)) >= FUNCTION_ZIPF:
                words.pop(0)
            if not words or (len(words) == 1 and zipf(words[0].group(0)) >= COMMON_ZIPF):
                continue
            s, e = m.start() + words[0].start(), m.start() + words[-1].end()
            if len(words) == 1 and (s == 0 or re.search(r"[.!?¿¡«“\"]\s*$", text[:s])):
                continue  # a capitalised word opening a sentence
            # One word alone may be a surname or a place: a speaker only where no person is named.
            out.append((s, e, "PER" if len(words) > 1 else "NAME"))
        return out
