"""The export schema: one document as the annotation guidelines describe it, plus evidence."""

from __future__ import annotations

from helpers.annotate.relevance import relevance
from helpers.annotate.relevance_model import load_relevance_model
from helpers.resources.kb import KnowledgeBase


def document_export(article: dict, tables: dict[str, list[dict]], kb: KnowledgeBase | None = None) -> dict:
    """One document in the evaluation schema of the guidelines, plus the relevance probability; `kb`: whose sides."""
    actors = sorted({m["actor"] for m in tables["mentions"]})
    themes = sorted({t["theme"] for t in tables["doc_themes"] if t["present"]})
    statements = [{"speaker": s["speaker"], "start": s["first_words"], "text": s["text"], "kind": s["kind"]}
                  for s in tables["statements"]]
    model = load_relevance_model()
    probability = relevance(tables, kb, model)
    return {"id": article["id"], "actors": actors, "statements": statements, "themes": themes,
            "relevant": probability >= model.threshold, "relevance": round(probability, 3)}
