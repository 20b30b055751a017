"""Statements: speaker turns, and quotations attributed to their speakers (see `speakers.Speakers`).

The statistical pipeline parses only the sentences that hold a quotation and a verb of saying
outside it; the stages here are generators that yield the parses they need (`record.Need`) and
receive them, so the runner can batch the parses of many documents."""

from __future__ import annotations

import re

from helpers.annotate.mentions import Linker
from helpers.annotate.models import entities
from helpers.annotate.names import NameForms, expand_acronym
from helpers.annotate.quotes import Quote, first_words, scare_quote, title_of_work, title_text
from helpers.annotate.ranker import Ranker, candidates, features, pick
from helpers.annotate.record import Need, Record, Steps
from helpers.annotate.reported import opening_names, reported
from helpers.annotate.sentences import Sentence
from helpers.annotate.speakers import Speakers, tokens_before
from helpers.annotate.speech import SpeechWords


def statements(linker: Linker, names: NameForms, rec: Record, ranker: Ranker | None,
               words: SpeechWords) -> Steps[tuple[list[dict], list[dict]]]:
    """The statements of a document and the problems its quotations raise (a generator; needs
    `rec.mentions` and `rec.turns`; `words`: the lexicons' words of saying)."""
    text = rec.text
    turns, title_label = rec.turns
    quotes, unbalanced = rec.found
    problems = [{"kind": "unbalanced_quote", "offset": o,
                 "message": f"quotation mark at offset {o} never closed; quotation ends at the paragraph's end"}
                for o in unbalanced]
    rows = []
    for t in turns:
        rows.append({"start": t["start"], "end": t["end"], "speaker": t["speaker"],
                     "text": text[t["start"]:t["end"]].strip(), "kind": "turn", "via": t["via"], "label": t["label"],
                     "speaker_score": None})
    source = title_source(rec, words)
    quoted = yield from attribute_quotes(linker, names, rec, quotes, title_label or (source and source[0]), ranker,
                                         words, source is not None and title_label is None)
    rows.extend(quoted)

    def speakers_so_far() -> Steps[list[tuple[int, str]]]:
        """Pronouns in reported speech stand for the people named or quoted before them."""
        found = [(m["start"], m["actor"]) for m in rec.mentions if m["type"] == "person"]
        found += [(r["start"], r["speaker"]) for r in quoted if r["speaker"] and
                  linker.kb.type_of(r["speaker"]) in ("person", None)]
        return sorted(found)
        yield  # a generator, as Speakers expects

    who = Speakers(linker, names, text, rec.mentions, speakers_so_far, words)
    said = yield from reported(who, rec, quotes, turns)
    if source is not None and not any(r["start"] < source[1] for r in said):
        speaker, colon = source
        head = text[:colon].strip()
        unquoted, at = [], 0  # the headline's words outside its quotations: what it reports beyond them
        for q in sorted((q for q in quotes if q.open < colon), key=lambda q: q.open):
            unquoted.append(text[at:q.open])
            at = q.close + 1
        unquoted.append(text[at:colon])
        if len(" ".join(unquoted).split()) >= 2:
            start = len(text[:colon]) - len(text[:colon].lstrip())
            rows.append({"start": start, "end": colon, "speaker": speaker, "text": head, "kind": "indirect",
                         "via": "named after the title's colon", "label": None, "speaker_score": None})
    rows.extend(said)
    rows.sort(key=lambda s: s["start"])
    for s in rows:
        s["first_words"] = first_words(s["text"])
    return rows, problems


def attribute_quotes(linker: Linker, names: NameForms, rec: Record, quotes: list[Quote],
                     title_label: str | None, ranker: Ranker | None, words: SpeechWords,
                     label_after: bool = False) -> Steps[list[dict]]:
    """A statement row for each quotation, with its speaker and how it was found (a generator;
    `label_after`: the title names `title_label` after its colon, "...: White House", rather than before)."""
    if not quotes:
        return []
    text, sents, mentions, body_at = rec.text, rec.sents, rec.mentions, rec.body_at
    turns = rec.turns[0]
    # The names of people in the parsed sentences, in the sentences with a colon, and in the
    # sentences before them, are the antecedents of pronouns.
    keys, spans, by_sent, around, need = rec.quoting
    parsed_iter = iter((yield Need("parse", [text[s:e] for (s, e), n in zip(spans, need) if n])))
    parsed = [next(parsed_iter) if n else None for n in need]
    colon = [(s, e) for (s, e), n, a in zip(spans, need, around) if not n and ":" in a]
    prev = [(sents[k - 1].start_char, sents[k - 1].end_char)
            for k, n, a in zip(keys, need, around) if k > 0 and (n or ":" in a)]

    def people() -> Steps[list[tuple[int, str]]]:
        """Named people before each quotation, found only when a pronoun needs an antecedent."""
        found: list[tuple[int, str]] = [(m["start"], m["actor"]) for m in mentions if m["type"] == "person"]
        single: list[tuple[int, str]] = []  # one-word names: antecedents only as the surname of a person named before
        for (s, _), sdoc in zip(spans, parsed):
            if sdoc is not None:
                for e in (yield from entities(sdoc)):
                    if e.label_ == "PERSON":
                        (found if names.named_person(e) else single).append((s + e.start_char, e.text))
        if colon or prev:
            docs = yield Need("names", [text[s:e] for s, e in colon + prev])
            for (s, e), pdoc in zip(colon + prev, docs):
                for ent in pdoc.ents:
                    if ent.label_ == "PERSON":
                        (found if names.named_person(ent) else single).append((s + ent.start_char, ent.text))
        for s, _ in prev:
            found += opening_names(text, s, mentions, names, words.not_name_words)
        # Not a run of a Title Case heading the recogniser took for one name ("Lee And Ann Ek", "Lee On How").
        found = [(s, n) for s, n in found if n and not any(w.lower() in words.not_names for w in n.split()[1:])]
        found += [(s, n) for s, n in single if n.istitle() and " " not in n and
                  any(p < s and len(f.split()) > 1 and f.split()[-1] == n for p, f in found)]
        found += surname_subjects(text, rec.sents, body_at, words.not_names)
        return sorted(found)

    who = Speakers(linker, names, text, mentions, people, words)
    who.quoted = [(q.open, q.close) for q in quotes]
    rows: list[dict] = []
    context: list[tuple] = []  # per row: its quotation, sentence, parse and the speaker before it
    pending_title: list[dict] = []
    last: dict | None = None
    body_first_speaker = None
    for k, (s, e), sdoc in zip(keys, spans, parsed):
        for q in by_sent[k]:
            in_turn = next((t for t in turns if t["start"] <= q.open < t["end"]), None)
            possessive = yield from who.possessive_speaker(q)
            if title_of_work(text, q, words):
                speaker, via = None, "title of a work"
            elif possessive:
                speaker, via = possessive, "possessive and a noun of saying"
            elif sdoc is None:
                speaker, via = None, "none"
            else:
                speaker, via = yield from who.speaker_for(q, s, sdoc)
            if speaker is None and via in ("none", "unresolved subject") and q.open >= body_at:
                found = yield from _beside(who, rec, q)
                if found[0]:
                    speaker, via = found
            if speaker is None and via in ("none", "unresolved subject") and q.open >= body_at and in_turn is None:
                found = yield from _sentence_subject(who, q, s, e, sdoc)
                if found:
                    speaker, via = found, "subject of the quotation's sentence"
            if via == "title of a work":
                pass
            elif speaker is None and via == "unresolved subject" and title_label:
                speaker, via = title_label, "title label"
            elif speaker is None and q.open < body_at:
                via = "title"
            elif speaker is None and in_turn is None and last is not None and not last["in_turn"] \
                    and q.open - last["end"] < 600 and text.count("\n\n", last["end"], q.open) <= 1:
                speaker, via = last["speaker"], "continues the previous quotation"
            if speaker is None and via == "none" and in_turn is None and q.open >= body_at:
                speaker = _paragraph_subject(who, rec, q)
                via = "subject of the paragraph before" if speaker else via
            if speaker and " " not in speaker and linker.kb.type_of(speaker) is None:
                speaker = linker.canonical(expand_acronym(speaker, text))  # "Bat": British American Tobacco
            row = {"start": q.start, "end": q.end, "speaker": speaker,
                   "text": text[q.start:q.end].strip().rstrip(",.") if q.balanced else text[q.start:q.end].strip(),
                   "kind": "quote", "via": via, "label": None}
            rows.append(row)
            context.append((q, k, s, sdoc, last["speaker"] if last else None,
                            in_turn["speaker"] if in_turn else title_label))
            if via == "title":
                pending_title.append(row)
            if speaker is not None:
                last = {"speaker": speaker, "end": q.close, "in_turn": in_turn is not None}
                who.said.append((q.close, speaker))
                if q.open >= body_at and body_first_speaker is None:
                    body_first_speaker = speaker
    if pending_title:
        yield from _attribute_title(who, rec, pending_title, title_label, body_first_speaker,
                                    "named after the title's colon" if label_after else "title label")
    if ranker is not None:
        for row, ctx in zip(rows, context):
            rank(ranker, names, rec, row, *ctx, words=words)
    return rows


def surname_subjects(text: str, sents, body_at: int, not_names: frozenset[str]) -> list[tuple[int, str]]:
    """The people a sentence of the body opens with by their surname alone, as its subject ("Lee
    also said ...", "Lee is touting ..."), where the text named them in full before ("Ann Lee"):
    (offset, the full name)."""
    found = []
    named: dict[str, list[tuple[int, str]]] = {}  # a surname's full names in the text, with where each ends
    for x in sents:
        m = _SURNAME_OPENS.match(text, x.start_char) if x.start_char >= body_at else None
        if m and m.group("name").lower() not in not_names:
            name, at = m.group("name"), m.start("name")
            if name not in named:
                named[name] = _full_names(text, name)
            full = [f for end, f in named[name] if end <= at]
            if full:  # the most frequent; of equally frequent ones, the one named last
                found.append((at, max(dict.fromkeys(reversed(full)), key=full.count)))
    return found


_WORD_BEFORE = re.compile(r"[\w’'-]+[^\S\n]+\Z")


def _full_names(text: str, name: str) -> list[tuple[int, str]]:
    """Where `name` follows a capitalised word and a space ("Ann Lee"), as `re.finditer` over
    `\\b([A-Z][\\w’'-]+[^\\S\\n]+NAME)\\b` finds them, (end, the two words); found from the name's
    own occurrences, a plain string search, rather than by trying the pattern at every position."""
    out, last_end = [], 0
    for m in re.finditer(re.escape(name) + r"\b", text):
        p = m.start()
        run = _WORD_BEFORE.search(text, max(last_end, p - 200), p)
        if run is None:
            continue
        word_end = run.start() + len(run.group().rstrip())
        for i in range(run.start(), word_end - 1):  # the leftmost start the pattern would take
            if "A" <= text[i] <= "Z" and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
                out.append((m.end(), text[i:m.end()]))
                last_end = m.end()
                break
    return out


_SURNAME_OPENS = re.compile(r"\s*(?:(?:But|And|So)\s+)?(?P<name>[A-Z][a-z’'-]+)[^\S\n]+(?:[a-z]+ly[^\S\n]+)?[a-z]")


def _beside(who: Speakers, rec: Record, q: Quote) -> Steps[tuple[str | None, str]]:
    """The speaker a sentence next to a quotation names (a generator): a short one right after it in its
    paragraph, where the quotation ends its own ("“... !” she wrote."), or the sentence ending the
    paragraph before with a colon, where the quotation opens its paragraph ("Lee told the crowd: ¶ “...”")."""
    text, sents = rec.text, rec.sents
    after = next((x for x in sents if x.start_char >= q.close), None)
    if after is not None and text[q.start:q.end].rstrip("’'”\"")[-1:] in (".", "!", "?") and \
            not text[q.close:after.start_char].strip() and "\n" not in text[q.close:after.start_char] and len(text[after.start_char:after.end_char].split()) <= 12:
        sent, where = after, "after"
    else:
        line = text.rfind("\n", 0, q.open)
        before = text[:line].rstrip()
        if line < 0 or text[line:q.open].strip() or not before.endswith(":"):
            return None, "none"
        sent = next((x for x in reversed(sents) if x.start_char < len(before)), None)
        if sent is None or "\n" in text[sent.start_char:len(before)]:
            return None, "none"
        sent, where = Sentence(sent.start_char, len(before)), "before"
    s, e = sent
    nouns = where == "before" and any(w.lower().strip(".,:") in who.words.document_nouns for w in text[s:e].split())
    if not who.words.has_speech_verb(text[s:e]) and not nouns:
        return None, "none"
    sdoc = (yield Need("parse", [text[s:e]]))[0]
    k = next((i for i, x in enumerate(sents) if x.end_char > s), 0)
    # The names of the sentences before (the quotation's and the one before it): a pronoun's antecedents.
    yield from _add_names(who, rec, k - (2 if where == "after" else 1), k)
    verbs = [sdoc[i] for i in who.words.speech_verbs(sdoc)]
    # "... released the following statement:": the verb whose object is a text that says something.
    verbs += [t.head for t in sdoc if t.lower_ in who.words.document_nouns and t.dep_ == "dobj"] if nouns else []
    if where == "after":  # a tail of saying with no statement of its own ("he wrote on Sunday.")
        verbs = [v for v in verbs[:1] if v.i < 6 and not any(c.dep_ in ("ccomp", "xcomp") for c in v.children)]
    else:  # before a colon: "As X reported, ...:" first, then the verb of saying nearest the colon
        verbs = sorted(verbs[::-1], key=lambda v: not any(c.dep_ == "mark" and c.lower_ == "as" for c in v.children))
    for v in verbs:
        found = yield from who.subject_speaker(v, sdoc, s)
        names = [c for c in v.children if c.left_edge.i == 1 and c.pos_ == "PROPN"] if v.i == 0 else []
        if not found and names:  # "“...!” wrote Ann Lee.": the parser reads the name after the verb as its object
            found = yield from who.resolve_token(names[0], sdoc, s)
        if found:
            return found, f"subject of '{v.text}' {where} the quotation"
    return None, "none"


def _paragraph_subject(who: Speakers, rec: Record, q: Quote) -> str | None:
    """The speaker of a quotation that is a paragraph of its own, with no cue and no quotation before it
    to continue: the person whose name opens the paragraph right before, where it holds no quotation
    ("Ann Lee praised the plan. ¶ “It will help us all.”")."""
    text = rec.text
    line, line_end = text.rfind("\n", 0, q.open), text.find("\n", q.close)
    if line < 0 or text[line:q.open].strip() or text[q.close:line_end if line_end >= 0 else len(text)].strip(" .,"):
        return None  # not a paragraph of its own
    prev_end = len(text[:line].rstrip())
    prev_start = text.rfind("\n", 0, prev_end) + 1
    if prev_start < rec.body_at or len(text[q.start:q.end].split()) < 4 or \
            any(c in text[prev_start:prev_end] for c in '“”"«»'):
        return None
    found = opening_names(text, prev_start, rec.mentions, who.names, who.words.not_name_words) or \
        surname_subjects(text, [Sentence(prev_start, prev_end)], rec.body_at, who.words.not_names)
    return who.canonical(who.names.fullest(who.names.bare(found[0][1]), text, found[0][0])) if found else None


_MODIFIERS = frozenset({"relcl", "acl", "amod", "compound", "nmod"})


def _sentence_subject(who: Speakers, q: Quote, s: int, e: int, sdoc) -> Steps[str | None]:
    """The speaker of a quotation in a sentence with no verb of saying that reads as words said (a
    clause of three words or more, "X bemoaned a climate in which people “hate each other”", "X took the
    stance: “I ...”"), not a term: the name or pronoun that is the sentence's subject, before the
    quotation (a generator; `sdoc`: the sentence's parse, None where it was not parsed)."""
    text = who.text
    if len(text[q.start:q.end].split()) < 3 or not text[s:q.open].strip():  # a term, or nothing before it
        return None
    if sdoc is None:
        sdoc = (yield Need("parse", [text[s:e]]))[0]
    i0, i1 = tokens_before(sdoc, q.open - s), tokens_before(sdoc, q.close - s)
    inside = sdoc[i0:i1]
    if not any(t.pos_ in ("VERB", "AUX") and t.dep_ not in _MODIFIERS and
               (t.head == t or t.head.dep_ not in _MODIFIERS) for t in inside):
        return None  # a noun phrase ("a “growing economy that needs oil”"), its verbs modifiers
    if i0 == 0:
        return None
    root = sdoc[i0 - 1].sent.root  # the clause the words before the quotation belong to
    if not root.i < i0 or root.pos_ != "VERB":  # not "X is a “...”": words about X
        return None
    subj = [c for c in root.children if c.dep_ == "nsubj" and c.right_edge.i < i0]
    if not subj or not (subj[0].pos_ == "PROPN" or subj[0].lower_ in who.words.pronouns):
        return None
    return (yield from who.resolve_token(subj[0], sdoc, s))


def _add_names(who: Speakers, rec: Record, first: int, end: int) -> Steps[None]:
    """Add the people named in sentences first..end-1 to the antecedents of pronouns (a generator)."""
    first = max(first, 0)
    if first >= end:
        return
    p, e = rec.sents[first].start_char, rec.sents[min(end, len(rec.sents)) - 1].end_char
    pdoc = (yield Need("names", [rec.text[p:e]]))[0]
    yield from who.add_people([(p + x.start_char, x.text) for x in pdoc.ents if who.names.named_person(x)]
                              + opening_names(rec.text, p, rec.mentions, who.names, who.words.not_name_words))


def rank(ranker: Ranker, names: NameForms, rec: Record, row: dict, q: Quote, k: int, offset: int, sdoc,
         last: str | None, label: str | None, words: SpeechWords | None = None) -> None:
    """The model's score for a quotation's speaker (`speaker_score`), and its choice where it decides
    (`words`: the lexicons' words of saying, the shipped ones by default)."""
    sents = rec.sents
    window = (sents[max(k - 1, 0)].start_char, sents[min(k + 1, len(sents) - 1)].end_char)
    cands = candidates(rec.text, window, rec.mentions, names.bare, row["speaker"], last, label, words)
    rows = features(rec.text, q.open, q.close, (sents[k].start_char, sents[k].end_char), cands, row["via"],
                    sdoc, offset, rec.body_at, words)
    if ranker.collect is not None:
        ranker.collect.append({"doc_id": rec.article["id"], "start": row["start"], "open": q.open, "close": q.close, "rule": row["speaker"],
                               "via": row["via"], "candidates": [c.name for c in cands], "features": rows})
    row["speaker_score"] = None
    if row["via"] in ("title of a work", "scare quote"):
        return
    scores = ranker.scores(rows)
    if ranker.decide:
        best = pick(scores, rows, ranker.threshold)
        if best is None:
            row["speaker"] = None
        else:  # a name as the text writes it is given its fuller form as the rules give theirs ("Nhf")
            c = cands[best]
            row["speaker"] = c.name if c.kind != "name" else \
                expand_acronym(names.fullest(c.name, rec.text, q.open), rec.text)
            row["speaker_score"] = round(scores[best], 4)
            return
    chosen = [sc for c, sc in zip(cands, scores) if row["speaker"] and c.name == row["speaker"]]
    row["speaker_score"] = round(chosen[0], 4) if chosen else None


def _attribute_title(who: Speakers, rec: Record, pending: list[dict], title_label: str | None,
                     body_first_speaker: str | None, label_via: str = "title label") -> Steps[None]:
    """Speakers for a title's quotations (a generator). A headline compresses: its quotation marks
    carry the words of whoever the title names before a colon (or after it, ending the title), else
    the first speaker of the text, else the subject of its first verb of saying."""
    text, mentions = rec.text, rec.mentions
    fallback, via = title_label, label_via
    if fallback is None and body_first_speaker:
        fallback, via = body_first_speaker, "speaker of the text"
    if fallback is None:
        fallback = yield from first_sayer(who, text, rec.sents, rec.body_at)
        via = "subject of the text's first verb of saying"
    title_doc = None
    # The title's subject counts only as a known actor: without one in the title, no parse.
    title_actors = any(m["start"] < len(title_text(text)) for m in mentions)
    for row in pending:
        if scare_quote(text, row, who.words):
            row["via"] = "scare quote"
        elif fallback is not None:
            row["speaker"], row["via"] = fallback, via
        else:
            if title_doc is None and title_actors:
                title_doc = (yield Need("parse", [title_text(text)]))[0]
            speaker = who.title_subject(row, title_doc) if title_actors else None
            row["speaker"], row["via"] = speaker, "subject of the title"


def title_source(rec: Record, words: SpeechWords) -> tuple[str, int] | None:
    """The actor a headline names after its last colon, ending it ("Russia, China ... ‘division’: UK",
    "... Actor in the War: White House"), and where the colon is; None unless the words after the
    colon are one actor of the knowledge base and nothing else (an article at most)."""
    title = title_text(rec.text)[:rec.body_at] if rec.body_at else ""
    colon = title.rfind(":")
    if colon <= 0 or not title[:colon].strip():
        return None
    tail_at = colon + 1 + len(title[colon + 1:]) - len(title[colon + 1:].lstrip())
    tail_end = len(title.rstrip(" .\n"))
    inside = [m for m in rec.mentions if m["start"] >= tail_at and m["end"] <= tail_end]
    if len({m["actor"] for m in inside}) != 1:
        return None
    rest = (title[tail_at:min(m["start"] for m in inside)] + title[max(m["end"] for m in inside):tail_end]).split()
    if any(w.lower() not in words.articles for w in rest):
        return None
    return inside[0]["actor"], colon


def first_sayer(who: Speakers, text: str, sents: list[Sentence], body_at: int) -> Steps[str | None]:
    """The subject of the first verb of saying in the first sentences of the body (a generator)."""
    body = [s for s in sents if s.start_char >= body_at][:3]
    body = [s for s in body if who.words.has_speech_verb(text[s.start_char:s.end_char])]
    parsed = yield Need("parse", [text[s.start_char:s.end_char] for s in body])
    for s, sdoc in zip(body, parsed):
        for tok in (sdoc[i] for i in who.words.speech_verbs(sdoc)):
            if tok.pos_ in ("VERB", "AUX"):
                speaker = yield from who.subject_speaker(tok, sdoc, s.start_char)
                if speaker:
                    return speaker
    return None
