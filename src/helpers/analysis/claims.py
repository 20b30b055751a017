"""Claims against the corpus: the figures a document asserts, set beside what the rest of the corpus reports.

The seed asserts that Xi Jinping and Vladimir Putin have met 42 times in ten years and that
their countries' trade will set a record above $200 billion in the year of writing. For
each such figure (a count of meetings, a trade volume) this module finds what the other
documents of the corpus report for the same period or year: the meetings of the two found in
the texts, the counts other documents give, the trade figures for that year and the nearest
years, and the documents giving the same sum as a target. Every number comes with the
document and the sentence behind it.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.analysis.sources import document_info
from helpers.analysis.tables import format_number, money
from helpers.analysis.timeline import PAIR_NAMES, meeting_mentions, meetings
from helpers.analysis.trade import trade_figures
from helpers.config import DEFAULT_CORPUS, resolve
from helpers.resources.lexicons import load_lexicons

# The corpus whose first document's claims are checked when no document is named: the seed.
SEED_CORPUS = str(DEFAULT_CORPUS)
COUNT_UNITS = {"times", "meetings"}
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "twenty": 20, "fifteen": 15, "twelve": 12}
PERIOD_PATTERNS = [
    (re.compile(r"\b(?:last|past|previous)\s+decade\b|\bdecade\b", re.I), lambda m: 10),
    (re.compile(r"\b(?:last|past|previous)\s+(\d+|\w+)\s+years\b", re.I),
     lambda m: int(m.group(1)) if m.group(1).isdigit() else _NUMBER_WORDS.get(m.group(1).lower())),
]
SINCE_YEAR = re.compile(r"\bsince\s+((?:19|20)\d{2})\b", re.I)

CLAIM_COLUMNS = ["claim", "doc_id", "date", "text", "value", "unit", "since", "until", "year", "kind", "sentence"]


def _sentence_table(tables: dict) -> pd.DataFrame:
    return tables["sentences"][["doc_id", "sent", "start", "text"]]


def claim_period(sentence: str, doc_date: str | None) -> tuple[str | None, str | None]:
    """The period a count refers to: (since, until) as ISO dates; until is the document's date.

    "over the last decade" -> ten years back; "in the past five years" -> five; "since 2013" ->
    from 2013-01-01. Without a period, (None, until): everything up to the document's date.
    """
    until = str(doc_date)[:10] if doc_date and not pd.isna(doc_date) else None
    m = SINCE_YEAR.search(sentence)
    if m:
        return f"{m.group(1)}-01-01", until
    for pattern, years_of in PERIOD_PATTERNS:
        m = pattern.search(sentence)
        if m and until:
            years = years_of(m)
            if years:
                end = pd.Timestamp(until)
                return (end - pd.DateOffset(years=years)).strftime("%Y-%m-%d"), until
    return None, until


def meeting_counts(tables: dict, pair=PAIR_NAMES, lexicons: str | None = None) -> pd.DataFrame:
    """Counts of meetings of the pair that documents assert.

    A count or ordinal figure in a sentence that speaks of meeting and names one of the pair (or "the two",
    "we"). Columns as CLAIM_COLUMNS, claim = "meetings".
    """
    figures, sentences, mentions = tables["figures"], tables["sentences"], tables["mentions"]
    if figures.empty or sentences.empty:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    counts = figures[figures["unit"].isin(COUNT_UNITS) | figures["unit"].astype(str).str.startswith("ordinal meeting")]
    df = counts.merge(_sentence_table(tables).rename(columns={"start": "s_start", "text": "sentence"}),
                      on=["doc_id", "sent"], how="inner", validate="many_to_one")
    words = load_lexicons(resolve(lexicons) if lexicons else None).meeting_count_words
    df = df[df["sentence"].str.contains(words, case=False, regex=True)]
    if df.empty:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    named = set(zip(mentions.loc[mentions["actor"].isin(pair), "doc_id"], mentions.loc[mentions["actor"].isin(pair), "sent"]))
    pronoun = df["sentence"].str.contains(r"\bthe two\b|\bwe\b|\bboth leaders\b|\byou and I\b", case=False, regex=True)
    keep = [((d, s) in named) or p for d, s, p in zip(df["doc_id"], df["sent"], pronoun)]
    df = df[keep]
    info = document_info(tables["articles"]).set_index("id")
    rows = []
    for r in df.itertuples(index=False):
        date = info["date"].get(r.doc_id)
        since, until = claim_period(r.sentence, date)
        kind = "ordinal" if str(r.unit).startswith("ordinal") else "count"
        rows.append({"claim": "meetings", "doc_id": r.doc_id, "date": date, "text": r.text, "value": float(r.value),
                     "unit": "meetings", "since": since, "until": until, "year": None, "kind": kind,
                     "sentence": " ".join(str(r.sentence).split())})
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def find_claims(tables: dict, doc_id: str | None = None, actors: str | None = None,
                lexicons: str | None = None) -> pd.DataFrame:
    """The checkable figures a document asserts: counts of meetings of the pair and China-Russia trade volumes.

    `tables` holds the document (and possibly others); `doc_id` picks it (the first document by
    default). One row per figure, in text order: claim ("meetings" or "trade"), the figure as
    written, its value and unit, the period or year it refers to, its kind, the sentence.
    """
    arts = tables["articles"]
    if arts.empty:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    doc_id = str(arts["id"].iloc[0]) if doc_id is None else str(doc_id)
    one = {name: (df[df["id"].astype(str) == doc_id] if name == "articles" else
                  df[df["doc_id"].astype(str) == doc_id] if "doc_id" in df else df)
           for name, df in tables.items()}
    counts = meeting_counts(one, lexicons=lexicons)
    counts = counts[counts["kind"] == "count"]
    trade = trade_figures(one["figures"], one["sentences"], one["mentions"], one["articles"],
                          one.get("doc_themes"), actors=actors, lexicons=lexicons)
    rows = [counts]
    if not trade.empty:
        rows.append(pd.DataFrame({"claim": "trade", "doc_id": trade["doc_id"], "date": trade["date"],
                                  "text": trade["text"], "value": trade["value"], "unit": trade["unit"],
                                  "since": None, "until": None, "year": trade["year"], "kind": trade["kind"],
                                  "sentence": trade["sentence"]}))
    out = pd.concat([r for r in rows if not r.empty], ignore_index=True) if any(not r.empty for r in rows) \
        else pd.DataFrame(columns=CLAIM_COLUMNS)
    if out.empty:
        return out
    position = {s: i for i, s in enumerate(one["sentences"]["text"].map(lambda t: " ".join(str(t).split())))}
    out = out.assign(_p=out["sentence"].map(position).fillna(len(position)))
    return out.sort_values(["_p", "claim"], kind="stable").drop(columns="_p").reset_index(drop=True)[CLAIM_COLUMNS]


def asserted(claim: pd.Series) -> str:
    """A claim in words: '42 meetings, 2013-10-18 to 2023-10-18' or '$200 billion in 2023 (forecast or target)'."""
    if claim["claim"] == "meetings":
        period = (f", {claim['since']} to {claim['until']}" if claim.get("since") else
                  f", up to {claim['until']}" if claim.get("until") else "")
        return f"{format_number(claim['value'])} meetings{period}"
    year = claim.get("year")
    when = f" in {int(year)}" if year is not None and not pd.isna(year) else ""
    return f"{money(claim['value'], claim['unit'])}{when} ({claim['kind']})"


def claims_table(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims for display: what is claimed, the figure as written, the document, the sentence."""
    cols = ["claim", "asserted", "as_written", "doc_id", "sentence"]
    if claims.empty:
        return pd.DataFrame(columns=cols)
    return pd.DataFrame({"claim": claims["claim"].to_numpy(),
                         "asserted": [asserted(r) for _, r in claims.iterrows()],
                         "as_written": claims["text"].to_numpy(), "doc_id": claims["doc_id"].to_numpy(),
                         "sentence": claims["sentence"].to_numpy()})


# --------------------------------------------------------------------------- the rest of the corpus


def rest_of_corpus(tables: dict, doc_id: str | None) -> dict:
    """The tables without document `doc_id` (the one whose claims are checked)."""
    if doc_id is None:
        return tables
    out = {}
    for name, df in tables.items():
        if name == "articles":
            out[name] = df[df["id"].astype(str) != str(doc_id)].reset_index(drop=True)
        elif "doc_id" in df:
            out[name] = df[df["doc_id"].astype(str) != str(doc_id)].reset_index(drop=True)
        else:
            out[name] = df
    return out


def _in_period(dates: pd.Series, since: str | None, until: str | None) -> pd.Series:
    keep = dates.notna()
    if since:
        keep &= dates.astype(str) >= since
    if until:
        keep &= dates.astype(str) <= until
    return keep


def meeting_evidence(claim: pd.Series, tables: dict, lexicons: str | None = None) -> dict[str, pd.DataFrame]:
    """What the corpus reports for a meeting count.

    The meetings of the pair found in its texts within the claim's period, and the counts other documents
    assert.
    """
    reports = meeting_mentions(tables["articles"], tables["sentences"], tables["mentions"], tables.get("dates"),
                               lexicons=lexicons)
    events = meetings(reports)
    events = events[_in_period(events["date"], claim.get("since"), claim.get("until"))].reset_index(drop=True)
    counts = meeting_counts(tables, lexicons=lexicons)
    counts = counts[counts["kind"] == "count"].drop_duplicates(["doc_id", "text"])  # a headline and its summary
    counts = counts.sort_values(["date", "doc_id"], kind="stable", na_position="last").reset_index(drop=True)
    return {"meetings": events, "counts": counts}


def trade_evidence(claim: pd.Series, tables: dict, actors: str | None = None,
                   lexicons: str | None = None) -> dict[str, pd.DataFrame]:
    """What the corpus reports for a trade figure.

    Figures for the same year, the nearest years reported before and after it, and the documents naming the same
    sum.
    """
    trade = trade_figures(tables["figures"], tables["sentences"], tables["mentions"], tables["articles"],
                          tables.get("doc_themes"), actors=actors, lexicons=lexicons)
    trade = trade[trade["unit"] == claim["unit"]] if not trade.empty else trade
    year = claim.get("year")
    if trade.empty or year is None or pd.isna(year):
        same = nearest = trade.iloc[0:0] if not trade.empty else trade
    else:
        year = int(year)
        same = trade[trade["year"] == year]
        others = trade[(trade["year"] != year) & trade["year"].notna() & (trade["kind"] == "reported")]
        named = others[others["year_from"] != "the document's year"]
        others = named if len(named) else others  # years the text names beat years taken from the date
        before = others[others["year"] < year]
        after = others[others["year"] > year]
        parts = []
        if len(before):
            parts.append(before[before["year"] == before["year"].max()])
        if len(after):
            parts.append(after[after["year"] == after["year"].min()])
        nearest = pd.concat(parts, ignore_index=True) if parts else trade.iloc[0:0]
    same_sum = trade[(trade["value"] - float(claim["value"])).abs() <= 0.005 * float(claim["value"])] \
        if not trade.empty else trade
    return {"same_year": same.reset_index(drop=True), "nearest_years": nearest.reset_index(drop=True),
            "same_sum": same_sum.reset_index(drop=True)}


def _sources(ids) -> str:
    ids = sorted({str(i) for i in ids})
    return ", ".join(ids[:5]) + (f" (+{len(ids) - 5} more)" if len(ids) > 5 else "") if ids else "-"


def _coverage(articles: pd.DataFrame, since: str | None, until: str | None) -> str:
    info = document_info(articles)
    dated = info[_in_period(info["date"], since, until)]
    if dated.empty:
        return "no document of the rest of the corpus is dated within the period"
    return (f"{len(dated):,} document{'s' * (len(dated) != 1)} of the rest of the corpus dated "
            f"{dated['date'].min()} to {dated['date'].max()}")


def compare(claims: pd.DataFrame, rest: dict, actors: str | None = None, lexicons: str | None = None) -> pd.DataFrame:
    """Each claim beside what the rest of the corpus reports, in plain words, with the sources.

    One row per claim: the claim, what the document asserts, what the rest of the corpus
    reports, and the documents behind it.
    """
    cols = ["claim", "doc_id", "asserted", "corpus_reports", "sources"]
    if claims.empty:
        return pd.DataFrame(columns=cols)
    n_rest = len(rest["articles"])
    rows = []
    for _, c in claims.iterrows():
        row = {"claim": c["claim"], "doc_id": c["doc_id"], "asserted": asserted(c)}
        if n_rest == 0:
            row.update(corpus_reports="nothing to compare: the corpus holds no other document", sources="-")
        elif c["claim"] == "meetings":
            ev = meeting_evidence(c, rest, lexicons)
            m, counts = ev["meetings"], ev["counts"]
            first_last = f" ({m['date'].min()} to {m['date'].max()})" if len(m) else ""
            parts = [f"{len(m)} meeting{'s' * (len(m) != 1)} of the two found in the texts{first_last}; "
                     f"{_coverage(rest['articles'], c.get('since'), c.get('until'))}"]
            if len(counts):
                said = "; ".join(f"'{r.text}' ({r.doc_id}, {r.date})" for r in counts.head(4).itertuples(index=False))
                parts.append(f"counts asserted elsewhere: {said}")
            row.update(corpus_reports="; ".join(parts),
                       sources=_sources(list(_ids(m["doc_ids"])) + list(counts["doc_id"])))
        else:
            ev = trade_evidence(c, rest, actors, lexicons)
            same, nearest, same_sum = ev["same_year"], ev["nearest_years"], ev["same_sum"]
            parts = []
            year = c.get("year")
            label = f"{int(year)}" if year is not None and not pd.isna(year) else "that year"
            if len(same):
                parts.append(f"for {label}: " + "; ".join(
                    f"{money(r.value, r.unit)} ({r.kind}, {r.doc_id})" for r in same.head(4).itertuples(index=False)))
            else:
                parts.append(f"no trade figure for {label}")
            if len(nearest):
                parts.append("nearest years reported: " + "; ".join(
                    f"{money(r.value, r.unit)} for {r.year} ({r.doc_id})"
                    for r in nearest.drop_duplicates(["year", "value"]).head(4).itertuples(index=False)))
            if len(same_sum):
                parts.append(f"the same sum, {money(c['value'], c['unit'])}, appears as: " + "; ".join(
                    f"{r.kind} for {r.year if not pd.isna(r.year) else '?'} ({r.doc_id}, {r.date})"
                    for r in same_sum.head(3).itertuples(index=False)))
            row.update(corpus_reports="; ".join(parts),
                       sources=_sources(list(same["doc_id"]) + list(nearest["doc_id"]) + list(same_sum["doc_id"])))
        rows.append(row)
    return pd.DataFrame(rows, columns=cols)


def _ids(joined: pd.Series):
    for value in joined:
        for part in str(value).split(","):
            part = part.strip()
            if part and not part.startswith("(+"):
                yield part.split(" (+")[0]


def evidence(claims: pd.DataFrame, rest: dict, actors: str | None = None, lexicons: str | None = None) -> pd.DataFrame:
    """The sentences behind the comparison, per claim.

    Per claim, each meeting, count or trade figure of the rest of the corpus that `compare` uses, with its date,
    document and sentence.
    """
    cols = ["claim", "asserted", "what", "date", "doc_id", "sentence"]
    if claims.empty or rest["articles"].empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for _, c in claims.iterrows():
        head = {"claim": c["claim"], "asserted": asserted(c)}
        if c["claim"] == "meetings":
            ev = meeting_evidence(c, rest, lexicons)
            for r in ev["meetings"].itertuples(index=False):
                rows.append({**head, "what": f"meeting ({r.documents} document{'s' * (r.documents != 1)})",
                             "date": r.date, "doc_id": r.doc_ids, "sentence": r.evidence})
            for r in ev["counts"].itertuples(index=False):
                rows.append({**head, "what": f"count asserted: {r.text}", "date": r.date, "doc_id": r.doc_id,
                             "sentence": r.sentence})
        else:
            ev = trade_evidence(c, rest, actors, lexicons)
            seen = set()
            for label, df in (("same year", ev["same_year"]), ("nearest year", ev["nearest_years"]),
                              ("same sum", ev["same_sum"])):
                for r in df.itertuples(index=False):
                    key = (r.doc_id, r.text, r.sentence)
                    if key in seen:
                        continue
                    seen.add(key)
                    inferred = ", year from the document's date" if r.year_from == "the document's year" else ""
                    rows.append({**head, "what": f"{label}: {money(r.value, r.unit)} for {r.year} "
                                                 f"({r.kind}{inferred})",
                                 "date": r.date, "doc_id": r.doc_id, "sentence": r.sentence})
    return pd.DataFrame(rows, columns=cols)


def claim_document(tables: dict, article_id: str | None, seed: dict | None = None) -> tuple[dict, str | None]:
    """The tables holding the document whose claims are checked, and its id.

    `article_id` when given (it must be in the corpus); else the first document of `seed` (the
    tables of SEED_CORPUS, which the caller loads into the store beforehand): the corpus's tables
    when it holds that document, else the seed's. Without a seed document: (tables, None), and
    `find_claims` takes the corpus's first document.
    """
    arts = tables["articles"]
    if article_id is not None:
        if not (arts["id"].astype(str) == str(article_id)).any():
            raise KeyError(f"article_id {article_id!r} is not in this corpus ({len(arts)} documents)")
        return tables, str(article_id)
    if seed is None or seed["articles"].empty:
        return tables, None
    seed_id = str(seed["articles"]["id"].iloc[0])
    if (arts["id"].astype(str) == seed_id).any():
        return tables, seed_id
    return seed, seed_id
