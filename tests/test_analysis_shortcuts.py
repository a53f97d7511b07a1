"""The shortcuts the quotation stages take for speed give the answers of the slow way they replace."""
from __future__ import annotations

import pytest

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
