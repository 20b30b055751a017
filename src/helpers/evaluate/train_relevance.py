"""`python -m helpers.evaluate.train_relevance`: fit the relevance model on the dev gold's tune part.

The documents of every dev gold file that carry a `relevant` label and fall in the tune part
(`split.part_of`) are annotated; a standardised logistic regression over the relevance features
is fitted, its strength chosen by cross-validation on the same part, and calibrated with a sigmoid
on cross-validated decisions. The model is written as plain numbers in JSON (no pickle).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from helpers.annotate import default_annotator
from helpers.annotate.relevance_model import (
    FEATURES,
    RELEVANCE_MODEL_FILE,
    features,
    parse_relevance_model,
)
from helpers.config import SHARED_EVAL
from helpers.evaluate import split
from helpers.evaluate.scores import dev_files, read_jsonl
from helpers.load import iter_articles

STRENGTHS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)  # inverse regularisation strengths tried
FOLDS = 5
THRESHOLD = 0.5


def tune_examples(eval_dir: Path = SHARED_EVAL, part: str = "tune") -> tuple[np.ndarray, np.ndarray]:
    """(features, labels) of the labelled documents of `part` of every dev gold file."""
    ann = default_annotator()
    xs, ys = [], []
    for name, docs, gold_path in dev_files(eval_dir):
        gold = split.only(read_jsonl(gold_path), name, part)
        articles = [a for a in iter_articles(docs, []) if a["id"] in gold and "relevant" in gold[a["id"]]]
        for article, tables in zip(articles, ann.annotate_many(articles)):
            xs.append(features(tables, ann.kb, ann.lexicons))
            ys.append(int(bool(gold[article["id"]]["relevant"])))
    return np.array(xs, dtype=float), np.array(ys, dtype=int)


def fit(x: np.ndarray, y: np.ndarray) -> tuple[dict, float]:
    """The model's parameters as plain numbers, and the cross-validated accuracy of the strength chosen."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=0)
    cv = {c: cross_val_score(make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=1000)),
                             x, y, cv=folds).mean() for c in STRENGTHS}
    strength = max(STRENGTHS, key=lambda c: (round(cv[c], 6), -c))
    scaler = StandardScaler().fit(x)
    z = scaler.transform(x)
    calibrated = CalibratedClassifierCV(LogisticRegression(C=strength, max_iter=1000), method="sigmoid",
                                        cv=folds, ensemble=False).fit(z, y)
    inner = calibrated.calibrated_classifiers_[0]
    base, sigmoid = inner.estimator, inner.calibrators[0]
    params = {"features": FEATURES, "mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(),
              "coef": base.coef_[0].tolist(), "intercept": float(base.intercept_[0]),
              "calibration": [float(sigmoid.a_), float(sigmoid.b_)], "threshold": THRESHOLD,
              "strength": strength, "trained_on": f"dev gold, tune part: {len(y)} documents, {int(y.sum())} relevant"}
    rounded = json.loads(json.dumps(params), parse_float=lambda v: round(float(v), 6))
    model = parse_relevance_model(json.dumps(rounded))
    ours = np.array([model.probability(list(row)) for row in x])
    assert np.allclose(ours, calibrated.predict_proba(z)[:, 1], atol=1e-4), "the rebuilt model disagrees"
    return rounded, cv[strength]


def main(argv: list[str] | None = None) -> int:
    """Train on the tune part and write the model (the shipped file by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(RELEVANCE_MODEL_FILE), help="where to write the model (JSON)")
    args = parser.parse_args(argv)
    x, y = tune_examples()
    params, accuracy = fit(x, y)
    Path(args.out).write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
    print(f"{params['trained_on']}; strength C={params['strength']}; "
          f"cross-validated accuracy on the tune part {accuracy:.3f}; written to {args.out}")
    for name, w in sorted(zip(FEATURES, params["coef"]), key=lambda p: -abs(p[1])):
        print(f"  {name:20s} {w:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
