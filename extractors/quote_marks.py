"""Find the spans that quote marks enclose in running text, whatever the marks and however they are misused.

A mark's role is read from its neighbours, as CommonMark reads emphasis: glued to the next word and not
to the previous one it opens (``"Hogwash"``), glued to the previous word it closes; between two letters
an apostrophe-like mark is no quote mark at all (l'esperienza, don't, O'Neil). Where the neighbours say
nothing (`` « x » ``, CJK ``说“你``) the mark's usual role decides; a straight ``"`` between spaces only
closes one that is open. Two apostrophes stand for one double mark (''…'', as typewritten archives write).

From each opening mark the scan looks for a closing mark of its pair, skipping nested quotations. At the
end of a paragraph a quotation goes on only (a) into a paragraph that opens with the same mark again
(the convention for multi-paragraph quotations), or (b) to the first unbalanced closing mark of any kind
in the next paragraph (« … " a paragraph later). Otherwise it ends with its paragraph, provided no other
mark follows it there (else it was a stray mark, and the scan goes on from the next one). Nothing runs past
``max_paragraphs`` paragraphs or ``max_chars`` characters, and skipped spans (embedded tweets) end a
paragraph, so one stray mark never swallows an article. Linear in the number of marks.

Where the language writes dialogue with dashes (data ``dialogue_dashes``: Russian, Polish, Spanish, Italian,
Portuguese, French, Romanian), a paragraph opened by such a dash is speech without marks: a quotation up to the
dash before its reporting clause (after a comma or a sentence's end first, then one glued to the clause, then a
spaced one), or, with no such dash, up to a comma before a listed reporting verb ("– Vi är nöjda, säger hon."),
and a second one where the paragraph takes the speech up again after a dash (``resumes``: the pipeline
joins it to the first, one line of dialogue being one quotation).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Sequence

import regex

from extractors.markup import inside, merged
from extractors.quote_lang import LangData, fold

OPEN, CLOSE, WEAK = "open", "close", "weak"   # WEAK: closes a pending quotation, never opens one


@dataclass(frozen=True)
class Mark:
    pos: int
    ch: str
    role: str


@dataclass(frozen=True)
class Quotation:
    open_pos: int                 # the opening mark
    close_pos: int | None         # the closing mark; None when the quotation ends with its paragraph
    start: int                    # the quoted text, marks and surrounding spaces excluded
    end: int
    status: str                   # "closed" | "mismatched" (closed by a mark of another kind) | "unterminated"
    continuations: tuple[int, ...] = ()   # opening marks repeated at the start of continued paragraphs
    resumes: bool = False         # a dialogue line's speech taken up again after its reporting clause

    @property
    def after(self) -> int:
        """First offset after the quotation and its closing mark."""
        return self.close_pos + 1 if self.close_pos is not None else self.end


_ENDS_OPENING = set(",.;:!?)]}…؟،、。，！？；：")     # after an opening mark only text comes
_STARTS_CLOSING = set("([{¿¡")                      # before a closing mark only text comes


_MARK = regex.compile(r"\p{M}")
_COMMA_LOWERCASE = regex.compile(r",[ \t]++([\p{Ll}][\p{L}\p{M}'’-]*+)")    # a comma and a lowercase word


def _is_word(ch: str) -> bool:
    return ch.isalnum() or _MARK.match(ch) is not None


_WORD_BEFORE = regex.compile(r"[\p{L}\p{M}]{1,6}$")


def _elided(body: str, i: int, data: LangData) -> bool:
    """Whether the apostrophe at ``i`` ends an elided article or preposition (``d'``, ``l'``, ``dell'``)."""
    word = _WORD_BEFORE.search(body, max(0, i - 6), i)
    return word is not None and (word.start() == 0 or not _is_word(body[word.start() - 1])) \
        and fold(word.group()) + "'" in data.elisions


def classify(body: str, data: LangData, skip: Sequence[tuple[int, int]] = ()) -> list[Mark]:
    """Every quote mark outside ``skip`` (any spans: merged here) with the role its context gives it
    (marks with none are dropped)."""
    chars = re.escape("".join(sorted(set("".join(data.pairs) + "".join(data.pairs.values())))))
    marks: list[Mark] = []
    skip = merged(skip)
    doubled = -1
    for m in re.finditer(f"[{chars}]", body):     # listed characters: the stdlib finds them ~3x faster than regex
        i, ch = m.start(), m.group()
        if inside(skip, i) or i == doubled:
            continue
        prev = body[i - 1] if i else " "
        nxt = body[i + 1] if i + 1 < len(body) else " "
        if ch == "'" and nxt == "'" and prev != "'":
            # two apostrophes for a double mark, as typewritten archives write them (''Yes,'' she said):
            # one mark, read from the characters around the pair, at its inner apostrophe
            doubled, nxt = i + 1, body[i + 2] if i + 2 < len(body) else " "
            if not nxt.isspace() and not _is_word(prev):
                i = doubled
        if ch in data.apostrophes and data.elisions and _elided(body, i, data):
            continue                        # "d'« erreurs »": the apostrophe of an elided word before a mark
        if prev in data.apostrophes and data.elisions and _elided(body, i - 1, data):
            prev = " "                      # and the mark after it opens as after a space
        opens = not nxt.isspace() and nxt not in _ENDS_OPENING and not _is_word(prev)
        closes = not prev.isspace() and prev not in _STARTS_CLOSING and not _is_word(nxt)
        role = None
        if opens and not closes:
            role = OPEN if ch not in data.no_open else None
        elif closes and not opens:
            role = CLOSE
        elif _is_word(prev) and _is_word(nxt):       # glued on both sides
            if ch not in data.apostrophes and ch != '"':
                role = OPEN if ch in data.openers else CLOSE if ch in data.closers else None
        elif ch in data.openers:                      # spaced on both sides, or between punctuation
            role = OPEN
        elif ch in data.closers:
            role = CLOSE
        elif ch not in data.apostrophes:
            role = WEAK
        if role == OPEN and ch not in data.pairs:
            role = None
        if role:
            marks.append(Mark(i, ch, role))
    return marks


class _Paragraphs:
    """Paragraph boundaries: line breaks, and the edges of skipped blocks (which no quotation crosses).
    A skipped span inside a line (inline code, a tag) hides its marks but ends nothing."""

    def __init__(self, body: str, skip: Sequence[tuple[int, int]]):
        cuts = {0, len(body)}
        cuts.update(m.end() for m in re.finditer("\n", body))
        for s, e in skip:
            if s <= 0 or body[s - 1] == "\n" or "\n" in body[s:e]:
                cuts.update((max(0, s), min(len(body), e)))
        self.starts = sorted(cuts)
        self.body = body
        self.skip = skip

    def index(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def end(self, k: int) -> int:
        return self.starts[k + 1] if k + 1 < len(self.starts) else len(self.body)

    def next_text(self, k: int) -> int | None:
        """The next paragraph after ``k`` holding text (blank lines passed over), unless a skipped span
        comes first."""
        for j in range(k + 1, len(self.starts)):
            a, b = self.starts[j], self.end(j)
            if a >= len(self.body) or inside(self.skip, a):
                return None
            if self.body[a:b].strip():
                return j
        return None

    def first_char(self, k: int) -> int:
        a, b = self.starts[k], self.end(k)
        seg = self.body[a:b]
        return a + (len(seg) - len(seg.lstrip()))


def find(body: str, data: LangData, skip: Sequence[tuple[int, int]] = ()) -> list[Quotation]:
    """Quotations of ``body`` in order; nested ones are part of the quotation around them."""
    skip = merged(skip)
    marks = classify(body, data, skip)
    paras = _Paragraphs(body, skip)
    limits = data.limits
    max_paras, lenient_paras = int(limits["max_paragraphs"]), int(limits["lenient_paragraphs"])
    max_chars, max_marks = int(limits["max_chars"]), int(limits["max_marks"])
    positions = [m.pos for m in marks]
    out: list[Quotation] = []
    i = 0
    while i < len(marks):
        o = marks[i]
        if o.role != OPEN:
            i += 1
            continue
        found = _close(o, i + 1, marks, positions, paras, data, max_paras, lenient_paras, max_chars, max_marks)
        if found is None:                     # a stray mark: no quotation, go on after it
            i += 1
            continue
        close_idx, text_end, status, conts = found
        if close_idx is None and bisect.bisect_left(positions, text_end, lo=i + 1) > i + 1 + len(conts):
            i += 1                            # unclosed, yet other marks follow in its paragraph: a stray mark
            continue
        quote = _trim(body, o, text_end, data, marks[close_idx].pos if close_idx is not None else None,
                      status, conts)
        if quote:
            out.append(quote)
        i = close_idx + 1 if close_idx is not None else bisect.bisect_left(positions, text_end, lo=i + 1)
    if data.dialogue_dashes:
        out = sorted(out + _dialogue(body, data, paras, out), key=lambda q: q.open_pos)
    return out


# The dash before the reporting clause inside a paragraph of speech, before a lowercase word, the surest
# first: after a comma or a sentence's end ("…, — сказал он"), glued to the clause ("… —confiesa Ana—"), spaced
# ("… – wspomina"; also a dash inside the speech itself: "Самое трудное — научить").
_INCISES = (r"(?<=[,.!?…])[ \t]*+([{d}])[ \t]*+(?=\p{{Ll}})", r"[ \t]++([{d}])(?=\p{{Ll}})",
            r"[ \t]++([{d}])[ \t]++(?=\p{{Ll}})")


def _dialogue(body: str, data: LangData, paras: _Paragraphs, quotes: Sequence[Quotation]) -> list[Quotation]:
    """Paragraphs of direct speech opened by a dialogue dash, as quotations: the speech up to the dash
    before its reporting clause (closed there), and the speech the paragraph takes up again after that
    clause (one more dash; to the paragraph's end). Not a paragraph that holds quote marks of its own near
    its start, nor a byline ("— Name")."""
    dashes = regex.escape(data.dialogue_dashes)
    opening = regex.compile(rf"[ \t]*+([{dashes}])[ \t]*+(?=[\p{{Lu}}\p{{N}}¿¡«„“\"])")
    incises = [regex.compile(p.format(d=dashes)) for p in _INCISES]
    resumed = regex.compile(rf"[ \t]*+([{dashes}])[ \t]*+[.,]?[ \t]*+(?=\p{{Lu}})")
    opens = [q.open_pos for q in quotes]
    out: list[Quotation] = []
    for k in range(len(paras.starts)):
        a, b = paras.starts[k], paras.end(k)
        m = opening.match(body, a, b)
        if m is None or not any(ch in data.terminators for ch in body[a:b]):
            continue
        start = m.end()
        j = bisect.bisect_left(opens, a)
        if j < len(opens) and opens[j] < min(b, start + 3):
            continue                        # a quotation in marks opens it: the marks say where speech is
        cut = next((c for c in (x.search(body, start, b) for x in incises) if c is not None), None)
        if cut is None:
            comma = _comma_incise(body, data, start, b)
            end = comma if comma is not None else b
            out.append(Quotation(m.start(1), comma, start, _text_end(body, start, end), "closed"))
            continue
        out.append(Quotation(m.start(1), cut.start(1), start, _text_end(body, start, cut.start()), "closed"))
        again = resumed.search(body, cut.end(), b)
        if again is not None and body[cut.end():again.start()].count(" ") < 8:
            out.append(Quotation(again.start(1), None, again.end(), _text_end(body, again.end(), b), "closed",
                                 resumes=True))
    return out


def _comma_incise(body: str, data: LangData, start: int, end: int) -> int | None:
    """Where a comma before a listed reporting verb ends the speech of a dash paragraph whose reporting clause
    no dash sets off ("– Vi är nöjda, säger Anna Berg.", "— J'ai commencé tôt, raconte-t-elle."); None if none."""
    for m in _COMMA_LOWERCASE.finditer(body[start:end]):
        words = body[start + m.start(1):start + m.end(1) + 30].split()[:3]
        keys = [fold(w) for w in words]
        if data.verbs.match(keys, 0) or data.verbs.match([keys[0].split("-")[0]], 0) \
                or _inverted_pronoun(keys[0], data) or _reflexive_before_name(words, keys, data):
            return start + m.start()
    return None


def _inverted_pronoun(key: str, data: LangData) -> bool:
    """Whether a word is a verb with its subject pronoun hyphened after it ("corrige-t-elle", "soupire-t-il"),
    which only a reporting clause or a question writes."""
    verb, _, pronoun = key.rpartition("-")
    return bool(verb) and (pronoun in data.pronouns or pronoun in data.first_person) and len(verb) > 2


def _reflexive_before_name(words: Sequence[str], keys: Sequence[str], data: LangData) -> bool:
    """Whether a reflexive verb and a capitalised name follow ("…, se souvient Mireille."; "…, s'amuse Ana")."""
    if keys[0] in data.reflexives and len(words) >= 3:
        return words[1][:1].islower() and words[2][:1].isupper()
    elided = next((r for r in data.reflexives if r.endswith(("'", "’")) and keys[0].startswith(r)), None)
    return elided is not None and len(words) >= 2 and words[1][:1].isupper()


def _text_end(body: str, start: int, end: int) -> int:
    """``end`` with the spaces and the commas before it left out."""
    while end > start and body[end - 1] in " \t\r\n,":
        end -= 1
    return end


def _close(o: Mark, k: int, marks: list[Mark], positions: list[int], paras: _Paragraphs, data: LangData,
           max_paras: int, lenient_paras: int, max_chars: int, max_marks: int):
    """(closing mark index or None, end of the text, status, continuation marks) for the quotation opened
    by ``o``, or None when it would run past ``max_chars`` characters or ``max_marks`` marks."""
    last = k + max_marks
    closers = data.pairs[o.ch]
    p = paras.index(o.pos)
    used, conts, stack = 1, [], []
    lenient: int | None = None
    while True:
        p_end = paras.end(p)
        while k < len(marks) and marks[k].pos < p_end:
            m = marks[k]
            if m.pos - o.pos > max_chars or k > last:
                return None
            if m.role == OPEN:
                stack.append(m)
            elif stack and m.ch in data.pairs[stack[-1].ch]:
                stack.pop()
            elif m.ch in closers and (m.role == CLOSE or not stack):
                return k, m.pos, "closed", tuple(conts)
            elif not stack and lenient is None:
                lenient = k
            k += 1
        if lenient is not None:
            return lenient, marks[lenient].pos, "mismatched", tuple(conts)
        q = paras.next_text(p)
        if q is not None and used < max_paras and not stack:
            first = paras.first_char(q)
            j = bisect.bisect_left(positions, first, lo=k)
            if j < len(marks) and marks[j].pos == first and ((marks[j].role == OPEN and marks[j].ch == o.ch)
                                                            or marks[j].ch in data.continued_by.get(o.ch, "")):
                conts.append(first)
                used, k, p = used + 1, j + 1, q
                continue
            for _ in range(lenient_paras):
                if q is None or paras.starts[q] - o.pos > max_chars:
                    break
                j = bisect.bisect_left(positions, paras.starts[q], lo=k)
                c = _unbalanced_close(marks, j, paras.end(q), data)
                if c is not None:
                    if marks[c].pos - o.pos > max_chars:
                        return None
                    return c, marks[c].pos, "mismatched", tuple(conts)
                if j < len(marks) and marks[j].pos < paras.end(q):
                    break                     # the paragraph has quotations of its own
                q = paras.next_text(q)
        if p_end - o.pos > max_chars:
            return None
        return None if p_end <= o.pos else (None, p_end, "unterminated", tuple(conts))


def _unbalanced_close(marks: list[Mark], k: int, end: int, data: LangData) -> int | None:
    """Index of the first closing mark before ``end`` that closes nothing opened after ``k``."""
    stack: list[Mark] = []
    while k < len(marks) and marks[k].pos < end:
        m = marks[k]
        if m.role == OPEN:
            stack.append(m)
        elif stack and m.ch in data.pairs[stack[-1].ch]:
            stack.pop()
        elif not stack:
            return k
        k += 1
    return None


def _trim(body: str, o: Mark, end: int, data: LangData, close_pos: int | None, status: str,
          conts: tuple[int, ...]) -> Quotation | None:
    start = o.pos + 1
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] in data.commas):
        end -= 1
    if start >= end:
        return None
    return Quotation(o.pos, close_pos, start, end, status, conts)
