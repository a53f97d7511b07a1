"""The article's named people: who spoke so far, and whom a pronoun, a role or a dropped subject points to.

A quotation's source (:mod:`extractors.quote_sources`) is often no name: a pronoun ("she said"), a role
after a definite article ("the mayor said") or, in pro-drop languages, no word at all ("añadió"). Each
points back to a person the article named before; :class:`People` keeps what that search reads and does it:

* the named persons of each line (:meth:`People.mentions`, read by :class:`extractors.quote_mentions.Mentions`):
  subjects of reporting verbs, names after an honorific or "according to", PER entities (strong); runs of
  capitalised words, or a speaker's surname alone opening a sentence (weak). Words opening a sentence are
  salient: a likely subject.
* the speakers attributed so far (:meth:`People.add_speaker`), asked before weaker mentions;
* :meth:`People.antecedent_of`: the nearest salient person before the pronoun, role or verb, across
  sentences and up to ``antecedent_paragraphs`` lines, who agrees in gender with it where the article
  marks genders (:class:`extractors.quote_person_gender.Genders`); a definite role means the one person the
  article writes with that role. A sentence in between opening with a definite noun phrase ("Die Kundin war
  empört.") breaks the chain;
* :class:`extractors.quote_dialogue.Dialogue` (``People.dialogue``): in lines of dialogue between two people,
  each opened by a dash, a pronoun either of them may be is the other one's turn than the line before
  (typography gives each turn its line);
* :class:`extractors.quote_full_names.FullNames` (``People.full_names``): a surname alone ("…», afirmó Ruiz")
  stands for the person the article named in full before it ("la consultora Marta Ruiz"), when exactly one
  person fits.

Speakers are added as the pipeline attributes quotations in order, so a search sees those before it; the
mentions, the genders and the organisations read the same speakers (People's own set of their surnames and
dict of them by line, shared, not copied). The organisation a phrase such as "the company" means is found by
:class:`extractors.quote_organisations.Organisations` (``People.organisations``); what a word is (a definite
phrase, a role, a noun of persons or organisations) by the pure functions of :mod:`extractors.quote_nouns`.
"""
from __future__ import annotations

import bisect
from typing import Sequence

import regex

from extractors.quote_dialogue import Dialogue
from extractors.quote_full_names import FullNames
from extractors.quote_gender import pronoun_gender, word_gender
from extractors.quote_lang import Item, Paragraph, first_letter, fold, has_digit
from extractors.quote_mentions import Mention, Mentions
from extractors.quote_names import NICKNAME_CORE, after_title_and_preposition, trim, word_before
from extractors.quote_nouns import age_noun, definite, organisation_head, person_noun, suffixed_role, unelided
from extractors.quote_organisations import Organisations
from extractors.quote_person_gender import Genders, person_key, subject_gender
from extractors.quote_subjects import PRODROP, PRONOUN, ROLE, NameIndex, Reader, Subject, _AGE_NOUN, title_at
from extractors.quote_text import WINDOW, ArticleText


# A run of capitalised words (inner capitals allowed: McAllister, DeWitt), short particles between them.
_NAME_WORD = r"\p{Lu}[\p{Ll}\p{M}]++(?:\p{Lu}[\p{Ll}\p{M}]++)?+(?:['’-]\p{L}++)?+"
_NAMEISH_RUN = regex.compile(rf"\b{_NAME_WORD}(?:[ \t]++(?:{NICKNAME_CORE}[ \t]++)?(?:\p{{Ll}}{{1,3}}+[ \t]++){{0,2}}?"
                             rf"{_NAME_WORD})++")
_SENTENCE_BREAK = regex.compile(r"[.!?…]\s|\n")
# A word of a role written before a name.
_ROLE_WORD = regex.compile(r"[\p{L}\p{M}'’-]++")
# A full stop in the words before a name, and the word it ends ("Dr." is no sentence end).
_STOP = regex.compile(r"([\p{L}\p{M}]*+)\.\s")


def name_runs(text: ArticleText) -> list[tuple[int, int]]:
    """Spans of the runs of capitalised words outside skipped spans: where the article writes full names."""
    return [m.span() for m in _NAMEISH_RUN.finditer(text.body) if not text.in_skip(m.start())]


class People:
    """Who the article names where, who spoke so far, and the person a pronoun, role or dropped subject
    points back to."""

    def __init__(self, text: ArticleText, reader: Reader, names: NameIndex, runs: Sequence[tuple[int, int]]):
        self.text, self.runs = text, runs
        self.body, self.data = text.body, text.data
        self.speakers: dict[int, list[Mention]] = {}
        self.said_on: dict[int, Mention] = {}      # line of a quotation -> the speaker attributed it last
        self.surnames: set[str] = set()     # last words of the speakers attributed so far
        self.nouns: dict[str, list[tuple[int, int, str, frozenset[str]]]] | None = None   # see _noun_index
        self.full_names = FullNames(text, reader, names, runs)
        self.named = Mentions(text, reader, names, runs, self.surnames, self.full_names)
        self.genders = Genders(text, runs, self.full_names, self.speakers)
        self.organisations = Organisations(text, runs, self.surnames)
        self.dialogue = Dialogue(text, self.said_on, self.genders, self.full_names)

    # -- speakers -----------------------------------------------------------------------------------------
    def add_speaker(self, start: int, end: int, quoted_at: int, quoted_to: int) -> None:
        """A person the pipeline attributed a quotation (from ``quoted_at`` to ``quoted_to``) to: an antecedent
        and a full name from now on, as near to what follows as the paragraphs they were quoted in (the last
        of a quotation over several), wherever the name stands ("Министр … Анна Ковалёва" … «…», — заявила
        министр. … «…», — уточнила глава ведомства)."""
        lines = {self.text.line_of(start), self.text.line_of(quoted_at), self.text.line_of(quoted_to)}
        for line in lines:
            speakers = self.speakers.setdefault(line, [])
            bisect.insort(speakers, Mention(start, end, True, True), key=lambda m: m.start)
        self.said_on[self.text.line_of(quoted_at)] = Mention(start, end, True, True)
        self.full_names.add(start, end)
        surname = fold(self.body[start:end].split()[-1])
        if surname not in self.surnames:
            self.surnames.add(surname)
            self.named.cache.clear()            # a line's mentions include a speaker's surname alone

    def is_speaker(self, last_word: str) -> bool:
        """Whether a speaker attributed so far has ``last_word`` as the last word of their name."""
        return fold(last_word) in self.surnames

    def fullest(self, start: int, end: int) -> tuple[int, int]:
        """See :meth:`extractors.quote_full_names.FullNames.fullest`."""
        return self.full_names.fullest(start, end)

    def given_name(self, start: int, end: int) -> bool:
        """See :meth:`extractors.quote_full_names.FullNames.given_name`."""
        return self.full_names.given_name(start, end)

    # -- mentions -----------------------------------------------------------------------------------------
    def mentions(self, n: int) -> list[Mention]:
        """See :meth:`extractors.quote_mentions.Mentions.line`."""
        return self.named.line(n)

    # -- antecedents --------------------------------------------------------------------------------------
    def subject_gender(self, subject: Subject, verb: str) -> str | None:
        """See :func:`extractors.quote_person_gender.subject_gender`."""
        return subject_gender(self.body, self.data, subject, verb)

    def antecedent_of(self, subject: Subject, anchor: int, verb: str) -> tuple[Mention, int] | None:
        """The person a pronoun, a role or a dropped subject (whose verb stands at ``anchor``) points back
        to, and how many lines back; a role means the one person the article writes with it, or nobody
        when the nearest name is far back, weak, or holds another title."""
        where = subject.start if subject.kind != PRODROP else anchor
        gender = subject_gender(self.body, self.data, subject, verb)
        if subject.kind in (PRONOUN, PRODROP):
            turn = self.dialogue.turn_taker(where, gender, verb)
            if turn is not None:
                return turn, 0
        found = self._antecedent(where, gender, described=subject.kind == ROLE)
        if subject.kind != ROLE:
            role = self._role_between(found[0].end if found else max(0, where - 600), where, gender)
            if role is None and found is not None and subject.kind == PRODROP \
                    and self._new_subject_between(found[0].end, where, indefinite=True):
                # "Uma moradora … contou que … «…», relatou": that unnamed one, unless the sentence names her
                return self._introduced(self._nearest_mention(where), where)
            if role is not None:
                return role, 0
            if found is None:
                described = self._described_subject_before(where, gender)
                if described is not None:
                    return described, 0
            return self._vouched_by_gender(found, gender) if found is not None else None
        holder = self._role_holder(subject)
        if holder is not None:              # "Mayor Ann Lee … the mayor said": the one person with that role
            return holder, 0
        titled = found is not None and found[0].titled and self._modifiers_agree(subject, found[0])
        if found is not None and not found[0].strong and (found[1] > 1 or (
                not (found[0].salient or titled) and (found[1] or self.data.nouns_capitalised))) \
                and not (found[1] <= 1 and self._sole_person_for(subject, found[0], where)):
            return None                     # a name far back is no better guess than the role as written
                                            # (a weak one in the role's own paragraph is: "… di Marco Fabbri.
                                            # «…», ha detto l'attaccante"; not where every noun is capitalised,
                                            # unless a title stands before the name: "Kapitän Jan Ott, der …";
                                            # or the article has named nobody else yet)
        if found is not None and found[1] and self._titles_of(found[0]) - self._roles_in(subject) \
                and not self._epithet(subject):
            return None                     # "Captain Ola Berg … ⏎ the manager said": someone else; in one
                                            # paragraph the role describes whom it just named ("the striker
                                            # Ana Lima … “…”, said the forward")
        return found

    def _described_subject_before(self, pos: int, gender: str | None) -> Mention | None:
        """The person a definite description opening the sentence before ``pos`` in its paragraph means, by
        the noun written next to that person's name earlier ("La pediatra Ada Neri … ⏎ La nuova pediatra conosce
        bene la valle. «…», racconta."): the one a pronoun or a dropped subject then takes up."""
        p = self.text.para(self.text.line_of(pos))
        k = bisect.bisect_right(p.sent_starts, p.index_at(pos)) - 1
        while k >= 0 and p.sent_starts[k] < len(p.items) and self.text.quote_at(p.items[p.sent_starts[k]].start):
            k -= 1                          # the quotation's own sentences
        if k < 0 or p.sent_starts[k] >= len(p.items):
            return None
        words = p.items[p.sent_starts[k]:p.sent_starts[k] + 4]
        if len(words) < 2 or words[0].key not in self.data.definites or words[0].start >= pos:
            return None
        nouns = []                          # the description's words (a verb after them holds no one)
        for w in words[1:]:
            if not w.word or (first_letter(w.text).isupper() and not self.data.nouns_capitalised):
                break
            nouns.append(unelided(self.data, w.key))
        for noun in reversed(nouns):
            holder = self._holder({noun}, words[0].start)
            if holder is not None:
                return holder if self.genders.agrees(holder, gender) else None
        return None

    def kin_of_last(self, subject: Subject) -> Mention | None:
        """The person a possessive and a noun of kin mean ("—…—responde su hermana", "„…“, ergänzt sein Bruder"):
        of the people the article names in full sharing the surname of the one who spoke last before it, the one
        other; None if no one or several are."""
        d = self.data
        words = [fold(w) for w in self.body[subject.start:subject.end].split()]
        if words and words[0] in d.articles:
            words = words[1:]               # "a sua irmã"
        if len(words) != 2 or words[0] not in d.possessives or words[1] not in d.kin_nouns:
            return None
        n = self.text.line_of(subject.start)
        lines = [k for k in self.said_on if k <= n and self.said_on[k].end <= subject.start]
        if not lines:
            return None
        spoke = self.said_on[max(lines)]
        said = set(self.full_names.folded_words(spoke.start, spoke.end))
        names = {self.full_names.folded_words(a, b): (a, b) for a, b in self.full_names.run_names() if b <= subject.start}
        own = [k for k in names if said <= set(k)]      # "Inés" spoke: the "Inés Sáez" named before
        if len(own) != 1:
            return None
        others = [k for k in names if k[-1] == own[0][-1] and not set(k) >= said]
        if len(others) != 1:
            return None
        return Mention(*names[others[0]], True, True)

    def _sole_person_for(self, subject: Subject, m: Mention, pos: int) -> bool:
        """Whether a bare role ("l'attaccante", "o médio") may mean ``m``, a weak mention a paragraph back,
        because the article has named nobody else: ``m`` a name of two words or more and no organisation's,
        in a paragraph of prose (not a byline's few words), the role an article and a noun at most."""
        d = self.data
        role = self.body[subject.start:subject.end].split()
        name = [fold(w) for w in self.body[m.start:m.end].split()]
        span = self.text.line_span(self.text.line_of(m.start))
        return len(role) <= 2 and len(name) >= 2 and len(self.body[slice(*span)].split()) >= 8 \
            and not any(w in d.organisation_nouns or w in d.non_person for w in name) \
            and self.only_person_before(m, pos)

    def unnamed_before(self, pos: int, gender: str | None = None) -> tuple[int, int] | None:
        """The unnamed person opening the nearest sentence before ``pos`` in its paragraph, outside quotations: an
        indefinite article and a noun that can name a person, of ``gender`` where the noun marks one ("Un
        camarero limpia la barra. «…», admite."; "Une cliente, venue …, raconte : « … »"; "Une des
        plaignantes …"); None if that sentence opens otherwise or names someone."""
        d = self.data
        n = self.text.line_of(pos)
        p = self.text.para(n)
        for k in reversed(p.sent_starts):
            if k >= len(p.items) or p.items[k].start >= pos or self.text.quote_at(p.items[k].start):
                continue
            words = [it for it in p.items[k:k + 4] if it.word]
            if len(words) < 2 or words[0].start != p.items[k].start or words[0].key not in d.indefinites:
                return None
            noun = words[2] if words[1].key in d.prepositions | d.contractions and len(words) > 2 else words[1]
            key, marked = noun.key, word_gender(noun.key, True, d.gender)
            if not person_noun(self.data, noun.text) or (not d.nouns_capitalised and not noun.text.islower()) \
                    or key in d.time_nouns or key in d.non_person or key in d.day_names \
                    or (gender and marked and marked != gender):
                return None
            end = p.sentence_bounds(k)[1]
            if any(p.items[k].start <= m.start < p.items[end - 1].end for m in self.mentions(n)):
                return None                 # "Una vecina, Ana Lima, …": named
            return words[0].start, noun.end
        return None

    def only_person_before(self, m: Mention, pos: int) -> bool:
        """Whether ``m`` is the one person the article names before ``pos`` (a full name, or its last word
        alone): in a short piece about one person, "racconta" or "she said" can mean nobody else."""
        last = person_key(self.body, m.start, m.end)
        for n in range(self.text.line_of(pos) + 1):
            for other in self.mentions(n):
                if other.start >= pos:
                    break
                if person_key(self.body, other.start, other.end) != last and not self._in_passing(other):
                    return False
        return True

    def _in_passing(self, m: Mention) -> bool:
        """Whether ``m`` is a weak mention right after a preposition or a word of institutions ("in Valle
        Aurina", "del conservatorio Verdi"): a place's or an institution's name as likely as a person's, and no
        one the article is about."""
        if m.strong or m.salient or m.titled:
            return False
        before = fold(word_before(self.body, m.start))
        return before in self.data.prepositions or before in self.data.non_person

    def _vouched_by_gender(self, found: tuple[Mention, int], gender: str | None) -> tuple[Mention, int]:
        """``found`` as a strong, salient mention when the article marks that person of the gender the pronoun
        or verb marks ("… die Stadtkämmerin Petra Albers … „…“, sagt sie"): gender agreement tells as much as
        a subject's place would (not a given name alone: "Virginia" may open a place's name)."""
        m, distance = found
        if gender is None or (m.strong and m.salient) or self.genders.marked(m) != gender:
            return found
        return Mention(m.start, m.end, True, True), distance

    def _antecedent(self, pos: int, gender: str | None = None,
                    described: bool = False) -> tuple[Mention, int] | None:
        """The named person nearest before ``pos`` and how many paragraphs back it stands; with ``gender``,
        people the article marks as of the other gender are passed over; ``described``: for a description
        of a person rather than a pronoun (see :meth:`_new_subject_between`), which also means a person
        named after a title wherever in the sentence."""
        n = self.text.line_of(pos)
        back, distance = int(self.data.limits["antecedent_paragraphs"]), 0
        fallback = passing = None       # the nearest that agrees; one in passing ("in Ridgeton") only if no other
        while n >= 0 and distance <= back:
            span = self.text.line_span(n)
            if self.body[slice(*span)].strip() and not self.text.in_skip(span[0]) and not self.text.heading(n):
                best = None
                for pool in (self.mentions(n), self.speakers.get(n, [])):
                    k = bisect.bisect_left(pool, pos, key=lambda m: m.start)
                    for m in reversed(pool[max(0, k - WINDOW):k]):       # the nearest first
                        if m.end > pos or not self.genders.agrees(m, gender):
                            continue
                        if described or not (gender and self._in_passing(m)):
                            fallback = fallback or (m, distance)
                        else:
                            passing = passing or (m, distance)
                        if m.salient or (described and m.titled):      # "said the teenager": "striker X"
                            if best is None or (m.start, m.strong) > (best.start, best.strong):
                                best = m
                            break
                if best is not None and not best.strong:
                    best = self._as_speaker(best, n, pos)
                if best is not None and gender is not None and not self.genders.known(best):
                    best = self._marked_instead(best, n, pos, gender)
                if best is not None:
                    if self._new_subject_between(best.end, pos, persons=described, speaker=best.strong):
                        return self._introduced(fallback, pos)
                    return best, distance
                if not self._pronoun_subject(n, pos, gender):
                    distance += 1           # a paragraph about "her" keeps the person as near as naming her
            n -= 1
        fallback = fallback or passing
        if fallback and not fallback[0].strong:
            speaker = self._last_speaker(pos, fallback[0].start, gender)
            fallback = (speaker, fallback[1]) if speaker else fallback
        if fallback and self._new_subject_between(fallback[0].end, pos, persons=described):
            return None
        return fallback

    def _nearest_mention(self, pos: int) -> tuple[Mention, int] | None:
        """The last person named before ``pos`` in its paragraph, strong or weak."""
        before = [m for m in self.mentions(self.text.line_of(pos)) if m.end <= pos]
        return (before[-1], 0) if before else None

    def _introduced(self, found: tuple[Mention, int] | None, pos: int) -> tuple[Mention, int] | None:
        """``found``, a weaker mention in the paragraph of ``pos``, when a sentence opening with a noun phrase
        stood between the person named further back and ``pos``, and that sentence, right before the
        quotation's, names ``found`` ("Uma das costureiras é Ana Lima. «…», disse."; "La primera fue una
        estudiante, Eva Soto. «…», recuerda."): the person it brings in, not the one before; else None."""
        if found is None or found[1]:
            return None
        m = found[0]
        p = self.text.para(self.text.line_of(pos))
        lo = bisect.bisect_right(p.sent_starts, p.index_at(m.start))
        hi = bisect.bisect_right(p.sent_starts, p.index_at(pos))
        if lo >= hi or any(k < len(p.items) and not self.text.quote_at(p.items[k].start) for k in p.sent_starts[lo:hi]):
            return None                     # only the quotation's own sentences after the one naming ``m``
        return Mention(m.start, m.end, True, True, m.titled), 0

    def _pronoun_subject(self, n: int, pos: int, gender: str | None) -> bool:
        """Whether a sentence of line ``n`` before ``pos`` opens with a third-person pronoun outside
        quotations that may be of ``gender`` ("Sie führt den Kiosk seit 1989."): the person named
        before stays the one the article is about."""
        p = self.text.para(n)
        for k in p.sent_starts:
            first = next((it for it in p.items[k:k + 3] if it.word), None)
            if first is None or first.start >= pos:
                break
            if first.key in self.data.pronouns and not self.text.quote_at(first.start) \
                    and (gender is None or pronoun_gender(first.key, self.data.gender) in (None, gender)):
                return True
        return False

    def _as_speaker(self, m: Mention, n: int, pos: int) -> Mention:
        """The weak mention ``m`` as a strong one when a speaker quoted in line ``n`` has a name ending with
        its last word (the surname alone, written again after the full name): the same person, vouched for."""
        last = fold(self.body[m.start:m.end].split()[-1])
        same = any(s.end <= pos and fold(self.body[s.start:s.end].split()[-1]) == last for s in self.speakers.get(n, []))
        return Mention(m.start, m.end, True, m.salient) if same else m

    def _last_speaker(self, pos: int, floor: int, gender: str | None = None) -> Mention | None:
        """The speaker attributed last before ``pos`` within the antecedent window, when it stands before
        ``floor`` (a weaker mention there: a capitalised run such as a company or a photo credit, which a
        pronoun is less likely to mean than the person quoted just before)."""
        n = self.text.line_of(pos)
        for k in range(n, max(-1, n - int(self.data.limits["antecedent_paragraphs"]) - 1), -1):
            before = [m for m in self.speakers.get(k, []) if m.end <= pos and self.genders.agrees(m, gender)]
            if before:
                return before[-1] if before[-1].start < floor else None
        return None

    def _new_subject_between(self, start: int, pos: int, indefinite: bool = False, persons: bool = False,
                             speaker: bool = False) -> bool:
        """Whether a sentence between a name and the pronoun at ``pos`` opens with a definite noun phrase
        ("Die Kundin war empört. „…“, sagte sie."), with ``indefinite`` an indefinite one too ("Uma moradora
        contou …", for a dropped subject): the pronoun then more likely means that unnamed one. With
        ``persons`` (for a description, which names a person itself: „…“, sagt die 54-Jährige), only a
        phrase whose noun can name a person counts ("Die Backstube führt sie …" does not); with ``speaker``
        (the name is a reporting verb's subject or vouched for as surely), only one that can speak (see
        :meth:`_may_speak`)."""
        d, text = self.data, self.text
        if not d.definites and not d.definite_prefixes:
            return False
        end_line = text.line_of(pos)
        p = text.para(end_line)
        stop = p.sentence_bounds(p.index_at(pos))[0]
        stop_at = p.items[stop].start if stop < len(p.items) else pos
        next_sentence = True
        for n in range(text.line_of(start), end_line + 1):
            para = text.para(n)
            lo = bisect.bisect_left(para.sent_starts, para.index_at(start))
            hi = bisect.bisect_right(para.sent_starts, para.index_at(stop_at))
            for k in para.sent_starts[lo:hi]:
                if k >= len(para.items):
                    continue
                first = para.items[k]
                if first.start <= start or first.start >= stop_at or text.quote_at(first.start) \
                        or text.in_skip(first.start):
                    continue
                if next_sentence and self._role_opens(para.items[k:k + 4]) and not self._names_in(para, k):
                    next_sentence = False
                    continue                # "X revient … La réalisatrice y filme …": the role takes X up
                next_sentence = False
                word = next((it for it in para.items[k:k + 2] if it.word), None)
                if word is not None and word.start == first.start and word.key not in d.plural_definites and (
                        word.key in d.definites or any(word.key.startswith(x) for x in d.definite_prefixes)
                        or (indefinite and word.key in d.indefinites)) \
                        and not self._named_thing(para.items[k + 1:k + 3]) \
                        and not any(_AGE_NOUN.fullmatch(it.key) for it in para.items[k + 1:k + 3]) \
                        and self._may_speak(para.items[k + 1:k + 3], persons, speaker):
                    return True             # not "The 52-year-old had …": an age describes someone named
                                            # (a decade's noun, "l'octogénaire", still stands in the way:
                                            # the nearest name may be someone else's, as a speaker's is)
        return False

    def _may_speak(self, words: Sequence[Item], persons: bool, speaker: bool) -> bool:
        """Whether the noun phrase after a definite article may be the one a pronoun means instead of the
        person named before: with ``persons``, a noun of persons; after a ``speaker``, where every noun is
        capitalised (the nouns are told apart there), a person or an organisation ("Ministerin Eva Roth
        stellte den Entwurf vor. Die Reform komme im Mai. Sie betonte: „…“" is still the minister); else
        anything."""
        if persons:
            return self._person_phrase(words)
        if not (speaker and self.data.nouns_capitalised):
            return True
        return self._person_phrase(words) or any(      # "Landesregierung", "Ärzteteam": compounds end with it
            part in self.data.non_person or part.endswith(tuple(self.data.organisation_nouns))
            for w in words if w.word for part in fold(w.text).split("-"))

    def _role_opens(self, items: Sequence[Item]) -> bool:
        """Whether a definite article and a title open a sentence ("La réalisatrice y filme …", "The mayor
        then …", "L'élue assure …": a noun any office-holder may be called too): right after a sentence about a
        named person, a description of that person."""
        words = [it for it in items if it.word]
        return len(words) > 1 and words[0].key in self.data.definites \
            and (bool(title_at(self.data, [w.key for w in words[1:]], 0)) or words[1].key in self.data.generic_roles)

    def _names_in(self, p: Paragraph, k: int) -> bool:
        """Whether the sentence of ``p`` opening at item ``k`` holds a run of capitalised names ("El autor
        del gol, el lateral Ana Ruiz, fue …": the role names someone new)."""
        a, b = p.sentence_bounds(k)
        start, end = p.items[a].start, p.items[b - 1].end
        i = bisect.bisect_left(self.runs, (start, start))
        return i < len(self.runs) and self.runs[i][0] < end

    def _person_phrase(self, words: Sequence[Item]) -> bool:
        """Whether the words after an article hold a noun that can name a person
        (:func:`extractors.quote_nouns.person_noun`)."""
        return any(person_noun(self.data, w.text) for w in words if w.word)

    def _named_thing(self, words: Sequence[Item]) -> bool:
        """Whether the words after a definite article name an organisation or a thing ("The AFN Youth
        Council stated …", "The Globe reported …"), which a pronoun for a person does not mean: a
        capitalised word where nouns are not capitalised, or a word of an organisation."""
        words = [w for w in words if w.word]
        if not words:
            return False
        return (not self.data.nouns_capitalised and words[0].text[:1].isupper()) \
            or any(w.key in self.data.non_person for w in words)

    # -- roles --------------------------------------------------------------------------------------------
    def _role_between(self, start: int, pos: int, gender: str | None) -> Mention | None:
        """The holder of the definite role phrase nearest before ``pos`` and after ``start``, outside
        quotations ("On Monday the mayor spoke again. ⏎ “…,” he said": the one person written as mayor),
        when the article names exactly one such person and that person may be of ``gender``."""
        determiners, possessives = self.data.definites, self.data.possessives
        words = list(_ROLE_WORD.finditer(self.body, start, pos))
        keys = [fold(m.group()) for m in words]
        for k in range(len(words) - 1, 0, -1):
            if keys[k - 1] not in determiners and keys[k - 1] not in possessives:
                continue                    # (most words: neither a definite role nor a possessive and kin after)
            w, d = words[k], words[k - 1]
            kin = keys[k - 1] in possessives and keys[k] in self.data.kin_nouns
            if not kin and (keys[k - 1] not in determiners or not self.data.roles.match([keys[k]], 0)):
                continue
            if self.text.quote_at(w.start()) or self.body[d.end():w.start()].strip():
                continue
            holder = self._holder({keys[k]}, d.start()) if kin \
                else self._role_holder(Subject(ROLE, d.start(), w.end()))   # "Son mari, …": whom "son mari X" named
            if holder is not None and self.genders.agrees(holder, gender):
                return holder
        return None

    def description_holder(self, subject: Subject, after_verb: bool = False) -> Mention | None:
        """The one person a definite description means by the noun the article wrote next to that
        person's name before ("Landrätin Ute Brandhorst … die Landrätin", "Le préfet de la Manche,
        Alain Sorbier … le préfet"), whether or not the data lists the noun as a role."""
        words = self.body[subject.start:subject.end].split()
        if not definite(self.data, words) or organisation_head(self.data, words):
            return None                     # the company named beside its noun is no person ("глава ведомства" is)
        # "le préfet"; "полузащитника" where there are none; "ministrul", its article its ending
        article = 1 if self.data.definites and not suffixed_role(self.data, words[0]) else 0
        if unelided(self.data, words[0]) != fold(words[0]):
            article = 0                     # "l'adjointe": the article glued to the noun
        holder = self._holder(self._offices({unelided(self.data, words[-1])}), subject.start) \
            if len(words) == article + 1 else None
        aged = any(age_noun(self.data, fold(w)) for w in words)     # "the 58-year-old added": a person
        if holder is None and len(words) <= article + 3:
            # where there are no articles, a listed role alone is "the actor" before its verb too ("Тренер отметил")
            bare_role = not self.data.definites and len(words) == 1 and bool(title_at(self.data, [fold(words[0])], 0))
            holder = self._described_person(subject, words, titled_only=not (after_verb or aged or bare_role))
        if holder is None or not _SENTENCE_BREAK.search(self.body, holder.end, subject.start):
            return None                     # named in the same sentence: the noun describes someone else
        return holder

    def _described_person(self, subject: Subject, words: Sequence[str], titled_only: bool = False) -> Mention | None:
        """The person a short definite description right after a quotation points back to when no noun
        links them, standing after the verb ("Hervé Morel … « … », a déclaré l'élu"; „…“, sagte die
        71-Jährige; said the Vermont senator): the person the article named last as a speaker, a reporting
        verb's subject or right after a title, in this paragraph or the one before, when nobody else is named
        between; not a noun of an organisation. With ``titled_only`` (a description before its verb: "the
        teenager admitted"), only a person named right after a title with the description's modifiers."""
        d = self.data
        if d.nouns_capitalised and len(words) > 2 and fold(words[2]) in d.articles:
            words = words[:2]               # „…“, sagte die 64-Jährige dem Sender: the station is told
        if any(part in d.non_person for w in words for part in fold(w).split("-")) or organisation_head(d, words):
            return None                     # "selon le syndicat": an organisation ("глава ведомства": its head)
        capitals = [w for w in words[1:] if first_letter(w).isupper()]
        aged = any(age_noun(d, fold(w)) for w in words)
        if len(capitals) > 1 or (capitals and not d.nouns_capitalised and capitals[-1] == words[-1] and not aged):
            return None                     # a name in it ("die Gewerkschaft GDL", "the Edmonton Oilers"); after
                                            # an age, a people's noun ("the 20-year-old Dane")
        g = d.gender                        # "der 45-Jährige", "la jeune femme": the person's gender
        gender = next((x for x in (word_gender(fold(w), True, g) for w in words) if x), None)
        found = self._antecedent(subject.start, gender, described=True)
        if found is None or found[1] > (2 if aged and gender else 1):
            return None                     # an age and a gender point further back ("L'octogénaire a répondu")
        found = self._vouched_by_gender(found, gender)      # "l'orologiaia Ada Neri … ⏎ «…», racconta
                                                            # l'ottantenne"
        if titled_only:                     # before the verb ("the teenager admitted"): only after a title
            return found[0] if found[0].titled and person_noun(self.data, words[-1]) \
                and self._modifiers_agree(subject, found[0]) else None
        if not (found[0].strong or found[0].salient or (found[0].titled and found[1] == 0)
                or ((found[0].titled or found[1] == 0) and person_noun(self.data, words[-1]))
                or (len(words) <= 2 and person_noun(self.data, words[-1])
                    and self.only_person_before(found[0], subject.start))):
            return None                     # a weak name counts in the description's own paragraph only,
                                            # any noun after a title there ("Libero X … sagte der Pole"),
                                            # unless the article names no one else
        return found[0]

    def _role_holder(self, subject: Subject) -> Mention | None:
        """The one person the article names with the role a definite role phrase holds ("Mayor Ann Lee",
        "transit director Paul Okafor" before "the mayor", "the director"), by the role word written next
        to the name before the phrase; None if nobody or several are."""
        roles = self._roles_in(subject)
        return self._holder(roles, subject.start) if roles else None

    def _holder(self, nouns: set[str], before: int) -> Mention | None:
        """The one person named before ``before`` with one of ``nouns`` written right before the name
        (or as its title); None if nobody or several are."""
        people: dict[str, tuple[int, int]] = {}
        index = self._noun_index()
        for noun in nouns:
            written = [noun]
            if self.data.nouns_capitalised and len(noun) >= 4:      # "Kultusminister …" before "der Minister"
                written += [w for w in index if len(w) > len(noun) + 2 and w.endswith(noun)]
            for s, e, key, name in (entry for w in written for entry in index.get(w, ())):
                if e <= before and noun not in name:
                    people.setdefault(key, (s, e))      # a person, not the noun's own name
        if len(people) != 1:
            return None
        (s, e), = people.values()
        return Mention(s, e, True, True)

    def _noun_index(self) -> dict[str, list[tuple[int, int, str, frozenset[str]]]]:
        """Each word written with or right before a person's name in the article's runs, with that
        person's trimmed name (built once: a role phrase asks it for every quotation)."""
        if self.nouns is None:
            self.nouns = {}
            calendar = self.data.day_names | self.data.month_names      # "eine Sprecherin am Montag"
            for run in self.runs:
                for a, b in (run, *self._run_head(*run)):
                    s, e = trim(self.body, a, b, self.data)
                    name = frozenset(fold(w) for w in self.body[s:e].split())
                    if (s == a and len(name) < 2) or any(w in self.data.non_person for w in name) \
                            or name <= calendar or all(self.data.honorifics.match([w], 0) for w in name) \
                            or self._named_before_verb(a, s) \
                            or after_title_and_preposition(self.body, a, self.data, kin=True):
                        continue
                    entry = (s, e, person_key(self.body, s, e), name)
                    for word in self._words_near(a, b):
                        self.nouns.setdefault(word, []).append(entry)
        return self.nouns

    def _run_head(self, a: int, b: int) -> tuple[tuple[int, int], ...]:
        """A title and the capitalised words after it opening a run, up to its first lowercase word of content
        ("Bürgermeisterin Ute Quast hat am Montag den Neubau …": a run trimmed from its end names its last noun,
        where every noun is capitalised); none if the run opens with no title or holds no such word."""
        keys = [unelided(self.data, w) for w in _ROLE_WORD.findall(self.body, a, min(b, a + 60))[:2]]
        roles = self.data.roles
        if not keys or not (roles.match(keys, 0) or (keys[0] in self.data.articles and roles.match(keys, 1))):
            return ()
        for m in _ROLE_WORD.finditer(self.body, a, b):
            word = m.group()
            if word[:1].islower() and fold(word) not in self.data.particles:
                head = self.body[a:m.start()].rstrip()
                return ((a, a + len(head)),) if m.start() > a and len(head.split()) >= 3 else ()
        return ()

    def _named_before_verb(self, a: int, s: int) -> bool:
        """Whether a run's words before the name trimmed from it at ``s`` hold a name and then a lowercase word
        of content, where nouns are capitalised ("Kämmerin Ada Quenz bat den Rat um Zeit": a verb, and its
        object what the run ends with): the words before that name are another person's, not its title."""
        if not self.data.nouns_capitalised:
            return False                    # a lowercase noun may be a title there ("X и мэр Y Z")
        words = _ROLE_WORD.findall(self.body, a, s)
        function_words = self.data.stop_words | self.data.particles
        verb = next((k for k in range(len(words) - 1, -1, -1)
                     if words[k][:1].islower() and fold(words[k]) not in function_words), None)
        return verb is not None and sum(first_letter(w).isupper() for w in words[:verb]) >= 2

    def _epithet(self, subject: Subject) -> bool:
        """Whether a role phrase describes rather than ranks: a noun any office-holder may be called ("the
        official"), an age or a party or team before a hyphen ("die 54-Jährige", "die SPD-Politikerin"),
        which any title of the same person allows."""
        head = self.body[subject.start:subject.end].split()[-1]
        if fold(head) in self.data.generic_roles:
            return True                     # "the official", "o governante": what any office-holder is
        parts = head.split("-")
        return len(parts) > 1 and (has_digit(parts[0]) or first_letter(parts[0]).isupper())

    def _modifiers_agree(self, subject: Subject, m: Mention) -> bool:
        """Whether the words before a role phrase's head ("der brasilianische Präsident") are written near the
        name of ``m`` too (by their first five letters, so across endings): not the Venezuelan one."""
        words = self.body[subject.start:subject.end].split()[1:-1]
        near = {w[:5] for w in self._words_near(m.start, m.end)}
        return all(fold(w)[:5] in near for w in words if not has_digit(w))

    def _roles_in(self, subject: Subject) -> set[str]:
        """The roles a phrase names, one word or several ("il primo cittadino"), and the other names of their
        offices: "the first citizen" is whoever the article wrote as mayor."""
        keys = [unelided(self.data, w) for w in self.body[subject.start:subject.end].split()]
        roles = {k for k in keys if self.data.roles.match([k], 0)}
        roles |= {" ".join(keys[i:i + n]) for i in range(len(keys)) if (n := self.data.roles.match(keys, i)) > 1}
        return self._offices(roles)

    def _offices(self, nouns: set[str]) -> set[str]:
        """``nouns`` and the other names of the offices they name."""
        return nouns.union(*(self.data.role_synonyms.get(n, ()) for n in nouns))

    def _titles_of(self, m: Mention) -> set[str]:
        """Capitalised titles written right before a mentioned name ("Captain", "Mayor"): its holder's rank,
        which a role phrase naming another rank does not mean (lowercase descriptions have synonyms)."""
        line_start = self.text.line_starts[self.text.line_of(m.start)]
        words = _ROLE_WORD.findall(self.body[max(line_start, m.start - 30):m.start])[-2:]
        return {fold(w) for w in words if w[:1].isupper() and self.data.roles.match([fold(w)], 0)}

    def _words_near(self, start: int, end: int) -> set[str]:
        """The folded words of a name and the few before it on its line, up to a full stop."""
        line_start = self.text.line_starts[self.text.line_of(start)]
        lead = self.body[max(line_start, start - 40):start]
        stop = max((m.end() - 1 for m in _STOP.finditer(lead)
                    if not self.data.honorifics.match([fold(m.group(1))], 0)), default=-1)   # not "Dr. "
        lead = lead[max(stop, lead.rfind("“"), lead.rfind("«"), lead.rfind('"')) + 1:]
        return {unelided(self.data, w) for w in _ROLE_WORD.findall(lead + self.body[start:end])[-6:]}

    # -- gender -------------------------------------------------------------------------------------------
    def _marked_instead(self, best: Mention, n: int, pos: int, gender: str) -> Mention:
        """A salient person of line ``n`` before ``pos`` whom the article marks as of ``gender``, in place
        of ``best``, whose gender it does not mark ("Die Ministerin Eva Roth traf Karl Brenner. „…“, sagte
        sie": Eva Roth); else ``best``."""
        for m in reversed([m for m in self.mentions(n) if m.end <= pos and m.salient and m is not best]):
            if self.genders.known(m) and self.genders.agrees(m, gender):
                return m
        return best
