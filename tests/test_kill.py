"""A killed run loses nothing: killed at any point and run again, the store equals a clean run's.

The runs annotate a slice of the shared RSS sample (non-English items among them, so `language`
warnings) with a few bad lines written for the test (unreadable, empty, a duplicate, an impossible
date). Each run is killed with SIGKILL at a point it reports: its progress output, or the store's
stop points (MULTIPOLAR_STOP_AT, where the process stops itself until it is killed). The size is
MULTIPOLAR_KILL_DOCS documents (1,000 by default; `make test-kill` runs the full 6,000) in six
batches. Skipped where the shared corpus or POSIX signals are absent.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import shared_file
from helpers.config import NOTEBOOKS_DIR, SHARED_CORPUS
from helpers.store import SCHEMA
from helpers.store.store import STOP_AT_VARIABLE, STOP_FILE_VARIABLE

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="needs POSIX signals")

DOCS = int(os.environ.get("MULTIPOLAR_KILL_DOCS", "1000"))
BATCH = max(DOCS // 6, 10)
FULL = DOCS >= 6000  # the full size also runs the whole report, every notebook
TIMEOUT = 900  # seconds a run may take before the test gives up on it

# Lines that give a problem of every kind the loader records with a line, in the test's own words.
BAD_LINES = [
    "{this line is not JSON",
    json.dumps({"id": "kill-blank", "title": "", "text": "   \u200b  "}),
    json.dumps({"id": "kill-date", "title": "Harbour works resume", "date": "2023-02-30",
                "text": "Work on the harbour resumed on Monday after a week of storms, the port authority said."}),
    json.dumps({"id": "kill-dutch", "title": "Nieuwe brug geopend",
                "text": "De nieuwe brug over de rivier werd vandaag geopend door de burgemeester van de stad, "
                        "die zei dat het verkeer in het centrum nu veel sneller zal gaan dan voorheen."}),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The first DOCS items of the RSS sample, a bad line after each sixth, and one item repeated at the end."""
    sample = shared_file(SHARED_CORPUS / "rss2023_sample50k.jsonl")
    with sample.open(encoding="utf-8") as f:
        lines = [next(f).rstrip("\n") for _ in range(DOCS)]
    step = len(lines) // (len(BAD_LINES) + 1)
    for k, bad in reversed(list(enumerate(BAD_LINES, 1))):
        lines.insert(k * step, bad)
    repeated = json.loads(lines[1])
    lines.append(json.dumps({**repeated, "id": "kill-repeated"}))  # the same text under another id: a duplicate
    path = tmp_path_factory.mktemp("kill") / "slice.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def annotate(corpus: Path, store: Path, *extra: str) -> list[str]:
    """The command that annotates `corpus` into `store`, as a user runs it."""
    return [sys.executable, "-m", "helpers", "annotate", str(corpus), "--store", str(store),
            "--batch-size", str(BATCH), *extra]


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    """Run a command to its end; fail with its error output unless it succeeds."""
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, **kw)
    assert res.returncode == 0, res.stderr[-3000:]
    return res


def stopped_and_killed(cmd: list[str], point: str, tmp: Path, **kw) -> None:
    """Start `cmd` with the store's stop point `point`; once a process of it stops there, kill every process
    of the run with SIGKILL (the process that stopped, its worker processes, `cmd` and its own)."""
    name = re.sub(r"[^a-z0-9]", "-", point)
    stop_file, log = tmp / f"stopped-{name}", tmp / f"stopped-{name}.log"
    stop_file.unlink(missing_ok=True)
    env = {**os.environ, STOP_AT_VARIABLE: point, STOP_FILE_VARIABLE: str(stop_file)}
    with log.open("w") as err:  # a file, not a pipe: a pipe nobody reads could block the run before its stop
        proc = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=err, stderr=err, **kw)
    deadline = time.monotonic() + TIMEOUT
    try:
        while not stop_file.exists():  # the stop point writes this file just before it stops the process
            if proc.poll() is not None:
                pytest.fail(f"the run ended before reaching {point}: {log.read_text(errors='replace')[-3000:]}")
            assert time.monotonic() < deadline, f"the run did not reach {point} in {TIMEOUT} s"
            time.sleep(0.05)
        pid = int(stop_file.read_text().split()[0])
        os.killpg(os.getpgid(pid), signal.SIGKILL)  # the stopped process and the workers it forked
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def progressed_and_killed(cmd: list[str], done) -> str:
    """Start `cmd`; kill it (and its worker processes) with SIGKILL as soon as `done(progress)` holds of its
    progress output so far; return that output."""
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = b""
    try:
        while not done(seen.decode(errors="replace")):
            chunk = os.read(proc.stderr.fileno(), 4096)
            if not chunk:
                pytest.fail(f"the run ended before it could be killed: {seen.decode(errors='replace')[-3000:]}")
            seen += chunk
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    return seen.decode(errors="replace")


def tables(store: Path) -> dict[str, list[tuple]]:
    """Every table of the store but the run log, its rows sorted; and the finished runs' counts."""
    con = duckdb.connect(str(store), read_only=True)
    try:
        out = {name: con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall()
               for name in SCHEMA if name != "runs"}
        out["finished runs"] = con.execute("SELECT corpus, documents, problems, annotator FROM runs "
                                           "WHERE seconds IS NOT NULL ORDER BY started").fetchall()
        out["unfinished runs"] = con.execute("SELECT count(*) FROM runs WHERE seconds IS NULL").fetchall()
        out["counts add up"] = con.execute("SELECT bool_and(annotated + unchanged = documents) FROM runs "
                                           "WHERE seconds IS NOT NULL").fetchall()
    finally:
        con.close()
    return out


def assert_equal(got: dict, want: dict, unfinished: int, times: int = 1) -> None:
    """`got` holds what `want` holds, table by table; its log shows the finished runs of `want` (`times` over)
    and `unfinished` more runs that did not finish."""
    for name in want:
        if name == "finished runs":
            assert got[name] == want[name] * times, name
        elif name == "unfinished runs":
            assert got[name] == [(unfinished,)], name
        else:
            assert got[name] == want[name], f"{name}: {len(got[name])} rows, a clean run has {len(want[name])}"


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory) -> dict:
    """The store of one uninterrupted run over the corpus: its tables."""
    store = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    run(annotate(corpus, store, "--quiet"))
    got = tables(store)
    kinds = {row[list(SCHEMA["problems"]).index("kind")] for row in got["problems"]}
    assert {"language", "bad_date", "unreadable_line", "duplicate", "unbalanced_quote"} <= kinds, kinds
    assert len(got["articles"]) > DOCS - 10 and len(got["statements"]) > 0
    return got


def reading(progress: str) -> bool:
    """The progress shows documents read and none stored yet (the first batch being annotated)."""
    counts = re.findall(r"annotate: (\d+)doc", progress)
    return bool(counts) and int(counts[-1]) > 0 and "stored=" not in progress


def stored(progress: str) -> bool:
    """The progress shows a batch stored."""
    return "stored=" in progress


# Where a run is stopped by the store and killed: as soon as it has begun; between batches (the
# second stored, the third not yet read); inside the third batch's transaction, its rows written;
# inside the run's last transaction, every document stored, the corpus and its problems being recorded.
STOP_POINTS = ["begin", "stored:2", "write:3", "record"]


def test_a_run_killed_again_and_again_at_every_point_then_run_to_its_end_equals_a_clean_run(corpus, clean, tmp_path):
    """Each run goes on from what the last one left: killed as it begins, while it annotates its first batch,
    between two batches, inside a batch's transaction, as it reports a batch stored, inside its last
    transaction; then a run to the end."""
    store = tmp_path / "s.duckdb"
    stopped_and_killed(annotate(corpus, store, "--quiet"), "begin", tmp_path)
    progressed_and_killed(annotate(corpus, store), reading)
    stopped_and_killed(annotate(corpus, store, "--quiet"), "stored:2", tmp_path)
    stopped_and_killed(annotate(corpus, store, "--quiet"), "write:2", tmp_path)
    progressed_and_killed(annotate(corpus, store), stored)
    stopped_and_killed(annotate(corpus, store, "--quiet"), "record", tmp_path)
    res = run(annotate(corpus, store, "--quiet"))
    assert re.search(r": 0 annotated", res.stderr), res.stderr  # the last kill came with every document stored
    assert_equal(tables(store), clean, unfinished=6)


@pytest.mark.skipif(not FULL, reason="each point alone at the full size (make test-kill); make test kills one run "
                                      "after another at every point")
@pytest.mark.parametrize("point", STOP_POINTS)
def test_a_run_killed_at_a_stop_point_then_run_again_equals_a_clean_run(corpus, clean, tmp_path, point):
    store = tmp_path / "s.duckdb"
    stopped_and_killed(annotate(corpus, store, "--quiet"), point, tmp_path)
    run(annotate(corpus, store, "--quiet"))
    assert_equal(tables(store), clean, unfinished=1)


@pytest.mark.skipif(not FULL, reason="at the full size (make test-kill); make test kills one run after another")
@pytest.mark.parametrize("when", [reading, stored], ids=["reading", "stored"])
def test_a_run_killed_by_its_progress_then_run_again_equals_a_clean_run(corpus, clean, tmp_path, when):
    store = tmp_path / "s.duckdb"
    progressed_and_killed(annotate(corpus, store), when)
    run(annotate(corpus, store, "--quiet"))
    assert_equal(tables(store), clean, unfinished=1)


def test_two_runs_started_at_once_on_one_store_equal_a_clean_run(corpus, clean, tmp_path):
    store = tmp_path / "s.duckdb"
    cmd = annotate(corpus, store, "--quiet", "--wait", str(TIMEOUT))
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    said = [p.communicate(timeout=TIMEOUT)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], said
    annotated = sorted(int(re.search(r"(\d+) annotated", s).group(1)) for s in said)
    assert annotated[0] == 0 and annotated[1] == len(clean["articles"])  # the second waited, then found it all done
    assert_equal(tables(store), clean, unfinished=0, times=2)


# --------------------------------------------------------------------------- the report


def report(corpus: Path, store: Path, out: Path, notebooks: Path) -> list[str]:
    """The report `make report` builds, of the notebooks in `notebooks`; its pages and executed notebooks
    under `out`."""
    code = ("import sys; from helpers.output.report import build_report; "
            "build_report(sys.argv[1], store=sys.argv[2], out_dir=sys.argv[3] + '/html', exec_dir=sys.argv[3] + "
            "'/executed', notebooks_dir=sys.argv[4], params_extra=['annotations=' + sys.argv[3] + '/annotations'])")
    (out / "annotations").mkdir(parents=True, exist_ok=True)  # no analysts' records
    return [sys.executable, "-c", code, str(corpus), str(store), str(out), str(notebooks)]


def report_run(corpus: Path, root: Path, notebooks: Path, killed: str | None = None) -> tuple[dict, str]:
    """The store's tables and the index page of a report into `root`, started afresh (and first killed at the
    stop point `killed`, then run again)."""
    store, out = root / "s.duckdb", root / "out"
    for old in (store, store.with_name(store.name + ".wal"), out):
        shutil.rmtree(old) if old.is_dir() else old.unlink(missing_ok=True)
    if killed:
        stopped_and_killed(report(corpus, store, out, notebooks), killed, root)
        assert not (out / "html" / "index.html").exists()
    run(report(corpus, store, out, notebooks))
    return tables(store), (out / "html" / "index.html").read_text(encoding="utf-8")


def test_a_report_killed_while_the_first_notebook_loads_the_corpus_then_run_again_equals_a_clean_one(
        corpus, tmp_path):
    """The first notebook's kernel is stopped between two batches it stores and killed, the report with it;
    run again, the report leaves the store and the index page (the corpus summary) of a clean report.

    In `make test` the report holds the first notebook alone (the one that loads the corpus); the
    full size runs every notebook."""
    if FULL:
        notebooks = NOTEBOOKS_DIR
    else:
        notebooks = tmp_path / "notebooks"
        notebooks.mkdir()
        shutil.copy(NOTEBOOKS_DIR / "00_corpus.ipynb", notebooks)
    want, want_index = report_run(corpus, tmp_path, notebooks)
    got, got_index = report_run(corpus, tmp_path, notebooks, killed="stored:2")
    assert_equal(got, want, unfinished=1)
    assert got_index == want_index
