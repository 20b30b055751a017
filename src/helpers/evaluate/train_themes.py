"""`python -m helpers.evaluate.train_themes`: fit the theme model on the dev gold's tune part.

Every document of every dev gold file in the tune part (`split.part_of`) is annotated; each theme
with a codebook hit in a document is one example, labelled by whether the gold lists the theme. A
standardised logistic regression over the theme features and one indicator per theme is fitted,
its strength chosen on the tune part alone by repeated cross-validation with a document's themes kept
in one fold (the strongest regularisation whose log loss is within one standard error of the lowest,
`calibration.choose_strength`), and calibrated with a sigmoid on cross-validated decisions. The model is written as plain numbers in JSON (no
pickle), with the digest of the codebook it was trained with.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from helpers.annotate import Annotator
from helpers.annotate.relevance_model import model_to_train_over
from helpers.annotate.theme_model import FEATURES, THEME_MODEL_FILE, features, parse_theme_model
from helpers.config import SHARED_EVAL
from helpers.evaluate import split
from helpers.evaluate.calibration import FOLDS, SHUFFLES, Choice, fit_calibrated
from helpers.evaluate.scores import dev_files, read_jsonl
from helpers.load import iter_articles

THRESHOLD = 0.5


def examples(eval_dir: Path = SHARED_EVAL, part: str = "tune") -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str], str]:
    """(rows, labels, document groups, theme names, codebook digest) of the documents of `part` of every
    dev gold file; a row is a theme's features followed by one indicator per theme of the codebook."""
    ann = Annotator(relevance_model=model_to_train_over())
    names = list(ann.codebook.themes)
    xs, ys, groups = [], [], []
    for name, docs, gold_path in dev_files(eval_dir):
        gold = split.only(read_jsonl(gold_path), name, part)
        articles = [a for a in iter_articles(docs, []) if a["id"] in gold]
        for article, tables in zip(articles, ann.annotate_many(articles)):
            wanted = set(gold[article["id"]].get("themes", []))
            for row in tables["doc_themes"]:
                hits = [h for h in tables["theme_hits"] if h["theme"] == row["theme"]]
                x = features(row["score"], row["threshold"], hits, len(tables["sentences"]))
                xs.append(x + [float(row["theme"] == t) for t in names])
                ys.append(int(row["theme"] in wanted))
                groups.append(f"{name}/{article['id']}")
    return np.array(xs, dtype=float), np.array(ys, dtype=int), np.array(groups), names, ann.codebook.digest


def shuffles(x: np.ndarray, y: np.ndarray, groups: np.ndarray, seeds: int = SHUFFLES) -> list[list]:
    """`seeds` draws of `FOLDS` stratified folds with the themes of one document in one fold."""
    from sklearn.model_selection import StratifiedGroupKFold

    return [list(StratifiedGroupKFold(FOLDS, shuffle=True, random_state=s).split(x, y, groups)) for s in range(seeds)]


def fit(x: np.ndarray, y: np.ndarray, groups: np.ndarray, names: list[str], codebook: str) -> tuple[dict, Choice]:
    """The model's parameters as plain numbers, and the strength chosen with its cross-validated figures."""
    fields, choice, theirs = fit_calibrated(x, y, shuffles(x, y, groups))
    params = {"features": FEATURES, "themes": names, **fields, "threshold": THRESHOLD, "codebook": codebook,
              "strength": choice.strength,
              "trained_on": f"dev gold, tune part: {len(set(groups))} documents, {len(y)} themes with a codebook hit, "
                            f"{int(y.sum())} of them in the gold"}
    model = parse_theme_model(json.dumps(params))
    ours = np.array([model.probability(names[int(np.argmax(row[len(FEATURES):]))], list(row[:len(FEATURES)]))
                     for row in x])
    assert np.allclose(ours, theirs, atol=1e-4), "the rebuilt model disagrees"
    return params, choice


def main(argv: list[str] | None = None) -> int:
    """Train on the tune part and write the model (the shipped file by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(THEME_MODEL_FILE), help="where to write the model (JSON)")
    args = parser.parse_args(argv)
    x, y, groups, names, codebook = examples()
    params, choice = fit(x, y, groups, names, codebook)
    Path(args.out).write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
    print(f"{params['trained_on']}; strength C={choice.strength} (lowest log loss at C={choice.best}); "
          f"cross-validated on the tune part ({FOLDS} folds, {SHUFFLES} shuffles): log loss {choice.log_loss:.3f}, "
          f"accuracy {choice.accuracy:.3f}; written to {args.out}")
    for name, w in sorted(zip(FEATURES + [f"theme={t}" for t in names], params["coef"]), key=lambda p: -abs(p[1])):
        print(f"  {name:32s} {w:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
