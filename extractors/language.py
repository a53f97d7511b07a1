"""Languages: the code a page or tweet declares, as one form; the language of a text as an ISO 639-1 code, by
CLD2 where it is sure and lingua's statistical detector otherwise."""
from __future__ import annotations

from functools import lru_cache

import regex
from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from extractors.data_files import load_data

try:
    import pycld2
except ImportError:     # a virtualenv set up before pycld2 was a dependency: lingua alone (slower)
    pycld2 = None

_ALIASES: dict[str, str] = load_data("documents.toml")["lang"]["aliases"]
_SUBTAG_SEPARATOR = regex.compile(r"[-_]")

# Lingua's cost grows with the text; a few thousand characters decide an article's language
# (measured: ~5 ms for 2,000 characters, all 75 languages).
SAMPLE_CHARS = 2000
_NOISE = regex.compile(r"(?:https?://|www\.)\S++|[\w.+-]{0,64}+[@#]\w++")
# _NOISE's matches hold no white space, so it can be applied word by word: the handle alternative (which tries up to
# 64 characters at every position) only to the words holding an @ or #, links alone elsewhere (0.29-0.37 -> 0.02-0.03
# ms a sample, bench/RESULTS.md).
_LINKS = regex.compile(r"(?:https?://|www\.)\S++")
_HANDLE_MARK = regex.compile(r"[@#]")
_SPACE = regex.compile(r"\s")
_LAST_SPACE = regex.compile(r"(?r)\s")
# CLD2 answers in ~0.07 ms where lingua takes 3–5 ms (2,000 characters, all languages); its answer stands on a
# sample of FAST_MIN_CHARS or more when it is sure of one language: reliable, that language at least FAST_SHARE % of
# the text CLD2 scored, which is at least FAST_COVER of the sample's bytes (mixed-language text falls through), and a
# language lingua also knows. Shorter samples go to lingua, whose cost is proportional to the text: CLD2 can be sure
# and wrong on a few lines ("Titlul articolului" around two Spanish sentences: Romanian, 99 %).
# Measured (bench/bench_language.py): lingua's answer on every whole article of the shared corpora and on 9,000
# generated ones.
# A sample of FAST_MIN_CHARS or more that CLD2 is not sure of goes to lingua restricted to the two or three languages
# CLD2 saw in it (all languages when it saw fewer): ~1.3 ms instead of ~6.7, the same answer on every article of
# the shared corpora and on 594 of 597 such samples of 1,000 generated mixed-language articles (bench/RESULTS.md).
FAST_MIN_CHARS = 400
FAST_SHARE = 80
FAST_COVER = 0.7


def language_code(value: str | None) -> str | None:
    """The primary subtag of a declared language code, lowercased, an old code replaced by the current one
    (documents.toml [lang] aliases): "pt-BR" -> "pt", "en_US" -> "en", "in" -> "id", "IW" -> "he".

    Nothing is checked beyond that: "und" stays "und". None for an empty code.
    """
    if not value:
        return None
    primary = _SUBTAG_SEPARATOR.split(str(value).strip(), maxsplit=1)[0].lower()
    return _ALIASES.get(primary, primary) or None


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    """All languages, low-accuracy mode (trigrams only), built once, lazily.

    Measured: high accuracy loads every n-gram model on the first short text (~9 s); low accuracy loads
    in ~0.5 s and gives the same answers on article-length text, which is what it is asked about.
    """
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


@lru_cache(maxsize=1)
def _lingua_codes() -> frozenset[str]:
    return frozenset(language.iso_code_639_1.name.lower() for language in Language.all())


def _sure(sample: str) -> str | None:
    """CLD2's answer when it is sure of one language lingua knows, else None."""
    return _cld2(sample)[0]


def _cld2(sample: str) -> tuple[str | None, frozenset[str]]:
    """CLD2's reading of ``sample``: the language it is sure of (or None), and the languages lingua knows among the
    (up to three) it found."""
    if pycld2 is None:
        return None, frozenset()
    try:
        reliable, scored, found = pycld2.detect(sample)
    except pycld2.error:                      # text CLD2 refuses (lone surrogates, some controls)
        return None, frozenset()
    seen = frozenset(code for _, code, _, _ in found if code in _lingua_codes())
    code, share = found[0][1], found[0][2]
    if reliable and share >= FAST_SHARE and scored >= FAST_COVER * len(sample.encode()) and code in seen:
        return code, seen
    return None, seen


@lru_cache(maxsize=256)
def _detector_of(codes: frozenset[str]) -> LanguageDetector:
    """Lingua restricted to ``codes`` (ISO 639-1, two or more), low-accuracy mode, built once per set."""
    languages = [language for language in Language.all() if language.iso_code_639_1.name.lower() in codes]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def _without_noise(text: str) -> str:
    """``_NOISE.sub(" ", text)``: links, handles, hashtags and addresses blanked."""
    out, at = [], 0
    for mark in _HANDLE_MARK.finditer(text):
        if mark.start() < at:
            continue                                # in the word just blanked
        space = _LAST_SPACE.search(text, at, mark.start())
        start = space.end() if space else at
        space = _SPACE.search(text, mark.start())
        end = space.start() if space else len(text)
        out += [_LINKS.sub(" ", text[at:start]), _NOISE.sub(" ", text[start:end])]
        at = end
    out.append(_LINKS.sub(" ", text[at:]))
    return "".join(out)


def detect_language(text: str | None) -> str | None:
    """ISO 639-1 code (lowercase) of the language ``text`` is written in, or None when undecidable."""
    if not text:
        return None
    sample = _without_noise(text[: SAMPLE_CHARS * 2])[:SAMPLE_CHARS]
    if not regex.search(r"\p{L}", sample):
        return None
    code, seen = _cld2(sample) if len(sample) >= FAST_MIN_CHARS else (None, frozenset())
    if code:
        return code
    language = (_detector_of(seen) if len(seen) >= 2 else detector()).detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language is not None else None
