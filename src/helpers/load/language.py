"""The language of a text: its detection, its code and name, and its length in words."""

from __future__ import annotations

import re
from functools import lru_cache

# Language identification (py3langid): a language is reported only when the model is this sure
# of it, on at least this many letters of the title and the start of the text.
LANGUAGE_CONFIDENCE = 0.9
LANGUAGE_MIN_LETTERS = 60
LANGUAGE_SAMPLE = 1000
LANGUAGE_NAMES = {
    "ar": "Arabic", "be": "Belarusian", "bg": "Bulgarian", "cs": "Czech", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "es": "Spanish", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese",
    "kk": "Kazakh", "ko": "Korean", "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sr": "Serbian", "sv": "Swedish", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
}


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


# English function words: a text where they make up a fifth of the words is English, without
# asking the language identifier (which costs about a millisecond a document).
ENGLISH_WORDS = frozenset("the of and to in a is that for on with as was by it at from be are has have this "
                          "its an not will said were which or but their his he they after".split())
_LETTER = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[a-z]+")
_HAN = re.compile(r"[\u3400-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
# Chinese characters from which a text is taken as Chinese (each carries a word or half of one).
LANGUAGE_MIN_HAN = 15
_NOT_ASCII_LETTER = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language `text` is written in, or None when unsure or too short."""
    sample = text[:LANGUAGE_SAMPLE]
    han = len(_HAN.findall(sample))
    if han >= LANGUAGE_MIN_HAN and han >= len(_LETTER.findall(sample)) / 2 and not _KANA.search(sample):
        return "zh"  # Chinese characters with no Japanese kana: a short text is enough to tell
    ascii_letters = len(sample.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTER))
    if ascii_letters < LANGUAGE_MIN_LETTERS and len(_LETTER.findall(sample)) < LANGUAGE_MIN_LETTERS:
        return None
    words = _WORDS.findall(sample.lower())
    if len(words) >= 8 and sum(map(ENGLISH_WORDS.__contains__, words)) >= len(words) / 5:
        return "en"
    lang, prob = _language_identifier().classify(sample)
    return lang if prob >= LANGUAGE_CONFIDENCE else None


def language_name(code: str) -> str:
    """A language's English name ("Polish" for "pl"), or the code itself."""
    return LANGUAGE_NAMES.get(code, code)


# Spellings of English that are not its two-letter code.
ENGLISH_SPELLINGS = ("eng", "english")
# Characters of scripts written without spaces between words (Han, kana): two count as a word.
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_WORDLIKE = re.compile(r"\w")


def language_code(value) -> str | None:
    """A language field read as its two-letter code ("zh-CN" -> "zh", "en_GB" and "English" -> "en"),
    or None when empty."""
    if value is None:
        return None
    code = re.split(r"[-_]", str(value).strip().lower())[0]
    if code in ENGLISH_SPELLINGS:
        return "en"
    return code or None


def count_words(text) -> int:
    """Words in `text`: runs between spaces; in Chinese or Japanese (written without spaces), two
    characters a word (a Chinese word is about two characters), punctuation ("，", "。") no word."""
    if not isinstance(text, str) or not text:
        return 0
    unspaced = len(UNSPACED.findall(text))
    if not unspaced:
        return len(text.split())
    return (unspaced + 1) // 2 + sum(1 for token in UNSPACED.sub(" ", text).split() if _WORDLIKE.search(token))
