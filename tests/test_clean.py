"""Cleaning: glued words repaired, real words left whole, offsets map back to raw text."""

from __future__ import annotations

import json
import random
import re

import pytest

from helpers.load.clean import OffsetMap, clean, split_glued
from conftest import SEED_FILE


@pytest.mark.parametrize("glued,expected", [("Putinthe", "Putin the"), ("USAthey", "USA they"),
                                            ("tradewhich", "trade which")])
def test_seed_glued_words_split(glued, expected):
    text, _ = clean(SEED_FILE.read_text(encoding="utf-8"))
    assert expected in text
    assert glued not in text


@pytest.mark.parametrize("word", ["breathe", "clothe", "Athens", "without", "somewhere", "Kazakhstan", "together",
                                  "Beijing", "throughout", "bandwith"])
def test_real_words_not_split(word):
    assert split_glued(word) is None


INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufeff\u200b\u200c\u200d\u2060\u00ad]")


def _check_map(raw: str) -> None:
    text, omap = clean(raw)
    restored = OffsetMap.from_json(omap.to_json())
    for m in re.finditer(r"\w+", text):
        rs, re_ = restored.span_to_raw(m.start(), m.end())
        # The raw span holds the word, plus any invisible characters that cleaning dropped.
        assert INVISIBLE.sub("", raw[rs:re_]) == m.group(), (m.group(), raw[rs:re_])
    starts = [restored.to_raw(i) for i in range(len(text) + 1)]
    assert starts == sorted(starts)


def test_offsets_map_words_back_to_raw():
    _check_map(SEED_FILE.read_text(encoding="utf-8"))
    _check_map("A\r\nB  C\t\tD\x00E\ufeffF USAthey tradewhich \u00a0 end\r")


def test_offsets_random_text():
    rng = random.Random(7)
    alphabet = ["a", "b", " ", "  ", "\t", "\r\n", "\n", "\x00", "\ufeff", "Putinthe", "é", "“", "\u200b"]
    for _ in range(200):
        _check_map("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))))


@pytest.mark.corpus
def test_kremlin_no_known_word_split(kremlin_file):
    """Over every Kremlin document, no split token is a word a standard English word list knows."""
    from english_words import get_english_words_set

    known = get_english_words_set(["web2", "gcide"], lower=True)
    split_words = []
    docs = 0
    with open(kremlin_file, encoding="utf-8") as f:
        for line in f:
            raw = json.loads(line)["text"]
            docs += 1
            _, omap = clean(raw)
            for cs, rs, cl, rl in omap.runs:
                if cl == 1 and rl == 0:  # an inserted space: a split
                    left = re.search(r"[A-Za-z]+$", raw[:rs]).group()
                    right = re.match(r"[A-Za-z]+", raw[rs:]).group()
                    if (left + right).lower() in known:
                        split_words.append(left + right)
    assert docs > 7000
    assert split_words == []
