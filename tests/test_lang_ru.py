"""The Russian room: names in their cases, role titles by date, turns, quotations, reported speech,
dates and figures, on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.annotate import Annotator
from helpers.annotate.quotes import annotated_text


@pytest.fixture(scope="module")
def annotator():
    return Annotator()


@pytest.fixture(scope="module")
def room(annotator):
    return annotator.room_of({"language": "ru"})


def statements(room, body, title="Новости", day=dt.date(2024, 5, 20)):
    """The room's statements of a document with `title` and `body`."""
    text, body_at = annotated_text(title, body)
    sents = room.sentences(text)
    return room.statements(text, body_at, sents, room.mentions(text, day))


def one(rows, kind):
    found = [r for r in rows if r["kind"] == kind]
    assert len(found) == 1, rows
    return found[0]


def test_aliases_in_inflected_and_contracted_forms(room):
    text = "Встреча Путина с Си Цзиньпином сблизила Пекин с Москвой. В.Путин и Лавровым были довольны Пекином."
    actors = {m["actor"] for m in room.mentions(text, dt.date(2024, 5, 20))}
    assert {"Vladimir Putin", "Xi Jinping", "Russia", "Sergey Lavrov", "China"} <= actors


def test_role_titles_resolved_by_the_date(room):
    text = "Министр иностранных дел КНР прибыл в Москву."
    before = {m["actor"] for m in room.mentions(text, dt.date(2020, 1, 10)) if m["via"] == "role"}
    after = {m["actor"] for m in room.mentions(text, dt.date(2024, 1, 10)) if m["via"] == "role"}
    assert after == {"Wang Yi"} and "Wang Yi" not in before
    held = room.mentions("Глава российского МИДа ответил Пекину.", dt.date(2024, 1, 10))
    assert {m["actor"] for m in held} >= {"Sergey Lavrov", "Russia", "China"}


def test_quotation_marks_of_the_language(room):
    rows = statements(room, "Песков сказал: «Мы готовы к переговорам без всяких предварительных условий».\n\n"
                            "Позже он добавил „ничего нового тут нет, все останется как было“.")
    quotes = [r for r in rows if r["kind"] == "quote"]
    assert [q["text"][:10] for q in quotes] == ["Мы готовы ", "ничего нов"]
    assert {q["speaker"] for q in quotes} == {"Dmitry Peskov"}


def test_transcript_turns_with_a_known_speaker_and_an_interviewer(room):
    body = ("Вопрос: Как вы оцениваете итоги года?\n\n"
            "В.Путин: Итоги года в целом хорошие, хотя трудностей было много.\n\n"
            "Н.Смирнова: А что будет дальше с экономикой?\n\n"
            "В.Путин: Будем работать.")
    rows = [r for r in statements(room, body, title="Интервью газете «Северный вестник»") if r["kind"] == "turn"]
    assert [r["speaker"] for r in rows] == ["Северный вестник", "Vladimir Putin", "Н.Смирнова", "Vladimir Putin"]
    assert rows[1]["text"].startswith("Итоги года в целом хорошие")
    plain = [r for r in statements(room, "Вопрос: Когда начнется стройка?\n\nВ.Путин: Скоро.") if r["kind"] == "turn"]
    assert [r["speaker"] for r in plain] == ["Вопрос", "Vladimir Putin"]


def test_a_headline_with_a_colon_is_reported_speech(room):
    title = "Сергей Лавров: переговоры с партнерами идут по плану"
    rows = statements(room, title + "\n\nМинистр выступил в Москве.", title=title)
    assert [(r["kind"], r["speaker"]) for r in rows] == [("indirect", "Sergey Lavrov")] * 2


def test_reported_speech_with_a_verb_of_saying(room):
    r = one(statements(room, "Глава российского МИДа заявил журналистам, что визит пройдет в начале лета."),
            "indirect")
    assert r["speaker"] == "Sergey Lavrov" and r["text"].startswith("визит пройдет в начале лета")
    r = one(statements(room, "Переговоры были очень полезными, — заявил в Пекине Дмитрий Песков."), "indirect")
    assert r["speaker"] == "Dmitry Peskov" and r["text"].startswith("Переговоры были очень полезными")


def test_the_previous_sentence_is_reported_by_ob_etom(room):
    rows = statements(room, "Россия готова увеличить поставки зерна в страны Азии. "
                            "Об этом во вторник в Астане заявил глава МИД России Сергей Лавров.")
    r = one(rows, "indirect")
    assert r["speaker"] == "Sergey Lavrov" and r["text"].startswith("Россия готова увеличить поставки")


def test_according_to_names_a_person_or_a_group(room):
    r = one(statements(room, "По словам Пескова, встреча лидеров состоится осенью."), "indirect")
    assert r["speaker"] == "Dmitry Peskov" and r["text"].startswith("встреча лидеров состоится")
    r = one(statements(room, "По словам экономистов, цены на нефть вырастут к зиме."), "indirect")
    assert r["speaker"] == "экономисты" and r["text"].startswith("цены на нефть")


def test_a_pronoun_or_dropped_subject_stands_for_the_last_speaker(room):
    rows = statements(room, "Владимир Путин прибыл в Казань на форум. Он подчеркнул, что сотрудничество "
                            "с партнерами будет расширяться. Также отметил, что новые проекты уже готовы.")
    ind = [r for r in rows if r["kind"] == "indirect"]
    assert [r["speaker"] for r in ind] == ["Vladimir Putin", "Vladimir Putin"]
    assert ind[1]["text"].startswith("новые проекты уже готовы")


def test_thought_topic_participles_and_the_reporters_voice_are_not_speech(room):
    for body in ("Лавров считает, что переговоры зашли в тупик на долгое время.",
                 "Лидеры обсудили, что делать с поставками газа в Европу зимой.",
                 "В документе было заявлено, что границы останутся закрытыми до весны.",
                 "Напомню, что саммит пройдет в Казани уже в октябре этого года.",
                 "Ирак отмечает годовщину окончания войны большим парадом в столице."):
        assert [r for r in statements(room, body) if r["kind"] == "indirect"] == [], body


def test_a_scare_quote_or_a_name_has_no_speaker(room):
    rows = statements(room, "Путин заявил, что компания «Северный ветер» построит завод. "
                            "Эксперты называют это «новой нормой».")
    quotes = [r for r in rows if r["kind"] == "quote"]
    assert [q["speaker"] for q in quotes] == [None, None]


def test_dates_resolved_against_the_document_date(room):
    found = room.dates("Саммит пройдет 12 марта, а договор подписан 5 июня 2019 года. Итоги подведут в декабре.",
                       dt.date(2024, 5, 20))
    assert [d["date"] for d in found] == ["2024-03-12", "2019-06-05", None]
    assert room.dates("Встреча прошла 30 декабря.", dt.date(2024, 1, 5))[0]["date"] == "2023-12-30"


def test_figures_with_scale_words_and_currencies(room):
    found = room.figures("Товарооборот достиг 240 млрд долларов, рост на 26,3%, а кредит составил "
                         "1,5 трлн рублей и 300 млн юаней.")
    assert [(f["value"], f["unit"]) for f in found] == [(240e9, "USD"), (26.3, "%"), (1.5e12, "RUB"), (300e6, "CNY")]


def test_a_russian_document_goes_through_the_annotator(annotator):
    article = {"id": "ru-test-1", "title": "Путин и Си Цзиньпин провели переговоры", "language": "ru",
               "date": "2024-05-16", "source": "test", "line": 1,
               "text": "Президент России Владимир Путин провел переговоры с председателем КНР в Пекине. "
                       "«Отношения наших стран находятся на наивысшем уровне за всю историю», — сказал Путин. "
                       "Си Цзиньпин отметил, что стороны будут расширять торговлю в национальных валютах. "
                       "Товарооборот в прошлом году превысил 240 млрд долларов."}
    out = annotator.annotate(article)
    actors = {m["actor"] for m in out["mentions"]}
    assert {"Vladimir Putin", "Xi Jinping", "Russia", "China"} <= actors
    said = {(s["kind"], s["speaker"], s["text"][:12]) for s in out["statements"]}
    assert ("quote", "Vladimir Putin", "Отношения на") in said
    assert ("indirect", "Xi Jinping", "стороны буду") in said
    assert any(f["value"] == 240e9 for f in out["figures"])


def actors_of(room, text, day=dt.date(2024, 5, 20)):
    return {m["actor"] for m in room.mentions(text, day)}


@pytest.mark.parametrize("text, expected", [
    ("Российско-китайская торговля растёт третий год подряд.", {"Russia", "China"}),
    ("Стороны подписали китайско-российское заявление о дружбе.", {"China", "Russia"}),
    ("Историки вспомнили русско-японскую войну.", {"Russia", "Japan"}),
    ("Американо-российский диалог по стратегической стабильности заморожен.", {"United States", "Russia"}),
    ("Франко-германский союз остаётся опорой Европы.", {"France", "Germany"}),
    ("Эксперт обсудил российско-китайско-индийский формат.", {"Russia", "China", "India"}),
])
def test_each_part_of_a_compound_adjective_names_its_state(room, text, expected):
    assert actors_of(room, text) == expected


def test_hyphenated_words_that_are_no_compound_of_states_name_no_one(room):
    assert actors_of(room, "Кто-то сказал, что военно-морской флот и торгово-экономические связи важны.") == set()


def test_a_capital_as_the_place_of_an_event_is_not_its_state(room):
    assert actors_of(room, "Концерт пройдёт в Пекине в субботу.") == set()
    assert actors_of(room, "Выставка открылась в Китай-городе у Москва-реки.") == set()


def test_a_capital_speaking_for_its_state_is_kept(room):
    assert actors_of(room, "В Пекине заявили, что готовы к диалогу.") == {"China"}
    assert actors_of(room, "Москва ответила на ноту.") == {"Russia"}
    assert actors_of(room, "Делегация прибыла в Москву.") == {"Russia"}
