"""Themes: prevalence overall, over time and by source, co-occurrence, the terms behind them, keyword in context."""

from __future__ import annotations

import re

import pandas as pd

from helpers.analysis.sources import document_info, document_language, document_words
from helpers.analysis.tables import format_number, share
from helpers.annotate.relevance import relevance
from helpers.annotate.relevance_model import load_relevance_model
from helpers.config import resolve
from helpers.resources.codebook import load_codebook
from helpers.resources.kb import load_kb


def theme_labels(codebook: str | None = None) -> dict[str, str]:
    """Theme id -> label, from the codebook (the shipped one by default)."""
    cb = load_codebook(resolve(codebook) if codebook else None)
    return {tid: t.label for tid, t in cb.themes.items()}


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
    key = info["month"] if freq == "month" else info["year"].astype(int).astype(str)
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
            row[t] = share(int(counts.get((source, t), 0)), n)
        rows.append(row)
    return pd.DataFrame(rows, columns=[by, "documents", *themes])


def documents_by_theme(doc_themes: pd.DataFrame, articles: pd.DataFrame, max_rows: int = 30) -> pd.DataFrame:
    """Per document (most themes first, then highest total): its date, title and, on each present theme, the
    theme model's probability (`theme_score`), or the codebook score where the model did not decide
    (a codebook it was not trained with)."""
    info = document_info(articles)
    if info.empty or doc_themes.empty:
        return pd.DataFrame(columns=["id", "date", "title"])
    present = doc_themes[doc_themes["present"].astype(bool)].copy()
    if "theme_score" in present.columns:
        present["shown"] = pd.to_numeric(present["theme_score"], errors="coerce").fillna(present["score"])
    else:
        present["shown"] = present["score"]
    themes = sorted(doc_themes["theme"].unique())
    scores = present.pivot_table(index="doc_id", columns="theme", values="shown", aggfunc="max")
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


def _term_regex(term: str) -> "re.Pattern":
    words = term.strip().rstrip("*").split()
    body = r"[\s\-]+".join(re.escape(w) for w in words)
    tail = r"[\w'’-]*" if term.strip().endswith("*") else r"(?![\w])"
    return re.compile(rf"(?<![\w-]){body}{tail}", re.IGNORECASE)


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
            terms = [x.strip() for x in re.split(r"[,;|]", str(h.terms or "")) if x.strip()]
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


RELEVANCE_TABLES = ("sentences", "mentions", "statements", "theme_hits", "doc_themes")


def document_relevance(tables: dict[str, pd.DataFrame], actors: str | None = None) -> pd.DataFrame:
    """Per document, most probable first, the relevance model's probability and decision (`actors`: whose sides).

    The probability stored with the annotations where there is one (the machine's, made with the
    knowledge base the corpus was annotated with); otherwise the model applied to the tables.
    """
    cols = ["id", "date", "title", "probability", "relevant"]
    info = document_info(tables["articles"])
    if info.empty:
        return pd.DataFrame(columns=cols)
    stored = tables.get("relevance")
    known = dict(zip(stored["doc_id"], stored["probability"])) if stored is not None and not stored.empty else {}
    model = load_relevance_model()
    missing = [d for d in info["id"] if d not in known]
    if missing:
        kb = load_kb(resolve(actors) if actors else None)
        grouped = {name: {k: g.to_dict("records") for k, g in tables[name].groupby("doc_id", sort=False)}
                   if not tables[name].empty else {} for name in RELEVANCE_TABLES}
        for doc_id in missing:
            known[doc_id] = relevance({name: grouped[name].get(doc_id, []) for name in RELEVANCE_TABLES}, kb, model)
    out = info[["id", "date", "title"]].assign(probability=[float(known[d]) for d in info["id"]])
    out["relevant"] = out["probability"] >= model.threshold
    return out.sort_values(["probability", "id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def relevance_summary(relevance_table: pd.DataFrame) -> pd.DataFrame:
    """Documents per band of relevance probability (`relevance_table`: `document_relevance`'s), most probable first."""
    bands = [(0.9, 1.0, "0.9 to 1"), (0.5, 0.9, "0.5 to 0.9 (relevant)"), (0.1, 0.5, "0.1 to 0.5"),
             (0.0, 0.1, "below 0.1")]
    n = max(len(relevance_table), 1)
    p = relevance_table["probability"] if not relevance_table.empty else pd.Series(dtype=float)
    rows = []
    for low, high, label in bands:
        inside = int(((p >= low) & ((p <= high) if high == 1.0 else (p < high))).sum())
        rows.append({"probability": label, "documents": inside, "share": f"{inside / n:.0%}"})
    return pd.DataFrame(rows, columns=["probability", "documents", "share"])


def relevant_only(doc_themes: pd.DataFrame, relevance_table: pd.DataFrame, min_probability: float = 0.5) -> pd.DataFrame:
    """The rows of `doc_themes` of the documents whose relevance probability reaches `min_probability`."""
    table = relevance_table
    keep = set(table.loc[table["probability"] >= min_probability, "id"]) if not table.empty else set()
    return doc_themes[doc_themes["doc_id"].isin(keep)].reset_index(drop=True)


def _documents_by(articles: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Per document: its id, language (code, or "unknown"), outlet (one name per outlet) and words."""
    info = document_info(articles)
    if info.empty:
        return pd.DataFrame(columns=["id", *by, "words"])
    info = info.assign(language=document_language(articles).to_numpy(), words=document_words(articles).to_numpy())
    return info[["id", *dict.fromkeys(by), "words"]]


def theme_shares(doc_themes: pd.DataFrame, articles: pd.DataFrame,
                 by: tuple[str, ...] = ("language", "outlet")) -> pd.DataFrame:
    """Per group of documents (language, outlet, or both: `by`) and theme: documents, those with the theme, their share.

    Long form, one row per group and theme of the codebook, groups in order, themes by id; `share`
    is a number from 0 to 1.
    """
    by = list(by)
    cols = [*by, "theme", "documents", "with_theme", "share"]
    docs = _documents_by(articles, by)
    if docs.empty or doc_themes.empty:
        return pd.DataFrame(columns=cols)
    totals = docs.groupby(by, sort=True).size()
    present = doc_themes[doc_themes["present"].astype(bool)].merge(
        docs, left_on="doc_id", right_on="id", how="inner", validate="many_to_one")
    counts = present.groupby([*by, "theme"])["doc_id"].nunique()
    rows = []
    for group, n in totals.items():
        key = group if isinstance(group, tuple) else (group,)
        for t in sorted(doc_themes["theme"].unique()):
            k = int(counts.get((*key, t), 0))
            rows.append({**dict(zip(by, key)), "theme": t, "documents": int(n), "with_theme": k, "share": k / n})
    return pd.DataFrame(rows, columns=cols)


def theme_share_table(shares: pd.DataFrame, labels: dict | None = None) -> pd.DataFrame:
    """`theme_shares` turned for reading: one row per group with its documents, one column per theme (shares as text)."""
    if shares.empty:
        return pd.DataFrame(columns=["documents"])
    by = [c for c in shares.columns if c not in ("theme", "documents", "with_theme", "share")]
    wide = shares.pivot_table(index=[*by, "documents"], columns="theme", values="share", aggfunc="first")
    wide = wide.apply(lambda col: col.map(lambda v: f"{v:.0%}"))
    wide = wide.rename(columns=labels or {}).reset_index()
    wide.columns.name = None
    return wide
