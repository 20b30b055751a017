"""Who said a quotation: rules beyond the plain "X said", on sentences written for the test."""

from __future__ import annotations

import pytest

from helpers.annotate import Annotator, find_quotes


@pytest.fixture(scope="module")
def ann():
    return Annotator()


def speakers(ann, text, title=None):
    tables = ann.annotate({"id": "a1", "title": title, "text": text, "date": "2023-03-01"})
    return {s["text"]: s["speaker"] for s in tables["statements"]}


def test_possessive_and_a_noun_of_saying(ann):
    got = speakers(ann, "Maria Lopez's pledge of “a fair deal for farmers” won the vote in the valley.")
    assert got["a fair deal for farmers"] == "Maria Lopez"


def test_possessive_of_a_known_actor(ann):
    got = speakers(ann, "Vladimir Putin's words: “We will not leave our partners.” The hall applauded.")
    assert got["We will not leave our partners"] == "Vladimir Putin"


def test_headline_verb_tagged_as_a_noun_after_a_person(ann):
    got = speakers(ann, "The talks ran late into the evening.", title="Lavrov lauds 'reliable neighbour' Kazakhstan in Astana")
    assert got["reliable neighbour"] == "Sergey Lavrov"


def test_coordinated_speakers_and_a_second_verb_of_saying(ann):
    got = speakers(ann, "Senators Ann Fry and Bob Lake argued that the flood had cost the towns dearly, and agreed "
                        "that a new dam was \"long overdue.\"")
    assert got["long overdue"] == "Ann Fry and Bob Lake"


def test_a_short_name_spelled_out_earlier(ann):
    got = speakers(ann, "The strike closed Northern Harbour Ferries for a week. Nhf said the walkout was "
                        "\"costly for everyone\" and would talk again.")
    assert got["costly for everyone"] == "Northern Harbour Ferries"


def test_a_determined_short_quotation_in_a_title_is_a_label(ann):
    got = speakers(ann, "Analyst Jo Dane says the plan is vague and leaves the main questions open.",
                   title="How the council's 'green corridor' divides the suburbs")
    assert got["green corridor"] is None


def test_a_title_quotation_without_a_determiner_goes_to_the_text_speaker(ann):
    got = speakers(ann, "Analyst Jo Dane says the plan is vague and leaves the main questions open.",
                   title="Analyst: plan 'vague' on main questions")
    assert got["vague"] is not None


def test_curly_opening_mark_closed_by_a_straight_one():
    text = "He warned of “grave risks\" to the region. “We are ready,” Jo Dane said."
    quotes, unbalanced = find_quotes(text)
    assert [text[q.start:q.end] for q in quotes] == ["grave risks", "We are ready,"]
    assert not unbalanced
