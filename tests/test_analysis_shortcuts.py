"""The shortcuts the quotation stages take for speed give the answers of the slow way they replace."""
from __future__ import annotations

import pytest
import regex

from extractors.quote_lang import _ABBREVIATION, PIECE_CHARS, Lexicon, _docs, _marks, fold, pipeline, words_of

LINES = [
    "",
    "   ",
    "Dr. Ina Berg said the ferry would run. Mr. Lee disagreed!",
    "The U.S. office and the e.g. clause... Then what? “Yes.” she said. «Non.» Il a dit.",
    "Sie sagte: „Das geht nicht.“ Dann ging sie. Prof. Dr. Amsel nickte … Ende",
    "¿Qué pasó? ¡Nada! Sr. Pérez, la Sra. Ruiz y el Dr. Gómez llegaron a las 3 p.m. al puerto.",
    "St. Petersburg. A. B. Carter -- no. 5 ... (see p. 12.) “Quoted.” — J. Doe",
    "Она сказала: «Нет». Г-н Иванов ушёл. Т.е. всё.",
    "او گفت: «نه». سپس رفت؟ بله!",
]


@pytest.mark.parametrize("lang", ["en", "de", "es", "fr", "ru", "fa", None])
def test_sentence_starts_and_abbreviation_dots_are_the_sentencizers(lang):
    nlp = pipeline(lang)
    lines = LINES + [("Word. " * (PIECE_CHARS // 5)) + "Last one. End"]    # a paragraph analysed in pieces
    want = [([s.start_char for s in doc.sents],
             {t.idx + len(t.text) - 1 for t in doc if len(t.text) > 1 and _ABBREVIATION.match(t.text)})
            for doc in _docs(nlp, lines)]
    got = [(starts, inert) for starts, inert, persons in _marks(nlp, lines, False)]
    assert got == want
    assert any(len(starts) > 1 for starts, _ in got) and any(inert for _, inert in got)


@pytest.mark.parametrize("lang", ["en", "de", "es", "fr", "it", "nl", "pt", "ru", "tr", "el", "fa", None])
def test_a_paragraphs_marks_read_chunk_by_chunk_are_those_of_its_tokens(lang):
    """ChunkMarks.read (each chunk's tokens read alone, kept by its text) finds the sentence starts and abbreviation
    dots the sentencizer's rule finds in the Doc of the whole paragraph: on fuzzed paragraphs of words, punctuation,
    abbreviations, white space, and the tokenizer's special cases whole and cut at their tokens by spaces (so that a
    special case may match across a space, where the chunks are read as one)."""
    import random
    import unicodedata

    from spacy.tokenizer import Tokenizer

    from extractors.quote_lang import _punct_orths, _sentencize, chunk_marks

    nlp = pipeline(lang)
    marks = chunk_marks(nlp)
    assert marks is not None
    t = nlp.tokenizer
    plain = Tokenizer(nlp.vocab, rules={}, prefix_search=t.prefix_search, suffix_search=t.suffix_search,
                      infix_finditer=t.infix_finditer, token_match=t.token_match, url_match=t.url_match)
    rules = sorted(t.rules)
    rng = random.Random(16)
    specials = rng.sample(rules, min(300, len(rules)))
    cut = [" ".join(token.text for token in plain(rule)) for rule in specials]
    words = ["Ana", "said", "the", "U.S.", "Dr.", "e.g.", "St.", "No.", "3.5", "p.m.", "O'Neil", "l'eau", "»", "«",
             "“", "”", ".", "!", "?", "...", "…", "(", ")", ",", ":", ";", "-", "—", "„", "'", "’", "Mr", "O", "D",
             "o", "s", "S", "т.", "е.", "и", "др.", "г.", "Prof.", "z.B.", "2", "m", "Sra.", "etc.", "x", "ok"]
    pieces = words * 8 + specials + cut
    punct = _punct_orths(nlp)
    read = declined = joined = 0
    for n in range(1500):
        parts = [rng.choice(pieces) for _ in range(rng.randint(1, 12))]
        glue = rng.choice([" ", " ", " ", ""])
        text = "".join(p + (glue if rng.random() < 0.9 else rng.choice(["  ", "   ", " ", "\xa0", " \t", "\u2009 "]))
                       for p in parts)
        text = text if rng.random() < 0.2 else text.strip(" ")
        text = rng.choice(["", " ", "  "]) + text if rng.random() < 0.1 else text
        starts, inert = [], set()
        _sentencize(nlp.tokenizer(text), text, 0, punct, starts, inert)
        got = marks.read(text)
        joined += not marks._joinable([c for c in text.split() if c])
        if got is None:
            declined += 1
            continue
        read += 1
        assert got == (starts, inert), (lang, text)
    assert read > 1400 and joined > 50, (read, declined, joined)
    # a chunk of letters and digits holds nothing the sentencizer or is_punct reads as punctuation
    assert not any(c.isalnum() and unicodedata.category(c).startswith("P") for c in map(chr, range(0x110000)))


@pytest.mark.parametrize("lang", ["en", "de", "ru", "zh", "ar", "fa", "tr", None])
def test_word_count_is_the_count_of_one_regex_reading(lang):
    """quote_text.word_count (ASCII text read by the stdlib, no search for unspaced scripts below their first letter)
    counts as _WORDISH and the unspaced scripts' letters per word read every text; no letter of those scripts lies
    below UNSPACED_FIRST."""
    import math
    import random

    from extractors.quote_lang import lang_data
    from extractors.quote_text import _LETTER, _WORDISH, UNSPACED_FIRST, word_count

    data = lang_data(lang)
    assert not any(data.unspaced_any.match(chr(c)) for c in range(ord(UNSPACED_FIRST)))

    def slow(text: str) -> int:
        if not data.unspaced_any.search(text):
            return len(_WORDISH.findall(text))
        n = 0
        for w in _WORDISH.findall(text):
            letters = len(_LETTER.findall(w))
            for script, per_word in data.unspaced:
                k = len(script.findall(w))
                if k:
                    n += math.ceil(k / per_word)
                    letters -= k
            n += letters > 0
        return n

    rng = random.Random(3)
    pieces = ["We", "go", "to", "Lima", " ", "  ", ",", ".", "’", "—", "3.5", "don't", "l'eau", "x_y", "é", "e\u0301",
              "Müller", "Орлова", "北京", "大学", "ภาษาไทย", "カタカナ", "٣", "²", "\t", "-", "_", "ß"]
    for _ in range(3000):
        text = _fuzzed(rng, pieces, 0, 12)
        assert word_count(text, data) == slow(text), (lang, text)


def _fuzzed(rng, pieces, shortest: int, longest: int) -> str:
    """A text of ``shortest`` to ``longest`` pieces drawn by ``rng``, for the fuzz tests against a one-scan reference."""
    return "".join(rng.choice(pieces) for _ in range(rng.randint(shortest, longest)))


def _slow_match(entries: list[str], keys: list[str], i: int) -> int:
    """Lexicon.match as it reads: the longest entry the words from i spell, else a stem or suffix of word i."""
    phrases = {"".join(fold(w) for w in words_of(e)) for e in entries if not e.startswith("*") and not e.endswith("*")}
    best = 0
    for n in range(1, len(keys) - i + 1):
        if "" in keys[i:i + n]:
            break
        if "".join(keys[i:i + n]) in phrases:
            best = n
    if best or i >= len(keys) or not keys[i]:
        return best
    word = keys[i]
    stems = [fold(e[:-1]) for e in entries if e.endswith("*")]
    suffixes = [fold(e[1:]) for e in entries if e.startswith("*")]
    return int(any(word.startswith(s) for s in stems) or any(word.endswith(s) and len(word) > len(s) for s in suffixes))


def test_lexicon_match_is_the_longest_entry_however_it_is_pruned():
    entries = ["chief executive", "chief executive officer", "chief", "press secretary", "vice-president",
               "spokes*", "*minister", "*sprecherin", "mayor", "mayor of the town"]
    lexicon = Lexicon(entries)
    texts = ["the Chief Executive Officer of it", "chief executives said", "a press secretary", "Vice-President Lee",
             "spokeswoman", "Wirtschaftsminister Amsel", "minister", "Sprecherin", "mayor of the town hall",
             "mayor of the", "chief chief executive"]
    checked = 0
    for text in texts:
        keys = [fold(w) for w in words_of(text)]
        for i in range(len(keys) + 1):
            assert lexicon.match(keys, i) == _slow_match(entries, keys, i), (text, i)
            checked += lexicon.match(keys, i) > 0
    assert checked >= 10


def test_a_known_name_word_allows_a_case_ending_as_before():
    import os

    from extractors.quote_lang import lang_data
    from extractors.quote_subjects import NameIndex

    names = NameIndex(lang_data("ru"), [["Ольга", "Орлова"], ["Марина", "Светлова"], ["Ян", "Ли"], ["Anna", "Kowalczyk"]])

    def slow(key: str, after_title: bool) -> bool:
        pool = names.free if after_title else names.known
        return key in pool or (len(key) >= 5 and any(
            len(os.path.commonprefix((k, key))) >= max(4, len(key) - 2, len(k) - 2) for k in pool))

    words = ["орловой", "орлову", "орл", "орловский", "светловой", "светл", "свет", "ли", "лиана", "kowalczykowa",
             "kowalczyka", "kowal", "anna", "annami", "ольгой", "ольгам", "марине", "мари"]
    answers = [(names.is_known(w, t), slow(w, t)) for w in words for t in (False, True)]
    assert all(a == b for a, b in answers)
    assert any(a for a, _ in answers) and not all(a for a, _ in answers)


def _slow_runs(body: str, particles: frozenset[str]) -> list[tuple[int, int]]:
    """Names._all_runs as it reads: every word in turn, a run kept while each next word is joined to it by one space
    and capitalised or a particle; a run ends at its last capitalised word and counts from two of them."""
    from extractors.quote_names import _TOKEN

    out, run = [], []

    def emit():
        while run and not run[-1][2][:1].isupper():
            run.pop()
        if len(run) >= 2:
            out.append((run[0][0], run[-1][1]))

    for m in _TOKEN.finditer(body):
        w = m.group()
        if run and body[run[-1][1]:m.start()] not in (" ", "\u00a0"):
            emit()
            run = []
        if w[:1].isupper() or (run and fold(w) in particles):
            run.append((m.start(), m.end(), w))
        else:
            emit()
            run = []
    emit()
    return out


def test_name_runs_found_from_the_capitals_are_those_of_every_word():
    import random

    from extractors.quote_lang import lang_data
    from extractors.quote_names import Names

    texts = ["Ursula von der Leyen met Ana de la Cruz and the van Dijk family.",
             "He said Jo\u00a0Hahn's plan (Ina Berg) was O'Neil-Smith's; d'Artagnan Dupont-Aignan y Vega left.",
             "A. B. Carter and J.R.R. Tolkien. Van der Berg, Von Trapp de Sousa. Mc Allister  Double  Space",
             "Ein Treffen von Karl Brenner von der Kanzlei mit Eva Roth.", "ÉLODIE Ñúñez Çelik ǅemal Ǆ Ꟛ Ⅻ",
             "Иван Петров и Ольга Орлова встретились с Ли Ян."]
    rng = random.Random(7)
    pieces = list("Aa bB.'’-\u00a0 Xx É é\u0301ǅ\u0410\u0430 1,\n") + ["de ", "von ", "x.", "Y.", "  ", "d'", "Van ", "Ꟛ"]
    texts += [_fuzzed(rng, pieces, 1, 40) for _ in range(3000)]
    found = 0
    for lang in ("en", "de", "es", "fr", "ru"):
        data = lang_data(lang)
        for text in texts:
            names = Names.__new__(Names)
            names.body, names.data = text, data
            got = list(names._all_runs())
            assert got == _slow_runs(text, data.particles), (lang, text)
            found += len(got)
    assert found > 1000


def test_fold_drops_the_same_marks_as_a_regex_would():
    import unicodedata

    from extractors.quote_lang import _FOLD

    marks = regex.compile(r"[\u064B-\u065F\u0670\u0640\u200c\u200d\u200e\u200f\u00ad]")
    variants = str.maketrans({k: v for k, v in _FOLD.items() if v is not None})

    def slow(text: str) -> str:
        return marks.sub("", unicodedata.normalize("NFC", text).casefold()).translate(variants).strip(".-")

    words = ["مُحَمَّد", "الْكِتَاب", "می\u200cگوید", "ﻻ", "Straße", "Ёлка", "co\u00adoperate", "l’homme", "-Éric.", "Şahin",
             "O'Neil.", "--Lee--", "U.S.", "McDONALD", ""]
    assert all(fold(w) == slow(w) for w in words)
    assert fold("مُحَمَّد") == "محمد" and fold("می\u200cگوید") == "میگوید"


def test_reader_name_is_the_parse_when_it_is_a_name():
    from extractors.quote_lang import analyse, lang_data
    from extractors.quote_subjects import NAME, NameIndex, Reader

    lines = {"en": "He told the transit director Ana Lima and Commissioner Gordon, as Mayor Ann Lee of Halifax said, "
                   "that she and Sharks head coach Ken Lobo met the mayor in November 2020 with Ignazio La Rosa.",
             "it": "Il ministro dell'Economia Giancarlo Rossi ha detto a La Rosa e al presidente Marco Fabbri che",
             "ru": "Мэр Москвы Сергей Собянин заявил, что экономист Альфа-банка Наталия Орлова и Орлова ушли"}
    names_seen = 0
    for lang, line in lines.items():
        data = lang_data(lang)
        items = [it for it in analyse([(0, line)], data)[0].items if it.word]
        reader = Reader(data, NameIndex(data, [line.split()[k:k + 2] for k in range(0, len(line.split()), 2)]))
        for a in range(len(items)):
            for b in range(a + 1, min(len(items), a + 9) + 1):
                for cover in (True, False):
                    parsed = reader.parse(items[a:b], cover)
                    assert reader.name(items[a:b], cover) == (parsed if parsed.kind == NAME else None)
                    names_seen += parsed.kind == NAME
    assert names_seen > 20


def test_the_tokenizer_cache_bound_changes_no_token():
    from extractors.quote_lang import TOKENIZER_CACHE_CHUNKS

    nlp = pipeline("en")
    assert nlp.tokenizer.max_cache_size == TOKENIZER_CACHE_CHUNKS > 10_000
    text = " ".join(LINES) + " " + " ".join(f"w{k}-x{k}." for k in range(200))
    first = [(t.text, t.idx) for t in nlp.tokenizer(text)]
    assert [(t.text, t.idx) for t in nlp.tokenizer(text)] == first          # read again, from the cache
    fresh = pipeline.__wrapped__("en")
    fresh.tokenizer.max_cache_size = 0                                       # nothing kept: every chunk cut anew
    assert [(t.text, t.idx) for t in fresh.tokenizer(text)] == first


def test_noise_blanked_word_by_word_is_the_noise_blanked_at_once():
    import random

    from extractors.language import _NOISE, _without_noise

    texts = ["See https://example.org/a?b=c and www.example.net, then write to ana.lima+news@example.org.",
             "Plain prose: no links, no handles; a.b+c-d words_with_underscores " * 20,
             "xhttps://glued.example/path#top and @ana_lima, #Wahl2025, a@b@c, ##, @ and " + "y" * 80 + "@z",
             "\u00a0@start\tmid#dle\u2003end@"]
    rng = random.Random(11)
    pieces = list("ab_ .+-@#\n\t\u00a0é1/:") + ["http://", "www.", "x" * 70]
    texts += [_fuzzed(rng, pieces, 0, 30) for _ in range(5000)]
    assert [_without_noise(t) for t in texts] == [_NOISE.sub(" ", t) for t in texts]
    blanked = _without_noise(texts[2])
    assert "ana_lima" not in blanked and "Wahl2025" not in blanked and "https" not in _without_noise(texts[0])


def _paragraph_state(p) -> tuple:
    return (p.start, p.sent_starts, p.persons, p.starts,
            [(it.text, it.start, it.end, it.key, it.word, it.inert, it.opener) for it in p.items])


@pytest.mark.parametrize("lang", ["en", "de", "es", "it", "ru", "fa", "tr", None])
def test_a_line_analysed_alone_is_the_line_analysed_with_its_neighbours(lang):
    """Without a pipeline finding entities, ArticleText analyses a line alone: what a batch gives for each line."""
    from extractors.quote_lang import analyse, finds_persons, lang_data

    data = lang_data(lang)
    assert not finds_persons(data)
    lines, at = [], 0
    for line in LINES + ["Ana Lima, the director, said: “We go.” Mr. Lee—no. 5—left at 3 p.m. Then..."]:
        lines.append((at, line))
        at += len(line) + 1
    together = analyse(lines, data)
    alone = [analyse([line], data)[0] for line in lines]
    assert [_paragraph_state(p) for p in alone] == [_paragraph_state(p) for p in together]
    assert sum(len(p.items) for p in alone) > 100 and any(it.inert for p in alone for it in p.items)


def test_an_article_whose_pipeline_finds_entities_is_analysed_in_batches():
    from extractors.quote_lang import finds_persons, lang_data, ner_pipeline
    from extractors.quote_marks import find
    from extractors.quote_text import ArticleText

    data = lang_data("fr")
    if ner_pipeline(data.pipelines) is None:
        pytest.skip("no French pipeline with entities installed")
    assert finds_persons(data)
    body = "\n".join(["Marie Dubois est arrivée.", "", "Elle a parlé.", "", "« Oui », a-t-elle dit."])
    text = ArticleText(body, data, [], find(body, data, []))
    text.para(4)
    assert sorted(text.paras) == [0, 1, 2, 3, 4] and text.persons


SENTENCES = {
    "en": "Mayor Ann Lee told reporters that Commissioner Gordon and the vice-president said it, according to her "
          "spokeswoman; Dr. Ruiz's chief executive officer O'Neil added, the press secretary of the city claimed.",
    "de": "Die Wirtschaftsministerin Eva Roth teilte am Abend mit, dass der Greenpeace-Sprecher und IG-Metall-"
          "Bevollmächtigte Jens Ahlgrim sagte, Bürgermeister von Haller habe erklärt, so Müller laut Angaben.",
    "fr": "Le ministre de l'Économie a déclaré, selon l'économiste Marie Dubois, que M. Lefèvre a-t-il ajouté.",
    "ru": "Мэр Москвы Сергей Собянин заявил, что экономист Альфа-банка Наталия Орлова сообщила и рассказала.",
    "it": "Il ministro dell'Economia Giancarlo Rossi ha detto che l'amministratore delegato ha spiegato, secondo lui.",
    "tr": "Formation.ai'nin CEO'su Christian Hansen dedi ki Bakan Mehmet Şimşek açıkladı, Başkan'a göre.",
}


def _keys_of(lang: str) -> list[list[str]]:
    import random

    words = [fold(w) for w in words_of(SENTENCES[lang])]
    rng = random.Random(lang)
    shuffled = [rng.sample(words, len(words)) for _ in range(30)]
    return [words, *shuffled, [w[::-1] for w in words], [w[:3] for w in words], [""] + words[:4]]


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_a_word_no_entry_may_open_matches_nothing(lang):
    from extractors.quote_lang import lang_data

    data = lang_data(lang)
    lexicons = [data.verbs, data.pronoun_verbs, data.roles, data.honorifics, data.according_to]
    closed = 0
    for keys in _keys_of(lang):
        for lexicon in lexicons:
            for i, key in enumerate(keys):
                if not lexicon.may_open(key):
                    assert lexicon.match(keys, i) == 0
                    closed += 1
    assert closed > 100


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_title_at_is_the_titles_read_at_every_word(lang):
    from extractors.quote_lang import lang_data
    from extractors.quote_subjects import _title_at, title_at

    data = lang_data(lang)
    window = max(data.honorifics.max_words, data.roles.max_words)
    found = 0
    for keys in _keys_of(lang):
        for i in range(len(keys) + 2):
            assert title_at(data, keys, i) == _title_at(data, tuple(keys[i:i + window]), 0)
            found += title_at(data, keys, i) > 0
    assert found > 10


def _slow_verbs_in(text, items) -> list[tuple[int, int, bool]]:
    """ArticleText.verbs_in as it reads: every word asked of each list in turn (a verb carrying its pronoun first)."""
    keys = [it.key for it in items]
    d = text.data

    def verb_at(i: int) -> tuple[int, int, bool] | None:
        readings = [(True, d.pronoun_verbs.match(keys, i)),
                    (False, d.verbs.match(keys, i) or text._separated(items, keys, i))]
        return next(((i, i + n, carries) for carries, n in readings if n), None)

    out, i = [], 0
    while i < len(items):
        found = verb_at(i)
        out += [found] if found else []
        i = found[1] if found else i + 1
    return out


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_verbs_in_finds_the_verbs_of_every_word(lang):
    from extractors.quote_lang import lang_data
    from extractors.quote_text import ArticleText

    data = lang_data(lang)
    text = ArticleText(SENTENCES[lang], data, [], [])
    items = text.para(0).items
    found = 0
    for a in range(len(items)):
        for b in range(a + 1, len(items) + 1, 3):
            assert text.verbs_in(items[a:b]) == _slow_verbs_in(text, items[a:b])
        found += len(text.verbs_in(items[a:]))
    assert found > 0


def _items_by_match_objects(text: str, offset: int, data) -> list:
    """cut_items as it read before: each word's offset from its match object."""
    from extractors.quote_lang import WORD_RE, Item, _is_word_char

    items = []
    for m in WORD_RE.finditer(text):
        tok, start = m.group(), offset + m.start()
        is_word = len(tok) > 1 or _is_word_char(tok)
        if data.elisions and tok in "'’" and items and items[-1].word and items[-1].end == start \
                and fold(items[-1].text) + "'" in data.elisions:
            items[-1] = Item(items[-1].text + tok, items[-1].start, True)
            continue
        if is_word and data.elisions and ("'" in tok or "’" in tok):
            cut = next((e for e in data.elisions if fold(tok).startswith(e) and len(fold(tok)) > len(e)), None)
            if cut:
                items.append(Item(tok[:len(cut)], start, True))
                tok, start = tok[len(cut):], start + len(cut)
        if is_word and data.clitic_suffixes and "-" in tok:
            cut = next((s for s in data.clitic_suffixes if tok.casefold().endswith(s) and len(tok) > len(s)), None)
            if cut:
                head = len(tok) - len(cut)
                items += [Item(tok[:head], start, True), Item(tok[head:], start + head, True)]
                continue
        items.append(Item(tok, start, is_word))
    return items


@pytest.mark.parametrize("lang", ["en", "fr", "it", "fa", "zh", None])
def test_items_cut_from_strings_are_those_cut_from_match_objects(lang):
    import random

    from extractors.quote_lang import cut_items, lang_data

    data = lang_data(lang)
    rng = random.Random(lang or "xx")
    pieces = ["l'", "dell'", "a-t-il", "-elle", "’", "'", "-", " ", "  ", "\t", "\u00a0", "\x1c", "\u2003", "é", "e\u0301",
              "漢字", "かな", "می\u200cگوید", "Ana", "lima", ".", "«", "»", "“", "”", "3.5", "O'Neil", "\u200d", "x",
              "\x1f", "4x4", "Zeit", "said,", "\u3000", "\u0085", "(", ")", "…", "—", "Müller", "für", "ß", "İ", ",",
              "?", "„", ";", "ª", "Ꭰ", "ǅ", "ᾈ", "\u2e80", "\u2e7f", "ｶ", "ｱ\u3005", "!"]
    plain = [p for p in pieces if p not in ("\x1c", "\x1f")]     # (str.split cuts there, WORD_RE does not)
    texts = LINES + [_fuzzed(rng, some, 0, 25)
                     for some in (pieces, plain) for _ in range(3000)]

    def state(items):
        return [(it.text, it.start, it.end, it.key, it.word) for it in items]

    cut = 0
    for k, text in enumerate(texts):
        got = cut_items(text, k, data)
        assert state(got) == state(_items_by_match_objects(text, k, data)), text
        cut += len(got)
    assert cut > 10_000


EXTRA_RUNS = {"en": "the scheme as a quicker route into Northern Ireland, and the former harbour director of the city "
                    "Ana Lima met Deputy Mayor Tom Reyes, who speaks for Lower Valley in Port Ellis.",
              "de": "Der Chef des Verbands nannte den neuen Landrat Ewald Trenkle und die Winzerin Eva Roth aus Haller.",
              "it": "secondo il ministro dell'Economia Giancarlo Rossi e il presidente Marco Fabbri di La Rosa"}


def _reading_cases():
    """(lang, words of a sentence, reader): the invented sentences above with a name index of their word pairs."""
    from extractors.quote_lang import cut_items, lang_data
    from extractors.quote_subjects import NameIndex, Reader

    for lang, line in [*SENTENCES.items(), *EXTRA_RUNS.items()]:
        data = lang_data(lang)
        words = [it for it in cut_items(line, 0, data) if it.word]
        split = line.split()
        yield lang, words, Reader(data, NameIndex(data, [split[k:k + 2] for k in range(0, len(split), 2)]))


def test_a_name_read_from_before_its_run_starts_where_the_reader_says_it_may():
    """FullNames._run_names reads only from name_tries: from any other k, name() reads no name at i or later."""
    skipped = reached = 0
    for lang, words, reader in _reading_cases():
        for lo in range(len(words)):
            for j in range(lo + 1, min(len(words), lo + 12) + 1):
                for i in range(1, j - lo):
                    tries = reader.name_tries(words[lo:j], i)
                    assert tries == sorted(set(tries)) and all(0 <= k <= i for k in tries)
                    for k in set(range(i + 1)) - set(tries):
                        skipped += 1
                        for cover in (True, False):
                            s = reader.name(words[lo + k:j], cover)
                            assert s is None or s.start < words[lo + i].start, (lang, lo, k, j, i, cover)
                for cover in (True, False):
                    s = reader.name(words[lo:j], cover)
                    reached += s is not None and s.start > words[lo].start
    assert skipped > 500 and reached > 20


def test_the_run_names_tries_and_opener_question_are_name_tries_and_asks_openers():
    """Reader.run_tries (each word's title test made once) answers name_tries, and asks_openers of the words from
    the first try on, for every window and every i."""
    asked = tried = 0
    for lang, words, reader in _reading_cases():
        for lo in range(len(words)):
            for j in range(lo + 1, min(len(words), lo + 12) + 1):
                for i in range(j - lo):
                    tries = reader.name_tries(words[lo:j], i)
                    asks = bool(tries) and reader.asks_openers(words[lo + tries[0]:j])
                    assert reader.run_tries(words[lo:j], i) == (tries, asks), (lang, lo, j, i)
                    asked += asks
                    tried += len(tries) > 1
    assert asked > 50 and tried > 500


def _reference_free(data, keys: list[str]) -> set[str]:
    """NameIndex.free from one run's keys, as read with a title test and a hyphen split at every word."""
    from extractors.quote_subjects import title_at

    free, i, after_role = set(), 0, False
    while i < len(keys):
        h = data.honorifics.match(keys, i)
        t = h or title_at(data, keys, i)
        if t:
            free.update(keys[i:i + t])
            i, after_role = i + t, not h
            continue
        if not after_role:
            free.add(keys[i])
        after_role = keys[i] in data.non_person or any(part in data.non_person for part in keys[i].split("-"))
        i += 1
    return free


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "ru", "ro", "id"])
def test_the_name_index_keeps_free_the_words_a_title_test_at_every_word_keeps_free(lang):
    """NameIndex._learn_run tests a word for a title only where one may open (LangData.title_openers) and splits it
    at hyphens only where it holds one: the free words are those of the plain reading, on fuzzed runs of names,
    titles, honorifics, words of organisations and their hyphenated compounds."""
    import random

    from extractors.quote_lang import lang_data
    from extractors.quote_subjects import NameIndex

    data = lang_data(lang)
    rng = random.Random(7)
    roles = sorted(p for p in data.roles.phrases if p.isalpha())[:200]
    honorifics = sorted(p for p in data.honorifics.phrases if p.isalpha())[:50]
    bodies = sorted(data.non_person)[:200]
    names = ["Ana", "Lima", "Jan", "Ott", "Рита", "Орлова", "Kerr", "La", "von", "de"]
    pools = [roles, honorifics, bodies, names, names]
    titled = 0
    for _ in range(3000):
        run = []
        for _ in range(rng.randint(1, 6)):
            w = rng.choice(rng.choice(pools))
            if rng.random() < 0.15:
                w += "-" + rng.choice(rng.choice(pools))
            run.append(w[:1].upper() + w[1:])
        keys = [fold(w) for w in run]
        if keys[-1] in data.particles:
            continue            # (runs end with a name's word: particles closing one are read past its end)
        index = NameIndex(data, [run])
        if index.known:
            assert index.free == _reference_free(data, keys), (lang, run)
            titled += index.free != set(keys)
    assert titled > 300


class _OpenerRead(Exception):
    pass


def test_a_name_is_read_without_sentence_openers_unless_a_capitalised_title_may_ask():
    """Reader.asks_openers false: name() never asks which word opens a sentence (the run names read lines cut
    without their sentences then)."""
    from extractors.quote_lang import Item

    class Unanalysed(Item):
        __slots__ = ()

        def _read(self):
            raise _OpenerRead

        opener = property(_read, lambda self, value: None)

    read_without, asked = 0, 0
    for lang, words, reader in _reading_cases():
        words = [Unanalysed(w.text, w.start, True) for w in words]
        for k in range(len(words)):
            for j in range(k + 1, min(len(words), k + 10) + 1):
                if reader.asks_openers(words[k:j]):
                    for cover in (True, False):
                        try:
                            reader.name(words[k:j], cover)
                        except _OpenerRead:
                            asked += 1
                    continue
                for cover in (True, False):
                    reader.name(words[k:j], cover)
                    read_without += 1
    assert read_without > 500 and asked > 10


def test_a_lines_words_are_its_paragraphs_items_before_its_sentences_are_found():
    from extractors.quote_lang import lang_data
    from extractors.quote_text import ArticleText

    data = lang_data("en")
    body = "\n".join(LINES[2:5] + ["", "Mayor Ann Lee of Halifax said: “We go.” Dr. Ruiz left at 3 p.m. Then..."])
    text, fresh = ArticleText(body, data, [], []), ArticleText(body, data, [], [])
    for n in range(len(text.line_starts)):
        words = text.words(n)
        assert n not in text.paras and not any(it.opener or it.inert for it in words)
        want = fresh.para(n)
        assert [(it.text, it.start, it.end, it.key, it.word) for it in words] == \
            [(it.text, it.start, it.end, it.key, it.word) for it in want.items]
        assert text.words(n) is words
        p = text.para(n)                                        # the same items, their sentences found
        assert p.items is words and text.words(n) is words and not text.cuts
        assert _paragraph_state(p) == _paragraph_state(want)
    assert any(it.opener for p in text.paras.values() for it in p.items)


def test_the_word_class_with_ascii_first_is_the_same_set_of_characters():
    """WORD_RE's word class lists ASCII letters and digits before the difference of properties: every code point
    is in it exactly when it is in the class written without them, and words are cut as before."""

    from extractors.quote_lang import _CJK, _WCH, WORD_RE

    plain = rf"[[\p{{L}}\p{{M}}\p{{N}}\u200c\u200d]--[{_CJK}]]"
    assert _WCH != plain
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    members = [m.span() for m in regex.finditer(rf"{plain}++", every, regex.V1)]
    assert [m.span() for m in regex.finditer(rf"{_WCH}++", every, regex.V1)] == members
    assert sum(b - a for a, b in members) > 50_000
    before = regex.compile(rf"[{_CJK}]|{plain}++(?:[-‐'’]{plain}++)*+|\S", regex.V1)
    for text in LINES + [every[k:k + 3000] for k in range(0, len(every), 150_000)]:
        assert WORD_RE.findall(text) == before.findall(text)


def _slow_index(names) -> dict:
    """The name index as Names built it before it read runs on demand: every run trimmed and filed up front."""
    from extractors.quote_names import _people_of_run, _words, lowercase_words, past_sentence_opener, trim

    body, data, out = names.body, names.data, {}
    for a, b in names._runs():
        s, e = trim(body, a, b, data)
        s = past_sentence_opener(body, s, e, lowercase_words(body), data)
        for s, e in _people_of_run(body, s, e, data):
            words = [names._key(w) for _, _, w in _words(body, s, e)]
            named = [w for w in words if w not in data.particles]
            if len(named) < 2 or any(w in data.non_person for w in words):
                continue
            for w in {named[0], named[-1], *names._first_surname(tuple(words))}:
                out.setdefault(w, []).append((s, e, tuple(words)))
    return out


def test_names_read_when_a_word_asks_are_the_whole_index():
    """Names reads a run when a word it may file a name under is asked for: every word's names are those the
    whole index, built up front, files under it (possessives cut off a name's last word, particles, two
    surnames, case endings included)."""
    import random

    from extractors.quote_lang import lang_data
    from extractors.quote_names import Names, _words

    texts = ["Yesterday Ian Kerr's dog met Tom Jones' cat. Kerr said Jones’ view was Ana de la Cruz's own.",
             "Ana Mendizabal Bravo habló. Mendizabal y Luis Ortega y Gasset; la señora María do Rosário Lobo.",
             "Встреча Ольги Смирновой и Ольгой Смирновой; Смирнова сказала, что Жан-Луи де Монтаньяк пришёл.",
             "Mayor Dana Reyes and her husband Tomas Reyes. Reyes said: Ursula von der Leyen, Van Dijk Holm's."]
    rng = random.Random(11)
    pieces = ["Ana ", "Kerr", "'s ", "’ ", "de ", "la ", "Van ", "Dijk ", "Lima", ", ", ". ", "y ", "Ruiz ",
              "Смирновой ", "Ольги ", "von ", "der ", "Leyen ", "the ", "said ", "\n", "Jo\u00a0", "Hahn "]
    texts += [_fuzzed(rng, pieces, 2, 30) for _ in range(600)]
    filed = 0
    for lang in ("en", "es", "de", "ru"):
        data = lang_data(lang)
        for text in texts:
            want = _slow_index(Names(text, data))
            names = Names(text, data)
            for key in {names._key(w) for _, _, w in _words(text, 0, len(text))} | set(want):
                assert names.filed_under(key) == want.get(key, []), (lang, text, key)
                filed += len(want.get(key, []))
            assert Names(text, data).by_word == want
    assert filed > 500


def test_the_items_outside_quotations_are_those_asked_one_by_one():
    """ArticleText.outside keeps a paragraph's items whole when nothing is skipped and no quotation encloses an
    offset from its first item to its last: the items that quote_at and in_skip, asked of each, leave."""
    import random

    from extractors.quote_lang import lang_data
    from extractors.quote_marks import find
    from extractors.quote_text import ArticleText

    rng = random.Random(5)
    pieces = ["Ana Lima said ", "“We won.” ", "«Non», ", "the mayor ", "„Ja“ ", "\n", "\n\n", ". ", "“It rained ",
              "and rained.” ", "—No —dijo él.\n", "(", ") ", "\"quoted\" ", "words ", "'single' "]
    data, whole, kept = lang_data("en"), 0, 0
    for _ in range(400):
        body = _fuzzed(rng, pieces, 1, 30)
        for skip in ([], [(3, 9)] if len(body) > 9 else []):
            text = ArticleText(body, data, skip, find(body, data, skip))
            for n in range(len(text.line_starts)):
                items = text.para(n).items
                for a, b in [(0, len(items)), *((rng.randint(0, len(items)), len(items)) for _ in range(3))]:
                    part = items[a:b]
                    want = [it for it in part if not text.quote_at(it.start) and not text.in_skip(it.start)]
                    assert text.outside(part) == want, (body, skip, n, a, b)
                    whole += len(want) == len(part)
                    kept += len(want)
    assert whole > 100 and kept > 1000


def test_a_relatives_noun_and_given_name_read_behind_the_capital_are_the_pairs_read_forward():
    """_KIN_NAME finds each capital and reads the word before it behind it: the pairs (word, capitalised word)
    are those of the pattern that reads the word first and the capitalised word after it (fuzzed)."""
    import random

    from extractors.quote_person_gender import _KIN_NAME

    forward = regex.compile(r"(?<![\p{L}\p{M}])([\p{L}\p{M}]++)[ \t]++(\p{Lu}[\p{Ll}\p{M}]++)"
                            r"(?![\p{L}\p{M}]|[ \t]++\p{Lu})")
    rng = random.Random(11)
    pieces = [*"aBcDeéÉŞşЖжΣσǅ .,-'’1«»ا中ⅣÀ", "\u0301", "\u064b", "\t", "\n", "  ", " Ab", "wife Ria", " Ré",
              "his wife Rita ", "zijn vrouw Ria.", "Ana Lima", "ее муж Иван,"]
    found = 0
    for _ in range(50_000):
        s = _fuzzed(rng, pieces, 0, 20)
        want = [m.groups() for m in forward.finditer(s)]
        assert [m.groups() for m in _KIN_NAME.finditer(s)] == want, s
        found += len(want)
    assert found > 10_000


def test_lowercase_words_asked_one_by_one_are_those_of_one_scan():
    """lowercase_words answers each word asked by finding it in the body and testing its edges: a word is in it
    exactly when _LOWERCASE_WORD finds it in the whole body (fuzzed), asked of every word the pattern finds, of
    the pieces and stretches of the body (after an apostrophe or a hyphen too: "l'eau" holds no "eau")."""
    import random

    from extractors.quote_names import _LOWERCASE_WORD, LowercaseWords

    rng = random.Random(13)
    pieces = [*"aBcÉéжЖσΣǅªº1.,;:!?\"“”«»„()[]…'’-_/", "\u0301", "\u064b", " ", "  ", "\t", "\n", "\x1c", "\u00a0",
              "\u2003", "said", "Ana", "l'eau", "O'Neil", "e-mail", "ДОМ", "müller", "“quoted”", "(sic)", "x2", "eau",
              "ana", "-ana", "mail", "’s"]
    found = asked = 0
    for _ in range(20_000):
        body = _fuzzed(rng, pieces, 0, 30)
        want = frozenset(_LOWERCASE_WORD.findall(body))
        words = LowercaseWords(body)
        stretches = {body[a:a + n] for a in range(len(body)) for n in range(1, 9)}
        for word in [*want, *pieces, *regex.findall(r"[\p{L}\p{M}]++", body), *stretches, ""]:
            assert (word in words) == (word in want), (body, word)
            asked += 1
        found += len(want)
    assert found > 20_000 and asked > 1_000_000


def test_a_runs_words_read_chunk_by_chunk_are_those_of_one_scan():
    """quote_names.chunk_words reads a span chunk by chunk between white space and takes a chunk of letters whole:
    the words _TOKEN (a name's words) and FullNames' _WORD (a run's) find in the span (fuzzed spans of fuzzed
    bodies)."""
    import random

    from extractors.quote_full_names import _WORD
    from extractors.quote_names import _TOKEN, chunk_words

    rng = random.Random(17)
    pieces = [*"aBcÉéжЖσΣǅª1.,;:!?\"“”«»()'’-", "\u0301", " ", "  ", "\t", "\n", "\x1c", "\u00a0", "\u2003",
              "Ana", "J.", "J.R.", "O'Neil", "Kerr's", "Jean-Pierre", "Москва", "Müller", "“Leo”", "(BGH)", "St.John"]
    found = 0
    for _ in range(20_000):
        body = _fuzzed(rng, pieces, 0, 20)
        start = rng.randint(0, len(body))
        end = rng.randint(start, len(body))
        for word in (_TOKEN, _WORD):
            want = [(m.start(), m.end(), m.group()) for m in word.finditer(body, start, end)]
            assert chunk_words(word, body, start, end) == want, (body, start, end, word)
            found += len(want)
    assert found > 20_000


def test_a_memo_answers_every_key_as_its_function_does_and_forgets_past_its_bound():
    from extractors.quote_lang import Memo, lang_data

    asked = []
    memo = Memo(lambda key: asked.append(key) or len(key) % 3)
    keys = [f"w{k}" for k in range((1 << 16) + 50)]
    assert [memo[k] for k in keys] == [len(k) % 3 for k in keys]
    assert len(memo) <= 1 << 16 and memo[keys[-1]] == len(keys[-1]) % 3 and len(asked) == len(keys)
    data = lang_data("de")
    for key in [w for keys in _keys_of("de") for w in keys] + ["greenpeace-sprecherin", "ceo'su", ""]:
        assert data.title_openers[key] == bool(data.honorifics.may_open(key) or data.roles.may_open(key)
                                               or "-" in key or "'" in key)


def test_the_marks_cut_around_a_plain_word_are_each_one_item_of_word_re():
    from extractors.quote_lang import _CJK_FIRST, _PUNCTUATION, WORD_RE, _is_word_char

    for mark in _PUNCTUATION:       # one character a match, no word, no apostrophe or hyphen
        assert WORD_RE.findall(f"{mark}{mark}a{mark}") == [mark, mark, "a", mark] and not _is_word_char(mark)
        assert mark not in "'’-‐" and not mark.isspace()
    below = "".join(chr(c) for c in range(ord(_CJK_FIRST)) if chr(c).isalpha())
    assert WORD_RE.findall(below) == [below]    # letters below the first CJK letter: one word
    cjk = [chr(c) for c in range(ord(_CJK_FIRST), 0x110000) if WORD_RE.fullmatch(chr(c)) and chr(c).isalpha()
           and len(WORD_RE.findall(chr(c) * 2)) == 2]
    assert cjk and min(cjk) >= _CJK_FIRST


def test_a_possessive_ending_and_a_nicknames_opening_read_without_a_regex_are_what_the_patterns_find():
    import random

    from extractors.quote_names import _OPENS_NICKNAME, NICKNAME_GAP, _possessive

    possessive = regex.compile(r"['’]s?$")      # the pattern the names read possessives with before (a reference)

    rng = random.Random(7)
    pieces = ["'", "’", "s", "S", "Kerr", "O", "x", "-", "é", "ʼ", "''", "s'", "\u00a0", " ", "“", "«", "„", "»", "‘",
              "Leo", "el", "\"", "”", "‹", "›", "(", "\t", " “Leo” ", "\u00a0«Mo» ", " „el Flaco“ ", " 'Al' "]
    texts = [_fuzzed(rng, pieces, 0, 8) for _ in range(20_000)]
    for word in texts:
        m = possessive.search(word)
        if "\n" not in word:
            assert _possessive(word) == (len(m.group()) if m else 0), word
    gaps = 0
    for text in texts:
        for p in range(len(text)):
            if not _OPENS_NICKNAME[text[p + 1:p + 2]]:
                assert NICKNAME_GAP.match(text, p) is None, text
            gaps += NICKNAME_GAP.match(text, p) is not None
    assert gaps > 20


@pytest.mark.parametrize("lang", ["en", "it", "pt"])       # (French lines are analysed whole: their entities)
def test_a_line_cut_in_parts_up_to_a_space_is_the_start_of_the_line_cut_whole(lang):
    """ArticleText.words(n, upto) cuts a line only up to the first space from ``upto`` on, and on from there when
    asked further (or analysed): each time the first items of the whole line's, all those starting before ``upto``
    among them; the paragraph analysed after is the one analysed from scratch (fuzzed lines)."""
    import random

    from extractors.quote_lang import lang_data
    from extractors.quote_text import ArticleText

    data = lang_data(lang)
    rng = random.Random(lang)
    pieces = ["l'", "dell'", "a-t-il", "dá-lo", "’", "'", "-", " ", "  ", "\t", "\u00a0", "\x1c", "é", "Ana", "lima", ".",
              ",", "«", "»", "“", "”", "3.5", "O'Neil", "said,", "(Lima)", "Dr.", "x", "漢字", "\u2003"]

    def state(items):
        return [(it.text, it.start, it.end, it.key, it.word) for it in items]

    parts = 0
    for _ in range(400):
        body = "\n".join(_fuzzed(rng, pieces, 0, 30) for _ in range(3))
        text, fresh = ArticleText(body, data, [], []), ArticleText(body, data, [], [])
        for n in range(len(text.line_starts)):
            a, b = text.line_span(n)
            whole = state(fresh.para(n).items)
            for _ in range(3):
                upto = rng.randint(a, b + 1)
                words = text.words(n, upto)
                assert state(words) == whole[:len(words)]
                assert len(words) == len(whole) or sum(start < upto for _, start, _, _, _ in whole) <= len(words)
                parts += len(words) < len(whole)
            p = text.para(n)
            assert p.items is words and not text.cuts and not text.cut_to
            assert _paragraph_state(p) == _paragraph_state(fresh.para(n))
    assert parts > 500


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_a_words_answer_kept_by_its_text_is_the_one_read_from_the_item(lang):
    """Reader.cased_name_word keeps its answer by the word's text: every item of that text gets the answer read
    from the item itself (its key is its text folded), asked in any order."""
    import random

    from extractors.quote_lang import cut_items, lang_data
    from extractors.quote_subjects import NameIndex, Reader

    data = lang_data(lang)
    rng = random.Random(lang)
    items = cut_items(SENTENCES[lang] + " " + EXTRA_RUNS.get(lang, "") + " Vierzig CEO NPS 4x4 X-Men l'Ana", 0, data)
    reader = Reader(data, NameIndex(data))
    asked = [(it, first) for it in items for first in (True, False)] * 2
    rng.shuffle(asked)
    for it, first in asked:
        assert reader.cased_name_word(it, first) == Reader(data, NameIndex(data))._cased_name_word(it, first) \
            if it.word else not reader.cased_name_word(it, first)
    assert any(reader.cased_name_word(it, True) for it in items)


def test_a_markup_token_tried_where_its_first_characters_stand_is_the_one_searched_for():
    """markup._search tries a token only where one of the characters it opens with stands (found by a stdlib scan):
    from every position of fuzzed sources, the match token.search finds, for each of the three tokens."""
    import random

    from extractors.markup import _MD_TOKEN, _SHOWN_TOKEN, _TEXT_TOKEN, _search

    rng = random.Random(19)
    pieces = ["<!--", "-->", "<script>", "</script>", "<PRE class='x'>", "</pre>", "<code>", "<b>", "</b>", "<", ">",
              "```", "~~~", "``", "`", "~", "py", "\n", "  ", "   ", "\t", "> ", "text", "[a](b)", "[", "]", "(", ")",
              "{{x}}", "{% y %}", "{", "}", "[1]: http://x \"t\"", "<textarea>", "<STYLE>", "é", "“q”"]
    found = 0
    for _ in range(3_000):
        source = _fuzzed(rng, pieces, 0, 25)
        for token in (_TEXT_TOKEN, _SHOWN_TOKEN, _MD_TOKEN):
            for pos in range(len(source) + 1):
                want = token.search(source, pos)
                got = _search(source, pos, token)
                assert (got and (got.span(), got.lastgroup, got.groupdict())) == \
                    (want and (want.span(), want.lastgroup, want.groupdict())), (source, pos)
                found += want is not None
    assert found > 10_000


@pytest.mark.parametrize("lang", ["en", "de", "fr", "ru", "ja", None])
def test_quote_marks_and_line_breaks_found_by_the_stdlib_are_those_regex_finds(lang):
    """quote_marks.classify finds the marks, and ArticleText its line breaks, with stdlib re instead of regex: the
    same characters at the same offsets in fuzzed bodies."""
    import random
    import re

    from extractors.quote_lang import lang_data
    from extractors.quote_text import ArticleText

    data = lang_data(lang)
    marks = "".join(sorted(set("".join(data.pairs) + "".join(data.pairs.values()))))
    rng = random.Random(lang or "xx")
    pieces = [*marks, *"\n\r\x0b\x0c\u2028\u0085 ab-É]^\\", "said", "“Yes,”", "l'eau", "\n\n"]
    found = 0
    for _ in range(3_000):
        body = _fuzzed(rng, pieces, 0, 30)
        want = [(m.start(), m.group()) for m in regex.finditer(f"[{regex.escape(marks)}]", body)]
        assert [(m.start(), m.group()) for m in re.finditer(f"[{re.escape(marks)}]", body)] == want, body
        assert ArticleText(body, data, [], []).line_starts == [0] + [m.end() for m in regex.finditer(r"\n", body)]
        found += len(want)
    assert found > 10_000


def _particles_by_regex(body: str, end: int, start: int, particles: frozenset[str]) -> list:
    """quote_names._particles_between as it read before: every word after a joiner matched and folded."""
    from extractors.quote_names import _JOINED, _TOKEN

    out = []
    while body[end:end + 1] in _JOINED:
        t = _TOKEN.match(body, end + 1)
        if t is None or t.start() >= start or fold(t.group()) not in particles:
            break
        end = t.end()
        out.append((t.start(), end, False))
    return out


@pytest.mark.parametrize("lang", ["en", "de", "nl", "es", "fr", "ar"])
def test_the_word_before_and_the_particles_read_without_a_regex_are_those_the_patterns_find(lang):
    """quote_names.word_before reads the word before an offset from its end, and _particles_between tries its token
    only after a joiner followed by a letter some particle opens with (or a character that is no ASCII one, or one
    a mark may follow): on fuzzed bodies, what _WORD_BEFORE's search and the plain reading find."""
    import random

    from extractors.quote_lang import lang_data
    from extractors.quote_names import _WORD_BEFORE, _particles_between, word_before

    particles = lang_data(lang).particles
    rng = random.Random(lang)
    pieces = [*sorted(particles)[:12], *(p.title() for p in sorted(particles)[:6]), " ", "  ", "\t", "\u00a0", "Ana",
              "Lima", "é", "e\u0301", "D.", "l'", "O’Neil", "-", ".", "x", "ال", "Ü", "\n", "de\u0301", "Dé"]
    found = 0
    for _ in range(4_000):
        body = _fuzzed(rng, pieces, 0, 20)
        for pos in range(len(body) + 1):
            for reach in (8, 24):
                m = _WORD_BEFORE.search(body, max(0, pos - reach), pos)
                assert word_before(body, pos, reach) == (m.group(1) if m else ""), (body, pos, reach)
                found += m is not None
            stop = rng.randint(pos, len(body) + 1)
            assert _particles_between(body, pos, stop, particles) == _particles_by_regex(body, pos, stop, particles)
    assert found > 3_000


def test_the_items_no_quotation_encloses_read_in_one_walk_are_those_asked_one_by_one():
    """ArticleText.unquoted walks along the quotations' opening marks: on fuzzed bodies with quotations, every
    slice of a line's items keeps the items quote_at finds no quotation around."""
    import random

    from extractors.quote_lang import lang_data
    from extractors.quote_marks import find
    from extractors.quote_text import ArticleText

    data = lang_data("en")
    rng = random.Random(23)
    pieces = ["“", "”", "\"", "'", "«", "»", " ", "  ", "said", "Ana", ",", ".", "“Yes,” she said.", "\n", "‘no’", "x"]
    kept = dropped = 0
    for _ in range(1_500):
        body = _fuzzed(rng, pieces, 0, 40)
        text = ArticleText(body, data, [], find(body, data, []))
        for n in range(len(text.line_starts)):
            items = text.words(n)
            for _ in range(4):
                a = rng.randint(0, len(items))
                b = rng.randint(a, len(items))
                want = [it for it in items[a:b] if not text.quote_at(it.start)]
                assert text.unquoted(items[a:b]) == want, body
                kept += len(want)
                dropped += b - a - len(want)
    assert kept > 5_000 and dropped > 5_000
