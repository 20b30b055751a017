"""Evaluation: the annotator and a plain baseline scored against gold files, side by side.

The gold files and the scorer are the shared evaluation set (`../shared/eval/`): every
`dev/NAME.jsonl` has its gold `dev/NAME.gold.jsonl`, and `score.py` computes the figures. The
baseline is what a plain pipeline gives: en_core_web_sm entities mapped to canonical actors by
exact alias, each quotation given to the nearest preceding PERSON entity, a theme wherever one of
its codebook terms is found (a keyword search), and a document relevant when those entities name
both sides (China's and Russia's, as the knowledge base marks them).
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.annotate import Annotator, default_annotator, document_export, find_quotes, first_words
from helpers.config import SHARED_EVAL
from helpers.evaluate import control, polnear, polnear_reported, split
from helpers.load import iter_articles

FIGURES = ["actors_f1", "attribution_f1", "speaker_acc", "statements_f1", "themes_micro_f1",
           "themes_macro_f1", "relevance_acc"]
TARGETS = {"actors_f1": 0.92, "attribution_f1": 0.90, "speaker_acc": 0.95, "themes_micro_f1": 0.88,
           "themes_macro_f1": 0.85, "relevance_acc": 0.92}


@lru_cache(maxsize=1)
def scorer(eval_dir: Path = SHARED_EVAL):
    """The shared scoring script, imported as a module."""
    path = Path(eval_dir) / "score.py"
    if not path.exists():
        raise FileNotFoundError(f"{path}: the shared evaluation set is not beside this checkout")
    spec = importlib.util.spec_from_file_location("multipolar_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dev_files(eval_dir: Path = SHARED_EVAL) -> list[tuple[str, Path, Path]]:
    """(name, documents, gold) for every gold file of the dev set."""
    dev = Path(eval_dir) / "dev"
    out = []
    for gold in sorted(dev.glob("*.gold.jsonl")):
        name = gold.name[: -len(".gold.jsonl")]
        docs = dev / f"{name}.jsonl"
        if docs.exists():
            out.append((name, docs, gold))
    return out


def read_jsonl(path: Path) -> dict[str, dict]:
    """JSON lines keyed by id."""
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                rows[row["id"]] = row
    return rows


def predict(docs: Path, annotator: Annotator | None = None) -> tuple[dict[str, dict], dict[str, dict]]:
    """Annotate a documents file; return (exports by id, annotation tables by id)."""
    ann = annotator or default_annotator()
    preds, tables = {}, {}
    for article in iter_articles(docs, []):
        t = ann.annotate(article)
        preds[article["id"]] = document_export(article, t, ann.kb)
        tables[article["id"]] = {"article": article, **t}
    return preds, tables


class Baseline:
    """en_core_web_sm entities mapped to actors by exact alias; quotes to the nearest preceding PERSON;
    a theme wherever a codebook term of it is found; relevant when the actors found name both sides."""

    def __init__(self, annotator: Annotator | None = None):
        self.ann = annotator or default_annotator()
        self.alias = self.ann.alias_index

    def predict(self, docs: Path) -> dict[str, dict]:
        """Baseline exports for a documents file."""
        from helpers.annotate import annotated_text

        out = {}
        for article in iter_articles(docs, []):
            text, _ = annotated_text(article.get("title"), article["text"])
            doc = self.ann.model(text)
            actors = sorted({self.alias[e.text] for e in doc.ents if e.text in self.alias})
            persons = [(e.start_char, e.text) for e in doc.ents if e.label_ == "PERSON"]
            statements = []
            quotes, _ = find_quotes(text)
            for q in quotes:
                before = [name for start, name in persons if start < q.open]
                name = before[-1] if before else None
                statements.append({"speaker": self.alias.get(name, name) if name else None,
                                   "start": first_words(text[q.start:q.end]), "text": text[q.start:q.end]})
            bounds = [(sent.start_char, sent.end_char) for sent in doc.sents]
            themes = sorted({tid for _, tid, score, _ in self.ann.codebook.score_sentences(text, bounds, {})
                             if score > 0})
            named = set(actors)
            relevant = bool(named & self.ann.kb.side("China") and named & self.ann.kb.side("Russia"))
            out[article["id"]] = {"id": article["id"], "actors": actors, "statements": statements,
                                  "themes": themes, "relevant": relevant}
        return out


def score_all(eval_dir: Path = SHARED_EVAL, annotator: Annotator | None = None,
              baseline: bool = True, predictions: dict[str, dict] | None = None,
              files: Iterable[str] | None = None,
              parts: Iterable[str | None] = (None,)) -> tuple[pd.DataFrame, dict[str, dict]]:
    """Score ours (and the baseline) per dev file and pooled, for each of `parts` (None: the whole file).

    `files` limits the gold files scored; `parts` are parts of the split (`split.PARTS`), each
    scored on its own, one row per file, part and system. Returns (scores, our predictions by file).
    """
    sc = scorer(eval_dir)
    base = Baseline(annotator) if baseline else None
    wanted = set(files) if files is not None else None
    systems_by_file, gold_by_file = {}, {}
    for name, docs, gold_path in dev_files(eval_dir):
        if wanted is not None and name not in wanted:
            continue
        gold_by_file[name] = sc.load(str(gold_path))
        systems_by_file[name] = {"ours": (predictions or {}).get(name) or predict(docs, annotator)[0]}
        if base:
            systems_by_file[name]["baseline"] = base.predict(docs)
    rows = []
    for part in parts:
        pooled_gold, pooled = {}, {"ours": {}, "baseline": {}}
        for name, gold in gold_by_file.items():
            gold = split.only(gold, name, part)
            if not gold:
                continue
            pooled_gold.update({f"{name}/{k}": v for k, v in gold.items()})
            for system, p in systems_by_file[name].items():
                p = {k: v for k, v in p.items() if k in gold}
                pooled[system].update({f"{name}/{k}": v for k, v in p.items()})
                rows.append({"file": name, "part": part or "all", "system": system, "docs": len(gold),
                             **_figures(sc.score(gold, p), system)})
        for system, p in pooled.items():
            if p:
                rows.append({"file": "pooled", "part": part or "all", "system": system, "docs": len(pooled_gold),
                             **_figures(sc.score(pooled_gold, p), system)})
    return pd.DataFrame(rows), {name: systems["ours"] for name, systems in systems_by_file.items()}


def _figures(res: dict, system: str = "ours") -> dict:
    """The reported figures."""
    return {k: round(res.get(k, float("nan")), 3) for k in FIGURES}


def errors(eval_dir: Path = SHARED_EVAL, predictions: dict[str, dict] | None = None,
           part: str = "tune") -> pd.DataFrame:
    """Missed and wrong statements per dev file, on the tune part alone: gold start and speaker beside ours,
    counted as `score.py` counts them (reported speech only in gold documents that mark it)."""
    sc = scorer(eval_dir)
    rows = []
    for name, docs, gold_path in dev_files(eval_dir):
        gold = split.only(sc.load(str(gold_path)), name, part)
        preds = (predictions or {}).get(name) or predict(docs)[0]
        for doc_id, g in gold.items():
            if "statements" not in g:  # as score.py: a gold document without statements does not score them
                continue
            ours = preds.get(doc_id, {}).get("statements", [])
            if not g.get("indirect"):  # as score.py: reported speech counts only where the gold marks it
                ours = [x for x in ours if x.get("kind") != "indirect"]
            p = {"statements": ours}
            pairs, _ = sc.match_statements(g.get("statements", []), p.get("statements", []))
            matched = {id(gg) for gg, _ in pairs}
            for gg, pp in pairs:
                if not sc.same_speaker(gg.get("speaker"), pp.get("speaker")):
                    rows.append({"file": name, "doc_id": doc_id, "error": "wrong speaker", "start": gg["start"],
                                 "gold_speaker": gg.get("speaker"), "our_speaker": pp.get("speaker")})
            for gg in g.get("statements", []):
                if id(gg) not in matched:
                    rows.append({"file": name, "doc_id": doc_id, "error": "missed", "start": gg["start"],
                                 "gold_speaker": gg.get("speaker"), "our_speaker": None})
            used = {id(pp) for _, pp in pairs}
            for pp in p.get("statements", []):
                if id(pp) not in used:
                    rows.append({"file": name, "doc_id": doc_id, "error": "spurious", "start": pp.get("start"),
                                 "gold_speaker": None, "our_speaker": pp.get("speaker")})
    return pd.DataFrame(rows, columns=["file", "doc_id", "error", "start", "gold_speaker", "our_speaker"])


def theme_table(eval_dir: Path = SHARED_EVAL, predictions: dict[str, dict] | None = None,
                part: str | None = "validation") -> pd.DataFrame:
    """Per-theme precision, recall and F1 pooled over the dev files' `part` (the validation part by default)."""
    sc = scorer(eval_dir)
    counts = {t: [0, 0, 0] for t in sc.THEMES}
    for name, docs, gold_path in dev_files(eval_dir):
        gold = split.only(sc.load(str(gold_path)), name, part)
        preds = (predictions or {}).get(name) or predict(docs)[0]
        for doc_id, g in gold.items():
            gt, pt = set(g.get("themes", [])), set(preds.get(doc_id, {}).get("themes", []))
            for t in sc.THEMES:
                counts[t][0] += t in gt and t in pt
                counts[t][1] += t in pt and t not in gt
                counts[t][2] += t in gt and t not in pt
    rows = []
    for t, (tp, fp, fn) in counts.items():
        p, r, f = sc.prf(tp, fp, fn)
        rows.append({"theme": t, "gold": tp + fn, "ours": tp + fp, "precision": round(p, 3),
                     "recall": round(r, 3), "f1": round(f, 3)})
    return pd.DataFrame(rows)


def reported_speech(predictions: dict[str, dict], eval_dir: Path = SHARED_EVAL,
                    parts: Iterable[str] = split.PARTS, by_file: bool = False) -> pd.DataFrame:
    """Reported speech (statements of kind "indirect") per part, pooled over the gold documents that mark it
    (and with `by_file`, per gold file before the pooled row): how many the gold lists, the share found
    (recall), the precision and the share of those found whose speaker is right, as `score.py` counts them."""
    sc = scorer(eval_dir)
    rows = []
    for part in parts:
        gold, pred = {}, {}
        for name, _, gold_path in dev_files(eval_dir):
            g = {k: v for k, v in split.only(sc.load(str(gold_path)), name, part).items() if v.get("indirect")}
            p = {k: v for k, v in predictions.get(name, {}).items() if k in g}
            if by_file and g:
                rows.append(_indirect_row(sc, name, part, g, p))
            gold.update({f"{name}/{k}": v for k, v in g.items()})
            pred.update({f"{name}/{k}": v for k, v in p.items()})
        if gold:
            rows.append(_indirect_row(sc, "pooled", part, gold, pred))
    columns = ["part", "docs", "gold", "found", "precision", "speaker_right"]
    return pd.DataFrame(rows, columns=["file", *columns] if by_file else columns)


def _indirect_row(sc, name: str, part: str, gold: dict, pred: dict) -> dict:
    res = sc.score(gold, pred)
    return {"file": name, "part": part, "docs": len(gold), "gold": res["indirect_gold"],
            "found": round(res["indirect_r"], 3), "precision": round(res["indirect_p"], 3),
            "speaker_right": round(res["indirect_speaker_acc"], 3)}


def main() -> int:
    """Print ours beside the baseline, per file and pooled, on the tune and the validation part, the
    speaker accuracy on PolNeAR dev's quoted attributions and its reported speech, the off-topic control, whether each target is met on the validation part
    (the exit status), and the agreement of the Spanish and English versions of the shared commentaries."""
    table, predictions = score_all(parts=split.PARTS)
    pd.set_option("display.width", 200)
    for part in split.PARTS:
        print(f"{part} part of the dev gold (one document in {split.VALIDATION_EVERY} by hash of its id is in "
              f"the validation part):")
        print(table[table["part"] == part].drop(columns="part").to_string(index=False), end="\n\n")
    indirect = reported_speech(predictions, by_file=True)
    if not indirect.empty:
        print("reported speech (kind indirect), per file and pooled over the gold documents that mark it; "
              "targets: found >= 0.75, speaker right >= 0.85:")
        print(indirect.to_string(index=False), end="\n\n")
    if (polnear.POLNEAR / "polnear_dev.jsonl").exists():
        print(polnear.main_text(scorer().same_speaker))
        print(polnear_reported.main_text(scorer().same_speaker), end="\n\n")
    if control.CONTROL.exists():
        print(control.off_topic_control().text(), end="\n\n")
    pooled = table[(table["file"] == "pooled") & (table["part"] == "validation") & (table["system"] == "ours")].iloc[0]
    print("targets on the pooled validation part:")
    ok = True
    for k, target in TARGETS.items():
        met = pooled[k] >= target
        ok &= bool(met)
        print(f"  {k:18s} {pooled[k]:.3f}  target >= {target:.2f}  {'met' if met else 'NOT met'}")
    from helpers.evaluate import translations  # here, so that python -m helpers.evaluate.translations runs it fresh

    print()
    print(translations.main_text())
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())


# --------------------------------------------------------------------------- for the notebook
ERROR_COLUMNS = ["file", "doc_id", "error", "start", "gold_speaker", "our_speaker", "sentence"]


def available(eval_dir: Path = SHARED_EVAL) -> list[tuple[str, Path, Path]]:
    """The dev files present (empty where the shared evaluation set is absent)."""
    return dev_files(eval_dir) if (Path(eval_dir) / "score.py").exists() else []


def describe_available(files: list[tuple[str, Path, Path]]) -> str:
    """One line per gold file, or one line saying the evaluation set is absent."""
    if not files:
        return "The shared evaluation set (../shared/eval) is absent: nothing to score."
    return "\n".join(f"{name}: {sum(1 for _ in open(gold, encoding='utf-8'))} documents with gold annotations"
                     for name, _, gold in files)


def run(files: list[tuple[str, Path, Path]], codebook: str | None = None,
        actors: str | None = None, lexicons: str | None = None) -> tuple[pd.DataFrame, dict]:
    """Score ours and the baseline on `files`; return (scores, our predictions and tables by file)."""
    if not files:
        return pd.DataFrame(columns=["file", "part", "system", "docs", *FIGURES]), {}
    from helpers.annotate import annotator_for

    ann = annotator_for(actors, codebook, lexicons)
    results = {name: predict(docs, ann) for name, docs, _ in files}
    scores, _ = score_all(annotator=ann, predictions={k: v[0] for k, v in results.items()},
                          parts=(None, *split.PARTS))
    return scores, results


def targets_text(scores: pd.DataFrame) -> str:
    """The pooled validation figures against the targets, one line each."""
    pooled = scores[(scores["file"] == "pooled") & (scores["part"] == "validation") & (scores["system"] == "ours")]
    if pooled.empty:
        return "No scores: the evaluation set is absent."
    row = pooled.iloc[0]
    return "\n".join(f"{k:16s} {row[k]:.3f}  target >= {t:.2f}  {'met' if row[k] >= t else 'not met'}"
                     for k, t in TARGETS.items())


def seed_text(scores: pd.DataFrame) -> str:
    """The seed's figures as plain text."""
    seed = scores[(scores["file"] == "seed") & (scores["part"] == "all") & (scores["system"] == "ours")]
    if seed.empty:
        return "The seed's gold file is absent."
    row = seed.iloc[0]
    return "\n".join(f"{k:16s} {row[k]:.3f}" for k in ("actors_f1", "attribution_f1", "speaker_acc",
                                                       "themes_micro_f1", "relevance_acc"))


def empty_theme_table() -> pd.DataFrame:
    """The per-theme table's columns, no rows."""
    return pd.DataFrame(columns=["theme", "gold", "ours", "precision", "recall", "f1"])


def empty_errors() -> pd.DataFrame:
    """The error table's columns, no rows."""
    return pd.DataFrame(columns=ERROR_COLUMNS)


def errors_with_sentences(results: dict, theme: str | None = None, eval_dir: Path = SHARED_EVAL) -> pd.DataFrame:
    """Missed, misattributed and spurious statements, each with the sentence it sits in."""
    from helpers.annotate import annotated_text

    errs = errors(eval_dir, predictions={k: v[0] for k, v in results.items()})
    if errs.empty:
        return empty_errors()
    sentences = []
    for row in errs.itertuples():
        preds, tables = results.get(row.file, ({}, {}))
        t = tables.get(row.doc_id)
        sentence = ""
        if t is not None:
            text, _ = annotated_text(t["article"].get("title"), t["article"]["text"])
            key = str(row.start or "")[:40]
            at = text.find(key) if key else -1
            for s in t["sentences"]:
                if at >= 0 and s["start"] <= at < s["end"]:
                    sentence = s["text"]
                    break
        sentences.append(sentence)
    errs["sentence"] = sentences
    if theme:
        gold_themes = {}
        for name, _, gold in dev_files(eval_dir):
            for doc_id, g in read_jsonl(gold).items():
                gold_themes[(name, doc_id)] = set(g.get("themes", []))
        errs = errs[[theme in gold_themes.get((f, d), set()) for f, d in zip(errs["file"], errs["doc_id"])]]
    return errs[ERROR_COLUMNS].reset_index(drop=True)


def exports(results: dict) -> dict[str, dict]:
    """Our exports by file, from the results of `run`."""
    return {name: preds for name, (preds, _) in results.items()}
