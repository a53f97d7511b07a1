"""A quotation's source as a record, and the step that makes one from the subject a cue found.

Every cue (:mod:`extractors.quote_sources`, :mod:`extractors.quote_unlisted`, :mod:`extractors.quote_uncued`)
ends the same way: a subject read next to a reporting verb or frame becomes an :class:`Attribution` with the
confidence of its cue. A name stands as written (and the name index learns it); a source phrase ("a
spokesperson", "die Staatsanwaltschaft") stands as written, or as the person or organisation a definite one
points back to; a pronoun, role or dropped subject is resolved at once to the person it points back to
(:meth:`extractors.quote_people.People.antecedent_of`), and one that points to nobody is kept as unresolved,
so that a later cue that names someone can win.
"""
from __future__ import annotations

from dataclasses import dataclass

from extractors.quote_lang import fold
from extractors.quote_people import People
from extractors.quote_subjects import FIRST, NAME, PRODROP, PRONOUN, ROLE, SOURCE, NameIndex, Reader, Subject
from extractors.quote_text import ArticleText


@dataclass(frozen=True)
class Attribution:
    """A quotation's source, the output of this stage: the mention as written, its kind and cue, the
    confidence, and the person it resolves to (the pipeline then trims and completes that name)."""
    start: int                # the resolved speaker's span (-1, -1: a source no person stands behind)
    end: int
    cue: str
    confidence: float
    way: str = ""             # the confidence key of the cue: verb, according_to, dash, dash_line…
    kind: str = "person"      # of the mention: person | pronoun | role | organisation | unnamed
    mention: tuple[int, int] = (-1, -1)     # the source as written; (-1, -1) for a dropped subject
    cue_span: tuple[int, int] = (-1, -1)    # the reporting verb or frame word
    speaker: str | None = None              # set for sources no person stands behind: the mention as written

    @property
    def unresolved(self) -> bool:
        """A pronoun or dropped subject that points back to nobody, or a frame that names no source at all:
        any other cue that names someone wins."""
        return self.start < 0 and (self.kind == "pronoun" or (self.kind == "unnamed" and self.mention[0] < 0))


def unnamed(att: Attribution | None) -> bool:
    return att is None or att.unresolved


def named_first(*found: Attribution | None) -> Attribution | None:
    """The first attribution that names someone, else the first at all (a source whose person is unknown)."""
    return next((a for a in found if not unnamed(a)), next((a for a in found if a is not None), None))


class Attributor:
    """Turns a subject a cue found into an :class:`Attribution` with the confidence of the cue: a name
    stands (and the name index takes it in); a source phrase stands as written; a pronoun, role or
    dropped subject is resolved to the person it points back to."""

    def __init__(self, text: ArticleText, reader: Reader, names: NameIndex, people: People):
        self.reader, self.names, self.people = reader, names, people
        self.body, self.conf = text.body, text.data.confidence
        self.min_confidence = float(text.data.limits["min_confidence"])
        self.group_pronouns = text.data.group_pronouns

    def attribution(self, subject: Subject, cue: str, base: str, anchor: int, verb: str = "") -> Attribution | None:
        """``subject`` as the source, with the confidence of ``base`` (``anchor``: where the verb or
        phrase stands, which also orders the words of the cue); None if it names nobody."""
        cue_span = (anchor, anchor + len(verb)) if verb and self.body.startswith(verb, anchor) else (-1, -1)
        if subject.kind == NAME:
            return self._named(subject, cue, base, cue_span)
        if subject.kind == SOURCE:
            holder = self.people.description_holder(subject, after_verb=subject.start > anchor)
            if holder is not None:              # "Landrätin Ute Brandhorst … die Landrätin erklärte"
                return Attribution(holder.start, holder.end, f"role:{verb}", self.conf["role"], base, "role",
                                   (subject.start, subject.end), cue_span)
            kin = self.people.kin_of_last(subject)
            if kin is not None:                 # "—…—responde su hermana": the other of two sharing a surname
                return Attribution(kin.start, kin.end, f"role:{verb}", self.conf["role"], base, "role",
                                   (subject.start, subject.end), cue_span)
            organisation = self.people.organisations.before(subject)
            if organisation is not None:        # "Norvale Power announced … “…,” the company said"
                return Attribution(-1, -1, cue, self.conf[base] + self.conf["described_source"], base,
                                   "organisation", (subject.start, subject.end), cue_span,
                                   self.body[slice(*organisation)])
            return Attribution(-1, -1, cue, self.conf[base] + self.conf["described_source"], base,
                               subject.source_kind, (subject.start, subject.end), cue_span,
                               self.body[subject.start:subject.end])
        if self.is_group(subject):
            return self._group(subject, cue, base, verb, cue_span)
        if subject.kind not in (PRONOUN, ROLE, PRODROP):
            return None
        return self._resolved(subject, base, anchor, verb, cue_span)

    def unknown(self, cue: str, way: str, cue_span: tuple[int, int] = (-1, -1), at: int = -1) -> Attribution:
        """A frame that says someone spoke and names no one ("Darin heißt es:", a sentence naming nobody
        before a colon): the quotation stands, its speaker unknown, or the unnamed person opening the
        sentence before ``at`` ("Une cliente, venue …, raconte : « … »")."""
        unnamed_one = self.people.unnamed_before(at) if at >= 0 else None
        if unnamed_one is not None:
            return self._unnamed_one(unnamed_one, unnamed_one, cue, self.conf["unknown_source"], way, cue_span)
        return Attribution(-1, -1, cue, self.conf["unknown_source"], way, "unnamed", cue_span=cue_span)

    def _unnamed_one(self, span: tuple[int, int], mention: tuple[int, int], cue: str, confidence: float, way: str,
                     cue_span: tuple[int, int]) -> Attribution:
        """The unnamed person at ``span`` (:meth:`People.unnamed_before`) as the source, as written."""
        return Attribution(-1, -1, cue, confidence, way, "unnamed", mention, cue_span, self.body[slice(*span)])

    def is_group(self, subject: Subject) -> bool:
        """Whether ``subject`` is a pronoun for a group or an organisation ("they", "it")."""
        return subject.kind == FIRST and fold(self.body[subject.start:subject.end]) in self.group_pronouns

    def _group(self, subject: Subject, cue: str, base: str, verb: str, cue_span: tuple[int, int]) -> Attribution:
        """A pronoun for a group or an organisation ("they said", "it stated"): the organisation opening a
        sentence shortly before, else the quotation with its speaker unknown."""
        written = (subject.start, subject.end)
        organisation = self.people.organisations.nearest(subject.start, marked=True)
        if organisation is not None:
            return Attribution(-1, -1, cue, self.conf[base] + self.conf["described_source"], base,
                               "organisation", written, cue_span, self.body[slice(*organisation)])
        return self._unresolved(subject, base, verb, written, cue_span)

    def _named(self, subject: Subject, cue: str, base: str, cue_span: tuple[int, int]) -> Attribution:
        self.names.learn_name(subject)          # later, the surname alone is this person
        c = self.conf[base]
        if subject.single:
            c += self.conf["single_word_name"]
        if self.reader.is_person(subject.start, subject.end):
            c += self.conf["person_entity"]
        return Attribution(subject.start, subject.end, cue, c, base, "person", (subject.start, subject.end),
                           cue_span)

    def _resolved(self, subject: Subject, base: str, anchor: int, verb: str,
                  cue_span: tuple[int, int]) -> Attribution | None:
        """A pronoun, role or dropped subject as the person it points back to; a role no named person
        holds is the source as written ("the mayor said" with no mayor named before)."""
        conf = self.conf
        kind = "role" if subject.kind == ROLE else "pronoun"
        written = (subject.start, subject.end) if subject.kind != PRODROP else (-1, -1)
        found = self.people.antecedent_of(subject, anchor, verb)
        if found is None:
            if subject.kind == ROLE:
                return self._role_as_written(subject, base, verb, written, cue_span)
            return self._unresolved(subject, base, verb, written, cue_span, anchor)
        mention, distance = found
        words = self.body[subject.start:subject.end] if subject.kind != PRODROP else ""
        said = " ".join(dict.fromkeys(x for x in ((words, verb) if subject.start < anchor else (verb, words)) if x))
        if subject.kind == PRONOUN:
            cue, c = f"pronoun:{said}", conf["pronoun"]
        elif subject.kind == ROLE:
            cue, c = f"role:{said}", conf["role"]
        else:
            cue, c = f"pro-drop:{verb}", conf["pro_drop"]
        sole = self.people.only_person_before(mention, anchor)     # nobody else named yet: no one else to mean
        c += conf["antecedent_distance"] * distance \
            + (0 if mention.strong or mention.titled or sole else conf["weak_antecedent"])
        # a role noun points back within its own paragraph as surely to a name in passing ("… di Marco Fabbri.
        # «…», ha detto l'attaccante") as to one opening a sentence
        c += 0 if mention.salient or sole or (subject.kind == ROLE and distance == 0) else conf["weak_antecedent"]
        if c < self.min_confidence:         # too far back to vouch for: the quotation stands, its source as written
            if subject.kind == ROLE:
                return self._role_as_written(subject, base, verb, written, cue_span)
            return self._unresolved(subject, base, verb, written, cue_span)
        return Attribution(mention.start, mention.end, cue, min(c, conf[base]), base, kind, written, cue_span)

    def _role_as_written(self, subject: Subject, base: str, verb: str, written: tuple[int, int],
                         cue_span: tuple[int, int]) -> Attribution:
        """A role no named person near enough holds: the source as written ("the mayor said")."""
        return Attribution(-1, -1, f"role:{verb}", self.conf["role"], base, "role", written, cue_span,
                           self.body[subject.start:subject.end])

    def _unresolved(self, subject: Subject, base: str, verb: str, written: tuple[int, int],
                    cue_span: tuple[int, int], anchor: int = -1) -> Attribution:
        """Someone said it, the article just does not let us say who: the quotation stands, its speaker
        unknown ("she said" after paragraphs that name nobody we can vouch for), or, with the verb's
        ``anchor``, the unnamed person opening the sentence before ("Un camarero limpia la barra.
        «…», admite.")."""
        conf = self.conf
        written_pronoun = subject.kind in (PRONOUN, FIRST)
        c = conf["pronoun" if written_pronoun else "pro_drop"] + conf["unresolved"]
        cue = f"{'pronoun' if written_pronoun else 'pro-drop'}:{verb}"
        if anchor >= 0 and subject.kind in (PRONOUN, PRODROP):
            where = subject.start if subject.kind == PRONOUN else anchor
            unnamed_one = self.people.unnamed_before(where, self.people.subject_gender(subject, verb))
            if unnamed_one is not None:     # the pronoun as written, else (a dropped subject) the person's words
                return self._unnamed_one(unnamed_one, written if written[0] >= 0 else unnamed_one, cue,
                                         min(c, conf[base]), base, cue_span)
        return Attribution(-1, -1, cue, min(c, conf[base]), base, "pronoun", written, cue_span)
