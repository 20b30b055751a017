"""Names: the titles and honorifics before them, their fuller forms earlier in a text, spelled-out acronyms."""

from __future__ import annotations

import re
import unicodedata

from helpers.resources.lexicons import Lexicons


def _after_a_word(text: str, s: str) -> bool:
    """Whether `s` occurs in `text` after whitespace that follows a word's last character (a letter,
    digit, "_", "’", "'" or "-"): where "Vladimir Putin" may be written out before "Putin"."""
    i = text.find(s)
    while i != -1:
        j = i
        while j > 0 and text[j - 1].isspace():
            j -= 1
        if 0 < j < i and (text[j - 1].isalnum() or text[j - 1] in "_’'-"):
            return True
        i = text.find(s, i + 1)
    return False


def same_person_key(name: str) -> str:
    """A key two spellings of one person's name share: the last word, lower-cased, without accents
    ("Recep Tayyip Erdoğan", "Erdogan")."""
    last = name.split()[-1] if name.split() else name
    return unicodedata.normalize("NFKD", last.lower()).encode("ascii", "ignore").decode()


def expand_acronym(name: str, text: str) -> str:
    """The spelled-out name of an acronym the text also gives in full ("LSE": "London Stock Exchange")."""
    letters = name.replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isalpha() and " " not in name):
        return name
    words = r"(?:[A-Z][\w&'-]*)"
    pattern = rf"\b{words}(?:\s+(?:of|and|the|for|&)?\s*{words}){{{len(letters) - 1},{len(letters) + 2}}}"
    for m in re.finditer(pattern, text):
        caps = [w for w in m.group(0).split() if w[:1].isupper()]
        for i in range(len(caps) - len(letters) + 1):
            cand = caps[i:i + len(letters)]
            if "".join(w[0] for w in cand).upper() == letters.upper():
                start = m.group(0).index(cand[0])
                end = m.group(0).index(cand[-1], start) + len(cand[-1])
                return m.group(0)[start:end]
    return name


_POSSESSIVE_END = re.compile(r"(?<=\w)['’]s?$")


class NameForms:
    """Names as the lexicons' honorifics and title words shape them."""

    def __init__(self, lexicons: Lexicons):
        self.honorific = lexicons.honorific_pattern()
        self.title_words = lexicons.title_words
        self.person_honorifics = lexicons.person_honorifics
        self.not_names = lexicons.candidate_not_names
        # A person's name opening a sentence ("Anna Berg, the mayor, ..."; "Mr Lee said"): two
        # capitalised words or more, after an honorific at most.
        honorific = rf"(?:(?:{'|'.join(map(re.escape, lexicons.honorifics))})[^\S\n]+)?" if lexicons.honorifics else ""
        self.opening_name = re.compile(rf"\s*(?P<name>{honorific}[A-Z][a-z’'-]+"
                                       rf"(?:[^\S\n]+[A-Z][a-z’'-]+)+)(?=[\s,])")

    def named_person(self, ent) -> bool:
        """A PERSON entity reliable enough to be an antecedent: two words or more, or after one of
        `person_honorifics` ("Mr Lee")."""
        if ent.label_ != "PERSON":
            return False
        before = ent.doc[ent.start - 1].text if ent.start > 0 else ""
        return len(ent) >= 2 or before in self.person_honorifics

    def bare(self, name: str) -> str:
        """A name without the honorific it starts with ("Mr Putin" -> "Putin") nor a possessive ending ("Lee’s")."""
        return _POSSESSIVE_END.sub("", self.honorific.sub("", name))

    def strip_titles(self, name: str) -> str:
        """A name without the titles before it ("Senators Ann Fry" -> "Ann Fry"); the name itself if nothing is left."""
        words = name.split()
        while len(words) > 1 and words[0].rstrip(".") in self.title_words:
            words = words[1:]
        return " ".join(words)

    def fullest(self, name: str, text: str, before: int) -> str:
        """The fuller form of a one-word name in `text` ("Tony Blair" for "Blair"), its words on one line: of the
        longer forms, the one the text uses most ("Donald Trump" counted in "Republican Donald Trump"
        too, ahead of a "Melania Trump" named once), the longest of those used as often."""
        name = self.strip_titles(name)
        if len(name.split()) > 1:  # a full name already: a longer form adds a word before it ("Rival Ann Lee")
            return name
        surname = name.split()[-1] if name.split() else name
        if surname and not _after_a_word(text, surname):  # no longer form: spare compiling the expression
            return name
        # Words of one line: a title above the body ("Talks in Beijing" / "Vladimir Putin met ...") is not part of a name.
        # A word that opens a sentence and names no one ("As Bloomberg noted") is no part of it.
        found = [self._from_name(self.strip_titles(m.group(0)).split())
                 for m in re.finditer(rf"\b(?:[A-Z][\w’'-]+[^\S\n]+){{1,3}}{re.escape(surname)}\b", text)]
        longer = {tuple(f[i:]) for f in found for i in range(len(f) - 1) if len(" ".join(f[i:])) > len(name)}
        if not longer:
            return name
        uses = {c: sum(tuple(f[-len(c):]) == c for f in found) for c in longer}
        return " ".join(max(longer, key=lambda c: (uses[c], len(" ".join(c)), c)))

    def _from_name(self, words: list[str]) -> list[str]:
        """`words` without the words before a name that name no one (`candidate_not_names`: "As", "But")."""
        while len(words) > 1 and words[0].lower() in self.not_names:
            words = words[1:]
        return words
