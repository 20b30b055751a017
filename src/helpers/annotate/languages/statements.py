"""Statements in a language room: speaker turns, quotations in the language's marks and reported
speech, each with its speaker, by the same rules as in English (see `base`)."""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from helpers.annotate.sentences import Sentence

# Speaker-turn labels: a paragraph that opens with a short label and a colon (ASCII or full width).
TURN = re.compile(r"^[ \t]*(?P<label>[^\n:：。.!?？！«»“”\"]{1,48}?)[ \t]*(?:\([^)\n]{1,40}\)|（[^）\n]{1,40}）)?[ \t]*[:：][ \t]*(?=\S)",
                  re.M)
# Parenthesised remarks a label may carry ("(retranslated)", "（记者）").
LABEL_REMARK = re.compile(r"\s*[(（][^)）]*[)）]\s*")
# How far (characters) an unresolved pronoun looks back for the last named speaker.
PRONOUN_REACH = 800



class StatementRules:
    """Turns, quotations and reported speech; mixed into `base.Room`, whose tokens, names and pack it reads."""

    # ------------------------------------------------------------------ statements
    def label_speaker(self, label: str, text: str, body_at: int) -> str | None:
        """The speaker a turn label names: a known actor, the outlet of an interviewer or reporter, a
        name the recogniser finds, else None (not a turn)."""
        clean = LABEL_REMARK.sub(" ", label).strip().rstrip("-–—").strip()
        if not clean:
            return None
        found = [m for m in self.mentions(clean, None) if m["type"] == "person"]
        if found:
            return found[-1]["actor"]
        low = clean.lower()
        if low in self.interviewers:
            return clean
        for suffix in self.pack.reporter_suffixes:
            if clean.endswith(suffix):
                return clean[: -len(suffix)].strip() or clean
        if any(s == 0 and e >= len(clean) - 1 for s, e, _ in self.names(clean)):
            return clean
        return None

    # The language's turn labels (a subclass may allow initials, "В.Путин:").
    TURN_RE = TURN

    def labelled(self, text: str, start: int, body_at: int) -> list[tuple[int, int, str, str]]:
        """The lines from `start` on that open with a speaker's label: (line start, where the words
        start, the speaker, the label as printed); a label of more than five words or holding a
        digit is not one."""
        found = []
        for m in self.TURN_RE.finditer(text, start):
            label = m.group("label").strip()
            if len(label.split()) > 5 or any(c.isdigit() for c in label):
                continue
            speaker = self.label_speaker(label, text, body_at)
            if speaker is not None:
                found.append((m.start(), m.end(), speaker, label))
        return found

    def turns(self, text: str, body_at: int) -> list[dict]:
        """Speaker turns of the body: a turn runs from its label to the next one (or the end)."""
        found = self.labelled(text, body_at, body_at)
        rows = []
        for k, (s, content, speaker, label) in enumerate(found):
            end = found[k + 1][0] if k + 1 < len(found) else len(text)
            body = text[content:end].rstrip()
            if not body:
                continue
            rows.append({"start": content, "end": content + len(body), "speaker": speaker, "text": body,
                         "kind": "turn", "via": "turn label", "label": label, "speaker_score": None})
        return rows

    def quotes(self, text: str) -> list[tuple[int, int]]:
        """The spans of quoted words (inside the marks), outermost quotations only, in text order."""
        out, i, n = [], 0, len(text)
        opens = {o: c for o, c in self.marks}
        while i < n:
            close = opens.get(text[i])
            if close is None:
                i += 1
                continue
            depth, j = 1, i + 1
            while j < n:
                ch = text[j]
                if ch == close and (close != text[i] or j > i + 1):
                    depth -= 1
                    if depth == 0:
                        break
                elif ch == text[i] and close != text[i]:
                    depth += 1
                elif ch == "\n" and text.startswith("\n", j + 1):
                    break
                j += 1
            if j < n and text[j] == close and depth == 0:
                if text[i + 1:j].strip():
                    out.append((i + 1, j))
                i = j + 1
            else:
                i += 1
        return out

    def _speaker_near(self, text: str, sent: Sentence, cue_at: tuple[int, int], skip: list[tuple[int, int]],
                      mentions: list[dict]) -> tuple[str | None, str]:
        """The speaker a cue of saying at `cue_at` governs in its sentence: the nearest name before it
        in the same clause, else the first after it; a pronoun before it is resolved by the caller."""
        def outside(s, e):
            return not any(a - 1 <= s and e <= b + 1 for a, b in skip)

        cands = [(m["start"], m["end"], m["actor"]) for m in mentions
                 if sent.start_char <= m["start"] < sent.end_char and outside(m["start"], m["end"])
                 and m["type"] in ("person", "organisation", "state", None)]
        known = [c for c in cands if self.kb.type_of(c[2]) == "person"]
        names = [(s, e, text[s:e], lab) for s, e, lab in self._names_in(text, sent) if outside(s, e)]
        names = [n for n in names if not any(k[0] <= n[0] < k[1] or n[0] <= k[0] < n[1] for k in cands)]
        # People first: a person named in the clause is its likelier subject than a state or body it names.
        persons = known + [n[:3] for n in names if n[3] == "PER"]
        others = [c for c in cands if c not in known] + [n[:3] for n in names if n[3] != "PER"]
        for group in (persons, others):
            before = [c for c in group if c[1] <= cue_at[0] and not re.search(r"[;；]", text[c[1]:cue_at[0]])]
            if before:
                return self._canonical(max(before, key=lambda c: c[1])[2]), "subject of the cue"
        for group in (persons, others):
            after = [c for c in group if c[0] >= cue_at[1]]
            if after:
                return self._canonical(min(after, key=lambda c: c[0])[2]), "named after the cue"
        return None, "no name"

    def _names_in(self, text: str, sent: Sentence) -> list[tuple[int, int, str]]:
        """The recogniser's names in a sentence, in document offsets (cached per sentence)."""
        cache = self._name_cache
        key = (sent.start_char, sent.end_char)
        if key not in cache:
            piece = text[sent.start_char:sent.end_char]
            cache[key] = [(sent.start_char + s, sent.start_char + e, lab) for s, e, lab in self.names(piece)]
        return cache[key]

    def fullest(self, name: str, text: str) -> str:
        """The fullest form of a name the document gives ("Zhang" -> "Zhang Youxia"): the longest run
        of capitalised words around one of its occurrences, up to four words."""
        if " " in name.strip() or not name[:1].isupper():
            return name
        best = name
        for m in re.finditer(rf"(?:[A-ZÁÉÍÓÚÑÜА-ЯЁ][\w'’-]+\s+){{0,3}}{re.escape(name)}(?:\s+[A-ZÁÉÍÓÚÑÜА-ЯЁ][\w'’-]+){{0,3}}(?!\w)",
                             text):
            words = m.group(0).split()
            line = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
            if "©" in line or "copyright" in line.lower():
                continue  # the owner in a copyright line ("© 2025 The Economist Newspaper Limited")
            if 1 < len(words) <= 4 and len(m.group(0)) > len(best) and "\n" not in m.group(0):
                best = m.group(0)
        return best

    def _canonical(self, name: str) -> str:
        """A name's canonical actor where the knowledge base or the pack knows it (also as a longer
        name holding a known one: "Дмитрия Пескова" -> Dmitry Peskov)."""
        if name in self.kb.actors:
            return name
        found = self.mentions(name, None)
        persons = [m for m in found if m["type"] == "person"]
        if persons:
            return persons[0]["actor"]
        if found and found[0]["end"] - found[0]["start"] >= len(name.strip()) - 2:
            return found[0]["actor"]
        return name.strip()

    def cues(self, text: str, sent: Sentence) -> list[tuple[int, int]]:
        """The spans of the cues of saying in a sentence."""
        toks = self.tokens(text[sent.start_char:sent.end_char])
        return [(sent.start_char + t.start, sent.start_char + t.end) for t in toks if self.is_cue(t)]

    @cached_property
    def _according_firsts(self) -> dict[str, list[tuple[str, ...]]]:
        """The "according to" cues by their first key, each as its lower-cased keys."""
        firsts: dict[str, list[tuple[str, ...]]] = {}
        for cue in self.according:
            if cue:
                firsts.setdefault(cue[0].lower(), []).append(tuple(c.lower() for c in cue))
        return firsts

    def according_to(self, text: str, sent: Sentence) -> list[tuple[int, int]]:
        """Spans of "according to" cues in a sentence (the speaker follows them)."""
        firsts = self._according_firsts
        if not firsts:
            return []
        toks = self.tokens(text[sent.start_char:sent.end_char])
        keys = [t.key.lower() for t in toks]
        out = []
        for i, key in enumerate(keys):
            for cue in firsts.get(key, ()):
                if tuple(keys[i:i + len(cue)]) == cue:
                    out.append((sent.start_char + toks[i].start, sent.start_char + toks[i + len(cue) - 1].end))
        return out

    def statements(self, text: str, body_at: int, sents: list[Sentence], mentions: list[dict]) -> list[dict]:
        """Turns, quotations and reported speech, each with its speaker, in text order."""
        self._name_cache: dict = {}
        turns = self.turns(text, body_at)
        quotes = self.quotes(text)
        starts = [s.start_char for s in sents]

        def sent_of(i: int) -> Sentence:
            return sents[max(bisect.bisect_right(starts, i) - 1, 0)]

        def turn_of(i: int) -> dict | None:
            return next((t for t in turns if t["start"] <= i < t["end"]), None)

        rows = list(turns)
        last_speaker: list[tuple[int, str]] = []
        for a, b in quotes:
            s = sent_of(a)
            speaker, via = None, "no cue"
            cues = [c for c in self.cues(text, s) if not any(x <= c[0] < y for x, y in quotes)]
            acc = self.according_to(text, s)
            if acc and getattr(self, "NESTED_REPORTS", False) and any(acc[0][1] < c[0] < a and len(text[acc[0][1]:c[0]].split()) > 2
                                                                       for c in cues):
                acc = []  # "según la cadena, el ministro ha afirmado que «…»": the minister's words
            if acc:
                speaker, via = self._after(text, s, acc[0], mentions, quotes)
                if via == "pronoun":
                    speaker, via = self._pronoun(text, s, acc[0], last_speaker, turn_of(a), mentions, quotes)
            elif cues:
                cue = min(cues, key=lambda c: abs(c[0] - a))
                speaker, via = self._speaker_near(text, s, cue, quotes, mentions)
                if speaker is None:
                    speaker, via = self._pronoun(text, s, cue, last_speaker, turn_of(a), mentions, quotes)
            elif text[s.start_char:a].rstrip(" «„“\"「『—-").endswith((":", "：")) and self.word_count(text[a:b]) > self.SCARE_WORDS:
                speaker, via = self._speaker_near(text, s, (a - 1, a), quotes, mentions)
            if speaker is None and via == "no cue" and turn_of(a) is None and self.word_count(text[a:b]) > self.SCARE_WORDS \
                    and last_speaker and a - last_speaker[-1][0] < PRONOUN_REACH:
                speaker, via = last_speaker[-1][1], "continues the previous quotation"
            rows.append({"start": a, "end": b, "speaker": speaker, "text": text[a:b].strip(), "kind": "quote",
                         "via": via, "label": None, "speaker_score": None})
            if speaker:
                last_speaker.append((b, speaker))
        rows.extend(self.reported(text, body_at, sents, mentions, quotes, turns, rows))
        rows.sort(key=lambda r: (r["start"], r["kind"]))
        full: dict[str, str] = {}
        for r in rows:
            sp = r["speaker"]
            if sp and sp not in self.kb.actors and r["kind"] != "turn":
                r["speaker"] = full.setdefault(sp, self.fullest(sp, text))
        for r in rows:
            r["first_words"] = self.first_words(r["text"])
        return rows

    def _after(self, text: str, s: Sentence, cue: tuple[int, int], mentions, quotes) -> tuple[str | None, str]:
        """The speaker an "according to" cue names: the first name after it; (None, "pronoun") where a
        pronoun follows it ("según él"), for the caller to resolve."""
        following = self.tokens(text[cue[1]:min(s.end_char, cue[1] + 40)])
        if following and self.token_cue(following[0]) in self.pronouns:
            return None, "pronoun"
        speaker, _ = self._speaker_near(text, Sentence(cue[1], s.end_char), (cue[1], cue[1]), quotes, mentions)
        return speaker, "according to"

    def _pronoun(self, text: str, s: Sentence, cue: tuple[int, int], last: list[tuple[int, str]],
                 turn: dict | None, mentions: list[dict] = (),
                 quotes: list[tuple[int, int]] = ()) -> tuple[str | None, str]:
        """A cue with no name (a pronoun or a dropped subject): the turn's speaker inside a turn, else
        whichever comes last before the cue of the last named speaker and the last person named
        outside quotations, within `PRONOUN_REACH` characters."""
        if turn is not None:
            return turn["speaker"], "the turn's speaker"
        before = [(end, sp, "the last named speaker") for end, sp in last
                  if end <= cue[0] and cue[0] - end < PRONOUN_REACH]
        before += [(m["end"], m["actor"], "the last person named") for m in mentions
                   if m["type"] == "person" and m["end"] <= cue[0] and cue[0] - m["end"] < PRONOUN_REACH
                   and not any(a <= m["start"] < b for a, b in quotes)]
        if not before:  # people the knowledge base does not know, named in the text before the cue
            w0 = max(0, cue[0] - PRONOUN_REACH)
            before += [(w0 + e, self._canonical(text[w0 + s_:w0 + e]), "the last person named")
                       for s_, e, lab in self.names(text[w0:cue[0]]) if lab == "PER"
                       and not any(a <= w0 + s_ < b for a, b in quotes)]
        if before:
            end, speaker, how = max(before, key=lambda b: b[0])
            return speaker, f"pronoun: {how}"
        return None, "unresolved subject"
