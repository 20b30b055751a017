"""The report runs every notebook on a corpus, renders escaped HTML pages and an index."""

from __future__ import annotations

import re

import pytest

from helpers.output import report
from helpers.output.report import ReportError, build_report

NOTEBOOKS = sorted(p.name for p in report.notebooks())
DOC = ("Talks in Moscow <script>alert(1)</script>\n\n"
       "Vladimir Putin said: “We agree.” The talks covered <img src=x onerror=alert(1)> and trade.\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "doc.txt").write_text(DOC, encoding="utf-8")
    (corpus / "doc.meta.yaml").write_text('title: "<script>alert(1)</script> title"\ndate: 2024-05-16\n',
                                          encoding="utf-8")
    out = root / "out"
    index = build_report(str(corpus), store=str(root / "store.duckdb"), out_dir=str(out),
                         params_extra=["max_articles=5"], exec_dir=str(root / "exec"))
    return index, out


@pytest.mark.slow
def test_index_links_every_notebook(built):
    index, out = built
    assert index == out / "index.html" and index.exists()
    page = index.read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', page)
    assert sorted(links) == sorted(n.replace(".ipynb", ".html") for n in NOTEBOOKS)
    for link in links:
        assert (out / link).exists()
    assert "max_articles" in page and "documents" in page


@pytest.mark.slow
def test_pages_show_the_document_escaped(built):
    _, out = built
    pages = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.html")}
    for name, page in pages.items():
        assert "<script>alert(1)" not in page, name
        assert "<img src=x onerror" not in page, name
    annotate = pages["01_annotate.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in annotate
    assert "&lt;img src=x onerror=alert(1)&gt;" in annotate
    assert "Vladimir Putin" in annotate


@pytest.mark.slow
def test_a_failing_notebook_raises_report_error(tmp_path):
    with pytest.raises(ReportError) as err:
        build_report(str(tmp_path / "no-such-corpus"), store=str(tmp_path / "s.duckdb"),
                     out_dir=str(tmp_path / "out"), exec_dir=str(tmp_path / "exec"))
    message = str(err.value)
    assert NOTEBOOKS[0] in message and "does not exist" in message and "no-such-corpus" in message


def test_parameters_are_relative_to_the_notebooks(tmp_path):
    params = report.report_parameters("seeds/", None, ["max_articles=20", "since=2023-01-01", "article_id=abc"])
    assert params["corpus"] == "../seeds/"
    assert params["store"] == "../build/multipolar.duckdb"
    assert params["max_articles"] == 20 and params["since"] == "2023-01-01" and params["article_id"] == "abc"
    with pytest.raises(ReportError):
        report.parse_params(["no equals sign"])
    with pytest.raises(ReportError):
        report.report_parameters("seeds/", None, ["corpus=x"])


def test_strip_volatile_removes_injected_cells_and_timings():
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell("x = 2"), new_code_cell("print(x)")])
    nb.cells[1].metadata["tags"] = ["injected-parameters"]
    nb.cells[2].metadata["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00"}
    nb.cells[2].metadata["papermill"] = {"duration": 1.0}
    nb.cells[2].execution_count = 7
    nb.metadata["papermill"] = {"parameters": {}}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.2"}
    report.strip_volatile(nb)
    assert len(nb.cells) == 2 and "papermill" not in nb.metadata
    assert nb.cells[1].metadata == {} and nb.cells[1].execution_count == 2
    assert "version" not in nb.metadata["language_info"]
    nbformat.validate(nb)


@pytest.mark.slow
def test_a_finished_notebooks_kernel_is_shut_down_without_an_interrupt(tmp_path):
    """jupyter_client's interrupt before a shutdown (SIGINT to the kernel's process group) is not sent."""
    import asyncio
    import os
    import signal

    flag = tmp_path / "interrupted"
    child = ("import signal, sys, time\\n"
             f"signal.signal(signal.SIGINT, lambda *a: (open({str(flag)!r}, 'w').write('x'), sys.exit(0)))\\n"
             "print('ready', flush=True)\\ntime.sleep(60)")
    code = ("import subprocess, sys\n"
            f"child = subprocess.Popen([sys.executable, '-c', \"{child}\"], stdout=subprocess.PIPE, text=True)\n"
            "child.stdout.readline()\nprint(child.pid)")

    async def run() -> int:
        km = report.kernel_manager()()
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            msg_id = kc.execute(code)
            pid = None
            while pid is None:
                msg = await kc.get_iopub_msg(timeout=60)
                if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                    pid = int(msg["content"]["text"].split()[0])
            await kc.get_shell_msg(timeout=60)
            await km.shutdown_kernel()
            return pid
        finally:
            kc.stop_channels()

    pid = asyncio.run(run())
    try:
        os.kill(pid, signal.SIGKILL)  # the kernel's child, should it outlive the kernel
    except ProcessLookupError:
        pass
    assert not flag.exists(), "the kernel's process group was sent SIGINT on shutdown"
