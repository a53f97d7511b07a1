"""A one-word name stands for the person the article named in full before it: "…», afirmó Ruiz" is "la
consultora Marta Ruiz".

Articles name a person in full once and by surname (or given name) after; a source written so must be
written out in full, and an antecedent search must see it as the same person. :class:`FullNames` answers
that from the speakers attributed so far, the PER entities and the names read in the runs of capitalised
words, when exactly one person fits. It keeps its own indexes, built when first needed, and knows nothing of
antecedents: :class:`extractors.quote_people.People` holds one and asks it.
"""
from __future__ import annotations

import bisect
from typing import Sequence

import regex

from extractors.quote_lang import Item, fold
from extractors.quote_names import chunk_words, lowercase_words, past_sentence_opener
from extractors.quote_subjects import NameIndex, Reader
from extractors.quote_text import ArticleText

_WORD = regex.compile(r"[\p{L}\p{M}'’-]++")     # a word of a run: letters, apostrophes, hyphens


def _holds(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """Whether ``words`` hold ``part`` one after the other, and more words besides."""
    n = len(part)
    return len(words) > n and any(words[i:i + n] == part for i in range(len(words) - n + 1))


def _start(item: Item) -> int:
    return item.start


class FullNames:
    """A one-word name ("…», afirmó Ruiz") stands for the person the article named in full before it
    ("la consultora Marta Ruiz"). Speakers and PER entities are asked first, then the runs of capitalised
    words, read as names in their clause (titles stripped)."""

    def __init__(self, text: ArticleText, reader: Reader, names: NameIndex, runs: Sequence[tuple[int, int]]):
        self.text, self.reader, self.names, self.runs = text, reader, names, runs
        # the speakers' and PER entities' spans (the first persons_indexed of text.persons), each filed
        # under its words but the first; the run names likewise, when first needed; a span's folded words
        self.read_index: dict[str, list[tuple[int, int]]] = {}
        self.persons_indexed = 0
        self.run_index: dict[str, list[tuple[int, int]]] | None = None
        self.read_runs: list[tuple[int, int]] | None = None
        self.folded: dict[tuple[int, int], tuple[str, ...]] = {}

    def add(self, start: int, end: int) -> None:
        """A speaker's name, which a later surname alone may stand for."""
        self._index(self.read_index, (start, end))

    def fullest(self, start: int, end: int) -> tuple[int, int]:
        """The span of the fuller name (its nearest mention before ``start``) that the one-word name
        ``start:end`` stands for when exactly one person fits (or the two surnames, where people carry two);
        else the name as written."""
        name = self.text.body[start:end].split()
        if len(name) != 1 and not (len(name) == 2 and self.text.data.compound_surnames):
            return start, end               # two surnames where people carry two: "afirmó Contreras Müller"
        key = fold(name[-1])
        tail = tuple(fold(w) for w in name)
        for span in self.text.persons[self.persons_indexed:]:
            self._index(self.read_index, span)
        self.persons_indexed = len(self.text.persons)
        for index in (self.read_index, self._run_index()):
            fits: dict[tuple[str, ...], tuple[int, int]] = {}
            for span in index.get(key, ()):
                if span[1] <= start and (len(tail) == 1 or _holds(self.folded[span], tail)):
                    words = self.folded[span]
                    if words not in fits or span > fits[words]:
                        fits[words] = span              # the nearest mention is kept
            people = [w for w in fits if not any(w != v and set(w) < set(v) for v in fits)]
            if people:
                return fits[people[0]] if len(people) == 1 else (start, end)
        return start, end

    def given_name(self, start: int, end: int) -> bool:
        """Whether the one word at ``start:end`` opens a name of two words or more the article wrote before it
        ("Marta Ruiz … Marta agradece el premio a su madre:"): a person's given name."""
        return self._opens(start, end, self.runs)

    def opens_name(self, start: int, end: int) -> bool:
        """:meth:`given_name`, of a speaker's or a PER entity's name only ("Ana Ruiz … Ana …"), not of any run
        of capitalised words ("Stella's Restaurant")."""
        return self._opens(start, end, [*self.text.persons, *(s for v in self.read_index.values() for s in v)])

    def _opens(self, start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
        key = fold(self.text.body[start:end])
        return any(b <= start and len(words) >= 2 and words[0] == key
                   for a, b in spans for words in (self.folded_words(a, b),))

    def folded_words(self, start: int, end: int) -> tuple[str, ...]:
        """The folded words of the span ``start:end``, kept once read."""
        words = self.folded.get((start, end))
        if words is None:
            words = self.folded[start, end] = tuple(fold(w) for w in self.text.body[start:end].split())
        return words

    def _index(self, index: dict[str, list[tuple[int, int]]], span: tuple[int, int]) -> None:
        """File ``span`` under each word of it but the first (folded): a surname alone finds it there."""
        words = self.folded_words(*span)
        for w in set(words[1:]):
            index.setdefault(w, []).append(span)

    def _run_index(self) -> dict[str, list[tuple[int, int]]]:
        """:meth:`run_names` filed by :meth:`_index`, when first needed."""
        if self.run_index is None:
            index: dict[str, list[tuple[int, int]]] = {}
            for span in self.run_names():
                self._index(index, span)
            self.run_index = index
        return self.run_index

    def run_names(self) -> list[tuple[int, int]]:
        """:meth:`_run_names`, read once."""
        if self.read_runs is None:
            self.read_runs = self._run_names()
        return self.read_runs

    def _run_names(self) -> list[tuple[int, int]]:
        """The names of two words or more in the article's runs of capitalised words, each read in its
        clause so that a title before it is no part of it ("il ministro dell'Economia Giancarlo …"). A run
        may hold several, joined by a conjunction ("Ana Lima e Rui Costa", "die Ärztin Eva Roth und der
        Physiker Jan Ott von der Klinik"): each part is read, or failing that its words before a lowercase
        one."""
        out = []
        body = self.text.body
        lowercase = lowercase_words(body)
        for a, b in self.runs:
            a = past_sentence_opener(body, a, b, lowercase, self.text.data)
            for part in self._run_parts(a, b):
                span = next(filter(None, map(self._run_name, part)), None)
                if span is not None:
                    out.append(span)
        return out

    def _run_parts(self, a: int, b: int) -> list[list[tuple[int, int]]]:
        """The parts of the run ``a:b`` between its conjunctions, each as the spans to read a name in: the
        whole part, then its words before each lowercase word in it, the longest first."""
        d = self.text.data
        words = chunk_words(_WORD, self.text.body, a, b)
        parts: list[list[tuple[int, int, str]]] = [[]]
        for w in words:
            if w[2] in d.conjunctions:
                parts.append([])
            elif parts[-1] or w[2][:1].isupper():
                parts[-1].append(w)
        out = []
        for part in parts:
            if len(part) < 2:
                continue
            cuts = [k for k in range(len(part) - 1, 1, -1) if part[k][2][:1].islower()]
            out.append([(part[0][0], part[k - 1][1]) for k in [len(part), *cuts]])
        return out

    def _run_name(self, span: tuple[int, int]) -> tuple[int, int] | None:
        """The name of two words or more the words at ``span`` spell, read in their clause."""
        a, b = span
        body = self.text.body
        line = self.text.line_of(a)
        items = self.text.words(line, b)    # a line no other stage reads need not be analysed for it, nor cut
                                            # past the run
        i, j = bisect.bisect_left(items, a, key=_start), bisect.bisect_left(items, b, key=_start)
        lo = i
        while lo > max(0, i - 8) and items[lo - 1].word:
            lo -= 1
        tries, asks = self.reader.run_tries(items[lo:j], i - lo)     # no name of the run read from the others;
        if asks:                                                    # a capitalised title may ask for openers
            items = self.text.para(line).items      # the same items, their sentence openers found
        for k in (lo + k for k in tries):
            s = self.reader.name(items[k:j], cover=True)
            if s is not None and s.start >= a and len(body[s.start:s.end].split()) > 1:
                # a capitalised title may be followed by its complement: "Мэр Москвы Сергей Собянин"
                # is no clear name of three words
                if not (s.start > a and s.titled and len(body[s.start:s.end].split()) > 2):
                    self.names.learn_name(s)
                    return s.start, s.end
                return None
        return None
