"""Train the speaker model (`annotate.ranker`): `python -m helpers.evaluate.train_speakers [--decide]`.

Training data: the quotations the annotator finds in PolNeAR train, each labelled with its quoted
attribution's source linked to a name (`polnear.link`; a quotation no attribution covers has no
speaker), and the quotations of the dev gold's tune part with their gold speakers. Each candidate
is one row of a logistic regression (scikit-learn, lbfgs: deterministic). The threshold under
which no candidate is chosen is the one that gets most quotations right on the same data. The
model is written as JSON (features, weights, bias, threshold, decide).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from helpers.annotate import Annotator
from helpers.annotate.ranker import FEATURES, MODEL_PATH, Ranker
from helpers.evaluate import polnear, split
from helpers.evaluate.scores import dev_files, scorer
from helpers.load import iter_articles


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
            out.append({**ex, "gold": gold[i][1] if i is not None else None})
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
            out += [{**ex, "gold": by_start[ex["start"]]} for ex in ann.ranker.collect if ex["start"] in by_start]
    return out


def fit(examples: list[dict], seed: int = 0) -> dict:
    """The model's parameters fitted on `examples`."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    same = scorer().same_speaker
    X, y = [], []
    for ex in examples:
        for name, row in zip(ex["candidates"], ex["features"]):
            X.append(row)
            y.append(int(ex["gold"] is not None and same(ex["gold"], name)))
    model = LogisticRegression(C=1.0, max_iter=2000, random_state=seed)
    model.fit(np.array(X), np.array(y))
    params = {"features": FEATURES, "weights": [round(float(w), 6) for w in model.coef_[0]],
              "bias": round(float(model.intercept_[0]), 6), "threshold": 0.0, "decide": False}
    params["threshold"] = best_threshold(params, examples)
    return params


def accuracy(ranker: Ranker | None, examples: list[dict]) -> float:
    """Share of quotations whose speaker is right: the model's choice, or the rules' (ranker None)."""
    same = scorer().same_speaker
    right = 0
    for ex in examples:
        if ranker is None:
            got = ex["rule"]
        else:
            from helpers.annotate.ranker import Candidate

            got, _ = ranker.choose([Candidate(n, "name") for n in ex["candidates"]], ex["features"])
        right += same(ex["gold"], got)
    return right / len(examples) if examples else 0.0


def best_threshold(params: dict, examples: list[dict]) -> float:
    """The threshold (in steps of 0.05) that gets most of `examples` right."""
    best, best_t = -1.0, 0.0
    for k in range(0, 19):
        t = k * 0.05
        acc = accuracy(Ranker({**params, "threshold": t}), examples)
        if acc > best:
            best, best_t = acc, t
    return round(best_t, 2)


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


def main(argv: list[str] | None = None) -> int:
    """Collect, fit, report rules against model on the training data, and write the model."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--decide", action="store_true", help="let the model choose the speaker, not only score it")
    ap.add_argument("--limit", type=int, default=None, help="PolNeAR train articles to read (all by default)")
    ap.add_argument("--compare", type=Path, default=None,
                    help="only print rules against the model at this path on validation data, and train nothing")
    args = ap.parse_args(argv)
    if args.compare:
        print("\n".join(compare(json.loads(args.compare.read_text(encoding="utf-8")))))
        return 0
    ann = _collecting()
    examples = polnear_examples(ann, "train", args.limit) + dev_examples(ann, "tune")
    params = fit(examples)
    params["decide"] = bool(args.decide)
    print(f"{len(examples)} quotations, {sum(len(e['candidates']) for e in examples)} candidates; "
          f"on the training data: rules {accuracy(None, examples):.3f}, model {accuracy(Ranker(params), examples):.3f}")
    args.out.write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
