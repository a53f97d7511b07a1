"""The quoteline flow: discover → read → extract → load → embed → link, in batches.

Tasks work on batches of articles, not single articles, so a large corpus costs a few hundred task runs,
not one per file. Reading compares content hashes with the warehouse first: an unchanged article costs a
hash, never an extraction. The DuckDB file is opened for writing only while a batch loads, so ad-hoc
readers get in between batches.
"""
from __future__ import annotations

import time
import uuid
from collections import Counter, deque
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Protocol

import httpx
import numpy as np
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run, task_run

from flows import budget
from quoteline.config import Config, load_config
from quoteline.embedder import (ModelUnavailable, embedding_settings, model_version_for, release_shared_embedder,
                                shared_embedder)
from quoteline.lifeline import bind_prefect_server
from quoteline.memory import give_back
from quoteline.runlock import run_lock
from quoteline.sources import (Discovery, RawSource, SourceError, SourceRef, decode, discover, fetch_url, is_url,
                               read_file)
from quoteline.version import code_version
from warehouse import db, links, load, vectors
from warehouse import speakers as speaker_groups


class TransientReadError(Exception):
    """A source failed in a way a retry may fix (network, a file being written)."""


@dataclass
class ReadBatch:
    changed: list[RawSource] = field(default_factory=list)
    unchanged: list[SourceRef] = field(default_factory=list)
    validators: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # 304s with new validators
    failures: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class RunSummary:
    run_id: str
    counts: Counter
    seconds: dict[str, float]
    failures: list[tuple[str, str, str]]
    warnings: list[str] = field(default_factory=list)  # what the run refused to do, or left for the next run

    def lines(self) -> list[str]:
        c = self.counts
        out = [f"run {self.run_id}: {c['read']} articles read — {c['new']} new, {c['changed']} changed, "
               f"{c['skipped']} unchanged (skipped), {c['failed']} failed, {c['deleted']} gone; "
               f"{c['tweets']} tweets and {c['quotes']} quotes loaded, {c['embedded']} texts embedded"
               + (f", {c['links']} links, {c['speakers']} speakers" if "links" in c else ""),
               "seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in self.seconds.items())]
        out += [f"failed: {loc} [{stage}] {err}" for loc, stage, err in self.failures]
        out += [f"warning: {w}" for w in self.warnings]
        return out


class Progress(Protocol):
    """What a run tells whoever watches it (the command line draws a progress bar): called in the flow's thread."""

    def started(self, total: int) -> None: ...  # articles discovered

    def advanced(self, articles: int, counts: Counter) -> None: ...  # a batch loaded; the run's counts so far

    def stage(self, name: str, detail: str = "") -> None: ...  # "embed", "link": the work after the batches


_watchers: list[Progress] = []


@contextmanager
def watching(progress: Progress) -> Iterator[None]:
    """Report the progress of runs started in this process to `progress` while the block runs."""
    _watchers.append(progress)
    try:
        yield
    finally:
        _watchers.remove(progress)


def _tell(event: str, *args) -> None:
    for watcher in _watchers:
        getattr(watcher, event)(*args)


@task(name="discover-sources", cache_policy=NO_CACHE)
def discover_sources(cfg: Config) -> Discovery:
    src = cfg.sources
    return discover(src.paths, cfg.root, src.extensions, src.list_file or None)


@task(name="read-known", cache_policy=NO_CACHE)
def read_known(store: db.Store, wait_s: float) -> dict[str, load.KnownSource]:
    if not store.exists():
        return {}
    with db.open_warehouse(store, wait_s=wait_s) as con:
        return load.known_sources(con)


@task(name="read-batch", cache_policy=NO_CACHE)
def read_batch(refs: list[SourceRef], known: dict[str, load.KnownSource], cfg: Config) -> ReadBatch:
    """Read bytes and keep only what is new or changed; transient errors retry the batch (cheap for files)."""
    max_bytes, timeout = cfg.sources.max_bytes, cfg.sources.url_timeout_s
    last_try = (task_run.run_count or 1) > cfg.flow.io_retries
    out = ReadBatch()
    for ref in refs:
        seen = known.get(ref.location)
        try:
            if ref.is_url:
                raw = fetch_url(ref, timeout, max_bytes, seen and seen.etag, seen and seen.last_modified)
            else:
                raw = read_file(ref, max_bytes)
        except SourceError as exc:
            if _transient(exc) and not last_try:
                raise TransientReadError(str(exc)) from exc
            out.failures.append((ref.location, "read", str(exc)))
            continue
        if raw is None or (seen and seen.status == "active" and seen.content_hash == raw.content_hash):
            out.unchanged.append(ref)
            if raw is not None and ref.is_url and (raw.etag, raw.last_modified) != (seen.etag, seen.last_modified):
                out.validators.append((ref.location, raw.etag, raw.last_modified))
        else:
            out.changed.append(raw)
    return out


def _transient(exc: SourceError) -> bool:
    """A refused connection or a 5xx may pass; a server that let the whole time limit run out will not."""
    cause = exc.__cause__
    if isinstance(cause, (httpx.TimeoutException, TimeoutError)):
        return False
    return isinstance(cause, httpx.TransportError) or " HTTP 5" in str(exc)


@dataclass
class Extracted:
    items: list[load.ArticleLoad] = field(default_factory=list)
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    seconds: float = 0.0


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch(raws: list[RawSource], seconds: float | None = None, max_chars: int | None = None) -> Extracted:
    """Decode and extract each article; one bad article is a failure of its own, not of the batch.

    With `seconds` and `max_chars` (the flow's per-article budget) each article is extracted in a child process
    that is killed when the article overruns (flows/budget.py); an article over budget loads its tweets and is
    reported. Without them, extraction runs here.
    """
    started, out = time.perf_counter(), Extracted()
    for raw in raws:
        stage = "decode"
        try:
            text = decode(raw)
            stage = "extract"
            found = (budget.extract_within(text, raw.ref.kind, seconds, max_chars) if seconds
                     else budget.extract_article(text, raw.ref.kind))
        except SourceError as exc:
            out.failures.append((raw.ref.location, stage, str(exc)))
            continue
        except Exception as exc:  # an extractor bug must not sink the other articles
            out.failures.append((raw.ref.location, stage, f"{raw.ref.location}: {exc.__class__.__name__}: {exc}"))
            continue
        if found.problem:
            out.failures.append((raw.ref.location, "budget", f"{raw.ref.location}: {found.problem}"))
        out.items.append(load.ArticleLoad(raw.ref.id, raw.ref.name, raw.ref.location, raw.content_hash,
                                          found.document, found.tweets, found.quotes, raw.etag, raw.last_modified))
    out.seconds = time.perf_counter() - started
    return out


@task(name="load-batch", cache_policy=NO_CACHE, retries=3, retry_delay_seconds=2)
def load_batch(store: db.Store, items: list[load.ArticleLoad], validators: list, run_id: str,
               wait_s: float) -> load.LoadResult:
    with db.open_warehouse(store, wait_s=wait_s) as con:
        result = load.load_articles(con, items, run_id)
        for location, etag, last_modified in validators:
            load.touch_validators(con, location, etag, last_modified)
    return result


@task(name="embed-texts", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def embed_texts(cfg: Config, texts: list[str]) -> list:
    """[model version, vectors] of `texts`, on whichever worker the task runner chose: the model is loaded once per
    worker process and kept (`shared_embedder`). No texts: only load it (the flow warms a worker up this way).
    A list, which the caller empties once the vectors are stored: Prefect holds a task's result to the end of
    the flow run."""
    embedder = shared_embedder(cfg)
    found = [embedder.model_version, embedder.encode(texts)]
    give_back()  # the encoder's work space, kept by this thread's malloc arena otherwise (one arena per thread)
    return found


@task(name="embed-new", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def embed_new(cfg: Config, wait_s: float, preloading: Future | PrefectFuture | None = None,
              version: str | None = None) -> int:
    """Embed the statements this model has not seen; the model is loaded only when there are some.

    The texts go to the task runner in chunks of `store_every` (threads of this process, or Dask workers, up to
    `extract_ahead` chunks at a time) and each chunk's vectors are stored here as it comes back, in a short write,
    so readers get in while the model works. `preloading` is the model being loaded on a worker of the task runner
    (the flow submits it once extraction is over and its worker processes have ended: the model and the
    extractors never share the memory). `version` is the configured model's, which the flow computes once per run
    (called alone, as bench/ does, the task computes it, and encodes in this process). Prefect waits for `preloading`, a
    future of the warm-up task, before this task starts: a model that cannot load fails there, once. The texts are
    read `read_every` at a time (whole chunks), so a run holds a page of them, not every new text of the night.
    """
    version = version or model_version_for(**embedding_settings(cfg))
    chunk = cfg.embedding.store_every
    page = -(-cfg.embedding.read_every // chunk) * chunk  # whole chunks: the chunks one read of everything gives

    def read(after: str | None) -> list[tuple[str, str]]:
        with db.open_warehouse(cfg.store, wait_s=wait_s) as con:
            return vectors.pending_texts(con, version, after, page)

    pending = read(None)
    if not pending:
        return 0
    in_flow = FlowRunContext.get() is not None
    window: deque = deque()

    def store_next() -> None:
        keys, future = window.popleft()
        result = future.result() if in_flow else future
        made_by, matrix = result
        if made_by != version:
            raise RuntimeError(f"a worker embedded with {made_by}, not the configured {version}: install the same "
                               "model on every worker (`quoteline model install`)")
        with db.open_warehouse(cfg.store, wait_s=wait_s) as con:
            vectors.store_vectors(con, keys, matrix, version)
        result.clear()

    done = 0
    while pending:  # a page at a time: the texts after the last one read, not embedded yet
        for i in range(0, len(pending), chunk):
            keys, texts = zip(*pending[i:i + chunk])
            window.append((keys, embed_texts.submit(cfg, list(texts)) if in_flow
                           else embed_texts.fn(cfg, list(texts))))
            if len(window) >= cfg.flow.extract_ahead:
                store_next()
        done += len(pending)
        pending = read(pending[-1][0]) if len(pending) == page else []
    while window:
        store_next()
    return done


@task(name="link-and-gather-speakers", cache_policy=NO_CACHE)
def link_and_gather(cfg: Config, wait_s: float, version: str | None, speakers: bool = True,
                    full: bool = False) -> tuple[int, int]:
    """Bring cross-language links up to date (incrementally: warehouse/links.py; `full` links everything again)
    and, if `speakers`, the speaker groups (incrementally too: warehouse/speakers.py; `full` groups everyone again).

    Links need the vectors of the configured model (`version`); with embedding off (None) only speakers are
    gathered. Returns (links, speaker groups); -1 for what was not looked at.
    """
    n_links = n_groups = -1
    if version:
        settings = links.LinkSettings(**cfg.links.model_dump())
        n_links = links.relink(cfg.store, version, settings, wait_s=wait_s, full=full).links
    if speakers:
        n_groups = speaker_groups.update(cfg.store, wait_s=wait_s, full=full)
    return n_links, n_groups


@flow(name="quoteline", log_prints=True)
def quoteline_flow(config_path: str | None = None, sources: list[str] | None = None,
                   db_path: str | None = None, overrides: dict[str, dict] | None = None) -> RunSummary:
    """One run over the configured sources into the warehouse (`overrides`: settings given on the command line,
    `{"flow": {"busy_wait_s": 60}}`, validated like the file)."""
    cfg = load_config(config_path)
    if overrides:
        cfg = cfg.with_overrides(**overrides)
    if sources:  # ad hoc: they add to the warehouse and never mark the configured sources gone
        cfg = cfg.with_overrides(sources={"paths": [s if is_url(s) else str(Path(s).resolve()) for s in sources],
                                          "list_file": ""})
    if db_path:
        cfg = cfg.with_overrides(warehouse={"path": str(Path(db_path).resolve())})
    logger = get_run_logger()
    bind_prefect_server()  # a temporary API server this process started must not outlive a killed run
    with run_lock(cfg):
        return _run(cfg, logger, adhoc=bool(sources))


def _run(cfg: Config, logger, adhoc: bool = False) -> RunSummary:
    run_id = uuid.uuid4().hex[:12]
    wait_s = cfg.flow.busy_wait_s
    counts, seconds, failures, warnings = Counter(), Counter(), [], []
    with db.open_warehouse(cfg.store, wait_s=wait_s) as con:
        failed = load.last_run_failure(con)
        aborted = load.start_run(con, run_id, str(flow_run.id) if flow_run.id else None, cfg.digest, code_version())
    warnings += [f"run {old} ended without finishing (killed, or its machine or disk failed); this run carries on "
                 "from what it had loaded" for old in aborted]
    warnings += [f"run {old} failed ({why}); this run carries on from what it had loaded" for old, why in failed]

    status, error = "failed", None
    try:
        started = time.perf_counter()
        found = discover_sources(cfg)
        refs = found.refs
        failures += [(where, "discover", f"{where}: {why}") for where, why in found.problems]
        known = read_known(cfg.store, wait_s)
        seconds["discover"] += time.perf_counter() - started
        _tell("started", len(refs))
        batch_size = cfg.flow.batch_size
        reader = read_batch.with_options(retries=cfg.flow.io_retries, retry_delay_seconds=cfg.flow.io_retry_delay_s)
        # Extraction runs on the flow's task runner (threads here, Dask/Ray to scale out), up to `extract_ahead`
        # batches in flight; batches load in order, each in one short write.
        ahead = cfg.flow.extract_ahead
        in_flight: deque = deque()

        def load_next() -> None:
            number, batch, read, future = in_flight.popleft()
            extracted = future.result() if future is not None else Extracted()
            started = time.perf_counter()
            result = (load_batch(cfg.store, extracted.items, read.validators, run_id, wait_s)
                      if extracted.items or read.validators else load.LoadResult())
            # Prefect keeps every task's state, and a state its result, to the end of the flow run: empty the
            # batch's containers once loaded, or a run holds every article it read (memory grows with the run)
            read.changed.clear()
            extracted.items.clear()
            seconds["load"] += time.perf_counter() - started
            seconds["extract"] += extracted.seconds
            failures.extend(read.failures + extracted.failures + [(loc, "load", e) for loc, e in result.failures])
            counts.update(read=len(batch), skipped=len(read.unchanged), new=result.new, changed=result.changed,
                          tweets=result.tweets, quotes=result.quotes)
            _tell("advanced", len(batch), counts)
            logger.info("batch %d: %d read, %d unchanged, %d loaded, %d failed", number, len(batch),
                        len(read.unchanged), result.new + result.changed,
                        len(read.failures) + len(extracted.failures) + len(result.failures))

        for number, i in enumerate(range(0, len(refs), batch_size), 1):
            batch = refs[i:i + batch_size]
            started = time.perf_counter()
            # only this batch's entries: a task's parameters are copied and hashed per task run
            read = reader(batch, {r.location: known[r.location] for r in batch if r.location in known}, cfg)
            seconds["read"] += time.perf_counter() - started
            # an unchanged batch costs its hashes only: no extraction, no write connection
            in_flight.append((number, batch, read, extract_batch.submit(read.changed, cfg.flow.article_seconds, cfg.flow.article_chars)
                              if read.changed else None))
            if len(in_flight) >= ahead:
                load_next()
        while in_flight:
            load_next()
        # the extraction workers of this process are idle until the next run: their memory goes before the model's
        # comes (a run's peak is the model with one stage's work, not the model beside the extractors)
        budget.close_idle()
        current = {ref.location for ref in refs}
        active = [loc for loc, k in known.items() if k.status == "active"]
        gone = [] if adhoc else [loc for loc in active if loc not in current and found.searched(loc)]
        refusal = found.deletion_refusal(len(gone), len(active), cfg.warehouse.max_deleted_share)
        if refusal:
            warnings.append(refusal)
        elif gone:
            with db.open_warehouse(cfg.store, wait_s=wait_s) as con:
                counts["deleted"] = load.mark_deleted(con, gone, cfg.warehouse.purge_deleted)
        started = time.perf_counter()
        # the configured model's version, once per run: it keys the vectors embedded and the ones linked
        version = None
        if cfg.embedding.enabled:
            try:  # a missing or broken model must not cost the extraction: embedding waits for the next run
                version = model_version_for(**embedding_settings(cfg))
                _tell("stage", "embed")
                # the model loads on a worker of the task runner, once: a model that cannot load fails there
                preloading = embed_texts.submit(cfg, []) if counts["new"] or counts["changed"] else None
                counts["embedded"] = embed_new(cfg, wait_s, preloading, version)
            except ModelUnavailable as exc:
                warnings.append(f"embedding pending, the next run does it: {exc}")
            # the model (loaded here by the thread runner) is not needed by the stages that follow: its memory goes
            release_shared_embedder(cfg)
        seconds["embed"] = time.perf_counter() - started
        # links catch up with whatever is not linked yet (cheap to ask when nothing is); speakers when rows changed
        started = time.perf_counter()
        _tell("stage", "link")
        n_links, n_groups = link_and_gather(cfg, wait_s, version,
                                            speakers=bool(counts["new"] or counts["changed"] or counts["deleted"]))
        if n_groups >= 0:  # as before: a run that changed nothing reports no links or speakers
            counts["links"], counts["speakers"] = max(n_links, 0), n_groups
        seconds["link"] = time.perf_counter() - started
        status = "completed"
    except Exception as exc:  # recorded (if the warehouse still takes it) for the next run's summary
        error = (str(exc).strip().splitlines() or [""])[0][:500]
        error = f"{exc.__class__.__name__}: {error}"
        raise
    finally:
        counts["failed"] = len(failures)
        with db.open_warehouse(cfg.store, wait_s=wait_s) as con:
            load.record_failures(con, run_id, failures + [("", "warning", w) for w in warnings]
                                 + ([("", "run", error)] if error else []))
            load.finish_run(con, run_id, status, dict(counts), dict(seconds))
            if cfg.warehouse.backend == "duckdb" and (counts["new"] or counts["changed"] or counts["deleted"]):
                con.execute("CHECKPOINT")  # fold the run's changes into the file now, not at some later open
    summary = RunSummary(run_id, counts, dict(seconds), failures, warnings)
    for line in summary.lines():
        logger.info(line)
    return summary
