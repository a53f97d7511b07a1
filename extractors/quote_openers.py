"""Where a sentence's subject likely stands: the words a pronoun, a role or a dropped subject later points back
to first.

A name is a likely antecedent when it opens its sentence, and equally when it follows what stands before a
subject without being one: a title or description ("O técnico Dorival Júnior convocou …", "Der Dresdner Maler
Jan Ott …"), a phrase fronted before the subject and closed by a comma ("Down the street, Ana Lima …", "Autor
do golo da vitória, o médio Rui Falcato …"), or a description the name stands in apposition to ("Die Pächterin
der Mühle, Irmgard Sellhorn, …"). Pure functions over one analysed paragraph.
"""
from __future__ import annotations

from typing import Container, Iterator, Sequence

from extractors.quote_lang import Item, Paragraph, first_letter
from extractors.quote_subjects import Reader, Subject, title_at
from extractors.quote_text import ArticleText


def sentences(p: Paragraph) -> Iterator[tuple[int, int]]:
    """Item ranges [a, b) of a paragraph's sentences."""
    for k, a in enumerate(p.sent_starts):
        yield a, p.sent_starts[k + 1] if k + 1 < len(p.sent_starts) else len(p.items)


def sentence_openers(text: ArticleText, reader: Reader, p: Paragraph, common: Container[str]
                     ) -> tuple[set[int], list[Subject]]:
    """Offsets of each sentence's first word, of the first after its title or description, and of the
    name after a fronted phrase; with the names read in apposition to a title or description opening a
    sentence. ``common``: the article's words written in lowercase somewhere."""
    openers: set[int] = set()
    appositions: list[Subject] = []
    for a, b in sentences(p):
        first = next((j for j in range(a, b) if p.items[j].word), None)
        if first is None:
            continue
        words = [it for it in p.items[first:first + 12] if it.word][:8]
        openers.add(words[0].start)
        openers.update(_after_colon(text, p.items[first:b]))
        after = after_fronted_phrase(text, reader, p.items[first:b], common)
        if after is not None:
            openers.add(after.start)
        t = description_end(reader, words)
        if 0 < t < len(words):
            openers.add(words[t].start)
            d, keys = reader.data, [w.key for w in words[:t]]
            vouched = d.nouns_capitalised or any(d.honorifics.match(keys, k) for k in range(t))
            if vouched and reader.title_phrase_end(words) == t and not d.title_genitive and (
                    t + 1 == len(words) or not first_letter(words[t + 1].text).isupper()):
                appositions.append(reader.lone_name(words[t]))    # "Meine Nachbarin Gisela, die …"
        parts = reader.clause.segments(p.items[first:min(b, first + 24)])[:2]
        if len(parts) == 2 and len(parts[1]) == 1 and _kin(reader, parts[0]):
            appositions.append(reader.lone_name(parts[1][0]))     # "Her son, Ewan, lives …"
        elif len(parts) == 2 and (reader.starts_with_title(parts[0]) or is_description(text, parts[0])):
            appositions.append(reader.parse(parts[1], cover=True))
        elif len(parts) == 2 and _described_by_clause(text, parts[0]) and reader.clause.bare_names(parts[1]):
            appositions.append(reader.parse(parts[1], cover=True))  # "A farmer whose land floods, Ed Rue, …"
    return openers, appositions


def _after_colon(text: ArticleText, items: Sequence[Item]) -> Iterator[int]:
    """Offsets of the words opening a clause after a colon, outside quotations ("Die Stimmen sind gezählt:
    Ana Lima gewinnt"): a subject stands there as at a sentence's start."""
    for k, it in enumerate(items[:-1]):
        nxt = items[k + 1]
        if not it.word and it.key in text.data.colons and nxt.word and not text.quote_at(nxt.start):
            yield nxt.start


def _kin(reader: Reader, words: Sequence[Item]) -> bool:
    """Whether ``words`` are a possessive and words ending with a noun that vouches for a name after it (a
    relative, a friend: "Her son", "Su sobrino nieto"), which a one-word name in apposition then is."""
    d = reader.data
    keys = [w.key for w in words if w.word]
    return 2 <= len(keys) <= 4 and keys[0] in d.possessives and bool(d.honorifics.match(keys, len(keys) - 1))


def is_description(text: ArticleText, words: Sequence[Item]) -> bool:
    """Whether ``words`` (a sentence's first part, before a comma) are a short definite description a name in
    apposition may follow ("Die Pächterin der Mühle, Irmgard Sellhorn, …"): a definite article, two to five
    words, no reporting verb."""
    words = [w for w in words if w.word]
    return 2 <= len(words) <= 5 and words[0].key in text.data.definites and not text.verbs_in(words)


def _described_by_clause(text: ArticleText, words: Sequence[Item]) -> bool:
    """Whether ``words`` are an article, a noun and a relative clause on it ("A farmer whose fields flood",
    "Una vecina que vive enfrente"): a description a name in apposition may follow, however long."""
    d = text.data
    words = [w for w in words if w.word]
    return len(words) >= 4 and words[0].key in d.articles and first_letter(words[1].text).islower() \
        and any(d.relatives.match([w.key for w in words], k) for k in (2, 3))


def description_end(reader: Reader, words: Sequence[Item]) -> int:
    """How many of ``words`` describe the name after them: a title phrase, or an article or a possessive and one
    or two lowercase words ("o atacante", "la joven actriz", "his wife"), or where nouns are capitalised an article
    up to an agent noun ("Der Dresdner Maler"); 0 when none."""
    if not words:
        return 0
    t = reader.title_phrase_end(words)
    d = reader.data
    if not t and not d.nouns_capitalised:
        t = _modified_title_end(reader, words)
    if t:                                   # "El concejal de oposición Ana Lima": past the complement
        return reader.lowercase_complement(words, [w.key for w in words], t)
    if words[0].key not in d.articles | d.possessives:     # "la joven actriz", "Zijn vrouw", "Sua moglie"
        return t
    if d.nouns_capitalised:
        return next((k + 1 for k in range(1, min(len(words) - 1, 4))
                     if d.role_endings and words[k].key.endswith(d.role_endings)), 0)
    k = 1
    while k < min(len(words), 3) and first_letter(words[k].text).islower() and words[k].key not in d.stop_words:
        k += 1
    return k if k > 1 else 0


def _modified_title_end(reader: Reader, words: Sequence[Item]) -> int:
    """Where nouns are lowercase, how many words a title phrase opened by one to three modifiers holds
    when a capitalised word follows it ("County council leader Ana Lima", "Former deputy mayor Jo Kerr");
    0 when none."""
    keys = [w.key for w in words]
    for k in range(1, min(4, len(words) - 1)):
        if not first_letter(words[k].text).islower():
            return 0
        size = title_at(reader.data, keys, k)
        if size:
            end = k + size
            return end if end < len(words) and first_letter(words[end].text).isupper() else 0
    return 0


def after_fronted_phrase(text: ArticleText, reader: Reader, items: Sequence[Item], common: Container[str]) -> Item | None:
    """The capitalised word right after a phrase fronted before a sentence's subject and closed by its comma
    ("Down the street, Ana Lima …", "When asked which is harder, this or that, Lima …"), past a title or
    description (", o médio Rui Falcato …"): the sentence's likely subject. Only where the sentence opens
    with a word the article also writes in lowercase, a stop word or a title (not with a name: "Lima, 73, …";
    not with a pronoun or an article, a subject already), and within its first three commas."""
    first, d = items[0], reader.data
    if first.key not in d.stop_words and first.text.lower() not in common and not title_at(d, [first.key], 0):
        return None
    if first.key in d.pronouns | d.first_person | d.articles:
        return None                             # "He said the plan, backed by his friend, Ana Lima, …"
    commas = 0
    for k, it in enumerate(items[:40]):
        if not it.word and it.key in d.commas:
            after = [w for w in items[k + 1:k + 10] if w.word]
            t = description_end(reader, after)
            nxt = after[t] if t < len(after) else None
            if nxt is not None and (t or nxt.start == items[k + 1].start) \
                    and reader.cased_name_word(nxt, True) and not text.quote_at(nxt.start):
                return nxt
            commas += 1
            if commas == 3:
                return None
        elif not it.word and not it.inert and it.key not in "-–—'’":
            return None                         # the sentence's first clause ends otherwise
    return None
