"""The theme model: it loads from plain numbers for the shipped codebook, its features, its
probabilities on documents written for the test, and the codebook's own rule where it does not apply."""

import json

import numpy as np
import pytest

from helpers.annotate import Annotator, default_annotator
from helpers.annotate.theme_model import (
    FEATURES,
    THEME_MODEL_FILE,
    features,
    load_theme_model,
    parse_theme_model,
)
from helpers.evaluate.calibration import STRENGTHS, choose_strength
from helpers.evaluate.train_themes import fit
from helpers.resources.codebook import load_codebook, parse_codebook

SANCTIONS_TITLE = "Brussels widens sanctions on Moscow's banks"
SANCTIONS_TEXT = ("The European Union adopted a new package of sanctions against Russian banks on Friday. "
                  "The measures add export controls on machine tools and freeze the assets of two lenders. "
                  "Officials said the embargo on seaborne oil would be enforced more strictly. "
                  "Companies that evade the restrictions face penalties under the new rules.")
PASSING_TITLE = "A harvest festival opens in the river valley"
PASSING_TEXT = ("Farmers brought pumpkins, apples and honey to the market square on Saturday. "
                "Musicians played until late and children rode a small carousel by the church. "
                "One stallholder mentioned that sanctions had once made imported seed costly. "
                "The mayor thanked the volunteers who set up the tents and cleaned the square. "
                "Next year the festival will add a cheese fair and a parade of old tractors. "
                "Visitors from nearby towns filled the cafes and the small museum by the bridge.")


@pytest.fixture(scope="module")
def ann():
    return default_annotator()


def theme_row(ann, title, text, theme):
    tables = ann.annotate({"id": "t1", "title": title, "text": text, "date": "2023-03-01"})
    rows = [r for r in tables["doc_themes"] if r["theme"] == theme]
    return rows[0] if rows else None


def test_the_shipped_model_was_trained_with_the_shipped_codebook():
    data = json.loads(THEME_MODEL_FILE.read_text(encoding="utf-8"))
    assert data["features"] == FEATURES
    model = load_theme_model()
    codebook = load_codebook()
    assert model.codebook == codebook.digest, "the codebook changed: retrain the theme model (make train-themes)"
    assert set(model.themes) == set(codebook.themes) and 0.0 < model.threshold < 1.0


def test_more_evidence_weighs_more_in_the_shipped_model():
    weights = dict(zip(FEATURES, load_theme_model().coef))
    for name in ("log_score", "log_ratio", "lead_score", "hit_sentences", "distinct_terms"):
        assert weights[name] > 0, name


def test_features_of_a_theme_in_the_title_and_three_sentences():
    hits = [{"sent": 0, "score": 2.0, "terms": "sanction*"}, {"sent": 1, "score": 1.0, "terms": "sanction*, embargo"},
            {"sent": 5, "score": 1.0, "terms": "export control*"}]
    f = dict(zip(FEATURES, features(4.0, 2.0, hits, 10)))
    assert f["over_threshold"] == 1.0 and f["log_ratio"] == pytest.approx(np.log(2.0))
    assert f["title_score"] == pytest.approx(np.log1p(2.0)) and f["lead_score"] == pytest.approx(np.log1p(3.0))
    assert f["hit_sentences"] == pytest.approx(np.log1p(3)) and f["hit_share"] == pytest.approx(0.3)
    assert f["distinct_terms"] == pytest.approx(np.log1p(3)) and f["best_sentence"] == 2.0
    below = dict(zip(FEATURES, features(1.0, 2.0, hits[:1], 10)))
    assert below["over_threshold"] == 0.0 and below["log_ratio"] < 0


def test_a_document_about_sanctions_gets_a_high_probability(ann):
    row = theme_row(ann, SANCTIONS_TITLE, SANCTIONS_TEXT, "sanctions")
    assert row["present"] and row["theme_score"] >= 0.8


def test_a_passing_word_weighs_less_than_a_document_about_the_theme(ann):
    strong = theme_row(ann, SANCTIONS_TITLE, SANCTIONS_TEXT, "sanctions")
    passing = theme_row(ann, PASSING_TITLE, PASSING_TEXT, "sanctions")
    assert passing is not None, "the passing word should be found as evidence"
    assert passing["score"] >= passing["threshold"], "the codebook's rule alone takes the passing word"
    assert passing["theme_score"] < strong["theme_score"] - 0.2


def test_with_another_codebook_the_threshold_decides_and_there_is_no_probability():
    codebook = parse_codebook("threshold: 2.0\nthemes:\n  harvest:\n    label: Harvest\n"
                              "    terms: {pumpkin*: 1.0, honey: 1.0, apple*: 1.0}\n")
    row = [r for r in Annotator(codebook=codebook).annotate(
        {"id": "t1", "title": PASSING_TITLE, "text": PASSING_TEXT, "date": "2023-03-01"})["doc_themes"]][0]
    assert row["theme"] == "harvest" and row["theme_score"] is None and row["present"] == (row["score"] >= 2.0)


def test_a_model_file_of_another_shape_is_refused_naming_the_file():
    with pytest.raises(ValueError, match="old.json.*retrain"):
        parse_theme_model(json.dumps({"features": ["a"], "themes": ["t"], "mean": [0, 0], "scale": [1, 1],
                                      "coef": [1, 1], "intercept": 0, "calibration": [-1, 0], "threshold": 0.5,
                                      "codebook": "x"}), "old.json")
    with pytest.raises(ValueError, match="bad.json"):
        parse_theme_model("{not json", "bad.json")


def test_training_writes_numbers_that_give_the_probabilities_it_was_fitted_with():
    rng = np.random.default_rng(0)
    names = ["a", "b"]
    n = 120
    x = rng.normal(size=(n, len(FEATURES)))
    theme = rng.integers(0, 2, size=n)
    y = (x[:, 0] + 0.5 * theme + rng.normal(scale=0.5, size=n) > 0).astype(int)
    rows = np.hstack([x, np.eye(2)[theme]])
    params, choice = fit(rows, y, np.array([f"d{i // 2}" for i in range(n)]), names, "digest")
    model = parse_theme_model(json.dumps(params))
    assert choice.accuracy > 0.7 and params["strength"] == choice.strength in STRENGTHS and model.codebook == "digest" and model.themes == ("a", "b")
    low, high = (model.probability("a", [v] + [0.0] * (len(FEATURES) - 1)) for v in (-2.0, 2.0))
    assert low < 0.5 < high


def test_the_strength_is_the_strongest_regularisation_within_one_standard_error_of_the_lowest_loss():
    # five folds' losses per strength: the lowest mean is at C = 1 (0.40, standard error 0.01)
    spread = [-0.02, -0.01, 0.0, 0.01, 0.02]
    losses = {0.1: [0.45 + d for d in spread], 0.3: [0.405 + d for d in spread], 1.0: [0.40 + d for d in spread],
              3.0: [0.402 + d for d in spread]}
    assert choose_strength(losses) == 0.3
    # with folds that agree closely the standard error is small and the lowest loss is taken
    assert choose_strength({c: [v[2]] * 5 for c, v in losses.items()}) == 1.0
    # with widely spread folds the weaker strengths cannot be told apart from the strongest
    assert choose_strength({c: [v[2] + 10 * d for d in spread] for c, v in losses.items()}) == 0.1

