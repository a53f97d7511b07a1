"""`quoteline web` end to end: the real flow loads the bundled examples (and two invented translated articles)
into a DuckDB file, the real `quoteline web` process serves it on 127.0.0.1 with the real model, and the
JSON API, `quoteline similar` and a real Chromium (Playwright, Debian's `chromium`) ask it questions.

Screenshots go to $QUOTELINE_SCREENSHOTS when set (docs/web-*.png are made that way), else to a temp folder.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from flows.pipeline import quoteline_flow
from quoteline.cli import main
from bench.bench_web import free_port, quoteline, stop
from quoteline.search import ask_service

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("QUOTELINE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# A Spanish paraphrase (ours) of a Romanian tweet of examples/000_…: staying silent lets customers make up
# their own stories, and they are not pretty ones.
SPANISH = "Si te quedas callado, tus clientes se inventan su propia historia sobre ti, y casi nunca es bonita."
ROMANIAN_START = "Doamne, da. Când sunteți tăcut la radio"

# Two invented articles carrying the same two tweets, in English and in Italian: one statement group each.
EN = """Small shops win on service, panel says
Posted: March 3, 2021

Q1: what keeps customers coming back?

A1: Remember their names. A shop that knows you is a shop you return to. #shopchat
— Lena Marsh (@lenamarsh) Mar 2, 2021

A2: Fix the problem first, explain later. Nobody wants a lecture at the till. #shopchat
— Omar Quist (@omarquist) Mar 2, 2021
"""
IT = """I piccoli negozi vincono sul servizio, dice il panel
Pubblicato: 2021-03-04

A1: Ricorda i loro nomi. Un negozio che ti conosce è un negozio in cui torni. #shopchat
— Lena Marsh (@lenamarsh) 2 marzo 2021

A2: Prima risolvi il problema, poi spiega. Nessuno vuole una predica alla cassa. #shopchat
— Omar Quist (@omarquist) 2 marzo 2021
"""


@pytest.fixture(scope="module")
def site(make_project):
    root = make_project("web")
    (root / "corpus").mkdir()
    (root / "corpus" / "shop_en.txt").write_text(EN, encoding="utf-8")
    (root / "corpus" / "shop_it.txt").write_text(IT, encoding="utf-8")
    port = free_port()
    config = root / "config" / "quoteline.toml"
    text = config.read_text(encoding="utf-8")
    text, n = re.subn(r"(?ms)^\[web\]\n(.*?)^port = \d+$", rf"[web]\n\g<1>port = {port}", text)
    text, m = re.subn(r"(?m)^busy_wait_s = 5\.0$", "busy_wait_s = 0.5", text)
    assert n == 1 and m == 1, "config/quoteline.toml has no [web] port / busy_wait_s lines"
    config.write_text(text, encoding="utf-8")
    db = root / "q.duckdb"
    quoteline_flow(config_path=str(config), sources=[str(REPO / "examples"), str(root / "corpus")], db_path=str(db))

    proc = subprocess.Popen([*quoteline(), "web", "--config", str(config), "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=root)
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(proc.stdout), daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240  # the model loads first (~20 s, minutes on a crowded machine)
    try:
        while True:
            assert proc.poll() is None, f"quoteline web exited {proc.returncode}: {''.join(output)}"
            try:
                if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"quoteline web did not answer in time: {''.join(output)}"
            time.sleep(0.5)
        yield {"base": base, "db": db, "config": config, "port": port, "root": root, "output": output}
    finally:
        stop(proc)


def rows(site, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(site["db"]), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def api(site, path: str, **params) -> httpx.Response:
    return httpx.get(site["base"] + path, params=params, timeout=60)


def test_the_address_is_printed_once_it_listens(site):
    """The server prints its address before it serves; the line reaches `output` through a thread of this process,
    which on a crowded machine may read it after health has answered: wait for the line (the deadline only ends a
    wait for a line that never comes)."""
    address = f"http://127.0.0.1:{site['port']}/"
    deadline = time.monotonic() + 120
    while not any(address in line for line in list(site["output"])) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert any(address in line for line in list(site["output"])), "".join(site["output"])
    health = api(site, "/api/health").json()
    assert health["db"] == str(site["db"].resolve()) and health["model_version"]


def test_a_spanish_question_finds_the_romanian_original(site):
    result = api(site, "/api/search", q=SPANISH, k=5).json()
    head = result["groups"][0]["head"]
    assert head["text"].startswith(ROMANIAN_START)
    assert (head["lang"], head["kind"], head["doc"]) == ("ro", "tweet", "000_86d328523555bbae.txt")
    assert head["who"].startswith("Stephanie Thum") and head["handle"] == "stephaniethum"
    assert head["date"] == "2019-09-27" and head["title"].startswith("#CXTweetChat")
    # the passage is the article's own text at the record's offsets, the tweet's text marked in it
    source = rows(site, "SELECT source FROM articles WHERE article_id = ?", [head["article_id"]])[0][0]
    passage = head["passage"]
    assert passage["match"] == head["text"] and passage["before"] + passage["match"] + passage["after"] in source
    assert "@stephaniethum" in passage["after"]
    assert head["speaker_id"] is not None
    scores = [g["score"] for g in result["groups"]]
    assert scores == sorted(scores, reverse=True) and len(scores) == 5


def test_translations_are_folded_under_one_statement(site):
    german = "Merke dir die Namen deiner Kunden: zu einem Laden, der dich kennt, kehrst du zurück."
    group = api(site, "/api/search", q=german, k=3).json()["groups"][0]
    members = [group["head"], *group["others"]]
    assert group["count"] == 2 and sorted(group["langs"]) == ["en", "it"]
    assert {m["doc"] for m in members} == {"shop_en.txt", "shop_it.txt"}
    assert {m["who"] for m in members} == {"Lena Marsh"}
    # a language filter keeps groups with a member in that language, headed by that member
    only_it = api(site, "/api/search", q=german, k=3, lang="it").json()["groups"]
    assert only_it[0]["head"]["lang"] == "it" and only_it[0]["count"] == 2


def test_a_speaker_page_has_everything_they_said_over_time(site):
    (speaker_id,) = rows(site, "SELECT speaker_id FROM speakers WHERE handle = 'jennvzande'")[0]
    page = api(site, f"/api/speaker/{speaker_id}").json()
    said = rows(site, "SELECT lang, count(*) FROM v_said WHERE speaker_id = ? GROUP BY lang", [speaker_id])
    assert page["count"] == sum(n for _, n in said) and sorted(page["langs"]) == sorted(lang for lang, _ in said)
    assert [m["month"] for m in page["months"]] == ["2019-09", "2019-10"]
    assert sum(m["count"] for m in page["months"]) == len(page["groups"])
    dates = [g["head"]["date"] for g in page["groups"]]
    assert dates == sorted(dates)


def test_an_article_page_marks_its_statements_in_the_text(site):
    (article_id, body) = rows(site, "SELECT article_id, body FROM articles WHERE doc LIKE '004_%'")[0]
    page = api(site, f"/api/article/{article_id}").json()
    assert "".join(s["text"] for s in page["segments"]) == body
    marked = {(s["kind"], s["seq"]): s["text"] for s in page["segments"] if s["kind"]}
    quotes = rows(site, "SELECT seq, text FROM quotes WHERE article_id = ?", [article_id])
    assert quotes and {("quote", seq) for seq, _ in quotes} <= set(marked)
    for seq, text in quotes:
        assert marked[("quote", seq)] == text
    assert [s["kind"] for s in page["statements"]].count("quote") == len(quotes)


def test_bad_requests_get_clear_answers_and_no_sql_reaches_the_warehouse(site):
    before = rows(site, "SELECT count(*) FROM tweets")[0][0]
    hostile = "x'); DROP TABLE tweets; SELECT ('"
    assert api(site, "/api/search", q=hostile).status_code == 200
    assert api(site, "/", q=hostile).status_code == 200
    assert rows(site, "SELECT count(*) FROM tweets")[0][0] == before
    markup = api(site, "/", q="<script>alert(1)</script>").text
    assert "<script>alert(1)" not in markup and "&lt;script&gt;alert(1)" in markup
    assert api(site, "/api/search", q=SPANISH, k=0).status_code == 422
    assert api(site, "/api/search", q=SPANISH, lang="klingon").status_code == 422
    none = api(site, "/api/search", q=SPANISH, lang="xx").json()
    assert none["groups"] == [] and "no statements in language 'xx'" in none["message"]
    assert api(site, "/api/speaker/999999").status_code == 404
    missing = api(site, "/speaker/999999")
    assert missing.status_code == 404 and "no speaker 999999" in missing.text
    assert api(site, "/api/article/ffff").status_code == 404
    assert api(site, "/article/not-an-id").status_code == 422


def test_the_service_holds_the_file_only_while_it_answers(site):
    assert api(site, "/api/search", q=SPANISH).status_code == 200
    # between requests a writer opens the file at once (the nightly run is never locked out)
    con = duckdb.connect(str(site["db"]))
    try:
        busy = api(site, "/api/search", q=SPANISH)  # and while it writes, a reader is told so, not hung
        assert busy.status_code == 503 and "being written" in busy.json()["detail"]
        assert "being written" in api(site, "/", q=SPANISH).text
    finally:
        con.close()
    assert api(site, "/api/search", q=SPANISH).status_code == 200


def test_similar_asks_the_running_service(site, capsys):
    assert main(["similar", SPANISH, "--config", str(site["config"]), "--db", str(site["db"]), "--k", "3"]) == 0
    out, err = capsys.readouterr()
    assert f"answered by `quoteline web` at http://127.0.0.1:{site['port']}" in err
    first = out.splitlines()[:3]
    assert "Stephanie Thum" in first[0] and "2019-09-27" in first[0] and " ro " in first[0]
    assert ROMANIAN_START in first[1] and "#CXTweetChat" in first[2] and "000_86d328523555bbae.txt" in first[2]


def test_a_service_over_another_warehouse_is_not_asked(site, tmp_path):
    assert ask_service("127.0.0.1", site["port"], SPANISH, 3, None, site["db"]) is not None
    assert ask_service("127.0.0.1", site["port"], SPANISH, 3, None, tmp_path / "other.duckdb") is None
    assert ask_service("127.0.0.1", free_port(), SPANISH, 3, None, site["db"]) is None  # nothing listens


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        why = f"no Chromium at {CHROMIUM}: scripts/setup.sh installs Debian's `chromium` (as root)"
        if os.environ.get("CI"):
            pytest.fail(why)  # CI must run the browser test
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def test_in_a_browser_search_then_speaker_then_article(site, browser, tmp_path):
    shots = Path(os.environ.get("QUOTELINE_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(site["base"] + "/")
    page.fill("input[name=q]", SPANISH)
    page.press("input[name=q]", "Enter")
    first = page.locator("article.group").first
    first.wait_for()
    assert first.locator("mark.tweet").inner_text().startswith(ROMANIAN_START)
    assert first.locator(".badge.lang").first.inner_text() == "ro"
    assert "Stephanie Thum" in first.locator(".who").first.inner_text()
    page.screenshot(path=str(shots / "web-search.png"))

    first.locator("a.who").first.click()
    page.wait_for_url(re.compile(r"/speaker/\d+$"))
    assert page.locator("h1").inner_text().startswith("Stephanie Thum")
    assert page.locator("svg rect.bar").count() >= 1
    assert page.locator("article.group mark").first.inner_text().startswith(ROMANIAN_START)
    # a person who spoke in two languages, two months: the chart has a bar a month
    (speaker_id,) = rows(site, "SELECT speaker_id FROM speakers WHERE handle = 'jennvzande'")[0]
    page.goto(f"{site['base']}/speaker/{speaker_id}")
    assert page.locator("svg rect.bar").count() == 2
    assert {page.locator(".badge.lang").nth(i).inner_text() for i in range(3)} == {"ro", "id"}
    page.screenshot(path=str(shots / "web-speaker.png"))

    page.locator("article.group .article a").first.click()
    page.wait_for_url(re.compile(r"/article/[0-9a-f]+#tweet-\d+$"))
    article_id = re.search(r"/article/([0-9a-f]+)", page.url).group(1)
    tweets = rows(site, "SELECT count(*) FROM tweets WHERE article_id = ?", [article_id])[0][0]
    assert page.locator(".article-text mark.tweet").count() == tweets > 0
    page.evaluate("window.scrollTo(0, 0)")  # the picture shows the article from its title
    page.screenshot(path=str(shots / "web-article.png"))

    assert requested and all(url.startswith(site["base"] + "/") for url in requested), \
        "the pages load nothing from the network"
    page.close()
