"""The article's text as the attribution stages read it: lines, analysed paragraphs, quotations, windows.

Both later stages, finding a quotation's source (:mod:`extractors.quote_sources`) and resolving it to a
person (:mod:`extractors.quote_people`), look at the same few things: the sentence around a position,
the words before and after a quotation, which quotation encloses an offset, the reporting verbs in a run
of words. They read them here, so that each asks in its own terms and none re-cuts the text.

spaCy's analysis (:func:`extractors.quote_lang.analyse`) is the costly step, so a line is analysed once,
when a stage first asks for it (where a trained pipeline finds PER entities, together with the few lines an
antecedent search may read next); those entities are collected in :attr:`ArticleText.persons`, which the name
reader consults. Lines are paragraphs: one line break ends a paragraph.
"""
from __future__ import annotations

import bisect
import math
import re
from typing import Sequence

import regex

from extractors.markup import inside
from extractors.quote_lang import Item, LangData, Paragraph, analyse, cut_items, finds_persons, first_letter, fold
from extractors.quote_marks import Quotation

# Items looked at around a quotation or a verb: a clause longer than this holds no attribution.
WINDOW = 120
_WORDISH = regex.compile(r"[\p{L}\p{M}\p{N}]++")
_LETTER = regex.compile(r"[\p{L}\p{N}]")
_HEADING_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’.-]*+")     # a word of a heading (initials, elisions)
# A semicolon joins two clauses of one sentence: what stands before it says nothing of who speaks after it.
SEMICOLONS = frozenset(";؛")
# A list item's bullet: a symbol or a dash, or a number, and a space.
_BULLET = regex.compile(r"[ \t]*+([-*+•‣◦▪\p{Pd}]|\d{1,9}+[.)])[ \t]")


# Words of ASCII text (_WORDISH's letters, marks and digits there): found by the stdlib, ~3x faster than regex.
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
# Below this code point no script written without spaces has a letter (Thai's first): a text whose characters all
# are needs no search for them.
UNSPACED_FIRST = "\u0e01"


def word_count(text: str, data: LangData) -> int:
    """Words of ``text``; in scripts written without spaces, letters over the script's letters per word."""
    if text.isascii():                  # (most quotations)
        return len(_ASCII_WORD.findall(text))
    if max(text) < UNSPACED_FIRST or not data.unspaced_any.search(text):
        return len(_WORDISH.findall(text))
    n = 0
    for w in _WORDISH.findall(text):
        letters = len(_LETTER.findall(w))
        for script, per_word in data.unspaced:
            k = len(script.findall(w))
            if k:
                n += math.ceil(k / per_word)
                letters -= k
        n += letters > 0
    return n


class ArticleText:
    """One body, its skipped spans and its quotations, cut into lines analysed on demand."""

    def __init__(self, body: str, data: LangData, skip: Sequence[tuple[int, int]],
                 quotations: Sequence[Quotation]):
        self.body, self.data, self.skip = body, data, skip
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", body)]     # (the stdlib: 2x faster)
        self.quotes = list(quotations)
        self.q_opens = [q.open_pos for q in self.quotes]
        self.paras: dict[int, Paragraph] = {}
        self.cuts: dict[int, list[Item]] = {}        # lines cut into items (words), not analysed yet: each line's
        self.cut_to: dict[int, int] = {}             # items up to the body offset it holds here (a space or its end)
        self.persons: list[tuple[int, int]] = []     # PER entities of the lines analysed so far
        self.headings: dict[int, bool] = {}          # line -> whether it is a heading, when first asked
        self.word_counts: dict[str, int] = {}        # a quotation's words -> how many (quote_words)

    # -- lines ------------------------------------------------------------------------------------------
    def in_skip(self, pos: int) -> bool:
        return inside(self.skip, pos)

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.line_starts, pos) - 1

    def line_span(self, n: int) -> tuple[int, int]:
        a = self.line_starts[n]
        b = self.line_starts[n + 1] - 1 if n + 1 < len(self.line_starts) else len(self.body)
        return a, b

    def para(self, n: int) -> Paragraph:
        """Line ``n`` analysed. Where a trained pipeline finds PER entities, the lines around it an antecedent
        search reads are analysed with it in one batch (their entities known from then on); without one, a line
        is analysed alone when first asked for (each line's analysis is its own: a third of the lines, never
        asked for, are not analysed)."""
        if n not in self.paras:
            want = self._batch(n) if finds_persons(self.data) else [n]
            texts = [(self.line_span(k)[0], self.body[slice(*self.line_span(k))]) for k in want]
            for k, p in zip(want, analyse(texts, self.data, [self._whole_cut(k) for k in want])):
                self.paras[k] = p
                self.persons.extend(p.persons)
        return self.paras[n]

    def words(self, n: int, upto: int | None = None) -> list[Item]:
        """Line ``n``'s items without its sentences: the analysed paragraph's when it is, else the line cut alone
        (:func:`~extractors.quote_lang.cut_items`), which :meth:`para` completes if asked later. With ``upto``, the
        cut may stop at the first space from that offset on: the items are then those of the line starting before
        ``upto`` and a few more, the first of the whole line's (a line's run names need no more of it, and a third
        of the lines cut are never analysed). Where a pipeline finds PER entities, the line is analysed, since its
        entities are known from the analysis on. A reader of these items must not ask which word opens a sentence
        or which dot is inert: not known yet."""
        if n in self.paras or finds_persons(self.data):
            return self.para(n).items
        return self._cut(n, upto)

    def _cut(self, n: int, upto: int | None) -> list[Item]:
        a, b = self.line_span(n)
        items = self.cuts.setdefault(n, [])
        reached = self.cut_to.get(n, a)
        if reached < b and (upto is None or upto > reached):
            # cut at a space, which WORD_RE and str.split both cut at: the items of the parts are the line's
            stop = b if upto is None else self.body.find(" ", upto, b)
            stop = b if stop < 0 else stop
            items += cut_items(self.body[reached:stop], reached, self.data)
            self.cut_to[n] = stop
        return items

    def _whole_cut(self, n: int) -> list[Item] | None:
        """Line ``n``'s items as :meth:`words` cut them, the rest of the line cut too (None: not cut), for
        :meth:`para`, which makes them its paragraph's."""
        if n not in self.cuts:
            return None
        items = self._cut(n, None)
        del self.cuts[n]
        self.cut_to.pop(n, None)
        return items

    def _batch(self, n: int) -> list[int]:
        """Line ``n`` and the lines not analysed yet around it that an antecedent search reads."""
        return [k for k in range(max(0, n - int(self.data.limits["antecedent_paragraphs"]) - 2), n + 2)
                if 0 <= k < len(self.line_starts) and k not in self.paras]

    def heading(self, n: int) -> bool:
        """Whether line ``n`` is a heading or a page's furniture rather than a sentence: two to eight words,
        each capitalised or in capitals, no quote mark and no sentence-final mark ("More Stories After This",
        "Related Coverage"): nobody named there is the person a pronoun below means."""
        if n not in self.headings:      # asked again for every line an antecedent search walks past
            line = self.body[slice(*self.line_span(n))].strip()
            # the sentence-final mark first: most paragraphs end with one, and their words need not be found
            self.headings[n] = line[-1:] not in self.data.terminators and self._heading_words(line)
        return self.headings[n]

    def _heading_words(self, line: str) -> bool:
        """Whether ``line`` (stripped) holds two to eight words, each capitalised or in capitals, and no quote mark."""
        words = _HEADING_WORD.findall(line)
        return 2 <= len(words) <= 8 and not any(ch in self.data.openers or ch in self.data.closers for ch in line) \
            and all(w[0].isupper() or fold(w) in self.data.particles for w in words) \
            and sum(w[0].isupper() for w in words) >= 2   # particles inside names: "União de Alpendurada"

    def filled(self, n: int, step: int) -> int:
        """The nearest line from ``n`` in direction ``step`` holding text (-1 past either end)."""
        n += step
        while 0 <= n < len(self.line_starts) and not self.body[slice(*self.line_span(n))].strip():
            n += step
        return n if 0 <= n < len(self.line_starts) else -1

    def bullet(self, n: int) -> str | None:
        """The list bullet opening line ``n`` ("-", "*", "1.", a dash…), if any."""
        if n < 0:
            return None
        m = _BULLET.match(self.body, *self.line_span(n))
        return m.group(1) if m and not m.group(1)[0].isdigit() else ("1." if m else None)

    # -- quotations -------------------------------------------------------------------------------------
    def quote_at(self, pos: int) -> Quotation | None:
        """The quotation whose marks enclose ``pos``."""
        k = bisect.bisect_right(self.q_opens, pos) - 1
        return self.quotes[k] if k >= 0 and pos < self.quotes[k].after else None

    def last_inside(self, q: Quotation) -> str:
        """The last character of a closed quotation's words, past the spaces French typography puts before
        the closing guillemet (« Quelle journée ! »): the punctuation that ends them, if any. Before the dash
        that closes a line of dialogue, the character right before it, as written."""
        k = q.close_pos
        while k > q.open_pos + 1 and self.body[k - 1].isspace() and self.body[k] not in self.data.dialogue_dashes:
            k -= 1
        return self.body[k - 1]

    def quoted(self, q: Quotation) -> str:
        """The quotation without its marks: the repeated opening marks of continued paragraphs removed too."""
        if not q.continuations:
            return self.body[q.start:q.end]
        parts, at = [], q.start
        for c in q.continuations:
            parts.append(self.body[at:c])
            at = c + 1
        parts.append(self.body[at:q.end])
        return "".join(parts)

    def quote_words(self, q: Quotation) -> int:
        """:func:`word_count` of the quotation's words, kept by their text: the stages ask it of most quotations
        twice or more."""
        quoted = self.quoted(q)
        n = self.word_counts.get(quoted)
        if n is None:
            n = self.word_counts[quoted] = word_count(quoted, self.data)
        return n

    def whole_sentence(self, q: Quotation) -> bool:
        """Whether the quotation is a whole sentence, well closed: „…“. or „….“"""
        quoted = self.quoted(q).strip()
        after = self.body[q.close_pos + 1:q.close_pos + 3].lstrip(" \t") if q.close_pos is not None else ""
        ends = quoted[-1:] in self.data.terminators or not after or after[0] in self.data.terminators + "\n"
        return quoted[:1].isupper() and ends and q.status == "closed"

    def dialogue_line(self, q: Quotation) -> bool:
        """Whether a dialogue dash opens the quotation: a line of speech however short ("—Ni loca
        —responde ella."), set off by its dashes."""
        return self.body[q.open_pos] in self.data.dialogue_dashes

    def ends_line(self, q: Quotation, line: int) -> bool:
        """Whether nothing but punctuation follows the quotation on ``line`` (its paragraph): no words of a
        sentence that goes on after it."""
        return not self.body[q.after:self.line_span(line)[1]].strip(" \t\r.,;:!?…")

    def own_line(self, q: Quotation) -> bool:
        """Whether the quotation opens its line (a byline may stand under it)."""
        return not self.body[self.line_starts[self.line_of(q.open_pos)]:q.open_pos].strip()

    # -- items ------------------------------------------------------------------------------------------
    def outside(self, items: Sequence[Item]) -> list[Item]:
        """``items`` (in order) but those inside quotations or skipped spans: all of them, asked nothing one by
        one, when nothing is skipped and no quotation encloses an offset from the first to the last (most
        paragraphs)."""
        if items and not self.skip and not self._quoted_between(items[0].start, items[-1].start):
            return list(items)
        kept = self.unquoted(items)
        return [it for it in kept if not self.in_skip(it.start)] if self.skip else kept

    def unquoted(self, items: Sequence[Item]) -> list[Item]:
        """``items`` (in order) but those a quotation encloses (:meth:`quote_at`), read in one walk along the
        quotations' opening marks instead of a bisection an item."""
        out: list[Item] = []
        if not items:
            return out
        opens, quotes = self.q_opens, self.quotes
        k = bisect.bisect_right(opens, items[0].start) - 1      # the quotation opening last at or before an item
        last = len(opens) - 1
        for it in items:
            pos = it.start
            while k < last and opens[k + 1] <= pos:
                k += 1
            if k < 0 or pos >= quotes[k].after:
                out.append(it)
        return out

    def _quoted_between(self, a: int, b: int) -> bool:
        """Whether a quotation encloses some offset from ``a`` to ``b``: the one opening last before ``a`` goes on
        past it, or one opens after ``a`` up to ``b``."""
        k = bisect.bisect_right(self.q_opens, a) - 1
        return (k >= 0 and a < self.quotes[k].after) or bisect.bisect_right(self.q_opens, b) - 1 > k

    def is_end(self, it: Item) -> bool:
        return not it.word and it.key in self.data.terminators and not it.inert

    def verbs_in(self, items: Sequence[Item]) -> list[tuple[int, int, bool]]:
        """(start, end, carries its pronoun) of each reporting verb among ``items``."""
        keys = [it.key for it in items]
        # a word no entry begins with (most words) is no verb: the sets are asked before any call
        pronoun_verbs, verbs, separable = self.data.pronoun_verbs, self.data.verbs, self.data.separable
        pv_any, verbs_any = pronoun_verbs.affixes, verbs.affixes
        out, i = [], 0
        while i < len(items):
            key = keys[i]
            n = pronoun_verbs.match(keys, i) if pv_any or key in pronoun_verbs.prefixes else 0
            if n:
                out.append((i, i + n, True))
                i += n
                continue
            n = (verbs.match(keys, i) if verbs_any or key in verbs.prefixes else 0) or (
                self._separated(items, keys, i) if key in separable else 0)
            if n == 1 and i and (keys[i - 1] in self.data.indefinites or keys[i - 1] in self.data.contractions) \
                    and not (i + 1 < len(items) and keys[i + 1] in self.data.commas):
                n = 0                           # a noun after its article ("en una cuenta «…»"); one set off
                                                # ("in una nota, …") is a statement, which still reports speech
            if n:
                out.append((i, i + n, False))
                i += n
                continue
            i += 1
        return out

    def _separated(self, items: Sequence[Item], keys: Sequence[str], i: int) -> int:
        """1 if ``items[i]`` is the stem of a separable verb whose particle ends its clause a few words on
        ("teilte am Abend mit, dass …"), else 0."""
        particles = self.data.separable.get(keys[i])
        if not particles:
            return 0
        limit = int(self.data.limits["separable_gap_words"])
        for j in range(i + 1, min(len(items), i + limit + 2)):
            if not items[j].word:
                return 0
            for particle in particles:
                k = j + 1
                spelled = keys[j]
                while spelled != particle and k < len(items) and items[k].word and particle.startswith(spelled):
                    spelled += keys[k]
                    k += 1
                if spelled == particle and (k == len(items) or not items[k].word
                                            or keys[k] in self.data.complementizers):
                    return 1
        return 0

    def before(self, q: Quotation) -> tuple[Paragraph, int, list[Item]]:
        """The opener's paragraph, the first item of its sentence, and the items of that sentence before
        the opening mark (back to the previous quotation at most). The sentencizer keeps an opening mark
        after a full stop with the sentence before ("… کند. «"): a full stop ends the sentence here."""
        p = self.para(self.line_of(q.open_pos))
        i = p.index_at(q.open_pos)
        a = max(p.sentence_bounds(i)[0], i - WINDOW)
        for j in range(i - 1, a - 1, -1):
            if self.is_end(p.items[j]) and not self.in_skip(p.items[j].start):
                a = j + 1
                break
        k = bisect.bisect_left(self.q_opens, q.open_pos) - 1
        names: list[Quotation] = []
        while k >= 0 and self.quotes[k].open_pos >= p.start and self._name_in_marks(self.quotes[k]):
            names.append(self.quotes[k])    # "Главный тренер «Метеора» Павел Сизов …:": a name, not speech,
            k -= 1                          # left out with its marks
        lo = max(a, p.index_at(self.quotes[k].after)) if k >= 0 else a
        semi = next((j for j in range(i - 1, lo - 1, -1) if p.items[j].key in SEMICOLONS), None)
        if semi is not None and semi + 1 < i and p.items[semi + 1].key in self.data.definites | self.data.possessives:
            lo = semi + 1                   # "X spricht von …; die Tochter wählt ein anderes Wort: „…“": a clause
                                            # with a subject of its own
        # Markdown emphasis around a label is no punctuation either: "**Lena Voss, Erzieherin:** „…“"
        items = [it for it in p.items[lo:i] if (it.word or it.text.strip("*_"))
                 and not any(n.open_pos <= it.start < n.after for n in names)]
        return p, a, [it for it in items if not self.in_skip(it.start)] if self.skip else items

    def _name_in_marks(self, q: Quotation) -> bool:
        """Whether a quotation is a name in marks inside a sentence: up to three words, the first
        capitalised, no punctuation, a word right before it ("тренер «Северных волков»", "the “Sea Eagles”")."""
        text = self.quoted(q)
        words = text.split()
        word_before = self.body[max(0, q.open_pos - 2):q.open_pos].strip(" ").isalpha()
        return 0 < len(words) <= 3 and first_letter(words[0]).isupper() \
            and not any(ch in text for ch in ".,;:!?…") and word_before

    def after(self, q: Quotation) -> list[Item]:
        """Items after the closing mark up to the end of the sentence or the next quotation."""
        if q.close_pos is None:
            return []
        p = self.para(self.line_of(q.close_pos))
        out: list[Item] = []
        limit = int(self.data.limits["after_words"]) + int(self.data.limits["name_max_words"]) + 4
        for n in range(p.index_at(q.close_pos + 1), len(p.items)):
            it = p.items[n]
            if self.skip and self.in_skip(it.start):    # inline markup (a tag, a code span) is no word
                continue
            if self.is_end(it) or len(out) > limit:
                break
            if self.quote_at(it.start):
                if out and out[-1].key in self.data.colons:
                    return []                   # "„…“ Er fügte hinzu: „…“": it introduces the next one
                break
            out.append(it)
        first = next((it for it in out if it.word), None)
        if first is not None and first.key in self.data.pronouns and first.text[0].isupper() \
                and self.last_inside(q) in self.data.terminators:
            return []                           # "„…schön.“ Er lachte.": a new sentence
        return out
