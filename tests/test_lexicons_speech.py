"""The English statement rules read their words of saying from the lexicons a user gives, on sentences written for the test."""

from __future__ import annotations

import pytest

from helpers.annotate import Annotator
from helpers.resources import LEXICONS_FILE, load_lexicons

SHIPPED = LEXICONS_FILE.read_text(encoding="utf-8")
VERBS = "speech_verbs: [say, tell, state, stress, highlight,"


def lexicons_file(tmp_path, name: str, old: str, new: str):
    """The shipped lexicons with `old` replaced by `new`, written to tmp_path/name."""
    assert old in SHIPPED
    path = tmp_path / name
    path.write_text(SHIPPED.replace(old, new, 1), encoding="utf-8")
    return path


def statements(ann: Annotator, text: str, kind: str) -> list[tuple[str | None, str]]:
    rows = ann.annotate({"id": "t1", "title": None, "text": text, "date": "2023-03-01"})["statements"]
    return [(s["speaker"], s["text"]) for s in rows if s["kind"] == kind]


@pytest.fixture(scope="module")
def shipped():
    return Annotator()


def test_an_added_verb_of_saying_makes_a_reported_statement(shipped, tmp_path):
    text = "Sergey Lavrov grumbled that the new ferry line would need another decade of work."
    assert statements(shipped, text, "indirect") == []
    mine = Annotator(lexicons=load_lexicons(lexicons_file(tmp_path, "mine.yaml", VERBS, VERBS + " grumble,")))
    assert mine.version != shipped.version  # another cache key: the stored annotations are redone
    assert statements(mine, text, "indirect") == [
        ("Sergey Lavrov", "the new ferry line would need another decade of work")]


def test_an_irregular_form_is_read_for_its_verb(shipped, tmp_path):
    text = "Sergey Lavrov swore that the grain convoys would keep moving through the winter."
    assert statements(shipped, text, "indirect") == []
    path = lexicons_file(tmp_path, "mine.yaml", VERBS, VERBS + " swear,")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "speech_verb_forms:\n", "speech_verb_forms:\n  swear: [swore, sworn, swears]\n", 1), encoding="utf-8")
    mine = Annotator(lexicons=load_lexicons(path))
    assert statements(mine, text, "indirect") == [
        ("Sergey Lavrov", "the grain convoys would keep moving through the winter")]


def test_a_verb_left_out_is_no_longer_a_verb_of_saying(shipped, tmp_path):
    text = "Sergey Lavrov stressed that the harbour fees would fall next spring."
    assert statements(shipped, text, "indirect") == [("Sergey Lavrov", "the harbour fees would fall next spring")]
    without = lexicons_file(tmp_path, "without.yaml", "state, stress, highlight,", "state, highlight,")
    assert statements(Annotator(lexicons=load_lexicons(without)), text, "indirect") == []


@pytest.mark.parametrize(("old", "new", "message"), [
    (VERBS, "speech_verbs: say\nunused: [tell, state, stress, highlight,", "speech_verbs: expected a list of words"),
    ("  say: [said, says, saying]", "  sing: [sang, sung]", "speech_verb_forms: sing is not in speech_verbs"),
    ("  say: [said, says, saying]", "  say: said", "speech_verb_forms: say: expected a list of words"),
    ("  - 'remarks?'", "  - 'remarks?('", "speech_nouns: bad pattern"),
    ("not_reporting: [", "not_reported: [", "missing not_reporting"),
    ("particle_verbs: ['point out']", "particle_verbs: ['point']", "particle_verbs: 'point': expected a verb and its"),
    ("particle_verbs: ['point out']", "particle_verbs: ['hum out']", "particle_verbs: 'hum out': 'hum' is not one of"),
])
def test_a_malformed_entry_is_named_with_its_file(tmp_path, old, new, message):
    path = lexicons_file(tmp_path, "broken.yaml", old, new)
    with pytest.raises(ValueError, match=f"broken.yaml: {message}"):
        load_lexicons(path)


def test_a_verb_that_reports_only_with_its_particle(shipped, tmp_path):
    text = "Anna Berg pointed out that the ferry had been late all winter."
    assert statements(shipped, text, "indirect") == [("Anna Berg", "the ferry had been late all winter")]
    noun = "The ferry lost points that the inspectors had given it all winter."
    assert statements(shipped, noun, "indirect") == []
    loose = lexicons_file(tmp_path, "loose.yaml", "particle_verbs: ['point out']", "particle_verbs: []")
    assert statements(Annotator(lexicons=load_lexicons(loose)), text, "indirect") == [
        ("Anna Berg", "the ferry had been late all winter")]
