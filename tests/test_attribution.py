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


def test_an_opening_mark_typed_for_the_closing_one():
    """“...“ followed by a space: the second mark closes the first quotation, which ends there (it does not
    run on over the next sentence); spaced marks around a quotation (“ a word ”) still pair as written."""
    text = ("Jo Dane thanked “the crew for their patient work (at sea) “ after the rescue. "
            "The council said it would review the “ safety rules ” soon. Ann Lee called the plan “useful”.")
    quotes, unbalanced = find_quotes(text)
    assert [text[q.start:q.end] for q in quotes] == ["the crew for their patient work (at sea) ", " safety rules ",
                                                     "useful"]
    assert not unbalanced


NEWS = "Harbour news"


def test_a_pronoun_stands_for_the_subject_before_it_not_a_person_it_names(ann):
    got = speakers(ann, "Council member Ada Varga says Tomas Ekberg misled the voters. She says the voters need "
                        "“facts, not lectures.”", title=NEWS)
    assert got["facts, not lectures"] == "Ada Varga"


def test_a_pronoun_after_a_sentence_opened_by_a_surname_named_in_full_before(ann):
    got = speakers(ann, "Chris Dole leads the harbour group.\n\nDole says Tomas Ekberg is trying to distract voters. "
                        "He says the harbour needs “work, not speeches.”", title=NEWS)
    assert got["work, not speeches"] == "Chris Dole"


def test_a_participle_of_saying_names_whom_it_was_said_to(ann):
    got = speakers(ann, "Mark Olsen praised the new budget on Monday. Later, Olsen thanked the mayor, telling the "
                        "Herald, “We have done our work well.”", title=NEWS)
    assert got["We have done our work well"] == "Mark Olsen"


def test_a_short_sentence_of_saying_after_a_quotation_ending_its_own(ann):
    got = speakers(ann, "Tom Berg reached the final. “It was a hard game!” he wrote on Sunday.\n\n"
                        "“We won!” shouted Nora Falk.", title=NEWS)
    assert got["It was a hard game!"] == "Tom Berg"
    assert got["We won!"] == "Nora Falk"


def test_a_sentence_after_a_quotation_that_says_more_is_no_tail(ann):
    got = speakers(ann, "The vote was close. “The rate stays.” Ewa Nowak said the board agreed.", title=NEWS)
    assert got["The rate stays"] is None


def test_a_paragraph_ending_with_a_colon_introduces_the_quotation(ann):
    got = speakers(ann, "The board met on Monday.\n\nDr. Ida Ward stated:\n\n“The plan is not about justice anymore.”"
                        "\n\nWhen the mayor died, Governor Ann Holt released the following statement:\n\n"
                        "“We offer our condolences to the family.”", title=NEWS)
    assert got["The plan is not about justice anymore"] == "Ida Ward"
    assert got["We offer our condolences to the family"] == "Ann Holt"


def test_a_verb_that_characterises_words_gives_them_their_speaker(ann):
    got = speakers(ann, "Anna Berg dismissed the report as “plainly absurd.” Leo Brandt mocked his rival for "
                        "“having a bad night.”", title=NEWS)
    assert got["plainly absurd"] == "Anna Berg"
    assert got["having a bad night"] == "Leo Brandt"


def test_a_capitalised_office_word_alone_is_a_surname(ann):
    got = speakers(ann, "Jo King won three titles in the 1990s. Mia Lund coached her. King says the club "
                        "“never gave up.”", title=NEWS)
    assert got["never gave up"] == "Jo King"


def test_a_surname_takes_the_full_form_the_text_uses_most():
    from helpers.annotate.names import NameForms
    from helpers.resources.lexicons import load_lexicons

    names = NameForms(load_lexicons())
    text = "Senator Paul Okafor spoke. His sister Grace Okafor smiled. Paul Okafor left. Okafor said"
    assert names.fullest("Okafor", text, len(text) - 10) == "Paul Okafor"
    assert names.fullest("Paul Okafor", "Rival Paul Okafor won. Paul Okafor said", 20) == "Paul Okafor"


def test_a_name_has_no_possessive_ending():
    from helpers.annotate.names import NameForms
    from helpers.resources.lexicons import load_lexicons

    names = NameForms(load_lexicons())
    assert names.bare("Mr Paul Okafor’s") == "Paul Okafor"
    assert names.bare("Ida Wells'") == "Ida Wells"
    assert names.bare("Charles") == "Charles"
