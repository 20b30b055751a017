"""The analysts' corrections laid over the annotator's tables, the analyst winning, with who decided each row."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from helpers.annotate import annotated_text, first_words
from helpers.load import OffsetMap
from helpers.resources.kb import load_kb
from helpers.review.anchor import LOCATED, anchor
from helpers.review.read import has_value, in_order
from helpers.store import ANNOTATION_TABLES, frame

MACHINE = "machine"
ANALYST_VIA = "analyst"
OUTCOME_COLUMNS = ["applied", "outcome", "machine", "concerns"]


def _overlap(row: Mapping, s: int, e: int) -> int:
    """How many characters a row's span shares with [s, e)."""
    try:
        return max(0, min(int(row["end"]), e) - max(int(row["start"]), s))
    except (TypeError, ValueError):
        return 0


class _Doc:
    """One document's rows while corrections are applied to it."""

    def __init__(self, article: Mapping, rows: dict[str, list[dict]]):
        self.id, self.rows = str(article["id"]), rows
        title = article.get("title") if isinstance(article.get("title"), str) else None
        self.text, self.body_at = annotated_text(title, article.get("text") or "")
        offsets = article.get("offsets")
        self.omap = OffsetMap.from_json(offsets) if isinstance(offsets, str) and offsets else None

    def sent_of(self, s: int):
        """The sentence that holds offset `s`, or None."""
        for row in self.rows.get("sentences", []):
            if has_value(row.get("start")) and int(row["start"]) <= s < int(row["end"]):
                return row["sent"]
        return None

    def raw(self, s: int, e: int) -> tuple:
        """The span [s, e) of the annotated text in the raw text (None, None without an offset map or in the title)."""
        if self.omap is None or s < self.body_at:
            return None, None
        return self.omap.span_to_raw(s - self.body_at, e - self.body_at)

    def at(self, table: str, s: int, e: int) -> list[dict]:
        """The rows of `table` overlapping [s, e), most overlap first."""
        rows = [r for r in self.rows.get(table, []) if _overlap(r, s, e) > 0]
        return sorted(rows, key=lambda r: -_overlap(r, s, e))


def _actor_type(actor: str, mentions: pd.DataFrame | None, kb) -> str | None:
    """An actor's type: as the machine's mentions give it, else as the knowledge base does."""
    known = mentions.loc[mentions["actor"] == actor, "type"] if mentions is not None and "type" in mentions.columns \
        else pd.Series()
    known = known.dropna()
    if len(known):
        return known.iloc[0]
    return kb.type_of(actor) if kb is not None else None


def _apply(doc: _Doc, r: dict, mentions: pd.DataFrame, kb) -> tuple[bool, str, str, str]:
    """Apply one correction to a document's rows: (applied, outcome, what the machine had, what it concerns).

    `mentions` (the machine's) and `kb` give the type of an actor linked by the analyst.
    """
    target, action, value, who = r["target"], r["action"], r["value"], r["analyst"]
    s, e = (int(r["start"]), int(r["end"])) if has_value(r["start"]) else (None, None)
    quote = doc.text[s:e] if s is not None else ""

    def new_statement(speaker) -> dict:
        rs, re_ = doc.raw(s, e)
        row = {"doc_id": doc.id, "start": s, "end": e, "speaker": speaker, "text": quote, "kind": "quote",
               "via": ANALYST_VIA, "label": None, "first_words": first_words(quote), "sent": doc.sent_of(s),
               "raw_start": rs, "raw_end": re_, "decided_by": who}
        doc.rows["statements"].append(row)
        return row

    if target == "speaker":
        hits = doc.at("statements", s, e)
        if not hits:
            new_statement(value)
            return True, f"no statement here: added one with speaker {value or 'none'}", "no statement", \
                "a statement the annotator missed"
        row = hits[0]
        before, via = row.get("speaker"), row.get("via")
        before = before if has_value(before) else None
        row.update(speaker=value, via=ANALYST_VIA, decided_by=who)
        return True, f"speaker {before or 'none'} -> {value or 'none'}", f"speaker {before or 'none'}", \
            f"attribution rule: {via or 'unknown'}"
    if target == "statement":
        hits = doc.at("statements", s, e)
        if action == "add":
            same = [h for h in hits if int(h["start"]) == s and int(h["end"]) == e]
            if same:
                before = same[0].get("speaker") if has_value(same[0].get("speaker")) else None
                same[0].update(speaker=value, via=ANALYST_VIA, decided_by=who)
                return True, f"already a statement: speaker {before or 'none'} -> {value or 'none'}", \
                    f"statement with speaker {before or 'none'}", f"attribution rule: {same[0].get('via')}"
            new_statement(value)
            return True, f"statement added (speaker {value or 'none'})", "no statement", \
                "a statement the annotator missed"
        if not hits:
            return False, "nothing to remove: no statement at this passage", "no statement", ""
        row = hits[0]
        doc.rows["statements"].remove(row)
        was = row.get("speaker") if has_value(row.get("speaker")) else "none"
        return True, f"statement removed (speaker was {was})", f"{row.get('kind')} by {was}", \
            f"{row.get('kind')} found by {row.get('via')}"
    if target == "actor":
        hits = doc.at("mentions", s, e)
        if action == "remove":
            gone = [h for h in hits if value is None or h.get("actor") == value]
            if not gone:
                return False, "nothing to remove: no mention" + (f" of {value}" if value else "") + " here", \
                    "no mention", ""
            for h in gone:
                doc.rows["mentions"].remove(h)
            links = "; ".join(f"{h.get('text')!r} -> {h.get('actor')} (via {h.get('via')})" for h in gone)
            return True, f"mention removed: {links}", links, f"knowledge base: {links}"
        kind = _actor_type(value, mentions, kb)
        if hits:  # set, or add over a mention that is there: relink it
            links = "; ".join(f"{h.get('text')!r} -> {h.get('actor')} (via {h.get('via')})" for h in hits)
            for h in hits:
                h.update(actor=value, type=kind, via=ANALYST_VIA, decided_by=who)
            return True, f"mention relinked to {value}", links, f"knowledge base: {links}"
        rs, re_ = doc.raw(s, e)
        doc.rows["mentions"].append({"doc_id": doc.id, "start": s, "end": e, "text": quote, "actor": value,
                                     "type": kind, "via": ANALYST_VIA,
                                     "sent": doc.sent_of(s), "raw_start": rs, "raw_end": re_, "decided_by": who})
        return True, f"mention of {value} added", "no mention", f"knowledge base: missing alias {quote!r} for {value}"
    # theme: the document has it (add) or has not (remove)
    rows = [t for t in doc.rows["doc_themes"] if t.get("theme") == value]
    terms = sorted({t.strip() for h in doc.rows.get("theme_hits", []) if h.get("theme") == value
                    for t in str(h.get("terms") or "").split(",") if t.strip()})
    concerns = f"codebook terms that fired: {', '.join(terms)}" if terms else "codebook: no term of this theme fired"
    present = action == "add"
    if rows:
        row = rows[0]
        score, threshold = row.get("score"), row.get("threshold")
        was = "present" if row.get("present") else "absent"
        machine = f"{was} (score {score:g}, threshold {threshold:g})" if has_value(score) and has_value(threshold) \
            else was
        if has_value(row.get("theme_score")):
            machine = f"{machine[:-1]}, theme model's probability {row['theme_score']:.2f})" if machine.endswith(")") \
                else f"{was} (theme model's probability {row['theme_score']:.2f})"
        row.update(present=present, decided_by=who)
    else:
        machine = "no evidence"
        doc.rows["doc_themes"].append({"doc_id": doc.id, "theme": value, "score": None, "threshold": None,
                                       "present": present, "theme_score": None, "decided_by": who})
    return True, f"theme {value} {'present' if present else 'absent'}", machine, concerns


def _restore(df: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """`df` with the dtypes of `like` where they still fit (integers with gaps become Int64)."""
    for col in like.columns:
        if col not in df.columns:
            continue
        dtype = like[col].dtype
        try:
            if pd.api.types.is_integer_dtype(dtype):
                values = pd.to_numeric(df[col], errors="coerce")
                df[col] = values.astype(dtype) if values.notna().all() else values.astype("Int64")
            elif pd.api.types.is_bool_dtype(dtype):
                df[col] = df[col].astype(bool) if df[col].notna().all() else df[col].astype("boolean")
            elif pd.api.types.is_float_dtype(dtype):
                df[col] = pd.to_numeric(df[col], errors="coerce").astype(dtype)
        except (TypeError, ValueError):
            pass
    return df


def merge(tables: Mapping[str, pd.DataFrame], records: pd.DataFrame,
          kb=None) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Lay the anchored corrections over the machine's tables: (the merged tables, the records with their outcome).

    The records gain applied, outcome, machine and concerns. Every annotation table gains
    `decided_by` ("machine", or the analyst whose correction made the row what it is).
    Corrections are applied in the order of their time (`at`), then file and record, so a later
    one wins over an earlier one on the same thing. Orphaned records and
    records about documents outside the corpus are not applied (their outcome says so).
    """
    merged: dict[str, pd.DataFrame] = {}
    for name, df in tables.items():
        merged[name] = df.assign(decided_by=MACHINE) if name in ANNOTATION_TABLES else df
    out = records.copy()
    for col in OUTCOME_COLUMNS:
        out[col] = pd.Series([None] * len(out), index=out.index, dtype=object)
    if out.empty:
        return merged, out
    is_corr = out["kind"] == "correction"
    usable = is_corr & out["anchor"].isin([*LOCATED, "document"])
    out.loc[is_corr & ~usable, "applied"] = False
    out.loc[is_corr & (out["anchor"] == "orphaned"), "outcome"] = "not applied: the passage was not found (orphaned)"
    out.loc[is_corr & (out["anchor"] == "not_in_corpus"), "outcome"] = "not applied: document not in this corpus"
    corr = in_order(out[usable])
    if corr.empty:
        return merged, out
    kb = kb if kb is not None else (load_kb() if (corr["target"] == "actor").any() else None)
    touched = sorted(set(corr["doc_id"]))
    names = [n for n in merged if n in ANNOTATION_TABLES]
    rows: dict[str, dict[str, list[dict]]] = {d: {n: [] for n in names} for d in touched}
    for n in names:
        df = merged[n]
        for row in df[df["doc_id"].astype(str).isin(touched)].to_dict("records"):
            rows[str(row["doc_id"])][n].append(row)
    arts = tables["articles"]
    docs = {str(a["id"]): _Doc(a, rows[str(a["id"])])
            for a in arts[arts["id"].astype(str).isin(touched)].to_dict("records")}
    for idx, r in corr.iterrows():
        rec = {k: (v if has_value(v) else None) for k, v in r.to_dict().items()}
        applied, outcome, machine, concerns = _apply(docs[rec["doc_id"]], rec, tables.get("mentions"), kb)
        out.loc[idx, OUTCOME_COLUMNS] = [applied, outcome, machine, concerns]
    position = {str(d): k for k, d in enumerate(tables["articles"]["id"])}
    for n in names:
        df = merged[n]
        keep = df[~df["doc_id"].astype(str).isin(touched)]
        new = pd.DataFrame([row for d in touched for row in rows[d][n]], columns=df.columns)
        both = pd.concat([keep, new], ignore_index=True) if len(new) else keep.reset_index(drop=True)
        both = _restore(both, df)
        order = both["doc_id"].astype(str).map(position).fillna(len(position))
        keys = [order.rename("_pos")] + ([both["start"].astype("Float64").rename("_start")] if "start" in both else [])
        sorter = pd.concat(keys, axis=1)
        merged[n] = both.loc[sorter.sort_values(list(sorter.columns), kind="stable").index].reset_index(drop=True)
    return merged, out


def decisions(tables: Mapping[str, pd.DataFrame], doc_id=None) -> pd.DataFrame:
    """The rows of the merged view that an analyst decided: table, document, passage, what it now says, who."""
    cols = ["table", "doc_id", "start", "text", "now", "decided_by"]
    parts = []
    for name, what in (("statements", "speaker"), ("mentions", "actor"), ("doc_themes", "present")):
        df = tables.get(name)
        if df is None or "decided_by" not in df.columns:
            continue
        df = df[df["decided_by"] != MACHINE]
        if doc_id is not None:
            df = df[df["doc_id"].astype(str) == str(doc_id)]
        if df.empty:
            continue
        if name == "doc_themes":
            now = df["theme"].astype(str) + ": " + df["present"].map(lambda p: "present" if p else "absent")
            text = pd.Series([""] * len(df), index=df.index)
            start = pd.Series([pd.NA] * len(df), index=df.index)
        else:
            now = df[what].map(lambda v: f"{what} {v if has_value(v) else 'none'}")
            text, start = df["text"], df["start"]
        parts.append(pd.DataFrame({"table": name, "doc_id": df["doc_id"], "start": start, "text": text, "now": now,
                                   "decided_by": df["decided_by"]}))
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols]


def apply_to_article(article: Mapping, rows: Mapping[str, list[dict]], records: pd.DataFrame) -> dict[str, list[dict]]:
    """One freshly annotated article's rows (table -> list of dicts) with the records about it applied.

    The records are anchored first; every row carries `decided_by`. The command line's streaming
    export uses this, without a store.
    """
    doc_id = str(article["id"])
    mine = records[records["doc_id"] == doc_id] if len(records) else records
    if mine.empty:
        return {t: ([{**r, "decided_by": MACHINE} for r in items] if t in ANNOTATION_TABLES else items)
                for t, items in rows.items()}
    tables = {"articles": pd.DataFrame([dict(article)]),
              **{t: frame(list(rows.get(t, [])), t) for t in ANNOTATION_TABLES}}
    merged, _ = merge(tables, anchor(mine, tables["articles"]))
    out = {t: merged[t].astype(object).where(merged[t].notna(), None).to_dict("records") for t in ANNOTATION_TABLES}
    return {**dict(rows), **out}


def with_decisions(doc: dict, rows: Mapping[str, list[dict]]) -> dict:
    """A document in the evaluation schema (`annotate.document_export`) plus who decided each of its parts.

    `decided_by` on each statement, and `decided_by` listing the actors and themes an analyst
    decided (extra keys the scorer ignores).
    """
    statements = rows.get("statements", [])
    for st, row in zip(doc.get("statements", []), statements):
        st["decided_by"] = row.get("decided_by") or MACHINE
    actors = {m["actor"]: m["decided_by"] for m in rows.get("mentions", [])
              if m.get("decided_by") not in (None, MACHINE)}
    themes = {t["theme"]: t["decided_by"] for t in rows.get("doc_themes", [])
              if t.get("decided_by") not in (None, MACHINE)}
    doc["decided_by"] = {"actors": dict(sorted(actors.items())), "themes": dict(sorted(themes.items()))}
    return doc
