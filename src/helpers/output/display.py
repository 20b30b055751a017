"""Escaped HTML for notebooks and reports: a document with its annotations highlighted, tables.

Documents are untrusted input. Every piece of text that reaches HTML here (document text,
titles, speakers, actor names, metadata, table cells) goes through `html.escape`, so markup in a
document shows as text. Styles are inline; nothing is loaded from elsewhere.
"""

from __future__ import annotations

import html
import io
import math
import os
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from helpers import analysis

MENTION_STYLE = "background:#ffe28a;border-radius:2px;"
STATEMENT_STYLE = "background:#d8ebff;"
THEME_STYLE = "border-bottom:2px solid #2f9e5b;"
SPEAKER_STYLE = ("font-size:0.72em;font-weight:600;color:#1d4f91;background:#eef5ff;"
                 "border:1px solid #9cc1ee;border-radius:3px;padding:0 3px;margin-right:2px;")
DOC_STYLE = ("white-space:pre-wrap;font-family:Georgia,'Times New Roman',serif;font-size:15px;"
             "line-height:1.9;max-width:48em;padding:0.8em 1em;border:1px solid #ddd;border-radius:4px;"
             "background:#fff;color:#222;")
LEGEND_STYLE = "font-family:sans-serif;font-size:12px;color:#444;margin:0.3em 0 0.6em 0;"
TABLE_STYLE = "border-collapse:collapse;font-family:sans-serif;font-size:12px;"
CELL_STYLE = "text-align:left;vertical-align:top;padding:2px 6px;"

# Nesting order, outermost first: a theme's evidence sentence holds statements, which hold mentions.
_ORDER = {"theme": 0, "statement": 1, "mention": 2}


def escape(value) -> str:
    """Escape any value for HTML text or a quoted attribute ('' for missing values)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return html.escape(str(value), quote=True)


def _rows(data) -> list[dict]:
    """Rows of a DataFrame, a list of dicts, or None, as a list of dicts."""
    if data is None:
        return []
    if isinstance(data, pd.DataFrame):
        return data.to_dict("records")
    return [dict(r) for r in data]


def _offset(value) -> int | None:
    """A character offset as an int, or None when missing or not a number."""
    try:
        if value is None or pd.isna(value):
            return None
        return int(value)
    except (TypeError, ValueError):
        return None


def _spans(text: str, mentions, statements, theme_hits) -> list[dict]:
    """The spans to highlight, clipped to the text; spans empty after clipping are dropped."""
    n = len(text)
    spans: list[dict] = []

    def add(kind: str, row: dict, title: str, label: str | None = None) -> None:
        s, e = _offset(row.get("start")), _offset(row.get("end"))
        if s is None or e is None:
            return
        s, e = max(0, min(s, n)), max(0, min(e, n))
        if e <= s:
            return
        spans.append({"kind": kind, "start": s, "end": e, "title": title, "label": label})

    for m in _rows(mentions):
        kind = f" ({m['type']})" if m.get("type") and not pd.isna(m.get("type")) else ""
        add("mention", m, f"{m.get('actor') or 'unknown actor'}{kind}")
    for st in _rows(statements):
        speaker = st.get("speaker")
        speaker = None if speaker is None or (isinstance(speaker, float) and math.isnan(speaker)) else str(speaker)
        how = st.get("via")
        how = f", {how}" if how and not (isinstance(how, float) and math.isnan(how)) else ""
        who = speaker or "speaker not found"
        add("statement", st, f"{who} — {st.get('kind') or 'statement'}{how}", label=who)
    merged: dict[tuple[int, int], list[str]] = {}
    for h in _rows(theme_hits):
        s, e = _offset(h.get("start")), _offset(h.get("end"))
        if s is None or e is None:
            continue
        terms = h.get("terms")
        terms = f": {terms}" if terms and not (isinstance(terms, float) and math.isnan(terms)) else ""
        merged.setdefault((s, e), []).append(f"{h.get('theme')}{terms}")
    for (s, e), parts in merged.items():
        add("theme", {"start": s, "end": e}, "theme evidence — " + "; ".join(parts))
    spans.sort(key=lambda sp: (_ORDER[sp["kind"]], sp["start"], -sp["end"]))
    return spans


def _open(span: dict) -> str:
    style = {"mention": MENTION_STYLE, "statement": STATEMENT_STYLE, "theme": THEME_STYLE}[span["kind"]]
    return f'<span class="mp-{span["kind"]}" style="{style}" title="{escape(span["title"])}">'


def legend() -> str:
    """A one-line HTML key to the highlight colours."""
    return (f'<div style="{LEGEND_STYLE}">'
            f'<span style="{MENTION_STYLE}padding:0 4px;">actor mention</span> · '
            f'<span style="{STATEMENT_STYLE}padding:0 4px;">statement</span>, with its '
            f'<span style="{SPEAKER_STYLE}">speaker</span> · '
            f'<span style="{THEME_STYLE}">theme evidence sentence</span> · '
            "hover over a highlight for details</div>")


def highlight(text: str, mentions=None, statements=None, theme_hits=None) -> str:
    """HTML of `text` with actor mentions, statements (speaker shown) and theme evidence highlighted."""
    text = "" if text is None else str(text)
    spans = _spans(text, mentions, statements, theme_hits)
    bounds = sorted({0, len(text), *(sp["start"] for sp in spans), *(sp["end"] for sp in spans)})
    out = [legend(), f'<div class="mp-document" style="{DOC_STYLE}">']
    if not text:
        out.append("<em>(no text)</em>")
    # Each piece between two boundaries is wrapped in every span that covers it, opened
    # outermost first and closed at the piece's end, so overlapping spans nest properly.
    for a, b in zip(bounds, bounds[1:]):
        active = [sp for sp in spans if sp["start"] <= a and b <= sp["end"]]
        for sp in active:
            if sp["kind"] == "statement" and sp["start"] == a:
                out.append(f'<sup style="{SPEAKER_STYLE}">{escape(sp["label"])}</sup>')
        out.extend(_open(sp) for sp in active)
        out.append(escape(text[a:b]))
        out.append("</span>" * len(active))
    out.append("</div>")
    return "".join(out)


def metadata_html(meta: Mapping, fields: Iterable[str] = ("id", "title", "outlet", "date", "language",
                                                          "translated_from", "url", "source")) -> str:
    """HTML definition list of a document's metadata (links shown as text, not followed)."""
    items = []
    for f in fields:
        value = meta.get(f)
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value == "":
            continue
        items.append(f'<dt style="font-weight:600;">{escape(f.replace("_", " "))}</dt>'
                     f'<dd style="margin:0 0 0.2em 1.5em;">{escape(value)}</dd>')
    if not items:
        return '<p style="font-family:sans-serif;font-size:13px;"><em>No metadata.</em></p>'
    return f'<dl style="font-family:sans-serif;font-size:13px;margin:0.3em 0;">{"".join(items)}</dl>'


def document_html(doc: Mapping, empty: str = "The corpus has no documents, so there is nothing to show.") -> str:
    """A document (as returned by `analysis.document`) as HTML: its metadata, then its highlighted text."""
    if doc.get("id") is None:
        return f'<p style="font-family:sans-serif;font-size:13px;"><em>{escape(empty)}</em></p>'
    return metadata_html(doc.get("meta") or {}) + highlight(doc.get("text") or "", doc.get("mentions"),
                                                           doc.get("statements"), doc.get("theme_hits"))


def html_table(df: pd.DataFrame, max_rows: int | None = 50, empty: str = "No rows.") -> str:
    """A DataFrame as escaped HTML, at most `max_rows` rows, with a note when rows were left out."""
    if df is None or df.empty:
        return f'<p style="font-family:sans-serif;font-size:13px;"><em>{escape(empty)}</em></p>'
    shown = df if max_rows is None else df.head(max_rows)
    table = shown.to_html(escape=True, index=False, border=0, na_rep="", classes="mp-table")
    table = re.sub(r"^<table[^>]*>", f'<table class="dataframe mp-table" style="{TABLE_STYLE}">', table, count=1)
    # Text reads left-aligned and top-aligned (notebook and report styles right-align cells by default).
    table = table.replace('<tr style="text-align: right;">', "<tr>")
    table = table.replace("<td>", f'<td style="{CELL_STYLE}">')
    note = ""
    if len(shown) < len(df):
        note = (f'<p style="font-family:sans-serif;font-size:12px;color:#555;">'
                f"Showing {len(shown)} of {len(df)} rows.</p>")
    return table + note


def figure(fig, empty: str = "Nothing to plot."):
    """A matplotlib Figure as a PNG image for display (an escaped message when `fig` is None)."""
    from IPython.display import HTML, Image

    if fig is None:
        return HTML(f'<p style="font-family:sans-serif;font-size:13px;"><em>{escape(empty)}</em></p>')
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return Image(data=buf.getvalue(), format="png")


def show(html_str: str):
    """Wrap an HTML string for display in a notebook (the cell's last expression)."""
    from IPython.display import HTML

    return HTML(html_str)


# --------------------------------------------------------------------------- exploration (JupyterLab)

HEADLESS_VARIABLE = "MULTIPOLAR_HEADLESS"
_ITABLES_READY = False


def interactive() -> bool:
    """Whether widgets and interactive tables can be shown: a JupyterLab (or Notebook) kernel, not a headless run.

    MULTIPOLAR_HEADLESS=1 (set by `helpers.output.report`) forces the static path, =0 the
    interactive one; otherwise a kernel started by a Jupyter server (JPY_SESSION_NAME set) is
    interactive, and papermill, nbval or a plain Python process are not.
    """
    flag = os.environ.get(HEADLESS_VARIABLE, "").strip().lower()
    if flag in ("1", "true", "yes"):
        return False
    if flag in ("0", "false", "no"):
        return True
    return bool(os.environ.get("JPY_SESSION_NAME"))


def table(df: pd.DataFrame, max_rows: int | None = 50, empty: str = "No rows.", caption: str | None = None):
    """A table for exploring: sortable and searchable (itables) in JupyterLab, else static escaped HTML.

    The static table is `html_table`'s, at most `max_rows` rows; cell text is escaped either way.
    """
    from IPython.display import HTML

    if df is None or df.empty or not interactive():
        return HTML(html_table(df, max_rows=max_rows, empty=empty))
    import itables

    global _ITABLES_READY
    if not _ITABLES_READY:
        itables.init_notebook_mode(all_interactive=False, connected=False)
        _ITABLES_READY = True
    from itables.javascript import to_html_datatable

    return HTML(to_html_datatable(df.reset_index(drop=True), caption=caption, allow_html=False, connected=False,
                                  classes="display compact", maxBytes="256KB", showIndex=False))


def _choice_label(row: Mapping) -> str:
    title = row.get("title")
    title = " ".join(str(title).split()) if title is not None and not (isinstance(title, float) and math.isnan(title)) \
        else "(no title)"
    title = title if len(title) <= 70 else title[:67] + "..."
    return f"{row.get('date') or 'undated'} · {title} · {row.get('id')}"


def document_view(tables: Mapping, article_id=None, max_chars: int | None = 20000) -> str:
    """One document as HTML: metadata, then at most `max_chars` characters of text with its annotations highlighted.

    A note says when the rest of the text is left out.
    """
    doc = analysis.document(tables, article_id)
    text = doc.get("text") or ""
    note = ""
    if max_chars is not None and len(text) > max_chars:
        doc = {**doc, "text": text[:max_chars]}
        note = (f'<p style="font-family:sans-serif;font-size:12px;color:#555;">Showing the first '
                f"{max_chars:,} of {len(text):,} characters.</p>")
    return document_html(doc) + note


def article_picker(tables: Mapping, article_id=None, max_chars: int | None = 20000, max_options: int = 2000):
    """In JupyterLab, a drop-down of the corpus's documents showing the chosen one; headless, one as static HTML.

    The document is shown with its annotations highlighted; headless, it is `article_id` (or the first).
    """
    from IPython.display import HTML

    arts = tables["articles"]
    if arts.empty:
        return HTML(document_html({"id": None}))
    if not interactive():
        return HTML(document_view(tables, article_id, max_chars))
    import ipywidgets as widgets

    rows = arts[["id", "title", "date"]].head(max_options).to_dict("records")
    options = [(_choice_label(r), str(r["id"])) for r in rows]
    start = str(article_id) if article_id is not None else options[0][1]
    if start not in {v for _, v in options}:
        options.insert(0, (str(start), start))
    picker = widgets.Dropdown(options=options, value=start, description="Document:",
                              layout=widgets.Layout(width="95%"), style={"description_width": "initial"})
    shown = widgets.HTML(value=document_view(tables, start, max_chars))

    def update(change) -> None:
        shown.value = document_view(tables, change["new"], max_chars)

    picker.observe(update, names="value")
    note = widgets.HTML(value=f'<p style="{LEGEND_STYLE}">{len(options):,} documents'
                              f'{" (the first " + format(max_options, ",") + ")" if len(arts) > max_options else ""}'
                              "; pick one to see its annotations.</p>")
    return widgets.VBox([picker, note, shown])
