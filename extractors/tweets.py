"""Embedded tweets, in both layouts articles carry them.

* Twitter's embed code, ``<blockquote class="twitter-tweet"><p lang=…>text</p>&mdash; Name (@handle)
  <a href=".../status/ID">date</a></blockquote>``, found in the raw source so that it is seen in HTML,
  Markdown and plain text alike, and read with an HTML parser.
* Pasted text: the tweet's text, then an attribution line ``— Name (@handle) date`` (any dash, any
  date form). The attribution must carry a ``(@handle)``: ``— Peter Drucker`` is a quotation's byline.

Offsets index ``Document.source``: a tweet spans its blockquote, or its text and attribution line.
"""
from __future__ import annotations

import bisect
import html
from dataclasses import dataclass

import regex
from selectolax.lexbor import LexborHTMLParser

from extractors import entities
from extractors.data_files import load_data
from extractors.dates import ascii_digits, parse_date
from extractors.markup import merged, shallow_markup, shown_inline, shown_markup
from extractors.records import Document, Tweet

_DATA = load_data("tweets.toml")
# The <blockquote> classes of Twitter's embed code (document.py drops those blockquotes from the prose).
EMBED_CLASSES = frozenset(_DATA["embed"]["classes"])
_FOREIGN_CLASSES = frozenset(_DATA["embed"]["other_networks_classes"])
_MAX_TAIL = _DATA["attribution"]["max_tail_chars"]
_MAX_WEIGHT = _DATA["body"]["max_weighted_length"]
_URL_WEIGHT = _DATA["body"]["url_weight"]
# Characters outside the light ranges, which weigh 2.
_HEAVY = regex.compile("[^%s]" % "".join(rf"\U{a:08x}-\U{b:08x}" for a, b in _DATA["body"]["light_ranges"]))
# An embed's date is also tried in English, the language of Twitter's default embed code.
_FALLBACK_LANGS = ("en",)

# --- locating embeds in raw text -------------------------------------------------------------------
# Tags are matched without crossing a "<", so that broken markup costs linear time.
_ATTR = r"""[^\s=<>/"']++(?:\s*+=\s*+(?:"[^"<>]{0,2000}+"|'[^'<>]{0,2000}+'|[^\s<>]++))?+"""
_BQ_OPEN = regex.compile(rf"<blockquote(?=[\s/>])((?:\s*+{_ATTR}){{0,100}}+)\s*+/?>", regex.IGNORECASE)
_BQ_TAG = regex.compile(r"<(/?)blockquote(?=[\s/>])[^<>]*+>", regex.IGNORECASE)
_ATTRS = regex.compile(r"""([^\s=<>/"']++)(?:\s*+=\s*+("[^"<>]{0,2000}+"|'[^'<>]{0,2000}+'|[^\s<>]++))?+""")
_BLOCK_END = regex.compile(r"\n[ \t]*+\n|</(?:div|figure|article|section|main|body|html|td|li)\b", regex.IGNORECASE)
_QUOTE_PREFIX = regex.compile(r"^[ \t]{0,3}+(?:>[ \t]?+)++", regex.MULTILINE)
_RAW_TEXT_CLOSE = {name: regex.compile(rf"</{name}\s*+>", regex.IGNORECASE) for name in ("script", "style", "textarea")}
_BR = regex.compile(r"<br\b[^<>]*+>", regex.IGNORECASE)
_P_OPEN = regex.compile(r"<p(?=[\s/>])[^<>]*+>", regex.IGNORECASE)
_P_CLOSE = regex.compile(r"</p\s*+>", regex.IGNORECASE)
_LINE_MARK = "\ue000"  # stands for <br> while the fragment is parsed

# --- reading attributions --------------------------------------------------------------------------
_DASH = "(?:[\\p{Pd}%s]|%s)" % ("".join(regex.escape(c) for c in _DATA["attribution"]["extra_dashes"]),
                             "|".join(regex.escape(e) for e in _DATA["attribution"]["dash_entities"]))
_DASH_CHAR = regex.compile(_DASH)
# A byline as written in embed code: a dash (after a space or a tag) then "Name (@handle)".
# The name may hold parentheses ("Naba (ナーバ)"), the handle may be a link.
_RAW_BYLINE = regex.compile(
    rf"(?<=[\s>]|&nbsp;){_DASH}{{1,3}}+(?:\s|&nbsp;)*+(?:[^<>()\n]|\([^<>()\n@＠]{{0,50}}+\)){{0,100}}"
    r"\(\s*+(?:<a\b[^<>]{0,500}+>\s*+)?+[@＠][A-Za-z0-9_]{1,20}+\s*+(?:</a\s*+>\s*+)?+\)")
_BYLINE = regex.compile(rf"^{_DASH}{{1,3}}+[ \t\u00a0]*+(.*+)$", regex.DOTALL)
_HANDLE = regex.compile(
    r"\(\s*+\[?+[@＠]((?:[A-Za-z0-9_]|\\[!-/:-@\[-`{-~])++)\]?+(?:\([^()\s]{0,500}+\))?+\s*+\)")
_MD_ESCAPE = regex.compile(r"\\([!-/:-@\[-`{-~])")
_MD_LINK = regex.compile(r"^\[([^\]\n]{1,100}+)\]\(\s*+([^()\s]{1,500}+)\s*+\)")
_STATUS = regex.compile(
    r"(?:https?:)?//(?:[\w-]{1,30}\.)?(?:%s)/(?:#!/)?+(\w{1,50}+)/status(?:es)?+/(\d{1,25}+)[^\s\"'<>)]*+"
    % "|".join(map(regex.escape, _DATA["embed"]["status_domains"])), regex.IGNORECASE)
_SPACES = regex.compile(r"[^\S\n]++")
# Lines that end a paragraph above them: a Markdown heading, a rule.
_BREAK = regex.compile(r"#{1,6}+\s|(?:[-*_=][ \t]*+){3,}+$")
_LIST_BULLET = regex.compile(r"[-*+] ")
_INLINE_TAG = regex.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,30}+(?:\s[^<>]{0,2000}+)?+/?>")
_EMPHASIS_WRAP = regex.compile(r"^([*_]{1,3}+)(\S.{0,1000}?)\1$")
_DIGIT = regex.compile(r"\d")
# Tags as the HTML tokenizer reads them, and the elements whose content is read as text (tags in them too).
_ANY_TAG = regex.compile(r"<(?:/?[A-Za-z]|[!?])[^<>]*+>")
_RAW_TEXT_OPEN = regex.compile(r"<(?:textarea|title|xmp|plaintext|script|style|noscript|iframe|noembed|noframes)",
                               regex.IGNORECASE)


@dataclass(frozen=True)
class _View:
    """Text to find pasted tweets in, and the way back to source offsets (identity unless HTML).

    ``segments`` are (view offset, source start, source end, verbatim): a verbatim run of text maps
    character for character; anything else (an entity, a tag standing for a line break) maps as a whole.
    """

    text: str
    segments: tuple[tuple[int, int, int, bool], ...] = ()

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        if not self.segments:
            return start, end
        return self._source(start)[0], self._source(end - 1)[1]

    def _source(self, pos: int) -> tuple[int, int]:
        """(start, end) in the source of the view's character at ``pos``."""
        view, src, src_end, verbatim = self.segments[bisect.bisect_right(self.segments, (pos, 1 << 62)) - 1]
        return (src + pos - view, src + pos - view + 1) if verbatim else (src, src_end)


def extract_tweets(doc: Document) -> list[Tweet]:
    """Every tweet in ``doc``, embedded or pasted, numbered 1.. in order of appearance."""
    dead = merged(shown_markup(doc.source, markdown=doc.kind != "html"))
    found = []
    embeds = []
    for start, end, fragment in _embed_fragments(doc.source, dead, EMBED_CLASSES):
        embeds.append((start, end))
        if _blank(fragment):
            continue
        tweet = _embed_tweet(doc, start, end, fragment)
        if tweet["text"].strip() or tweet["author_name"] or tweet["handle"]:  # an empty embed is no tweet
            found.append(tweet)
    # Another network's embed (Instagram, Facebook, Bluesky …) is no tweet, whatever its byline looks like.
    embeds += [(start, end) for start, end, _ in _embed_fragments(doc.source, dead, _FOREIGN_CLASSES)]
    embeds = merged(embeds)
    view = _html_view(doc.source, embeds) if doc.kind == "html" else _View(doc.source)
    skip = [] if doc.kind == "html" else merged(dead + embeds)
    found.extend(_pasted_tweets(doc, view, skip))
    found.sort(key=lambda t: t["start"])
    return [Tweet(seq=n, **fields) for n, fields in enumerate(found, 1)]


# --- embeds ----------------------------------------------------------------------------------------

def _overlaps(a: int, b: int, zones: list[tuple[int, int]]) -> bool:
    """Whether [a, b) meets one of the merged ``zones`` (an empty span at a counts as a point)."""
    i = bisect.bisect_right(zones, (a, float("inf"))) - 1
    if i >= 0 and zones[i][1] > a:
        return True
    return i + 1 < len(zones) and zones[i + 1][0] < max(b, a + 1)


def _embed_fragments(source: str, dead: list[tuple[int, int]], wanted: frozenset[str]):
    """(start, end, HTML) of every blockquote of one of the ``wanted`` classes. One whose close is missing ends where its block does
    (a blank line or a closing block tag), and at the latest where the next embed opens."""
    opens = []
    for match in _BQ_OPEN.finditer(source):
        classes = set()
        for name, value in _ATTRS.findall(match.group(1)):
            if name.lower() == "class":
                classes.update(html.unescape(value.strip("\"'")).split())
        if classes & wanted and not _overlaps(match.start(), match.start() + 1, dead):
            opens.append(match)
    for n, match in enumerate(opens):
        limit = opens[n + 1].start() if n + 1 < len(opens) else len(source)
        end, depth = None, 1
        for tag in _BQ_TAG.finditer(source, match.end(), limit):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag.end()
                break
        if end is None:  # unclosed (broken HTML): it ends where its block does
            block_end = _BLOCK_END.search(source, match.end(), limit)
            end = block_end.start() if block_end else limit
        fragment = source[match.start():end]
        if _quote_prefixed(source, match.start()):
            fragment = _QUOTE_PREFIX.sub("", fragment)
        yield match.start(), end, fragment


def _blank(fragment: str) -> bool:
    """Whether an embed shows nothing but tags and white space and links to no status: no tweet, and no parser
    needed to say so (a page of 100,000 empty embed openings costs no 100,000 parses)."""
    return (not _ANY_TAG.sub("", fragment).strip() and not _RAW_TEXT_OPEN.search(fragment)
            and not _STATUS.search(fragment))


def _quote_prefixed(source: str, pos: int) -> bool:
    """Whether the embed sits in a Markdown "> " quote: then every line of it carries the marker."""
    line_start = source.rfind("\n", 0, pos) + 1
    return _QUOTE_PREFIX.fullmatch(source, line_start, pos) is not None


def _embed_tweet(doc: Document, start: int, end: int, fragment: str) -> dict:
    tree = LexborHTMLParser(shallow_markup(_BR.sub(_LINE_MARK, _close_paragraph(fragment))))
    quote = tree.css_first("blockquote")
    if quote is None:  # "<blockquote-x class=twitter-tweet>": the parser made no <blockquote> of it
        return _fields("", None, None, None, None, doc.lang, None, None, start, end)
    data_lang = quote.attributes.get("data-lang")
    texts, lang = [], None
    for p in quote.css("p"):
        text = _clean(p.text(deep=True, separator=""))
        if _BYLINE.match(text) and _HANDLE.search(text):  # a byline written as a paragraph
            continue
        lang = lang or p.attributes.get("lang")
        texts.append(text)
        p.decompose()
    status_url = tweet_id = date_text = None
    links = [(a, _STATUS.search(a.attributes.get("href") or "")) for a in quote.css("a")]
    links = [(a, m) for a, m in links if m]
    if links:
        link, match = links[-1]
        status_url = match.group().split("?")[0].split("#")[0]
        tweet_id = match.group(2)
        date_text = _clean(link.text(deep=True, separator="")) or None
        link.decompose()
    rest = _clean(quote.text(deep=True, separator=""))
    last = _last_handle(rest)
    cut = _byline_start(rest, last)
    name, handle, tail = _byline(rest, last, cut)
    if not texts:  # an embed written without <p>: its text is what stands before the byline
        texts = [rest[:cut].strip()] if cut is not None else [rest]
    if handle is None and links:
        handle = links[-1][1].group(1)
    date_text = date_text or tail or None
    text = "\n".join(t for t in texts if t).strip()
    date = parse_date(date_text, data_lang or doc.lang, (doc.lang, lang, *_FALLBACK_LANGS)) if date_text else None
    return _fields(text, name, handle, date_text, date, lang or doc.lang, tweet_id, status_url, start, end)


def _close_paragraph(fragment: str) -> str:
    """The embed with its text's <p> closed before the byline where the page never closed it
    (WordPress exports: ``<p lang=…>text &mdash; Name (@handle) <a …>date</a></blockquote>``)."""
    byline = None
    for byline in _RAW_BYLINE.finditer(fragment):
        pass
    if byline is None:
        return fragment
    opened = None
    for opened in _P_OPEN.finditer(fragment, 0, byline.start()):
        pass
    if opened is None or _P_CLOSE.search(fragment, opened.end(), byline.start()):
        return fragment
    return fragment[:byline.start()] + "</p>" + fragment[byline.start():]


def _clean(text: str) -> str:
    """Runs of spaces folded, <br> as a line break, each line trimmed."""
    text = _SPACES.sub(" ", text.replace("\n", " ")).replace(_LINE_MARK, "\n")
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def _last_handle(text: str):
    """The last "(@handle)" in ``text`` (the one an attribution ends with), or None."""
    last = None
    for last in _HANDLE.finditer(text):
        pass
    return last


def _byline(text: str, last, cut: int | None) -> tuple[str | None, str | None, str]:
    """(author name, handle, what follows) of "— Name (@handle) …", given ``text``'s last "(@handle)"
    and where its byline's dash is (:func:`_byline_start`)."""
    if last is None:
        return None, None, ""
    head = text[:last.start()] if cut is None else _BYLINE.match(text[cut:last.start()]).group(1)
    return head.strip() or None, _MD_ESCAPE.sub(r"\1", last.group(1)), text[last.end():].strip()


def _byline_start(text: str, last) -> int | None:
    """Where the byline's dash is: the first dash opening a line or after a space, before ``last``, the
    text's last "(@handle)"."""
    if last is None:
        return None
    line_start = text.rfind("\n", 0, last.start()) + 1
    for match in _DASH_CHAR.finditer(text, line_start, last.start()):
        if match.start() == 0 or text[match.start() - 1].isspace():
            return match.start()
    return None


# --- pasted tweets ---------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset("""address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 h5
h6 header hr li main nav ol p pre section table td th tr ul""".split())
_HTML_SPACE = str.maketrans("\r\n\t\f", "    ")
_HTML_TOKEN = regex.compile(
    r"<!--|<(/?)([A-Za-z][A-Za-z0-9-]{0,30}+)\b[^<>]*+>"
    r"|&(?:#[0-9]{1,7}+|#[xX][0-9a-fA-F]{1,6}+|[A-Za-z][A-Za-z0-9]{1,31}+);")
# What a tag does to the visible text, by its lowercased name (any other tag: nothing); "raw" only opening.
_TAG_ROLE = {**dict.fromkeys(_BLOCK_TAGS, "block"), "br": "br", **dict.fromkeys(("script", "style", "textarea"), "raw")}


def _html_view(source: str, skip: list[tuple[int, int]]) -> _View:
    """The visible text of an HTML page, a blank line between blocks and a line break for <br>.

    One pass over the tags and entities (a finditer between the zones to skip); adjacent block tags make one
    blank line, so that a page of nested or empty blocks has no more lines than it has text."""
    chunks: list[str] = []
    segments: list[tuple[int, int, int, bool]] = []
    size = 0

    def emit(text: str, start: int, end: int, verbatim: bool) -> None:
        """``text`` stands in the view for ``source[start:end]`` (``verbatim``: character for character)."""
        nonlocal size
        chunks.append(text)
        segments.append((size, start, end, verbatim))
        size += len(text)

    broken = False  # the view ends with a block tags' blank line, nothing after it yet
    pos, n = 0, len(source)
    skip = sorted(skip)
    while pos < n:
        if skip and skip[0][0] <= pos:
            emit("\n\n", pos, skip[0][1], False)
            pos = max(pos, skip.pop(0)[1])
            broken = False
            continue
        stop = skip[0][0] if skip else n
        for match in _HTML_TOKEN.finditer(source, pos, stop):
            start = match.start()
            if start > pos:
                emit(source[pos:start].translate(_HTML_SPACE), pos, start, True)
                broken = False
            pos = match.end()
            name = match.group(2)
            if name is not None:
                role = _TAG_ROLE.get(name.lower())
                if role is None or (role == "raw" and match.group(1)):
                    continue
                if role == "block":
                    if broken:  # one blank line for adjacent block tags, standing for all of them
                        segments[-1] = (segments[-1][0], segments[-1][1], pos, False)
                    else:
                        emit("\n\n", start, pos, False)
                        broken = True
                    continue
            broken = False
            if name is None and match.group()[0] == "&":
                emit(html.unescape(match.group()), start, pos, False)
            elif name is None:  # a comment: hidden to its end
                close = source.find("-->", pos)
                pos = n if close < 0 else close + 3
                break
            elif role == "br":
                emit("\n", start, pos, False)
            else:  # script, style, textarea: their text is not shown
                close = _RAW_TEXT_CLOSE[name.lower()].search(source, pos)
                pos = close.end() if close else n
                break
        else:
            if stop > pos:
                emit(source[pos:stop].translate(_HTML_SPACE), pos, stop, True)
                broken = False
            pos = stop
    return _View("".join(chunks), tuple(segments))


class _Lines:
    """The lines of a view: content after any "> " markers, which lines are blank, quoted, dead."""

    def __init__(self, text: str, markdown: bool, skip: list[tuple[int, int]]):
        self.text, self.spans = text, []  # (start, end, content start)
        pos = 0
        for raw in text.split("\n"):
            quote = _QUOTE_PREFIX.match(raw) if markdown else None
            self.spans.append((pos, pos + len(raw.rstrip()), pos + (quote.end() if quote else 0)))
            pos += len(raw) + 1
        self.contents = [text[c:e].strip() for _, e, c in self.spans]
        self.dead = [bool(skip) and _overlaps(s, e, skip) for s, e, _ in self.spans]
        self.blank = [not c or d for c, d in zip(self.contents, self.dead)]
        self.depths = [text.count(">", s, c) for s, _, c in self.spans]

    def quoted(self, k: int) -> bool:
        return self.spans[k][2] > self.spans[k][0]

    def blank_line_style(self) -> bool:
        """Whether paragraphs are separated by blank lines (else every line is a paragraph)."""
        filled = [k for k, b in enumerate(self.blank) if not b]
        if len(filled) < 2:
            return True
        followed = sum(1 for k in filled[:-1] if self.blank[k + 1])
        return followed / (len(filled) - 1) >= 0.15


def _pasted_tweets(doc: Document, view: _View, skip: list[tuple[int, int]]) -> list[dict]:
    lines = _Lines(view.text, doc.kind != "html", skip)
    bylines = {}
    for k, line in enumerate(lines.contents):
        if lines.blank[k]:
            continue
        line = _shown_byline(line) if doc.kind == "markdown" else line
        if _DASH_CHAR.match(line) and (found := _pasted_byline(line)):
            bylines[k] = found
    if not bylines:
        return []
    paragraphs = doc.kind != "text" or lines.blank_line_style()
    tweets = []
    for k, (name, handle, tail) in bylines.items():
        body = _pasted_body(lines, k, bylines, paragraphs)
        if body is None:
            continue
        first, last = body
        if lines.contents[k][0] == "-" and _list_item(lines, k):
            continue  # a Markdown list of people, not a tweet
        text = "\n".join(lines.contents[j] for j in range(first, last + 1) if not lines.blank[j])
        if doc.kind == "markdown":
            text, name = shown_inline(text), name and shown_inline(name)
        date_text, status_url, tweet_id = tail or None, None, None
        link = _MD_LINK.match(tail)
        status = _STATUS.search(tail)
        if link:
            date_text = link.group(1).strip()
            status = _STATUS.match(link.group(2)) or status
        elif status:
            date_text = (tail[:status.start()] + tail[status.end():]).strip(" \t()[]<>") or None
        if not status:  # the date's link written as HTML: its target is in the source, not in the text
            status = _STATUS.search(doc.source, *view.source_span(lines.spans[k][2], lines.spans[k][1]))
        if status:
            status_url, tweet_id = status.group().split("?")[0].split("#")[0], status.group(2)
        start, end = view.source_span(lines.spans[first][2], lines.spans[k][1])
        date = parse_date(date_text, doc.lang) if date_text else None
        if date_text and date is None and lines.contents[k][0] == "-":
            continue  # a hyphen is also a list bullet: "- Jane (@jane) 2019" must end in a real date
        tweets.append(_fields(text, name, handle, date_text, date, doc.lang, tweet_id, status_url, start, end))
    return tweets


def _shown_byline(line: str) -> str:
    """A Markdown line as its byline shows: inline HTML tags dropped (``<cite>``, ``<a href=…>``), an
    emphasis around the whole line undone ("*— Name (@handle) date*")."""
    line = _INLINE_TAG.sub("", line).strip()
    wrapped = _EMPHASIS_WRAP.match(line)
    return wrapped.group(2).strip() if wrapped else line


def _list_item(lines: _Lines, k: int) -> bool:
    """Whether line ``k`` is one of a Markdown list's items (a neighbour is an item too)."""
    return any(0 <= j < len(lines.contents) and _LIST_BULLET.match(lines.contents[j]) for j in (k - 1, k + 1))


def _pasted_byline(line: str) -> tuple[str | None, str, str] | None:
    """(name, handle, tail) of an attribution line, or None when the line is no tweet's byline."""
    match = _BYLINE.match(line)
    body = match.group(1) if match else ""
    last = _last_handle(body)
    if last is None:
        return None
    tail = body[last.end():].strip()
    name = body[:last.start()].strip() or None
    shown = _shown_tail(tail)
    if len(shown) > _MAX_TAIL or (name and len(name) > 100):
        return None
    if shown and not _DIGIT.search(ascii_digits(shown)):
        return None  # "(@handle) said that …" is prose
    return name, _MD_ESCAPE.sub(r"\1", last.group(1)), tail


def _shown_tail(tail: str) -> str:
    """What a byline's tail shows: a Markdown link's text without its target, no status URL."""
    link = _MD_LINK.match(tail)
    if link:
        return (link.group(1) + tail[link.end():]).strip()
    return _STATUS.sub("", tail).strip()


def _pasted_body(lines: _Lines, k: int, bylines: dict, paragraphs: bool) -> tuple[int, int] | None:
    """(first, last) line of the tweet above byline ``k``.

    The line right above (blank lines may sit between), as in texts that give every paragraph one line.
    The whole block of lines above, when it is tweet-sized and set apart: the text is made of blank-line
    paragraphs, or the text sits in a "> " quote, or blank lines surround block and byline. A text quoted
    deeper than its byline ("> — Name (@handle) …" under ">> text") is the deeper quote alone.
    """
    j = k - 1
    while j >= 0 and lines.blank[j] and not lines.dead[j]:
        j -= 1
    if j < 0 or lines.blank[j] or j in bylines or lines.depths[j] < lines.depths[k]:
        return None
    depth = lines.depths[j]
    top = j
    while top > 0:
        up = top - 1
        if (up in bylines or lines.dead[up] or lines.depths[up] != depth or (lines.blank[up] and not depth)
                or _BREAK.match(lines.contents[up])):
            break
        top = up
    while lines.blank[top]:
        top += 1
    # The document's first lines are its title and header, not a tweet's opening.
    if top == 0 or top == j or _weight("\n".join(lines.contents[top:j + 1])) > _MAX_WEIGHT:
        return j, j
    set_apart = lines.blank[top - 1] and (k + 1 == len(lines.blank) or lines.blank[k + 1])
    return (top, j) if paragraphs or depth or set_apart else (j, j)


def _weight(text: str) -> int:
    """Twitter's weighted length: a URL counts 23, characters outside the light ranges count 2."""
    if len(text) > 8 * _MAX_WEIGHT:  # no tweet, however many URLs it holds
        return len(text)
    weight = 0
    for start, end, _ in entities.url_spans(text):
        weight += _URL_WEIGHT - (end - start)
    return weight + len(text) + len(_HEAVY.findall(text))


# --- common ----------------------------------------------------------------------------------------

def _fields(text, name, handle, date_text, date, lang, tweet_id, status_url, start, end) -> dict:
    return dict(text=text, author_name=name, handle=handle, date_text=date_text, date=date, lang=lang,
                label=entities.chat_label(text), hashtags=entities.hashtags(text),
                mentions=entities.mentions(text), urls=entities.urls(text), tweet_id=tweet_id,
                status_url=status_url, start=start, end=end)
