"""Spanish: what a cue of saying reports (its content), after "que", an infinitive, its object, or
the clause an aside of saying sits in."""

from __future__ import annotations

import re

from helpers.annotate.sentences import Sentence


class SpanishContent:
    """The content of Spanish reported speech; mixed into `es.SpanishRoom`, whose patterns and pack it reads."""

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
        if found and how == "cue" and found[1] <= cue[0] and self.subject_apposition(text, found[0], cue[0], mentions):
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
