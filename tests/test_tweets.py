"""Embedded tweets: pasted text with a "— Name (@handle) date" byline, and Twitter's embed HTML."""
from __future__ import annotations


import pytest

from extractors import entities
from extractors.document import read_document
from extractors.records import Document
from extractors.tweets import extract_tweets


def tweets_of(source: str, kind: str = "text", lang: str | None = "en"):
    """Tweets of a document whose language is given (pasted tweets take it), read as the flow reads it."""
    doc = read_document(source, kind) if lang is None else Document(
        source=source, body=source if kind != "html" else "", kind=kind, lang=lang)
    return extract_tweets(doc)


PROSE = "Un párrafo de prosa que cuenta lo que pasó durante la conversación de ayer en la red social."


# --- pasted tweets -------------------------------------------------------------------------------------

@pytest.mark.parametrize("dash", ["—", "–", "-", "―", "‒", "--"])
def test_every_dash_opens_a_byline(dash):
    source = (f"{PROSE}\nLa transparencia es clave. #CXTweetChat\n"
              f"{dash} Ana Pérez (@anaperez) 27 de septiembre de 2019\n")
    [tweet] = tweets_of(source, lang="es")
    assert tweet.text == "La transparencia es clave. #CXTweetChat"
    assert (tweet.author_name, tweet.handle) == ("Ana Pérez", "anaperez")
    assert (tweet.date_text, tweet.date, tweet.lang) == ("27 de septiembre de 2019", "2019-09-27", "es")
    assert source[tweet.start:tweet.end] == source[len(PROSE) + 1:].rstrip("\n")


@pytest.mark.parametrize("lang,date_text,iso", [
    ("ro", "27 septembrie 2019", "2019-09-27"),
    ("de", "25. Oktober 2019", "2019-10-25"),
    ("ru", "27 сентября 2019 г.", "2019-09-27"),
    ("ar", "٢٧ سبتمبر ٢٠١٩", "2019-09-27"),
    ("fa", "۲۷ سپتامبر ۲۰۱۹", "2019-09-27"),
    ("en", "Oct 25, 2019", "2019-10-25"),
    ("ja", "2016年2月29日", "2016-02-29"),
    ("tr", "16 Ocak 2018", "2018-01-16"),
    ("pt", "27 de setembro de 2019", "2019-09-27"),
    ("fr", "22 février 2019", "2019-02-22"),
    ("es", "19 de abril de 2021", "2021-04-19"),
])
def test_byline_dates_in_any_language_script_and_digits(lang, date_text, iso):
    [tweet] = tweets_of(f"Texto.\nUn tuit cualquiera\n— Nombre (@handle) {date_text}", lang=lang)
    assert (tweet.date_text, tweet.date, tweet.lang) == (date_text, iso, lang)


@pytest.mark.parametrize("name", [
    "Stephanie Thum, CCXP",
    "Dan Gingiss – Pembuat Pengalaman",
    "Dan Gingiss - Experience Maker",
    "Vincenzo Landino 🍷",
    "Naba (ナーバ)",
    "nchika@ぱぷちか",
    "john heald",
    "عيسى العنزي",
])
def test_names_with_commas_dashes_emoji_parens(name):
    [tweet] = tweets_of(f"Intro.\nThe tweet text here.\n— {name} (@some_one) Oct 25, 2019")
    assert (tweet.author_name, tweet.handle, tweet.date) == (name, "some_one", "2019-10-25")


@pytest.mark.parametrize("byline", [
    "— Peter Drucker",
    "— Peter Drucker, Management",
    "– Anonymous (1999)",
    "- a plain list item",
    "— Jane (@jane) said this and much more in a long sentence that goes on",
])
def test_a_dash_line_without_a_handle_and_date_is_no_tweet(byline):
    assert tweets_of(f"Culture eats strategy for breakfast.\n{byline}\nMore prose.") == []


def test_seed_layout_takes_only_the_line_above_the_byline():
    source = ("Title\nFirst paragraph of prose.\nSecond paragraph of prose, right above the tweet.\n"
              "A2. The tweet itself. #chat\n— Jason Rose (@rosejason) 27 septembrie 2019\nMore prose.\n"
              "Nordstrom:\nA4. Another tweet.\n— Z Johnson (@zontziry) 25 Oktober 2019\n")
    first, second = tweets_of(source)
    assert (first.text, first.label, second.text, second.label) == (
        "A2. The tweet itself. #chat", "A2", "A4. Another tweet.", "A4")
    assert (first.seq, second.seq) == (1, 2)


def test_multi_line_tweet_set_off_by_blank_lines():
    source = (f"# Title\n\n{PROSE}\n\nPrimera línea del tuit\nsegunda línea https://t.co/abc\n"
              "— Ana (@ana) 25 Oktober 2019\n\nMás prosa.\n")
    [tweet] = tweets_of(source, "markdown")
    assert tweet.text == "Primera línea del tuit\nsegunda línea https://t.co/abc"
    assert tweet.urls == ("https://t.co/abc",)
    assert source[tweet.start:tweet.end].startswith("Primera") and source[tweet.end - 4:tweet.end] == "2019"


def test_multi_line_tweet_in_a_blank_line_text_file():
    source = f"Title\n\n{PROSE}\n\nLine one\nline two\n\n— Ana (@ana) Oct 25, 2019\n\n{PROSE}\n"
    [tweet] = tweets_of(source)
    assert tweet.text == "Line one\nline two"


def test_paragraph_too_long_for_a_tweet_is_cut_to_its_last_line():
    source = f"Title\n\n{PROSE * 8}\nThe tweet.\n— Ana (@ana) Oct 25, 2019\n"
    [tweet] = tweets_of(source, "markdown")
    assert tweet.text == "The tweet."


def test_pasted_tweet_in_a_markdown_quote():
    source = "Intro.\n\n> Quoted tweet\n>\n> second paragraph #tag\n> — Someone (@some1) 27 de setembro de 2019\n\nEnd."
    [tweet] = tweets_of(source, "markdown", lang="pt")
    assert tweet.text == "Quoted tweet\nsecond paragraph #tag"
    assert (tweet.handle, tweet.date, tweet.hashtags) == ("some1", "2019-09-27", ("tag",))


def test_byline_date_as_a_markdown_link_gives_the_status():
    source = "Intro.\n\nThe tweet\n— Ana (@ana) [October 28, 2019](https://x.com/ana/status/123456?s=20)\n"
    [tweet] = tweets_of(source, "markdown")
    assert (tweet.date_text, tweet.date) == ("October 28, 2019", "2019-10-28")
    assert (tweet.status_url, tweet.tweet_id) == ("https://x.com/ana/status/123456", "123456")


def test_markdown_escaped_handle_is_undone():
    [tweet] = tweets_of("Intro.\n\nHello\n— Tak (@\\_Alignof) September 13, 2020\n", "markdown")
    assert tweet.handle == "_Alignof"


def test_a_markdown_list_of_people_is_no_tweet():
    assert tweets_of("Speakers:\n\n- Jane Doe (@jane) 2019\n- John Roe (@john) 2020\n", "markdown") == []


def test_pasted_tweet_in_html_paragraphs():
    source = ("<html><body><article><p>Ein Absatz.</p><blockquote><p>Das ist ein Tweet &amp; mehr #tag</p>"
              "<p>&mdash; Max Mustermann (@maxm) 25. Oktober 2019</p></blockquote><p>Ende.</p></article></body></html>")
    [tweet] = tweets_of(source, "html", lang="de")
    assert (tweet.text, tweet.author_name, tweet.handle, tweet.date) == (
        "Das ist ein Tweet & mehr #tag", "Max Mustermann", "maxm", "2019-10-25")
    assert source[tweet.start:tweet.end] == (
        "Das ist ein Tweet &amp; mehr #tag</p><p>&mdash; Max Mustermann (@maxm) 25. Oktober 2019")


# --- embeds --------------------------------------------------------------------------------------------

EMBED = ('<blockquote class="twitter-tweet" data-lang="{data_lang}"><p lang="{lang}" dir="ltr">{text}</p>'
         '&mdash; {name} (@{handle}) <a href="https://{host}/{handle}/status/{id}?ref_src=twsrc%5Etfw">{date}</a>'
         '</blockquote>')


def embed(text="Hello world", name="Some One", handle="someone", host="twitter.com", id="123", date="October 7, 2022",
          lang="en", data_lang="en"):
    return EMBED.format(text=text, name=name, handle=handle, host=host, id=id, date=date, lang=lang,
                        data_lang=data_lang)


def test_embed_fields_and_offsets():
    html = embed(text="Should HTML get &lt;accordion&gt;?<br>It&#39;s   time  <a href='x'>#html</a>&nbsp;",
                 host="x.com", id="1578512416052166656")
    source = f"Intro paragraph.\n\n<div class=\"tweet-wrapper\">{html}\n<script src=\"w.js\"></script></div>\n"
    [tweet] = tweets_of(source, "markdown", lang="tr")
    assert tweet.text == "Should HTML get <accordion>?\nIt's time #html"
    assert (tweet.author_name, tweet.handle, tweet.lang) == ("Some One", "someone", "en")
    assert (tweet.date_text, tweet.date) == ("October 7, 2022", "2022-10-07")
    assert tweet.status_url == "https://x.com/someone/status/1578512416052166656"
    assert tweet.tweet_id == "1578512416052166656"
    assert tweet.hashtags == ("html",)
    assert source[tweet.start:tweet.end] == html


def test_embed_attributes_in_any_order_and_extra_classes():
    source = ('<figure><blockquote  data-dnt="true"  class="center twitter-tweet tw-align-center" >'
              '<p dir="ltr" lang="ja">テスト</p>— Naba (ナーバ) (@Naba0123) '
              '<a href="https://twitter.com/Naba0123/status/1">January 16, 2016</a></blockquote></figure>')
    [tweet] = tweets_of(source, "html", lang="ja")
    assert (tweet.text, tweet.author_name, tweet.handle, tweet.lang) == ("テスト", "Naba (ナーバ)", "Naba0123", "ja")


def test_embed_language_is_written_as_the_embed_declares_it():
    assert tweets_of(embed(lang="und"), "markdown")[0].lang == "und"
    assert tweets_of(embed(lang="in"), "markdown")[0].lang == "in"


def test_embed_date_is_read_in_the_embed_interface_language():
    [tweet] = tweets_of(embed(lang="en", data_lang="it", date="25 novembre 2016"), "markdown", lang="en")
    assert tweet.date == "2016-11-25"
    [tweet] = tweets_of(embed(lang="ko", data_lang="ko", date="2018년 4월 13일"), "markdown")
    assert tweet.date == "2018-04-13"


def test_embed_in_a_markdown_quote():
    source = ('Text.\n\n> <blockquote class="twitter-tweet"><p lang="ko" dir="ltr">첫 줄<br>\n> 둘째 줄</p>\n'
              '> &mdash; ㄹ (@disjukr) <a href="https://twitter.com/disjukr/status/98">2018년 4월 13일</a></blockquote>\n')
    [tweet] = tweets_of(source, "markdown", lang="ko")
    assert (tweet.text, tweet.author_name, tweet.handle) == ("첫 줄\n둘째 줄", "ㄹ", "disjukr")


def test_pandoc_rewritten_embed():
    source = ('<blockquote class="twitter-tweet">\n<p lang="pt" dir="ltr">\nSábado na <a href="https://twitter.com/t">'
              '<span class="citation">@thoughtworksbr</span></a> , fotos: '
              '<a href="https://t.co/F">pic.twitter.com/FfW8</a>\n'
              '</p>\n— R-Ladies São Paulo (<span class="citation">@RLadiesSaoPaulo</span>) '
              '<a href="https://twitter.com/RLadiesSaoPaulo/status/1165?ref_src=tw">August 24, 2019</a>\n</blockquote>')
    [tweet] = tweets_of(source, "html", lang="pt")
    assert tweet.text == "Sábado na @thoughtworksbr , fotos: pic.twitter.com/FfW8"
    assert (tweet.author_name, tweet.handle, tweet.date) == ("R-Ladies São Paulo", "RLadiesSaoPaulo", "2019-08-24")
    assert (tweet.mentions, tweet.urls) == (("thoughtworksbr",), ("pic.twitter.com/FfW8",))


def test_markdown_escaped_handle_in_an_embed():
    [tweet] = tweets_of(embed(name="and rsp,-0x10", handle="\\_Alignof"), "markdown")
    assert (tweet.author_name, tweet.handle) == ("and rsp,-0x10", "_Alignof")


def test_embeds_and_pasted_tweets_are_numbered_in_order():
    source = (f"Intro.\n\n{embed(text='first')}\n\nsecond\n— B (@b) Oct 1, 2019\n\n{embed(text='third', id='3')}\n")
    assert [(t.seq, t.text) for t in tweets_of(source, "markdown")] == [(1, "first"), (2, "second"), (3, "third")]


@pytest.mark.parametrize("source", [
    "```html\n" + embed() + "\n```\n",                        # embed code shown in a tutorial
    "<!-- " + embed() + " -->",                               # commented out
    "See https://twitter.com/a/status/123 and [this](https://x.com/a/status/1).",
    '<Twitter url="https://twitter.com/p1ass/status/1"/>',     # an MDX component, no blockquote
    "> A Markdown quote\n> — and a dash line\n",
    "&lt;blockquote class=\"twitter-tweet\"&gt;escaped&lt;/blockquote&gt;",
    '<blockquote class="not-twitter-tweet"><p>x</p>&mdash; A (@a) Oct 1, 2019</blockquote>',
])
def test_no_tweet(source):
    assert tweets_of(source, "markdown") == []


@pytest.mark.parametrize("source", [
    '<blockquote class="twitter-tweet"><p lang="en">unclosed <b>bold',
    '<blockquote class="twitter-tweet">',
    '<blockquote class="twitter-tweet"></blockquote>',
    '<blockquote class=twitter-tweet><p>no byline</p></blockquote>',
    '<blockquote class="twitter-tweet"><p>a</p><blockquote>nested</blockquote>&mdash; A (@a)</blockquote>',
    '<blockquote class="twitter-tweet" <p>>>&mdash; (@) <a href="https://twitter.com/">x</a>',
])
@pytest.mark.parametrize("kind", ["text", "markdown", "html"])
def test_broken_embed_html_does_not_crash(source, kind):
    found = tweets_of(f"Before.\n\n{source}\n\nAfter.", kind)
    for tweet in found:
        assert 0 <= tweet.start < tweet.end


def test_unclosed_embed_ends_with_its_block():
    source = 'Before.\n\n<blockquote class="twitter-tweet"><p>text</p>&mdash; A (@a)\n\nAfter the block.'
    [tweet] = tweets_of(source, "markdown")
    assert (tweet.text, tweet.handle) == ("text", "a")
    assert "After" not in source[tweet.start:tweet.end]


def test_embed_without_paragraph_or_link():
    source = '<blockquote class="twitter-tweet">Just text — Ann (@ann) 3 March 2020</blockquote>'
    [tweet] = tweets_of(source, "markdown")
    assert (tweet.text, tweet.author_name, tweet.handle, tweet.date_text, tweet.date) == (
        "Just text", "Ann", "ann", "3 March 2020", "2020-03-03")


# --- entities and labels -------------------------------------------------------------------------------

def test_entities_distinct_in_order_as_written():
    text = ("A6: Folosiți @everlane @andieswim etc #CXTweetchat Dovada ⁰@SAP_CX #SAP_CX #CXTweetchat "
            "mail me: nume@exemplu.ro pic.twitter.com/Ab1 https://t.co/x1). $12 #1 #Hacker-#Jeopardy")
    assert entities.hashtags(text) == ("CXTweetchat", "SAP_CX", "Hacker", "Jeopardy")
    assert entities.mentions(text) == ("everlane", "andieswim", "SAP_CX")
    assert entities.urls(text) == ("pic.twitter.com/Ab1", "https://t.co/x1")


@pytest.mark.parametrize("text,hashtags", [
    ("LT大会，美少女ばっかりで震えてる#seccamp", ("seccamp",)),
    ("oppressors.#TangkapAzamBaki", ("TangkapAzamBaki",)),
    ("[ Excel #งบ65 สำเร็จแล้ว! ]", ("งบ65",)),
    ("پیاده‌سازی Middleware هستش:#Golang", ("Golang",)),
    ("Preis $12 statt $22, Kapitel 3#4, C# und F#", ()),
    ("https://example.com/page#section #real", ("real",)),
])
def test_hashtags_glued_and_not(text, hashtags):
    assert entities.hashtags(text) == hashtags


@pytest.mark.parametrize("text,mentions", [
    ("Obrigada @cecivieira e @EscolaDeDados!https://t.co/EFLjAvPwMl", ("cecivieira", "EscolaDeDados")),
    ("write to a.b@example.com or @real_one", ("real_one",)),
    ("see https://medium.com/@author/post", ()),
    ("cc＠fullwidth", ()),
])
def test_mentions(text, mentions):
    assert entities.mentions(text) == mentions


@pytest.mark.parametrize("text,label", [
    ("A2. Transparența este esențială", "A2"),
    ("Q1: What is CX?", "Q1"),
    ("A4c. Saya baru-baru ini", "A4c"),
    ("A3b: something", "A3b"),
    ("A7 Transparența nu este", "A7"),
    ("A6, apakah Anda", "A6"),
    ("A10: ten", "A10"),
    ("B2B sales are hard", None),
    ("A2B is no label", None),
    ("Amazon A1 is not at the start", None),
    ("AA1. no", None),
    ("Q&A today", None),
    ("А2: Прозрачность важна", "А2"),        # Cyrillic А, kept as written
    ("Α3. Η διαφάνεια", "Α3"),              # Greek Α
    ("A4c، الشفافية", "A4c"),               # Arabic comma
    ("Ａ１：透明性", "Ａ１"),                 # full-width letters, digits and colon
    ("R1: a letter that is no chat role", None),
])
def test_chat_label(text, label):
    assert entities.chat_label(text) == label


# --- robustness ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("source", [
    "#" * 100_000, "@" * 100_000, "— " + "(@a " * 25_000, "— x" + "(@a)" * 25_000,
    '<blockquote class="twitter-tweet">' * 3_000, "<blockquote " + "a=1 " * 25_000, "<!--" * 25_000,
    "http://" + "a" * 100_000, "1 " * 50_000, "```\n" * 25_000, "<" * 100_000, "[a](" * 25_000,
    ("x" * 50 + "\n— A (@b) 1 2019\n") * 1_400, "Oktober 25, " * 8_000, "> " * 50_000, "&#" * 50_000,
    "<a" * 50_000, '<blockquote a="' * 6_000, "<blockquote a a " * 6_000, "<br" * 30_000, "<p>" * 30_000,
])
@pytest.mark.parametrize("kind", ["text", "markdown", "html"])
def test_pathological_input_does_not_backtrack(source, kind):
    """Hostile shapes end, with records that hold together. How long they take is measured in
    bench/bench_entities.py (a timed assert would fail on a loaded machine); a catastrophic pattern would not
    end at all, and a run's per-article budget (flow.article_seconds) stops one in production."""
    for tweet in tweets_of(source, kind):
        assert 0 <= tweet.start < tweet.end <= len(source)
    for values in (entities.hashtags(source), entities.mentions(source), entities.urls(source)):
        assert len(values) == len(set(values)) and all(values)


def test_a_heading_right_above_the_tweet_is_not_part_of_it():
    [tweet] = tweets_of("Intro.\n\n## What they said\nThe tweet\n— Ana (@ana) Oct 25, 2019\n", "markdown")
    assert tweet.text == "The tweet"


def test_windows_line_ends():
    source = "Intro.\r\nThe tweet\r\n— Ana (@ana) Oct 25, 2019\r\nMore.\r\n"
    [tweet] = tweets_of(source)
    assert tweet.text == "The tweet" and source[tweet.start:tweet.end] == "The tweet\r\n— Ana (@ana) Oct 25, 2019"


def test_multi_line_tweet_set_apart_in_a_line_per_paragraph_text():
    prose = "\n".join([PROSE] * 8)
    source = f"Title\n{prose}\n\nLine one of the tweet\nline two of the tweet\n— Ana (@ana) Oct 25, 2019\n\n{prose}\n"
    [tweet] = tweets_of(source)
    assert tweet.text == "Line one of the tweet\nline two of the tweet"


def test_prose_after_a_blank_line_is_not_the_tweet_when_prose_follows_the_byline():
    prose = "\n".join([PROSE] * 8)
    source = f"Title\n{prose}\n\nCu alte cuvinte, o experiență bună.\nTweet text.\n— Ana (@ana) Oct 25, 2019\n{prose}\n"
    [tweet] = tweets_of(source)
    assert tweet.text == "Tweet text."


@pytest.mark.parametrize("kind", ["text", "markdown", "html"])
def test_a_tag_that_only_starts_with_blockquote_is_no_embed(kind):
    source = 'Before.\n\n<blockquote-x class="twitter-tweet"><p>a custom element</p></blockquote-x>\n\nAfter.'
    assert tweets_of(source, kind) == []
