"""The reported speech figures on PolNeAR-shaped articles: which attributions are the gold, how our
statements are matched to them, and what is counted. An article written for the test."""

from __future__ import annotations

from collections import Counter

import pytest

from helpers.evaluate import polnear_reported as pr

TEXT = ("Ida Holt said the ferry would run twice a day. Officials believe the bridge is safe. "
        "Bo Lake told reporters ''the port is open'' on Monday. The mayor praised the plan.")


def span(part: str) -> dict:
    s = TEXT.index(part)
    return {"start": s, "end": s + len(part), "text": part}


def attribution(cue: str, source: str | None, content: str, quoted: bool = False) -> dict:
    return {"cue": span(cue), "source": span(source) if source else None, "content": [span(content)], "quoted": quoted}


ARTICLE = {"text": TEXT, "attributions": [
    attribution("said", "Ida Holt", "the ferry would run twice a day"),
    attribution("believe", "Officials", "the bridge is safe"),  # a thought: not gold, but annotated
    attribution("told", "Bo Lake", "''the port is open''"),  # two apostrophes are a quotation: not gold
    attribution("praised", "The mayor", "the plan"),
]}
ENTS = [(TEXT.index("Ida Holt"), TEXT.index("Ida Holt") + 8, "PERSON", "Ida Holt"),
        (TEXT.index("Bo Lake"), TEXT.index("Bo Lake") + 7, "PERSON", "Bo Lake")]


def row(part: str, speaker: str | None) -> dict:
    s = span(part)
    return {"start": s["start"], "end": s["end"], "speaker": speaker}


@pytest.mark.parametrize("cue, saying", [
    ("said", True), ("has told", True), ("according to", True), ("pointed out", True), ("statement", True),
    ("believe", False), ("asked", False), ("praised", False), ("shows", False), ("called", False),
])
def test_a_cue_is_of_saying_by_the_evaluations_own_list(cue, saying):
    assert pr.is_saying(cue) is saying


def test_the_gold_is_the_unquoted_attributions_of_saying_with_their_linked_speaker():
    gold, every = pr.gold_items(ARTICLE, ENTS)
    assert [(TEXT[min(g["chars"]):max(g["chars"]) + 1], g["speaker"]) for g in gold] == [
        ("the ferry would run twice a day", "Ida Holt")]
    assert len(every) == 4


def test_found_precision_and_speaker_right_are_counted_by_shared_characters():
    gold, every = pr.gold_items(ARTICLE, ENTS)
    ours = [row("the ferry would run", "Ida Holt"),  # half of the shorter shared or more: found, speaker right
            row("the bridge is safe", "Officials"),  # annotated (a thought), not gold: true, not found
            row("on Monday. The mayor", "The mayor"),  # no attribution's content: false
            ]
    tally = Counter()
    misses, false = [], []
    pr.score_article(gold, every, ours, lambda a, b: a == b, tally, misses, false)
    assert (tally["gold"], tally["found"], tally["ours"], tally["true"], tally["linked"], tally["right"]) == (1, 1, 3, 2, 1, 1)
    assert misses == [] and [r["speaker"] for r in false] == ["The mayor"]
    near = Counter()  # the shorter is the attribution's "the plan", all of it shared: a true one
    pr.score_article(gold, every, [row("The mayor praised the plan", "The mayor")], lambda a, b: a == b, near)
    assert (near["true"], near["found"]) == (1, 0)
    wrong = Counter()
    pr.score_article(gold, every, [row("the ferry would run twice a day", "Bo Lake")], lambda a, b: a == b, wrong)
    assert (wrong["found"], wrong["right"]) == (1, 0)
    assert pr._figures(tally)["precision"] == round(2 / 3, 3)


def test_the_baseline_reports_the_clause_after_say_or_tell_outside_quotations():
    rows = pr.baseline_rows(TEXT, ENTS)
    assert [(TEXT[r["start"]:r["end"]].strip(" ."), r["speaker"]) for r in rows] == [
        ("the ferry would run twice a day", "Ida Holt")]


def test_misses_and_false_ones_are_listed_for_train_only():
    with pytest.raises(ValueError):
        pr.reported_scores(lambda a, b: a == b, annotator=object(), split="dev", show=True)
