"""Reported speech on PolNeAR: the annotator's statements of kind "indirect" against its attributions.

Gold: PolNeAR's attributions without a quotation mark (its `quoted`, or two apostrophes or backquotes
or an opening single curly mark in the content, which `quoted` misses) whose cue is a verb or noun of saying. The
cues of saying are this evaluation's own list (`evaluation_saying_cues` in the lexicons' data, a list
the annotator never reads), written from the guidelines' definition (a verb or noun of saying, not
of thought or belief, of a wish or of an evaluation with no content) and general English:
- verbs (any form): say, tell, state, announce, claim, warn, argue, add, note, insist, deny,
  declare, assert, allege, contend, maintain, explain, acknowledge, admit, concede, stress,
  emphasize, underscore, suggest, propose, recommend, predict, promise, vow, pledge, threaten,
  urge, reiterate, repeat, confirm, reply, respond, answer, write, tweet, testify, report, reveal,
  disclose, recall, complain, caution, remark, observe, comment, mention, conclude, inform, assure,
  boast, joke, describe, accuse, demand, hint, retort;
- "point out", "call for", "call on", "according to";
- nouns of saying: statement, remark, comment, claim, announcement, warning, testimony, assertion,
  argument, allegation, accusation, denial, pledge, promise, vow, message, tweet, speech,
  interview, explanation, admission, prediction, insistence, suggestion, demand; "his/her/their words".
Not cues: think, believe, hope, want, fear, know, expect, see, seem, appear, show, find (a poll
"found"), ask (a question states no position), praise, criticize, support, endorse, oppose.
A cue is of saying where one of its words, or two words in a row for the phrases, is one of these.

Matching: one of our indirect statements matches an attribution where the characters they share are
at least half of the shorter of the two (our content text[start:end]; the attribution's content
spans, joined). Figures, per split:
- found: the share of the gold attributions that one of our indirect statements matches (recall);
- precision: the share of our indirect statements that match any PolNeAR attribution (any cue,
  quoted or not): a statement PolNeAR does not annotate at all counts as a false one;
- speaker right: of the gold found whose source `polnear.link` links to a name, the share whose
  best-matching statement (most characters shared) has that speaker (the scorer's test of names).
Baseline: the clause after a form of "say" or "tell" (at a sentence's end, the words before it) in
a sentence outside quotation marks, its speaker the last person the entity recogniser names before
the cue.
`python -m helpers.evaluate.polnear_reported [--split train|dev] [--limit N] [--offset N] [--show N]` prints
the figures (`--offset`: past the first N articles, as a check on articles a change was not made on); `--show` lists misses and false ones, on train only.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from functools import lru_cache

import yaml

from helpers.annotate import Annotator, default_annotator
from helpers.evaluate import polnear
from helpers.resources.lexicons import LEXICONS_FILE

_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
_SENT = re.compile(r"[^.!?\n]+[.!?]*")
_QUOTES = "\"“”"
# Quotation marks PolNeAR's `quoted` misses: two apostrophes or backquotes ("''...''", "``...''") and
# an opening single curly mark ("‘...’").
_MORE_QUOTES = re.compile(r"''|``|‘")


@lru_cache(maxsize=1)
def saying_cues() -> tuple[frozenset[str], frozenset[str]]:
    """(the words, the two-word phrases) that make a PolNeAR cue one of saying."""
    with open(LEXICONS_FILE, encoding="utf-8") as f:
        data = yaml.safe_load(f)["evaluation_saying_cues"]
    words = set(data["nouns"]) | {n + "s" for n in data["nouns"]}
    for verb in data["verbs"]:
        stem = verb[:-1] if verb.endswith("e") else verb
        words |= {verb, verb + "s", verb + "es", verb + "ed", verb + "d", stem + "ing", stem + "ed"}
        if verb.endswith("y"):
            words |= {verb[:-1] + "ies", verb[:-1] + "ied"}
        words |= set(data["irregular"].get(verb, ()))
    return frozenset(words), frozenset(data["phrases"])


def is_saying(cue: str) -> bool:
    """Whether a PolNeAR cue ("has said", "according to", "told") is one of saying."""
    words, phrases = saying_cues()
    said = _WORD.findall(cue.lower())
    return any(w in words for w in said) or any(" ".join(said[i:i + 2]) in phrases for i in range(len(said)))


def _chars(spans) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def _shared(ours: tuple[int, int], gold: set[int]) -> float:
    """The characters shared over the shorter of the two."""
    s, e = ours
    n = sum(1 for i in range(s, e) if i in gold)
    shorter = min(e - s, len(gold))
    return n / shorter if shorter else 0.0


def gold_items(article: dict, ents) -> tuple[list[dict], list[set[int]]]:
    """(the gold: each unquoted attribution of saying with its content characters, cue and linked
    speaker; the content characters of every attribution)."""
    canonical = polnear._canonical_names()
    gold, every = [], []
    for a in article["attributions"]:
        chars = _chars((c["start"], c["end"]) for c in a["content"])
        every.append(chars)
        quoted = a["quoted"] or any(_MORE_QUOTES.search(c["text"]) for c in a["content"])
        if not quoted and chars and is_saying(a["cue"]["text"]):
            name = polnear.link(a["source"], ents, article["text"])
            gold.append({"chars": chars, "cue": a["cue"]["text"], "speaker": canonical.get(name, name),
                         "source": (a["source"] or {}).get("text"), "at": min(chars)})
    return gold, every


def score_article(gold: list[dict], every: list[set[int]], rows: list[dict], same, tally: Counter,
                  misses: list | None = None, false: list | None = None) -> None:
    """Add one article's counts to `tally` (`rows`: our statements with start, end and speaker)."""
    tally["gold"] += len(gold)
    tally["ours"] += len(rows)
    for r in rows:
        if any(_shared((r["start"], r["end"]), c) >= 0.5 for c in every):
            tally["true"] += 1
        elif false is not None:
            false.append(r)
    for g in gold:
        scored = [(_shared((r["start"], r["end"]), g["chars"]), r) for r in rows]
        hits = [(x, r) for x, r in scored if x >= 0.5]
        if not hits:
            if misses is not None:
                misses.append(g)
            continue
        tally["found"] += 1
        if g["speaker"] is not None:
            tally["linked"] += 1
            best = max(hits, key=lambda h: h[0])[1]
            tally["right"] += bool(same(g["speaker"], best["speaker"]))


def baseline_rows(text: str, ents) -> list[dict]:
    """The baseline's statements (see the module's docstring)."""
    rows = []
    for m in _SENT.finditer(text):
        a, sent = m.start(), m.group()
        if any(q in sent for q in _QUOTES) or _MORE_QUOTES.search(sent):
            continue
        cue = re.search(r"\b(?:say|says|said|saying|tell|tells|told|telling)\b", sent)
        if not cue:
            continue
        after = sent[cue.end():].strip(" ,.")
        start, end = (a + cue.end(), a + len(sent)) if len(after) > 12 else (a, a + cue.start())
        people = [x[3] for x in ents if x[2] == "PERSON" and x[1] <= a + cue.start()]
        rows.append({"start": start, "end": end, "speaker": people[-1] if people else None})
    return rows


def reported_scores(same, annotator: Annotator | None = None, split: str = "dev", limit: int | None = None,
                    baseline: bool = True, show: bool = False, offset: int = 0) -> dict:
    """Found, precision and speaker right of ours (and the baseline's) on `split`'s first `limit` articles,
    past the first `offset` of them. With `show` (train only), the misses and the false ones too."""
    if show and split != "train":
        raise ValueError("misses and false ones are listed for train only")
    ann = annotator or default_annotator()
    nlp = polnear.entity_pipeline()
    ours, base = Counter(), Counter()
    misses: list = []
    false: list = []
    for k, art in enumerate(polnear.articles(split, limit)):
        if k < offset:
            continue
        text = art["text"]
        ents = [(x.start_char, x.end_char, x.label_, x.text) for x in nlp(text).ents]
        gold, every = gold_items(art, ents)
        tables = ann.annotate({"id": art["id"], "title": None, "text": text, "date": art.get("date")})
        rows = [r for r in tables["statements"] if r["kind"] == "indirect"]
        found_m, found_f = ([], []) if show else (None, None)
        score_article(gold, every, rows, same, ours, found_m, found_f)
        if show:
            misses += [(art["id"], text, g) for g in found_m]
            false += [(art["id"], text, r) for r in found_f]
        if baseline:
            score_article(gold, every, baseline_rows(text, ents), same, base)
        ours["articles"] += 1
    out = {"split": split, "articles": ours["articles"], **_figures(ours)}
    if baseline:
        out["baseline"] = _figures(base)
    if show:
        out["misses"], out["false"] = misses, false
    return out


def _figures(t: Counter) -> dict:
    return {"gold": t["gold"], "ours": t["ours"], "found": round(t["found"] / t["gold"], 3) if t["gold"] else 0.0,
            "precision": round(t["true"] / t["ours"], 3) if t["ours"] else 0.0, "linked": t["linked"],
            "speaker_right": round(t["right"] / t["linked"], 3) if t["linked"] else 0.0}


def line(r: dict) -> str:
    """One line of figures."""
    out = (f"PolNeAR {r['split']} reported speech ({r['articles']} articles, {r['gold']} unquoted attributions "
           f"of saying): found {r['found']:.3f}, precision {r['precision']:.3f} of {r['ours']}, speaker right "
           f"{r['speaker_right']:.3f} of {r['linked']} linked")
    if "baseline" in r:
        b = r["baseline"]
        out += (f"; baseline found {b['found']:.3f}, precision {b['precision']:.3f} of {b['ours']}, "
                f"speaker right {b['speaker_right']:.3f}")
    return out


def main_text(same, annotator: Annotator | None = None) -> str:
    """PolNeAR dev's reported speech figures, one line (for `make eval`)."""
    return line(reported_scores(same, annotator, "dev"))


def _context(text: str, s: int, e: int) -> str:
    a = max(text.rfind("\n", 0, s), text.rfind(". ", 0, s - 2) + 1, 0)
    b = min(x for x in (text.find("\n", e), text.find(". ", e), len(text)) if x >= 0)
    return text[a:b + 1].strip().replace("\n", " ")


def _same_speaker():
    """The shared scorer's test of two speaker names (its script loaded here: `scores` imports this module)."""
    import importlib.util

    from helpers.config import SHARED_EVAL

    spec = importlib.util.spec_from_file_location("multipolar_score", SHARED_EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.same_speaker


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="Reported speech on PolNeAR.")
    p.add_argument("--split", default="dev", choices=("train", "dev"))
    p.add_argument("--limit", type=int, default=None, help="the first N articles only")
    p.add_argument("--offset", type=int, default=0, help="past the first N articles (with --limit: articles N to limit)")
    p.add_argument("--show", type=int, default=0, help="list N misses and N false ones (train only)")
    p.add_argument("--no-baseline", action="store_true")
    args = p.parse_args(argv)
    r = reported_scores(_same_speaker(), split=args.split, limit=args.limit, baseline=not args.no_baseline,
                        show=bool(args.show), offset=args.offset)
    print(line(r))
    if args.show:
        cues = Counter(polnear_cue.lower() for _, _, g in r["misses"] for polnear_cue in [g["cue"]])
        print("misses by cue:", cues.most_common(25))
        for aid, text, g in r["misses"][:args.show]:
            s, e = min(g["chars"]), max(g["chars"]) + 1
            print(f"MISS [{g['cue']}] ({g['source']} -> {g['speaker']}) {text[s:e]!r}\n    in: {_context(text, s, e)}")
        for aid, text, row in r["false"][:args.show]:
            print(f"FALSE ({row['speaker']}; {row['via']}) {row['text']!r}\n    in: "
                  f"{_context(text, row['start'], row['end'])}")


if __name__ == "__main__":
    main()
