"""Rooms of the annotate stage for languages other than English, chosen per document by its `language`.

Each room reads its language with its own tokens, recogniser and pack of words
(`resources/data/languages/<code>.yaml`) and yields the same tables as the English pipeline.
"""

from __future__ import annotations

from importlib import import_module

from helpers.annotate.languages.base import Room  # noqa: F401
from helpers.load import language_code as _code
from helpers.resources.kb import KnowledgeBase
from helpers.resources.languages import LanguagePack

# Language code -> the module and class of its room.
ROOMS = {"ru": ("helpers.annotate.languages.ru", "RussianRoom"),
         "zh": ("helpers.annotate.languages.zh", "ChineseRoom"),
         "es": ("helpers.annotate.languages.es", "SpanishRoom")}


def language_code(value: str | None) -> str:
    """The two-letter code of a document's language field ("zh-CN" -> "zh"); English when unknown."""
    return _code(value) or "en"


def room_for(code: str, kb: KnowledgeBase, pack: LanguagePack) -> Room:
    """The room that annotates language `code` with `kb` and its `pack`."""
    module, name = ROOMS[code]
    return getattr(import_module(module), name)(kb, pack)
