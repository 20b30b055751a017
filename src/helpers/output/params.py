"""The notebooks' parameters: names, types and values checked before anything runs.

Papermill only warns about a parameter a notebook does not have, and a typo in the parameters
cell (`max_article = 5`) would otherwise pass silently. Every notebook calls `check(globals())`
first thing in its imports cell, so a bad parameter stops the run there with a message that
lists what is valid. `problems` is the same check on a plain dict (the report uses it before
running anything).
"""

from __future__ import annotations

import ast
import difflib
import os
import re
import types
from collections.abc import Iterable, Mapping
from pathlib import Path

from helpers.analysis import language_codes, language_name, store_path
from helpers.config import resolve
from helpers.output.display import lab_paths
from helpers.resources.codebook import load_codebook

# The standard parameters, in the order of the parameters cell, with what each accepts.
STANDARD: dict[str, str] = {
    "corpus": "a file, a folder, or a list of them (str or list of str)",
    "store": "the DuckDB file that keeps the annotations (str)",
    "codebook": "None, or a codebook YAML file (str)",
    "actors": "None, or a knowledge-base YAML file (str)",
    "lexicons": "None, or a lexicons YAML file: the English words of saying and the word lists of the analyses (str)",
    "since": 'None, or a date "YYYY-MM-DD" ("YYYY" and "YYYY-MM" also work)',
    "until": 'None, or a date "YYYY-MM-DD" ("YYYY" and "YYYY-MM" also work)',
    "article_id": "None, or the id of a document of the corpus (str or int)",
    "max_articles": "None, or a whole number of documents, at least 1 (int)",
    "theme": "None, or the id of a theme of the codebook (str)",
    "languages": 'None for every language, or two-letter ISO 639-1 codes of the documents to keep, '
                 'such as ["ru", "zh"] (list of str)',
}
# Parameters some notebooks have beyond the standard ones: accepted wherever they are given.
OPTIONAL: dict[str, str] = {
    "annotations": "None, or the analysts' folder (or file) of codes and corrections (str); it need not exist yet",
    "statement_kinds": 'None for every statement, or the kinds to keep, of "quote", "turn" and "indirect" (list of str)',
}
KNOWN = {**STANDARD, **OPTIONAL}
# Names IPython puts in a notebook's globals that are not parameters.
IPYTHON_NAMES = {"In", "Out", "exit", "quit", "get_ipython"}
STATEMENT_KINDS = ("quote", "turn", "indirect")
CORPUS_KINDS = ".txt .md .jsonl .csv .html files, an *_ids.txt id list, a folder, or a list of them"
DATE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")


class ParameterError(ValueError):
    """A notebook parameter that is unknown, of the wrong type, or names nothing valid."""


class MissingPathError(ParameterError, FileNotFoundError):
    """A parameter naming a file or folder that does not exist."""


# --------------------------------------------------------------------------- helpers


def _is_literal(value) -> bool:
    """Whether `value` is what a parameters cell can hold: None, bool, number, text, or lists/dicts of them."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_literal(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_literal(v) for k, v in value.items())
    return False


def _literal_cell(source: str) -> set[str] | None:
    """The names a cell of plain literal assignments alone assigns (a parameters cell); None for any other cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    names: set[str] = set()
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets)):
            return None
        try:
            ast.literal_eval(node.value)
        except ValueError:
            return None
        names.update(t.id for t in node.targets)
    return names or None


def candidate_names(namespace: Mapping) -> dict:
    """The names of a notebook's globals that look like parameters, with their values.

    Those are plain literal values, not modules, functions, IPython's own names or names starting
    with an underscore. In a kernel (IPython's input history `In` is there), only the names
    assigned by cells made of literal assignments alone count, so re-running the imports cell
    after later cells have set `labels = ...` or `claim_id = ...` does not mistake those for
    parameters.
    """
    out = {}
    for name, value in namespace.items():
        if name.startswith("_") or name in IPYTHON_NAMES:
            continue
        if isinstance(value, (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type)):
            continue
        if _is_literal(value):
            out[name] = value
    history = namespace.get("In")
    if isinstance(history, list) and any(isinstance(h, str) and h.strip() for h in history):
        assigned: set[str] = set()
        for source in history:
            if isinstance(source, str):
                assigned |= _literal_cell(source) or set()
        out = {name: value for name, value in out.items() if name in assigned or name in STANDARD}
    return out


def describe(names: Iterable[str] | None = None) -> str:
    """The valid parameters, one per line, with what each accepts."""
    names = list(STANDARD) if names is None else list(names)
    return "\n".join(f"  {n} = {KNOWN.get(n, 'a parameter of this notebook')}" for n in names)


def _type_name(value) -> str:
    return type(value).__name__ if value is not None else "None"


def _listing(path: str) -> str:
    """What the nearest existing folder above `path` holds (a few names), to suggest valid paths."""
    p = Path(path).expanduser()
    parent = p.parent
    for _ in range(4):
        folder = resolve(parent) if str(parent) not in ("", ".") else Path.cwd()
        if folder.is_dir():
            names = sorted(f.name + ("/" if f.is_dir() else "") for f in folder.iterdir()
                           if not f.name.startswith("."))
            shown = ", ".join(names[:12]) + (f", ... ({len(names) - 12} more)" if len(names) > 12 else "")
            where = str(parent).replace(os.sep, "/") if str(parent) not in ("", ".") else "."
            return f"; {where}/ holds: {shown or '(nothing)'}"
        parent = parent.parent
    return ""


def _language_problems(value) -> list[str]:
    """What is wrong with a `languages` parameter: its type, or each code that names no language."""
    expected = f"expected {STANDARD['languages']}"
    items = [value] if isinstance(value, str) else value if isinstance(value, (list, tuple)) else None
    if items is None or not items or not all(isinstance(c, str) for c in items):
        return [f"languages = {value!r} ({_type_name(value)}): {expected}"]
    found = []
    for code in items:
        if language_name(code) is None:
            hint = ""
            for known in ("en", "ru", "zh", "es", "fr", "de", "ar", "ja"):
                name = language_name(known).lower()
                if code.strip().lower() in (name, name[:3]):
                    hint = f" (did you mean {known!r}?)"
            found.append(f"languages: {code!r} is not a two-letter ISO 639-1 language code{hint}; "
                         f'valid codes are such as "en" (English), "ru" (Russian), "zh" (Chinese), "es" (Spanish)')
    if not found and len(set(language_codes(items))) < len(items):
        found.append(f"languages = {value!r} names a language twice")
    return found


def theme_ids(codebook: str | None = None) -> list[str]:
    """The theme ids of a codebook (the shipped one by default), sorted."""
    return sorted(load_codebook(resolve(codebook) if codebook else None).themes)


# --------------------------------------------------------------------------- checks


def problems(values: Mapping, allowed: Iterable[str] | None = None, paths: bool = True,
             required: bool = False) -> tuple[list[str], list[str]]:
    """What is wrong with `values` (name -> value): (problems, of which missing paths).

    `allowed` are the names accepted (the standard ones by default); names outside them are
    unknown. With `paths`, files and folders are checked to exist; with `required`, every
    standard parameter must be present.
    """
    allowed = list(STANDARD) if allowed is None else list(allowed)
    found: list[str] = []
    missing_paths: list[str] = []
    for name in sorted(set(values) - set(allowed)):
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        found.append(f"unknown parameter {name!r}{hint}")
    if required:
        for name in STANDARD:
            if name in allowed and name not in values:
                found.append(f"parameter {name!r} is missing from the parameters cell")

    def bad(name: str, value, extra: str = "") -> None:
        found.append(f"{name} = {value!r} ({_type_name(value)}){extra}: expected {KNOWN[name]}")

    if "corpus" in values:
        corpus = values["corpus"]
        items = [corpus] if isinstance(corpus, str) else corpus if isinstance(corpus, (list, tuple)) else None
        if items is None or not items or not all(isinstance(c, str) and c.strip() for c in items):
            bad("corpus", corpus)
        elif paths:
            for c in items:
                if not resolve(c).exists():
                    msg = f"corpus {c!r} does not exist (expected {CORPUS_KINDS}){_listing(c)}"
                    found.append(msg)
                    missing_paths.append(msg)
    if "store" in values:
        store = values["store"]
        if not isinstance(store, str) or not store.strip():
            bad("store", store)
        elif paths and store_path(store).is_dir():
            found.append(f"store {store!r} is a folder: expected {STANDARD['store']}")
    for name in ("codebook", "actors", "lexicons"):
        if name in values and values[name] is not None:
            value = values[name]
            if not isinstance(value, str) or not value.strip():
                bad(name, value)
            elif paths and not resolve(value).is_file():
                msg = f"{name} {value!r} is not a file (expected {STANDARD[name]}){_listing(value)}"
                found.append(msg)
                missing_paths.append(msg)
    for name in ("since", "until"):
        if name in values and values[name] is not None:
            value = values[name]
            if not isinstance(value, str) or not DATE.match(value):
                bad(name, value)
    if isinstance(values.get("since"), str) and isinstance(values.get("until"), str) \
            and DATE.match(values["since"]) and DATE.match(values["until"]) \
            and values["since"] > values["until"].ljust(10, "~"):
        found.append(f"since = {values['since']!r} is after until = {values['until']!r}")
    if "languages" in values and values["languages"] is not None:
        found.extend(_language_problems(values["languages"]))
    if "annotations" in values and values["annotations"] is not None:
        value = values["annotations"]
        if not isinstance(value, str) or not value.strip():
            bad("annotations", value)
    if "statement_kinds" in values and values["statement_kinds"] is not None:
        value = values["statement_kinds"]
        if not isinstance(value, list) or not value or not set(value) <= set(STATEMENT_KINDS):
            bad("statement_kinds", value)
    if "article_id" in values and values["article_id"] is not None:
        value = values["article_id"]
        if isinstance(value, bool) or not isinstance(value, (str, int)) or (isinstance(value, str) and not value.strip()):
            bad("article_id", value)
    if "max_articles" in values and values["max_articles"] is not None:
        value = values["max_articles"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            bad("max_articles", value)
    if "theme" in values and values["theme"] is not None:
        value = values["theme"]
        codebook = values.get("codebook")
        if not isinstance(value, str):
            bad("theme", value)
        elif codebook is None or (paths and not any(m.startswith("codebook ") for m in missing_paths)):
            try:
                valid = theme_ids(codebook if isinstance(codebook, str) else None)
            except Exception as e:  # noqa: BLE001 - an unreadable codebook is itself the problem to report
                found.append(f"codebook {codebook!r} could not be read ({type(e).__name__}: {e})")
            else:
                if value not in valid:
                    close = difflib.get_close_matches(value, valid, n=1)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    found.append(f"theme {value!r} is not a theme of the codebook{hint}; "
                                 f"valid theme ids: {', '.join(valid)}")
    return found, missing_paths


def message(found: list[str], allowed: Iterable[str] | None = None) -> str:
    """The error message for a list of problems: each problem, then the valid parameters."""
    lines = ["the notebook's parameters are not valid:", *(f"- {p}" for p in found),
             "Valid parameters:", describe(allowed)]
    return "\n".join(lines)


def check(namespace: Mapping, extra: Iterable[str] = ()) -> None:
    """Raise ParameterError, listing what is valid, when a notebook's parameters are not.

    A parameter is not valid when its name is unknown, its type wrong, its path missing
    (MissingPathError) or its theme unknown. `namespace` is the notebook's `globals()`: the
    parameters are its plain literal values (modules, functions, IPython's names and `_private`
    names are ignored); `extra` names parameters a notebook has beyond the standard ones. In
    JupyterLab opened by `make lab CORPUS=... STORE=...`, a corpus and store left at their defaults
    first take those paths (`display.lab_paths`).
    """
    for line in lab_paths(namespace):
        print(line)
    allowed = [*STANDARD, *OPTIONAL, *extra]
    values = candidate_names(namespace)
    found, missing_paths = problems(values, allowed, paths=True, required=True)
    if not found:
        return
    error = MissingPathError if len(found) == len(missing_paths) else ParameterError
    raise error(message(found, allowed))
