"""PolNeAR (political news attribution relations): its quoted attributions as speaker gold.

PolNeAR's sources are mentions ("he", "the senator", "Clinton"), not names; `link` maps a source
to a name with the entity recogniser of en_core_web_sm: the entity the source holds, or for a
personal pronoun the last person named before it. Sources it cannot link (a bare "officials")
are left out. `speaker_scores` then gives the speaker accuracy of the quotations the annotator
finds among the quoted attributions, beside the baseline's (the nearest person named before),
pooled and apart for the two kinds of source: a mention that holds a name (the gold is the
corpus authors' own) and a personal pronoun (the gold name is the linker's guess, wrong where the
person named before is not the one meant, so its figure is a rough one).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache

from helpers.annotate import Annotator, default_annotator
from helpers.config import SHARED_CORPUS
from helpers.resources.kb import load_kb

POLNEAR = SHARED_CORPUS / "attribution"
PRONOUNS = {"he", "she", "him", "her", "his"}


def articles(split: str, limit: int | None = None) -> Iterator[dict]:
    """PolNeAR's articles of `split` ("train" or "dev"), each with its attributions."""
    path = POLNEAR / f"polnear_{split}.jsonl"
    if not path.exists():
        raise FileNotFoundError(f"{path}: PolNeAR is not beside this checkout (../shared/corpus/attribution)")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            if limit is not None and n >= limit:
                return
            if line.strip():
                yield json.loads(line)


def entity_pipeline():
    """en_core_web_sm with only its entity recogniser."""
    import spacy

    from helpers.config import SPACY_MODEL

    return spacy.load(SPACY_MODEL, exclude=["parser", "tagger", "lemmatizer", "attribute_ruler", "senter"])


# A name that opens its sentence (after an honorific or a title at most): the sentence's subject.
_OPENS = re.compile(r"(?:^|[.!?][\"”’]?\s+|\n\s*)(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Senator|President)\.?\s+)?$")


def link(source: dict | None, ents: list[tuple[int, int, str, str]], text: str = "") -> str | None:
    """The name a source mention stands for (`ents`: (start, end, label, text) of the article), or
    None: the entity the source holds; for a personal pronoun, the last person named at the opening
    of a sentence within 600 characters before it, else the last person named before it."""
    if not source:
        return None
    s, e = source["start"], source["end"]
    inside = [x for x in ents if x[0] < e and x[1] > s]
    for labels in (("PERSON",), ("ORG", "GPE", "NORP")):
        hit = [x for x in inside if x[2] in labels]
        if hit:
            return _name(hit[-1])
    if source["text"].strip().lower() in PRONOUNS:
        before = [x for x in ents if x[1] <= s and x[2] == "PERSON"]
        subjects = [x for x in before if x[0] >= s - 600 and _OPENS.search(text, max(0, x[0] - 16), x[0])]
        return _name(subjects[-1]) if subjects else _name(before[-1]) if before else None
    return None


def source_kind(source: dict | None) -> str:
    """"pronoun" for a personal pronoun source (its name a guess of `link`), else "name"."""
    return "pronoun" if source and source["text"].strip().lower() in PRONOUNS else "name"


def _name(x: tuple[int, int, str, str]) -> str:
    """An entity's text without a possessive ending."""
    return re.sub(r"['’]s?$", "", x[3])


@lru_cache(maxsize=1)
def _canonical_names() -> dict[str, str]:
    """The shipped knowledge base's aliases, as written, to canonical names (built once, not per article)."""
    return load_kb().alias_index()


def quoted_gold(article: dict, ents) -> list[tuple[list[tuple[int, int]], str | None]]:
    """(content spans, linked speaker) of each quoted attribution; the speaker None where unlinked.
    A linked name that is an alias of an actor of the knowledge base, as written ("White House"), is
    that actor's canonical name ("United States"), as the guidelines name speakers."""
    canonical = _canonical_names()
    out = []
    for a in article["attributions"]:
        if a["quoted"]:
            name = link(a["source"], ents, article["text"])
            out.append(([(c["start"], c["end"]) for c in a["content"]], canonical.get(name, name)))
    return out


def gold_for(gold, start: int, end: int) -> int | None:
    """The index of the quoted attribution whose content overlaps text[start:end], or None."""
    for i, (spans, _) in enumerate(gold):
        if any(s < end and e > start for s, e in spans):
            return i
    return None


def speaker_scores(same, annotator: Annotator | None = None, split: str = "dev", limit: int | None = None) -> dict:
    """Speaker accuracy on PolNeAR's quoted attributions with a linked source: ours, and the baseline's
    (`same`: the scorer's test of two speaker names)."""
    ann = annotator or default_annotator()
    nlp = entity_pipeline()
    n = ours = base = found = linked = 0
    by_kind = {k: [0, 0] for k in ("name", "pronoun")}  # kind of source: [quotations, ours right]
    for art in articles(split, limit):
        text = art["text"]
        doc = nlp(text)
        ents = [(x.start_char, x.end_char, x.label_, x.text) for x in doc.ents]
        gold = quoted_gold(art, ents)
        kinds = [source_kind(a["source"]) for a in art["attributions"] if a["quoted"]]
        linked += sum(name is not None for _, name in gold)
        tables = ann.annotate({"id": art["id"], "title": None, "text": text, "date": art.get("date")})
        seen = set()
        for row in tables["statements"]:
            if row["kind"] != "quote":
                continue
            i = gold_for(gold, row["start"], row["end"])
            if i is None or gold[i][1] is None or i in seen:
                continue
            seen.add(i)
            n += 1
            right = same(gold[i][1], row["speaker"])
            ours += right
            by_kind[kinds[i]][0] += 1
            by_kind[kinds[i]][1] += right
            before = [x[3] for x in ents if x[2] == "PERSON" and x[1] <= row["start"]]
            base += same(gold[i][1], before[-1] if before else None)
        found += len(seen)
    out = {"quotations": n, "linked_gold": linked, "found": round(found / linked, 3) if linked else 0.0,
           "speaker_acc": round(ours / n, 3) if n else 0.0, "baseline_speaker_acc": round(base / n, 3) if n else 0.0}
    for kind, (k, right) in by_kind.items():
        out[f"{kind}_sources"] = k
        out[f"{kind}_speaker_acc"] = round(right / k, 3) if k else 0.0
    return out


def main_text(same, annotator: Annotator | None = None) -> str:
    """PolNeAR dev figures, one line (for `make eval`; `same` as for `speaker_scores`)."""
    r = speaker_scores(same, annotator)
    return (f"PolNeAR dev: {r['quotations']} quoted attributions found of {r['linked_gold']} with a linked source "
            f"(found {r['found']:.3f}); speaker_acc ours {r['speaker_acc']:.3f}, "
            f"baseline {r['baseline_speaker_acc']:.3f}; where the source is a name ({r['name_sources']}) "
            f"{r['name_speaker_acc']:.3f}, a pronoun linked to the person named before ({r['pronoun_sources']}) "
            f"{r['pronoun_speaker_acc']:.3f}")

