"""Candidate speakers, their features, the shipped speaker model and reported speech, on sentences written for the test."""

from __future__ import annotations

import json
import math

import pytest

from helpers.annotate import Annotator
from helpers.annotate.ranker import FEATURES, MODEL_PATH, Ranker, candidates, features, load_ranker


@pytest.fixture(scope="module")
def ann():
    return Annotator()


@pytest.fixture(scope="module")
def deciding():
    """An annotator whose speakers are the shipped model's choices, not the rules'."""
    a = Annotator()
    a.ranker = Ranker({**json.loads(MODEL_PATH.read_text(encoding="utf-8")), "decide": True})
    return a


def statements(ann, text, title=None):
    return ann.annotate({"id": "t1", "title": title, "text": text, "date": "2022-05-04"})["statements"]


def quotes(ann, text, title=None):
    return {s["text"]: s["speaker"] for s in statements(ann, text, title) if s["kind"] != "indirect"}


def bare(name: str) -> str:
    return name.removeprefix("Mr ")


# ----------------------------------------------------------------- candidates and features
def test_candidates_merge_a_surname_with_the_full_name_and_keep_the_rules_answer():
    text = "Mr Holt arrived late. Ida Holt spoke first. “We must act,” Holt said, looking at Mr Vance."
    got = candidates(text, (0, len(text)), [], bare, "Ida Holt", None, None)
    by_name = {c.name: c for c in got}
    assert set(by_name) == {"Ida Holt", "Vance"}
    assert "rule" in by_name["Ida Holt"].sources and len(by_name["Ida Holt"].spans) == 3


def test_features_mark_the_subject_side_and_the_cue():
    text = "“We must act,” insists Ida Holt, while Tom Vance stayed silent."
    open_, close = 0, text.index("”") + 1
    cands = candidates(text, (0, len(text)), [], bare, None, None, None)
    rows = features(text, open_, close, (0, len(text)), cands, "none")
    named = {c.name: dict(zip(FEATURES, r)) for c, r in zip(cands, rows)}
    assert named["Ida Holt"]["say_before"] == 1.0 and named["Ida Holt"]["nearest_after"] == 1.0
    assert named["Tom Vance"]["say_before"] == 0.0 and named["Tom Vance"]["nearest_after"] == 0.0
    assert all(len(r) == len(FEATURES) for r in rows)


def test_relative_features_rank_a_candidate_among_the_others():
    text = "Tom Vance listened. Ida Holt stood up. “We must act,” she said."
    q0, q1 = text.index("“"), text.index("”") + 1
    cands = candidates(text, (0, len(text)), [], bare, None, None, None)
    rows = features(text, q0, q1, (text.index("Ida"), len(text)), cands, "none")
    named = {c.name: dict(zip(FEATURES, r)) for c, r in zip(cands, rows)}
    assert named["Ida Holt"]["distance_rank"] == 0.0 and named["Tom Vance"]["distance_rank"] == 0.25
    assert named["Ida Holt"]["before_rank"] == 0.0 and named["Ida Holt"]["after_rank"] == 1.0
    assert named["Ida Holt"]["no_rule"] == 1.0 and named["Ida Holt"]["candidates"] > 0


def test_according_to_is_a_feature():
    text = "The bridge is “safe for now”, according to Ida Holt."
    q0, q1 = text.index("“"), text.index("”") + 1
    cands = candidates(text, (0, len(text)), [], bare, None, None, None)
    rows = features(text, q0, q1, (0, len(text)), cands, "none")
    assert dict(zip(FEATURES, rows[0]))["according_to"] == 1.0


# ----------------------------------------------------------------- the model file
def test_shipped_model_loads_and_matches_the_code():
    params = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert params["features"] == FEATURES and params["trees"]
    ranker = load_ranker()
    assert 0.0 <= ranker.threshold <= 1.0 and len(ranker.trees) == len(params["trees"])
    assert MODEL_PATH.stat().st_size < 1_000_000


def test_trees_are_walked_by_their_thresholds():
    stump = {"feature": [FEATURES.index("rule"), -1, -1], "threshold": [0.5, 0.0, 0.0],
             "left": [1, -1, -1], "right": [2, -1, -1], "value": [0.0, -2.0, 3.0]}
    ranker = Ranker({"features": FEATURES, "trees": [stump, stump], "bias": 1.0, "threshold": 0.5})
    off, on = [0.0] * len(FEATURES), [0.0] * len(FEATURES)
    on[FEATURES.index("rule")] = 1.0
    # log-odds -3 and 7: the bias plus each tree's leaf
    assert ranker.scores([off, on]) == pytest.approx([1 / (1 + math.exp(3.0)), 1 / (1 + math.exp(-7.0))])
    assert ranker.choose([], []) == (None, 0.0)


def test_the_model_picks_a_speaker_where_the_rules_found_one_and_needs_its_threshold_where_not():
    from helpers.annotate.ranker import pick

    found, none = [0.0] * len(FEATURES), [0.0] * len(FEATURES)
    none[FEATURES.index("no_rule")] = 1.0
    assert pick([0.2, 0.3], [found, found], 0.5) == 1
    assert pick([0.2, 0.3], [none, none], 0.5) is None and pick([0.2, 0.6], [none, none], 0.5) == 1


def test_model_prefers_the_subject_of_the_verb_of_saying():
    ranker = load_ranker()
    text = "“Prices will fall,” said Ida Holt, who met Tom Vance on Monday."
    q0, q1 = 0, text.index("”") + 1
    cands = candidates(text, (0, len(text)), [], bare, "Ida Holt", None, None)
    rows = features(text, q0, q1, (0, len(text)), cands, "subject of 'said'")
    scores = dict(zip((c.name for c in cands), ranker.scores(rows)))
    assert scores["Ida Holt"] > scores["Tom Vance"]


def test_a_model_with_other_features_is_refused(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"features": ["x"], "weights": [1.0], "bias": 0, "threshold": 0.5}))
    with pytest.raises(ValueError, match=str(path.name)):
        load_ranker(str(path))
    assert Ranker().decide is False


def written_speaker(annotator, case):
    text, quotation, _ = WRITTEN[case]
    return {s["text"]: s for s in statements(annotator, text) if s["kind"] != "indirect"}[quotation]


@pytest.mark.parametrize("case", ["pronoun after a named speaker", "he said after a sentence naming the speaker",
                                  "apposition after the quotation", "according to", "insists after the quotation"])
def test_the_model_deciding_finds_the_speaker_of_a_written_quotation(deciding, case):
    row = written_speaker(deciding, case)
    assert row["speaker"] == WRITTEN[case][2] and row["speaker_score"] > 0.5


def test_the_model_deciding_gives_a_scare_quote_in_a_title_no_speaker(deciding):
    rows = {s["text"]: s for s in statements(deciding, "Planner Ida Holt said the roads would cut through the fields.",
                                             title="Town's 'green belt' faces new roads")}
    assert rows["green belt"]["speaker"] is None and rows["green belt"]["speaker_score"] is None


def test_the_model_scores_a_named_speaker_above_a_bystander():
    ranker = load_ranker()
    text = "Ida Holt spoke to Tom Vance on Monday. “We need more berths,” Holt said."
    q0, q1 = text.index("“"), text.index("”") + 1
    cands = candidates(text, (0, len(text)), [], bare, "Ida Holt", None, None)
    rows = features(text, q0, q1, (text.index("“"), len(text)), cands, "subject of 'said'")
    scores = dict(zip((c.name for c in cands), ranker.scores(rows)))
    assert scores["Ida Holt"] > 0.5 > scores["Tom Vance"]


def test_every_quotation_gets_a_score(ann):
    rows = [s for s in statements(ann, "“The road is open,” said Ida Holt.") if s["kind"] == "quote"]
    assert rows and all(0.0 < s["speaker_score"] <= 1.0 for s in rows)


# ----------------------------------------------------------------- speakers on written sentences
WRITTEN = {  # case: (text, quotation, speaker), sentences written for the test
    "pronoun after a named speaker": ("Ida Holt opened the harbour meeting on Friday. “We need more berths,” she said.",
                                      "We need more berths", "Ida Holt"),
    "he said after a sentence naming the speaker": (
        "Tom Vance spent twenty years on trawlers. “The sea is cruel,” he said.", "The sea is cruel", "Tom Vance"),
    "apposition after the quotation": (
        "“The border crossing must stay open,” the Latvian transport minister, Karlis Ozols, has said.",
        "The border crossing must stay open", "Karlis Ozols"),
    "according to": ("The new ferry is “a step forward for the island”, according to Ida Holt.",
                     "a step forward for the island", "Ida Holt"),
    "insists after the quotation": ("“Nothing has changed,” insists Tom Vance.", "Nothing has changed", "Tom Vance"),
}


@pytest.mark.parametrize("case", WRITTEN)
def test_speaker_of_a_written_quotation(ann, case):
    text, quotation, speaker = WRITTEN[case]
    assert quotes(ann, text)[quotation] == speaker


def test_reply_two_speakers_after_the_quotation(ann):
    got = quotes(ann, "“We will rebuild the pier,” reply Tom Vance and Ida Holt.")
    assert got["We will rebuild the pier"] in ("Tom Vance and Ida Holt", "Tom Vance")  # the recogniser may miss one


def test_a_book_title_is_not_words_said(ann):
    got = quotes(ann, "Tom Vance claims that his favourite book is “The Long Harbour”.")
    assert got["The Long Harbour"] is None


def test_a_scare_quote_in_a_title(ann):
    got = quotes(ann, "Planner Ida Holt said the roads would cut through the fields.",
                 title="Town's 'green belt' faces new roads")
    assert got["green belt"] is None


def test_question_turns_go_to_the_interviewer_the_introduction_names(ann):
    text = ("The Harbour Ledger spoke to the port director, Ida Holt.\n\n"
            "Question: Will the port grow this year?\n\nIda Holt: Yes, by a third.")
    got = [(s["speaker"], s["kind"]) for s in statements(ann, text)]
    assert got == [("Harbour Ledger", "turn"), ("Ida Holt", "turn")]


# ----------------------------------------------------------------- reported speech
def reported(ann, text, title=None):
    return [(s["speaker"], s["text"]) for s in statements(ann, text, title) if s["kind"] == "indirect"]


def test_reported_speech_with_a_complement_clause(ann):
    got = reported(ann, "Sergey Lavrov stressed that the two ports should share their cranes. "
                        "Wang Yi told reporters the talks had been useful.")
    assert got == [("Sergey Lavrov", "the two ports should share their cranes"),
                   ("Wang Yi", "the talks had been useful")]


def test_reported_speech_of_a_person_the_knowledge_base_does_not_hold(ann):
    """Every sentence with a cue of saying is read, not only those naming an actor of the knowledge base."""
    assert reported(ann, "Ida Holt stressed that the two ports should share their cranes.") == [
        ("Ida Holt", "the two ports should share their cranes")]
    assert reported(ann, "Ida Holt believes that the two ports should share their cranes.") == []


def test_reported_speech_after_a_pronoun(ann):
    got = reported(ann, "Tom Vance met the press on Monday. He said the harbour would reopen in May.")
    assert got == [("Tom Vance", "the harbour would reopen in May")]


def test_thanks_and_beliefs_are_not_reported_speech(ann):
    got = reported(ann, "Ida Holt thanked the crews for their work. Tom Vance believes the plan will fail.")
    assert got == []


def test_reported_speech_has_content_offsets(ann):
    text = "Sergey Lavrov warned that the bridge was unsafe."
    rows = [s for s in statements(ann, text) if s["kind"] == "indirect"]
    assert [text[s["start"]:s["end"]] for s in rows] == ["the bridge was unsafe"]


def test_statements_counted_by_kind():
    import pandas as pd

    from helpers.analysis import statements_by_kind

    st = pd.DataFrame({"speaker": ["Ida Holt", "Ida Holt", "Tom Vance", None, "Ida Holt"],
                       "kind": ["quote", "indirect", "turn", "quote", "indirect"]})
    got = statements_by_kind(st).set_index("speaker")
    assert got.loc["Ida Holt"].tolist() == [1, 0, 2, 3] and got.loc["Tom Vance"].tolist() == [0, 1, 0, 1]
    assert list(statements_by_kind(st, ["Tom Vance"])["speaker"]) == ["Tom Vance"]
