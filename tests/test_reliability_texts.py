"""Hostile texts (issues 12.5, 15.3, 15.4): every line-ending family, empty embeds, and articles that would stall
the extractors — each within its budget, reported, and never at the cost of its tweets or of the run.
"""
from __future__ import annotations

import duckdb
import pytest

from extractors.document import read_document
from extractors.tweets import extract_tweets
from flows import budget
from quoteline.sources import RawSource, SourceRef, decode
from tests.test_reliability_flow import configure, make_corpus, run

ARTICLE = ("Die Bibliothek öffnet länger\nVeröffentlicht: 2024-03-01\nDie Stadt hat die neue Bibliothek eröffnet.\n"
           "Heute haben wir die neue Bibliothek eröffnet! #bücher\n— Ana Lopes (@analopes) 1. März 2024\n"
           "„Wir halten sie bis zehn Uhr offen“, sagte Ana Lopes am Abend.\n")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0c", "\x0b"])
def test_every_line_ending_family_gives_the_same_records(newline):
    data = ARTICLE.replace("\n", newline).encode("utf-8")
    text = decode(RawSource(SourceRef("/x/a.txt", "a.txt", "text"), data))
    assert len(text) == len(data.decode("utf-8"))  # one character for one: offsets into the source stay valid
    document = read_document(text, "text")
    tweets = extract_tweets(document)
    assert document.title == "Die Bibliothek öffnet länger"
    assert [(t.handle, text[t.start:t.end].startswith("Heute haben wir")) for t in tweets] == [("analopes", True)]


@pytest.mark.parametrize("html", [
    '<blockquote class="twitter-tweet">' * 200 + "</blockquote>" * 200,           # nested, all empty
    '<blockquote class="twitter-tweet"></blockquote>' * 20_000,                    # 20,000 empty openings
    '<blockquote class="twitter-tweet"><p> </p>&mdash; <a href="#"></a></blockquote>' * 50,
])
def test_an_embed_without_text_and_byline_is_no_tweet(html):
    document = read_document(f"<html><body><p>Ein Absatz.</p>{html}</body></html>", "html")
    assert extract_tweets(document) == []


def test_an_embed_with_text_is_still_a_tweet():
    html = ('<html><body><blockquote class="twitter-tweet"><p lang="de">Die Bibliothek ist offen!</p>&mdash; '
            'Ana Lopes (@analopes) <a href="https://twitter.com/analopes/status/1">1. März 2024</a></blockquote>'
            '<blockquote class="twitter-tweet"></blockquote></body></html>')
    assert [t.handle for t in extract_tweets(read_document(html, "html"))] == ["analopes"]


# --- 12.5: per-article budgets --------------------------------------------------------------------------------

TWEET = ("Heute haben wir die neue Bibliothek eröffnet! #bücher\n— Ana Lopes (@analopes) 1. März 2024\n")
# 100,000 short lines of quotation marks: well over a few seconds of quotation analysis on any machine
STALL = TWEET + "\n".join(f"Zeile {i} „gesagt“, sagte sie." for i in range(100_000))


def test_an_article_over_its_time_budget_keeps_its_tweets():
    found = budget.extract_within(STALL, "text", seconds=2, max_chars=10_000_000)
    assert "quotations not extracted" in found.problem and "2 s budget" in found.problem
    assert [t.handle for t in found.tweets] == ["analopes"] and found.quotes == ()
    # the killed worker is replaced: the next article extracts normally
    again = budget.extract_within(ARTICLE, "text", seconds=60, max_chars=10_000_000)
    assert again.problem is None and len(again.tweets) == 1 and len(again.quotes) == 1


def test_an_article_over_its_size_budget_keeps_its_tweets():
    found = budget.extract_within(ARTICLE, "text", seconds=60, max_chars=100)
    assert "over the 100-character budget" in found.problem and len(found.tweets) == 1 and found.quotes == ()


def test_a_run_goes_on_past_an_article_over_budget(make_project, tmp_path):
    root = make_project("budget")
    make_corpus(root / "corpus")
    (root / "corpus" / "stall.txt").write_text(STALL, encoding="utf-8")
    (root / "corpus" / "long_line.txt").write_text(TWEET + "„Ja“, sagte sie. " * 220_000, encoding="utf-8")
    # a budget no ordinary article needs even on a loaded machine, far below what the stalling one takes
    configure(root, paths=["corpus"], enabled=False, path=str(tmp_path / "q.duckdb"), article_seconds=20.0,
              article_chars=3_500_000)
    summary = run(root)
    assert summary.counts["new"] == 8
    failed = {loc.rsplit("/", 1)[1]: (stage, err) for loc, stage, err in summary.failures}
    assert set(failed) == {"stall.txt", "long_line.txt"}
    assert failed["stall.txt"][0] == "budget" and "20 s budget" in failed["stall.txt"][1]
    assert failed["long_line.txt"][0] == "budget" and "3500000-character budget" in failed["long_line.txt"][1]
    with duckdb.connect(str(tmp_path / "q.duckdb"), read_only=True) as con:
        tweets = dict(con.execute("SELECT doc, count(*) FROM v_tweets GROUP BY doc").fetchall())
    assert tweets["stall.txt"] == tweets["long_line.txt"] == 1 and len(tweets) == 8


# --- 12.5: hostile markup in linear time (results asserted here; times printed by bench/fault_drill.py --only texts)

EMBED = ('<blockquote class="twitter-tweet"><p lang="de">Die Brücke ist ab morgen offen!</p>&mdash; Ana Lopes '
         '(@analopes) <a href="https://twitter.com/analopes/status/42">1. März 2024</a></blockquote>')
PASTED = "<p>Ab morgen fahren die Busse wieder.</p><p>— Jonas Brandt (@jbrandt) 2. März 2024</p>"


def test_a_page_of_many_tags_keeps_its_text_and_tweets():
    page = ("<html><body>" + "<p><b>„x“</b></p>" * 60_000 + "<p>Der Gemeinderat tagte bis Mitternacht.</p>"
            + EMBED + PASTED + "</body></html>")
    document = read_document(page, "html")
    assert "Der Gemeinderat tagte bis Mitternacht." in document.body
    assert document.body.count("„x“") == 60_000
    assert [(t.handle, t.tweet_id) for t in extract_tweets(document)] == [("analopes", "42"), ("jbrandt", None)]


@pytest.mark.parametrize("opening", ["<div>", "<blockquote>", "<section><p>", "<ul><li><ol>"])
def test_blocks_nested_without_end_keep_the_text_after_them(opening):
    page = "<html><body>" + opening * 50_000 + "<p>Der Gemeinderat tagte bis Mitternacht.</p>" + EMBED
    document = read_document(page, "html")
    assert "Der Gemeinderat tagte bis Mitternacht." in document.body
    assert [t.handle for t in extract_tweets(document)] == ["analopes"]


def test_embeds_opened_without_end_are_no_tweets_but_the_last_one():
    page = "<html><body>" + '<blockquote class="twitter-tweet">' * 100_000 + EMBED
    assert [(t.handle, t.text) for t in extract_tweets(read_document(page, "html"))] == [
        ("analopes", "Die Brücke ist ab morgen offen!")]


def test_shallow_markup_caps_the_depth_and_keeps_ordinary_pages():
    from extractors.markup import MAX_DEPTH, shallow_markup

    deep = "<div>" * 1000 + "Text" + "</div>" * 1000
    assert shallow_markup(deep).count("<div>") == MAX_DEPTH and "Text" in shallow_markup(deep)
    # unclosed paragraphs and items close each other, voids nest nothing, script text holds no tags: kept as is
    ordinary = ("<ul>" + "<li>Punkt<br><img src=a.png>" * 2000 + "</ul>" + "<p>Absatz" * 2000
                + "<script>" + "<div>" * 2000 + "</script><!--" + "<div>" * 2000 + "-->")
    assert shallow_markup(ordinary) == ordinary


def test_a_single_line_over_spacys_limit_keeps_its_tweets_and_quotations():
    # one paragraph of 1.2 million characters: spaCy refuses over 1,000,000 at once (E088)
    filler = "".join(f"Der Ausschuss Nummer {i} hat den Haushalt der Stadt lange beraten. " for i in range(17_000))
    text = TWEET + filler + "„Die Brücke wird im Mai fertig“, sagte Ana Lopes.\n"
    assert len(text) > 1_000_000 and text.count("\n") == 3
    found = budget.extract_article(text, "text")
    assert found.problem is None
    assert [t.handle for t in found.tweets] == ["analopes"]
    assert [(q.text, q.speaker) for q in found.quotes] == [("Die Brücke wird im Mai fertig", "Ana Lopes")]


def test_long_paragraphs_reach_spacy_in_pieces_with_their_offsets():
    from extractors.quote_lang import PIECE_CHARS, _docs, pipeline

    text = "Sie sagte: „Ja.“  Dr. Weber nickte.\tEr ging. " * (PIECE_CHARS // 15)
    doc = next(_docs(pipeline("de"), [text]))
    assert doc.text == text and len(text) > 2 * PIECE_CHARS
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)
    assert all(text[s.start_char:s.end_char] == s.text for s in doc.sents)
