"""Hashtags, mentions and URLs by twitter-text's rules, on invented tweets in several languages.

Each case stands for one class of failure the conformance suite found (tests/test_entities_conformance.py
runs the suite itself); the one deliberate difference from twitter-text is tested here too.
"""
from __future__ import annotations

import pytest

from extractors import entities


@pytest.mark.parametrize("text,hashtags", [
    ("Noticia importante #ארה״ב y #col·legi hoy", ("ארה״ב", "col·legi")),       # gershayim, Catalan middle dot
    ("#東京・大阪 の旅と #メ～テレ と #メ〜テレ", ("東京・大阪", "メ～テレ", "メ〜テレ")),  # katakana dot, tildes
    ("བོད་ #བོད་ཡིག་ ལ", ("བོད་ཡིག་",)),                                           # Tibetan tsheg
    ("Два тега #раз〃два и #раз", ("раз〃два", "раз")),                          # ditto mark: two distinct tags
    ("Adoro ❤️#praia e ✌︎#sol", ("praia", "sol")),                                # after a variation selector
    ("🇧🇷 #Brasil2026 #2026", ("Brasil2026",)),                                   # digits alone make no hashtag
    ("Preis 3#4, C# und F#, #tag#zwei", ()),                                       # glued to a letter or a "#"
])
def test_hashtags_hold_what_twitter_text_allows(text, hashtags):
    assert entities.hashtags(text) == hashtags


def test_a_hashtag_glued_after_cjk_or_thai_is_one_on_purpose():
    """The deliberate difference: twitter-text wants no letter before "#"; these scripts write no space."""
    assert entities.hashtags("東京で会議中#京都旅行") == ("京都旅行",)
    assert entities.hashtags("สวัสดีครับ#กรุงเทพ") == ("กรุงเทพ",)
    assert entities.hashtags("hello#world") == ()


@pytest.mark.parametrize("text,urls", [
    ("Leia http://example.org/Привет_мир agora", ("http://example.org/Привет_мир",)),
    ("Смотрите https://пример.рф/путь сегодня", ("https://пример.рф/путь",)),
    ("Lisez https://exemple.fr/l’été-à-paris ici", ("https://exemple.fr/l",)),  # ’ ends a path, as in twitter-text
    ("Veja bit.ly/3xYzAb e nyti.ms/4abcD e t.co/Zz9Qw", ("bit.ly/3xYzAb", "nyti.ms/4abcD", "t.co/Zz9Qw")),
    ("東京の記事はexample.jp/newsです", ("example.jp/news",)),
    ("Leia https://t.co/AbC123’s texto", ("https://t.co/AbC123",)),            # a t.co link ends after its slug
    ("Neue Regeln https://t.co/AbCd12#Verkehr", ("https://t.co/AbCd12",)),
    ("Ver https://exemplo.com.br/a_(b)_c. Fim", ("https://exemplo.com.br/a_(b)_c",)),
    ("versão 2.0, arquivo.txt, foto.jpg e site.io", ("site.io",)),             # no TLD, no URL
    ("mail: nome@exemplo.com.br, $loja.net, #tema.org", ()),                    # after "@", "$", "#": none
    ("http://sem-dominio e http://curto.x", ()),
])
def test_urls(text, urls):
    assert entities.urls(text) == urls


def test_a_hashtag_glued_to_a_tco_link_is_a_hashtag_and_the_link_ends_before_it():
    text = "Aturan baru mulai hari ini https://t.co/Qw3Er7#LaluLintas"
    assert entities.urls(text) == ("https://t.co/Qw3Er7",)
    assert entities.hashtags(text) == ("LaluLintas",)


def test_a_fragment_inside_a_longer_url_is_no_hashtag():
    assert entities.hashtags("Leia https://exemplo.com.br/pagina#secao e example.com/#parte") == ()


@pytest.mark.parametrize("text,mentions", [
    ("RT@lena_v: ótimo rt:@outra_pessoa Rt @mais_um", ("lena_v", "outra_pessoa", "mais_um")),
    ("Falei com @joãozinho e @maria_s", ("maria_s",)),          # cut before an accented letter: no mention
    ("Listas: @lena_v/amigos e @ze/7dias", ("lena_v", "ze")),
    ("correio nome@exemplo.pt ou a@b@c", ()),
    ("Veja https://medium.com/@autora/texto", ()),
])
def test_mentions(text, mentions):
    assert entities.mentions(text) == mentions


def test_url_spans_index_the_text():
    text = "Lee esto: bit.ly/3xYz y https://t.co/AbCd12#tema"
    for start, end, url in entities.url_spans(text):
        assert text[start:end] == url


@pytest.mark.parametrize("text,urls", [
    ("a." * 30_000, ()),                                # dots and no TLD
    ("a." * 30_000 + "com", ()),                        # a domain after a dot is part of something else
    ("これは." * 20_000, ()),
    ("http://" + "a-" * 30_000, ()),
    ("x.com/" + "a!" * 30_000, ()),                     # longer than twitter-text's 4,096: no URL
    ("x.com/" + "a!" * 1_000, ("x.com/" + "a!" * 999 + "a",)),   # the path ends at its last letter
    ("http://e.com/" + "(" * 30_000, ("http://e.com/",)),
])
def test_long_inputs_give_an_answer(text, urls):
    """Inputs that make twitter-text's own expression backtrack for minutes (bench/bench_entities.py
    measures the time): the answer is there, and right."""
    assert entities.urls(text) == urls
