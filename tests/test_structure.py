"""The package stays readable: modules under 600 lines, classes under 300, one room per stage."""

from __future__ import annotations

import ast

import pytest

from helpers.config import PACKAGE_DIR

MODULE_LINES = 600
CLASS_LINES = 300
MODULES = sorted(PACKAGE_DIR.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_module_and_class_sizes(path):
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= MODULE_LINES, f"{path.name}: {text.count(chr(10))} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef):
            size = node.end_lineno - node.lineno + 1
            assert size <= CLASS_LINES, f"class {node.name}: {size} lines"


def test_rooms_by_stage():
    rooms = {p.name for p in PACKAGE_DIR.iterdir() if (p / "__init__.py").exists()}
    assert {"load", "resources", "annotate", "store", "review", "analysis", "output", "evaluate", "cli"} <= rooms
    loose = {p.name for p in PACKAGE_DIR.glob("*.py")}
    assert loose == {"__init__.py", "__main__.py", "config.py"}, loose
