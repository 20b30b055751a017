"""The annotation on a Dask cluster stores exactly what the local run stores."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from helpers.store import cluster
from helpers.config import SHARED_CORPUS
from helpers.store import ANNOTATION_TABLES, SCHEMA, Store, frame
from conftest import shared_file


@pytest.fixture(scope="module")
def slices(tmp_path_factory):
    """The first 40 documents of the Kremlin corpus and of the 2023 news sample."""
    folder = tmp_path_factory.mktemp("slices")
    paths = []
    for name in ("kremlin_en.jsonl", "rss2023_sample50k.jsonl"):
        with open(shared_file(SHARED_CORPUS / name), encoding="utf-8") as f:
            lines = [next(f) for _ in range(40)]
        (folder / name).write_text("".join(lines), encoding="utf-8")
        paths.append(str(folder / name))
    return paths


@pytest.fixture(scope="module")
def client():
    """Two worker processes of one thread each, for the whole module."""
    with cluster.connect("local:2", timeout=30) as c:
        yield c


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(list(df.columns), na_position="first").reset_index(drop=True)


@pytest.mark.corpus
@pytest.mark.slow
def test_cluster_run_equals_local_run(slices, client, annotator, tmp_path):
    with Store(tmp_path / "local.duckdb") as local:
        expected = local.update(slices, annotator=annotator)
        want = local.tables(slices)
        want_docs = local.table("corpus_docs")
        want_run = local.table("runs")
    with Store(tmp_path / "dist.duckdb") as dist:
        # Partitions of 10 documents: several in flight at once, some with empty tables.
        got_stats = cluster.update(dist, slices, client, annotator=annotator, batch_size=10, in_flight=3)
        got = dist.tables(slices)
        got_docs = dist.table("corpus_docs")
        got_run = dist.table("runs")
    assert (got_stats.documents, got_stats.annotated, got_stats.unchanged, got_stats.problems) == \
        (expected.documents, expected.annotated, expected.unchanged, expected.problems) == (80, 80, 0, expected.problems)
    assert set(got) == {"articles", *ANNOTATION_TABLES, "problems"}
    for name in want:
        assert len(want[name]) == len(got[name]), name
        pd.testing.assert_frame_equal(_sorted(got[name]), _sorted(want[name]), obj=name)
    for name in ("sentences", "mentions", "statements", "theme_hits"):
        assert len(got[name]) > 0, name  # the comparison is not vacuous
    pd.testing.assert_frame_equal(got_docs, want_docs, obj="corpus_docs")
    cols = ["corpus", "documents", "annotated", "unchanged", "problems", "annotator"]
    pd.testing.assert_frame_equal(got_run[cols], want_run[cols], obj="runs")
    assert not cluster.default_parts(tmp_path / "dist.duckdb").exists()  # the parts are removed once stored


@pytest.mark.corpus
@pytest.mark.slow
def test_second_cluster_run_annotates_only_changes(slices, client, annotator, tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        first = cluster.update(s, slices, client, annotator=annotator, batch_size=25)
        problems = s.table("problems", slices)
        again = cluster.update(s, slices, client, annotator=annotator, batch_size=25)
        assert (again.documents, again.annotated, again.unchanged) == (80, 0, 80)
        pd.testing.assert_frame_equal(_sorted(s.table("problems", slices)), _sorted(problems))
        # One document changed: it alone is annotated again.
        lines = open(slices[1], encoding="utf-8").read().splitlines(keepends=True)
        doc = json.loads(lines[3])
        doc["text"] += " Vladimir Putin and Xi Jinping met again."
        lines[3] = json.dumps(doc) + "\n"
        with open(slices[1], "w", encoding="utf-8") as f:
            f.writelines(lines)
        changed = cluster.update(s, slices, client, annotator=annotator, batch_size=25)
        assert (changed.annotated, changed.unchanged) == (1, 79)
        mentions = s.table("mentions", slices)
        assert {"Vladimir Putin", "Xi Jinping"} <= set(mentions.loc[mentions["doc_id"] == doc["id"], "actor"])
        assert len(s.table("articles", slices)) == first.documents == 80


def test_workers_running_other_code_are_refused(client, monkeypatch, tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Vladimir Putin met Xi Jinping in Beijing.")
    monkeypatch.setattr(cluster, "code_digest", lambda: "000000000000")  # this client only
    with Store(tmp_path / "s.duckdb") as s:
        with pytest.raises(cluster.ClusterError, match="runs other code of helpers than this client"):
            cluster.update(s, [doc], client)
        assert s.table("articles").empty
        # The run log shows the run that began and stored nothing, without a duration: it did not finish.
        runs = s.table("runs")
        assert len(runs) == 1 and runs["seconds"].isna().all() and (runs["annotated"] == 0).all()


def test_parts_keep_the_store_types_when_empty(tmp_path):
    tables = {t: frame([], t) for t in ["articles", *ANNOTATION_TABLES, "problems"]}
    paths = cluster.write_parts(tables, tmp_path, "part-0")
    for table, path in paths.items():
        con = duckdb.connect()
        described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [path]).fetchall()
        assert [(c, t) for c, t, *_ in described] == list(SCHEMA[table].items()), table
        assert con.execute("SELECT count(*) FROM read_parquet(?)", [path]).fetchone()[0] == 0


def test_unreachable_scheduler_is_named_and_nothing_is_written(tmp_path):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    doc = tmp_path / "a.txt"
    doc.write_text("Vladimir Putin met Xi Jinping in Beijing.")
    store = tmp_path / "s.duckdb"
    res = subprocess.run([sys.executable, "-m", "helpers", "annotate", str(doc), "--store", str(store),
                          "--scheduler", address, "--connect-timeout", "1", "--quiet"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 1
    assert f"cannot reach the Dask scheduler at {address}" in res.stderr
    assert "Traceback" not in res.stderr
    assert not store.exists()
