"""Scale benchmark: one table of what a nightly run costs as the corpus and the warehouse grow.

    .venv/bin/python bench/run.py --n 10000                 # a run over 10k generated articles, then a re-run
    .venv/bin/python bench/run.py --n 1000 --repo /work/main  # the same with another checkout's code (before/after)
    .venv/bin/python bench/run.py --link 10000,100000,1000000 # link + speaker time per new statement as it grows
    .venv/bin/python bench/run.py --search 10000,100000,1000000
    .venv/bin/python bench/run.py --threads 1,2,0           # [embedding] threads settings, idle and one core busy

The shared corpora are found at ../shared beside the checkout (a checkout elsewhere needs a `shared` link there).

The articles are real paragraphs recombined (bench/corpus.py), written to a temporary folder and deleted after:
the text is licensed and never kept. Vectors for the link and search parts are real embeddings of real statements
plus perturbed copies (see `realistic_vectors`); a warehouse of n statements has n/75 real sentences at its base
(`--per-sentence`), so its neighbourhoods are as crowded at 10k as at 1M, as on real nights (a fixed base would give
each sentence more near copies the larger the warehouse). Run it under `nice -n 10` on a shared machine.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from bench import corpus  # noqa: E402


def _tree(root: int) -> list[tuple[int, str, int]]:
    """(pid, what it is, resident bytes) of a process and all its descendants: the run, its temporary Prefect
    server, its extraction workers and the server's watchdog."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in rss:
            out.append((pid, "run" if pid == root else _what(pid), rss[pid]))
        todo += children.get(pid, [])
    return out


def _what(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            args = f.read().decode(errors="replace").split("\0")
    except OSError:
        return "?"
    line = " ".join(args)
    if "uvicorn" in line:
        return "prefect server"
    if "multiprocessing" in line:
        return "worker"
    if "pidfd" in line or "-I" in args:
        return "watchdog"
    return "other"


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants (the run and its temporary Prefect server)."""
    return sum(r for _, _, r in _tree(root))


def _pss(pid: int) -> int:
    """Proportional set size: pages shared between processes counted once in all (what a fork saves shows here,
    not in the sum of resident sizes)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def _breakdown(tree: list[tuple[int, str, int]]) -> str:
    kinds: dict[str, list[int]] = {}
    for _, what, r in tree:
        kinds.setdefault(what, []).append(r)
    return ", ".join(f"{k} " + "+".join(f"{r / 1e9:.2f}" for r in v) for k, v in kinds.items())


def _own_rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def run_quoteline(repo: Path, source: Path, db: Path, every: float = 0.0) -> dict:
    """`quoteline run` of `repo` in a process of its own: wall time, peak RSS (the run's own, and with its
    children sampled twice a second), and the stage seconds the run recorded. With `every`, a line every that many
    seconds (RSS now and peak so far, the run's last log line): what a long run reached if it is stopped."""
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen([str(repo / ".venv" / "bin" / "quoteline"), "run", "--source", str(source), "--db", str(db)]
                            + (["-v"] if every else []),
                            cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak_tree, peak_own, peak_pss, done = [0], [0], [0], threading.Event()
    at_peak = [""]
    output_lines = []

    def sample() -> None:
        told = time.perf_counter()
        while not done.wait(0.5):
            own, members = _own_rss(proc.pid), _tree(proc.pid)
            tree = sum(r for _, _, r in members)
            last = next((ln for ln in reversed(output_lines[-50:]) if "|" in ln), "").strip()[-110:]
            if tree > peak_tree[0]:
                at_peak[0] = f"{_breakdown(members)} GB; {last}"
            peak_tree[0], peak_own[0] = max(peak_tree[0], tree), max(peak_own[0], own)
            peak_pss[0] = max(peak_pss[0], sum(_pss(pid) for pid, _, _ in members))
            if every and time.perf_counter() - told >= every:
                told = time.perf_counter()
                print(f"[{told - started:7.0f} s, load {os.getloadavg()[0]:.1f}] RSS run {own / 1e9:.2f} GB (peak "
                      f"{peak_own[0] / 1e9:.2f}), +children {tree / 1e9:.2f} GB (peak {peak_tree[0] / 1e9:.2f}; "
                      f"{_breakdown(members)}); {last}", flush=True)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    for line in proc.stdout:
        output_lines.append(line)
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    wall = time.perf_counter() - started
    output = "".join(output_lines)
    if status != 0:
        raise SystemExit(f"bench: quoteline run failed ({status}):\n{output[-3000:]}")
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        stages, read = con.execute("SELECT stage_seconds, n_read FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
    print(f"peak of the tree: {at_peak[0]}", flush=True)
    return {"wall": wall, "peak_rss": usage.ru_maxrss * 1024, "peak_tree": peak_tree[0], "peak_pss": peak_pss[0],
            "cpu": usage.ru_utime + usage.ru_stime, "load": (load_before, os.getloadavg()[0]),
            "stages": json.loads(stages or "{}"), "read": read, "summary": output.strip().splitlines()[-2:]}


def bench_flow(n: int, repo: Path, size: int, keep: Path | None, every: float = 0.0) -> list[dict]:
    tmp = Path(tempfile.mkdtemp(prefix="quoteline-bench-"))
    try:
        source, db = tmp / "corpus", (keep or tmp) / f"bench-{n}.duckdb"
        started = time.perf_counter()
        paths = corpus.write_corpus(source, n, size=size)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        print(f"corpus: {n} articles, {megabytes:.1f} MB, generated in {time.perf_counter() - started:.1f} s",
              flush=True)
        rows = []
        for label in ("first run", "re-run, nothing changed"):
            r = run_quoteline(repo, source, db, every)
            r.update(label=label, n=n, mb=megabytes, db_mb=db.stat().st_size / 1e6)
            print(json.dumps({k: v for k, v in r.items() if k != "summary"}), *r["summary"], sep="\n", flush=True)
            rows.append(r)
        return rows
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def flow_table(rows: list[dict]) -> str:
    """One row a run. "rest" is the wall time outside the flow's stages (imports, Prefect's temporary server, the
    summary); "CPU" is user + system seconds of the run and its children: a wall far above it means the run
    waited for the cores (the machine's load, given at the start and the end of the run)."""
    out = ["| articles | run | load avg | wall s | CPU s | extract s (art/s, MB/s) | read s | embed s | link s | load s "
           "| rest s | peak RSS run / +children (PSS) | DuckDB MB (per 10k) |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        st = r["stages"]
        ex = st.get("extract", 0.0)
        rate = f"{r['n'] / ex:.0f}/s, {r['mb'] / ex:.2f} MB/s" if ex > 0.01 else "—"
        # extraction overlaps loading in the flow: what the flow's thread waited for is the rest of its stages
        inside = sum(v for k, v in st.items() if k != "extract")
        out.append(f"| {r['n']:,} | {r['label']} | {r['load'][0]:.1f} → {r['load'][1]:.1f} | {r['wall']:.0f} "
                   f"| {r['cpu']:.0f} | {ex:.0f} ({rate}) | {st.get('read', 0):.1f} | {st.get('embed', 0):.1f} "
                   f"| {st.get('link', 0):.1f} | {st.get('load', 0):.1f} | {max(0.0, r['wall'] - inside - ex):.0f} "
                   f"| {r['peak_rss'] / 1e9:.2f} / {r['peak_tree'] / 1e9:.2f} ({r.get('peak_pss', 0) / 1e9:.2f}) GB "
                   f"| {r['db_mb']:.0f} ({r['db_mb'] * 10000 / r['n']:.0f}) |")
    return "\n".join(out)


def base_vectors(cache: Path) -> np.ndarray:
    """Real embeddings of every distinct sentence of the shared corpora (`_sentences`, in a fixed random order: any
    prefix is a random sample), computed with the project's model at bench time and cached between bench runs
    (vectors only, no text; never committed)."""
    chosen = _sentences(10 ** 9)
    if cache.exists():
        got = np.load(cache)
        if len(got) == len(chosen):
            return got
    from quoteline.config import load_config
    from quoteline.embedder import load_embedder

    started = time.perf_counter()
    vectors = load_embedder(load_config(REPO / "config" / "quoteline.toml")).encode(chosen)
    print(f"embedded {len(chosen)} real sentences in {time.perf_counter() - started:.0f} s", flush=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, vectors)
    return vectors


def base_for(vectors: np.ndarray, n: int, per_sentence: int) -> np.ndarray:
    """The real sentences behind a warehouse of n statements: n / per_sentence of them (at least 100), so each has
    about `per_sentence` near copies whatever n is."""
    want = max(100, n // per_sentence)
    if want > len(vectors):
        raise SystemExit(f"bench: {n:,} statements at {per_sentence} a sentence need {want:,} real sentences; the "
                         f"shared corpora have {len(vectors):,} (raise --per-sentence)")
    return vectors[:want]


def realistic_vectors(base: np.ndarray, n: int, seed: int) -> np.ndarray:
    """n unit vectors like a warehouse's: each a real statement's vector moved towards a mix of other real statements
    (a paraphrase or a translation: cosine to its original 0.80-0.98), so neighbourhoods are as crowded and as
    anisotropic as real e5 vectors (isotropic random vectors would make any ANN look bad)."""
    rng = np.random.default_rng(seed)
    centred = base - base.mean(axis=0)
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        origin = base[rng.integers(0, len(base), m)]
        mix = np.zeros_like(origin)
        for _ in range(6):
            mix += rng.normal(size=(m, 1)).astype(np.float32) * centred[rng.integers(0, len(base), m)]
        mix /= np.linalg.norm(mix, axis=1, keepdims=True)
        step = rng.uniform(0.2, 0.75, size=(m, 1)).astype(np.float32)
        v = origin + step * mix
        out[start:start + m] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def synthetic_warehouse(path: Path, vectors: np.ndarray, model_version: str, per_article: int = 10,
                        start: int = 0, handles: int = 0) -> None:
    """Statements (quotes; every `handles`-th a tweet with one of `handles` authors) with these vectors, numbered from
    `start`, `per_article` to an article: the rows the pipeline would have loaded, without extracting anything."""
    import pyarrow as pa

    from warehouse import db

    n = len(vectors)
    with db.open_warehouse(path) as con:
        con.execute(
            "INSERT INTO articles (article_id, doc, location, kind, content_hash, source, body, status, first_seen,"
            " loaded_at) SELECT 'a' || lpad(i::VARCHAR, 15, '0'), 'doc' || lpad(i::VARCHAR, 8, '0') || '.txt',"
            " '/bench/' || i, 'text', 'h' || i, '', '', 'active', now(), now() FROM range(?, ?) t(i)",
            [start // per_article, (start + n + per_article - 1) // per_article])
        con.execute(
            "INSERT INTO quotes (article_id, seq, text, speaker, start_offset, end_offset, speaker_start, speaker_end,"
            " lang, cue, confidence, text_key) SELECT 'a' || lpad((i // ?)::VARCHAR, 15, '0'), i % ?, 's' || i,"
            " 'Speaker ' || (i // 20), 0, 1, 0, 1, ['en','es','de','fr'][1 + i % 4], 'said', 1.0, md5(i::VARCHAR)"
            " FROM range(?, ?) t(i)", [per_article, per_article, start, start + n])
        for at in range(0, n, 50_000):
            chunk = vectors[at:at + 50_000]
            keys = con.execute("SELECT md5(i::VARCHAR) FROM range(?, ?) t(i) ORDER BY i",
                               [start + at, start + at + len(chunk)]).fetchall()
            table = pa.table({"text_key": [k[0] for k in keys],
                              "vector": pa.FixedSizeListArray.from_arrays(pa.array(chunk.reshape(-1)), chunk.shape[1])})
            con.register("incoming", table)
            con.execute("INSERT INTO embeddings SELECT text_key, ?, vector::FLOAT[], now() FROM incoming",
                        [model_version])
            con.unregister("incoming")


def stored_links(path: Path, version: str, n: int, per_article: int = 10) -> tuple[int, int]:
    """Pairs and links among the stored statements, as earlier nights would have left them: half the statements
    (seq 0-4 of every article) in clusters of four, the same seq in four consecutive articles, each cluster with
    its six pairs and three links to its first member. (pairs, links) written. The clusters are not the vectors'
    (a new statement that pairs with a member splits it when re-clustered): they give the reads by article id of
    `link_pairs` and `links` the size they have in a real archive (about 0.75 pairs and 0.4 links a statement),
    not an empty table's."""
    from warehouse import db

    blocks = n // per_article // 4
    aid = "'a' || lpad(({g} * 4 + {x})::VARCHAR, 15, '0')"
    key = "'quote:' || " + aid + " || ':' || s"
    with db.open_warehouse(path) as con, db.transaction(con):
        con.execute(
            f"INSERT INTO link_pairs SELECT {key.format(g='g', x='x')}, {key.format(g='g', x='y')},"
            f" {aid.format(g='g', x='x')}, {aid.format(g='g', x='y')}, 0.95, json_object('with',"
            f" {key.format(g='g', x='y')}, 'cosine', 0.95, 'margin', 0.08, 'runner_up', 0.87, 'rule', 'text'), ?"
            " FROM range(?) t(g), range(5) u(s), (VALUES (0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)) p(x, y)",
            [version, blocks])
        con.execute(
            f"INSERT INTO links SELECT 'quote', {aid.format(g='g', x='x')}, s, 'quote', {aid.format(g='g', x='0')}, s,"
            " 0.95, json_object('cosine', 0.95, 'cluster_size', 4, 'edges', []), ?"
            " FROM range(?) t(g), range(5) u(s), range(1, 4) p(x)", [version, blocks])
    return blocks * 5 * 6, blocks * 5 * 3


def stored_warehouse(n: int, stored: np.ndarray, version: str, cache: Path | None, tmp: Path,
                     copy: bool = True, name: str = "") -> tuple[Path, dict]:
    """A warehouse of `n` synthetic statements with these vectors, every article marked linked and the index built
    (what earlier runs left): (its path, {"load_s", "build_s"} it took to make). With `cache` it is made once there
    and then reused (a 1M index takes 30-40 CPU-minutes to build): `copy` gives a copy in `tmp` to change, else the
    cached file itself to read."""
    from warehouse import ann, db

    def make(path: Path) -> dict:
        started = time.perf_counter()
        synthetic_warehouse(path, stored, version)
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        with db.open_warehouse(path) as con:
            con.execute("INSERT INTO linked_articles SELECT article_id, content_hash, ? FROM articles", [version])
            ann.open_index(con, path, version)
        return {"load_s": load_s, "build_s": time.perf_counter() - started}

    if cache is None:
        path = tmp / "w.duckdb"
        return path, make(path)
    kept = cache / f"stored-{n}{name}.duckdb"
    info = kept.with_suffix(".json")
    if not info.exists():
        for old in (kept, Path(f"{kept}.ann")):
            shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(missing_ok=True)
        cache.mkdir(parents=True, exist_ok=True)
        info.write_text(json.dumps(make(kept)))
    built = json.loads(info.read_text())
    started = time.perf_counter()
    with db.connect(kept) as con:  # a cache made by older code gets this code's migrations, once
        applied = db.migrate(con)
    if applied:
        print(f"{kept.name}: {', '.join(applied)} applied in {time.perf_counter() - started:.1f} s", flush=True)
    if not copy:
        return kept, built
    path = tmp / "w.duckdb"
    shutil.copyfile(kept, path)
    shutil.copytree(f"{kept}.ann", f"{path}.ann")
    return path, built


def bench_search(sizes: list[int], sentences: np.ndarray, per_sentence: int, queries: int = 200, k: int = 10,
                 cache: Path | None = None) -> list[dict]:
    """`similar`'s search (warehouse.vectors.search) at each size: latency and recall@k against exact top-k."""
    from warehouse import ann, db, vectors

    version, rows = "bench-model", []
    for n in sizes:
        tmp = Path(tempfile.mkdtemp(prefix="quoteline-search-"))
        try:
            base = base_for(sentences, n, per_sentence)
            query_vectors = realistic_vectors(base, queries, seed=99)
            stored = realistic_vectors(base, n, seed=n)
            path, built = stored_warehouse(n, stored, version, cache, tmp, copy=False, name=f"-per{per_sentence}")
            load_s, build_s = built["load_s"], built["build_s"]
            with db.connect(path, read_only=True) as con:
                keys = [r[0] for r in con.execute("SELECT md5(i::VARCHAR) FROM range(?) t(i) ORDER BY i", [n]).fetchall()]
                started = time.perf_counter()
                index = ann.existing_index(con, version)
                open_s = time.perf_counter() - started
                latencies, cpu, hits, load = [], [], 0, os.getloadavg()[0]
                for q in query_vectors:
                    exact = {keys[i] for i in np.argsort(-(stored @ q), kind="stable")[:k]}
                    started, cpu_started = time.perf_counter(), time.process_time()
                    found = vectors.search(con, q, version, k, index=index)
                    latencies.append(time.perf_counter() - started)
                    cpu.append(time.process_time() - cpu_started)
                    hits += len(exact & {keys[int(r["text"][1:])] for r in found})
            latencies.sort()
            cpu.sort()
            rows.append({"n": n, "p50": latencies[len(latencies) // 2], "p95": latencies[int(len(latencies) * 0.95)],
                         "cpu_p50": cpu[len(cpu) // 2], "load": (load, os.getloadavg()[0]),
                         "recall": hits / (k * len(query_vectors)), "load_s": load_s, "build_s": build_s,
                         "open_s": open_s, "index_mb": ann.index_path(path, version).stat().st_size / 1e6
                         if ann.index_path(path, version).exists() else 0.0})
            print(json.dumps(rows[-1]), flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return rows


def search_table(rows: list[dict]) -> str:
    """Wall latency (what a user waits for: on a loaded machine mostly the share of the cores a query got) and CPU
    time (the work) per query."""
    out = ["| stored statements | search p50 / p95 wall | CPU p50 | recall@10 vs exact | index build | index open "
           "| index file | load avg |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['n']:,} | {r['p50'] * 1000:.1f} / {r['p95'] * 1000:.1f} ms | {r['cpu_p50'] * 1000:.1f} ms "
                   f"| {r['recall']:.3f} | {r['build_s']:.0f} s | {r['open_s']:.2f} s | {r['index_mb']:.0f} MB "
                   f"| {r['load'][0]:.1f} → {r['load'][1]:.1f} |")
    return "\n".join(out)


def service_path(path: Path, version: str, queries: np.ndarray, k: int = 10) -> dict:
    """What `quoteline web` does for a question once the question is embedded: a read-only connection, the nearest
    statements (`warehouse.search.nearest`, with the index's freshness check) and their link groups, people and
    passages (`quoteline.search.fold`). Wall and CPU per question, p50 and p95."""
    from quoteline.search import FANOUT, fold
    from warehouse import db
    from warehouse import search as wsearch

    walls, cpus, load = [], [], os.getloadavg()[0]
    for q in queries:
        started, cpu = time.perf_counter(), time.process_time()
        with db.connect(path, read_only=True) as con:
            hits = wsearch.nearest(con, q, version, k * FANOUT)
            fold(con, [key for key, _ in hits], dict(hits), limit=k)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    walls.sort()
    cpus.sort()
    return {"service_p50": walls[len(walls) // 2], "service_p95": walls[int(len(walls) * 0.95)],
            "service_cpu_p50": cpus[len(cpus) // 2], "service_cpu_p95": cpus[int(len(cpus) * 0.95)],
            "service_load": (load, os.getloadavg()[0])}


def bench_link(sizes: list[int], sentences: np.ndarray, per_sentence: int, new: int = 2000,
               cache: Path | None = None, bare: bool = False, questions: int = 100) -> list[dict]:
    """Link + speaker time per new statement with `size` statements stored (already linked): `new` statements in
    new articles, half of them close paraphrases of stored ones (they link), then the flow's link task. The stored
    statements hold pairs and links (`stored_links`; `bare`: none). Then the service path over the result
    (`service_path`, `questions` questions)."""
    from flows.pipeline import link_and_gather
    from quoteline.config import load_config

    version, rows = "bench-model", []
    for n in sizes:
        tmp = Path(tempfile.mkdtemp(prefix="quoteline-link-"))
        try:
            base = base_for(sentences, n, per_sentence)
            stored = realistic_vectors(base, n, seed=n)
            path, _ = stored_warehouse(n, stored, version, cache, tmp, name=f"-per{per_sentence}")  # what earlier runs did: all linked ...
            cfg = load_config(REPO / "config" / "quoteline.toml").with_overrides(warehouse={"path": str(path)})
            stored_pairs, stored_links_ = (0, 0) if bare else stored_links(path, version, n)
            link_and_gather.fn(cfg, 5.0, None)  # ... and its speakers gathered
            rng = np.random.default_rng(7)
            fresh = realistic_vectors(base, new, seed=n + 1)
            near = stored[rng.integers(0, n, new // 2)]
            fresh[: new // 2] = near + 0.05 * fresh[: new // 2]
            fresh /= np.linalg.norm(fresh, axis=1, keepdims=True)
            synthetic_warehouse(path, fresh, version, start=n)
            load_before = os.getloadavg()[0]
            started, cpu = time.perf_counter(), time.process_time()
            n_links, _ = link_and_gather.fn(cfg, 5.0, version, speakers=False)
            seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
            started, cpu = time.perf_counter(), time.process_time()
            _, n_speakers = link_and_gather.fn(cfg, 5.0, version)  # links: nothing left to do; speakers
            speakers_s, speakers_cpu = time.perf_counter() - started, time.process_time() - cpu
            started = time.perf_counter()
            link_and_gather.fn(cfg, 5.0, version, speakers=False)
            rerun = time.perf_counter() - started
            rows.append({"n": n, "new": new, "seconds": seconds, "per_statement_ms": seconds / new * 1000,
                         "cpu_s": cpu_s, "cpu_per_statement_ms": cpu_s / new * 1000, "links": n_links,
                         "speakers": n_speakers, "speakers_s": speakers_s, "speakers_cpu_s": speakers_cpu,
                         "rerun_s": rerun, "load": (load_before, os.getloadavg()[0]), "stored_pairs": stored_pairs,
                         "stored_links": stored_links_})
            if questions:
                rows[-1].update(service_path(path, version, realistic_vectors(base, questions, seed=99)))
            print(json.dumps(rows[-1]), flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return rows


def link_table(rows: list[dict]) -> str:
    """Wall and CPU time (this process, all its threads): on a shared machine the wall time is mostly the share of
    the cores the run got, the CPU time is the work."""
    out = ["| stored statements (pairs, links) | new statements | link wall / CPU | per new statement wall / CPU | links "
           "| speakers wall / CPU (groups) | link + speakers CPU per new statement | re-run, nothing new "
           "| service path p50 / p95 wall, CPU p50 | load avg |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        load = r.get("load", 0)
        load = f"{load[0]:.1f} → {load[1]:.1f}" if isinstance(load, (list, tuple)) else f"{load:.1f}"
        service = (f"{r['service_p50'] * 1000:.1f} / {r['service_p95'] * 1000:.1f}, {r['service_cpu_p50'] * 1000:.1f} ms"
                   if "service_p50" in r else "—")
        out.append(f"| {r['n']:,} ({r.get('stored_pairs', 0):,}, {r.get('stored_links', 0):,}) | {r['new']:,} "
                   f"| {r['seconds']:.1f} / {r['cpu_s']:.1f} s "
                   f"| {r['per_statement_ms']:.2f} / {r['cpu_per_statement_ms']:.2f} ms | {r['links']:,} "
                   f"| {r['speakers_s']:.2f} / {r['speakers_cpu_s']:.2f} s ({r['speakers']:,}) "
                   f"| {(r['cpu_s'] + r['speakers_cpu_s']) / r['new'] * 1000:.2f} ms | {r['rerun_s']:.2f} s | {service} "
                   f"| {load} |")
    return "\n".join(out)


def _sentences(count: int, seed: int = 16) -> list[str]:
    """`count` distinct real sentences of the shared corpora (40-300 characters)."""
    import regex

    found: dict[str, None] = {}
    for unit in corpus.paragraphs():
        for sentence in regex.split(r"(?<=[.!?…。])\s+", unit):
            if 40 <= len(sentence) <= 300:
                found[sentence.strip()] = None
    return random.Random(seed).sample(list(found), min(count, len(found)))


def bench_threads(settings: list[int], sentences: int = 256, repeats: int = 3) -> list[dict]:
    """Sentences/s of the embedding model with each `[embedding] threads` setting (0: chosen for the load), on
    the machine as it is and with one other process keeping one core busy (a busy loop: "another job"). Settings
    alternate within each repeat so that they see the same machine; the best repeat counts."""
    from quoteline.config import load_config
    from quoteline.embedder import busy_elsewhere, embedding_threads, load_embedder

    texts = _sentences(sentences)
    embedder = load_embedder(load_config(REPO / "config" / "quoteline.toml"))
    embedder.encode(texts[:32])  # warm
    rows = []
    for busy in (False, True):
        spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy else None
        try:
            time.sleep(1.0 if busy else 0.0)
            best: dict[int, float] = {}
            chosen: dict[int, list[int]] = {}
            load = os.getloadavg()[0]
            for _ in range(repeats):
                for t in settings:
                    embedder.threads = t
                    chosen.setdefault(t, []).append(embedding_threads(t))
                    started = time.perf_counter()
                    embedder.encode(texts)
                    best[t] = max(best.get(t, 0.0), len(texts) / (time.perf_counter() - started))
            for t in settings:
                rows.append({"setting": t, "busy_loop": busy, "threads_used": sorted(set(chosen[t])),
                             "sentences_s": best[t], "load": load, "busy_elsewhere": busy_elsewhere()})
                print(json.dumps(rows[-1]), flush=True)
        finally:
            if spinner:
                spinner.kill()
                spinner.wait()
    return rows


def threads_table(rows: list[dict]) -> str:
    out = ["| machine | `threads` setting | torch threads used | sentences/s (best of 3) | vs 1 thread |",
           "|---|---|---|---|---|"]
    for r in rows:
        one = next((x["sentences_s"] for x in rows if x["busy_loop"] == r["busy_loop"] and x["setting"] == 1), None)
        where = f"{'one core taken by a busy loop' if r['busy_loop'] else 'as it was'} (load {r['load']:.1f})"
        out.append(f"| {where} | {r['setting']}{' (auto)' if r['setting'] == 0 else ''} "
                   f"| {', '.join(map(str, r['threads_used']))} | {r['sentences_s']:.1f} "
                   f"| {r['sentences_s'] / one:.2f}× |" if one else f"| {where} | {r['setting']} | | "
                   f"{r['sentences_s']:.1f} | |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, help="articles in the generated corpus (a run, then a re-run)")
    ap.add_argument("--size", type=int, default=8192, help="bytes per article (default 8192)")
    ap.add_argument("--repo", type=Path, default=REPO, help="the checkout whose quoteline runs (its .venv)")
    ap.add_argument("--keep", type=Path, help="keep the warehouse in this folder")
    ap.add_argument("--every", type=float, default=0.0, help="--n: print the run's RSS and last log line every this"
                    " many seconds (a long run's trail if it is stopped)")
    ap.add_argument("--cache", type=Path, help="--search, --link: keep the stored warehouses and their indexes in this"
                    " folder and reuse them (the same vectors at each size: made once, for both, and for a re-run)")
    ap.add_argument("--search", help="stored statements, comma-separated (e.g. 10000,100000,1000000)")
    ap.add_argument("--link", help="stored statements, comma-separated")
    ap.add_argument("--per-sentence", type=int, default=75, help="--search, --link: stored statements per real"
                    " sentence at the base of the vectors (n/75 real sentences for n statements)")
    ap.add_argument("--bare", action="store_true", help="--link: stored statements without pairs or links")
    ap.add_argument("--questions", type=int, default=100, help="--link: questions asked of the service path after"
                    " the run (0: none)")
    ap.add_argument("--threads", help="[embedding] threads settings to compare, comma-separated (e.g. 1,2,0)")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores; {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}",
          flush=True)
    if args.threads:
        print(threads_table(bench_threads([int(x) for x in args.threads.split(",")])))
    if args.n:
        print(flow_table(bench_flow(args.n, args.repo.resolve(), args.size, args.keep, args.every)))
    if args.search or args.link:
        sentences = base_vectors(REPO / ".quoteline" / "bench" / "sentences.npy")
        if args.search:
            print(search_table(bench_search([int(x) for x in args.search.split(",")], sentences, args.per_sentence,
                                            cache=args.cache)))
        if args.link:
            print(link_table(bench_link([int(x) for x in args.link.split(",")], sentences, args.per_sentence,
                                        cache=args.cache, bare=args.bare, questions=args.questions)))


if __name__ == "__main__":
    main()
