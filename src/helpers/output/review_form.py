"""The analysts' review as the reader sees it: a document of the merged view, and the JupyterLab coding form."""

from __future__ import annotations

import os
from collections.abc import Mapping

import pandas as pd
from IPython.display import HTML

from helpers import analysis
from helpers.output import display
from helpers.review import (
    KINDS,
    MACHINE,
    TARGETS,
    AnnotationError,
    Review,
    append_record,
    decisions,
    describe,
    document_texts,
    first_annotated,
    make_record,
)


def merged_document(tables: Mapping[str, pd.DataFrame], doc_id=None) -> dict:
    """One document of the merged view (as `analysis.document`), statements an analyst decided shown as such."""
    doc = analysis.document(tables, doc_id)
    st = doc.get("statements")
    if st is not None and len(st) and "decided_by" in st.columns:
        who = st["decided_by"].fillna(MACHINE)
        st = st.assign(via=[f"decided by {w}" if w != MACHINE else v for w, v in zip(who, st["via"])])
        doc = {**doc, "statements": st}
    return doc


def _note(text: str) -> str:
    """A line of escaped, italic text."""
    return f'<p style="font-family:sans-serif;font-size:13px;"><em>{display.escape(text)}</em></p>'


def merged_html(result: Review, article_id=None, max_chars: int | None = 20000) -> str:
    """Escaped HTML of one document of the merged view, then the rows an analyst decided there.

    The document is `article_id`, else the first that an analyst's record concerns; one line when
    there are no records.
    """
    if result.records.empty:
        return _note("No analysts' annotations yet, so the merged view is the annotator's own (see 01_annotate).")
    doc_id = article_id if article_id is not None else first_annotated(result.records, result.tables["articles"])
    doc = merged_document(result.tables, doc_id)
    text = doc.get("text") or ""
    cut = ""
    if max_chars is not None and len(text) > max_chars:
        doc = {**doc, "text": text[:max_chars]}
        cut = _note(f"Showing the first {max_chars:,} of {len(text):,} characters.")
    made = decisions(result.tables, doc.get("id"))
    return (display.document_html(doc) + cut + display.html_table(
        made, empty="No row of this document was decided by an analyst (their records here are codes or notes, "
                    "or corrections that found nothing to change)."))


HEADLESS_NOTE = ("The coding form opens in JupyterLab. Here (a report or another headless run) it is not shown: "
                 "to code a passage, add a record to your file under {folder} (see annotations/README.md for "
                 "the format).")


def coding_form(tables: Mapping[str, pd.DataFrame], folder: str | os.PathLike | None = None,
                analyst: str | None = None, article_id=None):
    """In JupyterLab, a form to code, annotate or correct a passage; headless, a note saying where to write instead.

    The form appends the record to the analyst's YAML file under `folder`.
    """
    shown = str(folder) if folder is not None else "annotations/"
    if not display.interactive():
        return HTML(_note(HEADLESS_NOTE.format(folder=shown)))
    import ipywidgets as w

    arts = tables["articles"]
    texts = document_texts(arts)
    ids = [str(i) for i in arts["id"]]
    if not ids:
        return HTML(_note("The corpus has no documents."))
    wide = w.Layout(width="95%")
    label = {"description_width": "initial"}
    doc = w.Dropdown(options=ids, value=str(article_id) if str(article_id) in ids else ids[0], description="Document:",
                     layout=wide, style=label)
    quote = w.Textarea(description="Passage:", placeholder="paste the words exactly as they appear", layout=wide,
                       style=label)
    occurrence = w.BoundedIntText(value=1, min=1, max=10_000, description="Occurrence:", style=label)
    kind = w.ToggleButtons(options=list(KINDS), value="code", description="Kind:", style=label)
    code = w.Text(description="Code:", placeholder="e.g. stance", style=label)
    value = w.Text(description="Value:", placeholder="code value, speaker, actor or theme id (optional)", style=label,
                   layout=wide)
    target = w.Dropdown(options=list(TARGETS), value="speaker", description="Corrects:", style=label)
    action = w.Dropdown(options=list(TARGETS["speaker"]), description="Action:", style=label)
    note = w.Textarea(description="Note:", layout=wide, style=label)
    who = w.Text(value=analyst or "", description="Analyst:", placeholder="your name", style=label)
    save = w.Button(description="Save", button_style="primary")
    status = w.HTML()

    def on_target(change) -> None:
        action.options = list(TARGETS[change["new"]])

    def on_save(_) -> None:
        fields = {"code": code.value} if kind.value == "code" else {"note": note.value} if kind.value == "note" \
            else {"target": target.value, "action": action.value}
        raw_value = value.value.strip()
        if kind.value == "code" and raw_value:
            fields["value"] = raw_value
        elif kind.value == "correction":
            fields["value"] = raw_value or None
        try:
            if not who.value.strip():
                raise AnnotationError("give your name (Analyst)")
            rec = make_record(texts[doc.value], doc.value, quote.value, kind.value, who.value.strip(),
                              occurrence.value, **fields)
            path = append_record(folder, rec)
        except (AnnotationError, OSError) as e:
            status.value = f'<p style="color:#a00;font-family:sans-serif;">Not saved: {display.escape(e)}</p>'
            return
        status.value = (f'<p style="color:#060;font-family:sans-serif;">Saved to {display.escape(path.name)}: '
                        f"{display.escape(describe(rec))} at {rec['start']}-{rec['end']}. Re-run the notebook to see "
                        "it merged.</p>")
        quote.value = ""

    target.observe(on_target, names="value")
    save.on_click(on_save)
    return w.VBox([doc, quote, occurrence, kind, code, value, w.HBox([target, action]), note, who, save, status])
