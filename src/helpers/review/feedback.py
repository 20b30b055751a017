"""What each correction concerns in the annotator: a knowledge-base alias, codebook terms, an attribution rule."""

from __future__ import annotations

import pandas as pd

from helpers.review.read import describe


def feedback(records: pd.DataFrame) -> pd.DataFrame:
    """The applied corrections by what they concern in the annotator, with what the machine had and the analyst said.

    What a correction concerns: the knowledge-base alias or actor, the codebook terms that fired,
    the attribution rule.
    """
    cols = ["target", "action", "doc_id", "quote", "machine", "analyst_says", "concerns", "analyst", "outcome"]
    if records.empty or "outcome" not in records.columns:
        return pd.DataFrame(columns=cols)
    df = records[(records["kind"] == "correction") & (records["applied"] == True)]  # noqa: E712 - object column
    if df.empty:
        return pd.DataFrame(columns=cols)
    says = [describe(r) for r in df.to_dict("records")]
    out = pd.DataFrame({"target": df["target"], "action": df["action"], "doc_id": df["doc_id"],
                        "quote": df["quote"].fillna(""), "machine": df["machine"], "analyst_says": says,
                        "concerns": df["concerns"], "analyst": df["analyst"], "outcome": df["outcome"]})
    return out.sort_values(["target", "concerns", "doc_id"], kind="stable").reset_index(drop=True)


def feedback_summary(fb: pd.DataFrame) -> pd.DataFrame:
    """How many corrections concern each target and rule, alias or term: where the annotator goes wrong most."""
    cols = ["target", "action", "concerns", "corrections", "documents"]
    if fb.empty:
        return pd.DataFrame(columns=cols)
    g = fb.groupby(["target", "action", "concerns"], sort=True)
    out = g.agg(corrections=("doc_id", "size"), documents=("doc_id", "nunique")).reset_index()
    return out.sort_values(["corrections", "target", "concerns"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)[cols]
