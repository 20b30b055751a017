"""The benchmark per language: slices of each language's files, the units of words, the table read against English."""

from __future__ import annotations

import argparse
import json

import pytest

from helpers.evaluate import bench


def write_jsonl(path, texts, language="es"):
    path.write_text("".join(json.dumps({"id": f"{path.stem}{k}", "language": language, "text": t}) + "\n"
                            for k, t in enumerate(texts)), encoding="utf-8")


def test_a_language_slice_takes_an_even_share_of_each_file(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_jsonl(a, [f"uno dos tres cuatro cinco {k}" for k in range(10)])   # six words a document
    write_jsonl(b, [f"seis siete ocho nueve diez {k}" for k in range(10)])
    got = bench.language_slice([a, b], 24, bench.count_words)
    assert [x["id"] for x in got] == ["a0", "a1", "b0", "b1"]


def test_what_a_short_file_lacks_is_taken_from_the_next(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_jsonl(a, ["uno dos tres cuatro cinco seis"])
    write_jsonl(b, [f"siete ocho nueve diez once doce {k}" for k in range(10)])   # seven words a document
    got = bench.language_slice([a, b], 30, bench.count_words)
    assert [x["id"] for x in got] == ["a0", "b0", "b1", "b2", "b3"]
    assert bench.count_words(got) == 6 + 4 * 7


def test_characters_leave_out_blanks_and_chinese_words_fall_back_to_them():
    articles = [{"title": "标题", "text": "中俄 关系\n稳定。"}]
    assert bench.characters(articles) == 2 + 2 + 2 + 3
    count, unit = bench.word_counter("zh", annotator=None)
    assert count(articles) == 9 and unit.startswith("characters")
    count, unit = bench.word_counter("es")
    assert count([{"title": "Un título", "text": "dos palabras"}]) == 4 and unit == "whitespace words"


def test_the_table_reads_each_language_against_english():
    rows = [{"language": "en", "docs": 10, "words": 100_000, "chars": 500_000, "seconds": 1.0, "unit": "whitespace words"},
            {"language": "ru", "docs": 5, "words": 20_000, "chars": 120_000, "seconds": 1.0, "unit": "whitespace words"},
            {"language": "zh", "docs": 3, "words": 50_000, "chars": 50_000, "seconds": 2.0, "unit": "characters"},
            {"language": "es", "missing": "es_press.jsonl"}]
    text = bench.language_text(rows)
    ru = next(line for line in text.splitlines() if line.startswith("ru "))
    zh = next(line for line in text.splitlines() if line.startswith("zh "))
    assert "20,000" in ru and " 0.20 " in ru
    assert "25,000" in zh and " 0.25 " in zh
    assert "es       absent (es_press.jsonl); skipped" in text
    assert text.splitlines()[-1].endswith("NOT met (ru)")


def test_no_share_without_english():
    text = bench.language_text([{"language": "ru", "docs": 1, "words": 10, "chars": 50, "seconds": 1.0,
                                 "unit": "whitespace words"}])
    assert "n/a" in text and "no share of English" in text


def test_languages_argument():
    assert bench._codes("ru, zh") == ["ru", "zh"]
    with pytest.raises(argparse.ArgumentTypeError, match="expected codes among en, ru, zh, es"):
        bench._codes("ru,fr")


def test_chinese_words_are_counted_as_the_annotators_chinese_room_counts_them():
    class Room:
        def word_count(self, text):
            return len([c for c in text if not c.isspace() and c not in "。"]) // 2   # written for the test

    class Annotator:
        def room_of(self, article):
            return Room() if article["language"] == "zh" else None

    count, unit = bench.word_counter("zh", Annotator())
    assert unit.startswith("words as the Chinese room counts them")
    assert count([{"title": "标题", "text": "中俄关系稳定。"}]) == 4
    assert bench.language_word_count(Annotator(), "es") is None
    assert bench.language_word_count(object(), "zh") is None
