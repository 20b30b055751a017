"""The theme model: the probability that a document substantively addresses a theme, given the
codebook's hits.

The codebook finds the evidence (weighted terms in sentences, a document score against a
threshold); this model weighs how that evidence is spread: a score well over the threshold, hits in
the title and lead, several sentences rather than one passing word, how many distinct terms fired,
how long the document is. A logistic regression with one intercept per theme, calibrated with a
sigmoid, trained on the dev gold's tune part by `make train-themes`
(`helpers.evaluate.train_themes`). It ships as plain numbers in JSON (no pickle) and applies only
to the codebook it was trained with (its digest is in the file): with another codebook the
threshold rule decides and `theme_score` stays empty.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from helpers.annotate.calibrated import Calibrated, calibrated_fields
from helpers.config import DATA_DIR
from helpers.resources.files import read_cached, text_digest

THEME_MODEL_FILE = DATA_DIR / "theme_model.json"
LEAD = 3  # the title and the two sentences after it

FEATURES = [
    "log_score",        # log(1 + the theme's document score)
    "log_ratio",        # log(score / threshold): how far over or under the threshold
    "over_threshold",   # the score reaches the threshold (the codebook's own decision)
    "title_score",      # log(1 + the theme's score in the first sentence, the title)
    "lead_score",       # log(1 + the theme's score in the title and the two sentences after it)
    "hit_sentences",    # log(1 + sentences with a hit)
    "best_sentence",    # the highest score of one sentence
    "hit_share",        # the share of the document's sentences with a hit
    "log_sentences",    # log(1 + the document's sentences)
    "distinct_terms",   # log(1 + distinct terms that fired)
]


def features(score: float, threshold: float, hits: list[dict], sentences: int) -> list[float]:
    """One theme's features in a document, in the order of `FEATURES` (`hits`: the theme's rows of
    `theme_hits`, with `sent`, `score` and `terms`; `score` > 0)."""
    terms = {t for h in hits for t in h["terms"].split(", ") if t}
    hit_sents = {h["sent"] for h in hits}
    return [
        math.log1p(score),
        math.log(score / threshold) if threshold > 0 else 0.0,
        float(score >= threshold),
        math.log1p(sum(h["score"] for h in hits if h["sent"] == 0)),
        math.log1p(sum(h["score"] for h in hits if h["sent"] < LEAD)),
        math.log1p(len(hit_sents)),
        max((h["score"] for h in hits), default=0.0),
        len(hit_sents) / max(sentences, 1),
        math.log1p(sentences),
        math.log1p(len(terms)),
    ]


@dataclass(frozen=True)
class ThemeModel(Calibrated):
    """The calibrated logistic regression over `FEATURES` and one indicator per theme (a theme's own
    intercept), its threshold and the digest of the codebook it was trained with."""

    features: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    threshold: float = 0.5
    codebook: str = ""
    digest: str = ""

    def knows(self, theme: str) -> bool:
        """Whether the model was trained on `theme`."""
        return theme in self.themes

    def probability(self, theme: str, x: list[float]) -> float:
        """The calibrated probability that a document with features `x` addresses `theme`."""
        return self.calibrated(list(x) + [float(theme == t) for t in self.themes])


def parse_theme_model(text: str, source: str = "<string>") -> ThemeModel:
    """Read a theme model from its JSON; errors name the file."""
    try:
        data = json.loads(text)
        model = ThemeModel(**calibrated_fields(data), features=tuple(data["features"]), themes=tuple(data["themes"]),
                           threshold=float(data["threshold"]), codebook=str(data["codebook"]),
                           digest=text_digest(text))
    except (ValueError, KeyError, TypeError, IndexError) as e:
        raise ValueError(f"{source}: not a theme model ({e!r})") from None
    width = len(FEATURES) + len(model.themes)
    if list(model.features) != FEATURES or not (len(model.mean) == len(model.scale) == len(model.coef) == width):
        raise ValueError(f"{source}: the model's features are not {', '.join(FEATURES)} and one indicator per "
                         "theme: retrain it (make train-themes)")
    if any(s <= 0 for s in model.scale):
        raise ValueError(f"{source}: a feature's scale is not positive")
    return model


def load_theme_model(path: str | Path | None = None) -> ThemeModel:
    """Load the shipped theme model (or one at `path`)."""
    return read_cached(parse_theme_model, path or THEME_MODEL_FILE)
