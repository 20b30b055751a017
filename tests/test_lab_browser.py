"""JupyterLab as an analyst uses it, in headless Chromium: 03's picker and tables, a reload, 07's coding form.

A JupyterLab server is started on a free loopback port with a token, rooted at a temporary
project whose notebooks are copies of 03 and 07 pointed at a corpus written here. Playwright drives
the system's Chromium (never a browser of its own). Every process started here is stopped at the end,
the kernels included, even when a check fails.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from conftest import chromium_or_skip
import yaml

from helpers.config import NOTEBOOKS_DIR

pytestmark = pytest.mark.slow

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WORD = "friendship"
SPEAKERS = ["Vladimir Putin", "Xi Jinping"]
TOPICS = ["trade in energy and grain", "payments in national currencies", "cooperation in science and space",
          "the situation in the region", "the work of the intergovernmental commission"]
DOCUMENTS, STATEMENTS = 24, 20  # about 300 KB of statements: more than itables keeps when it downsamples
# Set from the notebook, so that the tests' copies read the corpus written here.
PARAMETERS = {"corpus": "../corpus.jsonl", "store": "../store.duckdb", "annotations": "../annotations/"}
RUN_TIMEOUT = 180  # seconds for a notebook's cells to run in the browser


def _chromium() -> str:
    return chromium_or_skip("JupyterLab")


def _playwright():
    return pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (it is in requirements.txt)")


def write_corpus(path: Path) -> None:
    """Documents in which the two leaders speak; every third statement speaks of friendship at its end."""
    with path.open("w", encoding="utf-8") as f:
        for d in range(DOCUMENTS):
            paragraphs = [f"Talks in Moscow, day {d + 1}."]
            for k in range(STATEMENTS):
                topic = TOPICS[(d + k) % len(TOPICS)]
                body = (f"We discussed {topic} in detail, and our ministers will report on the progress made this "
                        "year and on the tasks that remain before the next meeting of the two governments. ") * 3
                end = f"This is a sign of our {WORD}." if k % 3 == 0 else "The work continues."
                paragraphs.append(f"{SPEAKERS[(d + k) % 2]} said: “{body}{end}”")
            record = {"id": f"talks{d:02d}", "title": f"Talks in Moscow, day {d + 1}",
                      "date": f"2024-{1 + d % 12:02d}-{10 + d % 18:02d}", "text": "\n\n".join(paragraphs)}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def copy_notebook(name: str, folder: Path) -> None:
    """The project's notebook, its parameters pointed at the test's files, without outputs."""
    nb = nbformat.read(str(NOTEBOOKS_DIR / name), as_version=4)
    lines = []
    for line in nb.cells[1].source.splitlines():
        key = line.split("=", 1)[0].strip()
        lines.append(f"{key} = {PARAMETERS[key]!r}" if key in PARAMETERS else line)
    nb.cells[1].source = "\n".join(lines)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, str(folder / name))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kernel_pids(runtime: Path) -> list[int]:
    """The processes whose command line names a connection file of `runtime` (the server's kernels)."""
    pids = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if str(runtime) in cmdline and int(entry.name) != os.getpid():
            pids.append(int(entry.name))
    return pids


def _stop(server: subprocess.Popen, base: str, token: str, runtime: Path) -> None:
    """Shut the kernels down, stop the server, then kill whatever of theirs is left."""
    try:
        with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=5) as r:
            kernels = json.load(r)
        for kernel in kernels:
            request = urllib.request.Request(f"{base}/api/kernels/{kernel['id']}?token={token}", method="DELETE")
            urllib.request.urlopen(request, timeout=20).close()
    except OSError:
        pass
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
    for pid in _kernel_pids(runtime):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a temporary project (corpus, store, annotations, notebooks/ with 03 and 07)."""
    _chromium()
    _playwright()
    root = tmp_path_factory.mktemp("lab")
    (root / "notebooks").mkdir()
    (root / "annotations").mkdir()
    write_corpus(root / "corpus.jsonl")
    for name in ("03_beijing_moscow.ipynb", "07_annotations.ipynb"):
        copy_notebook(name, root / "notebooks")
    jupyter = root / "jupyter"
    settings = jupyter / "settings" / "@jupyterlab"
    # Nothing saved behind the test's back: a reloaded page reads the notebook as written here.
    (settings / "docmanager-extension").mkdir(parents=True)
    (settings / "docmanager-extension" / "plugin.jupyterlab-settings").write_text('{"autosave": false}')
    (settings / "apputils-extension").mkdir(parents=True)
    (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}')
    # Every cell drawn, also those out of view: the test finds cells and outputs in the page.
    (settings / "notebook-extension").mkdir(parents=True)
    (settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MULTIPOLAR_", "JPY_", "JUPYTER"))}
    env.update(JUPYTER_CONFIG_DIR=str(jupyter / "config"), JUPYTER_DATA_DIR=str(jupyter / "data"),
               JUPYTER_RUNTIME_DIR=str(jupyter / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(jupyter / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(jupyter / "workspaces"), IPYTHONDIR=str(jupyter / "ipython"))
    port, token = _free_port(), secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    log = (root / "server.log").open("w")
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "getuid") and os.getuid() == 0:
        command.append("--allow-root")
    server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + (root / "server.log").read_text()[-3000:])
                time.sleep(0.3)
        yield {"root": root, "base": base, "token": token}
    finally:
        _stop(server, base, token, jupyter / "runtime")
        log.close()


@pytest.fixture(scope="module")
def browser(lab):
    sync_api = _playwright()
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def open_notebook(page, lab: dict, name: str) -> None:
    """Open a notebook and wait until its kernel is idle."""
    page.goto(f"{lab['base']}/lab/tree/notebooks/{name}?token={lab['token']}")
    page.wait_for_function(
        """name => {
             const app = window.jupyterapp;
             const w = app && app.shell.currentWidget;
             const kernel = w && w.context && w.context.path.endsWith(name) && w.sessionContext.session
                            && w.sessionContext.session.kernel;
             return kernel && kernel.status === 'idle';
           }""", arg=name, timeout=90_000)


def run_all(page) -> None:
    """Run every cell of the open notebook and wait until each has run; fail on a cell's error."""
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        """() => {
             const w = window.jupyterapp.shell.currentWidget;
             const cells = w.content.widgets.filter(c => c.model.type === 'code');
             return cells.every(c => c.model.executionCount !== null && !(c.promptNode && c.promptNode.textContent.includes('*')))
                    && w.sessionContext.session.kernel.status === 'idle';
           }""", timeout=RUN_TIMEOUT * 1000)
    errors = page.evaluate(
        """() => window.jupyterapp.shell.currentWidget.content.widgets
             .filter(c => c.model.type === 'code')
             .flatMap(c => c.model.outputs.toJSON())
             .filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue)""")
    assert not errors, f"cells failed: {errors}"


def output_of(page, code: str):
    """The output area of the notebook's cell whose code holds `code`."""
    cell = page.locator(".jp-Notebook .jp-CodeCell").filter(has=page.locator(".jp-InputArea", has_text=code))
    assert cell.count() == 1, f"{cell.count()} cells hold {code!r}"
    return cell.locator(".jp-OutputArea")


def expected_statements(root: Path) -> tuple[int, int]:
    """(statements, those that speak of WORD) in the store the notebook filled."""
    from helpers.store import Store

    with Store(root / "store.duckdb", read_only=True) as s:
        statements = s.table("statements")  # the store holds this corpus alone
    return len(statements), int(statements["text"].str.contains(WORD, case=False).sum())


def search(output, word: str) -> tuple[int, int]:
    """Type `word` in the table's search box; (rows found, rows in the table) as the table reports them."""
    try:
        output.locator("table.dataTable").first.wait_for(timeout=30_000)
    except Exception:  # noqa: BLE001 - Playwright's timeout, reported with what the page shows instead
        pytest.fail(f"the table did not render; the cell shows: {output.inner_text()[:300]!r}")
    output.locator(".dt-search input").fill(word)
    info = output.locator(".dt-info")
    info.filter(has_text="filtered").wait_for(timeout=10_000)
    numbers = [int(n.replace(",", "")) for n in re.findall(r"[\d,]+", info.inner_text())]
    return numbers[2], numbers[3]  # "Showing 1 to 10 of FOUND entries (filtered from TOTAL total entries)"


def test_exploring_03_in_jupyterlab(lab, browser):
    page = browser.new_page()
    console = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    page.on("dialog", lambda d: d.accept())  # "leave the page?" on reload
    try:
        open_notebook(page, lab, "03_beijing_moscow.ipynb")
        run_all(page)

        # The picker is a drop-down widget of every document, and choosing one shows it.
        explore = output_of(page, "display.article_picker(")
        picker = explore.locator(".widget-dropdown select")
        assert picker.locator("option").count() == DOCUMENTS
        shown = explore.locator(".mp-document")
        first = shown.inner_text()
        options = picker.evaluate("s => [...s.options].map(o => o.text)")
        chosen = [k for k, text in enumerate(options) if text.endswith("talks07")]
        assert "day 8." not in first and len(chosen) == 1, options
        picker.select_option(index=chosen[0])
        shown.filter(has_text="day 8.").wait_for(timeout=20_000)
        assert shown.inner_text() != first

        # The statements table holds every statement, whole: its search finds each one that matches.
        total, matching = expected_statements(lab["root"])
        output = output_of(page, "statements_overview(")
        assert search(output, WORD) == (matching, total)
        assert matching >= DOCUMENTS and total > matching
        date_cell, text_cell = output.locator("tbody tr").first.locator("td").nth(0), \
            output.locator("tbody tr").first.locator("td").nth(4)
        assert date_cell.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
        assert text_cell.evaluate("e => getComputedStyle(e).textAlign") == "left"
        assert not [m for m in console if "set_or_remove_dark_class" in m or "itables" in m.lower()], console

        # Reloaded while the kernel runs, the page gets the table library again when the cells run again.
        page.reload()
        open_notebook(page, lab, "03_beijing_moscow.ipynb")
        run_all(page)
        output = output_of(page, "statements_overview(")
        assert search(output, WORD) == (matching, total)
        assert "Loading" not in output.inner_text()
    finally:
        page.close()


def test_the_coding_form_of_07_appends_a_record(lab, browser):
    page = browser.new_page()
    page.on("dialog", lambda d: d.accept())
    try:
        open_notebook(page, lab, "07_annotations.ipynb")
        run_all(page)
        form = output_of(page, "review_form.coding_form(")
        form.locator(".widget-dropdown select").first.select_option("talks02")
        form.locator(".widget-textarea", has_text="Passage:").locator("textarea").fill(f"a sign of our {WORD}")
        form.locator(".widget-text", has_text="Code:").locator("input").fill("stance")
        form.locator(".widget-text", has_text="Value:").locator("input").fill("warm")
        form.locator(".widget-text", has_text="Analyst:").locator("input").fill("tester")
        form.get_by_role("button", name="Save").click()
        form.get_by_text("Saved to").wait_for(timeout=20_000)
    finally:
        page.close()
    files = sorted((lab["root"] / "annotations").glob("*.yaml"))
    assert [f.name for f in files] == ["tester.yaml"]
    records = yaml.safe_load(files[0].read_text(encoding="utf-8"))
    assert len(records) == 1
    record = records[0]
    assert (record["doc"], record["kind"], record["code"], record["value"], record["analyst"]) \
        == ("talks02", "code", "stance", "warm", "tester")
    from helpers.load import load
    from helpers.review import document_texts

    text = document_texts(load(lab["root"] / "corpus.jsonl")[0])["talks02"]  # the text the offsets count in
    assert record["quote"] == f"a sign of our {WORD}" == text[record["start"]:record["end"]]
