"""The Chinese room's word patterns, built once per room from the word lists of its pack (`words:`
and `word_maps:` in `zh.yaml`, where each list says what it is for)."""

from __future__ import annotations

import re
from functools import cached_property

from helpers.annotate.patterns import alternation, characters

# LAC's tags of nouns and names: the words a speaker's noun phrase is made of.
NOMINAL = {"n", "nr", "nz", "nt", "ns", "nw", "PER", "ORG", "LOC", "vn", "an", "s"}
# LAC's tags of the words inside a noun phrase between two nouns (particles, numbers, measures, conjunctions).
GLUE_TAGS = {"u", "m", "q", "c"}
# LAC's tags of the words a clause may open with before its subject (adverbs, times, conjunctions).
LEAD_TAGS = {"d", "c", "TIME", "t", "ad", "vd", "xc"}
# A news agency's dateline ("…5月3日电(记者…)"): not the subject of the clause after it.
DATELINE = re.compile(r"[^，,。\n]{0,20}?\d{1,2}月\d{1,2}日电\s*(?:[(（][^)）\n]{0,30}[)）])?")
# Spaces (not line breaks) with a Chinese character or full-width punctuation on one side.
INNER_SPACE = re.compile(r"[ \t\u3000\u00a0]+(?=[\u3400-\u9fff\uff00-\uffef\u3000-\u303f“”])|"
                         r"(?<=[\u3400-\u9fff\uff00-\uffef\u3000-\u303f“”])[ \t\u3000\u00a0]+")
# How far back (characters) a word standing for a publication looks for it.
ANAPHOR_REACH = 1500


class ChineseWords:
    """The pack's word lists as sets and patterns; mixed into `zh.ChineseRoom`, whose pack it reads."""

    def _list(self, name: str) -> tuple[str, ...]:
        return self.pack.word_list(name)

    def _words(self, text: str, a: int, b: int) -> list[tuple[int, int, str, str]]:
        """The words of text[a:b] in document offsets: (start, end, word, tag), from the room's
        segmenter (`_segment`). Spaces a page puts between Chinese words ("日本前外相 岸田文雄称")
        are left out of what the segmenter reads."""
        piece = text[a:b]
        at_of = None
        if INNER_SPACE.search(piece):
            gone = {k for m in INNER_SPACE.finditer(piece) for k in range(*m.span())}
            at_of = [k for k in range(len(piece)) if k not in gone]
            piece = "".join(piece[k] for k in at_of)
        out, at = [], 0
        for word, tag in self._segment(piece):
            parts = [(at, at + len(word), word, tag)]
            cue = next((c for c in self._list("glued_cues") if tag == "PER" and word.endswith(c) and len(word) - len(c) >= 2), None)
            if cue:  # "韦娜说" -> 韦娜 + 说
                parts = [(at, at + len(word) - len(cue), word[:-len(cue)], tag), (at + len(word) - len(cue), at + len(word), cue, "v")]
            for s, e, w, t in parts:
                out.append((a + s, a + e, w, t) if at_of is None else (a + at_of[s], a + at_of[e - 1] + 1, w, t))
            at += len(word)
        return out

    @cached_property
    def government(self) -> re.Pattern:
        """What follows a state's name in a body that speaks for it, with its officials, sources and
        statements ("外交部", "驻法国大使馆消息", "政府消息人士")."""
        return re.compile(rf"(?:(?:{alternation(self._list('stationed_in'))})[\u3400-\u9fff]{{1,8}}?)?"
                          rf"(?:{alternation(self._list('government_bodies'))})?"
                          rf"(?:的)?(?:{alternation(self._list('government_sources'))})?")

    @cached_property
    def not_report_after_cue(self) -> re.Pattern:
        """Words after a cue that make it a relative clause or a request ("你提到的", "介绍一下")."""
        return re.compile(rf"\s*(?:{alternation(self._list('not_report_after_cue'))})")

    @cached_property
    def request(self) -> re.Pattern:
        """Words just before a cue that make it a request or a question ("能否介绍")."""
        return re.compile(rf"(?:{alternation(self._list('request_words'))})\s*$")

    @cached_property
    def publication(self) -> re.Pattern:
        """A publication named in 《》 (group 1), with the word for its kind (group 2)."""
        return re.compile(rf"《([^《》\n]{{1,20}})》({alternation(self._list('publication_kinds'))})?")

    @cached_property
    def publication_anaphor(self) -> re.Pattern:
        """A clause opening with a word that stands for the publication named before ("该杂志", "文章")."""
        return re.compile(rf"^(?:\d+[日月]|[\s，,])*(?:{alternation(self._list('publication_anaphors'))})")

    @cached_property
    def third_person(self) -> re.Pattern:
        """A clause opened by a pronoun of the third person ("他还说")."""
        return re.compile(rf"\s*(?:[\u3400-\u9fff]{{0,2}}[，,]\s*)?(?:{alternation(self._list('third_person'))})")

    @cached_property
    def as_said(self) -> tuple[frozenset, re.Pattern, re.Pattern]:
        """"As X said" ("正如…指出的，…"): its opening words, its clause up to the cue, what closes it."""
        opening = alternation(self._list("as_said"))
        return (frozenset(self._list("as_said")), re.compile(rf"(?:{opening})[^，,。；;\n]{{1,30}}$"),
                re.compile(rf"(?:{alternation(self._list('as_said_tails'))})(?=\s*[，,])"))

    @cached_property
    def credit(self) -> re.Pattern:
        """The end of a picture's caption ("…拼抢。新华社记者 王海洲 摄", "(…供图)")."""
        return re.compile(rf"(?:{alternation(self._list('photo_credits'))})\s*[)）]?\s*$")

    def in_caption(self, text: str, at: int) -> bool:
        """Whether `at` lies in a line that ends with a picture's credit: the people a caption names
        are not the speakers of the text around it."""
        end = text.find("\n", at)
        line = text[text.rfind("\n", 0, at) + 1:end if end >= 0 else len(text)]
        return bool(self.credit.search(line))

    @cached_property
    def in_speech(self) -> re.Pattern:
        """Between a noun of saying and the verb that reports ("…中指出", "…时也表示")."""
        return re.compile(rf"(?:{alternation(self._list('speech_postpositions'))})"
                          rf"(?:{alternation(self._list('also_words'))})?")

    @cached_property
    def name_rest(self) -> str:
        """A given name's characters after the middle dot: none of the name stops, digits or punctuation."""
        return rf"[^\W\d_{characters(self._list('name_stops'))}]{{1,6}}"

    @cached_property
    def word_sets(self) -> dict[str, frozenset]:
        """The lists the rules look words up in, as sets."""
        names = ("glue_words", "determiners", "clause_openers", "there_are", "source_nouns", "and_others",
                 "name_titles")
        return {n: frozenset(self._list(n)) for n in names}

    @cached_property
    def paired(self) -> dict[str, str]:
        """One-character names of states that Chinese pairs into one word ("中俄")."""
        return self.pack.word_map("paired_states")

    def publication_before(self, text: str, clause_at: int, cue: int) -> str | None:
        """The publication (named in 《》) that a clause opening with 该报, 文章 or 封面 stands for:
        the last one named within `ANAPHOR_REACH` characters before the clause."""
        if not self.publication_anaphor.match(text[clause_at:cue]):
            return None
        named = list(self.publication.finditer(text, max(0, clause_at - ANAPHOR_REACH), clause_at))
        return named[-1].group(1) + (named[-1].group(2) or "") if named else None

    def described(self, words: list[tuple[int, int, str, str]], i: int) -> list | None:
        """A speaker described by a phrase with a verb in it ("受访商会会员", "萨摩亚常驻联合国代表"): the
        words from `i` to the cue, less a prepositional phrase and adverbs at the end, where they hold
        only nouns, verbs and particles and end in a noun that names people or bodies; else None."""
        glue = self.word_sets["glue_words"]
        tail = words[i:]
        k = next((j for j, w in enumerate(tail) if w[3] == "p"), None)
        tail = tail[:k] if k is not None else tail
        while tail and tail[-1][3] in LEAD_TAGS:
            tail = tail[:-1]
        while tail and (tail[0][3] in GLUE_TAGS or tail[0][2] in glue):
            tail = tail[1:]
        if tail and tail[-1][2].endswith(self._list("speaker_heads")) and all(
                w[3] in NOMINAL or w[3] in GLUE_TAGS or w[3] in ("v", "a") or w[2] in glue for w in tail):
            return tail
        return None

    @cached_property
    def titled_name(self) -> re.Pattern:
        """A speaker's noun phrase ending in a title and a name ("常驻联合国代表罗森菲尔德"): the name
        (group "name"), two to six characters that hold no noun of a body or a speaker."""
        heads = alternation(set(self._list("speaker_heads")) | set(self._list("government_bodies")) | set(self._list("name_titles")))
        return re.compile(rf"(?:{alternation(self._list('name_titles'))})"
                          rf"(?P<name>(?:(?!{heads})[\u3400-\u9fff·]){{2,6}})$")

    @cached_property
    def attitude_after(self) -> re.Pattern:
        """After a cue of attitude (表示): adverbs of degree and a noun of position or of courtesy."""
        kinds = alternation(self._list("attitude_positions") + self._list("attitude_courtesies"))
        return re.compile(rf"(?:{alternation(self._list('attitude_adverbs'))})*(?P<noun>{kinds})")

    def attitude(self, text: str, start: int, cue: tuple[int, int]) -> tuple[int, int] | tuple[()] | None:
        """"对X表示关切": the span of X, the matter an attitude is taken on; () for an attitude of
        courtesy ("对…表示哀悼", "向其家人表示慰问": no statement); None where the cue is no such
        attitude (no 对 in its clause, or no noun of attitude after it)."""
        if text[cue[0]:cue[1]] not in self._list("attitude_cues"):
            return None
        m = self.attitude_after.match(text, cue[1])
        if m is None:
            return None
        if m.group("noun") in self._list("attitude_courtesies"):
            return ()  # "向其家人表示诚挚慰问"
        words = [w for w in self._words(text, start, cue[0]) if w[2] in self._list("attitude_of")]
        if not words:
            return None
        a, b = words[-1][1], cue[0]
        while b > a and text[b - 1] in "".join(self._list("also_words")) + "均都已再次":
            b -= 1
        if b - a < 2:
            return None
        return a, b

    @cached_property
    def second_cue_head(self) -> re.Pattern:
        """A clause boundary and the words that may open a second cue's clause with no subject of its
        own ("，表示", "，并强调", "；同时指出"), matched up to the cue."""
        return re.compile(rf"[，,；;]\s*(?:{alternation(self._list('second_cue_openers'))})?$")
