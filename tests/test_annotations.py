"""Analysts' own annotations: read, validated, re-anchored, merged over the machine's output, compared, exported."""

from __future__ import annotations

import csv
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import review as analysts
from helpers.output import params, review_form
from helpers.annotate import Annotator
from helpers.store import Store
from conftest import SHARED_EVAL

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "07_annotations.ipynb"
TALKS = ("Vladimir Putin met Xi Jinping in Beijing on Tuesday. “We are old friends,” Putin said. The two leaders "
         "discussed trade and the Asian superpower's plans. “This is a multipolar world,” the minister added. "
         "Sanctions were not discussed.")
MINISTERS = "Wang Yi met Sergey Lavrov in Moscow. “Our partnership has no limits,” Wang said. Lavrov spoke about the Middle East."


def write_corpus(folder: Path, talks: str = TALKS) -> Path:
    """Two documents (ids that no shared corpus uses) in a JSON lines file."""
    folder.mkdir(exist_ok=True)
    rows = [{"id": "talks-one", "date": "2023-10-18", "title": "Talks in Beijing", "text": talks},
            {"id": "talks-two", "date": "2023-10-19", "title": "Ministers meet", "text": MINISTERS}]
    (folder / "docs.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                                       encoding="utf-8")
    return folder


def statement(tables, doc_id: str, words: str) -> dict:
    st = tables["statements"]
    rows = st[(st["doc_id"] == doc_id) & st["text"].str.contains(words, regex=False)]
    assert len(rows) == 1, rows
    return rows.iloc[0].to_dict()


@pytest.fixture
def project(tmp_path):
    """A corpus annotated into a store, and an empty annotations folder beside them."""
    corpus = write_corpus(tmp_path / "corpus")
    store = tmp_path / "s.duckdb"
    with Store(store) as s:
        s.update(corpus)
    folder = tmp_path / "annotations"
    folder.mkdir()
    return corpus, store, folder


def correct_speaker(store: Path, corpus: Path, folder: Path) -> dict:
    """Maria says the multipolar-world quotation is the minister's (Sergey Lavrov's), not Putin's: a record made
    the way the coding form makes it, appended to her file."""
    with Store(store, read_only=True) as s:
        text = analysts.document_texts(s.table("articles", corpus))["talks-one"]
    rec = analysts.make_record(text, "talks-one", "This is a multipolar world", "correction", "maria",
                               target="speaker", action="set", value="Sergey Lavrov", now="2024-05-02T10:14:00+00:00")
    analysts.append_record(folder, rec)
    return rec


# --------------------------------------------------------------------------- corrections survive


def test_a_correction_survives_reannotation_and_a_changed_text(project):
    corpus, store, folder = project
    rec = correct_speaker(store, corpus, folder)
    with Store(store) as s:
        machine = statement(s.tables(corpus), "talks-one", "multipolar world")
        assert machine["speaker"] == "Vladimir Putin"  # the annotator's mistake this test corrects
        first = analysts.review(s, corpus, folder)
        merged = statement(first.tables, "talks-one", "multipolar world")
        assert (merged["speaker"], merged["decided_by"]) == ("Sergey Lavrov", "maria")
        assert first.records.iloc[0]["anchor"] == "exact"
        assert statement(first.tables, "talks-one", "old friends")["decided_by"] == "machine"

        # A full re-annotation (another annotator version): every document annotated again.
        again = Annotator()
        again.version += "+rerun"
        assert s.update(corpus, annotator=again).annotated == 2
        second = analysts.review(s, corpus, folder)
        merged = statement(second.tables, "talks-one", "multipolar world")
        assert (merged["speaker"], merged["decided_by"]) == ("Sergey Lavrov", "maria")

    # The source changes: a sentence inserted before the passage moves every offset after it.
    inserted = "Reporters waited outside for hours. "
    write_corpus(corpus, talks=TALKS.replace("The two leaders", inserted + "The two leaders"))
    with Store(store) as s:
        assert s.update(corpus, annotator=again).annotated == 1  # the changed document alone
        third = analysts.review(s, corpus, folder)
    row = third.records.iloc[0]
    assert row["anchor"] == "moved"
    assert (row["start"], row["end"]) == (rec["start"] + len(inserted), rec["end"] + len(inserted))
    assert (row["recorded_start"], row["recorded_end"]) == (rec["start"], rec["end"])
    merged = statement(third.tables, "talks-one", "multipolar world")
    assert (merged["speaker"], merged["decided_by"]) == ("Sergey Lavrov", "maria")
    assert "Sergey Lavrov" in row["outcome"]


def test_a_repeated_quote_is_told_apart_by_its_context():
    text = "He said “no”. Later, asked about sanctions, she said “no” again."
    second = text.rindex("“no”")
    before, after = text[second - 20:second], text[second + 4:second + 14]
    shifted = "A new first sentence. " + text
    how, s, e, _ = analysts.locate(shifted, "“no”", before, after, second, second + 4)
    assert (how, s) == ("moved", second + len("A new first sentence. "))
    # Without offsets, and with the quotation marks and spacing changed by a new cleaning rule.
    respaced = text.replace("“no”", '"no"').replace("she said", "she  said")
    how, s, e, _ = analysts.locate(respaced, "“no”", before, after)
    assert how == "moved" and respaced[s:e] == '"no"' and s > respaced.index('"no"')


def test_a_slightly_changed_quote_is_found_approximately():
    text = "The minister said the partnership was a cornerstone of the new multipolar world order today."
    how, s, e, score = analysts.locate(text, "the partnership is a cornerstone of the new multipolar world order")
    assert how == "fuzzy" and 90 <= score < 100
    assert text[s:e].startswith("the partnership was")


def test_an_orphaned_record_is_reported_and_kept(project):
    corpus, store, folder = project
    correct_speaker(store, corpus, folder)
    (folder / "li.yaml").write_text(
        "- doc: talks-one\n  quote: \"Sanctions were not discussed.\"\n  kind: code\n  code: omission\n"
        "- doc: elsewhere-9\n  quote: \"anything\"\n  kind: note\n  note: a document of another corpus\n",
        encoding="utf-8")
    write_corpus(corpus, talks=TALKS.replace("“This is a multipolar world,” the minister added. ", ""))
    with Store(store) as s:
        s.update(corpus)
        result = analysts.review(s, corpus, folder)
    assert len(result.records) == 3  # nothing dropped
    lost = result.orphans
    assert list(lost["analyst"]) == ["maria"] and list(lost["quote"]) == ["This is a multipolar world"]
    assert lost.iloc[0]["what"] == "speaker set: Sergey Lavrov"
    maria = result.records[result.records["analyst"] == "maria"].iloc[0]
    assert maria["applied"] is False and "orphaned" in maria["outcome"]
    assert set(result.records["anchor"]) == {"orphaned", "exact", "not_in_corpus"}
    assert "1 orphaned" in result.summary() and "1 not in corpus" in result.summary()
    assert (result.tables["statements"]["decided_by"] == "machine").all()
    out = subprocess.run([sys.executable, "-m", "helpers", "annotations", "check", "--annotations", str(folder),
                          "--store", str(store), "--corpus", str(corpus)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "orphaned: annotations/maria.yaml, record 1" in out.stdout


# --------------------------------------------------------------------------- merge rules


def test_actor_theme_and_statement_corrections(project):
    corpus, store, folder = project
    (folder / "ben.yaml").write_text("""
- {doc: talks-one, quote: "Asian superpower", before: "and the ", kind: correction, target: actor, action: remove}
- {doc: talks-one, quote: "the minister", kind: correction, target: actor, action: add, value: Sergey Lavrov}
- {doc: talks-one, kind: correction, target: theme, action: remove, value: sanctions}
- {doc: talks-two, kind: correction, target: theme, action: add, value: security_military}
- {doc: talks-two, quote: "Our partnership has no limits", kind: correction, target: speaker, action: set, value: Wang Yi}
- {doc: talks-one, quote: "We are old friends", kind: correction, target: statement, action: remove}
- {doc: talks-two, quote: "Lavrov spoke about the Middle East", kind: correction, target: statement, action: add,
   value: Sergey Lavrov}
""", encoding="utf-8")
    with Store(store, read_only=True) as s:
        result = analysts.review(s, corpus, folder)
    t = result.tables
    m = t["mentions"]
    one = m[m["doc_id"] == "talks-one"]
    assert "Asian superpower" not in set(one["text"])
    added = one[one["text"] == "the minister"].iloc[0]
    assert (added["actor"], added["type"], added["decided_by"]) == ("Sergey Lavrov", "person", "ben")
    themes = t["doc_themes"].set_index(["doc_id", "theme"])
    assert not themes.loc[("talks-one", "sanctions"), "present"]
    assert themes.loc[("talks-one", "sanctions"), "decided_by"] == "ben"
    assert themes.loc[("talks-two", "security_military"), "present"]
    assert themes.loc[("talks-one", "world_order"), "decided_by"] == "machine"
    assert statement(t, "talks-two", "no limits")["speaker"] == "Wang Yi"
    assert not t["statements"]["text"].str.contains("old friends").any()
    assert statement(t, "talks-two", "Middle East")["decided_by"] == "ben"
    assert (result.records["applied"] == True).all()  # noqa: E712
    # Rows stay in document order, offsets integers.
    assert list(t["mentions"]["doc_id"]) == sorted(t["mentions"]["doc_id"])
    assert str(t["mentions"]["start"].dtype) in ("int32", "Int64")

    fb = analysts.feedback(result.records).set_index(["target", "action", "doc_id"])
    assert fb.loc[("actor", "remove", "talks-one"), "concerns"] == \
        "knowledge base: 'Asian superpower' -> China (via alias)"
    assert fb.loc[("actor", "add", "talks-one"), "concerns"] == \
        "knowledge base: missing alias 'the minister' for Sergey Lavrov"
    assert fb.loc[("theme", "remove", "talks-one"), "concerns"] == "codebook terms that fired: sanctions"
    assert fb.loc[("speaker", "set", "talks-two"), "concerns"] == "attribution rule: subject of 'said'"
    assert fb.loc[("speaker", "set", "talks-two"), "machine"] == "speaker Wang"
    summary = analysts.feedback_summary(analysts.feedback(result.records))
    assert summary["corrections"].sum() == 7


def test_the_later_correction_wins(project):
    corpus, store, folder = project
    (folder / "a.yaml").write_text("- {doc: talks-two, kind: correction, target: theme, action: remove, "
                                   "value: middle_east, at: '2024-03-01T09:00:00'}\n", encoding="utf-8")
    (folder / "b.yaml").write_text("- {doc: talks-two, kind: correction, target: theme, action: add, "
                                   "value: middle_east, at: '2024-02-01T09:00:00'}\n", encoding="utf-8")
    with Store(store, read_only=True) as s:
        themes = analysts.merged_tables(s, corpus, folder)["doc_themes"].set_index(["doc_id", "theme"])
    assert not themes.loc[("talks-two", "middle_east"), "present"]
    assert themes.loc[("talks-two", "middle_east"), "decided_by"] == "a"


# --------------------------------------------------------------------------- bad records


def test_bad_records_are_named_and_the_others_load(tmp_path):
    folder = tmp_path / "annotations"
    folder.mkdir()
    (folder / "maria.yaml").write_text("""# Maria's records
- doc: talks-one
  quote: "old friends"
  kind: code
  code: stance
- doc: talks-one
  quote: "old friends"
  kind: cod
  code: stance
- doc: talks-one
  start: 10
  end: 5
  quote: "x"
  kind: note
  note: end before start
- doc: talks-one
  kind: correction
  target: speaker
  action: set
  value: Xi Jinping
- doc: talks-one
  qoute: "typo in a field name"
  kind: note
  note: still loads
- just a string
""", encoding="utf-8")
    (folder / "li.csv").write_text("doc,quote,kind,code,target,action,value\n"
                                   "talks-two,no limits,code,alignment,,,\n"
                                   "talks-two,no limits,correction,,theme,shout,x\n", encoding="utf-8")
    (folder / "broken.yaml").write_text("- doc: [unclosed\n", encoding="utf-8")
    (folder / "README.md").write_text("not a record file", encoding="utf-8")
    records, problems = analysts.read_records(folder)
    assert list(zip(records["file"], records["record"])) == [("annotations/li.csv", 1), ("annotations/maria.yaml", 1),
                                                            ("annotations/maria.yaml", 5)]
    messages = list(problems["message"])
    assert any(m.startswith("annotations/broken.yaml, line ") and "not valid YAML" in m for m in messages)
    expected = {
        ("annotations/li.csv", 2): "action 'shout' is not one of add, remove for a theme correction",
        ("annotations/maria.yaml", 2): "kind 'cod' is not one of code, note, correction (did you mean 'code'?)",
        ("annotations/maria.yaml", 3): "end 5 is not after start 10",
        ("annotations/maria.yaml", 4): "a speaker correction needs the passage it corrects",
        ("annotations/maria.yaml", 5): "unknown field 'qoute' (did you mean 'quote'?): ignored",
        ("annotations/maria.yaml", 6): "is not a mapping of fields",
    }
    for (file, number), text in expected.items():
        rows = problems[(problems["file"] == file) & (problems["record"] == number)]
        assert len(rows) == 1, (file, number)
        message = rows.iloc[0]["message"]
        assert message.startswith(f"{file}, record {number}") and text in message, message
    maria = problems[problems["file"] == "annotations/maria.yaml"].set_index("record")
    assert list(maria["line"]) == [6, 10, 16, 21, 25]  # where each record starts
    assert "(line 3)" in problems[problems["file"] == "annotations/li.csv"].iloc[0]["message"]
    assert maria.loc[5, "severity"] == "warning" and maria.loc[2, "severity"] == "error"
    summary = analysts.summary(records, problems)
    assert "3 records by 2 analysts in 2 files" in summary and "6 bad records or files not loaded" in summary
    out = subprocess.run([sys.executable, "-m", "helpers", "annotations", "check", "--annotations", str(folder)],
                         capture_output=True, text=True)
    assert out.returncode == 1 and "error: annotations/maria.yaml, record 2 (line 6): kind 'cod'" in out.stdout


def test_names_outside_the_knowledge_base_and_codebook_are_warned(project):
    corpus, store, folder = project
    (folder / "a.yaml").write_text("- {doc: talks-one, kind: correction, target: theme, action: add, "
                                   "value: world_oder}\n", encoding="utf-8")
    with Store(store, read_only=True) as s:
        result = analysts.review(s, corpus, folder)
    assert list(result.problems["severity"]) == ["warning"]
    assert "'world_oder' is not a theme of the codebook (did you mean 'world_order'?)" in result.problems.iloc[0]["message"]


# --------------------------------------------------------------------------- agreement


def code_files(folder: Path, ratings: dict[str, list[str]], code: str) -> None:
    """One file per analyst; analyst -> the value of `code` they gave each document d1, d2, ..."""
    folder.mkdir(exist_ok=True)
    for analyst, values in ratings.items():
        lines = [f"- {{doc: d{k}, quote: \"passage {k}\", kind: code, code: {code}, value: {v}}}"
                 for k, v in enumerate(values, 1)]
        (folder / f"{analyst}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_agreement_of_two_analysts_matches_a_hand_computation(tmp_path):
    import pandas as pd

    folder = tmp_path / "two"
    code_files(folder, {"ana": ["coop", "coop", "hostile", "coop", "hostile"],
                        "ben": ["coop", "hostile", "hostile", "coop", "coop"]}, "stance")
    # Themes: the machine found world_order in every document; ana removes it from d2, ben from d3.
    with (folder / "ana.yaml").open("a", encoding="utf-8") as f:
        f.write("- {doc: d2, kind: correction, target: theme, action: remove, value: world_order}\n")
    with (folder / "ben.yaml").open("a", encoding="utf-8") as f:
        f.write("- {doc: d3, kind: correction, target: theme, action: remove, value: world_order, "
                "quote: \"passage 3\"}\n")
    machine = pd.DataFrame({"doc_id": ["d1", "d2", "d3", "d4", "d5"], "theme": "world_order", "present": True})
    records, problems = analysts.read_records(folder)
    assert problems.empty
    table = analysts.agreement(records, machine).set_index("name")

    # stance, per document: agree on d1, d3, d4 -> observed p_o = 3/5 = 0.6.
    # ana: coop 3/5, hostile 2/5; ben: coop 3/5, hostile 2/5 -> chance p_e = .6*.6 + .4*.4 = 0.52.
    # kappa = (p_o - p_e) / (1 - p_e) = 0.08 / 0.48 = 1/6.
    # Krippendorff (nominal), coincidences over 10 pairable values: o(c,c) = 4 (d1, d4), o(h,h) = 2 (d3),
    # o(c,h) = o(h,c) = 2 (d2, d5); n_c = 6, n_h = 4. D_o = 4/10; D_e = 2*6*4 / (10*9) = 48/90.
    # alpha = 1 - D_o / D_e = 1 - 0.4 / 0.5333 = 0.25.
    p_o, p_e = 3 / 5, 0.6 * 0.6 + 0.4 * 0.4
    assert table.loc["stance", "kappa"] == pytest.approx((p_o - p_e) / (1 - p_e)) == pytest.approx(1 / 6)
    assert table.loc["stance", "alpha"] == pytest.approx(1 - (4 / 10) / (48 / 90)) == pytest.approx(0.25)
    assert (table.loc["stance", "units"], table.loc["stance", "disagreements"]) == (5, 2)
    assert table.loc["stance", "agreement"] == pytest.approx(0.6)

    # world_order (P present, a absent): ana P a P P P, ben P P a P P (each left the machine's decision
    # standing elsewhere). p_o = 3/5; ana present 4/5, ben present 4/5 -> p_e = .8*.8 + .2*.2 = 0.68;
    # kappa = (0.6 - 0.68) / (1 - 0.68) = -0.08 / 0.32 = -0.25.
    # Alpha: o(P,P) = 6 (d1, d4, d5), o(a,a) = 0, o(P,a) = o(a,P) = 2 (d2, d3); n_P = 8, n_a = 2.
    # D_o = 4/10; D_e = 2*8*2 / (10*9) = 32/90; alpha = 1 - 0.4 / 0.3556 = 1 - 36/32 = -0.125.
    assert table.loc["world_order", "kappa"] == pytest.approx((0.6 - 0.68) / (1 - 0.68)) == pytest.approx(-0.25)
    assert table.loc["world_order", "alpha"] == pytest.approx(1 - (4 / 10) / (32 / 90)) == pytest.approx(-0.125)
    assert table.loc["world_order", "kind"] == "theme"

    dis = analysts.disagreements(records, machine)
    stance = dis[dis["name"] == "stance"]
    assert list(stance["doc_id"]) == ["d2", "d5"]
    assert stance.iloc[0]["ratings"] == "ana: coop; ben: hostile"
    assert stance.iloc[0]["text"] == "ana: “passage 2” · ben: “passage 2”"
    assert list(dis[dis["name"] == "world_order"]["doc_id"]) == ["d2", "d3"]


def test_agreement_of_three_analysts_uses_krippendorffs_alpha(tmp_path):
    folder = tmp_path / "three"
    code_files(folder, {"ana": ["a", "a", "b", "a"], "ben": ["a", "a", "b", "b"], "cy": ["a", "b", "b", "b"]},
               "frame")
    records, _ = analysts.read_records(folder)
    row = analysts.agreement(records).set_index("name").loc["frame"]
    # Units d1..d4 rated (a,a,a), (a,a,b), (b,b,b), (a,b,b); m = 3 values a unit, each pair weighs 1/(m-1) = 1/2.
    # Coincidences: o(a,a) = 3 (d1) + 1 (d2) = 4; o(b,b) = 3 (d3) + 1 (d4) = 4; o(a,b) = o(b,a) = 1 + 1 = 2.
    # n = 12, n_a = n_b = 6. D_o = (2 + 2)/12 = 1/3; D_e = 2 * 6 * 6 / (12 * 11) = 6/11.
    # alpha = 1 - (1/3) / (6/11) = 1 - 11/18 = 7/18 = 0.3889.
    assert row["alpha"] == pytest.approx(7 / 18)
    assert math.isnan(row["kappa"])  # kappa is for two analysts
    assert row["analysts"] == "ana, ben, cy" and row["units"] == 4


def test_agreement_is_undefined_where_every_rating_is_the_same(tmp_path):
    folder = tmp_path / "same"
    code_files(folder, {"ana": ["x", "x"], "ben": ["x", "x"]}, "topic")
    records, _ = analysts.read_records(folder)
    row = analysts.agreement(records).iloc[0]
    assert row["agreement"] == 1.0 and math.isnan(row["kappa"]) and math.isnan(row["alpha"])


# --------------------------------------------------------------------------- exports and the report


def test_the_merged_view_is_in_the_exports(project, tmp_path):
    corpus, store, folder = project
    correct_speaker(store, corpus, folder)
    (folder / "li.yaml").write_text("- {doc: talks-one, quote: \"We are old friends\", kind: code, code: stance, "
                                    "value: cooperative}\n- {doc: talks-one, kind: correction, target: theme, "
                                    "action: remove, value: sanctions}\n", encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    run = subprocess.run([sys.executable, "-m", "helpers", "annotate", str(corpus), "--store", str(store), "--out",
                          str(out), "--annotations", str(folder), "--quiet"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "merged: 3 records by 2 analysts" in run.stderr
    docs = {d["id"]: d for d in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    talks = docs["talks-one"]
    quoted = {s["start"]: s for s in talks["statements"]}
    assert quoted["This is a multipolar world"]["speaker"] == "Sergey Lavrov"
    assert quoted["This is a multipolar world"]["decided_by"] == "maria"
    assert quoted["We are old friends"]["decided_by"] == "machine"
    assert "sanctions" not in talks["themes"] and talks["decided_by"]["themes"] == {"sanctions": "li"}

    # Without a store, the same corrections apply; --no-annotations gives the machine's output alone.
    streamed = tmp_path / "streamed.jsonl"
    subprocess.run([sys.executable, "-m", "helpers", "annotate", str(corpus), "--out", str(streamed),
                    "--annotations", str(folder), "--quiet"], check=True)
    assert streamed.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
    plain = tmp_path / "plain.jsonl"
    subprocess.run([sys.executable, "-m", "helpers", "annotate", str(corpus), "--out", str(plain), "--annotations",
                    str(folder), "--no-annotations", "--quiet"], check=True)
    machine = json.loads(plain.read_text(encoding="utf-8").splitlines()[0])
    assert "decided_by" not in machine and "sanctions" in machine["themes"]

    # The export still scores: the guidelines' scorer reads it (the analyst's speaker is the gold one here).
    score = SHARED_EVAL / "score.py"
    if score.exists():
        gold = tmp_path / "gold.jsonl"
        gold.write_text(json.dumps({"id": "talks-one", "actors": ["Vladimir Putin", "Xi Jinping", "China"],
                                    "statements": [{"speaker": "Vladimir Putin", "start": "We are old friends"},
                                                   {"speaker": "Sergey Lavrov", "start": "This is a multipolar world"}],
                                    "themes": ["world_order", "china_russia_alignment"], "relevant": True}) + "\n")
        res = subprocess.run([sys.executable, str(score), str(gold), str(out), "--json"], capture_output=True,
                             text=True, check=True)
        scores = json.loads(res.stdout)
        assert scores["attribution_f1"] == 1.0 and scores["themes_micro_f1"] == 1.0

    # The analysts' records as CSV and JSON, with their passage, anchor and outcome.
    table = tmp_path / "codes.csv"
    run = subprocess.run([sys.executable, "-m", "helpers", "annotations", "export", "--store", str(store), "--corpus",
                          str(corpus), "--annotations", str(folder), "--out", str(table)], capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    assert len(rows) == 3
    speaker = next(r for r in rows if r["target"] == "speaker")
    assert speaker["value"] == "Sergey Lavrov" and speaker["anchor"] == "exact"
    assert speaker["outcome"] == "speaker Vladimir Putin -> Sergey Lavrov" and speaker["analyst"] == "maria"
    code = next(r for r in rows if r["kind"] == "code")
    assert (code["code"], code["value"], code["quote"]) == ("stance", "cooperative", "We are old friends")
    assert TALKS.index("We are old friends") + len("Talks in Beijing\n\n") == int(code["start"])
    as_json = tmp_path / "codes.json"
    subprocess.run([sys.executable, "-m", "helpers", "annotations", "export", "--store", str(store), "--corpus",
                    str(corpus), "--annotations", str(folder), "--out", str(as_json), "--kind", "code"], check=True)
    only = json.loads(as_json.read_text(encoding="utf-8"))
    assert [r["code"] for r in only] == ["stance"] and isinstance(only[0]["start"], int)


def test_the_report_shows_the_analysts_decisions_escaped(project, tmp_path):
    from helpers.output.report import build_report

    corpus, store, folder = project
    (folder / "eve.yaml").write_text(
        "- doc: talks-one\n  quote: \"This is a multipolar world\"\n  kind: correction\n  target: speaker\n"
        "  action: set\n  value: \"<b>Lavrov</b>\"\n"
        "- doc: talks-one\n  quote: \"old friends\"\n  kind: note\n  note: \"<script>alert(1)</script> irony?\"\n",
        encoding="utf-8")
    (folder / "zoe.yaml").write_text("- {doc: talks-one, quote: \"old friends\", kind: code, code: tone, value: warm}\n"
                                     "- {doc: talks-one, kind: correction, target: theme, action: remove, "
                                     "value: sanctions}\n", encoding="utf-8")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(NOTEBOOK, notebooks / NOTEBOOK.name)
    index = build_report(corpus, store=store, out_dir=tmp_path / "reports", notebooks_dir=notebooks,
                         exec_dir=tmp_path / "executed", params_extra=[f"annotations={folder}"])
    assert '<a href="07_annotations.html">' in index.read_text(encoding="utf-8")
    page = (index.parent / "07_annotations.html").read_text(encoding="utf-8")
    assert "4 records by 2 analysts in 2 files: 4 exact" not in page  # the theme record is about the document
    assert "4 records by 2 analysts in 2 files: 3 exact, 1 document." in page
    assert "&lt;b&gt;Lavrov&lt;/b&gt;" in page and "<b>Lavrov</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "speaker &lt;b&gt;Lavrov&lt;/b&gt;" in page  # the merged view's decision, who made it beside it
    assert "decided by eve" in page
    assert "attribution rule: subject of" in page and "added" in page  # the feedback table: the rule behind the speaker
    assert "The coding form opens in JupyterLab" in page  # headless: the note, not the widget
    assert "sanctions: absent" in page


def test_the_seed_has_no_analysts_annotations_yet(tmp_path):
    import nbformat

    nb = nbformat.read(str(NOTEBOOK), as_version=4)
    assert nb.cells[1].metadata["tags"] == ["parameters"]
    assert 'annotations = "../annotations/"' in nb.cells[1].source


# --------------------------------------------------------------------------- writing records and the form


def test_records_are_appended_without_touching_the_file(tmp_path):
    folder = tmp_path / "annotations"
    text = "Title\n\nPutin said “yes” and Xi said “yes” too."
    first = analysts.make_record(text, "doc-a", "“yes”", "code", "Maria Ruiz", occurrence=2, code="answer",
                                 now="2024-01-01T00:00:00+00:00")
    assert (first["start"], first["before"]) == (text.rindex("“yes”"), text[: text.rindex("“yes”")][-40:])
    path = analysts.append_record(folder, first)
    assert path.name == "Maria_Ruiz.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# my own comment\n", encoding="utf-8")
    second = analysts.make_record(text, "doc-a", "Putin", "correction", "Maria Ruiz", target="speaker",
                                  action="set", value=None, now="2024-01-02T00:00:00+00:00")
    analysts.append_record(folder, second)
    assert "# my own comment\n- doc: doc-a" in path.read_text(encoding="utf-8")
    records, problems = analysts.read_records(folder)
    assert problems.empty and len(records) == 2
    assert records.iloc[1]["value"] is None or records.iloc[1]["value"] != records.iloc[1]["value"]  # null: no speaker
    assert list(records["analyst"]) == ["Maria Ruiz", "Maria Ruiz"]
    with pytest.raises(analysts.AnnotationError, match="not in document doc-a"):
        analysts.make_record(text, "doc-a", "Lavrov", "code", "m", code="x")
    with pytest.raises(analysts.AnnotationError, match="occurs 2 times"):
        analysts.make_record(text, "doc-a", "“yes”", "code", "m", occurrence=3, code="x")


def test_the_coding_form_degrades_to_a_note_headless_and_saves_in_jupyterlab(monkeypatch, tmp_path):
    import pandas as pd

    monkeypatch.setenv("MULTIPOLAR_HEADLESS", "1")
    html = review_form.coding_form({"articles": pd.DataFrame({"id": ["a"], "title": [None], "text": ["t"]})},
                                   "annotations/")
    assert "The coding form opens in JupyterLab" in html.data
    monkeypatch.setenv("MULTIPOLAR_HEADLESS", "0")
    folder = tmp_path / "annotations"
    articles = pd.DataFrame({"id": ["doc-a"], "title": ["Title"], "text": ["Putin said “yes”."]})
    form = review_form.coding_form({"articles": articles}, folder)
    doc, quote, occurrence, kind, code, value, correction, note, who, save, status = form.children
    quote.value, code.value, value.value, who.value = "“yes”", "answer", "positive", "ana"
    save.click()
    assert "Saved to ana.yaml: code answer = positive" in status.value
    kind.value, quote.value = "correction", "nothing like it"
    correction.children[0].value = "actor"
    assert correction.children[1].options == ("add", "remove", "set")
    save.click()
    assert "Not saved: the passage &#x27;nothing like it&#x27; is not in document doc-a" in status.value
    records, problems = analysts.read_records(folder)
    assert problems.empty and list(records["code"]) == ["answer"]
    assert (records.iloc[0]["recorded_start"], records.iloc[0]["before"]) == (18, "Title\n\nPutin said ")
    assert 'before: "Title\\n\\nPutin said "' in (folder / "ana.yaml").read_text(encoding="utf-8")


def test_the_annotations_parameter_is_checked():
    ns = {name: None for name in params.STANDARD}
    ns.update(corpus="seeds/", store="build/x.duckdb", annotations="nowhere-yet/")
    params.check(ns)  # a folder that does not exist yet is fine: no annotations
    with pytest.raises(params.ParameterError, match="annotations = 3"):
        params.check({**ns, "annotations": 3})


def test_the_notebooks_tables_are_the_merged_view(project):
    """Every notebook loads its tables with analysis.load_corpus: the analysts' corrections are in them."""
    from helpers import analysis

    corpus, store, folder = project
    correct_speaker(store, corpus, folder)
    tables, _ = analysis.load_corpus(str(corpus), str(store), annotations=folder)
    merged = statement(tables, "talks-one", "multipolar world")
    assert (merged["speaker"], merged["decided_by"]) == ("Sergey Lavrov", "maria")
    plain, _ = analysis.load_corpus(str(corpus), str(store), annotations=folder.parent / "nobody")
    assert statement(plain, "talks-one", "multipolar world")["speaker"] == "Vladimir Putin"
    machine, _ = analysis.load_corpus(str(corpus), str(store), annotations=False)  # what 07 reviews
    assert statement(machine, "talks-one", "multipolar world")["speaker"] == "Vladimir Putin"
    review = analysts.review(machine, folder=folder)
    assert review.records.iloc[0]["applied"]
    merged = statement(review.tables, "talks-one", "multipolar world")
    assert (merged["speaker"], merged["decided_by"]) == ("Sergey Lavrov", "maria")


def test_every_notebook_passes_its_annotations_folder_on():
    """A report run with --param annotations=DIR merges that folder in every notebook, not only in 07."""
    import re

    for path in sorted(NOTEBOOK.parent.glob("0*.ipynb")):
        source = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
        if "analysis.load_corpus(" in source:
            assert re.search(r"\nannotations = ", source), path.name
            assert re.search(r"load_corpus\((?:[^()]|\([^()]*\))*annotations=", source), path.name
