"""How far analysts who coded the same documents agree: Cohen's kappa, Krippendorff's alpha, disagreements."""

from __future__ import annotations

from collections.abc import Mapping

import krippendorff
import numpy as np
import pandas as pd

from helpers.review.read import has_value, in_order


def _ratings(records: pd.DataFrame, machine_themes: pd.DataFrame | None):
    """Per item (kind, name), per unit (document), per analyst: the rating; see `agreement`."""
    items: dict[tuple[str, str], dict[str, dict[str, str]]] = {}
    evidence: dict[tuple[str, str, str], list[str]] = {}
    recs = records[records["anchor"] != "not_in_corpus"] if "anchor" in records.columns else records
    codes = recs[recs["kind"] == "code"]
    coded = codes.groupby("doc_id")["analyst"].agg(lambda s: sorted(set(s)))
    units = {d: who for d, who in coded.items() if len(who) >= 2}
    for name in sorted(set(codes.loc[codes["doc_id"].isin(units), "code"])):
        table = items.setdefault(("code", name), {})
        for doc_id, who in units.items():
            here = codes[(codes["doc_id"] == doc_id) & (codes["code"] == name)]
            for a in who:
                mine = here[here["analyst"] == a]
                values = sorted({v if has_value(v) else "applied" for v in mine["value"]})
                table.setdefault(doc_id, {})[a] = " | ".join(values) if values else "not applied"
                for q in mine["quote"]:
                    if has_value(q):
                        evidence.setdefault(("code", name, doc_id), []).append(f"{a}: “{q}”")
    reviewed = recs.groupby("doc_id")["analyst"].agg(lambda s: sorted(set(s)))
    units = {d: who for d, who in reviewed.items() if len(who) >= 2}
    themes = recs[(recs["kind"] == "correction") & (recs["target"] == "theme")]
    machine: dict[tuple[str, str], bool] = {}
    if machine_themes is not None and len(machine_themes):
        for r in machine_themes.itertuples(index=False):
            machine[(str(r.doc_id), r.theme)] = bool(r.present)
    names = set(themes.loc[themes["doc_id"].isin(units), "value"])
    names |= {t for (d, t), p in machine.items() if p and d in units}
    for name in sorted(names):
        table = items.setdefault(("theme", name), {})
        for doc_id, who in units.items():
            here = in_order(themes[(themes["doc_id"] == doc_id) & (themes["value"] == name)]) if len(themes) else themes
            for a in who:
                mine = here[here["analyst"] == a]
                present = (mine["action"].iloc[-1] == "add") if len(mine) else machine.get((doc_id, name), False)
                table.setdefault(doc_id, {})[a] = "present" if present else "absent"
                for q in mine["quote"]:
                    if has_value(q):
                        evidence.setdefault(("theme", name, doc_id), []).append(f"{a}: “{q}”")
    return items, evidence


def cohen_kappa(first: list[str], second: list[str]) -> float:
    """Cohen's kappa of two analysts' ratings of the same units (scikit-learn); NaN when undefined."""
    from sklearn.metrics import cohen_kappa_score

    if len(first) < 1 or len(set(first) | set(second)) < 2:
        return float("nan")
    return float(cohen_kappa_score(first, second))


def krippendorff_alpha(ratings: Mapping[str, Mapping[str, str]]) -> float:
    """Krippendorff's alpha (nominal) of units -> analyst -> rating, missing ratings allowed; NaN when undefined."""
    analysts = sorted({a for unit in ratings.values() for a in unit})
    units = sorted(ratings)
    values = sorted({v for unit in ratings.values() for v in unit.values()})
    if len(values) < 2 or not units:
        return float("nan")
    code = {v: k for k, v in enumerate(values)}
    data = np.full((len(analysts), len(units)), np.nan)
    for j, u in enumerate(units):
        for i, a in enumerate(analysts):
            if a in ratings[u]:
                data[i, j] = code[ratings[u][a]]
    try:
        return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except (ValueError, ZeroDivisionError):
        return float("nan")


def agreement(records: pd.DataFrame, machine_themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Agreement between analysts, per code and per theme.

    The unit is a document that two or more analysts worked on. For a code: the documents that at
    least two analysts coded (any code); each analyst's rating of the code there is the value they
    gave it ("applied" when it has none; several values joined by " | ") or "not applied". For a
    theme: the documents on which at least two analysts left any record; each analyst's rating is
    "present" or "absent": their own theme correction there if they made one (the latest), else
    the machine's decision, which they saw and left standing. Themes that are absent throughout
    are left out. Cohen's kappa when exactly two analysts rated the item (every unit by both),
    Krippendorff's alpha (nominal) for any number; both NaN where every rating is the same.
    """
    cols = ["kind", "name", "units", "analysts", "agreement", "kappa", "alpha", "disagreements"]
    if records.empty:
        return pd.DataFrame(columns=cols)
    items, _ = _ratings(records, machine_themes)
    rows = []
    for (kind, name), table in sorted(items.items()):
        analysts = sorted({a for unit in table.values() for a in unit})
        same = sum(len(set(unit.values())) == 1 for unit in table.values())
        kappa = float("nan")
        if len(analysts) == 2 and all(len(unit) == 2 for unit in table.values()):
            units = sorted(table)
            kappa = cohen_kappa([table[u][analysts[0]] for u in units], [table[u][analysts[1]] for u in units])
        rows.append({"kind": kind, "name": name, "units": len(table), "analysts": ", ".join(analysts),
                     "agreement": same / len(table) if table else float("nan"), "kappa": kappa,
                     "alpha": krippendorff_alpha(table), "disagreements": len(table) - same})
    return pd.DataFrame(rows, columns=cols)


def disagreements(records: pd.DataFrame, machine_themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each unit (document x code or theme) where analysts differ: their ratings and the passages they quoted."""
    cols = ["kind", "name", "doc_id", "ratings", "text"]
    if records.empty:
        return pd.DataFrame(columns=cols)
    items, evidence = _ratings(records, machine_themes)
    rows = []
    for (kind, name), table in sorted(items.items()):
        for doc_id in sorted(table):
            unit = table[doc_id]
            if len(set(unit.values())) > 1:
                rows.append({"kind": kind, "name": name, "doc_id": doc_id,
                             "ratings": "; ".join(f"{a}: {v}" for a, v in sorted(unit.items())),
                             "text": " · ".join(evidence.get((kind, name, doc_id), []))})
    return pd.DataFrame(rows, columns=cols)
