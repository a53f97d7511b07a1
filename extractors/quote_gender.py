"""A person's gender as the article marks it, so that a pronoun points back to someone it agrees with.

"Anna Berg met the mayor, Tom Hale. “…,” she said": *she* skips the nearer man. What counts first is what the
text itself says, as language data (the ``[gender]`` section of each file in ``extractors/data/quotes/``):

* a pronoun's gender (he / she, er / sie, он / она);
* a word right before a name: an honorific (Mrs, Herr, Mme), a gendered role (spokeswoman), an article
  where articles agree with the noun (la ministra, o treinador), or a role word's ending (Ministerin);
* a past-tense verb right after the name where verbs agree with their subject (сказала, powiedział);
* where the data names a morphological analyser, the name itself (:mod:`extractors.quote_morph`);
* else, last, the given name, when nine in ten of the people who carry it are of one gender
  (``extractors/data/given_names.toml``, built by ``scripts/build_given_names.py``): most articles say
  "Ottilie Varga" and "Tom Hale" and nothing else of either. Names carried both ways tell nothing.

What one mention of a person says holds for every mention with the same last name in the article.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Mapping

from extractors.data_files import load_data

MALE, FEMALE = "m", "f"


@dataclass(frozen=True)
class GenderData:
    pronouns: Mapping[str, str] = field(default_factory=dict)     # folded pronoun -> m | f
    words: Mapping[str, str] = field(default_factory=dict)        # folded word before a name -> m | f
    role_endings: tuple[tuple[str, str], ...] = ()                # (ending of a role word, gender)
    verb_endings: tuple[tuple[str, str], ...] = ()                # (ending of a past-tense verb, gender)
    kin: Mapping[str, str] = field(default_factory=dict)          # folded relative's noun -> m | f


def gender_data(section: Mapping[str, Iterable[str]], fold: Callable[[str], str]) -> GenderData:
    """The ``[gender]`` section of a language file, its words in the form ``fold`` compares them in."""
    def table(masculine: str, feminine: str) -> dict[str, str]:
        out = {fold(w): MALE for w in section.get(masculine, [])}
        out.update({fold(w): FEMALE for w in section.get(feminine, [])})
        return out

    def endings(masculine: str, feminine: str) -> tuple[tuple[str, str], ...]:
        pairs = [(e, MALE) for e in section.get(masculine, [])] + [(e, FEMALE) for e in section.get(feminine, [])]
        return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))     # the longest ending first

    return GenderData(table("masculine_pronouns", "feminine_pronouns"), table("masculine_words", "feminine_words"),
                      endings("masculine_role_endings", "feminine_role_endings"),
                      endings("masculine_verb_endings", "feminine_verb_endings"), table("masculine_kin", "feminine_kin"))


def pronoun_gender(key: str, data: GenderData) -> str | None:
    return data.pronouns.get(key)


def verb_gender(key: str, data: GenderData) -> str | None:
    """The gender a past-tense verb form agrees with (сказала → f), by its ending."""
    return next((g for ending, g in data.verb_endings if key.endswith(ending) and len(key) > len(ending) + 1), None)


def word_gender(key: str, is_role: bool, data: GenderData) -> str | None:
    """The gender a word right before a name gives it: listed words, or a role word's ending."""
    if key in data.words:
        return data.words[key]
    if is_role:
        return next((g for ending, g in data.role_endings if key.endswith(ending) and len(key) > len(ending) + 2),
                    None)
    return None


# Letters NFKD does not take apart, spelled as the list spells them.
_PLAIN_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ß": "ss", "ı": "i", "’": "'"})


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str]:
    """Folded given name -> m | f, or "" for a name carried both ways."""
    data = load_data("given_names.toml")
    return {**{n: "" for n in data["either"]}, **{n: MALE for n in data["masculine"]},
            **{n: FEMALE for n in data["feminine"]}}


def _plain(word: str) -> str:
    key = unicodedata.normalize("NFKD", word.lower().translate(_PLAIN_LETTERS))
    return "".join(c for c in key if not unicodedata.combining(c))


def given_name_gender(word: str) -> str | None:
    """The gender nine in ten people named ``word`` are of ("Ottilie" -> f, "José" -> m), None for a name carried
    both ways or not listed; accents and case do not count."""
    return _given_names().get(_plain(word)) or None


def is_given_name(word: str) -> bool:
    """Whether many people are named ``word``, whichever their gender ("Andrea", "Ottilie")."""
    return _plain(word) in _given_names()
