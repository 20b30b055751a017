"""Cross-language agreement: the arithmetic on small pair tables written for the test, the pairing, the skip."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers.evaluate import translations

THEMES = ["trade", "war", "law"]


def table(*rows) -> pd.DataFrame:
    """A pair table from (actors_en, actors_es, themes_en, themes_es, relevant_en, relevant_es) rows."""
    return pd.DataFrame([{"id_en": f"en{k}", "id_es": f"es{k}", "actors_en": frozenset(r[0]),
                          "actors_es": frozenset(r[1]), "themes_en": frozenset(r[2]), "themes_es": frozenset(r[3]),
                          "relevant_en": r[4], "relevant_es": r[5]} for k, r in enumerate(rows)],
                        columns=translations.PAIR_COLUMNS)


def test_jaccard_of_two_sets_and_of_two_empty_sets():
    assert translations.jaccard({"China", "Russia"}, {"China"}) == 0.5
    assert translations.jaccard({"China"}, {"India"}) == 0.0
    assert translations.jaccard(set(), set()) == 1.0
    assert translations.jaccard({"China"}, set()) == 0.0


def test_agreement_figures_on_a_hand_made_table():
    t = table(
        ({"China", "Russia"}, {"China"}, {"trade"}, {"trade"}, True, True),    # actors 1/2; themes 3 of 3 agree
        ({"India"}, {"India"}, {"war"}, {"war", "law"}, False, True),          # actors 1; themes 2 of 3
        (set(), set(), set(), {"trade", "war", "law"}, False, False),          # actors 1 (both empty); themes 0 of 3
        ({"Iran"}, set(), set(), set(), True, True),                           # actors 0; themes 3 of 3
    )
    r = translations.agreement(t, THEMES)
    assert r["pairs"] == 4
    assert r["actors_jaccard"] == pytest.approx((0.5 + 1 + 1 + 0) / 4)
    assert r["pairs_named"] == 3
    assert r["actors_jaccard_named"] == pytest.approx((0.5 + 1 + 0) / 3)
    assert r["themes_agreement"] == pytest.approx((3 + 2 + 0 + 3) / 12)
    assert r["relevance_agreement"] == pytest.approx(3 / 4)


def test_a_theme_outside_the_codebook_does_not_count():
    t = table((set(), set(), {"trade", "other"}, {"trade"}, True, True))
    assert translations.agreement(t, THEMES)["themes_agreement"] == 1.0


def test_no_pairs_give_no_figures():
    r = translations.agreement(table(), THEMES)
    assert r["pairs"] == 0 and r["actors_jaccard"] is None and r["themes_agreement"] is None
    assert "no Spanish–English pair" in translations.report_text(table(), THEMES)


def test_actor_disagreements_count_each_side_most_disagreed_first():
    t = table(
        ({"China", "Russia", "Brazil"}, {"China"}, set(), set(), True, True),
        ({"Russia"}, {"Iran"}, set(), set(), True, True),
        ({"Russia", "Iran"}, {"Iran", "Brazil"}, set(), set(), True, True),
    )
    out = translations.actor_disagreements(t)
    assert out.to_dict("records") == [
        {"actor": "Russia", "only_en": 3, "only_es": 0},
        {"actor": "Brazil", "only_en": 1, "only_es": 1},
        {"actor": "Iran", "only_en": 0, "only_es": 1},
    ]
    assert list(translations.actor_disagreements(t, top=1)["actor"]) == ["Russia"]


def test_theme_disagreements_list_every_codebook_theme():
    t = table((set(), set(), {"trade"}, {"war"}, True, True), (set(), set(), {"trade"}, set(), True, True))
    out = translations.theme_disagreements(t, THEMES).set_index("theme")
    assert out.loc["trade"].tolist() == [2, 0] and out.loc["war"].tolist() == [0, 1] and out.loc["law"].tolist() == [0, 0]


def test_report_text_states_targets_and_the_empty_pairs_rule():
    t = table(({"China"}, {"China"}, {"trade"}, {"trade"}, True, True),
              ({"Russia"}, set(), {"war"}, {"war"}, True, False))
    text = translations.report_text(t, THEMES)
    assert "actors_jaccard       0.500" in text and "neither names an actor counts as 1" in text
    assert "actors_jaccard       target >= 0.85  NOT met" in text
    assert "themes_agreement     target >= 0.85  met" in text
    assert "Russia" in text


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_versions_paired_by_parallel_id(tmp_path):
    en, es = tmp_path / "en.jsonl", tmp_path / "es.jsonl"
    write_jsonl(en, [{"id": "en1", "text": "Moscow and Beijing signed a trade deal on Monday.", "parallel_id": "es1"},
                     {"id": "en2", "text": "Nothing in Spanish matches this English text."},
                     {"id": "en3", "text": "The ministers met in Brasília to talk about grain."}])
    write_jsonl(es, [{"id": "es3", "text": "Los ministros se reunieron en Brasilia para hablar de grano.",
                      "parallel_id": "en3"},
                     {"id": "es1", "text": "Moscú y Pekín firmaron un acuerdo comercial el lunes.",
                      "parallel_id": "en1"}])
    pairs = translations.load_pairs(en, es)
    assert [(a["id"], b["id"]) for a, b in pairs] == [("en1", "es1"), ("en3", "es3")]


def test_skipped_with_a_message_when_the_commentaries_are_absent(tmp_path, monkeypatch):
    monkeypatch.setattr(translations, "ENGLISH", tmp_path / "en.jsonl")
    monkeypatch.setattr(translations, "SPANISH", tmp_path / "es.jsonl")
    text = translations.main_text()
    assert text.startswith("Cross-language agreement skipped") and "en.jsonl" in text


def test_both_versions_annotated_into_one_pair_row(tmp_path):
    en, es = tmp_path / "en.jsonl", tmp_path / "es.jsonl"
    write_jsonl(en, [{"id": "en1", "language": "en", "parallel_id": "es1",
                      "text": "Vladimir Putin flew to Beijing, where China and Russia agreed on new gas pipelines."}])
    write_jsonl(es, [{"id": "es1", "language": "es", "parallel_id": "en1",
                      "text": "Vladimir Putin voló a Pekín, donde China y Rusia acordaron nuevos gasoductos."}])
    t = translations.measure(processes=1, english=en, spanish=es)
    assert len(t) == 1 and (t.loc[0, "id_en"], t.loc[0, "id_es"]) == ("en1", "es1")
    assert {"Vladimir Putin", "China", "Russia"} <= t.loc[0, "actors_en"]
    assert "Vladimir Putin" in t.loc[0, "actors_es"]
