"""Search, speakers and articles as the web page and `quoteline similar` show them: one implementation.

`SearchService` keeps the embedding model loaded and opens the warehouse read-only for each question, only
as long as the question takes (a nightly run that wants to write waits for a moment at most, and a reader
that finds the file held waits `busy_wait_s` and then says so). Results are statement groups: translations
and copies that the pipeline linked (`links`, `same_as`) are folded under the member that best answers the
question, with the languages and number of the others.

`similar` asks a running `quoteline web` for the same answer over HTTP (the model is loaded there already)
and falls back to loading the model itself when none answers or it serves another warehouse.
"""
from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence

from pydantic import BaseModel, Field

from warehouse import search as wsearch
from warehouse.search import Key

if TYPE_CHECKING:
    import duckdb

    from warehouse.db import Store

    from quoteline.embedder import Embedder

# A paragraph longer than this many characters on either side of a statement is cut at a word.
CONTEXT_KEEP = 280
# Statements fetched per group asked for: several hits often fall into one group.
FANOUT = 5
MAX_K = 100
LANGUAGES_TTL_S = 60.0


class Passage(BaseModel):
    """A statement in its paragraph: the text before it, the statement as the article gives it, the text after."""

    before: str = ""
    match: str
    after: str = ""


class Statement(BaseModel):
    """A tweet or a quotation, with who said it, when, where, and where it stands in its article."""

    kind: str = Field(description="tweet | quote")
    article_id: str
    seq: int
    doc: str
    lang: str | None
    text: str
    who: str | None = Field(description="the author's name as written, or the speaker a quotation resolves to")
    handle: str | None = None
    speaker_id: int | None = Field(None, description="the person of `speakers` this statement is filed under")
    speaker_kind: str | None = Field(None, description="quotations: person | pronoun | role | organisation | unnamed")
    date: str | None = Field(None, description="the tweet's date, else the article's publication date (ISO)")
    title: str | None = Field(None, description="the article's title")
    url: str | None = Field(None, description="the article's address when it was read from the web")
    location: str
    label: str | None = None
    status_url: str | None = None
    passage: Passage
    score: float | None = Field(None, description="cosine to the question (search results only)")


class Group(BaseModel):
    """One statement and its translations and copies (the link group), headed by the best answer."""

    key: str = Field(description="kind:article_id:seq of the group's canonical member")
    score: float | None
    head: Statement
    others: list[Statement]
    langs: list[str]
    count: int


class SearchResult(BaseModel):
    query: str
    k: int
    lang: str | None
    groups: list[Group]
    message: str | None = Field(None, description="why there is nothing to show, when there is not")
    model_version: str
    db: str
    took_ms: float
    served_by: str = "local"


class Speaker(BaseModel):
    speaker_id: int
    name: str
    handle: str | None
    names: list[str]


class Month(BaseModel):
    month: str  # YYYY-MM
    count: int


class SpeakerPage(BaseModel):
    speaker: Speaker
    groups: list[Group] = Field(description="everything they said, oldest first, translations folded")
    months: list[Month] = Field(description="statements a month, from the first to the last, gaps as 0")
    langs: list[str]
    count: int


class Segment(BaseModel):
    """A piece of an article's text: plain, or a statement (`key`: kind:seq)."""

    text: str
    kind: str | None = None
    seq: int | None = None


class ArticlePage(BaseModel):
    article_id: str
    doc: str
    title: str | None
    url: str | None
    location: str
    lang: str | None
    published: str | None
    kind: str
    segments: list[Segment] = Field(description="the text tweets and quotations index, statements marked")
    statements: list[Statement]


class NotFound(LookupError):
    """No active speaker or article by that id."""


def as_store(where: "Store | Path | str") -> "Store":
    """The warehouse as `warehouse.db.Store` (a bare path is a DuckDB file), its file path made absolute: its
    `str` names it in answers, and `similar` compares names to know a service reads the same warehouse."""
    from warehouse.db import Store

    where = where if isinstance(where, Store) else Store(Path(where))
    if where.is_file:
        where = Store(Path(where.path).resolve(), where.backend, where.data_path, where.memory_limit)
    return where


def _url(location: str) -> str | None:
    return location if location.startswith(("http://", "https://")) else None


def _iso(value: Any) -> str | None:
    return None if value is None else str(value)[:10]


def _cut_before(text: str) -> str:
    text = text[text.rfind("\n") + 1:]
    if len(text) > CONTEXT_KEEP:
        text = text[-CONTEXT_KEEP:]
        text = "…" + text[text.find(" ") + 1:] if " " in text else "…" + text
    return text


def _cut_after(text: str) -> str:
    end = text.find("\n")
    text = text if end < 0 else text[:end]
    if len(text) > CONTEXT_KEEP:
        text = text[:CONTEXT_KEEP]
        text = (text[:text.rfind(" ")] if " " in text else text) + "…"
    return text


def passage(row: dict[str, Any]) -> Passage:
    """Where a statement stands: its paragraph, from the window of text `warehouse.search.statements` gives.

    A tweet's offsets cover its whole embed (text and attribution line), which is its paragraph: the tweet's
    text is marked inside it. An HTML source is markup, so a tweet read from one shows its text alone.
    """
    window, offset = row["window"] or "", row["window_start"]
    start, end = row["start_offset"] - offset, row["end_offset"] - offset
    span = window[start:end]
    if row["kind"] == "tweet":
        if row["article_kind"] == "html":
            return Passage(match=row["text"])
        at = span.find(row["text"])
        if at < 0:
            return Passage(match=span)
        return Passage(before=span[:at], match=row["text"], after=span[at + len(row["text"]):].rstrip())
    return Passage(before=_cut_before(window[:start]), match=span, after=_cut_after(window[end:]))


def statement(row: dict[str, Any], score: float | None = None) -> Statement:
    return Statement(
        kind=row["kind"], article_id=row["article_id"], seq=row["seq"], doc=row["doc"], lang=row["lang"],
        text=row["text"], who=row["who"], handle=row["handle"], speaker_id=row["speaker_id"],
        speaker_kind=row["speaker_kind"], date=_iso(row["date"] or row["published"]), title=row["title"],
        url=_url(row["location"]), location=row["location"], label=row["label"], status_url=row["status_url"],
        passage=passage(row), score=score)


def key_text(key: Key) -> str:
    return f"{key.kind}:{key.article_id}:{key.seq}"


def fold(con: "duckdb.DuckDBPyConnection", keys: Sequence[Key], scores: dict[Key, float] | None = None,
         limit: int | None = None) -> list[Group]:
    """Statements folded into their link groups, in the order the keys first reach each group (at most
    `limit` groups); each group is headed by its best-scoring member (without scores: its first key)."""
    scores = scores or {}
    grouped = list(wsearch.groups(con, keys).items())[:limit]
    rows = {Key(r["kind"], r["article_id"], r["seq"]): r for r in
            wsearch.statements(con, wsearch.flatten(members for _, members in grouped))}
    order = {key: i for i, key in enumerate(keys)}
    out = []
    for canonical, members in grouped:
        present = [m for m in members if m in rows]
        if not present:
            continue
        head = min(present, key=lambda m: (-scores.get(m, float("-inf")), order.get(m, len(order))))
        found = [scores[m] for m in present if m in scores]
        langs = Counter(rows[m]["lang"] or "??" for m in present)
        out.append(Group(key=key_text(canonical), score=max(found) if found else None,
                         head=statement(rows[head], scores.get(head)),
                         others=[statement(rows[m], scores.get(m)) for m in present if m != head],
                         langs=[lang for lang, _ in langs.most_common()], count=len(present)))
    return out


def months(dates: Sequence[str | None]) -> list[Month]:
    """Counts a month from the first month to the last, months without any as 0."""
    counted = Counter(d[:7] for d in dates if d)
    if not counted:
        return []
    first, last = min(counted), max(counted)
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        label = f"{year:04d}-{month:02d}"
        out.append(Month(month=label, count=counted.get(label, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def segments(text: str, spans: Sequence[tuple[int, int, str, int]]) -> list[Segment]:
    """`text` cut into plain pieces and statements at `spans` (start, end, kind, seq); a span that overlaps
    one already placed is left unmarked (a quotation inside an embedded tweet stays part of the tweet)."""
    out, at = [], 0
    for start, end, kind, seq in sorted(spans):
        if start < at or end <= start or end > len(text):
            continue
        if start > at:
            out.append(Segment(text=text[at:start]))
        out.append(Segment(text=text[start:end], kind=kind, seq=seq))
        at = end
    if at < len(text):
        out.append(Segment(text=text[at:]))
    return out


class SearchService:
    """The embedding model, loaded once, and a warehouse opened read-only for each question."""

    def __init__(self, store: "Store | Path | str", embedder: "Embedder", busy_wait_s: float = 5.0,
                 threads: int | None = None):
        self.store = as_store(store)
        self.embedder = embedder
        self.busy_wait_s = busy_wait_s
        self._languages: tuple[float, list[str]] | None = None
        if threads:
            # A question is one short text: one thread embeds it fastest, and on a busy machine torch's
            # threads wait on each other (bench/RESULTS-web.md: ~50 ms on one thread, ~600 ms on two).
            import torch

            embedder.threads = threads
            torch.set_num_threads(threads)

    @contextmanager
    def connection(self) -> Iterator["duckdb.DuckDBPyConnection"]:
        """The warehouse, read-only, for one question: closed as soon as the answer is read."""
        from warehouse import db

        con = db.connect(self.store, read_only=True, wait_s=self.busy_wait_s)
        try:
            yield con
        finally:
            con.close()

    def search(self, query: str, k: int = 10, lang: str | None = None) -> SearchResult:
        """The k statement groups nearest to `query`, in any language (or with a member in `lang`)."""
        began = time.perf_counter()
        k = max(1, min(int(k), MAX_K))
        lang = (lang or "").strip().lower() or None
        vector = self.embedder.encode([query])[0]
        version = self.embedder.model_version
        with self.connection() as con:
            hits = wsearch.nearest(con, vector, version, k * FANOUT, lang)
            found = fold(con, [key for key, _ in hits], dict(hits), limit=k)
            message = None
            if not found:
                if not wsearch.count_vectors(con, version):
                    message = "no statements embedded with this model yet: run `quoteline run` first"
                elif lang:
                    known = ", ".join(wsearch.languages(con)) or "none"
                    message = f"no statements in language {lang!r} (statements are in: {known})"
        return SearchResult(query=query, k=k, lang=lang, groups=found, message=message, model_version=version,
                            db=str(self.store), took_ms=round((time.perf_counter() - began) * 1000, 1))

    def speaker(self, speaker_id: int) -> SpeakerPage:
        with self.connection() as con:
            person = wsearch.speaker(con, speaker_id)
            if person is None:
                raise NotFound(f"no speaker {speaker_id}")
            found = fold(con, wsearch.speaker_statements(con, speaker_id))
        statements = [s for g in found for s in (g.head, *g.others)]
        own = [s for s in statements if s.speaker_id == speaker_id]
        first_dates = [min((s.date for s in (g.head, *g.others) if s.speaker_id == speaker_id and s.date),
                           default=None) for g in found]
        return SpeakerPage(speaker=Speaker(**person), groups=found, months=months(first_dates),
                           langs=[lang for lang, _ in Counter(s.lang or "??" for s in own).most_common()],
                           count=len(own))

    def article(self, article_id: str) -> ArticlePage:
        with self.connection() as con:
            found = wsearch.article(con, article_id)
            if found is None:
                raise NotFound(f"no article {article_id}")
            rows = wsearch.statements(con, wsearch.article_statements(con, article_id))
        marked = [(r["start_offset"], r["end_offset"], r["kind"], r["seq"]) for r in rows
                  if r["kind"] == "quote" or found["kind"] != "html"]
        return ArticlePage(
            article_id=found["article_id"], doc=found["doc"], title=found["title"], url=_url(found["location"]),
            location=found["location"], lang=found["lang"], published=_iso(found["published"]), kind=found["kind"],
            # quotes index the running text; tweets the source, which is that same text unless it is HTML
            segments=segments(found["body"], marked), statements=[statement(r) for r in rows])

    def languages(self) -> list[str]:
        """The languages of the statements, for the search form; read again at most once a minute (the search
        page asks on every request, and a second connection would cost as much as the search's queries)."""
        now = time.monotonic()
        if self._languages is None or now - self._languages[0] > LANGUAGES_TTL_S:
            with self.connection() as con:
                self._languages = (now, wsearch.languages(con))
        return self._languages[1]


# -- `quoteline similar`: the running service if there is one, else the model loaded here ----------------------

def ask_service(host: str, port: int, query: str, k: int, lang: str | None, store: "Store | Path | str",
                timeout_s: float = 30.0) -> SearchResult | None:
    """The answer of a `quoteline web` listening at host:port over the same warehouse, or None when nothing
    answers there, something else answers, or it serves another file.

    urllib, not httpx: this runs in a command that should start in a blink, and urllib is imported already.
    """
    import json
    import urllib.error
    import urllib.parse
    import urllib.request

    params = urllib.parse.urlencode({"q": query, "k": k, **({"lang": lang} if lang else {})})
    shown = f"[{host}]" if ":" in host else host
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy
    try:
        with direct.open(f"http://{shown}:{port}/api/search?{params}", timeout=timeout_s) as response:
            result = SearchResult.model_validate(json.loads(response.read()))
    except (OSError, ValueError):  # refused, timed out, an HTTP error status, not our JSON
        return None
    if result.db != str(as_store(store)):
        return None
    result.served_by = f"http://{shown}:{port}"
    return result


def similar(query: str, k: int, lang: str | None, store: "Store | Path | str", load_embedder: Callable[[], "Embedder"],
            host: str | None = None, port: int | None = None, busy_wait_s: float = 5.0,
            threads: int | None = None) -> SearchResult:
    """`quoteline similar`: the service at host:port when it answers for this warehouse, else a local search
    with the model loaded by `load_embedder` (seconds, not milliseconds)."""
    if host and port:
        answered = ask_service(host, port, query, k, lang, store)
        if answered is not None:
            return answered
    return SearchService(store, load_embedder(), busy_wait_s=busy_wait_s, threads=threads).search(query, k, lang)


def format_result(result: SearchResult, width: int = 160) -> list[str]:
    """`similar`'s text output: a group a block — score, who, when, language(s), title and address, the text."""
    if not result.groups:
        return [result.message or "nothing found"]
    lines = []
    for group in result.groups:
        head = group.head
        who = head.who or "?"
        if head.handle:
            who += f" (@{head.handle})"
        score = f"{group.score:.3f}" if group.score is not None else "  -  "
        text = " ".join(head.text.split())
        more = f"  +{group.count - 1} more in {', '.join(group.langs)}" if group.count > 1 else ""
        lines.append(f"{score}  {head.kind:5s} {head.lang or '??':3s} {who} · {head.date or 'undated'}{more}")
        lines.append(f"       {text[:width]}{'…' if len(text) > width else ''}")
        lines.append(f"       {head.title or head.doc} — {head.url or head.location}")
    return lines
