"""The notebooks' shared queries: summaries, per-document tables, filtering, loading."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import analysis
from helpers.output import plots


def _articles() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["a", "b", "c"], "title": ["One", None, "Three here"], "outlet": ["X", "X", None],
        "date": ["2023-01-05", None, "2024-03-01"], "language": ["en", "en", "fr"],
        "translated_from": [None, "es", None], "source": ["s.jsonl"] * 3,
        "text": ["one two three", "four five", "six"], "raw": ["r"] * 3, "offsets": [None] * 3,
    })


def _problems() -> pd.DataFrame:
    return pd.DataFrame({"source": ["s.jsonl", "s.jsonl"], "line": [4, 2], "doc_id": [None, "b"],
                         "kind": ["duplicate", "unreadable_line"], "severity": ["warning", "error"],
                         "message": ["dup", "bad"]})


def test_corpus_summary():
    s = dict(analysis.corpus_summary(_articles(), _problems()).itertuples(index=False))
    assert s["documents"] == "3" and s["words"] == str(1 + 3 + 2 + 2 + 1)
    assert s["date range"] == "2023-01-05 to 2024-03-01" and s["documents with a date"] == "2"
    assert s["languages"] == "en, fr" and s["problems"] == "2 (1 errors, 1 warnings)"
    empty = dict(analysis.corpus_summary(_articles().iloc[0:0], _problems().iloc[0:0]).itertuples(index=False))
    assert empty["documents"] == "0" and empty["date range"] == "-"


def test_metadata_and_lengths_leave_out_the_text():
    meta = analysis.metadata_table(_articles())
    assert "text" not in meta and "raw" not in meta and list(meta["words"]) == [4, 2, 3]
    lengths = analysis.lengths(_articles())
    assert list(lengths["words"]) == [4, 2, 3] and list(lengths["characters"]) == [16, 9, 13]
    assert analysis.lengths(_articles().iloc[0:0]).empty
    assert plots.lengths(analysis.lengths(_articles().iloc[0:0])) is None
    assert plots.lengths(lengths).axes[0].get_xlabel()


def test_problems_table_puts_errors_first():
    assert list(analysis.problems_table(_problems())["severity"]) == ["error", "warning"]
    assert analysis.problems_table(_problems().iloc[0:0]).empty


def test_between_filters_every_table():
    tables = {"articles": _articles(), "problems": _problems(),
              "mentions": pd.DataFrame({"doc_id": ["a", "b", "c"], "start": [0, 0, 0]})}
    out = analysis.between(tables, since="2023-06-01")
    assert list(out["articles"]["id"]) == ["c"] and list(out["mentions"]["doc_id"]) == ["c"]
    assert list(out["problems"]["doc_id"].isna()) == [True]
    assert list(analysis.between(tables, until="2023")["articles"]["id"]) == ["a"]
    assert analysis.between(tables) is tables


def test_document_picks_and_filters():
    tables = {"articles": _articles(),
              "statements": pd.DataFrame({"doc_id": ["c", "a", "a"], "start": [0, 9, 2], "end": [1, 12, 5],
                                          "speaker": ["S", None, "Xi"], "first_words": ["x", "y", "z"],
                                          "kind": ["quote"] * 3, "via": ["v", "none", "w"]})}
    doc = analysis.document(tables)
    assert doc["id"] == "a" and doc["text"] == "One\n\none two three"
    assert list(doc["statements"]["start"]) == [2, 9] and "text" not in doc["meta"]
    st = analysis.statements_table(doc["statements"])
    assert list(st.columns) == ["speaker", "first_words", "kind", "how_attributed"]
    assert list(st["speaker"]) == ["Xi", "(not found)"]
    assert analysis.document(tables, "c")["statements"]["speaker"].tolist() == ["S"]
    with pytest.raises(KeyError):
        analysis.document(tables, "zzz")
    empty = analysis.document({"articles": _articles().iloc[0:0], "statements": tables["statements"]})
    assert empty["id"] is None and empty["statements"].empty and empty["text"] == ""


def test_actors_figures_dates_themes():
    mentions = pd.DataFrame({"doc_id": "a", "actor": ["Xi Jinping", "China", "Xi Jinping", "Xi Jinping"],
                             "type": ["person", "state", "person", "person"],
                             "text": ["Xi", "Beijing", "Xi", "Xi Jinping"], "start": [0, 5, 9, 20]})
    actors = analysis.actors_table(mentions)
    assert actors.iloc[0].to_dict() == {"actor": "Xi Jinping", "type": "person", "mentions": 3,
                                        "surface_forms": "Xi (2), Xi Jinping (1)"}
    figures = analysis.figures_table(pd.DataFrame({"doc_id": "a", "start": [5, 1], "end": [9, 3],
                                                   "text": ["$200 billion", "42 times"],
                                                   "value": [2e11, 42.0], "unit": ["USD", "times"]}))
    assert figures.values.tolist() == [["42 times", "42", "times"], ["$200 billion", "200,000,000,000", "USD"]]
    dates = analysis.dates_table(pd.DataFrame({"doc_id": "a", "start": [0], "end": [4], "text": ["May"],
                                               "date": [None], "granularity": [None]}))
    assert dates.values.tolist() == [["May", "(unresolved)", "-"]]
    doc_themes = pd.DataFrame({"doc_id": ["a", "a", "b"], "theme": ["t1", "t2", "t1"], "score": [2.0, 5.5, 4.0],
                               "threshold": [3.0, 3.0, 3.0], "present": [False, True, True]})
    themes = analysis.doc_themes_table(doc_themes[doc_themes["doc_id"] == "a"])
    assert themes.values.tolist() == [["t2", "5.5", "3", "yes"], ["t1", "2", "3", "no"]]
    prev = analysis.theme_prevalence(doc_themes, _articles())
    assert prev.values.tolist() == [["t1", 1, "33%", 2], ["t2", 1, "33%", 1]]


def test_as_text_is_plain_and_stable():
    df = pd.DataFrame({"name": ["b", "a"], "n": [1, 22]})
    text = analysis.as_text(df)
    assert text.splitlines() == ["name   n", "b      1", "a     22"]
    assert analysis.as_text(df.iloc[0:0], empty="Nothing.") == "Nothing."
    assert "(1 more rows not shown)" in analysis.as_text(df, max_rows=1)
    assert analysis.as_text(pd.DataFrame({"t": ["two\nlines  here"]})).splitlines() == ["t", "two lines here"]


def test_load_corpus_rejects_a_missing_corpus(tmp_path):
    with pytest.raises(FileNotFoundError, match="no-such"):
        analysis.load_corpus(str(tmp_path / "no-such"), tmp_path / "s.duckdb")


def test_store_path_is_relative_to_the_working_directory(tmp_path, monkeypatch):
    (tmp_path / "nb").mkdir()
    (tmp_path / "build").mkdir()
    monkeypatch.chdir(tmp_path / "nb")
    assert analysis.store_path("../build/x.duckdb") == tmp_path / "build" / "x.duckdb"


def test_the_two_sides_come_from_the_knowledge_base(tmp_path):
    from helpers.resources import load_kb, parse_kb

    kb = load_kb()
    assert {"China", "Xi Jinping", "Wang Yi", "Communist Party of China"} <= kb.side("China")
    assert {"Russia", "Vladimir Putin", "Sergey Lavrov", "Gazprom"} <= kb.side("Russia")
    assert not kb.side("China") & kb.side("Russia") and "Joe Biden" not in kb.sides()
    sides = analysis.actor_sides()
    assert sides["Gazprom"] == "Russia" and sides["Joe Biden"] == "United States" and sides["NATO"] == "NATO"
    with pytest.raises(ValueError, match="mine.yaml.*not a state"):
        parse_kb("- {name: Xi, type: person, side: China}", "mine.yaml")
    assert parse_kb("- {name: China, type: state, side: China}").sides() == {"China": "China"}


def test_lexicons_load_and_say_which_file_is_wrong(tmp_path):
    from helpers.resources import LEXICONS_FILE, load_lexicons

    lex = load_lexicons()
    assert list(lex.aspects) == ["friendship", "trust", "coordination", "dependence"]
    assert list(analysis.FRAMES)[:4] == list(lex.aspects) and len(lex.digest) == 12
    assert lex.honorific_pattern().sub("", "Mr. Lavrov") == "Lavrov" and "Senator" in lex.title_words
    bad = tmp_path / "bad.yaml"
    bad.write_text("aspects: [", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.yaml"):
        load_lexicons(bad)
    broken = tmp_path / "broken.yaml"  # the right shape, one pattern that does not compile
    broken.write_text(LEXICONS_FILE.read_text(encoding="utf-8").replace("'brotherly'", "'brother(ly'"), encoding="utf-8")
    with pytest.raises(ValueError, match="broken.yaml: aspects: friendship: bad pattern"):
        load_lexicons(broken)


def test_a_lexicons_file_replaces_the_shipped_one(tmp_path):
    from corpus_frames import small_corpus

    from helpers.resources import LEXICONS_FILE

    t = small_corpus()
    mine = tmp_path / "mine.yaml"
    shipped = LEXICONS_FILE.read_text(encoding="utf-8")
    head, _, rest = shipped.partition("\nframes:\n")
    mine.write_text(head + "\nframes:\n  energy:\n    - 'gas'\n    - 'oil'\n" + rest.partition("\n\n")[2],
                    encoding="utf-8")
    frames = analysis.framing(t["sentences"], t["mentions"], t["articles"], lexicons=str(mine))
    assert list(frames.columns) == ["group", "documents", "sentences", "friendship", "trust", "coordination",
                                    "dependence", "energy"]
    table = analysis.framing_table(frames)
    assert table["measure"].iloc[-1] == "% speaking of energy"
    same = analysis.framing(t["sentences"], t["mentions"], t["articles"])
    pd.testing.assert_frame_equal(frames.iloc[:, :7], same.iloc[:, :7])


def test_yearly_prevalence_names_years_when_some_documents_are_undated():
    """A corpus over more than three years is counted per year, named "2019", also beside an undated document."""
    arts = _articles().assign(date=["2019-01-05", None, "2024-03-01"])
    doc_themes = pd.DataFrame({"doc_id": ["a", "c"], "theme": ["world_order"] * 2, "present": [True, True],
                               "score": [1.0, 1.0]})
    over = analysis.prevalence_over_time(doc_themes, arts)
    assert list(over["period"]) == ["2019", "2024"]
    assert plots.prevalence_over_time(over) is not None
