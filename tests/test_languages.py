"""Language packs and the choice of a room by a document's language."""

from __future__ import annotations

import json

import pytest

from helpers.annotate import Annotator
from helpers.annotate.languages import language_code
from helpers.load import load
from helpers.resources.languages import available_languages, load_language_pack, parse_language_pack


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
