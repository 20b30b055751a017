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
from bisect import bisect_left
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
_ACTOR_TYPES = frozenset(("person", "organisation", "state", "programme"))
_FALLBACK_VIA = ("continues the previous quotation", "speaker of the text", "title label",
                 "subject of the text's first verb of saying", "subject of the title")


@dataclass
class Candidate:
    """One possible speaker of a quotation: its name, kind and where the text names it."""

    name: str
    kind: str  # "person", "group" (an organisation, state or programme of the knowledge base) or "name"
    spans: list[tuple[int, int]] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)


@lru_cache(maxsize=65536)
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
    taken = []  # the mentions a name in the window may overlap
    for m in mentions:
        a, b = m["start"], m["end"]
        if a < we and (b > ws or a >= ws):
            taken.append((a, b))
            if a >= ws and m["type"] in _ACTOR_TYPES:
                add(m["actor"], "person" if m["type"] == "person" else "group", (a, b), "actor")
    for s, e, name in _names_in(text, ws, we, bare, words or speech_words()):
        if not any(a <= s < b or s <= a < e for a, b in taken):
            add(name, "name", (s, e), "name")
    for name, source in ((rule, "rule"), (last, "last"), (label, "label")):
        if name:
            add(name, "person", None, source)
    return list(found.values())


def _speech_near(text: str, start: int, end: int, forms: frozenset[str]) -> bool:
    """Whether a verb of saying (one of `forms`) is among the words of text[start:end]."""
    return not forms.isdisjoint(_WORDS.findall(text[start:end].lower()))


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

    nearest = [(c.spans[0] if len(c.spans) == 1 else min(c.spans, key=lambda sp: abs(gap(sp))))
               if c.spans else None for c in cands]
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
    strong, fallback = via.startswith(_STRONG_VIA), via in _FALLBACK_VIA
    source_before = words.source_before
    rows = []
    for i, c in enumerate(cands):
        sp = nearest[i]
        sources = c.sources
        rule = "rule" in sources
        if sp:
            s, e = sp
            g = gap(sp)
            before, after, inside, same = e <= q_open, s >= q_close, q_open < s < q_close, ss <= s < se
            say_after = _speech_near(text, e, min(len(text), e + 25), forms)
            say_before = _speech_near(text, max(0, s - 14), s, forms)
            according = bool(source_before.search(text, max(0, s - 20), s))
        else:
            g = 10_000
            before = after = inside = same = say_after = say_before = according = False
        subject = bool(subjects) and any(s <= t < e for s, e in c.spans for t in subjects)
        says = pronoun_says and i == antecedent
        near_before = i == first_before
        rows.append([  # in `BASE_FEATURES` order
            rule, rule and strong, rule and fallback, "last" in sources, "label" in sources,
            c.kind == "person" and "actor" in sources, c.kind == "group", c.kind == "name",
            before, after, inside, same, min(math.log1p(max(g, 0)) / 8, 1.5), near_before, i == first_after,
            say_after, say_before, according, says, subject, min(math.log1p(len(c.spans)) / 2, 1.5),
            " " not in c.name, any(s < body_at for s, _ in c.spans),
            no_rule and near_before, no_rule and (say_after or say_before) and same, no_rule and subject,
            no_rule and says,
        ])
    return relative([[float(v) for v in r] for r in rows])


_AT = {f: i for i, f in enumerate(BASE_FEATURES)}
(_RULE, _LAST, _BEFORE, _AFTER, _SAME, _DISTANCE, _SAY_AFTER, _SAY_BEFORE, _SUBJECT,
 _MENTIONS) = (_AT[f] for f in ("rule", "last_speaker", "before", "after", "same_sentence", "distance",
                                "say_after", "say_before", "subject_of_saying", "mentions"))


def _ranks(values: list[float | None]) -> list[float]:
    """Where each value stands among the values that are not None, the smallest first (0, 0.25, ...
    up to 1: how many are smaller, at most 4, over 4; 1 for None)."""
    known = sorted(v for v in values if v is not None)
    return [1.0 if v is None else min(bisect_left(known, v), 4) / 4 for v in values]


def relative(rows: list[list[float]]) -> list[list[float]]:
    """`rows` (one list of `BASE_FEATURES` per candidate of a quotation) with `RELATIVE_FEATURES`
    appended: each candidate against the others (rank of its distance among those the text names,
    among those before and after the quotation, of its mentions; how many share its sentence; whether
    another one is the subject of saying or stands by a verb of saying)."""
    n = len(rows)
    named = [r[_DISTANCE] < 1.15 for r in rows]  # a candidate with no span is 10,000 characters away
    dist = _ranks([r[_DISTANCE] if named[i] else None for i, r in enumerate(rows)])
    before = _ranks([r[_DISTANCE] if r[_BEFORE] else None for r in rows])
    after = _ranks([r[_DISTANCE] if r[_AFTER] else None for r in rows])
    mentions = _ranks([-r[_MENTIONS] if named[i] else None for i, r in enumerate(rows)])
    said = [bool(r[_SAME] and (r[_SAY_BEFORE] or r[_SAY_AFTER])) for r in rows]
    subject = [bool(r[_SUBJECT]) for r in rows]
    n_said, n_subject = sum(said), sum(subject)
    no_rule = float(not any(r[_RULE] for r in rows))
    same = min(sum(bool(r[_SAME]) for r in rows), 4) / 4
    count = min(math.log1p(n) / 2, 1.5)
    for i, r in enumerate(rows):
        r += [float(named[i]), no_rule, float(bool(r[_RULE]) and named[i]), float(bool(r[_RULE] and r[_LAST])),
              count, dist[i], before[i], after[i], mentions[i], same,
              float(n_said - said[i] > 0), float(n_subject - subject[i] > 0)]
    return rows


class Ranker:
    """A boosted ensemble of decision trees over `FEATURES`, read from JSON (`evaluate.train_speakers`
    writes it): a candidate's score is the logistic of the bias plus the leaf each tree sends it to.
    `scores` takes all of a quotation's candidates through the trees at once (numpy);
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

    def scores(self, rows: list[list[float]]) -> list[float]:
        """The probability that each candidate is the speaker: all candidates through all trees at
        once, as numpy arrays (one step per level of the deepest tree)."""
        if not rows:
            return []
        if self._arrays is None:
            return [1 / (1 + math.exp(-max(min(self.bias, 30), -30)))] * len(rows)
        import numpy as np

        feature, threshold, right, value, roots, depth = self._arrays
        x = np.asarray(rows, dtype=np.float64)
        flat = x.ravel()
        offset = np.arange(len(rows)) * x.shape[1]
        node = np.repeat(roots[:, None], len(rows), axis=1)  # trees x candidates, flat node indices
        for _ in range(depth):  # x <= threshold: the left child, right after the right one
            node = right[node] + (flat[offset + feature[node]] <= threshold[node])
        z = (self.bias + value[node].sum(axis=0)).tolist()
        return [1 / (1 + math.exp(-max(min(v, 30), -30))) for v in z]

    def choose(self, cands: list[Candidate], rows: list[list[float]]) -> tuple[str | None, float]:
        """The chosen candidate (`pick`) and the best score."""
        if not cands:
            return None, 0.0
        scores = self.scores(rows)
        best = pick(scores, rows, self.threshold)
        return (cands[best].name if best is not None else None), round(max(scores), 4)


_NO_RULE = FEATURES.index("no_rule")


def _tree_arrays(trees: list[tuple]):
    """The trees' nodes in flat numpy arrays (feature, threshold, the flat index of the right child,
    value), each tree's root and the depth of the deepest tree; None without trees. A node's left
    child comes right after its right child, so a step is the right child's index plus one where the
    candidate goes left. A leaf leads to itself (feature 0, a threshold no value is at or below, and
    itself as its right child), so every candidate can take the same number of steps."""
    if not trees:
        return None
    import numpy as np

    feature, threshold, right, value, roots = [], [], [], [], []
    depth = 0
    for f, th, lo, hi, v in trees:
        base = len(feature)
        roots.append(base)
        at, levels, queue = {0: base}, {0: 0}, [0]
        feature.append(0), threshold.append(math.nan), right.append(base), value.append(0.0)
        for j in queue:  # breadth first: a node's place is known before its children's
            me = at[j]
            value[me] = v[j]
            if f[j] >= 0:
                child = len(feature)
                feature.extend((0, 0)), threshold.extend((math.nan, math.nan))
                right.extend((child, child + 1)), value.extend((0.0, 0.0))
                at[hi[j]], at[lo[j]] = child, child + 1
                levels[hi[j]] = levels[lo[j]] = levels[j] + 1
                feature[me], threshold[me], right[me] = f[j], th[j], child
                queue += [hi[j], lo[j]]
        depth = max(depth, max(levels.values()))
    return np.array(feature), np.array(threshold), np.array(right), np.array(value), np.array(roots), depth


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

