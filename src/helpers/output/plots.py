"""Figures for the notebooks: matplotlib Figures with a title, labelled axes and a readable size.

Each function takes a frame from `helpers.analysis` (or `helpers.analysis.claims`) and returns a
`matplotlib.figure.Figure`, or None when there is too little to draw (the notebook then shows
a one-line note instead, through `display.figure`). No pyplot state is used, so figures are
independent of one another and of the backend.

Labels come from the documents in their own script: the font family is a fallback list (DejaVu
Sans for Latin and Cyrillic, then an installed font for Chinese, Japanese and Korean characters,
which `make fonts` installs), so each glyph is drawn by the first font that has it.
"""

from __future__ import annotations

import math
import textwrap

import re

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure

DPI = 90
COLORS = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c",
          "#ccb974", "#64b5cd"]
TYPE_COLORS = {"person": "#dd8452", "state": "#4c72b0", "organisation": "#55a868", "programme": "#8172b3"}
# The font for Latin and Cyrillic, then the fonts for Chinese characters in order of preference: the first
# installed is used where the first has no glyph.
LATIN_FONT = "DejaVu Sans"
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
             "Droid Sans Fallback", "AR PL UMing CN")
# Font files of those families, by name, looked for when matplotlib's font cache predates their install.
CJK_FILES = re.compile(r"(?i)(notosans.*cjk|notosanssc|sourcehansans|wqy|droidsansfallback|uming)")


def cjk_font() -> str | None:
    """The first installed font family for Chinese characters (of `CJK_FONTS`), or None when there is none.

    A font installed after matplotlib built its font cache is found among the system's font files
    and added to it.
    """
    def installed() -> str | None:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((name for name in CJK_FONTS if name in names), None)

    found = installed()
    if found is None:
        known = {f.fname for f in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known and CJK_FILES.search(path):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        found = installed()
    return found


def font_families() -> list[str]:
    """The font family list figures use: DejaVu Sans, the CJK font when one is installed, then the generic sans-serif."""
    cjk = cjk_font()
    return [LATIN_FONT, *([cjk] if cjk else []), "sans-serif"]


def use_fonts() -> list[str]:
    """Set matplotlib's font family to `font_families()` (each glyph from the first font that has it); return it."""
    families = font_families()
    matplotlib.rcParams["font.family"] = families
    return families


FONTS = use_fonts()


def _figure(width: float = 8.0, height: float = 4.0) -> Figure:
    return Figure(figsize=(width, height), dpi=DPI)


def _safe(text) -> str:
    """Text from the documents as a matplotlib label: a '$' is shown, not read as the start of mathtext."""
    return str(text).replace("$", r"\$")


def _wrap(text: str, width: int = 22) -> str:
    return _safe("\n".join(textwrap.wrap(str(text), width)) or str(text))


def _label(theme: str, labels: dict | None) -> str:
    return _safe((labels or {}).get(theme, theme))


def _style(ax) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)


def _heatmap(ax, values: np.ndarray, rows: list[str], cols: list[str], cmap: str = "Blues",
             fmt=lambda v: f"{v:,.0f}") -> None:
    """Draw a heatmap with the count written in each non-empty cell."""
    vmax = max(float(np.nanmax(values)) if values.size else 0.0, 1.0)
    ax.imshow(values, cmap=cmap, aspect="auto", vmin=0, vmax=vmax)
    ax.set_xticks(range(len(cols)))
    ax.set_xticklabels(cols, rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows, fontsize=8)
    if values.size <= 400:
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                v = values[i, j]
                if v and not (isinstance(v, float) and math.isnan(v)):
                    ax.text(j, i, fmt(v), ha="center", va="center", fontsize=7,
                            color="white" if v > 0.6 * vmax else "#222")
    ax.set_xticks(np.arange(-0.5, len(cols), 1), minor=True)
    ax.set_yticks(np.arange(-0.5, len(rows), 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


# --------------------------------------------------------------------------- the corpus


def lengths(lengths_df: pd.DataFrame, bins: int = 30):
    """A histogram of words per document (from `analysis.lengths`), or None when there are no documents."""
    if lengths_df.empty:
        return None
    fig = _figure(7, 3.2)
    ax = fig.subplots()
    ax.hist(lengths_df["words"], bins=max(1, min(bins, len(lengths_df))), color="#4c72b0", edgecolor="white")
    ax.set_title(f"Document lengths ({len(lengths_df):,} documents)")
    ax.set_xlabel("words per document (title included)")
    ax.set_ylabel("documents")
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- themes


def theme_prevalence(prevalence: pd.DataFrame, total: int, labels: dict | None = None):
    """Horizontal bars: documents with each theme (from `analysis.theme_prevalence`)."""
    if prevalence.empty or total == 0:
        return None
    df = prevalence.sort_values(["documents", "theme"], ascending=[True, False], kind="stable")
    fig = _figure(8, 0.45 * len(df) + 1.4)
    ax = fig.subplots()
    ax.barh([_label(t, labels) for t in df["theme"]], df["documents"], color=COLORS[0])
    for y, (n, share) in enumerate(zip(df["documents"], df["share"])):
        ax.text(n, y, f" {n:,} ({share})", va="center", fontsize=8)
    ax.set_title(f"Documents with each theme ({total:,} document{'s' * (total != 1)} in the corpus)")
    ax.set_xlabel("documents where the theme reaches its threshold")
    ax.set_ylabel("theme")
    ax.set_xlim(0, max(df["documents"].max() * 1.25, 1))
    _style(ax)
    fig.tight_layout()
    return fig


def prevalence_over_time(over_time: pd.DataFrame, labels: dict | None = None, top: int = 6):
    """Lines: share of each period's documents with each theme (the `top` most frequent themes)."""
    if over_time.empty or over_time["period"].nunique() < 2:
        return None
    totals = over_time.groupby("theme")["documents"].sum()
    keep = totals.sort_index().sort_values(ascending=False, kind="stable").head(top).index
    seen = sorted(over_time["period"].unique())
    if "-" in seen[0]:  # months: every month of the span, so gaps in the corpus show as gaps in the lines
        periods = pd.period_range(seen[0], seen[-1], freq="M").strftime("%Y-%m").tolist()
    else:
        periods = [str(y) for y in range(int(seen[0]), int(seen[-1]) + 1)]
    fig = _figure(9, 4.2)
    ax = fig.subplots()
    x = np.arange(len(periods))
    for k, theme in enumerate(keep):
        s = over_time[over_time["theme"] == theme].set_index("period").reindex(periods)
        ax.plot(x, 100 * s["share"], marker="o", markersize=3, linewidth=1.6,
                color=COLORS[k % len(COLORS)], label=_label(theme, labels))
    step = max(1, len(periods) // 16)
    ax.set_xticks(x[::step])
    ax.set_xticklabels([periods[i] for i in range(0, len(periods), step)], rotation=45, ha="right", fontsize=8)
    n_docs = over_time.drop_duplicates("period")["total"]
    unit = "month" if "-" in periods[0] else "year"
    ax.set_title(f"Share of documents with each theme, per {unit} ({int(n_docs.sum()):,} dated documents)")
    ax.set_xlabel(f"{unit} (a gap: no document dated then)")
    ax.set_ylabel("% of the period's documents")
    ax.set_ylim(0, 105)
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    _style(ax)
    fig.tight_layout()
    return fig


def cooccurrence(matrix: pd.DataFrame, labels: dict | None = None):
    """Heatmap: documents having both themes (diagonal: documents with the theme)."""
    if matrix.empty or len(matrix) < 2:
        return None
    names = [_wrap(_label(t, labels), 24) for t in matrix.index]
    fig = _figure(7.5, 6.2)
    ax = fig.subplots()
    _heatmap(ax, matrix.to_numpy(dtype=float), names, names)
    ax.set_title("Themes found in the same documents")
    ax.set_xlabel("theme")
    ax.set_ylabel("theme")
    fig.tight_layout()
    return fig


def theme_terms(terms: pd.DataFrame, labels: dict | None = None, top: int = 6):
    """Small multiples: for each theme, the codebook terms that fired in most sentences."""
    if terms.empty:
        return None
    themes = sorted(terms["theme"].unique())
    cols = min(3, len(themes))
    rows = math.ceil(len(themes) / cols)
    fig = _figure(4.0 * cols, 2.3 * rows + 0.6)
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False)).ravel()
    for ax, theme in zip(axes, themes):
        df = terms[terms["theme"] == theme].head(top).iloc[::-1]
        ax.barh([_wrap(t, 26) for t in df["term"]], df["sentences"], color=COLORS[2], height=0.6)
        ax.set_title(_label(theme, labels), fontsize=9)
        ax.tick_params(labelsize=7)
        ax.set_xlabel("sentences", fontsize=7)
        ax.set_ylabel("term", fontsize=7)
        ax.xaxis.get_major_locator().set_params(integer=True)
        _style(ax)
    for ax in axes[len(themes):]:
        ax.set_visible(False)
    fig.suptitle("The terms that drive each theme (sentences in which each fired)", fontsize=11)
    fig.tight_layout()
    return fig


def _group_label(row: dict, by: list[str]) -> str:
    """A group of documents as a label: its language and outlet, with the number of documents."""
    parts = [str(row[b]) for b in by]
    return _safe(textwrap.shorten(" · ".join(parts), 48, placeholder="...") + f" ({int(row['documents']):,})")


def theme_shares(shares: pd.DataFrame, labels: dict | None = None, max_rows: int = 30):
    """Heatmap: the share of documents with each theme (columns) per language, outlet or both (rows)."""
    if shares.empty or shares["with_theme"].sum() == 0:
        return None
    by = [c for c in shares.columns if c not in ("theme", "documents", "with_theme", "share")]
    themes = sorted(shares["theme"].unique())
    groups = shares.drop_duplicates(by)[[*by, "documents"]].head(max_rows).to_dict("records")
    table = shares.set_index([*by, "theme"])["share"]
    values = np.array([[100 * float(table.get((*[g[b] for b in by], t), 0.0)) for t in themes] for g in groups])
    fig = _figure(max(6.5, 0.8 * len(themes) + 4.5), max(2.6, 0.36 * len(groups) + 2.2))
    ax = fig.subplots()
    _heatmap(ax, values, [_group_label(g, by) for g in groups], [_wrap(_label(t, labels), 16) for t in themes],
             cmap="Blues", fmt=lambda v: f"{v:.0f}%")
    ax.set_title(f"Documents with each theme, by {' and '.join(by)} (% of the documents)")
    ax.set_xlabel("theme")
    ax.set_ylabel(f"{' · '.join(by)} (documents)")
    fig.tight_layout()
    return fig


def theme_rates(rates: pd.DataFrame, title: str = "World-order evidence per 1,000 words"):
    """Horizontal bars: a theme's evidence sentences per 1,000 words per language, outlet or both."""
    if rates.empty or rates["hits"].sum() == 0:
        return None
    by = [c for c in rates.columns if c not in ("documents", "words", "hits", "per_1000_words", "documents_with_hits")]
    rows = rates.iloc[::-1].to_dict("records")
    fig = _figure(9.0, max(2.4, 0.34 * len(rows) + 1.6))
    ax = fig.subplots()
    ys = np.arange(len(rows))
    ax.barh(ys, [r["per_1000_words"] for r in rows], color=COLORS[0])
    for y, r in zip(ys, rows):
        n = int(r["hits"])
        ax.text(r["per_1000_words"], y, f" {r['per_1000_words']:g} ({n:,} sentence{'s' * (n != 1)})", va="center",
                fontsize=8)
    ax.set_yticks(ys)
    ax.set_yticklabels([_group_label(r, by) for r in rows], fontsize=8)
    ax.set_title(_safe(title))
    ax.set_xlabel("evidence sentences per 1,000 words (in Chinese, two characters count as a word)")
    ax.set_ylabel(f"{' · '.join(by)} (documents)")
    ax.margins(x=0.35)
    _style(ax)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- actors and speakers


def speaker_actor(matrix: pd.DataFrame):
    """Heatmap: statements by each speaker (rows) that mention each actor (columns)."""
    if matrix.empty:
        return None
    counts = matrix.drop(columns="statements")
    if counts.empty or counts.to_numpy().sum() == 0:
        return None
    rows = [_safe(f"{s} ({n:,})") for s, n in zip(counts.index, matrix["statements"])]
    fig = _figure(max(6.0, 0.55 * counts.shape[1] + 3.5), max(3.0, 0.38 * counts.shape[0] + 2.0))
    ax = fig.subplots()
    _heatmap(ax, counts.to_numpy(dtype=float), rows, [_wrap(c, 18) for c in counts.columns], cmap="Oranges")
    ax.set_title("Who speaks about whom: statements mentioning each actor")
    ax.set_xlabel("actor mentioned in the statement")
    ax.set_ylabel("speaker (statements in all)")
    fig.tight_layout()
    return fig


def aspects_by_speaker(by_speaker: pd.DataFrame, aspects: list[str]):
    """Grouped bars: for Xi Jinping and Vladimir Putin, the share of their statements about the
    relationship that speak of each aspect."""
    if by_speaker.empty:
        return None
    series = [(f"{r.speaker} ({r.statements:,} statements)",
               [100 * getattr(r, a) / r.statements if r.statements else 0 for a in aspects])
              for r in by_speaker.itertuples(index=False)]
    return _grouped_bars((8, 3.8), aspects, series, "What each leader says about the relationship",
                         "aspect of the relationship", "% of the leader's statements about it")


def _grouped_bars(size: tuple[float, float], labels: list[str], series: list[tuple[str, list[float]]],
                  title: str, xlabel: str, ylabel: str, ticklabel_size: float | None = None):
    """Bars grouped by label, one coloured bar per series, with a legend."""
    fig = _figure(*size)
    ax = fig.subplots()
    x = np.arange(len(labels))
    width = 0.8 / len(series)
    for k, (name, values) in enumerate(series):
        ax.bar(x + (k - (len(series) - 1) / 2) * width, values, width, color=COLORS[k % len(COLORS)],
               label=_safe(name))
    ax.set_xticks(x)
    ax.set_xticklabels(labels, fontsize=ticklabel_size)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8, frameon=False)
    _style(ax)
    fig.tight_layout()
    return fig


def aspects_over_time(long: pd.DataFrame, aspects: list[str]):
    """One panel per leader: statements about the relationship per year, by aspect."""
    if long.empty or long["year"].nunique() < 2:
        return None
    speakers = sorted(long["speaker"].unique())
    years = sorted(long["year"].unique())
    fig = _figure(9, 2.8 * len(speakers) + 0.6)
    axes = np.atleast_1d(fig.subplots(len(speakers), 1, sharex=True, squeeze=False)).ravel()
    for ax, speaker in zip(axes, speakers):
        sub = long[long["speaker"] == speaker]
        totals = sub.drop_duplicates("year").set_index("year")["total"].reindex(years).fillna(0)
        ax.bar(years, totals, color="#e8e8e8", label="all statements about the relationship")
        for k, a in enumerate(aspects):
            s = sub[sub["aspect"] == a].set_index("year")["statements"].reindex(years).fillna(0)
            ax.plot(years, s, marker="o", markersize=3, color=COLORS[k], label=a)
        ax.set_title(_safe(speaker), fontsize=10)
        ax.set_ylabel("statements")
        ax.set_xlabel("year")
        _style(ax)
    axes[0].legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    axes[-1].set_xticks(years)
    axes[-1].set_xticklabels([str(y) for y in years], rotation=45, ha="right", fontsize=8)
    fig.suptitle("What Xi Jinping and Vladimir Putin say about the relationship, per year", fontsize=11)
    fig.tight_layout()
    return fig


def network(graph, title: str = "Actors mentioned in the same sentences"):
    """The co-mention network: node size by mentions, colour by type, edge width by shared sentences."""
    import networkx as nx

    g = graph.copy()
    g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
    if g.number_of_nodes() < 2:
        return None
    pos = nx.kamada_kawai_layout(g, weight=None) if nx.is_connected(g) else nx.spring_layout(g, seed=7, k=1.2)
    fig = _figure(9, 7)
    ax = fig.subplots()
    weights = np.array([d["weight"] for _, _, d in g.edges(data=True)], dtype=float)
    widths = 0.5 + 5.5 * np.sqrt(weights / weights.max()) if len(weights) else []
    mentions = np.array([g.nodes[n].get("mentions", 1) for n in g.nodes], dtype=float)
    sizes = 120 + 1800 * np.sqrt(mentions / mentions.max())
    colors = [TYPE_COLORS.get(g.nodes[n].get("type"), "#8c8c8c") for n in g.nodes]
    nx.draw_networkx_edges(g, pos, ax=ax, width=widths, edge_color="#9aa5b1", alpha=0.6)
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=sizes, node_color=colors, alpha=0.9, linewidths=0.5,
                           edgecolors="white")
    for n, (x, y) in pos.items():
        ax.text(x, y, _wrap(n, 16), fontsize=8, ha="center", va="center",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})
    from matplotlib.lines import Line2D

    present = sorted({g.nodes[n].get("type") for n in g.nodes if g.nodes[n].get("type")})
    handles = [Line2D([], [], marker="o", linestyle="", markersize=8, color=TYPE_COLORS.get(t, "#8c8c8c"), label=t)
               for t in present]
    ax.legend(handles=handles, title="actor type", fontsize=8, title_fontsize=8, frameon=False, loc="lower left")
    ax.set_title(f"{title} ({g.number_of_nodes()} actors, {g.number_of_edges()} links)")
    ax.set_xlabel("layout position (no units): wider line = more shared sentences, bigger circle = more mentions")
    ax.set_ylabel("layout position (no units)")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.margins(0.08)
    fig.tight_layout()
    return fig


def framing(frames: pd.DataFrame, names: list[str]):
    """Grouped bars: per source group, the share of its sentences about the relationship speaking of each frame."""
    if frames.empty:
        return None
    series = [(f"{r['group']} ({r['sentences']:,} sentences)", [float(str(r[f]).rstrip("%") or 0) for f in names])
              for r in frames.to_dict("records")]
    return _grouped_bars((10, 4.2), [_wrap(n, 14) for n in names], series,
                         "How the relationship is framed, by kind of source", "frame",
                         "% of the sentences about the relationship", ticklabel_size=8)


# --------------------------------------------------------------------------- world order


def term_heatmap(table: pd.DataFrame, by: str, title: str):
    """Heatmap: sentences using each world-order term (columns) per speaker, source or year (rows)."""
    if table.empty:
        return None
    counts = table.set_index(by).drop(columns="total")
    if counts.to_numpy().sum() == 0:
        return None
    fig = _figure(max(6.5, 1.1 * counts.shape[1] + 3.5), max(2.6, 0.36 * counts.shape[0] + 2.2))
    ax = fig.subplots()
    _heatmap(ax, counts.to_numpy(dtype=float), [_safe(i) for i in counts.index], [_wrap(c, 18) for c in counts.columns],
             cmap="Purples")
    ax.set_title(title)
    ax.set_xlabel("term")
    ax.set_ylabel(by)
    fig.tight_layout()
    return fig


def term_lines(by_year: pd.DataFrame):
    """Lines: sentences using each world-order term, per year."""
    if by_year.empty or by_year["year"].nunique() < 2:
        return None
    terms = [c for c in by_year.columns if c not in ("year", "total")]
    years = by_year["year"].astype(int).tolist()
    fig = _figure(9, 4)
    ax = fig.subplots()
    for k, t in enumerate(terms):
        ax.plot(years, by_year[t], marker="o", markersize=3, color=COLORS[k % len(COLORS)], label=_safe(t))
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years], rotation=45, ha="right", fontsize=8)
    ax.set_title("The multipolarity vocabulary over time")
    ax.set_xlabel("year")
    ax.set_ylabel("sentences using the term")
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    _style(ax)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- timeline


def meetings_timeline(events: pd.DataFrame, claims: pd.DataFrame | None = None):
    """Meetings of Xi Jinping and Vladimir Putin found in the texts: one mark per meeting, and the count per year."""
    if events.empty:
        return None
    days = pd.to_datetime(events["date"])
    years = days.dt.year
    counts = years.value_counts().sort_index()
    fig = _figure(9, 4)
    ax = fig.subplots()
    ax.bar(counts.index, counts.to_numpy(), color=COLORS[0], width=0.7, label="meetings found in the texts")
    for y, n in counts.items():
        ax.text(y, n, f"{n}", ha="center", va="bottom", fontsize=8)
    ax.set_title(f"Meetings of Xi Jinping and Vladimir Putin found in the texts ({len(events)} in all)")
    ax.set_xlabel("year")
    ax.set_ylabel("meetings")
    first, last = int(counts.index.min()), int(counts.index.max())
    ax.set_xticks(range(first, last + 1))
    ax.set_xticklabels([str(y) for y in range(first, last + 1)], rotation=45, ha="right", fontsize=8)
    pad = max(0.8, (6 - (last - first)) / 2)  # a few years around a lone year, so its bar is not a wall
    ax.set_xlim(first - pad, last + pad)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylim(0, counts.max() * 1.25 + 0.5)
    _style(ax)
    fig.tight_layout()
    return fig


def trade_chart(trade: pd.DataFrame, claims: pd.DataFrame | None = None, unit: str = "USD"):
    """China-Russia trade as the texts report it, per year it refers to (billions), with the claims marked."""
    df = trade[(trade["unit"] == unit) & trade["year"].notna()] if not trade.empty else trade
    cl = claims[(claims["claim"] == "trade") & (claims["unit"] == unit) & claims["year"].notna()] \
        if claims is not None and not claims.empty else None
    if df.empty:
        return None
    fig = _figure(9, 4.2)
    ax = fig.subplots()
    markers = {"reported": "o", "part of a year": "v", "one sector": "s", "forecast or target": "^"}
    for k, (kind, marker) in enumerate(markers.items()):
        sub = df[df["kind"] == kind]
        if len(sub):
            jitter = (np.arange(len(sub)) % 3 - 1) * 0.08
            ax.scatter(sub["year"].astype(int) + jitter, sub["value"] / 1e9, marker=marker, s=36,
                       color=COLORS[k], label=f"{kind} ({len(sub)})", alpha=0.85)
    if cl is not None and len(cl):
        ax.scatter(cl["year"].astype(int), cl["value"] / 1e9, marker="*", s=220, color="#c44e52",
                   edgecolors="black", linewidths=0.5, label="the claim checked", zorder=5)
    years = [int(y) for y in df["year"]] + ([int(y) for y in cl["year"]] if cl is not None else [])
    first, last = min(years), max(years)
    ticks = list(range(first, last + 1, max(1, (last - first) // 15 + 1)))
    ax.set_xticks(ticks)
    ax.set_xticklabels([str(t) for t in ticks], rotation=45, ha="right", fontsize=8)
    pad = max(0.8, (6 - (last - first)) / 2)
    ax.set_xlim(first - pad, last + pad)
    ax.set_title("China–Russia trade as reported in the texts, by the year each figure refers to")
    ax.set_xlabel("year the figure refers to")
    ax.set_ylabel("billion US dollars" if unit == "USD" else f"billion {unit}")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    _style(ax)
    fig.tight_layout()
    return fig


def attention(att: pd.DataFrame):
    """Heatmap: documents naming both Xi Jinping and Vladimir Putin, per outlet and week."""
    if att.empty or att["week"].nunique() < 2:
        return None
    weeks = pd.date_range(min(att["week"]), max(att["week"]), freq="7D").strftime("%Y-%m-%d").tolist()
    outlets = list(dict.fromkeys(att["outlet"]))
    table = att.pivot_table(index="outlet", columns="week", values="documents", aggfunc="sum") \
        .reindex(index=outlets, columns=weeks).fillna(0)
    fig = _figure(11, 0.38 * len(outlets) + 2.4)
    ax = fig.subplots()
    _heatmap(ax, table.to_numpy(dtype=float), [_safe(f"{o} ({int(t)})") for o, t in zip(outlets, table.sum(axis=1))],
             weeks, cmap="Reds")
    step = max(1, len(weeks) // 26)
    ax.set_xticks(range(0, len(weeks), step))
    ax.set_xticklabels([weeks[i] for i in range(0, len(weeks), step)], rotation=60, ha="right", fontsize=7)
    ax.set_title("Attention to Xi and Putin together: documents naming both, per outlet and week")
    ax.set_xlabel("week (starting Monday)")
    ax.set_ylabel("outlet (documents in all)")
    fig.tight_layout()
    return fig
