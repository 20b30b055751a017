"""Claims against the corpus: a document's figures set beside what the other documents report."""

from __future__ import annotations

import pandas as pd
import pytest
from corpus_frames import KREMLIN, MFA, NEWS, SEEDLIKE, build

from helpers import analysis
from helpers.analysis import claims


@pytest.fixture(scope="module")
def t():
    return build([SEEDLIKE, KREMLIN, MFA, *NEWS])


def test_claim_period():
    assert claims.claim_period("the leaders have met 42 times over the last decade", "2023-10-18") == \
        ("2013-10-18", "2023-10-18")
    assert claims.claim_period("We have met almost 30 times in the last six years", "2019-06-05") == \
        ("2013-06-05", "2019-06-05")
    assert claims.claim_period("since 2013 you met with him 24 times", "2017-12-07") == ("2013-01-01", "2017-12-07")
    assert claims.claim_period("they met 12 times", "2020-01-01") == (None, "2020-01-01")
    assert claims.claim_period("they met 12 times", None) == (None, None)


def test_the_seeds_two_figures_are_found(t):
    found = claims.find_claims(t, "seed")
    assert found[["claim", "text", "value", "unit"]].values.tolist() == [
        ["meetings", "42 times", 42.0, "meetings"], ["trade", "$200 billion", 200e9, "USD"]]
    meeting, trade = found.iloc[0], found.iloc[1]
    assert (meeting["since"], meeting["until"]) == ("2013-10-18", "2023-10-18")
    assert int(trade["year"]) == 2023 and trade["kind"] == "forecast or target"
    table = claims.claims_table(found)
    assert table["asserted"].tolist() == ["42 meetings, 2013-10-18 to 2023-10-18",
                                          "$200 billion in 2023 (forecast or target)"]
    assert claims.find_claims(t, "rss-0").empty


def test_meeting_counts_elsewhere(t):
    counts = claims.meeting_counts(t)
    assert counts[["doc_id", "text", "since"]].values.tolist() == [["seed", "42 times", "2013-10-18"],
                                                                   ["kremlin1", "30 times", "2013-06-05"]]


def test_rest_of_corpus(t):
    rest = claims.rest_of_corpus(t, "seed")
    assert "seed" not in set(rest["articles"]["id"]) and "seed" not in set(rest["figures"]["doc_id"])
    assert len(rest["articles"]) == len(t["articles"]) - 1
    assert claims.rest_of_corpus(t, None) is t


def test_compare_sets_each_claim_beside_the_corpus(t):
    found = claims.find_claims(t, "seed")
    rest = claims.rest_of_corpus(t, "seed")
    out = claims.compare(found, rest).set_index("claim")
    meetings = out.loc["meetings", "corpus_reports"]
    assert meetings.startswith("3 meetings of the two found in the texts (2019-06-05 to 2023-10-18)")
    assert "'30 times' (kremlin1, 2019-06-05)" in meetings
    assert "5 documents of the rest of the corpus dated 2019-06-05 to 2023-10-18" in meetings
    trade = out.loc["trade", "corpus_reports"]
    assert trade.startswith("no trade figure for 2023; nearest years reported: $108 billion for 2018 (kremlin1)")
    assert "forecast or target for 2024 (cn-mfa-1, 2019-12-02)" in trade
    assert out.loc["trade", "sources"] == "cn-mfa-1, kremlin1"


def test_evidence_lists_the_sentences(t):
    found = claims.find_claims(t, "seed")
    ev = claims.evidence(found, claims.rest_of_corpus(t, "seed"))
    assert set(ev["claim"]) == {"meetings", "trade"}
    trade = ev[ev["claim"] == "trade"]
    assert trade["what"].tolist() == ["nearest year: $108 billion for 2018 (reported)",
                                      "same sum: $200 billion for 2024 (forecast or target)"]
    assert trade["sentence"].iloc[0].startswith("Vladimir Putin: Bilateral trade set a record")
    assert (ev["what"] == "count asserted: 30 times").any()


def test_alone_there_is_nothing_to_compare():
    t = build([SEEDLIKE])
    found = claims.find_claims(t)
    rest = claims.rest_of_corpus(t, "seed")
    out = claims.compare(found, rest)
    assert out["corpus_reports"].unique().tolist() == ["nothing to compare: the corpus holds no other document"]
    assert claims.evidence(found, rest).empty
    assert claims.compare(found.iloc[0:0], rest).empty


def test_claim_document():
    t = build([KREMLIN, MFA])
    tables, doc_id = claims.claim_document(t, "cn-mfa-1")
    assert tables is t and doc_id == "cn-mfa-1"
    with pytest.raises(KeyError):
        claims.claim_document(t, "nope")
    tables, doc_id = claims.claim_document(t, None)  # no seed: find_claims takes the first document
    assert tables is t and doc_id is None


@pytest.mark.slow
def test_claim_document_takes_the_seed_beside_the_corpus(tmp_path):
    t = build([KREMLIN, MFA])
    seed, _ = analysis.load_corpus(claims.SEED_CORPUS, tmp_path / "s.duckdb")
    tables, doc_id = claims.claim_document(t, None, seed)
    assert tables is seed
    assert doc_id == "000_90f3d8e4bff38bac" and list(tables["articles"]["id"]) == [doc_id]
    found = claims.find_claims(tables, doc_id)
    assert found["text"].tolist() == ["42 times", "$200 billion"]
    seed_in_corpus = {**tables, "articles": pd.concat([tables["articles"], t["articles"]], ignore_index=True)}
    assert claims.claim_document(seed_in_corpus, None, seed)[0] is seed_in_corpus
