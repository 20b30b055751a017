"""The export schema: one document as the annotation guidelines describe it, plus evidence."""

from __future__ import annotations

from helpers.annotate.relevance import is_relevant
from helpers.resources.kb import KnowledgeBase


def document_export(article: dict, tables: dict[str, list[dict]], kb: KnowledgeBase | None = None) -> dict:
    """One document in the evaluation schema of the guidelines (plus evidence); `kb`: as `is_relevant`'s."""
    actors = sorted({m["actor"] for m in tables["mentions"]})
    themes = sorted({t["theme"] for t in tables["doc_themes"] if t["present"]})
    statements = [{"speaker": s["speaker"], "start": s["first_words"], "text": s["text"], "kind": s["kind"]}
                  for s in tables["statements"]]
    return {"id": article["id"], "actors": actors, "statements": statements, "themes": themes,
            "relevant": is_relevant(tables, kb)}
