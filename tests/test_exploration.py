"""Exploration: widgets and interactive tables in JupyterLab, static escaped HTML headless; `make lab` paths."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from corpus_frames import SEEDLIKE, build

from helpers.config import NOTEBOOKS_DIR, PROJ_ROOT
from helpers.output import display

EVIL = "<script>alert(1)</script>"


@pytest.fixture
def tables():
    doc = {**SEEDLIKE, "title": f"Title {EVIL}", "sentences": [*SEEDLIKE["sentences"], f"Text with {EVIL} inside."]}
    return build([doc, {**SEEDLIKE, "id": "other", "title": "Second"}])


@pytest.mark.parametrize("env, expected", [({}, False), ({"JPY_SESSION_NAME": "x.ipynb"}, True),
                                           ({"JPY_SESSION_NAME": "x.ipynb", "MULTIPOLAR_HEADLESS": "1"}, False),
                                           ({"MULTIPOLAR_HEADLESS": "0"}, True)])
def test_interactive_is_detected_from_the_environment(monkeypatch, env, expected):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.delenv("MULTIPOLAR_HEADLESS", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert display.interactive() is expected


def test_headless_tables_and_picker_are_static_and_escaped(monkeypatch, tables):
    monkeypatch.setenv("MULTIPOLAR_HEADLESS", "1")
    html = display.table(pd.DataFrame({"text": [EVIL]})).data
    assert "&lt;script&gt;" in html and EVIL not in html and "<table" in html
    page = display.article_picker(tables, "seed").data
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and EVIL not in page and "mp-document" in page
    assert "old friend" in display.article_picker(tables).data
    short = display.document_view(tables, "seed", max_chars=20)
    assert "Showing the first 20 of" in short
    empty = display.article_picker({**tables, "articles": tables["articles"].iloc[0:0]}).data
    assert "no documents" in empty


def _data(html: str) -> list[list]:
    """The rows an itables table carries to the browser."""
    args = re.search(r'"data_json": (".*?[^\\]"),\n', html)
    return json.loads(json.loads(args.group(1)))


def test_interactive_table_escapes_cells(monkeypatch):
    monkeypatch.setenv("MULTIPOLAR_HEADLESS", "0")
    html = display.table(pd.DataFrame({"text": [EVIL, "b"]})).data
    assert "<script>alert(1)</script>" not in html
    assert _data(html) == [["&lt;script&gt;alert(1)&lt;/script&gt;"], ["b"]]


def test_interactive_table_holds_every_row_and_all_its_text(monkeypatch):
    monkeypatch.setenv("MULTIPOLAR_HEADLESS", "0")
    long = "the partnership " * 40 + "and then friendship"
    df = pd.DataFrame({"date": ["2024-05-16"] * 3000, "n": range(3000), "text": [f"{long} {k}" for k in range(3000)]})
    html = display.table(df, max_rows=30).data
    rows = _data(html)
    assert len(rows) == 3000 and rows[-1] == ["2024-05-16", 2999, f"{long} 2999"]
    assert "holds the first" not in html  # no note: nothing is left out


def test_a_table_beyond_the_search_limit_says_so_above_it(monkeypatch):
    monkeypatch.setenv("MULTIPOLAR_HEADLESS", "0")
    monkeypatch.setattr(display, "SEARCH_ROWS", 5)
    html = display.table(pd.DataFrame({"text": [f"row {k}" for k in range(8)]}), name="statements").data
    note = html.index("holds the first 5 of 8 rows")
    assert note < html.index("<table") and "<code>statements</code>" in html
    assert len(_data(html)) == 5


def test_the_table_library_is_sent_once_to_each_browser_page(monkeypatch):
    monkeypatch.setenv("MULTIPOLAR_HEADLESS", "0")
    monkeypatch.setattr(display, "_LIBRARY_PAGES", set())
    page = {"id": "page-1"}
    monkeypatch.setattr(display, "_browser_page", lambda: page["id"])
    df = pd.DataFrame({"text": ["a", "b"]})
    library = "injectModule("
    assert library in display.table(df).data
    assert library not in display.table(df).data
    page["id"] = "page-2"  # the page reloaded, or the notebook opened in another tab, while the kernel runs
    assert library in display.table(df).data
    page["id"] = None  # no page known: every table carries the library
    assert library in display.table(df).data and library in display.table(df).data


def test_the_dark_theme_step_runs_after_the_library_is_loaded():
    html = display._itables_library()
    loaded = html.index("injectModule(")
    assert html.count("set_or_remove_dark_class") == 2 and html.index("set_or_remove_dark_class") > loaded


def test_text_columns_are_left_aligned_and_dates_kept_on_one_line():
    df = pd.DataFrame({"date": ["2024-05-16", None], "n": [1, 2], "speaker": ["Xi Jinping", None]})
    assert display._column_defs(df) == [{"className": "dt-left dt-nowrap", "targets": [0]},
                                        {"className": "dt-left", "targets": [2]}]


@pytest.fixture
def lab(monkeypatch, tmp_path):
    """A kernel of JupyterLab opened by `make lab CORPUS=... STORE=...`, in the notebooks' folder."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Talks in Moscow.\n", encoding="utf-8")
    monkeypatch.chdir(NOTEBOOKS_DIR)
    monkeypatch.delenv("MULTIPOLAR_HEADLESS", raising=False)
    monkeypatch.setenv("JPY_SESSION_NAME", "03_beijing_moscow.ipynb")
    monkeypatch.setenv("MULTIPOLAR_CORPUS", str(corpus))
    monkeypatch.setenv("MULTIPOLAR_STORE", str(tmp_path / "lab.duckdb"))
    return tmp_path


def test_make_lab_paths_replace_the_default_corpus_and_store(lab):
    names = {"corpus": "../seeds/", "store": "../build/multipolar.duckdb", "max_articles": None}
    lines = display.lab_paths(names)
    assert Path(names["corpus"]).resolve() == (lab / "corpus").resolve() and names["corpus"].endswith("corpus/")
    assert Path(names["store"]).resolve() == (lab / "lab.duckdb").resolve()
    assert len(lines) == 2 and "make lab CORPUS=" in lines[0] and "make lab STORE=" in lines[1]


def test_make_lab_paths_leave_a_parameter_set_in_the_notebook(lab):
    names = {"corpus": "../seeds/000_90f3d8e4bff38bac.txt", "store": "mine.duckdb"}
    assert display.lab_paths(names) == []
    assert names == {"corpus": "../seeds/000_90f3d8e4bff38bac.txt", "store": "mine.duckdb"}


def test_make_lab_paths_leave_headless_runs_alone(lab, monkeypatch):
    monkeypatch.setenv("MULTIPOLAR_HEADLESS", "1")  # papermill (the report); nbval has no JPY_SESSION_NAME
    names = {"corpus": "../seeds/", "store": "../build/multipolar.duckdb"}
    assert display.lab_paths(names) == [] and names["corpus"] == "../seeds/"


def test_make_lab_paths_given_relative_to_the_project(lab, monkeypatch):
    monkeypatch.setenv("MULTIPOLAR_CORPUS", "seeds/000_90f3d8e4bff38bac.txt")
    names = {"corpus": "../seeds/", "store": "../build/multipolar.duckdb"}
    display.lab_paths(names)
    assert names["corpus"] == "../seeds/000_90f3d8e4bff38bac.txt"


def test_the_parameter_check_takes_the_make_lab_paths(lab, capsys):
    from helpers.output import params

    namespace = {"corpus": "../seeds/", "store": "../build/multipolar.duckdb", "codebook": None, "actors": None,
                 "lexicons": None, "since": None, "until": None, "article_id": None, "max_articles": None,
                 "theme": None, "languages": None}
    params.check(namespace)
    assert Path(namespace["corpus"]).resolve() == (lab / "corpus").resolve()
    assert "make lab CORPUS=" in capsys.readouterr().out


def test_a_source_reached_through_a_symbolic_link_is_shown_by_the_link(tmp_path, monkeypatch):
    from helpers import analysis
    from helpers.analysis.corpus import shown_sources

    real = tmp_path / "elsewhere" / "corpus"
    real.mkdir(parents=True)
    (real / "a.txt").write_text("Talks in Moscow.\n\nVladimir Putin said: “We agree.”\n", encoding="utf-8")
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "shared").symlink_to(tmp_path / "elsewhere")
    monkeypatch.chdir(tmp_path / "project")
    named = "shared/corpus"
    tables, _ = analysis.load_corpus(named, str(tmp_path / "s.duckdb"), annotations=False)
    source = tables["articles"]["source"].iloc[0]
    assert source == os.path.relpath(tmp_path / "project" / "shared" / "corpus" / "a.txt", PROJ_ROOT)
    assert "elsewhere" not in source
    assert shown_sources(named + "/a.txt", pd.Series([source, None])).iloc[0] == source


def test_interactive_picker_is_a_widget(monkeypatch, tables):
    monkeypatch.setenv("MULTIPOLAR_HEADLESS", "0")
    box = display.article_picker(tables, "seed")
    picker, note, shown = box.children
    assert picker.value == "seed" and [v for _, v in picker.options] == ["seed", "other"]
    assert "&lt;script&gt;" in shown.value and EVIL not in shown.value
    picker.value = "other"
    assert "Second" in shown.value and EVIL not in shown.value


def test_the_statements_for_searching_keep_their_whole_text(tables):
    from helpers import analysis

    long = "We spoke of trade, energy and the grain corridor at length, " * 8 + "and of our friendship."
    statements = tables["statements"].assign(text=long)
    whole = analysis.statements_overview(statements, tables["articles"], max_chars=None)
    assert (whole["text"] == long).all() and len(whole) == len(tables["statements"])
    assert not analysis.statements_overview(statements, tables["articles"])["text"].str.contains("friendship").any()
