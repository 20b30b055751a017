"""Benchmark: our annotator against the full en_core_web_sm pipeline, measured in the same run.

`python -m helpers.evaluate.bench [--words N] [--processes P]` takes a fixed slice of real text (the first
documents of each shared corpus file up to N words), annotates it with our annotator and with
spaCy's full pipeline (`nlp.pipe`, P processes), and prints words per second for each and the
ratio. Our annotator's model runs on numpy's BLAS (`helpers.annotate.MODEL_OPS`); spaCy's
pipeline runs as shipped (blis), or on the same backend with `--spacy-blas numpy`. Nothing here
is a pass/fail test: the figures are for people to read and compare.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from helpers.config import SHARED_CORPUS, SPACY_MODEL
from helpers.load import iter_articles

SOURCES = ["kremlin_en.jsonl", "rss2023_sample50k.jsonl"]


def slice_of(path: Path, words: int) -> list[dict]:
    """The first articles of `path` that together hold at least `words` words."""
    out, total = [], 0
    for article in iter_articles(path, []):
        out.append(article)
        total += len(article["text"].split()) + len((article["title"] or "").split())
        if total >= words:
            break
    return out


def count_words(articles: list[dict]) -> int:
    """Whitespace-separated words in the titles and texts."""
    return sum(len(a["text"].split()) + len((a["title"] or "").split()) for a in articles)


def run_ours(articles: list[dict], processes: int) -> float:
    """Seconds our annotator takes over `articles` with `processes` worker processes. As for spaCy's
    pipeline (`run_spacy`), loading is not timed: the annotator is loaded before the clock starts."""
    from helpers.annotate import Annotator, annotate_parallel

    annotator = Annotator().load()
    start = time.perf_counter()
    for _ in annotate_parallel(articles, processes=processes, annotator=annotator):
        pass
    return time.perf_counter() - start


def run_spacy(articles: list[dict], processes: int, blas: str = "blis") -> float:
    """Seconds the full en_core_web_sm pipeline takes over the same texts: as spaCy ships it
    (thinc's blis), or with `blas="numpy"` on the backend our annotator's model uses (numpy's
    BLAS, one thread a process)."""
    import contextlib

    import spacy
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    from helpers.annotate import MODEL_OPS, annotated_text

    with use_ops(MODEL_OPS[0], **MODEL_OPS[1]) if blas == "numpy" else contextlib.nullcontext():
        nlp = spacy.load(SPACY_MODEL)
    nlp.max_length = 2_000_000
    texts = [annotated_text(a.get("title"), a["text"])[0] for a in articles]
    start = time.perf_counter()
    with threadpool_limits(1, user_api="blas") if blas == "numpy" else contextlib.nullcontext():
        for _ in nlp.pipe(texts, n_process=processes, batch_size=16):
            pass
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Print words per second for ours and spaCy's full pipeline, and their ratio, per source."""
    parser = argparse.ArgumentParser(prog="python -m helpers.evaluate.bench", description=__doc__)
    parser.add_argument("--words", type=int, default=1_000_000, help="words per source (default 1,000,000)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--spacy-words", type=int, default=None,
                        help="measure spaCy on the first N words only (its speed is flat in N)")
    parser.add_argument("--spacy-blas", choices=["blis", "numpy"], default="blis",
                        help="the matrix backend of spaCy's pipeline: blis, as spaCy ships it (default), or "
                             "numpy's BLAS, as our annotator's model runs")
    args = parser.parse_args(argv)
    print(f"{'source':26s} {'words':>10s} {'ours w/s':>12s} {'spaCy w/s':>12s} {'ratio':>8s}")
    for name in SOURCES:
        path = SHARED_CORPUS / name
        if not path.exists():
            print(f"{name:26s} absent ({path}); skipped")
            continue
        articles = slice_of(path, args.words)
        words = count_words(articles)
        ours = words / run_ours(articles, args.processes)
        sp_articles = slice_of(path, args.spacy_words) if args.spacy_words else articles
        theirs = count_words(sp_articles) / run_spacy(sp_articles, args.processes, args.spacy_blas)
        print(f"{name:26s} {words:>10,d} {ours:>12,.0f} {theirs:>12,.0f} {ours / theirs:>8.1f}")
    print(f"(spaCy's pipeline on {args.spacy_blas}{' as shipped' if args.spacy_blas == 'blis' else ''}; "
          f"our annotator's model on numpy's BLAS)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
