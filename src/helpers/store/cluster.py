"""The annotation on a Dask cluster (dask.distributed): the same store, filled by many machines.

The client reads the corpus as `Store.update` does (streaming, skipping unchanged documents
before cleaning them) and sends the documents to annotate in partitions to the workers. Each
worker builds its annotator once per process, annotates a partition and writes one Parquet part
per table into a parts folder; the client has the DuckDB store read each part as it completes,
one transaction per partition (with the problems met cleaning its documents and the run's
counts), and records the corpus and the run as `Store.update` does. Only the client writes the
store. A bounded number of partitions is in flight, so neither the client nor the cluster holds
the whole corpus.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import shutil
import threading
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from helpers.annotate.fingerprint import code_digest as fingerprint_code
from helpers.store import Store, UpdateStats, annotate_batch, batch_tables, create_tables, insert_frame

# How long to try reaching a scheduler (and for it to have a worker) before giving up (seconds).
CONNECT_TIMEOUT = 10.0
# A partition: at most this many documents or this many words, whichever comes first.
PARTITION_DOCS = 200
PARTITION_WORDS = 100_000
# The code that decides what is stored: the client and every worker must run the same.
STORED_CODE = ("config.py", "load", "resources", "annotate", "store")


class ClusterError(Exception):
    """A cluster that cannot be used; the message says which and why."""


@contextmanager
def connect(address: str, timeout: float = CONNECT_TIMEOUT):
    """A dask.distributed client for `address` (`tcp://host:port`), or a LocalCluster for `local` / `local:N`.

    `local:N` starts N worker processes of one thread each on this machine (`local`: one per
    core) and stops them on leaving. A scheduler that does not answer, or has no worker, within
    `timeout` seconds raises ClusterError naming the address.
    """
    from distributed import Client, LocalCluster

    cluster = None
    m = re.fullmatch(r"local(?::(\d+))?", address.strip())
    try:
        if m:
            workers = int(m.group(1)) if m.group(1) else (os.cpu_count() or 1)
            if workers < 1:
                raise ClusterError(f"scheduler {address}: a local cluster needs at least one worker")
            cluster = LocalCluster(n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=None,
                                   silence_logs=logging.ERROR)
            client = Client(cluster, timeout=timeout)
        else:
            client = Client(address, timeout=timeout)
    except ClusterError:
        raise
    except (OSError, TimeoutError, ValueError) as e:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"cannot reach the Dask scheduler at {address} (tried for {timeout:g} s: {e}). "
                           f"Start one with `dask scheduler` and workers with `dask worker {address}`, "
                           f"or use --scheduler local:N to run N worker processes here.") from e
    try:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError) as e:
            raise ClusterError(f"the Dask scheduler at {address} has no worker (waited {timeout:g} s); "
                               f"start one with `dask worker {address}`") from e
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@lru_cache(maxsize=None)
def code_digest() -> str:
    """A digest of the code that decides what is stored (STORED_CODE), as this process found it."""
    return fingerprint_code(STORED_CODE)


# ----------------------------------------------------------------- on the workers
_ANNOTATORS: dict[tuple[str | None, str | None], object] = {}
_ANNOTATOR_LOCK = threading.Lock()  # one partition at a time per process: the annotator is not shared by threads


def _annotator(actors: str | None, codebook: str | None, lexicons: str | None = None):
    """This process's annotator for a knowledge base, codebook and lexicons (built on first use)."""
    from helpers.annotate import annotator_for

    key = (actors, codebook, lexicons)
    if key not in _ANNOTATORS:
        _ANNOTATORS[key] = annotator_for(actors, codebook, lexicons)
    return _ANNOTATORS[key]


def write_parts(tables: dict, folder: str | os.PathLike, name: str) -> dict[str, str]:
    """Write each table (name -> DataFrame) as `folder/name.table.parquet` with the store's column types."""
    import duckdb

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    con = duckdb.connect(config={"threads": 1})
    try:
        create_tables(con)
        for table, df in tables.items():
            insert_frame(con, table, df)
            path = folder / f"{name}.{table}.parquet"
            quoted = str(path).replace("'", "''")
            con.execute(f"COPY \"{table}\" TO '{quoted}' (FORMAT parquet)")
            paths[table] = str(path)
    finally:
        con.close()
    return paths


def annotate_partition(articles: list[dict], folder: str, name: str, actors: str | None = None,
                       codebook: str | None = None, lexicons: str | None = None) -> dict:
    """Annotate a partition on a worker, write its Parquet parts; return what the client needs (small)."""
    started = time.time()
    try:
        from distributed import get_worker

        worker = get_worker().address
    except (ImportError, ValueError):
        worker = "this process"
    with _ANNOTATOR_LOCK:
        ann = _annotator(actors, codebook, lexicons)
        code = code_digest()
        tables = batch_tables(articles, annotate_batch(ann, articles))
    paths = write_parts(tables, folder, name)
    return {"name": name, "ids": [a["id"] for a in articles], "parts": paths,
            "rows": {t: len(df) for t, df in tables.items()}, "version": ann.version, "code": code,
            "worker": worker, "seconds": time.time() - started}


# ----------------------------------------------------------------- on the client
def default_parts(store_path: str | os.PathLike) -> Path:
    """The parts folder beside a store: build/multipolar.duckdb -> build/multipolar.parts."""
    p = Path(store_path)
    return p.parent / f"{p.stem}.parts"


def update(store: Store, paths, client, annotator=None, actors: str | None = None, codebook: str | None = None,
           max_articles: int | None = None, batch_size: int = PARTITION_DOCS, batch_words: int = PARTITION_WORDS,
           parts: str | os.PathLike | None = None, in_flight: int | None = None,
           progress: bool = False, lexicons: str | None = None) -> UpdateStats:
    """`Store.update` on a cluster: load `paths` here, annotate new or changed documents on `client`'s workers.

    `annotator` (default: the shipped one) gives the version that keys the store; the workers
    build theirs from the `actors`, `codebook` and `lexicons` files (None: the shipped ones), which must be
    reachable at the same path on every worker, and must reach the same version. Parts go to
    `parts/<run>/` (default: beside the store), a folder the workers and this client share;
    each is deleted once stored. At most `in_flight` partitions (default: twice the workers'
    threads) are sent ahead of those stored.
    """
    from distributed import as_completed

    from helpers.annotate import default_annotator

    ann = annotator or default_annotator()
    code = code_digest()
    actors = str(Path(actors).resolve()) if actors else None
    codebook = str(Path(codebook).resolve()) if codebook else None
    lexicons = str(Path(lexicons).resolve()) if lexicons else None
    name_of_run = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    base = Path(parts) if parts else default_parts(store.path)
    folder = (base / name_of_run).resolve()
    cap = in_flight or max(2, 2 * sum(client.nthreads().values()))
    running = as_completed()
    waiting: set = set()  # submitted, not yet stored: released once stored, so results do not pile up
    numbers = itertools.count()  # of the partitions, in the order they are sent
    run, articles = store.begin(paths, ann.version, max_articles=max_articles, progress=progress)

    def ingest(future) -> None:
        waiting.discard(future)
        meta = future.result()
        if meta["version"] != ann.version:
            raise ClusterError(f"worker {meta['worker']} annotates as version {meta['version']}, this client as "
                               f"{ann.version}: install the same project, knowledge base and codebook on every "
                               f"worker (the files at the same paths)")
        if meta["code"] != code:
            raise ClusterError(f"worker {meta['worker']} runs other code of helpers than this client (digest "
                               f"{meta['code']}, here {code}): install the same version of the project on every "
                               f"worker and restart the workers")
        missing = [p for p in meta["parts"].values() if not Path(p).exists()]
        if missing:
            raise ClusterError(f"worker {meta['worker']} wrote its parts to {folder}, which this client cannot "
                               f"read ({missing[0]} is missing): give --parts a folder on a shared filesystem, "
                               f"at the same path on every worker and here")
        store.replace_documents(meta["ids"], meta["parts"], stored=run.known, run=run)
        for p in meta["parts"].values():
            Path(p).unlink(missing_ok=True)

    try:
        for batch in run.batches(articles, batch_size, batch_words):
            [data] = client.scatter([batch], hash=False)  # straight to a worker, not through the task graph
            name = f"part-{next(numbers):06d}"
            future = client.submit(annotate_partition, data, str(folder), name, actors, codebook, lexicons,
                                   key=f"annotate-{name_of_run}-{name}", pure=False)
            waiting.add(future)
            running.add(future)
            while running.count() >= cap:
                ingest(next(running))
        for future in running:
            ingest(future)
    finally:
        run.close()
        if waiting:  # a failed run: what is still queued is not needed
            client.cancel(list(waiting))
        shutil.rmtree(folder, ignore_errors=True)
        if not parts:
            try:
                base.rmdir()  # the default folder, when no other run uses it
            except OSError:
                pass
    return store.record_run(run)

