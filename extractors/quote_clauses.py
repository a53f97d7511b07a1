"""Who a clause says spoke: the subject next to a reporting verb, or in a clause whose verb the data lacks.

The cues of :mod:`extractors.quote_sources` find a reporting verb, a colon or an "according to"; this reads
the words around it as a :class:`extractors.quote_subjects.Subject`: a name, a pronoun, a role, or a noun
phrase that names no person ("a spokesperson", "the company", "die Staatsanwaltschaft"). It knows the
frames where the subject is not where a subject usually stands: the object of a verb of quoting ("zitiert X
mit den Worten"), a verb with no person as its subject ("hieß es in einer Mitteilung"), a clause joined by a
conjunction, the lead-in of a colon whose verb no list has (verb-second order where nouns are capitalised, a
pronoun after a fronted phrase, a vox-pop label). It makes no attribution: that is
:mod:`extractors.quote_attribution`'s step.
"""
from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Iterator, Sequence

import regex

from extractors.quote_lang import Item, first_letter, fold, has_digit
from extractors.quote_names import lowercase_words
from extractors.quote_morph import adverb
from extractors.quote_nouns import age_noun, person_noun
from extractors.quote_people import People
from extractors.quote_phrases import SourcePhrases
from extractors.quote_subjects import FIRST, LINKED, NAME, OTHER, PRONOUN, ROLE, SOURCE, Reader, Subject, title_at
from extractors.quote_text import ArticleText
from extractors.quote_verb_subjects import verb_subjects


class Clauses:
    """The subjects of one article's clauses, read with its name reader and the people it names."""

    def __init__(self, text: ArticleText, reader: Reader, people: People):
        self.text, self.reader, self.people = text, reader, people
        self.phrases = SourcePhrases(reader)
        self.body, self.data, self.limits = text.body, text.data, text.data.limits

    def quoted_object(self, before: list[Item], vi: int, vj: int, sa: Subject) -> Subject | None:
        """For a verb whose object is the one quoted ("Die Agentur zitiert Karl Brenner mit den Worten:",
        "the paper quoted Ana Lima as saying"), that object: a name after the verb, else a source phrase
        ("zitiert eine Anwohnerin"); None for other verbs or without an object."""
        keys = [it.key for it in before[vi:vj]]
        if not self.data.quoting_verbs or self.data.quoting_verbs.match(keys, 0) != len(keys):
            return None
        if sa.kind == NAME:
            return sa
        rest = list(before[vj:])
        determiners = self.data.articles
        while rest and rest[0].word and rest[0].key not in determiners \
                and (rest[0].key in self.data.stop_words or rest[0].key in self.data.prepositions):
            rest = rest[1:]                 # "zitiert dazu Karl Brenner", "cita a Karl Brenner"
        obj = self.reader.after.after_verb(rest)
        if obj.kind != NAME:
            obj = self.source_after(rest)
        if obj.kind in (NAME, SOURCE):
            return obj
        # no object: the passive, whose subject is the one quoted ("X wird … wie folgt zitiert:")
        words = [it for it in before[:vi] if it.word]
        first = self.reader.clause.name_after_auxiliary(words) or self.reader.parse(words, cover=False)
        return first if first.kind == NAME else None

    def impersonal_source(self, verb: Sequence[str], before_verb: Sequence[Item],
                          after_verb: Sequence[Item]) -> Subject | None:
        """For a verb no person is the subject of ("hieß es", "говорится", "заявили"), the source phrase
        after the first preposition next to it: after the verb ("hieß es in einer Stellungnahme des Verbands",
        "заявили в мэрии"), else just before it ("In der Mitteilung heißt es: …"); None for other verbs."""
        d = self.data
        if not verb:
            return None
        if d.impersonal.match(verb, 0) != len(verb):
            pronoun = after_verb[0].key if after_verb and after_verb[0].word else ""
            if not pronoun or d.impersonal.match([*verb, pronoun], 0) != len(verb) + 1:
                return None
            verb, after_verb = [*verb, pronoun], after_verb[1:]     # "ajoute-t-on dans une lettre"
        clause: list[Item] = []
        for it in reversed(before_verb):
            if not it.word:
                break
            clause.insert(0, it)
        if len(verb) == 1 and clause and clause[0].key not in d.prepositions:
            return None                     # "Депутаты заявили …": a plural subject of its own
        where = None
        for part, front in ((list(after_verb[:3]), False), (list(before_verb[-6:]), True)):
            for i, it in enumerate(part):
                if not it.word:
                    break
                if it.key in d.prepositions:
                    words = [w for w in (before_verb[len(before_verb) - len(part) + i + 1:] if front
                                         else after_verb[i + 1:i + 8]) if w.word]
                    s = (self._document_author(words) or self.phrases.source_phrase(words, before_verb=False)) \
                        if words else None
                    if (s is None or s.kind != SOURCE) and not front:
                        where = self._where_said(after_verb[i + 1:i + 8])
                    if s is not None and s.kind == SOURCE:
                        issuer = self.people.organisations.document_issuer(s)     # "lê-se na nota": whose note
                        return s if issuer is None else Subject(SOURCE, *issuer, source_kind="organisation")
                    break
        return where

    def _where_said(self, items: Sequence[Item]) -> Subject | None:
        """The phrase after the preposition that follows a verb no person is the subject of, as written, up to
        the punctuation ending it ("сообщили в пресс-службе мэрии"): the body that spoke. Only where
        there are no definite articles: elsewhere a body's noun phrase opens with one, which the source phrase
        reader reads ("in der Pressestelle"), and what it declines is no body ("di essere pronta", "in ihrer
        Erklärung")."""
        words = list(itertools.takewhile(lambda it: it.word, items))
        if self.data.definites or not words or not any(len(w.key) > 3 for w in words) \
                or any(has_digit(w.key) or w.key in self.data.time_nouns for w in words):
            return None                         # "hieß es am Abend": when, not where
        return Subject(SOURCE, words[0].start, words[-1].end, source_kind="organisation")

    def _document_author(self, words: Sequence[Item]) -> Subject | None:
        """The source a document noun names by its complement ("una nota dell'ente", "un comunicado del
        sindicato", "eine Erklärung des Vereins"): the phrase after the preposition that follows the noun (or,
        where nouns are capitalised, the genitive after it), when a noun of organisations heads it: the
        organisation named before."""
        d = self.data
        j = next((j for j, w in enumerate(words[:3]) if w.key in d.documents), None)
        if j is None or j + 2 >= len(words):
            return None
        if words[j + 1].key in d.prepositions:
            s = self.phrases.source_phrase(words[j + 2:], before_verb=False)
        elif d.nouns_capitalised and words[j + 1].key in d.articles:
            s = self.phrases.source_phrase(words[j + 1:], before_verb=False)    # "einer Erklärung des Vereins"
        else:
            return None
        head = fold(self.body[s.start:s.end].split()[-1]) if s.kind == SOURCE else ""
        if head not in d.organisation_nouns:
            return None                     # an organisation's own name stays the document's source as written
        if words[j + 1].key in d.prepositions and (words[j + 1].end == words[j + 2].start
                                                   or words[j + 1].key in d.definites | d.contractions):
            s = replace(s, start=words[j + 1].start)       # "dell'ente", "della società": the article in it
        return s

    def label(self, lead: Sequence[Item]) -> Subject:
        """The name a vox-pop label opens with, its age and what the person does after it and no verb
        ("Lena Voss (31), Erzieherin", "Ana Gil, 34, enfermera"); OTHER for anything else."""
        parts = self.reader.clause.cut(lead)
        if not parts or len(parts) > 3 or any(len(words) > 4 for words, _ in parts) or self.text.verbs_in(lead):
            return Subject(OTHER)
        name = [w for w in parts[0][0] if not has_digit(w.text)]
        if len(name) < 2 or len(parts) == 1 and len(name) == len(parts[0][0]):
            return Subject(OTHER)           # a bare name before a colon is read as such already
        return self.reader.parse(name, cover=True)

    def lead_in_subject(self, lead: Sequence[Item]) -> Subject:
        """The subject of a clause whose verb the data does not list: the name after ", so", a name opening
        the clause, or, where nouns are capitalised, the subject around its finite verb."""
        lead = self._past_timestamp(lead)
        for found in (self.whose_words(lead), self._so_named(lead), self._opening_name(lead),
                      self._name_after_description(lead), self._name_after_fronted(lead), self._inverted_subject(lead)):
            if found is not None:
                return found
        if self.data.nouns_capitalised:
            return self._verb_second_subject(lead)
        return self._opening_role(lead) or self._fronted_pronoun(lead)

    def someone_opening(self, lead: Sequence[Item]) -> Subject | None:
        """An indefinite person opening the clause or a part of it after a fronted phrase ("Ein Kellner
        vor dem Café, der …, winkte ab:", "Devant la mairie, une passante s'agaçait :"): someone
        unnamed, as the phrase writes them."""
        for part in self.reader.clause.segments(lead)[:2]:
            if len(part) >= 2 and part[0].key in self.data.indefinites:
                s = self.phrases.source_phrase(part, before_verb=False)
                head = self.body[s.start:s.end].split()[-1] if s.kind == SOURCE else ""
                return s if len(head) > 1 and person_noun(self.data, head) else None
        return None

    def _past_timestamp(self, lead: Sequence[Item]) -> Sequence[Item]:
        """The lead-in past a live ticker's time and the dash after it ("**ore 9.40** – Morandotti riprende
        la parola:", "10:32 — …")."""
        dash = next((k for k, it in enumerate(lead[:8]) if not it.word and it.key in self.data.dashes), None)
        if dash and any(has_digit(it.text) for it in lead[:dash]):
            return lead[dash + 1:]
        return lead

    def _fronted_pronoun(self, lead: Sequence[Item]) -> Subject:
        """The subject pronoun after a phrase put before it ("In her speech she thanked the volunteers:"): the
        first pronoun of the clause, not after a preposition, a lowercase word (its verb) after it."""
        d = self.data
        k = next((k for k, it in enumerate(lead) if it.word and it.key in d.pronouns), None)
        if k is None or k == 0 or k + 1 >= len(lead) or lead[k - 1].key in d.prepositions \
                or not lead[k + 1].word or not first_letter(lead[k + 1].text).islower():
            return Subject(OTHER)
        return Subject(PRONOUN, lead[k].start, lead[k].end)

    def _name_after_fronted(self, lead: Sequence[Item]) -> Subject | None:
        """The name opening the clause after a phrase fronted before it and closed by a comma, which a
        preposition, an adverb, a reporting verb's participle or a word the article also writes in lowercase
        opens ("En su despedida, Ruiz lo dijo así:", "Asked about the cost, Lee …")."""
        d = self.data
        if not lead or not lead[0].word:
            return None
        comma = next((k for k, it in enumerate(lead[:12]) if not it.word and it.key in d.commas), None)
        s = self._opening_name(lead[comma + 1:]) if comma is not None else None
        if s is None or lead[0].key in d.prepositions | d.stop_words or d.verbs.match([lead[0].key], 0) \
                or lead[0].text.lower() in lowercase_words(self.body):
            return s                        # "Asked whether …, Ruiz …"
        full = self.people.fullest(s.start, s.end)
        return s if s.single and full != (s.start, s.end) else None     # "Interrogée sur …, Roy …": a surname

    def _inverted_subject(self, lead: Sequence[Item]) -> Subject | None:
        """Where the finite verb comes second and nouns are lowercase, the subject right after the verb that
        follows a fronted phrase ("Bij de start sprak burgemeester Ans Lima de gasten toe", "Na afloop was de
        trainer opgelucht"): a vouched name past its title, or a definite role. The verb is the first lowercase
        word (no function word, an auxiliary allowed) within the clause's first eight words that such a subject
        follows; nothing tells it from a noun but that."""
        return None if self.data.nouns_capitalised else self.inverted_subject(lead)

    def inverted_subject(self, lead: Sequence[Item]) -> Subject | None:
        """Where the finite verb comes second, the subject right after the verb that follows a fronted phrase
        (see :meth:`_inverted_subject`; here also where nouns are capitalised: "Nach dem Spiel gab Trainerin Ana
        Lima jedem die Hand und sagte:", a clause that a conjunction joins to the reporting verb)."""
        d = self.data
        if not (d.verb_second or d.nouns_capitalised) or not lead or not lead[0].word \
                or lead[0].key not in d.prepositions | d.adverbs:
            return None
        words = [it for it in lead[:12] if it.word]
        function_words = d.articles | d.prepositions | d.possessives | d.conjunctions | d.complementizers \
            if d.nouns_capitalised else d.stop_words - d.inverting_auxiliaries   # German lists "gab" as a stop word
        for k in range(1, min(len(words) - 1, 8)):
            if not first_letter(words[k].text).islower() or words[k].key in function_words:
                continue
            s = self.reader.parse(words[k + 1:k + 7], cover=False)
            if s.kind == ROLE and s.start == words[k + 1].start and words[k + 1].key in d.definites:
                n = title_at(d, [w.key for w in words[k + 2:k + 6]], 0)
                if n:                       # "… was de trainer opgelucht": the article and the title alone
                    return replace(s, end=words[k + 1 + n].end)
            t = k + 1 + self.reader.title_phrase_end(words[k + 1:k + 7])       # past "burgemeester"
            if s.kind == NAME and t < len(words) and s.start == words[t].start and self._personal(s):
                return s
        return None

    def _name_after_description(self, lead: Sequence[Item]) -> Subject | None:
        """The name set off by commas after a description opening the clause with an article or a possessive,
        a lowercase word (its verb) after it ("O antigo aluno, Rui Costa, recorda-a", "His old friend, Ann Lee,
        remembers"): who the description is. Not after an organisation's noun ("Le club, Étoile Bleue, annonce")."""
        d = self.data
        commas = [k for k, it in enumerate(lead) if not it.word and it.key in d.commas][:2]
        if len(commas) < 2 or lead[0].key not in d.definites | d.possessives or commas[1] + 1 >= len(lead):
            return None
        description = [it for it in lead[:commas[0]] if it.word]
        verb = lead[commas[1] + 1]
        if not 2 <= len(description) <= 8 or any(w.key in d.organisation_nouns for w in description) \
                or (not d.nouns_capitalised and any(first_letter(w.text).isupper() for w in description[1:])) \
                or not verb.word or not first_letter(verb.text).islower():
            return None
        s = self.reader.parse(lead[commas[0] + 1:commas[1]], cover=True)
        return s if s.kind == NAME else None

    def _opening_role(self, lead: Sequence[Item]) -> Subject | None:
        """A definite role opening the clause or its last part after a comma, its verb (a lowercase word)
        right after it ("Le maire a nuancé :", "Sur les coûts, le maire a éludé :"), a relative's noun ("la
        hija") or an age's ("el sexagenario"): the role, which points back to the one who holds it."""
        comma = max((k for k, it in enumerate(lead) if not it.word and it.key in self.data.commas), default=-1)
        words = [it for it in lead[comma + 1:] if it.word]        # "Sul bilancio, il sindaco ha glissato:"
        if len(words) < 3 or words[0].key not in self.data.definites:
            return None
        s = self.reader.parse(words[:6], cover=False)
        if s.kind != ROLE and (words[1].key in self.data.kin_nouns or age_noun(self.data, words[1].key)):
            s = Subject(ROLE, words[0].start, words[1].end)    # "La hija prefiere otra palabra:": a relative;
                                                                # "El sexagenario agradeció:": someone's age
        k = next((k for k, w in enumerate(words) if w.start >= s.end), None)
        if s.kind != ROLE or k is None or not first_letter(words[k].text).islower():
            return None
        return s

    def whose_words(self, lead: Sequence[Item]) -> Subject | None:
        """The person a possessive names before a noun for what was said, alone before the colon ("Lee's
        answer:", "Haldenwangs Antwort:"): a surname of someone the article names in full."""
        words = [it for it in lead if it.word]
        if len(words) != 2 or words[1].key not in self.data.speech_nouns:
            return None
        w = words[0]
        cut = next((len(e) for e in ("'s", "’s", "s", "'", "’") if w.text.endswith(e)), 0)
        start, end = w.start, w.end - cut
        if not cut or end - start < 2 or self.people.fullest(start, end) == (start, end):
            return None
        return Subject(NAME, start, end, single=True)

    def _so_named(self, lead: Sequence[Item]) -> Subject | None:
        """The name after ", so" in the lead-in ("…, so Karl Brenner weiter: „…“")."""
        keys = [it.key for it in lead]
        for k in range(1, len(lead) - 1):
            n = self.data.according_to_after.match(keys, k) if lead[k - 1].key in self.data.commas else 0
            if n:
                s = self.reader.after.after_verb(lead[k + n:])
                if s.kind == NAME:
                    return s
        return None

    def _opening_name(self, lead: Sequence[Item]) -> Subject | None:
        """A pronoun or a person's name opening the clause (after a title or an article at most), a lowercase
        word or punctuation after it: not after "As", "When"; a headline's capitalised words are no name."""
        words = [it for it in lead if it.word]
        s = self.reader.parse(words[:8], cover=False)      # "O arquitecto paisagista Rui Tavares Quintão"
        k = next((k for k, it in enumerate(lead) if it.start >= s.end), None)
        if s.kind not in (NAME, PRONOUN) or k is None or (lead[k].word and not first_letter(lead[k].text).islower()):
            return None
        if s.start == words[0].start and words[0].key in self.data.prepositions - self.data.particles:
            return None                     # "Côté Vaudrémont, le capitaine …": a fronted phrase, no name
        leading = self.data.stop_words - self.data.definites - self.data.indefinites
        if not self.reader.title_phrase_end(words) and any(w.key in leading for w in words if w.start < s.start):
            return None                     # "As Ann Lee …"; not "Mon fils Hugo …", a title phrase
        return s if s.kind == PRONOUN or self._personal(s) else None

    def _verb_second_subject(self, lead: Sequence[Item]) -> Subject:
        """Where nouns are capitalised, the subject before or after the clause's finite verb, the first
        lowercase word that is no function word and no adjective before a noun ("Die Gutachter des Landes
        werfen der Stadt vor", "In ihrer Rede begründete die Dezernentin …", "… hatte Ewald Trenkle in …")."""
        v = fronted = self._after_fronted_clause(lead)
        if v is None:
            v = next((k for k in range(1, len(lead)) if self._finite_verb_like(lead, k)), None)
        if v is None:
            return Subject(OTHER)
        after = lead[v + 1:]
        cut = next((k for k in range(1, len(after)) if after[k].key in self.data.prepositions), len(after))
        sa = self.reader.after.after_verb(after[:cut])
        if fronted is not None:
            return sa if sa.kind in LINKED else self.source_next_to([], after)
        sb = self.reader.clause.before_verb(lead[:v])
        found = next((x for x in (sb, sa) if x.kind in LINKED), None)
        return found or self.source_next_to(lead[:v], after)

    def _after_fronted_clause(self, lead: Sequence[Item]) -> int | None:
        """The main clause's finite verb right after the comma closing a fronted subordinate clause ("Um Geld zu
        sparen, plant Ott …"): the clause's own words ("zu sparen") are no finite verb of the sentence."""
        if not lead or lead[0].key not in self.data.subordinators:
            return None
        comma = next((k for k, it in enumerate(lead) if not it.word and it.key in self.data.commas), None)
        if comma is None or comma + 2 >= len(lead) or not self._finite_verb_like(lead[:comma + 2], comma + 1):
            return None             # (the verb's own word, whatever comes after it: "will Ott …")
        return comma + 1

    def _finite_verb_like(self, lead: Sequence[Item], k: int) -> bool:
        """Where nouns are capitalised, whether ``lead[k]`` reads as a clause's finite verb: a lowercase word
        that is no article, preposition or conjunction, and no adjective (a capitalised noun follows those)."""
        d, it = self.data, lead[k]
        if not it.word or not first_letter(it.text).islower():
            return False
        if it.key in d.articles | d.prepositions | d.possessives or it.key in d.conjunctions \
                or it.key in d.contractions or it.key in d.complementizers:
            return False
        nxt = lead[k + 1] if k + 1 < len(lead) else None
        return nxt is None or not first_letter(nxt.text).isupper()

    def name_then_predicate(self, words: Sequence[Item], full_sentence: bool = False) -> Subject:
        """The name opening a short clause whose verb the data does not list: a named subject and at
        most ``predicate_max_words`` words, none of them capitalised (no second name). Without a verb
        to vouch for it, the name must be a person's: after a title ("Ihr Kollege Thomas Müller"), a PER
        entity, or a speaker already ("Chapter Four begins:" is nobody). In verb-first languages the
        verb would stand before the name: nothing."""
        limit = int(self.limits["predicate_max_words"]) * (2 if full_sentence else 1)
        if self.data.verb_first or not words:
            return Subject(OTHER)
        s = self.reader.parse(words, cover=False)
        rest = [it for it in words if it.start >= s.end]
        if s.kind != NAME or not rest or len(rest) > limit \
                or not all(self._predicate_word(rest, k) for k in range(len(rest))):
            return Subject(OTHER)
        return s if self._personal(s, full_sentence and len(rest) >= 2) else Subject(OTHER)

    def _personal(self, s: Subject, by_surname: bool = True) -> bool:
        """Whether the name ``s``, with no listed verb to vouch for it, is a person's: after a title ("Ihr
        Kollege Thomas Müller"), a PER entity, a speaker already, (``by_surname``) written elsewhere by
        its last word alone ("Chapter Four begins:", "New York has a new slogan:" are nobody), or one word
        the article gave before as the last or the first of a person's full name."""
        words = self.body[s.start:s.end].split()
        return s.titled or self.reader.is_person(s.start, s.end) or self.people.is_speaker(words[-1]) \
            or (by_surname and self._surname_alone_elsewhere(s)) \
            or (len(words) == 1 and (self.people.fullest(s.start, s.end) != (s.start, s.end)   # a surname
                                     or self.people.given_name(s.start, s.end)))                # a given name

    def _surname_alone_elsewhere(self, s: Subject) -> bool:
        """Whether the article also writes the last word of the name ``s`` (two words or more) without
        the rest: as people are referred to, unlike places ("New York has a new slogan:")."""
        words = self.body[s.start:s.end].split()
        if len(words) < 2:
            return False
        alone = regex.findall(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(words[-1])}(?![\p{{L}}\p{{M}}])", self.body)
        return len(alone) > self.body.count(" ".join(words))

    def _predicate_word(self, rest: Sequence[Item], k: int) -> bool:
        """A word of a short predicate: lowercase, or where nouns are capitalised a noun after a lowercase
        word ("bekannte sich erneut zum Dialog"), never two capitalised words in a row (a second name)."""
        if rest[k].text[0].islower():
            return True
        return self.data.nouns_capitalised and k > 0 and rest[k - 1].text[0].islower() \
            and (k + 1 == len(rest) or rest[k + 1].text[0].islower())

    def verb_sources(self, sentence: Sequence[Item], sources: bool = False,
                     quoted_at: int | None = None) -> Iterator[tuple[Subject, str, int]]:
        """(subject, verb as written, verb offset) of each reporting verb of a sentence, outside quotations;
        with ``sources``, a noun phrase that names no person counts as a subject too, and so does the noun
        before a relative that opens the verb's clause before ``quoted_at`` (the quotation's offset)."""
        for v in verb_subjects(self.text, self.reader, sentence):
            s = v.subject
            impersonal = self.impersonal_source([fold(w) for w in v.verb.split()], v.before, v.after) \
                if sources else None
            if impersonal is not None:
                s = impersonal
            elif sources and (s.kind == OTHER or (s.kind in (PRONOUN, FIRST) and s.start > v.at)) and quoted_at is not None \
                    and (relative := self.relative_source(v.before, quoted_at)) is not None:
                s = relative                    # "…, which called it “…”": "it" is the object
            elif sources and s.kind == OTHER:
                s = self.source_next_to(v.before, v.after)
            yield s, v.verb, v.at

    def source_next_to(self, before_verb: Sequence[Item], after_verb: Sequence[Item]) -> Subject:
        """A source named by a noun phrase rather than a person's name, in the clause part just before the
        verb ("a spokesperson said", "“…,” Norvale Power said") or else just after it ("said the veteran
        goalkeeper"); OTHER when neither reads as one."""
        cut = self.reader.clause.cut(before_verb)
        if all(it.key in self.data.auxiliaries for it in before_verb if it.word):
            cut = []                            # "« … », a confié l'adolescent": the participle's auxiliary only
        if self._set_off_verb(cut, before_verb, after_verb):
            return Subject(OTHER)
        if self.data.nouns_capitalised and cut and before_verb and not before_verb[-1].word \
                and before_verb[-1].key in self.data.commas and first_letter(cut[-1][0][-1].text).islower() \
                and any(w.key in self.data.reported_mood for w in cut[-1][0]):
            return self.source_after(after_verb)    # "Das Tier habe …, teilte das Ministerium mit": what was
                                                    # said comes first, in the mood of reported speech, the
                                                    # subject after the reporting verb (not "Ott stimmte zu,
                                                    # nannte den Plan aber …", nor "Ein Kind, dem …, schrieb")
        if cut:
            if len(cut) > 1 and cut[-2][1] in self.data.enumeration:
                return Subject(OTHER)           # "王明、李华表示": an item of an enumeration
            words = [w for w in cut[-1][0] if w.word]
            if len(cut) > 1 and words and not self.data.nouns_capitalised and self._adverbial(words):
                cut = cut[:-1]                  # "Una vecina, a la salida, dijo": the phrase set off before it
                words = [w for w in cut[-1][0] if w.word]
            s = self.phrases.source_phrase(cut[-1][0], before_verb=True)
            lone_opener = self.data.nouns_capitalised and len(words) == 1 and words[0].opener
            fronted = self.data.nouns_capitalised and bool(words) and words[0].key in self.data.prepositions
            manner = len(words) == 1 and adverb(words[0].text, self.data)     # "— тихо сказала …"
            if not ((lone_opener or fronted or manner) and s.kind in (SOURCE, OTHER)):
                return s
            # "Zur Erklärung sagte eine Forscherin": a fronted phrase, the subject after the verb
            # "Tatsächlich spricht ein Sprecher …": one word opening a verb-second sentence is no subject either
            s_after = self.source_after(after_verb)
            return s_after if s_after.kind != OTHER else s
        return self.source_after(after_verb)

    def relative_source(self, before_verb: Sequence[Item], quoted_at: int) -> Subject | None:
        """For a reporting verb whose clause a subject relative opens after a comma, before the quotation at
        ``quoted_at`` ("…, der die Maßnahme als „…“ sieht", "…, which called it “…”"), who the relative means
        (:meth:`antecedent`, the words between that comma and the punctuation before it); None for any other
        verb ("the contest «…» and the comedian, who promises …": the quotation is no part of that clause)."""
        marks = [k for k, it in enumerate(before_verb) if not it.word]
        if not marks or before_verb[marks[-1]].key not in self.data.commas:
            return None
        c = marks[-1]
        clause = before_verb[c + 1:]
        if not clause or clause[0].start > quoted_at or not self._opens_subject_relative(clause):
            return None
        lo = marks[-2] if len(marks) > 1 else -1
        s = self.antecedent(before_verb[lo + 1:c])
        return s if s.kind != OTHER else None

    def antecedent(self, head: Sequence[Item]) -> Subject:
        """Who a subject relative after ``head`` (the clause part before its comma) means: an organisation after
        the last preposition ("Kritik kam vom Mieterbund Feldbach, der …", "from the Harwick Tenants Union,
        which …"), else a name ending it ("Kritiek kwam van advocate Sanne Kuipers, die …"); OTHER when neither
        (an apposition between them: "Ana Lima, infirmière, qui …" is read by the clause's other rules)."""
        d = self.data
        mark = max((k for k, it in enumerate(head) if not it.word), default=-1)
        words = list(head[mark + 1:])
        phrase, k = Subject(OTHER), -1          # the phrase after the last preposition, which starts at k + 1
        for k in (i for i, w in enumerate(words[:-1]) if w.key in d.prepositions or w.key in d.contractions):
            phrase = self.phrases.source_phrase(words[k + 1:], before_verb=True)
            if phrase.kind == SOURCE and phrase.source_kind == "organisation":
                return phrase                   # the first that is one: "de l'association Nageurs du Causse"
            if words[k + 1].key in d.organisation_nouns and len(words) > k + 2 \
                    and all(first_letter(w.text).isupper() for w in words[k + 2:]):
                return Subject(SOURCE, words[k + 1].start, words[-1].end, source_kind="organisation")
                                                # "del sindicato Unión Portuaria": its article in the preposition
        name = Subject(OTHER)
        for a in range(max(0, len(words) - 6), len(words)):
            name = self.reader.parse(words[a:], cover=True)
            if name.kind == NAME:
                break
        if name.kind == NAME and not name.single:
            return name
        if phrase.kind == SOURCE and (words[k + 1].key in d.articles
                                      or any(first_letter(w.text).isupper() for w in words[k + 1:])):
            return phrase                       # "vom Bund der Steuerzahler", "van de huurdersvereniging Oostwijk";
        return name if name.kind == NAME else Subject(OTHER)    # not "kinésithérapeute à domicile"

    def _opens_subject_relative(self, words: Sequence[Item]) -> bool:
        """Whether a clause part before its verb opens with a relative that is the verb's subject and holds no
        other subject ("which", "qui", "der die Maßnahme als"; not "der Verband", an article and its noun where
        articles double as relatives, nor "die er …" with a subject of its own, nor a copula's passive)."""
        d = self.data
        n = d.subject_relatives.match([w.key for w in words[:3]], 0)
        if not n:
            return False
        rest = words[n:]
        if d.nouns_capitalised and rest and first_letter(rest[0].text).isupper():
            return False
        return not any(w.key in d.pronouns or w.key in d.first_person or w.key in d.copulas for w in rest)
                                                # "the plan, which was described as “…”": a passive

    def _set_off_verb(self, cut: list[tuple[list[Item], str]], before_verb: Sequence[Item],
                      after_verb: Sequence[Item]) -> bool:
        """Where subjects drop, whether the verb stands alone between commas after one noun phrase (no article
        right before the verb): "La obra, dice, «…»" has no subject of its own, the phrase is what the quotation
        is about."""
        commas = self.data.commas
        return self.data.pro_drop and len(cut) == 1 and bool(before_verb) and before_verb[-1].key in commas \
            and bool(after_verb) and after_verb[0].key in commas and cut[0][0][-1].key not in self.data.articles

    def _adverbial(self, words: Sequence[Item]) -> bool:
        """Whether a short phrase opens with a preposition and names no one ("all'uscita", "a la salida", "au
        tribunal"): where it stands, not who (not a relative clause: "no barco a que chamou")."""
        d = self.data
        return len(words) <= 4 and (words[0].key in d.prepositions or words[0].key in d.contractions) \
            and not any(first_letter(w.text).isupper() or w.key in d.complementizers for w in words[1:])

    def dropped_before(self, sentence: Sequence[Item], at: int) -> bool:
        """Whether the verb at ``at`` drops its subject: a language that drops them, and nothing before the
        verb in its sentence but clitics and adverbs ("Ci racconta …", "Nos cuenta …"; not "Un vecino, que …,
        contó": a subject before a relative clause)."""
        d = self.data
        if not d.pro_drop:
            return False
        lead: list[Item] = []
        for it in sentence:
            if it.start >= at:
                break
            lead = [] if not it.word and it.key in d.terminators else lead + [it]
        comma = next((k for k, it in enumerate(lead) if not it.word and it.key in d.commas), None)
        fronted = [it for it in lead[:comma] if it.word] if comma else []
        if fronted and self._adverbial(fronted):
            lead = lead[comma + 1:]         # past a phrase fronted before the verb: "Tras el juicio, dijo que …"
        return all(it.key in d.verb_clitics or it.key in d.adverbs
                   for it in lead if it.word)

    def source_after(self, after_verb: Sequence[Item]) -> Subject:
        """The source phrase right after the verb ("said the veteran goalkeeper"), unless it opens an
        enumeration of names."""
        head: list[Item] = []
        for it in after_verb:
            if not it.word and not it.inert:
                break
            head.append(it)
        rest = after_verb[len(head):len(head) + 12]
        if len(rest) > 1 and rest[0].key in self.data.commas and rest[1].text[:1].isupper() \
                and any(it.key in self.data.conjunctions for it in rest):
            return Subject(OTHER)               # "said Ann Lee, Tom Baker and Mary Jones"
        if not head or self.bare_word_after(head):
            return Subject(OTHER)               # "dice orgoglioso": a dropped subject, no phrase
        d = self.data
        if head[0].key not in d.prepositions or head[0].key in d.articles or d.nouns_capitalised:
            return self.phrases.source_phrase(head, before_verb=False)      # not Portuguese "a": an article
        for j in range(2, min(5, len(head))):           # "признался после матча форвард": an adverbial first
            if head[j - 1].key in d.articles | d.possessives | d.prepositions or head[j].key in d.possessives:
                continue                                # "nella sua nota": the phrase goes on
            later = self.phrases.source_phrase(head[j:], before_verb=False)
            if later.kind == SOURCE and later.source_kind in ("role", "unnamed"):
                return later
        return Subject(OTHER)                   # "ha detto nell'omelia": an adverbial, no subject

    def no_subject_after(self, after_verb: Sequence[Item]) -> bool:
        """Where subjects drop, whether the words after a verb hold no subject: an adjective or an adverb
        (:meth:`bare_word_after`), or an adverbial phrase no source phrase follows ("ha detto nell'omelia")."""
        d = self.data
        if not d.pro_drop or not after_verb:
            return False
        first = after_verb[0]
        return self.bare_word_after(after_verb[:2]) or (
            first.key in d.prepositions and first.key not in d.articles and self.source_after(after_verb).kind == OTHER)

    def bare_word_after(self, after_verb: Sequence[Item]) -> bool:
        """Whether a lowercase word that is no article, possessive, preposition or title follows the verb
        where subjects drop and nouns take articles ("dice orgoglioso", "respondió tajante"): an adjective
        or an adverb, not the subject."""
        d = self.data
        first = next((it for it in after_verb if it.word), None)
        return first is not None and d.pro_drop and bool(d.definites) and first_letter(first.text).islower() \
            and first.key not in d.articles | d.possessives | d.demonstratives | d.prepositions \
            and not title_at(d, [first.key], 0)

    def clause_subject(self, before: Sequence[Item]) -> Subject:
        """The speaker standing before the quotation in SOV order: "Ahmet Yılmaz, “…” dedi", "TÜSİAD
        Başkanı Orhan Turan ise “…” dedi" (without a comma, the words before must be wholly a name)."""
        if not before:
            return Subject(OTHER)
        if before[-1].word:
            s = self.reader.parse([it for it in before if it.word], cover=True)
            return s if s.kind == NAME else Subject(OTHER)
        return self.reader.clause.before_verb(before)
