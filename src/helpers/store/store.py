"""The store: one embedded DuckDB file, a table per kind of annotation.

`Store.update(paths)` loads a corpus, annotates only the documents that are new or changed
(by content hash, document date and annotator version) and records which documents make up
the corpus, so notebooks can read exactly the corpus they were given. Each batch of documents
is written in one transaction with everything that describes them (their annotations, the
problems met cleaning and annotating them, the run's counts); what describes the corpus as a
whole (its members, the problems met reading its files) is rewritten by every run in its last
transaction. A run interrupted at any point, even killed, leaves whole documents or none, and
the next run annotates only what is missing and ends with the store a clean run leaves (the
run log also shows the interrupted run, without its duration). DuckDB lets one process at a
time open the file: a second one waits up to `wait` seconds, then fails with `StoreBusy`,
naming the file.
"""

from __future__ import annotations

import os
import re
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from helpers.annotate import ANNOTATION_TABLES
from helpers.config import DEFAULT_STORE, resolve
from helpers.load import Problem, iter_articles

if TYPE_CHECKING:  # pandas is imported where a DataFrame is made: a run with nothing to do never needs it
    import pandas as pd

SCHEMA: dict[str, dict[str, str]] = {
    "articles": {
        "id": "VARCHAR", "title": "VARCHAR", "outlet": "VARCHAR", "date": "VARCHAR", "date_raw": "VARCHAR",
        "url": "VARCHAR", "language": "VARCHAR", "translated_from": "VARCHAR", "source": "VARCHAR",
        "line": "BIGINT", "raw": "VARCHAR", "text": "VARCHAR", "offsets": "VARCHAR",
        "content_hash": "VARCHAR", "extra": "VARCHAR", "annotation_key": "VARCHAR", "words": "BIGINT",
    },
    "sentences": {"doc_id": "VARCHAR", "sent": "INTEGER", "start": "INTEGER", "end": "INTEGER",
                  "raw_start": "INTEGER", "raw_end": "INTEGER", "text": "VARCHAR"},
    "mentions": {"doc_id": "VARCHAR", "start": "INTEGER", "end": "INTEGER", "text": "VARCHAR", "actor": "VARCHAR",
                 "type": "VARCHAR", "via": "VARCHAR", "sent": "INTEGER", "raw_start": "INTEGER", "raw_end": "INTEGER"},
    "statements": {"doc_id": "VARCHAR", "start": "INTEGER", "end": "INTEGER", "speaker": "VARCHAR", "text": "VARCHAR",
                   "kind": "VARCHAR", "via": "VARCHAR", "label": "VARCHAR", "first_words": "VARCHAR",
                   "sent": "INTEGER", "raw_start": "INTEGER", "raw_end": "INTEGER", "speaker_score": "DOUBLE"},
    "figures": {"doc_id": "VARCHAR", "start": "INTEGER", "end": "INTEGER", "text": "VARCHAR", "value": "DOUBLE",
                "unit": "VARCHAR", "sent": "INTEGER", "raw_start": "INTEGER", "raw_end": "INTEGER"},
    "dates": {"doc_id": "VARCHAR", "start": "INTEGER", "end": "INTEGER", "text": "VARCHAR", "date": "VARCHAR",
              "granularity": "VARCHAR", "sent": "INTEGER", "raw_start": "INTEGER", "raw_end": "INTEGER"},
    "theme_hits": {"doc_id": "VARCHAR", "theme": "VARCHAR", "sent": "INTEGER", "start": "INTEGER", "end": "INTEGER",
                   "score": "DOUBLE", "terms": "VARCHAR", "sentence": "VARCHAR"},
    "doc_themes": {"doc_id": "VARCHAR", "theme": "VARCHAR", "score": "DOUBLE", "threshold": "DOUBLE",
                   "present": "BOOLEAN", "theme_score": "DOUBLE"},
    "relevance": {"doc_id": "VARCHAR", "probability": "DOUBLE", "relevant": "BOOLEAN"},
    "problems": {"corpus": "VARCHAR", "stage": "VARCHAR", "source": "VARCHAR", "line": "BIGINT",
                 "doc_id": "VARCHAR", "kind": "VARCHAR", "severity": "VARCHAR", "message": "VARCHAR"},
    "corpus_docs": {"corpus": "VARCHAR", "doc_id": "VARCHAR", "position": "BIGINT"},
    "runs": {"corpus": "VARCHAR", "started": "DOUBLE", "seconds": "DOUBLE", "documents": "BIGINT",
             "annotated": "BIGINT", "unchanged": "BIGINT", "problems": "BIGINT", "annotator": "VARCHAR"},
}

# Longer documents (title and text, in characters) are stored but not annotated: the tokenizer
# refuses texts past a million characters. Such a document is recorded as a problem.
MAX_ANNOTATED_CHARS = 1_000_000
# How long a second process waits for the store before giving up (seconds).
DEFAULT_WAIT = 10.0

# For the tests of interrupted runs: with MULTIPOLAR_STOP_AT set to a point of a run ("begin": the
# run opened; "write:N": inside the Nth batch's transaction, its rows inserted, before it commits;
# "stored:N": once it has committed; "record": inside the run's last transaction), the process writes
# "PID POINT" to the file MULTIPOLAR_STOP_FILE and stops itself there (SIGSTOP), so that a test can
# kill it at that exact point, as a machine that dies would, without guessing from the time.
STOP_AT_VARIABLE = "MULTIPOLAR_STOP_AT"
STOP_FILE_VARIABLE = "MULTIPOLAR_STOP_FILE"


class StoreError(Exception):
    """A store that cannot be opened; the message names the file and why."""


class StoreBusy(StoreError):
    """The store is open for writing in another process."""


def annotate_batch(annotator, articles: list[dict]) -> list[dict[str, list[dict]]]:
    """Annotate several articles at once (the statistical parses batched), each as `annotate_article` would."""
    fits = [a for a in articles if not _too_long(a)]
    done = dict(zip(map(id, fits), annotator.annotate_many(fits)))
    return [done[id(a)] if id(a) in done else annotate_article(annotator, a) for a in articles]


def _too_long(article: dict) -> bool:
    return len(article.get("text") or "") + len(article.get("title") or "") > MAX_ANNOTATED_CHARS


def annotate_article(annotator, article: dict) -> dict[str, list[dict]]:
    """Annotate one article, or record why not (too long); never raises."""
    if _too_long(article):
        size = len(article.get("text") or "") + len(article.get("title") or "")
        out: dict[str, list[dict]] = {t: [] for t in [*ANNOTATION_TABLES, "problems"]}
        where = f"{article.get('source')}{':' + str(article['line']) if article.get('line') else ''}"
        out["problems"].append({"source": article.get("source"), "line": article.get("line"),
                                "doc_id": article.get("id"), "kind": "too_long", "severity": "warning",
                                "message": f"{where}: document {article.get('id')} has {size:,} characters, more than "
                                           f"the {MAX_ANNOTATED_CHARS:,} that are annotated; stored, not annotated "
                                           f"(split it into smaller documents to annotate it)"})
        return out
    return annotator.annotate_safely(article)


# Documents written per transaction by `Store.update` (and at most so many words): each write has
# a fixed cost (a fifth of a millisecond a document in batches of 200, a sixteenth in batches of
# 1,000); the words bound the memory two batches in flight take with long documents.
BATCH_DOCS = 1000
BATCH_WORDS = 250_000

# Worker processes start only for a batch of at least this many documents: below it, starting
# them (and loading the language model in each) costs more than it saves.
PARALLEL_FROM = 50
_FORKED = None


def _annotate_forked(chunk: list[dict]) -> list[dict[str, list[dict]]]:
    return annotate_batch(_FORKED, chunk)


def corpus_key(paths) -> str:
    """A stable name for a corpus: its paths, as given, joined by ' + '."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return " + ".join(str(p) for p in paths)


@dataclass
class UpdateStats:
    """What one `Store.update` did."""

    corpus: str
    documents: int
    annotated: int
    unchanged: int
    problems: int  # the loading problems of the corpus, as stored after the run (the same on every run)
    seconds: float


def frame(rows: list[dict], table: str) -> pd.DataFrame:
    """Rows as a DataFrame with exactly the columns of `table`."""
    import pandas as pd

    return pd.DataFrame(rows, columns=list(SCHEMA[table]))


ARROW_TYPES = {"VARCHAR": "string", "BIGINT": "int64", "INTEGER": "int32", "DOUBLE": "float64", "BOOLEAN": "bool"}


def columns(rows: list[dict], table: str):
    """Rows as an Arrow table with exactly the columns and types of `table` (several times faster to
    build and to store than a DataFrame); a DataFrame where a value does not fit its column's type."""
    import pyarrow as pa

    schema = pa.schema([(c, ARROW_TYPES[t]) for c, t in SCHEMA[table].items()])
    try:
        return pa.Table.from_pylist(rows, schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return frame(rows, table)  # DuckDB casts it on insertion


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables of SCHEMA on a DuckDB connection, where missing."""
    for table, cols in SCHEMA.items():
        body = ", ".join(f'"{c}" {t}' for c, t in cols.items())
        con.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ({body})')
    # A store made before a column was added gets it (empty) rather than failing on insertion.
    have = set(con.execute("SELECT table_name || '.' || column_name FROM information_schema.columns").fetchall())
    for table, cols in SCHEMA.items():
        for c, t in cols.items():
            if (f"{table}.{c}",) not in have:
                con.execute(f'ALTER TABLE "{table}" ADD COLUMN "{c}" {t}')


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    """Insert a DataFrame's (or an Arrow table's) rows into `table`, by column name, cast to the table's types."""
    if len(df) == 0:
        return
    if not _is_arrow(df):
        df = df.reindex(columns=list(SCHEMA[table]))
    con.register("_incoming", df)
    try:
        con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _incoming')
    finally:
        con.unregister("_incoming")


def _is_arrow(table) -> bool:
    import pyarrow as pa

    return isinstance(table, pa.Table)


def batch_tables(articles: list[dict], results) -> dict[str, pd.DataFrame]:
    """What a batch stores: its articles, their annotations (`results`, one per article) and the problems
    met cleaning them (`load_problems` of an article, see `Run.batches`) and annotating them."""
    rows: dict[str, list[dict]] = {t: [] for t in ANNOTATION_TABLES + ["problems"]}
    for tables in results:
        for table, items in tables.items():
            rows[table].extend(items)
    # Kept with their document, not with a corpus (as a document's annotations are): a run that finds
    # the document unchanged, on this corpus or another that holds it, does not clean it again.
    probs = [{**p, "corpus": None, "stage": "load"} for a in articles for p in a.get("load_problems", ())]
    probs += [{**p, "corpus": None, "stage": "annotate"} for p in rows["problems"]]
    return {"articles": columns(articles, "articles"), **{t: columns(rows[t], t) for t in ANNOTATION_TABLES},
            "problems": columns(probs, "problems")}


def unchanged_check(known: dict[str, str], version: str):
    """The `unchanged(doc_id, content_hash, date)` test of `iter_articles`: stored as it is, by this annotator."""
    return lambda doc_id, content, date: known.get(doc_id) == f"{content}|{date}|{version}"


@dataclass
class Run:
    """One pass over a corpus (`Store.update`, `helpers.store.cluster.update`): what it has read, kept and stored."""

    key: str
    version: str
    started: float
    known: dict[str, str]  # document id -> annotation key, as stored before the run
    problems: list[Problem] = field(default_factory=list)  # met reading the corpus: recorded at the end
    cleaning: list[Problem] = field(default_factory=list)  # met cleaning the document just read: stored with it
    members: list[str] = field(default_factory=list)
    annotated: int = 0
    unchanged: int = 0
    writes: int = 0  # batches written
    bar: object = None

    def batches(self, articles, batch_size: int, batch_words: int | None = None):
        """The new or changed documents of `articles`, in batches of `batch_size` documents or `batch_words`
        words, whichever comes first; unchanged ones are counted and skipped. Each document to store
        carries the problems met cleaning it, as `load_problems`."""
        pending: list[dict] = []
        words = 0
        for art in articles:
            self.members.append(art["id"])
            found = [dict(vars(p)) for p in self.cleaning]  # `iter_articles` cleans a document just before yielding it
            self.cleaning.clear()
            if art.get("unchanged"):
                self.unchanged += 1
                continue
            art["load_problems"] = found
            art["annotation_key"] = f"{art['content_hash']}|{art['date']}|{self.version}"
            art["words"] = len(art["text"].split()) + len((art["title"] or "").split())
            if self.known.get(art["id"]) == art["annotation_key"]:
                self.unchanged += 1
                continue
            pending.append(art)
            words += art["words"]
            if len(pending) >= batch_size or (batch_words is not None and words >= batch_words):
                yield pending
                pending, words = [], 0
        if pending:
            yield pending

    def stored(self, n: int) -> None:
        """Count `n` documents stored; show it on the progress bar."""
        self.annotated += n
        self.writes += 1
        if self.bar is not None:
            self.bar.set_postfix(stored=self.annotated, refresh=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def stop_point(point: str) -> None:
    """Stop this process at `point` of a run when MULTIPOLAR_STOP_AT names it (see STOP_AT_VARIABLE)."""
    if os.environ.get(STOP_AT_VARIABLE) != point or not os.environ.get(STOP_FILE_VARIABLE):
        return
    target = Path(os.environ[STOP_FILE_VARIABLE])
    partial = target.with_name(target.name + ".partial")
    partial.write_text(f"{os.getpid()} {point}\n")
    partial.replace(target)  # whole or absent: the test reading it never sees half a line
    os.kill(os.getpid(), signal.SIGSTOP)


def _connect(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file, waiting up to `wait` seconds while another process holds it."""
    deadline = time.monotonic() + max(wait, 0)
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as e:
            message = str(e)
            if "lock" not in message.lower():
                raise StoreError(f"store {path} could not be opened: {message}") from e
            if time.monotonic() >= deadline:
                pid = re.search(r"PID (\d+)", message)
                who = f"another process (PID {pid.group(1)})" if pid else "another process"
                raise StoreBusy(f"store {path} is in use by {who}; waited {wait:g} s. Let that run finish, "
                                f"or give this one another store (--store FILE).") from e
            time.sleep(0.25)
        except duckdb.Error as e:
            raise StoreError(f"store {path} could not be opened: {e}") from e


# The problems of a corpus (its key given twice): those met reading its files, and those kept with its documents.
_OF_CORPUS = "(t.corpus = ? OR (t.corpus IS NULL AND t.doc_id IN (SELECT doc_id FROM corpus_docs WHERE corpus = ?)))"


class Store:
    """An embedded DuckDB file holding articles, annotations and problems."""

    def __init__(self, path: str | os.PathLike = DEFAULT_STORE, read_only: bool = False,
                 wait: float = DEFAULT_WAIT):
        self.path = resolve(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = _connect(self.path, read_only, wait)
        if not read_only:
            self._create()

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _create(self) -> None:
        create_tables(self.con)

    # ----------------------------------------------------------------- writing
    def _insert(self, table: str, df: pd.DataFrame) -> None:
        insert_frame(self.con, table, df)

    def _insert_lists(self, table: str, rows: list[dict]) -> None:
        """Insert rows into `table` as one list a column (no DataFrame, no Arrow table)."""
        if not rows:
            return
        cols = SCHEMA[table]
        names = ", ".join(f'"{c}"' for c in cols)
        values = ", ".join(f"unnest(?::{t}[])" for t in cols.values())
        self.con.execute(f'INSERT INTO "{table}" ({names}) SELECT {values}', [[r.get(c) for r in rows] for c in cols])

    def replace_documents(self, ids: list[str], tables: dict, stored: dict[str, str] | None = None,
                          run: Run | None = None) -> None:
        """Replace the stored rows of documents `ids` by `tables` (name -> DataFrame, Arrow table or Parquet
        file), in one transaction, with `run`'s counts when given. With `stored` (the ids in the store before
        this run, as `known_keys`), only those are looked for and deleted: a new document has no rows to delete."""
        written = len(ids)
        ids = [i for i in ids if stored is None or i in stored]
        self.con.execute("BEGIN TRANSACTION")
        try:
            if ids:
                listed = "(SELECT unnest(?::VARCHAR[]))"
                self.con.execute(f"DELETE FROM articles WHERE id IN {listed}", [ids])
                for t in ANNOTATION_TABLES:
                    self.con.execute(f'DELETE FROM "{t}" WHERE doc_id IN {listed}', [ids])
                self.con.execute(f"DELETE FROM problems WHERE corpus IS NULL AND doc_id IN {listed}", [ids])
            for t, rows in tables.items():
                if not isinstance(rows, (str, os.PathLike)):
                    self._insert(t, rows)
                else:  # a Parquet part written with the table's columns and types (helpers.store.cluster)
                    self.con.execute(f'INSERT INTO "{t}" BY NAME SELECT * FROM read_parquet(?)', [str(rows)])
            if run is not None:
                self._count(run, run.annotated + written)
                stop_point(f"write:{run.writes + 1}")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        if run is not None:
            run.stored(written)
            stop_point(f"stored:{run.writes}")

    def _count(self, run: Run, annotated: int, problems: int | None = None, seconds: float | None = None) -> None:
        """Write `run`'s counts to its row of the run log (within the caller's transaction)."""
        self.con.execute("UPDATE runs SET documents = ?, annotated = ?, unchanged = ?, problems = ?, seconds = ? "
                         "WHERE corpus = ? AND started = ?",
                         [len(run.members), annotated, run.unchanged, problems, seconds, run.key, run.started])

    def known_keys(self) -> dict[str, str]:
        """Document id -> annotation key of every stored document."""
        return dict(self.con.execute("SELECT id, annotation_key FROM articles").fetchall())

    def update(self, paths, annotator=None, max_articles: int | None = None, batch_size: int = BATCH_DOCS,
               progress: bool = False, processes: int | None = None, batch_words: int = BATCH_WORDS) -> UpdateStats:
        """Load `paths`, annotate new or changed documents, store them (a transaction per `batch_size`
        documents or `batch_words` words); return what was done.

        Documents are annotated by `processes` worker processes (default: up to two, the cores
        of the machines this runs on) once a batch is large enough to repay starting them.
        """
        global _FORKED
        from helpers.annotate import chunked, default_annotator, even_chunks

        ann = annotator or default_annotator()
        processes = processes if processes is not None else min(2, os.cpu_count() or 1)
        pool = None
        run, articles = self.begin(paths, ann.version, max_articles=max_articles, progress=progress)
        inflight: list = []  # a batch the workers are annotating while the next one loads: (articles, result)

        def write(batch: list[dict], results) -> None:
            self.replace_documents([a["id"] for a in batch], batch_tables(batch, results), stored=run.known, run=run)

        def drain() -> None:
            """Store the batch in flight, once its workers are done."""
            if inflight:
                batch, result = inflight.pop()
                write(batch, (tables for done in result.get() for tables in done))

        try:
            for batch in run.batches(articles, batch_size, batch_words):
                if pool is None and processes > 1 and len(batch) >= PARALLEL_FROM:
                    import multiprocessing as mp

                    _FORKED = ann.load()  # the workers inherit the annotator, its pipelines loaded (fork)
                    pool = mp.get_context("fork").Pool(processes)
                if pool is None:
                    write(batch, (tables for c in chunked(batch) for tables in annotate_batch(ann, c)))
                    continue
                # The workers annotate this batch while this process stores the previous one and loads the next.
                result = pool.map_async(_annotate_forked, even_chunks(batch, processes))
                drain()
                inflight.append((batch, result))
            drain()
        finally:
            if pool is not None:
                pool.close()
                pool.join()
            _FORKED = None
            run.close()
        return self.record_run(run)

    def begin(self, paths, version: str, max_articles: int | None = None, progress: bool = False):
        """A new run over `paths` by the annotator `version`, entered in the run log (without a duration until
        it ends), and its documents (streamed, a progress bar if asked)."""
        run = Run(corpus_key(paths), version, time.time(), self.known_keys())
        self._insert_lists("runs", [{"corpus": run.key, "started": run.started, "documents": 0, "annotated": 0,
                                     "unchanged": 0, "annotator": version}])
        stop_point("begin")
        articles = iter_articles(paths, run.problems, max_articles=max_articles,
                                 unchanged=unchanged_check(run.known, version), cleaning=run.cleaning)
        if progress:
            from tqdm import tqdm

            articles = run.bar = tqdm(articles, desc="annotate", unit="doc")
        return run, articles

    def record_run(self, run: "Run") -> UpdateStats:
        """Record, in one transaction, a run's corpus membership, the problems met reading its files (replacing
        the last run's) and its counts, with the loading problems of the corpus now stored."""
        key, members = run.key, run.members
        seconds = time.time() - run.started
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute("DELETE FROM corpus_docs WHERE corpus = ?", [key])
            self.con.execute("DELETE FROM problems WHERE stage = 'load' AND corpus = ?", [key])
            # Written from Python lists: a run with nothing to annotate then never imports pandas (a
            # DataFrame or an Arrow table would), a tenth of its time.
            self.con.execute("INSERT INTO corpus_docs (corpus, doc_id, position) SELECT ?, unnest(?::VARCHAR[]), "
                             "unnest(range(?::BIGINT))", [key, list(members), len(members)])
            self._insert_lists("problems", [{**vars(p), "corpus": key, "stage": "load"} for p in run.problems])
            [(problems,)] = self.con.execute(
                f"SELECT count(*) FROM problems t WHERE t.stage = 'load' AND {_OF_CORPUS}", [key, key]).fetchall()
            self._count(run, run.annotated, problems, seconds)
            stop_point("record")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return UpdateStats(key, len(members), run.annotated, run.unchanged, problems, seconds)

    # ----------------------------------------------------------------- reading
    def table(self, name: str, corpus=None, columns: list[str] | None = None) -> pd.DataFrame:
        """A table, limited to the documents of `corpus` (paths or key) when given."""
        if name not in SCHEMA:
            raise KeyError(f"no table {name!r}; tables: {', '.join(SCHEMA)}")
        cols = ", ".join(f't."{c}"' for c in (columns or SCHEMA[name]))
        if corpus is None or name in ("corpus_docs", "runs"):
            return self.con.execute(f'SELECT {cols} FROM "{name}" t').df()
        key = corpus if isinstance(corpus, str) and " + " in corpus else corpus_key(corpus)
        if name == "problems":
            return self.con.execute(
                f"""SELECT {cols} FROM problems t WHERE {_OF_CORPUS}
                    ORDER BY t.stage DESC, t.source, t.line, t.kind, t.doc_id, t.message""", [key, key]).df()
        id_col = "id" if name == "articles" else "doc_id"
        order = "c.position" if name == "articles" else "c.position, t.\"start\"" if "start" in SCHEMA[name] else "c.position"
        return self.con.execute(
            f'SELECT {cols} FROM "{name}" t JOIN corpus_docs c ON c.doc_id = t."{id_col}" '
            f"WHERE c.corpus = ? ORDER BY {order}", [key]).df()

    def tables(self, corpus=None) -> dict[str, pd.DataFrame]:
        """Every annotation table and the articles and problems, for `corpus`."""
        return {name: self.table(name, corpus) for name in ["articles", *ANNOTATION_TABLES, "problems"]}

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run SQL against the store and return a DataFrame."""
        return self.con.execute(sql, params or []).df()
