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


@pytest.mark.parametrize(("old", "new", "message"), [
    ("number_words: {two: 2,", "number_words: {two: two,", "number_words: 'two': expected a word and a whole number"),
    ("number_words: {two: 2,", "number_words: {yes: 1, two: 2,", "number_words: True: expected a word"),  # YAML's yes
    ("candidate_not_names: [the, a, an,", "candidate_not_names: 7\nunused: [the, a, an,",
     "candidate_not_names: expected a list of words"),
    ("person_honorifics: [Mr, Mrs,", "person_honorifics: [Mr, '', Mrs,", "person_honorifics: expected a list of words"),
    ("name_particles: [de,", "name_particles: [[de],", "name_particles: expected a list of words"),
])
def test_a_malformed_entry_of_names_and_speakers_is_named_with_its_file(tmp_path, old, new, message):
    path = lexicons_file(tmp_path, "broken.yaml", old, new)
    with pytest.raises(ValueError, match=f"broken.yaml: {message}"):
        load_lexicons(path)


def test_an_honorific_added_by_a_user_is_stripped_from_the_name_a_pronoun_stands_for(shipped, tmp_path):
    text = "Prof. Ida Holt opened the harbour meeting on Friday. She said that the new berths would be ready by June."
    assert statements(shipped, text, "indirect") == []  # "Prof." is no honorific: no name opens the first sentence
    path = lexicons_file(tmp_path, "mine.yaml", "honorifics: [Mr,", "honorifics: [Prof., Mr,")
    assert statements(Annotator(lexicons=load_lexicons(path)), text, "indirect") == [
        ("Ida Holt", "the new berths would be ready by June")]


def candidate_names(text: str, lexicons=None) -> list[str]:
    from helpers.annotate.names import NameForms
    from helpers.annotate.ranker import candidates
    from helpers.annotate.speech import speech_words

    lex = lexicons or load_lexicons()
    got = candidates(text, (0, len(text)), [], NameForms(lex).bare, None, None, None, speech_words(lex))
    return sorted(c.name for c in got)


def test_the_candidate_speakers_follow_the_users_words(tmp_path):
    text = "Officer Anna ter Horst met Mr Bo Lake on Monday. “The pier is unsafe,” she said."
    assert candidate_names(text) == ["Bo Lake", "Horst", "Officer Anna"]
    path = lexicons_file(tmp_path, "mine.yaml", "name_particles: [de,", "name_particles: [ter, de,")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "candidate_not_names: [the,", "candidate_not_names: [officer, the,", 1), encoding="utf-8")
    assert candidate_names(text, load_lexicons(path)) == ["Anna ter Horst", "Bo Lake"]


def test_the_speaker_models_cues_follow_the_users_words(tmp_path):
    from helpers.annotate.ranker import FEATURES, candidates, features
    from helpers.annotate.speech import speech_words

    def cues(lexicons) -> dict[str, float]:
        text = "Tom Vance waved. The pier is “unsafe at night”, as reported by Ida Holt; they added nothing."
        q0, q1 = text.index("“"), text.index("”") + 1
        words = speech_words(lexicons)
        cands = candidates(text, (0, len(text)), [], str, None, None, None, words)
        rows = features(text, q0, q1, (0, len(text)), cands, "none", words=words)
        named = {c.name: dict(zip(FEATURES, r)) for c, r in zip(cands, rows)}
        return {"according_to": named["Ida Holt"]["according_to"], "pronoun_says": named["Tom Vance"]["pronoun_says"]}

    assert cues(load_lexicons()) == {"according_to": 0.0, "pronoun_says": 0.0}
    path = lexicons_file(tmp_path, "mine.yaml", "source_phrases: [according to]",
                         "source_phrases: [according to, as reported by]")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "says_pronouns: [he, she]", "says_pronouns: [he, she, they]", 1), encoding="utf-8")
    assert cues(load_lexicons(path)) == {"according_to": 1.0, "pronoun_says": 1.0}


def test_a_word_added_before_a_noun_of_saying_keeps_the_possessive_speaker(shipped, tmp_path):
    text = "The ferry was late again. Ida Holt's usual warning: “Nobody should sail in this fog.”"
    assert statements(shipped, text, "quote") == [(None, "Nobody should sail in this fog")]
    path = lexicons_file(tmp_path, "mine.yaml", "speech_noun_modifiers: [own,", "speech_noun_modifiers: [usual, own,")
    assert statements(Annotator(lexicons=load_lexicons(path)), text, "quote") == [
        ("Ida Holt", "Nobody should sail in this fog")]


def test_an_older_file_without_the_optional_entries_reads_like_the_shipped_one(shipped, tmp_path):
    """A user's lexicons file written before the optional entries existed takes the shipped ones."""
    import yaml

    from helpers.resources.lexicons import _OPTIONAL

    data = yaml.safe_load(SHIPPED)
    older = tmp_path / "older.yaml"
    older.write_text(yaml.safe_dump({k: v for k, v in data.items() if k not in _OPTIONAL}, allow_unicode=True),
                     encoding="utf-8")
    lex, ship = load_lexicons(older), load_lexicons()
    assert lex.determiners == ship.determiners and lex.particle_verbs == ship.particle_verbs
    text = "The two presidents stressed that the bridge would open in May. Experts said the ferry was late."
    assert statements(Annotator(lexicons=lex), text, "indirect") == statements(shipped, text, "indirect") != []
    emptied = tmp_path / "emptied.yaml"
    emptied.write_text(SHIPPED.replace("people_nouns: [", "people_nouns: []\nold_people_nouns: [", 1), encoding="utf-8")
    assert load_lexicons(emptied).people_nouns == frozenset()


@pytest.mark.parametrize(("old", "new", "message"), [
    ("turn_not_speakers: [note,", "turn_not_speakers: 7\nunused: [note,", "turn_not_speakers: expected a list of words"),
    ("question_labels: [q,", "question_labels: [[q],", "question_labels: expected a list of words"),
    ("interviewer_phrases: [interviewed,", "interviewer_phrases: ['', interviewed,",
     "interviewer_phrases: expected a list of words"),
    ("work_nouns: [book,", "work_nouns: {book: 1}\nunused: [book,", "work_nouns: expected a list of words"),
    ("preposition_verbs: ['call for']", "preposition_verbs: ['call']",
     "preposition_verbs: 'call': expected a verb and its preposition"),
    ("preposition_verbs: ['call for']", "preposition_verbs: ['hum for']",
     "preposition_verbs: 'hum for': 'hum' is not one of"),
])
def test_a_malformed_entry_of_turns_and_quotations_is_named_with_its_file(tmp_path, old, new, message):
    path = lexicons_file(tmp_path, "broken.yaml", old, new)
    with pytest.raises(ValueError, match=f"broken.yaml: {message}"):
        load_lexicons(path)


def turns(ann: Annotator, title: str, text: str) -> list[tuple[str, str]]:
    rows = ann.annotate({"id": "t1", "title": title, "text": text, "date": "2023-03-01"})["statements"]
    return [(s["label"], s["speaker"]) for s in rows if s["kind"] == "turn"]


def test_a_users_question_label_makes_a_turn_the_interviewers(shipped, tmp_path):
    title = "Interview to the Harbour Gazette"
    text = "Interviewer: Will the ferry run all winter?\n\nIda Holt: It will run every day, fog or not."
    assert turns(shipped, title, text) == [("Interviewer", "Interviewer"), ("Ida Holt", "Ida Holt")]
    path = lexicons_file(tmp_path, "mine.yaml", "question_labels: [q,", "question_labels: [interviewer, q,")
    assert turns(Annotator(lexicons=load_lexicons(path)), title, text) == [
        ("Interviewer", "Harbour Gazette"), ("Ida Holt", "Ida Holt")]


def test_a_users_label_that_names_no_speaker_and_interviewers_phrase(shipped, tmp_path):
    text = ("The Harbour Gazette questioned Ida Holt.\n\nTimeline: The pier opened in May.\n\n"
            "Q: Will the ferry run all winter?\n\nA: It will run every day, fog or not.")
    assert turns(shipped, None, text) == [("Timeline", "Timeline"), ("Q", "Q"), ("A", "A")]
    path = lexicons_file(tmp_path, "mine.yaml", "turn_not_speakers: [note,", "turn_not_speakers: [timeline, note,")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "interviewer_phrases: [interviewed,", "interviewer_phrases: [questioned, interviewed,", 1), encoding="utf-8")
    assert turns(Annotator(lexicons=load_lexicons(path)), None, text) == [("Q", "Harbour Gazette"), ("A", "A")]


def test_a_users_verb_and_preposition_before_what_was_said(shipped, tmp_path):
    text = "Ida Holt asked for a second ferry line to the northern islands."
    assert statements(shipped, text, "indirect") == []
    path = lexicons_file(tmp_path, "mine.yaml", "preposition_verbs: ['call for']",
                         "preposition_verbs: ['call for', 'ask for']")
    assert statements(Annotator(lexicons=load_lexicons(path)), text, "indirect") == [
        ("Ida Holt", "a second ferry line to the northern islands")]


def test_according_to_follows_the_users_source_phrases(shipped, tmp_path):
    text = "The ferry will run every day all winter, according to Ida Holt."
    assert statements(shipped, text, "indirect") == [("Ida Holt", "The ferry will run every day all winter")]
    path = lexicons_file(tmp_path, "mine.yaml", "source_phrases: [according to]", "source_phrases: []")
    assert statements(Annotator(lexicons=load_lexicons(path)), text, "indirect") == []


def test_scare_quotes_and_titles_of_works_follow_the_users_words(tmp_path):
    from helpers.annotate.quotes import find_quotes, scare_quote, title_of_work
    from helpers.annotate.speech import speech_words

    path = lexicons_file(tmp_path, "mine.yaml", "scare_determiners: [the,", "scare_determiners: [every, the,")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "work_preceding_words: ['on',", "work_preceding_words: [podcast, 'on',", 1), encoding="utf-8")
    shipped, mine = speech_words(load_lexicons()), speech_words(load_lexicons(path))
    label = "The board rejected every “quick fix” for the pier."
    row = {"text": "quick fix", "start": label.index("“") + 1}
    assert not scare_quote(label, row, shipped) and scare_quote(label, row, mine)
    the = label.replace("every", "the")
    assert scare_quote(the, {"text": "quick fix", "start": the.index("“") + 1}, mine)
    work = "Ida Holt spoke on the podcast “Harbour Hour” last week."
    q = find_quotes(work)[0][0]
    assert not title_of_work(work, q, shipped) and title_of_work(work, q, mine)
