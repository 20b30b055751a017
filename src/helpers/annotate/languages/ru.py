"""Russian: words matched on their lemmas, names from the dictionary of names (pymorphy3).

Russian differs from the shared engine (`base`, `statements`) in a few places, each a method here:

- role titles are found even where they hold a state's name or adjective ("министр иностранных дел
  России", "глава российского МИДа"): the title names the person, the state is kept as well;
- transcript labels carry initials ("В.Путин:", "С.В.Лавров:", "Дж.Робертсон (НАТО):"), and an
  unnamed questioner ("Вопрос:") is the outlet the title names ("Интервью газете «Фигаро»");
- a headline "Сергей Лавров: К саммиту все готово" is reported speech, not a transcript turn;
- a cue of saying is a finite verb or a gerund ("заявил", "отметив"), never a participle
  ("заявлено"), a noun ("заявление") or the reporter's own first person ("напомню");
- what a cue reports follows "что", "чтобы", a colon or "о том, что"; or comes before it ("…, —
  заявил Песков"); or is the previous sentence ("Об этом заявил Лавров");
- the speaker is a word that can be in the nominative case and follows no preposition ("в
  Пекине" never speaks); after "по словам" it is the noun phrase that follows, named as in the
  nominative ("по словам специалистов" -> "специалисты").
"""

from __future__ import annotations

import re
from functools import cached_property

from helpers.annotate.languages.base import Room, Token, _longest
from helpers.annotate.patterns import alternation
from helpers.annotate.languages.ru_reported import RussianReported
from helpers.annotate.languages.ru_words import (
    WORD,
    _tags,
    _tokens,
    can_be_nominative,
    compound_part,
    dictionary_names,
    is_preposition,
    nominative,
)
from helpers.annotate.languages.statements import LABEL_REMARK
from helpers.annotate.sentences import Sentence

# A transcript label: a short label (initials allowed: "В.Путин", "С.В.Лавров"), an optional
# remark in brackets, a colon, and the words of the turn on the same line.
TURN = re.compile(r"^[ \t]*(?P<label>(?:[А-ЯЁA-Z][а-яёa-z]{0,2}\.\s?){0,2}[^\n:.!?«»“”\"]{1,48}?(?:«[^»\n]{1,30}»)?)"
                  r"[ \t]*(?:\([^)\n]{1,40}\))?[ \t]*:[ \t]*(?=\S)", re.M)
# A label of the transcripts' own shape: initials and a surname ("Е.Андреева", "Дж.Робертсон").
INITIALS = re.compile(r"^(?:[А-ЯЁA-Z][а-яёa-z]?\.\s?){1,2}[А-ЯЁA-Z][а-яёa-z]+(?:-[А-ЯЁA-Z][а-яёa-z]+)?$")
# A name in guillemets: an outlet in a title or a label ("Интервью газете «Фигаро»").
GUILLEMETS = re.compile(r"«([^»]{1,40})»")
# An interview's outlet named in capitals after "Интервью" ("Интервью телеканалу ОРТ").
INTERVIEW = re.compile(r"\b([A-ZА-ЯЁ]{2,}(?:[-\s][A-ZА-ЯЁ0-9]{1,})*)\b")
# Parts of speech a cue of saying may be (a finite verb or a gerund).
CUE_POS = {"VERB", "GRND"}


class RussianRoom(RussianReported, Room):
    """The Russian room (see `base.Room` and this module's docstring)."""

    code = "ru"
    TURN_RE = TURN

    @cached_property
    def date_re(self) -> re.Pattern:
        """A date: "5 мая", "в мае 2024 года" (the pack's month names and `year_words`)."""
        year = alternation(self.pack.word_list("year_words"))
        return re.compile(rf"\b(?:(?P<d>\d{{1,2}})\s+)?(?P<mo>{alternation(self.pack.months)})"
                          rf"(?:\s+(?P<y>\d{{4}})\s*(?:{year})?)?(?!\w)", re.I)

    def tokens(self, text: str) -> list[Token]:
        """Words with their lemmas as keys (each distinct text tokenised once); the first parts of a
        compound adjective take the adjective each names ("российско-китайские": "российский", "китайский")."""
        toks = list(_tokens(text))
        for i, t in enumerate(toks):
            if text[t.end:t.end + 1] == "-" and i + 1 < len(toks) and toks[i + 1].start == t.end + 1:
                key = compound_part(text[t.start:t.end], self._compound_parts)
                if key:
                    toks[i] = Token(t.start, t.end, key)
        return toks

    @cached_property
    def _compound_parts(self) -> dict[str, str]:
        return {k.lower(): v for k, v in self.pack.word_map("compound_parts").items()}

    def token_cue(self, tok: Token) -> str:
        """Cue words are compared on their lemmas."""
        return tok.key

    def names(self, text: str) -> list[tuple[int, int, str]]:
        """People and organisations the text names, from pymorphy3's dictionary of names (`ru_words.dictionary_names`)."""
        return dictionary_names(text)

    # ------------------------------------------------------------------ mentions
    def mentions(self, text: str, day) -> list[dict]:
        """Aliases and role titles; a title is kept where it holds a state's name ("президент России"
        names the president, and Russia is kept too)."""
        toks = self.tokens(text)
        rows = []
        for a, b, name in _longest(toks, self.alias_trie):
            if not (self._a_place(text, toks, a, b) or self._in_longer_name(text, toks, a, b)):
                rows.append(self._mention(text, toks, a, b, name, "alias"))
        for a, b, title in _longest(toks, self.role_trie):
            who = self.pack.resolve_role(title, day)
            if who is None or who not in self.kb.actors:
                continue
            rows = [r for r in rows if not (r["start"] >= toks[a].start and r["end"] <= toks[b - 1].end
                                             and r["type"] == "person")]
            rows.append(self._mention(text, toks, a, b, who, "role"))
        rows.sort(key=lambda r: (r["start"], -r["end"]))
        return rows

    @cached_property
    def _capitals(self) -> frozenset[tuple[str, ...]]:
        return frozenset(self.keys(w) for w in self.pack.word_list("capitals"))

    def _a_place(self, text: str, toks: list[Token], a: int, b: int) -> bool:
        """Whether a capital is named as the place where something happens ("в Пекине", "в Москве"),
        not as its state: after a preposition of place, in the locative case, and not followed by a
        verb of saying or thought in the plural ("В Пекине заявили" is the state)."""
        if tuple(t.key for t in toks[a:b]) not in self._capitals or a == 0:
            return False
        prev = toks[a - 1]
        if prev.key not in self.pack.word_list("place_prepositions") or text[prev.end:toks[a].start].strip():
            return False
        if not any("loct" in tag for tag in _tags(text[toks[b - 1].start:toks[b - 1].end])):
            return False
        for t in toks[b:b + 2]:
            tag = _tags(text[t.start:t.end])[0]
            if tag.startswith("VERB") and "plur" in tag and (t.key in self.speech or t.key in self.not_speech):
                return False
        return True

    def _in_longer_name(self, text: str, toks: list[Token], a: int, b: int) -> bool:
        """Whether a name is the first part of a longer hyphenated name that names something else
        ("Китай-город", "Москва-река"): a capitalised word joined by a hyphen to a lower-case one."""
        end = toks[b - 1].end
        word = text[toks[b - 1].start:end]
        return (b < len(toks) and toks[b].start == end + 1 and text[end] == "-" and word[:1].isupper()
                and text[end + 1:end + 2].islower() and compound_part(word, self._compound_parts) is None)

    def _mention(self, text: str, toks: list[Token], a: int, b: int, actor: str, via: str) -> dict:
        s, e = toks[a].start, toks[b - 1].end
        return {"start": s, "end": e, "text": text[s:e], "actor": actor, "type": self.kb.type_of(actor), "via": via}

    # ------------------------------------------------------------------ turns
    def label_speaker(self, label: str, text: str, body_at: int) -> str | None:
        """A turn label's speaker: a known actor, a questioner (the outlet the label or the title names),
        a name of the transcripts' shape ("Е.Андреева"), a name the recogniser finds, else None."""
        clean = LABEL_REMARK.sub(" ", label).strip().rstrip("-–—").strip()
        if not clean:
            return None
        first = clean.split()[0].lower()
        if first in self.interviewers:
            if not re.match(rf"(?i)(?:{alternation(self.pack.word_list('question_labels'))})", clean):
                return clean
            title = text[:body_at].strip()
            outlet = GUILLEMETS.search(clean) or (GUILLEMETS.search(title) or INTERVIEW.search(title)
                                                  if re.match(rf"(?i)(?:{alternation(self.pack.word_list('interview_titles'))})",
                                                              title) else None)
            return nominative(outlet.group(1), keep_case=True) if outlet else clean
        found = [m for m in self.mentions(clean, None) if m["type"] == "person"]
        if found:
            return found[-1]["actor"]
        if INITIALS.match(clean):
            return clean
        if any(s == 0 and e >= len(clean) - 1 for s, e, _ in self.names(clean)):
            return clean
        return None

    def turns(self, text: str, body_at: int) -> list[dict]:
        """Transcript turns, from a label to the next one; a headline "Имя: слова" is reported speech
        (kind "indirect"), in the title and where the body repeats it."""
        found = self.labelled(text, 0, body_at)
        title = text[:body_at].strip()
        rows = []
        for k, (s, content, speaker, label) in enumerate(found):
            line_end = text.find("\n", content)
            line_end = len(text) if line_end < 0 else line_end
            headline = s < body_at or (title and text[s:line_end].strip() == title)
            end = line_end if headline else (found[k + 1][0] if k + 1 < len(found) else len(text))
            body = text[content:end].rstrip()
            if not body:
                continue
            rows.append({"start": content, "end": content + len(body), "speaker": speaker, "text": body,
                         "kind": "indirect" if headline else "turn", "via": "headline" if headline else "turn label",
                         "label": label, "speaker_score": None})
        return rows

    # ------------------------------------------------------------------ statements
    def statements(self, text: str, body_at: int, sents: list[Sentence], mentions: list[dict]) -> list[dict]:
        """The shared engine's statements, where a short quotation (a few words) keeps a speaker only
        when it is attributed as speech: after a colon, or before a dash and a cue ("«Нет», — сказал
        он"); otherwise it is a name, a title or a scare quote ("компания «Роснефть»")."""
        rows = super().statements(text, body_at, sents, mentions)
        for r in rows:
            if r["kind"] != "quote" or r["speaker"] is None or self.word_count(r["text"]) > self.SCARE_WORDS:
                continue
            before = text[max(0, r["start"] - 4):r["start"]].rstrip(" «„“\"")
            after = text[r["end"]:r["end"] + 6].lstrip(" »“”\"")
            if not (before.endswith(":") or re.match(r"[,!?.…]?\s*[—–]", after)):
                r["speaker"], r["via"] = None, "a name, title or scare quote"
        return rows

    # ------------------------------------------------------------------ cues and speakers
    def cues(self, text: str, sent: Sentence) -> list[tuple[int, int]]:
        """Verbs of saying (finite or gerund, not in the first person) in a sentence."""
        out = []
        for t in self.tokens(text[sent.start_char:sent.end_char]):
            if t.key not in self.speech:
                continue
            tag = _tags(text[sent.start_char + t.start:sent.start_char + t.end])[0]
            if tag.split(",")[0].split()[0] in CUE_POS and "1per" not in tag:
                out.append((sent.start_char + t.start, sent.start_char + t.end))
        return out

    def _candidates(self, text: str, sent: Sentence, lo: int, hi: int, skip, mentions: list[dict],
                    subject: bool) -> list[tuple[int, int, str, bool]]:
        """Names between `lo` and `hi` that may speak: (start, end, name, is a person); a subject
        must be able to be nominative and follow no preposition."""
        def outside(s, e):
            return not any(a - 1 <= s and e <= b + 1 for a, b in skip)

        cands = [(m["start"], m["end"], m["actor"], m["type"] == "person") for m in mentions
                 if lo <= m["start"] and m["end"] <= hi and outside(m["start"], m["end"])
                 and m["type"] in ("person", "organisation", "state", None)]
        # The recogniser only where the knowledge base names no person in the stretch.
        names = [] if any(c[3] for c in cands) or hi - lo < 3 else self._names_between(text, lo, hi)
        for s, e, lab in names:
            if lo <= s and e <= hi and outside(s, e) and not any(c[0] <= s < c[1] or s <= c[0] < e for c in cands):
                cands.append((s, e, text[s:e], lab == "PER"))
        if subject:
            cands = [c for c in cands if self._may_be_subject(text, c, mentions)]
        # A name inside a longer one (the state in "министр иностранных дел России") gives way to it.
        cands = [c for c in cands if not any(o != c and o[0] <= c[0] and c[1] <= o[1] for o in cands)]
        return sorted(cands)

    def _names_between(self, text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """The recogniser's names in text[lo:hi], in document offsets (cached per stretch)."""
        cache = self.__dict__.setdefault("_stretch_cache", {})
        key = (text[lo:hi], lo)
        if key not in cache:
            if len(cache) > 20_000:
                cache.clear()
            cache[key] = [(lo + s, lo + e, lab) for s, e, lab in self.names(text[lo:hi])]
        return cache[key]

    def _may_be_subject(self, text: str, cand, mentions: list[dict]) -> bool:
        s, e = cand[0], cand[1]
        before = re.search(r"([А-Яа-яЁё]+)\s*$", text[max(0, s - 30):s])
        if before and is_preposition(before.group(1)):
            return False
        words = WORD.findall(text[s:e])
        if not words:
            return False
        role = any(m["start"] == s and m["end"] == e and m["via"] == "role" for m in mentions)
        return can_be_nominative(words[0] if role or len(words) > 2 and not cand[3] else words[-1])

    def _speaker_ru(self, text: str, sent: Sentence, cue: tuple[int, int], until: int, quotes,
                    mentions: list[dict], clause: bool = True) -> tuple[str | None, str]:
        """The speaker of a cue: after it when the cue follows a comma or dash ("…, — заявил Песков")
        or opens its clause ("Об этом заявил Лавров"), else the nearest subject before it, else the
        first one after it (up to `until`, where the content starts)."""
        head = text[sent.start_char:cue[0]]
        lo = max(head.rfind(","), head.rfind("—"), head.rfind(";"), head.rfind(":")) if clause else -1
        inverted = re.search(r"[,—–]\s*(?:\w+\s+){0,2}$", head) is not None or self.points_back.match(head) is not None
        before = self._candidates(text, sent, sent.start_char + lo + 1, cue[0], quotes, mentions, True)
        if before and not inverted:
            return self._canonical(before[-1][2]), "subject of the cue"
        after = self._candidates(text, sent, cue[1], until, quotes, mentions, True)
        if after and (inverted or not before):
            pick = next((c for c in after if c[3]), after[0])
            return self._canonical(pick[2]), "named after the cue"
        if before:
            return self._canonical(before[-1][2]), "subject of the cue"
        return None, "no name"

    def _speaker_near(self, text: str, sent: Sentence, cue_at: tuple[int, int], skip, mentions: list[dict]):
        """For quotations: the Russian speaker rules, the content being the quotation."""
        return self._speaker_ru(text, sent, cue_at, sent.end_char, skip, mentions, clause=False)

    def _after(self, text: str, s: Sentence, cue: tuple[int, int], mentions, quotes) -> tuple[str | None, str]:
        """The speaker an "according to" cue names (for quotations)."""
        return self._according_speaker(text, s, cue, quotes, mentions)[0], "according to"

    def _according_speaker(self, text: str, sent: Sentence, cue: tuple[int, int], quotes,
                           mentions: list[dict]) -> tuple[str | None, int]:
        """Who "по словам …" names, and where their name ends: a known or recognised name, else the
        noun phrase that follows, named in the nominative ("специалистов" -> "специалисты")."""
        m = re.match(r"\s*((?:[А-Яа-яЁёA-Za-z.-]+\s+){0,5}?[А-Яа-яЁёA-Za-z.-]+)\s*(?=[,—–.]|$)",
                     text[cue[1]:sent.end_char])
        stop = cue[1] + (m.end(1) if m else 0)
        cands = self._candidates(text, sent, cue[1], stop if m else sent.end_char, quotes, mentions, False)
        if cands:
            pick = next((c for c in cands if c[3]), cands[0])
            return self._canonical(pick[2]), max(stop, pick[1])
        if m and len(m.group(1).split()) <= 3:
            return nominative(m.group(1)), stop
        return None, stop

    # ------------------------------------------------------------------ reported speech
