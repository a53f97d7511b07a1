"""Hashtags, mentions, URLs and chat labels in a tweet's text, after twitter-text's rules.

Each list is distinct and in order of first appearance, as written (no ``#``/``@``). Patterns use
possessive quantifiers and bounded repetition, so no input makes them backtrack catastrophically.
"""
from __future__ import annotations

import regex

from extractors.data_files import load_data

_DATA = load_data("tweets.toml")

_UNSPACED = "".join(rf"\p{{{script}}}" for script in _DATA["hashtag"]["glued_after_scripts"])
URL_PATTERN = regex.compile(
    r"(?:https?://|(?<![\w.@])www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]++"
    r"|(?<![\w./])pic\.(?:twitter|x)\.com/[A-Za-z0-9]++", regex.IGNORECASE)
_URL_TRAIL = ".,;:!?)]}'\""
_HASHTAG = regex.compile(
    rf"(?:(?<=[{_UNSPACED}])|(?<![&\p{{L}}\p{{M}}\p{{N}}_]))[#＃](?![\ufe0f\u20e3])"
    r"([\p{L}\p{M}\p{N}_\u200c\u200d]{1,140}+)(?![#＃]|://)")
_LETTER = regex.compile(r"[\p{L}\p{M}]")  # a hashtag holds one at least: "#2019" is none
# An e-mail address is no mention: the "@" must not follow an ASCII letter or digit (twitter-text's rule),
# while ⁰@SAP_CX and さん@user are mentions.
_MENTION = regex.compile(r"(?<![A-Za-z0-9_!#$%&*@＠])[@＠]([A-Za-z0-9_]{1,20}+)(?![@＠A-Za-z0-9_]|://)")
_LABEL = regex.compile(
    "^[\\s\u200e\u200f]*+((?:{roles})\\d{{1,2}}+[a-z]?+)(?=[{seps}]|\\s)".format(
        roles="|".join(map(regex.escape, _DATA["label"]["roles"])),
        seps="".join(map(regex.escape, _DATA["label"]["separators"]))))


def urls(text: str) -> tuple[str, ...]:
    return _distinct(_strip_trailing(m.group()) for m in URL_PATTERN.finditer(text))


def hashtags(text: str) -> tuple[str, ...]:
    text = _without_urls(text)
    return _distinct(m.group(1) for m in _HASHTAG.finditer(text) if _LETTER.search(m.group(1)))


def mentions(text: str) -> tuple[str, ...]:
    return _distinct(m.group(1) for m in _MENTION.finditer(_without_urls(text)))


def chat_label(text: str) -> str | None:
    """The tweet-chat label that opens a tweet ("A2.", "Q1:", "A4c,", "A7 "), without its separator."""
    match = _LABEL.match(text)
    return match.group(1) if match else None


def _strip_trailing(url: str) -> str:
    """Drop punctuation that ends the sentence, not the URL; keep a ")" that closes a "(" of the URL."""
    while url and url[-1] in _URL_TRAIL:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _without_urls(text: str) -> str:
    """URLs blanked out (same length), so "#fragment" and "/@user" inside them are no entities."""
    return URL_PATTERN.sub(lambda m: " " * len(m.group()), text)


def _distinct(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))
