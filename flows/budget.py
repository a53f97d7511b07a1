"""Every article within a time and size budget, whatever its text does to the extractors.

Extraction runs in a child process, one article at a time; an article that overruns its time budget gets the
child killed (the only way to stop code that will not stop by itself, regex or Python) and a fresh one started,
and is reported while the run goes on. An article over the size budget is refused before any extraction.
Tweets are extracted before quotations and kept when quotations fail or overrun, so a hostile stretch of prose
never costs an article its tweets.

The child reads (source, kind, time) from a pipe and answers with records or an error; it ends by itself when
the pipe closes, so it never outlives a killed run.
"""
from __future__ import annotations

import multiprocessing
import sys
import threading
from dataclasses import dataclass

from extractors.records import Document, Quote, Tweet


class OverBudget(Exception):
    """An article that took longer than its time budget (the message says how long it was given)."""


class _NoChildren(Exception):
    """This process may not start child processes."""


@dataclass(frozen=True)
class Extraction:
    document: Document
    tweets: tuple[Tweet, ...]
    quotes: tuple[Quote, ...]
    problem: str | None = None  # quotations not extracted (an error, or the budget ran out): tweets kept


def extract_article(source: str, kind: str) -> Extraction:
    """The extractors on one article, in this process: document, tweets, then quotations."""
    from extractors.document import read_document
    from extractors.quotes import extract_quotes
    from extractors.tweets import extract_tweets

    document = read_document(source, kind)
    tweets = tuple(extract_tweets(document))
    skip = [(t.start, t.end) for t in tweets] if document.body is document.source else []
    try:
        quotes = tuple(extract_quotes(document, skip=skip))
    except Exception as exc:  # an extractor's failure on this text must not cost the tweets
        return Extraction(document, tweets, (), f"quotations not extracted: {exc.__class__.__name__}: {exc}")
    return Extraction(document, tweets, quotes)


def _serve(conn) -> None:
    """The child's loop: warm up (imports, language data), say so, then extract what arrives until the pipe closes.

    Articles are extracted in spaCy memory zones of `ZONE_ARTICLES` articles each: the words they brought to the
    vocabularies leave when their zone ends, so a worker's memory does not grow with the words it has met, while
    the tokenizer's cache stays warm within a zone. (Zones are safe here, where one thread extracts; the Docs
    never leave the extractors.)"""
    if "torch" not in sys.modules:
        # spaCy's thinc imports torch whenever it is installed (~0.19 GB resident), though the pipelines the
        # extractors load (blank ones and fr_core_news_sm, thinc on numpy) never use it: a worker goes without
        sys.modules["torch"] = None
    from extractors.quote_lang import memory_zone

    extract_article("„Ja“, sagte sie.\n", "text")
    conn.send("ready")
    while True:
        with memory_zone():
            for _ in range(ZONE_ARTICLES):
                try:
                    source, kind, stage = conn.recv()
                except (EOFError, OSError):
                    return
                try:
                    if stage == "tweets":  # the second chance after an overrun: no quotations
                        from extractors.document import read_document
                        from extractors.tweets import extract_tweets

                        document = read_document(source, kind)
                        answer = Extraction(document, tuple(extract_tweets(document)), ())
                    else:
                        answer = extract_article(source, kind)
                except Exception as exc:
                    answer = exc
                conn.send(answer)


class Worker:
    """One child process that extracts articles; replaced when an article overruns."""

    def __init__(self) -> None:
        self._process = None
        self._conn = None

    def _start(self) -> None:
        global _no_children
        context = multiprocessing.get_context("spawn")  # never fork a process that runs threads
        parent, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True, name="quoteline-extract")
        try:
            self._process.start()
        except AssertionError as exc:  # inside a daemonic worker (some Dask set-ups): no children allowed
            _no_children = True
            self._process = None
            raise _NoChildren(str(exc)) from exc
        child.close()
        self._conn = parent
        # an article's budget starts when the worker is ready, not while it imports the extractors
        if not parent.poll(STARTUP_SECONDS) or parent.recv() != "ready":
            self.close()
            raise RuntimeError(f"the extraction worker did not start within {STARTUP_SECONDS} s")

    def _ask(self, source: str, kind: str, stage: str, seconds: float):
        if self._process is None or not self._process.is_alive():
            self._start()
        self._conn.send((source, kind, stage))
        if not self._conn.poll(seconds):
            self.close()
            raise OverBudget(f"extraction took longer than the {seconds:g} s budget an article has "
                             "(flow.article_seconds)")
        answer = self._conn.recv()
        if isinstance(answer, Exception):
            raise answer
        return answer

    def extract(self, source: str, kind: str, seconds: float) -> Extraction:
        """Extract within `seconds`; if quotations overrun, the tweets alone, within the same budget again."""
        try:
            return self._ask(source, kind, "all", seconds)
        except OverBudget as exc:
            found = self._ask(source, kind, "tweets", seconds)
            return Extraction(found.document, found.tweets, (), f"quotations not extracted: {exc}")

    def close(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._conn.close()
        self._process = self._conn = None


STARTUP_SECONDS = 300
ZONE_ARTICLES = 1000  # articles per spaCy memory zone in a worker (`_serve`)
_idle: list[Worker] = []
_no_children = False  # set when this process may not start children: extraction then runs in-process
_idle_lock = threading.Lock()


def close_idle() -> int:
    """End the idle worker processes (a run's extraction is over: their pipelines and caches, ~0.3 GB each, should
    not sit beside the embedding model); the next extraction starts new ones. How many were ended."""
    with _idle_lock:
        ending = list(_idle)
        _idle.clear()
    for worker in ending:
        worker.close()
    return len(ending)


def extract_within(source: str, kind: str, seconds: float, max_chars: int) -> Extraction:
    """Extract one article within its budgets, on an idle worker (extraction threads each take their own).

    Where this process may not start children (a daemonic worker process), the size budget still holds and
    extraction runs here, without a time limit."""
    too_long = (f"quotations not extracted: {len(source)} characters is over the {max_chars}-character budget an "
                "article has (flow.article_chars)") if len(source) > max_chars else None
    if not _no_children:
        with _idle_lock:
            current = _idle.pop() if _idle else Worker()
        try:
            if too_long:
                found = current._ask(source, kind, "tweets", seconds)
                return Extraction(found.document, found.tweets, (), too_long)
            return current.extract(source, kind, seconds)
        except _NoChildren:
            pass
        finally:
            with _idle_lock:
                _idle.append(current)
    if too_long:
        from extractors.document import read_document
        from extractors.tweets import extract_tweets

        document = read_document(source, kind)
        return Extraction(document, tuple(extract_tweets(document)), (), too_long)
    return extract_article(source, kind)
