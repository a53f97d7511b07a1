"""Quotations in running prose, each with its source: the mention that says who, and the person it means.

A record (:class:`extractors.records.Quote`) carries the three stages: the quotation's span; the source
mention as written with its kind (person, pronoun, role, organisation, unnamed) and the cue that links
them; and the resolved ``speaker`` — the fullest form of the person's name the article gives
(:mod:`extractors.quote_names`), or, for a source no named person stands behind ("a spokesperson", "BC
Hydro", "die Staatsanwaltschaft"), that mention as written.

``extract_quotes(doc, skip)`` finds quotations (:mod:`extractors.quote_marks`: every quote mark of the
world's languages, nested quotations, quotations over several paragraphs, mismatched or missing closing
marks, all bounded) and keeps those whose speaker the article names. Offsets index ``doc.body``.

Attribution reads a quotation's surroundings with spaCy (:mod:`extractors.quote_lang`: sentences,
abbreviations, PER entities where a trained pipeline is installed) and the language's data file
(reporting verbs, "according to" phrases, pronouns, titles). In order, the first that applies wins:

1. after the closing mark, in the same sentence (cue ``verb-after:…``): a reporting verb with its subject
   between mark and verb (``“…”, Maria disse``), after the verb (``“…”, disse a pesquisadora Ana Tavares``,
   ``«…», — советовала Трейси Уоллес``), or — in SOV languages — before the quotation
   (``Ahmet Yılmaz, “…” dedi``); an "according to" phrase (``“…”, segundo ele``, ``„…“, so Müller``);
   a dash and a name (``“…” -Commissioner X``, cue ``dash``);
2. before the opening mark (``verb-before:…``): a reporting verb linked to the quotation by a colon,
   comma, dash or complementizer, at most ``verb_gap_words`` words away (``X said: “…”``,
   ``او در نوامبر2020 به موسسه ما گفت: «…»``); ``according-to``; a bare ``Name: “…”`` (``name-colon``);
   a sentence whose subject is a named person, ending with a colon (``subject-colon``, less confident:
   "El director general, Juan Pérez, fue más cauto:", or a titled name and a verb the data does not list);
3. a quotation opening its line followed by a line ``— Name`` without handle, date or quote marks
   (``dash-line``); also a line without quote marks ending its sentence, when the byline's dash is a
   true dash (— – ―: a hyphen opens list items far more often). A line beside which another line opens
   with the same bullet is an item of a list, not a byline;
4. a quotation opening its sentence after a sentence whose reporting verb has a named subject
   (``Bill Matthias … explains how … «…»``, cue ``verb-previous-sentence:…``).

A surname alone ("…», afirmó Ruiz") names the person the article gave in full before it ("la consultora
Marta Ruiz"): the speaker is that full name, unless two people the article names share the surname; a
first name alone likewise. Words around a name that are no part of it (a possessive place, a title or
role noun before it, a bracketed party after it) are trimmed at the end.

Where no name is the subject of the reporting verb, a short noun phrase next to it is the source
(``“…,” a spokesperson said``, ``said the veteran goalkeeper``, ``Norvale Power said``): kind ``unnamed``,
``role`` or ``organisation``, speaker as written. A quotation that goes on from an attributed one (the
next sentence holding only a quotation, or a follow-on paragraph that is only a quotation) has the same
source (cue ``continuation``). A partial quotation inside a sentence whose reporting verb or "according
to" phrase names a source (``She called the plan “a gamble”``, ``nannte sie „blanker Unsinn“``) is
kept with that source (cue ``partial:…``), unless it reads as a name or title (one or two capitalised
words, a web address).

A subject that is a pronoun (he, ele, او), a role after a definite article (the researcher) or, in
pro-drop languages, absent (``«…», añadió``; ``Ci ha detto nel novembre 2020: «…»`` — only adverbials
around the verb) points back to the nearest named person before it, across sentences and up to
``antecedent_paragraphs`` paragraphs: subjects of reporting verbs, names after honorifics, PER entities,
speakers already attributed, and (weaker) runs of capitalised words and a speaker's surname alone,
preferring those that open a sentence (after its title phrase: "O técnico Dorival Júnior …"). A sentence in between opening with a definite noun phrase ("Die Kundin war empört.") breaks
the chain: the pronoun then likely means that unnamed one, and nothing is stored.

Names in scripts without capitals (Persian, Arabic, CJK…) are found by structure and data, not case:
the subject of a sentence whose verb reports speech is its first comma-separated part when that part
is wholly a name — two to four words that are no stop word, pronoun, role, verb or number — which an
appositive usually confirms ("کریستیان هانسن، مدیر عامل شرکت …، بیان می کند"); after a verb-first
reporting verb it is the words up to the next comma ("وقال أحمد محمد، …"); after an honorific one word
will do. An item of an enumeration ("支付宝、微信", "Ana Lima, Rui Costa e João Dias") is nobody's
subject. Details in :mod:`extractors.quote_subjects`.

Left out (precision first): quotations in ``skip`` spans and in markup (:func:`extractors.markup.non_prose_spans`
of the body: front matter, code, comments, tags — whose names are no antecedents either), quotations
with no source at all (first-person "I said", a pronoun with nobody before it), enumerations of
speakers, and scare quotes and titles. A quotation of fewer than ``min_words_uncued`` words counts only when it fills its
clause and a reporting verb, "according to" or a dash names its speaker; one of at most
``term_max_words`` (in scripts without spaces, letters over the script's letters per word) only with a
reporting verb and set off by punctuation as speech is (``X said: “Yes.”``, not ``宣称「费用免除」``).
Pure: the only I/O is reading the packaged data files (and, if installed, a trained spaCy pipeline).
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, replace
from typing import Sequence

import regex

from extractors.markup import inside, merged, non_prose_spans
from extractors.quote_lang import Item, LangData, Paragraph, analyse, fold, lang_data
from extractors.quote_marks import Quotation, find
from extractors.quote_gender import pronoun_gender, verb_gender, word_gender
from extractors.quote_morph import name_gender, nominative
from extractors.quote_names import Names, trim
from extractors.quote_subjects import EMPTY, FIRST, NAME, OTHER, PRONOUN, ROLE, SOURCE, Reader, Subject
from extractors.records import Document, Quote

PRODROP = "prodrop"
_LINKED = (NAME, PRONOUN, ROLE)
# A run of capitalised words (inner capitals allowed: McAllister, DeWitt), short particles between them.
_NAME_WORD = r"\p{Lu}[\p{Ll}\p{M}]++(?:\p{Lu}[\p{Ll}\p{M}]++)?+(?:['’-]\p{L}++)?+"
_NAMEISH_RUN = regex.compile(rf"\b{_NAME_WORD}(?:[ \t]++(?:\p{{Ll}}{{1,3}}+[ \t]++){{0,2}}?{_NAME_WORD})++")
_WORDISH = regex.compile(r"[\p{L}\p{M}\p{N}]++")
_LETTER = regex.compile(r"[\p{L}\p{N}]")


def _letter(text: str) -> str:
    return next((c for c in text if c.isalpha()), "")
# A list item's bullet: a symbol or a dash, or a number, and a space.
_BULLET = regex.compile(r"[ \t]*+([-*+•‣◦▪\p{Pd}]|\d{1,9}+[.)])[ \t]")
# How a saying of its own may open: a letter or a digit, an inverted mark, a bracket (no markup, no bullet).
_SAYING = regex.compile(r"[\p{L}\p{N}¿¡(]")
# Items looked at around a quotation or a verb: a clause longer than this holds no attribution.
_WINDOW = 120
# The cues strong enough for a quotation shorter than ``min_words_uncued`` words (a reporting verb, an
# "according to", a dash and a name right after it): a line of its own, a colon after a name or the
# sentence before say too little about so few words.
_SHORT_WAYS = ("verb", "according_to", "dash")


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    strong: bool              # subject of a reporting verb, after a title or "according to", PER entity
    salient: bool             # strong, or the words opening a sentence (its likely subject)


@dataclass(frozen=True)
class _Attribution:
    start: int                # the resolved speaker's span (-1, -1: a source no person stands behind)
    end: int
    cue: str
    confidence: float
    way: str = ""             # the confidence key of the cue: verb, according_to, dash, dash_line…
    kind: str = "person"      # of the mention: person | pronoun | role | organisation | unnamed
    mention: tuple[int, int] = (-1, -1)     # the source as written; (-1, -1) for a dropped subject
    cue_span: tuple[int, int] = (-1, -1)    # the reporting verb or frame word
    speaker: str | None = None              # set for sources no person stands behind: the mention as written


def extract_quotes(doc: Document, skip: Sequence[tuple[int, int]] = ()) -> list[Quote]:
    """Attributed quotations of ``doc.body`` in order of appearance (seq from 1). ``skip``: spans of the
    body that are no prose (embedded tweets); the body's markup is left out without being given."""
    body = doc.body or ""
    data = lang_data(doc.lang)
    skip = merged([(max(0, s), min(len(body), e)) for s, e in skip if e > s] + non_prose_spans(body, doc.kind))
    quotations = find(body, data, skip)
    article = _Article(body, data, skip, quotations)
    found: list[tuple[int, int, str, _Attribution]] = []
    previous: tuple[Quotation, _Attribution] | None = None
    for q in quotations:
        if article.in_skip(q.start) or article.in_skip(q.end - 1):
            continue
        att = article.attribute(q)
        if att is None and previous is not None:
            att = article.continuation(q, *previous)
        if att is None:
            att = article.in_reported_sentence(q, previous)
        if att:
            found.append((q.start, q.end, _text(body, q), att))
            if att.start >= 0:
                article.add_speaker(att)
        previous = (q, att) if att else None
    for start, end, text in article.unmarked_dash_lines():
        att = article.dash_line_after(end)
        if att:
            found.append((start, end, text, att))
    found.sort(key=lambda f: f[0])
    min_conf = float(data.limits["min_confidence"])
    names = Names(body, data)
    out: list[Quote] = []
    for start, end, text, att in found:
        if att.confidence < min_conf:
            continue
        if att.start >= 0:
            att = replace(att, start=-1, end=-1, speaker=None) if att.start >= att.end else att
        if att.start < 0 and att.mention[0] >= 0:
            att = _person_in_source(body, att, data)
        if att.start >= 0:
            s, e = names.expand(*trim(body, att.start, att.end, data))
            att = replace(att, start=s, end=e, speaker=" ".join(nominative(body[s:e].split(), data)))
        out.append(_record(len(out) + 1, body, start, end, text, att, doc.lang))
    return out


def _person_in_source(body: str, att: _Attribution, data: LangData) -> _Attribution:
    """A source phrase that ends with a person's name after a title or role noun ("Der Hafenmeister Jens
    Ahlgrim", "Ministerin Eva Roth (SPD)") is that person: the name trimmed out of it, when it is two
    capitalised words or more and no organisation's."""
    s, e = trim(body, *att.mention, data)
    words = body[s:e].split()
    before = body[att.mention[0]:s].split()
    titled = bool(before) and bool(data.roles.match([fold(before[-1])], 0) or data.honorifics.match([fold(before[-1])], 0))
    rest = body[e:att.mention[1]].strip()
    if (s, e) == att.mention or (rest and not rest.startswith("(") and not titled) or len(words) < 2 or not all(w[:1].isupper() for w in words) \
            or any(fold(w) in data.non_person or (len(w) > 1 and w.isupper()) for w in words):
        return att              # an organisation: a word of one, or an acronym ("Gewerkschaft GDL")
    return replace(att, start=s, end=e, kind="person", speaker=None)


def _record(seq: int, body: str, start: int, end: int, text: str, att: _Attribution, lang: str | None) -> Quote:
    speaker = att.speaker if att.speaker is not None or att.start < 0 else body[att.start:att.end]
    (ms, me), (cs, ce) = att.mention, att.cue_span
    return Quote(seq=seq, text=text, speaker=speaker, start=start, end=end,
                 speaker_start=att.start, speaker_end=att.end, lang=lang, cue=att.cue,
                 confidence=round(att.confidence, 3), mention=body[ms:me] if ms >= 0 else None,
                 mention_start=ms, mention_end=me, speaker_kind=att.kind if speaker or ms >= 0 else None,
                 cue_start=cs, cue_end=ce)


def _text(body: str, q: Quotation) -> str:
    """The quotation without its marks: the repeated opening marks of continued paragraphs removed too."""
    if not q.continuations:
        return body[q.start:q.end]
    parts, at = [], q.start
    for c in q.continuations:
        parts.append(body[at:c])
        at = c + 1
    parts.append(body[at:q.end])
    return "".join(parts)


def _word_count(text: str, data: LangData) -> int:
    """Words of ``text``; in scripts written without spaces, letters over the script's letters per word."""
    if not data.unspaced_any.search(text):
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


class _Article:
    """One body being attributed: its lines, the paragraphs analysed so far, and who was named where."""

    def __init__(self, body: str, data: LangData, skip: Sequence[tuple[int, int]],
                 quotations: Sequence[Quotation]):
        self.body, self.data, self.skip = body, data, skip
        self.limits, self.conf = data.limits, data.confidence
        self.line_starts = [0] + [m.end() for m in regex.finditer(r"\n", body)]
        self.quotes = list(quotations)
        self.q_opens = [q.open_pos for q in self.quotes]
        self.paras: dict[int, Paragraph] = {}
        self.persons: list[tuple[int, int]] = []
        self.speakers: dict[int, list[_Mention]] = {}
        self.mention_cache: dict[int, list[_Mention]] = {}
        self.surnames: set[str] = set()     # last words of the speakers attributed so far
        # what fullest() reads: the speakers' and PER entities' spans (the first persons_indexed of
        # self.persons), the run names, each filed under its words but the first; a span's folded words
        self.read_index: dict[str, list[tuple[int, int]]] = {}
        self.persons_indexed = 0
        self.run_index: dict[str, list[tuple[int, int]]] | None = None
        self.folded: dict[tuple[int, int], tuple[str, ...]] = {}
        self.reader = Reader(data, (), self.persons)
        self.person_genders: dict[str, str] | None = None   # last name -> m | f, when first needed
        self.name_runs: list[tuple[int, int]] = []      # runs of capitalised words, where full names stand
        self.run_names: list[tuple[int, int]] | None = None   # the names read in them, when first needed
        for m in _NAMEISH_RUN.finditer(body):
            if self.in_skip(m.start()):
                continue
            self.name_runs.append(m.span())
            self.reader.learn([fold(w) for w in m.group().split()])
        self.dashes = data.dashes
        self.marks = (set("".join(data.pairs)) | set("".join(data.pairs.values()))) - set(data.apostrophes)

    # -- text -----------------------------------------------------------------------------------------
    def in_skip(self, pos: int) -> bool:
        return inside(self.skip, pos)

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.line_starts, pos) - 1

    def line_span(self, n: int) -> tuple[int, int]:
        a = self.line_starts[n]
        b = self.line_starts[n + 1] - 1 if n + 1 < len(self.line_starts) else len(self.body)
        return a, b

    def para(self, n: int) -> Paragraph:
        if n not in self.paras:
            want = [k for k in range(max(0, n - int(self.limits["antecedent_paragraphs"]) - 2), n + 2)
                    if 0 <= k < len(self.line_starts) and k not in self.paras]
            texts = [(self.line_span(k)[0], self.body[slice(*self.line_span(k))]) for k in want]
            for k, p in zip(want, analyse(texts, self.data)):
                self.paras[k] = p
                self.persons.extend(p.persons)
        return self.paras[n]

    def quote_at(self, pos: int) -> Quotation | None:
        """The quotation whose marks enclose ``pos``."""
        k = bisect.bisect_right(self.q_opens, pos) - 1
        return self.quotes[k] if k >= 0 and pos < self.quotes[k].after else None

    def outside(self, items: Sequence[Item]) -> list[Item]:
        return [it for it in items if not self.quote_at(it.start) and not self.in_skip(it.start)]

    def is_end(self, it: Item) -> bool:
        return not it.word and it.key in self.data.terminators and not it.inert

    def verbs_in(self, items: Sequence[Item]) -> list[tuple[int, int, bool]]:
        """(start, end, carries its pronoun) of each reporting verb among ``items``."""
        keys = [it.key for it in items]
        out, i = [], 0
        while i < len(items):
            n = self.data.pronoun_verbs.match(keys, i)
            if n:
                out.append((i, i + n, True))
                i += n
                continue
            n = self.data.verbs.match(keys, i)
            if n:
                out.append((i, i + n, False))
                i += n
                continue
            i += 1
        return out

    # -- windows --------------------------------------------------------------------------------------
    def before(self, q: Quotation) -> tuple[Paragraph, int, list[Item]]:
        """The opener's paragraph, the first item of its sentence, and the items of that sentence before
        the opening mark (back to the previous quotation at most). The sentencizer keeps an opening mark
        after a full stop with the sentence before ("… کند. «"): a full stop ends the sentence here."""
        p = self.para(self.line_of(q.open_pos))
        i = p.index_at(q.open_pos)
        a = max(p.sentence_bounds(i)[0], i - _WINDOW)
        for j in range(i - 1, a - 1, -1):
            if self.is_end(p.items[j]) and not self.in_skip(p.items[j].start):
                a = j + 1
                break
        k = bisect.bisect_left(self.q_opens, q.open_pos) - 1
        lo = max(a, p.index_at(self.quotes[k].after)) if k >= 0 else a
        items = p.items[lo:i]
        return p, a, [it for it in items if not self.in_skip(it.start)] if self.skip else items

    def after(self, q: Quotation) -> list[Item]:
        """Items after the closing mark up to the end of the sentence or the next quotation."""
        if q.close_pos is None:
            return []
        p = self.para(self.line_of(q.close_pos))
        out: list[Item] = []
        limit = int(self.limits["after_words"]) + int(self.limits["name_max_words"]) + 4
        for n in range(p.index_at(q.close_pos + 1), len(p.items)):
            it = p.items[n]
            if self.in_skip(it.start):          # inline markup (a tag, a code span) is no word
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
                and self.body[q.close_pos - 1] in self.data.terminators:
            return []                           # "„…schön.“ Er lachte.": a new sentence
        return out

    # -- attribution ----------------------------------------------------------------------------------
    def attribute(self, q: Quotation) -> _Attribution | None:
        p, sent_a, before = self.before(q)
        after = self.after(q)
        words = _word_count(_text(self.body, q), self.data)
        short = words < int(self.limits["min_words_uncued"])
        opens_clause = self._opens_clause(before)
        if short and not (opens_clause and self._closes_clause(q, after)):
            return None
        att = (self._from_after(q, after, before) if opens_clause else None) or self._from_before(q, before)
        if att is None and not any(it.word for it in after) and self._own_line(q):
            att = self.dash_line_after(q.end if q.close_pos is None else q.close_pos + 1)
        if att is None and not short and not any(it.word for it in before):
            att = self._from_previous_sentence(q, p, sent_a)
        if att is None or (short and att.way not in _SHORT_WAYS):
            return None
        if words <= int(self.limits["term_max_words"]) and not (att.way == "verb" and self._set_off(q, before, after)):
            return None
        penalty = {"mismatched": self.conf["mismatched"], "unterminated": self.conf["unterminated"]}
        start, end = self.fullest(att.start, att.end) if att.start >= 0 else (att.start, att.end)
        return replace(att, start=start, end=end, confidence=att.confidence + penalty.get(q.status, 0.0))

    def continuation(self, q: Quotation, prev: Quotation, att: _Attribution) -> _Attribution | None:
        """The same speaker for a quotation that goes on from an attributed one: it opens its sentence
        right after it (``“…,” she said. “…”``) or opens the next paragraph (a follow-on paragraph), and
        nothing in its own sentence names anyone else."""
        if _word_count(_text(self.body, q), self.data) < int(self.limits["min_words_uncued"]):
            return None
        _, _, before = self.before(q)
        ended = q.close_pos is None or self.body[q.close_pos - 1] in self.data.terminators
        if not self._bare_lead_in(before) or (not ended and any(it.word for it in self.after(q))):
            return None             # words around it in its sentence: it is not a saying on its own
        here, there = self.line_of(q.open_pos), self.line_of(prev.after - 1)
        if here != there and (not self._own_line(q) or self._filled(there, 1) != here):
            return None
        return replace(att, cue="continuation", confidence=att.confidence + self.conf["continuation"],
                       way="continuation")

    def _bare_lead_in(self, before: Sequence[Item]) -> bool:
        """Whether the words before a quotation in its sentence leave it a saying of the same speaker: none,
        or a short lead-in that names no one, holds no verb the data lists and ends with a colon
        ("Then, after a pause: “…”")."""
        words = [it for it in before if it.word]
        if not words:
            return True
        if before[-1].word or before[-1].key not in self.data.colons or len(words) > 6:
            return False
        if any(_letter(w.text).isupper() for w in words[1:]) or self.verbs_in(before):
            return False
        return not any(w.key in self.data.pronouns or w.key in self.data.first_person for w in words)

    def in_reported_sentence(self, q: Quotation, previous: tuple[Quotation, _Attribution] | None = None
                             ) -> _Attribution | None:
        """A partial quotation inside a sentence that reports speech (``She called the plan “a gamble”``,
        ``nannte sie „blanker Unsinn“``, ``laut der Polizei „…“``): the source of the sentence's
        reporting verb or "according to" phrase, the one nearest before the quotation first. A sentence
        with neither that follows one with a source in the same paragraph goes on reporting it
        (``Sie seien „…“``, cue ``partial-continuation``): the previous sentence's source, or the source of
        ``previous``, the attributed quotation just before, when it stands there."""
        if q.close_pos is None or self._name_like(q):
            return None
        p = self.para(self.line_of(q.open_pos))
        i = p.index_at(q.open_pos)
        a, b = p.sentence_bounds(i)
        sentence = [it for it in p.items[max(a, i - _WINDOW):min(b, i + _WINDOW)] if not self.quote_at(it.start)]
        cased = not self.data.unspaced_any.search(self.body[q.open_pos:q.after]) and any(
            _letter(it.text).isupper() for it in sentence[:3] if it.word)
        if not cased and _word_count(_text(self.body, q), self.data) < int(self.limits["min_words_uncued"]):
            return None             # caseless scripts: a term's speaker cannot be told from its words
        found = self._source_in_sentence(sentence, q.open_pos, cased, "partial")
        if found is not None or a == 0 or not cased:
            return found
        pa, _ = p.sentence_bounds(a - 1)
        if previous is not None and p.items[pa].start <= previous[0].open_pos < p.items[a].start:
            att = previous[1]
            return replace(att, cue="partial-continuation", way="partial",
                           confidence=min(att.confidence, self.conf["partial"]) + self.conf["continuation"])
        if any(self.quote_at(it.start) for it in p.items[pa:a]):
            return None             # the sentence before quotes someone whose source it did not name
        prev = [it for it in p.items[max(pa, a - _WINDOW):a] if not self.quote_at(it.start)]
        att = self._source_in_sentence(prev, p.items[a].start, cased, "partial")
        if att is None:
            return None
        return replace(att, cue="partial-continuation", confidence=att.confidence + self.conf["continuation"])

    def _source_in_sentence(self, sentence: Sequence[Item], pos: int, cased: bool, base: str
                            ) -> _Attribution | None:
        """The source of a sentence that reports speech: the subject of its reporting verb nearest before
        ``pos`` (else after it), or the speaker after its "according to" phrase."""
        best: tuple[int, _Attribution] | None = None
        for subject, verb, at in self._verb_subjects(sentence, sources=cased):
            att = self._result(subject, f"{base}:{verb}", base, at, verb)
            if att is not None:
                rank = pos - at if at < pos else _WINDOW * 8 + at - pos
                if best is None or rank < best[0]:
                    best = rank, att
        if best is not None:
            return best[1]
        keys = [it.key for it in sentence]
        for k in range(len(sentence)):
            n = self.data.according_to.match(keys, k) or self.data.according_to_after.match(keys, k)
            if not n or sentence[k].start > pos:
                continue
            rest = sentence[k + n:]
            subject = self.reader.after_verb(rest)
            if subject.kind not in (NAME, PRONOUN) and cased:
                subject = self._source_next_to([], rest)
            phrase = self.body[sentence[k].start:sentence[k + n - 1].end]
            att = self._result(subject, f"{base}:{phrase}", base, sentence[k].start, phrase)
            if att is not None:
                return att
        return None

    def _name_like(self, q: Quotation) -> bool:
        """Whether a quotation inside a sentence reads as a name or a title rather than words someone said:
        one or two words all capitalised ("Seestern 4", "Die Neue Bühne" where nouns are not
        capitalised), a web address, or no letter at all."""
        text = _text(self.body, q).strip(" .,;:!?")
        words = text.split()
        if not any(ch.isalpha() for ch in text) or (len(words) == 1 and "." in text.strip(".")):
            return True
        capitalised = all(not w[0].isalpha() or w[0].isupper() for w in words)
        limit = 2 if self.data.nouns_capitalised else 4
        return capitalised and len(words) <= limit and text[-1:] not in self.data.terminators

    def fullest(self, start: int, end: int) -> tuple[int, int]:
        """A surname alone ("…», afirmó Ruiz") stands for the person the article named in full before it
        ("la consultora Marta Ruiz"): the span of that fuller name (its nearest mention) when exactly one
        person fits; else the name as written. Speakers and PER entities are asked first, then the
        runs of capitalised words, read as names in their clause (titles stripped)."""
        name = self.body[start:end].split()
        if len(name) != 1:
            return start, end
        key = fold(name[0])
        for span in self.persons[self.persons_indexed:]:
            self._index(self.read_index, span)
        self.persons_indexed = len(self.persons)
        for index in (self.read_index, self._run_index()):
            fits: dict[tuple[str, ...], tuple[int, int]] = {}
            for span in index.get(key, ()):
                if span[1] <= start:
                    words = self.folded[span]
                    if words not in fits or span > fits[words]:
                        fits[words] = span              # the nearest mention is kept
            people = [w for w in fits if not any(w != v and set(w) < set(v) for v in fits)]
            if people:
                return fits[people[0]] if len(people) == 1 else (start, end)
        return start, end

    def _index(self, index: dict[str, list[tuple[int, int]]], span: tuple[int, int]) -> None:
        """File ``span`` under each word of it but the first (folded): a surname alone finds it there."""
        words = self.folded.get(span)
        if words is None:
            words = self.folded[span] = tuple(fold(w) for w in self.body[span[0]:span[1]].split())
        for w in set(words[1:]):
            index.setdefault(w, []).append(span)

    def _run_index(self) -> dict[str, list[tuple[int, int]]]:
        """:meth:`_run_names` filed by :meth:`_index`."""
        if self.run_index is None:
            index: dict[str, list[tuple[int, int]]] = {}
            for span in self._run_names():
                self._index(index, span)
            self.run_index = index
        return self.run_index

    def _run_names(self) -> list[tuple[int, int]]:
        """The names of two words or more in the article's runs of capitalised words, each read in its
        clause so that a title before it is no part of it ("il ministro dell'Economia Giancarlo …")."""
        if self.run_names is None:
            self.run_names = []
            for a, b in self.name_runs:
                p = self.para(self.line_of(a))
                i, j = p.index_at(a), p.index_at(b)
                lo = i
                while lo > max(0, i - 8) and p.items[lo - 1].word:
                    lo -= 1
                for k in range(lo, i + 1):
                    s = self.reader.parse(p.items[k:j], cover=True)
                    if s.kind == NAME and s.start >= a and len(self.body[s.start:s.end].split()) > 1:
                        # a capitalised title may be followed by its complement: "Мэр Москвы Сергей Собянин"
                        # is no clear name of three words
                        if not (s.start > a and s.titled and len(self.body[s.start:s.end].split()) > 2):
                            self.run_names.append((s.start, s.end))
                        break
        return self.run_names

    def _own_line(self, q: Quotation) -> bool:
        """Whether the quotation opens its line (a byline may stand under it)."""
        return not self.body[self.line_starts[self.line_of(q.open_pos)]:q.open_pos].strip()

    def _set_off(self, q: Quotation, before: Sequence[Item], after: Sequence[Item]) -> bool:
        """Whether punctuation parts the quotation from its sentence on both sides, as speech is
        (X said: “Yes.”; “Never,” she added; „Nein“, sagte er), unlike a term a verb takes as its
        object (宣称「费用免除」, called it “timid”, “Evet” dedi)."""
        if q.close_pos is None:
            return False
        if any(it.word for it in before) and (before[-1].word or before[-1].key not in
                                                 self.data.colons + self.data.commas + self.dashes):
            return False
        inside = self.body[q.close_pos - 1]
        return not (inside.isalnum() or inside.isspace()) or not after or not after[0].word

    def _opens_clause(self, before: Sequence[Item]) -> bool:
        """Whether the quotation opens a clause: nothing before it in its sentence but a link (colon,
        comma, dash, complementizer, reporting verb). A quotation inside a clause ("In her book “…”,
        Austen writes about loss") is a title or a phrase, not what the words after it report."""
        if not any(it.word for it in before):
            return True
        last = before[-1]
        if not last.word:
            return last.key in self.data.colons + self.data.commas + self.dashes
        if self.data.subject_before_quote and self._clause_subject(before).kind == NAME:
            return True                                   # "TÜSİAD Başkanı Orhan Turan ise “…” dedi"
        verbs = self.verbs_in(before)
        return last.key in self.data.complementizers or bool(verbs and verbs[-1][1] == len(before))

    def _closes_clause(self, q: Quotation, after: Sequence[Item]) -> bool:
        """Whether the quotation ends its clause: punctuation just inside or after the closing mark, the
        end of the line, or a reporting verb right after it ("“…” dedi")."""
        if q.close_pos is None:
            return False
        verbs = self.verbs_in(after)
        if verbs and verbs[0][0] == 0:
            return True
        if not self.body[q.close_pos - 1].isalnum() and not self.body[q.close_pos - 1].isspace():
            return True
        rest = self.body[q.close_pos + 1:q.close_pos + 3].lstrip(" \t")
        return not rest or rest[0] in "\n\r" or not rest[0].isalnum()

    def _result(self, subject: Subject, cue: str, base: str, anchor: int, verb: str = "") -> _Attribution | None:
        """Turn a subject into an attribution with the confidence of ``base``: a name stands; a pronoun,
        role or dropped subject is resolved to the nearest named person before it (``anchor``: where
        the verb or phrase stands, which also orders the words of the cue)."""
        conf = self.conf
        cue_span = (anchor, anchor + len(verb)) if verb and self.body.startswith(verb, anchor) else (-1, -1)
        if subject.kind == NAME:
            c = conf[base]
            if subject.single:
                c += conf["single_word_name"]
            if self.reader.is_person(subject.start, subject.end):
                c += conf["person_entity"]
            return _Attribution(subject.start, subject.end, cue, c, base, "person", (subject.start, subject.end),
                                cue_span)
        if subject.kind == SOURCE:
            return _Attribution(-1, -1, cue, conf[base] + conf["described_source"], base, subject.source_kind,
                                (subject.start, subject.end), cue_span, self.body[subject.start:subject.end])
        if subject.kind not in (PRONOUN, ROLE, PRODROP):
            return None
        where = subject.start if subject.kind != PRODROP else anchor    # anchor: where the verb stands
        kind = "role" if subject.kind == ROLE else "pronoun"
        written = (subject.start, subject.end) if subject.kind != PRODROP else (-1, -1)
        found = self.antecedent(where, self._subject_gender(subject, anchor, verb))
        if subject.kind == ROLE:
            holder = self._role_holder(subject)
            if holder is not None:              # "Mayor Ann Lee … the mayor said": the one person with that role
                found = holder, 0
            elif found is not None and not found[0].strong and (found[1] > 1 or not found[0].salient):
                found = None                    # a name far back is no better guess than the role as written
            elif found is not None and self._titles_of(found[0]) - self._roles_in(subject):
                found = None                    # "Captain Ola Berg … the manager said": someone else
        if found is None:
            if subject.kind == ROLE:            # "the mayor said" with no mayor named before: the role is the source
                return _Attribution(-1, -1, f"role:{verb}", conf["role"], base, "role", written, cue_span,
                                    self.body[subject.start:subject.end])
            return None
        mention, distance = found
        words = self.body[subject.start:subject.end] if subject.kind != PRODROP else ""
        said = " ".join(dict.fromkeys(x for x in ((words, verb) if subject.start < anchor else (verb, words)) if x))
        if subject.kind == PRONOUN:
            cue, c = f"pronoun:{said}", conf["pronoun"]
        elif subject.kind == ROLE:
            cue, c = f"role:{said}", conf["role"]
        else:
            cue, c = f"pro-drop:{verb}", conf["pro_drop"]
        c += conf["antecedent_distance"] * distance + (0 if mention.strong else conf["weak_antecedent"])
        c += 0 if mention.salient else conf["weak_antecedent"]
        if base == "verb_previous_sentence":
            c += conf["verb_previous_sentence"] - conf["verb"]
        return _Attribution(mention.start, mention.end, cue, min(c, conf[base]), base, kind, written, cue_span)

    def _from_after(self, q: Quotation, after: list[Item], before: list[Item]) -> _Attribution | None:
        d = self.data
        k, dash = 0, False
        while k < len(after) and not after[k].word:
            dash = dash or after[k].key in self.dashes
            k += 1
        if k == len(after):
            return None
        keys = [it.key for it in after]
        for lex in (d.according_to_after, d.according_to):
            n = lex.match(keys, k)
            if n:
                s = self.reader.after_verb(after[k + n:])
                phrase = self.body[after[k].start:after[k + n - 1].end]
                cue = f"according-to:{phrase}" if s.kind == NAME else phrase
                return self._result(s, cue, "according_to", after[k].start, phrase)
        words_seen = 0
        for i in range(k, len(after)):
            if not after[i].word:
                continue
            if words_seen > int(self.limits["after_words"]):
                break
            words_seen += 1
            found = self.verbs_in(after[i:i + 6])
            if not found or found[0][0] != 0:
                continue
            _, n, carries = found[0]
            verb_items = after[i:i + n]
            verb = self.body[verb_items[0].start:verb_items[-1].end]
            if carries:
                s = Subject(PRONOUN, verb_items[0].start, verb_items[-1].end)
                return self._result(s, "", "verb", verb_items[0].start, "")
            s = self.reader.before_verb(after[k:i])
            if s.kind == EMPTY:
                s = self.reader.after_verb(after[i + n:])
                if s.kind in (EMPTY, OTHER) and d.subject_before_quote:
                    b = self._clause_subject(before)
                    if b.kind in (NAME, PRONOUN) or (b.kind == OTHER and before):
                        s = b           # "Törene katılan bir vatandaş, “…” dedi": someone unnamed said it
                if s.kind == EMPTY and d.pro_drop:
                    s = Subject(PRODROP, verb_items[0].start, verb_items[-1].end)
            if s.kind == OTHER:
                s = self._source_next_to(after[k:i], after[i + n:])
            if s.kind == FIRST or s.kind not in (*_LINKED, PRODROP, SOURCE):
                return None
            return self._result(s, f"verb-after:{verb}", "verb", verb_items[0].start, verb)
        if dash:
            s = self.reader.after_verb(after[k:])
            if s.kind == NAME:
                return self._result(s, "dash", "dash", after[k].start)
        return None

    def _source_next_to(self, before_verb: Sequence[Item], after_verb: Sequence[Item]) -> Subject:
        """A source named by a noun phrase rather than a person's name, in the clause part just before the
        verb ("a spokesperson said", "“…,” Norvale Power said") or else just after it ("said the veteran
        goalkeeper"); OTHER when neither reads as one."""
        cut = self.reader._cut(before_verb)
        if cut:
            if len(cut) > 1 and cut[-2][1] in self.data.enumeration:
                return Subject(OTHER)           # "王明、李华表示": an item of an enumeration
            return self.reader.source_phrase(cut[-1][0], before_verb=True)
        head: list[Item] = []
        for it in after_verb:
            if not it.word and not it.inert:
                break
            head.append(it)
        rest = after_verb[len(head):len(head) + 12]
        if rest and rest[0].key in self.data.commas and any(it.key in self.data.conjunctions for it in rest):
            return Subject(OTHER)               # "said Ann Lee, Tom Baker and Mary Jones"
        return self.reader.source_phrase(head, before_verb=False) if head else Subject(OTHER)

    def _clause_subject(self, before: Sequence[Item]) -> Subject:
        """The speaker standing before the quotation in SOV order: "Ahmet Yılmaz, “…” dedi", "TÜSİAD
        Başkanı Orhan Turan ise “…” dedi" (without a comma, the words before must be wholly a name)."""
        if not before:
            return Subject(OTHER)
        if before[-1].word:
            s = self.reader.parse([it for it in before if it.word], cover=True)
            return s if s.kind == NAME else Subject(OTHER)
        return self.reader.before_verb(before)

    def _from_before(self, q: Quotation, before: list[Item]) -> _Attribution | None:
        d = self.data
        if not any(it.word for it in before):
            return None
        tail = before[-1]
        linked = not tail.word and tail.key in (d.colons + d.commas + self.dashes)
        keys = [it.key for it in before]
        gap_limit = int(self.limits["verb_gap_words"])
        verbs = self.verbs_in(before)
        if verbs:
            vi, vj, carries = verbs[-1]
            verb = self.body[before[vi].start:before[vj - 1].end]
            rest = before[vj:]
            rest_words = [it for it in rest if it.word]
            sa = Subject(PRONOUN, before[vi].start, before[vj - 1].end) if carries else self.reader.after_verb(rest)
            gap = len(rest_words)
            if sa.kind in (NAME, PRONOUN):
                gap -= len([it for it in rest_words if it.start < sa.end])
            link = linked or not rest_words or (rest_words[-1].key in d.complementizers and rest[-1].word) \
                or (sa.kind == NAME and rest_words[-1].end <= sa.end)
            if link and gap <= gap_limit:
                sb = self.reader.before_verb(before[:vi])
                order = (sa, sb) if d.verb_first else (sb, sa)
                s = next((x for x in order if x.kind in (*_LINKED, FIRST)), None)
                if s is None and sb.kind == EMPTY and sa.kind == EMPTY and d.pro_drop and linked:
                    s = Subject(PRODROP, before[vi].start, before[vj - 1].end)
                if s is None:
                    s = self._source_next_to(before[:vi], rest)
                if s.kind not in (*_LINKED, PRODROP, SOURCE):
                    return None
                cue = f"verb-before:{verb}" if s.kind == NAME else verb
                return self._result(s, cue, "verb", before[vi].start, verb)
        for i in range(len(before)):
            n = d.according_to.match(keys, i)
            if n:
                s = self.reader.after_verb(before[i + n:])
                rest = [it for it in before[i + n:] if it.start >= s.end]
                if s.kind in (NAME, PRONOUN) and (not any(it.word for it in rest) or (   # Selon X, professeure, «…»
                        rest[0].key in d.commas and tail.key in d.commas + d.colons)):
                    phrase = self.body[before[i].start:before[i + n - 1].end]
                    cue = f"according-to:{phrase}" if s.kind == NAME else phrase
                    return self._result(s, cue, "according_to", before[i].start, phrase)
        if not tail.word and tail.key in d.colons:
            s = self.reader.parse([it for it in before if it.word], cover=True)
            if s.kind == NAME:
                return self._result(s, "name-colon", "name_colon", q.open_pos)
            s = self.reader.before_verb(before[:-1])
            if s.kind == NAME:                   # "El director general, Juan Pérez, fue más cauto: «…»"
                return self._result(s, "subject-colon", "subject_colon", q.open_pos)
            s = self._name_then_predicate([it for it in before[:-1] if it.word])
            if s.kind == NAME:                   # "Ihr Kollege Thomas Müller widersprach: „…“"
                return self._result(s, "subject-colon", "subject_colon", q.open_pos)
        return None

    def _name_then_predicate(self, words: Sequence[Item]) -> Subject:
        """The name opening a short clause whose verb the data does not list: a named subject and at
        most ``predicate_max_words`` words, none of them capitalised (no second name). Without a verb
        to vouch for it, the name must be a person's: after a title ("Ihr Kollege Thomas Müller"), a PER
        entity, or a speaker already ("Chapter Four begins:" is nobody). In verb-first languages the
        verb would stand before the name: nothing."""
        limit = int(self.limits["predicate_max_words"])
        if self.data.verb_first or not words:
            return Subject(OTHER)
        s = self.reader.parse(words, cover=False)
        rest = [it for it in words if it.start >= s.end]
        if s.kind != NAME or not rest or len(rest) > limit or any(not it.text[0].islower() for it in rest):
            return Subject(OTHER)
        person = s.titled or self.reader.is_person(s.start, s.end) \
            or fold(self.body[s.start:s.end].split()[-1]) in self.surnames
        return s if person else Subject(OTHER)

    def _from_previous_sentence(self, q: Quotation, p: Paragraph, sent_a: int) -> _Attribution | None:
        if sent_a > 0:
            a, _ = p.sentence_bounds(sent_a - 1)
            sentence = p.items[max(a, sent_a - _WINDOW):sent_a]
        else:                       # the quotation opens its paragraph: the previous one must end with ":"
            n = self._filled(self.line_of(p.start), -1)
            if n < 0:
                return None
            prev = self.para(n)
            if not prev.items or prev.items[-1].key not in self.data.colons:
                return None
            sentence = prev.items[max(prev.sentence_bounds(len(prev.items) - 1)[0], len(prev.items) - _WINDOW):]
        for s, verb, at in self._verb_subjects(sentence):
            if s.kind in _LINKED:
                cue = f"verb-previous-sentence:{verb}" if s.kind == NAME else ""
                return self._result(s, cue, "verb_previous_sentence", at, verb)
        return None

    def _verb_subjects(self, sentence: Sequence[Item], sources: bool = False):
        """(subject, verb as written, verb offset) of each reporting verb of a sentence, outside quotations;
        with ``sources``, a noun phrase that names no person counts as a subject too."""
        items = [it for it in sentence if not self.in_skip(it.start)]
        for vi, vj, carries in self.verbs_in(items):
            if self.quote_at(items[vi].start):
                continue
            verb = self.body[items[vi].start:items[vj - 1].end]
            if carries:
                yield Subject(PRONOUN, items[vi].start, items[vj - 1].end), verb, items[vi].start
                continue
            lo = vi
            while lo > max(0, vi - _WINDOW) and not self.quote_at(items[lo - 1].start):
                lo -= 1
            sb = self.reader.before_verb(items[lo:vi])
            hi = vj
            while hi < min(len(items), vj + _WINDOW) and not self.quote_at(items[hi].start):
                hi += 1
            sa = self.reader.after_verb(items[vj:hi])
            order = (sa, sb) if self.data.verb_first else (sb, sa)
            s = next((x for x in order if x.kind in (*_LINKED, FIRST)), Subject(OTHER))
            if sources and s.kind == OTHER:
                s = self._source_next_to(items[lo:vi], items[vj:hi])
            yield s, verb, items[vi].start

    # -- dash lines -----------------------------------------------------------------------------------
    def dash_line_name(self, n: int) -> Subject | None:
        """The name on line ``n`` if it reads "— Name" or "— Name, role" (no handle, no date, no sentence,
        no quote marks) and is no item of a list (a line beside it opens with the same bullet)."""
        a, b = self.line_span(n)
        line = self.body[a:b].strip()
        if len(line) < 3 or line[0] not in self.dashes or len(line) > 120 or "@" in line or "http" in line:
            return None
        if line[-1] in self.data.terminators or self.in_skip(a) or self.marks.intersection(line):
            return None
        bullet = self._bullet(n)
        if bullet and any(self._bullet(k) == bullet for k in (self._filled(n, -1), self._filled(n, 1))):
            return None
        p = self.para(n)
        items = p.items
        if not items or items[0].key not in self.dashes:
            return None
        parts = self.reader.segments(items[1:])
        if not parts or any(any(ch.isdigit() for ch in w.text) for w in parts[0]):
            return None
        if any(self.verbs_in(part) for part in parts) or sum(len(x) for x in parts[1:]) > 12:
            return None
        s = self.reader.parse(parts[0], cover=True)
        return s if s.kind == NAME else None

    def _filled(self, n: int, step: int) -> int:
        """The nearest line from ``n`` in direction ``step`` holding text (-1 past either end)."""
        n += step
        while 0 <= n < len(self.line_starts) and not self.body[slice(*self.line_span(n))].strip():
            n += step
        return n if 0 <= n < len(self.line_starts) else -1

    def _bullet(self, n: int) -> str | None:
        """The list bullet opening line ``n`` ("-", "*", "1.", a dash…), if any."""
        if n < 0:
            return None
        m = _BULLET.match(self.body, *self.line_span(n))
        return m.group(1) if m and not m.group(1)[0].isdigit() else ("1." if m else None)

    def dash_line_after(self, end: int) -> _Attribution | None:
        """A dash line right after the line holding offset ``end`` (the quotation's end)."""
        n = self.line_of(end)
        a, b = self.line_span(n)
        if self.body[end:b].strip(" \t\r.,;:!?" + self.data.terminators):
            return None
        m = self._filled(n, 1)
        if m < 0:
            return None
        s = self.dash_line_name(m)
        if s is None:
            return None
        return self._result(s, "dash-line", "dash_line", end)

    def unmarked_dash_lines(self):
        """(start, end, text) of lines without quote marks that a dash line attributes: a saying of its
        own, one line ending its sentence, under a byline opened by a true dash (a hyphen opens list
        items far more often)."""
        pattern = regex.compile(rf"^[ \t]*+[{regex.escape(self.data.byline_dashes)}][^\n]{{1,120}}+$", regex.M)
        min_words, max_words = int(self.limits["min_words_uncued"]), int(self.limits["byline_max_words"])
        for m in pattern.finditer(self.body):
            k = self._filled(self.line_of(m.start()), -1)
            if k < 0:
                continue
            a, b = self.line_span(k)
            line = self.body[a:b]
            text = line.strip()
            start = a + (len(line) - len(line.lstrip()))
            end = start + len(text)
            if not _SAYING.match(text) or text[-1] not in self.data.terminators or self.in_skip(start):
                continue
            if any(q.open_pos < end and q.after > start for q in self.quotes):
                continue
            if not min_words <= _word_count(text, self.data) <= max_words:
                continue
            yield start, end, text

    # -- antecedents ----------------------------------------------------------------------------------
    def add_speaker(self, att: _Attribution) -> None:
        speakers = self.speakers.setdefault(self.line_of(att.start), [])
        bisect.insort(speakers, _Mention(att.start, att.end, True, True), key=lambda m: m.start)
        self._index(self.read_index, (att.start, att.end))
        surname = fold(self.body[att.start:att.end].split()[-1])
        if surname not in self.surnames:
            self.surnames.add(surname)
            self.mention_cache.clear()

    def mentions(self, n: int) -> list[_Mention]:
        """Named persons of line ``n``: subjects of reporting verbs, names after "according to" and
        honorifics, PER entities (strong); runs of capitalised words (weak)."""
        if n in self.mention_cache:
            return self.mention_cache[n]
        p = self.para(n)
        found: dict[tuple[int, int], bool] = {}
        openers = set()
        for k, a in enumerate(p.sent_starts):
            b = p.sent_starts[k + 1] if k + 1 < len(p.sent_starts) else len(p.items)
            first = next((j for j in range(a, b) if p.items[j].word), None)
            if first is not None:           # the sentence's first word, and the first after its title phrase
                words = [it for it in p.items[first:first + 12] if it.word][:8]
                openers.add(words[0].start)
                t = self.reader.title_phrase_end(words)                 # "O técnico Dorival Júnior convocou …"
                if 0 < t < len(words):
                    openers.add(words[t].start)
                parts = self.reader.segments(p.items[first:min(b, first + 24)])[:2]
                if len(parts) == 2 and self.reader.starts_with_title(parts[0]):
                    s = self.reader.parse(parts[1], cover=True)         # "El presidente …, Luis Gómez, fue …"
                    if s.kind == NAME:
                        found[(s.start, s.end)] = True
        items = self.outside(p.items)
        keys = [it.key for it in items]
        for k, a in enumerate(p.sent_starts):
            b = p.sent_starts[k + 1] if k + 1 < len(p.sent_starts) else len(p.items)
            for s, _, _ in self._verb_subjects(p.items[a:b]):
                if s.kind == NAME:
                    found[(s.start, s.end)] = True
        for i in range(len(items)):
            n_ = self.data.according_to.match(keys, i)
            if n_:
                s = self.reader.after_verb(items[i + n_:i + n_ + 8])
            elif self.data.honorifics.match(keys, i):
                s = self.reader.parse([w for w in items[i:i + 8] if w.word], cover=False)
            else:
                continue
            if s.kind == NAME:
                found[(s.start, s.end)] = True
        for s, e in p.persons:
            if not self.quote_at(s) and not self.in_skip(s):
                found[(s, e)] = True
        i = 0
        while i < len(items):
            if items[i].word and self.reader.cased_name_word(items[i], True) and (
                    i == 0 or not items[i - 1].word or not self.reader.cased_name_word(items[i - 1], False)
                    or items[i - 1].key in self.data.stop_words):     # "Die Ministerin Eva Roth"
                j = i
                while j < len(items) and items[j].word:
                    j += 1
                a, b, _ = self.reader.read_name(items[i:j], keys[i:j], 0, False)
                names = [w for w in items[i + a:i + b] if w.key not in self.data.particles]
                if len(names) >= 2:
                    span = (items[i + a].start, items[i + b - 1].end)
                    found.setdefault(span, False)
                    if items[i].start in openers:          # "Councilman Rick Alvarez voted …"
                        openers.add(span[0])
                elif names and items[i].start in openers and names[0].key in self.surnames:
                    found.setdefault((names[0].start, names[0].end), False)     # "Lutz kündigte … an."
                i += max(b, 1)
                continue
            i += 1
        out = [_Mention(s, e, strong, strong or s in openers) for (s, e), strong in found.items()]
        out.sort(key=lambda m: m.start)
        self.mention_cache[n] = out
        return out

    def antecedent(self, pos: int, gender: str | None = None) -> tuple[_Mention, int] | None:
        """The named person nearest before ``pos`` and how many paragraphs back it stands; with ``gender``,
        people the article marks as of the other gender are passed over."""
        n = self.line_of(pos)
        back, distance = int(self.limits["antecedent_paragraphs"]), 0
        fallback = None
        while n >= 0 and distance <= back:
            span = self.line_span(n)
            if self.body[slice(*span)].strip() and not self.in_skip(span[0]):
                best = None
                for pool in (self.mentions(n), self.speakers.get(n, [])):
                    k = bisect.bisect_left(pool, pos, key=lambda m: m.start)
                    for m in reversed(pool[max(0, k - _WINDOW):k]):       # the nearest first
                        if m.end > pos or not self._agrees(m, gender):
                            continue
                        if fallback is None:
                            fallback = m, distance
                        if m.salient:
                            if best is None or (m.start, m.strong) > (best.start, best.strong):
                                best = m
                            break
                if best is not None and gender is not None and not self._known_gender(best):
                    best = self._marked_instead(best, n, pos, gender)
                if best is not None:
                    return None if self._new_subject_between(best.end, pos) else (best, distance)
                distance += 1
            n -= 1
        if fallback and not fallback[0].strong:
            speaker = self._last_speaker(pos, fallback[0].start, gender)
            fallback = (speaker, fallback[1]) if speaker else fallback
        if fallback and self._new_subject_between(fallback[0].end, pos):
            return None
        return fallback

    def _last_speaker(self, pos: int, floor: int, gender: str | None = None) -> _Mention | None:
        """The speaker attributed last before ``pos`` within the antecedent window, when it stands before
        ``floor`` (a weaker mention there: a capitalised run such as a company or a photo credit, which a
        pronoun is less likely to mean than the person quoted just before)."""
        n = self.line_of(pos)
        for k in range(n, max(-1, n - int(self.limits["antecedent_paragraphs"]) - 1), -1):
            before = [m for m in self.speakers.get(k, []) if m.end <= pos and self._agrees(m, gender)]
            if before:
                return before[-1] if before[-1].start < floor else None
        return None

    def _role_holder(self, subject: Subject) -> _Mention | None:
        """The one person the article names with the role a definite role phrase holds ("Mayor Ann Lee",
        "transit director Paul Okafor" before "the mayor", "the director"), by the role word written next
        to the name before the phrase; None if nobody or several are."""
        roles = self._roles_in(subject)
        if not roles:
            return None
        people: dict[str, tuple[int, int]] = {}
        for a, b in self.name_runs:
            if a >= subject.start:
                break
            if not roles & self._roles_near(a, b):
                continue
            s, e = trim(self.body, a, b, self.data)
            if s > a or len(self.body[s:e].split()) >= 2:
                people.setdefault(self._person_key(s, e), (s, e))
        if len(people) != 1:
            return None
        (s, e), = people.values()
        return _Mention(s, e, True, True)

    def _roles_in(self, subject: Subject) -> set[str]:
        return {fold(w) for w in self.body[subject.start:subject.end].split() if self.data.roles.match([fold(w)], 0)}

    def _titles_of(self, m: _Mention) -> set[str]:
        """Capitalised titles written right before a mentioned name ("Captain", "Mayor"): its holder's rank,
        which a role phrase naming another rank does not mean (lowercase descriptions have synonyms)."""
        line_start = self.line_starts[self.line_of(m.start)]
        words = regex.findall(r"[\p{L}\p{M}'’-]++", self.body[max(line_start, m.start - 30):m.start])[-2:]
        return {fold(w) for w in words if w[:1].isupper() and self.data.roles.match([fold(w)], 0)}

    def _roles_near(self, start: int, end: int) -> set[str]:
        """Role words written with a name: in it or in the few words before it on its line."""
        line_start = self.line_starts[self.line_of(start)]
        words = [fold(w) for w in regex.findall(r"[\p{L}\p{M}'’-]++", self.body[max(line_start, start - 40):end])]
        return {w for w in words[-6:] if self.data.roles.match([w], 0)}

    # -- gender -------------------------------------------------------------------------------------------
    def _subject_gender(self, subject: Subject, anchor: int, verb: str) -> str | None:
        """The gender a pronoun, a role or a dropped subject's verb marks (she, la ministra, сказала)."""
        g = self.data.gender
        if subject.kind == PRONOUN:
            return pronoun_gender(fold(self.body[subject.start:subject.end]), g)
        if subject.kind == ROLE:
            words = [fold(w) for w in self.body[subject.start:subject.end].split()]
            return next((x for x in (word_gender(w, True, g) for w in words) if x), None)
        if subject.kind == PRODROP and verb:
            return verb_gender(fold(verb.split()[0]), g)
        return None

    def _known_gender(self, m: _Mention) -> bool:
        return self._person_key(m.start, m.end) in self._genders()

    def _marked_instead(self, best: _Mention, n: int, pos: int, gender: str) -> _Mention:
        """A salient person of line ``n`` before ``pos`` whom the article marks as of ``gender``, in place
        of ``best``, whose gender it does not mark ("Die Ministerin Eva Roth traf Karl Brenner. „…“, sagte
        sie": Eva Roth); else ``best``."""
        for m in reversed([m for m in self.mentions(n) if m.end <= pos and m.salient and m is not best]):
            if self._known_gender(m) and self._agrees(m, gender):
                return m
        return best

    def _agrees(self, m: _Mention, gender: str | None) -> bool:
        """Whether the person of mention ``m`` may be of ``gender`` (True when either is unknown)."""
        if gender is None:
            return True
        known = self._genders().get(self._person_key(m.start, m.end))
        return known is None or known == gender

    def _person_key(self, start: int, end: int) -> str:
        words = self.body[start:end].split()
        return fold(words[-1]).rstrip(".,;:") if words else ""

    def _genders(self) -> dict[str, str]:
        """Gender of each person (by last name) that some mention of them in the article marks; a name
        marked both ways is left out."""
        if self.person_genders is None:
            seen: dict[str, set[str]] = {}
            for a, b in [*self.name_runs, *((m.start, m.end) for ms in self.speakers.values() for m in ms)]:
                g = self._gender_at(a, b)
                if g:
                    seen.setdefault(self._person_key(a, b), set()).add(g)
            self.person_genders = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}
        return self.person_genders

    def _gender_at(self, start: int, end: int) -> str | None:
        """What the words around one mention say: a word right before it (or opening it: "Mrs Jane Doe"),
        a past-tense verb right after it, the name itself where an analyser reads names."""
        g, d = self.data.gender, self.data
        line_start = self.line_starts[self.line_of(start)]
        before = regex.findall(r"[\p{L}\p{M}.'’-]++", self.body[max(line_start, start - 40):start])[-3:]
        inside = self.body[start:end].split()
        for w in [*reversed(before), *inside[:max(0, len(inside) - 2)]]:
            key = fold(w)
            x = word_gender(key, bool(d.roles.match([key], 0)) or w[:1].isupper(), g)
            if x:
                return x
        after = regex.match(r"\s*+([\p{L}\p{M}]++)", self.body[end:end + 40])
        if after and g.verb_endings:
            key = fold(after.group(1))
            if d.verbs.match([key], 0):
                x = verb_gender(key, g)
                if x:
                    return x
        return name_gender(inside, d)

    def _new_subject_between(self, start: int, pos: int) -> bool:
        """Whether a sentence between a name and the pronoun at ``pos`` opens with a definite noun phrase
        ("Die Kundin war empört. „…“, sagte sie."): the pronoun then more likely means that unnamed one."""
        d = self.data
        if not d.definites and not d.definite_prefixes:
            return False
        end_line = self.line_of(pos)
        p = self.para(end_line)
        stop = p.sentence_bounds(p.index_at(pos))[0]
        stop_at = p.items[stop].start if stop < len(p.items) else pos
        for n in range(self.line_of(start), end_line + 1):
            para = self.para(n)
            lo = bisect.bisect_left(para.sent_starts, para.index_at(start))
            hi = bisect.bisect_right(para.sent_starts, para.index_at(stop_at))
            for k in para.sent_starts[lo:hi]:
                if k >= len(para.items):
                    continue
                first = para.items[k]
                if first.start <= start or first.start >= stop_at or self.quote_at(first.start) \
                        or self.in_skip(first.start):
                    continue
                word = next((it for it in para.items[k:k + 2] if it.word), None)
                if word is not None and word.start == first.start and (
                        word.key in d.definites or any(word.key.startswith(x) for x in d.definite_prefixes)):
                    return True
        return False
