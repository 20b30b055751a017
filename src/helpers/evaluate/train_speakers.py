"""Train the speaker model (`annotate.ranker`): `python -m helpers.evaluate.train_speakers [--decide]`.

Training data: the quotations the annotator finds in PolNeAR train, each labelled with its quoted
attribution's source linked to a name (`polnear.link`; a quotation no attribution covers has no
speaker), and the quotations of the dev gold's tune part with their gold speakers. Each candidate
is one row of scikit-learn's gradient boosting of shallow regression trees (log-loss, seed 0:
deterministic). The hyperparameters (`HYPER`) were chosen by cross-validation grouped by article
on the same data (`--search` runs it again). A model that decides picks the best scored candidate;
whether a quotation has a speaker at all stays the rules' call where they found one, and where they
found no one the best candidate speaks from a threshold on: the one that gets most quotations
right in that cross-validation's held-out folds (`ranker.pick`). The trees are written as JSON
(features, bias, trees, threshold, decide).
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from helpers.annotate import Annotator
from helpers.annotate.ranker import FEATURES, MODEL_PATH, Candidate, Ranker, pick
from helpers.evaluate import polnear, split
from helpers.evaluate.scores import dev_files, scorer
from helpers.load import iter_articles

HYPER = {"n_estimators": 300, "max_depth": 4, "learning_rate": 0.1, "min_samples_leaf": 20}
GRID = {"n_estimators": (100, 300), "max_depth": (3, 4), "learning_rate": (0.05, 0.1), "min_samples_leaf": (20,)}
FOLDS = 5


def _collecting() -> Annotator:
    """An annotator that keeps the rules' answers and records every quotation's candidates."""
    ann = Annotator()
    ann.ranker = Ranker()
    ann.ranker.collect = []
    return ann


def polnear_examples(ann: Annotator, split_name: str = "train", limit: int | None = None) -> list[dict]:
    """PolNeAR's quotations with their candidates, features and linked gold speaker (None: no speaker)."""
    nlp = polnear.entity_pipeline()
    out = []
    for art in polnear.articles(split_name, limit):
        text = art["text"]
        ents = [(x.start_char, x.end_char, x.label_, x.text) for x in nlp(text).ents]
        gold = polnear.quoted_gold(art, ents)
        ann.ranker.collect.clear()
        ann.annotate({"id": art["id"], "title": None, "text": text, "date": art.get("date")})
        for ex in ann.ranker.collect:
            i = polnear.gold_for(gold, ex["open"] + 1, ex["close"])
            if i is not None and gold[i][1] is None:
                continue  # a source no name stands for ("officials"): no label
            out.append({**ex, "group": f"polnear:{art['id']}", "gold": gold[i][1] if i is not None else None})
    return out


def dev_examples(ann: Annotator, part: str = "tune") -> list[dict]:
    """The dev gold's quotations of `part` with their candidates, features and gold speaker."""
    sc = scorer()
    out = []
    for name, docs, gold_path in dev_files():
        gold = split.only(sc.load(str(gold_path)), name, part)
        for article in iter_articles(docs, []):
            g = gold.get(article["id"])
            if g is None or "statements" not in g:
                continue
            ann.ranker.collect.clear()
            tables = ann.annotate(article)
            quotes = [s for s in tables["statements"] if s["kind"] == "quote"]
            pairs, _ = sc.match_statements([s for s in g["statements"] if s.get("kind") != "indirect"],
                                           [{"text": s["text"], "kind": "quote", "row": s} for s in quotes])
            by_start = {p["row"]["start"]: gg.get("speaker") for gg, p in pairs}
            out += [{**ex, "group": f"{name}:{article['id']}", "gold": by_start[ex["start"]]}
                    for ex in ann.ranker.collect if ex["start"] in by_start]
    return out


def _matrix(examples: list[dict]):
    """One row per candidate, and whether it is the quotation's speaker."""
    import numpy as np

    same = scorer().same_speaker
    X = [row for ex in examples for row in ex["features"]]
    y = [int(ex["gold"] is not None and same(ex["gold"], name)) for ex in examples for name in ex["candidates"]]
    return np.array(X, dtype=float).reshape(-1, len(FEATURES)), np.array(y)


def _tree(estimator, rate: float) -> dict:
    """One fitted regression tree as parallel lists (a leaf: feature -1 and its value times `rate`)."""
    t = estimator.tree_
    leaf = [int(c) == -1 for c in t.children_left]
    return {"feature": [-1 if lf else int(f) for lf, f in zip(leaf, t.feature)],
            "threshold": [0.0 if lf else round(float(x), 6) for lf, x in zip(leaf, t.threshold)],
            "left": [int(c) for c in t.children_left], "right": [int(c) for c in t.children_right],
            "value": [round(rate * float(v), 6) if lf else 0.0 for lf, v in zip(leaf, t.value[:, 0, 0])]}


def fit_trees(examples: list[dict], hyper: dict | None = None, seed: int = 0) -> dict:
    """The model's parameters fitted on `examples` (threshold 0: see `threshold_by_folds`)."""
    import math

    from sklearn.ensemble import GradientBoostingClassifier

    X, y = _matrix(examples)
    model = GradientBoostingClassifier(random_state=seed, **(hyper or HYPER)).fit(X, y)
    prior = float(y.mean())
    return {"features": FEATURES, "model": "gradient boosting (scikit-learn)", "hyper": hyper or HYPER,
            "bias": round(math.log(prior / (1 - prior)), 6),
            "trees": [_tree(est, model.learning_rate) for est in model.estimators_[:, 0]],
            "threshold": 0.0, "decide": False}


def folds(examples: list[dict], k: int = FOLDS) -> list[tuple[list[dict], list[dict]]]:
    """`k` folds of `examples` grouped by article (a document is never on both sides)."""
    from sklearn.model_selection import GroupKFold

    groups = [ex["group"] for ex in examples]
    return [([examples[i] for i in tr], [examples[i] for i in te])
            for tr, te in GroupKFold(n_splits=k).split(groups, groups=groups)]


def held_out(examples: list[dict], hyper: dict | None = None) -> list[tuple[dict, list[float]]]:
    """Each quotation with its candidates' scores by a model fitted on the folds without its article."""
    out = []
    for train, test in folds(examples):
        ranker = Ranker(fit_trees(train, hyper))
        out += [(ex, ranker.scores(ex["features"])) for ex in test]
    return out


def accuracy(ranker: Ranker | None, examples: list[dict]) -> float:
    """Share of quotations whose speaker is right: the model's choice, or the rules' (ranker None)."""
    same = scorer().same_speaker
    right = 0
    for ex in examples:
        if ranker is None:
            got = ex["rule"]
        else:
            got, _ = ranker.choose([Candidate(n, "name") for n in ex["candidates"]], ex["features"])
        right += same(ex["gold"], got)
    return right / len(examples) if examples else 0.0


def scored_accuracy(scored: list[tuple[dict, list[float]]], threshold: float) -> float:
    """Share of quotations right when the model picks from their scored candidates (`ranker.pick`)."""
    same = scorer().same_speaker
    right = 0
    for ex, scores in scored:
        best = pick(scores, ex["features"], threshold)
        right += same(ex["gold"], ex["candidates"][best] if best is not None else None)
    return right / len(scored) if scored else 0.0


def best_threshold(scored: list[tuple[dict, list[float]]]) -> tuple[float, float]:
    """The threshold (in steps of 0.05) that gets most of the scored quotations right, and that share."""
    acc, k = max((scored_accuracy(scored, k * 0.05), -k) for k in range(19))
    return round(-k * 0.05, 2), acc


def search(examples: list[dict]) -> list[str]:
    """Every setting of `GRID`: accuracy at its best threshold, AUC and log-loss in held-out folds."""
    import numpy as np
    from sklearn.metrics import log_loss, roc_auc_score

    _, y = _matrix(examples)
    lines = []
    for values in itertools.product(*GRID.values()):
        hyper = dict(zip(GRID, values))
        scored = held_out(examples, hyper)
        p = np.array([s for _, scores in scored for s in scores])
        yy = np.concatenate([_matrix([ex])[1] for ex, _ in scored])
        t, acc = best_threshold(scored)
        lines.append(f"{hyper}: accuracy {acc:.4f} (threshold {t:.2f}), AUC {roc_auc_score(yy, p):.4f}, "
                     f"log-loss {log_loss(yy, p):.4f}")
    return lines + [f"rules: accuracy {accuracy(None, examples):.4f} ({len(y)} candidates)"]


def compare(params: dict) -> list[str]:
    """Rules against the model on what neither saw: the dev gold's validation part and PolNeAR dev."""
    from helpers.evaluate.scores import score_all

    lines = []
    for label, decide in (("rules", False), ("model", True)):
        ann = Annotator()
        ann.ranker = Ranker({**params, "decide": decide})
        table, _ = score_all(annotator=ann, baseline=False, parts=("validation",))
        pooled = table[(table["file"] == "pooled") & (table["system"] == "ours")].iloc[0]
        pn = polnear.speaker_scores(scorer().same_speaker, ann)
        lines.append(f"{label}: validation attribution_f1 {pooled['attribution_f1']:.3f} speaker_acc "
                     f"{pooled['speaker_acc']:.3f}; PolNeAR dev speaker_acc {pn['speaker_acc']:.3f} "
                     f"({pn['quotations']} quotations)")
    return lines


def ranking(params: dict) -> list[str]:
    """How well the speaker score ranks and is calibrated on PolNeAR dev: AUC and log-loss over its
    candidates, for the model and for the rules' choice taken as a score (1 chosen, 0 not)."""
    import numpy as np
    from sklearn.metrics import log_loss, roc_auc_score

    examples = polnear_examples(_collecting(), "dev")
    X, y = _matrix(examples)
    p = np.array(Ranker(params).scores(X.tolist()))
    rule = X[:, FEATURES.index("rule")]
    return [f"PolNeAR dev, {len(examples)} quotations, {len(y)} candidates: model AUC {roc_auc_score(y, p):.4f}, "
            f"log-loss {log_loss(y, p):.4f}; the rules' choice AUC {roc_auc_score(y, rule):.4f}"]


def main(argv: list[str] | None = None) -> int:
    """Collect, fit, report rules against model on the training data, and write the model."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--decide", action="store_true", help="let the model choose the speaker, not only score it")
    ap.add_argument("--limit", type=int, default=None, help="PolNeAR train articles to read (all by default)")
    ap.add_argument("--search", action="store_true", help="only print the grouped cross-validation of GRID")
    ap.add_argument("--compare", type=Path, default=None,
                    help="only print rules against the model at this path on validation data, and train nothing")
    args = ap.parse_args(argv)
    if args.compare:
        params = json.loads(args.compare.read_text(encoding="utf-8"))
        print("\n".join(compare(params) + ranking(params)))
        return 0
    ann = _collecting()
    examples = polnear_examples(ann, "train", args.limit) + dev_examples(ann, "tune")
    if args.search:
        print("\n".join(search(examples)))
        return 0
    threshold, held = best_threshold(held_out(examples))
    params = fit_trees(examples)
    params["threshold"], params["decide"] = threshold, bool(args.decide)
    print(f"{len(examples)} quotations, {sum(len(e['candidates']) for e in examples)} candidates; "
          f"held-out folds grouped by article: rules {accuracy(None, examples):.3f}, model {held:.3f} "
          f"(threshold {threshold:.2f}); on the training data itself: model {accuracy(Ranker(params), examples):.3f}")
    args.out.write_text(json.dumps(params, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
