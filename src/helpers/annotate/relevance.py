"""Relevance: whether a document is about China–Russia relations, from its themes and actors.

The two sides (their states, leaders and officials) are the knowledge base's actors marked with
a `side:`."""

from __future__ import annotations

from helpers.resources.kb import KnowledgeBase, load_kb

# The share of a document's actor mentions the two sides must make up.
RELEVANT_SHARE = 0.5


def is_relevant(tables: dict[str, list[dict]], kb: KnowledgeBase | None = None) -> bool:
    """About China–Russia relations: the alignment theme is present and the two sides make up at
    least half of the document's actor mentions. `kb`: whose sides (the shipped one by default)."""
    aligned = any(t["theme"] == "china_russia_alignment" and t["present"] for t in tables["doc_themes"])
    actors = [m["actor"] for m in tables["mentions"]]
    if not aligned or not actors:
        return False
    kb = kb or load_kb()
    china_side, russia_side = kb.side("China"), kb.side("Russia")
    china = sum(a in china_side for a in actors)
    russia = sum(a in russia_side for a in actors)
    return china > 0 and russia > 0 and (china + russia) / len(actors) >= RELEVANT_SHARE
