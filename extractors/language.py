"""Languages: the code a page or tweet declares, as one form; the language of a text, by lingua's
statistical detector, as an ISO 639-1 code."""
from __future__ import annotations

from functools import lru_cache

import regex
from lingua import LanguageDetector, LanguageDetectorBuilder

from extractors.data_files import load_data

_ALIASES: dict[str, str] = load_data("documents.toml")["lang"]["aliases"]
_SUBTAG_SEPARATOR = regex.compile(r"[-_]")

# Lingua's cost grows with the text; a few thousand characters decide an article's language
# (measured: ~5 ms for 2,000 characters, all 75 languages).
SAMPLE_CHARS = 2000
_NOISE = regex.compile(r"(?:https?://|www\.)\S++|[\w.+-]{0,64}+[@#]\w++")


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


def detect_language(text: str | None) -> str | None:
    """ISO 639-1 code (lowercase) of the language ``text`` is written in, or None when undecidable."""
    if not text:
        return None
    sample = _NOISE.sub(" ", text[: SAMPLE_CHARS * 2])[:SAMPLE_CHARS]
    if not regex.search(r"\p{L}", sample):
        return None
    language = detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language is not None else None
