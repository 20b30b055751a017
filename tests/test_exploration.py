"""Exploration: widgets and interactive tables in JupyterLab, static escaped HTML headless."""

from __future__ import annotations

import pandas as pd
import pytest
from corpus_frames import SEEDLIKE, build

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


def test_interactive_table_escapes_cells(monkeypatch):
    monkeypatch.setenv("MULTIPOLAR_HEADLESS", "0")
    monkeypatch.setattr(display, "_ITABLES_READY", True)  # the library bundle is displayed once in a kernel
    html = display.table(pd.DataFrame({"text": [EVIL, "b"]})).data
    assert "<script>alert(1)</script>" not in html
    assert "datatable" in html.lower() or "itables" in html.lower()


def test_interactive_picker_is_a_widget(monkeypatch, tables):
    monkeypatch.setenv("MULTIPOLAR_HEADLESS", "0")
    box = display.article_picker(tables, "seed")
    picker, note, shown = box.children
    assert picker.value == "seed" and [v for _, v in picker.options] == ["seed", "other"]
    assert "&lt;script&gt;" in shown.value and EVIL not in shown.value
    picker.value = "other"
    assert "Second" in shown.value and EVIL not in shown.value
