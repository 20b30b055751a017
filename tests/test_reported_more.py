"""Reported speech where the parse hangs what is said away from the verb of saying: a "that" clause
after a phrase ("said in a statement that ..."), an "as" clause of saying ("As X said, ..."), and a
sentence that opens with what is said. Sentences written for the test."""

from __future__ import annotations

import pytest


def reported(annotator, text: str) -> list[tuple[str | None, str]]:
    """(speaker, content) of each reported statement, in text order."""
    rows = annotator.annotate({"id": "r1", "title": None, "text": text, "date": "2023-03-01"})["statements"]
    return [(s["speaker"], s["text"]) for s in rows if s["kind"] == "indirect"]


@pytest.mark.parametrize("text", [
    "Anna Berg noted with satisfaction that the new ferry line had doubled the number of visitors.",
    "Anna Berg said on Monday with some relief that the new ferry line had doubled the number of visitors.",
])
def test_a_that_clause_after_a_phrase_is_what_the_verb_reports(annotator, text):
    assert reported(annotator, text) == [("Anna Berg", "the new ferry line had doubled the number of visitors")]


@pytest.mark.parametrize("text", [
    "Lena Holt responded to the news that the ferry would close with a short letter.",
    "Lena Holt answered to claims that the ferry was unsafe by showing the inspection report.",
])
def test_a_that_clause_of_what_was_answered_is_not_the_speakers(annotator, text):
    assert reported(annotator, text) == []


@pytest.mark.parametrize("text, content", [
    ("As Tomas Varga said, the ferry will run twice a day from June.", "the ferry will run twice a day from June"),
    ("The ferry will run twice a day from June, as Tomas Varga said.", "The ferry will run twice a day from June"),
])
def test_an_as_clause_of_saying_reports_the_clause_it_hangs_on(annotator, text, content):
    assert reported(annotator, text) == [("Tomas Varga", content)]


def test_an_as_clause_of_time_reports_nothing_of_the_clause_it_hangs_on(annotator):
    got = reported(annotator, "Ferry fares rose again in Lakeside as Tomas Varga announced the new timetable.")
    assert not any(content.startswith("Ferry fares") for _, content in got)


@pytest.mark.parametrize("text, content", [
    ("Still two ferries on the north route as the storm passes, harbour officials say",
     "Still two ferries on the north route as the storm passes"),
    ("Despite all difficulties the council was finding and would continue to find money for the ferries "
     "and the pier, Tomas Varga said.",
     "Despite all difficulties the council was finding and would continue to find money for the ferries "
     "and the pier"),
])
def test_a_sentence_that_opens_with_what_is_said_reports_it(annotator, text, content):
    got = reported(annotator, text)
    assert len(got) == 1 and got[0][1] == content


def test_a_point_made_reports_its_object(annotator):
    assert reported(annotator, "Lena Holt pointed out the need for a second ferry.") == [
        ("Lena Holt", "the need for a second ferry")]


def test_a_word_opening_the_sentence_is_no_part_of_the_speakers_name(annotator):
    assert reported(annotator, "As Bloomberg noted, the ferry will close in June.") == [
        ("Bloomberg", "the ferry will close in June")]


def test_a_clause_whose_subject_the_parse_takes_for_the_object_of_said(annotator):
    """"said chances for X, in which ..., were “not very good”": the parse hangs the clause's verb on
    "said" as a second verb after a comma; the content is the clause, beside the quotation."""
    text = ("The Kremlin has said chances for an extension of the river transit pact, in which Moscow lets "
            "Kyiv move fuel along the Danube through Romania, were “not very good”.")
    got = [(s, c[:40]) for s, c in reported(annotator, text)]
    assert got == [("Russia", "chances for an extension of the river tr")]


def test_a_relative_clause_of_saying_speaks_as_the_person_it_is_about(annotator):
    text = "Mara Solis, who said the harbour would reopen in May, left the meeting early."
    assert reported(annotator, text) == [("Mara Solis", "the harbour would reopen in May")]


def test_a_relative_clause_of_saying_about_an_unnamed_person_gives_no_speaker(annotator):
    assert reported(annotator, "Anyone who says the harbour will reopen in May is mistaken.") == []



@pytest.mark.parametrize("text, expected", [
    ("Voters were polled in May. Sixty-two percent of likely voters said the ferry fares were too high.",
     [("Sixty-two percent of likely voters", "the ferry fares were too high")]),
    ("Voters were polled in May. Nine in 10 island voters say they want a second ferry line.",
     [("Nine in 10 island voters", "they want a second ferry line")]),
])
def test_a_share_of_the_people_polled_speaks_as_written(annotator, text, expected):
    assert reported(annotator, text) == expected


@pytest.mark.parametrize("text", [
    "Actress Mara Quill spoke at the harbour on Sunday. The actress said she was tired of waiting for the ferry.",
    "Mara Quill, the independent candidate, spoke at the harbour on Sunday. The independent candidate said she was tired of "
    "waiting for the ferry.",
])
def test_the_and_a_noun_of_a_person_speaks_as_the_person_named_with_those_words(annotator, text):
    assert reported(annotator, text) == [("Mara Quill", "she was tired of waiting for the ferry")]


@pytest.mark.parametrize("text, speaker", [
    ("The Bellamy campaign held a rally in Dayton. On Monday the campaign said it expected to win the county.",
     "Bellamy campaign"),
    ("Mara Quill's campaign said it expected to win the county easily.", "Mara Quill"),
])
def test_the_and_a_noun_of_a_body_speaks_as_the_body_named_before(annotator, text, speaker):
    assert reported(annotator, text) == [(speaker, "it expected to win the county" + " easily" * ("Quill" in text))]


def test_a_call_for_someone_to_act_reports_the_whole_clause(annotator):
    assert reported(annotator, "Senator Ann Lee is calling for the harbour board to open a second ferry line.") == [
        ("Ann Lee", "the harbour board to open a second ferry line")]
