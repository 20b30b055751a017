"""Loading: formats, metadata, byte-exact raw text, duplicates and problems."""

from __future__ import annotations

import json

import pytest

from helpers.load import content_hash, load, parse_date
from conftest import SEED_FILE


def test_seed_loads_with_sidecar_metadata():
    articles, problems = load(SEED_FILE)
    assert problems.empty
    row = articles.iloc[0]
    assert row["id"] == "000_90f3d8e4bff38bac"
    assert row["date"] == "2023-10-18"
    assert row["language"] == "en"
    assert row["translated_from"] == "es"
    assert row["outlet"] is None
    assert row["raw"] == SEED_FILE.read_bytes().decode("utf-8")


def test_seed_folder_default_corpus():
    articles, _ = load("seeds/")
    assert list(articles["id"]) == ["000_90f3d8e4bff38bac"]


def test_mixed_folder(tmp_path):
    (tmp_path / "a.txt").write_text("Putin met Xi in Moscow.", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: A title\ndate: 2020-01-02\n---\nBody of b.\n", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"id": "c-1", "title": "T", "date": "2019-05-01", "text": "One."}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "c-3", "text": "Three."}) + "\n", encoding="utf-8")
    (tmp_path / "d.csv").write_text("id,title,text\nd-1,Head,\"Some, text\"\n", encoding="utf-8")
    (tmp_path / "e.html").write_text(
        "<html><head><title>Page</title><script>var x=1;</script></head><body><nav>menu</nav>"
        "<article><p>" + "The leaders of China and Russia met in Beijing to discuss trade. " * 5
        + "</p></article></body></html>", encoding="utf-8")
    articles, problems = load(tmp_path)
    assert set(articles["id"]) == {"a", "b", "c-1", "c-3", "d-1", "e"}
    b = articles.set_index("id").loc["b"]
    assert b["title"] == "A title" and b["date"] == "2020-01-02" and b["raw"] == "Body of b.\n"
    assert articles.set_index("id").loc["d-1", "raw"] == "Some, text"
    assert "var x" not in articles.set_index("id").loc["e", "raw"]
    bad = problems[problems["kind"] == "unreadable_line"]
    assert list(bad["line"]) == [2] and bad.iloc[0]["source"].endswith("c.jsonl")


def test_raw_text_is_byte_exact(tmp_path):
    raw = "Line one\r\n\ufeffTwo  spaces\tand\x00NUL\r\nPutinthe end"
    (tmp_path / "x.txt").write_bytes(raw.encode("utf-8"))
    articles, problems = load(tmp_path)
    row = articles.iloc[0]
    assert row["raw"] == raw
    assert row["text"] == "Line one\nTwo spaces andNUL\nPutin the end"
    assert "nul_bytes" in set(problems["kind"])


def test_duplicates_stored_once_and_recorded(tmp_path):
    (tmp_path / "a.txt").write_text("Same text.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Same text.", encoding="utf-8")
    articles, problems = load(tmp_path)
    assert list(articles["id"]) == ["a"]
    dup = problems[problems["kind"] == "duplicate"]
    assert len(dup) == 1 and "b.txt" in dup.iloc[0]["message"] and "a" in dup.iloc[0]["message"]


def test_problems_recorded_and_rest_loads(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 in Moscow".encode("latin-1"))
    (tmp_path / "bin.txt").write_bytes(bytes(range(0, 32)) * 50)
    (tmp_path / "nocol.csv").write_text("id,headline\n1,x\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text("Fine.", encoding="utf-8")
    articles, problems = load(tmp_path)
    assert set(articles["id"]) == {"latin", "good"}
    assert articles.set_index("id").loc["latin", "raw"] == "Café in Moscow"
    kinds = dict(zip(problems["source"].str.rsplit("/", n=1).str[-1], problems["kind"]))
    assert kinds == {"empty.txt": "empty", "latin.txt": "encoding", "bin.txt": "undecodable",
                     "nocol.csv": "no_text_column"}
    assert all(problems["message"].str.len() > 0)


def test_impossible_date_kept_raw(tmp_path):
    (tmp_path / "x.jsonl").write_text(json.dumps({"id": "x", "date": "2023-13-45", "text": "T."}) + "\n")
    articles, problems = load(tmp_path)
    row = articles.iloc[0]
    assert row["date"] is None and row["date_raw"] == "2023-13-45"
    assert problems.iloc[0]["kind"] == "bad_date" and problems.iloc[0]["line"] == 1


def test_missing_path_is_a_problem():
    articles, problems = load(["no/such/folder"])
    assert articles.empty and problems.iloc[0]["kind"] == "missing"


def test_parse_date():
    assert parse_date("2023-10-18") == ("2023-10-18", None)
    assert parse_date(None) == (None, None)
    assert parse_date("2023-02-30")[0] is None


def test_parse_date_reads_what_strptime_reads():
    """The ISO day is read without strptime; every form gives what the strptime formats give."""
    from itertools import product

    from helpers.load.metadata import date_by_formats as by_strptime

    cases = 0
    for year, month, day, tail in product(["2023", "2024", "1900", "0000", "999", "20230"],
                                          ["01", "02", "1", "12", "13", "00"],
                                          ["01", "28", "29", "30", "31", "32", "00", "5"],
                                          ["", "T10:00:00Z", " 10:00", "Z", "x", "\n"]):
        text = f"{year}-{month}-{day}{tail}"
        assert parse_date(text)[0] == by_strptime(text.strip()), text
        cases += 1
    for text in ["2023", "2023-07", "2023-7", "July 2023", "2023/07/01", "١٢٣٤-٠١-٠١", "2023-07-01T", " 2023-07-01 "]:
        assert parse_date(text)[0] == by_strptime(text.strip()), text
    assert cases > 1000


def test_content_hash_depends_on_text_and_title():
    assert content_hash("a") == content_hash("a")
    assert content_hash("a") != content_hash("b")
    assert content_hash("a", "t") != content_hash("a")


@pytest.mark.corpus
def test_id_list_picks_documents(tmp_path):
    from conftest import shared_file
    from helpers.config import SHARED_CORPUS

    ids = shared_file(SHARED_CORPUS / "topical_demo_ids.txt")
    wanted = [l.strip() for l in ids.read_text().splitlines() if l.strip()]
    articles, problems = load(ids)
    assert sorted(articles["id"]) == sorted(wanted)
    assert problems.empty
