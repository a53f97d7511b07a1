"""Dates in many languages, scripts and digit systems, and the language detector."""
from __future__ import annotations

import pytest

from extractors.dates import ascii_digits, dateparser_language, find_date, parse_date
from extractors.language import detect_language, language_code


@pytest.mark.parametrize("text,lang,iso", [
    ("27 septembrie 2019", "ro", "2019-09-27"),
    ("25. Oktober 2019", "de", "2019-10-25"),
    ("27 сентября 2019 г.", "ru", "2019-09-27"),
    ("٢٧ سبتمبر ٢٠١٩", "ar", "2019-09-27"),
    ("۲۷ سپتامبر ۲۰۱۹", "fa", "2019-09-27"),
    ("Oct 25, 2019", "en", "2019-10-25"),
    ("September 27,2022", "zh", "2022-09-27"),
    ("2016年2月29日", "ja", "2016-02-29"),
    ("2018년 4월 13일", "ko", "2018-04-13"),
    ("19 de abril de 2021", "es", "2021-04-19"),
    ("27 de setembro de 2019", "pt", "2019-09-27"),
    ("22 février 2019", "fr", "2019-02-22"),
    ("16 Ocak 2018", "tr", "2018-01-16"),
    ("15 Δεκέμβριος 2017", "el", "2017-12-15"),
    ("25 Oktober 2019", "id", "2019-10-25"),
    ("1 luglio 2021", "it", "2021-07-01"),
    ("2019. október 25.", "hu", "2019-10-25"),
    ("১৫ আগস্ট ২০২০", "bn", "2020-08-15"),
    ("25.10.2019", "de", "2019-10-25"),
    ("2019-10-25T08:00:00+02:00", None, "2019-10-25"),
    ("۲۲ اسفند ۱۳۹۸", "fa", "2020-03-12"),          # Solar Hijri
    ("سه‌شنبه ۵ مهر ۱۳۹۸", "fa", "2019-09-27"),
    ("١٥ رمضان ١٤٤١ هـ", "ar", "2020-05-08"),       # Islamic calendar
])
def test_dates_in_any_language_and_digit_system(text, lang, iso):
    assert parse_date(text, lang) == iso


def test_fallback_languages_then_every_language():
    # The tweet is Indonesian, the embed's interface Italian: the article's language cannot read it.
    assert parse_date("25 novembre 2016", "en", ()) == "2016-11-25"
    assert parse_date("25 novembre 2016", "id", ("it",)) == "2016-11-25"


def test_language_codes_as_pages_write_them():
    assert dateparser_language("pt-BR") == "pt"
    assert dateparser_language("in") == "id"  # Twitter's old code for Indonesian
    assert dateparser_language("und") is None
    assert parse_date("19 de abril de 2021", "und") == "2021-04-19"


@pytest.mark.parametrize("code,primary", [
    ("pt-BR", "pt"), ("en_US", "en"), (" DE ", "de"), ("in", "id"), ("in-ID", "id"), ("IW", "he"), ("no", "nb"),
    ("und", "und"), ("", None), (None, None),
])
def test_one_form_of_a_declared_language_code(code, primary):
    assert language_code(code) == primary


def test_quote_data_of_an_old_language_code():
    from extractors.quote_lang import lang_data

    assert lang_data("in").code == lang_data("in-ID").code == "id"  # Indonesian data, not the common data alone


@pytest.mark.parametrize("text,date,span", [
    ("Publicat: 2019-10-25Te-ai alăturat?", "2019-10-25", "2019-10-25"),
    ("Posted: October 28, 2019Some more text", "2019-10-28", "October 28, 2019"),
    ("kami pada hari Jumat, 25 Oktober 2019, satu hal", "2019-10-25", "25 Oktober 2019"),
])
def test_the_date_span_is_cut_out_of_running_text(text, date, span):
    iso, start, end = find_date(text, None)
    assert iso == date and text[start:end] == span


@pytest.mark.parametrize("text", ["", "hello world", "version 2019", "Oktober 2019", "$12 to $22", "2 days ago",
                                  "1571961600", "15 1441", "Camp 1398", "15 فوو 1441"])
def test_no_date(text):
    assert parse_date(text, "en") is None


def test_digits_of_every_script_become_ascii():
    assert ascii_digits("٢٧ ۲۷ ২৭ ๒๗ ２７ 27") == "27 27 27 27 27 27"
    assert ascii_digits("⁰") == "⁰"  # a superscript is no decimal digit


@pytest.mark.parametrize("text,iso", [
    ("Întrebare interesantă, deoarece FB tocmai a spus că politicienii nu trebuie să respecte regulile.", "ro"),
    ("Saya suka memikirkan layanan pelanggan sebagai komponen pengalaman pelanggan yang sangat penting. "
     "Pengalaman pelanggan juga mencakup titik kontak lain dengan perusahaan.", "id"),
    ("Η εμπειρία του πελάτη εξελίσσεται διαρκώς όσο νέα προϊόντα εισάγονται στην αγορά.", "el"),
    ("این قسمت به خودی خود یک مبحث کامل است، اما در مورد شخصی سازی به عنوان یک پیش زمینه", "fa"),
    ("Il numero fortunato 13, infine, tecnicamente in numerologia è il numero quattro.", "it"),
    ("Судя по числу твитов, в течение часа в студию просто обязан прийти кто-то.", "ru"),
    ("生成AIを使う流れからは逃げられそうにないことを感じました。", "ja"),
])
def test_detect_language(text, iso):
    assert detect_language(text) == iso


def test_detect_language_of_nothing():
    assert detect_language("") is None
    assert detect_language("123 456 !!! https://t.co/abc") is None


_LONG = {
    "en": "The harbour committee met on Tuesday evening to discuss the new ferry timetable, which several islanders "
          "had criticised in letters to the council. The chair said the later departures would suit commuters, "
          "while a fisherman who spoke at the meeting warned that the early boat was the only one his crew could "
          "use. After two hours of debate the committee agreed to publish a revised draft next month and to hold "
          "a second meeting in the village hall, where more residents would be able to attend and be heard.",
    "de": "Der Hafenausschuss hat am Dienstagabend über den neuen Fahrplan der Fähre beraten, den mehrere Bewohner "
          "der Insel in Briefen an den Gemeinderat kritisiert hatten. Die Vorsitzende sagte, die späteren Abfahrten "
          "kämen den Pendlern entgegen, während ein Fischer warnte, dass seine Mannschaft nur das frühe Boot nutzen "
          "könne. Nach zwei Stunden einigte sich der Ausschuss darauf, im nächsten Monat einen überarbeiteten "
          "Entwurf zu veröffentlichen und eine zweite Sitzung im Gemeindehaus abzuhalten.",
    "es": "El comité del puerto se reunió el martes por la tarde para hablar del nuevo horario del transbordador, "
          "que varios vecinos de la isla habían criticado en cartas al ayuntamiento. La presidenta dijo que las "
          "salidas más tardías convenían a quienes trabajan en tierra firme, mientras que un pescador advirtió que "
          "su tripulación solo podía usar el primer barco. Tras dos horas de debate, el comité acordó publicar un "
          "borrador revisado el mes próximo y celebrar una segunda reunión en la casa del pueblo.",
}


@pytest.mark.parametrize("iso", sorted(_LONG))
def test_a_long_text_in_one_language_is_decided_without_lingua(iso):
    from extractors.language import _sure

    assert _sure(_LONG[iso]) == iso
    assert detect_language(_LONG[iso]) == iso


@pytest.mark.parametrize("first, second", [("en", "de"), ("de", "en"), ("es", "en"), ("de", "es")])
def test_a_text_in_two_languages_goes_to_lingua_among_the_languages_cld2_saw(first, second):
    from extractors.language import FAST_MIN_CHARS, _cld2, _detector_of, detector

    mixed = _LONG[first][:300] + "\n\n" + _LONG[second][:300]
    assert len(mixed) >= FAST_MIN_CHARS
    sure, seen = _cld2(mixed)
    assert sure is None and {first, second} <= seen
    everywhere = detector().detect_language_of(mixed).iso_code_639_1.name.lower()
    assert detect_language(mixed) == _detector_of(seen).detect_language_of(mixed).iso_code_639_1.name.lower() \
        == everywhere
