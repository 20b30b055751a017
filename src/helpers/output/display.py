"""Escaped HTML for notebooks and reports: a document with its annotations highlighted, tables.

Documents are untrusted input. Every piece of text that reaches HTML here (document text,
titles, speakers, actor names, metadata, table cells) goes through `html.escape`, so markup in a
document shows as text. Styles are inline; nothing is loaded from elsewhere.
"""

from __future__ import annotations

import functools
import html
import io
import math
import os
import re
from collections.abc import Iterable, Mapping, MutableMapping

import pandas as pd

from helpers import analysis
from helpers.config import DEFAULT_CORPUS, DEFAULT_STORE, PROJ_ROOT

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
HEAD_STYLE = "text-align:left;vertical-align:bottom;padding:2px 6px;"
NOWRAP_STYLE = "white-space:nowrap;"
# A date, or a date and time, as the tables show them.
DATE_TEXT = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")

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


def is_date_column(values: pd.Series) -> bool:
    """Whether a column holds dates (a datetime type, or text like 2024-05-16), which read best on one line."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return True
    present = [v for v in values.dropna().head(200) if v != ""]
    return bool(present) and all(isinstance(v, str) and DATE_TEXT.match(v) for v in present)


def html_table(df: pd.DataFrame, max_rows: int | None = 50, empty: str = "No rows.") -> str:
    """A DataFrame as escaped HTML, at most `max_rows` rows, with a note when rows were left out."""
    if df is None or df.empty:
        return f'<p style="font-family:sans-serif;font-size:13px;"><em>{escape(empty)}</em></p>'
    shown = df if max_rows is None else df.head(max_rows)
    table = shown.to_html(escape=True, index=False, border=0, na_rep="", classes="mp-table")
    table = re.sub(r"^<table[^>]*>", f'<table class="dataframe mp-table" style="{TABLE_STYLE}">', table, count=1)
    # Text reads left-aligned and top-aligned (notebook and report styles right-align cells by default),
    # and a date stays on one line.
    table = table.replace('<tr style="text-align: right;">', "<tr>").replace("<th>", f'<th style="{HEAD_STYLE}">')
    cells = [f'<td style="{CELL_STYLE}{NOWRAP_STYLE if is_date_column(shown[c]) else ""}">' for c in shown.columns]

    def style_row(row: re.Match) -> str:
        first, *rest = row.group(0).split("<td>")
        return first + "".join(cells[min(k, len(cells) - 1)] + part for k, part in enumerate(rest))

    table = re.sub(r"<tr>.*?</tr>", style_row, table, flags=re.DOTALL)
    note = ""
    if len(shown) < len(df):
        note = (f'<p style="font-family:sans-serif;font-size:12px;color:#555;">'
                f"Showing {len(shown)} of {len(df)} rows.</p>")
    return table + note


def side_by_side(parts: list[tuple[str, pd.DataFrame, str]], max_rows: int | None = 20) -> str:
    """Tables beside one another, each under its heading (heading, table, message when empty), all escaped.

    On a page too narrow for them all, a table goes below the one before it.
    """
    columns = [f'<div style="flex:1 1 26em;min-width:0;"><h4 style="font-family:sans-serif;margin:0.4em 0;">'
               f"{escape(heading)}</h4>{html_table(df, max_rows=max_rows, empty=empty)}</div>"
               for heading, df, empty in parts]
    return f'<div style="display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start;">{"".join(columns)}</div>'


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
# `make lab CORPUS=... STORE=...` passes its paths (relative to the project) to the notebooks in these.
LAB_VARIABLES = {"corpus": "MULTIPOLAR_CORPUS", "store": "MULTIPOLAR_STORE"}
# An interactive table holds every row up to this many, so that its search sees them all; above it, it
# holds the first ones and says so above the table.
SEARCH_ROWS = 20_000
_ITABLES_LOADING = re.compile(r"Loading ITables v[\d.]+ from the <code>init_notebook_mode</code> cell...")
_LIBRARY_PAGES: set[str] = set()  # the browser pages that were sent the table library by this kernel


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


def _same_path(value: str, default) -> bool:
    """Whether a notebook's path parameter (relative to its folder) names `default`."""
    return os.path.normpath(os.path.join(os.getcwd(), value)) == os.path.normpath(default)


def lab_paths(namespace: MutableMapping) -> list[str]:
    """In JupyterLab opened by `make lab CORPUS=... STORE=...`, a corpus and store left at their defaults take those.

    The paths given to make (relative to the project) are written relative to the notebook's folder, as
    its parameters are, without following symbolic links. A parameter changed in the notebook, and every
    headless run (papermill, nbval), keep their own values. Returns one line per parameter set.
    """
    if not interactive():
        return []
    defaults = {"corpus": DEFAULT_CORPUS, "store": DEFAULT_STORE}
    lines = []
    for name, variable in LAB_VARIABLES.items():
        given = os.environ.get(variable, "").strip()
        value = namespace.get(name)
        if not given or not isinstance(value, str) or not _same_path(value, defaults[name]):
            continue
        path = os.path.normpath(given if os.path.isabs(given) else os.path.join(PROJ_ROOT, given))
        if path == os.path.normpath(defaults[name]):
            continue
        shown = os.path.relpath(path, os.getcwd()).replace(os.sep, "/")
        shown += "/" if os.path.isdir(path) and not shown.endswith("/") else ""
        namespace[name] = shown
        lines.append(f"{name} = {shown!r} (from make lab {name.upper()}={given})")
    return lines


def _browser_page() -> str | None:
    """The browser page that asked for the running cell (its kernel client session), or None outside a kernel.

    A page opened or reloaded gets a new client session, so this tells a new page from one already served.
    """
    try:
        from IPython import get_ipython

        kernel = getattr(get_ipython(), "kernel", None)
        session = kernel.get_parent()["header"]["session"] if kernel is not None else None
    except (AttributeError, KeyError, TypeError):
        return None
    return str(session) if session else None


@functools.cache
def _itables_library() -> str:
    """The itables library as HTML (script and styles embedded, nothing fetched), then its dark-theme step.

    itables' `init_notebook_mode` shows the dark-theme step in an output of its own before the output
    that loads the library, so the step finds no library and the browser console logs "Cannot
    destructure property 'set_or_remove_dark_class'"; here it follows the library in the same output.
    """
    from itables import options
    from itables.javascript import generate_init_offline_itables_html

    library = generate_init_offline_itables_html(options.dt_bundle)
    name = re.search(r"window\.(_itables_\w+)", library).group(1)
    dark = ('<script type="module">\n'
            f"const {{ set_or_remove_dark_class }} = await window.{name};\n"
            "set_or_remove_dark_class();\n</script>\n")
    return library + dark


def _library_for_page() -> str:
    """The table library for a browser page that has not been sent it by this kernel (else '').

    The library lives in the page: a page reloaded or opened anew while the kernel runs needs it again.
    """
    page = _browser_page()
    if page is not None and page in _LIBRARY_PAGES:
        return ""
    if page is not None:
        _LIBRARY_PAGES.add(page)
    return _itables_library()


def _column_defs(df: pd.DataFrame) -> list[dict]:
    """DataTables column classes: text left-aligned (numbers keep the right), dates on one line."""
    groups: dict[str, list[int]] = {}
    for k, column in enumerate(df.columns):
        values = df[column]
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        classes = " ".join(c for c, on in (("dt-left", not numeric), ("dt-nowrap", is_date_column(values))) if on)
        if classes:
            groups.setdefault(classes, []).append(k)
    return [{"className": classes, "targets": targets} for classes, targets in groups.items()]


def table(df: pd.DataFrame, max_rows: int | None = 50, empty: str = "No rows.", caption: str | None = None,
          name: str | None = None):
    """A table for exploring: sortable and searchable (itables) in JupyterLab, else static escaped HTML.

    In JupyterLab the table holds every row (up to SEARCH_ROWS, else a note above it says how many it
    holds and where the rest are; `name` is the variable holding the whole DataFrame, for that note).
    The static table is `html_table`'s, at most `max_rows` rows; cell text is escaped either way.
    """
    from IPython.display import HTML

    if df is None or df.empty or not interactive():
        return HTML(html_table(df, max_rows=max_rows, empty=empty))
    from itables.javascript import to_html_datatable

    shown = df.reset_index(drop=True)
    for column in shown.columns:  # a missing text reads as an empty cell, not "NaN"
        if pd.api.types.is_object_dtype(shown[column]) or pd.api.types.is_string_dtype(shown[column]):
            shown[column] = shown[column].where(shown[column].notna(), "")
    note = ""
    if len(shown) > SEARCH_ROWS:
        shown = shown.head(SEARCH_ROWS)
        where = f"the DataFrame <code>{escape(name)}</code>" if name else "the DataFrame shown here"
        note = (f'<p style="{LEGEND_STYLE}"><strong>This table holds the first {SEARCH_ROWS:,} of {len(df):,} '
                f"rows, and its search looks at those alone.</strong> To see the rest, narrow the notebook's "
                f"parameters (since, until, max_articles) or filter {where} in a cell.</p>")
    body = to_html_datatable(shown, caption=caption, allow_html=False, connected=False, classes="display compact",
                             maxBytes=0, maxRows=0, showIndex=False, columnDefs=_column_defs(shown))
    body = _ITABLES_LOADING.sub("Loading the table... (if this stays, run the cell again)", body)
    return HTML(_library_for_page() + note + body)


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
