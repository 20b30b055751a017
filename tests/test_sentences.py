"""The English sentence splitter: abbreviations, party and state labels, and a standfirst run into
the first sentence of a news item."""

import pytest

from helpers.annotate.models import fast_pipeline
from helpers.annotate.sentences import sentences, sentences_of


@pytest.fixture(scope="module")
def nlp():
    return fast_pipeline()


def split(nlp, text):
    return [text[s.start_char:s.end_char] for s in sentences(nlp(text), text)]


def test_a_party_and_state_label_ends_no_sentence(nlp):
    text = "Sen. Anna Berg (D-Ore.) said on Tuesday that the bill failed. Rep. Tom Lind (I-Vt.) agreed with her."
    assert split(nlp, text) == ["Sen. Anna Berg (D-Ore.) said on Tuesday that the bill failed.",
                                "Rep. Tom Lind (I-Vt.) agreed with her."]


def test_a_title_before_a_name_ends_no_sentence(nlp):
    text = "The report was signed by Lt. Col. Mara Voss and Sgt. Ivo Kern. It was sent on Monday."
    assert split(nlp, text) == ["The report was signed by Lt. Col. Mara Voss and Sgt. Ivo Kern.", "It was sent on Monday."]


def test_an_abbreviation_ends_a_sentence_only_before_a_capital(nlp):
    text = "The bill is No. 4 on the list, with taxes, fees etc. still open. They met on Main St. and more etc. Then they left."
    assert split(nlp, text) == ["The bill is No. 4 on the list, with taxes, fees etc. still open.",
                                "They met on Main St. and more etc.", "Then they left."]


def test_a_parenthesis_that_is_a_sentence_stays_one(nlp):
    text = "He is a good actor. (Laughter.) I am serious."
    assert split(nlp, text)[-1] == "I am serious."


def test_a_standfirst_run_into_the_first_sentence_is_split(nlp):
    text = ("Port strike talks stall\n\nDockers reject the latest offer over pay and hours The union said on Friday "
            "that its members would walk out. The talks resume in the film The Harbour next week.")
    assert split(nlp, text) == ["Port strike talks stall\n\n", "Dockers reject the latest offer over pay and hours",
                                "The union said on Friday that its members would walk out.",
                                "The talks resume in the film The Harbour next week."]


def test_a_name_or_title_after_its_noun_is_not_split(nlp):
    text = "Ministers met\n\nThe minister told The Harbour Times that he gave an interview to the newspaper The Daily Post."
    assert split(nlp, text) == ["Ministers met\n\n",
                                "The minister told The Harbour Times that he gave an interview to the newspaper The Daily Post."]


def test_a_title_case_headline_line_stays_its_own_sentence(nlp):
    text = "Port Workers Reject Offer In Pay Dispute\nThe union said on Friday that talks would resume."
    assert split(nlp, text) == ["Port Workers Reject Offer In Pay Dispute\n", "The union said on Friday that talks would resume."]


def test_documents_split_together_as_alone(nlp):
    texts = ["Sen. Anna Berg (D-Ore.) said so. Then she left.", "Trade talks stall over tariffs It was a long day.", ""]
    docs = [nlp.make_doc(t) for t in texts]
    assert sentences_of(docs, texts) == [sentences(nlp(t), t) for t in texts]
