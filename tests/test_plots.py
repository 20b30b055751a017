"""Figures: a title and labelled axes when there is something to draw, None (a one-line note) when not."""

from __future__ import annotations

import pandas as pd
import pytest
from corpus_frames import small_corpus

from helpers import analysis
from helpers.analysis import claims
from helpers.output import plots


@pytest.fixture(scope="module")
def t():
    return small_corpus()


def _labelled(fig) -> None:
    assert fig is not None
    titled = fig._suptitle is not None or any(ax.get_title() for ax in fig.axes)
    assert titled, "no title"
    for ax in fig.axes:
        if ax.get_visible() and (ax.has_data() or ax.images):
            assert ax.get_xlabel() and ax.get_ylabel(), f"unlabelled axes in {ax.get_title()!r}"


def test_theme_figures(t):
    prevalence = analysis.theme_prevalence(t["doc_themes"], t["articles"])
    _labelled(plots.theme_prevalence(prevalence, len(t["articles"])))
    over = analysis.prevalence_over_time(t["doc_themes"], t["articles"])
    _labelled(plots.prevalence_over_time(over))
    one_period = over[over["period"] == over["period"].iloc[0]]
    assert plots.prevalence_over_time(one_period) is None
    _labelled(plots.cooccurrence(analysis.theme_cooccurrence(t["doc_themes"])))
    _labelled(plots.theme_terms(analysis.theme_terms(t["theme_hits"]), {"world_order": "World order"}))
    assert plots.theme_terms(analysis.theme_terms(t["theme_hits"].iloc[0:0])) is None
    assert plots.theme_prevalence(prevalence.iloc[0:0], 0) is None


def test_relationship_figures(t):
    _labelled(plots.speaker_actor(analysis.speaker_actor(t["statements"], t["mentions"])))
    assert plots.speaker_actor(pd.DataFrame()) is None
    rel = analysis.relationship_statements(t["sentences"], t["statements"], t["mentions"], t["articles"],
                                           t["doc_themes"])
    _labelled(plots.aspects_by_speaker(analysis.aspects_by_speaker(rel), list(analysis.ASPECTS)))
    _labelled(plots.aspects_over_time(analysis.aspects_over_time(rel), list(analysis.ASPECTS)))
    assert plots.aspects_over_time(analysis.aspects_over_time(rel.iloc[0:0]), list(analysis.ASPECTS)) is None
    _labelled(plots.network(analysis.actor_network(t["mentions"])))
    assert plots.network(analysis.actor_network(t["mentions"].iloc[0:0])) is None
    frames = analysis.framing(t["sentences"], t["mentions"], t["articles"])
    _labelled(plots.framing(frames, list(analysis.FRAMES)))


def test_world_order_figures(t):
    uses = analysis.term_uses(t["sentences"], t["statements"], t["articles"])
    _labelled(plots.term_heatmap(analysis.uses_by(uses, "speaker"), "speaker", "Who"))
    _labelled(plots.term_lines(analysis.uses_by(uses, "year")))
    assert plots.term_heatmap(analysis.uses_by(uses.iloc[0:0], "speaker"), "speaker", "Who") is None


def test_timeline_figures(t):
    reports = analysis.meeting_mentions(t["articles"], t["sentences"], t["mentions"], t["dates"])
    _labelled(plots.meetings_timeline(analysis.meetings(reports)))
    assert plots.meetings_timeline(analysis.meetings(reports.iloc[0:0])) is None
    trade = analysis.trade_figures(t["figures"], t["sentences"], t["mentions"], t["articles"], t["doc_themes"])
    found = claims.find_claims(t, "seed")
    fig = plots.trade_chart(trade, found)
    _labelled(fig)
    assert any(c.get_label() == "the claim checked" for c in fig.axes[0].collections)
    assert plots.trade_chart(trade.iloc[0:0], found) is None
    att = analysis.attention(t["articles"], t["mentions"])
    _labelled(plots.attention(att))
    assert plots.attention(att[att["week"] == "2023-03-20"]) is None


def test_dollar_signs_in_document_text_do_not_break_a_figure():
    import io

    matrix = pd.DataFrame({"statements": [3], "$x^{": [2], "a $ b": [1]}, index=["Mr $ign"])
    fig = plots.speaker_actor(matrix)
    fig.savefig(io.BytesIO(), format="png")
    terms = pd.DataFrame({"theme": ["t"], "term": ["$200 $ bn"], "sentences": [1], "documents": [1]})
    plots.theme_terms(terms).savefig(io.BytesIO(), format="png")
