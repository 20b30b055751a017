"""The runner: annotates documents stage by stage, one alone or many with their statistical parses batched.

A cascade: fast rules and the knowledge-base matcher run over every sentence; the statistical
English pipeline parses only the sentences that hold a quotation, to find who said it. Every
annotation carries the document id and character offsets into the annotated text (the title, a
blank line, then the cleaned text), plus the raw offsets where the span lies in the body.

The stages that need parses are generators: they yield what they need (`record.Need`) and receive
it. Alone, a document's needs are parsed as they come. In a batch, the sentences the documents'
quotations need are parsed together first; a document that then asks for a parse not yet made
stops there and waits (its stages suspended at the request), the parses every waiting document
asked for are made in one more batch, and the waiting documents go on from where they stopped.
"""

from __future__ import annotations

import bisect
import gc
from collections.abc import Generator
from functools import cached_property
from typing import NamedTuple

from helpers.annotate import attribution
from helpers.annotate.dates import dates, parse_date
from helpers.annotate.figures import figures
from helpers.annotate.fingerprint import fingerprint
from helpers.annotate.languages import ROOMS, Room, language_code, room_for
from helpers.annotate.mentions import Linker
from helpers.annotate.models import Models
from helpers.annotate.names import NameForms
from helpers.annotate.quotes import annotated_text, find_quotes, quote_sentences
from helpers.annotate.ranker import load_ranker
from helpers.annotate.record import TABLES, Need, Record, Steps, T
from helpers.annotate.relevance import relevance
from helpers.annotate.relevance_model import RelevanceModel, load_relevance_model
from helpers.annotate.theme_model import load_theme_model
from helpers.annotate.sentences import Sentence, sentences_of
from helpers.annotate.speech import speech_words
from helpers.annotate.themes import themes
from helpers.annotate.turns import Turns
from helpers.load.clean import OffsetMap
from helpers.resources.codebook import Codebook, load_codebook
from helpers.resources.kb import KnowledgeBase, load_kb
from helpers.resources.languages import load_language_pack
from helpers.resources.lexicons import Lexicons, load_lexicons

# Documents annotated together by `Annotator.annotate_many`: their statistical parses are batched.
# Each round of parses calls the model a few times at a cost per call whatever it reads (thinc's
# layers in Python), so more documents a batch make fewer calls a document.
PARSE_BATCH = 512

# Rounds of parses `Annotator.annotate_many` runs for waiting documents before annotating the rest one by one.
# A round costs a call of the recogniser and one of the parser, as many as a document alone would make.
MAX_ROUNDS = 32


def parse_plan(text: str, quoting) -> list[str]:
    """The sentence texts the statistical pipeline will parse to attribute a document's quotations
    (`quoting`: their sentences, as `quotes.quote_sentences` finds them)."""
    if quoting is None:
        return []
    _, spans, _, _, need = quoting
    return [text[s:e] for (s, e), n in zip(spans, need) if n]


class Done(NamedTuple):
    """What a document's stages yield last: their result."""

    value: object


def _to_end(steps: Steps[T]) -> Generator[Need | Done, list, None]:
    """The requests of a stage's generator, then `Done` with what it returns."""
    value = yield from steps
    yield Done(value)


def _failed(article: dict, e: Exception) -> dict[str, list[dict]]:
    """The tables of a document whose annotation failed: the problem recorded."""
    out: dict[str, list[dict]] = {t: [] for t in TABLES}
    out["problems"].append({"source": article.get("source"), "line": article.get("line"),
                            "doc_id": article.get("id"), "kind": "annotation_failed", "severity": "error",
                            "message": f"{article.get('source')}: document {article.get('id')}: "
                                       f"annotation failed ({type(e).__name__}: {e})"})
    return out


class Annotator:
    """Annotates articles with the knowledge base, codebook and lexicons it was built with."""

    def __init__(self, kb: KnowledgeBase | None = None, codebook: Codebook | None = None,
                 lexicons: Lexicons | None = None, relevance_model: RelevanceModel | None = None):
        self.kb = kb or load_kb()
        self.codebook = codebook or load_codebook()
        self.lexicons = lexicons or load_lexicons()
        self.alias_index = self.kb.alias_index()
        self.ranker = load_ranker()
        self.relevance_model = relevance_model or load_relevance_model()
        self.relevance_lexicons = load_lexicons()  # the shipped ones, those the relevance model was trained with
        self.theme_model = load_theme_model()
        self.packs = {code: load_language_pack(code) for code in ROOMS}
        self.rooms: dict[str, Room] = {}
        self.version = fingerprint(f"kb.{self.kb.digest}", f"cb.{self.codebook.digest}", f"lex.{self.lexicons.digest}",
                                   f"spk.{self.ranker.digest}", f"rel.{self.relevance_model.digest}",
                                   f"thm.{self.theme_model.digest}",
                                   *(f"{code}.{pack.digest}" for code, pack in sorted(self.packs.items())))
        self.models = Models()
        self.names = NameForms(self.lexicons)
        self.speech = speech_words(self.lexicons)  # the English rules' words of saying
        # Parses by (kind, text) inside `annotate_many` (None outside it), and how many rounds its last call ran.
        self._cache: dict | None = None
        self.rounds = 0

    @property
    def fast(self):
        """Tokenizer and sentence splitter (no model)."""
        return self.models.fast

    @property
    def model(self):
        """The statistical English pipeline, loaded on first need."""
        return self.models.model

    @cached_property
    def linker(self) -> Linker:
        """The knowledge base's phrase matchers over the fast pipeline's vocabulary."""
        return Linker(self.kb, self.fast, self.alias_index)

    @cached_property
    def turns(self) -> Turns:
        """The speaker-turn finder, with the lexicons' words of turns and interviews."""
        return Turns(self.linker, self.speech)

    def load(self) -> "Annotator":
        """Load the pipelines now rather than on first need (before forking worker processes, which
        then share them); return the annotator. What is loaded lives as long as the process: the garbage
        collector's passes leave it out (`gc.freeze`; a full pass over it took some 0.15 s)."""
        self.linker  # noqa: B018 - a cached property, built by reading it
        self.models.load()
        gc.freeze()
        return self

    # ----------------------------------------------------------------- documents
    def room_of(self, article: dict) -> Room | None:
        """The room of a document's language (`language` field), or None for English and any
        language without one (annotated with the English rules)."""
        code = language_code(article.get("language"))
        if code not in self.packs:
            return None
        if code not in self.rooms:
            self.rooms[code] = room_for(code, self.kb, self.packs[code])
        return self.rooms[code]

    def _annotate_in(self, room: Room, article: dict) -> dict[str, list[dict]]:
        """A document annotated by its language's room: the same tables as the English stages yield."""
        text, body_at = annotated_text(article.get("title"), article["text"])
        sents = room.sentences(text)
        rec = Record(article, text, body_at, None, sents, ((), ()), None, parse_date(article.get("date")))
        rec.mentions = room.mentions(text, rec.day)
        statements = room.statements(text, body_at, sents, rec.mentions)
        return self._tables(rec, statements, [], room.figures(text), room.dates(text, rec.day), room.word_count(text))

    def prepare(self, article: dict) -> Record:
        """The record a document's annotation starts from: its text, tokens, sentences and quotations."""
        text, body_at = annotated_text(article.get("title"), article["text"])
        doc = self.fast.make_doc(text)
        return self._record(article, text, body_at, doc, sentences_of([doc], [text])[0])

    def _prepare_many(self, articles: list[dict]) -> dict[int, Record]:
        """`prepare` for each of `articles` (by `id`), their sentences split all at once; the
        articles that fail are left out (`annotate_safely` records why)."""
        started = []
        for article in articles:
            if self.room_of(article) is not None:
                continue
            try:
                text, body_at = annotated_text(article.get("title"), article["text"])
                started.append((article, text, body_at, self.fast.make_doc(text)))
            except Exception:  # noqa: BLE001 - annotate_safely records it
                continue
        try:
            sents = sentences_of([s[3] for s in started], [s[1] for s in started])
        except Exception:  # noqa: BLE001 - then one by one, each failure recorded where it happens
            return {}
        out = {}
        for (article, text, body_at, doc), ss in zip(started, sents):
            try:
                out[id(article)] = self._record(article, text, body_at, doc, ss)
            except Exception:  # noqa: BLE001 - annotate_safely records it
                continue
        return out

    def _record(self, article: dict, text: str, body_at: int, doc, sents: list[Sentence]) -> Record:
        """A document's record from its text, tokens and sentences: its quotations found."""
        found = find_quotes(text)
        quoting = quote_sentences(text, sents, found[0], self.speech) if found[0] else None
        return Record(article, text, body_at, doc, sents, found, quoting, parse_date(article.get("date")))

    def annotate(self, article: dict) -> dict[str, list[dict]]:
        """Annotate one article row (from `helpers.load`); return rows per table."""
        room = self.room_of(article)
        if room is not None:
            return self._annotate_in(room, article)
        steps = _to_end(self._stages(self.prepare(article)))
        return self._advance(steps, next(steps), defer=False)[0]

    def annotate_safely(self, article: dict) -> dict[str, list[dict]]:
        """Annotate one article; an unexpected failure becomes a recorded problem, not a crash."""
        return self._start(article, None, defer=False)[0]

    def _start(self, article: dict, records: dict[int, Record] | None,
               defer: bool) -> tuple[dict[str, list[dict]] | None, tuple[Generator, Need, Need] | None]:
        """Annotate an article (from its record in `records` if there): (tables, None), or, when `defer`
        and a parse it needs is not made yet, (None, (its stages suspended at that request, the request,
        the parses missing)) for `_resume`. A failure is a recorded problem."""
        try:
            room = self.room_of(article)
            if room is not None:
                return self._annotate_in(room, article), None
            rec = records.get(id(article)) if records else None
            steps = _to_end(self._stages(rec or self.prepare(article)))
            return self._advance(steps, next(steps), defer)
        except Exception as e:  # noqa: BLE001 - one bad document must not stop a corpus
            return _failed(article, e), None

    def _resume(self, article: dict, steps: Generator, need: Need,
                defer: bool) -> tuple[dict[str, list[dict]] | None, tuple[Generator, Need, Need] | None]:
        """Go on with a document's stages suspended at `need`, its parses made (as `_start`)."""
        try:
            # A read of the recogniser is made in the docs asked for; other parses are in the cache.
            docs = need.items if need.kind == "ents" else [self._cache[(need.kind, t)] for t in need.items]
            return self._advance(steps, steps.send(docs), defer)
        except Exception as e:  # noqa: BLE001 - one bad document must not stop a corpus
            steps.close()
            return _failed(article, e), None

    def _advance(self, steps: Generator, item, defer: bool):
        """Answer a document's stages from `item` on, until they are done (tables, None) or, when
        `defer`, ask for a parse not made yet (None, (steps, their request, the parses of it missing))."""
        while isinstance(item, Need):
            docs, missing = self._answer(item, defer)
            if missing is not None:
                return None, (steps, item, missing)
            item = steps.send(docs)
        steps.close()
        return item.value, None

    def _stages(self, rec: Record) -> Steps[dict[str, list[dict]]]:
        """The stages in their order (a generator); what is built before the statements is kept in the record."""
        if rec.mentions is None:
            rec.mentions = self.linker.mentions(rec.doc, rec.day)
        if rec.turns is None:
            rec.turns = yield from self.turns.find(rec.text, rec.article, rec.body_at)
        statements, problems = yield from attribution.statements(self.linker, self.names, rec, self.ranker,
                                                                 self.speech)
        return self._tables(rec, statements, problems)

    def answer(self, steps: Steps[T]) -> T:
        """Run a stage's generator alone, each parse it asks for made at once; return its result."""
        steps = _to_end(steps)
        item = next(steps)
        while isinstance(item, Need):
            item = steps.send(self._answer(item, False)[0])
        steps.close()
        return item.value

    def _answer(self, need: Need, defer: bool) -> tuple[list | None, Need | None]:
        """The parses `need` asks for: (docs, None), or (None, the missing ones) when `defer` and any is."""
        kind, items = need
        if kind == "ents":  # a read of parsed sentences, never kept
            if defer:
                return None, need
            return self.models.pipe("ents", items), None
        cache = self._cache
        if cache is None:  # one document alone: nothing to batch with
            return self.models.pipe(kind, items), None
        missing = [t for t in dict.fromkeys(items) if (kind, t) not in cache]
        if missing:
            if defer:
                return None, Need(kind, missing)
            self._run(kind, missing)
        return [cache[(kind, t)] for t in items], None

    def _run(self, kind: str, texts: list[str]) -> None:
        """Parses of `texts`, kept in the batch's cache."""
        self._cache.update(zip(((kind, t) for t in texts), self.models.pipe(kind, texts)))

    def _tables(self, rec: Record, statements: list[dict], problems: list[dict], figure_rows: list[dict] | None = None,
                date_rows: list[dict] | None = None, words: int | None = None) -> dict[str, list[dict]]:
        """The rows of a document's tables from its record, statements and problems (figures and
        dates found by the English rules unless given; `words`: the length the themes' threshold
        reads, counted by spaces unless given)."""
        article, text, body_at, sents = rec.article, rec.text, rec.body_at, rec.sents
        doc_id = article["id"]
        omap = OffsetMap.from_json(article["offsets"]) if article.get("offsets") else None

        def raw_span(s: int, e: int) -> tuple[int | None, int | None]:
            if omap is None or s < body_at:
                return None, None
            return omap.span_to_raw(s - body_at, e - body_at)

        sent_starts = [s.start_char for s in sents]

        def sent_of(i: int) -> int:
            return max(bisect.bisect_right(sent_starts, i) - 1, 0)

        out: dict[str, list[dict]] = {t: [] for t in TABLES}
        for k, s in enumerate(sents):
            rs, re_ = raw_span(s.start_char, s.end_char)
            out["sentences"].append({"doc_id": doc_id, "sent": k, "start": s.start_char, "end": s.end_char,
                                     "raw_start": rs, "raw_end": re_, "text": text[s.start_char:s.end_char].strip()})
        for kind, rows in (("mentions", rec.mentions), ("statements", statements)):
            for m in rows:
                rs, re_ = raw_span(m["start"], m["end"])
                out[kind].append({"doc_id": doc_id, **m, "sent": sent_of(m["start"]), "raw_start": rs, "raw_end": re_})
        for p in problems:
            out["problems"].append({"source": article.get("source"), "line": article.get("line"), "doc_id": doc_id,
                                    "kind": p["kind"], "severity": "warning",
                                    "message": f"{article.get('source')}: document {doc_id}: {p['message']}"})
        if figure_rows is None:
            figure_rows = figures(text)
        if date_rows is None:
            date_rows = dates(text, rec.day)
        for kind, rows in (("figures", figure_rows), ("dates", date_rows)):
            for f in rows:
                rs, re_ = raw_span(f["start"], f["end"])
                out[kind].append({"doc_id": doc_id, **f, "sent": sent_of(f["start"]), "raw_start": rs, "raw_end": re_})
        out["theme_hits"], out["doc_themes"] = themes(self.codebook, doc_id, text, sents, out["mentions"], words,
                                                       self.theme_model)
        probability = relevance(out, self.kb, self.relevance_model, self.relevance_lexicons)
        out["relevance"] = [{"doc_id": doc_id, "probability": probability,
                             "relevant": probability >= self.relevance_model.threshold}]
        return out

    # ----------------------------------------------------------------- many documents
    def annotate_many(self, articles: list[dict]) -> list[dict[str, list[dict]]]:
        """Annotate several articles, their statistical parses batched (faster than one by one).

        The sentences the quotations need are parsed in one batch first. A document that then needs
        another parse (the first verb of saying of the body for a headline's quotation, a label's
        entities, the entities of a parsed sentence) waits, its stages suspended at the request: the
        parses every waiting document asked for are made in one batch, and the waiting documents go
        on from where they stopped, until none waits (`MAX_ROUNDS`, then one by one; `rounds` says
        how many ran). The results are the same as `annotate_safely` on each article alone.
        """
        self._cache, self.rounds = {}, 0
        try:
            records = self._prepare_many(articles)
            plan = [t for rec in records.values() for t in parse_plan(rec.text, rec.quoting)]
            self._run("parse", list(dict.fromkeys(plan)))
            done: dict[int, dict[str, list[dict]]] = {}
            # The documents not done: their stages suspended at a request, the request and the parses
            # missing (None before they start).
            waiting: dict[int, tuple] = {id(article): (article, None, None, None) for article in articles}
            while waiting and self.rounds < MAX_ROUNDS:
                wanted: dict[str, dict] = {"parse": {}, "names": {}, "ents": {}}
                for *_, need in waiting.values():
                    if need is not None:
                        wanted[need.kind].update((id(x) if need.kind == "ents" else x, x) for x in need.items)
                # One call of the entity recogniser for both kinds of its reads (a call has a fixed
                # cost whatever it reads, and a round's reads are few).
                texts = list(wanted["names"].values())
                if wanted["ents"] or texts:
                    self._cache.update(zip((("names", t) for t in texts),
                                           self.models.recognise(list(wanted["ents"].values()), texts)))
                self._run("parse", list(wanted["parse"].values()))
                self.rounds += 1
                still = {}
                for key, (article, steps, asked, _) in waiting.items():
                    tables, suspended = self._start(article, records, defer=True) if steps is None \
                        else self._resume(article, steps, asked, defer=True)
                    if suspended is None:
                        done[key] = tables
                    else:
                        still[key] = (article, *suspended)
                waiting = still
            for key, (article, steps, asked, _) in waiting.items():  # the rest one by one, each parse made at once
                try:
                    done[key] = self._advance(steps, asked, defer=False)[0]
                except Exception as e:  # noqa: BLE001 - one bad document must not stop a corpus
                    done[key] = _failed(article, e)
            return [done[id(article)] for article in articles]
        finally:
            self._cache = None
