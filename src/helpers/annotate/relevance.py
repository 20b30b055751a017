"""Relevance: whether a document is about China–Russia relations, or Xi and Putin meeting or
addressing each other: the relevance model's calibrated probability against its threshold.

The two sides (their states, leaders and officials) are the knowledge base's actors marked with
a `side:`; the features are those of `relevance_model`."""

from __future__ import annotations

from helpers.annotate.relevance_model import (
    RelevanceModel,
    features,
    load_relevance_model,
)
from helpers.resources.kb import KnowledgeBase, load_kb
from helpers.resources.lexicons import Lexicons, load_lexicons


def relevance(tables: dict[str, list[dict]], kb: KnowledgeBase | None = None,
              model: RelevanceModel | None = None, lexicons: Lexicons | None = None) -> float:
    """The probability that the annotated document is about China–Russia relations.

    `kb`: whose sides (the shipped one by default); `model`: the shipped one by default. The
    meeting and relationship words are the shipped lexicons', those the model was trained with
    (`lexicons`: them, loaded already, by a caller that reads many documents)."""
    model = model or load_relevance_model()
    return model.probability(features(tables, kb or load_kb(), lexicons or load_lexicons()))


def is_relevant(tables: dict[str, list[dict]], kb: KnowledgeBase | None = None,
                model: RelevanceModel | None = None) -> bool:
    """Whether the document's relevance probability reaches the model's threshold."""
    model = model or load_relevance_model()
    return relevance(tables, kb, model) >= model.threshold
