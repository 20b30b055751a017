"""Russian: words matched on their lemmas (pymorphy3), names from natasha's recogniser."""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

from helpers.annotate.languages.base import Room, Token

WORD = re.compile(r"[А-Яа-яЁёA-Za-z0-9]+")


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """A Russian word's dictionary form, lower-cased ("Путиным" -> "путин"); other scripts lower-cased."""
    low = word.lower()
    if not re.search(r"[а-яё]", low):
        return low
    return _morph().parse(low)[0].normal_form.replace("ё", "е")


class RussianRoom(Room):
    """The Russian room (see `base.Room`)."""

    code = "ru"
    MONTHS = ("января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|"
              "январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре")
    DATE_RE = re.compile(rf"\b(?:(?P<d>\d{{1,2}})\s+)?(?P<mo>{MONTHS})(?:\s+(?P<y>\d{{4}})\s*(?:года|г\.)?)?(?!\w)"
                         , re.I)

    def tokens(self, text: str) -> list[Token]:
        """Words with their lemmas as keys."""
        return [Token(m.start(), m.end(), lemma(m.group(0))) for m in WORD.finditer(text)]

    def token_cue(self, tok: Token) -> str:
        return tok.key

    @cached_property
    def _ner(self):
        from natasha import NewsEmbedding, NewsNERTagger, Segmenter

        return Segmenter(), NewsNERTagger(NewsEmbedding())

    def names(self, text: str) -> list[tuple[int, int, str]]:
        """People and organisations natasha's recogniser finds."""
        from natasha import Doc

        segmenter, tagger = self._ner
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        return [(s.start, s.stop, s.type) for s in doc.spans if s.type in ("PER", "ORG")]
