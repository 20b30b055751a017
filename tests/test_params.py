"""Notebook parameters: unknown names, wrong types, missing paths and unknown themes stop a run, listing what is valid."""

from __future__ import annotations

import json
import types

import pytest

from helpers.output import params, report
from helpers.config import NOTEBOOKS_DIR, PROJ_ROOT
from helpers.output.params import MissingPathError, ParameterError

DEFAULTS = {"corpus": "seeds/", "store": "build/multipolar.duckdb", "codebook": None, "actors": None, "lexicons": None,
            "since": None, "until": None, "article_id": None, "max_articles": None, "theme": None, "languages": None}


def namespace(**changes) -> dict:
    """What a notebook's globals() hold after the parameters cell: the parameters and IPython's own names,
    with IPython's input history (`In`) holding the parameters cell as it ran."""
    values = {**DEFAULTS, **changes}
    cell = "\n".join(f"{k} = {v!r}  # a comment" for k, v in values.items())
    ns = {"__name__": "__main__", "__builtins__": __builtins__, "_": "", "__": "", "_i1": "x = 1", "_1": 3,
          "In": ["", cell, "from helpers import params\nparams.check(globals())"], "Out": {1: 3},
          "get_ipython": lambda: None, "exit": object(), "quit": object(), "json": json, "check": params.check,
          "Path": types.SimpleNamespace}
    ns.update(values)
    return ns


@pytest.fixture(autouse=True)
def at_project_root(monkeypatch):
    monkeypatch.chdir(PROJ_ROOT)


def test_the_defaults_pass():
    params.check(namespace())
    params.check(namespace(corpus=["seeds/"], since="2023", until="2023-12-31", max_articles=5,
                           article_id=12, theme="world_order"))


def test_names_set_by_later_cells_are_not_parameters():
    """Re-running the imports cell in JupyterLab after the notebook ran: `labels = ...` is not a parameter."""
    ns = namespace()
    ns.update(labels={"world_order": "World order"}, claim_id="seed")
    ns["In"] += ["labels = analysis.theme_labels(codebook)", "claim_id = find(tables)[1]"]
    params.check(ns)
    ns["In"].append("colour = 'red'")  # a cell of plain literal assignments is taken for parameters
    ns["colour"] = "red"
    with pytest.raises(ParameterError, match="'colour'"):
        params.check(ns)


def test_without_a_kernel_history_every_literal_counts():
    ns = {**DEFAULTS, "colour": "red"}
    with pytest.raises(ParameterError, match="'colour'"):
        params.check(ns)
    params.check(dict(DEFAULTS))


def test_objects_that_are_not_literals_are_not_parameters():
    import pandas as pd

    params.check(namespace(tables={"articles": pd.DataFrame()}, stats=object(), pd=pd))


def test_an_unknown_name_stops_with_the_valid_names():
    with pytest.raises(ParameterError) as err:
        params.check(namespace(max_article=5))
    message = str(err.value)
    assert "unknown parameter 'max_article'" in message and "did you mean 'max_articles'" in message
    for name in params.STANDARD:
        assert f"  {name} = " in message
    params.check(namespace(max_article=5), extra=["max_article"])  # a notebook's own extra parameter


@pytest.mark.parametrize("name, value", [("max_articles", "ten"), ("max_articles", 0), ("max_articles", True),
                                         ("max_articles", 2.5), ("since", "2023/01/01"), ("until", "2023-13-01"),
                                         ("since", 2023), ("corpus", 5), ("corpus", []), ("store", None),
                                         ("article_id", True), ("article_id", 1.5), ("theme", 3),
                                         ("codebook", 1), ("languages", []), ("languages", 7)])
def test_a_wrong_type_stops_with_what_is_expected(name, value):
    with pytest.raises(ParameterError) as err:
        params.check(namespace(**{name: value}))
    assert f"{name} = {value!r}" in str(err.value) and "expected" in str(err.value)


def test_an_unknown_language_code_stops_with_what_is_valid():
    params.check(namespace(languages=["ru", "zh"]))
    with pytest.raises(ParameterError) as err:
        params.check(namespace(languages=["ru", "chinese"]))
    message = str(err.value)
    assert "'chinese' is not a two-letter ISO 639-1 language code (did you mean 'zh'?)" in message
    assert '"ru" (Russian)' in message and "  languages = " in message
    with pytest.raises(ParameterError, match="'xx' is not a two-letter"):
        params.check(namespace(languages=["xx"]))


def test_since_after_until():
    with pytest.raises(ParameterError, match="is after until"):
        params.check(namespace(since="2024-01-01", until="2023"))
    params.check(namespace(since="2023-05", until="2023"))


def test_a_missing_corpus_is_a_file_not_found_error_listing_the_folder():
    with pytest.raises(MissingPathError) as err:
        params.check(namespace(corpus="seeds/no-such-file.jsonl"))
    assert isinstance(err.value, FileNotFoundError) and isinstance(err.value, ValueError)
    message = str(err.value)
    assert "'seeds/no-such-file.jsonl' does not exist" in message
    assert "seeds/ holds: 000_90f3d8e4bff38bac" in message and ".jsonl" in message


def test_a_missing_codebook(tmp_path):
    with pytest.raises(MissingPathError, match="codebook"):
        params.check(namespace(codebook=str(tmp_path / "none.yaml")))


def test_a_missing_lexicons_file(tmp_path):
    with pytest.raises(MissingPathError, match="lexicons"):
        params.check(namespace(lexicons=str(tmp_path / "none.yaml")))


def test_an_unknown_theme_lists_the_theme_ids():
    with pytest.raises(ParameterError) as err:
        params.check(namespace(theme="world-order"))
    message = str(err.value)
    assert "theme 'world-order' is not a theme of the codebook" in message
    assert "did you mean 'world_order'" in message
    for tid in params.theme_ids():
        assert tid in message


def test_themes_come_from_the_codebook_given(tmp_path):
    book = tmp_path / "book.yaml"
    book.write_text("threshold: 1\nthemes:\n  tea:\n    terms: [tea]\n", encoding="utf-8")
    params.check(namespace(codebook=str(book), theme="tea"))
    with pytest.raises(ParameterError, match="valid theme ids: tea"):
        params.check(namespace(codebook=str(book), theme="world_order"))


def test_several_problems_are_listed_together():
    with pytest.raises(ParameterError) as err:
        params.check(namespace(corpus="nowhere/", max_articles="x", colour="red"))
    message = str(err.value)
    assert not isinstance(err.value, MissingPathError)
    assert "'nowhere/' does not exist" in message and "max_articles = 'x'" in message and "'colour'" in message


def test_a_missing_standard_parameter():
    ns = namespace()
    del ns["theme"]
    with pytest.raises(ParameterError, match="'theme' is missing"):
        params.check(ns)


def test_every_notebook_has_the_standard_parameters():
    for path in report.notebooks(NOTEBOOKS_DIR):
        assert set(params.STANDARD) <= set(report.notebook_parameters(path)), path.name


def test_the_report_checks_names_and_types_before_running(tmp_path):
    paths = report.notebooks(NOTEBOOKS_DIR)
    good = report.report_parameters("seeds/", None, ["max_articles=5", "theme=world_order"])
    report.check_parameters(paths, good)
    with pytest.raises(report.ReportError) as err:
        report.check_parameters(paths, {**good, "colour": "red"})
    assert paths[0].name in str(err.value) and "unknown parameter 'colour'" in str(err.value)
    assert "its parameters: corpus, store" in str(err.value)
    with pytest.raises(report.ReportError, match="max_articles = 'many'"):
        report.check_parameters(paths, {**good, "max_articles": "many"})
    languages = report.report_parameters("seeds/", None, ["languages=[ru, zh]"])
    assert languages["languages"] == ["ru", "zh"]
    report.check_parameters(paths, languages)
    with pytest.raises(report.ReportError, match="'russian' is not a two-letter ISO 639-1 language code"):
        report.check_parameters(paths, {**good, "languages": ["russian"]})
    with pytest.raises(report.ReportError, match="valid theme ids"):
        report.check_parameters(paths, {**good, "theme": "nope"})


def test_make_report_exits_non_zero_naming_the_notebook(tmp_path, capsys):
    from helpers.__main__ import main

    code = main(["report", "--corpus", "seeds/", "--store", str(tmp_path / "s.duckdb"), "--out", str(tmp_path / "out"),
                 "--param", "max_article=5"])
    err = capsys.readouterr().err
    assert code == 1
    assert "00_corpus.ipynb" in err and "unknown parameter 'max_article'" in err and "max_articles" in err
    assert not (tmp_path / "out" / "index.html").exists()


@pytest.mark.slow
def test_a_notebook_stops_in_its_first_cell_after_the_parameters(tmp_path):
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as err:
        pm.execute_notebook(str(NOTEBOOKS_DIR / "02_themes.ipynb"), str(tmp_path / "out.ipynb"),
                            parameters={"theme": "no_such_theme", "store": str(tmp_path / "s.duckdb")},
                            cwd=str(NOTEBOOKS_DIR), progress_bar=False, log_output=False)
    assert err.value.ename == "ParameterError" and "valid theme ids" in err.value.evalue
    executed = json.loads((tmp_path / "out.ipynb").read_text(encoding="utf-8"))
    failed = [c for c in executed["cells"] if c["cell_type"] == "code" and any(
        o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert len(failed) == 1 and "params.check(globals())" in "".join(failed[0]["source"])
    assert not (tmp_path / "s.duckdb").exists(), "nothing ran after the check"


def test_statement_kinds_are_checked():
    params.check(namespace(statement_kinds=["quote", "turn"]))
    with pytest.raises(ParameterError, match="statement_kinds"):
        params.check(namespace(statement_kinds=["quotation"]))
    with pytest.raises(ParameterError, match="statement_kinds"):
        params.check(namespace(statement_kinds="quote"))
