"""The store: tables per kind, incremental re-runs, corpus membership, problems kept."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers.store import Store, SCHEMA
from conftest import SEED_FILE, SHARED_EVAL


def test_incremental_runs(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Vladimir Putin met Xi Jinping in Beijing. “We are friends,” Putin said.")
    (corpus / "b.txt").write_text("Sanctions on Russia were discussed in Brussels.")
    with Store(tmp_path / "s.duckdb") as s:
        first = s.update(corpus)
        assert (first.documents, first.annotated, first.unchanged) == (2, 2, 0)
        statements = s.table("statements", corpus)
        assert list(statements["speaker"]) == ["Vladimir Putin"]
        again = s.update(corpus)
        assert (again.annotated, again.unchanged) == (0, 2)
        (corpus / "b.txt").write_text("Sanctions on Russia were discussed again.")
        changed = s.update(corpus)
        assert (changed.annotated, changed.unchanged) == (1, 1)
        assert len(s.table("articles", corpus)) == 2
        assert s.table("articles", corpus).set_index("id").loc["b", "raw"] == "Sanctions on Russia were discussed again."
        sentences = s.table("sentences", corpus)
        assert list(sentences[sentences["doc_id"] == "b"]["text"]) == ["Sanctions on Russia were discussed again."]
        for name in SCHEMA:
            assert s.table(name) is not None


def test_store_keeps_problems_and_raw(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    raw = "Line\r\nwith\x00NUL and  spaces."
    (corpus / "a.txt").write_bytes(raw.encode())
    (corpus / "bad.jsonl").write_text('{"id": "x", "text": "ok"}\n{broken\n')
    with Store(tmp_path / "s.duckdb") as s:
        s.update(corpus)
        arts = s.table("articles", corpus).set_index("id")
        assert arts.loc["a", "raw"] == raw
        probs = s.table("problems", corpus)
        assert {"nul_bytes", "unreadable_line"} <= set(probs["kind"])
        assert probs[probs["kind"] == "unreadable_line"].iloc[0]["line"] == 2
        again = s.update(corpus)  # nothing changed: nothing annotated, the problems still all there
        assert again.annotated == 0
        assert sorted(s.table("problems", corpus)["kind"]) == sorted(probs["kind"])


def test_corpora_share_a_store(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(); two.mkdir()
    (one / "a.txt").write_text("China and Russia.")
    (two / "b.txt").write_text("India and Brazil.")
    with Store(tmp_path / "s.duckdb") as s:
        s.update(one); s.update(two)
        assert list(s.table("articles", one)["id"]) == ["a"]
        assert list(s.table("articles", two)["id"]) == ["b"]


def test_cli_annotate_scores_seed(tmp_path):
    seed = SHARED_EVAL / "dev" / "seed.jsonl"
    src = seed if seed.exists() else SEED_FILE
    out = tmp_path / "pred.jsonl"
    subprocess.run([sys.executable, "-m", "helpers", "annotate", str(src), "--out", str(out), "--quiet",
                    "--no-annotations"], check=True)  # the annotator's own output, whatever analysts corrected
    doc = json.loads(out.read_text())
    assert len([s for s in doc["statements"] if s["kind"] != "indirect"]) == 9  # the seed's gold has no reported speech
    if seed.exists():
        res = subprocess.run([sys.executable, str(SHARED_EVAL / "score.py"), str(SHARED_EVAL / "dev" / "seed.gold.jsonl"),
                              str(out), "--json"], check=True, capture_output=True, text=True)
        scores = json.loads(res.stdout)
        assert scores["attribution_f1"] == 1.0
        assert scores["themes_micro_f1"] == 1.0


def test_parallel_update_equals_single_process(tmp_path):
    """Two worker processes store exactly what one process stores."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    rows = [{"id": f"d{i}", "date": "2019-06-05", "title": f"Talks {i}",
             "text": f"Vladimir Putin met Xi Jinping in Moscow ({i}). “Our trade reached ${i} billion,” Putin said. "
                     f"The Chinese president said relations were at their best. Sanctions were not discussed."}
            for i in range(60)]
    (corpus / "docs.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    tables = {}
    for processes in (1, 2):
        with Store(tmp_path / f"s{processes}.duckdb") as s:
            stats = s.update(corpus, processes=processes)
            assert stats.annotated == 60
            tables[processes] = {t: s.table(t, corpus).drop(columns=[], errors="ignore")
                                 for t in ("articles", "mentions", "statements", "figures", "doc_themes")}
    for t in tables[1]:
        a = tables[1][t].sort_values(list(tables[1][t].columns[:3])).reset_index(drop=True)
        b = tables[2][t].sort_values(list(tables[2][t].columns[:3])).reset_index(drop=True)
        assert a.equals(b), t


def test_batches_split_evenly_among_workers():
    """A batch goes to the workers in chunks of at most the annotator's batch size, as many as a
    multiple of the workers and of sizes within one: every document once, in order."""
    from helpers.annotate import even_chunks

    for n, processes, size in [(0, 2, 512), (1, 2, 512), (5, 2, 512), (1000, 2, 512), (1025, 2, 512),
                               (16440, 2, 512), (7, 3, 2), (600, 2, 128)]:
        chunks = even_chunks(list(range(n)), processes, size)
        assert [i for c in chunks for i in c] == list(range(n))
        assert all(0 < len(c) <= size for c in chunks)
        assert max(map(len, chunks), default=0) - min(map(len, chunks), default=0) <= 1
        assert len(chunks) == n or len(chunks) % processes == 0
    assert [len(c) for c in even_chunks(list(range(1025)), 2, 512)] == [257, 256, 256, 256]


def test_rows_that_do_not_fit_arrow_types_are_still_stored(tmp_path):
    """Batches go to the store as Arrow tables; a value of another type (a number as a title) takes the
    DataFrame path and is cast by DuckDB instead of failing the batch."""
    import pandas as pd

    from helpers.store import columns

    good = columns([{"id": "a", "title": "T", "line": 3}], "articles")
    assert not isinstance(good, pd.DataFrame) and good.num_rows == 1
    odd = columns([{"id": "b", "title": 1999, "line": 4}], "articles")
    assert isinstance(odd, pd.DataFrame)
    with Store(tmp_path / "s.duckdb") as s:
        s.replace_documents(["a", "b"], {"articles": good})
        s.replace_documents(["b"], {"articles": odd})
        got = s.query("SELECT id, title, line FROM articles ORDER BY id")
    assert got.values.tolist() == [["a", "T", 3], ["b", "1999", 4]]


def test_update_writes_a_transaction_per_batch_of_documents_or_words(tmp_path, monkeypatch):
    """`Store.update` stores `batch_size` documents at a time, fewer where they reach `batch_words`
    words (long documents: the memory of two batches in flight stays bounded)."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    rows = [{"id": f"d{i}", "date": "2019-06-05", "text": f"Meeting {i}. " + "Moscow and Beijing met. " * (39 if i < 5 else 1)}
            for i in range(25)]
    (corpus / "docs.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    written = []
    original = Store.replace_documents

    def record(self, ids, tables, stored=None, run=None):
        written.append(len(ids))
        return original(self, ids, tables, stored=stored, run=run)

    monkeypatch.setattr(Store, "replace_documents", record)
    with Store(tmp_path / "s.duckdb") as s:
        stats = s.update(corpus, processes=1, batch_size=10, batch_words=400)
        assert stats.annotated == 25 and len(s.table("articles", corpus)) == 25
    # 158 words in each of the first five documents (400 reached at the third), 6 in the others.
    assert written == [3, 2 + 8, 10, 2]


def test_a_document_keeps_the_problems_met_cleaning_it_in_every_run_and_corpus(tmp_path):
    """A document's impossible date is found when it is cleaned, once: later runs that find it unchanged,
    and another corpus naming the same file, still report it, and count the same problems."""
    folder = tmp_path / "c"
    folder.mkdir()
    docs = folder / "docs.jsonl"
    docs.write_text(json.dumps({"id": "a", "date": "2023-02-30", "text": "The harbour reopened after the storm."})
                    + "\n{not json\n")
    with Store(tmp_path / "s.duckdb") as s:
        runs = [(s.update(folder), folder), (s.update(folder), folder), (s.update(docs), docs)]
        assert [stats.annotated for stats, _ in runs] == [1, 0, 0]
        for stats, corpus in runs:
            problems = s.table("problems", corpus)
            assert sorted(problems["kind"]) == ["bad_date", "unreadable_line"]
            assert stats.problems == 2


def test_a_run_that_stops_partway_is_logged_unfinished_and_the_next_one_completes_the_store(tmp_path, monkeypatch):
    """A run that fails in its second batch keeps its first batch whole (articles, annotations, problems met
    cleaning them) and shows in the run log without a duration; the next run stores the rest and ends
    with the tables of a run that never stopped."""
    from helpers.store import store as store_module

    corpus = tmp_path / "c"
    corpus.mkdir()
    rows = [{"id": f"d{i}", "date": "2023-02-30" if i % 2 else "2023-03-01",
             "text": f"Talks {i}: Vladimir Putin met Xi Jinping in Moscow. “We agree,” Putin said."} for i in range(6)]
    (corpus / "docs.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    batches = []
    original = store_module.annotate_batch

    def failing(annotator, articles):
        batches.append(len(articles))
        if len(batches) == 2:
            raise RuntimeError("the machine stopped")
        return original(annotator, articles)

    monkeypatch.setattr(store_module, "annotate_batch", failing)
    with Store(tmp_path / "s.duckdb") as s:
        try:
            s.update(corpus, processes=1, batch_size=3)
        except RuntimeError:
            pass
        stored = s.query("SELECT id FROM articles ORDER BY id")["id"].tolist()
        assert stored == ["d0", "d1", "d2"]
        assert sorted(s.query("SELECT doc_id FROM problems WHERE kind = 'bad_date'")["doc_id"]) == ["d1"]
        log = s.table("runs")
        assert len(log) == 1 and log["seconds"].isna().all() and log["annotated"].tolist() == [3]
        monkeypatch.setattr(store_module, "annotate_batch", original)
        done = s.update(corpus, processes=1, batch_size=3)
        assert (done.annotated, done.unchanged, done.problems) == (3, 3, 3)
        resumed = {t: s.query(f'SELECT * FROM "{t}" ORDER BY ALL') for t in SCHEMA if t != "runs"}
        assert s.table("runs")["seconds"].notna().tolist() == [False, True]
    with Store(tmp_path / "fresh.duckdb") as fresh:
        fresh.update(corpus, processes=1, batch_size=3)
        for t, rows in resumed.items():
            assert rows.equals(fresh.query(f'SELECT * FROM "{t}" ORDER BY ALL')), t
