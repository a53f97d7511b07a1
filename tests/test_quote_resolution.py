"""The resolution stage's pure parts: a name cut out of the words around it, a one-word name expanded to the
article's fuller one, a person's gender from what the text marks, Russian names in the nominative.

Every sentence and name here is invented.
"""
from __future__ import annotations

import pytest

from extractors.quote_gender import FEMALE, MALE, gender_data, verb_gender, word_gender
from extractors.quote_lang import fold, lang_data
from extractors.quote_morph import name_gender, name_key, nominative, possessor_words
from extractors.quote_names import Names, trim


def trimmed(lang: str, text: str) -> str:
    return text[slice(*trim(text, 0, len(text), lang_data(lang)))]


@pytest.mark.parametrize("lang,text,name", [
    ("en", "Halifax's Tom Brandt", "Tom Brandt"),                       # a possessive place
    ("en", "Plumber Dana Whitlock", "Plumber Dana Whitlock"),             # an unknown word: left as is
    ("en", "Senator Lee Hamm Says", "Lee Hamm"),                         # a title, a headline verb
    ("en", "Rep. Nora Quist (D-Ore", "Nora Quist"),                      # a party in brackets
    ("en", "For Maria Ostrova", "Maria Ostrova"),                        # a capitalised word opening the sentence
    ("de", "Der Hafenmeister Jens Ahlgrim", "Jens Ahlgrim"),             # article and role noun
    ("de", "Gewerkschaftsvorstand Uwe Brandes", "Uwe Brandes"),          # a role compound
    ("de", "Statiker Jürgen Pohl", "Jürgen Pohl"),                       # an agent noun's ending
    ("de", "Meinung von Lisa Hartmann", "Lisa Hartmann"),                # a particle before a two-word name…
    ("de", "Ursula von der Heide", "Ursula von der Heide"),              # …unlike before a surname
    ("es", "la ministra Ana Belén Ruiz", "Ana Belén Ruiz"),
    ("ru", "мэр Светлогорска Сергей Ланин", "Сергей Ланин"),             # a title's genitive complement
    ("ru", "экономист Альфа-банка Ирина Котова", "Ирина Котова"),        # an organisation before the name
])
def test_trim_keeps_only_the_name(lang, text, name):
    assert trimmed(lang, text) == name


@pytest.mark.parametrize("lang,text,short,full", [
    ("en", "Ruth DeWitt chairs the board. Later DeWitt said no.", "DeWitt", "Ruth DeWitt"),
    ("en", "Ruth DeWitt chairs the board. Later Ruth said no.", "Ruth", "Ruth DeWitt"),
    ("fr", "Le maire Paul Durand est arrivé. Durand a parlé.", "Durand", "Paul Durand"),
    # two people share the surname: left as written
    ("en", "Ann Kerr and Bob Kerr arrived. Kerr said no.", "Kerr", "Kerr"),
    # the fuller name may come after it
    ("pt", "Lima falou primeiro. Depois, Jéssica Lima respondeu.", "Lima", "Jéssica Lima"),
    # case forms of one name meet where names inflect
    ("ru", "Корреспондент говорил с Мариной Зуевой. Потом Зуева ушла.", "Зуева", "Мариной Зуевой"),
    # given names open the fuller name
    ("es", "Ana Belén Quiroga abrió la tienda. «Hoy vendimos todo», dijo Ana Belén.", "Ana Belén", "Ana Belén Quiroga"),
    # a descriptor before the name, and a headline in title case, are no part of the person
    ("en", "Rival Nora Quist spoke. Later Nora Quist and Ann Kerr met. Quist said no.", "Quist", "Nora Quist"),
    ("en", "Senator Nora Quist Rejects New Budget Plan\nThe senator spoke. Nora Quist said no. Quist left.", "Quist",
     "Nora Quist"),
    # an article alone is no particle of a name where nouns are capitalised
    ("de", "Das sagte Claus Brenner der Zeitung. Später sprach Brenner.", "Brenner", "Claus Brenner"),
    # a surname of two words, with its given name before it once
    ("pt", "O engenheiro Otávio Brandão Leite chegou cedo. Depois, Brandão Leite falou.", "Brandão Leite",
     "Otávio Brandão Leite"),
    ("it", "Il pm Salvatore Lo Cascio ha parlato. Poi Lo Cascio è uscito.", "Lo Cascio", "Salvatore Lo Cascio"),
    ("en", "Designer Marta Paz Okoye joined in 2019. Paz Okoye said no.", "Paz Okoye", "Marta Paz Okoye"),
    # …but a party label or a noun before a full name is no given name
    ("en", "Republican Nora Quist spoke. Nora Quist said no.", "Nora Quist", "Nora Quist"),
    ("de", "Der Beamte Jonas Keller sprach. Jonas Keller ging.", "Jonas Keller", "Jonas Keller"),
])
def test_a_shorter_name_is_the_fuller_one(lang, text, short, full):
    at = text.rindex(short)
    s, e = Names(text, lang_data(lang)).expand(at, at + len(short))
    assert text[s:e] == full


def test_gender_data_reads_a_language_section():
    g = gender_data({"masculine_pronouns": ["He"], "feminine_pronouns": ["she"], "feminine_role_endings": ["in"],
                     "masculine_verb_endings": ["л"], "feminine_verb_endings": ["ла"]}, fold)
    assert g.pronouns == {"he": MALE, "she": FEMALE}
    assert verb_gender("сказала", g) == FEMALE and verb_gender("сказал", g) == MALE
    assert word_gender("ministerin", True, g) == FEMALE and word_gender("ministerin", False, g) is None
    assert word_gender("in", True, g) is None                    # an ending alone is no word


@pytest.mark.parametrize("lang,word,gender", [
    ("en", "she", FEMALE), ("de", "er", MALE), ("fr", "elle", FEMALE), ("es", "él", MALE), ("it", "lei", FEMALE),
    ("pt", "ela", FEMALE), ("nl", "hij", MALE), ("pl", "ona", FEMALE), ("ru", "он", MALE), ("ro", "ea", FEMALE),
    ("el", "αυτή", FEMALE),
])
def test_every_language_marks_its_pronouns(lang, word, gender):
    assert lang_data(lang).gender.pronouns[fold(word)] == gender


def test_russian_names_in_the_nominative_with_their_gender():
    ru = lang_data("ru")
    assert nominative(["Андрея", "Волкова"], ru) == ["Андрей", "Волков"]
    assert nominative(["Ириной", "Котовой"], ru) == ["Ирина", "Котова"]
    assert nominative(["Трейси", "Уоллес"], ru) == ["Трейси", "Уоллес"]       # not in the dictionary: as written
    assert name_gender(["Ириной", "Котовой"], ru) == FEMALE and name_gender(["Андрея"], ru) == MALE
    assert name_key("Котовой", ru) == name_key("Котова", ru)


def test_a_relative_s_name_in_the_genitive_before_a_first_name_is_no_part_of_it():
    ru = lang_data("ru")
    assert possessor_words(["Сафроновой", "Алина"], ru) == 1         # Safronova's daughter, Alina
    assert possessor_words(["Сергея", "Ильина"], ru) == 0            # one name, in the genitive
    assert possessor_words(["Ирина", "Котова"], ru) == 0
    assert possessor_words(["Mariny", "Zujewej"], lang_data("pl")) == 0    # no analyser: as written


def test_languages_without_an_analyser_keep_names_as_written():
    pl = lang_data("pl")
    assert nominative(["Mariny", "Zujewej"], pl) == ["Mariny", "Zujewej"]
    assert name_gender(["Marina"], pl) is None and name_key("Marina", pl) is None


def test_a_possessive_is_no_part_of_the_name():
    text = "Ian Kerr's caddie waited. Later Kerr said no."
    at = text.rindex("Kerr")
    s, e = Names(text, lang_data("en")).expand(at, at + 4)
    assert text[s:e] == "Ian Kerr"
    assert trimmed("en", "Ian Kerr's") == "Ian Kerr"


def test_a_surname_after_particles_is_expanded():
    text = "Samir Al Basri runs the bakery. “We open at five,” Al Basri said."
    at = text.rindex("Al Basri")
    s, e = Names(text, lang_data("en")).expand(at, at + len("Al Basri"))
    assert text[s:e] == "Samir Al Basri"


@pytest.mark.parametrize("text,full", [
    # two people share the surname: the one named in full last, a sentence or more before
    ("Bill Hart spoke first. Later his sister Ann Hart took the stage. Hart said the plan was late.", "Ann Hart"),
    # both named in one sentence: nobody can tell, so it stays as written
    ("Ann Hart and her brother Bill Hart run the shop. Hart said the plan was late.", "Hart"),
])
def test_a_shared_surname_is_the_person_named_last(text, full):
    at = text.rindex("Hart")
    s, e = Names(text, lang_data("en")).expand(at, at + 4)
    assert text[s:e] == full


def test_a_hyphenated_descriptor_is_no_part_of_the_name():
    assert trimmed("en", "Eleven-year-old Tilly Pellingham") == "Tilly Pellingham"


def test_a_gender_word_inside_the_quotation_before_a_name_marks_nobody():
    from extractors.quote_marks import find
    from extractors.quote_person_gender import person_genders
    from extractors.quote_text import ArticleText
    data = lang_data("en")
    for body, want in [("“He is legally our son,” Moreau said.", {}),
                       ("Her son Tom Moreau was there.", {"moreau": MALE, "tom moreau": MALE})]:
        text = ArticleText(body, data, [], find(body, data, []))
        at = body.index("Moreau")
        start = body.index("Tom") if "Tom" in body else at
        assert person_genders(text, [(start, at + len("Moreau"))]) == want
