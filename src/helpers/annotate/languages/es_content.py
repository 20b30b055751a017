"""Spanish: what a cue of saying reports (its content), after "que", an infinitive, its object, or
the clause an aside of saying sits in."""

from __future__ import annotations

import re
from functools import lru_cache

from helpers.annotate.languages.base import Token
from helpers.annotate.sentences import Sentence


@lru_cache(maxsize=100_000)
def zipf(word: str) -> float:
    """How common a word is in Spanish (wordfreq's Zipf scale), lower-cased."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "es")


class SpanishContent:
    """The content of Spanish reported speech, and speakers carried from one statement to the next and
    named by a role noun; mixed into `es.SpanishRoom`, whose patterns and pack it reads."""

    def content(self, text: str, s: Sentence, cue: tuple[int, int], how: str, quotes: list[tuple[int, int]],
                mentions: list[dict] = ()) -> tuple[int, int] | None:
        """As in `ReportedSpeech`, and a cue of the pack's `object_cues` reports its object (see
        `_object_content`); "según X" reports what follows the comma closing X where it opens its
        sentence ("Según la agencia, …"), else the words before it ("…, según la agencia")."""
        word = text[cue[0]:cue[1]].lower()
        if how == "cue" and word in self.pack.word_list("noun_cues") and re.match(r"\s+que\b", text[cue[1]:s.end_char]):
            return None  # "esas palabras que hemos oído …": a relative clause, no content
        aside = self.as_said(text, s, cue) if how == "cue" else None
        if aside:  # "Como señaló el ministro, …", "…, como advirtió Ruiz."
            return self._aside_content(text, s, aside, quotes)
        if how == "cue" and self.object_cue.fullmatch(text[cue[0]:cue[1]].lower()):
            found = self._object_content(text, s, cue, quotes)
            if found:
                return found
        inf = self._infinitive_content(text, s, cue) if how == "cue" else None
        if inf:  # "ha asegurado haber recibido …", "amenazó con vetar …"
            return inf
        far = None if how != "cue" or self._lead_follows(text, cue[1], s) else self.distant_content(text, s, cue)
        if far:  # "declaró ayer en la radio que …"
            return far
        if how == "according to":
            head = text[s.start_char:cue[0]]
            if len(re.findall(r"\w+", head)) <= 2:
                comma = re.compile(r"[,:]").search(text, cue[1], min(s.end_char, cue[1] + 100))
                if comma:
                    cue = (cue[0], comma.end())
            elif len(head.strip(" ,;:«“\"—–-")) >= self.MIN_CONTENT:
                body = head.rstrip(" ,;:—–-(")
                start = s.start_char + len(head) - len(head.lstrip(" \n«“\"—–-"))
                return (start, s.start_char + len(body)) if start < s.start_char + len(body) else None
        found = super().content(text, s, cue, how, quotes, mentions)
        if found and how == "cue" and found[1] <= cue[0] and (self.subject_apposition(text, found[0], cue[0], mentions)
                                                             or self.apposed_subject(text, s, cue, mentions)):
            return None  # "Ana Ruiz, la portavoz, expresó …": the words before the cue are its subject
        return found

    def subject_apposition(self, text: str, a: int, cue_at: int, mentions: list[dict] = ()) -> bool:
        """Whether the words from `a` up to a cue are its subject with an apposition: a name followed
        by a comma ("Ana Ruiz, del Instituto X, acusó …", "Ana Ruiz, la portavoz, expresó …")."""
        a += len(text[a:cue_at]) - len(text[a:cue_at].lstrip(" \n«“\"—–-"))
        comma = text.find(",", a, cue_at)
        if comma < 0:
            return False
        head = text[a:comma].rstrip()
        if any(m["start"] == a and m["end"] >= a + len(head) - 1 for m in mentions):
            return True
        return any(x == 0 and y >= len(head) - 1 and lab == "PER" for x, y, lab in self.names(head))

    def apposed_subject(self, text: str, sent: Sentence, cue_at: tuple[int, int], mentions: list[dict]) -> str | None:
        """The name that opens a cue's sentence (past an opener such as "Por su parte,") where an
        apposition set off by commas stands between it and the cue ("Ana Ruiz, directora de Estudios
        del Instituto X, afirma …"): the subject, not a name inside the apposition."""
        if cue_at[0] >= cue_at[1] or text[cue_at[0]:cue_at[1]].lower() in self.pack.word_list("noun_cues"):
            return None
        head = text[sent.start_char:cue_at[0]]
        if not re.search(rf",\s*(?:(?:{self._alt('before_verb')})\s+)*$", head, re.I):
            return None
        a = sent.start_char + len(head) - len(head.lstrip(" \n«“\"—–-"))
        opener = re.match(rf"(?:{self._alt('sentence_openers')})\s*,\s*", text[a:cue_at[0]], re.I)
        a += opener.end() if opener else 0
        comma = text.find(",", a, cue_at[0])
        if comma < 0 or text.find(",", comma + 1, cue_at[0]) < 0:
            return None
        known = [m for m in mentions if m["start"] == a and m["end"] >= comma - 1]
        if known:
            return known[0]["actor"]
        head = text[a:comma].strip()
        # A run of capitalised words, of two words or more ("José María Cela"; a first name is a common word).
        if self.name_run.fullmatch(head) and len(head.split()) > 1 and self.names(head):
            return self._canonical(head)
        # A name whose surname a translation left in lower case ("Philip verleger, analista, sostiene …"):
        # a rare capitalised word, then rare words.
        words = head.split()
        if 1 < len(words) <= 3 and re.fullmatch(r"[A-ZÁÉÍÓÚÑ][\w'’-]+", words[0]) and zipf(words[0]) < 4.0 \
                and all(re.fullmatch(r"[a-záéíóúñü][\w'’-]+", w) and zipf(w) < 2.5 for w in words[1:]):
            return " ".join(w[:1].upper() + w[1:] for w in words)
        # One word, not a common one, before an apposition that opens with an article or a role noun
        # ("Xiaoyan, la madre de Yisha, comenta …").
        nxt = text[comma + 1:cue_at[0]].split()[:1]
        if self.name_run.fullmatch(head) and " " not in head and nxt and zipf(head) < 4.0 \
                and (nxt[0].lower() in self.pack.word_list("articles") or nxt[0].lower() in self.pack.title_words):
            return head
        return None

    def cues(self, text: str, sent: Sentence) -> list[tuple[int, int]]:
        """As in `StatementRules`, and a verb of the pack's `infinitive_cues` before "con" and an
        infinitive ("amenazó con vetar …")."""
        found = [c for c in super().cues(text, sent)
                 if not self.impersonal_before.search(text, max(sent.start_char, c[0] - 20), c[0])]
        for t in self.tokens(text[sent.start_char:sent.end_char]):
            a, b = sent.start_char + t.start, sent.start_char + t.end
            if self.infinitive_cue.fullmatch(t.key) and (m := self.infinitive_after.match(text, b)) and m.group("con"):
                found.append((a, b))
        return sorted(set(found))

    def _infinitive_content(self, text: str, s: Sentence, cue: tuple[int, int]) -> tuple[int, int] | None:
        """The infinitive a cue reports, to the sentence's end or a second cue coordinated with it."""
        m = self.infinitive_after.match(text, cue[1], s.end_char)
        word = text[cue[0]:cue[1]].lower()
        if m is None or not (self.infinitive_cue.fullmatch(word) if m.group("con") else self.infinitive_content_cue.fullmatch(word)):
            return None
        end = s.end_char
        while end > s.start_char and text[end - 1] in " \n.!?»”\"":
            end -= 1
        more = self.coordinated.search(text, m.start("inf"), end)
        end = more.start() if more else end
        return (m.start("inf"), end) if end - m.start("inf") >= self.MIN_CONTENT else None

    def _aside_content(self, text: str, s: Sentence, aside: tuple[int, int],
                       quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
        """What an aside of saying reports: the clause it closes ("…, como advirtió Ruiz."), the clause
        after it where it opens the sentence or follows a word opening a clause ("De hecho, como señaló
        Ruiz, …", "cuando, como dijo Ruiz, …"), else the clause it sits in, aside and all ("los bancos,
        como advirtió Ruiz, no tienen …")."""
        end = s.end_char
        while end > s.start_char and text[end - 1] in " \n.!?»”\"":
            end -= 1
        head = text[s.start_char:aside[0]].rstrip(" ,;:(—–-")
        piece = re.split(r"[,;:]|\bque\b", head)[-1]
        if piece.strip(" \n«“\"—–-").lower() in self.pack.word_list("sentence_openers"):
            piece = ""
        start = s.start_char + len(head) - len(piece.lstrip(" \n«“\"—–-"))
        if aside[1] >= end:
            span = (start, s.start_char + len(head)) if len(piece.split()) >= 2 else None
        elif len(piece.split()) >= 2:
            span = (start, end)
        else:
            rest = text[aside[1]:end]
            span = (aside[1] + len(rest) - len(rest.lstrip(" ,;:)—–")), end)
        if span is None or span[1] - span[0] < self.MIN_CONTENT \
                or any(x - 1 <= span[0] and y + 1 >= span[1] for x, y in quotes):
            return None
        return span

    def _object_content(self, text: str, s: Sentence, cue: tuple[int, int],
                        quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
        """The object of a cue that reports its content without "que" ("ha calificado la medida de …",
        "instó a los vecinos a …"), up to a second cue coordinated with it; none after a relative "que"
        ("lo que ella llama …"), nor where the object is a quotation alone ("lo calificó de «abuso»")."""
        if self._lead_follows(text, cue[1], s) or self.relative_before.search(text, max(s.start_char, cue[0] - 30), cue[0]):
            return None
        end = s.end_char
        while end > s.start_char and text[end - 1] in " \n.!?»”\"":
            end -= 1
        a = cue[1] + len(text[cue[1]:end]) - len(text[cue[1]:end].lstrip(" ,"))
        more = self.coordinated.search(text, a, end)  # "… de X y ha añadido que …"
        end = more.start() if more else end
        rest = text[a:end]
        for x, y in sorted(quotes, reverse=True):
            if a <= x and y <= end:
                rest = rest[:max(0, x - 1 - a)] + " " + rest[y + 1 - a:]
        if end - a >= self.MIN_CONTENT and len([w for w in re.findall(r"\w+", rest) if len(w) > 2]) >= 2:
            return a, end
        return None

    def _lead_follows(self, text: str, at: int, s: Sentence) -> bool:
        """Whether a complementizer or a colon introduces the words after a cue."""
        lead = self._lead.match(text, at, s.end_char)
        return bool(lead) and bool(lead.group(0).strip(" \t\n,"))

    # ------------------------------------------------------------------ speakers
    def _carry_speakers(self, text: str, rows: list[dict], sents: list[Sentence], quotes: list[tuple[int, int]],
                        mentions: list[dict]) -> None:
        """A quotation of more than one sentence with its cue right after it ("«…. …», explica Ana
        Ruiz.", "«…», concluye.") is said by the name after the cue, else by the last speaker; a
        quotation that continues the last one, and a cue with no subject, take the speaker of the
        last statement before them, reported or quoted, not the last quotation's alone."""
        last = None
        for r in sorted(rows, key=lambda x: x["start"]):
            if r["kind"] == "quote" and r["via"] in ("no cue", "continues the previous quotation") \
                    and self.word_count(r["text"]) > self.SCARE_WORDS:
                m = re.match(rf"[»”\"]?[ \t]*(?:,|[–—])[ \t]*(?:(?:{self._alt('before_verb')})[ \t]+)*(\w+)", text[r["end"]:r["end"] + 60])
                cue = (r["end"] + m.start(1), r["end"] + m.end(1)) if m else None
                if cue and self.is_cue(Token(*cue, text[cue[0]:cue[1]].lower())):
                    sent = next((x for x in sents if x.start_char <= cue[0] < x.end_char), None)
                    who = self._speaker_near(text, Sentence(cue[0], sent.end_char), cue, quotes, mentions)[0] if sent else None
                    if who or last:
                        r["speaker"], r["via"] = (self.fullest(who, text), "named after the cue") if who \
                            else (last, "pronoun: the last speaker")
                elif r["via"] == "continues the previous quotation" and last:
                    r["speaker"] = last
            elif "pronoun: the last named speaker" in r["via"] and last and r["kind"] != "turn":
                r["speaker"] = last
            if r["speaker"] and r["via"] not in ("no cue", "a title or term in single quotes"):
                last = r["speaker"]

    def role_person(self, text: str, role: tuple[int, int, str], before: int, mentions: list[dict]) -> str | None:
        """The person a role noun stands for: the one the text last introduced with the same noun
        ("la portavoz de Exteriores, Ana Ruiz"), else the person it names most often (the last named
        before the role noun among equals)."""
        people = self._people(text, mentions)
        for m in reversed(list(re.finditer(rf"\b{re.escape(role[2])}\b", text[:role[0]], re.I))):
            near = [p for p in people if m.end() <= p[0] < m.end() + 80
                    and not re.search(r"[.;:!?\n]", text[m.end():p[0]])]
            if near:
                return min(near)[2]
        counts: dict[str, list[int]] = {}
        # A person the pack gives titles to stands for a role noun only where one of them holds it
        # ("el analista taiwanés" is not the president the text names most often).
        titles: dict[str, str] = {}
        for title, holders in self.pack.roles.items():
            for _, name in holders:
                titles[name] = titles.get(name, "") + " " + title.lower()
        people = [p for p in people if p[2] not in titles or re.search(rf"\b{re.escape(role[2])}\b", titles[p[2]])]
        for s, e, name in people:
            counts.setdefault(name.split()[-1], []).append(s)
        ranked = [(len(at), max([a for a in at if a < before], default=-1), key) for key, at in counts.items()]
        if not ranked:
            return None
        _, last, key = max(ranked)
        if last < 0:
            return None
        named = [p for p in people if p[2].split()[-1] == key]
        return max(named, key=lambda p: (self.kb.type_of(p[2]) == "person", len(p[2])))[2]
