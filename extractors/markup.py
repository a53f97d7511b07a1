"""Where a source is markup rather than the article's prose: spans no extractor should read as text.

``non_prose_spans(source, kind)`` is what :mod:`extractors.quotes` leaves out of a body: quote marks,
colons and names in code or metadata are not an article's words (``{ type: 'Left' }`` in a code block,
a YAML list ``- "Machine Learning"``). For Markdown: front matter (YAML ``---``, TOML ``+++``), fenced
code (``` and ~~~; unclosed, to the end), indented code blocks at the top level, inline code spans,
HTML comments, ``<script>``/``<style>``/``<pre>``/``<code>``/``<textarea>`` elements, HTML tags,
template tags (``{{< … >}}``, ``{% … %}``) and link destinations with their titles. Plain text: front
matter, comments and those elements. An HTML document's body is already the page's plain text: nothing.

Constructs are read left to right as CommonMark reads them, so the first one wins: a comment inside a
fence is code, backticks inside a comment open no code span, ``<pre>`` written in a code span opens no
element. ``shown_markup`` is the part :mod:`extractors.tweets` hides embed code in (comments, raw-text
elements, fences): there tags are the very thing looked for. Linear: an unclosed construct runs to the
end instead of being retried. ``shown_inline`` reads inline Markdown as shown (a link by its text), as a
tweet pasted into a Markdown post is read.
"""
from __future__ import annotations

import bisect
import html
import math
import re
from typing import Sequence

import regex

# Front matter opening the file (a BOM allowed): YAML between "---" lines, TOML between "+++" lines.
FRONT_MATTER = regex.compile(
    r"\A\ufeff?(?:(---)[ \t]*+\n(.*?)\n---|(\+\+\+)[ \t]*+\n(.*?)\n\+\+\+)[ \t]*+(?:\n|\Z)", regex.DOTALL)
_FENCE = regex.compile(r"^[ \t]{0,3}+(?:>[ \t]?+)*+(`{3,}+|~{3,}+)", regex.MULTILINE)
# Blocks whose markup is shown, not meant. A fence opens a line (after "> " markers); a backtick fence's
# info string holds no backtick (else it is an inline code span). Each pattern opens with a lookahead for
# the characters its constructs start with, so that a search skips plain text quickly.
_FENCE_OPEN = r"(?P<fence>(?<=^[ \t]{0,3}+(?:>[ \t]?+)*+)(?:`{3,}+(?=[^`\n]*+$)|~{3,}+))"
_RAW_OPEN = r"(?P<comment><!--)|(?P<raw><(?P<name>script|style|pre|code|textarea)\b[^<>]*+>)"
_FLAGS = regex.MULTILINE | regex.IGNORECASE
_TEXT_TOKEN = regex.compile(f"(?=<)(?:{_RAW_OPEN})", _FLAGS)
_SHOWN_TOKEN = regex.compile(f"(?=[`~<])(?:{_FENCE_OPEN}|{_RAW_OPEN})", _FLAGS)
# Every construct of a Markdown body, the earliest first.
_MD_TOKEN = regex.compile(
    f"(?=[`~<{{\\[\\]])(?:{_FENCE_OPEN}|(?P<ticks>`++)|{_RAW_OPEN}"
    r"|</?[A-Za-z][A-Za-z0-9-]{0,30}+(?:\s[^<>]{0,2000}+)?+>"             # any other tag
    r"|\{\{.{0,500}?\}\}|\{%.{0,500}?%\}"                                   # Hugo shortcodes, Liquid
    r"|\]\([^()\n]{0,2000}+\)"                                              # a link's destination and title
    r"|(?<=^[ \t]{0,3}+)\[(?!\^)[^\]\n]{1,999}+\]:[ \t]*+\S++"                # a link reference definition
    r"(?:[ \t]++(?:\"[^\"\n]*+\"|'[^'\n]*+'|\([^()\n]*+\)))?+[ \t]*+$)",    # (not a footnote's text)
    _FLAGS)
_BLANK_LINE = regex.compile(r"\n[ \t]*+(?:\n|\Z)")
_INDENTED = regex.compile(r"^(?: {4}|[ ]{0,3}\t)[ \t]*+\S[^\n]*+(?:\n[ \t]*+(?=\n)|\n(?: {4}|[ ]{0,3}\t)[^\n]*+)*+",
                          regex.MULTILINE)
_LIST_ITEM = regex.compile(r"[ \t]{0,3}+(?:[-*+•]|\d{1,9}+[.)])[ \t]")


def non_prose_spans(source: str, kind: str) -> list[tuple[int, int]]:
    """Sorted, disjoint (start, end) spans of ``source`` that are markup, for a document of ``kind``
    ("markdown", "text" or "html"; an HTML document's body holds no markup)."""
    if kind == "html" or not source:
        return []
    front = FRONT_MATTER.match(source)
    spans = [(0, front.end())] if front else []
    pos = front.end() if front else 0
    if kind != "markdown":
        spans += _scan(source, pos, _TEXT_TOKEN)
        return merged(spans)
    spans += _scan(source, pos, _MD_TOKEN)
    spans += _indented_code(source, pos, merged(spans))
    return merged(spans)


def _scan(source: str, pos: int, token: regex.Pattern) -> list[tuple[int, int]]:
    spans = []
    spans_of_code: _CodeSpans | None = None
    while match := _search(source, pos, token):
        start, end = match.span()
        kind = match.lastgroup if match.lastgroup != "name" else "raw"
        if kind == "fence":                      # the whole line, "> " markers included
            start, end = source.rfind("\n", 0, start) + 1, _fence_end(source, match)
        elif kind == "ticks":
            spans_of_code = spans_of_code or _CodeSpans(source)
            end = spans_of_code.end(start)
            if end is None:                      # a backtick string no other one closes is literal
                pos = match.end()
                continue
        elif kind == "comment":
            close = source.find("-->", match.end())
            end = len(source) if close < 0 else close + 3
        elif kind == "raw":
            close = regex.compile(rf"</{match.group('name')}\s*+>", regex.IGNORECASE).search(source, match.end())
            end = close.end() if close else len(source)
        spans.append((start, end))
        pos = max(end, start + 1)
    return spans


# The characters each token opens with (the class of its leading lookahead), found by a stdlib scan: the regex module
# tries its lookahead at every character of the plain text between tokens (~10 ns each), where `re` skips it in C.
_OPENERS = {_TEXT_TOKEN: re.compile("<"), _SHOWN_TOKEN: re.compile("[`~<]"), _MD_TOKEN: re.compile(r"[`~<{\[\]]")}


def _search(source: str, pos: int, token: regex.Pattern) -> regex.Match | None:
    """``token.search(source, pos)``, tried only where one of the characters it opens with stands: the same match
    (the first position from ``pos`` where the token matches, the match made there)."""
    opener = _OPENERS[token]
    while candidate := opener.search(source, pos):
        match = token.match(source, candidate.start())
        if match:
            return match
        pos = candidate.start() + 1
    return None


def _fence_end(source: str, match: regex.Match) -> int:
    """End of the line closing the fence opened by ``match`` (same character, at least as long, nothing
    after it), or the end of the source."""
    mark = match.group()
    line_end = source.find("\n", match.end())
    if line_end < 0:
        return len(source)
    for close in _FENCE.finditer(source, line_end + 1):
        run = close.group(1)
        if run[0] == mark[0] and len(run) >= len(mark):
            end = source.find("\n", close.end())
            end = len(source) if end < 0 else end
            if not source[close.end():end].strip():
                return end
    return len(source)


class _CodeSpans:
    """Where the code span a backtick string opens ends: at the next string of as many backticks in
    its paragraph. Every string's match is found in one pass, so many strings cost no more than one."""

    def __init__(self, source: str):
        runs = [m.span() for m in regex.finditer(r"`++", source)]
        self.starts = [a for a, _ in runs]
        self.closer: list[tuple[int, int] | None] = [None] * len(runs)
        last: dict[int, tuple[int, int]] = {}
        for k in range(len(runs) - 1, -1, -1):
            size = runs[k][1] - runs[k][0]
            self.closer[k] = last.get(size)
            last[size] = runs[k]
        self.blank_lines = [m.start() for m in _BLANK_LINE.finditer(source)]

    def end(self, start: int) -> int | None:
        close = self.closer[bisect.bisect_left(self.starts, start)]
        if close is None:
            return None
        k = bisect.bisect_left(self.blank_lines, start)
        return close[1] if k == len(self.blank_lines) or close[0] < self.blank_lines[k] else None


def _indented_code(source: str, pos: int, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Indented code blocks: runs of lines indented four spaces (or a tab) after a blank line, where
    the nearest text above stands at the top level (neither indented nor a list item, whose paragraphs
    are indented too). Nothing when most lines are indented: that is the text's layout, not code."""
    found = []
    for match in _INDENTED.finditer(source, pos):
        start = match.start()
        if inside(blocks, start):
            continue
        above, blank = _text_above(source, pos, start)
        if not blank or (above and (above[0] in " \t" or _LIST_ITEM.match(above))):
            continue                     # a paragraph's continuation, or a list item's own paragraph
        found.append((start, start + len(match.group().rstrip())))
    indented = sum(source.count("\n", a, b) + 1 for a, b in found)
    lines = sum(1 for line in source[pos:].split("\n") if line.strip())
    return found if indented * 2 <= lines else []


def _text_above(source: str, pos: int, start: int) -> tuple[str, bool]:
    """The nearest non-blank line above the line at ``start`` ("" at the top) and whether a blank line
    (or the top) separates them."""
    end, blank = start - 1, False
    while end > pos:
        line_start = max(pos, source.rfind("\n", pos, end) + 1)
        line = source[line_start:end]
        if line.strip():
            return line, blank
        blank, end = True, line_start - 1
    return "", True


def shown_markup(source: str, markdown: bool) -> list[tuple[int, int]]:
    """Spans where markup is shown, not meant: comments, scripts, code (embed code in a tutorial)."""
    return _scan(source, 0, _SHOWN_TOKEN if markdown else _TEXT_TOKEN)


def merged(zones) -> list[tuple[int, int]]:
    """Zones sorted and merged, so that a bisection finds the one around an offset."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(zones):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def inside(spans: Sequence[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of ``spans``, which must be :func:`merged` (sorted and disjoint)."""
    k = bisect.bisect_right(spans, (pos, math.inf)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


# --- HTML nesting ---------------------------------------------------------------------------------------------

# HTML parsers check the stack of open elements for each block that opens: unclosed blocks nested 100,000 deep cost
# minutes (lexbor: 80,000 <div> take 10 s). Browsers and libxml2 cap the depth; so does shallow_markup, at
# libxml2's 256 (trafilatura's parser keeps nothing deeper anyway).
MAX_DEPTH = 256
_NESTING_TOKEN = regex.compile(
    r"<!--|<(/?)([A-Za-z][A-Za-z0-9-]{0,30}+)(?=[\s/>])[^<>]*+>", regex.IGNORECASE)
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes noscript plaintext".split())
_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
# Elements a second one of the same name closes (their end tag is optional): <p>a<p>b nests nothing.
_SELF_CLOSING_SIBLINGS = frozenset("p li dt dd tr td th option optgroup rb rt rp".split())
_CLOSE_WINDOW = 64  # an end tag closes the nearest open element of its name within this many


def shallow_markup(markup: str, max_depth: int = MAX_DEPTH) -> str:
    """``markup`` with the start tags that would open elements deeper than ``max_depth`` removed (their
    content stays, in the element above): what an HTML parser can build in linear time.

    The nesting is followed as a parser roughly does: void elements nest nothing, a ``<p>`` or ``<li>`` closes
    an open one of its name, an end tag closes up to the nearest element of its name, comments and raw-text
    elements (script, style…) hold no tags. A page with fewer start tags than ``max_depth`` is returned as is."""
    if markup.count("<") - markup.count("</") <= max_depth:
        return markup
    stack: list[str] = []
    cuts: list[tuple[int, int]] = []
    pos = 0
    while match := _NESTING_TOKEN.search(markup, pos):
        pos = match.end()
        name = match.group(2)
        if name is None:  # a comment, to its end
            close = markup.find("-->", pos)
            pos = len(markup) if close < 0 else close + 3
            continue
        name = name.lower()
        if match.group(1):
            for k in range(len(stack) - 1, max(-1, len(stack) - 1 - _CLOSE_WINDOW), -1):
                if stack[k] == name:
                    del stack[k:]
                    break
            continue
        if name in _VOID:
            continue
        if name in _SELF_CLOSING_SIBLINGS and stack and stack[-1] == name:
            stack.pop()
        if len(stack) >= max_depth:
            cuts.append(match.span())
            continue
        stack.append(name)
        if name in _RAW_TEXT:
            close = regex.compile(rf"</{name}(?=[\s/>])[^<>]*+>", regex.IGNORECASE).search(markup, pos)
            pos = close.end() if close else len(markup)
            stack.pop()
    if not cuts:
        return markup
    kept, last = [], 0
    for start, end in cuts:
        kept.append(markup[last:start])
        last = end
    kept.append(markup[last:])
    return "".join(kept)


# Inline Markdown as a reader sees it: a link or image by its text, an autolink by its URL, an escaped
# character by itself, an entity by its character.
_SHOWN_INLINE = regex.compile(
    r"!?\[([^\[\]\n]{0,1000}+)\]\((?:[^()\s]{0,2000}+|[^()\s]{0,2000}+\([^()\s]{0,2000}+\)[^()\s]{0,2000}+)"
    r"(?:[ \t]++(?:\"[^\"\n]{0,500}+\"|'[^'\n]{0,500}+'))?+\)"
    r"|<((?:https?|ftp)://[^<>\s]{1,2000}+)>")
_ESCAPED = regex.compile(r"\\([!-/:-@\[-`{-~])")


def shown_inline(text: str) -> str:
    """``text`` (inline Markdown) as shown: "[pic.twitter.com/x](https://t.co/x)" reads "pic.twitter.com/x",
    "\\_" reads "_", "&amp;" reads "&"."""
    return html.unescape(_ESCAPED.sub(r"\1", _SHOWN_INLINE.sub(lambda m: m.group(1) or m.group(2) or "", text)))
