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
    "Beijing provided Russia with dual-use aid, officials say",
    "China assured it won't send weapons to Russia",
    "Russia and China strengthen ties",
    "Trade between Russia and China hits a record",
    "China's top diplomat heads to Moscow",
])
def test_related_sides_give_the_alignment_theme(ann, title):
    assert alignment(annotate(ann, title))


@pytest.mark.parametrize("title", [
    "Canada bans Chinese WeChat, Russian Kaspersky apps on government devices",
    "Blinken heads to Asia, with China, Russia tensions soaring",
    "Ukraine blows up main railway connection between Russia and China",
    "Kamila Valieva helped Russia win gold at the 2022 Beijing Olympics",
])
def test_both_named_without_a_relation_is_not_alignment(ann, title):
    assert not alignment(annotate(ann, title))


def test_cue_after_the_sentence_end_does_not_relate_the_sides(ann):
    tables = annotate(ann, "Kazakhstan holds its own against Moscow, Beijing",
                      "More Western interest helps strengthen the agency of Central Asian countries.")
    assert not alignment(tables)


def test_a_title_relating_the_sides_is_relevant_even_among_other_actors(ann):
    tables = annotate(ann, "Blinken says China assured it won't send weapons to Russia",
                      "Secretary of State Antony Blinken spoke in Washington, with Germany and the United States "
                      "officials beside him.")
    assert alignment(tables) and is_relevant(tables)


def test_a_roundup_that_names_both_in_passing_is_not_relevant(ann):
    tables = annotate(ann, "Canada bans Chinese WeChat, Russian Kaspersky apps on government devices",
                      "The ban follows similar moves in the United States.")
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
