"""Reported speech: statements of kind "indirect" ("Xi stressed that the two sides should ...").

A sentence outside quotations and speaker turns that holds a verb of saying is parsed; where the
verb governs a complement clause ("said that ...", "told reporters the talks ...") or, for "call
for" (`preposition_verbs`) and "according to" (`source_phrases`), a phrase, the clause is the content and the verb's subject the speaker
(resolved as a quotation's is: an actor, a name, a pronoun's antecedent). Where the parse hangs the
clause elsewhere it is still the content: a "that" clause after a phrase ("said in a statement
that ..."), the clause an "as" clause of saying is set off from ("As the minister said, ..."), the
opening words of a sentence that ends with its speaker and verb ("..., a spokesman says").
Verbs of thought, wish and expressive acts with no content (thank, greet, praise) are not cues
(see the guidelines).
The words are the lexicons' (`speech.SpeechWords`: `not_reporting`, `object_cues`,
`not_name_words`, `title_nouns`, `group_nouns`, `people_nouns`, `body_nouns`, `number_words`,
`dual_words`, `group_openers`, `auxiliaries` among them).
"""

from __future__ import annotations

import bisect
import re

from helpers.annotate.names import NameForms, same_person_key
from helpers.annotate.quotes import Quote
from helpers.annotate.record import Need, Record, Steps
from helpers.annotate.speakers import Speakers, office_alone
from helpers.annotate.speech import SpeechWords

# A clause a verb of saying governs: its content.
CONTENT_DEPS = ("ccomp", "xcomp")
# Sentences with more words are read as a narrative, not parsed for reported speech (they cost
# most to parse and seldom hold one clear reported statement).
MAX_WORDS = 80
# Words either side of a cue where a name of its speaker is looked for before a parse ("Anna Berg
# said", "said Anna Berg").
NAME_BEFORE, NAME_AFTER = 3, 2
# Words at most from a verb of saying to the "that" of a clause it reports after a phrase ("said in a
# statement to reporters on Monday that ...").
THAT_WITHIN = 10
_STRIP = ",.;:()\"“”'’"
_STRIP_END = ",.;:()\"“”"  # a possessive's apostrophe kept
_WORD = re.compile(r"\S+")
# A name of two or three capitalised words on one line.
_NAME = r"[A-Z][\w’'.-]*(?:[^\S\n]+[A-Z][\w’'.-]*){1,2}"


def _cue_positions(words: SpeechWords, said: list[str], raw: list[str] | None = None) -> list[int]:
    """Where the words `said` (lower-cased, stripped) hold a cue of reporting: a form of a verb of
    saying not right after a determiner ("the state", "a call") and, for a verb that reports only
    with its particle, followed by it ("points out"). With the words as written (`raw`), nor a noun
    (`_noun_or_name`)."""
    out = []
    title_case = raw is not None and _title_case(raw)
    for i, w in enumerate(said):
        if w not in words.cues or (i and said[i - 1] in words.determiners):
            continue
        particle = words.particles.get(w)
        if particle is not None and (i + 1 >= len(said) or said[i + 1] != particle):
            continue
        if raw is not None and _noun_or_name(raw, i, title_case):
            continue
        out.append(i)
    return out


def _title_case(raw: list[str]) -> bool:
    """Whether a sentence is written in title case ("Minister Says Talks Will Resume"): at least half
    of its words that open with a letter open with a capital."""
    firsts = [w.lstrip(_STRIP)[:1] for w in raw]
    letters = [c for c in firsts if c.isalpha()]
    return bool(letters) and 2 * sum(c.isupper() for c in letters) >= len(letters)


def _noun_or_name(raw: list[str], i: int, title_case: bool) -> bool:
    """Whether the form of a verb of saying at `i` (of the words as written) is read as a noun or a
    part of a name, which reports nothing: a plural after a possessive ("Anna Berg's claims", "the
    council's calls"; a verb's form after "'s" is never one in -s), or, in a sentence not in title
    case, written with a capital and then lower case letters past the sentence's first word ("the
    Golden State", "Mississippi State fans": a name; "DENIES", in capitals, is emphasis)."""
    w = raw[i].strip(_STRIP)
    if i and w.endswith("s") and raw[i - 1].rstrip(_STRIP_END).endswith(("'s", "’s")):
        return True
    return not title_case and i > 0 and w[:1].isupper() and w[1:].islower()


def _may_name_a_speaker(words: SpeechWords, raw: list[str], said: list[str], cues: list[int]) -> bool:
    """Whether a sentence names someone who may have said something: a pronoun, an office, a group,
    people, a text or "according to" (`source_words`), or a capitalised word next to a cue ("Anna Berg said")."""
    if not words.speaker_words.isdisjoint(said) or not words.source_words.isdisjoint(said):
        return True
    for i in cues:
        for j in (*range(max(0, i - NAME_BEFORE), i), *range(i + 1, min(len(raw), i + 1 + NAME_AFTER))):
            w = raw[j].strip(_STRIP)
            if w[:1].isupper() and said[j] not in words.not_name_words and said[j] not in words.cues:
                return True
    return False


def _names_an_actor(starts: list[int], a: int, b: int) -> bool:
    """Whether an actor of the knowledge base is named in text[a:b] (`starts`: its mentions' starts, in text order)."""
    k = bisect.bisect_left(starts, a)
    return k < len(starts) and starts[k] < b


def _outside(cues: list[int], text: str, a: int, b: int, quotes: list[Quote]) -> list[int]:
    """The cues (indexes of the whitespace-separated words of text[a:b]) outside `quotes`."""
    at = [m.start() + len(m.group()) - len(m.group().lstrip(_STRIP)) for m in _WORD.finditer(text, a, b)]
    return [i for i in cues if not any(q.open <= at[i] < q.close for q in quotes)]


def _candidate_sentences(words: SpeechWords, rec: Record, quotes: list[Quote],
                         turns: list[dict]) -> list[tuple[int, int]]:
    """The sentences worth a parse: a cue of reporting (`_cue_positions`) outside quotations and
    someone who may be its speaker (an actor of the knowledge base or `_may_name_a_speaker`), outside
    turns, not mostly quotation."""
    text = rec.text
    starts = [m["start"] for m in rec.mentions]
    out = []
    for s in rec.sents:
        a, b = s.start_char, s.end_char
        if any(t["start"] <= a < t["end"] for t in turns):
            continue
        raw = text[a:b].split()
        if len(raw) > MAX_WORDS:
            continue
        said = [w.strip(_STRIP).lower() for w in raw]
        cues = _cue_positions(words, said, raw)
        if not cues:
            continue
        inside = [q for q in quotes if q.open < b and q.close > a]
        if inside:
            if sum(min(b, q.close) - max(a, q.open) for q in inside) > (b - a) / 2:
                continue
            cues = _outside(cues, text, a, b, inside)  # a cue inside a quotation is the quotation's
        if not cues or not (_names_an_actor(starts, a, b) or _may_name_a_speaker(words, raw, said, cues)):
            continue
        out.append((a, b))
    return out


def _content(verb, sdoc, words: SpeechWords):
    """The tokens (first, last) of what a cue reports, or None (`words`: the lexicons' `source_words`,
    `object_cues`, the verbs whose object it is, and `preposition_verbs`)."""
    if verb.lower_ in words.source_words:
        # "X, according to Y": the rest of the sentence is the content.
        head = verb.head if verb.head.dep_ != "nsubj" else verb.head.head  # on the copula or its subject
        said = [c for c in head.children if c.dep_ == "ccomp" and c.i > verb.right_edge.i
                and c.left_edge.lower_ == "that" and c.left_edge.dep_ == "mark"]
        if head.lower_ in words.auxiliaries and said:
            # "The worry, according to X, is that ...": what X says is the clause after the copula.
            return sdoc[said[0].left_edge.i + 1], said[0].right_edge
        toks = [t for t in sdoc if not (verb.left_edge.i <= t.i <= verb.right_edge.i) and not t.is_punct
                and not t.is_space]
        return (toks[0], toks[-1]) if toks else None
    clauses = [c for c in verb.children if c.dep_ in CONTENT_DEPS]
    # The clause after the verb ("said that ..."), else the one before it ("..., the minister said").
    for c in sorted(clauses, key=lambda c: c.i < verb.i):
        first = c.left_edge
        if first.lower_ == "that" and first.dep_ == "mark":
            first = sdoc[first.i + 1]
        return first, c.right_edge
    if verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
        # "In particular, he said, Russia could ...": the verb of saying inside the clause it reports.
        head = verb.head
        if verb.right_edge.i < head.i:
            return sdoc[verb.right_edge.i + 1], head.right_edge
        return head.left_edge, sdoc[max(verb.left_edge.i - 1, head.left_edge.i)]
    objs = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if objs and verb.lower_.startswith(words.object_cues):
        return objs[0].left_edge, objs[0].right_edge
    if objs:
        # "said chances for a deal, which ..., were slim": the parse takes the clause's subject for the
        # verb's object and its verb (an auxiliary, right after a comma) for a second verb of the speaker's.
        for c in verb.children:
            if c.dep_ == "conj" and c.lower_ in words.auxiliaries and c.i > objs[0].right_edge.i \
                    and sdoc[c.i - 1].text == "," \
                    and not any(k.dep_ in ("nsubj", "nsubjpass", "cc") for k in c.children):
                return objs[0].left_edge, c.right_edge
    for lemma, preposition in words.preposition_verbs.items():  # "called for talks"
        if verb.lower_.startswith(lemma):
            for c in verb.children:
                if c.dep_ == "prep" and c.lower_ == preposition:
                    objs = [t for t in c.children if t.dep_ == "pobj"]
                    if objs:
                        end = objs[0].right_edge
                        # "called for the governor to resign": the parse hangs "to resign" on the verb
                        end = next((k.right_edge for k in verb.children if k.dep_ in ("advcl", "xcomp")
                                    and k.left_edge.i == end.i + 1 and k.left_edge.lower_ == "to"), end)
                        return objs[0].left_edge, end
                if c.dep_ == "advcl" and c.i > verb.i and c.left_edge.lower_ == preposition \
                        and c.left_edge.dep_ == "mark":  # "called for the allies to act": the parse's clause
                    return sdoc[c.left_edge.i + 1], c.right_edge
    return _misattached_content(verb, sdoc, words)


def _that_clause(verb):
    """A clause opened by "that", with a subject of its own, that the parse hangs on a noun of a short
    phrase right after the verb rather than on the verb ("said in a statement that ...", "noted with
    satisfaction that ..."; no other verb between): its first and last tokens, or None. Not after
    "to", which names whom it was said to or what was answered ("responded to the news that ...": the
    clause is the news's)."""
    doc = verb.doc
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.i > verb.i and c.lower_ != "to"):
        for t in doc[prep.i:min(prep.right_edge.i, verb.i + THAT_WITHIN) + 1]:
            if t.pos_ in ("VERB", "AUX"):
                break
            clause = t.head
            if t.dep_ == "mark" and t.lower_ == "that" and clause.dep_ in ("acl", "relcl", "ccomp") \
                    and clause.left_edge == t and t.i + 1 < len(doc) \
                    and any(k.dep_ in ("nsubj", "nsubjpass", "expl") for k in clause.children):
                return doc[t.i + 1], clause.right_edge
    return None


def _as_clause(verb, sdoc, cues: frozenset[str]):
    """For a verb of saying in an "as" clause set off by a comma ("As the minister said, talks will
    resume", "Talks will resume, as the minister said"): the clause it hangs on (first and last tokens),
    or None. Not where the verb has an object or a clause of its own ("as Ann Lee claims the title":
    while), nor where that clause's verb is one of saying (`cues`)."""
    head, kids = verb.head, list(verb.children)
    if verb.dep_ != "advcl" or head.pos_ not in ("VERB", "AUX") or head.lower_ in cues \
            or not any(c.dep_ == "mark" and c.lower_ == "as" for c in kids) or not any(c.dep_ == "nsubj" for c in kids) \
            or not all(c.dep_ in ("prep", "npadvmod", "advmod", "punct") for c in kids if c.i > verb.i):
        return None
    first, last = verb.left_edge.i, verb.right_edge.i
    if last < head.i:
        last += sdoc[last].text != ","
        end = head.right_edge
        while end.i > last + 1 and end.is_punct:
            end = sdoc[end.i - 1]
        if sdoc[last].text == "," and last + 1 < len(sdoc):
            return sdoc[last + 1], end
    elif head.left_edge.i < first:
        first -= sdoc[first].text != ","
        if sdoc[first].text == "," and first > head.left_edge.i:
            return head.left_edge, sdoc[first - 1]
    return None


def _misattached_content(verb, sdoc, words: SpeechWords):
    """What a verb of saying reports where the parse hangs it elsewhere (first and last tokens, or None):
    a "that" clause after a phrase (`_that_clause`); the clause an "as" clause of saying hangs on
    (`_as_clause`); or, in a sentence that opens with a clause, the words before the comma that
    precedes the speaker ("Talks will resume soon, a spokesman says", where the parse hangs those
    words on the verb as a loose dependent or a phrase)."""
    found = _that_clause(verb)
    if found is not None:
        return found
    if verb.dep_ == "advcl":
        return _as_clause(verb, sdoc, words.cues)
    kids = list(verb.children)
    subj = [c for c in kids if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i]
    if verb.dep_ != "ROOT" or not subj:
        return None
    comma = subj[-1].left_edge.i - 1
    if comma < 2 or sdoc[comma].text != "," or any(c.dep_ in CONTENT_DEPS or c.dep_ == "dobj" for c in kids):
        return None
    before = [c for c in kids if c.i < comma]
    # A phrase ("Despite the cost the town will build it, the mayor said") only where it holds a
    # clause with a subject of its own.
    if before and any(t.pos_ in ("VERB", "AUX") for t in sdoc[:comma]) and all(
            c.dep_ in ("dep", "npadvmod", "attr", "parataxis")
            or c.dep_ == "prep" and any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in c.subtree) for c in before):
        return sdoc[0], sdoc[comma - 1]
    return None


def opening_names(text: str, start: int, mentions: list[dict], names: NameForms,
                  not_name_words: frozenset[str]) -> list[tuple[int, str]]:
    """The person's name that opens the sentence at `start`, if any: (offset, name) (`names.opening_name`).
    Not a known actor other than a person, nor a phrase opened by one of `not_name_words` ("The Kremlin")."""
    m = names.opening_name.match(text, start)
    if not m or m.group("name").split()[0].lower() in not_name_words:
        return []
    s, e = m.span("name")
    if any(x["start"] < e and x["end"] > s and x["type"] != "person" for x in mentions):
        return []
    return [(s, m.group("name"))]


def _antecedent(who: Speakers, rec: Record, at: int, rows: list[dict]) -> str | None:
    """The person a pronoun at `at` stands for: whoever was named or reported last before it, an
    actor of the knowledge base or a name that opens a sentence (the sentence's subject)."""
    text = rec.text
    found = [(m["start"], m["actor"]) for m in rec.mentions if m["type"] == "person" and m["start"] < at]
    found += [(r["start"], r["speaker"]) for r in rows if r["start"] < at]
    for s in rec.sents:
        if s.start_char >= at:
            break
        if s.start_char >= rec.body_at:
            found += [(p, who.names.bare(n))
                      for p, n in opening_names(text, s.start_char, rec.mentions, who.names,
                                                     who.words.not_name_words)]
    if not found:
        return None
    pos, name = max(found)
    return who.canonical(who.names.fullest(name, text, pos)) if at - pos < 1500 else None


def _subject(verb):
    """The subject of a verb of saying, or of the verb it hangs on ("The leaders met, stressing ..."), or None."""
    v = verb
    for _ in range(4):
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            return subj[0]
        if v.dep_ not in ("conj", "xcomp", "advcl") or v.head == v:
            return None
        v = v.head
    return None


def _group_size(tok, words: SpeechWords) -> int | None:
    """For a subject that names a group of the people named before ("The two leaders", "Both presidents",
    "The leaders", "they"): how many they are (0: not said); None for any other subject."""
    if tok.lower_ in words.group_pronouns:
        return 0
    if tok.lower_ not in words.group_nouns or tok.tag_ != "NNS":
        return None
    size = 0
    for t in tok.doc[tok.left_edge.i:tok.i]:
        if t.lower_ in words.dual_words:
            size = 2
        elif t.dep_ == "nummod" and t.head == tok:
            size = words.number_words.get(t.lower_, int(t.text) if t.text.isdigit() else -1)
        elif t.pos_ != "DET":
            return None  # "Western leaders", "EU ministers": not the people named before
    return size


def _common_noun(tok, words: SpeechWords, before: str = "") -> str | None:
    """A speaker named by a common noun and no name ("experts warn", "some analysts say", "three
    drone operators said", "a parliamentary committee said"): the words up to the noun, as written,
    without their determiner; None for a noun that is not one of `people_nouns` (plural) or
    `body_nouns` (singular; "results confirmed ..."). A body is named as the text named it before
    (`before`: the text before the sentence), by a name that ends in the noun ("the Armed Services
    Committee ... the committee said")."""
    if tok.tag_ == "NN" and tok.lower_ in words.body_nouns:
        named = list(re.finditer(rf"\b((?:[A-Z][\w’'.&-]*[^\S\n]+){{1,5}}){tok.lower_.capitalize()}\b", before))
        if named:
            name = named[-1].group(0).split()
            return " ".join(name[1:] if name[0].lower() in words.articles else name)
    elif tok.tag_ != "NNS" or tok.lower_ not in words.people_nouns:
        return None
    phrase = [t for t in tok.doc[tok.left_edge.i:tok.i + 1] if not (t.pos_ in ("DET", "PRON") or t.dep_ == "poss"
                                                                   or t.is_punct)]
    return " ".join(t.text for t in phrase) if phrase and phrase[0].i >= tok.left_edge.i else None


def _share(tok, words: SpeechWords) -> str | None:
    """For a subject that is a share of the people polled ("Sixty percent", "52 percent of voters", "a
    majority", "Six in 10", "Nine in 10 voters"): the words as written, from the number or the noun to the end of its "of"
    phrase ("A mere 9 percent" -> "9 percent"); else None."""
    kids = list(tok.children)
    if tok.lower_ not in words.share_nouns and not (tok.tag_ == "CD" and any(c.lower_ == "in" for c in kids)):
        return None
    doc = tok.doc
    first = next((t for t in doc[tok.left_edge.i:tok.i + 1] if t.like_num or t.lower_ in words.share_nouns), tok)
    last = max([tok.i] + [c.right_edge.i for c in kids if c.dep_ == "prep" and c.lower_ in ("of", "in") and c.i > tok.i])
    return doc[first.i:last + 1].text


def _described(who: Speakers, rec: Record, tok, at: int, rows: list[dict]) -> str | None:
    """A speaker named by a description and no name (`tok`: the subject's head, at `at`): a share of
    the people polled (`_share`); "the" and a noun of a person (`person_nouns`: "the actress", "the
    Republican candidate"), the person the text named before with the same words ("actress Ann Lee",
    "Ann Lee, the Republican candidate"), else no one; a noun of a body
    (`organisation_nouns`: "the campaign", "the Lee campaign"), the name that ends in it written
    before ("the campaign" after "the Lee campaign"; not after "a"), else the words as written if more
    than the noun; a body of a person's ("Ann Lee's campaign"), that person. Otherwise None."""
    words, text = who.words, rec.text
    share = _share(tok, words)
    if share or tok.tag_ != "NN":
        return share
    left = [t for t in tok.doc[tok.left_edge.i:tok.i + 1] if not t.is_punct]
    person = tok.lower_ in words.person_nouns
    if person and (left[0].lower_ != "the" or any(t.pos_ == "PROPN" or t.dep_ == "poss" for t in left)):
        return None
    desc = r"[^\S\n]+".join(re.escape(t.text) for t in left[1:])
    before = text[:at]
    if person:
        found = [m for pattern in (rf"(?i:\b{desc})[^\S\n]+(?P<n>{_NAME})",
                                   rf"(?P<n>{_NAME}),[^\S\n]+(?:the|a|an)[^\S\n]+(?i:{desc})\b")
                 for m in re.finditer(pattern, before)
                 if m.group("n").split()[0].lower() not in words.not_name_words]
        if found:
            m = max(found, key=lambda m: m.start("n"))
            return who.canonical(who.names.fullest(who.names.bare(m.group("n")), text, m.start("n")))
        return None  # the person named last instead: on PolNeAR dev 3 more found, all with a wrong speaker
    if tok.lower_ not in words.organisation_nouns:
        return None
    owner = [c for c in tok.children if c.dep_ == "poss"]
    if owner:  # "Ann Lee's campaign": Ann Lee's words; "the nominee's campaign": no one named
        if owner[0].pos_ != "PROPN":
            return None
        name = tok.doc[owner[0].left_edge.i:owner[0].i + 1].text
        return who.canonical(who.names.fullest(who.names.bare(name), text, at))
    named = left[0].lower_ == "the" and [m for m in re.finditer(rf"\b((?:[A-Z][\w’'.&-]*[^\S\n]+){{1,4}})(?i:{re.escape(tok.text)})\b", before)]
    if named:
        name = named[-1].group(0).split()
        name = name[1:] if name[0].lower() in words.not_name_words else name
        if len(name) > 1:
            return " ".join(name)
    phrase = [t.text for t in left if t.pos_ != "DET" and t.dep_ != "poss"]
    return " ".join(phrase) if len(phrase) > 1 else None


def _people_before(who: Speakers, rec: Record, at: int) -> Steps[list[str]]:
    """The people the body names before `at`, each once, in the order it first names them: actors of
    the knowledge base, and the names in the body's first sentence and the three before `at`."""
    text, names = rec.text, who.names
    body = [s for s in rec.sents if rec.body_at <= s.start_char < at]
    near = list(dict.fromkeys(body[:1] + body[-4:-1] if len(body) > 1 else body))
    found = [(m["start"], m["actor"]) for m in rec.mentions if m["type"] == "person" and rec.body_at <= m["start"] < at]
    docs = yield Need("names", [text[s.start_char:s.end_char] for s in near])
    for sent, doc in zip(near, docs):
        found += [(sent.start_char + e.start_char, who.canonical(names.fullest(names.bare(e.text), text, sent.start_char)))
                  for e in doc.ents if names.named_person(e)]
    people: dict[str, str] = {}
    for _, name in sorted(found):
        people.setdefault(same_person_key(name), name)
    return list(people.values())


def _group(who: Speakers, rec: Record, subj, at: int, size: int, rows: list[dict]) -> Steps[str | None]:
    """The people a group subject stands for, named together ("Ann Fry and Bo Lake"), or None. "They"
    stands for a group only where the sentence before opened with one."""
    if subj.lower_ in who.words.group_pronouns:
        before = [r for r in rows if r["start"] < at and " and " in r["speaker"]]
        prev = [s for s in rec.sents if s.end_char <= at][-1:]
        words = who.words
        opener = prev and words.group_opening.match(rec.text, prev[0].start_char)
        if before and at - before[-1]["end"] < 400:
            return before[-1]["speaker"]
        if not opener or opener.group("noun").lower() not in words.group_nouns:
            return None
        n = (opener.group("n") or "").strip().lower()
        size = 2 if opener.group("open").lower() in words.dual_words else words.number_words.get(n, 0)
    people = yield from _people_before(who, rec, at)
    if len(people) < 2 or size and len(people) != size:
        return None
    return ", ".join(people[:-1]) + " and " + people[-1]


def reported(who: Speakers, rec: Record, quotes: list[Quote], turns: list[dict]) -> Steps[list[dict]]:
    """Statement rows of kind "indirect" for a document's reported speech (a generator)."""
    words = who.words
    spans = _candidate_sentences(words, rec, quotes, turns)
    if not spans:
        return []
    text, cues = rec.text, words.cues
    parsed = yield Need("parse", [text[a:b] for a, b in spans])
    rows = []
    for (a, _), sdoc in zip(spans, parsed):
        for i in words.speech_verbs(sdoc):
            verb = sdoc[i]
            if verb.lower_ not in cues or verb.pos_ not in ("VERB", "AUX") and verb.lower_ not in words.source_words:
                continue
            if any(q.open <= a + verb.idx < q.close for q in quotes):
                continue
            span = _content(verb, sdoc, words)
            if span is None:
                continue
            first, last = span
            while first.i < last.i and (first.is_punct or first.is_space):
                first = sdoc[first.i + 1]
            start, end = a + first.idx, a + last.idx + len(last.text)
            if end - start < 12 or any(q.open <= start and end <= q.close + 1 for q in quotes):
                continue
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            group = _subject(verb)
            size = _group_size(group, words) if group is not None else None
            if size is not None:
                speaker = yield from _group(who, rec, group, a + group.idx, size, rows)
            elif subj and (subj[0].lower_ in words.pronouns or office_alone(subj[0], words.title_nouns)):
                speaker = _antecedent(who, rec, a + subj[0].idx, rows)
            else:
                speaker = yield from who.subject_speaker(verb, sdoc, a)
            if not speaker and verb.lower_ in words.source_words:  # "according to three officers"
                group = next((t for t in verb.subtree if t.dep_ == "pobj"), None)
            if not speaker and group is not None:
                speaker = _common_noun(group, words, text[:a])
            if not speaker and group is not None:
                speaker = _described(who, rec, group, a + group.idx, rows)
            if not speaker or not words.is_speech_verb(verb):
                continue
            rows.append({"start": start, "end": end, "speaker": speaker, "text": text[start:end].strip(),
                         "kind": "indirect", "via": f"reported: '{verb.text}'", "label": None,
                         "speaker_score": None})
    return rows
