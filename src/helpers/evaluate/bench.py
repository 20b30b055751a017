"""Benchmark: our annotator against the full en_core_web_sm pipeline, measured in the same run, and per language.

`python -m helpers.evaluate.bench [--words N] [--processes P] [--languages en,ru,zh,es]` takes a
fixed slice of real text (the first documents of each shared corpus file up to N words),
annotates it with our annotator and with spaCy's full pipeline (`nlp.pipe`, P processes), and
prints words per second for each and the ratio. Our annotator's model runs on numpy's BLAS
(`helpers.annotate.MODEL_OPS`); spaCy's pipeline runs as shipped (blis), or on the same backend
with `--spacy-blas numpy`.

Then per language, our annotator alone on about min(N, what the files hold) words of the
language's shared corpus files (`LANGUAGES`; each document routed by its `language`): words and
characters per second, and words per second as a share of English (all the English sources
pooled, from the same run). The unit of words: whitespace-separated words in English, Russian
and Spanish; in Chinese the words the annotator's Chinese room counts (two characters a word)
(`language_word_count`), else characters. Characters are the non-blank characters. Loading is not
timed (a language's first document is annotated before the clock starts). Nothing here is a
pass/fail test: the figures are for people to read and compare.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from helpers.config import SHARED_CORPUS, SPACY_MODEL
from helpers.load import iter_articles

SOURCES = ["kremlin_en.jsonl", "rss2023_sample50k.jsonl"]
# The shared corpus files each language is measured on (paths under ../shared/corpus).
LANGUAGES = {"ru": ["multilingual/ru_1tv_news.jsonl", "multilingual/ru_kremlin_mid.jsonl"],
             "zh": ["multilingual/zh_mfa_pressconf.jsonl", "multilingual/zh_xinhua_chinadaily.jsonl"],
             "es": ["multilingual/es_press.jsonl", "multilingual/es_news_commentary.jsonl"]}
CODES = ["en", *LANGUAGES]
# No language's words per second below this share of English's (the target the table is read against).
SHARE_OF_ENGLISH = 0.25


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


def run_ours(articles: list[dict], processes: int, annotator=None, warm: bool = False) -> float:
    """Seconds our annotator takes over `articles` with `processes` worker processes. As for spaCy's
    pipeline (`run_spacy`), loading is not timed: the annotator is loaded before the clock starts
    (and with `warm`, the first article annotated, which loads what a language needs on first use,
    before the workers are forked)."""
    from helpers.annotate import Annotator, annotate_parallel

    annotator = (annotator or Annotator()).load()
    if warm and articles:
        annotator.annotate(articles[0])
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


def language_word_count(annotator, code: str):
    """How the room the annotator reads language `code` with counts a text's words (a function from
    a text to a number), or None where it reads that language with the English rules."""
    room_of = getattr(annotator, "room_of", None)
    room = room_of({"language": code}) if room_of is not None else None
    return getattr(room, "word_count", None)


def characters(articles: list[dict]) -> int:
    """Non-blank characters in the titles and texts."""
    return sum(len("".join(f"{a['title'] or ''}{a['text']}".split())) for a in articles)


def word_counter(code: str, annotator=None) -> tuple[Callable[[list[dict]], int], str]:
    """How words of language `code` are counted over articles, and the name of the unit."""
    if code != "zh":
        return count_words, "whitespace words"
    words = language_word_count(annotator, code) if annotator is not None else None
    if words is None:
        return characters, "characters (no Chinese room)"
    return (lambda articles: sum(words(f"{a['title'] or ''}\n\n{a['text']}") for a in articles),
            "words as the Chinese room counts them (two characters a word)")


def language_slice(paths: list[Path], words: int, count: Callable[[list[dict]], int]) -> list[dict]:
    """About `words` words (as `count` counts them) from the first documents of `paths`, an even share
    from each; what a file lacks of its share is taken from the next."""
    out: list[dict] = []
    left = words
    for k, path in enumerate(paths):
        share, taken = left // (len(paths) - k), 0
        for article in iter_articles(path, []):
            if taken >= share:
                break
            out.append(article)
            taken += count([article])
        left -= taken
    return out


def language_rows(codes: list[str], words: int, processes: int) -> list[dict]:
    """Our annotator on each language of `codes` (other than English): documents, words, characters, seconds."""
    from helpers.annotate import Annotator

    annotator = Annotator().load()
    rows = []
    for code in codes:
        paths = [SHARED_CORPUS / name for name in LANGUAGES[code]]
        missing = [p for p in paths if not p.exists()]
        if missing:
            rows.append({"language": code, "missing": ", ".join(str(p) for p in missing)})
            continue
        count, unit = word_counter(code, annotator)
        articles = language_slice(paths, words, count)
        seconds = run_ours(articles, processes, annotator, warm=True)
        rows.append({"language": code, "docs": len(articles), "words": count(articles),
                     "chars": characters(articles), "seconds": seconds, "unit": unit})
    return rows


def language_text(rows: list[dict]) -> str:
    """Words and characters per second per language, and words per second as a share of English's."""
    english = next((r for r in rows if r["language"] == "en" and "missing" not in r), None)
    en_rate = english["words"] / english["seconds"] if english else None
    lines = [f"{'language':8s} {'docs':>6s} {'words':>10s} {'chars':>11s} {'words/s':>10s} {'chars/s':>11s} "
             f"{'x English':>9s}  unit of words"]
    short = []
    for r in rows:
        if "missing" in r:
            lines.append(f"{r['language']:8s} absent ({r['missing']}); skipped")
            continue
        rate, char_rate = r["words"] / r["seconds"], r["chars"] / r["seconds"]
        share = rate / en_rate if en_rate else None
        if share is not None and share < SHARE_OF_ENGLISH:
            short.append(r["language"])
        lines.append(f"{r['language']:8s} {r['docs']:>6,d} {r['words']:>10,d} {r['chars']:>11,d} {rate:>10,.0f} "
                     f"{char_rate:>11,.0f} {'n/a' if share is None else f'{share:.2f}':>9s}  {r['unit']}")
    if en_rate is None:
        lines.append("(no English figure in this run: no share of English)")
    else:
        lines.append(f"target: no language below {SHARE_OF_ENGLISH:.2f} of English's words/s: "
                     + (f"NOT met ({', '.join(short)})" if short else "met"))
    return "\n".join(lines)


def _codes(value: str) -> list[str]:
    """The --languages argument: codes separated by commas, each one of `CODES`."""
    codes = [c.strip() for c in value.split(",") if c.strip()]
    unknown = [c for c in codes if c not in CODES]
    if unknown or not codes:
        raise argparse.ArgumentTypeError(f"{value!r}: expected codes among {', '.join(CODES)}, separated by commas")
    return codes


def main(argv: list[str] | None = None) -> int:
    """Print words per second for ours and spaCy's full pipeline, and their ratio, per English source;
    then ours per language, as a share of English."""
    parser = argparse.ArgumentParser(prog="python -m helpers.evaluate.bench", description=__doc__)
    parser.add_argument("--words", type=int, default=1_000_000,
                        help="words per English source, and per other language (default 1,000,000)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--spacy-words", type=int, default=None,
                        help="measure spaCy on the first N words only (its speed is flat in N)")
    parser.add_argument("--spacy-blas", choices=["blis", "numpy"], default="blis",
                        help="the matrix backend of spaCy's pipeline: blis, as spaCy ships it (default), or "
                             "numpy's BLAS, as our annotator's model runs")
    parser.add_argument("--languages", type=_codes, default=CODES,
                        help=f"the languages measured, separated by commas (default {','.join(CODES)}); "
                             "en is measured beside spaCy's full pipeline")
    args = parser.parse_args(argv)
    rows = []
    if "en" in args.languages:
        rows.append(english(args))
    others = [c for c in args.languages if c != "en"]
    if others:
        rows.extend(language_rows(others, args.words, args.processes))
    print()
    print(language_text(rows))
    return 0


def english(args: argparse.Namespace) -> dict:
    """Print ours beside spaCy's full pipeline per English source; return the English sources pooled
    (documents, words, characters, our seconds) for the table per language."""
    pooled = {"language": "en", "docs": 0, "words": 0, "chars": 0, "seconds": 0.0, "unit": "whitespace words"}
    print(f"{'source':26s} {'words':>10s} {'ours w/s':>12s} {'spaCy w/s':>12s} {'ratio':>8s}")
    for name in SOURCES:
        path = SHARED_CORPUS / name
        if not path.exists():
            print(f"{name:26s} absent ({path}); skipped")
            continue
        articles = slice_of(path, args.words)
        words = count_words(articles)
        seconds = run_ours(articles, args.processes)
        ours = words / seconds
        pooled.update(docs=pooled["docs"] + len(articles), words=pooled["words"] + words,
                      chars=pooled["chars"] + characters(articles), seconds=pooled["seconds"] + seconds)
        sp_articles = slice_of(path, args.spacy_words) if args.spacy_words else articles
        theirs = count_words(sp_articles) / run_spacy(sp_articles, args.processes, args.spacy_blas)
        print(f"{name:26s} {words:>10,d} {ours:>12,.0f} {theirs:>12,.0f} {ours / theirs:>8.1f}")
    print(f"(spaCy's pipeline on {args.spacy_blas}{' as shipped' if args.spacy_blas == 'blis' else ''}; "
          f"our annotator's model on numpy's BLAS)")
    if not pooled["docs"]:
        pooled["missing"] = ", ".join(SOURCES)
    return pooled


if __name__ == "__main__":
    raise SystemExit(main())
