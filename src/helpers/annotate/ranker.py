"""Candidate speakers of a quotation and a learned model that ranks them.

The rules (`speakers.Speakers`) give one answer; here each quotation also gets its candidate
speakers (the actors and names in its sentence and the ones around it, the rules' answer, the
last speaker, the label a title or turn gives) with features read from the text and from the
parse that the rules ran anyway, and features of each candidate against the others. Boosted
decision trees trained by `make train-speakers` (`evaluate.train_speakers`) score them; the
trees ship as JSON beside the other resources.
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

BASE_FEATURES = [
    "rule", "rule_parse", "rule_fallback", "last_speaker", "label", "kb_person", "kb_group", "name_only",
    "before", "after", "inside", "same_sentence", "distance", "nearest_before", "nearest_after",
    "say_after", "say_before", "according_to", "pronoun_says", "subject_of_saying", "mentions",
    "one_word", "in_title", "no_rule_nearest_before", "no_rule_say_near", "no_rule_subject", "no_rule_pronoun",
]
# Features of a candidate against the quotation's other candidates (`relative`).
RELATIVE_FEATURES = [
    "in_text", "no_rule", "rule_in_text", "rule_last", "candidates", "distance_rank", "before_rank",
    "after_rank", "mentions_rank", "same_sentence_count", "other_said_near", "other_subject",
]
FEATURES = BASE_FEATURES + RELATIVE_FEATURES

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
        rows.append({f: float(row[f]) for f in BASE_FEATURES})
    return [[r[f] for f in FEATURES] for r in relative(rows)]


def _rank(values: list[float | None], i: int) -> float:
    """Where values[i] stands among the values that are not None, the smallest first (0, 0.25, ...
    up to 1; 1 where values[i] is None)."""
    if values[i] is None:
        return 1.0
    return min(sum(v is not None and v < values[i] for v in values), 4) / 4


def relative(rows: list[dict]) -> list[dict]:
    """`rows` (one dict of `BASE_FEATURES` per candidate of a quotation) with `RELATIVE_FEATURES`
    added: each candidate against the others (rank of its distance among those the text names, among
    those before and after the quotation, of its mentions; how many share its sentence; whether
    another one is the subject of saying or stands by a verb of saying)."""
    n = len(rows)
    named = [r["distance"] < 1.15 for r in rows]  # a candidate with no span is 10,000 characters away
    dist = [r["distance"] if named[i] else None for i, r in enumerate(rows)]
    before = [r["distance"] if r["before"] else None for r in rows]
    after = [r["distance"] if r["after"] else None for r in rows]
    mentions = [-r["mentions"] if named[i] else None for i, r in enumerate(rows)]
    said = [bool(r["same_sentence"] and (r["say_before"] or r["say_after"])) for r in rows]
    subject = [bool(r["subject_of_saying"]) for r in rows]
    no_rule = float(not any(r["rule"] for r in rows))
    same = sum(bool(r["same_sentence"]) for r in rows)
    for i, r in enumerate(rows):
        r.update({
            "in_text": float(named[i]), "no_rule": no_rule, "rule_in_text": float(bool(r["rule"]) and named[i]),
            "rule_last": float(bool(r["rule"] and r["last_speaker"])), "candidates": min(math.log1p(n) / 2, 1.5),
            "distance_rank": _rank(dist, i), "before_rank": _rank(before, i), "after_rank": _rank(after, i),
            "mentions_rank": _rank(mentions, i), "same_sentence_count": min(same, 4) / 4,
            "other_said_near": float(any(said[j] for j in range(n) if j != i)),
            "other_subject": float(any(subject[j] for j in range(n) if j != i)),
        })
    return rows


class Ranker:
    """A boosted ensemble of decision trees over `FEATURES`, read from JSON (`evaluate.train_speakers`
    writes it): a candidate's score is the logistic of the bias plus the leaf each tree sends it to.
    The trees are walked in Python, so scoring a quotation's few candidates costs no library call.
    `collect` (a list) records the candidates and features of every quotation instead, for training."""

    def __init__(self, params: dict | None = None, source: Path = MODEL_PATH):
        params = params or {"features": FEATURES, "trees": [], "bias": 0.0, "threshold": 1.0, "decide": False}
        if list(params["features"]) != FEATURES:
            raise ValueError(f"{source}: the model's features differ from the code's; run make train-speakers")
        # A tree: parallel lists by node; a leaf has feature -1 and its value; node i goes to left[i]
        # where x[feature[i]] <= threshold[i], else to right[i].
        self.trees = [(t["feature"], t["threshold"], t["left"], t["right"], t["value"]) for t in params["trees"]]
        self._arrays = _tree_arrays(self.trees)
        self.bias = float(params["bias"])
        self.threshold = float(params["threshold"])
        self.decide = bool(params.get("decide", False))
        self.digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]
        self.collect: list | None = None

    def raw(self, x: list[float]) -> float:
        """The ensemble's log-odds for one feature vector."""
        z = self.bias
        for feature, threshold, left, right, value in self.trees:
            node = 0
            while feature[node] >= 0:
                node = left[node] if x[feature[node]] <= threshold[node] else right[node]
            z += value[node]
        return z

    def scores(self, rows: list[list[float]]) -> list[float]:
        """The probability that each candidate is the speaker: all candidates through all trees at
        once, as numpy arrays (one step per level of the deepest tree)."""
        if not rows:
            return []
        if self._arrays is None:
            return [1 / (1 + math.exp(-max(min(self.bias, 30), -30)))] * len(rows)
        import numpy as np

        feature, threshold, left, right, value, roots, depth = self._arrays
        x = np.asarray(rows, dtype=np.float64)
        flat = x.ravel()
        offset = np.arange(len(rows)) * x.shape[1]
        node = np.repeat(roots[:, None], len(rows), axis=1)  # trees x candidates, flat node indices
        for _ in range(depth):
            node = np.where(flat[offset + feature[node]] <= threshold[node], left[node], right[node])
        z = self.bias + value[node].sum(axis=0)
        return [1 / (1 + math.exp(-max(min(float(v), 30), -30))) for v in z]

    def choose(self, cands: list[Candidate], rows: list[list[float]]) -> tuple[str | None, float]:
        """The chosen candidate (`pick`) and the best score."""
        if not cands:
            return None, 0.0
        scores = self.scores(rows)
        best = pick(scores, rows, self.threshold)
        return (cands[best].name if best is not None else None), round(max(scores), 4)


_NO_RULE = FEATURES.index("no_rule")


def _tree_arrays(trees: list[tuple]):
    """The trees' nodes in flat numpy arrays (feature, threshold, left and right child as flat
    indices, value), each tree's root and the depth of the deepest tree; None without trees. A leaf
    leads to itself (feature 0, threshold infinite), so every candidate can take the same number of
    steps."""
    if not trees:
        return None
    import numpy as np

    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    depth = 0
    for f, th, lo, hi, v in trees:
        base = len(feature)
        roots.append(base)
        levels = [0] * len(f)
        for j in range(len(f)):  # parents come before their children
            leaf = f[j] < 0
            feature.append(0 if leaf else f[j])
            threshold.append(math.inf if leaf else th[j])
            left.append(base + (j if leaf else lo[j]))
            right.append(base + (j if leaf else hi[j]))
            value.append(v[j])
            if not leaf:
                levels[lo[j]] = levels[hi[j]] = levels[j] + 1
        depth = max(depth, max(levels))
    return (np.array(feature), np.array(threshold), np.array(left), np.array(right), np.array(value),
            np.array(roots), depth)


def pick(scores: list[float], rows: list[list[float]], threshold: float) -> int | None:
    """The candidate the model chooses: the best scored one. Whether the quotation has a speaker at
    all stays the rules' call where they found one; where they found no one, the best candidate
    speaks only if its score reaches `threshold`."""
    if not scores:
        return None
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    return best if rows[best][_NO_RULE] == 0.0 or scores[best] >= threshold else None


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

