"""Which sentences are parsed for reported speech (the parse is most of the annotator's cost): those
with a verb of saying read as a verb and someone who may have said it; not those where the only
form of a verb of saying is a noun, a part of a name or inside a quotation. Sentences written for the test."""

from __future__ import annotations

import pytest


@pytest.fixture
def parsed(annotator):
    """The sentences the statistical pipeline parses while a document of one paragraph is annotated,
    and its reported statements: a function from the text (and an optional title) to both."""

    def run(text: str, title: str | None = None) -> tuple[list[str], list[tuple[str, str]]]:
        seen: list[str] = []
        pipe = annotator.models.pipe

        def spy(kind, items):
            if kind == "parse":
                seen.extend(items)
            return pipe(kind, items)

        annotator.models.pipe = spy
        try:
            tables = annotator.annotate({"id": "p1", "title": title, "text": text, "date": "2023-03-01"})
        finally:
            del annotator.models.pipe
        rows = [(s["speaker"], s["text"]) for s in tables["statements"] if s["kind"] == "indirect"]
        return [s.strip() for s in seen], rows

    return run


@pytest.mark.parametrize("text", [
    # A verb of saying and a name, an office or people next to it.
    "Tomas Varga said the ferry would run twice a day from June.",
    "The mayor told reporters that the ferry would run twice a day.",
    "Ferries will run twice a day from June, officials said.",
    # "'s" for "has" before a verb's past form.
    "Lena Holt's said for years that the old ferry is far too slow.",
    # A verb of saying in capitals is emphasis, not a name.
    "Tomas Varga DENIES he sold the harbour company to a rival.",
])
def test_a_sentence_that_may_report_speech_is_parsed(parsed, text):
    seen, _ = parsed(text)
    assert text in seen


@pytest.mark.parametrize("text", [
    # A plural of a noun of saying after a possessive.
    "The mayor rejected Anna Berg's claims about the late ferries last winter.",
    "Officials ignored the harbour council's calls over the winter timetable.",
    # A form of a verb of saying written as part of a name, in a sentence not in title case.
    "Officials from the Golden State arrived on the morning ferry.",
    "Fans of Lakeside State cheered the mayor as the ferry docked.",
])
def test_a_sentence_whose_only_cue_is_no_verb_outside_quotations_is_not_parsed(parsed, text):
    seen, rows = parsed(text)
    assert text not in seen and rows == []


def test_a_verb_of_saying_inside_a_quotation_is_no_cue_of_reported_speech(annotator, monkeypatch):
    # The sentence may still be parsed to find who said the quotation; reported speech does not read it.
    from helpers.annotate import reported

    chosen = []
    pick = reported._candidate_sentences

    def spy(*args, **kwargs):
        spans = pick(*args, **kwargs)
        chosen.extend(spans)
        return spans

    monkeypatch.setattr(reported, "_candidate_sentences", spy)
    text = "At the harbour on Monday the mayor unveiled a new sign, “Ferries say no to delays”, by the pier."
    tables = annotator.annotate({"id": "p2", "title": None, "text": text, "date": "2023-03-01"})
    assert chosen == [] and not [s for s in tables["statements"] if s["kind"] == "indirect"]


def test_a_title_case_headline_keeps_its_capitalised_verb(parsed):
    title = "Harbour Chief Tomas Varga Says Ferries Will Run Twice a Day"
    seen, rows = parsed("The timetable changes in June. Fares stay the same.", title=title)
    assert title in seen


def test_reported_speech_is_still_found_beside_a_skipped_cue(parsed):
    text = "Rejecting the council's calls, Anna Berg said the ferry would run twice a day from June."
    seen, rows = parsed(text)
    assert text in seen
    assert rows and rows[0][0] == "Anna Berg" and "the ferry would run twice a day" in rows[0][1]
