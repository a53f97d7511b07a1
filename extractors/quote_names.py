"""Resolution of a person's name: the fullest form the article gives, without the words around it.

The attribution stage finds *where* a speaker is named; what it reads there may still carry words that
are no part of the name (a possessive place, "Halifax's Tom Brandt"; a title or role noun before it,
"Der Hafenmeister …", "Organizer …"; a party in brackets or a headline verb after it, "… Says") or
be shorter than the person's name (a surname or a first name alone: "DeWitt said" after "Ruth DeWitt").
Both are fixed here, by two pure functions over the body's runs of capitalised words:

* :func:`trim` cuts a span down to the name in it;
* :class:`Names` indexes every trimmed run of two words or more under its first and last word (a run is
  trimmed when a word it may file a name under is first asked for: few are), so that a one-word name is
  expanded to the one fuller name the article gives with it (before it or, failing that, after it); where two
  people share the word, it is left as written.

Works on cased scripts; a name in a caseless script is left as the attribution read it.
"""
from __future__ import annotations

import bisect
import functools

import regex

from extractors.quote_gender import given_name_gender, is_given_name
from extractors.quote_lang import LangData, Memo, fold
from extractors.quote_morph import (as_written_elsewhere, common_word, finite_verb, first_name, name_key, nominative,
                                    oblique_only, possessor_words, stem_as_written, surname_as_written)

# One word of a name: an initial and its dot, or letters, marks, inner capitals (McAllister, DeWitt),
# apostrophes and hyphens (a sentence's full stop is no part of it).
_TOKEN = regex.compile(r"\p{Lu}\.(?!\p{L})|[\p{L}\p{M}][\p{L}\p{M}'’\-]*+")
# A token opening with a capital, as _TOKEN reads it from there: the capital not inside a word (after letters and
# any apostrophes or hyphens; no capital inside the token is one either).
_CAPITALISED = regex.compile(r"\p{Lu}(?<![\p{L}\p{M}]['’\-]*+\p{Lu})(?:\.(?!\p{L})|[\p{L}\p{M}'’\-]*+)")
_JOINED = (" ", "\u00a0")      # what joins the words of a run
_JOINERS = "".join(_JOINED)
# A nickname in quotation marks inside a name ("Leopold “Leo” Marsh"): a run of name words goes on across it
# (NICKNAME_CORE; not across brackets: "Bundesgerichtshof (BGH) in …"), and the name the record gives leaves it,
# or one in brackets, out (NICKNAME).
# (an article may open it: Ezequiel “el Flaco” Ruiz)
_NICKNAME_OPEN = r"[\p{Pi}\"'«‹„]"
NICKNAME_CORE = _NICKNAME_OPEN + r"\s?+(?:\p{Ll}{1,3}\s)?+\p{Lu}[\p{L}\p{M}.'’-]*+\s?+[\p{Pf}\"'»›“]"
NICKNAME = regex.compile(r"(?<=\s)[\p{Pi}\p{Ps}\"'«‹„]\s?+(?:\p{Ll}{1,3}\s)?+\p{Lu}[\p{L}\p{M}.'’-]*+\s?+"
                         r"[\p{Pf}\p{Pe}\"'»›“](?=\s)")
NICKNAME_GAP = regex.compile(rf"[ \u00a0]{NICKNAME_CORE}[ \u00a0]")
# Whether a character may open NICKNAME_CORE (its first class), kept per character: the test before a NICKNAME_GAP
# match after each joined capitalised word (most are followed by a letter)
_NICKNAME_OPENER = regex.compile(_NICKNAME_OPEN)
_OPENS_NICKNAME = Memo(lambda c: _NICKNAME_OPENER.fullmatch(c) is not None)
_SENTENCE_END = regex.compile(r"[.!?…。！？]\s|\n")
_OPENING_WORD = regex.compile(r"([\p{L}\p{M}'’-]++)\s++")
_LOWERCASE_WORD = regex.compile(r"(?<![\p{L}\p{M}])\p{Ll}[\p{L}\p{M}'’-]*+")


def _cased(word: str) -> bool:
    """Whether a word is written as a name's: capitalised, and no elided article before a lowercase noun
    ("L'adjointe" opens a sentence, not a name)."""
    return word[:1].isupper() and not (len(word) > 2 and word[1] in "'’" and word[2:3].islower())


def _particles_between(body: str, end: int, start: int, particles: frozenset[str]) -> list[tuple[int, int, bool]]:
    """The words from ``end`` on, before ``start``, each joined by one space to the one before and a particle: up
    to the first that is not."""
    out: list[tuple[int, int, bool]] = []
    initials = _initials(particles)
    while body[end:end + 1] in _JOINED:     # a word one joiner on: the next word found from ``end``, if joined
        if body[end + 1:end + 3].isascii() and body[end + 1:end + 2].lower() not in initials:
            break       # an ASCII letter no particle opens with, no mark after it to compose with: no particle
        t = _TOKEN.match(body, end + 1)
        if t is None or t.start() >= start or fold(t.group()) not in particles:
            break
        end = t.end()
        out.append((t.start(), end, False))
    return out


@functools.lru_cache(maxsize=64)
def _initials(particles: frozenset[str]) -> frozenset[str]:
    """The first letters of the (folded) particles: a word's key begins with its first letter lowercased when that
    letter and the character after it are ASCII (the key of a particle opens with one of these)."""
    return frozenset(p[0] for p in particles if p)


def _emitted(run: list[tuple[int, int, bool]]) -> list[tuple[int, int]]:
    """The span of a run of (start, end, cased) words without its trailing uncased ones, if two words remain."""
    last = len(run)
    while last and not run[last - 1][2]:
        last -= 1
    return [(run[0][0], run[last - 1][1])] if last >= 2 else []


def _possessive(word: str) -> int:
    """How many characters of the possessive ending close ``word`` (', ’, 's, ’s; 0 for none), read without a regex
    call (asked of every word of every run)."""
    if not word:
        return 0
    if word[-1] in "'’":
        return 1
    return 2 if word[-2:] in ("'s", "’s") else 0


def _words(body: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, word) of each word of ``body[start:end]`` as :data:`_TOKEN` reads it."""
    return chunk_words(_TOKEN, body, start, end)


def chunk_words(word: regex.Pattern, body: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, text) of each match of ``word`` in ``body[start:end]``, read chunk by chunk between white space:
    a chunk of letters, most of a run's, is one word whole, without a regex match. For a pattern whose matches
    hold no white space, that looks at nothing before a match nor past a letter after it, and that reads a chunk of
    letters as one match (_TOKEN, a run's words in quote_full_names)."""
    out: list[tuple[int, int, str]] = []
    at = start
    for chunk in body[start:end].split():
        at = body.find(chunk, at)               # only white space lies before it: its first occurrence
        if chunk.isalpha():
            out.append((at, at + len(chunk), chunk))
        else:
            out.extend((m.start(), m.end(), m.group()) for m in word.finditer(body, at, at + len(chunk)))
        at += len(chunk)
    return out


def past_possessor(body: str, start: int, end: int, data: LangData) -> int:
    """Where the person's own name starts in ``body[start:end]``, past another person's name in an oblique
    case before it ("внук Сабуровой Матвей" is Матвей, Сабурова's grandson): ``start`` where there is none or
    the language has no analyser."""
    if not data.morphology:
        return start
    words = _words(body, start, end)
    k = possessor_words([w for _, _, w in words], data)
    return words[k][0] if k else start


def trim(body: str, start: int, end: int, data: LangData) -> tuple[int, int]:
    """The part of ``body[start:end]`` that is the person's name: words up to a possessive, a lowercase
    word (no particle), an organisation's word, a title or role (and a title's genitive complement), and a
    leading determiner with the role noun after it go; so do a bracket and what follows it, and a lowercase
    run or a reporting verb after the name (headline case: "… Says"). A nickname in marks inside the name
    (Ana "la Flaca" Ruiz) is read past, its article no break."""
    bracket = body.find("(", start, end)
    if bracket > start:
        end = bracket
    nicknames = [m.span() for m in NICKNAME_GAP.finditer(body, start, end)]
    words = [w for w in _words(body, start, end) if not any(a <= w[0] < b for a, b in nicknames)]
    if len(words) < 2 or any(not w[0].isupper() and not w[0].islower() for _, _, w in words):
        return start, end                           # a caseless script: capitals say nothing here
    keys = [fold(w) for _, _, w in words]
    first = _name_start(body, words, keys, data)
    last = _name_end(words, keys, first, data)
    end = words[last - 1][1]
    return words[first][0], end - (_possessive(words[last - 1][2]) if last - first > 1 else 0)


def _name_start(body: str, words: list[tuple[int, int, str]], keys: list[str], data: LangData) -> int:
    """Index of the name's first word: after what stands before the name."""
    cut = 0
    for i, (_, end, w) in enumerate(words[:-1]):
        if len(words) - i >= 3 and 2 <= len(w) <= 4 and body.startswith(".", end):
            cut = i + 1                             # an abbreviated title: "Del. Stacey …", "Sen. …"
            continue
        if i and len(words) - i >= 3 and len(w) >= 2 and w.isupper() and w.isalpha() and not _cased(words[i - 1][2]):
            cut = i + 1                             # an organisation's acronym: "глава управления МЧС Ян Ков"
            continue
        if not _cased(w) and keys[i] in data.particles and i + 1 < len(words):
            if i > cut and keys[i - 1] in data.particles:
                continue                            # read with the particle before it ("de la")
            j = i
            while j < len(words) and keys[j] in data.particles:
                j += 1
            given = (i - cut == 1 or (data.compound_surnames and i - cut == 2)) and not data.nouns_capitalised \
                and not (data.roles.match(keys, cut) or data.honorifics.match(keys, cut)) \
                and not (j < len(words) and given_name_gender(words[j][2]) and not is_given_name(words[cut][2]))
                                            # "Gol di Marco Gallo": a given name after the particle, none before
            named_before = i - cut >= 2 and not data.nouns_capitalised      # "Ina Berg van Waterschap Oost":
            if len(words) - j >= 2 and all(_cased(x) for _, _, x in words[j:]) and not given \
                    and not named_before:           # a full name, then where she works (see _name_end)
                cut = j                             # "Meinung von Lisa Hartmann", not "Ursula von der Heide"
            continue                                # nor "Maria do Rosário Lobo": one given name before
        title = data.roles.match(keys, i) or data.honorifics.match(keys, i)
        if title and i > cut and keys[i] in data.noble_titles and i + 1 < len(words) and keys[i + 1] in data.particles:
            continue                                # "Konstantin Freiherr von Aubel": a rank inside the name
        if title:
            cut = i + title
            if data.title_genitive and len(words) - cut >= 3:
                cut += 1                            # the title's complement: "мэр Москвы Сергей Собянин"
        elif not _cased(w) or _possessive(w) or any(part in data.non_person for part in keys[i].split("-")) \
                or any(part[:1].islower() for part in w.split("-")[1:]):
            cut = i + 1                             # "Halifax's …", "экономист Альфа-банка …", "Eleven-year-old …"
    while cut < len(words) - 1 and keys[cut] in data.stop_words and keys[cut] not in data.particles:
        cut += 1                                    # "For Maria Ostrova, …", "But Ana Lima said"
    if cut == 0 and len(words) == 3 and after_title_and_preposition(body, words[0][0], data):
        cut = 1                                     # "schepen van Sport Els Baeten": the first word is
                                                    # what the title is of
    if cut == 0 and keys[0] in data.articles and len(words) >= 4:
        cut = 2                                     # "Der Hafenmeister Jens Ahlgrim"
    if cut == 0 and len(words) >= 3 and _after_definite(body, words[0][0], data) \
            and all(_cased(w) for _, _, w in words[:3]):
        cut = 1                                     # "le Danois Per Holm", "die Geologin Eva Roth": a noun after
                                                    # its article (names take none), capitalised as nationalities
                                                    # are, or as every noun is
    if cut == 0 and data.morphology and (common_word(words[0][2], data) or finite_verb(words[0][2], data)) \
            and (len(words) >= 3 or first_name(words[1][2], data) or not first_name(words[0][2], data)):
        cut = 1                                     # "Подсудимый Роман Белов", "Подписчица Ангелина": what, not who;
                                                    # "Зовут Анна Орлова": a verb; "Соседи Пухтеева": whose
    role = next((k for k in range(cut, min(cut + 3, len(words) - 2))
                 if (keys[k] in data.kin_nouns or _agent_noun(keys[k], data))
                 and sum(_cased(w) and key not in data.particles and key not in data.noble_titles
                         for (_, _, w), key in zip(words[k + 1:], keys[k + 1:])) >= 2
                 and _cased(words[k + 1][2]) and keys[k + 1] not in data.particles), None)
    if role is not None:
        cut = role + 1                              # "Statiker Jens Ahlgrim", "Dresdner Maler Jan Ott", "Dochter
                                                    # Sanne Roos": a job or a relative before the name
    if cut == 0 and _word_before_given_name(words, keys, data):
        cut = 1                                     # "Geschädigte Ina Roth", "Griffier Els Vos": no given name
                                                    # before one
    patronymic = next((k for k in range(cut + 2, len(words) - 1) if data.patronymic_suffixes
                       and keys[k].endswith(data.patronymic_suffixes) and _cased(words[k][2])), None)
    if patronymic is not None:
        cut = patronymic - 1                        # "из села Тягуново Иван Ильич Котов": a given name, its patronymic
                                                    # and the surname after it; a place before them
    return min(cut, len(words) - 1)


def _word_before_given_name(words: list[tuple[int, int, str]], keys: list[str], data: LangData) -> bool:
    """Whether a run of three capitalised words opens with a word of five letters or more that is no given name, nor
    a particle, before one that is ("Geschädigte Ina Roth", "Voter Omar Kassir"): a noun glued to a name, not its first
    word. Not a longer run (a rarer given name before a common one: "Caetano Luís Sá Pinto"), a short pet name ("Zé",
    "Toni"), where the data reads names with an analyser (its own test above), nor a hyphenated word ("Jean-Marc")."""
    if len(words) != 3 or data.morphology or not all(_cased(w) for _, _, w in words[:3]) or "-" in words[0][2]:
        return False
    first, second = words[0][2], words[1][2]
    return len(first) >= 5 and keys[0] not in data.particles and not is_given_name(first) and is_given_name(second) \
        and given_name_gender(second) is not None


def _agent_noun(key: str, data: LangData) -> bool:
    """Whether ``key`` ends as the language's agent nouns do, longer than the ending by two letters or more
    unless it is the ending itself ("Schrijfster", "Trainer"; not the given name "Ester")."""
    return any(key.endswith(e) and (len(key) == len(e) or len(key) >= len(e) + 2) for e in data.role_endings)


def after_title_and_preposition(body: str, start: int, data: LangData, kin: bool = False) -> bool:
    """Whether a title (with ``kin``, a relative's noun too) and a preposition stand right before ``start``
    ("schepen van …", "assessore alla …", "his father of …"): what follows is what the noun is of."""
    preposition = word_before(body, start)
    if not preposition or fold(preposition) not in data.prepositions | data.particles | data.contractions:
        return False
    title = fold(word_before(body, start - len(preposition) - 1))
    return bool(title) and (bool(data.roles.match([title], 0)) or (kin and title in data.kin_nouns))


_WORD_BEFORE = regex.compile(r"([\p{L}\p{M}'’]++)[ \t]++\Z")


def word_before(body: str, start: int, reach: int = 24) -> str:
    """The word right before ``start`` with only blanks between (within ``reach`` characters), or "": what
    :data:`_WORD_BEFORE` finds searching that window, read from its end (the blanks stripped, then the word's
    characters walked back) instead of a match tried from each of its characters."""
    window = body[max(0, start - reach):start]
    core = window.rstrip(" \t")
    k = len(core)
    if k == len(window):
        return ""                                   # no blank before ``start``
    while k and _WORD_BEFORE_CHARACTER[core[k - 1]]:
        k -= 1
    return core[k:]


_WORD_BEFORE_CHARACTER = Memo(lambda c: regex.fullmatch(r"[\p{L}\p{M}'’]", c) is not None)   # _WORD_BEFORE's word


def _after_definite(body: str, start: int, data: LangData) -> bool:
    """Whether a lowercase definite article stands right before ``start`` ("le Danois …", "el argentino …")."""
    word = word_before(body, start, reach=8)
    return word.islower() and fold(word) in data.definites


def _name_end(words: list[tuple[int, int, str]], keys: list[str], first: int, data: LangData) -> int:
    """Index after the name's last word: before a lowercase run or a verb after it, or a generational suffix
    ("Jr."), particles not last."""
    last = len(words)
    articles = data.articles if data.nouns_capitalised else frozenset()
    for i in range(first + 1, len(words)):
        if (not _cased(words[i][2]) and keys[i] not in data.particles) or data.verbs.match(keys, i) \
                or (keys[i] in articles and keys[i - 1] not in data.particles) or keys[i] in data.name_suffixes \
                or (i - first >= 2 and words[i][2] in data.generation_numerals):
            last = i                                # "Claus Weselsky der Nachrichtenagentur": an article alone
            break                                   # is no particle where nouns are capitalised
        if i - first >= 2 and keys[i] in data.particles and keys[i - 1] not in data.particles \
                and _affiliation(words[i:], keys[i:], data):
            last = i                                # "Ina Berg von der ACLU": a full name, then where she works
            break
    while last - first > 1 and (data.verbs.match(keys, last - 1) or keys[last - 1] in data.particles):
        last -= 1
    return last


def _affiliation(words: list[tuple[int, int, str]], keys: list[str], data: LangData) -> bool:
    """Whether a particle after a full name opens the name of an organisation rather than the rest of the
    person's name ("von der Leyen"): an acronym, a word of an organisation, or two or more capitalised words
    after the particles (three where names hold several surnames: "José de la Vega Sanz"); where nouns are
    capitalised, an article among the particles ("Karl Brenner zu den Plänen"); where people carry one surname,
    a preposition fused with an article ("Ada Neri della Uilm")."""
    if not data.compound_surnames and keys[0] in data.contractions:
        return True
    j = 0
    while j < len(keys) and keys[j] in data.particles:
        j += 1
    rest = [w for _, _, w in words[j:]]
    if not rest:
        return False
    return len(rest) >= (3 if data.compound_surnames else 2) or (data.nouns_capitalised and any(k in data.definites for k in keys[:j])) or (len(rest[0]) >= 2 and rest[0].isupper()) \
        or any(part in data.non_person for k in keys[j:] for part in k.split("-"))


class Names:
    """The article's names of two words or more, each filed under its first and its last word (in the
    dictionary form where names inflect: "Ольгой Смирновой" and "Смирнова" meet under "смирнов").

    Only a few words are asked for (a quoted speaker's first and last), so a run of capitalised words is read
    (trimmed to the names it holds) when a word it may file a name under is first asked for: every name's word
    is a key of one of the run's words (:meth:`_key`), or of the last one cut before a possessive ending, as
    :func:`trim` cuts it. :attr:`by_word` is the whole index, each word's names in the order of the runs."""

    def __init__(self, body: str, data: LangData):
        self.body, self.data = body, data
        self._spans = list(self._runs())
        self._under: dict[str, list[int]] = {}      # a word -> the runs (their indexes, in order) that may file
        for n, (a, b) in enumerate(self._spans):    # a name under it
            for _, _, w in _words(body, a, b):
                for key in self._filing_keys(w):
                    runs = self._under.setdefault(key, [])
                    if not runs or runs[-1] != n:
                        runs.append(n)
        self._read: dict[int, list[tuple[int, int, tuple[str, ...], set[str]]]] = {}
        self._filed: dict[str, list[tuple[int, int, tuple[str, ...]]]] = {}

    def _filing_keys(self, word: str) -> tuple[str, ...]:
        """The keys a name holding the run's word ``word`` may be filed under: its own, and the key of the word
        without a possessive ending (:func:`trim` cuts one off a name's last word)."""
        cut = _possessive(word)
        return (self._key(word), self._key(word[:-cut])) if 0 < cut < len(word) else (self._key(word),)

    def _names_of_run(self, n: int) -> list[tuple[int, int, tuple[str, ...], set[str]]]:
        """The names of two words or more in run ``n`` (start, end, their words' keys, the words they are filed
        under), read once."""
        if n not in self._read:
            body, data = self.body, self.data
            a, b = self._spans[n]
            s, e = trim(body, a, b, data)
            s = past_sentence_opener(body, s, e, lowercase_words(body), data)
            out = []
            for s, e in _people_of_run(body, s, e, data):
                words = [self._key(w) for _, _, w in _words(body, s, e)]
                names = [w for w in words if w not in data.particles]
                if len(names) < 2 or any(w in data.non_person for w in words):
                    continue
                key = tuple(words)
                out.append((s, e, key, {names[0], names[-1], *self._first_surname(key)}))
            self._read[n] = out
        return self._read[n]

    def filed_under(self, word: str) -> list[tuple[int, int, tuple[str, ...]]]:
        """The names filed under ``word`` (start, end, their words' keys), in the order of the runs."""
        if word not in self._filed:
            self._filed[word] = [(s, e, key) for n in self._under.get(word, ())
                                 for s, e, key, filed in self._names_of_run(n) if word in filed]
        return self._filed[word]

    @property
    def by_word(self) -> dict[str, list[tuple[int, int, tuple[str, ...]]]]:
        """The whole index: each word and the names filed under it."""
        out: dict[str, list[tuple[int, int, tuple[str, ...]]]] = {}
        for n in range(len(self._spans)):
            for s, e, key, filed in self._names_of_run(n):
                for w in filed:
                    out.setdefault(w, []).append((s, e, key))
        return out

    @functools.cached_property
    def _written(self) -> frozenset[str]:
        """The article's capitalised words and the parts of its hyphenated ones, as written."""
        return frozenset(p for w in regex.findall(r"\p{Lu}[\p{L}\p{M}-]*+", self.body) for p in (w, *w.split("-")))

    def nominative(self, words: list[str]) -> list[str]:
        """A name's words in the nominative (:func:`extractors.quote_morph.nominative`), a foreign name's
        as the article writes it there (:func:`extractors.quote_morph.as_written_elsewhere`)."""
        oblique = bool(self.data.morphology) and any(
            self._after_oblique_word(m.start()) for m in regex.finditer(
                r"(?<!\p{L})" + regex.escape(" ".join(words)) + r"(?!\p{L})", self.body))
        named = nominative(words, self.data, oblique)
        # the article's capitalised words are read (a scan of the whole body) only where case endings are cut
        return as_written_elsewhere(named, self.data, self.body, self._written) if self.data.case_endings \
            else list(named)

    def _after_oblique_word(self, start: int) -> bool:
        """Whether a word taking the genitive stands right before ``start``, or before a title in lowercase
        and its complement there ("по словам Анны …", "ответ главы поселения Анны …")."""
        window = regex.split(r"[.!?;:,()«»„“”\"—–\n]", self.body[max(0, start - 60):start])[-1]
        before = regex.findall(r"\p{L}+", window)[-3:]
        for k in range(len(before) - 1, -1, -1):
            if oblique_only(before[k], self.data):
                # a preposition governs the word right after it: "от Анны", not "депутат от оппозиции Анна …"
                return k == len(before) - 1 or fold(before[k]) not in self.data.prepositions
            if not before[k].islower():
                return False
        return False

    def _key(self, word: str) -> str:
        word = word[:-2] if word[-2:] in ("'s", "’s") else word       # "Ian Kerr's"
        key = name_key(word, self.data)
        if key is None and self.data.case_endings:     # "Лефевра" where "Лефевр" is written: one person
            stem = stem_as_written(word, self.data, self._written)
            word = stem if stem != word else surname_as_written(word, self.data, self._written)
            key = name_key(word, self.data)     # "Хлебниковой" is filed where "Хлебникова" is
        return key or fold(word)

    def _runs(self):
        """Spans of runs of capitalised words (particles inside), a run being one line's words joined by
        spaces only; none from a headline in title case ("Senator Says Budget Will Pass"), where capitals
        say nothing about names."""
        body = self.body
        headline: dict[int, bool] = {}              # a line's start -> whether it is a headline in title case,
        for a, b in self._all_runs():               # asked of the lines that hold a run only
            line = body.rfind("\n", 0, a) + 1
            if line not in headline:
                end = body.find("\n", a)
                headline[line] = _title_case(body[line:end if end >= 0 else len(body)])
            if not headline[line]:
                yield a, b

    def _all_runs(self):
        """Spans of the body's runs of words joined by one space, each capitalised or a particle after one, of two
        capitalised words or more. Only capitalised words are searched for; the words between two of them are read
        while a run is open (its particles: "Ursula von der Leyen")."""
        body, particles = self.body, self.data.particles
        run: list[tuple[int, int, bool]] = []       # (start, end, capitalised) of the open run's words
        nickname_end = -1                           # where a nickname inside the open run ends
        for c in _CAPITALISED.finditer(body):
            start = c.start()
            if not body[start].isupper():           # a capital newer than Python's Unicode tables: no name's word
                continue
            if run and start < nickname_end:
                continue                            # the nickname's own word
            if run and start != run[-1][1] + 1 and start != nickname_end:
                joined = body[run[-1][1]] in _JOINERS     # a nickname's gap and particles open with a joiner
                nickname = NICKNAME_GAP.match(body, run[-1][1]) \
                    if joined and _OPENS_NICKNAME[body[run[-1][1] + 1:run[-1][1] + 2]] else None
                if nickname and body[nickname.end():nickname.end() + 1].isupper():
                    nickname_end = nickname.end()   # "Ada “Dusty” Lane": the run goes on after it
                    continue
                if joined and body[start - 1] in _JOINERS:
                    run += _particles_between(body, run[-1][1], start, particles)   # (particles not joined to
                if body[run[-1][1]:start] not in _JOINED:                           # this word end no run)
                    if len(run) > 1:
                        yield from _emitted(run)
                    run = []
            elif run and body[start - 1] not in _JOINERS:
                if len(run) > 1:
                    yield from _emitted(run)
                run = []
            run.append((start, c.end(), True))
        yield from _emitted(run)

    def _latest(self, before: list[tuple[int, tuple[str, ...]]]) -> tuple[str, ...] | None:
        """Of several people sharing a word ("Clinton"), the one the article named in full last, when a
        sentence ended between that and any other's full name; None when both stand in one sentence."""
        last: dict[tuple[str, ...], int] = {}
        for s, key in before:
            last[key] = max(last.get(key, -1), s)
        ranked = sorted(last.items(), key=lambda kv: kv[1], reverse=True)
        if len(ranked) > 1 and not _SENTENCE_END.search(self.body, ranked[1][1], ranked[0][1]):
            return None
        return ranked[0][0]

    def _given_name_before(self, full: tuple[str, ...], keys: tuple[str, ...]) -> bool:
        """Whether ``full`` is the two-word surname ``keys`` ("Sol Varga", "Brandão Leite") with one given
        name before it, written elsewhere than the mention itself (where it stands, the word before was
        already judged no part of the name: "Minister of Finance Ana Lima"); not where nouns are capitalised
        (a noun before a name reads the same) and not a title or role."""
        if self.data.nouns_capitalised or len(full) != len(keys) + 1:
            return False
        return not (self.data.roles.match(list(full), 0) or self.data.honorifics.match(list(full), 0))

    def _first_surname(self, key: tuple[str, ...]) -> tuple[str, ...]:
        """The first of the two surnames after one given name where people go by it (Spanish: "Ana
        Mendizabal Bravo" is "Mendizabal"); nothing elsewhere or for other names."""
        names = self._names(key)
        return (names[1],) if self.data.first_surname and len(names) == 3 else ()

    def _names(self, key: tuple[str, ...]) -> list[str]:
        return [w for w in key if w not in self.data.particles]

    @staticmethod
    def _canonical(key: tuple[str, ...], people: set[tuple[str, ...]]) -> tuple[str, ...]:
        """The person ``key`` was collapsed into (its own key when it was not)."""
        return key if key in people else min((k for k in people if key[-len(k):] == k), key=len, default=key)

    def expand(self, start: int, end: int) -> tuple[int, int]:
        """The span of the fuller name that a shorter one stands for — a surname (after particles) or the
        given names opening it: its nearest mention before it, else the first after it; where several
        people share the words, the one named in full last before it. The span as given when the article
        has no fuller name."""
        words = _words(self.body, start, end)
        if not words:
            return start, end
        keys = tuple(self._key(w) for _, _, w in words)
        surname = all(fold(w) in self.data.particles for _, _, w in words[:-1])
        # a surname (after particles: "Al Basri"; or of two words: "Sol Varga") ends the fuller name; given
        # names ("Ana Belén") open it
        bare = _without_initials(keys)
        found = [f for f in self.filed_under(keys[-1])
                 if (f[2][-len(keys):] == keys or (len(bare) >= 2 and _without_initials(f[2])[-len(bare):] == bare)
                     or (len(keys) == 1 and self._first_surname(f[2]) == keys))
                 and (surname or (self._given_name_before(f[2], keys) and not f[0] <= start < f[1]))]
        found += [f for f in self.filed_under(keys[0]) if len(f[2]) > len(keys) and f[2][:len(keys)] == keys]
        people = {key for _, _, key in found}
        # "Rival Dana Reyes" is "Dana Reyes" with a word before it, when the article also writes
        # the two-word name alone
        people = {min((k for k in people if len(self._names(k)) >= 2 and o[-len(k):] == k), key=len, default=o)
                  for o in people}
        people = {k for k in people if not any(k != o and set(k) < set(o) for o in people)}
        if not people:
            return start, end
        before = [(s, key) for s, e, key in found if key in people and e <= start]
        if len(people) > 1 and not before:
            return start, end
        person = next(iter(people)) if len(people) == 1 else self._latest(before)
        found = [(s, e, self._canonical(key, people)) for s, e, key in found]
        if person is None:
            return start, end
        spans = sorted((s, e) for s, e, key in found if key == person)
        k = bisect.bisect_right(spans, (start, end)) - 1
        return spans[k] if k >= 0 and spans[k][1] <= start else spans[0]


def _people_of_run(body: str, start: int, end: int, data: LangData) -> list[tuple[int, int]]:
    """The names a run of capitalised words holds where a conjunction the language also writes inside surnames
    ("Ortega y Gasset": one word after it) joins two names: "Inés y Bruno Sáez" (given names sharing one
    surname: only the second is written out), "Ana Lima e Rui Lima"; else the run."""
    words = _words(body, start, end)
    k = next((k for k in range(1, len(words) - 2) if fold(words[k][2]) in data.conjunctions), None)
    if k is None or not words[k + 1][2][:1].isupper():
        return [(start, end)]
    second = (words[k + 1][0], end)
    return [(start, words[k - 1][1]), second] if k >= 2 else [second]


def _without_initials(key: tuple[str, ...]) -> tuple[str, ...]:
    """A name's words but its initials: "Ana Lima" is the person "Ana B. Lima" is, written shorter."""
    return tuple(w for w in key if len(w.strip(".")) > 1)


@functools.lru_cache(maxsize=4)
def lowercase_words(body: str) -> LowercaseWords:
    """The words ``body`` writes in lowercase somewhere (asked by the name index, the run names, the sentence
    openers and the clauses of one article: one reader, its answers kept)."""
    return LowercaseWords(body)


class LowercaseWords:
    """The words :data:`_LOWERCASE_WORD` finds in a body, asked one at a time (``word in words``). An article asks
    about some forty words (a sentence's or a run's first word, lowercased), where finding them all would read each
    of its ~1,300 chunks: each asked word is looked for with ``str.find`` and an occurrence tested at its edges,
    the answer kept.

    The pattern's matches are the maximal runs of word characters (letters, marks, apostrophes, hyphens) read from
    their first lowercase letter after no letter or mark: one a run at most, to its end. So an occurrence of a word
    of word characters opening with a lowercase letter is a match when no word character follows it and none
    stands before it; after an apostrophe or a hyphen ("l'eau", "-ana") the run before it decides, read by the
    pattern itself. The first of those is most occurrences: no regex call."""

    def __init__(self, body: str):
        self.body = body
        self.known: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        found = self.known.get(word)
        if found is None:
            found = self.known[word] = self._written(word)
        return found

    def _written(self, word: str) -> bool:
        body, n = self.body, len(word)
        if not word or not _LOWERCASE_LETTER[word[0]] or not all(_WORD_CHARACTER[c] for c in word):
            return False
        at = body.find(word)
        while at >= 0:
            end = at + n
            if end == len(body) or not _WORD_CHARACTER[body[end]]:
                if at == 0 or not _WORD_CHARACTER[body[at - 1]]:
                    return True
                if body[at - 1] in "'’-":       # inside a run that may open before it: the pattern reads the run
                    run = at - 1
                    while run and _WORD_CHARACTER[body[run - 1]]:
                        run -= 1
                    if word in _LOWERCASE_WORD.findall(body[run:end]):
                        return True
            at = body.find(word, at + 1)
        return False


# A character of a word for _LOWERCASE_WORD (its run: [\p{L}\p{M}'’-]), and a lowercase letter (its first: \p{Ll}),
# as the pattern's classes read them, kept per character.
_WORD_CHARACTER = Memo(lambda c: regex.fullmatch(r"[\p{L}\p{M}'’-]", c) is not None)
_LOWERCASE_LETTER = Memo(lambda c: regex.fullmatch(r"\p{Ll}", c) is not None)


def past_sentence_opener(body: str, s: int, e: int, lowercase: LowercaseWords, data: LangData) -> int:
    """Where the name ``body[s:e]`` starts when it opens a sentence with a word the article also writes in
    lowercase ("Finally Ana Lima …", "Knowing Bardos …"): capitalised there only for opening it. Not an
    article or other function word (read as such elsewhere) and not one the data keeps as a first name
    ("Will")."""
    first = _OPENING_WORD.match(body[s:e])
    if first is None or first.group(1).lower() not in lowercase or not body[s + first.end():e].strip():
        return s
    key = fold(first.group(1))
    if key in data.stop_words or key in data.not_stop or key in data.particles:
        return s
    before = body[max(0, s - 3):s].rstrip(" \u00a0\"“”«»„")
    return s + first.end() if not before or before.endswith(("\n", ".", "!", "?", ":")) else s


def _title_case(line: str) -> bool:
    """Whether a line is a headline in title case: four words or more, most of them capitalised."""
    firsts = [w[0] for w in line.split() if w[0].isalpha()]
    return len(firsts) >= 4 and sum(map(str.isupper, firsts)) >= 0.7 * len(firsts)
