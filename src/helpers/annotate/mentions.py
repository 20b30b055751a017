"""Actor mentions: the knowledge base's aliases and role titles matched over a document's tokens."""

from __future__ import annotations

import datetime as dt

from helpers.resources.kb import KnowledgeBase


class Linker:
    """Links words to the knowledge base's actors with phrase matchers built over a pipeline's vocabulary."""

    def __init__(self, kb: KnowledgeBase, nlp, alias_index: dict[str, str] | None = None):
        from spacy.matcher import PhraseMatcher

        self.kb = kb
        self.nlp = nlp
        self.alias_index = kb.alias_index() if alias_index is None else alias_index
        self.alias_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for alias, name in self.alias_index.items():
            self.alias_matcher.add(name, [nlp.make_doc(alias)])
        self.role_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for title in kb.role_index():
            self.role_matcher.add(title, [nlp.make_doc(title)])

    def mentions(self, doc, day: dt.date | None) -> list[dict]:
        """The actors a document's tokens name: aliases, then role titles resolved on `day`."""
        from spacy.util import filter_spans

        vocab = doc.vocab.strings
        alias_spans = []
        for match_id, s, e in self.alias_matcher(doc):
            span = doc[s:e]
            span.label_ = vocab[match_id]
            alias_spans.append(span)
        rows = []
        for span in filter_spans(alias_spans):
            rows.append({"start": span.start_char, "end": span.end_char, "text": span.text,
                         "actor": span.label_, "type": self.kb.type_of(span.label_), "via": "alias"})
        role_spans = []
        for match_id, s, e in self.role_matcher(doc):
            role_spans.append(doc[s:e])
        for span in filter_spans(role_spans):
            who = self.kb.resolve_role(span.text, day)
            if who is None:
                continue
            start = span
            if span.start > 0 and doc[span.start - 1].lower_ == "the":
                start = doc[span.start - 1:span.end]
            rows.append({"start": start.start_char, "end": start.end_char, "text": start.text,
                         "actor": who, "type": self.kb.type_of(who), "via": "role"})
        rows.sort(key=lambda r: (r["start"], -r["end"]))
        return rows

    def actors_in(self, s: str) -> list[tuple[int, str]]:
        """The actors whose aliases a short text holds, as (length in tokens, actor), from its tokens alone."""
        doc = self.nlp.make_doc(s)  # the matcher needs no sentences
        return [(b - a, doc.vocab.strings[mid]) for mid, a, b in self.alias_matcher(doc)]

    def persons_in(self, s: str) -> list[str]:
        """The known people a short text names, each once, in order."""
        doc = self.nlp.make_doc(s)
        found = []
        for match_id, a, b in self.alias_matcher(doc):
            name = doc.vocab.strings[match_id]
            if self.kb.type_of(name) == "person" and name not in found:
                found.append(name)
        return found

    def canonical(self, name: str) -> str:
        """The canonical actor for a name the knowledge base knows, else the name itself."""
        return self.alias_index.get(name, name)
