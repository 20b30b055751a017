"""Language packs: what the annotator needs to read a language other than English.

One YAML file per language (`data/languages/<code>.yaml`), replaceable like the codebook:

    code: ru
    name: Russian
    actors:                     # canonical names of the knowledge base -> forms in this language
      Vladimir Putin:
        aliases: [Путин, Владимир Путин, В.Путин]
        roles:
          - {title: Президент России, from: 2000-05-07, to: 2008-05-07}
    speech: [заявить, сказать, подчеркнуть]   # verbs and nouns of saying (as the language's matcher reads them;
                                              # "afirm*": every word beginning with the stem)
    not_speech: [считать, обсудить]           # thought and topic, never a cue
    according_to: [по словам]                 # cues the speaker follows ("according to X")
    quote_marks: [["«", "»"], ["„", "“"]]
    interviewer_labels: [Вопрос]              # an unnamed questioner's label
    reporter_suffixes: []                     # "总台央视记者" -> the outlet "总台央视"
    pronouns: [он, она]                       # subjects that stand for the last named speaker
    complementizers: [что]                    # "said that": between a cue and its content
    months: {января: 1}
    scales: {млрд: 1.0e9}
    currencies: {долларов: USD}
    words:                      # named word lists the language's room reads, each for one rule
      # a sentence opening with these reports the previous one ("Об этом заявил Лавров")
      points_back: [об этом, о том]
    word_maps:                  # named mappings of words, each for one rule (here from zh.yaml)
      paired_states: {中: China, 俄: Russia}    # "中俄" names China and Russia

`words` maps a name to a list of words (phrases may hold spaces), `word_maps` a name to a mapping
of words to words; the shipped packs say what each entry is for in a comment above it. An entry
that is not a list of words (or a mapping of words to words) is refused with an error naming the
file and the entry. A list a pack lacks is empty (the rule it feeds finds nothing), except where a
room cannot work without it: then the room stops with an error naming the pack's file and the
missing entry (`LanguagePack.word_list(name, required=True)`).

Actor names must be canonical names of the knowledge base the annotator uses; names it does not
hold are left out (a user's own knowledge base may hold fewer actors).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpers.config import LANGUAGES_DIR
from helpers.resources.files import read_cached, text_digest
from helpers.resources.kb import SAFE_LOADER, Role, _date

# The list-valued fields of a pack, each a list of strings.
WORD_LISTS = ("speech", "not_speech", "according_to", "interviewer_labels", "reporter_suffixes", "pronouns",
              "title_words", "complementizers")


@dataclass
class LanguagePack:
    """One language's names, cues, marks and number words (see the module's docstring)."""

    code: str
    name: str
    aliases: dict[str, str] = field(default_factory=dict)             # form -> canonical actor
    roles: dict[str, list[tuple[Role, str]]] = field(default_factory=dict)  # title -> [(role, actor)]
    speech: tuple[str, ...] = ()
    not_speech: tuple[str, ...] = ()
    according_to: tuple[str, ...] = ()
    interviewer_labels: tuple[str, ...] = ()
    reporter_suffixes: tuple[str, ...] = ()
    pronouns: tuple[str, ...] = ()
    title_words: tuple[str, ...] = ()
    complementizers: tuple[str, ...] = ()
    quote_marks: tuple[tuple[str, str], ...] = ()
    months: dict[str, int] = field(default_factory=dict)
    scales: dict[str, float] = field(default_factory=dict)
    currencies: dict[str, str] = field(default_factory=dict)
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)     # name -> a list of words
    word_maps: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> word -> word
    digest: str = ""
    source: str = "<string>"                                            # the file the pack was read from

    def word_list(self, name: str, required: bool = False) -> tuple[str, ...]:
        """The pack's word list `name`; empty where the pack lacks it, unless `required`."""
        if name not in self.words and required:
            raise ValueError(f"{self.source}: words: no entry {name!r} (the {self.name} room needs it)")
        return self.words.get(name, ())

    def word_map(self, name: str, required: bool = False) -> dict[str, str]:
        """The pack's mapping of words `name`; empty where the pack lacks it, unless `required`."""
        if name not in self.word_maps and required:
            raise ValueError(f"{self.source}: word_maps: no entry {name!r} (the {self.name} room needs it)")
        return self.word_maps.get(name, {})

    def resolve_role(self, title: str, day) -> str | None:
        """The actor who held `title` (as listed) on `day`, or None when nobody or several did."""
        holders = {name for role, name in self.roles.get(title, []) if role.held_on(day)}
        return holders.pop() if len(holders) == 1 else None


def _strings(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise ValueError(f"{where}: expected a list of words")
    return tuple(str(v) for v in value)


def _mapping(value, where: str, kind) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected a mapping")
    try:
        return {str(k): kind(v) for k, v in value.items()}
    except (TypeError, ValueError) as e:
        raise ValueError(f"{where}: {e}") from None


def _named_lists(value, where: str) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected a mapping of names to lists of words")
    out = {}
    for name, words in value.items():
        if not isinstance(words, list):
            raise ValueError(f"{where}: {name}: expected a list of words")
        out[str(name)] = _strings(words, f"{where}: {name}")
    return out


def _named_maps(value, where: str) -> dict[str, dict[str, str]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected a mapping of names to mappings of words")
    out = {}
    for name, words in value.items():
        if not isinstance(words, dict) or not all(isinstance(v, (str, int)) for v in words.values()):
            raise ValueError(f"{where}: {name}: expected a mapping of words to words")
        out[str(name)] = {str(k): str(v) for k, v in words.items()}
    return out


def parse_language_pack(text: str, source: str = "<string>") -> LanguagePack:
    """Parse a language pack (safe loader) and check its shape; errors name the file and the field."""
    data = yaml.load(text, Loader=SAFE_LOADER)
    if not isinstance(data, dict) or not data.get("code"):
        raise ValueError(f"{source}: expected a mapping with a language `code`")
    pack = LanguagePack(code=str(data["code"]), name=str(data.get("name") or data["code"]), digest=text_digest(text),
                        source=str(source))
    for key in WORD_LISTS:
        setattr(pack, key, _strings(data.get(key), f"{source}: {key}"))
    marks = data.get("quote_marks") or []
    if not all(isinstance(m, list) and len(m) == 2 and all(isinstance(x, str) and x for x in m) for m in marks):
        raise ValueError(f"{source}: quote_marks: expected pairs [open, close]")
    pack.quote_marks = tuple((m[0], m[1]) for m in marks)
    pack.months = _mapping(data.get("months"), f"{source}: months", int)
    pack.scales = _mapping(data.get("scales"), f"{source}: scales", float)
    pack.currencies = _mapping(data.get("currencies"), f"{source}: currencies", str)
    pack.words = _named_lists(data.get("words"), f"{source}: words")
    pack.word_maps = _named_maps(data.get("word_maps"), f"{source}: word_maps")
    actors = data.get("actors") or {}
    if not isinstance(actors, dict):
        raise ValueError(f"{source}: actors: expected canonical name -> {{aliases, roles}}")
    for name, entry in actors.items():
        where = f"{source}: actors: {name}"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: expected {{aliases: [...], roles: [...]}}")
        for alias in _strings(entry.get("aliases"), f"{where}: aliases"):
            pack.aliases.setdefault(alias, str(name))
        for r in entry.get("roles") or []:
            if not isinstance(r, dict) or not r.get("title"):
                raise ValueError(f"{where}: each role needs a title")
            role = Role(str(r["title"]), _date(r.get("from"), where), _date(r.get("to"), where))
            pack.roles.setdefault(role.title, []).append((role, str(name)))
    return pack


def pack_path(code: str, folder: str | Path | None = None) -> Path:
    """The file of language `code`'s pack in `folder` (the shipped packs by default)."""
    return Path(folder or LANGUAGES_DIR) / f"{code}.yaml"


def available_languages(folder: str | Path | None = None) -> list[str]:
    """The codes of the languages a folder of packs holds (the shipped ones by default)."""
    return sorted(p.stem for p in Path(folder or LANGUAGES_DIR).glob("*.yaml"))


def load_language_pack(code: str, folder: str | Path | None = None) -> LanguagePack:
    """Language `code`'s pack, parsed once per version of its file."""
    path = pack_path(code, folder)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no language pack for {code!r} "
                                f"(available: {', '.join(available_languages(folder)) or 'none'})")
    return read_cached(parse_language_pack, path)
