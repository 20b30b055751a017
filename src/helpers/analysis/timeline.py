"""The timeline of the pair: their meetings as the texts report them, and the attention the news gives them."""

from __future__ import annotations

import re

import pandas as pd

from helpers.analysis.sources import HEADLINES_GROUP, OTHER_GROUP, document_info
from helpers.config import resolve
from helpers.resources.lexicons import load_lexicons

# The pair whose meetings and attention are followed.
PAIR_NAMES = ("Xi Jinping", "Vladimir Putin")


def meeting_mentions(articles: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame,
                     dates: pd.DataFrame | None = None, pair=PAIR_NAMES, lexicons: str | None = None) -> pd.DataFrame:
    """Sentences reporting a meeting of the pair as it happens, with its date.

    Both named (or one named in a Kremlin or MFA title, the host being implied), a meeting word, and no sign of
    a call, a plan or the past. The date is a day named in the sentence (up to two weeks before the document) or
    the document's date.
    """
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
    lex = load_lexicons(resolve(lexicons) if lexicons else None)
    meeting = cand["text"].str.contains(lex.meeting_words, case=False, regex=True)
    blocked = cand["text"].str.contains(lex.not_a_meeting, case=False, regex=True)
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
        if re.search(r"\byesterday\b", r.text, re.IGNORECASE):
            when, how = (pd.Timestamp(r.doc_date) - pd.Timedelta(days=1)).strftime("%Y-%m-%d"), "'yesterday'"
        named_day = day_of.get((r.doc_id, r.sent))
        named_month = month_of.get((r.doc_id, r.sent))
        if named_day:
            delta = (pd.Timestamp(r.doc_date) - pd.Timestamp(named_day)).days
            if delta < 0:
                continue  # a day after the document: a plan, not a meeting
            if delta == 7 and not re.search(r"\blast\b", r.text, re.IGNORECASE):
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


def attention(articles: pd.DataFrame, mentions: pd.DataFrame, pair=PAIR_NAMES, top: int = 12,
              groups=(HEADLINES_GROUP, OTHER_GROUP)) -> pd.DataFrame:
    """Documents naming both of the pair, per news outlet and week (long form).

    Documents naming both (long form: outlet, week, documents, outlet_total). Kremlin and MFA texts are left
    out; the `top` outlets kept.
    """
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
