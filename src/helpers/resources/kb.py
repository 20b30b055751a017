"""The knowledge base of actors: canonical names, types, aliases, roles with dates, Wikidata ids.

It ships as YAML (`data/actors.yaml`); users can pass their own file of the same shape:

    - name: Xi Jinping
      type: person
      wikidata: Q15031
      country: China
      side: China
      aliases: [Xi Jinping, Xi, President Xi]
      roles:
        - {title: Chinese president, from: 2013-03-14, to: null}

Aliases are matched case-sensitively on token boundaries ("US" is not "us"); role titles are
matched case-insensitively, with or without a leading "the", and resolve to whoever held the
role on the document's date. A title may name another actor of the file in braces, which stands
for each of that actor's `formal_names` ("Prime Minister of the {Russia}" is "Prime Minister of
the Russian Federation"), so an office is written once however many formal names a state has. `side` names the state (a `state` entry of the same file) whose side
of the China-Russia relationship an actor stands on; actors of neither side leave it out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpers.config import ACTORS_FILE
from helpers.resources.files import read_cached, text_digest

# YAML's safe loader, in C where PyYAML was built with libyaml, since the pure-Python one is slow on large files.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ACTOR_TYPES = {"person", "state", "organisation", "programme"}


@dataclass(frozen=True)
class Role:
    """A title held by a person between two dates (`to` None: still held)."""

    title: str
    start: dt.date | None
    end: dt.date | None

    def held_on(self, day: dt.date | None) -> bool:
        """Whether the role was held on `day` (any day when `day` is unknown and the role is current)."""
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class Actor:
    """One canonical actor."""

    name: str
    type: str
    wikidata: str | None = None
    country: str | None = None
    side: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    formal_names: list[str] = field(default_factory=list)


@dataclass
class KnowledgeBase:
    """Actors by canonical name, with alias and role indexes."""

    actors: dict[str, Actor]
    digest: str

    def alias_index(self) -> dict[str, str]:
        """Alias (as written) -> canonical name; the canonical name is an alias of itself."""
        index: dict[str, str] = {}
        for actor in self.actors.values():
            for alias in [actor.name, *actor.aliases]:
                index.setdefault(alias, actor.name)
        return index

    def role_index(self) -> dict[str, list[tuple[Role, str]]]:
        """Lower-cased role title -> [(role, canonical name)] (built once)."""
        if getattr(self, "_roles", None) is not None:
            return self._roles
        index: dict[str, list[tuple[Role, str]]] = {}
        for actor in self.actors.values():
            for role in actor.roles:
                index.setdefault(role.title.lower(), []).append((role, actor.name))
        self._roles = index
        return index

    def resolve_role(self, title: str, day: dt.date | None) -> str | None:
        """The person who held `title` on `day`, or None when nobody (or several) did."""
        holders = {name for role, name in self.role_index().get(title.lower(), []) if role.held_on(day)}
        return holders.pop() if len(holders) == 1 else None

    def sides(self) -> dict[str, str]:
        """Actor -> the side it stands on, for the actors that have one."""
        return {name: actor.side for name, actor in self.actors.items() if actor.side}

    def side(self, state: str) -> frozenset[str]:
        """The actors on `state`'s side (the state itself included when it is marked)."""
        return frozenset(name for name, actor in self.actors.items() if actor.side == state)

    def type_of(self, name: str) -> str | None:
        """The type of a canonical actor, or None if unknown."""
        actor = self.actors.get(name)
        return actor.type if actor else None


def _date(value, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value)
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError(f"{where}: unreadable date {value!r} (use YYYY-MM-DD)")


def _side(value, where: str) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{where}: side {value!r} should be the name of a state")
    return value


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def _expand_titles(actors: dict[str, Actor], source: str) -> None:
    """Replace each role whose title names an actor in braces by one role per formal name of that actor."""
    for name, actor in actors.items():
        roles = []
        for role in actor.roles:
            found = _PLACEHOLDER.search(role.title)
            if found is None:
                roles.append(role)
                continue
            other = actors.get(found.group(1))
            if other is None or not other.formal_names:
                raise ValueError(f"{source} ({name}): title {role.title!r} names {found.group(1)!r}, "
                                 f"which is not an actor of this file with formal_names")
            roles.extend(Role(role.title[:found.start()] + formal + role.title[found.end():], role.start, role.end)
                         for formal in other.formal_names)
        actor.roles = roles


def parse_kb(text: str, source: str = "<string>") -> KnowledgeBase:
    """Parse knowledge-base YAML (safe loader) and check its shape; errors name the entry."""
    data = yaml.load(text, Loader=SAFE_LOADER)
    if not isinstance(data, list):
        raise ValueError(f"{source}: expected a list of actors")
    actors: dict[str, Actor] = {}
    for i, entry in enumerate(data, 1):
        where = f"{source}: entry {i}"
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ValueError(f"{where}: each actor needs a name")
        name = str(entry["name"])
        kind = entry.get("type")
        if kind not in ACTOR_TYPES:
            raise ValueError(f"{where} ({name}): type {kind!r} not one of {sorted(ACTOR_TYPES)}")
        if name in actors:
            raise ValueError(f"{where}: {name} appears twice")
        roles = []
        for r in entry.get("roles") or []:
            if not isinstance(r, dict) or not r.get("title"):
                raise ValueError(f"{where} ({name}): each role needs a title")
            roles.append(Role(str(r["title"]), _date(r.get("from"), where), _date(r.get("to"), where)))
        actors[name] = Actor(
            name=name,
            type=kind,
            wikidata=entry.get("wikidata"),
            country=entry.get("country"),
            side=_side(entry.get("side"), f"{where} ({name})"),
            aliases=[str(a) for a in entry.get("aliases") or []],
            roles=roles,
            formal_names=[str(a) for a in entry.get("formal_names") or []],
        )
    _expand_titles(actors, source)
    states = {name for name, actor in actors.items() if actor.type == "state"}
    for name, actor in actors.items():
        if actor.side is not None and actor.side not in states:
            raise ValueError(f"{source} ({name}): side {actor.side!r} is not a state of this file")
    return KnowledgeBase(actors, text_digest(text))


def load_kb(path: str | Path | None = None) -> KnowledgeBase:
    """Load the knowledge base from YAML (the shipped one by default)."""
    return read_cached(parse_kb, path or ACTORS_FILE)
