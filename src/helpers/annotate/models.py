"""The spaCy pipelines: the fast one (tokens and sentences, no model) and the statistical English one,
run in parts: parses without the entity recogniser, the recogniser alone and over a sentence's first
tokens only, and the attribute ruler's coarse tags set over arrays."""

from __future__ import annotations

from functools import cached_property

from helpers.annotate.record import Need, Steps
from helpers.annotate.sentences import split_sentences
from helpers.config import SPACY_MODEL

# The thinc backend the statistical model runs on: numpy's BLAS instead of blis, which is slower
# at the small matrices of a batch of sentences.
MODEL_OPS = ("numpy", {"use_blis": False})

# Tokens the entity recogniser reads past the last one whose entities are asked for (`entities`):
# the entities that end up to three tokens past it come out exactly as over the whole sentence.
NER_CONTEXT = 8

# Whitespace-separated chunks a tokenizer keeps the tokens of (spaCy's default, 10,000, fills within
# a few thousand news items; every chunk after that is split again with its affix rules). An entry
# holds pointers to its tokens' lexemes, which the vocabulary keeps anyway.
TOKENIZER_CACHE = 200_000

# The lexical attributes the rules read from the fast pipeline's tokens: the phrase matchers match
# ORTH (no attribute to compute) and LOWER, the sentence splitter reads IS_PUNCT and IS_SPACE. Its
# vocabulary computes only these for a new word; spaCy's English defaults compute some twenty
# (shape, stop word, number-, URL- and e-mail-likeness, ...), a large share of the tokenizer's time.
# None: all of them.
FAST_LEX_ATTRS: tuple[str, ...] | None = ("LOWER", "IS_PUNCT", "IS_SPACE")

# The words and labels the attribute ruler's rules name that `Models.coarse_tags` reads.
_RULER_WORDS = ["aux", "auxpass", "TO", "do", "does", "did", "'d", "have", "has", "had", "ROOT", "advcl", "ccomp",
                "conj", "relcl", "xcomp", "IN", "mark", "DT", "WDT", "det", "quantmod", "expl", "is", "are", "was",
                "were", "'s", "'re", "_SP"]


def fast_pipeline():
    """A blank English pipeline: the tokenizer (its vocabulary computing `FAST_LEX_ATTRS`) and `split_sentences`."""
    import spacy
    from spacy.attrs import IDS
    from spacy.language import Language

    nlp = spacy.blank("en")
    nlp.tokenizer.max_cache_size = TOKENIZER_CACHE
    if FAST_LEX_ATTRS is not None:
        keep = {IDS[name] for name in FAST_LEX_ATTRS}
        nlp.vocab.lex_attr_getters = {k: f for k, f in nlp.vocab.lex_attr_getters.items() if k in keep}
    if not Language.has_factory("multipolar_sentences"):
        Language.component("multipolar_sentences", func=split_sentences)
    nlp.add_pipe("multipolar_sentences")
    return nlp


def entities(sdoc, words: str | None = None, upto: int | None = None) -> Steps[tuple]:
    """The named entities of a sentence parsed without them (a stage's generator: it yields the
    recogniser reads it needs). The recogniser costs as much as the rest of the pipeline and most
    quotations never need it, so it runs on first need. With `words`, the entities that may lie in
    them: none when they hold no capital letter ("officials say": no name to recognise). With
    `upto`, only the entities that begin before token `upto` are needed (and returned exactly;
    others may be missing): the recogniser then reads the sentence only `NER_CONTEXT` tokens past it."""
    if words is not None and not any(c.isupper() for c in words):
        return ()
    n = len(sdoc)
    upto = n if upto is None else min(upto, n)
    while sdoc.user_data.get("multipolar_ner", 0) < upto:  # a read of the whole sentence at the latest
        read = sdoc.user_data.get("multipolar_ner_read", 0)
        want = upto + NER_CONTEXT if upto + NER_CONTEXT < n and read < upto + NER_CONTEXT else n
        sdoc.user_data["multipolar_ner_want"] = max(want, sdoc.user_data.get("multipolar_ner_want", 0))
        yield Need("ents", [sdoc])
    return sdoc.ents


def _first_tokens(doc, k: int):
    """The first `k` tokens of `doc` as a new doc of their words and spaces, all the entity
    recogniser reads (`Span.as_doc` would also copy the parse, for nothing)."""
    from spacy.tokens import Doc

    tokens = doc[:k]
    return Doc(doc.vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens])


class Models:
    """The pipelines of one annotator, each loaded on first need."""

    @cached_property
    def fast(self):
        """Tokenizer and sentence splitter (no model); see `fast_pipeline`."""
        return fast_pipeline()

    @cached_property
    def model(self):
        """The statistical English pipeline, without its lemmatizer (verbs of saying are known by their forms)."""
        import spacy
        from thinc.api import use_ops

        with use_ops(MODEL_OPS[0], **MODEL_OPS[1]):
            nlp = spacy.load(SPACY_MODEL, exclude=["lemmatizer"])
        nlp.tokenizer.max_cache_size = TOKENIZER_CACHE
        return nlp

    @cached_property
    def blas(self):
        """The BLAS libraries this process has loaded (numpy's), whose threads `pipe` limits."""
        from threadpoolctl import ThreadpoolController

        self.model  # noqa: B018 - numpy and its BLAS are loaded with it
        return ThreadpoolController()

    def load(self) -> "Models":
        """Load the pipelines now rather than on first need (before forking workers, which then share them)."""
        self.fast, self.model, self.blas  # noqa: B018 - cached properties, loaded by reading them
        return self

    def pipe(self, kind: str, items: list) -> list:
        """Run the statistical pipeline over `items`: "parse" (texts, all but the entity recogniser),
        "names" (texts, the entity recogniser alone: it has its own embedding layer) or "ents"
        (parsed docs, the entity recogniser up to the tokens `entities` asked for).
        BLAS runs on one thread meanwhile: the matrices of a batch of sentences are too small to gain
        from more, its threads spin while they wait, and worker processes already fill the cores."""
        if not items:
            return []
        with self.blas.limit(limits=1, user_api="blas"):
            if kind == "ents":
                self._recognise(items)
                return items
            if kind == "names":
                return self._recognise([], items)
            docs = list(self.model.pipe(items, batch_size=256, disable=["ner", "attribute_ruler"]))
            self.coarse_tags(docs)
            return docs

    def recognise(self, docs: list, texts: list[str]) -> list:
        """The entity recogniser over parsed `docs` (as "ents") and over `texts` (as "names") in one
        call; return the docs of `texts`."""
        with self.blas.limit(limits=1, user_api="blas"):
            return self._recognise(docs, texts)

    def _recognise(self, docs: list, texts: list[str] = ()) -> list:
        """Run the entity recogniser over parsed sentences, each up to the tokens asked for
        (`entities`), and over `texts` (tokenized here), in one call; return the docs of `texts`.
        Over a sentence's first k tokens it reaches the same decisions as over the whole
        sentence for every token up to k - 4: it reads left to right, its features are the current
        token, the previous one and the first of an open entity, and each token's vector is built
        from the four tokens on either side. The entities ending by then are kept; so far, every
        entity is known ("multipolar_ner" holds how far)."""
        from spacy.tokens import Span

        wants = [min(d.user_data.pop("multipolar_ner_want", len(d)), len(d)) for d in docs]
        for d in docs:
            if "multipolar_ner_read" in d.user_data:  # read before, shorter: the recogniser starts afresh, nothing preset
                d.set_ents([], default="missing")
        views = [d if k == len(d) else _first_tokens(d, k) for d, k in zip(docs, wants)]
        views += [self.model.make_doc(t) for t in texts]
        read = list(self.model.get_pipe("ner").pipe(views, batch_size=256))
        for d, k, v in zip(docs, wants, read):
            d.user_data["multipolar_ner_read"] = k
            if v is d:
                d.user_data["multipolar_ner"] = k
                continue
            exact = k - 4
            open_at = [e.start for e in v.ents if e.start < exact < e.end]
            known = min([exact, *open_at])
            d.ents = [Span(d, e.start, e.end, label=e.label) for e in v.ents if e.end <= known]
            d.user_data["multipolar_ner"] = known
        return read[len(docs):]

    @cached_property
    def _ruler_tables(self):
        """What `coarse_tags` needs of the model's attribute ruler: its tag -> part-of-speech rules
        (as sorted tag hashes and part-of-speech ids) and the hashes of the words its rules name."""
        import numpy as np
        from spacy.parts_of_speech import IDS

        strings = self.model.vocab.strings
        table = {}
        for rule in self.model.get_pipe("attribute_ruler").patterns:
            pattern = rule["patterns"][0]
            if len(pattern) == 1 and set(pattern[0]) == {"TAG"} and isinstance(pattern[0]["TAG"], str) \
                    and "POS" in rule["attrs"]:
                table[strings.add(pattern[0]["TAG"])] = IDS[rule["attrs"]["POS"]]
        keys = np.array(sorted(table), dtype=np.uint64)
        values = np.array([table[k] for k in sorted(table)] + [0], dtype=np.uint64)
        words = {w: np.uint64(strings.add(w)) for w in _RULER_WORDS}
        return keys, values, words

    def coarse_tags(self, docs: list) -> None:
        """The parts of speech and space-token labels the rules here read (verb, auxiliary, adjective,
        proper noun), set as the model's attribute ruler sets them, without running
        it (it costs a good share of a parse). Its rules that depend on the parse are kept (an auxiliary's label makes it
        AUX, "do"/"have" as main verbs, "there is"); its word lists for pronouns and conjunctions
        change no class read here and are left out (tests/test_annotate.py compares both).
        Computed over the token arrays of all `docs` at once, as `sentences._sentence_starts` splits sentences."""
        import numpy as np
        from spacy.attrs import DEP, IS_SPACE, LOWER, POS, TAG
        from spacy.parts_of_speech import IDS

        docs = [d for d in docs if len(d)]
        if not docs:
            return
        keys, values, w = self._ruler_tables
        arr = np.concatenate([d.to_array([TAG, DEP, LOWER, IS_SPACE]) for d in docs])
        tag, dep, lower, space = arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3].astype(bool)
        k = np.searchsorted(keys, tag)
        known = keys[np.minimum(k, len(keys) - 1)] == tag
        pos = np.where(known, values[k], 0).astype(np.uint64)

        def any_of(values, *words):
            hit = values == w[words[0]]
            for word in words[1:]:
                hit |= values == w[word]
            return hit

        # In the ruler's order: a later rule wins.
        pos[any_of(dep, "aux", "auxpass") & (tag != w["TO"]) & (tag != 0)] = IDS["AUX"]
        pos[any_of(lower, "do", "does", "did", "'d", "have", "has", "had")
            & any_of(dep, "ROOT", "advcl", "ccomp", "conj", "relcl", "xcomp")] = IDS["VERB"]
        pos[(tag == w["IN"]) & (dep == w["mark"])] = IDS["SCONJ"]
        pos[any_of(tag, "DT", "WDT") & ~any_of(dep, "det", "quantmod") & (dep != 0)] = IDS["PRON"]
        off = np.cumsum([0] + [len(d) for d in docs])
        after_expl = np.concatenate(([False], (dep == w["expl"])[:-1]))
        after_expl[off[:-1]] = False  # a document's first token follows nothing
        pos[after_expl & any_of(lower, "is", "are", "was", "were", "'s", "'re")] = IDS["VERB"]
        pos[(tag == w["_SP"]) & ~space] = IDS["X"]
        pos[space] = IDS["SPACE"]
        spaces = np.flatnonzero(space)
        first_space = np.searchsorted(spaces, off).tolist()
        for j, doc in enumerate(docs):
            a, b = int(off[j]), int(off[j + 1])
            doc.from_array([POS], pos[a:b].reshape(-1, 1))
            for i in spaces[first_space[j]:first_space[j + 1]].tolist():
                tok = doc[i - a]
                tok.tag_ = "_SP"
                if tok.dep_:
                    tok.dep_ = "dep"
