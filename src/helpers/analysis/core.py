"""Queries the notebooks share: loading a corpus from the store, summaries, per-document tables, and
the analyses of 02-05 (theme prevalence over time and by source, co-occurrence, keyword in context,
who speaks about whom, the relationship's aspects and framing, co-mention networks, world-order
terms, meetings, trade figures, attention per outlet and week).

Every function takes and returns DataFrames or plain values, sorted so that printed output is
the same from run to run.
"""

from __future__ import annotations

import os
import re as _re
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from helpers.config import resolve

METADATA_COLUMNS = ["id", "title", "outlet", "date", "language", "translated_from", "source", "words"]


# --------------------------------------------------------------------------- loading


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


def load_corpus(corpus, store, codebook: str | None = None, actors: str | None = None,
                since: str | None = None, until: str | None = None, max_articles: int | None = None,
                progress: bool = False, annotations=None):
    """Bring the store up to date with `corpus`; return (tables for the corpus, update stats).

    Where analysts have records under `annotations` (default: the project's annotations/ folder),
    the tables are the merged view: their corrections applied, `decided_by` on every annotation.
    `annotations=False`: the annotator's output alone (what the analysts' records are compared with).
    """
    from helpers import review as analysts
    from helpers.store import Store

    check_corpus(corpus)
    from helpers.annotate import annotator_for

    annotator = annotator_for(resolve(actors) if actors else None, resolve(codebook) if codebook else None)
    with Store(store_path(store)) as s:
        stats = s.update(corpus, annotator=annotator, max_articles=max_articles, progress=progress)
        tables = s.tables(corpus)
    read = analysts.read_records(annotations) if annotations is not False else None
    if read is not None and len(read[0]):
        tables = analysts.review(tables, folder=annotations, kb=resolve(actors) if actors else None,
                                 codebook=resolve(codebook) if codebook else None, read=read).tables
    return between(tables, since, until), stats


def describe_update(stats) -> str:
    """One line on the corpus brought up to date (not how much work that took, so it reads the same every run)."""
    return (f"{stats.documents:,} document{'s' * (stats.documents != 1)} in the corpus, "
            f"{stats.problems:,} loading problem{'s' * (stats.problems != 1)}; the store is up to date.")


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


# --------------------------------------------------------------------------- the corpus


def _words(articles: pd.DataFrame) -> pd.Series:
    if "words" in articles and articles["words"].notna().all():
        return articles["words"].astype(int)
    text = articles["text"].fillna("") if "text" in articles else pd.Series("", index=articles.index)
    title = articles["title"].fillna("") if "title" in articles else pd.Series("", index=articles.index)
    return (text.str.split().str.len() + title.str.split().str.len()).fillna(0).astype(int)


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


def length_figure(lengths_df: pd.DataFrame, bins: int = 30):
    """A histogram of words per document (a matplotlib Figure), or None when there are no documents."""
    if lengths_df.empty:
        return None
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 3.2), dpi=90)
    ax = fig.subplots()
    ax.hist(lengths_df["words"], bins=max(1, min(bins, len(lengths_df))), color="#4c72b0", edgecolor="white")
    ax.set_title(f"Document lengths ({len(lengths_df):,} documents)")
    ax.set_xlabel("words per document (title included)")
    ax.set_ylabel("documents")
    fig.tight_layout()
    return fig


def problems_table(problems: pd.DataFrame) -> pd.DataFrame:
    """The problems met loading and annotating, errors first, then by source and line."""
    cols = ["severity", "kind", "source", "line", "doc_id", "message"]
    if problems.empty:
        return pd.DataFrame(columns=cols)
    df = problems.reindex(columns=cols).copy()
    df["_rank"] = (df["severity"] != "error").astype(int)
    return df.sort_values(["_rank", "source", "line", "kind"], na_position="last", kind="stable") \
        .drop(columns="_rank").reset_index(drop=True)


# --------------------------------------------------------------------------- one document


def document(tables: dict[str, pd.DataFrame], article_id: str | None = None) -> dict:
    """One document's metadata, annotated text and annotation tables (the first document by default).

    Returns an empty document (id None, empty tables) when the corpus has no documents; raises
    KeyError when `article_id` is not in the corpus.
    """
    from helpers.annotate import annotated_text

    arts = tables["articles"]
    if article_id is not None:
        match = arts[arts["id"].astype(str) == str(article_id)]
        if match.empty:
            raise KeyError(f"article_id {article_id!r} is not in this corpus ({len(arts)} documents)")
        row = match.iloc[0].to_dict()
    elif len(arts):
        row = arts.iloc[0].to_dict()
    else:
        row = {}
    doc_id = row.get("id")
    text = annotated_text(row.get("title"), row.get("text") or "")[0] if row else ""
    out = {"id": doc_id, "meta": {k: v for k, v in row.items() if k not in ("raw", "text", "offsets")},
           "text": text}
    for name, df in tables.items():
        if name == "articles":
            continue
        part = df[df["doc_id"] == doc_id] if doc_id is not None else df.iloc[0:0]
        sort = [c for c in ("start", "end", "theme") if c in part.columns]
        out[name] = part.sort_values(sort, kind="stable").reset_index(drop=True) if sort else part.reset_index(drop=True)
    return out


def as_text(df: pd.DataFrame, empty: str = "No rows.", max_rows: int | None = 200, max_colwidth: int = 70) -> str:
    """A table as plain text for printing (a one-line message when it is empty)."""
    if df is None or df.empty:
        return empty
    shown = df if max_rows is None else df.head(max_rows)
    cells = shown.astype(object).where(shown.notna(), "-").astype(str)
    cells = cells.apply(lambda col: col.map(lambda v: " ".join(v.split()) or "-"))  # one line per row
    cells = cells.apply(lambda col: col.map(lambda v: v if len(v) <= max_colwidth else v[: max_colwidth - 3] + "..."))
    columns = []
    for col in cells.columns:  # text left-aligned, numbers right-aligned, two spaces between columns
        values = [str(col), *cells[col]]
        width = max(len(v) for v in values)
        numeric = pd.api.types.is_numeric_dtype(shown[col]) and not pd.api.types.is_bool_dtype(shown[col])
        columns.append([v.rjust(width) if numeric else v.ljust(width) for v in values])
    text = "\n".join("  ".join(row).rstrip() for row in zip(*columns))
    if len(shown) < len(df):
        text += f"\n({len(df) - len(shown)} more rows not shown)"
    return text


def statements_table(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements in text order: speaker, first words, kind, how the speaker was attributed."""
    cols = ["speaker", "first_words", "kind", "how_attributed"]
    if statements.empty:
        return pd.DataFrame(columns=cols)
    df = statements.sort_values(["doc_id", "start", "end"], kind="stable")
    return pd.DataFrame({
        "speaker": df["speaker"].fillna("(not found)").astype(str).to_numpy(),
        "first_words": df["first_words"].fillna("").astype(str).to_numpy(),
        "kind": df["kind"].astype(str).to_numpy(),
        "how_attributed": df["via"].fillna("").astype(str).to_numpy(),
    })


def actors_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per canonical actor: type, number of mentions, the surface forms seen; most mentioned first."""
    cols = ["actor", "type", "mentions", "surface_forms"]
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for actor, g in mentions.groupby("actor", sort=True):
        forms = g["text"].astype(str).value_counts()
        forms = forms.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
        rows.append({"actor": actor, "type": g["type"].dropna().iloc[0] if g["type"].notna().any() else None,
                     "mentions": len(g), "surface_forms": ", ".join(f"{f} ({n})" for f, n in forms.items())})
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["mentions", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)


def format_number(value) -> str:
    """A number as text: thousands separated, no trailing '.0', up to 4 significant decimals."""
    if value is None or pd.isna(value):
        return "-"
    v = float(value)
    if v.is_integer():
        return f"{int(v):,}"
    return f"{v:,.4g}" if abs(v) < 1000 else f"{v:,.2f}"


def figures_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures in text order: the text as written, the value it stands for, the unit."""
    cols = ["text", "value", "unit"]
    if figures.empty:
        return pd.DataFrame(columns=cols)
    df = figures.sort_values(["doc_id", "start", "end"], kind="stable")
    return pd.DataFrame({"text": df["text"].astype(str).to_numpy(),
                         "value": [format_number(v) for v in df["value"]],
                         "unit": df["unit"].fillna("").astype(str).to_numpy()})


def dates_table(dates: pd.DataFrame) -> pd.DataFrame:
    """Date expressions in text order: the text, the date it resolves to, the granularity."""
    cols = ["text", "date", "granularity"]
    if dates.empty:
        return pd.DataFrame(columns=cols)
    df = dates.sort_values(["doc_id", "start", "end"], kind="stable")
    return pd.DataFrame({"text": df["text"].astype(str).to_numpy(),
                         "date": df["date"].fillna("(unresolved)").astype(str).to_numpy(),
                         "granularity": df["granularity"].fillna("-").astype(str).to_numpy()})


def doc_themes_table(doc_themes: pd.DataFrame) -> pd.DataFrame:
    """Themes scored in a document: score, threshold, whether present; present first, then by score."""
    cols = ["theme", "score", "threshold", "present"]
    if doc_themes.empty:
        return pd.DataFrame(columns=cols)
    df = doc_themes.reindex(columns=cols).copy()
    df["present"] = df["present"].map({True: "yes", False: "no"}).fillna("no")
    df = df.sort_values(["present", "score", "theme"], ascending=[False, False, True], kind="stable")
    df["score"] = [format_number(v) for v in df["score"]]
    df["threshold"] = [format_number(v) for v in df["threshold"]]
    return df.reset_index(drop=True)


def theme_evidence(theme_hits: pd.DataFrame) -> pd.DataFrame:
    """The sentences behind each theme: theme, sentence, the terms that fired, the sentence's score."""
    cols = ["theme", "sentence", "terms", "score"]
    if theme_hits.empty:
        return pd.DataFrame(columns=cols)
    df = theme_hits.sort_values(["theme", "start"], kind="stable")
    return pd.DataFrame({"theme": df["theme"].to_numpy(), "sentence": df["sentence"].to_numpy(),
                         "terms": df["terms"].to_numpy(), "score": [format_number(v) for v in df["score"]]})


def theme_prevalence(doc_themes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per theme: documents where it is present, their share of the corpus, documents with any evidence."""
    cols = ["theme", "documents", "share", "with_evidence"]
    if doc_themes.empty:
        return pd.DataFrame(columns=cols)
    n = max(len(articles), 1)
    g = doc_themes.groupby("theme", sort=True)
    df = pd.DataFrame({"documents": g["present"].sum().astype(int), "with_evidence": g["doc_id"].nunique()})
    df["share"] = [f"{v / n:.0%}" for v in df["documents"]]
    df = df.reset_index().reindex(columns=cols)
    return df.sort_values(["documents", "theme"], ascending=[False, True], kind="stable").reset_index(drop=True)


# =========================================================================== the analyses
# Shared by 02_themes, 03_beijing_moscow, 04_world_order and 05_timeline. Every function takes
# the store's tables (or frames shaped like them) and returns a frame sorted for stable output.

OFFICIAL_GROUPS = {"kremlin.ru": "Kremlin texts", "fmprc.gov.cn": "MFA briefings"}
HEADLINES_GROUP = "news headlines (RSS)"
OTHER_GROUP = "other texts"
GROUP_ORDER = ["Kremlin texts", "MFA briefings", HEADLINES_GROUP, OTHER_GROUP]
UNKNOWN_OUTLET = "(outlet unknown)"

# One name per outlet, keyed by web domain: the same outlet appears under several spellings
# ("www.theguardian.com", "The Guardian - World") in RSS feeds; the link's domain settles it.
OUTLET_NAMES = {
    "kremlin.ru": "Kremlin", "fmprc.gov.cn": "PRC Ministry of Foreign Affairs",
    "theguardian.com": "The Guardian", "bloomberg.com": "Bloomberg", "thehill.com": "The Hill",
    "ft.com": "Financial Times", "foxnews.com": "Fox News", "msn.com": "MSN", "theepochtimes.com": "The Epoch Times",
    "nytimes.com": "The New York Times", "aljazeera.com": "Al Jazeera", "wsj.com": "The Wall Street Journal",
    "dj.com": "The Wall Street Journal", "createsend.com": "The Wall Street Journal",
    "dailymail.co.uk": "Daily Mail", "washingtonpost.com": "The Washington Post", "lemonde.fr": "Le Monde",
    "rt.com": "RT", "cnn.com": "CNN", "nbcnews.com": "NBC News", "scmp.com": "South China Morning Post",
    "abcnews.go.com": "ABC News", "go.com": "ABC News", "cnbc.com": "CNBC", "npr.org": "NPR",
    "engadget.com": "Engadget", "dailywire.com": "The Daily Wire", "louderwithcrowder.com": "Louder with Crowder",
    "sky.com": "Sky News", "skynews.com": "Sky News", "bbc.co.uk": "BBC", "bbc.com": "BBC", "bbci.co.uk": "BBC",
    "indiatimes.com": "Times of India", "themoscowtimes.com": "The Moscow Times", "reuters.com": "Reuters",
    "gulf-insider.com": "Gulf Insider", "japantoday.com": "Japan Today", "forbes.com": "Forbes", "time.com": "TIME",
    "channelnewsasia.com": "CNA", "politico.eu": "Politico", "politico.com": "Politico", "youtube.com": "YouTube",
    "newsweek.com": "Newsweek", "telegraph.co.uk": "The Telegraph", "arabnews.com": "Arab News",
    "pakobserver.net": "Pakistan Observer", "batimes.com.ar": "Buenos Aires Times", "theverge.com": "The Verge",
    "arstechnica.com": "Ars Technica", "cbc.ca": "CBC", "xinhuanet.com": "Xinhua", "news.cn": "Xinhua",
    "globaltimes.cn": "Global Times", "chinadaily.com.cn": "China Daily", "tass.com": "TASS",
}


def domain(url) -> str | None:
    """The web domain of a link without 'www.' ('www.ft.com/x' -> 'ft.com'), or None."""
    if not isinstance(url, str) or not url.strip():
        return None
    text = url.strip()
    host = urlparse(text if "//" in text else "//" + text).netloc.lower().split("@")[-1].split(":")[0]
    return host[4:] if host.startswith("www.") else host or None


def _registered(host: str) -> list[str]:
    """The domain and its shorter suffixes, longest first ('edition.cnn.com' -> [that, 'cnn.com'])."""
    parts = host.split(".")
    return [".".join(parts[k:]) for k in range(len(parts) - 1)]


def outlet_name(outlet, url=None) -> str:
    """One name per outlet: from the link's domain when known, else the outlet as given."""
    for candidate in (domain(url), domain(outlet) if isinstance(outlet, str) and " " not in outlet.strip()
                      and "." in outlet else None):
        if candidate:
            for tail in _registered(candidate):
                if tail in OUTLET_NAMES:
                    return OUTLET_NAMES[tail]
    if isinstance(outlet, str) and outlet.strip():
        return outlet.strip()
    d = domain(url)
    return d or UNKNOWN_OUTLET


def source_group(url=None, source=None, doc_id=None) -> str:
    """The kind of source: Kremlin texts, MFA briefings, news headlines (RSS) or other texts."""
    d = domain(url)
    if d:
        for tail in _registered(d):
            if tail in OFFICIAL_GROUPS:
                return OFFICIAL_GROUPS[tail]
    stem = Path(str(source)).name.lower() if isinstance(source, str) else ""
    if stem.startswith("rss") or (isinstance(doc_id, str) and doc_id.lower().startswith("rss")):
        return HEADLINES_GROUP
    return OTHER_GROUP


def document_info(articles: pd.DataFrame) -> pd.DataFrame:
    """Per document: id, title, date, year, month, week (its Monday), outlet (one name per outlet), source group."""
    cols = ["id", "title", "date", "year", "month", "week", "outlet", "group"]
    if articles.empty:
        return pd.DataFrame(columns=cols)
    day = pd.to_datetime(articles["date"].astype("string").str[:10], errors="coerce", format="%Y-%m-%d")
    urls = articles["url"] if "url" in articles else pd.Series(None, index=articles.index)
    sources = articles["source"] if "source" in articles else pd.Series(None, index=articles.index)
    outlets = articles["outlet"] if "outlet" in articles else pd.Series(None, index=articles.index)
    info = pd.DataFrame({
        "id": articles["id"].astype(str).to_numpy(),
        "title": articles["title"].to_numpy() if "title" in articles else None,
        "date": day.dt.strftime("%Y-%m-%d").to_numpy(),
        "year": day.dt.year.astype("Int64").to_numpy(),
        "month": day.dt.strftime("%Y-%m").to_numpy(),
        "week": (day - pd.to_timedelta(day.dt.weekday, unit="D")).dt.strftime("%Y-%m-%d").to_numpy(),
        "outlet": [outlet_name(o, u) for o, u in zip(outlets, urls)],
        "group": [source_group(u, s, i) for u, s, i in zip(urls, sources, articles["id"])],
    })
    return info


def needs(articles: pd.DataFrame, n: int = 2, what: str = "this section") -> str | None:
    """A one-line note when the corpus has fewer than `n` documents for `what`, else None."""
    k = len(articles)
    if k >= n:
        return None
    return f"{what[:1].upper()}{what[1:]} needs at least {n} documents; this corpus has {k}."


def theme_labels(codebook: str | None = None) -> dict[str, str]:
    """Theme id -> label, from the codebook (the shipped one by default)."""
    from helpers.resources.codebook import load_codebook

    cb = load_codebook(resolve(codebook) if codebook else None)
    return {tid: t.label for tid, t in cb.themes.items()}


def _share(part, whole) -> str:
    return f"{part / whole:.0%}" if whole else "-"


# --------------------------------------------------------------------------- themes


def prevalence_over_time(doc_themes: pd.DataFrame, articles: pd.DataFrame, freq: str = "auto") -> pd.DataFrame:
    """Per period and theme: documents with the theme, dated documents in the period, their share.

    `freq` is "year", "month" or "auto" (months when the dated documents span at most three
    years, else years). Undated documents are left out.
    """
    cols = ["period", "theme", "documents", "total", "share"]
    info = document_info(articles)
    info = info[info["date"].notna()]
    if info.empty:
        return pd.DataFrame(columns=cols)
    if freq == "auto":
        span = info["year"].max() - info["year"].min()
        freq = "month" if span <= 3 else "year"
    key = info["month"] if freq == "month" else info["year"].astype(str)
    period = pd.Series(key.to_numpy(), index=info["id"].to_numpy())
    totals = period.value_counts()
    present = doc_themes[doc_themes["present"].astype(bool)] if not doc_themes.empty else doc_themes
    rows = []
    themes = sorted(doc_themes["theme"].unique()) if not doc_themes.empty else []
    counts = present.assign(period=present["doc_id"].map(period)).dropna(subset=["period"]) \
        .groupby(["period", "theme"])["doc_id"].nunique() if not present.empty else pd.Series(dtype=int)
    for p in sorted(totals.index):
        for t in themes:
            n = int(counts.get((p, t), 0))
            rows.append({"period": p, "theme": t, "documents": n, "total": int(totals[p]),
                         "share": n / totals[p]})
    return pd.DataFrame(rows, columns=cols)


def prevalence_by(doc_themes: pd.DataFrame, articles: pd.DataFrame, by: str = "group",
                  top: int = 12) -> pd.DataFrame:
    """Share of documents with each theme per source group or outlet (`by`), biggest sources first.

    One row per source (at most `top`): its documents, then one column per theme with the share.
    """
    info = document_info(articles)
    if info.empty or doc_themes.empty:
        return pd.DataFrame(columns=[by, "documents"])
    sizes = info[by].value_counts()
    sizes = sizes.sort_index(kind="stable").sort_values(ascending=False, kind="stable").head(top)
    present = doc_themes[doc_themes["present"].astype(bool)].merge(
        info[["id", by]], left_on="doc_id", right_on="id", how="inner", validate="many_to_one")
    counts = present.groupby([by, "theme"])["doc_id"].nunique()
    themes = sorted(doc_themes["theme"].unique())
    rows = []
    for source, n in sizes.items():
        row = {by: source, "documents": int(n)}
        for t in themes:
            row[t] = _share(int(counts.get((source, t), 0)), n)
        rows.append(row)
    return pd.DataFrame(rows, columns=[by, "documents", *themes])


def documents_by_theme(doc_themes: pd.DataFrame, articles: pd.DataFrame, max_rows: int = 30) -> pd.DataFrame:
    """Per document (most themes first, then highest total score): its date, title and score on each present theme."""
    info = document_info(articles)
    if info.empty or doc_themes.empty:
        return pd.DataFrame(columns=["id", "date", "title"])
    present = doc_themes[doc_themes["present"].astype(bool)]
    themes = sorted(doc_themes["theme"].unique())
    scores = present.pivot_table(index="doc_id", columns="theme", values="score", aggfunc="max")
    scores = scores.reindex(index=info["id"], columns=themes)
    order = pd.DataFrame({"id": info["id"].to_numpy(), "n": scores.notna().sum(axis=1).to_numpy(),
                          "total": scores.sum(axis=1).fillna(0).to_numpy()})
    order = order.sort_values(["n", "total", "id"], ascending=[False, False, True], kind="stable").head(max_rows)
    out = info.set_index("id").loc[order["id"], ["date", "title"]].reset_index()
    for t in themes:
        out[t] = [format_number(v) if pd.notna(v) else "" for v in scores.loc[order["id"], t]]
    return out


def theme_cooccurrence(doc_themes: pd.DataFrame) -> pd.DataFrame:
    """Theme x theme: documents that have both (the diagonal: documents with the theme)."""
    if doc_themes.empty:
        return pd.DataFrame()
    present = doc_themes[doc_themes["present"].astype(bool)]
    themes = sorted(doc_themes["theme"].unique())
    onehot = pd.crosstab(present["doc_id"], present["theme"]).reindex(columns=themes, fill_value=0).clip(upper=1)
    matrix = onehot.T.dot(onehot)
    matrix = matrix.reindex(index=themes, columns=themes, fill_value=0).astype(int)
    matrix.index.name = None
    matrix.columns.name = None
    return matrix


def cooccurrence_pairs(matrix: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The pairs of themes found together most often: documents with both, and the overlap (Jaccard)."""
    cols = ["theme_a", "theme_b", "documents", "overlap"]
    if matrix.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    themes = list(matrix.index)
    for i, a in enumerate(themes):
        for b in themes[i + 1:]:
            both = int(matrix.loc[a, b])
            if both:
                union = int(matrix.loc[a, a]) + int(matrix.loc[b, b]) - both
                rows.append({"theme_a": a, "theme_b": b, "documents": both, "overlap": f"{both / union:.2f}"})
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["documents", "theme_a", "theme_b"], ascending=[False, True, True],
                          kind="stable").head(top).reset_index(drop=True)


def _hits_terms(theme_hits: pd.DataFrame) -> pd.DataFrame:
    """One row per (hit, term that fired)."""
    if theme_hits.empty:
        return pd.DataFrame(columns=["doc_id", "theme", "sent", "term"])
    df = theme_hits[["doc_id", "theme", "sent", "terms"]].copy()
    df["term"] = df["terms"].fillna("").astype(str).str.split(r"\s*[,;|]\s*", regex=True)
    df = df.explode("term")
    df = df[df["term"].astype(str).str.len() > 0]
    return df.drop(columns="terms")


def theme_terms(theme_hits: pd.DataFrame, theme: str | None = None, top: int = 8) -> pd.DataFrame:
    """The codebook terms that drive each theme: sentences and documents in which each fired, most first."""
    cols = ["theme", "term", "sentences", "documents"]
    df = _hits_terms(theme_hits)
    if theme is not None:
        df = df[df["theme"] == theme]
    if df.empty:
        return pd.DataFrame(columns=cols)
    g = df.groupby(["theme", "term"])
    out = pd.DataFrame({"sentences": g.size(), "documents": g["doc_id"].nunique()}).reset_index()
    out = out.sort_values(["theme", "sentences", "documents", "term"], ascending=[True, False, False, True],
                          kind="stable")
    return out.groupby("theme", sort=True).head(top).reset_index(drop=True)[cols]


def _term_regex(term: str) -> "_re.Pattern":
    words = term.strip().rstrip("*").split()
    body = r"[\s\-]+".join(_re.escape(w) for w in words)
    tail = r"[\w'’-]*" if term.strip().endswith("*") else r"(?![\w])"
    return _re.compile(rf"(?<![\w-]){body}{tail}", _re.IGNORECASE)


def kwic(theme_hits: pd.DataFrame, articles: pd.DataFrame, theme: str | None = None, per_theme: int = 3,
         width: int = 60) -> pd.DataFrame:
    """Keyword in context: the strongest evidence sentences per theme, the first term that fired centred.

    Columns: theme, document, date, left context, keyword, right context, the terms that fired.
    Sentences are taken by score (highest first), then date and document, so the choice is stable.
    """
    cols = ["theme", "doc_id", "date", "left", "keyword", "right", "terms"]
    if theme_hits.empty:
        return pd.DataFrame(columns=cols)
    hits = theme_hits if theme is None else theme_hits[theme_hits["theme"] == theme]
    info = document_info(articles).set_index("id")["date"]
    hits = hits.assign(date=hits["doc_id"].map(info))
    hits = hits.sort_values(["theme", "score", "date", "doc_id", "start"],
                            ascending=[True, False, True, True, True], kind="stable", na_position="last")
    rows = []
    for (t,), group in hits.groupby(["theme"], sort=True):
        seen = set()
        for h in group.itertuples(index=False):
            sentence = " ".join(str(h.sentence).split())
            if sentence in seen:
                continue
            seen.add(sentence)
            terms = [x.strip() for x in _re.split(r"[,;|]", str(h.terms or "")) if x.strip()]
            match = None
            for term in terms:
                m = _term_regex(term).search(sentence)
                if m and (match is None or m.start() < match.start()):
                    match = m
            if match is None:
                left, key, right = "", "", sentence[: 2 * width]
            else:
                left = sentence[: match.start()]
                key = match.group(0)
                right = sentence[match.end():]
            left = ("..." + left[-width:].lstrip()) if len(left) > width else left
            right = (right[:width].rstrip() + "...") if len(right) > width else right
            rows.append({"theme": t, "doc_id": h.doc_id, "date": h.date, "left": left, "keyword": key,
                         "right": right, "terms": ", ".join(terms)})
            if len(seen) >= per_theme:
                break
    return pd.DataFrame(rows, columns=cols)


def evidence(theme_hits: pd.DataFrame, articles: pd.DataFrame, theme: str | None = None,
             max_rows: int = 200) -> pd.DataFrame:
    """Every evidence sentence (for one theme, or all): theme, document, date, sentence, terms, score.

    Strongest first, taken in turns across themes (each theme's best, then each theme's second
    best, ...), so the first rows show every theme.
    """
    cols = ["theme", "doc_id", "date", "sentence", "terms", "score"]
    if theme_hits.empty:
        return pd.DataFrame(columns=cols)
    hits = theme_hits if theme is None else theme_hits[theme_hits["theme"] == theme]
    info = document_info(articles).set_index("id")["date"]
    df = hits.assign(date=hits["doc_id"].map(info))
    df = df.sort_values(["theme", "score", "date", "doc_id", "start"], ascending=[True, False, True, True, True],
                        kind="stable", na_position="last")
    df = df.assign(_rank=df.groupby("theme").cumcount()).sort_values(["_rank", "theme"], kind="stable")
    df = df.head(max_rows)
    df = df.assign(score=[format_number(v) for v in df["score"]])
    return df.reindex(columns=cols).reset_index(drop=True)


# --------------------------------------------------------------------------- actors and speakers


def actor_sides(actors: str | None = None) -> dict[str, str]:
    """Actor -> the state it speaks or stands for: a person's country, a state itself (others: themselves)."""
    from helpers.resources.kb import load_kb

    kb = load_kb(resolve(actors) if actors else None)
    return {name: (a.country if a.type == "person" and a.country else name) for name, a in kb.actors.items()}


def statement_mentions(statements: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The actors each statement speaks about: mentions inside a speaker turn, or inside a quotation or its
    sentence, leaving out the speaker's own name. One row per (statement, actor)."""
    cols = ["doc_id", "speaker", "actor", "start", "kind"]
    if statements.empty or mentions.empty:
        return pd.DataFrame(columns=cols)
    st = statements[statements["speaker"].notna()].reset_index(drop=True)
    st = st.assign(_k=range(len(st)))[["_k", "doc_id", "speaker", "kind", "start", "end", "sent"]]
    m = mentions[["doc_id", "start", "sent", "actor"]].rename(columns={"start": "m_start", "sent": "m_sent"})
    m = m.dropna(subset=["m_start"]).astype({"m_start": "int64"}).sort_values("m_start", kind="stable")
    parts = []
    for turns in (True, False):  # each mention falls in the latest statement starting before it, if it ends after
        sub = st[(st["kind"] == "turn") == turns].astype({"start": "int64"}).sort_values("start", kind="stable")
        if sub.empty:
            continue
        inside = pd.merge_asof(m, sub, left_on="m_start", right_on="start", by="doc_id", direction="backward")
        parts.append(inside[inside["_k"].notna() & (inside["m_start"] < inside["end"])])
        if not turns:  # a quotation's own sentence counts too: "Xi praised Putin as his 'old friend'"
            parts.append(sub.merge(m, left_on=["doc_id", "sent"], right_on=["doc_id", "m_sent"], how="inner"))
    keep = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*cols, "_k"])
    keep = keep[keep["actor"] != keep["speaker"]].drop_duplicates(["_k", "actor"])
    return keep[cols].sort_values(["doc_id", "start", "actor"], kind="stable").reset_index(drop=True)


def speaker_actor(statements: pd.DataFrame, mentions: pd.DataFrame, top_speakers: int = 12,
                  top_actors: int = 15) -> pd.DataFrame:
    """Who speaks about whom: statements by each speaker (rows) that mention each actor (columns).

    The most frequent speakers and actors are kept; 'statements' is each speaker's total.
    """
    pairs = statement_mentions(statements, mentions)
    if pairs.empty:
        return pd.DataFrame()
    speakers = statements[statements["speaker"].notna()]["speaker"].value_counts()
    speakers = speakers[speakers.index.isin(pairs["speaker"])]
    speakers = speakers.sort_index(kind="stable").sort_values(ascending=False, kind="stable").head(top_speakers)
    actors = pairs["actor"].value_counts().sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    actors = actors.head(top_actors)
    table = pd.crosstab(pairs["speaker"], pairs["actor"]).reindex(index=speakers.index, columns=actors.index,
                                                                  fill_value=0)
    table.insert(0, "statements", speakers.astype(int))
    table.index.name = "speaker"
    table.columns.name = None
    return table


def speaker_actor_pairs(statements: pd.DataFrame, mentions: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The most frequent (speaker, actor spoken about) pairs: statements, documents."""
    cols = ["speaker", "actor", "statements", "documents"]
    pairs = statement_mentions(statements, mentions)
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    g = pairs.groupby(["speaker", "actor"])
    out = pd.DataFrame({"statements": g.size(), "documents": g["doc_id"].nunique()}).reset_index()
    return out.sort_values(["statements", "documents", "speaker", "actor"], ascending=[False, False, True, True],
                           kind="stable").head(top).reset_index(drop=True)[cols]


# Words for how a relationship is described (matched case-insensitively on word starts).
ASPECTS = {
    "friendship": (r"friendship|friendly|(?:old|good|dear|true|close|best|great|reliable) friends?\b|comrade\w*|"
                   r"brotherly|good[- ]neighbo\w+|warm\w* (?:relations|ties|welcome|atmosphere|meeting)"),
    "trust": (r"trust\w*|mutual confidence|confidence in (?:each other|one another)|reliable partner\w*|"
              r"rely on each other|mutual understanding|mutual respect"),
    "coordination": (r"coordinat\w+|strategic (?:partnership|cooperation|collaboration|interaction)|collaborat\w+|"
                     r"work(?:ing|ed)? together|act(?:ing|ed)? together|joint(?:ly)? (?:efforts?|positions?|"
                     r"statements?|projects?|actions?|steps)|jointly|align\w*|in concert|common positions?|"
                     r"close(?:ly)? cooperat\w+|consultations?|synerg\w+"),
    "dependence": (r"depend\w* on|dependence|dependent|reliance on|rel(?:y|ies|ying) on (?:China|Russia|Beijing|Moscow)|"
                   r"junior partner|vassal\w*|lifeline|umbrella|leverage|asymmetr\w+|"
                   r"needs? (?:China|Russia|Beijing|Moscow)"),
}
# The relationship itself, named without naming the two sides.
RELATIONSHIP_WORDS = (r"bilateral|our (?:two )?(?:countries|nations|states|peoples|relations?|partnership|cooperation|ties)|"
                      r"both (?:countries|nations|sides|leaders)|the two (?:countries|nations|sides|leaders|presidents)|"
                      r"Russian[-–]Chinese|Chinese[-–]Russian|Sino[-–]Russian|China[-–]Russia|Russia[-–]China|"
                      r"Beijing[-–]Moscow|Moscow[-–]Beijing|no[- ]limits?")
PAIR = {"Xi Jinping": "Russia", "Vladimir Putin": "China"}


def _aspect_flags(text: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({a: text.str.contains(rf"(?<!\w)(?:{p})", case=False, regex=True)
                         for a, p in ASPECTS.items()}, index=text.index)


def speech_units(sentences: pd.DataFrame, statements: pd.DataFrame) -> pd.DataFrame:
    """What each speaker says, as units of text: each sentence of a speaker turn, each quotation
    (with the sentence around it as context). Columns: doc_id, sent, speaker, kind, text, context."""
    cols = ["doc_id", "sent", "speaker", "kind", "text", "context"]
    if statements.empty or sentences.empty:
        return pd.DataFrame(columns=cols)
    st = statements[statements["speaker"].notna()]
    sents = sentences[["doc_id", "sent", "start", "end", "text"]]
    quotes = st[st["kind"] != "turn"]
    q = quotes[["doc_id", "sent", "speaker", "kind", "text"]].merge(
        sents[["doc_id", "sent", "text"]].rename(columns={"text": "context"}), on=["doc_id", "sent"], how="left",
        validate="many_to_one")
    turns = st[st["kind"] == "turn"][["doc_id", "start", "end", "speaker"]].rename(
        columns={"start": "t_start", "end": "t_end"}).sort_values("t_start", kind="stable")
    if not turns.empty:
        s = sents.assign(mid=(sents["start"] + sents["end"]) // 2).sort_values("mid", kind="stable")
        t = pd.merge_asof(s, turns, left_on="mid", right_on="t_start", by="doc_id", direction="backward")
        t = t[t["speaker"].notna() & (t["mid"] < t["t_end"])]
        t = t.assign(kind="turn", context=t["text"])[cols]
    else:
        t = pd.DataFrame(columns=cols)
    out = pd.concat([q[cols], t], ignore_index=True) if len(t) else q[cols]
    out["text"] = out["text"].fillna("").astype(str)
    out["context"] = out["context"].fillna(out["text"]).astype(str)
    return out.sort_values(["doc_id", "sent", "kind"], kind="stable").reset_index(drop=True)


def relationship_statements(sentences: pd.DataFrame, statements: pd.DataFrame, mentions: pd.DataFrame,
                            articles: pd.DataFrame, doc_themes: pd.DataFrame | None = None,
                            speakers=("Xi Jinping", "Vladimir Putin"), actors: str | None = None) -> pd.DataFrame:
    """What Xi Jinping and Vladimir Putin each say about the relationship: their statements that name the other
    side (or the relationship itself), tagged with the aspects they speak of (friendship, trust, coordination,
    dependence). One row per unit of speech, with the document's date and the sentence as evidence."""
    cols = ["doc_id", "date", "year", "speaker", "sentence", "text", *ASPECTS]
    units = speech_units(sentences, statements)
    units = units[units["speaker"].isin(list(speakers))]
    if units.empty:
        return pd.DataFrame(columns=cols)
    sides = actor_sides(actors)
    m = mentions.assign(side=mentions["actor"].map(sides).fillna(mentions["actor"]))
    by_sent = m.groupby(["doc_id", "sent"])["side"].agg(lambda s: set(s))
    keys = list(zip(units["doc_id"], units["sent"]))
    sent_sides = [by_sent.get(k, set()) for k in keys]
    other = [PAIR.get(sp, "") for sp in units["speaker"]]
    names_other = [o in s for o, s in zip(other, sent_sides)]
    names_relation = units["context"].str.contains(RELATIONSHIP_WORDS, case=False, regex=True).to_numpy()
    aligned = set()
    if doc_themes is not None and not doc_themes.empty:
        aligned = set(doc_themes[(doc_themes["theme"] == "china_russia_alignment") & doc_themes["present"].astype(bool)]
                      ["doc_id"])
    third = [bool(s - {"China", "Russia"} - {sp}) for s, sp in zip(sent_sides, units["speaker"])]
    flags = _aspect_flags(units["text"])
    in_aligned = units["doc_id"].isin(aligned).to_numpy()
    keep = pd.Series(names_other, index=units.index) | names_relation | \
        (pd.Series(in_aligned, index=units.index) & flags.any(axis=1) & ~pd.Series(third, index=units.index))
    units = units[keep]
    if units.empty:
        return pd.DataFrame(columns=cols)
    info = document_info(articles).set_index("id")
    out = pd.DataFrame({"doc_id": units["doc_id"], "date": units["doc_id"].map(info["date"]),
                        "year": units["doc_id"].map(info["year"]), "speaker": units["speaker"],
                        "sentence": units["context"].map(lambda s: " ".join(s.split())),
                        "text": units["text"].map(lambda s: " ".join(s.split()))})
    out = pd.concat([out, flags.loc[units.index]], axis=1)
    return out.sort_values(["date", "doc_id", "speaker"], kind="stable", na_position="last").reset_index(drop=True)[cols]


def aspects_by_speaker(rel: pd.DataFrame) -> pd.DataFrame:
    """Per speaker: statements about the relationship, and how many speak of each aspect."""
    cols = ["speaker", "statements", *ASPECTS]
    if rel.empty:
        return pd.DataFrame(columns=cols)
    g = rel.groupby("speaker", sort=True)
    out = g[list(ASPECTS)].sum().astype(int)
    out.insert(0, "statements", g.size())
    return out.reset_index()[cols]


def aspects_over_time(rel: pd.DataFrame) -> pd.DataFrame:
    """Per year and speaker: statements about the relationship and those speaking of each aspect (long form)."""
    cols = ["year", "speaker", "aspect", "statements", "total"]
    rel = rel[rel["year"].notna()] if not rel.empty else rel
    if rel.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for (year, speaker), g in rel.groupby(["year", "speaker"], sort=True):
        for a in ASPECTS:
            rows.append({"year": int(year), "speaker": speaker, "aspect": a, "statements": int(g[a].sum()),
                         "total": len(g)})
    return pd.DataFrame(rows, columns=cols)


def aspect_examples(rel: pd.DataFrame, per: int = 2) -> pd.DataFrame:
    """Example statements for each speaker and aspect (earliest first): the evidence behind the counts, with the
    sentence around a quotation (blank for a speaker turn's sentence, which is the statement itself)."""
    cols = ["speaker", "aspect", "date", "doc_id", "statement", "sentence"]
    rows = []
    for speaker in sorted(rel["speaker"].unique()) if not rel.empty else []:
        for a in ASPECTS:
            g = rel[(rel["speaker"] == speaker) & rel[a]]
            for r in g.head(per).itertuples(index=False):
                rows.append({"speaker": speaker, "aspect": a, "date": r.date, "doc_id": r.doc_id,
                             "statement": r.text, "sentence": "" if r.sentence == r.text else r.sentence})
    return pd.DataFrame(rows, columns=cols)


def co_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of actors mentioned in the same sentence: sentences and documents in which they meet."""
    cols = ["a", "b", "sentences", "documents"]
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    m = mentions[["doc_id", "sent", "actor"]].dropna().drop_duplicates()
    pairs = m.merge(m, on=["doc_id", "sent"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_a"] < pairs["actor_b"]]
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    g = pairs.groupby(["actor_a", "actor_b"])
    out = pd.DataFrame({"sentences": g.size(), "documents": g["doc_id"].nunique()}).reset_index()
    out = out.rename(columns={"actor_a": "a", "actor_b": "b"})
    return out.sort_values(["sentences", "a", "b"], ascending=[False, True, True], kind="stable").reset_index(drop=True)


def actor_network(mentions: pd.DataFrame, top: int = 25, max_edges: int = 60):
    """The co-mention network (networkx Graph) of the `top` most mentioned actors and their strongest links.

    Nodes carry `mentions` (sentences naming the actor) and `type`; edges carry `weight`
    (sentences naming both). Returns an empty graph when nothing is mentioned.
    """
    import networkx as nx

    g = nx.Graph()
    if mentions.empty:
        return g
    per_actor = mentions[["doc_id", "sent", "actor"]].drop_duplicates()["actor"].value_counts()
    per_actor = per_actor.sort_index(kind="stable").sort_values(ascending=False, kind="stable").head(top)
    types = mentions.drop_duplicates("actor").set_index("actor")["type"]
    edges = co_mentions(mentions[mentions["actor"].isin(per_actor.index)]).head(max_edges)
    for actor, n in per_actor.items():
        g.add_node(actor, mentions=int(n), type=types.get(actor))
    for e in edges.itertuples(index=False):
        g.add_edge(e.a, e.b, weight=int(e.sentences), documents=int(e.documents))
    return g


def network_table(graph) -> pd.DataFrame:
    """The network's actors: mentions, links kept, the sentences shared with linked actors, strongest partner."""
    cols = ["actor", "type", "mentions", "links", "shared_sentences", "strongest_link"]
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=cols)
    rows = []
    for node, data in graph.nodes(data=True):
        nbrs = sorted(graph[node].items(), key=lambda kv: (-kv[1]["weight"], kv[0]))
        rows.append({"actor": node, "type": data.get("type"), "mentions": data.get("mentions", 0),
                     "links": len(nbrs), "shared_sentences": sum(d["weight"] for _, d in nbrs),
                     "strongest_link": f"{nbrs[0][0]} ({nbrs[0][1]['weight']})" if nbrs else "-"})
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["mentions", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)


# How the relationship is framed: aspects of it, and what it is discussed alongside.
FRAMES = {
    **ASPECTS,
    "alliance / axis": r"alliance\w*|allie[sd]|axis|bloc\b|no[- ]limits?|alignment|align\w*|partnership",
    "economy / energy": r"trade|econom\w+|energy|oil|gas|pipeline\w*|invest\w+|yuan|rouble\w*|ruble\w*|payment\w*",
    "Ukraine war": r"Ukrain\w*|invasion|Kyiv|Kiev|special military operation",
    "the West / US": r"West\w*|United States|America\w*|Washington|NATO|USA?\b|U\.S\.|Biden|Trump",
}


def relationship_sentences(sentences: pd.DataFrame, mentions: pd.DataFrame, actors: str | None = None) -> pd.DataFrame:
    """Sentences about the China-Russia relationship: they name both sides (states, leaders, officials)
    or the relationship itself ("bilateral", "Russian-Chinese", "the two countries" beside one side)."""
    cols = ["doc_id", "sent", "text"]
    if sentences.empty:
        return pd.DataFrame(columns=cols)
    sides = actor_sides(actors)
    m = mentions.assign(side=mentions["actor"].map(sides).fillna(mentions["actor"])) if not mentions.empty \
        else pd.DataFrame(columns=["doc_id", "sent", "side"])
    china = set(zip(m.loc[m["side"] == "China", "doc_id"], m.loc[m["side"] == "China", "sent"]))
    russia = set(zip(m.loc[m["side"] == "Russia", "doc_id"], m.loc[m["side"] == "Russia", "sent"]))
    keys = list(zip(sentences["doc_id"], sentences["sent"]))
    has_c = pd.Series([k in china for k in keys], index=sentences.index)
    has_r = pd.Series([k in russia for k in keys], index=sentences.index)
    pair_words = sentences["text"].str.contains(
        r"Russian[-–]Chinese|Chinese[-–]Russian|Sino[-–]Russian|China[-–]Russia|Russia[-–]China|"
        r"Beijing[-–]Moscow|Moscow[-–]Beijing", case=False, regex=True)
    relation = sentences["text"].str.contains(RELATIONSHIP_WORDS, case=False, regex=True)
    keep = (has_c & has_r) | pair_words | (relation & (has_c | has_r))
    return sentences.loc[keep, cols].reset_index(drop=True)


def framing(sentences: pd.DataFrame, mentions: pd.DataFrame, articles: pd.DataFrame,
            actors: str | None = None) -> pd.DataFrame:
    """Side by side per source group: sentences about the relationship, and the share of them that
    speak of each frame (friendship, trust, coordination, dependence, alliance, economy, Ukraine, the West)."""
    cols = ["group", "documents", "sentences", *FRAMES]
    rel = relationship_sentences(sentences, mentions, actors)
    if rel.empty:
        return pd.DataFrame(columns=cols)
    info = document_info(articles).set_index("id")
    rel = rel.assign(group=rel["doc_id"].map(info["group"]))
    flags = pd.DataFrame({f: rel["text"].str.contains(rf"(?<!\w)(?:{p})", case=False, regex=True)
                          for f, p in FRAMES.items()})
    rows = []
    groups = [g for g in GROUP_ORDER if g in set(rel["group"])]
    for grp in groups:
        sel = rel["group"] == grp
        n = int(sel.sum())
        row = {"group": grp, "documents": int(rel.loc[sel, "doc_id"].nunique()), "sentences": n}
        for f in FRAMES:
            row[f] = f"{flags.loc[sel, f].mean():.0%}"
        rows.append(row)
    return pd.DataFrame(rows, columns=cols)


def framing_table(frames: pd.DataFrame) -> pd.DataFrame:
    """`framing` turned for reading: one row per measure (documents, sentences, each frame), one column per
    kind of source, so the sources stand side by side."""
    if frames.empty:
        return pd.DataFrame(columns=["measure"])
    out = frames.set_index("group").T.astype(str)
    out.index = ["documents", "sentences about the relationship", *[f"% speaking of {f}" for f in FRAMES]]
    out.index.name = "measure"
    out.columns.name = None
    return out.reset_index()


def framing_examples(sentences: pd.DataFrame, mentions: pd.DataFrame, articles: pd.DataFrame,
                     actors: str | None = None, per: int = 1) -> pd.DataFrame:
    """For each source group and frame, the earliest sentence about the relationship that speaks of it."""
    cols = ["group", "frame", "date", "doc_id", "sentence"]
    rel = relationship_sentences(sentences, mentions, actors)
    if rel.empty:
        return pd.DataFrame(columns=cols)
    info = document_info(articles).set_index("id")
    rel = rel.assign(group=rel["doc_id"].map(info["group"]), date=rel["doc_id"].map(info["date"]))
    rel = rel.sort_values(["date", "doc_id", "sent"], kind="stable", na_position="last")
    rows = []
    for grp in [g for g in GROUP_ORDER if g in set(rel["group"])]:
        sub = rel[rel["group"] == grp]
        for f, p in FRAMES.items():
            hit = sub[sub["text"].str.contains(rf"(?<!\w)(?:{p})", case=False, regex=True)].head(per)
            for r in hit.itertuples(index=False):
                rows.append({"group": grp, "frame": f, "date": r.date, "doc_id": r.doc_id,
                             "sentence": " ".join(str(r.text).split())})
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------- world order


# The multipolarity vocabulary, as regular expressions on word starts (case-insensitive).
WORLD_ORDER_TERMS = {
    "multipolar": r"multi-?polar\w*|polycentric\w*",
    "hegemony": r"hegemon\w*",
    "unipolar": r"uni-?polar\w*",
    "US-led order": r"(?:US|U\.S\.|American|Western|Washington)[- ]led (?:world |international |global |liberal )?order"
                    r"|rules-based (?:international )?order|liberal international order",
    "democratisation of international relations": r"democrati[sz](?:ation|e|ing)\w* (?:of )?international relations"
                                                  r"|democracy in international relations",
    "Global South": r"Global South|world majority|global majority",
}


# Column headers for the longer terms, so the tables fit the page.
TERM_SHORT = {"democratisation of international relations": "democratising IR"}


def term_uses(sentences: pd.DataFrame, statements: pd.DataFrame, articles: pd.DataFrame,
              terms: dict[str, str] | None = None) -> pd.DataFrame:
    """Every sentence using each world-order term: the term, who says it (the speaker of the turn or
    quotation it lies in, else "(narration)"), the document's source group, outlet and year, the sentence."""
    terms = terms or WORLD_ORDER_TERMS
    cols = ["term", "doc_id", "sent", "date", "year", "speaker", "group", "outlet", "sentence"]
    if sentences.empty:
        return pd.DataFrame(columns=cols)
    pattern = "|".join(f"(?:{p})" for p in terms.values())
    cand = sentences[sentences["text"].str.contains(rf"(?<!\w)(?:{pattern})", case=False, regex=True)]
    if cand.empty:
        return pd.DataFrame(columns=cols)
    units = speech_units(cand, statements)
    speaker = {}
    for u in units.itertuples(index=False):  # a turn wins over a quotation inside the sentence only if no quote speaker
        key = (u.doc_id, u.sent)
        if u.kind != "turn" or key not in speaker:
            speaker[key] = u.speaker
    info = document_info(articles).set_index("id")
    rows = []
    for s in cand.itertuples(index=False):
        for term, p in terms.items():
            if _re.search(rf"(?<!\w)(?:{p})", s.text, _re.IGNORECASE):
                rows.append({"term": term, "doc_id": s.doc_id, "sent": int(s.sent),
                             "speaker": speaker.get((s.doc_id, s.sent), "(narration)"),
                             "sentence": " ".join(str(s.text).split())})
    df = pd.DataFrame(rows, columns=["term", "doc_id", "sent", "speaker", "sentence"])
    df["date"] = df["doc_id"].map(info["date"])
    df["year"] = df["doc_id"].map(info["year"])
    df["group"] = df["doc_id"].map(info["group"])
    df["outlet"] = df["doc_id"].map(info["outlet"])
    order = {t: i for i, t in enumerate(terms)}
    df = df.assign(_o=df["term"].map(order)).sort_values(["_o", "date", "doc_id", "sent"], kind="stable",
                                                          na_position="last")
    return df.drop(columns="_o").reset_index(drop=True)[cols]


def uses_by(uses: pd.DataFrame, by: str, top: int = 12, terms: dict[str, str] | None = None) -> pd.DataFrame:
    """Sentences using each term per `by` (speaker, group, outlet or year): one row per value, most uses first."""
    terms = list(terms or WORLD_ORDER_TERMS)
    if uses.empty:
        return pd.DataFrame(columns=[by, "total", *[TERM_SHORT.get(t, t) for t in terms]])
    df = uses.dropna(subset=[by])
    table = pd.crosstab(df[by].astype(str), df["term"]).reindex(columns=terms, fill_value=0)
    table = table.rename(columns=TERM_SHORT)
    sentences = df.drop_duplicates(["doc_id", "sent"]).groupby(df[by].astype(str)).size()
    table.insert(0, "total", sentences.reindex(table.index).fillna(0).astype(int))
    if by == "year":
        table = table.sort_index()
    else:
        table = table.sort_index(kind="stable").sort_values("total", ascending=False, kind="stable").head(top)
    table.index.name = by
    table.columns.name = None
    return table.reset_index()


def term_examples(uses: pd.DataFrame, per: int = 2) -> pd.DataFrame:
    """Example sentences for each term: the earliest ones, from different documents where possible."""
    cols = ["term", "date", "speaker", "group", "doc_id", "sentence"]
    if uses.empty:
        return pd.DataFrame(columns=cols)
    first = uses.drop_duplicates(["term", "doc_id"])
    rest = uses.drop(first.index)
    picked = pd.concat([first, rest]).groupby("term", sort=False).head(per)
    order = {t: i for i, t in enumerate(uses["term"].drop_duplicates())}
    picked = picked.assign(_o=picked["term"].map(order)).sort_values(["_o", "date", "doc_id", "sent"],
                                                                     kind="stable", na_position="last")
    return picked[cols].reset_index(drop=True)


# --------------------------------------------------------------------------- timeline


MEETING_WORDS = (r"\bmet\b|\bmeets?\b|\bmeeting\b|\btalks\b|\bsummit\b|\bsat (?:down|face to face)|\bhosted\b|"
                 r"\bwelcomed\b|\breceived\b|\bhold talks\b|\bheld talks\b|\bstate visit\b|\bvisit\w*|\bnegotiations\b|"
                 r"\bface[- ]to[- ]face\b")
NOT_A_MEETING = (r"\b(?:tele)?phone\b|\bcall\b|\bcalled\b|\bletter\b|\bmessage\b|\bcongratulat\w+|\bwill\b|"
                 r"\bto meet\b|\bplan\w*\b|\bexpected\b|\bnext\b|\bupcoming\b|\bforthcoming\b|\bahead of\b|"
                 r"\bprior to\b|\binvit\w+|\btimes\b|\bago\b|\blast year\b|\bprevious\w*\b|\bfirst met\b|\bsince\b|"
                 r"\benvoy\b|\bspecial representative\b|\bsuggest\w*|\bpropos\w*|\bwould\b|\bcould\b|\bmay\b|"
                 r"\bmight\b|\bto (?:visit|travel|meet|hold|sit|host)\b|\bheads? to\b|\bexpect\w*|\bset to\b|"
                 r"\bdue to\b|\bvideo\b|\bvirtual\w*|\bonline\b|\bkeeps? away\b|\bskip\w*|\babsen\w+|"
                 r"\bnot (?:attend|meet|visit)\w*|\bwon[’']t\b|\bdid not\b|\bdidn[’']t\b")
PAIR_NAMES = ("Xi Jinping", "Vladimir Putin")


def meeting_mentions(articles: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame,
                     dates: pd.DataFrame | None = None, pair=PAIR_NAMES) -> pd.DataFrame:
    """Sentences (titles included) reporting a meeting of the pair as it happens: both named (or one named in a
    Kremlin or MFA title, the host being implied), a meeting word, and no sign of a call, a plan or the past.
    The date is a day named in the sentence (up to two weeks before the document) or the document's date."""
    cols = ["date", "doc_id", "group", "sentence", "how"]
    if sentences.empty or mentions.empty:
        return pd.DataFrame(columns=cols)
    info = document_info(articles).set_index("id")
    m = mentions[mentions["actor"].isin(pair)]
    named = m.groupby(["doc_id", "sent"])["actor"].agg(lambda s: set(s))
    cand = sentences.merge(named.rename("named").reset_index(), on=["doc_id", "sent"], how="inner")
    if cand.empty:
        return pd.DataFrame(columns=cols)
    cand = cand.assign(group=cand["doc_id"].map(info["group"]), doc_date=cand["doc_id"].map(info["date"]))
    is_title = (cand["sent"] == 0) & cand["doc_id"].map(info["title"]).fillna("").astype(str).map(
        lambda t: bool(t.strip())).to_numpy()
    both = cand["named"].map(lambda s: set(pair) <= s)
    # A Kremlin title naming Xi ("Talks with President of China Xi Jinping") has Putin as its host, and an MFA
    # title naming Putin has Xi as its host.
    host = is_title & (((cand["group"] == "Kremlin texts") & cand["named"].map(lambda s: pair[0] in s))
                       | ((cand["group"] == "MFA briefings") & cand["named"].map(lambda s: pair[1] in s)))
    meeting = cand["text"].str.contains(MEETING_WORDS, case=False, regex=True)
    blocked = cand["text"].str.contains(NOT_A_MEETING, case=False, regex=True)
    years = cand["text"].str.findall(r"\b(?:19|20)\d{2}\b")
    other_year = [any(y != str(d)[:4] for y in ys) for ys, d in zip(years, cand["doc_date"])]
    keep = (both | host) & meeting & ~blocked & ~pd.Series(other_year, index=cand.index) & cand["doc_date"].notna()
    cand = cand[keep]
    if cand.empty:
        return pd.DataFrame(columns=cols)
    day_of, month_of = {}, {}
    if dates is not None and not dates.empty:
        d = dates[dates["date"].notna()]
        for r in d.itertuples(index=False):
            if r.granularity == "day":
                day_of.setdefault((r.doc_id, r.sent), r.date)
            elif r.granularity == "month":
                month_of.setdefault((r.doc_id, r.sent), r.date)
    rows = []
    for r, title in zip(cand.itertuples(index=False), is_title[keep.to_numpy()]):
        when, how = r.doc_date, "the document's date"
        if _re.search(r"\byesterday\b", r.text, _re.IGNORECASE):
            when, how = (pd.Timestamp(r.doc_date) - pd.Timedelta(days=1)).strftime("%Y-%m-%d"), "'yesterday'"
        named_day = day_of.get((r.doc_id, r.sent))
        named_month = month_of.get((r.doc_id, r.sent))
        if named_day:
            delta = (pd.Timestamp(r.doc_date) - pd.Timestamp(named_day)).days
            if delta < 0:
                continue  # a day after the document: a plan, not a meeting
            if delta == 7 and not _re.search(r"\blast\b", r.text, _re.IGNORECASE):
                pass  # "on Monday" in a Monday's news is that day, not the week before
            else:
                when, how = named_day, "a day named in the sentence"
        elif named_month and str(named_month)[:7] != str(r.doc_date)[:7]:
            continue  # "In March, Xi visited..." in a May text: a meeting recalled without its day
        rows.append({"date": when, "doc_id": r.doc_id, "group": r.group, "sentence": " ".join(str(r.text).split()),
                     "how": ("title; " if title else "") + how})
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["date", "doc_id"], kind="stable").reset_index(drop=True)


def meetings(mentions_of_meetings: pd.DataFrame, gap_days: int = 3) -> pd.DataFrame:
    """Meetings of the pair: reports whose dates lie within `gap_days` of each other count as one meeting.

    One row per meeting: its date (the date most reports give; ties: the earliest), the
    documents reporting it, one evidence sentence (a title first, else the earliest report).
    """
    cols = ["date", "documents", "doc_ids", "evidence"]
    df = mentions_of_meetings
    if df.empty:
        return pd.DataFrame(columns=cols)
    df = df.sort_values(["date", "doc_id"], kind="stable")
    days = pd.to_datetime(df["date"])
    cluster = (days.diff().dt.days.fillna(gap_days + 1) > gap_days).cumsum()
    rows = []
    for _, g in df.groupby(cluster.to_numpy(), sort=True):
        rank = (~g["how"].str.startswith("title")).astype(int) * 2 + \
            g["sentence"].str.match(r"^(?:Q|A|Question|Answer)\s*:").astype(int)
        best = g.assign(_r=rank.to_numpy()).sort_values(["_r", "date", "doc_id"], kind="stable").iloc[0]
        ids = sorted(g["doc_id"].unique())
        counts = g["date"].value_counts()
        date = sorted(counts[counts == counts.max()].index)[0]
        rows.append({"date": date, "documents": len(ids),
                     "doc_ids": ", ".join(ids[:4]) + (f" (+{len(ids) - 4})" if len(ids) > 4 else ""),
                     "evidence": best["sentence"]})
    return pd.DataFrame(rows, columns=cols)


TRADE = r"trad(?:e|ing)|turnover|commerce"
CURRENCY_UNITS = {"USD", "CNY", "RUB", "EUR"}
_YEAR = _re.compile(r"\b(?:19|20)\d{2}\b")
_CLAUSE = _re.compile(r"[(;]|\bwhile\b|\bwhereas\b|\bthen\b|\bcompared\b|\bfrom\b|\bup from\b|\bdown from\b")
_RELATIVE_YEARS = {"this year": 0, "the year": 0, "current year": 0, "last year": -1, "past year": -1,
                   "next year": 1, "previous year": -1}
_PART = r"first (?:\w+ )?(?:months?|quarter|half)|(?:months?|quarter|half) of|january[- ]\w+|so far|year to date"
_FORECAST = (r"\bwill\b|\bwould\b|\bexpect\w*|\btarget\w*|\bgoal\b|\baim\w*|\bplan\w*|\bforecast\w*|\bprojected\b|"
             r"\bby 20\d\d\b|\bcould\b|\bset to\b|\bis to reach\b|\bhow soon\b|"
             r"\bto (?:hit|reach|exceed|surpass|top)\b")
_SECTOR = r"\benergy\b|\boil\b|\bgas\b|\bagricultur\w+|\bfood\b|\be-commerce\b|\bcross-border\b|\binvestment\w*\b|\bmilitary\b|\barms\b"


_BOUNDARY = _re.compile(r",\s+(?:and|but|while|whereas|which|although)\b|[(;:]|\bwhile\b|\bwhereas\b|\bthen\b")


def figure_clause(sentence: str, at: int) -> tuple[int, int]:
    """The span of the clause of `sentence` holding offset `at` (cut at ', and', ';', '(', 'while', ...)."""
    starts = [m.end() for m in _BOUNDARY.finditer(sentence, 0, at)]
    after = _BOUNDARY.search(sentence, at)
    return (max(starts) if starts else 0), (after.start() if after else len(sentence))


def figure_year(sentence: str, at: int, doc_year) -> tuple[int | None, str]:
    """The year a figure at offset `at` of `sentence` refers to, and how it was found.

    The last year named in the figure's clause before it; else "this/last/next year" there;
    else a year named right after it ("by 2024"); else the document's year.
    """
    starts = [m.end() for m in _CLAUSE.finditer(sentence, 0, at)]
    clause_start = max(starts) if starts else 0
    m_end = _CLAUSE.search(sentence, at)
    clause_end = m_end.start() if m_end else len(sentence)
    before = sentence[clause_start:at]
    years = _YEAR.findall(before)
    if years:
        return int(years[-1]), "year named before it"
    low = before.lower()
    found = [(low.rfind(k), v) for k, v in _RELATIVE_YEARS.items() if k in low]
    if found and doc_year is not None and not pd.isna(doc_year):
        return int(doc_year) + max(found)[1], "this/last/next year"
    after = _YEAR.findall(sentence[at:clause_end])
    if after:
        return int(after[0]), "year named after it"
    if doc_year is None or pd.isna(doc_year):
        return None, "no year"
    return int(doc_year), "the document's year"


# Trade figures that are not between two countries.
NOT_BILATERAL = r"trade (?:surplus|deficit|balance)|foreign trade|external trade|reserves|shadow|retail trade|world trade"
_CHINA_WORDS = r"China|Chinese|Beijing|Xi Jinping|PRC\b"
_RUSSIA_WORDS = r"Russia|Russian|Moscow|Putin|Kremlin"


def _documents_about_the_pair(articles: pd.DataFrame, sentences: pd.DataFrame) -> set:
    """Documents whose title (else first sentence) is about China and Russia: it names both, or the other side
    for a Kremlin text (China) or an MFA briefing (Russia)."""
    info = document_info(articles).set_index("id")
    firsts = sentences[sentences["sent"] == 0].set_index("doc_id")["text"] if not sentences.empty else pd.Series(dtype=str)
    out = set()
    for doc_id, title in zip(articles["id"].astype(str), articles["title"] if "title" in articles else [None] * len(articles)):
        head = title if isinstance(title, str) and title.strip() else str(firsts.get(doc_id, ""))
        has_c = bool(_re.search(_CHINA_WORDS, head))
        has_r = bool(_re.search(_RUSSIA_WORDS, head))
        group = info["group"].get(doc_id)
        if (has_c and has_r) or (group == "Kremlin texts" and has_c) or (group == "MFA briefings" and has_r):
            out.add(doc_id)
    return out


def trade_figures(figures: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame,
                  articles: pd.DataFrame, doc_themes: pd.DataFrame | None = None,
                  actors: str | None = None, min_value: float = 1e8) -> pd.DataFrame:
    """China-Russia trade volumes as the texts report them: value, unit, the year meant, what kind of figure
    (reported total, part of a year, a sector, a forecast or target) and the sentence.

    A money figure counts when its sentence speaks of trade and names China and Russia (or
    the relationship, or one side in a document about the two), and no third partner alone.
    """
    cols = ["year", "value", "unit", "text", "kind", "doc_id", "date", "group", "year_from", "sentence"]
    if figures.empty or sentences.empty:
        return pd.DataFrame(columns=cols)
    money = figures[figures["unit"].isin(CURRENCY_UNITS) & (figures["value"] >= min_value)]
    if money.empty:
        return pd.DataFrame(columns=cols)
    s = sentences[["doc_id", "sent", "start", "text"]].rename(columns={"start": "s_start", "text": "sentence"})
    df = money.merge(s, on=["doc_id", "sent"], how="inner", validate="many_to_one")
    df = df[df["sentence"].str.contains(TRADE, case=False, regex=True)]
    if df.empty:
        return pd.DataFrame(columns=cols)
    sides = actor_sides(actors)
    m = mentions.assign(side=mentions["actor"].map(sides).fillna(mentions["actor"]),
                        kind=mentions["type"]) if not mentions.empty else pd.DataFrame(columns=["doc_id", "sent", "side", "kind"])
    states = m[m["kind"].isin(["state", "person", "organisation"])]
    by_sent = states.groupby(["doc_id", "sent"])["side"].agg(lambda x: set(x))
    aligned = set()
    if doc_themes is not None and not doc_themes.empty:
        aligned = set(doc_themes[(doc_themes["theme"] == "china_russia_alignment") & doc_themes["present"].astype(bool)]
                      ["doc_id"])
    info = document_info(articles).set_index("id")
    pair_words = _re.compile(RELATIONSHIP_WORDS + r"|\bmutual\b|\bour trade\b|between our countries", _re.IGNORECASE)
    about = _documents_about_the_pair(articles, sentences)
    rows = []
    for r in df.itertuples(index=False):
        named = by_sent.get((r.doc_id, r.sent), set())
        if not named:  # "It reached $108 billion": the sentence before says between whom
            named = by_sent.get((r.doc_id, r.sent - 1), set())
        china, russia = "China" in named, "Russia" in named
        others = named - {"China", "Russia"}
        if china and russia:
            ok = True
        elif others or _re.search(NOT_BILATERAL, r.sentence, _re.IGNORECASE):
            ok = False
        else:  # one side or none named: the document must be about the two, the sentence about trade between them
            ok = r.doc_id in aligned and r.doc_id in about and (china or russia or bool(pair_words.search(r.sentence)))
        if not ok or (r.unit == "USD" and r.value >= 1e12):
            continue
        at = int(r.start) - int(r.s_start)
        year, how = figure_year(r.sentence, at, info["year"].get(r.doc_id))
        clause = r.sentence[slice(*figure_clause(r.sentence, at))]
        if _re.search(_PART, clause, _re.IGNORECASE):
            kind = "part of a year"
        elif _re.search(_SECTOR, r.sentence[max(0, at - 80): at + 20], _re.IGNORECASE):
            kind = "one sector"
        elif _re.search(_FORECAST, clause, _re.IGNORECASE):
            kind = "forecast or target"
        else:
            kind = "reported"
        rows.append({"year": year, "value": float(r.value), "unit": r.unit, "text": r.text, "kind": kind,
                     "doc_id": r.doc_id, "date": info["date"].get(r.doc_id), "group": info["group"].get(r.doc_id),
                     "year_from": how, "sentence": " ".join(str(r.sentence).split())})
    out = pd.DataFrame(rows, columns=cols)
    if out.empty:
        return out
    out["year"] = out["year"].astype("Int64")
    return out.sort_values(["year", "date", "doc_id", "value"], kind="stable", na_position="last").reset_index(drop=True)


def money(value, unit: str) -> str:
    """A sum as text: '$108 billion', '1.2 trillion RUB'."""
    if value is None or pd.isna(value):
        return "-"
    v = float(value)
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= scale:
            num = f"{v / scale:,.1f}".rstrip("0").rstrip(".")
            return f"${num} {word}" if unit == "USD" else f"{num} {word} {unit}"
    return f"${v:,.0f}" if unit == "USD" else f"{v:,.0f} {unit}"


def trade_table(trade: pd.DataFrame) -> pd.DataFrame:
    """Trade figures for display: year, the sum, kind, the document and its date, the sentence."""
    cols = ["year", "figure", "kind", "date", "doc_id", "sentence"]
    if trade.empty:
        return pd.DataFrame(columns=cols)
    return pd.DataFrame({"year": trade["year"].astype("string").fillna("?").to_numpy(),
                         "figure": [money(v, u) for v, u in zip(trade["value"], trade["unit"])],
                         "kind": trade["kind"].to_numpy(), "date": trade["date"].to_numpy(),
                         "doc_id": trade["doc_id"].to_numpy(), "sentence": trade["sentence"].to_numpy()})


def attention(articles: pd.DataFrame, mentions: pd.DataFrame, pair=PAIR_NAMES, top: int = 12,
              groups=(HEADLINES_GROUP, OTHER_GROUP)) -> pd.DataFrame:
    """Attention the pair gets in the news, per outlet and week: documents naming both (long form:
    outlet, week, documents, outlet_total). Kremlin and MFA texts are left out; the `top` outlets kept."""
    cols = ["outlet", "week", "documents", "outlet_total"]
    info = document_info(articles)
    info = info[info["group"].isin(groups) & info["week"].notna()]
    if info.empty or mentions.empty:
        return pd.DataFrame(columns=cols)
    named = mentions[mentions["actor"].isin(pair)].groupby("doc_id")["actor"].nunique()
    both = set(named[named == len(pair)].index)
    hits = info[info["id"].isin(both)]
    if hits.empty:
        return pd.DataFrame(columns=cols)
    totals = hits["outlet"].value_counts().sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    keep = list(totals.head(top).index)
    counts = hits[hits["outlet"].isin(keep)].groupby(["outlet", "week"]).size().rename("documents").reset_index()
    counts["outlet_total"] = counts["outlet"].map(totals).astype(int)
    order = {o: i for i, o in enumerate(keep)}
    counts = counts.assign(_o=counts["outlet"].map(order)).sort_values(["_o", "week"], kind="stable")
    return counts.drop(columns="_o").reset_index(drop=True)[cols]


def attention_summary(att: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: documents naming both, weeks with any, the busiest week."""
    cols = ["outlet", "documents", "weeks", "busiest_week"]
    if att.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for outlet, g in att.groupby("outlet", sort=False):
        top = g.sort_values(["documents", "week"], ascending=[False, True], kind="stable").iloc[0]
        rows.append({"outlet": outlet, "documents": int(g["documents"].sum()), "weeks": len(g),
                     "busiest_week": f"{top['week']} ({int(top['documents'])})"})
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------- summaries for printing


def as_records(df: pd.DataFrame, empty: str = "No rows.", width: int = 100) -> str:
    """A table as plain text, one block per row ('column: value', long values wrapped), for wide text."""
    import textwrap

    if df is None or df.empty:
        return empty
    label = max(len(str(c)) for c in df.columns)
    blocks = []
    for row in df.astype(object).where(df.notna(), "-").to_dict("records"):
        lines = []
        for col, value in row.items():
            text = " ".join(str(value).split()) or "-"
            wrapped = textwrap.wrap(text, max(20, width - label - 2)) or ["-"]
            lines.append(f"{str(col).ljust(label)}  {wrapped[0]}")
            lines.extend(" " * (label + 2) + w for w in wrapped[1:])
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def peaks(over_time: pd.DataFrame, labels: dict | None = None) -> pd.DataFrame:
    """Per theme: the period where its share of documents is highest (ties: the earliest), and its average share."""
    cols = ["theme", "peak", "documents", "share", "average_share"]
    if over_time.empty or over_time["period"].nunique() < 2:
        return pd.DataFrame(columns=cols)
    rows = []
    for theme, g in over_time.groupby("theme", sort=True):
        g = g.sort_values(["share", "period"], ascending=[False, True], kind="stable")
        top = g.iloc[0]
        if top["documents"] == 0:
            continue
        rows.append({"theme": (labels or {}).get(theme, theme), "peak": top["period"],
                     "documents": f"{int(top['documents'])} of {int(top['total'])}", "share": f"{top['share']:.0%}",
                     "average_share": f"{g['documents'].sum() / g['total'].sum():.0%}"})
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["theme"], kind="stable").reset_index(drop=True)


def term_summary(uses: pd.DataFrame, terms: dict[str, str] | None = None) -> pd.DataFrame:
    """Per world-order term: sentences and documents using it, distinct speakers, first and last date."""
    cols = ["term", "sentences", "documents", "speakers", "first", "last"]
    terms = list(terms or WORLD_ORDER_TERMS)
    rows = []
    for t in terms:
        g = uses[uses["term"] == t] if not uses.empty else uses
        named = g[g["speaker"] != "(narration)"] if len(g) else g
        dates = g["date"].dropna() if len(g) else pd.Series(dtype=str)
        rows.append({"term": t, "sentences": len(g), "documents": int(g["doc_id"].nunique()) if len(g) else 0,
                     "speakers": int(named["speaker"].nunique()) if len(named) else 0,
                     "first": dates.min() if len(dates) else "-", "last": dates.max() if len(dates) else "-"})
    return pd.DataFrame(rows, columns=cols)


def statements_overview(statements: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Every statement with a speaker, for searching: date, document, speaker, kind, text (cut at 300 characters)."""
    cols = ["date", "doc_id", "speaker", "kind", "text"]
    if statements.empty:
        return pd.DataFrame(columns=cols)
    info = document_info(articles).set_index("id")["date"]
    df = statements.assign(date=statements["doc_id"].map(info))
    text = df["text"].fillna("").astype(str).map(lambda s: " ".join(s.split()))
    df = df.assign(text=text.map(lambda s: s if len(s) <= 300 else s[:297] + "..."),
                   speaker=df["speaker"].fillna("(not found)"))
    return df.sort_values(["date", "doc_id", "start"], kind="stable", na_position="last")[cols].reset_index(drop=True)
