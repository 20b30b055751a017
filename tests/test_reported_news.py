"""Reported speech in news style: who said what, where the speaker is a group, a common noun, an
office or a body, and where the content comes before its verb. Sentences written for the test."""

from __future__ import annotations

import pytest

from helpers.annotate import Annotator


@pytest.fixture(scope="module")
def ann():
    return Annotator()


def reported(ann, text: str) -> list[tuple[str | None, str]]:
    """(speaker, content) of each reported statement, in text order."""
    rows = ann.annotate({"id": "n1", "title": None, "text": text, "date": "2023-03-01"})["statements"]
    return [(s["speaker"], s["text"]) for s in rows if s["kind"] == "indirect"]


def one(ann, text: str) -> tuple[str | None, str]:
    got = reported(ann, text)
    assert len(got) == 1, got
    return got[0]


def test_plural_common_noun_speaker_is_named_as_written(ann):
    speaker, content = one(ann, "The harbour plan will raise rents in the old town, some analysts say.")
    assert speaker == "analysts"
    assert content.startswith("The harbour plan will raise rents")


def test_a_number_and_a_noun_of_people_stay_in_the_speaker(ann):
    speaker, content = one(ann, "Three ferry pilots said the new channel was too shallow for the winter boats.")
    assert speaker == "Three ferry pilots"
    assert content.startswith("the new channel was too shallow")


def test_a_plural_noun_that_names_no_people_is_not_a_speaker(ann):
    assert reported(ann, "The survey results confirmed the steady growth of the river trade.") == []


def test_content_after_told_reporters(ann):
    speaker, content = one(ann, "Ida Holt told reporters the new bridge would open in the spring.")
    assert speaker == "Ida Holt"
    assert content.startswith("the new bridge would open")


def test_a_speaker_the_knowledge_base_does_not_know(ann):
    speaker, content = one(ann, "Admiral Per Lund said the two fleets would train together next month.")
    assert speaker == "Per Lund"
    assert content.startswith("the two fleets would train together")


def test_content_first_and_the_minister_named_after_it(ann):
    speaker, content = one(ann, "Grain exports rose by a fifth last year, the farm minister Ola Berg said.")
    assert speaker == "Ola Berg"
    assert content.startswith("Grain exports rose by a fifth")


def test_a_verb_of_saying_set_inside_its_content(ann):
    speaker, content = one(ann, "Ola Berg visited the port on Monday. In particular, he said, the new cranes "
                                "would double the harbour's capacity.")
    assert speaker == "Ola Berg"
    assert content.startswith("the new cranes would double")


def test_according_to_a_body(ann):
    speaker, content = one(ann, "Trade between the two ports grew by a third, according to the Northern "
                                "Harbour Authority.")
    assert speaker == "Northern Harbour Authority"
    assert content.startswith("Trade between the two ports grew")


def test_according_to_a_report_names_who_wrote_it(ann):
    speaker, content = one(ann, "Almost 300 schools were damaged in the floods, according to a report by the "
                                "Valley Relief Agency.")
    assert speaker == "Valley Relief Agency"
    assert content.startswith("Almost 300 schools were damaged")


def test_a_document_is_not_its_own_speaker(ann):
    assert reported(ann, "The Declaration stressed that the new body did not target any other region.") == []


def test_an_office_named_alone_stands_for_the_person_named_before(ann):
    speaker, content = one(ann, "Vladimir Putin met the governors in the Kremlin. The President said the "
                                "regions needed new roads.")
    assert speaker == "Vladimir Putin"
    assert content.startswith("the regions needed new roads")


def test_a_name_in_apposition_not_the_possessor(ann):
    speaker, content = one(ann, "Berg’s deputy, Ada Lind, told the council that the budget was too small.")
    assert speaker == "Ada Lind"
    assert content.startswith("the budget was too small")


def test_the_two_leaders_are_the_people_named_before(ann):
    got = reported(ann, "Vladimir Putin held talks with Recep Tayyip Erdogan. The two leaders stressed the "
                        "importance of a lasting truce. They noted that the grain corridor was working.")
    assert got == [("Vladimir Putin and Recep Tayyip Erdoğan", "the importance of a lasting truce"),
                   ("Vladimir Putin and Recep Tayyip Erdoğan", "the grain corridor was working")]


def test_leaders_of_a_bloc_are_not_the_people_named_before(ann):
    assert reported(ann, "Vladimir Putin held talks with Recep Tayyip Erdogan. Western leaders said that the "
                         "talks had achieved nothing.") == []


def test_a_verb_of_thought_is_not_reported_speech(ann):
    assert reported(ann, "Ida Holt believes that the new bridge will open in the spring.") == []
    assert reported(ann, "Ida Holt hopes that the new bridge will open in the spring.") == []


def test_a_reply_with_a_clause_is_reported_speech(ann):
    speaker, content = one(ann, "Ida Holt replied that the bridge would be finished on time.")
    assert speaker == "Ida Holt"
    assert content.startswith("the bridge would be finished")


def test_an_expressive_act_reports_nothing_whatever_its_form(ann):
    assert reported(ann, "Ida Holt thanked the engineers for the new bridge over the river.") == []
    assert reported(ann, "Ida Holt, citing the engineers, opened the new bridge over the river.") == []


def sentence_words(text: str) -> tuple[list[str], list[str]]:
    raw = text.split()
    return raw, [w.strip(",.;:()\"“”'’").lower() for w in raw]


def test_only_sentences_with_a_cue_and_a_possible_speaker_are_parsed(ann):
    """The sentences parsed for reported speech (the parse is the cost): a form of a verb of saying
    that is no noun after a determiner, nor a particle verb without its particle, and someone who may
    have said it."""
    from helpers.annotate.reported import _cue_positions, _may_name_a_speaker

    words = ann.speech
    for text, cue in [("Residents voted on the call the council made.", False),
                      ("The ferry lost three points in the ranking.", False),
                      ("The mayor pointed out that the ferry was late.", True),
                      ("The council called for a new ferry.", True)]:
        raw, said = sentence_words(text)
        assert bool(_cue_positions(words, said)) is cue, text
    for text, speaker in [("The ferry will run twice a day, said Tomas Varga.", True),
                          ("Ferries will run twice a day, officials said.", True),
                          ("Ferries will run twice a day, it was said.", False)]:
        raw, said = sentence_words(text)
        assert _may_name_a_speaker(words, raw, said, _cue_positions(words, said)) is speaker, text


def test_a_name_next_to_the_cue_is_enough_to_read_the_sentence(ann):
    speaker, content = one(ann, "The ferry will run twice a day from June, said Tomas Varga.")
    assert speaker == "Tomas Varga" and content.startswith("The ferry will run twice a day")


def title_statements(ann, title: str) -> list[tuple[str, str | None, str]]:
    rows = ann.annotate({"id": "n1", "title": title, "text": "The ferry service changes in May. Fares rise by a tenth.",
                         "date": "2023-03-01"})["statements"]
    return [(s["kind"], s["speaker"], s["text"]) for s in rows]


def test_a_headline_names_its_source_after_a_colon(ann):
    """"...: Kremlin" ending a headline: the body named after the colon said what comes before it."""
    assert title_statements(ann, "Ferry strike not a matter for Brussels: Kremlin") == [
        ("indirect", "Russia", "Ferry strike not a matter for Brussels")]
    assert title_statements(ann, "Harbour fees ‘too high for small boats’: EU") == [
        ("indirect", "European Union", "Harbour fees ‘too high for small boats’"),
        ("quote", "European Union", "too high for small boats")]


def test_a_headline_colon_before_a_topic_or_a_label_names_no_source(ann):
    assert title_statements(ann, "‘Rain, rain, rain’: the long summer of the northern ferries")[0][1] is None
    assert title_statements(ann, "Interview: Vladimir Putin") == []
    assert title_statements(ann, "Ferry strike in the north: what we know") == []



def test_a_run_of_capitals_read_as_one_name_gives_the_known_person_inside_it(ann):
    """A headline in title case can read to the entity recogniser as one long name ("Lavrov Hails Grain
    Surge With Turkey" as an organisation); the person of the knowledge base inside it is the speaker."""
    from spacy.tokens import Span

    from helpers.annotate.speakers import Speakers

    text = "Lavrov Hails Grain Surge With Turkey, Pledges to widen exports"
    sdoc = ann.model(text)
    sdoc.ents = [Span(sdoc, 0, 6, label="ORG")]  # what the recogniser made of a headline like it
    sdoc.user_data["multipolar_ner"] = len(sdoc)  # read: no further recogniser pass
    mentions = [{"start": 0, "end": 6, "actor": "Sergey Lavrov", "type": "person"},
                {"start": text.index("Turkey"), "end": text.index("Turkey") + 6, "actor": "Turkey", "type": "state"}]

    def nobody():
        return []
        yield

    who = Speakers(ann.linker, ann.names, text, mentions, nobody, ann.speech)
    head = next(t for t in sdoc if t.text == "Surge")
    steps = who.resolve_token(head, sdoc, 0)
    try:
        while True:
            next(steps)
    except StopIteration as done:
        assert done.value == "Sergey Lavrov"


def quote_speakers(ann, text: str) -> list[str | None]:
    """The speakers of the quotations of `text`, in order."""
    rows = ann.annotate({"id": "t", "title": None, "text": text, "date": "2016-05-01"})["statements"]
    return [r["speaker"] for r in rows if r["kind"] == "quote"]


def test_a_pronoun_after_a_quotation_is_not_a_person_the_quotation_names(ann):
    """"he said" after a quotation that names someone stands for the person the text names, not that one."""
    text = ("Harold Fenwick, a farmer from Ohio, came to the rally early.\n\n"
            "“I came for Marco Rubio, and I will vote for him,” he said.")
    assert quote_speakers(ann, text) == ["Harold Fenwick"]


def test_she_continued_is_a_verb_of_saying(ann):
    """"she continued" after a quotation gives it a speaker, the person named before (not one the quotation names)."""
    text = ("Dorothy Quill, who runs the food bank, met the council on Monday after it cut its grant twice.\n\n"
            "“We will ask Governor Peter Brandt for help instead,” she continued.")
    assert quote_speakers(ann, text) == ["Dorothy Quill"]


def test_a_name_the_parser_left_without_its_verb_is_the_subject(ann):
    """"Sen. Anna Berg (D-MA) said" after a place or time: the parser may hang the name on the words
    before it, leaving "said" with no subject; the person's name right before the verb says the quotation."""
    text = ("Budget Fight.\n\n"
            "On Saturday at the state convention Sen. Anna Berg (D-MA) said the governor was a “proven failure” "
            "in business.")
    assert quote_speakers(ann, text) == ["Anna Berg"]


def test_a_verb_of_saying_after_ready_to(ann):
    """"X seemed ready to joke ..., telling the crowd, “...”": the subject of the sentence speaks, through
    the adjective the verb of saying depends on."""
    text = ("Rally Day.\n\n"
            "Ann Lee seemed to be ready to joke about the incident in Ohio, telling the crowd, "
            "“Some people get carried away, have you noticed?”")
    assert quote_speakers(ann, text) == ["Ann Lee"]


def test_words_said_in_a_sentence_with_no_verb_of_saying_are_its_subjects(ann):
    """A quotation that reads as words said (a clause) in a sentence whose verb is not one of saying is
    the subject's, not the previous speaker's; a quoted noun phrase after "is a" describes the subject
    and stays with the speaker before it."""
    text = ("Rally Day.\n\n"
            "Dorsey said, “We will win this state.”\n\n"
            "Tom Hale took the view common among mayors: “I back the plan in private, but I oppose it in public.”\n\n"
            "“For towns to grow, they need cheap power,” said Ruth Ames. Brazil is a \"rapidly growing market "
            "that must have access to fuel\".")
    assert quote_speakers(ann, text) == ["Dorsey", "Tom Hale", "Ruth Ames", "Ruth Ames"]


def test_a_short_tail_after_a_nested_quotation(ann):
    """“... ‘...?’” Lee told reporters.: a quotation that ends in a question inside it, then a short
    sentence of saying, is that sentence's subject's."""
    text = ("Party Unity.\n\n"
            "“When she read about it, her response was, ‘Let’s see what we can do to help?’” Dorsey told "
            "reporters during the call.")
    assert quote_speakers(ann, text) == ["Dorsey"]


def test_a_straight_quotation_holding_curly_ones_is_one_quotation(ann):
    """Straight marks around a quotation that has curly ones inside it: one quotation, said by the
    speaker named before the colon (the curly ones are part of it)."""
    text = ("Party Unity.\n\n"
            "Dr. Tom Hale stated:\n\n"
            "\"The department isn’t about “equal justice” anymore. It is about a vision of transforming our nation.\"")
    assert quote_speakers(ann, text) == ["Tom Hale"]


def test_as_the_paper_reported_and_charged(ann):
    """"As the Ledger reported, “...”" gives the paper the quotation; "“...,” Lee charged" gives Lee;
    neither "reported" nor "charged" cues a reported statement of its own."""
    text = ("Polls.\n\n"
            "As the Ledger reported, “if the primary were held tonight, Hale would win, and handily.”\n\n"
            "“You have called your rivals cowards and liars,” Lee charged in the debate.")
    rows = ann.annotate({"id": "t", "title": None, "text": text, "date": "2016-05-01"})["statements"]
    assert [(r["kind"], r["speaker"]) for r in rows] == [("quote", "Ledger"), ("quote", "Lee")]


def test_a_quotation_paragraph_after_a_paragraph_opened_by_a_name(ann):
    """A paragraph that is a quotation alone, with nothing before it to continue, is said by the person
    whose name opens the paragraph before; not where that paragraph opens with no one's name."""
    text = ("Party Unity.\n\n"
            "Tom Hale is upbeat about the race, in part because he sees Lee as a uniter.\n\n"
            "“Not only can he win in November, he is the one with the best chance of winning.”")
    assert quote_speakers(ann, text) == ["Tom Hale"]
    text = ("Party Unity.\n\n"
            "The weather was fine on Tuesday.\n\n"
            "“Not only can he win in November, he is the one with the best chance of winning.”")
    assert quote_speakers(ann, text) == [None]


def test_beamed_after_a_quotation(ann):
    """"“...!” beamed X" is a verb of saying aloud after the quotation: X said it."""
    text = "Party Unity.\n\n“This is fantastic!” beamed Tom Hale of Dayton, who came to the hall early."
    assert quote_speakers(ann, text) == ["Tom Hale"]


def test_a_straight_quotation_running_on_over_paragraphs_holds_its_curly_ones(ann):
    """A straight-quoted statement that runs on over paragraphs (each opening with a mark, none closing)
    is one quotation even where it quotes words in curly marks, said by whoever the colon before names."""
    text = ("Party Unity.\n\n"
            "Dr. Tom Hale stated:\n\n"
            "\"The department isn’t about “equal justice” anymore. It is about a vision of transforming our nation.\n\n"
            "\"The answer is not politics, but property. Period.\"")
    assert quote_speakers(ann, text) == ["Tom Hale"]


def test_an_unnamed_party_member_is_not_the_state_named_before_the_word(ann):
    """"said an Ohio Democrat": the speaker is the party's member as the text names them, not Ohio;
    "a Chinese official" still speaks for China."""
    text = ("Primary.\n\n"
            "“She is too far behind,” said an Ohio Democrat.\n\n"
            "“The talks were useful,” a Chinese official said.")
    assert quote_speakers(ann, text) == ["Ohio Democrat", "China"]


def test_a_body_named_by_a_common_noun_after_according_to(ann):
    """"according to a congressionally appointed commission": a body named by a singular noun and no
    name speaks as written; "according to three artillery officers" as people do."""
    speaker, content = one(ann, "The navy needs more ships to patrol both oceans at once, according to a "
                                "congressionally appointed commission.")
    assert speaker == "congressionally appointed commission"
    assert content.startswith("The navy needs more ships")
    speaker, _ = one(ann, "The bridge will need new cables by the spring, according to three harbour engineers.")
    assert speaker == "three harbour engineers"


def test_a_body_named_by_its_noun_is_the_body_named_before(ann):
    """"the committee said": the committee the text named in full before; a noun that names no body
    ("the weather said" is no speech) gives no statement."""
    text = ("The Senate Armed Services Committee met on Monday. The navy needs more ships to patrol both "
            "oceans at once, the committee said on Tuesday.")
    assert one(ann, text)[0] == "Senate Armed Services Committee"
    speaker, _ = one(ann, "The navy needs more ships to patrol both oceans at once, a parliamentary "
                          "committee said on Tuesday.")
    assert speaker == "parliamentary committee"


def test_according_to_inside_a_subject_reports_the_clause_after_the_copula(ann):
    """"The worry, according to X, is that ...": X says the clause after "is that", not the worry."""
    speaker, content = one(ann, "But the worry for the army, according to three artillery officers stationed "
                                "near the town during the spring, is that the enemy is close to jamming the "
                                "drones most used by the troops.")
    assert speaker == "three artillery officers"
    assert content.startswith("the enemy is close to jamming")
