"""Hashtags, mentions, URLs and chat labels in a tweet's text, after twitter-text's rules.

Each list is distinct and in order of first appearance, as written (no ``#``/``@``). The rules are
twitter-text's (its conformance suite is ``tests/test_entities_conformance.py``), with one difference
on purpose: a hashtag glued after CJK, Thai and other unspaced scripts (``震えてる#seccamp``) is one,
since those scripts write no space before it (``glued_after_scripts`` in ``data/tweets.toml``).

URLs follow twitter-text's extractor: a domain whose last label is a known TLD (``data/tlds.toml``),
with or without ``http(s)://`` (``bit.ly/abc``, ``twitter.comこれは`` → ``twitter.com``), a path
ending in a letter, digit, ``/``, ``=``, ``#`` … or a balanced ``(…)``, and a t.co link cut after its
slug. twitter-text's one big backtracking expression takes quadratic time or worse on inputs such as
``a.a.a.…``; here each dot's TLD is looked up once (:func:`_shadow`), and the patterns are possessive
or bounded (a label holds at most 63 characters, a domain at most 127 labels, as DNS allows), so that
no input makes them backtrack catastrophically.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

import regex

from extractors.data_files import load_data

_DATA = load_data("tweets.toml")
_TLDS = load_data("tlds.toml")


def _ranges(pairs) -> str:
    return "".join(rf"\u{a:04x}-\u{b:04x}" for a, b in pairs)


_ACCENTS = _ranges(_DATA["latin"]["accents"])

# --- URLs ------------------------------------------------------------------------------------------
# twitter-text's character classes: what no domain holds, what may precede a URL, a path, a query.
_SPACES = r"\x09-\x0d\x20\x85\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_DIRECTIONAL = r"\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
_INVALID = r"\ufffe\ufeff\uffff"
# ASCII punctuation ("-", "_" and "." apart, which domains hold in their places).
_PUNCT = r"!'#%&()*+,\\/:;<=>?@\[\]^{|}~$"
# A dot followed by a TLD of n characters is written chr(_MARK + n) in the shadow text (see _shadow).
_MARK = 0x100000
_MAX_TLD = 63
_MARKS = rf"\U{_MARK + 1:08x}-\U{_MARK + _MAX_TLD:08x}"
_NOT_IN_DOMAIN = rf"{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}"
_DOMAIN_CHAR = rf"[^{_NOT_IN_DOMAIN}{_MARKS}\-_.]"
_DOT = rf"[.{_MARKS}]"
# A label starts and ends with a domain character; "-" (and in a subdomain "_") only inside.
_SUBDOMAIN = rf"{_DOMAIN_CHAR}(?:[^{_NOT_IN_DOMAIN}{_MARKS}.]{{0,62}}+(?<={_DOMAIN_CHAR}))?+{_DOT}"
_DOMAIN_NAME = rf"{_DOMAIN_CHAR}(?:[^{_NOT_IN_DOMAIN}{_MARKS}_.]{{0,62}}+(?<={_DOMAIN_CHAR}))?+"
_URL_BEFORE = regex.compile(rf"[^A-Za-z0-9@＠$#＃{_INVALID}]")   # what may stand before a URL
_MAX_LABELS = 127   # labels in a domain, as DNS allows
_SCHEME_END = regex.compile(r"https?$", regex.IGNORECASE)
# Read in the shadow text: the character before (consumed, as twitter-text does), scheme, and the
# domain up to the dot that its TLD follows (the TLD's length is the mark's).
_URL_HEAD = regex.compile(
    rf"(?P<before>^|{_URL_BEFORE.pattern})(?P<scheme>https?://)?+"
    rf"(?P<domain>(?:{_SUBDOMAIN}){{0,{_MAX_LABELS - 1}}}{_DOMAIN_NAME})[{_MARKS}]",
    regex.IGNORECASE)
_PATH_CHAR = rf"[a-z\u0400-\u04ff0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{_ACCENTS}]"
_PARENS = rf"\((?:{_PATH_CHAR}++|{_PATH_CHAR}*+\({_PATH_CHAR}++\){_PATH_CHAR}*+)\)"
_PATH_END = rf"[+\-a-z\u0400-\u04ff0-9=_#/{_ACCENTS}]"
_QUERY_CHAR = r"[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]"
_QUERY_END = r"[a-z0-9\-_&=#/]"
# Read in the text itself, right after the TLD: port, path (ends at its last ending character or
# balanced parenthesis), query.
_URL_TAIL = regex.compile(
    rf"(?::[0-9]++)?+(?P<path>/(?>(?:{_PATH_CHAR}|{_PARENS})*(?<={_PATH_END}|\)))?+)?+"
    rf"(?:\?(?>{_QUERY_CHAR}*(?<={_QUERY_END})))?+",
    regex.IGNORECASE)
_NO_SCHEME_AFTER = frozenset("-_./")   # "x.com" right after one of these is part of something else
_ASCII_DOMAIN = regex.compile(rf"(?:[\-a-z0-9{_ACCENTS}]++{_DOT})*[\-a-z0-9{_ACCENTS}]++[{_MARKS}]", regex.IGNORECASE)
_TCO = regex.compile(rf"https?://t\.co/([a-z0-9]++)(?:\?(?>{_QUERY_CHAR}*(?<={_QUERY_END})))?+", regex.IGNORECASE)
_MAX_TCO_SLUG = 40
_MAX_URL = 4096
# A run of domain characters (bounded by others) with no TLD mark holds no domain, unless a scheme
# ends it ("http" before "://").
_MARKLESS_RUN = regex.compile(
    rf"(?<![^{_NOT_IN_DOMAIN}])[^{_NOT_IN_DOMAIN}{_MARKS}]++(?![^{_NOT_IN_DOMAIN}])(?!(?<=(?i:https?))://)")
_MARKED_RUN = regex.compile(rf"(?<![^{_NOT_IN_DOMAIN}])[^{_NOT_IN_DOMAIN}{_MARKS}]*+[{_MARKS}][^{_NOT_IN_DOMAIN}]*+")
_SEPARATOR = regex.compile(rf"[.{_MARKS}]")
_ASCII_ALNUM = regex.compile(r"[0-9A-Za-z]++")
_PUNYCODE = regex.compile(r"xn--[\-0-9a-z]{1,59}+", regex.IGNORECASE)
_TLD_FOLLOWS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@+-")  # not after a TLD


def _tld_tables() -> list[tuple[frozenset[str], frozenset[str], tuple[int, ...]]]:
    """Per table (generic, then country codes): its ASCII TLDs, its others, and their lengths, longest first."""
    tables = []
    for name in ("generic", "country"):
        words = {w.lower() for w in _TLDS[name]}
        other = {w for w in words if not w.isascii()}
        tables.append((frozenset(words - other), frozenset(other), tuple(sorted({len(w) for w in other}, reverse=True))))
    return tables


_TLD_TABLES = _tld_tables()
_OTHER_TLD_STARTS = frozenset(w[0] for _, other, _ in _TLD_TABLES for w in other)


def _tld_length(text: str, at: int) -> int:
    """Length of the TLD starting at ``at`` (after a dot), 0 for none: twitter-text's choice, a generic
    TLD before a country code, the longer before its prefix, then punycode; no ASCII letter, digit or
    "@+-" may follow a generic or country TLD."""
    run = _ASCII_ALNUM.match(text, at)
    may_be_other = at < len(text) and text[at].lower() in _OTHER_TLD_STARTS
    for ascii_words, other_words, lengths in _TLD_TABLES:
        # A TLD with other letters ("vermögensberater") is longer than the ASCII run it may open.
        for length in lengths if may_be_other else ():
            end = at + length
            if text[at:end].lower() in other_words and (end >= len(text) or text[end] not in _TLD_FOLLOWS):
                return length
        if run and run.group().lower() in ascii_words and (run.end() == len(text) or text[run.end()] not in _TLD_FOLLOWS):
            return run.end() - at
    punycode = _PUNYCODE.match(text, at)
    return len(punycode.group()) if punycode else 0


def _shadow(text: str) -> str:
    """``text`` with every dot that a TLD follows written as a mark telling the TLD's length, so that
    one pattern reads a domain without trying 1,574 names after each of its dots; and blanked wherever
    no domain can start: in a run of domain characters without such a dot (unless a scheme ends it),
    and more than 127 labels before the next mark or after the last one."""
    chars = list(text)
    for k, ch in enumerate(chars):
        if ord(ch) >= _MARK:   # private use: never a mark of ours
            chars[k] = "\ufffe"
    marked = False
    dot = text.find(".")
    while dot >= 0:
        if length := _tld_length(text, dot + 1):
            chars[dot] = chr(_MARK + length)
            marked = True
        dot = text.find(".", dot + 1)
    if not marked:
        return ""
    shadow = _MARKLESS_RUN.sub(lambda run: " " * len(run.group()), "".join(chars))
    chars = list(shadow)
    for run in _MARKED_RUN.finditer(shadow):
        _blank_unreachable(text, chars, shadow, *run.span())
    return "".join(chars)


def _blank_unreachable(text: str, chars: list[str], shadow: str, start: int, end: int) -> None:
    """Blank the part of the run [start, end) from which no mark is reached within 127 labels (the
    longest domain _URL_HEAD reads), keeping the validity of the character before each kept part."""
    seps = [m.start() for m in _SEPARATOR.finditer(shadow, start, end)]
    keep = []
    for i, sep in enumerate(seps):
        if shadow[sep] != ".":
            low = seps[i - _MAX_LABELS] + 1 if i >= _MAX_LABELS else start
            if keep and low <= keep[-1][1]:
                keep[-1] = (keep[-1][0], sep + 1)
            else:
                keep.append((low, sep + 1))
    scheme = _SCHEME_END.search(shadow, start, end)
    if scheme and text.startswith("://", end):
        keep.append((scheme.start(), end))
    blank_from = start
    for low, high in keep + [(end, end)]:
        if low > blank_from:
            chars[blank_from:low] = " " * (low - blank_from)
            if low < end and not _URL_BEFORE.match(text[low - 1]):
                chars[low - 1] = "@"
        blank_from = max(blank_from, high)


def _tld_end(shadow: str, mark: int) -> int:
    return mark + 1 + ord(shadow[mark]) - _MARK


def url_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, URL) of every URL in ``text`` in order, as twitter-text extracts them. A URL
    written without a scheme is its ASCII domain ("example.com中国語" → "example.com") and its path."""
    return _url_spans(text) if "." in text else ()


@lru_cache(maxsize=16)   # a tweet's text is read for its URLs, hashtags and mentions in turn
def _url_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    shadow = _shadow(text)
    found: list[tuple[int, int, str]] = []
    pos = 0
    while head := _URL_HEAD.search(shadow, pos):
        domain_end = _tld_end(shadow, head.end() - 1)
        tail = _URL_TAIL.match(text, domain_end)
        start = head.start("scheme") if head.group("scheme") else head.start("domain")
        end = pos = tail.end()
        url, scheme, domain = text[start:end], head.group("scheme"), text[head.start("domain"):domain_end]
        if not _valid_url(url, scheme or "https://", domain):
            continue
        if scheme:
            tco = _TCO.match(url)
            if tco:
                if len(tco.group(1)) > _MAX_TCO_SLUG:
                    continue
                end = start + tco.end()
            found.append((start, end, text[start:end]))
            continue
        if text[head.start("before"):head.end("before")] in _NO_SCHEME_AFTER:
            continue
        domains = []
        at = head.start("domain")
        while ascii_domain := _ASCII_DOMAIN.search(shadow, at, domain_end):
            at = _tld_end(shadow, ascii_domain.end() - 1)
            domains.append((ascii_domain.start(), at))
        for a, b in domains[:-1]:
            found.append((a, b, text[a:b]))
        if domains:
            a, b = domains[-1]
            rest = text[domain_end:end] if tail.group("path") is not None else ""
            found.append((a, end if rest else b, text[a:b] + rest))
    return tuple(found)


def _valid_url(url: str, scheme: str, domain: str) -> bool:
    """twitter-text's check: the domain encodes as IDNA (no label over 63 characters …), the URL fits."""
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return bool(ascii_domain) and len(scheme) + len(url) + len(ascii_domain) - len(domain) <= _MAX_URL


# --- hashtags and mentions -------------------------------------------------------------------------
_UNSPACED = "".join(rf"\p{{{script}}}" for script in _DATA["hashtag"]["glued_after_scripts"])
_HASHTAG_CHAR = r"\p{L}\p{M}\p{Nd}" + regex.escape("".join(_DATA["hashtag"]["inner_chars"]))
# A hashtag starts at the text's start, after a variation selector (❤️#love), after a character that
# holds no hashtag, or glued to an unspaced script; it is no keycap (#️⃣) and no "#tag#" or "#http://".
_HASHTAG = regex.compile(
    rf"(?:(?<=[{_UNSPACED}\ufe0e\ufe0f])|(?<![&{_HASHTAG_CHAR}]))[#＃](?![\ufe0f\u20e3])"
    rf"([{_HASHTAG_CHAR}]{{1,140}}+)(?![#＃]|://)")
_LETTER = regex.compile(r"[\p{L}\p{M}]")  # a hashtag holds one at least: "#2019" is none
_RT = "|".join(regex.escape(mark) for mark in _DATA["mention"]["retweet_marks"])
# An e-mail address is no mention: the "@" must not follow an ASCII letter or digit, except in "RT@".
_MENTION = regex.compile(
    rf"(?:(?<![A-Za-z0-9_!#$%&*@＠])|(?<=(?:^|[^A-Za-z0-9_+~.\-])(?i:{_RT}):?))"
    rf"[@＠]([A-Za-z0-9_]{{1,20}}+)(?![@＠{_ACCENTS}]|://)")
_LABEL = regex.compile(
    "^[\\s\u200e\u200f]*+((?:{roles})\\d{{1,2}}+[a-z]?+)(?=[{seps}]|\\s)".format(
        roles="|".join(map(regex.escape, _DATA["label"]["roles"])),
        seps="".join(map(regex.escape, _DATA["label"]["separators"]))))


def urls(text: str) -> tuple[str, ...]:
    return _distinct(url for _, _, url in url_spans(text))


def hashtags(text: str) -> tuple[str, ...]:
    text = _without_urls(text)
    return _distinct(m.group(1) for m in _HASHTAG.finditer(text) if _LETTER.search(m.group(1)))


def mentions(text: str) -> tuple[str, ...]:
    return _distinct(m.group(1) for m in _MENTION.finditer(_without_urls(text)))


def chat_label(text: str) -> str | None:
    """The tweet-chat label that opens a tweet ("A2.", "Q1:", "A4c,", "A7 "), without its separator."""
    match = _LABEL.match(text)
    return match.group(1) if match else None


def _without_urls(text: str) -> str:
    """URLs blanked out (same length), so "#fragment" and "/@user" inside them are no entities, while a
    hashtag glued after a t.co link (https://t.co/AbCd#tag, cut after its slug) is one."""
    chars = list(text)
    for start, end, _ in url_spans(text):
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _distinct(items: Iterator[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))
