"""Language data and text analysis behind :mod:`extractors.quotes`.

Language facts live in ``extractors/data/quotes/<lang>.toml`` merged over ``common.toml`` (lists joined,
values overridden); a language without a file gets the common data alone. Words are compared in one
folded form (:func:`fold`) and phrases are matched by concatenating consecutive words, so a Persian verb
matches whether it is written ``می گوید``, ``می‌گوید`` or ``میگوید``.

spaCy supplies, per paragraph: sentences (``sentencizer``), which dots end nothing ("Dr.", "M.", "J."
are kept whole by its tokenizer exceptions) and, where a trained pipeline is installed, PER entities.
Words themselves are cut by one regex over the same text, because quote marks glued to words
(``هنا».``) must always stand apart. Pipelines are built once per language and never downloaded.
"""
from __future__ import annotations

import bisect
import contextlib
import functools
import importlib.util
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterator, Sequence

import regex
import spacy
from spacy.attrs import IDX, IS_PUNCT, LENGTH, ORTH
from dateparser.languages.loader import default_loader

from extractors.quote_gender import GenderData, gender_data

_DATA_DIR = "data/quotes"

# A word: letters, marks, digits (and the joiners of Persian script), possibly hyphen/apostrophe-joined
# (Jean-Pierre, O'Neil, l'esperienza); a character of the unspaced scripts on its own; any other
# non-space character is punctuation. Possessive quantifiers: nothing to backtrack into. ASCII letters and
# digits come first in the word class (the same set): the engine tries a set's members in order, and most
# characters then match without the difference of properties being worked out (a quarter off the scan).
_CJK = r"\p{Han}\p{Hiragana}\p{Katakana}"
_WCH = rf"[a-zA-Z0-9[[\p{{L}}\p{{M}}\p{{N}}\u200c\u200d]--[{_CJK}]]]"
WORD_RE = regex.compile(rf"[{_CJK}]|{_WCH}++(?:[-‐'’]{_WCH}++)*+|\S", regex.V1)
_ABBREVIATION = regex.compile(r"^(?:\p{L}{1,5}|(?:\p{L}\.){1,4}\p{L})\.$")
# Letter variants unified, and the diacritics of Arabic script and the joiners dropped (one table: no regex per word).
_FOLD = str.maketrans({"ي": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا", "ş": "ș", "ţ": "ț",
                       "ё": "е", "’": "'", "ʼ": "'", "‐": "-",
                       **dict.fromkeys([*map(chr, range(0x064B, 0x0660)), "\u0670", "\u0640", "\u200c", "\u200d",
                                        "\u200e", "\u200f", "\u00ad"])})


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """The form words are compared in: NFC, casefolded, diacritics of Arabic script and joiners dropped,
    letter variants of one language unified, hyphens/dots at the edges stripped."""
    if text.isascii():                  # nothing to compose, unify or drop
        return text.lower().strip(".-")
    return unicodedata.normalize("NFC", text).casefold().translate(_FOLD).strip(".-")


@functools.lru_cache(maxsize=1 << 16)
def first_letter(text: str) -> str:
    """The first letter of ``text`` ("" if none): its case tells a name's word from others (asked about the
    same words many times an article: memoised)."""
    return next((c for c in text if c.isalpha()), "")


@functools.lru_cache(maxsize=1 << 16)
def has_digit(text: str) -> bool:
    """Whether ``text`` holds a digit of any script (memoised, as :func:`first_letter`)."""
    return any(ch.isdigit() for ch in text)


def words_of(text: str) -> list[str]:
    return [m.group() for m in WORD_RE.finditer(text)]


def _inflected(entries: Sequence[str], endings: Sequence[str]) -> list[str]:
    """Each entry and its inflected forms: a role noun declines before a name where nouns inflect
    ("des Vorsitzenden", "des Sprechers"), and the declined form is as much a role as the listed one."""
    return [*entries, *(e + end for e in entries if not e.endswith("*") for end in endings)]


def _with_auxiliaries(entries: Sequence[str], auxiliaries: Sequence[str]) -> list[str]:
    """Each entry and, for one that opens with an auxiliary of a compound past, the same participle after each
    other auxiliary ("ha parlato di" → "aveva parlato di", "hanno parlato di"): the tense says nothing of
    whether speech is reported."""
    aux = {fold(a) for a in auxiliaries}
    out = list(entries)
    for e in entries:
        head, _, rest = e.partition(" ")
        if rest and fold(head) in aux:
            out += [f"{a} {rest}" for a in auxiliaries if fold(a) != fold(head)]
    return out


class Lexicon:
    """Phrases of one list, matched word by word: ``match(keys, i)`` is the longest entry that the words
    from ``i`` on spell (spaces between them ignored), or an entry ``stem*`` that word ``i`` begins with,
    or ``*suffix`` that it ends with (German compounds: Wirtschaftsminister)."""

    def __init__(self, entries: Sequence[str]):
        self.phrases: set[str] = set()          # each entry's folded words, concatenated
        stems: list[str] = []
        suffixes: list[str] = []
        longest = 1
        for entry in entries:
            if entry.endswith("*"):
                stems.append(fold(entry[:-1]))
                continue
            if entry.startswith("*"):
                suffixes.append(fold(entry[1:]))
                continue
            parts = [fold(w) for w in words_of(entry) if fold(w)]
            if parts:
                self.phrases.add("".join(parts))
                longest = max(longest, len(parts))
        # every beginning of an entry's concatenated words: a key that is none can grow into no entry
        self.prefixes = frozenset(p[:k] for p in self.phrases for k in range(1, len(p) + 1))
        self.stems = tuple(stems)
        self.suffixes = tuple(suffixes)
        self.affixes = bool(stems or suffixes)
        self.initials = frozenset(k[0] for k in self.phrases) | frozenset(s[0] for s in stems if s)
        # one more word than the longest entry: a data word may be split in the text (می + گوید)
        self.max_words = longest + 1

    def __bool__(self) -> bool:
        return bool(self.phrases or self.stems or self.suffixes)

    def may_open(self, key: str) -> bool:
        """Whether an entry may begin with the word ``key``: when not, :meth:`match` of it is 0 (asked first where
        most words begin none, it spares the call)."""
        return key in self.prefixes or (self.affixes and bool(key) and bool(_affixed(self, key)))

    def match(self, keys: Sequence[str], i: int) -> int:
        """How many words from ``i`` on form an entry (0: none)."""
        if i >= len(keys) or not keys[i] or (keys[i][0] not in self.initials and not self.suffixes):
            return 0
        if keys[i] not in self.prefixes:        # no entry begins with it: a stem or suffix at most
            return _affixed(self, keys[i]) if self.affixes else 0
        key = ""
        best = 0
        for n in range(min(self.max_words, len(keys) - i)):
            if not keys[i + n]:
                break
            key += keys[i + n]
            if key in self.phrases:
                best = n + 1
            if key not in self.prefixes:
                break
        return best or (_affixed(self, keys[i]) if self.affixes else 0)


@functools.lru_cache(maxsize=1 << 16)
def _affixed(lexicon: Lexicon, word: str) -> int:
    """1 when ``word`` begins with a stem or ends with a suffix of the list (and is longer), else 0; memoised: a
    list may hold hundreds of suffixes (German roles), tried one by one."""
    return int(word.startswith(lexicon.stems) or (word.endswith(lexicon.suffixes) and any(
        word.endswith(suffix) and len(word) > len(suffix) for suffix in lexicon.suffixes)))


class Memo(dict):
    """A dict that answers every key: ``answer(key)`` computed when the key is first asked and kept (all forgotten
    past 65,536 keys, as a worker's articles bring new words without end). A lookup, where a memoised function
    would be a call."""

    def __init__(self, answer):
        super().__init__()
        self.answer = answer

    def __missing__(self, key):
        if len(self) >= 1 << 16:
            self.clear()
        value = self[key] = self.answer(key)
        return value


@dataclass(frozen=True)
class LangData:
    code: str | None
    verbs: Lexicon
    separable: dict[str, frozenset[str]]   # a verb's stem -> the particles that end its clause ("teilte" … "mit")
    role_synonyms: dict[str, frozenset[str]]   # a role -> the other names of its office ("primo cittadino": "sindaco")
    pronoun_verbs: Lexicon
    according_to: Lexicon
    according_to_after: Lexicon
    according_postpositions: Lexicon  # "according to" written after its source ("dem Bericht zufolge")
    opinion_for: frozenset[str]   # "pour X, «…»": an "according to" that is mostly a plain preposition
    holder_prepositions: frozenset[str]     # "У Петрова другое мнение: «…»": who has the view quoted
    according_to_pronouns: frozenset[str]   # "according to him", "selon lui": the pronoun's form there
    anaphoric_after: Lexicon      # "“…” That was how Ann Lee put it": a next sentence that names the speaker
    adding_verbs: Lexicon         # "añade", "ajoute": a speaker going on, in a line of dialogue
    words_of_after: Lexicon       # "“…” Those were the words of Ann Lee."
    cleft_after: Lexicon          # "«…» C'est Ana Lima, …, qui …", "«…» A parlare è Ada Neri": the name right after
    speech_nouns: frozenset[str]  # nouns for what someone said, after whose it was ("Lee's answer:")
    body_nouns: tuple[str, ...]   # where nouns are capitalised, heads of a public body's name ("…inspektion")
    honorifics: Lexicon
    roles: Lexicon
    pronouns: frozenset[str]
    first_person: frozenset[str]
    complementizers: frozenset[str]
    subordinators: frozenset[str]     # open a clause put before the main one ("Um … zu …, will X …"): its verb waits
    conjunctions: frozenset[str]
    adversatives: frozenset[str]      # "but", "aber", "но": join a second verb to the same subject
    indefinites: frozenset[str]
    definites: frozenset[str]
    articles: frozenset[str]          # definites and indefinites, asked together in many places
    contractions: frozenset[str]      # a preposition and a definite article in one word (im, du, al)
    definite_prefixes: tuple[str, ...]
    not_name_initial: tuple[str, ...]
    not_in_name: tuple[str, ...]
    particles: frozenset[str]
    name_suffixes: frozenset[str]     # generational suffixes after a name ("Jr."): no part of the speaker's name
    complement_endings: tuple[tuple[str, str], ...]   # endings of a title's two-word complement ("Obras Públicas")
    generation_numerals: frozenset[str]   # Roman numerals ending a name of two words or more ("III"), as written
    answer_labels: frozenset[str]     # labels of an interview's answers that name nobody ("A:", "Antwort:")
    stop_words: frozenset[str]        # spaCy's and the data's
    not_stop: frozenset[str]          # words spaCy lists as stop words that are also first names (Will)
    adverbs: frozenset[str]           # the data's own stop words: may stand anywhere around a subject
    non_person: frozenset[str]
    organisation_nouns: frozenset[str]   # "company", "Ministerium": point back to an organisation
    documents: frozenset[str]         # texts a person issues ("statement", "Erklärung")
    authorship: frozenset[str]        # words naming a document's author after it ("a statement from", "von")
    group_pronouns: frozenset[str]    # pronouns for a group or an organisation ("they", "it"): no person
    participles: frozenset[str]       # verbs whose subject is the main clause's ("…, calling it a “…”")
    as_words: frozenset[str]          # "as" before a characterisation in someone's words ("described it as “…”")
    reported_mood: frozenset[str]     # verb forms only reported speech takes (German Konjunktiv I: "sei", "habe")
    possessives: frozenset[str]       # third-person possessives ("his", "ihre", "su")
    kin_nouns: frozenset[str]         # "hermano", "Schwester": kin of a person a possessive points to
    demonstratives: frozenset[str]    # "aquel", "questo": they open a noun phrase as an article does
    plural_definites: frozenset[str]  # "les", "los": a plural subject, which a pronoun for one person does not mean
    generic_roles: frozenset[str]     # "official", "governante": what any office-holder may be called
    person_nouns: frozenset[str]      # "Teenager", "Anwohnerin": nouns of persons no title, where nouns are capitalised
    age_nouns: frozenset[str]         # "sexagénaire", "ottantenne": a person by the decade of their age
    age_endings: tuple[str, ...]      # endings of an age spelled out as one word ("Sechzigjährige", "тридцатилетний")
    greetings: frozenset[str]         # "Liebe", "Dear": a greeting to the reader opens the paragraph
    day_names: frozenset[str]         # names of the week's days, never a person's ("stressed Friday that")
    quotation_pronouns: frozenset[str]   # a word standing for the quotation before its verb ("„…“ Das sagt X")
    time_nouns: frozenset[str]        # parts of the day and the week, never a source ("hieß es am Abend")
    number_word: regex.Pattern[str] | None   # a word that writes a number ("dreiunddreißig"): no name opens with it
    month_names: frozenset[str]       # names of months, short forms too: alone, no person's name
    prepositions: frozenset[str]      # a phrase after one is no subject ("mit den Worten", "in a statement")
    reflexives: frozenset[str]        # reflexive pronouns a verb may take next to it ("zeigte sich")
    auxiliaries: frozenset[str]       # third-person auxiliaries of compound past tenses ("a répliqué", "ha detto")
    copulas: frozenset[str]           # "fue", "is": an article before one belongs to another noun than the name after
    noble_titles: frozenset[str]      # ranks written inside a name before its particle ("Karl Graf von Ried")
    inverting_auxiliaries: frozenset[str]   # finite auxiliaries a verb-second clause puts before its subject
    intensifiers: frozenset[str]      # a name's own emphasis after it ("Ott selbst", "Ott zelf")
    verb_clitics: frozenset[str]      # reflexive and object pronouns written before their verb ("se", "le replica")
    so_called: Lexicon                # words that make a quoted term a label ("so-called", "так называемый")
    relatives: Lexicon                # relative pronouns: a clause they open between commas is no subject
    subject_relatives: Lexicon        # those that are their clause's subject ("who", "qui", "che")
    resumptive: frozenset[str]        # stressed pronouns taking up a subject between commas ("X, elle, a dit")
    quoting_verbs: Lexicon            # the reporter quotes the object: "zitiert X mit den Worten", "quoted X"
    accusing_verbs: Lexicon           # the one named after them is accused, not the speaker ("acusó al alcalde")
    impersonal: Lexicon               # reporting verbs with no person as subject: the source is in a phrase
                                      # after a preposition ("hieß es in einer Mitteilung", "заявили в мэрии")
    role_endings: tuple[str, ...]     # endings of agent nouns: the first of three capitalised words is a role
    clitic_suffixes: tuple[str, ...]
    elisions: tuple[str, ...]         # elided articles and prepositions glued to the next word (l', dell')
    definite_suffixes: tuple[str, ...]    # a definite article written as the noun's ending (ministrul, tränaren)
    patronymic_suffixes: tuple[str, ...]
    genitive_endings: tuple[str, ...]
    apostrophe_suffixes: frozenset[str]   # endings after a name's apostrophe that are not the name ("Smith's")
    apostrophe_inflects: bool         # every ending after a name's apostrophe is (Turkish "Yılmaz'a")
    pro_drop: bool
    verb_second: bool                 # the finite verb comes second, a fronted phrase before it, the subject after
    compound_surnames: bool           # "Ana Beatriz dos Reis Moura": particles join a name's own words
    first_surname: bool               # a person goes by the first of two surnames ("Mendizabal" for "Ana Mendizabal Bravo")
    incise_inside: bool               # the reporting clause may stand inside the marks (« A, dit-il. B »)
    case_endings: tuple[str, ...]     # endings a foreign name takes in the oblique cases (Монтаньяк-а, -у)
    family_endings: tuple[str, ...]   # a family's surname in the plural ("Петровы"): no one person
    surname_endings: tuple[tuple[str, str, str], ...]   # (gender, oblique ending, nominative ending), longest first
    oblique_before: frozenset[str]    # words after which a name stands in an oblique case ("по словам", "у")
    verb_first: bool
    subject_before_quote: bool
    nouns_capitalised: bool
    title_genitive: bool
    pipelines: tuple[str, ...]
    morphology: str | None            # analyser of inflected names ("pymorphy3"), None: names stay as written
    gender: GenderData                # what marks a person's gender (extractors/quote_gender.py)
    pairs: dict[str, str]             # opening mark -> marks that may close it
    continued_by: dict[str, str]      # opening mark -> marks other than itself that may open a continued paragraph
    openers: str
    closers: str
    apostrophes: str
    no_open: str
    dashes: str
    terminators: str
    commas: str
    colons: str
    enumeration: str
    byline_dashes: str
    dialogue_dashes: str              # dashes opening a paragraph of direct speech without quote marks
    unspaced: tuple[tuple[regex.Pattern, float], ...]   # (letters of a script, letters per word)
    unspaced_any: regex.Pattern                          # a letter of any of them
    limits: dict[str, int | float] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)

    @functools.cached_property
    def title_openers(self) -> dict[str, bool]:
        """Word key -> whether an honorific or a role may open with it (either list's :meth:`Lexicon.may_open`), or
        a compound may hold one (a hyphen or an apostrophe in it: Greenpeace-Sprecherin, CEO'su): the test
        :func:`extractors.quote_subjects.title_at` makes of every word a name reader walks past, most of them
        opening none, answered by one lookup (each key's answer computed when first asked)."""
        return Memo(lambda key: self.honorifics.may_open(key) or self.roles.may_open(key) or "-" in key or "'" in key)


def _read(name: str) -> dict | None:
    path = resources.files("extractors").joinpath(f"{_DATA_DIR}/{name}.toml")
    if not path.is_file():
        return None
    return tomllib.loads(path.read_text("utf-8"))


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + value
        else:
            out[key] = value
    return out


def _base_lang(lang: str | None) -> str | None:
    """The primary subtag, aliases applied ("pt-BR" -> "pt", "in" -> "id"): see language.language_code."""
    from extractors.language import language_code

    return language_code(lang)


_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")


def _calendar_names(code: str | None, keys: Sequence[str], shortest: int) -> frozenset[str]:
    """The language's names of the days of the week or of the months (``keys``: dateparser's English
    names for them) of ``shortest`` letters or more, from dateparser's locale data (the library that
    reads the articles' dates): capitalised like names in many languages, they are no person's."""
    try:
        info = default_loader.get_locale(code or "en").info
    except (KeyError, ValueError, ImportError):     # dateparser has no such language
        return frozenset()
    return frozenset(fold(w) for key in keys for w in info.get(key, []) if len(w) >= shortest)


def _alternation(parts: frozenset[str], repeated: bool = False) -> regex.Pattern[str] | None:
    """A pattern matching a whole folded word that is one of ``parts`` (or, ``repeated``, several of them
    joined: "dreiunddreißig"); None for no parts."""
    if not parts:
        return None
    either = "|".join(regex.escape(p) for p in sorted(parts, key=len, reverse=True))
    return regex.compile(f"(?:{either})" + ("+" if repeated else "") + r"\Z")


def _synonyms(groups: Sequence[Sequence[str]]) -> dict[str, frozenset[str]]:
    """Each folded name of an office -> every name of it in the groups it belongs to (itself included)."""
    out: dict[str, frozenset[str]] = {}
    for group in groups:
        names = frozenset(fold(w) for w in group)
        for name in names:
            out[name] = out.get(name, frozenset()) | names
    return out


def _separable(entries: Sequence[str]) -> dict[str, frozenset[str]]:
    """Separable verbs, "stem particle…" entries, as stem -> the particles (one key each, spaces dropped)."""
    out: dict[str, set[str]] = {}
    for entry in entries:
        stem, *particle = [fold(w) for w in entry.split()]
        out.setdefault(stem, set()).add("".join(particle))
    return {stem: frozenset(ps) for stem, ps in out.items()}


@functools.lru_cache(maxsize=None)
def lang_data(lang: str | None) -> LangData:
    """The merged data for ``lang`` (ISO 639-1; region suffixes ignored), cached."""
    code = _base_lang(lang)
    raw = _read("common")
    own = _read(code) if code and regex.fullmatch(r"[a-z]{2,3}", code) else None
    if own:
        raw = _merge(raw, own)
    lex, grammar, marks, punct = raw["lexicon"], raw.get("grammar", {}), raw["marks"], raw["punct"]
    try:
        defaults = spacy.util.get_lang_class(code or "xx").Defaults
    except (ImportError, KeyError, ValueError):      # spaCy has no such language
        defaults = spacy.util.get_lang_class("xx").Defaults

    def folded(name: str) -> frozenset[str]:
        return frozenset(fold(w) for w in lex.get(name, []) if fold(w))

    adverbs = folded("stop_words")
    return LangData(
        code=code,
        verbs=Lexicon(_with_auxiliaries([*lex.get("verbs", []), *lex.get("quoting_verbs", []),
                                         *lex.get("accusing_verbs", [])], lex.get("auxiliaries", []))),
        separable=_separable(lex.get("separable_verbs", [])),
        role_synonyms=_synonyms(lex.get("role_synonyms", [])),
        pronoun_verbs=Lexicon(lex.get("pronoun_verbs", [])),
        according_to=Lexicon(lex.get("according_to", [])),
        according_to_after=Lexicon(lex.get("according_to_after", [])),
        according_postpositions=Lexicon(lex.get("according_postpositions", [])),
        opinion_for=folded("opinion_for"),
        holder_prepositions=folded("holder_prepositions"),
        according_to_pronouns=folded("according_to_pronouns"),
        anaphoric_after=Lexicon(lex.get("anaphoric_after", [])),
        adding_verbs=Lexicon(lex.get("adding_verbs", [])),
        words_of_after=Lexicon(lex.get("words_of_after", [])),
        cleft_after=Lexicon(lex.get("cleft_after", [])),
        speech_nouns=folded("speech_nouns"),
        body_nouns=tuple(folded("body_nouns")),
        honorifics=Lexicon(lex.get("honorifics", [])),
        roles=Lexicon(_inflected(lex.get("roles", []), lex.get("role_inflections", []))),
        pronouns=folded("pronouns"),
        first_person=folded("first_person"),
        complementizers=folded("complementizers"),
        subordinators=folded("subordinators"),
        conjunctions=folded("conjunctions"),
        adversatives=folded("adversatives"),
        indefinites=folded("indefinites"),
        definites=folded("definites"),
        articles=folded("indefinites") | folded("definites"),
        contractions=folded("contractions"),
        definite_prefixes=tuple(fold(w) for w in lex.get("definite_prefixes", [])),
        not_name_initial=tuple(fold(w) for w in lex.get("not_name_initial", [])),
        not_in_name=tuple(fold(w) for w in lex.get("not_in_name", [])),
        particles=folded("particles"),
        name_suffixes=folded("name_suffixes"),
        generation_numerals=frozenset(lex.get("generation_numerals", [])),
        complement_endings=tuple((a, b) for a, b in lex.get("complement_endings", [])),
        answer_labels=folded("answer_labels"),
        stop_words=(frozenset(fold(w) for w in defaults.stop_words) - folded("not_stop")) | adverbs,
        not_stop=folded("not_stop"),
        adverbs=adverbs,
        non_person=folded("non_person"),
        organisation_nouns=folded("organisation_nouns"),
        documents=folded("documents"),
        authorship=folded("authorship"),
        group_pronouns=folded("group_pronouns"),
        participles=folded("participles"),
        as_words=folded("as_words"),
        reported_mood=folded("reported_mood"),
        possessives=folded("possessives"),
        kin_nouns=folded("kin_nouns"),
        demonstratives=folded("demonstratives"),
        plural_definites=folded("plural_definites"),
        generic_roles=folded("generic_roles"),
        person_nouns=folded("person_nouns"),
        age_nouns=folded("age_nouns"),
        age_endings=tuple(fold(w) for w in lex.get("age_endings", [])),
        greetings=folded("greetings"),
        day_names=_calendar_names(code, _DAYS, 4),         # not "Mo", "Sun": also names and words
        time_nouns=folded("time_nouns"),
        quotation_pronouns=folded("quotation_pronouns"),
        number_word=_alternation(folded("number_parts"), repeated=True),
        month_names=_calendar_names(code, _MONTHS, 1),
        prepositions=folded("prepositions"),
        reflexives=folded("reflexives"),
        auxiliaries=folded("auxiliaries"),
        copulas=folded("copulas"),
        noble_titles=folded("noble_titles"),
        inverting_auxiliaries=folded("inverting_auxiliaries"),
        intensifiers=folded("intensifiers"),
        verb_clitics=folded("reflexives") | folded("object_clitics"),
        so_called=Lexicon(lex.get("so_called", [])),
        relatives=Lexicon(lex.get("relatives", [])),
        subject_relatives=Lexicon(lex.get("subject_relatives", [])),
        resumptive=folded("resumptive"),
        impersonal=Lexicon(lex.get("impersonal", [])),
        quoting_verbs=Lexicon(lex.get("quoting_verbs", [])),
        accusing_verbs=Lexicon(lex.get("accusing_verbs", [])),
        role_endings=tuple(fold(w) for w in lex.get("role_endings", [])),
        clitic_suffixes=tuple(sorted((s.casefold() for s in lex.get("clitic_suffixes", [])), key=len, reverse=True)),
        elisions=tuple(sorted((fold(s) for s in lex.get("elisions", [])), key=len, reverse=True)),
        definite_suffixes=tuple(fold(s) for s in grammar.get("definite_suffixes", [])),
        patronymic_suffixes=tuple(fold(s) for s in lex.get("patronymic_suffixes", [])),
        genitive_endings=tuple(fold(s) for s in lex.get("genitive_endings", [])),
        apostrophe_suffixes=folded("apostrophe_suffixes"),
        apostrophe_inflects=bool(grammar.get("apostrophe_inflects", False)),
        pro_drop=bool(grammar.get("pro_drop", False)),
        verb_second=bool(grammar.get("verb_second", False)),
        compound_surnames=bool(grammar.get("compound_surnames", False)),
        first_surname=bool(grammar.get("first_surname", False)),
        incise_inside=bool(grammar.get("incise_inside", False)),
        case_endings=tuple(sorted(grammar.get("case_endings", []), key=len, reverse=True)),
        family_endings=tuple(fold(s) for s in grammar.get("family_endings", [])),
        surname_endings=tuple(sorted(((g, a, b) for g, pairs in grammar.get("surname_endings", {}).items()
                                      for a, b in pairs), key=lambda t: len(t[1]), reverse=True)),
        oblique_before=frozenset(grammar.get("oblique_before", [])),
        verb_first=bool(grammar.get("verb_first", False)),
        subject_before_quote=bool(grammar.get("subject_before_quote", False)),
        nouns_capitalised=bool(grammar.get("nouns_capitalised", False)),
        title_genitive=bool(grammar.get("title_genitive", False)),
        pipelines=tuple(grammar.get("pipelines", [])),
        morphology=grammar.get("morphology"),
        gender=gender_data(raw.get("gender", {}), fold),
        pairs={opener: closers for opener, closers in marks["pairs"]},
        continued_by={opener: marks_ for opener, marks_ in marks.get("continued_by", [])},
        openers=marks["openers"], closers=marks["closers"], apostrophes=marks["apostrophes"],
        no_open=marks["no_open"],
        dashes=punct["dashes"], terminators=punct["terminators"], commas=punct["commas"], colons=punct["colons"],
        enumeration=punct["enumeration"], byline_dashes=punct["byline_dashes"],
        dialogue_dashes=punct.get("dialogue_dashes", ""),
        unspaced=tuple((regex.compile(rf"(?=\p{{L}})\p{{Script={script}}}"), float(n))
                      for script, n in raw["unspaced"].items()),
        unspaced_any=regex.compile("|".join(rf"\p{{Script={script}}}" for script in raw["unspaced"]) or r"(?!)"),
        limits=dict(raw["limits"]), confidence=dict(raw["confidence"]),
    )


# spaCy's tokenizer remembers the tokens of each distinct chunk of text between spaces, but only of the first
# 10,000 it meets (none replaced): a worker passes that within ~30 articles, then cuts every chunk it did not keep
# with its prefix/suffix/infix regexes again. The same tokens either way; measured per token (bench/RESULTS.md):
# 2.4 -> 1.8 µs over the shared corpora read once, 2.2 -> 1.2 µs on generated articles; ~0.35 KB a chunk kept.
TOKENIZER_CACHE_CHUNKS = 100_000
_MADE: list[spacy.language.Language] = []  # every pipeline this process made (`memory_zone`)


@contextlib.contextmanager
def memory_zone() -> Iterator[None]:
    """A block whose new words and strings the pipelines forget when it ends (spaCy's memory zones): a process that
    analyses article after article keeps the vocabulary it had, not every word it ever met. Nothing spaCy makes
    inside may be used after it (the extractors keep offsets and their own strings, never a Doc or a Token); a
    pipeline first made inside the block keeps that block's words."""
    with contextlib.ExitStack() as zones:
        for nlp in list(_MADE):
            zones.enter_context(nlp.memory_zone())
        yield


@functools.lru_cache(maxsize=None)
def pipeline(lang: str | None) -> spacy.language.Language:
    """A blank pipeline with a sentencizer for ``lang`` (``xx`` when spaCy has none), cached.

    Its tokens are read for their text and whether they are punctuation only (the sentencizer's rule), so a word
    new to its vocabulary gets that one attribute: the others (shape, norm, like_num …) cost ~1 ms an article."""
    try:
        nlp = spacy.blank(lang or "xx")
    except (ImportError, KeyError, ValueError, OSError):   # unknown code, or a tokenizer needing extra packages
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    nlp.vocab.lex_attr_getters = {IS_PUNCT: nlp.vocab.lex_attr_getters[IS_PUNCT]}
    nlp.tokenizer.max_cache_size = TOKENIZER_CACHE_CHUNKS
    _MADE.append(nlp)
    return nlp


@functools.lru_cache(maxsize=None)
def ner_pipeline(names: tuple[str, ...]) -> spacy.language.Language | None:
    """The first of ``names`` that is installed, loaded for PER entities only (never downloaded)."""
    for name in names:
        if importlib.util.find_spec(name) is None:
            continue
        try:
            nlp = spacy.load(name, exclude=["parser", "tagger", "morphologizer", "lemmatizer",
                                            "attribute_ruler", "senter"])
        except OSError:
            continue
        if "ner" not in nlp.pipe_names:
            continue
        nlp.add_pipe("sentencizer", first=True)
        nlp.tokenizer.max_cache_size = TOKENIZER_CACHE_CHUNKS
        _MADE.append(nlp)
        return nlp
    return None


def finds_persons(data: LangData) -> bool:
    """Whether the language's paragraphs go through a trained pipeline that finds PER entities."""
    return bool(data.pipelines) and ner_pipeline(data.pipelines) is not None


class Item:
    """A word or punctuation character of a paragraph, with its offsets in the body."""

    __slots__ = ("text", "start", "end", "key", "word", "inert", "opener")

    def __init__(self, text: str, start: int, word: bool):
        self.text = text
        self.start = start
        self.end = start + len(text)
        self.key = fold(text) if word else text
        self.word = word
        self.inert = False          # a dot that ends no sentence (abbreviation, initial)
        self.opener = False         # the first word of a sentence

    def __repr__(self) -> str:
        return f"Item({self.text!r}@{self.start})"


@dataclass
class Paragraph:
    start: int
    items: list[Item]
    sent_starts: list[int]            # index into items of each sentence's first item
    persons: list[tuple[int, int]]    # PER entities (body offsets)
    starts: list[int]                 # body offset of each item

    def index_at(self, pos: int) -> int:
        """Index of the first item starting at or after ``pos``."""
        return bisect.bisect_left(self.starts, pos)

    def sentence_bounds(self, i: int) -> tuple[int, int]:
        """Item range [a, b) of the sentence holding item ``i``."""
        k = bisect.bisect_right(self.sent_starts, i) - 1
        a = self.sent_starts[k] if k >= 0 else 0
        b = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else len(self.items)
        return a, b


# spaCy refuses a text over nlp.max_length (E088, 1,000,000 characters; a single-line article is one paragraph):
# a paragraph longer than this is analysed in pieces cut after white space and joined back into one Doc.
PIECE_CHARS = 100_000
_LAST_SPACE = regex.compile(r"(?r)\s")


def _docs(nlp: spacy.language.Language, texts: list[str]):
    """``nlp.pipe`` over ``texts``, each text's Doc with the text's own offsets, however long the text."""
    pieces = [_pieces(text) for text in texts]
    flat = nlp.pipe(piece for parts in pieces for piece in parts)
    for parts in pieces:
        docs = [next(flat) for _ in parts]
        yield docs[0] if len(docs) == 1 else spacy.tokens.Doc.from_docs(docs, ensure_whitespace=False)


def _pieces(text: str) -> list[str]:
    out, start = [], 0
    while len(text) - start > PIECE_CHARS:
        space = _LAST_SPACE.search(text, start + PIECE_CHARS // 2, start + PIECE_CHARS)
        end = space.end() if space else start + PIECE_CHARS
        out.append(text[start:end])
        start = end
    out.append(text[start:])
    return out


def analyse(texts: Sequence[tuple[int, str]], data: LangData,
            cut: Sequence[list[Item] | None] = ()) -> list[Paragraph]:
    """Paragraphs (given with their body offsets) cut into items and sentences, PER entities tagged. ``cut`` may
    give a text's items as :func:`cut_items` made them (None: cut here); they are the paragraph's, flags set."""
    ner = ner_pipeline(data.pipelines) if data.pipelines else None
    nlp = ner or pipeline(data.code)
    out: list[Paragraph] = []
    marks = _marks(nlp, [text for _, text in texts], ner is not None)
    for n, ((offset, text), (sent_chars, inert, persons)) in enumerate(zip(texts, marks)):
        inert = {offset + k for k in inert}
        items = cut[n] if n < len(cut) and cut[n] is not None else cut_items(text, offset, data)
        sent_chars = [offset + k for k in sent_chars]
        sent_starts: list[int] = []
        starts = [it.start for it in items]
        for ch in sent_chars:
            k = bisect.bisect_left(starts, ch)
            if k < len(items) and (not sent_starts or sent_starts[-1] != k):
                sent_starts.append(k)
        if not sent_starts or sent_starts[0] != 0:
            sent_starts.insert(0, 0)
        stamp = _ticker_time(text, offset, starts)
        if stamp and stamp not in sent_starts:
            bisect.insort(sent_starts, stamp)     # "10:15 «…», — уточнили": the entry opens after its time
        for n in [n for n, it in enumerate(items) if it.text == "."]:
            it = items[n]
            glued = 0 < n < len(items) - 1 and items[n - 1].end == it.start == items[n + 1].start - 1 \
                and items[n - 1].word and items[n + 1].word                      # Formation.ai, 3.5
            if glued or it.start in inert or (n and _is_title_word(items, n - 1, data)):
                it.inert = True
                if _opens_quoted_sentence(items, n, data) and n + 1 not in sent_starts:
                    bisect.insort(sent_starts, n + 1)     # "… in Salem, Ore. “We are …”": the
                    it.inert = False                      # abbreviation's dot also ends the sentence
        for a in sent_starts:
            f = next((f for f in range(a, min(a + 4, len(items))) if items[f].word), None)
            if f is not None and not _byline(items, f, data):
                items[f].opener = True
        persons = [(offset + a, offset + b) for a, b in persons]
        out.append(Paragraph(offset, items, sent_starts, persons, starts))
    return out


# A live ticker's time opening a paragraph, bold or not: "10:15", "10.15", "10h15", "**08:30**".
_TICKER_TIME = regex.compile(r"[*_]{0,2}+\d{1,2}[:.h]\d{2}[*_]{0,2}+(?=[ \t])")


def _ticker_time(text: str, offset: int, starts: Sequence[int]) -> int:
    """The index of the first item after a live ticker's time opening the paragraph ``text`` (at body offset
    ``offset``; ``starts``: its items' offsets), 0 when it has none."""
    m = _TICKER_TIME.match(text)
    if m is None:
        return 0
    k = bisect.bisect_left(starts, offset + m.end())
    return k if k < len(starts) else 0


def _marks(nlp: spacy.language.Language, texts: list[str], ner: bool):
    """Per text: where its sentences begin (the offset of each one's first token), the offsets of dots that end
    an abbreviation (a token such as "Dr." or "U.S."), and its PER entities (with ``ner``), each as spaCy finds them.

    Without entities, the pipeline is a tokenizer and a sentencizer: the texts are only tokenized, and the
    sentencizer's rule is applied here to the tokens' attributes (no Token objects, the same starts)."""
    if ner:
        for doc in _docs(nlp, texts):
            yield ([s.start_char for s in doc.sents],
                   {t.idx + len(t.text) - 1 for t in doc if len(t.text) > 1 and _ABBREVIATION.match(t.text)},
                   [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("PER", "PERSON")])
        return
    punct = _punct_orths(nlp)
    chunks = chunk_marks(nlp)
    for text in texts:
        read = chunks.read(text) if chunks is not None else None
        if read is not None:
            yield read[0], read[1], []
            continue
        starts: list[int] = []
        inert: set[int] = set()
        base = 0
        for piece in _pieces(text):     # each piece its own Doc, as _docs has them analysed
            _sentencize(nlp.tokenizer(piece), piece, base, punct, starts, inert)
            base += len(piece)
        yield starts, inert, []


@functools.lru_cache(maxsize=None)
def _punct_orths(nlp: spacy.language.Language) -> frozenset[int]:
    """The ids of the characters after which the pipeline's sentencizer ends a sentence."""
    return frozenset(nlp.vocab.strings.add(c) for c in nlp.get_pipe("sentencizer").punct_chars)


def _sentencize(doc, text: str, base: int, punct: frozenset[int], starts: list[int], inert: set[int]) -> None:
    """spaCy's Sentencizer.predict on one Doc: a sentence begins at the first token that is no punctuation after
    a token of ``punct`` (and at the first token); offsets plus ``base`` appended to ``starts``, abbreviations'
    dots added to ``inert``."""
    if not len(doc):
        return
    rows = doc.to_array([ORTH, IS_PUNCT, IDX, LENGTH]).tolist()
    starts.append(base + rows[0][2])
    seen = False
    for orth, is_punct, idx, length in rows:
        if orth in punct:
            seen = True
        elif seen and not is_punct:
            starts.append(base + idx)
            seen = False
        if length > 1 and text[idx + length - 1] == "." and _ABBREVIATION.match(text[idx:idx + length]):
            inert.add(base + idx + length - 1)


# White space other than a single space: spaCy makes a token of it (its own chunk), so a text holding any is
# tokenized whole.
_OTHER_SPACE = re.compile(r"[^\S ]")
_SPACE_RUN = re.compile(r"\s+")      # (the stdlib's \s is str.isspace, where spaCy's tokenizer cuts)


@functools.lru_cache(maxsize=None)
def chunk_marks(nlp: spacy.language.Language) -> ChunkMarks | None:
    """:class:`ChunkMarks` for a blank pipeline's tokenizer (None where a chunk's tokens may not be read alone: a
    tokenizer of its own, or punctuation read otherwise)."""
    from spacy.lang.lex_attrs import is_punct
    from spacy.tokenizer import Tokenizer

    tokenizer = nlp.tokenizer
    punct_chars = nlp.get_pipe("sentencizer").punct_chars
    if type(tokenizer) is not Tokenizer or nlp.vocab.lex_attr_getters.get(IS_PUNCT) is not is_punct \
            or any(len(c) != 1 or not unicodedata.category(c).startswith("P") for c in punct_chars):
        return None
    return ChunkMarks(nlp)


class ChunkMarks:
    """The sentence starts and abbreviation dots :func:`_sentencize` finds in a paragraph, read chunk by chunk (the
    text between single spaces) from each chunk's tokens, kept by the chunk's text.

    spaCy's tokenizer cuts a text at white space and tokenizes each chunk alone (its prefixes, suffixes, infixes
    and special cases); then it looks for its special cases among the tokens of the whole text (a phrase matcher
    over their texts, which may match across a space). The sentencizer's rule reads the tokens in order: a start
    at the first token that is no punctuation after one of its sentence-final marks. So a paragraph's marks are
    read from its chunks' tokens, each chunk's state in, state out (whether a final mark waits for a word), where
    no special case may match across a space: a match across the space between two chunks holds two tokens of a
    special case's pattern, one ending the first chunk and one opening the second, so the first chunk ends with a
    token of a pattern and the second opens with the next (:attr:`pairs`, by the latter's first character). Two
    chunks that do ("it. O", "said: D") are read as one unit, their text with the space, which the tokenizer reads
    alone as in the paragraph (no special case may match across the spaces around it). The spaces past the one
    after a chunk (and any before the first), and white space other than spaces, are a token of their own: a unit.

    A chunk of letters and digits only (most) holds no punctuation (``str.isalnum``: no character of category P,
    and the sentencizer's marks and spaCy's ``is_punct`` are punctuation): whatever its tokens, the first is a
    word at its start, which a waiting mark makes a sentence start. Any other chunk is tokenized alone the first
    time it is met (those of a paragraph in one text joined by spaces, when no special case may match across
    them either), its answer kept (forgotten past 65,536 chunks). spaCy keeps a chunk's tokens too, but not of one
    holding a special case ("don't", "U.S.": ~80 an article, tokenized again each time), and makes a Doc of every
    paragraph and matches its special cases over all its tokens: ~1.8 ms an article, most of the analysis' time
    besides cutting items."""

    def __init__(self, nlp: spacy.language.Language):
        from spacy.tokenizer import Tokenizer

        self.tokenizer = nlp.tokenizer
        self.punct = _punct_orths(nlp)
        self.known: dict[str, tuple[tuple[int, ...], bool, tuple[int, ...], bool, tuple[int, ...]]] = {}
        # each special case's pattern as the tokenizer matches it: its text tokenized without special cases
        t = self.tokenizer
        plain = Tokenizer(nlp.vocab, rules={}, prefix_search=t.prefix_search, suffix_search=t.suffix_search,
                          infix_finditer=t.infix_finditer, token_match=t.token_match, url_match=t.url_match)
        pairs: dict[str, dict[str, set[tuple[str, str]]]] = {}
        for rule in t.rules:
            pattern = [token.text for token in plain(rule)]
            for a, b in zip(pattern, pattern[1:]):
                pairs.setdefault(b[0], {}).setdefault(a[-1], set()).add((a, b))
        # by the first character of the token after, then the last of the token before
        self.pairs = {first: {last: tuple(sorted(two)) for last, two in lasts.items()} for first, lasts in pairs.items()}

    def read(self, text: str) -> tuple[list[int], set[int]] | None:
        """The sentence starts and the abbreviation dots of ``text`` (offsets), as :func:`_sentencize` finds them in
        its Doc; None where it must be tokenized whole."""
        if not text:
            return [], set()
        if len(text) > PIECE_CHARS:
            return None
        if _OTHER_SPACE.search(text) is not None:
            return self._read_units(text)
        chunks = text.split(" ")
        known, pairs = self.known, self.pairs
        if len(known) >= 1 << 16:
            known.clear()
        missing = [c for c in chunks if c and not c.isalnum() and c not in known]
        if missing:
            self._learn(list(dict.fromkeys(missing)))
        starts, inert = [0], set()
        seen, at, before, spaces = False, 0, " ", 0
        for chunk in chunks:
            if not chunk:           # a space more than one between chunks (or any before the first): the
                spaces += 1         # spaces past the one after a chunk are a token, a word to the sentencizer
                at += 1
                continue
            if spaces:
                before = " " * spaces
                if seen:
                    starts.append(at - spaces)
                    seen = False
                spaces = 0
            two = pairs.get(chunk[0])
            if two is not None:
                two = two.get(before[-1])
                if two is not None and any(before.endswith(a) and chunk.startswith(b) for a, b in two):
                    return self._read_units(text)
            before = chunk
            if chunk.isalnum():
                if seen:
                    starts.append(at)
                    seen = False
            else:
                entry = known.get(chunk) or self._learn([chunk])[chunk]    # (known: unless forgotten meanwhile)
                unseen, after_unseen, waiting, after_waiting, dots = entry
                if seen:
                    starts += [at + k for k in waiting]
                    seen = after_waiting
                else:
                    starts += [at + k for k in unseen]
                    seen = after_unseen
                if dots:
                    inert.update(at + k for k in dots)
            at += len(chunk) + 1
        if spaces > 1 and seen:      # spaces closing the text: the one after its last chunk is no token
            starts.append(at - spaces)
        return starts, inert

    def _read_units(self, text: str) -> tuple[list[int], set[int]] | None:
        """:meth:`read` of a paragraph holding white space other than single spaces, or two chunks a special case may
        join: read unit by unit, each white space a unit as spaCy cuts it (a run of it, but the single space after a
        chunk), and chunks a special case may join one unit (their text with its spaces: the tokenizer reads them
        alone as it reads them in the paragraph, for no special case may match across the space on either side)."""
        units = self._units(text)
        if units is None:
            return None
        known = self.known
        starts, inert, seen = [0], set(), False
        for at, unit, space in units:
            if not space and unit.isalnum():
                if seen:
                    starts.append(at)
                    seen = False
                continue
            unseen, after_unseen, waiting, after_waiting, dots = known.get(unit) or self._learn([unit])[unit]
            if seen:
                starts += [at + k for k in waiting]
                seen = after_waiting
            else:
                starts += [at + k for k in unseen]
                seen = after_unseen
            inert.update(at + k for k in dots)
        return starts, inert

    def _units(self, text: str) -> list[tuple[int, str, bool]] | None:
        """(offset, text, white space or not) of each unit of ``text`` (:meth:`_read_units`); None where a special
        case may join white space to a chunk."""
        units: list[tuple[int, str, bool]] = []
        at = 0
        for m in _SPACE_RUN.finditer(text):
            a, b = m.span()
            if a > at and not self._add_chunk(units, at, text[at:a], text):
                return None
            s = a + 1 if a > 0 and text[a] == " " else a      # a space after a chunk is no token
            if s < b:
                if units and not self._apart(units[-1][1], text[s:b]):
                    return None
                units.append((s, text[s:b], True))
            at = b
        if at < len(text) and not self._add_chunk(units, at, text[at:], text):
            return None
        return units

    def _add_chunk(self, units: list[tuple[int, str, bool]], at: int, chunk: str, text: str) -> bool:
        """``chunk`` appended to ``units``, or joined to the chunk before it when a special case may join them;
        False where it may join white space before it."""
        if units:
            start, before, space = units[-1]
            if not self._apart(before, chunk):
                if space or start + len(before) + 1 != at:
                    return False
                units[-1] = (start, text[start:at + len(chunk)], False)
                return True
        units.append((at, chunk, False))
        return True

    def _apart(self, before: str, after: str) -> bool:
        """Whether no special case may join ``before`` and ``after`` (two units a space or none apart)."""
        two = self.pairs.get(after[0])
        two = two.get(before[-1]) if two is not None else None
        return two is None or not any(before.endswith(a) and after.startswith(b) for a, b in two)

    def _joinable(self, chunks: Sequence[str]) -> bool:
        """Whether no special case may match across the space between two of ``chunks`` (joined by single spaces)."""
        pairs, before = self.pairs, " "
        for chunk in chunks:
            two = pairs.get(chunk[0])
            if two is not None:
                two = two.get(before[-1])
                if two is not None and any(before.endswith(a) and chunk.startswith(b) for a, b in two):
                    return False
            before = chunk
        return True

    def _learn(self, chunks: list[str]) -> dict[str, tuple]:
        """Each chunk's answer, kept (:attr:`known`), from its tokens: the chunks tokenized in one text when no
        special case may match across them, else each alone."""
        learnt = {}
        for group in [chunks] if self._joinable(chunks) else [[c] for c in chunks]:
            rows = self.tokenizer(" ".join(group)).to_array([ORTH, IS_PUNCT, IDX, LENGTH]).tolist()
            r = at = 0
            for chunk in group:
                end, own = at + len(chunk), []
                while r < len(rows) and rows[r][2] < end:       # a chunk's tokens, then the next's past a space
                    orth, is_punct, idx, length = rows[r]
                    own.append((orth, is_punct, idx - at, length))
                    r += 1
                self.known[chunk] = learnt[chunk] = self._answer(chunk, own)
                at = end + 1
        return learnt

    def _answer(self, chunk: str, rows: list[tuple[int, int, int, int]]):
        """A chunk's starts and state out after a state in of no waiting mark, then of one; its abbreviation dots
        (offsets in the chunk), from its tokens' (orth, is_punct, offset, length)."""
        out: list = []
        for seen in (False, True):
            starts = []
            for orth, is_punct, idx, length in rows:
                if orth in self.punct:
                    seen = True
                elif seen and not is_punct:
                    starts.append(idx)
                    seen = False
            out += [tuple(starts), seen]
        dots = tuple(idx + length - 1 for _, _, idx, length in rows
                     if length > 1 and chunk[idx + length - 1] == "." and _ABBREVIATION.match(chunk[idx:idx + length]))
        return (*out, dots)


def _opens_quoted_sentence(items: list[Item], n: int, data: LangData) -> bool:
    """Whether the dot ``items[n]`` is followed, after a space, by an opening quote mark and a capital
    letter: a new sentence, though the dot also ends an abbreviation."""
    if n + 2 >= len(items) or items[n + 1].text not in data.openers or items[n + 1].start == items[n].end:
        return False
    first = items[n + 2]
    return first.word and first.start == items[n + 1].end and first.text[:1].isupper()


def _byline(items: list[Item], f: int, data: LangData) -> bool:
    """Whether the punctuation before word ``f`` holds a closing quote mark and a dash: a byline after a
    quotation ("“…” -Commissioner Gordon"), no sentence of its own though a full stop ends the quotation."""
    j = f
    while j > 0 and not items[j - 1].word:
        j -= 1
    between = "".join(it.text for it in items[j:f])
    return any(c in data.dashes for c in between) and any(c in closers for c in between
                                                          for closers in data.pairs.values())


def _is_title_word(items: list[Item], n: int, data: LangData) -> bool:
    """Whether a dot after ``items[n]`` ends an abbreviation: an initial, or a short capitalised title
    ("Dr.", "Sen.", "Gen."); a title written out ("… said the mayor.", "à filha.") ends its sentence."""
    it = items[n]
    if not it.word:
        return False
    if len(it.text) == 1 and it.text.isupper():
        return True
    keys = [it.key]
    return len(it.text) <= 4 and it.text[:1].isupper() and bool(
        data.honorifics.match(keys, 0) or data.roles.match(keys, 0))


@functools.lru_cache(maxsize=4096)
def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] in "LMN"


def past_connective(words: Sequence[Item], data: LangData) -> Sequence[Item]:
    """``words`` without the conjunction that opens them ("Mas X tem um plano:", "Aber X hat Pläne:"): it joins
    the clause to the sentence before and is no part of its subject."""
    if len(words) > 1 and (words[0].key in data.adversatives or words[0].key in data.conjunctions):
        return words[1:]
    return words


def cut_items(text: str, offset: int, data: LangData) -> list[Item]:
    """The words and punctuation of a paragraph (at body offset ``offset``), elided articles and clitics cut
    off, before any sentence is found: no dot is inert and no word opens a sentence until :func:`analyse`
    says so."""
    items: list[Item] = []
    elide, clitics = bool(data.elisions), bool(data.clitic_suffixes)
    at = 0
    for chunk in _chunks(text):
        at = text.find(chunk, at)               # only white space lies before it: its first occurrence
        if chunk.isascii() and chunk.isalnum():     # a plain word (four chunks in five): one item, nothing to cut
            items.append(Item(chunk, offset + at, True))
            at += len(chunk)
            continue
        head = chunk.lstrip(_PUNCTUATION)
        word = head.rstrip(_PUNCTUATION)
        if word and ((word.isascii() and word.isalnum()) or (word.isalpha() and max(word) < _CJK_FIRST)):
            # a plain word between punctuation ("said,", "(Lima)", "Müller"): each mark an item, the word one
            start = offset + at
            for k in range(len(chunk) - len(head)):
                items.append(Item(chunk[k], start + k, False))
            start += len(chunk) - len(head)
            items.append(Item(word, start, True))
            for k, mark in enumerate(head[len(word):], start + len(word)):
                items.append(Item(mark, k, False))
        else:
            _cut_chunk(chunk, offset + at, data, elide, clitics, items)
        at += len(chunk)
    return items


# Punctuation WORD_RE takes one character at a time (\S), none of it a word character, a CJK letter, an apostrophe
# or a hyphen (which join or cut words: elisions, clitics, compounds): around a plain word, each is an item.
_PUNCTUATION = ".,;:!?\"()[]{}“”„«»…—–"
# The first code point of any CJK letter WORD_RE takes alone (\p{Han}, \p{Hiragana}, \p{Katakana}): a word of
# letters all below it is one match of WORD_RE's word alternative.
_CJK_FIRST = "\u2e80"


# White space to str.split that WORD_RE's \s does not hold (every other code point is space to both or neither).
_SPLIT_ONLY_SPACE = ("\x1c", "\x1d", "\x1e", "\x1f")


def _chunks(text: str) -> list[str]:
    """``text`` cut at white space (str.split, in C), or whole where str.split would cut where WORD_RE does not.
    WORD_RE cuts each chunk as it cuts the whole text: its words hold no white space and it looks at nothing
    around a match, so words never straddle a chunk's edge (and a regex scan costs ~50 ns a character)."""
    if any(c in text for c in _SPLIT_ONLY_SPACE):
        return [text]
    return text.split()


def _cut_chunk(chunk: str, offset: int, data: LangData, elide: bool, clitics: bool, items: list[Item]) -> None:
    """The items of ``chunk`` (at body offset ``offset``) appended to ``items``: its words and punctuation, elided
    articles and clitics cut off, an apostrophe closing an elided word joined to it."""
    at = 0
    for tok in WORD_RE.findall(chunk):      # the strings alone: a third cheaper than match objects
        at = chunk.find(tok, at)            # only white space lies before the match: its first occurrence
        start = offset + at
        at += len(tok)
        is_word = len(tok) > 1 or _is_word_char(tok)
        if elide and tok in "'’" and items and items[-1].word and items[-1].end == start \
                and fold(items[-1].text) + "'" in data.elisions:
            items[-1] = Item(items[-1].text + tok, items[-1].start, True)   # "d'« erreurs »": the elision whole
            continue
        if not is_word or not ((elide and ("'" in tok or "’" in tok)) or (clitics and "-" in tok)):
            items.append(Item(tok, start, is_word))     # the common case: no elision or clitic to cut off
            continue
        if data.elisions and ("'" in tok or "’" in tok):
            low = fold(tok)
            cut = next((e for e in data.elisions if low.startswith(e) and len(low) > len(e)), None)
            if cut:                                   # l'amministratore → l' amministratore
                items.append(Item(tok[:len(cut)], start, True))
                tok, start = tok[len(cut):], start + len(cut)
        if is_word and data.clitic_suffixes and "-" in tok:
            low = tok.casefold()
            cut = next((s for s in data.clitic_suffixes if low.endswith(s) and len(low) > len(s)), None)
            if cut:
                head = len(tok) - len(cut)
                items.append(Item(tok[:head], start, True))
                items.append(Item(tok[head:], start + head, True))
                continue
        items.append(Item(tok, start, is_word))
