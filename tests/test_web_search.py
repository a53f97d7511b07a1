"""The pieces of the search service that need no model: where a statement stands in its paragraph, an
article cut into marked segments, statements a month and the chart's bars. Invented texts."""
from __future__ import annotations

from quoteline.search import CONTEXT_KEEP, months, passage, segments
from quoteline.web.app import month_chart

BODY = ("Erster Absatz ohne Zitat.\n"
        "Die Ministerin sagte: „Wir bauen die Brücke bis zum Herbst.“ Dann ging sie.\n"
        "Letzter Absatz.")


def _row(kind: str, text: str, source: str, start: int, end: int, window_start: int = 0, article_kind="text"):
    return {"kind": kind, "text": text, "window": source[window_start:], "window_start": window_start,
            "start_offset": start, "end_offset": end, "article_kind": article_kind}


def test_a_quotation_is_marked_in_its_own_paragraph():
    quote = "Wir bauen die Brücke bis zum Herbst."
    start = BODY.index(quote)
    got = passage(_row("quote", quote, BODY, start, start + len(quote), window_start=5))
    assert got.match == quote
    assert got.before == "Die Ministerin sagte: „" and got.after == "“ Dann ging sie."


def test_a_long_paragraph_is_cut_at_words_on_both_sides():
    words = " ".join(f"palabra{i}" for i in range(200))
    text = words + " «Esto es lo dicho.» " + words
    start = text.index("Esto")
    got = passage(_row("quote", "Esto es lo dicho.", text, start, start + len("Esto es lo dicho.")))
    assert got.before.startswith("…palabra") and got.after.endswith("…")
    assert len(got.before) <= CONTEXT_KEEP + 1 and len(got.after) <= CONTEXT_KEEP + 1
    assert got.before[1:] in text and got.after[:-1] in text


def test_a_tweet_is_marked_inside_its_embed_with_the_attribution_after():
    source = "Intro.\nLa pioggia arriva domani. #meteo\n— Aldo Neri (@aldoneri) 3 marzo 2021\nFine."
    start, end = source.index("La pioggia"), source.index("2021") + 4
    got = passage(_row("tweet", "La pioggia arriva domani. #meteo", source, start, end))
    assert (got.before, got.match) == ("", "La pioggia arriva domani. #meteo")
    assert got.after == "\n— Aldo Neri (@aldoneri) 3 marzo 2021"
    # an HTML source is markup: the tweet's text alone
    html = passage(_row("tweet", "La pioggia arriva domani.", "<p>x</p>", 0, 8, article_kind="html"))
    assert (html.before, html.match, html.after) == ("", "La pioggia arriva domani.", "")


def test_segments_cover_the_text_and_skip_overlaps():
    text = "0123456789abcdef"
    got = segments(text, [(10, 14, "quote", 2), (2, 6, "tweet", 1), (4, 8, "quote", 1), (15, 99, "quote", 3)])
    assert "".join(s.text for s in got) == text
    assert [(s.text, s.kind, s.seq) for s in got if s.kind] == [("2345", "tweet", 1), ("abcd", "quote", 2)]


def test_months_run_from_first_to_last_with_gaps_as_zero():
    got = months(["2020-11-30", None, "2021-02-01", "2020-11-02"])
    assert [(m.month, m.count) for m in got] == [("2020-11", 2), ("2020-12", 0), ("2021-01", 0), ("2021-02", 1)]
    assert months([None]) == []


def test_the_chart_has_a_bar_a_month_scaled_to_the_busiest():
    chart = month_chart(months(["2021-01-05", "2021-01-20", "2021-03-01"]), width=400, height=100)
    bars = chart["bars"]
    assert [b["count"] for b in bars] == [2, 0, 1] and chart["max"] == 2
    assert bars[0]["h"] > bars[2]["h"] > bars[1]["h"] == 0
    assert all(0 <= b["x"] and b["x"] + b["w"] <= 400 and b["y"] + b["h"] <= 100 for b in bars)
    assert month_chart([])["bars"] == []
