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

    def no_report_before(self, text: str, a: int, s: int, e: int) -> bool:
        """Whether the words a..s right before the cue at s..e make it give no statement: a noun of what
        shows something ("事实表明"), a word that makes the cue a noun ("有关报道", "的说明"; not where it
        introduces a quotation: "有力的回答：“…”"), a negation ("不承认"; not "不得不") or "mutually" ("相互补充")."""
        before = text[a:s]
        if before.endswith(self._list("no_speaker_nouns") + self._list("mutual_words")):
            return True
        if before.endswith(self._list("noun_before_cue")):
            return not re.match(r"\s*[：:]?\s*[“「『]", text[e:e + 3])
        return before.endswith(self._list("negations")) and not before.endswith("不得不")

    def asks(self, text: str, sent, s: int, e: int) -> bool:
        """Whether the cue at s..e stands in a clause that asks ("中方为何呼吁…？"): a question word in
        its clause, in a sentence that ends with a question mark."""
        if not text[sent.start_char:sent.end_char].rstrip().endswith(("？", "?")):
            return False
        a = max(text.rfind(c, sent.start_char, s) for c in "，,：:；;。！？!?\n") + 1
        b = min([k for k in (text.find(c, e, sent.end_char) for c in "，,；;。！？!?") if k >= 0] or [sent.end_char])
        return any(w in text[max(a, sent.start_char):b] for w in self._list("question_words"))

    def question_cut(self, text: str, a: int, b: int) -> int:
        """Where a clause that asks begins inside a..b ("…，请问中方对此有何评论"), else b."""
        if self.question_opening.match(text, a, b):
            return a
        m = re.compile(r"[，,；;。？?]" + self.question_opening.pattern).search(text, a, b)
        return m.start() if m else b

    @cached_property
    def question_opening(self) -> re.Pattern:
        """Words that open a question ("请问", "中方对此"), after spaces."""
        return re.compile(rf"\s*(?:{alternation(self._list('question_openers'))})")

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
        named = [m for m in self.publication.finditer(text, max(0, clause_at - ANAPHOR_REACH), clause_at)
                 if not text[max(0, m.start() - 3):m.start()].endswith(self._list("title_of_work"))]
        return named[-1].group(1) + (named[-1].group(2) or "") if named else None

    def described(self, words: list[tuple[int, int, str, str]], i: int) -> list | None:
        """A speaker described by a phrase with a verb in it ("受访商会会员", "萨摩亚常驻联合国代表"): the
        words from `i` to the cue, less a prepositional phrase and adverbs at the end, where they hold
        only nouns, verbs and particles and end in a noun that names people or bodies; else None."""
        glue = self.word_sets["glue_words"]
        tail = words[i:]
        k = next((j for j, w in enumerate(tail) if w[3] == "p"), None)
        tail = tail[:k] if k is not None else tail
        named = self.named_after(tail)
        if named:
            return named
        while tail and tail[-1][3] in LEAD_TAGS:
            tail = tail[:-1]
        while tail and (tail[0][3] in GLUE_TAGS or tail[0][2] in glue):
            tail = tail[1:]
        if tail and tail[-1][2].endswith(self._list("speaker_heads")) and all(
                w[3] in NOMINAL or w[3] in GLUE_TAGS or w[3] in ("v", "a") or w[2] in glue for w in tail):
            return tail
        return None

    def named_after(self, tail: list[tuple[int, int, str, str]]) -> list | None:
        """A person LAC finds after the words that describe them ("冰防长马丁", "新西兰驻华大使马丁",
        "某学校(东校区)体育教师马丁"): the words up to the name, where those before it are nouns, at most
        one verb that is no verb of meeting, and brackets; else None."""
        k = next((j for j, w in enumerate(tail) if w[3] == "PER"), None)
        if not k:
            return None
        while k + 1 < len(tail) and (tail[k + 1][3] == "PER" or tail[k + 1][2] == "·") and tail[k][1] == tail[k + 1][0]:
            k += 1
        if k + 1 < len(tail) and tail[k + 1][2] in self.word_sets["glue_words"]:
            return None  # "冰岛政府高层马丁、约翰": a list of people
        head = tail[:k]
        verbs = [w for w in head if w[3] == "v"]
        glue = self.word_sets["glue_words"]
        if len(verbs) > 1 or any(w[2] in self._list("meeting_verbs") for w in verbs) or not all(
                w[3] in NOMINAL or w[3] in GLUE_TAGS or w[3] in ("v", "a", "b", "f") or w[2] in "()（）" or w[2] in glue
                for w in head):
            return None
        return tail[:k + 1]

    @cached_property
    def yours(self) -> re.Pattern:
        """In a question, "you" and a verb of saying before a quotation in the same clause ("你刚才提到
        有关…的“…”"): the quotation repeats the words of the one who answers."""
        return re.compile(rf"(?:{alternation(self._list('second_person'))})(?:{alternation(self._list('before_your_cue'))})*"
                          rf"(?:{alternation(self.pack.speech)})[^，,。？！?!；;\n“”]{{0,25}}$")

    @cached_property
    def saying_before(self) -> re.Pattern:
        """A saying's source and a verb of saying before a quotation ("中国古语说，“…”"): no speaker."""
        sources, cues = alternation(self._list("no_speaker_nouns")), alternation(self.pack.speech)
        return re.compile(rf"(?:{sources})(?:{cues})[，,：:]?\s*$")

    def named_quote(self, text: str, a: int, b: int) -> bool:
        """Whether a quotation is a name: no clause inside it, and it ends in a noun that heads a name
        ("“…文化年”") or a noun follows it ("“…”领导人峰会", "“…”倡议"; not a person: "“…”王毅说")."""
        if re.search(r"[，,。！？!?；;：:]", text[a:b]):
            return False
        if text[a:b].endswith(self._list("name_heads")) or text[b + 1:].startswith(self._list("name_heads")):
            return True
        after = [w for w in self._words(text, b + 1, min(len(text), b + 12)) if w[2].strip()]
        if after and after[0][2] == "的" and len(after) > 1:  # "“…”的时代之问"; not "“…”的说法"
            after = after[1:] if after[1][2] not in self.pack.speech + self._list("source_nouns") else []
        return bool(after) and after[0][0] <= b + 2 and after[0][3] in ("n", "nz", "nt", "nw")

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
        kinds = alternation(self._list("attitude_positions") + self._list("attitude_courtesies") + self._list("attitude_feelings"))
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
        if m.group("noun") in self._list("attitude_courtesies") + self._list("attitude_feelings"):
            return ()  # "向其家人表示诚挚慰问", "对前景表示乐观"
        words = [w for w in self._words(text, start, cue[0]) if w[2] in self._list("attitude_of")]
        if not words:
            return None
        a, b = words[-1][1], cue[0]
        while b > a and text[b - 1] in "".join(self._list("also_words")) + "均都已再次":
            b -= 1
        if text[a:b].strip() in self.pack.pronouns:
            return ()  # "对他们表示热烈欢迎": courtesy to people
        if b - a < 2:
            return None
        return a, b

    @cached_property
    def second_cue_head(self) -> re.Pattern:
        """A clause boundary and the words that may open a second cue's clause with no subject of its
        own ("，表示", "，并强调", "；同时指出"), matched up to the cue."""
        return re.compile(rf"[，,；;]\s*(?:{alternation(self._list('second_cue_openers'))})?$")
