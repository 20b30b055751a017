"""Accuracy floors on the validation part of the shared dev set: the figures must not slide back.

The floors sit a little under the figures `make eval` measures on the validation part of every
dev gold file, pooled (`evaluate.split`: documents no rule was tuned on); they fail when a change
makes the annotator worse there.
"""

from __future__ import annotations

import pytest

from helpers.config import SHARED_EVAL

FLOORS = {
    "actors_f1": 0.94,
    "attribution_f1": 0.67,
    "speaker_acc": 0.77,
    "themes_micro_f1": 0.78,
    "themes_macro_f1": 0.74,
    "relevance_acc": 0.81,
}


def _scores(**kwargs):
    if not (SHARED_EVAL / "score.py").exists():
        pytest.skip(f"{SHARED_EVAL} is absent (the shared evaluation set is not beside this checkout)")
    from helpers.evaluate import score_all

    table, _ = score_all(**kwargs)
    return table


@pytest.fixture(scope="module")
def scores():
    return _scores(parts=("validation",))


@pytest.mark.parametrize("figure,floor", sorted(FLOORS.items()))
def test_pooled_validation_floor(scores, figure, floor):
    ours = scores[(scores["file"] == "pooled") & (scores["system"] == "ours")].iloc[0]
    assert ours[figure] >= floor, f"{figure} fell to {ours[figure]:.3f} on the validation part (floor {floor})"


def test_ours_beats_the_baseline(scores):
    pooled = scores[scores["file"] == "pooled"].set_index("system")
    for figure in ("actors_f1", "attribution_f1", "speaker_acc", "themes_micro_f1", "relevance_acc"):
        assert pooled.loc["ours", figure] > pooled.loc["baseline", figure], figure


def test_seed_is_perfect():
    table = _scores(files=("seed",), baseline=False)
    seed = table[(table["file"] == "seed") & (table["system"] == "ours")].iloc[0]
    assert seed["attribution_f1"] == 1.0 and seed["themes_micro_f1"] == 1.0 and seed["actors_f1"] == 1.0


def test_off_topic_control():
    """On BBC news of 2004-2005 (business, sport, politics, tech), almost nothing is about China and Russia."""
    from helpers.evaluate.control import CONTROL, off_topic_control

    if not CONTROL.exists():
        pytest.skip(f"{CONTROL} is absent")
    c = off_topic_control()
    assert c.documents > 400
    assert c.relevant / c.documents < 0.01 and c.aligned / c.documents < 0.01, c


def test_reported_speech_floor():
    """Reported speech on the validation part of the gold files that list it: found and speakers right."""
    if not (SHARED_EVAL / "score.py").exists():
        pytest.skip(f"{SHARED_EVAL} is absent (the shared evaluation set is not beside this checkout)")
    from helpers.evaluate import reported_speech, score_all

    _, predictions = score_all(parts=("validation",), baseline=False)
    row = reported_speech(predictions, parts=("validation",)).iloc[0]
    assert row["gold"] > 50
    assert row["found"] >= 0.58 and row["speaker_right"] >= 0.82, row.to_dict()
