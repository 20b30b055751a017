"""Document metadata: YAML front matter and sidecars read safely, and dates parsed."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:  # pandas is imported where a DataFrame is made
    pass

class _MetaLoader(yaml.SafeLoader):
    """The safe YAML loader, but dates stay text, so impossible ones ("2023-13-45") are kept raw."""


_MetaLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))

# Metadata larger than this many values (after YAML aliases are followed) is refused: a few
# lines of aliases can otherwise stand for billions of values.
MAX_META_NODES = 10_000


def load_metadata_yaml(text: str) -> dict:
    """Parse document metadata YAML safely; raise ValueError (with the reason) if unusable."""
    try:
        meta = yaml.load(text, Loader=_MetaLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        raise ValueError(f"not valid YAML ({first_line(e)})") from e
    except (ValueError, TypeError, RecursionError) as e:
        raise ValueError(f"not valid YAML ({type(e).__name__}: {e})") from e
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ValueError(f"not a mapping but a {type(meta).__name__}")
    if _too_many_nodes(meta):
        raise ValueError(f"more than {MAX_META_NODES:,} values once its aliases are followed")
    return {str(k): v for k, v in meta.items()}


def first_line(e: Exception) -> str:
    return (str(e).splitlines() or [type(e).__name__])[0]


def _too_many_nodes(value, limit: int = MAX_META_NODES) -> bool:
    """Whether a parsed YAML value holds more than `limit` values (shared aliases counted each time)."""
    stack, seen = [value], 0
    while stack:
        v = stack.pop()
        seen += 1
        if seen > limit:
            return True
        if isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, (list, tuple, set)):
            stack.extend(v)
    return False


_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?=[T ]|$)")


def parse_date(value) -> tuple[str | None, str | None]:
    """Return (ISO date or None, problem message or None) for a metadata date."""
    if value is None or value == "":
        return None, None
    if type(value) is str:  # a corpus repeats its dates: each text read once (`_parse_date_text`)
        return _parse_date_text(value)
    return _parse_date(value)


@lru_cache(maxsize=4096)
def _parse_date_text(value: str) -> tuple[str | None, str | None]:
    """`parse_date` of a text, kept for the next document with the same date."""
    return _parse_date(value)


def _parse_date(value) -> tuple[str | None, str | None]:
    """`parse_date` of a value that is not empty."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    text = str(value).strip()
    day = _ISO_DAY.match(text)
    if day:  # the usual form, read without strptime (ten times slower)
        try:
            return dt.date(*map(int, day.groups())).isoformat(), None
        except ValueError:
            pass  # an impossible day: the formats say so
    found = date_by_formats(text)
    if found:
        return found, None
    return None, f"impossible or unreadable date {text!r}; kept raw, date set to null"


def date_by_formats(text: str) -> str | None:
    """The ISO date of a day, a month or a year written as in ISO 8601 (a time may follow a day), or None."""
    for fmt, n in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            d = dt.datetime.strptime(text[:n], fmt)
        except ValueError:
            continue
        if len(text) == n or (n == 10 and text[10:11] in ("T", " ")):
            return d.date().isoformat()
    return None


def front_matter(text: str) -> tuple[dict, int, str | None]:
    """Split YAML front matter: (metadata, offset where the body starts, problem or None)."""
    start = 1 if text.startswith("\ufeff") else 0
    if not text.startswith("---", start):
        return {}, 0, None
    first_nl = text.find("\n", start)
    if first_nl < 0 or text[start:first_nl].strip() != "---":
        return {}, 0, None
    end = text.find("\n---", first_nl)
    if end < 0:
        return {}, 0, "front matter opened with --- but never closed; read as text"
    close_nl = text.find("\n", end + 4)
    body = len(text) if close_nl < 0 else close_nl + 1
    try:
        meta = load_metadata_yaml(text[first_nl + 1 : end])
    except ValueError as e:
        return {}, body, f"front matter is {e}; ignored (the text after it is loaded)"
    return meta, body, None
