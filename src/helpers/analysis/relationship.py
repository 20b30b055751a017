"""The China-Russia relationship: the two sides, what the two leaders say of it (aspects) and how sources frame it."""

from __future__ import annotations

import pandas as pd

from helpers.analysis.sources import GROUP_ORDER, document_info, document_language
from helpers.analysis.speakers import speech_units
from helpers.config import resolve
from helpers.resources.kb import load_kb
from helpers.resources.lexicons import Lexicons, load_lexicons

# The shipped lexicons' aspects and frames, by name, for the plots and tables that list them.
ASPECTS = load_lexicons().aspects
FRAMES = {**ASPECTS, **load_lexicons().frames}
# The speaker -> the other side whose naming makes a statement about the relationship.
PAIR = {"Xi Jinping": "Russia", "Vladimir Putin": "China"}
# Columns of `relationship_statements` before the aspects.
STATEMENT_COLUMNS = ["doc_id", "date", "year", "speaker", "kind", "sentence", "text"]


def actor_sides(actors: str | None = None) -> dict[str, str]:
    """Actor -> the side or state it stands for: its side in the knowledge base, else a person's country, else it."""
    kb = load_kb(resolve(actors) if actors else None)
    sides = kb.sides()
    return {name: sides.get(name) or (a.country if a.type == "person" and a.country else name)
            for name, a in kb.actors.items()}


def relationship_words(lexicons: Lexicons) -> str:
    """The pattern naming the relationship itself: its words and the two sides named as a pair."""
    return f"{lexicons.relationship_words}|{lexicons.pair_words}"


def _flags(text: pd.Series, patterns: dict[str, str]) -> pd.DataFrame:
    """One boolean column per pattern: whether each text has it where a word starts."""
    return pd.DataFrame({a: text.str.contains(rf"(?<!\w)(?:{p})", case=False, regex=True)
                         for a, p in patterns.items()}, index=text.index)


def _aspects(rel: pd.DataFrame) -> list[str]:
    """The aspects a `relationship_statements` frame was tagged with, in its column order."""
    return [c for c in rel.columns if c not in STATEMENT_COLUMNS]


def relationship_statements(sentences: pd.DataFrame, statements: pd.DataFrame, mentions: pd.DataFrame,
                            articles: pd.DataFrame, doc_themes: pd.DataFrame | None = None,
                            speakers=("Xi Jinping", "Vladimir Putin"), actors: str | None = None,
                            lexicons: str | None = None, kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
    """What Xi Jinping and Vladimir Putin each say about the relationship, tagged by aspect.

    Their statements that name the other side (or the relationship itself), tagged with the aspects they speak
    of (friendship, trust, coordination, dependence). One row per unit of speech (its kind: quote, turn or
    indirect, the reported speech; `kinds` keeps only those), with the document's date and the sentence as evidence.
    """
    lex = load_lexicons(resolve(lexicons) if lexicons else None)
    cols = [*STATEMENT_COLUMNS, *lex.aspects]
    units = speech_units(sentences, statements)
    units = units[units["speaker"].isin(list(speakers))]
    if kinds is not None:
        units = units[units["kind"].isin(list(kinds))]
    if units.empty:
        return pd.DataFrame(columns=cols)
    sides = actor_sides(actors)
    m = mentions.assign(side=mentions["actor"].map(sides).fillna(mentions["actor"]))
    by_sent = m.groupby(["doc_id", "sent"])["side"].agg(lambda s: set(s))
    keys = list(zip(units["doc_id"], units["sent"]))
    sent_sides = [by_sent.get(k, set()) for k in keys]
    other = [PAIR.get(sp, "") for sp in units["speaker"]]
    names_other = [o in s for o, s in zip(other, sent_sides)]
    names_relation = units["context"].str.contains(relationship_words(lex), case=False, regex=True).to_numpy()
    aligned = set()
    if doc_themes is not None and not doc_themes.empty:
        aligned = set(doc_themes[(doc_themes["theme"] == "china_russia_alignment") & doc_themes["present"].astype(bool)]
                      ["doc_id"])
    third = [bool(s - {"China", "Russia"} - {sp}) for s, sp in zip(sent_sides, units["speaker"])]
    flags = _flags(units["text"], lex.aspects)
    in_aligned = units["doc_id"].isin(aligned).to_numpy()
    keep = pd.Series(names_other, index=units.index) | names_relation | \
        (pd.Series(in_aligned, index=units.index) & flags.any(axis=1) & ~pd.Series(third, index=units.index))
    units = units[keep]
    if units.empty:
        return pd.DataFrame(columns=cols)
    info = document_info(articles).set_index("id")
    out = pd.DataFrame({"doc_id": units["doc_id"], "date": units["doc_id"].map(info["date"]),
                        "year": units["doc_id"].map(info["year"]), "speaker": units["speaker"],
                        "kind": units["kind"],
                        "sentence": units["context"].map(lambda s: " ".join(s.split())),
                        "text": units["text"].map(lambda s: " ".join(s.split()))})
    out = pd.concat([out, flags.loc[units.index]], axis=1)
    return out.sort_values(["date", "doc_id", "speaker"], kind="stable", na_position="last").reset_index(drop=True)[cols]


def aspects_by_speaker(rel: pd.DataFrame) -> pd.DataFrame:
    """Per speaker: statements about the relationship, and how many speak of each aspect."""
    aspects = _aspects(rel)
    cols = ["speaker", "statements", *aspects]
    if rel.empty:
        return pd.DataFrame(columns=cols)
    g = rel.groupby("speaker", sort=True)
    out = g[aspects].sum().astype(int)
    out.insert(0, "statements", g.size())
    return out.reset_index()[cols]


def aspects_over_time(rel: pd.DataFrame) -> pd.DataFrame:
    """Per year and speaker: statements about the relationship and those speaking of each aspect (long form)."""
    cols = ["year", "speaker", "aspect", "statements", "total"]
    rel = rel[rel["year"].notna()] if not rel.empty else rel
    if rel.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for (year, speaker), g in rel.groupby(["year", "speaker"], sort=True):
        for a in _aspects(rel):
            rows.append({"year": int(year), "speaker": speaker, "aspect": a, "statements": int(g[a].sum()),
                         "total": len(g)})
    return pd.DataFrame(rows, columns=cols)


def aspect_examples(rel: pd.DataFrame, per: int = 2) -> pd.DataFrame:
    """Example statements for each speaker and aspect, earliest first.

    The evidence behind the counts, with the sentence around a quotation (blank for a speaker turn's sentence,
    which is the statement itself).
    """
    cols = ["speaker", "aspect", "date", "doc_id", "statement", "sentence"]
    rows = []
    for speaker in sorted(rel["speaker"].unique()) if not rel.empty else []:
        for a in _aspects(rel):
            g = rel[(rel["speaker"] == speaker) & rel[a]]
            for r in g.head(per).itertuples(index=False):
                rows.append({"speaker": speaker, "aspect": a, "date": r.date, "doc_id": r.doc_id,
                             "statement": r.text, "sentence": "" if r.sentence == r.text else r.sentence})
    return pd.DataFrame(rows, columns=cols)


def relationship_sentences(sentences: pd.DataFrame, mentions: pd.DataFrame, actors: str | None = None,
                           lexicons: str | None = None) -> pd.DataFrame:
    """Sentences about the China-Russia relationship.

    They name both sides (states, leaders, officials) or the relationship itself ("bilateral",
    "Russian-Chinese", "the two countries" beside one side).
    """
    cols = ["doc_id", "sent", "text"]
    if sentences.empty:
        return pd.DataFrame(columns=cols)
    lex = load_lexicons(resolve(lexicons) if lexicons else None)
    sides = actor_sides(actors)
    m = mentions.assign(side=mentions["actor"].map(sides).fillna(mentions["actor"])) if not mentions.empty \
        else pd.DataFrame(columns=["doc_id", "sent", "side"])
    china = set(zip(m.loc[m["side"] == "China", "doc_id"], m.loc[m["side"] == "China", "sent"]))
    russia = set(zip(m.loc[m["side"] == "Russia", "doc_id"], m.loc[m["side"] == "Russia", "sent"]))
    keys = list(zip(sentences["doc_id"], sentences["sent"]))
    has_c = pd.Series([k in china for k in keys], index=sentences.index)
    has_r = pd.Series([k in russia for k in keys], index=sentences.index)
    pair_words = sentences["text"].str.contains(lex.pair_words, case=False, regex=True)
    relation = sentences["text"].str.contains(relationship_words(lex), case=False, regex=True)
    keep = (has_c & has_r) | pair_words | (relation & (has_c | has_r))
    return sentences.loc[keep, cols].reset_index(drop=True)


def framing(sentences: pd.DataFrame, mentions: pd.DataFrame, articles: pd.DataFrame,
            actors: str | None = None, lexicons: str | None = None) -> pd.DataFrame:
    """Per source group: sentences about the relationship and the share speaking of each frame.

    Sentences about the relationship, and the share of them that speak of each frame (friendship, trust,
    coordination, dependence, alliance, economy, Ukraine, the West).
    """
    lex = load_lexicons(resolve(lexicons) if lexicons else None)
    frames = {**lex.aspects, **lex.frames}
    cols = ["group", "documents", "sentences", *frames]
    rel = relationship_sentences(sentences, mentions, actors, lexicons)
    if rel.empty:
        return pd.DataFrame(columns=cols)
    info = document_info(articles).set_index("id")
    rel = rel.assign(group=rel["doc_id"].map(info["group"]))
    flags = _flags(rel["text"], frames)
    rows = []
    groups = [g for g in GROUP_ORDER if g in set(rel["group"])]
    for grp in groups:
        sel = rel["group"] == grp
        n = int(sel.sum())
        row = {"group": grp, "documents": int(rel.loc[sel, "doc_id"].nunique()), "sentences": n}
        for f in frames:
            row[f] = f"{flags.loc[sel, f].mean():.0%}"
        rows.append(row)
    return pd.DataFrame(rows, columns=cols)


def framing_table(frames: pd.DataFrame) -> pd.DataFrame:
    """`framing` turned for reading: one row per measure, one column per kind of source.

    One row per measure (documents, sentences, each frame), one column per kind of source, so the sources stand
    side by side.
    """
    if frames.empty:
        return pd.DataFrame(columns=["measure"])
    out = frames.set_index("group").T.astype(str)
    out.index = ["documents", "sentences about the relationship", *[f"% speaking of {f}" for f in frames.columns[3:]]]
    out.index.name = "measure"
    out.columns.name = None
    return out.reset_index()


def framing_examples(sentences: pd.DataFrame, mentions: pd.DataFrame, articles: pd.DataFrame,
                     actors: str | None = None, per: int = 1, lexicons: str | None = None) -> pd.DataFrame:
    """For each source group and frame, the earliest sentence about the relationship that speaks of it."""
    lex = load_lexicons(resolve(lexicons) if lexicons else None)
    cols = ["group", "frame", "date", "doc_id", "sentence"]
    rel = relationship_sentences(sentences, mentions, actors, lexicons)
    if rel.empty:
        return pd.DataFrame(columns=cols)
    info = document_info(articles).set_index("id")
    rel = rel.assign(group=rel["doc_id"].map(info["group"]), date=rel["doc_id"].map(info["date"]))
    rel = rel.sort_values(["date", "doc_id", "sent"], kind="stable", na_position="last")
    rows = []
    for grp in [g for g in GROUP_ORDER if g in set(rel["group"])]:
        sub = rel[rel["group"] == grp]
        for f, p in {**lex.aspects, **lex.frames}.items():
            hit = sub[sub["text"].str.contains(rf"(?<!\w)(?:{p})", case=False, regex=True)].head(per)
            for r in hit.itertuples(index=False):
                rows.append({"group": grp, "frame": f, "date": r.date, "doc_id": r.doc_id,
                             "sentence": " ".join(str(r.text).split())})
    return pd.DataFrame(rows, columns=cols)


# Each side speaking of the other in its own language: (language, the speaker's side, the side spoken of).
MIRROR = (("ru", "Russia", "China"), ("zh", "China", "Russia"))
SIDE_COLUMNS = ["language", "speaker", "kind", "date", "doc_id", "statement", "sentence"]


def side_statements(sentences: pd.DataFrame, statements: pd.DataFrame, mentions: pd.DataFrame,
                    articles: pd.DataFrame, language: str, speaker_side: str, about_side: str,
                    actors: str | None = None, kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Statements in `language` by a speaker on `speaker_side` whose sentence mentions an actor on `about_side`.

    Sides are the knowledge base's (`actors`); a speaker the knowledge base does not place on a side
    is left out. One row per unit of speech (quote, turn or indirect; `kinds` keeps only those), with
    the document's date and the sentence as evidence, earliest first.
    """
    kb = load_kb(resolve(actors) if actors else None)
    speakers, about = kb.side(speaker_side), kb.side(about_side)
    if articles.empty or not speakers or not about:
        return pd.DataFrame(columns=SIDE_COLUMNS)
    langs = pd.Series(document_language(articles).to_numpy(), index=articles["id"].astype(str).to_numpy())
    ids = set(langs.index[langs == language.strip().lower()])
    units = speech_units(sentences[sentences["doc_id"].isin(ids)], statements[statements["doc_id"].isin(ids)])
    units = units[units["speaker"].isin(speakers)]
    if kinds is not None:
        units = units[units["kind"].isin(list(kinds))]
    m = mentions[mentions["doc_id"].isin(ids) & mentions["actor"].isin(about)] if not mentions.empty else mentions
    named = set(zip(m["doc_id"], m["sent"])) if not m.empty else set()
    units = units[[k in named for k in zip(units["doc_id"], units["sent"])]] if len(units) else units
    if units.empty:
        return pd.DataFrame(columns=SIDE_COLUMNS)
    info = document_info(articles).set_index("id")
    out = pd.DataFrame({"language": language.strip().lower(), "speaker": units["speaker"], "kind": units["kind"],
                        "date": units["doc_id"].map(info["date"]), "doc_id": units["doc_id"],
                        "statement": units["text"].map(lambda s: " ".join(s.split())),
                        "sentence": units["context"].map(lambda s: " ".join(s.split())), "_sent": units["sent"]})
    out = out.sort_values(["date", "doc_id", "_sent", "speaker"], kind="stable", na_position="last")
    return out.drop(columns="_sent").reset_index(drop=True)[SIDE_COLUMNS]


def mirror_statements(sentences: pd.DataFrame, statements: pd.DataFrame, mentions: pd.DataFrame,
                      articles: pd.DataFrame, actors: str | None = None,
                      kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
    """What the Russian side says of China in Russian, then what the Chinese side says of Russia in Chinese.

    `side_statements` for each of `MIRROR`, one frame; its `language` column tells the two apart.
    """
    parts = [side_statements(sentences, statements, mentions, articles, lang, speaker, about, actors, kinds)
             for lang, speaker, about in MIRROR]
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=SIDE_COLUMNS)
