"""Morphology of persons' names where a language inflects them: the name's dictionary form and gender.

In Russian and Ukrainian a name changes with its case ("по словам Андрея Волкова", "с Ольгой Смирновой"):
the speaker is the person, so the name is given in the nominative ("Андрей Волков", "Ольга Смирнова"),
and the first name tells the person's gender, which a pronoun (он / она) or a verb form (сказал /
сказала) must agree with. pymorphy3 and its dictionaries (installed packages, nothing downloaded) do the
analysis; a language whose data names no analyser, or whose analyser is not installed, keeps names as
written and has no gender.

Pure functions over strings; the analyser is built once per language.
"""
from __future__ import annotations

import functools
from typing import Sequence

from extractors.quote_lang import LangData

_NAME_TAGS = ("Name", "Surn", "Patr")


@functools.lru_cache(maxsize=None)
def _analyser(lang: str):
    try:
        import pymorphy3
        return pymorphy3.MorphAnalyzer(lang=lang)
    except (ImportError, ValueError, OSError):           # not installed, or no dictionaries for it
        return None


def analyser(data: LangData):
    """The morphological analyser the language data names (``grammar.morphology``), or None."""
    return _analyser(data.code) if data.morphology == "pymorphy3" and data.code else None


def _name_parses(morph, word: str):
    """The analyses of ``word`` as part of a name, from the dictionary only (a guessed analysis of a
    foreign or rare name — "Трейси" read as a case of "Трейся" — is no ground to change it)."""
    return [p for p in morph.parse(word) if p.is_known and any(t in p.tag for t in _NAME_TAGS)]


def _known_parses(word: str, data: LangData) -> list:
    """The dictionary's readings of ``word``, most likely first (none where there is no analyser)."""
    morph = analyser(data)
    return [] if morph is None else [p for p in morph.parse(word) if p.is_known]


def common_word(word: str, data: LangData) -> bool:
    """Whether the dictionary knows ``word`` as a noun or adjective and never as part of a name ("Подсудимый",
    "Обвиняемая" opening a sentence before a name are what the person is, not who); False where there is no
    analyser."""
    parses = _known_parses(word, data)
    return bool(parses) and not any(t in p.tag for p in parses for t in _NAME_TAGS) \
        and parses[0].tag.POS in ("NOUN", "ADJF", "PRTF")


def finite_verb(word: str, data: LangData) -> bool:
    """Whether the dictionary reads ``word`` first as a finite verb ("Зовут" opening "Зовут Анна Орлова"): no
    part of the name after it; False where there is no analyser."""
    parses = _known_parses(word, data)
    return bool(parses) and parses[0].tag.POS == "VERB"


def first_name(word: str, data: LangData) -> bool:
    """Whether the dictionary knows ``word`` as a first name ("Ангелина"); False where there is no analyser."""
    morph = analyser(data)
    return morph is not None and any("Name" in p.tag for p in _name_parses(morph, word))


def singular_noun(word: str, data: LangData) -> bool:
    """Whether the dictionary reads ``word`` first as a singular noun ("Актёр", not "Эксперты"): one person, as
    a role opening a sentence may mean; False where there is no analyser."""
    parses = _known_parses(word, data)
    return bool(parses) and parses[0].tag.POS == "NOUN" and "sing" in parses[0].tag


def adverb(word: str, data: LangData) -> bool:
    """Whether the dictionary reads ``word`` first as an adverb or a gerund ("скромно", "улыбаясь"), which
    may stand between a quotation and its verb where no subject does; False where there is no analyser."""
    parses = _known_parses(word, data)
    return bool(parses) and parses[0].tag.POS in ("ADVB", "GRND", "PRED", "COMP")


def dative(word: str, data: LangData) -> bool:
    """Whether the dictionary reads a lowercase ``word`` only in the dative ("нашему", "корреспонденту",
    "журналистам"): the one told, standing between a reporting verb and its subject; False where there is no
    analyser."""
    parses = _known_parses(word, data)
    return bool(parses) and word[:1].islower() and all(str(p.tag.case) == "datv" for p in parses)


def name_key(word: str, data: LangData) -> str | None:
    """One key for every case form of a name's word (its dictionary form: "Смирновой", "Смирнова" →
    "смирнов"), or None where there is no analyser or the word is no name's."""
    morph = analyser(data)
    if morph is None:
        return None
    parses = _name_parses(morph, word)
    parses.sort(key=lambda p: "sing" not in p.tag)      # "Гургенов" is a surname before a first name's plural
    return parses[0].normal_form if parses else None


def _nominative_genders(morph, words: Sequence[str]) -> set[str]:
    """The genders in which every word of a name the analyser knows reads as a nominative: a name read
    whole as written ("Евгения Верхоланцева" is a woman's name in the nominative before it is a man's in
    the genitive)."""
    genders = {"masc", "femn"}
    known = False
    for w in words:
        parses = _name_parses(morph, w)
        if not parses:
            continue
        known = True
        genders &= {str(p.tag.gender) if p.tag.gender else g for p in parses
                    if str(p.tag.case) == "nomn" and "plur" not in p.tag for g in ("masc", "femn")}
    return genders if known else set()


def _oblique_genders(morph, words: Sequence[str]) -> set[str]:
    """The genders in which every word of a name the analyser knows reads in one and the same case other than
    the nominative ("Владислава Гончарова": a man's, in the genitive or accusative)."""
    forms: set[tuple[str, str]] | None = None
    for w in words:
        parses = _name_parses(morph, w)
        if not parses:
            continue
        here = {(str(p.tag.case), g) for p in parses if "sing" in p.tag and str(p.tag.case) != "nomn"
                for g in ((str(p.tag.gender),) if p.tag.gender else ("masc", "femn"))}
        forms = here if forms is None else forms & here
    return {g for _, g in forms or ()}


def oblique_only(word: str, data: LangData) -> bool:
    """Whether ``word`` before a name makes the name oblique: a word the data lists as governing an oblique
    case (``grammar.oblique_before``: "словам", "у"). A noun in the genitive says nothing: "доктор наук
    Ирина …" is the doctor's name, in the nominative."""
    return word.lower() in data.oblique_before


def name_gender(words: Sequence[str], data: LangData) -> str | None:
    """"m" or "f" for a person's name whose words the analyser knows as a first name, patronymic or
    surname of one gender (the gender in which the whole name reads as a nominative, if one does);
    None where it cannot tell."""
    morph = analyser(data)
    if morph is None:
        return None
    whole = _nominative_genders(morph, words)
    if len(whole) == 1:
        return "m" if whole == {"masc"} else "f"
    votes = {"masc": 0.0, "femn": 0.0}
    for w in words:
        for p in _name_parses(morph, w):
            g = str(p.tag.gender) if p.tag.gender else ""
            if g in votes:
                votes[g] += p.score * (2 if "Name" in p.tag else 1)
    if votes["masc"] == votes["femn"]:
        return None
    return "m" if votes["masc"] > votes["femn"] else "f"


def possessor_words(words: Sequence[str], data: LangData) -> int:
    """How many words opening ``words`` are another person's name in an oblique case before a first name in
    the nominative ("внук Сабуровой Матвей": "Сабуровой" is whose grandson, "Матвей" who): 0 where the name
    reads whole, or there is no analyser."""
    morph = analyser(data)
    if morph is None or len(words) < 2:
        return 0
    forms: set[tuple[str, str]] = set()     # the (case, gender) every word so far may be in
    for i, w in enumerate(words):
        parses = _name_parses(morph, w) or (_guessed_surname(morph, w) if i == 0 else [])
        here = {(str(p.tag.case), g) for p in parses
                for g in ((str(p.tag.gender),) if p.tag.gender else ("masc", "femn"))}
        nominative_case = any(case == "nomn" for case, _ in here)
        if i and nominative_case and not here & forms and any("Name" in p.tag for p in parses):
            return i                        # a first name in no case and gender the words before it share
        if not parses or (i and nominative_case):
            return 0
        forms = here if not i else forms & here
    return 0


def _guessed_surname(morph, word: str) -> list:
    """The analyser's guesses of ``word`` as a surname, for one the dictionary lacks ("Пяткина" before a
    first name may be whose, a man's surname in the genitive, or a woman's surname): used only to ask
    whether a first name after it can be of the same person."""
    return [p for p in morph.parse(word) if not p.is_known and "Surn" in p.tag]


def nominative(words: Sequence[str], data: LangData, oblique: bool = False) -> list[str]:
    """The words of a person's name in the nominative, in the gender the name as a whole has ("Андрея
    Волкова" → "Андрей Волков", "Наталии Орловой" → "Наталия Орлова"); words the analyser does not
    read as parts of a name stay as written, and so does every word where there is no analyser.
    ``oblique``: the article writes the name where only an oblique case can stand ("по словам Владислава
    Гончарова"), so a name that reads whole both as a woman's nominative and as a man's genitive is the
    man's."""
    morph = analyser(data)
    if morph is None:
        return list(words)
    obliques = _oblique_genders(morph, words) if oblique else set()
    if _nominative_genders(morph, words) and len(obliques) != 1:
        return list(words)                  # already a nominative in some gender: as written
    gender = obliques.pop() if obliques else {"m": "masc", "f": "femn"}.get(name_gender(words, data) or "")
    cases = {str(p.tag.case) for w in words for p in _name_parses(morph, w) if "Name" in p.tag}
    out = []
    for w in words:
        parses = _name_parses(morph, w)
        if gender:
            fitting = [p for p in parses if p.tag.gender is None or str(p.tag.gender) == gender]
            # a surname the dictionary knows in the other gender only ("Хлебникова" as a man's genitive beside
            # "Светлана"): read by its ending, as one it does not know
            parses = fitting or ([] if len(words) > 1 else parses)
        parses = [p for p in parses if "sing" in p.tag]
        form = parses[0].inflect({"nomn", "sing"}) if parses else None
        if form is None and not parses and gender and len(words) > 1:
            common = _as_common_noun(morph, w, gender, cases, guess=oblique)   # "Кузнеца" after "Глеба"
            out.append(common or _surname_nominative(w, gender, data))    # "Зиганшиной" after "Ольги"
            continue
        if form is None or any(str(p.tag.case) == "nomn" for p in parses):
            out.append(w)
            continue
        word = form.word
        out.append(word[:1].upper() + word[1:] if w[:1].isupper() else word)
    return out


def _as_common_noun(morph, word: str, gender: str, cases: set[str], guess: bool = False) -> str | None:
    """A surname that the dictionary knows only as a common noun, in the nominative, where it reads as that
    noun in the case and gender of the first name beside it ("Глеба Кузнеца" → "Кузнец"); with ``guess``
    (the name stands where only an oblique case can), also as the analyser guesses a noun it does not know;
    None when it does not."""
    for p in morph.parse(word):
        if (p.is_known or guess) and p.tag.POS == "NOUN" and "sing" in p.tag and str(p.tag.gender) == gender \
                and str(p.tag.case) in cases - {"nomn"}:
            form = p.inflect({"nomn", "sing"})
            if form is not None:
                return word[:1] + form.word[1:] if word[:1].isupper() else form.word
    return None


def _surname_nominative(word: str, gender: str, data: LangData) -> str:
    """A surname the dictionary does not know, in the nominative by its ending (``grammar.surname_endings``)
    in the gender the rest of the name has ("Зиганшиной" → "Зиганшина"); as written when none fits."""
    for g, ending, nominative_ending in data.surname_endings:
        if g == gender and word.endswith(ending) and len(word) > len(ending) + 1:
            return word[:-len(ending)] + nominative_ending
    return word


def stem_as_written(part: str, data: LangData, written: frozenset[str]) -> str:
    """``part`` without the case ending (``grammar.case_endings``) whose removal gives a form the article
    writes ("Монтаньяка" → "Монтаньяк" where that is written); else as given."""
    return next((part[:-len(e)] for e in data.case_endings
                 if part.endswith(e) and len(part) > len(e) + 1 and part[:-len(e)] in written), part)


def surname_as_written(word: str, data: LangData, written: frozenset[str]) -> str:
    """A surname in an oblique case as the article writes it in the nominative, by the surname endings
    (``grammar.surname_endings``, the longest ending first: "Тюльпиной" where "Тюльпина" is written, a surname
    the dictionary does not know); else as given."""
    return next((word[:-len(e)] + nominative for _, e, nominative in data.surname_endings
                 if word.endswith(e) and len(word) > len(e) + 1 and word[:-len(e)] + nominative in written), word)


def as_written_elsewhere(words: Sequence[str], data: LangData, body: str, written: frozenset[str]) -> list[str]:
    """The words of a name in the form the article itself writes when they are that form plus a case
    ending: "Жана-Луи де Монтаньяка" is "Жан-Луи де Монтаньяк" where the article writes that name; failing
    the whole name, each word the analyser does not know ("Монтаньяка" where "Монтаньяк" is written). Words
    with no such form in the article stay as given."""
    if not data.case_endings:
        return list(words)
    morph = analyser(data)
    # a woman's surname in the nominative stays hers where the article writes her husband's ("Анна Лыкова",
    # "Олег Лыков")
    women = tuple(b for g, _, b in data.surname_endings if g == "femn") if name_gender(words, data) == "f" else ()

    def stem(part: str, k: int) -> str:
        return part if k and women and part.endswith(women) else stem_as_written(part, data, written)

    whole = ["-".join(stem(p, k) for p in w.split("-")) for k, w in enumerate(words)]
    if whole != list(words) and " ".join(whole) in body:
        return whole
    return ["-".join(p if morph is not None and _name_parses(morph, p) else stem(p, k) for p in w.split("-"))
            for k, w in enumerate(words)]
