"""Russian words: lemmas, grammatical tags and cases (pymorphy3), shared by the Russian room's parts."""

from __future__ import annotations

import re
from functools import lru_cache

from helpers.annotate.languages.base import Token

WORD = re.compile(r"[А-Яа-яЁёA-Za-z0-9]+")
# Grammemes of proper names.
PROPER = frozenset({"Surn", "Name", "Patr", "Geox", "Orgn"})


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """A Russian word's dictionary form, lower-cased ("Путиным" -> "путин"), a capitalised word read as a
    name where it can be one; other scripts lower-cased."""
    low = word.lower()
    if not re.search(r"[а-яё]", low):
        return low
    parses = _morph().parse(low)
    if word[:1].isupper():  # a capitalised word is read as a name where it can be one ("Пескова", not "песок")
        parses = [p for p in parses if PROPER & p.tag.grammemes] or parses
    return parses[0].normal_form.replace("ё", "е")


@lru_cache(maxsize=20_000)
def _tokens(text: str) -> tuple[Token, ...]:
    """The words of `text` with their lemmas."""
    return tuple(Token(m.start(), m.end(), lemma(m.group(0))) for m in WORD.finditer(text))


@lru_cache(maxsize=50_000)
def _tags(word: str) -> tuple[str, ...]:
    """The grammatical tags pymorphy3 gives a word, most likely first."""
    return tuple(str(p.tag) for p in _morph().parse(word.lower()))


def can_be_nominative(word: str) -> bool:
    """Whether a word may be in the nominative case (words outside Cyrillic and indeclinables may)."""
    if not re.search(r"[а-яё]", word.lower()):
        return True
    return any("nomn" in t or "Fixd" in t for t in _tags(word))


def is_preposition(word: str) -> bool:
    """Whether a word is a preposition ("в", "на", "по")."""
    return bool(re.search(r"[а-яё]", word.lower())) and _tags(word)[0].startswith("PREP")


@lru_cache(maxsize=20_000)
def nominative(phrase: str, keep_case: bool = False) -> str:
    """A noun phrase in the nominative case, number kept ("российских экспертов" -> "российские эксперты";
    with `keep_case`, "Независимой газете" -> "Независимая газета")."""
    out = []
    for w in phrase.split():
        p = _morph().parse(w.lower())[0]
        form = p.inflect({"nomn"}) if p.tag.POS in ("NOUN", "ADJF", "PRTF") and "Fixd" not in p.tag else None
        word = form.word if form else w
        if keep_case and form and w[:1].isupper():
            word = w if w.isupper() else word[:1].upper() + word[1:]
        out.append(word)
    return " ".join(out)
