"""Themes: the codebook applied to a document's sentences, each theme's score against its
threshold, and the theme model's probability where the model was trained with this codebook."""

from __future__ import annotations

from helpers.annotate.sentences import Sentence
from helpers.annotate.theme_model import ThemeModel, features
from helpers.resources.codebook import Codebook


def themes(codebook: Codebook, doc_id, text: str, sents: list[Sentence],
           mentions: list[dict], words: int | None = None,
           model: ThemeModel | None = None) -> tuple[list[dict], list[dict]]:
    """The theme hits of a document's sentences and its themes (`mentions`: rows with their sentence;
    `words`: the document's length in words, counted by spaces unless given, as for Chinese).

    With a `model` trained on this codebook (`model.codebook == codebook.digest`), a theme it knows
    gets `theme_score`, the model's probability, and is present when that reaches the model's
    threshold; otherwise `theme_score` is None and the theme is present when its score reaches the
    codebook's threshold."""
    hits, doc_themes = [], []
    totals: dict[str, float] = {}
    actors_in: dict[int, list[tuple[int, int, str]]] = {}
    for m in mentions:
        actors_in.setdefault(m["sent"], []).append((m["start"], m["end"], m["actor"]))
    bounds = [(s.start_char, s.end_char) for s in sents]
    for k, tid, score, terms in codebook.score_sentences(text, bounds, actors_in):
        s = sents[k]
        hits.append({"doc_id": doc_id, "theme": tid, "sent": k, "start": s.start_char, "end": s.end_char,
                     "score": score, "terms": ", ".join(terms), "sentence": text[s.start_char:s.end_char].strip()})
        totals[tid] = totals.get(tid, 0.0) + score
    if words is None:
        words = len(text.split())
    if model is not None and model.codebook != codebook.digest:
        model = None
    by_theme: dict[str, list[dict]] = {}
    for h in hits:
        by_theme.setdefault(h["theme"], []).append(h)
    for tid, theme in codebook.themes.items():
        score = totals.get(tid, 0.0)
        if score > 0:
            threshold = codebook.threshold_for(theme, words)
            probability = None
            if model is not None and model.knows(tid):
                x = features(score, threshold, by_theme[tid], len(sents))
                probability = model.probability(tid, x)
            present = score >= threshold if probability is None else probability >= model.threshold
            doc_themes.append({"doc_id": doc_id, "theme": tid, "score": score, "threshold": threshold,
                               "present": present, "theme_score": probability})
    return hits, doc_themes
