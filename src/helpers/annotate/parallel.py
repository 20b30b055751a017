"""Many documents: the shared annotators, worker processes, chunks of a stream, DataFrames of tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers.annotate.pipeline import PARSE_BATCH, Annotator
from helpers.annotate.record import TABLES
from helpers.resources.codebook import load_codebook
from helpers.resources.kb import load_kb
from helpers.resources.lexicons import load_lexicons

if TYPE_CHECKING:  # pandas is imported where a DataFrame is made
    import pandas as pd


_DEFAULT: Annotator | None = None


def default_annotator() -> Annotator:
    """The annotator built from the shipped knowledge base, codebook and lexicons (built once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Annotator()
    return _DEFAULT


def annotator_for(actors: str | None = None, codebook: str | None = None, lexicons: str | None = None) -> Annotator:
    """The annotator of a knowledge base, a codebook and lexicons in YAML (the shipped ones, built once, where all are None)."""
    if actors or codebook or lexicons:
        return Annotator(load_kb(actors), load_codebook(codebook), load_lexicons(lexicons))
    return default_annotator()


_WORKER: Annotator | None = None


def _worker_annotate(chunk: list[dict]) -> list[tuple[dict, dict[str, list[dict]]]]:
    """Annotate a chunk in a worker process with the annotator it was forked with."""
    return list(zip(chunk, _WORKER.annotate_many(chunk)))


def annotate_parallel(articles, processes: int = 2, actors: str | None = None, codebook: str | None = None,
                      annotator: Annotator | None = None, chunksize: int = PARSE_BATCH):
    """Yield (article, tables) for each article, in order, annotated by `processes` worker processes
    (`chunksize` articles at a time, their statistical parses batched). The workers are forked from
    this process with the annotator loaded (`Annotator.load`): they share its pipelines instead of
    each loading them."""
    global _WORKER
    ann = annotator or annotator_for(actors, codebook)
    if processes <= 1:
        for chunk in chunked(articles, chunksize):
            yield from zip(chunk, ann.annotate_many(chunk))
        return
    import multiprocessing as mp

    # A list is split evenly (`even_chunks`); anything else is streamed.
    chunks = even_chunks(articles, processes, chunksize) if isinstance(articles, list) else chunked(articles, chunksize)
    _WORKER = ann.load()
    try:
        with mp.get_context("fork").Pool(processes) as pool:
            for done in pool.imap(_worker_annotate, chunks):
                yield from done
    finally:
        _WORKER = None


def chunked(items, size: int = PARSE_BATCH):
    """Consecutive lists of at most `size` items from an iterable (streamed)."""
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def even_chunks(items: list, processes: int, size: int = PARSE_BATCH) -> list[list]:
    """Consecutive chunks of `items`, at most `size` each, as many as a multiple of `processes` and
    of sizes within one of each other: no worker is left alone with a short last chunk."""
    import math

    if not items:
        return []
    count = min(len(items), processes * math.ceil(len(items) / (processes * size)))
    q, r = divmod(len(items), count)
    bounds = [k * q + min(k, r) for k in range(count + 1)]
    return [items[a:b] for a, b in zip(bounds, bounds[1:])]


def annotate_articles(articles: pd.DataFrame, annotator: Annotator | None = None) -> dict[str, pd.DataFrame]:
    """Annotate every article; return one DataFrame per table (see TABLES)."""
    import pandas as pd

    ann = annotator or default_annotator()
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    for article in articles.to_dict("records"):
        for table, items in ann.annotate(article).items():
            rows[table].extend(items)
    return {t: pd.DataFrame(rows[t]) for t in TABLES}
