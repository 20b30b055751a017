"""The analyses behind 02-05: themes, speakers, the relationship, world-order terms, meetings, trade, attention."""

from __future__ import annotations

import pandas as pd
import pytest
from corpus_frames import KREMLIN, SEEDLIKE, build, small_corpus

from helpers import analysis
from helpers.config import SHARED_CORPUS


@pytest.fixture(scope="module")
def t():
    return small_corpus()


def test_outlets_and_source_groups():
    assert analysis.outlet_name("www.theguardian.com") == "The Guardian"
    assert analysis.outlet_name("The Guardian - World", "https://www.theguardian.com/x") == "The Guardian"
    assert analysis.outlet_name("feeds.a.dj.com", "https://feeds.a.dj.com/x") == "The Wall Street Journal"
    assert analysis.outlet_name("Some Blog", None) == "Some Blog"
    assert analysis.outlet_name(None, None) == analysis.UNKNOWN_OUTLET
    assert analysis.source_group("http://en.kremlin.ru/events/1") == "Kremlin texts"
    assert analysis.source_group("https://www.fmprc.gov.cn/x") == "MFA briefings"
    assert analysis.source_group(None, "../shared/corpus/rss2023_topical.jsonl") == analysis.HEADLINES_GROUP
    assert analysis.source_group(None, "seeds/a.txt") == analysis.OTHER_GROUP


def test_document_info(t):
    info = analysis.document_info(t["articles"]).set_index("id")
    assert info.loc["kremlin1", ["year", "month", "week", "group"]].tolist() == [2019, "2019-06", "2019-06-03",
                                                                                  "Kremlin texts"]
    assert info.loc["rss-2", "outlet"] == "The Wall Street Journal"
    assert analysis.document_info(t["articles"].iloc[0:0]).empty
    assert analysis.needs(t["articles"].iloc[:1], 2, "a trend") == "A trend needs at least 2 documents; this corpus has 1."
    assert analysis.needs(t["articles"], 2) is None


def test_prevalence_over_time_and_by_source(t):
    over = analysis.prevalence_over_time(t["doc_themes"], t["articles"], freq="year")
    row = over[(over["period"] == "2019") & (over["theme"] == "world_order")].iloc[0]
    assert (row["documents"], row["total"], row["share"]) == (2, 2, 1.0)
    assert set(over["period"]) == {"2019", "2023"}
    assert analysis.prevalence_over_time(t["doc_themes"], t["articles"])["period"].iloc[0] == "2019"  # auto: 4 years
    early = t["articles"][t["articles"]["date"] < "2020"]
    assert analysis.prevalence_over_time(t["doc_themes"], early)["period"].iloc[0] == "2019-06"  # auto: months
    peaks = analysis.peaks(over)
    assert peaks.set_index("theme").loc["world_order", "peak"] == "2019"
    by = analysis.prevalence_by(t["doc_themes"], t["articles"], by="group").set_index("group")
    assert by.loc[analysis.HEADLINES_GROUP, "documents"] == 3 and by.loc["Kremlin texts", "world_order"] == "100%"
    per_doc = analysis.documents_by_theme(t["doc_themes"], t["articles"])
    assert per_doc["id"].iloc[0] == "kremlin1" and per_doc.set_index("id").loc["seed", "world_order"] == ""


def test_cooccurrence(t):
    m = analysis.theme_cooccurrence(t["doc_themes"])
    assert m.loc["china_russia_alignment", "china_russia_alignment"] == 6
    assert m.loc["china_russia_alignment", "world_order"] == 2 and m.loc["world_order", "trade_economy"] == 1
    pairs = analysis.cooccurrence_pairs(m)
    assert pairs.iloc[0].tolist() == ["china_russia_alignment", "trade_economy", 2, "0.33"]
    assert analysis.cooccurrence_pairs(pd.DataFrame()).empty


def test_terms_kwic_and_evidence(t):
    terms = analysis.theme_terms(t["theme_hits"])
    assert terms[terms["theme"] == "world_order"]["term"].tolist() == ["hegemony", "multipolar*"]
    assert analysis.theme_terms(t["theme_hits"], theme="world_order")["theme"].unique().tolist() == ["world_order"]
    k = analysis.kwic(t["theme_hits"], t["articles"], theme="world_order")
    first = k.iloc[0]
    assert (first["doc_id"], first["keyword"]) == ("kremlin1", "hegemony")
    assert first["left"].endswith("oppose ") and first["right"].startswith(" and support")
    ev = analysis.evidence(t["theme_hits"], t["articles"], theme="world_order")
    assert ev["score"].tolist() == ["5", "2"]


def test_statement_mentions_and_speaker_actor(t):
    pairs = analysis.statement_mentions(t["statements"], t["mentions"])
    xi = pairs[pairs["speaker"] == "Xi Jinping"]
    assert set(xi["actor"]) == {"Vladimir Putin"}  # the quote's sentence names Putin; Xi himself is left out
    matrix = analysis.speaker_actor(t["statements"], t["mentions"])
    assert matrix.loc["Vladimir Putin", "statements"] == 4 and matrix.loc["Vladimir Putin", "Russia"] == 1
    assert matrix.loc["Geng Shuang", "China"] == 2
    top = analysis.speaker_actor_pairs(t["statements"], t["mentions"])
    assert list(top.columns) == ["speaker", "actor", "statements", "documents"]


def test_relationship_statements_and_aspects(t):
    rel = analysis.relationship_statements(t["sentences"], t["statements"], t["mentions"], t["articles"],
                                           t["doc_themes"])
    assert set(rel["speaker"]) == {"Xi Jinping", "Vladimir Putin"}
    xi = rel[rel["speaker"] == "Xi Jinping"].iloc[0]
    assert xi["text"] == "old friend" and bool(xi["friendship"]) and "42 times" in xi["sentence"]
    putin = rel[(rel["speaker"] == "Vladimir Putin") & rel["trust"]]
    assert putin["doc_id"].tolist() == ["kremlin1"]
    by = analysis.aspects_by_speaker(rel).set_index("speaker")
    assert by.loc["Xi Jinping", "friendship"] == 1 and by.loc["Vladimir Putin", "coordination"] == 1
    long = analysis.aspects_over_time(rel)
    assert set(long["year"]) == {2019, 2023} and set(long["aspect"]) == set(analysis.ASPECTS)
    ex = analysis.aspect_examples(rel)
    assert {"speaker", "aspect", "statement", "sentence"} <= set(ex.columns) and len(ex) >= 3


def test_co_mentions_and_network(t):
    edges = analysis.co_mentions(t["mentions"])
    top = edges.iloc[0]
    assert (top["a"], top["b"]) == ("Vladimir Putin", "Xi Jinping") and top["sentences"] == 6
    assert edges.set_index(["a", "b"]).loc[("China", "Russia"), "sentences"] == 5
    g = analysis.actor_network(t["mentions"], top=5, max_edges=4)
    assert g.number_of_nodes() == 5 and g.number_of_edges() == 4
    table = analysis.network_table(g)
    assert table["actor"].iloc[0] == "China" and table["strongest_link"].iloc[0] == "Russia (5)"
    assert analysis.actor_network(t["mentions"].iloc[0:0]).number_of_nodes() == 0


def test_framing_by_source(t):
    frames = analysis.framing(t["sentences"], t["mentions"], t["articles"]).set_index("group")
    assert list(frames.index) == ["Kremlin texts", "MFA briefings", analysis.HEADLINES_GROUP, analysis.OTHER_GROUP]
    assert frames.loc["MFA briefings", "sentences"] == 1 and frames.loc["MFA briefings", "economy / energy"] == "100%"
    ex = analysis.framing_examples(t["sentences"], t["mentions"], t["articles"])
    assert {"group", "frame", "sentence"} <= set(ex.columns)


def test_world_order_terms(t):
    uses = analysis.term_uses(t["sentences"], t["statements"], t["articles"])
    kremlin = uses[uses["doc_id"] == "kremlin1"]
    assert set(kremlin["term"]) == {"multipolar", "hegemony"} and set(kremlin["speaker"]) == {"Vladimir Putin"}
    mfa = uses[uses["doc_id"] == "cn-mfa-1"]
    assert set(mfa["term"]) == {"hegemony", "unipolar"} and set(mfa["speaker"]) == {"Geng Shuang"}
    assert set(uses.loc[uses["term"] == "Global South", "speaker"]) == {"(narration)"}
    summary = analysis.term_summary(uses).set_index("term")
    assert summary.loc["hegemony", "documents"] == 2 and summary.loc["US-led order", "sentences"] == 0
    by_year = analysis.uses_by(uses, "year")
    assert by_year["year"].tolist() == ["2019", "2023"] and by_year["total"].tolist() == [2, 3]
    assert analysis.uses_by(uses, "speaker")["speaker"].iloc[0] in {"Vladimir Putin", "(narration)"}
    ex = analysis.term_examples(uses, per=1)
    assert ex["term"].tolist() == ["multipolar", "hegemony", "unipolar", "Global South"]


def test_world_order_terms_keep_the_kinds_of_statement_asked_for():
    from corpus_frames import build

    doc = {"id": "rss-k", "date": "2023-05-01", "title": None, "url": "https://www.theguardian.com/k",
           "sentences": ["Xi Jinping said the world is becoming multipolar.",
                         "\u201cHegemony has no future,\u201d Vladimir Putin said.",
                         "Analysts see a multipolar moment."],
           "statements": [(0, "Xi Jinping", "indirect"), (1, "Vladimir Putin", "quote")]}
    t = build([doc])
    every = analysis.term_uses(t["sentences"], t["statements"], t["articles"])
    assert sorted(every["kind"]) == ["indirect", "narration", "quote"]
    quoted = analysis.term_uses(t["sentences"], t["statements"], t["articles"], kinds=("quote", "turn"))
    assert sorted(quoted["kind"]) == ["narration", "quote"]
    assert set(quoted["speaker"]) == {"Vladimir Putin", "(narration)"}


def test_figure_year():
    s = "In 2012 trade grew to $87.5 billion (in 2007 the figure was $40 billion)."
    assert analysis.figure_year(s, s.index("$87"), 2013) == (2012, "year named before it")
    assert analysis.figure_year(s, s.index("$40"), 2013) == (2007, "year named before it")
    s = "Last year, trade reached $87 billion, and this year it will grow."
    assert analysis.figure_year(s, s.index("$87"), 2018) == (2017, "this/last/next year")
    s = "We aim to raise trade to $200 billion by 2024."
    assert analysis.figure_year(s, s.index("$200"), 2019) == (2024, "year named after it")
    assert analysis.figure_year("Trade is $5 billion.", 10, None) == (None, "no year")


def test_trade_figures(t):
    trade = analysis.trade_figures(t["figures"], t["sentences"], t["mentions"], t["articles"], t["doc_themes"])
    rows = {(r.doc_id, int(r.year), r.value / 1e9, r.kind) for r in trade.itertuples()}
    assert rows == {("kremlin1", 2018, 108.0, "reported"), ("cn-mfa-1", 2024, 200.0, "forecast or target"),
                    ("seed", 2023, 200.0, "forecast or target")}  # the $20 billion with the United States is left out
    table = analysis.trade_table(trade)
    assert table["figure"].tolist() == ["$108 billion", "$200 billion", "$200 billion"]
    assert analysis.money(1.25e12, "RUB") == "1.2 trillion RUB" and analysis.money(5e6, "USD") == "$5 million"


def test_meetings(t):
    reports = analysis.meeting_mentions(t["articles"], t["sentences"], t["mentions"], t["dates"])
    assert set(reports["doc_id"]) == {"seed", "kremlin1", "rss-0", "rss-1", "rss-2"}  # "Xi and Putin meet again"
    assert "title" in reports[reports["doc_id"] == "kremlin1"]["how"].iloc[0]
    meetings = analysis.meetings(reports)
    assert meetings["date"].tolist() == ["2019-06-05", "2023-03-20", "2023-10-18"]
    assert meetings["documents"].tolist() == [1, 2, 2]
    assert meetings.iloc[0]["evidence"] == "Talks with President of China Xi Jinping"
    two = pd.DataFrame({"date": ["2019-06-05", "2019-06-07", "2019-06-20"], "doc_id": ["a", "b", "c"],
                        "group": "x", "sentence": ["s1", "s2", "s3"], "how": "the document's date"})
    assert analysis.meetings(two)["documents"].tolist() == [2, 1]


def test_a_call_or_a_plan_is_not_a_meeting():
    doc = {**SEEDLIKE, "id": "d", "statements": [], "hits": [], "sentences": ["Xi Jinping and Vladimir Putin held a phone call on Monday.",
                                               "Xi Jinping will meet Vladimir Putin next month."]}
    t = build([doc])
    assert analysis.meeting_mentions(t["articles"], t["sentences"], t["mentions"], t["dates"]).empty


def test_attention(t):
    att = analysis.attention(t["articles"], t["mentions"])
    assert att.values.tolist() == [["The Guardian", "2023-03-20", 2, 2], [analysis.UNKNOWN_OUTLET, "2023-10-16", 1, 1],
                                   ["The Wall Street Journal", "2023-10-16", 1, 1]]  # the seed has no outlet
    summary = analysis.attention_summary(att)
    assert summary.iloc[0].tolist() == ["The Guardian", 2, 1, "2023-03-20 (2)"]


def test_as_records_wraps_long_values():
    text = analysis.as_records(pd.DataFrame({"claim": ["trade"], "corpus_reports": ["word " * 40]}), width=60)
    lines = text.splitlines()
    assert lines[0] == "claim           trade" and lines[1].startswith("corpus_reports  word")
    assert all(len(line) <= 60 for line in lines) and len(lines) > 3
    assert analysis.as_records(pd.DataFrame(), empty="none") == "none"


def test_statements_overview(t):
    df = analysis.statements_overview(t["statements"], t["articles"])
    assert df["date"].tolist()[0] == "2019-06-05" and list(df.columns) == ["date", "doc_id", "speaker", "kind", "text"]


@pytest.mark.corpus
def test_on_a_real_slice_of_the_kremlin_corpus(tmp_path):
    """Three real Kremlin texts, annotated: the meeting, the trade figure and the count of meetings are found."""
    import json

    from corpus_frames import KREMLIN as _  # noqa: F401 - the synthetic twin of these texts

    from helpers.annotate import annotate_articles
    from helpers.load import load

    source = SHARED_CORPUS / "kremlin_en.jsonl"
    if not source.exists():
        pytest.skip(f"{source} is absent (the shared corpus is not beside this checkout)")
    wanted = {"kremlin-60674", "kremlin-56327", "kremlin-55507"}
    lines = [line for line in source.open(encoding="utf-8") if json.loads(line)["id"] in wanted]
    (tmp_path / "slice.jsonl").write_text("".join(lines), encoding="utf-8")
    articles, _ = load(tmp_path / "slice.jsonl")
    tables = {"articles": articles, **annotate_articles(articles)}
    reports = analysis.meeting_mentions(tables["articles"], tables["sentences"], tables["mentions"], tables["dates"])
    assert "2017-09-03" in set(analysis.meetings(reports)["date"])
    trade = analysis.trade_figures(tables["figures"], tables["sentences"], tables["mentions"], tables["articles"],
                                   tables["doc_themes"])
    assert ((trade["year"] == 2018) & (trade["value"] == 108e9)).any()
    from helpers.analysis import claims

    counts = claims.meeting_counts(tables)
    assert (counts["text"] == "24 times").any()
    assert counts.set_index("text").loc["24 times", "since"] == "2013-01-01"


def test_kremlin_twin_is_shaped_like_the_real_texts():
    assert KREMLIN["url"].startswith("http://en.kremlin.ru/")


def test_every_analysis_copes_with_an_empty_corpus(t):
    """`since`/`until` can leave no document: every query returns an empty frame, every figure None."""
    from helpers.analysis import claims
    from helpers.output import plots

    e = {name: df.iloc[0:0] for name, df in t.items()}
    arts = e["articles"]
    frames = [
        analysis.theme_prevalence(e["doc_themes"], arts), analysis.prevalence_over_time(e["doc_themes"], arts),
        analysis.prevalence_by(e["doc_themes"], arts), analysis.documents_by_theme(e["doc_themes"], arts),
        analysis.theme_cooccurrence(e["doc_themes"]), analysis.theme_terms(e["theme_hits"]),
        analysis.kwic(e["theme_hits"], arts), analysis.evidence(e["theme_hits"], arts),
        analysis.speaker_actor(e["statements"], e["mentions"]),
        analysis.speaker_actor_pairs(e["statements"], e["mentions"]),
        analysis.relationship_statements(e["sentences"], e["statements"], e["mentions"], arts, e["doc_themes"]),
        analysis.co_mentions(e["mentions"]), analysis.network_table(analysis.actor_network(e["mentions"])),
        analysis.framing(e["sentences"], e["mentions"], arts),
        analysis.framing_examples(e["sentences"], e["mentions"], arts),
        analysis.term_uses(e["sentences"], e["statements"], arts),
        analysis.meeting_mentions(arts, e["sentences"], e["mentions"], e["dates"]),
        analysis.trade_figures(e["figures"], e["sentences"], e["mentions"], arts, e["doc_themes"]),
        analysis.attention(arts, e["mentions"]), analysis.statements_overview(e["statements"], arts),
        claims.find_claims(e),
    ]
    assert all(f.empty for f in frames)
    uses = analysis.term_uses(e["sentences"], e["statements"], arts)
    assert analysis.uses_by(uses, "speaker").empty and analysis.term_examples(uses).empty
    assert analysis.term_summary(uses)["sentences"].sum() == 0
    assert analysis.meetings(analysis.meeting_mentions(arts, e["sentences"], e["mentions"], e["dates"])).empty
    rel = frames[10]
    assert analysis.aspects_by_speaker(rel).empty and analysis.aspects_over_time(rel).empty
    assert analysis.aspect_examples(rel).empty and analysis.peaks(frames[1]).empty
    assert analysis.cooccurrence_pairs(frames[4]).empty and analysis.attention_summary(frames[18]).empty
    assert plots.theme_prevalence(frames[0], 0) is None and plots.prevalence_over_time(frames[1]) is None
    assert plots.cooccurrence(frames[4]) is None and plots.speaker_actor(frames[8]) is None
    assert plots.framing(frames[13], list(analysis.FRAMES)) is None and plots.attention(frames[18]) is None
    assert plots.trade_chart(frames[17]) is None and plots.meetings_timeline(analysis.meetings(frames[16])) is None


def test_framing_table_sets_the_sources_side_by_side(t):
    table = analysis.framing_table(analysis.framing(t["sentences"], t["mentions"], t["articles"]))
    assert list(table.columns) == ["measure", "Kremlin texts", "MFA briefings", analysis.HEADLINES_GROUP,
                                   analysis.OTHER_GROUP]
    assert table["measure"].tolist()[:3] == ["documents", "sentences about the relationship", "% speaking of friendship"]
    assert analysis.framing_table(pd.DataFrame()).empty


def test_a_kremlin_title_naming_only_putin_is_not_a_meeting_with_xi():
    doc = {"id": "kremlin2", "date": "2004-05-01", "title": "Vladimir Putin met with President of France",
           "url": "http://en.kremlin.ru/events/president/news/2", "sentences": ["The talks were held in Paris."]}
    t = build([doc])
    assert analysis.meeting_mentions(t["articles"], t["sentences"], t["mentions"], t["dates"]).empty
