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
    subprocess.run([sys.executable, "-m", "helpers", "annotate", str(src), "--out", str(out), "--quiet"], check=True)
    doc = json.loads(out.read_text())
    assert len(doc["statements"]) == 9
    if seed.exists():
        res = subprocess.run([sys.executable, str(SHARED_EVAL / "score.py"), str(SHARED_EVAL / "dev" / "seed.gold.jsonl"),
                              str(out), "--json"], check=True, capture_output=True, text=True)
        scores = json.loads(res.stdout)
        assert scores["attribution_f1"] == 1.0
        assert scores["themes_micro_f1"] == 1.0
