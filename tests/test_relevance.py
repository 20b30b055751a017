"""The relevance model: it loads from plain numbers, its features, and its decisions on documents written for the test."""

import json

import pytest

from helpers.annotate import default_annotator, is_relevant
from helpers.annotate.relevance import relevance
from helpers.annotate.relevance_model import (
    FEATURES,
    RELEVANCE_MODEL_FILE,
    features,
    load_relevance_model,
    parse_relevance_model,
    sides_related,
)
from helpers.resources.lexicons import load_lexicons


@pytest.fixture(scope="module")
def ann():
    return default_annotator()


def annotate(ann, title, text):
    return ann.annotate({"id": "t1", "title": title, "text": text, "date": "2023-03-01"})


def named(ann, title, text):
    return dict(zip(FEATURES, features(annotate(ann, title, text), ann.kb, load_lexicons())))


def test_the_shipped_model_is_plain_json_with_the_features_of_the_code():
    data = json.loads(RELEVANCE_MODEL_FILE.read_text(encoding="utf-8"))
    assert data["features"] == FEATURES
    model = load_relevance_model()
    assert 0.0 < model.threshold < 1.0 and len(model.coef) == len(FEATURES)


def test_alignment_evidence_raises_the_probability():
    model = load_relevance_model()
    weights = dict(zip(FEATURES, model.coef))
    assert weights["alignment_score"] > 0 and weights["both_sides_in_title"] > 0 and weights["leaders_meet"] > 0


def test_a_model_file_of_another_shape_is_refused_naming_the_file(tmp_path):
    with pytest.raises(ValueError, match="old.json.*retrain"):
        parse_relevance_model(json.dumps({"features": ["a"], "mean": [0], "scale": [1], "coef": [1],
                                          "intercept": 0, "calibration": [-1, 0], "threshold": 0.5}), "old.json")
    with pytest.raises(ValueError, match="bad.json"):
        parse_relevance_model("{not json", "bad.json")


def test_features_name_the_meeting_of_the_two_leaders_and_the_title(ann):
    f = named(ann, "Xi Jinping meets Vladimir Putin in Moscow",
              "The two leaders held talks on energy and on the partnership between China and Russia.")
    assert f["leaders_meet"] == 1.0 and f["both_sides_in_title"] == 1.0 and f["both_sides"] == 1.0
    assert f["alignment_present"] == 1.0 and f["relationship_words"] > 0


def test_features_of_a_document_without_the_two_sides(ann):
    f = named(ann, "Local bakery wins a regional award", "The owners thanked their customers for years of support.")
    assert f["both_sides"] == 0.0 and f["alignment_score"] == 0.0 and f["leaders_meet"] == 0.0


@pytest.mark.parametrize("title,related", [
    ("Tokyo doubts Beijing's pledge of neutrality toward Moscow", True),   # one side acting toward the other
    ("Chinese banks curb payments for Russian importers", True),
    ("Envoys of the US, China and Russia gather in Geneva", False),       # items of one list
    ("Chinese and Russian hackers target European grids", False),
    ("China opens a port far to the south while, months later, Russia builds one", False),  # too far apart
])
def test_the_title_relating_the_two_sides_is_told_from_a_list_naming_both(ann, title, related):
    assert named(ann, title, "No further detail.")["title_relates_sides"] == float(related)


def test_sides_related_reads_the_words_between_the_two_sides():
    china, russia = {"China"}, {"Russia"}
    assert sides_related("China backs Russia", [(0, 5, "China"), (12, 18, "Russia")], china, russia)
    assert not sides_related("China, India and Russia", [(0, 5, "China"), (7, 12, "India"), (17, 23, "Russia")],
                             china, russia)
    assert not sides_related("China backs Russia", [(0, 5, "China"), (12, 18, "Russia")], china, russia, gap_words=0)


def test_a_statement_by_one_side_about_the_other_counts_as_addressed(ann):
    f = named(ann, "Putin praises Beijing",
              'Vladimir Putin said: "China is our closest partner, and we value our friendship with China."')
    assert f["addressed"] > 0


def test_a_document_about_the_relationship_is_relevant(ann):
    tables = annotate(ann, "Xi Jinping meets Vladimir Putin in Moscow",
                      "Xi Jinping and Vladimir Putin held talks in the Kremlin and signed a joint statement on "
                      "deepening the partnership between China and Russia.")
    assert relevance(tables, ann.kb) > 0.5 and is_relevant(tables, ann.kb)


@pytest.mark.parametrize("title,text", [
    ("Norway bars Chinese, Russian apps on state laptops",
     "The ban follows similar moves in the United States, Germany and Canada."),
    ("Chipmaker profits rise on strong demand", "The firm expects sales to grow again next year."),
    ("A Russian skater won gold at the Beijing Winter Games", "She was cheered by a large crowd."),
])
def test_documents_not_about_the_relationship_are_not_relevant(ann, title, text):
    tables = annotate(ann, title, text)
    assert relevance(tables, ann.kb) < 0.5 and not is_relevant(tables, ann.kb)


def test_the_notebooks_filter_keeps_the_themes_of_relevant_documents(ann):
    import pandas as pd

    from helpers import analysis

    docs = [{"id": "about", "title": "Xi Jinping meets Vladimir Putin in Moscow", "date": "2023-03-01",
             "text": "Xi Jinping and Vladimir Putin held talks and signed a joint statement on deepening the "
                     "partnership between China and Russia, with new gas deals."},
            {"id": "other", "title": "Chipmaker profits rise on strong demand", "date": "2023-03-02",
             "text": "Trade in memory chips grew, and the firm's exports rose by a fifth."}]
    per = [ann.annotate(d) for d in docs]
    tables = {name: pd.DataFrame([r for t in per for r in t[name]]) for name in analysis.themes.RELEVANCE_TABLES}
    tables["articles"] = pd.DataFrame([{**d, "outlet": None, "source": "test"} for d in docs])
    rel = analysis.document_relevance(tables)
    assert list(rel["id"]) == ["about", "other"] and list(rel["relevant"]) == [True, False]
    kept = analysis.relevant_only(tables["doc_themes"], rel)
    assert set(kept["doc_id"]) == {"about"} and "trade_economy" in set(tables["doc_themes"]["theme"])
    summary = analysis.relevance_summary(rel)
    assert summary["documents"].sum() == 2


def test_the_export_gives_the_probability_beside_the_decision(ann):
    from helpers.annotate import document_export

    article = {"id": "t1", "title": "Russia and China deepen ties", "date": "2023-03-01",
               "text": "Beijing and Moscow signed agreements on energy and trade during the visit."}
    doc = document_export(article, ann.annotate(article), ann.kb)
    assert 0.0 <= doc["relevance"] <= 1.0 and doc["relevant"] is (doc["relevance"] >= 0.5)


def test_the_annotation_stores_the_probability(ann):
    tables = annotate(ann, "Xi Jinping meets Vladimir Putin in Moscow",
                      "Xi Jinping and Vladimir Putin held talks in the Kremlin on the partnership between China "
                      "and Russia.")
    (row,) = tables["relevance"]
    assert row["doc_id"] == "t1" and row["probability"] == relevance(tables, ann.kb) and row["relevant"]


def test_the_models_train_over_a_relevance_model_whose_features_are_out_of_date(tmp_path):
    """A relevance model trained before a feature was added does not load, but the annotator the
    training runs with carries one with no weights in its place: even odds for every document."""
    import json

    from helpers.annotate.relevance_model import (
        FEATURES, RELEVANCE_MODEL_FILE, load_relevance_model, model_to_train_over,
    )

    stale = json.loads(RELEVANCE_MODEL_FILE.read_text(encoding="utf-8"))
    for key in ("features", "mean", "scale", "coef"):
        stale[key] = stale[key][:-1]
    path = tmp_path / "relevance_model.json"
    path.write_text(json.dumps(stale), encoding="utf-8")
    with pytest.raises(ValueError, match="retrain"):
        load_relevance_model(path)
    model = model_to_train_over(path)
    assert list(model.features) == FEATURES and model.digest == "untrained"
    assert model.probability([1.0] * len(FEATURES)) == pytest.approx(0.5)
    assert model_to_train_over() == load_relevance_model()
