"""Layouts real pages carry tweets in, each on pages built here in several languages.

1. WordPress exports whose embed never closes its ``<p lang=…>`` before the ``— Name (@handle)`` byline.
2. Tweets pasted into Markdown block quotes, the date a link to the status (also nested ``>>`` with the
   byline one level up, ``&mdash;`` written as an entity, a long ``?ref_src=`` query on the link).
3. A hashtag glued to a t.co link.
4. Embeds without ``<p lang>`` (or with ``lang`` on the blockquote, the widget's language): the article's.
And the guards: no tweet from a page that embeds none, no other network's embed taken for a tweet.
"""
from __future__ import annotations

import pytest

from extractors.document import read_document
from extractors.tweets import extract_tweets

STATUS = "https://twitter.com/{handle}/status/{id}"

# (language, prose paragraph, tweet text, author, handle, date as written, ISO date)
PAGES = [
    ("de", "Die Stadtverwaltung hat am Montag neue Regeln für den Verkehr in der Innenstadt vorgestellt. "
           "Viele Bürger reagierten darauf im Netz, und einige Stimmen haben wir hier gesammelt.",
     "Endlich weniger Autos am Marktplatz! Das wurde Zeit.", "Lena Vogt", "lenavogt", "3. März 2020", "2020-03-03"),
    ("fr", "La mairie a présenté lundi de nouvelles règles pour la circulation dans le centre-ville. "
           "Beaucoup d'habitants ont réagi en ligne, et nous avons rassemblé ici quelques réactions.",
     "Enfin moins de voitures sur la place du marché ! Il était temps.", "Camille Roux", "camroux",
     "4 mars 2020", "2020-03-04"),
    ("es", "El ayuntamiento presentó el lunes nuevas normas para el tráfico en el centro de la ciudad. "
           "Muchos vecinos reaccionaron en las redes y aquí reunimos algunas de sus voces.",
     "¡Por fin menos coches en la plaza del mercado! Ya era hora.", "Marta Gil", "martagil_", "5 de marzo de 2020",
     "2020-03-05"),
    ("ru", "Мэрия в понедельник представила новые правила движения в центре города. Многие жители "
           "отреагировали в сети, и мы собрали здесь несколько мнений.",
     "Наконец-то меньше машин на рыночной площади! Давно пора.", "Ирина Смирнова", "irina_sm",
     "6 марта 2020 г.", "2020-03-06"),
    ("ja", "市役所は月曜日、中心部の交通に関する新しい規則を発表した。多くの市民がネットで反応し、ここでいくつかの声を紹介する。",
     "やっと市場広場の車が減った！遅すぎたくらいだ。", "佐藤 花子", "hanako_s", "2020年3月7日", "2020-03-07"),
]
IDS = [p[0] for p in PAGES]


def tweets(source: str, kind: str):
    return extract_tweets(read_document(source, kind))


# --- 1. WordPress: the <p> never closed ---------------------------------------------------------------

@pytest.mark.parametrize("lang,prose,text,name,handle,date_text,iso", PAGES, ids=IDS)
def test_unclosed_paragraph_ends_before_the_byline(lang, prose, text, name, handle, date_text, iso):
    status = STATUS.format(handle=handle, id="1234567890123456789")
    source = (f'<html lang="{lang}"><body><p>{prose}</p>\n'
              f'<blockquote class="twitter-tweet" data-width="550"><p lang="{lang}" dir="ltr">{text} '
              f'<a href="https://t.co/Ab12Cd34">pic.twitter.com/Ab12Cd34</a> &mdash; {name} (@{handle}) '
              f'<a href="{status}?ref_src=twsrc%5Etfw">{date_text}</a></blockquote>\n<p>{prose}</p></body></html>')
    [tweet] = tweets(source, "html")
    assert tweet.text == f"{text} pic.twitter.com/Ab12Cd34"
    assert (tweet.author_name, tweet.handle, tweet.date_text, tweet.date) == (name, handle, date_text, iso)
    assert (tweet.tweet_id, tweet.status_url, tweet.lang) == ("1234567890123456789", status, lang)
    assert tweet.mentions == () and tweet.urls == ("pic.twitter.com/Ab12Cd34",)


@pytest.mark.parametrize("kind", ["markdown", "html"])
def test_unclosed_paragraph_in_a_markdown_post_and_a_plain_date(kind):
    lang, prose, text, name, handle, date_text, iso = PAGES[1]
    source = (f"{prose}\n\n<blockquote class=\"twitter-tweet\"><p lang=\"fr\">{text}\n"
              f"— {name} (@{handle}) {date_text}</blockquote>\n\n{prose}\n")
    [tweet] = tweets(source, kind)
    assert (tweet.text, tweet.handle, tweet.date) == (text, handle, iso)


def test_a_dash_inside_a_closed_paragraph_stays_text():
    source = ('<blockquote class="twitter-tweet"><p lang="en">Best line of the night — Sam (@sam_w) on stage</p>'
              '&mdash; Ana Lima (@analima) <a href="https://twitter.com/analima/status/42">May 1, 2021</a>'
              '</blockquote>')
    [tweet] = tweets(source, "html")
    assert tweet.text == "Best line of the night — Sam (@sam_w) on stage"
    assert (tweet.handle, tweet.mentions, tweet.tweet_id) == ("analima", ("sam_w",), "42")


# --- 2. Markdown block quotes ------------------------------------------------------------------------

def _quoted_layouts(text: str, name: str, handle: str, date_text: str) -> dict[str, str]:
    status = STATUS.format(handle=handle, id="1234567890123456789")
    byline = f"{name} (@{handle}) [{date_text}]({status}?ref_src=twsrc%5Etfw)"
    return {
        "plain": f"> {text}\n> — {byline}",
        "blank line": f"> {text}\n>\n> — {byline}",
        "entity dash": f"> {text}\n>\n> &mdash; {byline}",
        "no space": f">{text}\n>— {byline}",
        "nested": f"> Ein Leser schrieb dazu:\n>\n>> {text}\n>\n> — {byline}",
        "nested, no blank": f"> Ein Leser schrieb dazu:\n>> {text}\n> — {byline}",
        "byline below the quote": f"> {text}\n\n— {byline}",
    }


@pytest.mark.parametrize("layout", list(_quoted_layouts("t", "n", "h", "d")))
@pytest.mark.parametrize("lang,prose,text,name,handle,date_text,iso", PAGES, ids=IDS)
def test_pasted_tweet_in_a_markdown_quote(layout, lang, prose, text, name, handle, date_text, iso):
    quoted = _quoted_layouts(text, name, handle, date_text)[layout]
    source = f"# Titel\n\n{prose}\n\n{quoted}\n\n{prose}\n"
    [tweet] = tweets(source, "markdown")
    assert tweet.text == text
    assert (tweet.author_name, tweet.handle, tweet.date_text, tweet.date) == (name, handle, date_text, iso)
    assert tweet.tweet_id == "1234567890123456789"
    assert tweet.status_url == STATUS.format(handle=handle, id="1234567890123456789")
    assert source[tweet.start:tweet.end].rstrip().endswith("tfw)")


def test_a_quote_of_two_paragraphs_is_one_tweet():
    source = ("Prosa.\n\n> Primo paragrafo del tweet.\n>\n> Secondo paragrafo #traffico\n>\n"
              "> — Lena Vogt (@lenavogt) [3 marzo 2020](https://x.com/lenavogt/status/99)\n\nAltra prosa.\n")
    [tweet] = tweets(source, "markdown")
    assert tweet.text == "Primo paragrafo del tweet.\nSecondo paragrafo #traffico"
    assert (tweet.tweet_id, tweet.status_url) == ("99", "https://x.com/lenavogt/status/99")


# --- 3. A hashtag glued to a t.co link ---------------------------------------------------------------

@pytest.mark.parametrize("words,tag", [
    ("New rules from today", "Traffic"),
    ("Aturan baru mulai hari ini", "LaluLintas"),
    ("قواعد جديدة اعتبارا من اليوم", "المرور"),
])
@pytest.mark.parametrize("kind", ["html", "markdown"])
def test_hashtag_glued_to_a_tco_link(words, tag, kind):
    source = (f'<blockquote class="twitter-tweet"><p lang="und">{words} '
              f'<a href="https://t.co/Qw3Er7Ty">https://t.co/Qw3Er7Ty</a>'
              f'<a href="https://twitter.com/hashtag/x">#{tag}</a></p>&mdash; A (@a_b) '
              f'<a href="https://twitter.com/a_b/status/7">March 1, 2021</a></blockquote>')
    [tweet] = tweets(source, kind)
    assert tweet.text == f"{words} https://t.co/Qw3Er7Ty#{tag}"
    assert (tweet.urls, tweet.hashtags) == (("https://t.co/Qw3Er7Ty",), (tag,))


# --- 4. The article's language for an embed that declares none --------------------------------------

@pytest.mark.parametrize("lang,prose,text,name,handle,date_text,iso", PAGES, ids=IDS)
@pytest.mark.parametrize("layout", ["no lang", "lang on the blockquote", "2014 statuses link"])
def test_embed_without_a_paragraph_language_takes_the_article_language(
        layout, lang, prose, text, name, handle, date_text, iso):
    attrs = ' lang="en" data-lang="en"' if layout == "lang on the blockquote" else ""
    path = "statuses" if layout.startswith("2014") else "status"
    source = (f'<html lang="{lang}"><body><p>{prose}</p><p>{prose}</p>'
              f'<blockquote class="twitter-tweet"{attrs}><p>{text}</p>&mdash; {name} (@{handle}) '
              f'<a href="https://twitter.com/{handle}/{path}/555">{date_text}</a></blockquote>'
              f'<p>{prose}</p></body></html>')
    [tweet] = tweets(source, "html")
    assert (tweet.text, tweet.lang, tweet.tweet_id) == (text, lang, "555")


# --- guards ------------------------------------------------------------------------------------------

GREEK = ("Η δημοτική αρχή παρουσίασε τη Δευτέρα νέους κανόνες για την κυκλοφορία στο κέντρο της πόλης, "
         "και πολλοί πολίτες αντέδρασαν στα κοινωνικά δίκτυα.")
OTHER_NETWORKS = {
    "facebook": '<div class="fb-post"><blockquote cite="https://www.facebook.com/lena/posts/1" '
                'class="fb-xfbml-parse-ignore"><p>Επιτέλους λιγότερα αυτοκίνητα!</p>Posted by '
                '<a href="https://www.facebook.com/lena">Λένα</a> on&nbsp;<a href="https://www.facebook.com/'
                'lena/posts/1">Monday, March 2, 2020</a></blockquote></div>',
    "instagram": '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/B9a/">'
                 '<p>Επιτέλους λιγότερα αυτοκίνητα!</p><p>A post shared by Λένα (@lenavogt) on '
                 '<time datetime="2020-03-03T10:00:00+00:00">Mar 3, 2020</time></p></blockquote>',
    "instagram with a dash byline": '<blockquote class="instagram-media"><p>Επιτέλους λιγότερα αυτοκίνητα!</p>'
                                    '&mdash; Λένα (@lenavogt) <a href="https://www.instagram.com/p/B9a/">'
                                    '3 Μαρτίου 2020</a></blockquote>',
    "bluesky": '<blockquote class="bluesky-embed"><p lang="el">Επιτέλους λιγότερα αυτοκίνητα!</p>&mdash; Λένα '
               '(<a href="https://bsky.app/profile/did:plc:abc">@lenavogt.bsky.social</a>) '
               '<a href="https://bsky.app/profile/did:plc:abc/post/3k">3 Μαρτίου 2020</a></blockquote>',
    "threads": '<blockquote class="text-post-media" data-text-post-permalink="https://www.threads.net/@lena/post/C4">'
               '<a href="https://www.threads.net/@lena/post/C4">Post by @lena</a></blockquote>',
}


@pytest.mark.parametrize("network", list(OTHER_NETWORKS))
@pytest.mark.parametrize("kind", ["html", "markdown"])
def test_another_networks_embed_is_no_tweet(network, kind):
    source = f"<p>{GREEK}</p>\n\n{OTHER_NETWORKS[network]}\n\n<p>{GREEK}</p>"
    assert tweets(source, kind) == []


@pytest.mark.parametrize("kind", ["html", "markdown", "text"])
def test_a_page_that_embeds_no_tweet_gives_none(kind):
    source = (f"<p>{GREEK} Ο δήμαρχος (@mayor_x) έγραψε στο Twitter ότι "
              f'<a href="https://twitter.com/mayor_x/status/1234567890123456789">οι κανόνες ισχύουν</a>.</p>\n\n'
              f"<blockquote><p>Η πόλη ανήκει στους πεζούς.</p>&mdash; Λένα Φογκτ, 3 Μαρτίου 2020</blockquote>\n\n"
              f"> Μια παράθεση από συνέντευξη.\n> — Λένα Φογκτ\n\n<p>{GREEK}</p>")
    assert tweets(source, kind) == []


@pytest.mark.parametrize("lang,prose,text,name,handle,date_text,iso", PAGES[:3], ids=IDS[:3])
def test_markdown_links_in_a_quoted_tweet_read_as_shown(lang, prose, text, name, handle, date_text, iso):
    """Posts converted from HTML write the tweet's links as Markdown links: the tweet shows their text."""
    quoted = (f"> {text} [#Verkehr](https://twitter.com/hashtag/Verkehr?src=hash) "
              f"[@stadt\\_amt](https://twitter.com/stadt_amt) [pic.twitter.com/Ab12Cd34](https://t.co/Ab12Cd34)\n"
              f"> — [{name}](https://twitter.com/{handle}) (@{handle}) "
              f"[{date_text}](https://twitter.com/{handle}/status/77?ref_src=twsrc%5Etfw)")
    [tweet] = tweets(f"{prose}\n\n{quoted}\n\n{prose}\n", "markdown")
    assert tweet.text == f"{text} #Verkehr @stadt_amt pic.twitter.com/Ab12Cd34"
    assert (tweet.hashtags, tweet.mentions, tweet.urls) == (("Verkehr",), ("stadt_amt",), ("pic.twitter.com/Ab12Cd34",))
    assert (tweet.author_name, tweet.handle, tweet.date, tweet.tweet_id) == (name, handle, iso, "77")


PT = ("A prefeitura apresentou na segunda-feira novas regras para o trânsito no centro da cidade. Muitos "
      "moradores reagiram nas redes sociais e reunimos aqui algumas vozes.")
TWEET_PT = "Finalmente menos carros na praça! #transito"
BYLINE_PT = "Lena Vogt (@lenavogt) {date}"
DATE_LINK = '<a href="https://twitter.com/lenavogt/status/111?ref_src=twsrc">3 de março de 2020</a>'
DATE_MD = "[3 de março de 2020](https://twitter.com/lenavogt/status/111)"


@pytest.mark.parametrize("kind,layout", [
    ("html", f"<blockquote><p>{TWEET_PT}</p><p>— {BYLINE_PT.format(date=DATE_LINK)}</p></blockquote>"),
    ("html", f"<blockquote>{TWEET_PT}<br>&mdash; {BYLINE_PT.format(date=DATE_LINK)}</blockquote>"),
    ("markdown", f"> {TWEET_PT}\n>\n> *— {BYLINE_PT.format(date=DATE_MD)}*"),
    ("markdown", f"> {TWEET_PT}\n> <cite>— {BYLINE_PT.format(date=DATE_MD)}</cite>"),
    ("markdown", f"> {TWEET_PT}\n> — {BYLINE_PT.format(date=DATE_LINK)}"),
])
def test_pasted_byline_dressed_in_markup_gives_the_status(kind, layout):
    """The date's link written as HTML (its target only in the source), the byline in emphasis or <cite>."""
    source = f"<p>{PT}</p>\n\n{layout}\n\n<p>{PT}</p>" if kind == "html" else f"{PT}\n\n{layout}\n\n{PT}\n"
    [tweet] = tweets(source, kind)
    assert (tweet.text, tweet.author_name, tweet.handle) == (TWEET_PT, "Lena Vogt", "lenavogt")
    assert (tweet.date, tweet.tweet_id, tweet.status_url) == ("2020-03-03", "111", "https://twitter.com/lenavogt/status/111")


@pytest.mark.parametrize("name,handle_html", [
    ("Naba (ナーバ)", "@naba_x"),
    ("Lena Vogt", '<a href="https://twitter.com/naba_x">@naba_x</a>'),
])
def test_unclosed_paragraph_with_parentheses_in_the_name_or_a_linked_handle(name, handle_html):
    source = ('<p>Ein langer Absatz Prosa über die Stadt und den Verkehr, der hier nur als Umgebung steht.</p>'
              f'<blockquote class="twitter-tweet"><p lang="ja" dir="ltr">やっと車が減った！ '
              f'<a href="https://t.co/Ab1">pic.twitter.com/Ab1</a> &mdash; {name} ({handle_html}) '
              '<a href="https://twitter.com/naba_x/status/42">2020年3月7日</a></blockquote>')
    [tweet] = tweets(source, "html")
    assert (tweet.text, tweet.author_name, tweet.handle) == ("やっと車が減った！ pic.twitter.com/Ab1", name, "naba_x")
    assert (tweet.date, tweet.tweet_id, tweet.mentions) == ("2020-03-07", "42", ())
