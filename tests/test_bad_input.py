"""Bad input, untrusted text, interrupted runs: nothing lost, nothing executed.

Every case writes its own files. Loading never raises: each problem is recorded with its file
(and line) and the rest of the corpus still loads; the store's `problems` table, which the
00_corpus notebook shows, holds them all. Document text and metadata are shown as text in every
HTML page (checked in headless Chromium). A killed run leaves the store consistent and the next
run finishes the job; two runs at once on one store wait, then fail clearly.
"""

from __future__ import annotations

import json
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import analysis
from helpers.load.clean import MAX_PUNCT_RUN, MAX_TOKEN, OffsetMap, clean
from helpers.config import PROJ_ROOT
from helpers.load import detect_language, load
from helpers.store import SCHEMA, Store, StoreBusy
from conftest import chromium_or_skip

SRC = PROJ_ROOT / "src" / "helpers"
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u200b\u200c\u200d\u2060\u00ad]")
ENGLISH = ("Vladimir Putin met Xi Jinping in Beijing on Tuesday. The two leaders discussed trade, "
           "energy and a multipolar world order, and agreed to meet again next year.")


def kinds(problems) -> dict[str, str]:
    """File name -> kind of its (first) problem."""
    out: dict[str, str] = {}
    for source, kind in zip(problems["source"], problems["kind"]):
        out.setdefault(Path(source).name, kind)
    return out


def only(problems, kind: str):
    rows = problems[problems["kind"] == kind]
    assert len(rows) >= 1, f"no {kind} problem in {problems[['kind', 'message']].values.tolist()}"
    return rows


# =========================================================================== bad input


def test_cp1252_and_latin1_decoded_with_a_warning(tmp_path):
    (tmp_path / "cp1252.txt").write_bytes("He said “yes” — in the café.".encode("cp1252"))
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 in Moscow, \x81 a byte cp1252 lacks.".encode("latin-1"))
    articles, problems = load(tmp_path)
    raw = dict(zip(articles["id"], articles["raw"]))
    assert raw == {"cp1252": "He said “yes” — in the café.", "latin1": "Caf\xe9 in Moscow, \x81 a byte cp1252 lacks."}
    enc = only(problems, "encoding")
    assert set(enc["severity"]) == {"warning"}
    messages = " ".join(enc["message"])
    assert "cp1252.txt: not UTF-8 (first bad byte 8); decoded as cp1252" in messages
    assert "latin1.txt: not UTF-8" in messages and "decoded as latin-1" in messages


def test_binary_files_are_refused_as_problems(tmp_path):
    rng = random.Random(1)
    (tmp_path / "random.txt").write_bytes(bytes(rng.randrange(256) for _ in range(5000)))
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4)
    (tmp_path / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "data.jsonl").write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)))
    (tmp_path / "good.txt").write_text(ENGLISH, encoding="utf-8")
    articles, problems = load(tmp_path)
    assert list(articles["id"]) == ["good"]
    assert kinds(problems) == {"random.txt": "undecodable", "scan.txt": "undecodable", "photo.md": "undecodable",
                               "data.jsonl": "undecodable"}
    messages = dict(zip(problems["source"].map(lambda s: Path(s).name), problems["message"]))
    assert "binary file (a PDF document), not text; not loaded" in messages["scan.txt"]
    assert "binary file (a PNG image)" in messages["photo.md"]
    assert "binary file (control bytes throughout)" in messages["random.txt"]
    assert "data.jsonl: binary file (a gzip archive), not text; not loaded" in messages["data.jsonl"]
    assert set(problems["severity"]) == {"error"}


def test_byte_order_marks(tmp_path):
    (tmp_path / "a.md").write_bytes("\ufeff---\ntitle: With a BOM\n---\nBody after a BOM.\n".encode("utf-8"))
    (tmp_path / "b.txt").write_bytes("\ufeffPlain text after a BOM.".encode("utf-8"))
    (tmp_path / "c.csv").write_bytes("\ufefftext,id\nFrom a CSV with a BOM.,c-1\n".encode("utf-8"))
    (tmp_path / "d.jsonl").write_bytes("\ufeff".encode("utf-8") + b'{"id": "d-1", "text": "JSON after a BOM."}\n')
    (tmp_path / "e.txt").write_bytes("UTF-16 with its byte-order mark.".encode("utf-16"))
    articles, problems = load(tmp_path)
    rows = articles.set_index("id")
    assert rows.loc["a", "title"] == "With a BOM" and rows.loc["a", "raw"] == "Body after a BOM.\n"
    assert rows.loc["b", "raw"] == "\ufeffPlain text after a BOM." and rows.loc["b", "text"] == "Plain text after a BOM."
    assert rows.loc["c-1", "raw"] == "From a CSV with a BOM."
    assert rows.loc["d-1", "raw"] == "JSON after a BOM."
    assert rows.loc["e", "raw"] == "UTF-16 with its byte-order mark."
    assert list(problems["kind"]) == ["encoding"] and "decoded as UTF-16" in problems.iloc[0]["message"]


def test_utf16_without_a_byte_order_mark(tmp_path):
    """Text saved as UTF-16 without a byte-order mark (every other byte NUL) is read as such, either
    byte order, with a warning; a file of text and a few NUL bytes is not taken for it."""
    from helpers.load import decode

    text = "Ni hao, Moscow: UTF-16 without its byte-order mark."
    assert decode(text.encode("utf-16-le")) == (text, "decoded as UTF-16-LE (no byte-order mark)")
    assert decode(text.encode("utf-16-be")) == (text, "decoded as UTF-16-BE (no byte-order mark)")
    assert decode(("x" * 40 + "\x00\x00" + "y" * 40).encode()) == ("x" * 40 + "\x00\x00" + "y" * 40, None)
    (tmp_path / "f.txt").write_bytes(text.encode("utf-16-le"))
    articles, problems = load(tmp_path)
    assert articles.set_index("id").loc["f", "raw"] == text
    assert "no byte-order mark" in problems.iloc[0]["message"]


def test_crlf_line_ends(tmp_path):
    (tmp_path / "a.md").write_bytes(b"---\r\ntitle: CRLF front matter\r\ndate: 2024-01-02\r\n---\r\nOne.\r\nTwo.\r\n")
    (tmp_path / "b.csv").write_bytes(b"id,text\r\nb-1,\"Line one\r\nline two\"\r\nb-2,Second row\r\n")
    (tmp_path / "c.jsonl").write_bytes(b'{"id": "c-1", "text": "Line\\r\\nbreak"}\r\n{"id": "c-2", "text": "Next"}\r\n')
    articles, problems = load(tmp_path)
    assert problems.empty
    rows = articles.set_index("id")
    assert rows.loc["a", "title"] == "CRLF front matter" and rows.loc["a", "date"] == "2024-01-02"
    assert rows.loc["a", "raw"] == "One.\r\nTwo.\r\n" and rows.loc["a", "text"] == "One.\nTwo.\n"
    assert rows.loc["b-1", "raw"] == "Line one\r\nline two" and rows.loc["b-1", "text"] == "Line one\nline two"
    assert list(rows.loc[["b-1", "b-2"], "line"]) == [2, 4]
    assert rows.loc["c-1", "text"] == "Line\nbreak" and rows.loc["c-2", "raw"] == "Next"
    omap = OffsetMap.from_json(rows.loc["a", "offsets"])
    assert rows.loc["a", "raw"][slice(*omap.span_to_raw(5, 9))] == "Two."


def test_nul_bytes(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"Putin\x00 met Xi\x00\x00 in Beijing.")
    (tmp_path / "b.jsonl").write_bytes(b'{"id": "b-1", "text": "raw \x00 NUL and escaped \\u0000 NUL"}\n')
    articles, problems = load(tmp_path)
    rows = articles.set_index("id")
    assert rows.loc["a", "raw"] == "Putin\x00 met Xi\x00\x00 in Beijing."
    assert rows.loc["a", "text"] == "Putin met Xi in Beijing."
    assert rows.loc["b-1", "text"] == "raw  NUL and escaped  NUL"
    nul = only(problems, "nul_bytes")
    assert set(nul["doc_id"]) == {"a", "b-1"} and set(nul["severity"]) == {"warning"}
    assert "b.jsonl:1: NUL bytes in the text" in " ".join(nul["message"])


def test_empty_and_whitespace_only_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_bytes(b" \r\n\t\n")
    (tmp_path / "invisible.txt").write_bytes("\ufeff\u200b\n".encode("utf-8"))
    (tmp_path / "empty.jsonl").write_bytes(b"\n\n")
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "rows.jsonl").write_text('{"id": "r-1", "text": "   "}\n{"id": "r-2", "text": "Fine."}\n')
    articles, problems = load(tmp_path)
    assert list(articles["id"]) == ["r-2"]
    assert set(problems["kind"]) == {"empty"} and set(problems["severity"]) == {"error"}
    messages = sorted(problems["message"].map(lambda m: m.split("/")[-1]))
    assert messages == ["blank.md: empty file (only whitespace or invisible characters); not loaded",
                        "empty.html: empty file; not loaded", "empty.jsonl: empty file (no JSON lines)",
                        "empty.txt: empty file; not loaded",
                        "invisible.txt: empty file (only whitespace or invisible characters); not loaded",
                        "rows.jsonl:1: empty text (only whitespace or invisible characters); not loaded"]


def test_a_50_mb_text_loads_with_sane_memory(tmp_path):
    """The file is read, cleaned and kept whole in a fresh process whose peak memory is measured."""
    from conftest import SEED_FILE

    prose = SEED_FILE.read_text(encoding="utf-8")
    size = 50 * 2**20
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as f:
        written = 0
        while written < size:
            f.write(prose)
            written += len(prose.encode("utf-8"))
    script = (
        "import json, resource, sys\n"
        "from helpers.load import load\n"
        "from helpers.store import annotate_article\n"
        "articles, problems = load(sys.argv[1])\n"
        "a = articles.iloc[0].to_dict()\n"
        "skipped = annotate_article(None, a)['problems']\n"
        "print(json.dumps({'docs': len(articles), 'raw': len(a['raw']), 'text': len(a['text']),\n"
        "                  'problems': len(problems), 'skipped': skipped[0]['message'],\n"
        "                  'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    try:
        res = subprocess.run([sys.executable, "-c", script, str(big)], capture_output=True, text=True, timeout=240)
        raw_chars = len(big.read_text(encoding="utf-8"))
    finally:
        big.unlink()
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["docs"] == 1 and out["problems"] == 0
    assert out["raw"] == raw_chars and out["text"] >= out["raw"] * 0.99
    # Stored, not annotated: a clear problem says so (the tokenizer stops at a million characters).
    assert "more than the 1,000,000 that are annotated; stored, not annotated" in out["skipped"]
    # Raw and cleaned text, both in Python and as the table's strings: a small multiple of the file.
    assert out["peak_mb"] < 1600, out


def test_jsonl_malformed_line_reported_by_number(tmp_path):
    lines = [json.dumps({"id": "one", "text": "First good line."}), "{not json at all",
             json.dumps({"id": "three", "text": "Third good line."}), "[1, 2, 3]", '"just a string"',
             "[" * 100_000 + "]" * 100_000, json.dumps({"id": "seven", "text": "Seventh good line."})]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, problems = load(tmp_path)
    assert list(articles["id"]) == ["one", "three", "seven"]
    assert list(problems["line"]) == [2, 4, 5, 6] and set(problems["kind"]) == {"unreadable_line"}
    messages = list(problems["message"])
    assert "mixed.jsonl:2: not a JSON object (JSONDecodeError" in messages[0]
    assert "mixed.jsonl:4: a JSON array, not an object" in messages[1]
    assert "mixed.jsonl:5: a JSON string, not an object" in messages[2]
    assert "mixed.jsonl:6: not a JSON object (RecursionError" in messages[3]


def test_json_objects_without_text_or_with_non_string_text(tmp_path):
    rows = [{"id": "no-text", "title": ""}, {"id": "number", "text": 42}, {"id": "list", "text": ["a", "b"]},
            {"id": "null", "text": None}, {"id": "titled", "title": "A headline only", "text": {"p": 1}},
            {"id": "fine", "text": "A real text."}, {"id": "surrogate", "text": "bad \ud800 escape"}]
    (tmp_path / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    articles, problems = load(tmp_path)
    assert list(articles["id"]) == ["titled", "fine", "surrogate"]
    assert articles.set_index("id").loc["titled", "raw"] == ""
    assert articles.set_index("id").loc["surrogate", "raw"] == "bad \ufffd escape"
    msgs = dict(zip(problems["doc_id"], problems["message"]))
    assert msgs["no-text"].endswith("rows.jsonl:1: no text field; not loaded")
    assert msgs["number"].endswith("rows.jsonl:2: text is a number, not a string; not loaded")
    assert msgs["list"].endswith("rows.jsonl:3: text is an array, not a string; not loaded")
    assert msgs["null"].endswith("rows.jsonl:4: text is a null, not a string; not loaded")
    assert msgs["titled"].endswith("rows.jsonl:5: text is an object, not a string; the title alone is kept")
    assert "lone surrogates" in msgs["surrogate"]


def test_csv_without_a_text_column(tmp_path):
    (tmp_path / "headlines.csv").write_text("id,headline,date\n1,Putin visits Beijing,2024-05-16\n")
    (tmp_path / "short.csv").write_text('id,text,title\nok,"A text, with a comma",T\nshort\n')
    (tmp_path / "big.csv").write_text('id,text\nbig,"' + "word " * 40_000 + '"\n', encoding="utf-8")
    articles, problems = load(tmp_path)
    assert list(articles["id"]) == ["big", "ok"] and len(articles.iloc[0]["raw"]) == 200_000
    found = dict(zip(problems["kind"], problems["message"]))
    assert found["no_text_column"].endswith(
        "headlines.csv: no text column (looked for text, body, content; found id, headline, date); not loaded")
    assert found["unreadable_line"].endswith("short.csv:3: row has no 'text' value (too few columns); not loaded")


def test_html_mostly_script_style_and_navigation(tmp_path):
    script = "<script>" + "var tracking = {id: 1};" * 400 + "</script><style>" + "p{margin:0}" * 200 + "</style>"
    nav = "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav>"
    (tmp_path / "nav.html").write_text(f"<html><head><title>Site</title>{script}</head><body>{nav}"
                                       "<footer>Copyright 2024</footer></body></html>", encoding="utf-8")
    (tmp_path / "thin.html").write_text(f"<html><head>{script}</head><body>{nav}<p>Hello there.</p></body></html>",
                                        encoding="utf-8")
    (tmp_path / "page.html").write_text(f"<html><head><title>Talks</title>{script}</head><body>{nav}<article><p>"
                                        + ENGLISH * 3 + "</p></article></body></html>", encoding="utf-8")
    articles, problems = load(tmp_path)
    rows = articles.set_index("id")
    assert list(rows.index) == ["page", "thin"]
    assert "tracking" not in "".join(rows["raw"]) and "Home" not in "".join(rows["raw"])
    assert rows.loc["thin", "raw"] == "Hello there." and rows.loc["page", "raw"].startswith("Vladimir Putin met")
    found = dict(zip(problems["doc_id"], zip(problems["kind"], problems["severity"], problems["message"])))
    assert found["nav"][:2] == ("no_main_text", "error")
    assert re.search(r"nav\.html: no main text found in [\d.]+ KB of HTML \(only script, style, navigation",
                     found["nav"][2])
    assert found["thin"][:2] == ("little_text", "warning") and "only 2 words of main text" in found["thin"][2]


def test_yaml_front_matter_that_does_not_parse(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: [unclosed\ndate: 2024-01-01\n---\nThe body still loads.\n")
    (tmp_path / "b.md").write_text("---\njust a sentence, not a mapping\n---\nBody b.\n")
    (tmp_path / "c.md").write_text("---\ntitle: never closed\nBody c.\n")
    bomb = "".join(f"{k}: &{k} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['x'] * 9)}]\n"
                   for p, k in zip([None, "a", "b", "c", "d", "e"], "abcdef"))
    (tmp_path / "d.md").write_text(f"---\n{bomb}title: *f\n---\nBody d.\n")
    articles, problems = load(tmp_path)
    rows = articles.set_index("id")
    assert rows.loc["a", "raw"] == "The body still loads.\n" and pd.isna(rows.loc["a", "title"])
    assert rows.loc["b", "raw"] == "Body b.\n" and rows.loc["d", "raw"] == "Body d.\n"
    assert rows.loc["c", "raw"].startswith("---\ntitle: never closed")
    msgs = dict(zip(problems["doc_id"], problems["message"]))
    assert set(problems["kind"]) == {"front_matter"} and set(problems["line"]) == {1}
    assert "a.md:1: front matter is not valid YAML (while parsing a flow sequence); ignored" in msgs["a"]
    assert "b.md:1: front matter is not a mapping but a str; ignored" in msgs["b"]
    assert "c.md:1: front matter opened with --- but never closed; read as text" in msgs["c"]
    assert "d.md:1: front matter is more than 10,000 values once its aliases are followed" in msgs["d"]


def test_impossible_dates_kept_raw_with_a_null_date(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: T\ndate: 2023-13-45\n---\nBody.\n")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b", "date": "2023-02-30", "text": "B."}) + "\n")
    (tmp_path / "c.csv").write_text("id,text,date\nc,C.,yesterday\nd,D.,2024-05-16\n")
    articles, problems = load(tmp_path)
    rows = articles.set_index("id")
    assert pd.isna(rows.loc["a", "date"]) and rows.loc["a", "date_raw"] == "2023-13-45"
    assert pd.isna(rows.loc["b", "date"]) and rows.loc["b", "date_raw"] == "2023-02-30"
    assert pd.isna(rows.loc["c", "date"]) and rows.loc["c", "date_raw"] == "yesterday"
    assert rows.loc["d", "date"] == "2024-05-16"
    bad = only(problems, "bad_date")
    assert list(bad["doc_id"]) == ["a", "b", "c"] and list(bad["line"].astype(object).fillna(0)) == [0, 1, 2]
    assert "a.md: impossible or unreadable date '2023-13-45'; kept raw, date set to null" in bad.iloc[0]["message"]


def test_text_in_a_language_the_annotator_does_not_read_is_flagged(tmp_path):
    (tmp_path / "pl.txt").write_text(
        "Czołowy chiński dyplomata przyjechał na Kreml. Putin mówi o nowych granicach współpracy z Chinami, "
        "a Xi Jinping odpowiada, że stosunki obu państw są najlepsze w historii.", encoding="utf-8")
    (tmp_path / "ru.txt").write_text(
        "Владимир Путин встретился с Си Цзиньпином в Пекине во вторник. Лидеры обсудили торговлю, "
        "энергетику и многополярный мировой порядок.", encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "short.txt").write_text("Danke schön.", encoding="utf-8")
    (tmp_path / "m.jsonl").write_text(json.dumps({"id": "m", "language": "de", "text": "Ja."}) + "\n"
                                      + json.dumps({"id": "n", "language": "en-us", "text": "Tak. " + (tmp_path / "pl.txt")
                                                   .read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    articles, problems = load(tmp_path)
    lang = dict(zip(articles["id"], articles["language"].astype(object).where(articles["language"].notna(), None)))
    assert lang == {"pl": "pl", "ru": "ru", "en": "en", "short": None, "m": "de", "n": "en-us"}
    msgs = dict(zip(problems["doc_id"], problems["message"]))
    assert set(problems["kind"]) == {"language"} and set(problems["severity"]) == {"warning"}
    assert set(msgs) == {"pl", "m", "n"}  # Russian is read in its own language: no warning
    assert "pl.txt: the text reads as Polish (pl), which the annotator does not read" in msgs["pl"]
    assert "annotated with English rules" in msgs["pl"]
    assert "m.jsonl:1: the document's language is 'de', which the annotator does not read" in msgs["m"]
    assert "reads as Polish (pl), but its metadata says 'en-us'" in msgs["n"]
    assert detect_language(ENGLISH) == "en" and detect_language("Hi there") is None


@pytest.mark.parametrize("make_text", [
    pytest.param(lambda n: " ".join(["the economy of the region grew with new roads and ports"] * (n // 55)),
                 id="paragraph-without-sentence-end"),
    pytest.param(lambda n: 'He wrote: ' + '"' * n, id="line-of-straight-quotes"),
    pytest.param(lambda n: "“" * n, id="line-of-curly-quotes"),
    pytest.param(lambda n: "'a " * (n // 3), id="openers-without-closers"),
])
def test_annotation_time_grows_linearly(annotator, make_text):
    """Four times the text takes about four times as long (well below the 16 of quadratic growth)."""
    from helpers.load import Document, to_article

    def seconds(n: int) -> float:
        article = to_article(Document(f"d{n}", make_text(n), "mem"), [])
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            annotator.annotate(article)
            best = min(best, time.perf_counter() - started)
        return best

    seconds(2_000)  # warm-up: pipelines loaded
    small, large = seconds(12_500), seconds(50_000)
    assert large / max(small, 1e-3) < 8, (small, large)


def test_very_long_runs_are_broken_for_the_tokenizer():
    raw = "Quotes: " + '"' * 10_000 + " and a blob " + "x" * 2_500 + "."
    text, omap = clean(raw)
    runs = [len(r) for r in re.findall(r"[^\w\s]+", text)]
    assert max(runs) <= MAX_PUNCT_RUN and max(len(t) for t in text.split()) <= MAX_TOKEN
    assert text.replace(" ", "") == raw.replace(" ", "")
    blob = text.index("x")
    start, end = omap.span_to_raw(blob, blob + 2_500 + 2)
    assert raw[start:end] == "x" * 2_500


# --------------------------------------------------------------------------- the store


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory):
    """A folder holding one of every bad input, and a few good documents."""
    d = tmp_path_factory.mktemp("bad") / "corpus"
    d.mkdir()
    rng = random.Random(3)
    (d / "good.txt").write_text(ENGLISH, encoding="utf-8")
    (d / "cp1252.txt").write_bytes("Putin said “yes” — café.".encode("cp1252"))
    (d / "binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(3000)))
    (d / "bom.md").write_bytes("\ufeff---\ntitle: BOM\n---\nXi Jinping spoke.\r\n".encode("utf-8"))
    (d / "nul.txt").write_bytes(b"Russia\x00 and China\x00 signed a deal.")
    (d / "blank.txt").write_bytes(b"  \n\t ")
    lines = [json.dumps({"id": "j1", "text": "Sergey Lavrov met Wang Yi in Moscow.", "date": "2023-03-01"}),
             "{broken", json.dumps({"id": "j3", "title": ""}), json.dumps({"id": "j4", "text": 5}),
             json.dumps({"id": "j5", "text": "A text with an impossible date.", "date": "2023-13-45"}),
             json.dumps({"id": "j6", "text": "Sergey Lavrov met Wang Yi in Moscow.", "date": "2023-03-01"})]
    (d / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (d / "nocol.csv").write_text("id,headline\n1,x\n", encoding="utf-8")
    (d / "nav.html").write_text("<html><head><script>" + "var a=1;" * 500 + "</script></head><body><nav><ul>"
                                "<li><a href='/'>Home</a></li><li><a href='/n'>News</a></li></ul></nav></body></html>",
                                encoding="utf-8")
    (d / "badfm.md").write_text("---\ntitle: [oops\n---\nThe body of badfm.\n", encoding="utf-8")
    (d / "long.txt").write_text(" ".join(["the economy of the region grew with new roads and ports"] * 3700),
                                encoding="utf-8")
    (d / "quotes.txt").write_text("A line of quotation marks:\n" + '"' * 10_000 + "\nThe end.", encoding="utf-8")
    (d / "unbalanced.txt").write_text("Vladimir Putin said: “We will never give up.\n\nThe talks ended.",
                                      encoding="utf-8")
    (d / "polish.txt").write_text("Czołowy chiński dyplomata przyjechał na Kreml. Putin mówi o nowych granicach "
                                  "współpracy z Chinami, a Xi Jinping odpowiada, że stosunki są najlepsze.",
                                  encoding="utf-8")
    return d


EXPECTED = {  # file -> kind of problem the store and the 00_corpus notebook show for it
    "cp1252.txt": "encoding", "binary.txt": "undecodable", "nul.txt": "nul_bytes", "blank.txt": "empty",
    "nocol.csv": "no_text_column", "nav.html": "no_main_text", "badfm.md": "front_matter",
    "unbalanced.txt": "unbalanced_quote", "polish.txt": "language",
}
JSONL_EXPECTED = {2: "unreadable_line", 3: "no_text", 4: "no_text", 5: "bad_date", 6: "duplicate"}


def test_every_bad_input_lands_in_the_problems_table(bad_corpus, annotator, tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        stats = s.update(bad_corpus, annotator=annotator)
        articles = s.table("articles", bad_corpus)
        problems = analysis.problems_table(s.table("problems", bad_corpus))  # what 00_corpus shows
        sentences = s.table("sentences", bad_corpus)
    assert sorted(articles["id"]) == sorted(["good", "cp1252", "bom", "nul", "j1", "j5", "badfm", "long",
                                             "quotes", "unbalanced", "polish"])
    assert stats.documents == len(articles) and set(sentences["doc_id"]) == set(articles["id"])
    by_file = {}
    for source, line, kind in zip(problems["source"], problems["line"], problems["kind"]):
        by_file.setdefault((Path(source).name, None if pd.isna(line) else int(line)), set()).add(kind)
    for name, kind in EXPECTED.items():
        assert any(kind in k for (f, _), k in by_file.items() if f == name), (name, kind, by_file)
    for line, kind in JSONL_EXPECTED.items():
        assert kind in by_file[("docs.jsonl", line)], (line, by_file)
    assert all(problems["message"].str.contains(r"\.(?:txt|md|jsonl|csv|html)", regex=True))
    assert len(problems) < 100  # the notebook shows up to 100 rows: all of them here
    long_doc = articles.set_index("id").loc["long"]
    assert len(long_doc["raw"]) > 200_000 and "\n" not in long_doc["raw"] and "." not in long_doc["raw"]


# =========================================================================== untrusted text

SCRIPT = "<script>document.title='PWNED'</script>"
IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
TABLE = "</table></div></td>" + SCRIPT
LINK = "javascript:document.title='PWNED'"
MARKDOWN = "[click me](javascript:document.title='PWNED') **not bold** <b>not markup</b>"


def _chromium() -> str:
    return chromium_or_skip("the report")


def dump_dom(pages: list[Path], tmp: Path) -> dict[Path, str]:
    """The DOM of each page after it loaded and ran its scripts, from headless Chromium (run in parallel)."""
    exe = _chromium()
    procs = {}
    for k, page in enumerate(pages):
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp / f'profile{k}'}", "--virtual-time-budget=3000", "--dump-dom",
               page.resolve().as_uri()]
        procs[page] = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = {}
    for page, proc in procs.items():
        try:
            stdout, _ = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail(f"chromium did not finish rendering {page.name}")
        assert proc.returncode == 0 and "<html" in stdout, f"chromium failed on {page.name}"
        out[page] = stdout
    return out


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    """A report built over documents whose text, title and metadata carry markup and scripts."""
    from helpers.output.report import build_report

    _chromium()  # skip before the build when there is no browser to check the pages in
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    body = (f"Talks in Moscow {SCRIPT} went on.\n\nVladimir Putin said: “We agree.” Then {IMG} appeared, "
            f"and a table ended: {TABLE} and a link <a href=\"{LINK}\">press here</a>.\n\n{MARKDOWN}\n")
    (corpus / "doc.txt").write_text(body, encoding="utf-8")
    meta = {"title": f"{SCRIPT} Hostile title {IMG}", "date": "2024-05-16", "outlet": f"Outlet {IMG}",
            "url": LINK, "language": f"en{IMG}", "tags": MARKDOWN}
    (corpus / "doc.meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    second = {"id": f"id{IMG}", "title": f"Second {TABLE}", "outlet": SCRIPT, "url": LINK, "text": body}
    (corpus / "more.jsonl").write_text(json.dumps(second) + "\n{\"broken" + SCRIPT + "\n", encoding="utf-8")
    out = root / "out"
    index = build_report(str(corpus), store=str(root / "store.duckdb"), out_dir=str(out),
                         params_extra=["max_articles=5"], exec_dir=str(root / "exec"))
    return root, out, index


@pytest.mark.slow
def test_hostile_text_is_shown_as_text_in_chromium(hostile_report):
    from bs4 import BeautifulSoup

    root, out, index = hostile_report
    pages = sorted(out.glob("*.html"))
    assert index in pages and len(pages) >= 3
    control = root / "control.html"  # the check itself works: a real script does run in this browser
    control.write_text(f"<html><head><title>ok</title></head><body>{SCRIPT}{IMG}</body></html>", encoding="utf-8")
    doms = dump_dom([*pages, control], root)
    assert "<title>PWNED</title>" in doms[control] and 'data-pwned="1"' in doms[control]
    for page in pages:
        dom = doms[page]
        soup = BeautifulSoup(dom, "html.parser")
        assert soup.title is None or "PWNED" not in soup.title.get_text(), page.name
        assert soup.find(attrs={"data-pwned": True}) is None, page.name
        assert not [s for s in soup.find_all("script") if "PWNED" in s.get_text()], page.name
        assert not [i for i in soup.find_all("img") if i.get("src") == "x"], page.name
        assert not [a for a in soup.find_all("a") if "javascript:" in (a.get("href") or "")], page.name
        assert not soup.find_all("b", string="not markup") and not soup.find_all("strong", string="not bold")
    text = {}
    for page in pages:
        soup = BeautifulSoup(doms[page], "html.parser")
        for label in soup.find_all("sup"):  # the speaker labels set before each statement
            label.decompose()
        text[page.name] = soup.get_text()
    assert SCRIPT in text["01_annotate.html"] and IMG in text["01_annotate.html"]
    assert TABLE in text["01_annotate.html"] and MARKDOWN in text["01_annotate.html"]
    assert f"{SCRIPT} Hostile title {IMG}" in text["01_annotate.html"] and LINK in text["01_annotate.html"]
    assert f"Outlet {IMG}" in text["00_corpus.html"] and f"Second {TABLE}" in text["00_corpus.html"]
    assert f"id{IMG}" in text["00_corpus.html"]
    assert f"en{IMG}" in text["index.html"]  # the languages of the corpus summary


def test_python_tags_in_yaml_are_rejected_and_never_run(tmp_path):
    from helpers.resources.kb import load_kb
    from helpers.resources.codebook import load_codebook

    marker = tmp_path / "RAN"
    tag = f'!!python/object/apply:os.system ["touch {marker}"]'
    evil_kb = tmp_path / "actors.yaml"
    evil_kb.write_text(f"- name: {tag}\n  type: person\n", encoding="utf-8")
    evil_cb = tmp_path / "codebook.yaml"
    evil_cb.write_text(f"themes:\n  t:\n    label: {tag}\n    terms: {{a: 1}}\n", encoding="utf-8")
    for loader, path in ((load_kb, evil_kb), (load_codebook, evil_cb)):
        with pytest.raises(yaml.YAMLError, match="python/object/apply:os.system"):
            loader(path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(f"---\ntitle: {tag}\n---\nBody a.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Body b.", encoding="utf-8")
    (corpus / "b.meta.yaml").write_text(f"title: {tag}\n", encoding="utf-8")
    articles, problems = load(corpus)
    assert list(articles["raw"]) == ["Body a.\n", "Body b."] and articles["title"].isna().all()
    assert set(problems["kind"]) == {"front_matter", "metadata"}
    assert all("python/object/apply:os.system" in m for m in problems["message"])
    res = subprocess.run([sys.executable, "-m", "helpers", "annotate", str(corpus / "b.txt"), "--actors", str(evil_kb),
                          "--quiet"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 1 and f"knowledge base {evil_kb} is unusable" in res.stderr
    assert "python/object/apply:os.system" in res.stderr and "Traceback" not in res.stderr
    evil_lex = tmp_path / "lexicons.yaml"
    evil_lex.write_text(f"honorifics: [{tag}]\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "helpers", "annotate", str(corpus / "b.txt"), "--lexicons",
                          str(evil_lex), "--quiet"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 1 and f"lexicons {evil_lex} is unusable" in res.stderr
    assert "python/object/apply:os.system" in res.stderr and "Traceback" not in res.stderr
    assert not marker.exists()


def test_nothing_loads_pickles_or_evaluates_input():
    """No module calls eval/exec/compile, unpickles, or parses YAML with a loader that builds Python objects."""
    import ast

    forbidden_modules = {"pickle", "cPickle", "dill", "shelve", "marshal", "joblib", "cloudpickle"}
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(SRC)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
                if any((n or "").split(".")[0] in forbidden_modules for n in names):
                    found.append(f"{where}: imports {names}")
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if name in {"eval", "exec", "compile", "__import__", "read_pickle", "unsafe_load", "full_load",
                            "load_all", "unsafe_load_all"}:
                    if not (name == "compile" and isinstance(func, ast.Attribute)):  # re.compile is fine
                        found.append(f"{where}: calls {name}")
                if name == "load" and isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "yaml":
                    loader = next((k.value for k in node.keywords if k.arg == "Loader"), None)
                    if not (isinstance(loader, ast.Name) and loader.id in ("_MetaLoader", "SAFE_LOADER")):
                        found.append(f"{where}: yaml.load without the safe loader")
    assert found == []
    import helpers.load.metadata as metadata

    assert issubclass(metadata._MetaLoader, yaml.SafeLoader)
    from helpers.resources.kb import SAFE_LOADER

    assert SAFE_LOADER in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", None))
    assert issubclass(SAFE_LOADER, yaml.constructor.SafeConstructor)
    assert not issubclass(SAFE_LOADER, yaml.constructor.FullConstructor)


# =========================================================================== interrupted runs


def _generated_corpus(path: Path, n: int) -> Path:
    people = ["Vladimir Putin", "Xi Jinping", "Sergey Lavrov", "Wang Yi", "Narendra Modi"]
    places = ["Moscow", "Beijing", "Delhi", "Astana", "Brasilia"]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            a, b = people[i % 5], people[(i + 2) % 5]
            text = (f"{a} met {b} in {places[i % 5]} on {i % 28 + 1} March 2023. “Our trade grew by {i + 3} percent "
                    f"this year,” {a} said. The talks, number {i}, covered energy and a multipolar world order.")
            f.write(json.dumps({"id": f"gen-{i:04d}", "title": f"Meeting {i}", "date": f"2023-03-{i % 28 + 1:02d}",
                                "text": text}) + "\n")
    return path


def _tables(store: Store, corpus) -> dict[str, list[tuple]]:
    """Every table but `runs`, as sorted rows (NaN made comparable)."""
    out = {}
    for name in SCHEMA:
        if name == "runs":
            continue
        df = store.table(name, corpus if name != "corpus_docs" else None)
        rows = [tuple(None if pd.api.types.is_scalar(v) and pd.isna(v) else v for v in r)
                for r in df.itertuples(index=False)]
        out[name] = sorted(rows, key=repr)
    return out


def test_a_killed_run_leaves_the_store_consistent_and_the_next_finishes(tmp_path, annotator):
    n = 240
    corpus = _generated_corpus(tmp_path / "gen.jsonl", n)
    store = tmp_path / "s.duckdb"
    log = tmp_path / "stderr.txt"
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "helpers", "annotate", str(corpus), "--store", str(store),
                                 "--batch-size", "10"], stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if re.search(r"stored=[1-9]", log.read_text(errors="replace")):
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the run ended before it could be killed:\n" + log.read_text()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    with Store(store) as s:  # it opens: nothing half-written
        articles = s.query("SELECT id FROM articles")["id"]
        kept = len(articles)
        assert 0 < kept < n
        for table in ("sentences", "mentions", "statements", "doc_themes"):
            ids = set(s.query(f'SELECT DISTINCT doc_id FROM "{table}"')["doc_id"])
            assert ids == set(articles), table  # every stored article has its rows, and no rows lack an article
        assert s.query("SELECT count(*) AS n FROM corpus_docs")["n"][0] == 0  # membership comes at the end
        stats = s.update(corpus, annotator=annotator, batch_size=50)
        assert (stats.documents, stats.unchanged, stats.annotated) == (n, kept, n - kept)
        resumed = _tables(s, corpus)
    with Store(tmp_path / "fresh.duckdb") as fresh:
        fresh.update(corpus, annotator=annotator)
        expected = _tables(fresh, corpus)
    assert resumed == expected
    assert len(expected["articles"]) == n and len(expected["statements"]) > 0


@pytest.fixture
def held_store(tmp_path):
    """A store file held open for writing by another process (which stops when the test ends)."""
    path = tmp_path / "held.duckdb"
    Store(path).close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               "con = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(120)",
                               str(path)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "ready"
    yield path, holder
    if holder.poll() is None:
        holder.kill()
        holder.wait()


def test_a_second_run_on_a_store_in_use_fails_clearly(held_store):
    path, holder = held_store
    started = time.monotonic()
    with pytest.raises(StoreBusy) as err:
        Store(path, wait=0.6)
    assert time.monotonic() - started >= 0.5
    message = str(err.value)
    assert str(path) in message and f"in use by another process (PID {holder.pid})" in message
    res = subprocess.run([sys.executable, "-m", "helpers", "annotate", str(SRC.parents[1] / "seeds"), "--store",
                          str(path), "--wait", "0", "--quiet"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert f"annotate failed: store {path} is in use by another process (PID {holder.pid})" in res.stderr


def test_a_second_run_waits_for_the_first(held_store):
    path, holder = held_store
    import threading

    release = threading.Timer(1.0, holder.kill)
    release.start()
    try:
        started = time.monotonic()
        with Store(path, wait=60) as s:
            waited = time.monotonic() - started
            assert set(s.query("SELECT table_name FROM information_schema.tables")["table_name"]) >= set(SCHEMA)
    finally:
        release.cancel()
    assert 0.8 <= waited < 30


# =========================================================================== property tests

TRICKY = ["\r\n", "\r", "\n", "\x00", "\ufeff", "\u200b", "\u00ad", "\t", "  ", "\u00a0", "\u2009", "“", "”", '"',
          "'", "Putinthe", "USAthey", "tradewhich", "é", "\u2028", "\x85", "𝔘", "…", "-", "a", "Putin", " "]
TEXT = st.lists(st.one_of(st.sampled_from(TRICKY), st.characters()), max_size=120).map("".join)
FAST = settings(max_examples=150, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


def _norm(s: str) -> str:
    return re.sub(r"\s", "", INVISIBLE.sub("", s))


def _assert_maps_back(raw: str, text: str, omap: OffsetMap, start: int, end: int) -> None:
    rs, re_ = omap.span_to_raw(start, end)
    assert 0 <= rs <= re_ <= len(raw)
    assert _norm(raw[rs:re_]) == _norm(text[start:end]), (text[start:end], raw[rs:re_])


@FAST
@given(TEXT, st.integers(min_value=0, max_value=3))
def test_offset_map_is_monotonic_and_maps_spans_back(raw, repeat):
    raw = raw + ('"' * (MAX_PUNCT_RUN + 7) + "x" * (MAX_TOKEN + 3)) * (repeat == 3)
    text, omap = clean(raw)
    restored = OffsetMap.from_json(omap.to_json())
    assert (restored.clean_len, restored.raw_len) == (len(text), len(raw))
    starts = [restored.to_raw(i) for i in range(len(text) + 1)]
    ends = [restored.to_raw_end(j) for j in range(len(text) + 1)]
    assert starts == sorted(starts) and ends == sorted(ends)
    for m in re.finditer(r"\w+", text):
        rs, re_ = restored.span_to_raw(m.start(), m.end())
        assert INVISIBLE.sub("", raw[rs:re_]) == m.group(), (m.group(), raw[rs:re_])
    for m in re.finditer(r"\S+", text):
        _assert_maps_back(raw, text, restored, m.start(), m.end())


PIECES = st.sampled_from([
    "Vladimir Putin", "Xi Jinping", "the Russian president", "China", "Moscow", "said", ": ", "“We agree,”",
    "“Never", "”", '"Yes," he said.', "'quoted'", " ", "  ", "\t", "\r\n", "\n\n", "\x00", "\ufeff", "\u200b",
    "Putinthe", "USAthey", "$200 billion", "42 times", "on Tuesday", "in March 2023", ".", ",", "é", "«Da»",
])


@settings(max_examples=30, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=40))
def test_annotated_spans_map_back_to_the_raw_text(annotator, pieces):
    from helpers.load import Document, to_article

    raw = "".join(pieces)
    article = to_article(Document("p", raw, "mem", None, {"date": "2023-10-18"}), [])
    omap = OffsetMap.from_json(article["offsets"])
    tables = annotator.annotate(article)
    spans = 0
    for table in ("sentences", "mentions", "statements", "figures", "dates"):
        for row in tables[table]:
            if row.get("raw_start") is None:
                continue
            spans += 1
            assert _norm(raw[row["raw_start"]:row["raw_end"]]) == _norm(article["text"][row["start"]:row["end"]]), \
                (table, row)
            _assert_maps_back(raw, article["text"], omap, row["start"], row["end"])
    assert spans >= len(tables["sentences"])


SUFFIXES = [".txt", ".md", ".jsonl", ".csv", ".html", "_ids.txt"]
JSON_LINE = st.one_of(
    st.binary(max_size=80),
    st.dictionaries(st.sampled_from(["id", "text", "title", "date", "language", "x"]),
                    st.one_of(st.text(max_size=30), st.integers(), st.none(), st.lists(st.integers(), max_size=2)),
                    max_size=5).map(lambda d: json.dumps(d).encode()),
    st.sampled_from([b'{"text": "\\ud800 lone"}', b'{"id": "\\udfff", "text": "x", "title": "\\ud83d"}',
                     b'{"text": "ok", "date": "2023-13-45"}', b"[" * 3000, b"null", b'{"text": "a\x00b\tc"}']),
)


@settings(max_examples=120, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SUFFIXES), st.one_of(st.binary(max_size=3000),
                                            st.lists(JSON_LINE, max_size=6).map(b"\n".join)))
def test_loading_never_raises_on_arbitrary_bytes(suffix, data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        (Path(tmp) / "input.meta.yaml").write_bytes(data[:200])
        articles, problems = load(path)  # never raises
        assert len(articles) + len(problems) > 0 or suffix == "_ids.txt"
        assert all(isinstance(m, str) and m for m in problems["message"])
        for value in [*articles["raw"], *articles["text"], *articles["title"].dropna(), *articles["extra"]]:
            value.encode("utf-8")  # no lone surrogates: every string can be stored
        con = duckdb.connect()
        con.register("incoming", articles)
        con.execute("CREATE TABLE a AS SELECT * FROM incoming")
        assert con.execute("SELECT count(*) FROM a").fetchone()[0] == len(articles)
        con.close()
