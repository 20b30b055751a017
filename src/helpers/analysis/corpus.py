"""The corpus: loading it from the store (analysts' records merged over it), summary, metadata, lengths, problems."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pandas as pd
from babel import Locale, UnknownLocaleError

from helpers import review
from helpers.analysis.sources import UNKNOWN_LANGUAGE, document_language, document_words
from helpers.annotate import annotator_for
from helpers.config import PROJ_ROOT, resolve
from helpers.store import Store, UpdateStats

LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2}$")
METADATA_COLUMNS = ["id", "title", "outlet", "date", "language", "translated_from", "source", "words"]


def store_path(store: str | os.PathLike) -> Path:
    """Where a store file is: absolute, relative to the working directory (when its folder exists there), or to the project root."""
    p = Path(store).expanduser()
    if p.is_absolute():
        return p
    here = Path.cwd() / p
    if here.exists() or here.parent.is_dir():
        return here.resolve()
    return resolve(p)


def check_corpus(corpus) -> None:
    """Raise FileNotFoundError naming every corpus path that does not exist."""
    paths = [corpus] if isinstance(corpus, (str, os.PathLike)) else list(corpus)
    if not paths:
        raise FileNotFoundError("no corpus given: name a file, a folder or a list of them")
    missing = [str(p) for p in paths if not resolve(p).exists()]
    if missing:
        raise FileNotFoundError(f"corpus not found: {', '.join(missing)} (a file, a folder or a list of them)")


def _named_paths(corpus) -> list[tuple[str, str]]:
    """(real path, path as named) for each corpus path, and for the folder a file stands in (an id list's files)."""
    pairs = []
    for c in [corpus] if isinstance(corpus, (str, os.PathLike)) else list(corpus):
        real, p = resolve(c), Path(c).expanduser()
        named = os.path.normpath(p if p.is_absolute() or (Path.cwd() / p).exists() else PROJ_ROOT / p)
        named = os.path.abspath(named)
        pairs.append((str(real), named))
        if real.is_file():
            pairs.append((str(real.parent), os.path.dirname(named)))
    return pairs


def shown_sources(corpus, sources: pd.Series) -> pd.Series:
    """The `source` of each row as the user named the corpus, relative to the project.

    The loader follows symbolic links; a corpus reached through one (`../shared` linked elsewhere)
    is shown by the link's path, not by the path out of the project and back in.
    """
    pairs = _named_paths(corpus)

    def named(source):
        if not isinstance(source, str) or not source:
            return source
        real = os.path.normpath(os.path.join(PROJ_ROOT, source))
        for inner, outer in pairs:
            if real == inner or real.startswith(inner.rstrip(os.sep) + os.sep):
                return os.path.relpath(outer + real[len(inner):], PROJ_ROOT).replace(os.sep, "/")
        return source

    return sources.map({s: named(s) for s in sources.dropna().unique()}).where(sources.notna(), sources)


def load_corpus(corpus, store, codebook: str | None = None, actors: str | None = None,
                since: str | None = None, until: str | None = None, max_articles: int | None = None,
                progress: bool = False, annotations=None, lexicons: str | None = None,
                languages=None) -> tuple[dict[str, pd.DataFrame], UpdateStats]:
    """Bring the store up to date with `corpus`; return (tables for the corpus, update stats).

    The tables hold the documents dated from `since` to `until` in `languages` (ISO codes, None for
    every language; see `in_languages`).

    Where analysts have records under `annotations` (default: the project's annotations/ folder),
    the tables are the merged view: their corrections applied, `decided_by` on every annotation.
    `annotations=False`: the annotator's output alone (what the analysts' records are compared with).
    """
    check_corpus(corpus)
    annotator = annotator_for(resolve(actors) if actors else None, resolve(codebook) if codebook else None,
                              resolve(lexicons) if lexicons else None)
    with Store(store_path(store)) as s:
        stats = s.update(corpus, annotator=annotator, max_articles=max_articles, progress=progress)
        tables = s.tables(corpus)
    read = review.read_records(annotations) if annotations is not False else None
    if read is not None and len(read[0]):
        tables = review.review(tables, folder=annotations, kb=resolve(actors) if actors else None,
                               codebook=resolve(codebook) if codebook else None, read=read).tables
    for name in ("articles", "problems"):
        if "source" in tables[name]:
            tables[name] = tables[name].assign(source=shown_sources(corpus, tables[name]["source"]))
    return in_languages(between(tables, since, until), languages), stats


def describe_update(stats, tables: dict[str, pd.DataFrame] | None = None, languages=None) -> str:
    """One line on the corpus brought up to date (not how much work that took, so it reads the same every run).

    With `languages` (and the `tables` kept), it also says how many documents in those languages are analysed.
    """
    line = (f"{stats.documents:,} document{'s' * (stats.documents != 1)} in the corpus, "
            f"{stats.problems:,} loading problem{'s' * (stats.problems != 1)}; the store is up to date.")
    codes = language_codes(languages)
    if codes is not None and tables is not None:
        n = len(tables["articles"])
        line += f" Analysed below: {n:,} document{'s' * (n != 1)} in {', '.join(codes)} (the languages asked for)."
    return line


def _keep(tables: dict[str, pd.DataFrame], keep: pd.Series) -> dict[str, pd.DataFrame]:
    """The tables limited to the articles where `keep` is true (problems without a document stay)."""
    arts = tables["articles"]
    ids = set(arts.loc[keep, "id"])
    out = {"articles": arts[keep].reset_index(drop=True)}
    for name, df in tables.items():
        if name == "articles":
            continue
        if name == "problems":
            out[name] = df[df["doc_id"].isna() | df["doc_id"].isin(ids)].reset_index(drop=True)
        else:
            out[name] = df[df["doc_id"].isin(ids)].reset_index(drop=True)
    return out


def between(tables: dict[str, pd.DataFrame], since: str | None = None,
            until: str | None = None) -> dict[str, pd.DataFrame]:
    """The tables limited to articles dated from `since` to `until` (ISO dates, inclusive)."""
    if not since and not until:
        return tables
    arts = tables["articles"]
    keep = arts["date"].notna()
    if since:
        keep &= arts["date"].astype(str) >= str(since)
    if until:
        keep &= arts["date"].astype(str).str[: len(str(until))] <= str(until)
    return _keep(tables, keep)


def language_codes(languages) -> list[str] | None:
    """`languages` as a list of lower-case ISO codes ("ru" or ["ru", "zh"]), or None for every language."""
    if languages is None:
        return None
    items = [languages] if isinstance(languages, str) else list(languages)
    return [str(code).strip().lower() for code in items]


def in_languages(tables: dict[str, pd.DataFrame], languages=None) -> dict[str, pd.DataFrame]:
    """The tables limited to articles in `languages` (ISO codes such as "ru" or ["ru", "zh"]; None: all).

    A document's language is read by its two-letter code ("zh-CN" is "zh"); one whose language is
    unknown (neither given nor detected) is kept only when every language is (`languages` None): it
    is in none of the languages named.
    """
    codes = language_codes(languages)
    if codes is None:
        return tables
    keep = document_language(tables["articles"]).isin(codes).astype(bool)
    return _keep(tables, keep)


def _words(articles: pd.DataFrame) -> pd.Series:
    return document_words(articles) if len(articles) else pd.Series(dtype=int)


def corpus_summary(articles: pd.DataFrame, problems: pd.DataFrame) -> pd.DataFrame:
    """One row per measure (documents, words, dates, outlets, languages, problems), values as text."""
    n = len(articles)
    words = int(_words(articles).sum()) if n else 0
    dates = articles["date"].dropna().astype(str).sort_values() if n else pd.Series(dtype=str)
    severity = problems["severity"].value_counts() if len(problems) else pd.Series(dtype=int)
    rows = [
        ("documents", f"{n:,}"),
        ("words", f"{words:,}"),
        ("words per document (median)", f"{int(_words(articles).median()):,}" if n else "-"),
        ("documents with a date", f"{len(dates):,}"),
        ("date range", f"{dates.iloc[0]} to {dates.iloc[-1]}" if len(dates) else "-"),
        ("outlets", f"{articles['outlet'].nunique():,}" if n else "0"),
        ("languages", ", ".join(sorted(articles["language"].dropna().astype(str).unique())) or "-" if n else "-"),
        ("translated", f"{int(articles['translated_from'].notna().sum()):,}" if n else "0"),
        ("problems", f"{len(problems):,} ({int(severity.get('error', 0))} errors, "
                     f"{int(severity.get('warning', 0))} warnings)"),
    ]
    return pd.DataFrame(rows, columns=["measure", "value"])


def metadata_table(articles: pd.DataFrame) -> pd.DataFrame:
    """The articles' metadata without their text, one row per document, in corpus order."""
    df = articles.copy()
    df["words"] = _words(df) if len(df) else pd.Series(dtype=int)
    return df.reindex(columns=METADATA_COLUMNS).reset_index(drop=True)


def lengths(articles: pd.DataFrame) -> pd.DataFrame:
    """Words and characters per document (title included)."""
    if articles.empty:
        return pd.DataFrame({"id": [], "words": [], "characters": []}).astype({"words": int, "characters": int})
    chars = articles["text"].fillna("").str.len() + articles["title"].fillna("").str.len()
    return pd.DataFrame({"id": articles["id"].to_numpy(), "words": _words(articles).to_numpy(),
                         "characters": chars.astype(int).to_numpy()})


def problems_table(problems: pd.DataFrame) -> pd.DataFrame:
    """The problems met loading and annotating, errors first, then by source and line."""
    cols = ["severity", "kind", "source", "line", "doc_id", "message"]
    if problems.empty:
        return pd.DataFrame(columns=cols)
    df = problems.reindex(columns=cols).copy()
    df["_rank"] = (df["severity"] != "error").astype(int)
    return df.sort_values(["_rank", "source", "line", "kind"], na_position="last", kind="stable") \
        .drop(columns="_rank").reset_index(drop=True)


def language_name(code) -> str | None:
    """The English name of a two-letter ISO 639-1 language code ("ru" -> "Russian"), None for no language."""
    if not isinstance(code, str) or not LANGUAGE_CODE.match(code.strip()):
        return None
    try:
        return Locale.parse(code.strip().lower()).get_display_name("en")
    except (UnknownLocaleError, ValueError):
        return None


def languages_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Per language, most documents first: its code and name, documents, words and their shares of the corpus.

    Two Chinese or Japanese characters count as a word (`sources.count_words`); documents of no
    known language are "unknown".
    """
    cols = ["language", "name", "documents", "share", "words", "share_of_words"]
    if articles.empty:
        return pd.DataFrame(columns=cols)
    df = pd.DataFrame({"language": document_language(articles), "words": document_words(articles)})
    g = df.groupby("language", sort=True)
    out = pd.DataFrame({"documents": g.size(), "words": g["words"].sum()}).reset_index()
    out["name"] = [language_name(c) or ("(not known)" if c == UNKNOWN_LANGUAGE else c) for c in out["language"]]
    total_words = max(int(out["words"].sum()), 1)
    out["share"] = [f"{n / len(df):.0%}" for n in out["documents"]]
    out["share_of_words"] = [f"{n / total_words:.0%}" for n in out["words"]]
    out = out.sort_values(["documents", "language"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)[cols]


def _extra(value) -> dict:
    """A document's extra metadata (the `extra` JSON of the articles table) as a dict; {} when unreadable."""
    if isinstance(value, dict):
        return value
    if not isinstance(value, str) or not value.strip():
        return {}
    try:
        data = json.loads(value)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def translations(articles: pd.DataFrame) -> pd.DataFrame:
    """The documents that are translations or have a parallel text, one row each, in corpus order.

    `translated_from` is the language a document was translated from; `parallel_id` (kept in the
    extra metadata) names the same text in another language, and `parallel_language` is that text's
    language when it is in the corpus too (empty when it is not).
    """
    cols = ["id", "language", "translated_from", "parallel_id", "parallel_language"]
    if articles.empty:
        return pd.DataFrame(columns=cols)
    extra = articles["extra"] if "extra" in articles else pd.Series(None, index=articles.index, dtype=object)
    parallel = [_extra(e).get("parallel_id") for e in extra]
    parallel = [str(p).strip() if p is not None and str(p).strip() else None for p in parallel]
    source = articles["translated_from"] if "translated_from" in articles else pd.Series(None, index=articles.index)
    languages = document_language(articles)
    df = pd.DataFrame({"id": articles["id"].astype(str).to_numpy(), "language": languages.to_numpy(),
                       "translated_from": source.where(source.notna(), None).to_numpy(), "parallel_id": parallel})
    known = dict(zip(df["id"], df["language"]))
    df["parallel_language"] = [known.get(p) if p else None for p in df["parallel_id"]]
    keep = df["translated_from"].notna() | df["parallel_id"].notna()
    return df[keep].reset_index(drop=True)[cols]


def translation_summary(found: pd.DataFrame) -> pd.DataFrame:
    """Per language and the language it is paired with (`translations`' rows): translated documents, parallel texts named and found.

    `translated` counts documents translated from the other language; `parallel_named` documents
    naming a parallel text; `parallel_in_corpus` those whose parallel text is in the corpus; `pairs`
    the pairs of documents both in the corpus (each counted once, under the first language in
    alphabetical order).
    """
    cols = ["language", "other_language", "translated", "parallel_named", "parallel_in_corpus", "pairs"]
    if found.empty:
        return pd.DataFrame(columns=cols)
    rows: dict[tuple[str, str], dict] = {}

    def row(lang: str, other: str) -> dict:
        return rows.setdefault((lang, other), {"language": lang, "other_language": other, "translated": 0,
                                               "parallel_named": 0, "parallel_in_corpus": 0, "pairs": set()})

    for r in found.astype(object).where(found.notna(), None).itertuples(index=False):
        if r.translated_from is not None:
            row(r.language, str(r.translated_from).strip().lower())["translated"] += 1
        if r.parallel_id is not None:
            other = r.parallel_language if r.parallel_language is not None else "(not in corpus)"
            entry = row(r.language, other)
            entry["parallel_named"] += 1
            if r.parallel_language is not None:
                entry["parallel_in_corpus"] += 1
                first, second = sorted([(r.language, str(r.id)), (r.parallel_language, str(r.parallel_id))])
                row(first[0], second[0])["pairs"].add((first[1], second[1]))
    out = pd.DataFrame([{**v, "pairs": len(v["pairs"])} for v in rows.values()], columns=cols)
    return out.sort_values(["language", "other_language"], kind="stable").reset_index(drop=True)
