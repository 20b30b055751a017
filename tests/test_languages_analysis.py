"""Analyses across languages: the language filter, languages and translations in the corpus, themes and
world-order rates by language and outlet, and each side on the other in its own language.

The Russian, Chinese and Spanish sentences here are written for these tests.
"""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

from helpers import analysis
from helpers.output import display, plots

RU_SPEECH = "Путин заявил, что Китай является нашим надёжным партнёром."
RU_NARRATION = "В Москве прошёл дождь, сообщает агентство."
ZH_SPEECH = "王毅表示，中方愿同俄罗斯加强战略协作。"
ZH_NARRATION = "今天北京天气晴朗。"


def _articles() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["ru1", "ru2", "zh1", "es1", "en1", "x1"],
        "title": [None] * 6,
        "outlet": ["Первый канал", "Kremlin", "新华社", "El Diario", "Project Syndicate", None],
        "date": ["2023-03-21", "2023-03-22", "2023-03-20", "2024-01-02", None, "2024-05-05"],
        "url": [None] * 6,
        "language": ["ru", "RU", "zh-CN", "es", "en", None],
        "translated_from": [None, None, None, None, None, "fr"],
        "source": ["t.jsonl"] * 6,
        "text": [f"{RU_SPEECH} {RU_NARRATION}", RU_SPEECH, f"{ZH_SPEECH}{ZH_NARRATION}",
                 "El mundo multipolar llega.", "A multipolar world arrives.", "Rien."],
        "extra": ["{}", "{}", "{}", json.dumps({"parallel_id": "en1"}), json.dumps({"parallel_id": "es1"}),
                  json.dumps({"parallel_id": "gone"})],
    })


def _tables() -> dict[str, pd.DataFrame]:
    arts = _articles()
    sentences = pd.DataFrame({
        "doc_id": ["ru1", "ru1", "ru2", "zh1", "zh1", "es1", "en1"],
        "sent": [0, 1, 0, 0, 1, 0, 0],
        "start": [0, len(RU_SPEECH) + 1, 0, 0, len(ZH_SPEECH), 0, 0],
        "end": [len(RU_SPEECH), len(RU_SPEECH) + 1 + len(RU_NARRATION), len(RU_SPEECH), len(ZH_SPEECH),
                len(ZH_SPEECH) + len(ZH_NARRATION), 26, 27],
        "text": [RU_SPEECH, RU_NARRATION, RU_SPEECH, ZH_SPEECH, ZH_NARRATION, "El mundo multipolar llega.",
                 "A multipolar world arrives."],
    })
    said = "Китай является нашим надёжным партнёром"
    statements = pd.DataFrame({
        "doc_id": ["ru1", "zh1", "ru2"], "sent": [0, 0, 0],
        "start": [RU_SPEECH.index(said), ZH_SPEECH.index("中方"), RU_SPEECH.index(said)],
        "end": [RU_SPEECH.index(said) + len(said), len(ZH_SPEECH) - 1, RU_SPEECH.index(said) + len(said)],
        "speaker": ["Vladimir Putin", "Wang Yi", "Someone Unknown"], "kind": ["indirect", "indirect", "indirect"],
        "text": [said, "中方愿同俄罗斯加强战略协作", said],
    })
    mentions = pd.DataFrame({
        "doc_id": ["ru1", "ru1", "ru1", "zh1", "zh1", "ru2"], "sent": [0, 0, 1, 0, 0, 0],
        "start": [0, RU_SPEECH.index("Китай"), len(RU_SPEECH) + 4, 0, ZH_SPEECH.index("俄罗斯"), 0],
        "actor": ["Vladimir Putin", "China", "Russia", "Wang Yi", "Russia", "China"],
    })
    doc_themes = pd.DataFrame({"doc_id": ["ru1", "ru2", "zh1", "es1", "en1", "ru1"],
                               "theme": ["world_order", "world_order", "world_order", "world_order", "world_order",
                                         "sanctions"],
                               "present": [True, False, True, True, True, True], "score": [2.0, 0.5, 3.0, 2.0, 2.0, 1.0]})
    theme_hits = pd.DataFrame({"doc_id": ["ru1", "ru1", "zh1", "es1", "ru1"], "sent": [0, 1, 0, 0, 0],
                               "theme": ["world_order", "world_order", "world_order", "world_order", "sanctions"]})
    problems = pd.DataFrame({"doc_id": [None, "zh1", "es1"], "severity": ["warning"] * 3, "kind": ["x"] * 3})
    return {"articles": arts, "sentences": sentences, "statements": statements, "mentions": mentions,
            "doc_themes": doc_themes, "theme_hits": theme_hits, "problems": problems}


# --------------------------------------------------------------------------- the language filter


def test_in_languages_keeps_the_documents_of_the_languages_named_in_every_table():
    t = _tables()
    out = analysis.in_languages(t, ["ru", "zh"])
    assert list(out["articles"]["id"]) == ["ru1", "ru2", "zh1"]  # "RU" is Russian and "zh-CN" Chinese too
    assert set(out["sentences"]["doc_id"]) == {"ru1", "ru2", "zh1"}
    assert set(out["theme_hits"]["doc_id"]) == {"ru1", "zh1"}
    assert list(out["problems"]["doc_id"].fillna("-")) == ["-", "zh1"]  # a problem of no document stays
    assert list(analysis.in_languages(t, "es")["articles"]["id"]) == ["es1"]


def test_a_document_of_unknown_language_is_kept_only_when_every_language_is():
    t = _tables()
    assert analysis.in_languages(t, None) is t
    assert "x1" not in set(analysis.in_languages(t, ["ru", "zh", "es", "en"])["articles"]["id"])
    assert analysis.in_languages(t, ["fr"])["articles"].empty


def test_language_codes():
    assert analysis.language_codes(None) is None
    assert analysis.language_codes("RU") == ["ru"]
    assert analysis.language_codes(["zh", " Es "]) == ["zh", "es"]


# --------------------------------------------------------------------------- languages and translations


def test_count_words_counts_each_chinese_character():
    assert analysis.count_words("Путин прибыл в Пекин.") == 4
    assert analysis.count_words("中俄关系") == 2  # two characters a word
    assert analysis.count_words("习近平 met Putin 在莫斯科。") == 4 + 2  # seven characters, two English words; no full stop
    assert analysis.count_words(None) == 0


def test_languages_table():
    table = analysis.languages_table(_articles())
    rows = {r["language"]: r for r in table.to_dict("records")}
    assert list(table["language"])[0] == "ru" and rows["ru"]["documents"] == 2
    assert rows["ru"]["name"] == "Russian" and rows["zh"]["name"] == "Chinese" and rows["es"]["name"] == "Spanish"
    assert rows["zh"]["words"] == (sum(ch.isalpha() for ch in ZH_SPEECH + ZH_NARRATION) + 1) // 2
    assert rows["ru"]["words"] == 2 * len(RU_SPEECH.split()) + len(RU_NARRATION.split())
    assert rows["unknown"]["documents"] == 1 and rows["ru"]["share"] == "33%"
    assert analysis.languages_table(_articles().iloc[0:0]).empty


def test_translations_read_the_parallel_id_from_the_extra_metadata():
    found = analysis.translations(_articles())
    assert list(found["id"]) == ["es1", "en1", "x1"]
    rows = found.set_index("id")
    assert rows.loc["es1", "parallel_language"] == "en" and rows.loc["en1", "parallel_language"] == "es"
    assert pd.isna(rows.loc["x1", "parallel_language"]) and rows.loc["x1", "translated_from"] == "fr"
    summary = analysis.translation_summary(found)
    by = {(r["language"], r["other_language"]): r for r in summary.to_dict("records")}
    assert by[("en", "es")]["pairs"] == 1 and by[("es", "en")]["pairs"] == 0  # a pair counted once
    assert by[("en", "es")]["parallel_in_corpus"] == 1 and by[("es", "en")]["parallel_named"] == 1
    assert by[("unknown", "(not in corpus)")]["parallel_named"] == 1
    assert by[("unknown", "fr")]["translated"] == 1


def test_unreadable_extra_metadata_is_no_translation():
    arts = _articles().assign(extra=["not json", None, "[1, 2]", "{}", "{}", "{}"])
    assert list(analysis.translations(arts)["id"]) == ["x1"]


# --------------------------------------------------------------------------- themes by language and outlet


def test_theme_shares_by_language_and_outlet():
    t = _tables()
    shares = analysis.theme_shares(t["doc_themes"], t["articles"], by=("language",))
    wo = shares[shares["theme"] == "world_order"].set_index("language")
    assert wo.loc["ru", "documents"] == 2 and wo.loc["ru", "with_theme"] == 1 and wo.loc["ru", "share"] == 0.5
    assert wo.loc["zh", "share"] == 1.0 and wo.loc["unknown", "with_theme"] == 0
    both = analysis.theme_shares(t["doc_themes"], t["articles"])
    assert {"language", "outlet"} <= set(both.columns)
    kremlin = both[(both["outlet"] == "Kremlin") & (both["theme"] == "world_order")]
    assert list(kremlin["share"]) == [0.0]
    table = analysis.theme_share_table(shares, {"world_order": "World order"})
    assert table.set_index("language").loc["ru", "World order"] == "50%"


def test_world_order_hits_per_thousand_words_by_language():
    t = _tables()
    rates = analysis.theme_rates(t["theme_hits"], t["articles"], theme="world_order").set_index("language")
    ru_words = 2 * len(RU_SPEECH.split()) + len(RU_NARRATION.split())
    assert rates.loc["ru", "hits"] == 2 and rates.loc["ru", "per_1000_words"] == round(2000 / ru_words, 2)
    zh_words = (len(ZH_SPEECH) + len(ZH_NARRATION) - 3 + 1) // 2  # the characters but "，", "。", "。"
    assert rates.loc["zh", "per_1000_words"] == round(1000 / zh_words, 2)
    assert rates.loc["ru", "documents_with_hits"] == 1 and rates.loc["en", "hits"] == 0
    assert list(rates.index)[0] != "en"  # the most frequent first
    assert analysis.theme_rates(t["theme_hits"], t["articles"].iloc[0:0]).empty


# --------------------------------------------------------------------------- each side on the other


def test_the_russian_side_on_china_in_russian_and_the_mirror_in_chinese():
    t = _tables()
    ru = analysis.side_statements(t["sentences"], t["statements"], t["mentions"], t["articles"],
                                  "ru", "Russia", "China")
    assert list(ru["speaker"]) == ["Vladimir Putin"]  # a speaker on no side is left out
    assert ru.iloc[0]["statement"] == "Китай является нашим надёжным партнёром"
    assert ru.iloc[0]["sentence"] == RU_SPEECH and ru.iloc[0]["date"] == "2023-03-21"
    both = analysis.mirror_statements(t["sentences"], t["statements"], t["mentions"], t["articles"])
    assert list(both["language"]) == ["ru", "zh"] and list(both["speaker"]) == ["Vladimir Putin", "Wang Yi"]
    assert list(both.columns) == ["language", "speaker", "kind", "date", "doc_id", "statement", "sentence"]
    assert analysis.mirror_statements(t["sentences"], t["statements"], t["mentions"], t["articles"],
                                      kinds=("quote",)).empty


def test_a_statement_not_naming_the_other_side_is_left_out():
    t = _tables()
    no_china = t["mentions"][t["mentions"]["actor"] != "China"]
    ru = analysis.side_statements(t["sentences"], t["statements"], no_china, t["articles"], "ru", "Russia", "China")
    assert ru.empty
    zh_in_ru = analysis.side_statements(t["sentences"], t["statements"], t["mentions"], t["articles"],
                                        "ru", "China", "Russia")
    assert zh_in_ru.empty  # Wang Yi speaks in Chinese, not in Russian


# --------------------------------------------------------------------------- figures and tables shown


def test_figures_by_language_are_labelled_in_their_own_script():
    t = _tables()
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*[Gg]lyph .* missing from font")
        if plots.cjk_font() is None:
            warnings.filterwarnings("ignore", message=r".*[Gg]lyph .* missing from font")
        fig = plots.theme_shares(analysis.theme_shares(t["doc_themes"], t["articles"]), {"world_order": "World order"})
        assert fig.axes[0].get_title() and fig.axes[0].get_xlabel() and fig.axes[0].get_ylabel()
        labels = [x.get_text() for x in fig.axes[0].get_yticklabels()]
        assert any("Первый канал" in x for x in labels) and any("新华社" in x for x in labels)
        fig.savefig(__import__("io").BytesIO(), format="png")
        rates = plots.theme_rates(analysis.theme_rates(t["theme_hits"], t["articles"], by=("language", "outlet")))
        assert rates.axes[0].get_xlabel() and rates.axes[0].get_ylabel()
        rates.savefig(__import__("io").BytesIO(), format="png")
    assert plots.theme_rates(analysis.theme_rates(t["theme_hits"].iloc[0:0], t["articles"])) is None
    assert plots.theme_shares(analysis.theme_shares(t["doc_themes"].iloc[0:0], t["articles"])) is None


def test_side_by_side_tables_escape_the_text():
    left = pd.DataFrame({"statement": ["<b>Китай</b>"]})
    html = display.side_by_side([("Russia <on> China", left, "none"), ("China on Russia", left.iloc[0:0], "无")])
    assert "&lt;b&gt;Китай&lt;/b&gt;" in html and "<b>" not in html
    assert "Russia &lt;on&gt; China" in html and "无" in html


@pytest.mark.parametrize("value, ok", [(None, True), (["ru", "zh"], True), ("es", True), (["RU"], True),
                                       (["russian"], False), (["xx"], False), ([], False), (5, False),
                                       (["ru", "ru"], False), (["ru", 3], False)])
def test_the_languages_parameter(value, ok):
    from helpers.output import params

    found, _ = params.problems({"languages": value}, paths=False)
    assert (not found) == ok, found
    if not ok:
        assert "languages" in found[0]


def test_the_loading_line_says_how_many_documents_the_languages_keep():
    from types import SimpleNamespace

    stats = SimpleNamespace(documents=6, problems=1)
    kept = analysis.in_languages(_tables(), ["ru", "zh"])
    line = analysis.describe_update(stats, kept, ["ru", "zh"])
    assert line.startswith("6 documents in the corpus, 1 loading problem;")
    assert "Analysed below: 3 documents in ru, zh" in line
    assert "Analysed below" not in analysis.describe_update(stats, kept, None)
