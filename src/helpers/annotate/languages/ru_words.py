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


def compound_part(word: str, irregular: dict[str, str]) -> str | None:
    """The adjective the first part of a compound adjective stands for, as a lemma, or None: a part
    listed in `irregular` ("франко" -> "французский"), else "-ско"/"-цко" read as "-ский"/"-цкий"
    ("российско" -> "российский") and another "-о" as "-ский" ("американо" -> "американский"),
    where the dictionary knows that adjective."""
    low = word.lower().replace("ё", "е")
    if low in irregular:
        return irregular[low]
    if len(low) < 4 or not low.endswith("о"):
        return None
    return _known_adjective(low[:-1] + "ий" if low.endswith(("ско", "цко")) else low[:-1] + "ский")


@lru_cache(maxsize=20_000)
def _known_adjective(word: str) -> str | None:
    """`word` where the dictionary knows it as a full adjective in its dictionary form, else None."""
    morph = _morph()
    if not morph.word_is_known(word):
        return None
    ok = any(p.tag.POS == "ADJF" and p.normal_form == word for p in morph.parse(word))
    return word if ok else None


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


# A run of capitalised words, initials allowed ("В.В. Путин", "Дмитрий Песков", "Си Цзиньпин").
CAPITALISED_RUN = re.compile(r"(?:[А-ЯЁ]\.\s?){0,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
                             r"(?:[ \t]+(?:[А-ЯЁ]\.\s?){0,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)*")
PERSON_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})


@lru_cache(maxsize=100_000)
def name_kind(word: str) -> str | None:
    """"PER" where pymorphy3 reads a capitalised word as a first name, surname or patronymic, "ORG"
    as an organisation's name, else None."""
    grammemes = set()
    for p in _morph().parse(word.lower()):
        grammemes |= set(p.tag.grammemes)
    if grammemes & PERSON_GRAMMEMES:
        return "PER"
    if "Orgn" in grammemes:
        return "ORG"
    return None


def dictionary_names(text: str) -> list[tuple[int, int, str]]:
    """People and organisations a text names, read from pymorphy3's dictionary of names: a run of
    capitalised words holding a first name, surname or patronymic is a person (a sentence's first
    word only where it is one itself)."""
    out = []
    for m in CAPITALISED_RUN.finditer(text):
        words = list(re.finditer(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?", m.group(0)))
        kinds = [name_kind(w.group(0)) for w in words]
        start = m.start()
        if kinds and kinds[0] is None and len(words) > 1 and re.search(r"(?:^|[.!?»]\s*)$", text[:m.start()]):
            start, words, kinds = m.start() + words[1].start(), words[1:], kinds[1:]  # a sentence's first word
        if "PER" in kinds:
            out.append((start, m.end(), "PER"))
        elif "ORG" in kinds:
            out.append((start, m.end(), "ORG"))
    return out
