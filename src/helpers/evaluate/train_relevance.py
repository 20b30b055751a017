"""`python -m helpers.evaluate.train_relevance`: fit the relevance model on the dev gold's tune part.

The documents of every dev gold file that carry a `relevant` label and fall in the tune part
(`split.part_of`) are annotated; a standardised logistic regression over the relevance features
is fitted, its strength chosen by repeated cross-validation on the same part (the strongest
regularisation whose log loss is within one standard error of the lowest,
`calibration.choose_strength`), and calibrated with a sigmoid on cross-validated decisions. The model is written as plain numbers in JSON (no pickle).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from helpers.annotate import Annotator
from helpers.annotate.relevance_model import (
    FEATURES,
    RELEVANCE_MODEL_FILE,
    features,
    model_to_train_over,
    parse_relevance_model,
)
from helpers.config import SHARED_EVAL
from helpers.evaluate import split
from helpers.evaluate.calibration import FOLDS, SHUFFLES, Choice, fit_calibrated
from helpers.evaluate.scores import dev_files, read_jsonl
from helpers.load import iter_articles

THRESHOLD = 0.5


def tune_examples(eval_dir: Path = SHARED_EVAL, part: str = "tune") -> tuple[np.ndarray, np.ndarray]:
    """(features, labels) of the labelled documents of `part` of every dev gold file."""
    ann = Annotator(relevance_model=model_to_train_over())
    xs, ys = [], []
    for name, docs, gold_path in dev_files(eval_dir):
        gold = split.only(read_jsonl(gold_path), name, part)
        articles = [a for a in iter_articles(docs, []) if a["id"] in gold and "relevant" in gold[a["id"]]]
        for article, tables in zip(articles, ann.annotate_many(articles)):
            xs.append(features(tables, ann.kb, ann.lexicons))
            ys.append(int(bool(gold[article["id"]]["relevant"])))
    return np.array(xs, dtype=float), np.array(ys, dtype=int)


def fit(x: np.ndarray, y: np.ndarray) -> tuple[dict, Choice]:
    """The model's parameters as plain numbers, and the strength chosen with its cross-validated figures."""
    from sklearn.model_selection import StratifiedKFold

    shuffles = [list(StratifiedKFold(FOLDS, shuffle=True, random_state=s).split(x, y)) for s in range(SHUFFLES)]
    fields, choice, theirs = fit_calibrated(x, y, shuffles)
    params = {"features": FEATURES, **fields, "threshold": THRESHOLD, "strength": choice.strength,
              "trained_on": f"dev gold, tune part: {len(y)} documents, {int(y.sum())} relevant"}
    model = parse_relevance_model(json.dumps(params))
    ours = np.array([model.probability(list(row)) for row in x])
    assert np.allclose(ours, theirs, atol=1e-4), "the rebuilt model disagrees"
    return params, choice


def main(argv: list[str] | None = None) -> int:
    """Train on the tune part and write the model (the shipped file by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(RELEVANCE_MODEL_FILE), help="where to write the model (JSON)")
    args = parser.parse_args(argv)
    x, y = tune_examples()
    params, choice = fit(x, y)
    Path(args.out).write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
    print(f"{params['trained_on']}; strength C={choice.strength} (lowest log loss at C={choice.best}); "
          f"cross-validated on the tune part ({FOLDS} folds, {SHUFFLES} shuffles): log loss {choice.log_loss:.3f}, "
          f"accuracy {choice.accuracy:.3f}; written to {args.out}")
    for name, w in sorted(zip(FEATURES, params["coef"]), key=lambda p: -abs(p[1])):
        print(f"  {name:20s} {w:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
