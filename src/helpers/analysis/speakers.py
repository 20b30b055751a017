"""Who speaks and about whom: units of speech, the actors statements mention, co-mentions and the actor network."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from helpers.analysis.sources import document_info


def speech_units(sentences: pd.DataFrame, statements: pd.DataFrame) -> pd.DataFrame:
    """What each speaker says, as units of text: speaker-turn sentences, quotations and reported speech.

    Each sentence of a speaker turn, each quotation and each reported statement (kind "indirect"), with the
    sentence around it as context. Columns: doc_id,
    sent, speaker, kind, text, context.
    """
    cols = ["doc_id", "sent", "speaker", "kind", "text", "context"]
    if statements.empty or sentences.empty:
        return pd.DataFrame(columns=cols)
    st = statements[statements["speaker"].notna()]
    sents = sentences[["doc_id", "sent", "start", "end", "text"]]
    quotes = st[st["kind"] != "turn"]
    q = quotes[["doc_id", "sent", "speaker", "kind", "text"]].merge(
        sents[["doc_id", "sent", "text"]].rename(columns={"text": "context"}), on=["doc_id", "sent"], how="left",
        validate="many_to_one")
    turns = st[st["kind"] == "turn"][["doc_id", "start", "end", "speaker"]].rename(
        columns={"start": "t_start", "end": "t_end"}).sort_values("t_start", kind="stable")
    if not turns.empty:
        s = sents.assign(mid=(sents["start"] + sents["end"]) // 2).sort_values("mid", kind="stable")
        t = pd.merge_asof(s, turns, left_on="mid", right_on="t_start", by="doc_id", direction="backward")
        t = t[t["speaker"].notna() & (t["mid"] < t["t_end"])]
        t = t.assign(kind="turn", context=t["text"])[cols]
    else:
        t = pd.DataFrame(columns=cols)
    out = pd.concat([q[cols], t], ignore_index=True) if len(t) else q[cols]
    out["text"] = out["text"].fillna("").astype(str)
    out["context"] = out["context"].fillna(out["text"]).astype(str)
    return out.sort_values(["doc_id", "sent", "kind"], kind="stable").reset_index(drop=True)


def statements_by_kind(statements: pd.DataFrame, speakers: list[str] | None = None) -> pd.DataFrame:
    """Statements per speaker and kind (quote, turn, indirect), most first; `speakers` keeps only those."""
    cols = ["speaker", "quote", "turn", "indirect", "total"]
    st = statements[statements["speaker"].notna()] if not statements.empty else statements
    if speakers is not None and not st.empty:
        st = st[st["speaker"].isin(list(speakers))]
    if st.empty:
        return pd.DataFrame(columns=cols)
    table = st.groupby(["speaker", "kind"]).size().unstack(fill_value=0)
    table = table.reindex(columns=["quote", "turn", "indirect"], fill_value=0)
    table["total"] = table.sum(axis=1)
    table = table.sort_index(kind="stable").sort_values("total", ascending=False, kind="stable")
    return table.reset_index()[cols]


def statement_mentions(statements: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The actors each statement speaks about, one row per (statement, actor).

    Mentions inside a speaker turn, or inside a quotation or its sentence, leaving out the speaker's own name.
    One row per (statement, actor).
    """
    cols = ["doc_id", "speaker", "actor", "start", "kind"]
    if statements.empty or mentions.empty:
        return pd.DataFrame(columns=cols)
    st = statements[statements["speaker"].notna()].reset_index(drop=True)
    st = st.assign(_k=range(len(st)))[["_k", "doc_id", "speaker", "kind", "start", "end", "sent"]]
    m = mentions[["doc_id", "start", "sent", "actor"]].rename(columns={"start": "m_start", "sent": "m_sent"})
    m = m.dropna(subset=["m_start"]).astype({"m_start": "int64"}).sort_values("m_start", kind="stable")
    parts = []
    for turns in (True, False):  # each mention falls in the latest statement starting before it, if it ends after
        sub = st[(st["kind"] == "turn") == turns].astype({"start": "int64"}).sort_values("start", kind="stable")
        if sub.empty:
            continue
        inside = pd.merge_asof(m, sub, left_on="m_start", right_on="start", by="doc_id", direction="backward")
        parts.append(inside[inside["_k"].notna() & (inside["m_start"] < inside["end"])])
        if not turns:  # a quotation's own sentence counts too: "Xi praised Putin as his 'old friend'"
            parts.append(sub.merge(m, left_on=["doc_id", "sent"], right_on=["doc_id", "m_sent"], how="inner"))
    keep = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*cols, "_k"])
    keep = keep[keep["actor"] != keep["speaker"]].drop_duplicates(["_k", "actor"])
    return keep[cols].sort_values(["doc_id", "start", "actor"], kind="stable").reset_index(drop=True)


def speaker_actor(statements: pd.DataFrame, mentions: pd.DataFrame, top_speakers: int = 12,
                  top_actors: int = 15) -> pd.DataFrame:
    """Who speaks about whom: statements by each speaker (rows) that mention each actor (columns).

    The most frequent speakers and actors are kept; 'statements' is each speaker's total.
    """
    pairs = statement_mentions(statements, mentions)
    if pairs.empty:
        return pd.DataFrame()
    speakers = statements[statements["speaker"].notna()]["speaker"].value_counts()
    speakers = speakers[speakers.index.isin(pairs["speaker"])]
    speakers = speakers.sort_index(kind="stable").sort_values(ascending=False, kind="stable").head(top_speakers)
    actors = pairs["actor"].value_counts().sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    actors = actors.head(top_actors)
    table = pd.crosstab(pairs["speaker"], pairs["actor"]).reindex(index=speakers.index, columns=actors.index,
                                                                  fill_value=0)
    table.insert(0, "statements", speakers.astype(int))
    table.index.name = "speaker"
    table.columns.name = None
    return table


def speaker_actor_pairs(statements: pd.DataFrame, mentions: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The most frequent (speaker, actor spoken about) pairs: statements, documents."""
    cols = ["speaker", "actor", "statements", "documents"]
    pairs = statement_mentions(statements, mentions)
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    g = pairs.groupby(["speaker", "actor"])
    out = pd.DataFrame({"statements": g.size(), "documents": g["doc_id"].nunique()}).reset_index()
    return out.sort_values(["statements", "documents", "speaker", "actor"], ascending=[False, False, True, True],
                           kind="stable").head(top).reset_index(drop=True)[cols]


def statements_overview(statements: pd.DataFrame, articles: pd.DataFrame, max_chars: int | None = 300) -> pd.DataFrame:
    """Every statement with a speaker, for searching: date, document, speaker, kind, text (cut at `max_chars`)."""
    cols = ["date", "doc_id", "speaker", "kind", "text"]
    if statements.empty:
        return pd.DataFrame(columns=cols)
    info = document_info(articles).set_index("id")["date"]
    df = statements.assign(date=statements["doc_id"].map(info))
    text = df["text"].fillna("").astype(str).map(lambda s: " ".join(s.split()))
    df = df.assign(text=text if max_chars is None else text.map(lambda s: s if len(s) <= max_chars
                                                                   else s[:max_chars - 3] + "..."),
                   speaker=df["speaker"].fillna("(not found)"))
    return df.sort_values(["date", "doc_id", "start"], kind="stable", na_position="last")[cols].reset_index(drop=True)


def co_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of actors mentioned in the same sentence: sentences and documents in which they meet."""
    cols = ["a", "b", "sentences", "documents"]
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    m = mentions[["doc_id", "sent", "actor"]].dropna().drop_duplicates()
    pairs = m.merge(m, on=["doc_id", "sent"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_a"] < pairs["actor_b"]]
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    g = pairs.groupby(["actor_a", "actor_b"])
    out = pd.DataFrame({"sentences": g.size(), "documents": g["doc_id"].nunique()}).reset_index()
    out = out.rename(columns={"actor_a": "a", "actor_b": "b"})
    return out.sort_values(["sentences", "a", "b"], ascending=[False, True, True], kind="stable").reset_index(drop=True)


def actor_network(mentions: pd.DataFrame, top: int = 25, max_edges: int = 60) -> nx.Graph:
    """The co-mention network (networkx Graph) of the `top` most mentioned actors and their strongest links.

    Nodes carry `mentions` (sentences naming the actor) and `type`; edges carry `weight`
    (sentences naming both). Returns an empty graph when nothing is mentioned.
    """
    g = nx.Graph()
    if mentions.empty:
        return g
    per_actor = mentions[["doc_id", "sent", "actor"]].drop_duplicates()["actor"].value_counts()
    per_actor = per_actor.sort_index(kind="stable").sort_values(ascending=False, kind="stable").head(top)
    types = mentions.drop_duplicates("actor").set_index("actor")["type"]
    edges = co_mentions(mentions[mentions["actor"].isin(per_actor.index)]).head(max_edges)
    for actor, n in per_actor.items():
        g.add_node(actor, mentions=int(n), type=types.get(actor))
    for e in edges.itertuples(index=False):
        g.add_edge(e.a, e.b, weight=int(e.sentences), documents=int(e.documents))
    return g


def network_table(graph) -> pd.DataFrame:
    """The network's actors: mentions, links kept, the sentences shared with linked actors, strongest partner."""
    cols = ["actor", "type", "mentions", "links", "shared_sentences", "strongest_link"]
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=cols)
    rows = []
    for node, data in graph.nodes(data=True):
        nbrs = sorted(graph[node].items(), key=lambda kv: (-kv[1]["weight"], kv[0]))
        rows.append({"actor": node, "type": data.get("type"), "mentions": data.get("mentions", 0),
                     "links": len(nbrs), "shared_sentences": sum(d["weight"] for _, d in nbrs),
                     "strongest_link": f"{nbrs[0][0]} ({nbrs[0][1]['weight']})" if nbrs else "-"})
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["mentions", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)
