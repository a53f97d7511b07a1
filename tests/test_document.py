"""Article metadata from plain text, Markdown and HTML: title, publication date, language, body."""
from __future__ import annotations

import pytest

from extractors.document import read_document

RO = ("Te-ai alăturat încă unui chat? Dacă nu, pierzi! A fost o discuție plină de viață pe Twitter în timpul "
      "ultimei noastre sesiuni, deoarece discutam despre rolul transparenței în experiențele clienților.")
EN = ("Customer experience keeps changing as new products and technologies reach the market, and nothing has "
      "changed it more than social media, which hands customers a voice to share what they went through.")


@pytest.mark.parametrize("label,date,lang,body", [
    ("Publicat", "2019-10-25", "ro", RO),
    ("Pubblicato", "2021-07-02", "it", "In un minuto CX - Episodio 13. Il numero fortunato tredici, infine, "
                                       "tecnicamente in numerologia è il numero quattro."),
    ("Diterbitkan", "2019-11-21", "id", "Di pasar yang sangat ramai, apa kunci kesuksesan digital? Pertimbangkan "
                                        "perbedaan antara merek yang Anda temukan di Instagram dan situs mereka."),
    ("Publicado", "27 de septiembre de 2019", "es", "La experiencia del cliente es importante para todas las "
                                                    "empresas del mundo, y la transparencia es su base."),
    ("Posted", "October 28, 2019", "en", EN),
    ("Veröffentlicht am", "25. Oktober 2019", "de", "Die Kundenerfahrung verändert sich ständig, während neue "
                                                     "Produkte und Technologien auf den Markt kommen."),
    ("Yayınlanma tarihi", "16 Ocak 2018", "tr", "Müşteri deneyimi, yeni ürünler ve teknolojiler pazara girdikçe "
                                                "sürekli olarak gelişmektedir."),
    ("Опубликовано", "27 сентября 2019 г.", "ru", "Клиентский опыт постоянно меняется по мере того, как на рынок "
                                                  "выходят новые продукты и технологии."),
    ("نشر في", "٢٧ سبتمبر ٢٠١٩", "ar", "تتطور تجربة العملاء باستمرار مع دخول منتجات وتقنيات جديدة إلى السوق، "
                                       "ولم يحدث شيء تغييرًا أكبر من وسائل التواصل الاجتماعي."),
    ("تاریخ انتشار", "۲۷ سپتامبر ۲۰۱۹", "fa", "این قسمت به خودی خود یک مبحث کامل است، اما در مورد شخصی سازی به عنوان "
                                              "یک پیش زمینه از استراتژی تجربه مشتری صحبت می کنیم."),
    ("公開日", "2016年2月29日", "ja", "今日はTwitter上でのやりとりから少し面白いことが分かったのでそれについて書きます。"
                                 "最近リリースされた言語について話していました。"),
])
def test_text_date_label_glued_to_the_next_sentence(label, date, lang, body):
    doc = read_document(f"Titlul articolului\n{label}: {date}{body}\nMai mult text.\n", "text")
    assert doc.title == "Titlul articolului"
    assert doc.lang == lang
    assert doc.published is not None and doc.published[:4] in ("2016", "2017", "2018", "2019", "2021")
    assert doc.body is doc.source  # the flow relies on identity: quotes then index the source


def test_text_expected_iso_dates():
    assert read_document(f"T\nPublicat: 2019-10-25{RO}", "text").published == "2019-10-25"
    assert read_document(f"T\nPosted: Friday, October 25, 2019\n{EN}", "text").published == "2019-10-25"


def test_text_date_line_above_the_title():
    source = ("15 Δεκέμβριος 2017\n\nΗ εμπειρία του πελάτη στην εποχή των μέσων κοινωνικής δικτύωσης\n\n"
              "Η εμπειρία του πελάτη εξελίσσεται διαρκώς όσο νέα προϊόντα και τεχνολογίες εισάγονται στην αγορά.")
    doc = read_document(source, "text")
    assert (doc.title, doc.published, doc.lang) == (
        "Η εμπειρία του πελάτη στην εποχή των μέσων κοινωνικής δικτύωσης", "2017-12-15", "el")


@pytest.mark.parametrize("source", [
    f"In un minuto CX: riflessioni sull'esperienza del cliente, 1 luglio 2021\n{EN}",
    f"Update: 2019 results are in\n{EN}",
    f"A title\n{EN}\nLater, on 12 March 2020, something happened.",
    "شش ستون تجربه مشتری برای پیروزی...\n1. شخصی سازی\nاین قسمت به خودی خود یک مبحث کامل است.",
])
def test_text_without_a_header_date(source):
    doc = read_document(source, "text")
    assert doc.published is None
    assert doc.title == source.split("\n")[0]


@pytest.mark.parametrize("front,title,published", [
    ('---\ntitle: "YAML: a title"\ndate: 2019-08-31\n---\n', "YAML: a title", "2019-08-31"),
    ("---\ntitle: Memories for All\ndate: 02.15.24\n---\n", "Memories for All", "2024-02-15"),
    ('+++\ntitle = "TOML title"\ndate = 2016-03-01T23:32:12+09:00\n+++\n', "TOML title", "2016-03-01"),
    ("---\ndate: 25 octobre 2019\n---\n# Heading title\n", "Heading title", "2019-10-25"),
    ("---\n: not: valid: yaml\n---\n# Heading\n", "Heading", None),
])
def test_markdown_front_matter(front, title, published):
    doc = read_document(f"{front}\n{EN}\n", "markdown")
    assert (doc.title, doc.published, doc.lang) == (title, published, "en")
    assert doc.body is doc.source


def test_markdown_heading_and_dated_byline_without_front_matter():
    source = ("<!-- draft -->\n# Заголовок статьи\n\n*Опубликовано: 27 сентября 2019 г.*\n\n"
              "Текст статьи на русском языке, довольно длинный.")
    doc = read_document(source, "markdown")
    assert (doc.title, doc.published, doc.lang) == ("Заголовок статьи", "2019-09-27", "ru")


def test_markdown_language_ignores_code_and_embeds():
    code = "```python\n" + "def function(argument):\n    return argument + value\n" * 30 + "```\n"
    source = f"# Título\n\n{code}\nEste artículo está escrito en español, aunque tenga mucho código en inglés.\n"
    assert read_document(source, "markdown").lang == "es"


HTML = """<!DOCTYPE html><html lang="pt-BR"><head>
<meta property="og:title" content="Título OG"><title>Título | Site</title>
<meta property="article:published_time" content="2019-08-31T10:00:00-03:00"></head>
<body><nav>Menu</nav><article><h1>Título H1</h1>
<p>Esse post é uma continuação de outro, onde relatei um pouco sobre os primeiros seis meses de aprendizagem.</p>
<blockquote class="twitter-tweet"><p lang="en" dir="ltr">An English tweet that is not prose</p>&mdash; A (@a)
<a href="https://twitter.com/a/status/1">August 24, 2019</a></blockquote>
<p>Como dito no post citado, eu comecei a aprender R e programação em agosto de 2018, e foi um ano rico.</p>
</article></body></html>"""


def test_html_metadata_and_body_without_embeds():
    doc = read_document(HTML, "html")
    assert (doc.kind, doc.title, doc.published, doc.lang) == ("html", "Título OG", "2019-08-31", "pt")
    assert "continuação" in doc.body and "aprender R" in doc.body
    assert "English tweet" not in doc.body
    assert doc.source == HTML


def test_html_fallbacks_title_time_and_detected_language():
    source = ("<html><head><title>Ein Titel</title></head><body><article><time datetime='2020-01-02'>2. Januar</time>"
              "<p>Die Kundenerfahrung verändert sich ständig, während neue Produkte und Technologien auf den Markt "
              "kommen, und nichts hat sie stärker verändert als soziale Medien.</p></article></body></html>")
    doc = read_document(source, "html")
    assert (doc.title, doc.published, doc.lang) == ("Ein Titel", "2020-01-02", "de")


def test_html_fragment_with_front_matter():
    source = ('---\ntitle: "Um ano aprendendo R!"\ndate: 2019-08-31\n---\n\n<p>Esse post é uma continuação deste '
              "outro, onde relatei um pouco sobre os primeiros seis meses de aprendizagem em programação.</p>\n")
    doc = read_document(source, "html")
    assert (doc.title, doc.published, doc.lang) == ("Um ano aprendendo R!", "2019-08-31", "pt")
    assert "continuação" in doc.body and "title:" not in doc.body


def test_html_h1_title_and_code_free_language():
    code = "<pre><code>" + "for i := 0; i < len(items); i++ { fmt.Println(items[i]) }\n" * 40 + "</code></pre>"
    source = (f"<html><body><h1>Golang Notes</h1><p>مدتی است در حال یادگیری Golang هستم. اینجا نکاتی که یاد "
              f"میگیرم رو به اشتراک میذارم.</p>{code}</body></html>")
    doc = read_document(source, "html")
    assert (doc.title, doc.lang) == ("Golang Notes", "fa")


@pytest.mark.parametrize("kind", ["text", "markdown", "html", "txt", "md", "htm"])
@pytest.mark.parametrize("source", ["", "   \n\n", "<<<>>>", "\ufeff---\n---\n", "<html><body></body></html>"])
def test_empty_and_odd_documents(source, kind):
    doc = read_document(source, kind)
    assert doc.source == source and doc.kind in ("text", "markdown", "html")


def test_unknown_kind_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown document kind 'pdf'"):
        read_document("x", "pdf")


def test_date_in_a_byline_with_parts():
    doc = read_document(f"Un titular\nPor Ana Pérez | Publicado: 27 de septiembre de 2019\n\n{EN}", "text")
    assert (doc.title, doc.published) == ("Un titular", "2019-09-27")


@pytest.mark.parametrize("separator", ["\u2015", "\u2012", "-", "\u2013", "\u2014"])
def test_byline_parts_set_off_by_any_dash(separator):
    doc = read_document(f"Un titular\nPor Ana Pérez {separator} Publicado: 27/09/2019\n\n{EN}", "text")
    assert (doc.title, doc.published) == ("Un titular", "2019-09-27")


PT = "A experiência do cliente é importante para todas as empresas do mundo, e a transparência é a sua base."
FA = ("این قسمت به خودی خود یک مبحث کامل است، اما در مورد شخصی سازی به عنوان یک پیش زمینه از استراتژی تجربه "
      "مشتری صحبت می کنیم.")


@pytest.mark.parametrize("line,body,iso", [
    pytest.param("Publicado: sexta-feira, 27 de setembro de 2019", PT, "2019-09-27", id="pt-hyphenated"),
    pytest.param("Publicado: Sexta-Feira 27 de setembro de 2019", PT, "2019-09-27", id="pt-no-comma"),
    pytest.param("تاریخ انتشار: سه‌شنبه ۵ مهر ۱۳۹۸", FA, "2019-09-27", id="fa-zwnj"),  # a ZWNJ in the weekday
    pytest.param("تاریخ انتشار: سه‌شنبه، ۵ مهر ۱۳۹۸", FA, "2019-09-27", id="fa-arabic-comma"),
    pytest.param("Posted: Fri. October 25, 2019", EN, "2019-10-25", id="en-abbreviated"),
])
@pytest.mark.parametrize("glued", [True, False], ids=["glued", "own-line"])
def test_weekday_between_a_date_label_and_its_date(line, body, iso, glued):
    doc = read_document(f"A title\n{line}{'' if glued else chr(10)}{body}\n", "text")
    assert (doc.title, doc.published) == ("A title", iso)


def test_more_than_a_weekday_between_label_and_date_is_no_date():
    doc = read_document(f"A title\nUpdated: three weeks after 25 October 2019 {EN}\n", "text")
    assert doc.published is None


@pytest.mark.parametrize("source,kind,lang", [
    (f"<html lang='in'><body><p>{EN}</p></body></html>", "html", "id"),     # the withdrawn ISO code
    (f"<html lang='iw-IL'><body><p>{EN}</p></body></html>", "html", "he"),
    (f"<html lang='und'><body><p>{EN}</p></body></html>", "html", "en"),    # no language: detected
    (f"---\nlang: in_ID\n---\n{EN}\n", "markdown", "id"),
])
def test_declared_language_codes_in_their_current_form(source, kind, lang):
    assert read_document(source, kind).lang == lang


def test_windows_line_ends_and_byte_order_mark():
    doc = read_document(f"\ufeffTitle\r\nPosted: October 28, 2019\r\n{EN}\r\n", "text")
    assert (doc.title, doc.published) == ("Title", "2019-10-28")


def test_a_title_holding_a_date_stays_the_title():
    doc = read_document(f"Weekly digest – 25 October 2019\n{EN}", "text")
    assert (doc.title, doc.published) == ("Weekly digest – 25 October 2019", None)


def test_markdown_language_ignores_tweet_embeds():
    turkish = "Müşteri deneyimi, yeni ürünler ve teknolojiler pazara girdikçe sürekli olarak gelişmektedir. " * 3
    tweet = (f'<blockquote class="twitter-tweet"><p lang="tr" dir="ltr">{turkish}</p>&mdash; A (@a) '
             '<a href="https://twitter.com/a/status/1">7 Ekim 2022</a></blockquote>\n')
    source = f"# A title\n\n{EN}\n\n{tweet}\nAs said above, pages need components that HTML should provide.\n"
    assert read_document(source, "markdown").lang == "en"


@pytest.mark.parametrize("title,h1,want", [
    ("Kundenerlebnis im Wandel | Beispielblog", "Kundenerlebnis im Wandel", "Kundenerlebnis im Wandel"),
    ("Beispielblog — Kundenerlebnis im Wandel", "Kundenerlebnis im Wandel", "Kundenerlebnis im Wandel"),
    ("Kundenerlebnis im Wandel | Beispielblog", "Beispielblog", "Kundenerlebnis im Wandel | Beispielblog"),  # a logo
    ("Brexit: what the vote means for trade", "Brexit", "Brexit: what the vote means for trade"),
])
def test_html_title_without_site_name(title, h1, want):
    source = f"<html lang='de'><head><title>{title}</title></head><body><h1>{h1}</h1><p>Text.</p></body></html>"
    assert read_document(source, "html").title == want
