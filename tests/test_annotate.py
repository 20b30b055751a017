"""Annotation of the seed and of small texts: actors, statements, figures, dates, themes."""

from __future__ import annotations

import json

import pytest
from conftest import SHARED_EVAL

from helpers.annotate import document_export, find_quotes
from helpers.resources.codebook import THEME_IDS, load_codebook, parse_codebook
from helpers.resources.kb import load_kb, parse_kb


def _article(text, date="2023-10-18", title=None, doc_id="t"):
    from helpers.load.clean import clean

    cleaned, omap = clean(text)
    return {"id": doc_id, "title": title, "date": date, "text": cleaned, "offsets": omap.to_json(), "source": "t.txt"}


# ----------------------------------------------------------------- knowledge base and codebook
def test_kb_covers_every_scored_actor():
    names = [l.split("|")[0].strip() for l in (SHARED_EVAL / "actors.txt").read_text().splitlines()
             if l.strip() and not l.startswith("#")] if (SHARED_EVAL / "actors.txt").exists() else []
    kb = load_kb()
    for n in names:
        assert n in kb.actors, n
    for actor in kb.actors.values():
        assert actor.type in {"person", "state", "organisation", "programme"}


def test_roles_resolve_by_date():
    kb = load_kb()
    assert kb.resolve_role("Russian president", __import__("datetime").date(2023, 10, 18)) == "Vladimir Putin"
    assert kb.resolve_role("Russian president", __import__("datetime").date(2010, 1, 1)) == "Dmitry Medvedev"
    assert kb.resolve_role("US president", __import__("datetime").date(2015, 6, 1)) == "Barack Obama"
    assert kb.resolve_role("US president", __import__("datetime").date(2018, 6, 1)) == "Donald Trump"
    assert kb.resolve_role("US president", __import__("datetime").date(2022, 6, 1)) == "Joe Biden"


def test_kb_rejects_bad_entries():
    with pytest.raises(ValueError, match="type"):
        parse_kb("- {name: X, type: planet}", "kb.yaml")
    with pytest.raises(ValueError, match="twice"):
        parse_kb("- {name: X, type: state}\n- {name: X, type: state}", "kb.yaml")


def test_codebook_has_the_nine_themes():
    cb = load_codebook()
    assert sorted(cb.themes) == sorted(THEME_IDS)


def test_theme_scoring_weights_and_exclusions():
    cb = parse_codebook("""
threshold: 3
themes:
  sanctions:
    terms: [{term: sanction*, weight: 3}, {term: pressure, weight: 1}]
    exclude: [{term: disciplinary}]
""")
    theme = cb.themes["sanctions"]
    assert theme.score("New sanctions and more sanctions, and pressure.") == (4.0, ["pressure", "sanction*"])
    assert theme.score("The disciplinary sanctions of the league.") == (0.0, [])
    assert theme.score("Unrelated text.") == (0.0, [])


# ----------------------------------------------------------------- the seed
def test_seed_actors_resolve(seed_tables):
    article, tables = seed_tables
    by_text = {m["text"]: m["actor"] for m in tables["mentions"]}
    assert by_text["Putin"] == "Vladimir Putin"
    assert by_text["the Russian president"] == "Vladimir Putin"
    assert by_text.get("The Kremlin", by_text.get("Kremlin")) == "Russia"
    assert by_text["Moscow"] == "Russia"
    assert by_text["Asian superpower"] == "China" or by_text.get("the Asian superpower") == "China"
    assert by_text["The Chinese president"] == "Xi Jinping"


def test_seed_statements_match_gold(seed_tables):
    article, tables = seed_tables
    # The seed's gold lists quotations and turns (it is not marked for reported speech).
    got = [(s["speaker"], s["first_words"]) for s in tables["statements"] if s["kind"] != "indirect"]
    gold_file = SHARED_EVAL / "dev" / "seed.gold.jsonl"
    if gold_file.exists():
        gold = json.loads(gold_file.read_text())
        expected = [(s["speaker"], s["start"]) for s in gold["statements"]]
        assert len(got) == len(expected)
        for (sp, words), (gsp, gstart) in zip(got, expected):
            assert sp == gsp and words.startswith(gstart[:20]), (sp, words, gsp, gstart)
    speakers = [sp for sp, _ in got]
    assert speakers.count("Xi Jinping") == 7 and speakers.count("Vladimir Putin") == 1 and speakers[0] is None


def test_seed_figures(seed_tables):
    _, tables = seed_tables
    figs = {f["text"]: (f["value"], f["unit"]) for f in tables["figures"]}
    assert figs["42 times"] == (42.0, "times")
    assert figs["$200 billion"] == (200e9, "USD")
    assert figs["third bilateral meeting"] == (3.0, "ordinal meeting")


def test_seed_dates(seed_tables):
    _, tables = seed_tables
    dates = {d["text"]: (d["date"], d["granularity"]) for d in tables["dates"]}
    assert dates["this Wednesday"] == ("2023-10-18", "day")
    assert dates["in March"] == ("2023-03", "month")


def test_seed_themes_with_evidence(seed_tables):
    article, tables = seed_tables
    present = {t["theme"] for t in tables["doc_themes"] if t["present"]}
    assert present == {"belt_and_road", "china_russia_alignment", "international_law", "middle_east",
                       "trade_economy", "ukraine_war", "world_order"}
    for hit in tables["theme_hits"]:
        assert hit["terms"] and hit["sentence"] in article["text"]


def test_offsets_point_to_raw_text(seed_tables):
    article, tables = seed_tables
    from conftest import SEED_FILE

    raw = SEED_FILE.read_text(encoding="utf-8")
    for m in tables["mentions"]:
        assert raw[m["raw_start"]:m["raw_end"]] == m["text"]


def test_export_schema(seed_tables):
    article, tables = seed_tables
    doc = document_export(article, tables)
    assert set(doc) >= {"id", "actors", "statements", "themes", "relevant"}
    assert doc["relevant"] is True
    assert "Xi Jinping" in doc["actors"] and "Gaza" not in doc["actors"]


# ----------------------------------------------------------------- small texts
def test_speaker_turns(annotator):
    text = ("Vladimir Putin: Good afternoon, colleagues, let us begin with the harvest.\n\n"
            "President of China Xi Jinping (interpreted): The harvest was good this year. We agree.\n\n"
            "RIA Novosti: A question about grain prices.")
    tables = annotator.annotate(_article(text, date="2019-06-05"))
    got = [(s["speaker"], s["first_words"][:12], s["kind"]) for s in tables["statements"]]
    assert got == [("Vladimir Putin", "Good afterno", "turn"), ("Xi Jinping", "The harvest ", "turn"),
                   ("RIA Novosti", "A question a", "turn")]


def test_quote_after_speaker_and_pronoun(annotator):
    text = ("Vladimir Putin arrived in Beijing on Monday. “Our relations are at their best,” he said. "
            "The Kremlin called it “a new era”.")
    tables = annotator.annotate(_article(text))
    got = [(s["speaker"], s["text"]) for s in tables["statements"]]
    assert got[0] == ("Vladimir Putin", "Our relations are at their best")
    assert got[1][0] == "Russia"


def test_unbalanced_quote_recorded(annotator):
    tables = annotator.annotate(_article("Putin said: “This never closes.\n\nNext paragraph."))
    assert len(tables["statements"]) == 1
    assert tables["problems"] and tables["problems"][0]["kind"] == "unbalanced_quote"


def test_find_quotes_ignores_apostrophes():
    quotes, unbalanced = find_quotes("Xi’s visit and Putin's 'dear friend' remark.")
    texts = ["Xi’s visit and Putin's 'dear friend' remark."[q.start:q.end] for q in quotes]
    assert texts == ["dear friend"] and unbalanced == []


def test_batched_annotation_equals_one_by_one(annotator):
    """Parsing the sentences of many documents in one batch changes nothing in what is found."""
    from itertools import islice

    from conftest import shared_file

    from helpers.config import SHARED_CORPUS
    from helpers.load import iter_articles

    path = shared_file(SHARED_CORPUS / "rss2023_sample50k.jsonl")
    articles = list(islice(iter_articles(path, []), 300))
    articles.append(_article('Putin said: "We are ready." Xi replied that ties were "unshakable".', doc_id="made-1"))
    articles.append({"id": "broken-1", "title": None, "text": None, "date": None})  # fails alone, not the batch
    one = [annotator.annotate_safely(a) for a in articles]
    many = annotator.annotate_many(articles)
    assert annotator.rounds >= 2  # some documents deferred parses (a headline's first sayer, entities)
    assert json.dumps(one, sort_keys=True, default=str) == json.dumps(many, sort_keys=True, default=str)
    assert sum(len(t["statements"]) for t in many) > 20
    assert many[-1]["problems"][0]["kind"] == "annotation_failed"


def test_dates_agree_with_dateparser():
    """Dates are read from the parts DATE_RE found; on every form, over three years of days, they are
    the dates dateparser gives (past preferred), except where dateparser errs (a day 0 read as a year)."""
    import datetime as dt
    import re

    import dateparser

    from helpers.annotate.dates import DATE_RE, MONTHS, WEEKDAYS, _date_value

    def theirs(expr, base):
        got = dateparser.parse(expr, languages=["en"], settings={"PREFER_DATES_FROM": "past", "RELATIVE_BASE": base,
                                                                 "PREFER_DAY_OF_MONTH": "first"})
        return got and got.date()

    exprs = ["5 March 2019", "March 5, 2019", "5th Sept. 2019", "2019-02-28", "2019-02-30", "31 April 2019",
             "March 2019", "in 2019", "29 February", "Feb 29", "31 April", "Dec 31st", "in March", "since Sept",
             "last March", "next Jan"]
    exprs += [f"{rel}{day}" for rel in ("", "on ", "this ", "last ", "next ") for day in WEEKDAYS.split("|")]
    exprs += [f"{d} {m}" for d in (1, 28, 30) for m in MONTHS.split("|")]
    size = {"dmy": 10, "mdy": 10, "iso": 10, "dm": 10, "wd": 10, "my": 7, "m": 7, "y": 4}
    checked = 0
    for base in [dt.datetime(2022, 1, 1) + dt.timedelta(days=k) for k in range(0, 3 * 365, 11)]:
        if base.day > 28:
            continue  # dateparser keeps the base's day for a month alone and then skips years (February)
        for expr in exprs:
            m = DATE_RE.fullmatch(expr)
            assert m, expr
            core = re.sub(r"^(?:in|since|until|by|from|on|early|late|mid-)\s*", "", expr, flags=re.I)
            ours = _date_value(m.lastgroup, core, base)
            want = theirs(core, base)
            n = size[m.lastgroup]
            assert (ours and ours.isoformat()[:n]) == (want and want.isoformat()[:n]), (expr, base)
            checked += 1
    assert checked > 5000


def test_sentence_splitter_keeps_the_sentencizers_rule():
    """`split_sentences` computes spaCy's rule-based sentencizer over arrays: on texts without line
    breaks or opening quotation marks (where it adds rules of its own) both split the same."""
    import spacy

    from helpers.annotate import split_sentences

    nlp = spacy.blank("en")
    reference = spacy.blank("en")
    reference.add_pipe("sentencizer")
    texts = ["It rained. Then it stopped!", "Really?! Yes... (Mostly.) Fine.", "...Start. End", "U.S. talks ended.",
             "One. . . Two", "A! B? C.", "No end", "", "Wait —. Go.", "Mr. Putin spoke. Xi replied (briefly). Done."]
    for text in texts:
        ours = [s.text for s in split_sentences(nlp.make_doc(text)).sents] if text else []
        theirs = [s.text for s in reference(text).sents] if text else []
        assert ours == theirs, text


def test_paragraphs_and_opening_quotes_start_sentences(annotator):
    from helpers.annotate import sentences

    text = "Putin spoke\n\nXi replied “we agree” and left.“Fine.” Done"
    got = [text[s.start_char:s.end_char].strip() for s in sentences(annotator.fast(text))]
    assert got == ["Putin spoke", "Xi replied “we agree” and left.", "“Fine.”", "Done"]


def test_documents_split_together_split_as_each_alone(annotator):
    """`sentences_of` splits a batch of documents over their joined token arrays: every document's
    sentences are those it has alone, wherever it sits in the batch (documents that are empty, all
    space, or begin or end with a line break, a quotation mark or a sentence end included)."""
    import random
    from itertools import islice

    from conftest import SEED_FILE

    from helpers.annotate import annotated_text, sentences, sentences_of, split_sentences
    from helpers.config import SHARED_CORPUS
    from helpers.load import iter_articles

    edges = ["", " ", "\n", "\n\n“Go.” Fine", "...Start. End", "A.\n", "Word\n\n\n", "“", "x “y”", "“Hi.” he said.",
             "End.", "\u201cA\u201d b.\n\n\u201cC\u201d\n", " \n “Go.”  Fine.  ", ". Start", "!? Go. On",
             "A\n ", " Go"]
    texts = list(edges) + [SEED_FILE.read_text(encoding="utf-8")]
    for name, n in [("rss2023_sample50k.jsonl", 400), ("kremlin_en.jsonl", 10)]:
        if (SHARED_CORPUS / name).exists():
            texts += [annotated_text(a.get("title"), a["text"])[0]
                      for a in islice(iter_articles(SHARED_CORPUS / name, []), n)]
    alone = {t: sentences(split_sentences(annotator.fast.make_doc(t), t), t) for t in texts}
    rng = random.Random(7)
    checked, batches = 0, []
    for size in [1, 2, 5, 64, len(texts)]:
        for _ in range(6):
            batch = rng.sample(texts, min(size, len(texts))) + rng.sample(edges, 3)
            rng.shuffle(batch)
            batches.append(batch)
    batches += [[edge, *rng.sample(texts, 3), edge] for edge in edges]  # each first and last
    batches += [[a, b] for a in edges for b in edges]  # each after each
    for batch in batches:
        got = sentences_of([annotator.fast.make_doc(t) for t in batch], batch)
        for text, sents in zip(batch, got):
            assert sents == alone[text], text[:80]
            checked += 1
    assert checked > 300
    assert [len(alone[t]) for t in edges[:4]] + [len(alone[". Start"])] == [0, 0, 0, 2, 2]


def test_coarse_tags_match_the_attribute_ruler(annotator):
    """Parses skip the model's attribute ruler; the parts of speech the attribution rules read (verbs
    and auxiliaries, adjectives, proper nouns) and the labels of space tokens are the ruler's own."""
    from itertools import islice

    from conftest import shared_file

    from helpers.annotate import annotated_text
    from helpers.config import SHARED_CORPUS
    from helpers.load import iter_articles

    texts = []
    for name in ["rss2023_sample50k.jsonl", "kremlin_en.jsonl"]:
        for art in islice(iter_articles(shared_file(SHARED_CORPUS / name), []), 60):
            text, _ = annotated_text(art.get("title"), art["text"])
            texts += [text[s.start_char:s.end_char] for s in annotator.prepare(art).sents[:8]]
    classes = {"VERB": "verb", "AUX": "verb", "ADJ": "adj", "PROPN": "propn"}
    full = annotator.model.pipe(texts, disable=["ner"])
    ours = annotator.models.pipe("parse", texts)
    tokens = 0
    for theirs, mine in zip(full, ours):
        assert [t.text for t in theirs] == [t.text for t in mine]
        for a, b in zip(theirs, mine):
            assert classes.get(a.pos_) == classes.get(b.pos_), (a.text, a.tag_, a.dep_, a.pos_, b.pos_)
            assert (a.dep_, a.tag_) == (b.dep_, b.tag_)
            tokens += 1
    assert tokens > 5000


def test_entities_read_up_to_a_token_match_the_whole_sentence(annotator):
    """`entities(sdoc, upto=k)` runs the entity recogniser over the first tokens only; the entities
    that begin before token k are those found over the whole sentence, boundaries and labels."""
    from itertools import islice

    from conftest import shared_file

    from helpers.annotate import annotated_text
    from helpers.annotate.models import entities
    from helpers.config import SHARED_CORPUS
    from helpers.load import iter_articles

    texts = ["Former Republican National Committee chairman Michael Steele of Maryland told CNN on Sunday "
             "that the party had lost its way."]  # an entity still open where a short read would stop
    for name in ["rss2023_sample50k.jsonl", "kremlin_en.jsonl"]:
        for art in islice(iter_articles(shared_file(SHARED_CORPUS / name), []), 40):
            text, _ = annotated_text(art.get("title"), art["text"])
            texts += [text[s.start_char:s.end_char] for s in annotator.prepare(art).sents[:6]]
    whole = [[(e.start, e.end, e.label_) for e in annotator.answer(entities(d))]
             for d in annotator.models.pipe("parse", texts)]
    assert sum(map(len, whole)) > 200
    compared = shorter = 0
    for k in (1, 2, 4, 7, 11, 16):
        for text, full in zip(texts, whole):
            sdoc = annotator.models.pipe("parse", [text])[0]
            got = [(e.start, e.end, e.label_) for e in annotator.answer(entities(sdoc, upto=k)) if e.start < k]
            assert got == [e for e in full if e[0] < k], (text, k)
            compared += 1
            shorter += sdoc.user_data["multipolar_ner_read"] < len(sdoc)
    assert compared > 1000 and shorter > compared / 3  # most reads stopped short of the sentence's end
    # One sentence asked again for more: each longer read starts afresh from what the last one set.
    for text, full in zip(texts, whole):
        sdoc = annotator.models.pipe("parse", [text])[0]
        for k in (2, 9, 30, None):
            got = [(e.start, e.end, e.label_) for e in annotator.answer(entities(sdoc, upto=k))]
            assert [e for e in got if k is None or e[0] < k] == [e for e in full if k is None or e[0] < k], (text, k)


def test_fast_vocabulary_finds_what_a_full_one_finds(annotator, monkeypatch):
    """The fast pipeline's vocabulary computes only the lexical attributes the rules read
    (`FAST_LEX_ATTRS`); sentences, actor mentions (aliases and lower-case role titles) and the
    speakers of labels come out as with every attribute spaCy's English defaults compute."""
    from itertools import islice

    from conftest import SEED_FILE

    import helpers.annotate.models as models_module
    from helpers.annotate import Annotator, annotated_text, sentences
    from helpers.config import SHARED_CORPUS
    from helpers.load import iter_articles

    texts = [SEED_FILE.read_text(encoding="utf-8"),
             "The Russian president met the Chinese foreign minister. “We agree!” he said.\n\n"
             "Mr. Xi’s remarks... (Q&A) -- see https://example.org/x?y=1 ; e-mail: a@b.cn 3.5% #BRICS\n\n\n\n"
             "Lavrov said:\t\t “Yes.”\n \n\u00a0\u00a0The Kremlin agreed.\n\n\n\n\n“No,” Wang replied."]
    for name, n in [("rss2023_sample50k.jsonl", 300), ("kremlin_en.jsonl", 20)]:
        if (SHARED_CORPUS / name).exists():
            texts += [annotated_text(a.get("title"), a["text"])[0]
                      for a in islice(iter_articles(SHARED_CORPUS / name, []), n)]
    annotator.fast  # noqa: B018 - built with FAST_LEX_ATTRS before the full one is
    monkeypatch.setattr(models_module, "FAST_LEX_ATTRS", None)
    full = Annotator(annotator.kb, annotator.codebook)
    assert len(full.fast.vocab.lex_attr_getters) > len(annotator.fast.vocab.lex_attr_getters)
    found = 0
    for text in texts:
        ours, theirs = annotator.fast(text), full.fast(text)
        assert sentences(ours, text) == sentences(theirs, text)
        assert annotator.linker.mentions(ours, None) == full.linker.mentions(theirs, None)
        found += len(annotator.linker.mentions(ours, None))
    for label in ["Vladimir Putin", "President of China Xi Jinping", "Q", "RIA Novosti", "the US president"]:
        assert annotator.linker.persons_in(label) == full.linker.persons_in(label)
    assert found > 50


def test_fullest_name_pretest_never_skips_a_longer_form():
    """`NameForms.fullest` looks for a longer form of a name ("Vladimir Putin" for "Putin") only where
    the surname follows whitespace after a word (`_after_a_word`): wherever the full expression
    finds one, the pre-test passes (whitespace of any kind, words ending in an apostrophe or hyphen)."""
    import re
    from itertools import islice

    from helpers.annotate import annotated_text
    from helpers.annotate.names import NameForms, _after_a_word
    from helpers.config import SHARED_CORPUS
    from helpers.load import iter_articles
    from helpers.resources.lexicons import load_lexicons

    texts = ["Ivan Putin Putin", "“X,” Gunn said", "Mr.\u00a0Putin spoke", "O’Neil- Putin", "Al_ Putin", "Dr\tPutin",
             "(Putin)", "President  \n Putin", "Sergei Lavrov’ Lavrov", "Putin", "said Putin", "Xi, Putin"]
    path = SHARED_CORPUS / "rss2023_sample50k.jsonl"
    if path.exists():
        texts += [annotated_text(a.get("title"), a["text"])[0] for a in islice(iter_articles(path, []), 1500)]
    found = skipped = 0
    for text in texts:
        for surname in set(re.findall(r"[A-Z][\w’'-]+", text)[-6:] + ["Putin", "Lavrov"]):
            full = re.search(rf"\b(?:[A-Z][\w’'-]+\s+){{1,3}}{re.escape(surname)}\b", text)
            if full:
                assert _after_a_word(text, surname), (surname, text)
                found += 1
            skipped += not _after_a_word(text, surname)
    assert found > 20 and skipped > 20
    names = NameForms(load_lexicons())
    assert names.fullest("Putin", "Vladimir Putin met Xi. Putin said", 20) == "Vladimir Putin"
    assert names.fullest("Gunn", "“Fine,” Gunn said", 8) == "Gunn"


def test_date_and_figure_pretests_never_skip_a_match():
    """`dates` and `figures` skip texts their cheap pre-tests rule out; every text the full
    expressions match passes them (a digit, a month's or weekday's name, an ordinal word in any case)."""
    from itertools import islice

    from helpers.annotate import annotated_text
    from helpers.annotate.dates import DATE_RE, _may_hold_date
    from helpers.annotate.figures import FIGURE_RE, _may_hold_figure
    from helpers.config import SHARED_CORPUS
    from helpers.load import iter_articles

    texts = ["the FiRsT summit", "a Second Round of talks", "the twentieth anniversary", "US$5bn", "4 percent",
             "last Monday", "since March", "in 2019", "mid-January", "the ſecond meeting", "THIRD VISIT",
             "no date or figure here", "the third man", "Putin’s first visit"]
    path = SHARED_CORPUS / "rss2023_sample50k.jsonl"
    if path.exists():
        texts += [annotated_text(a.get("title"), a["text"])[0] for a in islice(iter_articles(path, []), 2000)]
    skipped = {"dates": 0, "figures": 0}
    for text in texts:
        may_date = _may_hold_date(text)
        if DATE_RE.search(text):
            assert may_date, text
        skipped["dates"] += not may_date
        if FIGURE_RE.search(text):
            assert _may_hold_figure(text), text
        skipped["figures"] += not _may_hold_figure(text)
    assert skipped["dates"] and skipped["figures"]
