"""Dates written in any language, script, digit system and calendar, as ISO days (YYYY-MM-DD).

dateparser knows the month names (and, through its calendars, the Solar Hijri and Islamic ones); this module only finds where a date is written, so that a date glued
to the next sentence (``Publicat: 2019-10-25Te-ai …``) or sitting inside prose can be handed over alone.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex
from dateparser.calendars.hijri import HijriCalendar
from dateparser.calendars.jalali import JalaliCalendar
from dateparser.data import languages_info
from dateparser.date import DateDataParser

from extractors.data_files import load_data
from extractors.language import language_code

_DATA = load_data("documents.toml")
_CALENDARS = [{"jalali": JalaliCalendar, "hijri": HijriCalendar}[name] for name in _DATA["calendars"]["names"]]
_CALENDAR_MAX_YEAR = int(_DATA["calendars"]["max_year"])
_KNOWN = frozenset(languages_info.language_order)

# Only absolute dates with day, month and year: a "timestamp" or "2 days ago" is never an article's date.
_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["custom-formats", "absolute-time"],
             "PREFER_DAY_OF_MONTH": "first"}

# Where a date may be written (digits already ASCII). Bounded, possessive pieces: no catastrophic backtracking.
_WORD = r"[\p{L}\p{M}]{1,20}+\.?+"
_NUM = r"\d{1,2}(?:\.|st|nd|rd|th|er|e|º|ª)?+"
_SEP = r"[ \t\u00a0]{0,3}+"
DATE_SPAN = regex.compile(
    r"(?<![\d\p{L}])(?:"
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"                                   # 2019-10-25, 2019/10/25
    r"|\d{4}\s?[年년]\s?\d{1,2}\s?[月월]\s?\d{1,2}\s?[日일]?"             # 2016年2月29日, 2018년 4월 13일
    r"|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})"                         # 25.10.2019, 10/25/2019, 02.15.24
    r"|\d{4}\.?,?\s{1,3}" + _WORD + r"\s{1,3}\d{1,2}\.?"                # 2019. október 25.
    # Words and numbers ending in a year, with a day number among them: 25 Oktober 2019, October 28, 2019,
    # 19 de abril de 2021, Jumat, 25 Oktober 2019 ("Camp 2019" has no day: it is no date).
    r"|(?:(?:" + _WORD + "|" + _NUM + r"),?+" + _SEP + "){0,3}?" + _NUM + ",?+" + _SEP
    + "(?:" + _WORD + ",?+" + _SEP + r"){0,3}?\d{4}"
    r")(?!\d)")
_TOKEN = regex.compile(r"[\p{L}\p{M}]++\.?+|\d++\S*+")


def ascii_digits(text: str) -> str:
    """Every decimal digit, whatever its script (٢, ۲, ২, ๒, ２ …), as its ASCII digit."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() or unicodedata.decimal(c, None) is None else str(unicodedata.decimal(c))
                   for c in text)


def dateparser_language(code: str | None) -> str | None:
    """The dateparser language for an ISO / BCP-47 code as pages write it (``pt-BR``, ``in``, ``und``)."""
    if not code:
        return None
    code = code.strip().replace("_", "-")
    if code in _KNOWN:
        return code
    primary = language_code(code)
    return primary if primary in _KNOWN else None


def parse_date(text: str | None, lang: str | None = None, fallback_langs=("en",)) -> str | None:
    """ISO day of the first date written in ``text``, or None.

    The article's language is tried first, then ``fallback_langs``, then every language dateparser knows.
    """
    found = find_date(text.strip(), lang, fallback_langs) if text else None
    return found[0] if found else None


def find_date(text: str, lang: str | None = None, fallback_langs=("en",)) -> tuple[str, int, int] | None:
    """(ISO day, start, end) of the first date written in ``text``; the span is what was parsed."""
    langs = tuple(dict.fromkeys(filter(None, map(dateparser_language, (lang, *fallback_langs)))))
    return _find_cached(text[:500], langs)


@lru_cache(maxsize=8192)
def _find_cached(text: str, langs: tuple[str, ...]) -> tuple[str, int, int] | None:
    # Digit normalisation keeps offsets: every digit is one code point in any script.
    plain = ascii_digits(text)
    spans = []
    for match in DATE_SPAN.finditer(plain):
        # The span ends at the year; leading words ("Jumat, ", "on") are dropped until dateparser accepts it.
        starts = [t.start() for t in _TOKEN.finditer(plain, match.start(), match.end())]
        spans.append((starts[:-1] or starts, match.end()))
        if len(spans) == 4:
            break
    # The named languages first, everywhere; guessing among all languages is slow and a last resort.
    # ۲۲ اسفند ۱۳۹۸: a year no Gregorian date of the web has is read in the other calendars only.
    gregorian = [(starts, end) for starts, end in spans if not _other_calendar_year(plain, end)]
    for lang_sets in (tuple((lang,) for lang in langs), ((),)):
        for starts, end in gregorian:
            for start in reversed(starts):
                iso = _parse_span(plain[start:end], lang_sets)
                if iso:
                    return iso, start, end
    for starts, end in spans:
        if _other_calendar_year(plain, end):
            for start in reversed(starts):
                iso = _calendar_date(plain[start:end])
                if iso:
                    return iso, start, end
    return None


def _other_calendar_year(plain: str, end: int) -> bool:
    """Whether the date span ending at ``end`` ends with a four-digit year of another calendar."""
    year = plain[end - 4:end]
    return year.isdigit() and int(year) < _CALENDAR_MAX_YEAR


def _calendar_date(span: str) -> str | None:
    for calendar in _CALENDARS:
        try:
            data = calendar(span).get_date()
        except (ValueError, TypeError, OverflowError, KeyError):
            continue
        # a calendar fills a month it did not read: only day, month and year all written count
        if data is not None and data.date_obj is not None and {"day", "month", "year"} <= set(data.parts or ()):
            return data.date_obj.date().isoformat()
    return None


@lru_cache(maxsize=8192)
def _parse_span(span: str, lang_sets: tuple[tuple[str, ...], ...]) -> str | None:
    """The day ``span`` is, read by the parser of each language set in turn (() for all languages); memoised per
    distinct span: one date string recurs in texts that differ around it."""
    for langs in lang_sets:
        try:
            data = _parser(langs).get_date_data(span)
        except (ValueError, TypeError, OverflowError):  # dateparser raises on some odd inputs
            continue
        if data.date_obj is not None and data.period == "day":
            return data.date_obj.date().isoformat()
    return None


@lru_cache(maxsize=None)
def _parser(langs: tuple[str, ...]) -> DateDataParser:
    """One parser per language set: building one loads locale data and is slow."""
    return DateDataParser(languages=list(langs) or None, settings=_SETTINGS, try_previous_locales=False)
