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
