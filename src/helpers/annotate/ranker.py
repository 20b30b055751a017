"""Candidate speakers of a quotation and a learned linear model that ranks them.

The rules (`speakers.Speakers`) give one answer; here each quotation also gets its candidate
speakers (the actors and names in its sentence and the ones around it, the rules' answer, the
last speaker, the label a title or turn gives) with features read from the text and from the
parse that the rules ran anyway. A logistic model trained by `make train`
(`evaluate.train_speakers`) scores them; its weights ship as JSON beside the other resources.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from helpers.annotate.speech import SpeechWords, speech_words

MODEL_PATH = Path(__file__).resolve().parents[1] / "resources" / "data" / "speakers.model.json"

FEATURES = [
    "rule", "rule_parse", "rule_fallback", "last_speaker", "label", "kb_person", "kb_group", "name_only",
    "before", "after", "inside", "same_sentence", "distance", "nearest_before", "nearest_after",
    "say_after", "say_before", "according_to", "pronoun_says", "subject_of_saying", "mentions",
    "one_word", "in_title", "no_rule_nearest_before", "no_rule_say_near", "no_rule_subject", "no_rule_pronoun",
]

# The candidates' words (capitalised runs that may name a speaker, the words that name no one, a
# pronoun and a verb of saying, "according to") are the lexicons' (`speech.SpeechWords`).
_WORDS = re.compile(r"[\w’'-]+")
_STRONG_VIA = ("subject of", "colon after", "possessive", "in X's words", "person before")
_FALLBACK_VIA = ("continues the previous quotation", "speaker of the text", "title label",
                 "subject of the text's first verb of saying", "subject of the title")


@dataclass
class Candidate:
    """One possible speaker of a quotation: its name, kind and where the text names it."""

    name: str
    kind: str  # "person", "group" (an organisation, state or programme of the knowledge base) or "name"
    spans: list[tuple[int, int]] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)


def key_of(name: str) -> str:
    """The word candidates are merged by: a name's last word, lower-cased ("Mr Lee" and "Anna Lee" meet)."""
    words = _WORDS.findall(name.lower())
    return words[-1] if words else name.lower()


def _names_in(text: str, start: int, end: int, bare, words: SpeechWords) -> list[tuple[int, int, str]]:
    """Capitalised runs in text[start:end] that may be names, without a leading function word or honorific."""
    out, not_names = [], words.not_names
    for m in words.name_run.finditer(text, start, end):
        run = m.group(0).split()
        s = m.start()
        while run and (run[0].lower().strip(".") in not_names):
            s += len(run[0]) + 1
            run = run[1:]
        name = bare(" ".join(run)).strip(" .,-’'")
        if len(name) >= 2 and name.lower() not in not_names:
            out.append((s, m.end(), name))
    return out


def candidates(text: str, window: tuple[int, int], mentions: list[dict], bare, rule: str | None,
               last: str | None, label: str | None, words: SpeechWords | None = None) -> list[Candidate]:
    """The candidate speakers of a quotation whose sentences around it span `window` (`words`: the
    lexicons' words, the shipped ones by default)."""
    found: dict[str, Candidate] = {}

    def add(name: str, kind: str, span: tuple[int, int] | None, source: str) -> None:
        k = key_of(name)
        c = found.get(k)
        if c is None:
            c = found[k] = Candidate(name, kind, [], set())
        elif len(name) > len(c.name) and kind != "name" or c.kind == "name" and kind != "name":
            c.name, c.kind = name, kind
        if span is not None and span not in c.spans:
            c.spans.append(span)
        c.sources.add(source)

    ws, we = window
    for m in mentions:
        if ws <= m["start"] < we and m["type"] in ("person", "organisation", "state", "programme"):
            add(m["actor"], "person" if m["type"] == "person" else "group", (m["start"], m["end"]), "actor")
    taken = [(m["start"], m["end"]) for m in mentions]
    for s, e, name in _names_in(text, ws, we, bare, words or speech_words()):
        if not any(a <= s < b or s <= a < e for a, b in taken):
            add(name, "name", (s, e), "name")
    for name, source in ((rule, "rule"), (last, "last"), (label, "label")):
        if name:
            add(name, "person", None, source)
    return list(found.values())


def _speech_near(text: str, start: int, end: int, forms: frozenset[str]) -> bool:
    """Whether a verb of saying (one of `forms`) is among the words of text[start:end]."""
    return any(w in forms for w in _WORDS.findall(text[start:end].lower()))


def features(text: str, q_open: int, q_close: int, sent: tuple[int, int], cands: list[Candidate],
             via: str, sdoc=None, offset: int = 0, body_at: int = 0,
             words: SpeechWords | None = None) -> list[list[float]]:
    """One feature vector (in `FEATURES` order) per candidate of the quotation text[q_open:q_close]
    (`words`: the lexicons' words, the shipped ones by default)."""
    words = words or speech_words()
    forms = words.forms

    def gap(span: tuple[int, int]) -> int:
        s, e = span
        return q_open - e if e <= q_open else s - q_close if s >= q_close else 0

    nearest = [min(c.spans, key=lambda sp: abs(gap(sp))) if c.spans else None for c in cands]
    befores = [(q_open - sp[1], i) for i, sp in enumerate(nearest) if sp and sp[1] <= q_open]
    afters = [(sp[0] - q_close, i) for i, sp in enumerate(nearest) if sp and sp[0] >= q_close]
    first_before = min(befores)[1] if befores else None
    first_after = min(afters)[1] if afters else None
    subjects = set()
    if sdoc is not None:
        for tok in sdoc:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lower_ in forms:
                subjects.add(offset + tok.idx)
    ss, se = sent
    outside = text[ss:q_open] + " " + text[q_close:se]
    pronoun_says = bool(words.pronoun_says.search(outside))
    persons_before = [(sp[1], i) for i, sp in enumerate(nearest)
                      if sp and sp[1] <= q_open and cands[i].kind in ("person", "name")]
    antecedent = max(persons_before)[1] if persons_before else None
    # Where the rules found no one, the text's cues must carry the choice alone.
    no_rule = not any("rule" in c.sources for c in cands)
    rows = []
    for i, c in enumerate(cands):
        sp = nearest[i]
        g = gap(sp) if sp else 10_000
        rule = "rule" in c.sources
        row = {
            "rule": rule,
            "rule_parse": rule and via.startswith(_STRONG_VIA),
            "rule_fallback": rule and via in _FALLBACK_VIA,
            "last_speaker": "last" in c.sources,
            "label": "label" in c.sources,
            "kb_person": c.kind == "person" and "actor" in c.sources,
            "kb_group": c.kind == "group",
            "name_only": c.kind == "name",
            "before": bool(sp) and sp[1] <= q_open,
            "after": bool(sp) and sp[0] >= q_close,
            "inside": bool(sp) and q_open < sp[0] < q_close,
            "same_sentence": bool(sp) and ss <= sp[0] < se,
            "distance": min(math.log1p(max(g, 0)) / 8, 1.5),
            "nearest_before": i == first_before,
            "nearest_after": i == first_after,
            "say_after": bool(sp) and _speech_near(text, sp[1], min(len(text), sp[1] + 25), forms),
            "say_before": bool(sp) and _speech_near(text, max(0, sp[0] - 14), sp[0], forms),
            "according_to": bool(sp) and bool(words.source_before.search(text, max(0, sp[0] - 20), sp[0])),
            "pronoun_says": pronoun_says and i == antecedent,
            "subject_of_saying": any(s <= t < e for t in subjects for s, e in c.spans),
            "mentions": min(math.log1p(len(c.spans)) / 2, 1.5),
            "one_word": " " not in c.name,
            "in_title": any(s < body_at for s, _ in c.spans),
        }
        row["no_rule_nearest_before"] = no_rule and row["nearest_before"]
        row["no_rule_say_near"] = no_rule and (row["say_after"] or row["say_before"]) and row["same_sentence"]
        row["no_rule_subject"] = no_rule and row["subject_of_saying"]
        row["no_rule_pronoun"] = no_rule and row["pronoun_says"]
        rows.append([float(row[f]) for f in FEATURES])
    return rows


class Ranker:
    """A logistic model over `FEATURES`, read from its JSON weights; `collect` (a list) records the
    candidates and features of every quotation instead, for training."""

    def __init__(self, params: dict | None = None, source: Path = MODEL_PATH):
        params = params or {"features": FEATURES, "weights": [0.0] * len(FEATURES), "bias": 0.0,
                            "threshold": 1.0, "decide": False}
        if list(params["features"]) != FEATURES:
            raise ValueError(f"{source}: the model's features differ from the code's; run make train")
        self.weights = [float(w) for w in params["weights"]]
        self.bias = float(params["bias"])
        self.threshold = float(params["threshold"])
        self.decide = bool(params.get("decide", False))
        self.digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]
        self.collect: list | None = None

    def scores(self, rows: list[list[float]]) -> list[float]:
        """The probability that each candidate is the speaker."""
        out = []
        for x in rows:
            z = self.bias + sum(w * v for w, v in zip(self.weights, x))
            out.append(1 / (1 + math.exp(-max(min(z, 30), -30))))
        return out

    def choose(self, cands: list[Candidate], rows: list[list[float]]) -> tuple[str | None, float]:
        """The best candidate and its score; no one when none reaches the threshold."""
        if not cands:
            return None, 0.0
        scores = self.scores(rows)
        best = max(range(len(cands)), key=lambda i: (scores[i], -i))
        if scores[best] < self.threshold:
            return None, round(scores[best], 4)
        return cands[best].name, round(scores[best], 4)


@lru_cache(maxsize=4)
def load_ranker(path: str | None = None) -> Ranker:
    """The shipped speaker model (or the one at `path`); an empty one, which keeps the rules' answers,
    where none has been trained."""
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return Ranker()
    try:
        return Ranker(json.loads(p.read_text(encoding="utf-8")), p)
    except (json.JSONDecodeError, KeyError, TypeError) as e:
        raise ValueError(f"{p}: not a speaker model ({e})") from e

