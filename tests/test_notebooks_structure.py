"""The notebooks follow the project's conventions: title, parameters, imports, headings, size."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PATHS = sorted(p for p in NOTEBOOKS.glob("*.ipynb") if re.match(r"^\d\d_", p.name))
STANDARD = {"corpus", "store", "codebook", "actors", "since", "until", "article_id", "max_articles", "theme"}
HEADING = re.compile(r"^(#{1,6})\s+\S")


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _headings(cells: list[dict]) -> list[int]:
    levels = []
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        fenced = False
        for line in _source(cell).splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced
            m = HEADING.match(line)
            if m and not fenced:
                levels.append(len(m.group(1)))
    return levels


def test_there_are_notebooks():
    assert PATHS, "no NN_*.ipynb notebooks found"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_name_and_size(path: Path):
    assert re.match(r"^\d\d_[a-z_]+\.ipynb$", path.name)
    assert path.stat().st_size < 1_000_000, f"{path.name} is {path.stat().st_size:,} bytes"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_no_machine_paths(path: Path):
    raw = path.read_text(encoding="utf-8")
    for fragment in ("/work/", "/tmp/", "/root/"):
        assert fragment not in raw, f"{path.name} holds a machine path ({fragment})"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_title_is_first_and_only_h1(path: Path):
    cells = _cells(path)
    assert cells[0]["cell_type"] == "markdown"
    first = _source(cells[0]).splitlines()[0]
    assert re.match(r"^# \S", first), f"first line {first!r} is not an H1"
    assert _headings(cells).count(1) == 1, "more than one H1"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_no_heading_level_skips(path: Path):
    levels = _headings(_cells(path))
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"heading level jumps from {before} to {after}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_parameters_cell(path: Path):
    cells = _cells(path)
    tagged = [i for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert tagged == [1], f"cells tagged parameters: {tagged} (want exactly the second cell)"
    cell = cells[1]
    assert cell["cell_type"] == "code"
    tree = ast.parse(_source(cell))
    names = set()
    for node in tree.body:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1 \
            and isinstance(node.targets[0], ast.Name), f"not a plain assignment: {ast.unparse(node)}"
        ast.literal_eval(node.value)  # a plain literal, so papermill can read its type
        names.add(node.targets[0].id)
    assert STANDARD <= names, f"missing parameters: {sorted(STANDARD - names)}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_third_cell_checks_the_parameters_then_imports(path: Path):
    """The imports cell starts with `from helpers.output import params` and `params.check(globals())`, then imports."""
    cell = _cells(path)[2]
    assert cell["cell_type"] == "code"
    tree = ast.parse(_source(cell))
    assert len(tree.body) >= 2, "the imports cell should check the parameters, then import"
    first, check, *rest = tree.body
    assert isinstance(first, ast.ImportFrom) and first.module == "helpers.output" \
        and [a.name for a in first.names] == ["params"], "first line: from helpers.output import params"
    assert ast.unparse(check) == "params.check(globals())", "second line: params.check(globals())"
    assert all(isinstance(n, (ast.Import, ast.ImportFrom)) for n in rest), "then only imports"
