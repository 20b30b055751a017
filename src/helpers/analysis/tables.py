"""Shared table helpers: tables as plain text, numbers and sums as text, notes on a corpus too small."""

from __future__ import annotations

import textwrap

import pandas as pd


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


def as_records(df: pd.DataFrame, empty: str = "No rows.", width: int = 100) -> str:
    """A table as plain text, one block per row ('column: value', long values wrapped), for wide text."""
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


def format_number(value) -> str:
    """A number as text: thousands separated, no trailing '.0', up to 4 significant decimals."""
    if value is None or pd.isna(value):
        return "-"
    v = float(value)
    if v.is_integer():
        return f"{int(v):,}"
    return f"{v:,.4g}" if abs(v) < 1000 else f"{v:,.2f}"


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


def needs(articles: pd.DataFrame, n: int = 2, what: str = "this section") -> str | None:
    """A one-line note when the corpus has fewer than `n` documents for `what`, else None."""
    k = len(articles)
    if k >= n:
        return None
    return f"{what[:1].upper()}{what[1:]} needs at least {n} documents; this corpus has {k}."


def share(part, whole) -> str:
    """`part` as a whole percentage of `whole` ('-' when `whole` is zero)."""
    return f"{part / whole:.0%}" if whole else "-"
