"""Who a clause names as its subject: a person's name, a pronoun, a role, or nobody.

Two signals find a name, so that scripts without capital letters are read too:

* cased scripts (Latin, Cyrillic, Greek…): a run of capitalised words (particles such as "de", "van"
  inside), not an acronym, not starting with a stop word, with no word of an organisation or unnamed
  source (``non_person``);
* any script: *position*. A clause is cut at commas (, ، 、) into parts; a part that is wholly a name
  after its title phrase ("a pesquisadora Ana Tavares", "کریستیان هانسن" before "، مدیر عامل …،") is
  the subject. In caseless scripts a name is two to four words none of which is a stop word, pronoun,
  role, honorific, verb, number or a word no name starts with (Arabic ال…); one word only after an
  honorific (آقای هانسن) or when the article already gave it inside a longer name.

A title phrase is a determiner, then roles and honorifics from the data with at most two modifiers
("transit director", "le politologue"; a role's complement: "Menteri Keuangan", "وزير المالية") and
a complement that names what the title governs ("Minister of Finance", "ministro dell'Economia"; in
languages whose titles take a capitalised genitive, "мэр Москвы", "υπουργός Οικονομικών"). Titles
are stripped wherever they stand ("Commissioner X", "Slack CFO Bill Matthias" → the words after the
last title). A one-word cased name is accepted only after an honorific (or a role capitalised inside a
sentence: "said Commissioner Gordon", a byline "“…” -Commissioner Gordon"), as a PER entity, or when
the article also writes it inside a longer name (a surname, case endings allowed: Орлова/Орловой).
After a title, that longer name must hold the word somewhere other than right after a role or a word
of an organisation: the run "Ministrul Culturii" itself vouches for nothing, so a role's complement
("Ministrul Culturii a declarat", "Мэр Москвы заявил", "Menteri Pariwisata mengatakan") is no name,
and neither is a complement the data lists as ``non_person`` ("Ministrul Finanțelor"). A role alone
points back to a person only after a definite article ("the researcher added"; "a spokesperson said"
names nobody).

What the article writes inside longer names is a :class:`NameIndex`, built up front from its runs of
capitalised words and grown only by an explicit :meth:`NameIndex.learn_name` from the code that accepts a
name (a quotation's source, a mention of a person): reading a clause never changes what the reader knows,
so the same words read twice give the same subject.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Iterable, Sequence

import regex

from extractors.quote_lang import Item, LangData, Lexicon, first_letter, fold, has_digit

NAME, PRONOUN, FIRST, ROLE, EMPTY, OTHER = "name", "pronoun", "first", "role", "empty", "other"
SOURCE = "source"       # a noun phrase that says who without naming a person: "a spokesperson", "Norvale Power"
PRODROP = "prodrop"     # no subject written, the verb stands for it (the source stage makes these, never the reader)
LINKED = (NAME, PRONOUN, ROLE)      # the kinds that say which person: a name, or words pointing back to one
_AGE_NOUN = regex.compile(r"\d{1,3}(?:-\p{L}+)+")    # "71-jährige", "45-year-old", "30-летний"


@dataclass(frozen=True)
class Subject:
    kind: str
    start: int = 0          # body offsets of the name / pronoun / role words
    end: int = 0
    titled: bool = False    # a title or honorific stood before the name
    single: bool = False    # one-word name
    source_kind: str = ""   # for SOURCE: role | organisation | unnamed
    name_words: tuple[str, ...] = ()    # a name of two words or more: its folded words, particles left out


_NOBODY = {EMPTY: Subject(EMPTY), OTHER: Subject(OTHER)}


@functools.lru_cache(maxsize=1 << 16)
def _acronym(text: str) -> bool:
    """Whether ``text`` has two letters or more, all capitals (memoised: asked of the same words often)."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) > 1 and all(ch.isupper() for ch in letters)


def is_caseless(item: Item) -> bool:
    c = first_letter(item.text)
    return bool(c) and not c.isupper() and not c.islower()


# title_at's answers by (lexicons, the words it reads): the readers ask it about the same words many times
_TITLES: dict[tuple, int] = {}


def title_at(data: LangData, keys: Sequence[str], i: int) -> int:
    """Words of the honorific or role at ``i`` (a hyphenated word counts when one part is a role:
    Greenpeace-Sprecherin, economista-chefe)."""
    if i >= len(keys) or not _may_open_title(data.honorifics, data.roles, keys[i]):
        return 0
    key = (data.honorifics, data.roles, tuple(keys[i:i + max(data.honorifics.max_words, data.roles.max_words)]))
    n = _TITLES.get(key)
    if n is None:
        if len(_TITLES) >= 1 << 16:
            _TITLES.clear()
        n = _TITLES[key] = _title_at(data, key[2], 0)
    return n


@functools.lru_cache(maxsize=1 << 16)
def _may_open_title(honorifics: Lexicon, roles: Lexicon, key: str) -> bool:
    """Whether :func:`title_at` may find a title opening with the word ``key``: when not, it is 0 without reading
    the words after it (most words: asked of every word a name reader walks past)."""
    return honorifics.may_open(key) or roles.may_open(key) or "-" in key or "'" in key


def _title_at(data: LangData, keys: Sequence[str], i: int) -> int:
    n = data.honorifics.match(keys, i) or data.roles.match(keys, i)
    if not n and i < len(keys) and "-" in keys[i]:          # a compound's last part may be a job where nouns are
        parts = [part for part in keys[i].split("-") if part]      # capitalised: IG-Metall-Bevollmächtigter
        heads = parts[-1:] if data.nouns_capitalised else parts     # (its head: "Richter-Wagner" is a name)
        n = int(any(data.roles.match([part], 0) for part in heads) or (
            data.nouns_capitalised and len(parts) > 1 and len(parts[-1]) > 4
            and parts[-1].endswith(data.role_endings if has_digit(parts[0]) else _long_endings(data.role_endings))))
    if not n and i < len(keys) and "'" in keys[i]:                    # CEO'su, l'économiste
        head, _, tail = keys[i].partition("'")
        n = int(bool(title_at(data, [head], 0) or title_at(data, [tail], 0)))
    return n


@functools.lru_cache(maxsize=None)
def _long_endings(endings: tuple[str, ...]) -> tuple[str, ...]:
    """The agent-noun endings of four letters or more: what the last part of a hyphenated compound must end
    with to be a job ("CDU-Politikerin"), as a double surname's last part often ends with a short one
    ("-Brenner", "-Müller"); after a number any ending will do ("die 54-Jährige")."""
    return tuple(e for e in endings if len(e) >= 4)


class NameIndex:
    """The words the article writes inside names of two words or more, which vouch for a one-word name
    (a surname: "Ruiz" after "Marta Ruiz"). Built from the article's runs of capitalised words; it grows
    only when a caller accepts a name it read (:meth:`learn_name`)."""

    def __init__(self, data: LangData, runs: Iterable[Sequence[str]] = ()):
        self.data = data
        self.known: set[str] = set()    # folded words the article writes inside multi-word names
        self.free: set[str] = set()     # those of them written there other than right after a role
        self.particled: set[tuple[str, ...]] = set()    # particles and the word after them, written after a
                                                         # name word: "Ana La Rosa", "Ursula von der Leyen"
        for words in runs:
            self._learn_run([fold(w) for w in words], [first_letter(w).isupper() for w in words])

    def _learn_run(self, keys: Sequence[str], cased: Sequence[bool] = ()) -> None:
        """Take in the (folded) words of a run of capitalised words the article writes: all known, and
        free unless a word stands right after a role or a word of an organisation ("Ministrul Culturii",
        "Мэр Москвы", "Министерство Финансов": there it may be a complement; after an honorific it is
        a name). A run of calendar words only ("between March and October") vouches for no name."""
        calendar = self.data.month_names | self.data.day_names
        if all(k in calendar or k in self.data.particles or k in self.data.conjunctions for k in keys):
            return
        self.known.update(keys)
        particles = self.data.particles
        for k in range(1, len(keys) - 1):
            if keys[k] in particles and keys[k - 1] not in particles:
                m = k
                while m < len(keys) and keys[m] in particles:
                    m += 1
                # one capitalised word after them ends the name, which follows no title ("Bürgermeister
                # von New Orleans"); where nouns are capitalised an article opens no surname ("Jo Hahn der
                # Grünen")
                ends = m == len(keys) - 1 or (len(cased) == len(keys) and not cased[m + 1])
                before = keys[k - 1]            # a name word, not "Secondo la Gazzetta"
                if m < len(keys) and ends and not title_at(self.data, keys, k - 1) \
                        and before not in self.data.stop_words and before not in self.data.prepositions \
                        and not (self.data.nouns_capitalised and keys[k] in self.data.definites):
                    self.particled.add(tuple(keys[k:m + 1]))
        non_person = self.data.non_person
        i, after_role = 0, False
        while i < len(keys):
            h = self.data.honorifics.match(keys, i)
            t = h or title_at(self.data, keys, i)
            if t:
                self.free.update(keys[i:i + t])
                i, after_role = i + t, not h
                continue
            if not after_role:
                self.free.add(keys[i])
            after_role = keys[i] in non_person or any(part in non_person for part in keys[i].split("-"))
            i += 1

    def learn_name(self, subject: Subject) -> None:
        """A name of two words or more the caller accepted: later, its surname alone is this person."""
        self.known.update(subject.name_words)
        self.free.update(subject.name_words[1 if subject.titled else 0:])

    def is_known(self, key: str, after_title: bool = False) -> bool:
        """Whether the article also writes ``key`` inside a longer name, allowing for a case ending
        (Орлова / Орловой); for a word read right after a title, somewhere other than right after a
        role (else "Ministrul Culturii" would vouch for its own complement)."""
        pool = self.free if after_title else self.known
        if key in pool:
            return True
        if len(key) < 5:
            return False
        head = key[:max(4, len(key) - 2)]       # what such a word must begin with, and within two letters as long
        for k in pool:
            if k.startswith(head) and abs(len(k) - len(key)) <= 2:
                common = len(os.path.commonprefix((k, key)))
                if common >= max(4, len(key) - 2, len(k) - 2):
                    return True
        return False


class Reader:
    """Reads the subject a clause names; what vouches for a one-word name is the :class:`NameIndex` it
    is given, which it consults and never changes."""

    def __init__(self, data: LangData, names: NameIndex, persons: Sequence[tuple[int, int]] = ()):
        self.data = data
        self.names = names
        self.persons = persons        # PER entity spans
        self.max_words = int(data.limits["name_max_words"])
        d = data
        self._blocked = d.stop_words | d.pronouns | d.first_person | d.complementizers | d.day_names

    # -- words ---------------------------------------------------------------------------------------
    def is_person(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.persons)

    def cased_name_word(self, item: Item, first: bool) -> bool:
        t = item.text
        c = first_letter(t)
        if not item.word or not c or not c.isupper() or has_digit(t):
            return False
        if _acronym(t):                                                  # CX, NPS, CEO
            return False
        if self.organisation(item):
            return False
        if first and self.data.number_word and self.data.number_word.match(item.key):
            return False                                                 # "Vierzig Jahre lang …"
        return not (first and item.key in self._blocked)

    def organisation(self, item: Item) -> bool:
        """Whether ``item`` is, or is hyphenated with, a word of an organisation (Альфа-банка)."""
        key, non_person = item.key, self.data.non_person
        return key in non_person or ("-" in key and any(part in non_person for part in key.split("-")))

    def caseless_name_word(self, words: Sequence[Item], keys: Sequence[str], i: int) -> bool:
        item = words[i]
        if not item.word or not is_caseless(item) or has_digit(item.text):
            return False
        if item.key in self._blocked or item.key in self.data.non_person:
            return False
        d = self.data
        if any(item.key.startswith(p) for p in d.not_in_name):
            return False
        return not any(lex.match(keys, i) for lex in (d.verbs, d.roles, d.honorifics, d.according_to,
                                                     d.pronoun_verbs))

    def read_name(self, words: Sequence[Item], keys: Sequence[str], i: int,
                  honoured: bool) -> tuple[int, int, bool]:
        """Name words[a:b] read from ``i`` (b == a when none) and whether a title stood inside the run."""
        if i >= len(words):
            return i, i, False
        if is_caseless(words[i]):
            known = keys[i] in self.names.known
            if any(keys[i].startswith(p) for p in self.data.not_name_initial) and not known:
                return i, i, False
            j = i
            while j < len(words) and j - i < self.max_words and self.caseless_name_word(words, keys, j):
                j += 1
            if j < len(words) and self.caseless_name_word(words, keys, j):      # too long for a name
                return i, i, False
            return (i, j, False) if j - i >= (1 if honoured or known else 2) else (i, i, False)
        a, j, n, titled, before_title = i, i, 0, False, None
        while j < len(words):
            w = words[j]
            if first_letter(w.text).isupper():
                # Slack CFO Bill Matthias: the name follows the title; after a particle a title word is a
                # surname (Bruno Le Maire)
                t = 0 if n and keys[j - 1] in self.data.particles else title_at(self.data, keys, j)
                if t:
                    before_title = before_title or ((a, j) if n else None)
                    a = j = j + t
                    n, titled = 0, True
                    continue
            if self.cased_name_word(w, first=(n == 0)):
                n, j = n + 1, j + 1
                continue
            m = self._particled_surname(keys, j) if n == 0 else None
            if m is not None:                           # "ha detto La Rosa" after "Ignazio La Rosa"
                j = m
                continue
            if n and w.key in self.data.particles:
                k = j                                   # von der Leyen, de la Cruz: particles, then a name
                while k < len(words) and k - j < 3 and words[k].key in self.data.particles:
                    k += 1
                # where nouns are capitalised, an article alone is no particle (Weselsky der Nachrichtenagentur)
                # nor after a whole name ("Karl Brenner von der Kanzlei", unlike "Ursula von der Leyen")
                article = self.data.nouns_capitalised and (
                    (k == j + 1 and w.key in self.data.definites)
                    or (n >= 2 and any(x.key in self.data.definites for x in words[j:k])))
                if k < len(words) and self.cased_name_word(words[k], False) and not article:
                    j = k
                    continue
            break
        if n == 0 and before_title:                     # John Smith CEO
            (a, j), n, titled = before_title, 1, False
        if n == 0 or n > self.max_words:
            return i, i, False
        return a, j, titled

    def _particled_surname(self, keys: Sequence[str], j: int) -> int | None:
        """Where the surname word stands when ``keys[j:]`` open with the particles of a surname the article
        wrote after a given name ("La Rosa" after "Ignazio La Rosa", "von der Leyen" after "Ursula von der
        Leyen"); None otherwise."""
        if keys[j] not in self.data.particles:
            return None
        return next((m for m in range(j + 1, min(len(keys), j + 4)) if tuple(keys[j:m + 1]) in self.names.particled),
                    None)

    def _subject_name(self, words: Sequence[Item], a: int, b: int, titled: bool,
                      honoured: bool = False) -> Subject | None:
        start, end = words[a].start, words[b - 1].end
        last = words[b - 1].text
        for apo in "'’":                               # Smith's, Yılmaz'a: the suffix is not the name
            k = last.find(apo)
            if k > 0 and k + 1 < len(last) and last[k + 1].islower() and (
                    self.data.apostrophe_inflects or fold(last[k + 1:]) in self.data.apostrophe_suffixes):
                end = words[b - 1].start + k
        names = [w.key for w in words[a:b] if w.key not in self.data.particles]
        if len(names) != 1:
            return Subject(NAME, start, end, titled, name_words=tuple(names))
        if not (honoured or self.names.is_known(names[0], titled) or self.is_person(start, end)):
            return None          # "Ministrul Culturii": a role's complement, not a surname
        return Subject(NAME, start, end, titled, single=True)

    # -- clauses -------------------------------------------------------------------------------------
    def _phrase_ends(self, words: Sequence[Item], keys: Sequence[str], i: int) -> list[tuple[int, bool, bool]]:
        """Ends j of the title phrases words[i:j] before a name, with (has a title, vouches for a one-word
        name): a determiner, then titles, honorifics and at most two modifiers (cased scripts: lowercase
        words, "transit director", "le politologue"; caseless: a title's complement such as المالية).
        An honorific vouches for the word after it, and so does a role capitalised inside a sentence
        ("said Commissioner Gordon"), unlike one opening it, after a determiner or not ("Ministrul
        Finanțelor, Marcel Boloș, …", "Ο Υπουργός Οικονομικών δήλωσε")."""
        d, n = self.data, len(words)
        ends = [(i, False, False)]
        k = i
        if k < n and (keys[k] in d.stop_words or keys[k] in d.indefinites) and keys[k] not in d.pronouns:
            k += 1
        titled = honoured = False
        modifiers = 0
        while k < n and k - i < 7:
            h = d.honorifics.match(keys, k)
            t = h or title_at(self.data, keys, k)
            if t:
                # capitalised inside the sentence, not at its opening ("Ο Υπουργός Οικονομικών δήλωσε")
                cased = first_letter(words[k].text).isupper() and not any(w.opener for w in words[:k + 1])
                titled, honoured = True, honoured or bool(h) or cased
                k += t
                ends.append((k, True, honoured))
                c = self._complement(words, keys, k)
                if c:                                   # "Minister of Finance Jane Doe": the name after it
                    k += c
                    ends[-1] = (k, True, honoured)
                continue
            if modifiers < 2 and self._modifier(words[k], titled):
                k += 1
                modifiers += 1
                if titled or modifiers == 1:
                    ends.append((k, titled, honoured))
                continue
            break
        return ends

    def name_tries(self, words: Sequence[Item], i: int) -> list[int]:
        """The k up to ``i`` from which :meth:`name` of ``words[k:]`` may read a name starting at ``words[i]`` or
        after it. Not from past the last title among them: a name then starts where the phrase opening the words
        may end, at most two words past the adverbs (a determiner and a modifier: :meth:`_phrase_ends`; an article
        and a noun: :meth:`_noun_then_name`), so a reader looking for a name further on need not read from there."""
        keys = [w.key for w in words]
        last_title = max((x for x in range(len(keys)) if title_at(self.data, keys, x)), default=-1)
        return [k for k in range(i + 1) if k <= last_title or k + self._head(keys[k:]) + 2 >= i]

    def asks_openers(self, words: Sequence[Item]) -> bool:
        """Whether :meth:`name` of ``words`` (or of the words ending with them) may ask which word opens a sentence:
        only :meth:`_phrase_ends` does, for a capitalised title, so words cut without their sentences can be read
        when none of them is one."""
        keys = [w.key for w in words]
        return any(first_letter(w.text).isupper() and title_at(self.data, keys, k) for k, w in enumerate(words))

    def _complement(self, words: Sequence[Item], keys: Sequence[str], k: int) -> int:
        """Words of a title's complement at ``k``: one or two stop words (of the, de, dell') and one or two
        capitalised words, when a name of two capitalised words still follows ("ministro dell'Economia
        Giancarlo Giorgetti", "Minister of Finance Jane Doe"); where titles take a genitive, one
        capitalised word without a preposition before a name of exactly two words ("υπουργός Οικονομικών
        Κωστής Χατζηδάκης"), or three with a patronymic between, unless the next word is a patronymic or the
        word lacks the genitive endings the data lists; 0 if none."""
        d, n = self.data, len(words)
        j = k
        while j < n and j - k < 2 and keys[j] in d.stop_words and not first_letter(words[j].text).isupper():
            j += 1
        if j == k:
            if not d.title_genitive or k >= n or (k + 1 < n and d.patronymic_suffixes
                                                  and keys[k + 1].endswith(d.patronymic_suffixes)) \
                    or (d.genitive_endings and not keys[k].endswith(d.genitive_endings)):
                return 0
            sizes = (1,)
        else:
            sizes = (1, 2)
        for size in sizes:
            rest = words[j + size:j + size + 2]
            if j + size + 2 <= n and all(first_letter(w.text).isupper() for w in words[j:j + size]) \
                    and all(self.cased_name_word(w, False) for w in rest) \
                    and (j > k or j + size + 3 > n or not self.cased_name_word(words[j + size + 2], False)
                         or (d.patronymic_suffixes and keys[j + size + 1].endswith(d.patronymic_suffixes))):
                return j + size - k         # (a patronymic between: "мэр Камышинска Сергей Ильич Воронов")
        return 0

    def _modifier(self, item: Item, titled: bool) -> bool:
        if not item.word or item.key in self.data.stop_words or has_digit(item.text):
            return False
        if titled and self.organisation(item):                          # Menteri Keuangan Sri Mulyani
            return True
        if is_caseless(item):
            return titled and any(item.key.startswith(p) for p in self.data.not_name_initial)
        c = first_letter(item.text)
        return bool(c) and c.islower()

    def parse(self, words: Sequence[Item], cover: bool) -> Subject:
        """The subject ``words`` (no punctuation) spell; with ``cover`` the name must be all of them
        but for up to two stop words after it."""
        n = len(words)
        d = self.data
        keys = [w.key for w in words]
        i = self._head(keys)
        if i == n:
            return _NOBODY[EMPTY]
        if keys[i] in d.first_person:
            return Subject(FIRST, words[i].start, words[i].end)
        if keys[i] in d.pronouns:
            return Subject(PRONOUN, words[i].start, words[i].end)
        ends = self._phrase_ends(words, keys, i)
        named = self._named(words, keys, i, ends, cover)
        if named:
            return named
        indefinite = keys[i] in d.indefinites                          # "a spokesperson": nobody named
        j, titled, _ = ends[-1]
        definite = keys[i] in d.definites or any(keys[i].startswith(p) for p in d.definite_prefixes)
        honorific = any(d.honorifics.match(keys, k) for k in range(i, j))
        if titled and definite and not honorific and not indefinite and (
                j == n or (not cover and keys[j] in d.stop_words)):
            return Subject(ROLE, words[i].start, words[j - 1].end)          # "the researcher added"
        if all(k in d.stop_words for k in keys[i:]) or self._adverbial(words[i:], keys[i:]):
            return _NOBODY[EMPTY]
        return _NOBODY[OTHER]

    def name(self, words: Sequence[Item], cover: bool) -> Subject | None:
        """:meth:`parse`'s answer when it is a name, else None (without reading what else the words are)."""
        keys = [w.key for w in words]
        i = self._head(keys)
        d = self.data
        if i == len(words) or keys[i] in d.first_person or keys[i] in d.pronouns:
            return None
        return self._named(words, keys, i, self._phrase_ends(words, keys, i), cover)

    def _head(self, keys: Sequence[str]) -> int:
        """Where a clause's subject may begin: past the adverbs opening it, and an age before a name where
        no article stands before it ("сказал 47-летний Ухватов")."""
        d, i = self.data, 0
        while i < len(keys) and keys[i] in d.adverbs and keys[i] not in d.pronouns and keys[i] not in d.first_person:
            i += 1
        if not d.definites and i + 1 < len(keys) and _AGE_NOUN.fullmatch(keys[i]):
            i += 1
        return i

    def _named(self, words: Sequence[Item], keys: Sequence[str], i: int, ends: list[tuple[int, bool, bool]],
               cover: bool) -> Subject | None:
        """The name ``words`` spell after one of the title phrases ``ends`` (or after a title further on, or a noun
        after an article where nouns are capitalised)."""
        for j, titled, honoured in ends:
            a, b, inner = self.read_name(words, keys, j, honoured)
            if b == a and titled:               # "председатель комиссии по транспорту Арсений Тихомиров"
                a, b, inner = self.read_name(words, keys, self.lowercase_complement(words, keys, j), honoured)
            if b > a:
                rest = keys[b:]
                if cover and (len(rest) > 2 or any(k not in self.data.stop_words for k in rest)):
                    break
                named = self._subject_name(words, a, b, titled or inner, honoured)
                if named and not (titled or inner or cover) and (named.single or self._lowercase_title(words, keys, b)):
                    # "said Sharks head coach Ken Lobo", "said Whimbrel Bay manager Dee Kay": the team, not the speaker
                    named = self._titled_name(words, keys, b, cover) or named
                if named:
                    return named
        return self._titled_name(words, keys, i + 1, cover) or self._noun_then_name(words, keys, i, cover)

    def _lowercase_title(self, words: Sequence[Item], keys: Sequence[str], i: int) -> bool:
        """Whether a title written in lowercase stands at ``i`` (right after capitalised words: what they name
        is the title's organisation, "Whimbrel Bay manager")."""
        return i < len(words) and first_letter(words[i].text).islower() and bool(title_at(self.data, keys, i))

    def _titled_name(self, words: Sequence[Item], keys: Sequence[str], i: int, cover: bool) -> Subject | None:
        """A name right after a title at ``i`` or further on: "Formation.ai'nin CEO'su Christian Hansen"
        (ending the part when it must ``cover`` it), "said Formation.ai CEO Christian Hansen" (within a
        few words)."""
        d, n = self.data, len(words)
        order = range(n - 1, i - 1, -1) if cover else range(i, min(n, i + 4))
        for t in order:
            size = title_at(d, keys, t)
            if size and t + size < n:
                honour = bool(d.honorifics.match(keys, t))
                k = t + size
                while k < n - 1:                    # head coach, chief financial officer
                    more = title_at(d, keys, k) or (self._modifier(words[k], False) and title_at(d, keys, k + 1) and 1)
                    if not more:
                        break
                    k += more
                while k < min(n - 1, t + size + 2) and self.organisation(words[k]):
                    # экономист Альфа-банка Наталия Орлова
                    k += 1
                k = self.lowercase_complement(words, keys, k)
                a, b, _ = self.read_name(words, keys, k, honour)
                if b > a and (not cover or (n - b <= 2 and all(k in d.stop_words for k in keys[b:]))):
                    return self._subject_name(words, a, b, True, honour)
                return None
        return None

    def lowercase_complement(self, words: Sequence[Item], keys: Sequence[str], k: int) -> int:
        """Past a title's complement in lowercase, a preposition and up to three words, when a name of two
        capitalised words follows ("o arquitecto paisagista Rui Quintão", "director de operaciones Ana
        Lima"); ``k`` where there is none."""
        d = self.data
        if k >= len(words):
            return k
        genitive = d.title_genitive and first_letter(words[k].text).islower() \
            and keys[k] not in d.stop_words           # "председатель комиссии по транспорту Арсений …"
        if not (keys[k] in d.prepositions or genitive):
            return k
        for j in range(k + 1, min(len(words), k + 5)):
            if first_letter(words[j].text).isupper():       # a name of two words at least: "del barrio
                two = j + 1 < len(words) and first_letter(words[j + 1].text).isupper()   # de Triana" is a place
                return j if two and j > k + 1 and first_letter(words[j - 1].text).islower() else k
            if not first_letter(words[j].text).islower():
                return k
        return k

    def _noun_then_name(self, words: Sequence[Item], keys: Sequence[str], i: int, cover: bool) -> Subject | None:
        """Where nouns are capitalised, a definite article, one noun no list holds and a name of two words or
        more ("der Landrat Ewald Trenkle", "die Winzerin Eva Roth"): the noun is what the person is."""
        d, n = self.data, len(words)
        if not d.nouns_capitalised or keys[i] not in d.definites or i + 3 >= n \
                or not first_letter(words[i + 1].text).isupper() \
                or self.organisation(words[i + 1]):
            return None
        a, b, _ = self.read_name(words, keys, i + 2, False)
        if b - a < 2 or a != i + 2 or (cover and (n - b > 2 or any(k not in d.stop_words for k in keys[b:]))):
            return None
        return self._subject_name(words, a, b, True, False)

    def _adverbial(self, words: Sequence[Item], keys: Sequence[str]) -> bool:
        """A part that is no subject: it holds a number ("in November 2020", "Kasım 2020'de bize"), or
        opens with a stop word that is no article and holds no role or capitalised word ("en la rueda
        de prensa")."""
        d = self.data
        if any(has_digit(w.text) for w in words):
            return True
        first = keys[0]
        if first not in d.stop_words or first in d.definites or first in d.indefinites \
                or any(first.startswith(p) for p in d.definite_prefixes):
            return False
        # "mu poseł opozycji", "en su cuenta de Twitter": a person or a name may stand in it
        return not any(title_at(self.data, keys, k) or first_letter(w.text).isupper() for k, w in enumerate(words))

    def title_phrase_end(self, words: Sequence[Item]) -> int:
        """How many of ``words`` form the title phrase opening them (0: none)."""
        keys = [w.key for w in words[:8]]
        d = self.data
        k = int(keys[0] in d.stop_words or keys[0] in d.indefinites)
        if not title_at(self.data, keys, k):                  # no title after the determiner: no phrase
            return 0
        return max((j for j, titled, _ in self._phrase_ends(words, keys, 0) if titled), default=0)

    def starts_with_title(self, words: Sequence[Item]) -> bool:
        keys = [w.key for w in words]
        return any(titled for _, titled, _ in self._phrase_ends(words, keys, 0))

    def segments(self, items: Iterable[Item]) -> list[list[Item]]:
        """Words cut into parts at commas and dashes (other punctuation dropped)."""
        return [part for part, _ in self.cut(items)]

    def cut(self, items: Iterable[Item]) -> list[tuple[list[Item], str]]:
        """(words, the comma or dash after them: "" at the end) of each part."""
        parts: list[tuple[list[Item], str]] = []
        words: list[Item] = []
        for it in items:
            if it.word:
                words.append(it)
            elif it.key in self.data.commas or it.key in self.data.dashes:
                if words:
                    parts.append((words, it.key))
                    words = []
                elif parts and it.key in self.data.enumeration:
                    parts[-1] = (parts[-1][0], it.key)
        if words:
            parts.append((words, ""))
        # "A neighbour, who asked not to be named, said": a relative clause set off is no part of its own,
        # nor a pronoun taking up the subject before it ("La préfecture, elle, a indiqué")
        return [p for k, p in enumerate(parts) if not (k and p[1] and (
            self._relative(p[0]) or (len(p[0]) == 1 and p[0][0].key in self.data.resumptive)))]

    def _relative(self, words: Sequence[Item]) -> bool:
        """Whether a comma-set part is a relative clause: opened by a relative pronoun and, where nouns are
        capitalised and articles double as relatives, closed by its verb ("die ihren Namen nicht nennen
        wollte", not the apposition "der Jurist Karl Meier")."""
        return bool(self.data.relatives.match([w.key for w in words[:3]], 0)) and not (
            self.data.nouns_capitalised and first_letter(words[-1].text).isupper())

    def listed(self, parts: Sequence[tuple[list[Item], str]], k: int) -> bool:
        """Whether part ``k`` is an item of an enumeration ("支付宝、微信", "Ana Lima, Rui Costa e João
        Dias"): an enumeration mark beside it, or a comma between it and a neighbour that is a name or
        names joined by a conjunction. An appositive is no name ("John Smith, the mayor,")."""
        seps = [sep for _, sep in parts]
        enum, commas = self.data.enumeration, self.data.commas
        if any(0 <= j < len(seps) and seps[j] and seps[j] in enum for j in (k - 1, k)):
            return True
        return any(0 <= j < len(parts) and seps[min(j, k)] and seps[min(j, k)] in commas
                   and self.bare_names(parts[j][0]) for j in (k - 1, k + 1))

    def bare_names(self, words: Sequence[Item]) -> bool:
        """Whether ``words`` are a bare name, or bare names joined by conjunctions (a title makes an
        appositive: "کریستیان هانسن، مدیر عامل شرکت …،")."""
        run: list[Item] = []
        for w in [*words, None]:
            if w is not None and w.key not in self.data.conjunctions:
                run.append(w)
                continue
            s = self.parse(run, cover=True) if run else None
            if s is None or s.kind != NAME or s.titled:
                return False
            run = []
        return True

    def before_verb(self, items: Sequence[Item]) -> Subject:
        """Subject of a clause whose verb follows ``items``: the first part that is wholly a name and no
        item of an enumeration (an appositive or a fronted phrase may follow it), else a pronoun or role
        next to the verb, else a pronoun opening the clause (او … گفت)."""
        cut = self.cut(items)
        parts = [part for part, _ in cut]
        if not parts:
            return _NOBODY[EMPTY]
        read: list[Subject] = []                         # each part read as a whole
        for k, part in enumerate(parts):
            author = self.document_author(part)
            if author is not None:
                return author
            s = self.parse(part, cover=True)
            if s.kind != NAME and len(part) <= 4:
                surname = self.titled_surname(part)     # "Minister Hale said"
                s = surname if surname.kind == NAME else s
            if s.kind == NAME and s.single and self.data.nouns_capitalised and part[0].key in self.data.prepositions:
                s = _NOBODY[OTHER]                      # "Zur Erklärung sagte eine Forscherin": a fronted noun
            if s.kind == NAME:
                apposed = self._apposed_name(parts, k, s)
                if apposed is not None:
                    return apposed
                return _NOBODY[OTHER] if not s.titled and self.listed(cut, k) else s
            read.append(s)
        if read[-1].kind == ROLE:
            return self._name_after_complement(parts[-1]) or read[-1]
        if read[-1].kind in (PRONOUN, FIRST):
            return read[-1]
        first = self.parse(parts[0], cover=False)
        if first.kind in (PRONOUN, FIRST):
            return first
        word = parts[-1][-1]                             # "В ноябре 2020 года он сказал"
        if word.key in self.data.pronouns:
            return Subject(PRONOUN, word.start, word.end)
        if word.key in self.data.first_person:
            return Subject(FIRST, word.start, word.end)
        inverted = self.name_after_auxiliary(parts[-1])   # "Im Mai 2020 hatte Ana Lima in Bonn erklärt"
        if inverted is not None:
            return inverted
        if all(s.kind == EMPTY for s in read):
            return _NOBODY[EMPTY]                       # adverbials only ("a-t-il", "also", "in 2020")
        return self._name_in_clause(parts[-1]) or _NOBODY[OTHER]

    def _apposed_name(self, parts: Sequence[Sequence[Item]], k: int, s: Subject) -> Subject | None:
        """The person set off by commas right before the verb after a description whose complement ends in
        a name ("The vice-chair of the Brenning Canal Society, Ann Lee, said", "el director de la Fundación
        Sierra Lumbrera, Eva Soto, dijo"): the capitalised words closing the description name what the person
        heads, not the person."""
        if k + 2 != len(parts) or s.start <= parts[k][0].start:
            return None
        apposed = self.parse(parts[k + 1], cover=True)
        return apposed if apposed.kind == NAME and not apposed.titled and self.bare_names(parts[k + 1]) else None

    def main_clause_subject(self, items: Sequence[Item]) -> Subject:
        """The subject opening the main clause a participle hangs on ("Ana Lima left early, describing …",
        "She criticized the plan, saying …"): a name, pronoun or role opening the sentence's first part."""
        parts = self.segments(items)
        if not parts:
            return _NOBODY[EMPTY]
        s = self.parse(parts[0], cover=False)
        opens = s.kind in (NAME, PRONOUN, ROLE, FIRST) and bool(parts[0]) and s.start <= parts[0][min(2, len(parts[0]) - 1)].start
        return s if opens else _NOBODY[OTHER]

    def _name_after_complement(self, part: Sequence[Item]) -> Subject | None:
        """The name closing a title or a description and its complement ("la sindacalista della Filca Ada
        Neri", "el portavoz de Acme Juan Soto"): a run of three capitalised words or more after the
        preposition, the first of them the complement's, the rest the person's."""
        d = self.data
        words = [w for w in part if w.word]
        keys = [w.key for w in words]
        k = len(words)
        while k > 0 and first_letter(words[k - 1].text).isupper():
            k -= 1
        described = 1 < k <= 5 and (keys[0] in d.articles or any(title_at(d, keys, j) for j in range(k - 1))) \
            and all(first_letter(w.text).islower() for w in words[1:k - 1])
        if not (described and len(words) - k >= 3 and keys[k - 1] in d.prepositions):
            return None
        a, b, _ = self.read_name(words, keys, k + 1, False)
        if b != len(words) or b - a < 2:
            return None
        named = self._subject_name(words, a, b, False, False)
        return named if named is not None and named.end > named.start else None

    def _name_in_clause(self, part: Sequence[Item]) -> Subject | None:
        """A name next to the verb within a longer clause part: right after a conjunction or
        complementizer ("… in most cases but Haddad says"), or opening the part with a prepositional
        phrase after it ("Ana Lima with the health authority says", "Minister Karl Brenner von der Kanzlei
        des Präsidenten erklärte"). Not after a preposition ("the report by Ana Lima says"); where nouns
        are capitalised (a noun reads like a name there) only a name of two words or more opening it."""
        d = self.data
        words = [w for w in part if w.word]
        if len(words) < 2:
            return None
        keys = [w.key for w in words]
        if d.nouns_capitalised:
            return self._name_before_phrase(words, keys, self.title_phrase_end(words))
        complement = self._name_after_complement(part)
        if complement is not None:
            return complement
        k = len(words)
        while k > 0 and first_letter(words[k - 1].text).isupper():
            k -= 1
        if 0 < k < len(words) and keys[k - 1] not in d.prepositions \
                and keys[k - 1] not in d.articles | d.pronouns | d.first_person \
                and first_letter(words[k - 1].text).islower():
            a, b, _ = self.read_name(words, keys, k, False)
            if b == len(words) and b > a:
                named = self._subject_name(words, a, b, False, False)
                if named is not None and (named.end - named.start) and (b - a >= 2 or self.names.is_known(keys[a])):
                    return named
        return self._name_before_phrase(words, keys, 0)

    def name_after_auxiliary(self, words: Sequence[Item]) -> Subject | None:
        """In verb-second order, the name right after the finite auxiliary of a clause that a phrase opens
        ("Im Mai hatte Ministerin Ana Lima in einer Rede erklärt", "Dazu wird Jan Ott in der Mitteilung
        zitiert"), with nothing after it or a prepositional phrase of up to seven words, no pronoun among
        them; the reporting participle follows. None where the language has no such auxiliaries."""
        d = self.data
        keys = [w.key for w in words]
        k = next((k for k in range(len(words) - 2, 0, -1) if keys[k] in d.inverting_auxiliaries), None)
        if k is None:
            return None
        sub, subkeys = words[k + 1:], keys[k + 1:]
        t = self.title_phrase_end(sub)
        a, b, titled = self.read_name(sub, subkeys, t, t > 0)
        rest = subkeys[b:]
        if b == a or a != t or len(rest) > 7 or (rest and rest[0] not in d.prepositions) \
                or any(x in d.pronouns or x in d.first_person for x in rest):
            return None
        return self._subject_name(sub, a, b, titled or t > 0, t > 0)

    def _name_before_phrase(self, words: Sequence[Item], keys: Sequence[str], i: int) -> Subject | None:
        """A name of two words or more at ``words[i]`` followed by a prepositional phrase of two to seven
        words, no pronoun among them."""
        d = self.data
        a, b, _ = self.read_name(words, keys, i, False)
        rest = keys[b:]
        if rest and rest[0] in d.stop_words and rest[0] not in d.prepositions and len(rest) > 2:
            rest = rest[1:]                 # an auxiliary first: "Jan Ott hat zum Auftakt der Messe erklärt"
        if b - a >= 2 and a == i and 2 <= len(rest) <= 7 and rest[0] in d.prepositions \
                and not any(x in d.pronouns or x in d.first_person for x in rest):
            return self._subject_name(words, a, b, i > 0, False)
        return None

    def after_according_to(self, items: Sequence[Item]) -> Subject:
        """The source an "according to" phrase names: a pronoun in the form it takes there ("selon lui,"),
        when punctuation or the quotation follows it, else whoever a verb would have after it."""
        k = next((k for k, it in enumerate(items) if it.word), None)
        if k is not None and items[k].key in self.data.according_to_pronouns and (
                k + 1 == len(items) or not items[k + 1].word):
            return Subject(PRONOUN, items[k].start, items[k].end)
        return self.after_verb(items)

    def after_verb(self, items: Sequence[Item]) -> Subject:
        """Subject standing right after a verb (said Smith, disse a pesquisadora Ana Tavares, قال أحمد)."""
        parts: list[list[Item]] = [[]]
        seps = []
        for it in items:
            if it.word:
                parts[-1].append(it)
            elif it.inert:
                continue
            elif it.key in self.data.commas and len(parts) < 3 and parts[-1]:
                parts.append([])
                seps.append(it.key)
            else:
                break
        parts[0] = self._past_time(parts[0])
        s = self.parse(parts[0], cover=False)
        if s.kind != NAME:
            s = self._described_name(parts[0]) or s
        if s.kind != NAME and len(parts[0]) <= 4:
            surname = self.titled_surname(parts[0])          # "said coach Brommer"
            s = surname if surname.kind == NAME else s
        if s.kind != NAME and parts[0] and parts[0][0].key in self.data.prepositions:
            # the one told first: "disse ao PÚBLICO a vereadora …", "dijo a los periodistas el ministro …",
            # "contou à nossa reportagem Joana Mendes"
            d = self.data
            j = next((j for j in range(2, min(len(parts[0]), 8)) if parts[0][j].key in d.articles or (
                not d.nouns_capitalised and first_letter(parts[0][j].text).isupper()
                and parts[0][j - 1].key not in d.articles and not d.roles.match([parts[0][j - 1].key], 0) and all(
                    first_letter(w.text).islower() for w in parts[0][1:j]))), None)
            if j is not None:
                told = self.after_verb([w for w in items if w.start >= parts[0][j].start])
                if told.kind in (NAME, ROLE):
                    return told
        if s.kind == NAME and not s.titled and len(parts) > 1 and parts[1] and (
                self.listed([(p, sep) for p, sep in zip(parts, seps + [""])], 0)):
            return _NOBODY[OTHER]                            # said Ana Lima, Rui Costa and João Dias
        parts = parts[:2]
        if s.kind in (ROLE, OTHER, EMPTY) and len(parts) > 1 and parts[1] and (
                self.starts_with_title(parts[0]) or self._described(parts[0]) or self._possessed_title(parts[0])) \
                or (s.kind == NAME and len(parts) > 1 and parts[1] and self._title_complement(parts[0], s)):
            named = self.parse(parts[1], cover=True)         # disse a ministra da Saúde, Ana Tavares
            if named.kind != NAME:
                named = self._described_then_name(parts[1])   # "…, el epidemiólogo peruano Ana Tavares"
            if named.kind == NAME:
                return named
        return s

    def lone_name(self, word: Item) -> Subject:
        """One capitalised word as a name a title or a relative vouches for ("Her son, Ewan, …")."""
        if self.cased_name_word(word, True) and not self.organisation(word):
            return Subject(NAME, word.start, word.end, True, single=True)
        return _NOBODY[OTHER]

    def titled_surname(self, words: Sequence[Item]) -> Subject:
        """A title and one capitalised word, all of ``words`` ("Polizeipräsident Zierke: „…“", "Minister
        Hale said", "said coach Brommer"): a surname, though the article writes it nowhere else. Not where a
        title takes a capitalised complement ("Ministrul Culturii"), nor after an age ("die 56-jährige
        Angestellte": a noun where nouns are capitalised)."""
        t = self.title_phrase_end(words) if words else 0
        if t and len(words) == t + 1 and not self.data.title_genitive \
                and not any(_AGE_NOUN.fullmatch(w.key) for w in words[:t]):
            return self.lone_name(words[t])
        return _NOBODY[OTHER]

    def title_complement_name(self, words: Sequence[Item]) -> Subject:
        """A title, its complement of lowercase words and acronyms, and a name of two words or more ending
        ``words`` ("Глава районного управления МЧС Ян Коваль: «…»", "Directora general de la OMS Ana Ruiz"):
        the name."""
        t = self.title_phrase_end(words) if words else 0
        if not t:
            return _NOBODY[OTHER]
        i = t
        while i < len(words) and i - t < 5 and (first_letter(words[i].text).islower()
                                                 or (len(words[i].text) >= 2 and words[i].text.isupper())):
            i += 1
        if i == t or len(words) - i < 2:
            return _NOBODY[OTHER]
        a, b, _ = self.read_name(words, [w.key for w in words], i, False)
        named = self._subject_name(words, a, b, True) if a == i < b == len(words) else None
        return named if named is not None and named.end > named.start else _NOBODY[OTHER]

    def _described_then_name(self, words: Sequence[Item]) -> Subject:
        """The name ending an appositive that a title or an article and up to three lowercase words open
        ("el epidemiólogo peruano Ana Tavares", "the veteran epidemiologist Ana Tavares")."""
        if not words or not (words[0].key in self.data.articles or self.starts_with_title(words)):
            return _NOBODY[OTHER]
        i = next((i for i, w in enumerate(words) if first_letter(w.text).isupper()), len(words))
        if not 2 <= i <= 4:
            return _NOBODY[OTHER]
        a, b, _ = self.read_name(words, [w.key for w in words], i, False)
        named = self._subject_name(words, a, b, True) if a == i < b == len(words) else None
        return named or _NOBODY[OTHER]

    def _possessed_title(self, words: Sequence[Item]) -> bool:
        """Whether ``words`` are a possessive (after an article at most) and a title: "su director", "o seu
        diretor", "its director"."""
        d = self.data
        keys = [w.key for w in words[:4]]
        k = int(bool(keys) and keys[0] in d.articles)
        return k < len(keys) - 1 and keys[k] in d.possessives and bool(title_at(d, keys, k + 1))

    def _past_time(self, words: list[Item]) -> list[Item]:
        """Words after a verb past the day or the adverb of time opening them ("a averti jeudi la
        coordinatrice …", "advirtió el jueves la coordinadora …"), when more follows."""
        d = self.data
        k = 0
        while k < len(words) - 1 and words[k].key in d.adverbs:
            k += 1
        day = k + int(k < len(words) - 1 and words[k].key in d.articles | d.demonstratives)   # "esta segunda-feira"
        if day < len(words) - 1 and words[day].key in d.day_names:
            k = day + 1
        return words[k:]

    def _described_name(self, words: Sequence[Item]) -> Subject | None:
        """A full name after a short description the data does not list as a role, the part's last words
        ("said dock and rail worker Ana Lima", "disse a moradora antiga Ana Lima", "said 2012 Olympic champion
        Ana Lima"): up to four words ending with a lowercase noun (an article or a year first allowed), then a
        name of two words or more ending the part."""
        d = self.data
        if d.nouns_capitalised:
            return None
        # the name opens after the description's head noun, the last lowercase word ("2012 Olympic champion
        # Ana Lima": a year and a capitalised modifier may stand in the description, not opening it)
        k = max((i for i in range(1, len(words)) if first_letter(words[i].text).isupper()
                 and first_letter(words[i - 1].text).islower()), default=None)
        if k is None or k > 4 or (k > 1 and first_letter(words[0].text).isupper()
                                  and not any(ch.isdigit() for ch in words[0].text)):
            return None
        lead = [w.key for w in words[:k]]
        if lead[0] in d.indefinites or any(x in d.pronouns or x in d.first_person or x in d.prepositions
                                           or (x in d.stop_words and x not in d.conjunctions and x not in d.definites)
                                           for x in lead):
            return None
        keys = [w.key for w in words]
        a, b, _ = self.read_name(words, keys, k, False)
        if b != len(words) or b - a < 2:
            return None
        return self._subject_name(words, a, b, True, False)

    def _title_complement(self, words: Sequence[Item], s: Subject) -> bool:
        """Whether the name ``s`` read in ``words`` is the capitalised complement of the title opening them
        ("la ministra para la Transformación Digital", "the Secretary of State for Health"): an office, not its
        holder, who is named after the comma."""
        k = next((k for k, w in enumerate(words) if w.start == s.start), 0)
        return k >= 2 and words[k - 1].key in self.data.prepositions | self.data.articles \
            and self.starts_with_title(words)

    def _described(self, words: Sequence[Item]) -> bool:
        """Whether ``words`` are a definite article and one or two lowercase words: a description the
        name after the comma stands in apposition to ("admitió el técnico italiano, Luciano Spalletti")."""
        d = self.data
        first = words[0].key
        definite = first in d.definites or any(first.startswith(p) and first != p for p in d.definite_prefixes)
        if first in d.indefinites and 3 <= len(words) <= 4 and words[1].key in d.prepositions | d.contractions \
                and all(first_letter(w.text).islower() for w in words[1:]):
            return True                     # a partitive: "uno dei due, Nicola Pirovano", "one of the two, …"
        if definite and 4 <= len(words) <= 6 and words[1].key not in d.stop_words \
                and words[2].key in d.prepositions | d.contractions \
                and all(first_letter(w.text).islower() for w in words[1:]):
            return True                     # a noun and its complement: "la rapporteure du projet, Lise Roy"
        return definite and 2 <= len(words) <= 3 and all(first_letter(w.text).islower() for w in words[1:]) \
            and not any(w.key in d.stop_words for w in words[1:])

    def document_author(self, words: Sequence[Item]) -> Subject | None:
        """The name after a document noun and a word of authorship that open a subject ("A statement from
        Ana Lima read:", "Die Antwort von Ana Lima lautete:", "La respuesta de Ana Lima fue tajante:"): the
        text is that person's words. None unless the name ends the phrase."""
        d = self.data
        keys = [w.key for w in words]
        j = next((j for j, k in enumerate(keys[:4]) if k in d.documents), None)
        if j is None or j + 2 >= len(words) or keys[j + 1] not in d.authorship \
                or any(first_letter(w.text).isupper() and not d.nouns_capitalised for w in words[1:j]):
            return None
        s = self.parse(words[j + 2:], cover=True)
        return s if s.kind == NAME else None
