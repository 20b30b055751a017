"""The outputs-identical check compares every table of two stores, the run's clock left out."""

from __future__ import annotations

import duckdb
import pytest
from conftest import SHARED_CORPUS

from helpers.evaluate.identical import compare, tables, write_sample


def _store(path, speaker: str, started: float):
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE statements (doc_id VARCHAR, start INTEGER, speaker VARCHAR)")
    con.execute("INSERT INTO statements VALUES ('b', 5, 'Xi Jinping'), ('a', 1, ?)", [speaker])
    con.execute("CREATE TABLE runs (corpus VARCHAR, started DOUBLE, seconds DOUBLE, documents BIGINT, annotator VARCHAR)")
    con.execute("INSERT INTO runs VALUES ('c', ?, ?, 2, ?)", [started, started / 10, f"code.{started}"])
    con.close()
    return path


def test_same_rows_in_another_order_and_another_run_clock_are_identical(tmp_path):
    a = tables(_store(tmp_path / "a.duckdb", "Vladimir Putin", 1.0))
    b = tables(_store(tmp_path / "b.duckdb", "Vladimir Putin", 2.0))
    assert {r["table"]: r["identical"] for r in compare(a, b)} == {"runs": True, "statements": True}


def test_a_changed_row_or_a_missing_table_is_different(tmp_path):
    a = tables(_store(tmp_path / "a.duckdb", "Vladimir Putin", 1.0))
    b = tables(_store(tmp_path / "b.duckdb", "Sergey Lavrov", 1.0))
    result = {r["table"]: r["identical"] for r in compare(a, b)}
    assert result == {"runs": True, "statements": False}
    del b["runs"]
    assert {r["table"]: r["identical"] for r in compare(a, b)}["runs"] is False


def test_the_sample_spans_the_five_shared_files(tmp_path):
    if not SHARED_CORPUS.exists():
        pytest.skip(f"{SHARED_CORPUS} is absent")
    files = write_sample(tmp_path)
    counts = {f.name: sum(1 for _ in open(f, encoding="utf-8")) for f in files}
    assert len(counts) == 5 and sum(counts.values()) >= 2000 and min(counts.values()) >= 100, counts
