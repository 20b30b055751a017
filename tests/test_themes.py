"""The codebook's actor-pair rule and the relevance decision, on sentences written for the test."""

import pytest

from helpers.annotate import default_annotator, is_relevant
from helpers.resources.codebook import parse_codebook


@pytest.fixture(scope="module")
def ann():
    return default_annotator()


def annotate(ann, title, text=""):
    return ann.annotate({"id": "t1", "title": title, "text": text or "No further detail.", "date": "2023-03-01"})


def alignment(tables) -> bool:
    return any(t["theme"] == "china_russia_alignment" and t["present"] for t in tables["doc_themes"])


@pytest.mark.parametrize("title", [
    "Beijing quietly sends drones to Russia, officials say",
    "China pledges to help Russia with fuel this winter",
    "Russia and China deepen ties",
    "Freight trade between Russia and China doubles",
    "China's foreign minister travels to Moscow",
    "Analysts weigh China's stake in its Russia ties",           # the relationship word after the later side
    "Investors question Beijing's bet on a Moscow partnership",
])
def test_related_sides_give_the_alignment_theme(ann, title):
    assert alignment(annotate(ann, title))


@pytest.mark.parametrize("title", [
    "Norway bars Chinese, Russian apps on state laptops",
    "Envoy tours Asia as tensions with China and Russia rise",
    "A storm cut the railway linking Russia and China",
    "A Russian skater won gold at the Beijing Winter Games",
])
def test_both_named_without_a_relation_is_not_alignment(ann, title):
    assert not alignment(annotate(ann, title))


def test_cue_after_the_sentence_end_does_not_relate_the_sides(ann):
    tables = annotate(ann, "Mongolia balances Moscow, Beijing",
                      "Closer ties with Japan strengthen its hand.")
    assert not alignment(tables)


def test_a_document_about_the_two_sides_is_relevant(ann):
    tables = annotate(ann, "Russia and China deepen ties",
                      "Beijing and Moscow signed agreements on energy and trade during the visit.")
    assert alignment(tables) and is_relevant(tables)


def test_a_roundup_that_names_both_in_passing_is_not_relevant(ann):
    tables = annotate(ann, "Norway bars Chinese, Russian apps on state laptops",
                      "The ban follows similar moves in the United States, Germany and Canada.")
    assert not is_relevant(tables)


def test_pair_cues_must_be_a_list_of_words():
    bad = """
themes:
  a:
    terms: [x]
    pairs:
      - {first: [China], second: [Russia], cues: "ties"}
"""
    with pytest.raises(ValueError, match="cues"):
        parse_codebook(bad, "bad.yaml")


def test_follow_words_relate_the_sides_only_right_after_the_later_one():
    cb = parse_codebook("""
themes:
  a:
    terms: [x]
    pairs:
      - {label: "C + R", first: [China], second: [Russia], weight: 2, cues: [aid], follow: [ties]}
""")
    theme = cb.themes["a"]
    assert theme.score("China reviews Russia ties", [(0, 5, "China"), (14, 20, "Russia")]) == (2.0, ["C + R"])
    assert theme.score("China reviews Russia's ties", [(0, 5, "China"), (14, 20, "Russia")]) == (0.0, [])
    assert theme.score("Russia ties worry China", [(0, 6, "Russia"), (18, 23, "China")]) == (0.0, [])
    without = parse_codebook("""
themes:
  a:
    terms: [x]
    pairs:
      - {first: [China], second: [Russia], cues: [aid]}
""").themes["a"]
    assert without.score("China reviews Russia ties", [(0, 5, "China"), (14, 20, "Russia")]) == (0.0, [])


def test_follow_words_need_cues_and_a_list():
    for pair in ('{first: [China], second: [Russia], follow: [ties]}',
                 '{first: [China], second: [Russia], cues: [aid], follow: "ties"}'):
        with pytest.raises(ValueError, match="follow"):
            parse_codebook(f"themes:\n  a:\n    terms: [x]\n    pairs:\n      - {pair}\n", "bad.yaml")


def test_pairs_without_cues_count_any_co_mention():
    cb = parse_codebook("""
themes:
  a:
    terms: [x]
    pairs:
      - {label: "China + Russia", first: [China], second: [Russia], weight: 2}
""")
    theme = cb.themes["a"]
    assert theme.score("China and Russia", [(0, 5, "China"), (10, 16, "Russia")]) == (2.0, ["China + Russia"])
    assert theme.score("China and Russia", {"China", "Russia"}) == (2.0, ["China + Russia"])
