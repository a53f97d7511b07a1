"""An article as a Document: its running text, title, publication date and language.

Plain text and Markdown keep their source as body (offsets are the same); HTML's body is the main text
trafilatura finds once the tweet embeds are removed, so that a tweet's words are not counted as prose.
"""
from __future__ import annotations

import tomllib

import regex
import trafilatura
from selectolax.lexbor import LexborHTMLParser

from extractors.data_files import load_data
from extractors.dates import DATE_SPAN, find_date, parse_date
from extractors.language import detect_language, language_code
from extractors.markup import FRONT_MATTER, shallow_markup
from extractors.records import Document
from extractors.tweets import EMBED_CLASSES

_DATA = load_data("documents.toml")
KINDS = {"text": "text", "txt": "text", "markdown": "markdown", "md": "markdown", "html": "html", "htm": "html"}
_HEADER_LINES = _DATA["header"]["lines"]
_COLONS = "".join(_DATA["header"]["colons"])

# A date label: one to a few words and a colon ("Publicat:", "Veröffentlicht am:", "Posted on:").
_LABEL = regex.compile(r"^[\p{L}\p{M}][\p{L}\p{M}'’.\-]{0,30}+(?:[ \t][\p{L}\p{M}][\p{L}\p{M}'’.\-]{0,30}+){0,%d}?"
                       r"[ \t]?+[%s][ \t\u00a0]*+" % (_DATA["header"]["label_max_words"] - 1, regex.escape(_COLONS)))
# What may stand around a date on a line of its own: a weekday, punctuation, a time, an abbreviation ("г.").
_DATE_LINE_REST = regex.compile(r"^[\s\p{P}\d:]{0,12}+(?:[\p{L}\p{M}]{1,15}+\.?+)?+[\s\p{P}\d:]{0,12}+"
                                r"(?:\p{L}{1,3}+\.?+)?+[\s\p{P}\d:]{0,12}+$")
# Between a date label and its date, at most a weekday, hyphenated or with joiners, and its punctuation
# ("Posted: Friday, October 25, 2019", "Publicado: sexta-feira, 27 de…", "تاریخ انتشار: سه‌شنبه، ۵ مهر…").
_WEEKDAY = regex.compile(r"^(?:[\p{L}\p{M}][\p{L}\p{M}\p{Pd}\u200c\u200d]{0,20}+\.?+\p{Po}?+)?+[\s\u00a0]*+$")
# What separates the parts of a byline line: a bar, a dot, any dash, spaced.
_BYLINE_PARTS = regex.compile(r"\s[|·•\p{Pd}]\s")
# Markup around a Markdown line's words: heading marks, quote markers, list bullets, emphasis.
_MD_LINE = regex.compile(r"^\s{0,3}+(?:#{1,6}+\s++|>\s?+|[*+-]\s++)?+[*_]{0,3}+|[*_]{0,3}+(?:\s++#++)?+\s*+$")
# Markup whose words are not the article's (code, comments, tweet embeds, tags, link targets). Each
# alternative is linear: an unclosed fence or comment runs to the end instead of being retried.
_MD_NOISE = regex.compile(
    r"(`{3,}+|~{3,}+)(?:(?!\1).)*+(?:\1|\Z)|<!--(?:(?!-->).)*+(?:-->|\Z)"
    r"|<blockquote\b[^<>]{0,2000}?twitter-[^<>]{0,2000}+>(?:(?!</blockquote).)*+(?:</blockquote\s*+>|\Z)"
    r"|<(script|style)\b(?:(?!</\2).)*+(?:</\2\s*+>|\Z)|<[^<>\n]{0,2000}+>"
    r"|!?\[([^\[\]\n]{0,500}+)\]\([^()\s]{0,2000}+\)|`[^`\n]{0,500}+`|https?://\S++|\{[{%][^{}\n]{0,500}+[%}]\}",
    regex.DOTALL | regex.IGNORECASE)
_BLOCK_TAG = regex.compile(r"</?(?:p|div|br|h[1-6]|li|tr|td|th|blockquote|section|article|header|footer|pre|table"
                           r"|ul|ol|dl|dd|dt|figure|figcaption|main|aside|nav)\b[^<>]*+>", regex.IGNORECASE)
_BLOCK_MARK = "\ue000"
_MAX_TAGS = _DATA["html"]["max_tags_for_main_text"]
_NOT_A_TITLE = regex.compile(r"^(?:[-*_=\s]{3,}+|<.*>|!\[.*|\{[{%].*|\[[^\]]*+\]:.*)$")


def read_document(source: str, kind: str) -> Document:
    """Describe one decoded article; ``kind`` is "text", "markdown" or "html" (or txt, md, htm)."""
    doc_kind = KINDS.get(str(kind).lower().lstrip("."))
    if doc_kind is None:
        raise ValueError(f"unknown document kind {kind!r}: expected one of text, markdown, html")
    meta, rest = _front_matter(source)
    if doc_kind == "html":
        return _read_html(source, rest, meta)
    prose = _MD_NOISE.sub(lambda m: m.group(3) or " ", rest) if doc_kind == "markdown" else rest
    lang = _lang_code(meta.get("lang")) or detect_language(prose)
    title, published = _header(rest, lang, markdown=doc_kind == "markdown")
    title = meta.get("title") or title
    published = _meta_date(meta.get("date"), lang) or published
    return Document(source=source, body=source, kind=doc_kind, title=title, published=published, lang=lang)


def _front_matter(source: str) -> tuple[dict, str]:
    """Title, date and language from YAML ("---") or TOML ("+++") front matter, and the text after it."""
    match = FRONT_MATTER.match(source)
    if not match:
        return {}, source
    rest = source[match.end():]
    try:
        if match.group(3):
            data = tomllib.loads(match.group(4))
        else:
            import yaml  # PyYAML (installed with Prefect); only needed for front matter
            data = yaml.load(match.group(2), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:  # malformed front matter: the article is still read, without its metadata
        return {}, rest
    if not isinstance(data, dict):
        return {}, rest
    meta = {}
    for field in ("title", "date", "lang"):
        for key in _DATA["front_matter"][field]:
            value = data.get(key)
            if value not in (None, "", []):
                meta[field] = str(value).strip() if field != "date" else value
                break
    return meta, rest


def _meta_date(value, lang: str | None) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):  # YAML/TOML dates and datetimes, as written (no time zone shift)
        return value.isoformat()[:10]
    return parse_date(str(value), lang)


def _lang_code(value: str | None) -> str | None:
    """ISO 639-1 code of a page's declared language ("pt-BR", "en_US", "in" -> "pt", "en", "id")."""
    code = language_code(value)
    return code if code and regex.fullmatch(r"[a-z]{2}", code) else None


def _header(text: str, lang: str | None, markdown: bool) -> tuple[str | None, str | None]:
    """Title and publication date from the first lines: the first real line is the title, unless it is a
    date; a date line ("15 Δεκέμβριος 2017", "Publicat: 2019-10-25…") is the publication date."""
    title = published = None
    seen = 0
    for raw in text.split("\n"):
        line = raw.replace("\ufeff", "").strip()
        if markdown:
            line = _MD_LINE.sub("", line).strip()
            if _NOT_A_TITLE.match(line):
                continue
        if not line:
            continue
        seen += 1
        if seen > _HEADER_LINES:
            break
        # A title may hold a date ("Digest – 25 October 2019"): only lines after it are split into parts.
        date = _date_line(line, lang, parts=title is not None)
        if date:
            published = published or date
        elif title is None:
            title = _MD_NOISE.sub(lambda m: m.group(3) or "", line).strip() if markdown else line
        if title and published:
            break
    return title or None, published


def _date_line(line: str, lang: str | None, parts: bool = False) -> str | None:
    """The date a header line gives: the whole line is a date, or a label and a colon open it; with
    ``parts``, a byline's parts ("By Ana Pérez | Publicado: 27/09/2019") are tried one by one."""
    for part in _BYLINE_PARTS.split(line) if parts and _BYLINE_PARTS.search(line) else ():
        found = _date_line(part.strip(), lang) if part.strip() else None
        if found:
            return found
    label = _LABEL.match(line)
    if label:
        found = find_date(line[label.end():label.end() + 60], lang)
        if found and _WEEKDAY.match(line[label.end():label.end() + found[1]]):
            return found[0]
    if len(line) <= 80 and DATE_SPAN.search(line):
        found = find_date(line, lang)
        if found and _DATE_LINE_REST.match(line[:found[1]] + " " + line[found[2]:]):
            return found[0]
    return None


# --- HTML ------------------------------------------------------------------------------------------

def _read_html(source: str, markup: str, meta: dict) -> Document:
    tree = LexborHTMLParser(shallow_markup(markup))
    for node in tree.css("blockquote"):
        if not EMBED_CLASSES.isdisjoint((node.attributes.get("class") or "").split()):
            node.decompose()
    cleaned = tree.html or ""
    body = ""
    if cleaned.count("<") - cleaned.count("</") <= _MAX_TAGS:
        body = trafilatura.extract(cleaned, include_comments=False, include_tables=True, favor_recall=True,
                                   deduplicate=False) or ""
    if not body.strip():
        body = _visible_text(cleaned)
    title = meta.get("title") or _headline(_first(tree, _DATA["html"]["title"]), _first(tree, ["h1"]))
    root = tree.css_first("html")
    lang = (_lang_code(meta.get("lang")) or _lang_code(root.attributes.get("lang") if root else None)
            or _lang_code(_first(tree, _DATA["html"]["lang"])) or detect_language(_prose_text(tree)))
    published = _meta_date(meta.get("date"), lang)
    if not published:
        value = _first(tree, _DATA["html"]["published"])
        published = parse_date(value, lang) if value else None
    header_title, header_date = _header(body, lang, markdown=False)
    return Document(source=source, body=body, kind="html", title=title or header_title,
                    published=published or header_date, lang=lang)


# A site name set off from the headline: "Headline | Site", "Site — Headline" (a colon is part of many headlines).
_SITE_SEPARATOR = regex.compile(r"^\s*+[|·•»\p{Pd}]\s*+(.+)$|^(.+?)\s*+[|·•«\p{Pd}]\s*+$", regex.DOTALL)


def _headline(title: str | None, heading: str | None) -> str | None:
    """The page title without the site's name ("Headline | Site" → "Headline") when the page's <h1> is
    that headline: the rest of the title is set off by a separator and shorter than the headline."""
    if not title or not heading or heading == title or len(heading) < 2:
        return title
    for rest in (title[len(heading):] if title.startswith(heading) else None,
                 title[:-len(heading)] if title.endswith(heading) else None):
        site = _SITE_SEPARATOR.match(rest) if rest else None
        if site and len((site.group(1) or site.group(2)).strip()) < len(heading):
            return heading
    return title


def _first(tree: LexborHTMLParser, selectors: list[str]) -> str | None:
    """The first non-empty value: a meta's content, a <time>'s datetime, or an element's text."""
    for selector in selectors:
        for node in tree.css(selector):
            value = node.attributes.get("content") or node.attributes.get("datetime")
            if value is None and node.tag not in ("meta", "time"):
                value = node.text(deep=True, separator=" ")
            value = " ".join((value or "").split())
            if value:
                return value
    return None


def _prose_text(tree: LexborHTMLParser) -> str:
    """The page's words without code, scripts and styles: what its language is judged on."""
    for node in tree.css("pre, code, script, style, noscript, template, svg, kbd, samp"):
        node.decompose()
    root = tree.body or tree.root
    return " ".join(root.text(deep=True, separator=" ").split()) if root is not None else ""


def _visible_text(markup: str) -> str:
    """The page's text, a line per block: for fragments too small for trafilatura to judge."""
    tree = LexborHTMLParser(_BLOCK_TAG.sub(lambda m: _BLOCK_MARK + m.group(), markup))
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    root = tree.body or tree.root
    text = " ".join((root.text(deep=True, separator="") if root is not None else "").split())
    return "\n".join(filter(None, (line.strip() for line in text.split(_BLOCK_MARK))))
