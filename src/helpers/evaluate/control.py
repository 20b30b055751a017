"""The off-topic control: BBC news of 2004-2005 (business, sport, politics, tech, entertainment),
where almost nothing is about China and Russia. Whatever the annotator takes as relevant there, or
as about the Beijing-Moscow relationship, is a false positive."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from helpers.config import SHARED_CORPUS

CONTROL = SHARED_CORPUS / "bbc_news_2004_2005.jsonl"
# Every fifth document: all five sections, a fifth of the file.
EVERY = 5


@dataclass(frozen=True)
class Control:
    documents: int
    relevant: int
    aligned: int  # documents given the china_russia_alignment theme

    def text(self) -> str:
        return (f"off-topic control (BBC news 2004-2005, every {EVERY}th document; target: < 1% relevant): "
                f"{self.relevant} of {self.documents} relevant ({self.relevant / self.documents:.1%}), "
                f"{self.aligned} with the China-Russia alignment theme ({self.aligned / self.documents:.1%})")


def off_topic_control(path: Path = CONTROL, every: int = EVERY, processes: int = 2) -> Control:
    """Annotate every `every`th document of `path` and count the relevant and the aligned ones."""
    from helpers.annotate import annotate_parallel, is_relevant
    from helpers.load import iter_articles

    n = relevant = aligned = 0
    for _, tables in annotate_parallel(islice(iter_articles(path, []), 0, None, every), processes=processes):
        n += 1
        relevant += bool(is_relevant(tables))
        aligned += any(t["theme"] == "china_russia_alignment" and t["present"] for t in tables["doc_themes"])
    if not n:
        raise ValueError(f"{path}: no document read")
    return Control(n, relevant, aligned)
