"""The relevance model: the probability that a document is about China–Russia relations.

A logistic regression over features an analyst would name (the alignment theme's evidence, the two
sides related in one sentence, in the title, one acting on the other in the title, speaking of each other, the two leaders meeting),
calibrated, trained on the dev gold's tune part by `make train-relevance`
(`helpers.evaluate.train_relevance`). It ships as plain numbers in JSON (no pickle): the scaling,
the weights and the calibration are applied here with numpy alone.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from helpers.annotate.calibrated import Calibrated, calibrated_fields
from helpers.config import DATA_DIR
from helpers.resources.codebook import LISTED, WORD
from helpers.resources.files import read_cached, text_digest
from helpers.resources.kb import KnowledgeBase
from helpers.resources.lexicons import Lexicons

RELEVANCE_MODEL_FILE = DATA_DIR / "relevance_model.json"
ALIGNMENT = "china_russia_alignment"
LEADERS = ("Xi Jinping", "Vladimir Putin")

FEATURES = [
    "alignment_score",      # log(1 + the alignment theme's document score)
    "alignment_present",    # the alignment theme reaches its threshold
    "title_alignment",      # log(1 + the alignment evidence of the first sentence, the title)
    "related_sentences",    # log(1 + sentences naming both sides with alignment evidence)
    "sides_share",          # the share of actor mentions that are China's or Russia's side
    "both_sides",           # both sides are mentioned
    "both_sides_in_title",  # both sides are mentioned in the title
    "leaders_meet",         # a sentence names both leaders and a meeting
    "addressed",            # log(1 + statements by one side that name the other)
    "relationship_words",   # log(1 + sentences naming the relationship: "bilateral", "our two countries")
    "log_words",            # log(1 + the document's words)
    "no_actors",            # no actor found (a language the knowledge base's names miss): evidence is in the terms alone
    "title_relates_sides",  # the title names one side and, a few words on, the other, not as items of one list
]

TITLE_GAP = 5  # at most this many words between the two sides in the title ("China's support for Russia")


def sides_related(text: str, found: list[tuple[int, int, str]], first: set[str], second: set[str],
                  gap_words: int = TITLE_GAP) -> bool:
    """Whether `text` names one side and, at most `gap_words` words later, the other, the words between
    them not merely joining items of one list ("China's support for Russia", not "the US, China and
    Russia" nor "Chinese and Russian apps"). `found`: the mentions as (start, end, actor) in `text`."""
    found = sorted(found)
    for i, (s1, e1, a) in enumerate(found):
        for s2, e2, b in found[i + 1:]:
            if s2 < e1 or not (a in first and b in second or a in second and b in first):
                continue
            gap = text[e1:s2]
            for s3, e3, _ in found:  # another actor between them is an item of the same list
                if e1 <= s3 and e3 <= s2:
                    gap = gap.replace(text[s3:e3], ",")
            if not LISTED.fullmatch(gap) and len(WORD.findall(gap)) <= gap_words:
                return True
    return False


def features(tables: dict[str, list[dict]], kb: KnowledgeBase, lexicons: Lexicons) -> list[float]:
    """The document's relevance features, in the order of `FEATURES`."""
    china_side, russia_side = kb.side("China"), kb.side("Russia")
    mentions = tables["mentions"]
    by_sent: dict[int, set[str]] = {}
    for m in mentions:
        by_sent.setdefault(m["sent"], set()).add(m["actor"])

    def sides(names: set[str]) -> bool:
        return bool(names & china_side and names & russia_side)

    hits = [h for h in tables["theme_hits"] if h["theme"] == ALIGNMENT]
    doc = [t for t in tables["doc_themes"] if t["theme"] == ALIGNMENT]
    china = sum(m["actor"] in china_side for m in mentions)
    russia = sum(m["actor"] in russia_side for m in mentions)
    names = {m["actor"] for m in mentions}
    meeting = re.compile(lexicons.meeting_words, re.IGNORECASE)
    relation = re.compile(lexicons.relationship_words, re.IGNORECASE)
    sentences = {s["sent"]: s["text"] for s in tables["sentences"]}
    leaders_meet = any(set(LEADERS) <= found and meeting.search(sentences.get(k, ""))
                       for k, found in by_sent.items())
    addressed = 0
    by_start = sorted((m["start"], m["actor"]) for m in mentions)  # a statement's mentions found by bisection
    starts = [start for start, _ in by_start]
    for s in tables["statements"]:
        speaker = s.get("speaker")
        other = russia_side if speaker in china_side else china_side if speaker in russia_side else None
        if other is not None and any(actor in other for _, actor in
                                     by_start[bisect.bisect_left(starts, s["start"]):bisect.bisect_left(starts, s["end"])]):
            addressed += 1
    words = sum(len(t.split()) for t in sentences.values())
    title = next((s for s in tables["sentences"] if s["sent"] == 0), None)
    in_title = [(m["start"] - title["start"], m["end"] - title["start"], m["actor"])
                for m in mentions if title is not None and m["sent"] == 0]
    return [
        math.log1p(doc[0]["score"] if doc else 0.0),
        float(bool(doc and doc[0]["present"])),
        math.log1p(sum(h["score"] for h in hits if h["sent"] == 0)),
        math.log1p(sum(1 for h in hits if sides(by_sent.get(h["sent"], set())))),
        (china + russia) / len(mentions) if mentions else 0.0,
        float(china > 0 and russia > 0),
        float(sides(by_sent.get(0, set()))),
        float(leaders_meet and set(LEADERS) <= names),
        math.log1p(addressed),
        math.log1p(sum(1 for t in sentences.values() if relation.search(t))),
        math.log1p(words),
        float(not mentions),
        float(bool(in_title) and sides_related(title["text"], in_title, china_side, russia_side)),
    ]


@dataclass(frozen=True)
class RelevanceModel(Calibrated):
    """The calibrated logistic regression over `FEATURES`, and its threshold."""

    features: tuple[str, ...] = ()
    threshold: float = 0.5
    digest: str = ""

    def probability(self, x: list[float]) -> float:
        """The calibrated probability that a document with features `x` is relevant."""
        return self.calibrated(x)


def parse_relevance_model(text: str, source: str = "<string>") -> RelevanceModel:
    """Read a relevance model from its JSON; errors name the file."""
    try:
        data = json.loads(text)
        model = RelevanceModel(**calibrated_fields(data), features=tuple(data["features"]),
                               threshold=float(data["threshold"]), digest=text_digest(text))
    except (ValueError, KeyError, TypeError, IndexError) as e:
        raise ValueError(f"{source}: not a relevance model ({e!r})") from None
    if list(model.features) != FEATURES or not (len(model.mean) == len(model.scale) == len(model.coef) == len(FEATURES)):
        raise ValueError(f"{source}: the model's features are not {', '.join(FEATURES)}: retrain it "
                         "(make train-relevance)")
    return model


def load_relevance_model(path: str | Path | None = None) -> RelevanceModel:
    """Load the shipped relevance model (or one at `path`)."""
    return read_cached(parse_relevance_model, path or RELEVANCE_MODEL_FILE)


def model_to_train_over(path: str | Path | None = None) -> RelevanceModel:
    """The relevance model an annotator carries while the models are trained: the shipped one (or the one at
    `path`), or, where its features are no longer `FEATURES` (a feature was added or taken out since it was
    trained), one with no weights, which takes every document as even odds. Training reads the features and
    the themes, never this model's decision, so what it learns is the same either way."""
    try:
        return load_relevance_model(path)
    except ValueError:
        n = len(FEATURES)
        return RelevanceModel(mean=(0.0,) * n, scale=(1.0,) * n, coef=(0.0,) * n, intercept=0.0,
                              calibration=(-1.0, 0.0), features=tuple(FEATURES), digest="untrained")
