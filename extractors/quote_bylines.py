"""Bylines: a line "— Name" (or "— Name, role") under a saying names who said it.

A quotation opening its line, or a line without quote marks that ends its sentence, followed by such a line is
attributed to that name (cue ``dash-line``), unless the line is an item of a list (a line beside it opens
with the same bullet) or the dash is a hyphen, which opens list items far more often than bylines.
"""
from __future__ import annotations

from typing import Iterator

import regex

from extractors.quote_attribution import Attribution, Attributor
from extractors.quote_subjects import NAME, Reader, Subject
from extractors.quote_text import ArticleText, word_count

# How a saying of its own may open: a letter or a digit, an inverted mark, a bracket (no markup, no bullet).
_SAYING = regex.compile(r"[\p{L}\p{N}¿¡(]")


class Bylines:
    """A line "— Name" (or "— Name, role") under a saying: the byline of the quotation or of the line
    without quote marks above it, unless it is an item of a list."""

    def __init__(self, text: ArticleText, reader: Reader, attributor: Attributor):
        self.text, self.reader, self.attributor = text, reader, attributor
        self.body, self.data = text.body, text.data
        pairs = text.data.pairs
        self.marks = (set("".join(pairs)) | set("".join(pairs.values()))) - set(text.data.apostrophes)

    def name(self, n: int) -> Subject | None:
        """The name on line ``n`` if it reads "— Name" or "— Name, role" (no handle, no date, no sentence,
        no quote marks) and is no item of a list (a line beside it opens with the same bullet)."""
        text = self.text
        a, b = text.line_span(n)
        line = self.body[a:b].strip()
        if len(line) < 3 or line[0] not in self.data.dashes or len(line) > 120 or "@" in line or "http" in line:
            return None
        if line[-1] in self.data.terminators or text.in_skip(a) or self.marks.intersection(line):
            return None
        bullet = text.bullet(n)
        if bullet and any(text.bullet(k) == bullet for k in (text.filled(n, -1), text.filled(n, 1))):
            return None
        items = text.para(n).items
        if not items or items[0].key not in self.data.dashes:
            return None
        parts = self.reader.clause.segments(items[1:])
        if not parts or any(any(ch.isdigit() for ch in w.text) for w in parts[0]):
            return None
        if any(text.verbs_in(part) for part in parts) or sum(len(x) for x in parts[1:]) > 12:
            return None
        s = self.reader.parse(parts[0], cover=True)
        return s if s.kind == NAME else None

    def after(self, end: int) -> Attribution | None:
        """A dash line right after the line holding offset ``end`` (the quotation's end)."""
        n = self.text.line_of(end)
        a, b = self.text.line_span(n)
        if self.body[end:b].strip(" \t\r.,;:!?" + self.data.terminators):
            return None
        m = self.text.filled(n, 1)
        if m < 0:
            return None
        s = self.name(m)
        if s is None:
            return None
        return self.attributor.attribution(s, "dash-line", "dash_line", end)

    def unmarked(self) -> Iterator[tuple[int, int, str]]:
        """(start, end, text) of lines without quote marks that a dash line attributes: a saying of its
        own, one line ending its sentence, under a byline opened by a true dash (a hyphen opens list
        items far more often)."""
        text, limits = self.text, self.data.limits
        pattern = regex.compile(rf"^[ \t]*+[{regex.escape(self.data.byline_dashes)}][^\n]{{1,120}}+$", regex.M)
        min_words, max_words = int(limits["min_words_uncued"]), int(limits["byline_max_words"])
        for m in pattern.finditer(self.body):
            k = text.filled(text.line_of(m.start()), -1)
            if k < 0:
                continue
            a, b = text.line_span(k)
            line = self.body[a:b]
            saying = line.strip()
            start = a + (len(line) - len(line.lstrip()))
            end = start + len(saying)
            if not _SAYING.match(saying) or saying[-1] not in self.data.terminators or text.in_skip(start):
                continue
            if any(q.open_pos < end and q.after > start for q in text.quotes):
                continue
            if not min_words <= word_count(saying, self.data) <= max_words:
                continue
            yield start, end, saying
