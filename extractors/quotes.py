"""Quotations in running prose, each with its source: the mention that says who, and the person it means.

A record (:class:`extractors.records.Quote`) carries the three stages: the quotation's span; the source
mention as written with its kind (person, pronoun, role, organisation, unnamed) and the cue that links
them; and the resolved ``speaker`` — the fullest form of the person's name the article gives
(:mod:`extractors.quote_names`; in the nominative where names inflect, :mod:`extractors.quote_morph`), or,
for a source no named person stands behind ("a spokesperson", "Norvale Power", "die Staatsanwaltschaft"),
that mention as written.

``extract_quotes(doc, skip)`` finds quotations (:mod:`extractors.quote_marks`: every quote mark of the
world's languages, nested quotations, quotations over several paragraphs, mismatched or missing closing
marks, all bounded; and, where the language writes dialogue so, paragraphs of speech opened by a dash, up to
the dash before their reporting clause: "— …, — сказал он. — …") and keeps those whose source the article gives. Offsets index ``doc.body``. This
module is the pipeline and the records; each stage has its own module: the text as the stages read it
(:mod:`extractors.quote_text`), the source (:mod:`extractors.quote_sources`: the cues around a quotation;
:mod:`extractors.quote_unlisted`: verbs the data does not list; :mod:`extractors.quote_bylines`;
:mod:`extractors.quote_uncued`: follow-on and partial quotations; :mod:`extractors.quote_next_sentence`: a
speaker named after the quotation; :mod:`extractors.quote_clauses`: the
subject next to a cue; :mod:`extractors.quote_phrases`: a source that is no name ("a spokesperson");
:mod:`extractors.quote_attribution`: the record it becomes), the people sources point
to (:mod:`extractors.quote_people`; who each line mentions: :mod:`extractors.quote_mentions`, with the reporting
verbs' subjects: :mod:`extractors.quote_verb_subjects`, and where a sentence's subject likely stands:
:mod:`extractors.quote_openers`; the full name a surname stands for: :mod:`extractors.quote_full_names`; the
genders the article marks for them: :mod:`extractors.quote_person_gender`), the organisation "the company"
means (:mod:`extractors.quote_organisations`), what a source phrase's words are (:mod:`extractors.quote_nouns`),
and the name reader they share (:mod:`extractors.quote_subjects`; the subject before a verb, among a clause's
parts: :mod:`extractors.quote_clause_subjects`; after a verb or "according to": :mod:`extractors.quote_subjects_after`).

Attribution (:mod:`extractors.quote_sources`) reads a quotation's surroundings with spaCy
(:mod:`extractors.quote_lang`: sentences, abbreviations, PER entities where a trained pipeline is
installed) and the language's data file (reporting verbs, "according to" phrases, pronouns, titles). In
order, the first that applies wins:

1. after the closing mark, in the same sentence (cue ``verb-after:…``): a reporting verb with its subject
   between mark and verb (``“…”, Maria disse``), after the verb (``“…”, disse a pesquisadora Ana Tavares``,
   ``«…», — советовала Трейси Уоллес``), or — in SOV languages — before the quotation
   (``Ahmet Yılmaz, “…” dedi``); an "according to" phrase (``“…”, segundo ele``, ``„…“, so Müller``);
   a dash and a name (``“…” -Commissioner X``, cue ``dash``);
2. before the opening mark (``verb-before:…``): a reporting verb linked to the quotation by a colon,
   comma, dash or complementizer, at most ``verb_gap_words`` words away (``X said: “…”``,
   ``او در نوامبر2020 به موسسه ما گفت: «…»``); ``according-to``; a bare ``Name: “…”`` (``name-colon``);
   a sentence whose subject is a named person, ending with a colon (``subject-colon``, less confident:
   "El director general, Juan Pérez, fue más cauto:", or a titled name and a verb the data does not list);
3. a quotation opening its line followed by a line ``— Name`` without handle, date or quote marks
   (``dash-line``); also a line without quote marks ending its sentence, when the byline's dash is a
   true dash (— – ―: a hyphen opens list items far more often). A line beside which another line opens
   with the same bullet is an item of a list, not a byline;
4. a quotation opening its sentence after a sentence whose reporting verb has a named subject
   (``Bill Matthias … explains how … «…»``, cue ``verb-previous-sentence:…``);
5. a quotation ending its sentence before one that points back to it and names who said it
   (``“…” That was how coach Ann Lee put it``, ``«…». Parole del sindaco Ada Neri.``, cue
   ``next-sentence:…``, :mod:`extractors.quote_next_sentence`), or standing alone in its paragraph before one
   that opens so (``C'est ce que résume X``);
6. a quotation closing its paragraph after a sentence of that paragraph whose subject is a named person,
   whatever its verb (``X ne cachait pas son agacement. « … »``, cue ``subject-sentence``).

In an interview (:mod:`extractors.quote_interviews`: questions in bold, behind a label or a dialogue dash,
answers unmarked) each paragraph of an answer is a record of the interviewee's (cue ``interview``).

A surname alone ("…», afirmó Ruiz") names the person the article gave in full before it ("la consultora
Marta Ruiz"): the speaker is that full name, unless two people the article names share the surname; a
first name alone likewise. Words around a name that are no part of it (a possessive place, a title or
role noun before it, a bracketed party after it) are trimmed at the end.

Where no name is the subject of the reporting verb, a short noun phrase next to it is the source
(``“…,” a spokesperson said``, ``said the veteran goalkeeper``, ``Norvale Power said``): kind ``unnamed``,
``role`` or ``organisation``, speaker as written. A quotation that goes on from an attributed one (the
next sentence holding only a quotation, or a follow-on paragraph that is only a quotation) has the same
source (cue ``continuation``), but for a line of dialogue after lines of two people, which is the first one's
turn again (cue ``turn``); one filling its paragraph with no cue anywhere near it is the saying of
the person the paragraph before is about, or of someone unknown (cue ``own-paragraph``). A partial
quotation inside a sentence whose reporting verb or "according to" phrase names a source (``She called the
plan “a gamble”``, ``nannte sie „blanker Unsinn“``) is kept with that source (cue ``partial:…``), unless it
reads as a name or title (one or two capitalised words, a web address).

A subject that is a pronoun (he, ele, او), a role after a definite article (the researcher) or, in
pro-drop languages, absent (``«…», añadió``; ``Ci ha detto nel novembre 2020: «…»`` — only adverbials
around the verb) points back to the nearest named person before it (:mod:`extractors.quote_people`),
across sentences and up to ``antecedent_paragraphs`` paragraphs: subjects of reporting verbs, names
after honorifics, PER entities, speakers already attributed, and (weaker) runs of capitalised words and
a speaker's surname alone, preferring those that open a sentence (after its title phrase: "O técnico
Dorival Júnior …"), and passing over people the article marks as of the other gender
(:mod:`extractors.quote_gender`). A definite role is the one person the article writes with that role
("Mayor Ann Lee … the mayor said"), never someone written with another title. A sentence in between opening with a definite noun phrase ("Die Kundin war
empört.") breaks the chain: the pronoun then likely means that unnamed one, and nothing is stored.

Names in scripts without capitals (Persian, Arabic, CJK…) are found by structure and data, not case:
the subject of a sentence whose verb reports speech is its first comma-separated part when that part
is wholly a name — two to four words that are no stop word, pronoun, role, verb or number — which an
appositive usually confirms ("داریوش کامرانی، مدیر عامل شرکت …، بیان می کند"); after a verb-first
reporting verb it is the words up to the next comma ("وقال أحمد محمد، …"); after an honorific one word
will do. An item of an enumeration ("支付宝、微信", "Ana Lima, Rui Costa e João Dias") is nobody's
subject. Details in :mod:`extractors.quote_subjects` and :mod:`extractors.quote_clause_subjects`.

Left out (precision first): quotations in ``skip`` spans and in markup (:func:`extractors.markup.non_prose_spans`
of the body: front matter, code, comments, tags — whose names are no antecedents either), quotations
with no source at all (first-person "I said"), enumerations of speakers (unless a colon sets off a whole
quoted sentence: kept, speaker None), and scare quotes and titles.
A quotation whose pronoun or dropped subject points back to nobody the article lets us name ("she said"
after a paragraph naming no one we can vouch for) is kept with that mention and no speaker (``speaker``
None), when its marks are well formed and no other cue names someone; so is a whole sentence quoted after a
sentence of its own ending with a colon, whatever its verb, whose subject names nobody (cue ``colon-sentence``);
so is one a reporting verb hands over to by speech punctuation, or stands right before, when its subject cannot be
read (cue ``verb-after`` / ``verb-before``: "«…», — рассказала жительница соседнего дома", "… but said “…”"); and
one after a label and a colon ("Verdict : « … »", cue ``label-colon``) takes the subject of the sentence before
if it opens with a name. A quotation of fewer than ``min_words_uncued`` words counts only when it fills its
clause and a reporting verb, "according to" or a dash names its speaker; one of at most
``term_max_words`` (in scripts without spaces, letters over the script's letters per word) only with a
reporting verb and set off by punctuation as speech is (``X said: “Yes.”``, not ``宣称「费用免除」``).
Pure: the only I/O is reading the packaged data files (and, if installed, a trained spaCy pipeline).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

import regex

from extractors.markup import merged, non_prose_spans
from extractors.quote_lang import LangData, fold, lang_data
from extractors.quote_marks import Quotation, find
from extractors.quote_morph import first_name
from extractors.quote_names import NICKNAME, Names, past_possessor, trim
from extractors.quote_people import People, name_runs
from extractors.quote_attribution import Attribution, Attributor
from extractors.quote_clauses import Clauses
from extractors.quote_interviews import Interview, find_interview
from extractors.quote_sources import Sources
from extractors.quote_subjects import NAME, NameIndex, Reader, Subject
from extractors.quote_text import ArticleText
from extractors.quote_uncued import Uncued
from extractors.records import Document, Quote


@dataclass(frozen=True)
class _Found:
    """An attributed quotation (or byline-attributed line) before its speaker's name is resolved."""
    start: int
    end: int
    text: str
    att: Attribution


def extract_quotes(doc: Document, skip: Sequence[tuple[int, int]] = ()) -> list[Quote]:
    """Attributed quotations of ``doc.body`` in order of appearance (seq from 1). ``skip``: spans of the
    body that are no prose (embedded tweets); the body's markup is left out without being given."""
    body = doc.body or ""
    data = lang_data(doc.lang)
    skip = merged([(max(0, s), min(len(body), e)) for s, e in skip if e > s] + non_prose_spans(body, doc.kind))
    text = ArticleText(body, data, skip, find(body, data, skip))
    people, sources, uncued = _stages(text)
    found = _attributed(text, sources, uncued, people) + [_Found(*f) for f in sources.bylined()]
    interview = find_interview(body, data, skip)
    if interview is not None:
        found = _with_answers(found, text, people, sources.attributor, interview)
    found.sort(key=lambda f: f.start)
    min_conf = float(data.limits["min_confidence"])
    kept = [f for f in found if f.att.confidence >= min_conf]
    names = Names(body, data) if kept else None        # most articles quote nobody: no name index for them
    return [_record(seq, body, f, _resolved(body, data, names, f.att), doc.lang) for seq, f in enumerate(kept, 1)]


def _stages(text: ArticleText) -> tuple[People, Sources, Uncued]:
    """The article's people, the finder of the sources its quotations' cues name, and of those no cue
    names, sharing one name reader; the index of name words the reader consults starts from the
    article's runs of capitalised words and grows with the names the stages accept."""
    runs = name_runs(text)
    names = NameIndex(text.data, (text.body[a:b].split() for a, b in runs))
    reader = Reader(text.data, names, text.persons)
    people = People(text, reader, names, runs)
    attributor, clauses = Attributor(text, reader, names, people), Clauses(text, reader, people)
    return people, Sources(text, reader, attributor, clauses), Uncued(text, reader, attributor, clauses)


def _attributed(text: ArticleText, sources: Sources, uncued: Uncued, people: People) -> list[_Found]:
    """The quotations outside skipped spans that have a source, in order; each person found speaking is
    one a later pronoun or surname may mean."""
    found: list[_Found] = []
    previous: tuple[Quotation, Attribution] | None = None
    turns: list[tuple[Quotation, Attribution]] = []      # the lines of dialogue so far, in order
    for q in text.quotes:
        if text.in_skip(q.start) or text.in_skip(q.end - 1):
            continue
        att = _source(q, previous, sources, uncued, people)
        if att is not None and text.dialogue_line(q):
            if att.way == "continuation":
                att = _turn(text, people, q, turns) or att
            if turns and text.line_of(turns[-1][0].open_pos) == text.line_of(q.open_pos):
                turns.pop()                 # "— …— dice Ana. — …": one turn a paragraph
            turns.append((q, att))
        if att and q.resumes and previous is not None and found and found[-1].start == previous[0].start:
            # "— A, — recalls Ann Lee. — B": one line of dialogue, one quotation, its clause inside it
            found[-1] = replace(found[-1], end=q.end, text=text.body[found[-1].start:q.end])
        elif att:
            found.extend(_paragraphs(text.body, q, att))
            if att.start >= 0:
                people.add_speaker(att.start, att.end, q.start, max(q.start, q.end - 1))
        previous = (q, att) if att else None
    return found


def _turn(text: ArticleText, people: People, q: Quotation,
          turns: list[tuple[Quotation, Attribution]]) -> Attribution | None:
    """For a line of dialogue no cue attributes, opening the paragraph after two lines of two people in the
    paragraphs right before it ("— …— dice Ana. ⏎ — …— ribatte Ugo. ⏎ — …"): the first one's turn again,
    not the second one going on."""
    if len(turns) < 2 or not text.own_line(q):
        return None
    (q1, a1), (q2, a2) = turns[-2:]
    n, n1, n2 = text.line_of(q.open_pos), text.line_of(q1.open_pos), text.line_of(q2.open_pos)
    if not (text.filled(n2, 1) == n and text.filled(n1, 1) == n2) or min(a1.start, a2.start) < 0:
        return None
    one, two = (fold(text.body[slice(*people.fullest(a.start, a.end))]) for a in (a1, a2))
    if one == two:
        return None                 # one person written twice ("Ana Lima", "Lima"): she goes on
    return replace(a1, cue="turn", way="continuation", confidence=min(a1.confidence, a2.confidence))


def _with_answers(found: list[_Found], text: ArticleText, people: People, attributor: Attributor,
                  interview: Interview) -> list[_Found]:
    """``found`` with an interview's answers given to the interviewee, in place of quotations inside its
    questions and answers (a dash-style question read as a line of dialogue, a phrase quoted in an answer)."""
    answers = [(x.start, x.end) for x in interview.answers]
    reported = sum(any(a <= f.start < b and f.att.way == "verb" for f in found) for a, b in answers)
    if reported > len(answers) // 4:
        return found                # answers that quote people with reporting verbs: a report, no interview
    spans = [*interview.questions, *answers]
    kept = [f for f in found if not any(a <= f.start < b for a, b in spans)]
    intro = _interviewee(text, people, interview)
    body = text.body
    for answer in interview.answers:
        label = answer.label
        if label is not None and fold(body[slice(*label)]) not in text.data.answer_labels \
                and not _names_interviewee(body, label, intro):
            who: Subject | None = Subject(NAME, *label)                     # "Meier: …"
        else:
            who = intro
        att = attributor.attribution(who, "interview", "interview", answer.start) if who is not None else None
        words = body[answer.start:answer.end].strip()
        if att is not None and words:
            kept.append(_Found(answer.start, answer.start + len(words), words, att))
    return kept


def _names_interviewee(body: str, label: tuple[int, int], intro: Subject | None) -> bool:
    """Whether an answer's label is the last name of the interviewee the introduction names in full, or the
    initials of that name ("BF" for "Beatriz Ferraz")."""
    if intro is None:
        return False
    label_words, name = body[slice(*label)].split(), body[intro.start:intro.end].split()
    initials = "".join(w[0] for w in name if w[:1].isupper())
    return fold(label_words[-1]) == fold(name[-1]) or (len(label_words) == 1 and label_words[0] == initials)


def _interviewee(text: ArticleText, people: People, interview: Interview) -> Subject | None:
    """The person an interview's introduction names: the one whose last name its questions use again
    ("Frau Sandvik-Lorenz, wie …"), else the first it names in full as a sentence's subject or after a
    title, else the first it names in full."""
    a, b = interview.intro
    if b <= a:
        return None
    body = text.body
    mentions = [m for n in range(text.line_of(a), text.line_of(b - 1) + 1) for m in people.mentions(n)
                if len(body[m.start:m.end].split()) >= 2]
    if not mentions:
        return None
    asked = " ".join(body[q:r] for q, r in interview.questions)
    named = [m for m in mentions if body[m.start:m.end].split()[-1] in asked]
    subjects = [m for m in mentions if m.strong or m.salient or m.titled]   # not "the church of Santa Rita"
    m = (named or subjects or mentions)[0]
    return Subject(NAME, m.start, m.end)


def _paragraphs(body: str, q: Quotation, att: Attribution) -> list[_Found]:
    """A quotation over several paragraphs (its opening mark repeated on each) as one record a paragraph,
    as it is read and annotated: the first with its source, the others going on from it."""
    cuts = [q.start, *q.continuations, q.end]
    out = []
    for k, (a, b) in enumerate(zip(cuts, cuts[1:])):
        a += 1 if k else 0                                  # past the repeated opening mark
        text = body[a:b].strip().rstrip(",")
        if text:
            a += len(body[a:b]) - len(body[a:b].lstrip())
            out.append(_Found(a, a + len(text), text, att if not k else replace(att, cue="continuation")))
    return out


def _source(q: Quotation, previous: tuple[Quotation, Attribution] | None, sources: Sources, uncued: Uncued,
            people: People) -> Attribution | None:
    """What the quotation's own cues name (a surname alone standing for the fullest name given before),
    else the source of the quotation it goes on from, else that of the sentence it stands in."""
    att = sources.attribute(q)
    if att is not None and att.way in ("verb_previous_sentence", "subject_sentence") and previous is not None:
        going_on = uncued.continuation(q, *previous)       # “…,” she said. “…”: the same saying goes on,
        if going_on is not None and going_on.confidence > att.confidence:   # surer than the sentence before
            return going_on
    if att is not None and not att.unresolved:
        start, end = people.fullest(att.start, att.end) if att.start >= 0 else (att.start, att.end)
        return replace(att, start=start, end=end)
    other = uncued.continuation(q, *previous) if previous is not None else None
    other = other or uncued.in_reported_sentence(q, previous) or (uncued.own_paragraph(q) if att is None else None)
    return other if other is not None and (att is None or not other.unresolved) else att


def _resolved(body: str, data: LangData, names: Names | None, att: Attribution) -> Attribution:
    """The speaker's name as the record gives it: the words around it that are no part of it trimmed,
    the fullest form the article gives, in the nominative; a person read out of a source phrase."""
    if att.start >= 0:
        att = replace(att, start=-1, end=-1, speaker=None) if att.start >= att.end else att
    if att.start >= 0 and att.kind == "person":
        end = _organisation_end(body, att.start, att.end, data)
        if end is not None:
            att = replace(att, start=-1, end=-1, kind="organisation", speaker=body[att.start:end])
    if att.start < 0 and att.mention[0] >= 0 and att.kind != "organisation":
        att = _person_in_source(body, att, data)
    if att.start < 0 and att.speaker and "(" in att.speaker[1:]:
        att = replace(att, speaker=att.speaker[:att.speaker.index("(", 1)].rstrip())   # "… Verbands (DFB"
    if att.start >= 0 and names is not None:
        s, e = names.expand(*trim(body, att.start, att.end, data))
        s = past_possessor(body, s, e, data)
        words = NICKNAME.sub(" ", body[s:e]).split()
        att = replace(att, start=s, end=e, speaker=" ".join(names.nominative(words)))
    return att




# "& Finch Water" after a name: the capitalised words an ampersand joins to it.
_AMPERSAND_NAME = regex.compile(r"[ \t]*+&[ \t]*+\p{Lu}[\p{L}\p{M}.'’-]*+(?:[ \t]++\p{Lu}[\p{L}\p{M}.'’-]*+)*+")
# The capitalised word right after a name (blanks between).
_NEXT_CAPITALISED = regex.compile(r"[ \t]++(\p{Lu}[\p{L}\p{M}.]*+)")


def _organisation_end(body: str, start: int, end: int, data: LangData) -> int | None:
    """Where the organisation ends whose name was read as a person's: it opens with a word of an
    organisation ("Grupo Lezama"), such a word follows it ("Ferralta Spa", "Orvaux Télécom"), or an
    ampersand joins more names to it ("Harlow & Finch"); None for a person."""
    words = [fold(w) for w in body[start:end].split()]
    joined = _AMPERSAND_NAME.match(body, end, end + 80)
    if joined:                          # "Harlow & Finch Water": partners' names joined into a firm's
        return joined.end()
    after = _NEXT_CAPITALISED.match(body[end:end + 40])   # not "… газета": the next phrase
    if after and fold(after.group(1)) in data.non_person:
        return end + after.end()
    return end if len(words) >= 2 and (words[-1] in data.non_person or words[0] in data.non_person) else None


def _person_in_source(body: str, att: Attribution, data: LangData) -> Attribution:
    """A source phrase that ends with a person's name after a title or role noun ("Der Hafenmeister Jens
    Ahlgrim", "Ministerin Eva Roth (SPD)") is that person: the name trimmed out of it, when it is two
    capitalised words or more and no organisation's."""
    s, e = trim(body, *att.mention, data)
    words = body[s:e].split()
    before = body[att.mention[0]:s].split()
    if before and all(fold(w) in data.articles for w in before):
        return att              # "Die Neue Presse": only an article stood before the name
    last = [fold(before[-1])] if before else []
    titled = bool(before) and bool(data.roles.match(last, 0) or data.honorifics.match(last, 0))
    rest = body[e:att.mention[1]].strip()
    one_name = len(words) == 1 and first_name(words[0], data)      # "подписчица Ангелина"
    if (s, e) == att.mention or (rest and not rest.startswith("(") and not titled) \
            or (len(words) < 2 and not one_name) \
            or not all(w[:1].isupper() for w in words) \
            or any(fold(w) in data.non_person or (len(w) > 1 and w.isupper()) for w in words):
        return att              # an organisation: a word of one, or an acronym ("Gewerkschaft GDL")
    return replace(att, start=s, end=e, kind="person", speaker=None)


def _record(seq: int, body: str, found: _Found, att: Attribution, lang: str | None) -> Quote:
    speaker = att.speaker if att.speaker is not None or att.start < 0 else body[att.start:att.end]
    (ms, me), (cs, ce) = att.mention, att.cue_span
    return Quote(seq=seq, text=found.text, speaker=speaker, start=found.start, end=found.end,
                 speaker_start=att.start, speaker_end=att.end, lang=lang, cue=att.cue,
                 confidence=round(att.confidence, 3), mention=body[ms:me] if ms >= 0 else None,
                 mention_start=ms, mention_end=me, speaker_kind=att.kind if speaker or ms >= 0 else None,
                 cue_start=cs, cue_end=ce)
