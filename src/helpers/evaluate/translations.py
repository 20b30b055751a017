"""Cross-language agreement: the Spanish and English versions of the same commentaries, annotated and compared.

`python -m helpers.evaluate.translations [--processes P]` (and `make eval`) reads the Project
Syndicate commentaries of `../shared/corpus/multilingual/` in Spanish and in English, pairs them
by `parallel_id`, annotates both versions (each document routed by its `language`), and prints
how far the two versions' annotations agree:

- actors: the mean over pairs of the Jaccard index of the two actor sets. A pair where neither
  version names an actor counts as 1 (the two versions agree: no actor); the mean over the pairs
  where at least one version names an actor is printed beside it, with how many pairs that is.
- themes: the share of theme × document decisions (every codebook theme, present or not, in
  every pair) that are the same in both versions.
- relevance: the share of pairs whose two versions are both relevant or both not.

Then per actor, the pairs where only the English or only the Spanish version names it (the most
frequent first): an actor found in English alone is most often an alias missing in Spanish.
No gold is read: the English version is the reference the Spanish one is measured against.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from helpers.annotate import Annotator, annotate_parallel, default_annotator, document_export
from helpers.config import SHARED_CORPUS
from helpers.load import iter_articles

MULTILINGUAL = SHARED_CORPUS / "multilingual"
SPANISH = MULTILINGUAL / "es_news_commentary.jsonl"
ENGLISH = MULTILINGUAL / "en_news_commentary.jsonl"
TARGETS = {"actors_jaccard": 0.85, "themes_agreement": 0.85}
TOP = 15
PAIR_COLUMNS = ["id_en", "id_es", "actors_en", "actors_es", "themes_en", "themes_es", "relevant_en", "relevant_es"]


def jaccard(a, b) -> float:
    """|a ∩ b| / |a ∪ b| of two sets; 1.0 where both are empty (they agree that there is nothing)."""
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 1.0


def parallel_id(article: dict) -> str | None:
    """The id of the same text in the other language, from a loaded article's extra metadata."""
    try:
        extra = json.loads(article.get("extra") or "{}")
    except ValueError:
        return None
    value = extra.get("parallel_id") if isinstance(extra, dict) else None
    return str(value) if value else None


def load_pairs(english: Path = ENGLISH, spanish: Path = SPANISH) -> list[tuple[dict, dict]]:
    """(English article, Spanish article) for every pair the files share, in the English file's order.

    A pair is made where either version's `parallel_id` names the other's id."""
    en = list(iter_articles(english, []))
    es = list(iter_articles(spanish, []))
    es_by_id = {a["id"]: a for a in es}
    es_by_parallel = {p: a for a in es if (p := parallel_id(a))}
    pairs = []
    for a in en:
        other = es_by_id.get(parallel_id(a) or "") or es_by_parallel.get(a["id"])
        if other is not None:
            pairs.append((a, other))
    return pairs


def exports(articles: list[dict], processes: int = 2, annotator: Annotator | None = None) -> dict[str, dict]:
    """The export (actors, statements, themes, relevance) of every article by id, annotated by
    `processes` worker processes."""
    ann = annotator or default_annotator()
    return {article["id"]: document_export(article, tables, ann.kb)
            for article, tables in annotate_parallel(articles, processes=processes, annotator=ann)}


def pair_table(pairs: list[tuple[dict, dict]], exported: dict[str, dict]) -> pd.DataFrame:
    """One row per pair: the ids, actor sets, theme sets and relevance of the English and the Spanish version."""
    rows = []
    for en, es in pairs:
        pe, ps = exported[en["id"]], exported[es["id"]]
        rows.append({"id_en": en["id"], "id_es": es["id"],
                     "actors_en": frozenset(pe["actors"]), "actors_es": frozenset(ps["actors"]),
                     "themes_en": frozenset(pe["themes"]), "themes_es": frozenset(ps["themes"]),
                     "relevant_en": bool(pe["relevant"]), "relevant_es": bool(ps["relevant"])})
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def agreement(table: pd.DataFrame, themes: list[str]) -> dict:
    """The agreement figures of a pair table (`pair_table`) over the codebook's `themes`.

    `actors_jaccard` counts a pair where neither version names an actor as 1; `actors_jaccard_named`
    is the mean over the `pairs_named` pairs where at least one version names one (None where there
    is none). `themes_agreement` is the share of theme × pair decisions that are the same."""
    n = len(table)
    if not n:
        return {"pairs": 0, "actors_jaccard": None, "actors_jaccard_named": None, "pairs_named": 0,
                "themes_agreement": None, "relevance_agreement": None}
    scores = [jaccard(a, b) for a, b in zip(table["actors_en"], table["actors_es"])]
    named = [s for s, a, b in zip(scores, table["actors_en"], table["actors_es"]) if set(a) | set(b)]
    same_themes = sum(len(themes) - len((set(a) ^ set(b)) & set(themes))
                      for a, b in zip(table["themes_en"], table["themes_es"]))
    same_relevance = int((table["relevant_en"].astype(bool) == table["relevant_es"].astype(bool)).sum())
    return {"pairs": n, "actors_jaccard": sum(scores) / n,
            "actors_jaccard_named": sum(named) / len(named) if named else None, "pairs_named": len(named),
            "themes_agreement": same_themes / (n * len(themes)) if themes else None,
            "relevance_agreement": same_relevance / n}


def _one_sided(table: pd.DataFrame, en: str, es: str, key: str, keep=None) -> pd.DataFrame:
    """Per item of the `en` and `es` set columns: the pairs holding it in English alone, in Spanish alone."""
    counts: dict[str, list[int]] = {}
    for a, b in zip(table[en], table[es]):
        a, b = set(a), set(b)
        for item in a - b:
            counts.setdefault(item, [0, 0])[0] += 1
        for item in b - a:
            counts.setdefault(item, [0, 0])[1] += 1
    for item in keep or ():
        counts.setdefault(item, [0, 0])
    rows = [{key: k, "only_en": v[0], "only_es": v[1]} for k, v in counts.items()]
    out = pd.DataFrame(rows, columns=[key, "only_en", "only_es"])
    if out.empty:
        return out
    out["_total"] = out["only_en"] + out["only_es"]
    return (out.sort_values(["_total", "only_en", key], ascending=[False, False, True], kind="stable")
            .drop(columns="_total").reset_index(drop=True))


def actor_disagreements(table: pd.DataFrame, top: int | None = TOP) -> pd.DataFrame:
    """Per actor, the pairs naming it in English alone and in Spanish alone; the `top` most disagreed first."""
    out = _one_sided(table, "actors_en", "actors_es", "actor")
    return out.head(top).reset_index(drop=True) if top is not None else out


def theme_disagreements(table: pd.DataFrame, themes: list[str]) -> pd.DataFrame:
    """Per theme of the codebook, the pairs where it is present in English alone and in Spanish alone."""
    return _one_sided(table, "themes_en", "themes_es", "theme", keep=themes)


def measure(processes: int = 2, annotator: Annotator | None = None,
            english: Path = ENGLISH, spanish: Path = SPANISH) -> pd.DataFrame:
    """The pair table of the shared commentaries, both versions annotated."""
    pairs = load_pairs(english, spanish)
    articles = [a for pair in pairs for a in pair]
    return pair_table(pairs, exports(articles, processes, annotator))


def _figure(value) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def report_text(table: pd.DataFrame, themes: list[str], top: int = TOP) -> str:
    """The agreement figures, the targets, and the actors and themes found in one version alone, as plain text."""
    r = agreement(table, themes)
    if not r["pairs"]:
        return "Cross-language agreement: no Spanish–English pair to compare."
    lines = [f"Cross-language agreement on {r['pairs']} Spanish–English commentary pairs (the English version as reference):",
             f"  actors_jaccard       {_figure(r['actors_jaccard'])}  mean Jaccard of the two actor sets "
             f"(a pair where neither names an actor counts as 1)",
             f"  actors_jaccard_named {_figure(r['actors_jaccard_named'])}  the same over the {r['pairs_named']} "
             f"pairs where at least one version names an actor",
             f"  themes_agreement     {_figure(r['themes_agreement'])}  share of the {r['pairs'] * len(themes):,} "
             f"theme × document decisions that agree ({len(themes)} themes)",
             f"  relevance_agreement  {_figure(r['relevance_agreement'])}  share of pairs with the same relevance"]
    for k, target in TARGETS.items():
        met = r[k] is not None and r[k] >= target
        lines.append(f"  {k:20s} target >= {target:.2f}  {'met' if met else 'NOT met'}")
    actors = actor_disagreements(table, top)
    lines.append(f"actors named in one version alone (top {top}; pairs):")
    lines.append(actors.to_string(index=False) if not actors.empty else "  none")
    lines.append("themes present in one version alone (pairs):")
    lines.append(theme_disagreements(table, themes).to_string(index=False))
    return "\n".join(lines)


def main_text(processes: int = 2, annotator: Annotator | None = None) -> str:
    """The printout of `main`, or one line saying the shared commentaries are absent."""
    missing = [p for p in (ENGLISH, SPANISH) if not p.exists()]
    if missing:
        return (f"Cross-language agreement skipped: {', '.join(str(p) for p in missing)} absent "
                f"(the shared corpus ../shared/corpus/multilingual is not beside this checkout).")
    ann = annotator or default_annotator()
    return report_text(measure(processes, ann), list(ann.codebook.themes))


def main(argv: list[str] | None = None) -> int:
    """Print the agreement of the Spanish and English versions of the shared commentaries."""
    parser = argparse.ArgumentParser(prog="python -m helpers.evaluate.translations", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 200)
    print(main_text(args.processes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
