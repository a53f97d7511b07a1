"""The fault drill (issues 12 and 15): the world a nightly job meets, tried for real, with figures.

    python -m bench.fault_drill [--stories 100] [--cycles 10] [--nights 10] [--embed] [--only NAME ...]

Sections (each prints a table; keep the output in bench/RESULTS-faults.md):
  kill      `quoteline run` killed with SIGKILL at random moments, then resumed: rows expected vs found (equal to a
            clean run's), time to recover, and the temporary Prefect server gone after each kill
  nightly   ten re-runs with nothing changed: the DuckDB file's size after each, growth in %
  lockout   the longest a read-only open is refused while a run loads the corpus and while a re-run changes one
            article (readers must get in within 2 s)
  texts     hostile texts through the budgeted extraction: seconds per article (within the budget), what was kept
  urls      local HTTP servers that hang, trickle, bomb and announce 5 GB: seconds and peak memory of each fetch
  model     corrupt copies of the model folder (truncated, NaN, shuffled weights): refused, with the message
  config    typos in quoteline.toml: the one-line message each gets
  sql       hostile ad-hoc SQL (ATTACH a hard link READ_WRITE, COPY TO, INSTALL…): exit status and rows changed
  sources   a run with a missing source, a bad list line and a typo beside the real corpus: what loaded
All articles are invented (bench/stories.py). Run it under `nice`; the machine is usually shared.
"""
from __future__ import annotations

import argparse
import http.server
import json
import os
import random
import re
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

import duckdb
import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.stories import write_stories  # noqa: E402

PY = sys.executable
TABLES = {"articles": "SELECT location, content_hash, status, title FROM articles",
          "tweets": "SELECT a.location, t.seq, t.text, t.handle FROM tweets t JOIN articles a USING (article_id)",
          "quotes": "SELECT a.location, q.seq, q.text, q.speaker FROM quotes q JOIN articles a USING (article_id)"}


def table(title: str, header: list[str], rows: list[list]) -> None:
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
    sys.stdout.flush()


def project(top: Path, name: str, corpus: Path, embed: bool, **settings) -> Path:
    """A project folder whose config reads `corpus` into its own warehouse."""
    root = top / name
    (root / "config").mkdir(parents=True)
    text = (REPO / "config" / "quoteline.toml").read_text(encoding="utf-8")
    values = {"paths": [str(corpus)], "path": str(root / "q.duckdb"), "enabled": embed,
              "cache_dir": str(REPO / ".quoteline" / "models"), **settings}
    for key, value in values.items():
        text, n = re.subn(rf"(?m)^{key} = .*$", f"{key} = {json.dumps(value)}", text)
        assert n == 1, key
    (root / "config" / "quoteline.toml").write_text(text, encoding="utf-8")
    return root


def command(root: Path, name: str, *args: str) -> list[str]:
    """`quoteline NAME --config … ARGS` (the typer CLI takes options after the command's name)."""
    return [PY, "-m", "quoteline.cli", name, "--config", str(root / "config" / "quoteline.toml"), *args]


def quoteline(root: Path, *args: str, check: bool = False, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    """Run a command to its end; with `check`, an exit status outside `ok` (4: completed with failures) raises."""
    done = subprocess.run(command(root, *args), capture_output=True, text=True, cwd=REPO)
    if check and done.returncode not in ok:
        raise RuntimeError(f"quoteline {' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return done


def start_run(root: Path) -> subprocess.Popen:
    return subprocess.Popen(command(root, "run"), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def snapshot(db: Path) -> dict[str, set]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: set(con.execute(sql).fetchall()) for name, sql in TABLES.items()}


def children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def gone(pid: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            return True
        if ") Z " in stat:
            return True
        time.sleep(0.2)
    return False


# --- sections ---------------------------------------------------------------------------------------------------

def running(db: Path) -> bool:
    """Whether a run has begun its flow (a runs row says running); False while the file is busy or missing."""
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute("SELECT count(*) FROM runs WHERE status = 'running'").fetchone()[0] > 0
    except duckdb.Error:
        return False


def drill_kill(top: Path, corpus: Path, cycles: int, embed: bool) -> None:
    """Each cycle: a run on a fresh warehouse, killed with SIGKILL at a random moment of its flow (from its start to
    90 % of a clean flow's time; before the flow, only Prefect starts), then a run to the end."""
    clean = project(top, "clean", corpus, embed)
    started = time.perf_counter()
    quoteline(clean, "run", check=True)
    clean_s = time.perf_counter() - started
    expected = snapshot(clean / "q.duckdb")
    with duckdb.connect(str(clean / "q.duckdb"), read_only=True) as con:
        flow_s = con.execute("SELECT epoch(ended_at - started_at) FROM runs").fetchone()[0]
    rng = random.Random(12)
    rows = []
    for cycle in range(1, cycles + 1):
        root = project(top, f"kill{cycle}", corpus, embed)
        db = root / "q.duckdb"
        at = rng.uniform(0.0, flow_s * 0.9)
        proc = start_run(root)
        deadline = time.monotonic() + 600
        while not running(db) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(at)
        servers = [p for p in children(proc.pid)
                   if "uvicorn" in Path(f"/proc/{p}/cmdline").read_text(errors="replace")]
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        server_gone = all(gone(p) for p in servers)
        started = time.perf_counter()
        done = quoteline(root, "run")
        recover = time.perf_counter() - started
        found = snapshot(db)
        equal = all(found[t] == expected[t] for t in TABLES)
        with duckdb.connect(str(db), read_only=True) as con:
            runs = [s for (s,) in con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()]
        rows.append([cycle, "ended before" if finished else f"{at:.1f}", "yes" if servers else "none",
                     "yes" if server_gone else "NO", done.returncode, f"{recover:.1f}",
                     " / ".join(f"{len(expected[t])}:{len(found[t])}" for t in TABLES), "yes" if equal else "NO",
                     ",".join(runs)])
    table(f"kill: SIGKILL at a random moment of the flow, then a resuming run (clean run: {clean_s:.1f} s, of which "
          f"the flow {flow_s:.1f} s)", ["cycle", "killed s into the flow", "server seen", "server gone",
                                         "resume exit", "recover s", "rows expected:found (articles / tweets / quotes)",
                                         "equal", "runs"], rows)


def drill_nightly(top: Path, corpus: Path, nights: int, embed: bool) -> None:
    root = project(top, "nightly", corpus, embed)
    quoteline(root, "run", check=True)
    db = root / "q.duckdb"
    first = db.stat().st_size
    rows = [[0, first, "", ""]]
    for night in range(1, nights + 1):
        started = time.perf_counter()
        quoteline(root, "run", check=True)
        size = db.stat().st_size
        rows.append([night, size, f"{(size - first) / first * 100:+.2f} %", f"{time.perf_counter() - started:.1f}"])
    vacuum = quoteline(root, "vacuum")
    if vacuum.returncode == 0:
        rows.append(["vacuum", db.stat().st_size, f"{(db.stat().st_size - first) / first * 100:+.2f} %", ""])
    table("nightly: re-runs with nothing changed (file size in bytes)", ["night", "size", "growth", "run s"], rows)


def longest_lockout(db: Path, proc: subprocess.Popen) -> tuple[float, int, int]:
    """Open read-only in a loop while `proc` runs; the longest time opens kept failing, opens tried and refused."""
    longest, tries, refused, since = 0.0, 0, 0, None
    while proc.poll() is None:
        tries += 1
        try:
            duckdb.connect(str(db), read_only=True).close()
            if since is not None:
                longest, since = max(longest, time.monotonic() - since), None
        except duckdb.Error:
            refused += 1
            since = since if since is not None else time.monotonic()
        time.sleep(0.02)
    if since is not None:
        longest = max(longest, time.monotonic() - since)
    return longest, tries, refused


def drill_lockout(top: Path, corpus: Path, embed: bool) -> None:
    root = project(top, "lockout", corpus, embed)
    quoteline(root, "run", "--source", str(next(corpus.iterdir())), check=True)  # the file exists for readers
    rows = []
    proc = start_run(root)
    rows.append(["first load of the corpus", *longest_lockout(root / "q.duckdb", proc)])
    changed = sorted(corpus.iterdir())[0]
    original = changed.read_text(encoding="utf-8")
    changed.write_text(original + "\nOne more line.\n", encoding="utf-8")
    try:
        proc = start_run(root)
        rows.append(["re-run, one article changed", *longest_lockout(root / "q.duckdb", proc)])
    finally:
        changed.write_text(original, encoding="utf-8")
    table("lockout: read-only opens while a run writes (every 20 ms)",
          ["run", "longest lock-out s", "opens tried", "refused"], [[r[0], f"{r[1]:.2f}", r[2], r[3]] for r in rows])


def hostile_texts() -> dict[str, tuple[str, str]]:
    tweet = "Wir öffnen morgen die Brücke! #brücke\n— Jana Kowalczyk (@jkowalczyk) 1. März 2024\n"
    html_tweet = "<p>" + tweet.replace("\n—", "</p><p>—") + "</p>"
    return {
        "180 KB of curly quotes": ("text", tweet + "“" + "“”" * 60_000),
        "180 KB of short quotations": ("text", tweet + "“Sì,” disse lei. " * 11_000),
        "50k quote marks «»": ("text", tweet + "«»" * 25_000),
        "50k quote marks 「」": ("text", tweet + "「」" * 25_000),
        "50k opening marks": ("text", tweet + "“" * 50_000),
        "100k short lines": ("text", tweet + "\n".join(f"riga {i} “detto”" for i in range(100_000))),
        "200k HTML tags": ("html", "<html><body>" + "<p><b>“x”</b></p>" * 200_000 + "</body></html>"),
        "200k tags, under the size budget": ("html", "<html><body>" + "<b>“x”</b>" * 100_000 + html_tweet),
        "200k nested <div>": ("html", "<html><body>" + "<div>" * 200_000 + html_tweet),
        "100k embed openings": ("html", '<blockquote class="twitter-tweet">' * 100_000 + "</blockquote>"
                                + html_tweet),
        "2 MB single line": ("text", tweet + "La consigliera ha detto che il ponte sarà pronto. " * 40_000),
        "1.2 MB single line, a quotation": ("text", tweet + "".join(f"Il consiglio {i} ha discusso il bilancio. "
                                                                    for i in range(30_000))
                                            + "“Il ponte sarà pronto a maggio”, ha detto Marta Rinaldi.\n"),
        "lone CR line ends": ("text", tweet.replace("\n", "\r") + "“Apriamo domani”, ha detto Marta Rinaldi.\r"),
        "20,000 empty embeds": ("html", "<html><body>" + '<blockquote class="twitter-tweet"></blockquote>' * 20_000
                                + "</body></html>"),
    }


def drill_texts(seconds: float, max_chars: int) -> None:
    from flows.budget import extract_within
    from quoteline.sources import RawSource, SourceRef, decode

    extract_within("„Ja“, sagte sie.", "text", seconds, max_chars)  # the worker warm, as in a run
    rows = []
    for name, (kind, text) in hostile_texts().items():
        text = decode(RawSource(SourceRef(f"/drill/{name}", name, kind), text.encode("utf-8")))
        started = time.perf_counter()
        try:
            found = extract_within(text, kind, seconds, max_chars)
            got = [len(found.tweets), len(found.quotes), (found.problem or "")[:90]]
        except Exception as exc:  # in a run: the article fails alone, reported with this message
            got = ["-", "-", f"article not loaded: {exc}"[:90]]
        rows.append([name, len(text), f"{time.perf_counter() - started:.1f}", *got])
    table(f"texts: hostile articles, budget {seconds:g} s and {max_chars} characters an article",
          ["text", "chars", "seconds", "tweets", "quotes", "reported"], rows)


BOMB = b""  # 10 GB of zeros, gzipped to ~10 MB (made once, before the server starts)


def _bomb(gigabytes: int = 10) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip header
    block = b"\0" * (64 << 20)
    return b"".join([*(packer.compress(block) for _ in range(gigabytes * 16)), packer.flush()])


class _Hostile(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        try:
            if self.path == "/hang":
                self.send_response(200)
                self.send_header("Content-Length", "100")
                self.end_headers()
                self.wfile.flush()
                time.sleep(120)
            elif self.path == "/trickle":
                self.send_response(200)
                self.send_header("Content-Length", "1000000")
                self.end_headers()
                for _ in range(1_000_000):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.05)
            elif self.path == "/bomb":
                body = BOMB
                self.send_response(200)
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif self.path == "/5gb":
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")  # no length to refuse it by
                self.end_headers()
                chunk = b"%x\r\n" % 1048576 + b"y" * 1048576 + b"\r\n"
                for _ in range(5 * 1024):
                    self.wfile.write(chunk)
        except OSError:
            return

    def log_message(self, *args):
        pass


def drill_urls(timeout: float, max_bytes: int) -> None:
    global BOMB
    BOMB = _bomb()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    rows = []
    for path in ("/hang", "/trickle", "/bomb", "/5gb"):
        code = ("import sys, time; from quoteline.sources import SourceRef, SourceError, fetch_url;"
                "t = time.perf_counter()\ntry:\n    fetch_url(SourceRef(sys.argv[1], 'x', 'text'), float(sys.argv[2]),"
                " int(sys.argv[3])); r = 'loaded'\nexcept SourceError as e:\n    r = str(e)\n"
                "hwm = [ln.split()[1] for ln in open('/proc/self/status') if ln.startswith('VmHWM')][0]\n"
                "print(f'{time.perf_counter() - t:.1f}', int(hwm) // 1024, r)")
        out = subprocess.run([PY, "-c", code, f"http://127.0.0.1:{httpd.server_port}{path}", str(timeout),
                              str(max_bytes)], capture_output=True, text=True, cwd=REPO).stdout.split(" ", 2)
        rows.append([path, out[0], out[1], out[2].strip().split(": ", 1)[-1]])
    httpd.shutdown()
    table(f"urls: url_timeout_s = {timeout:g}, max_bytes = {max_bytes} (one fetch each, in its own process)",
          ["server", "seconds", "peak RSS MB", "result"], rows)


def drill_model(top: Path) -> None:
    from quoteline.embedder import Embedder, ModelUnavailable

    source = next((REPO / ".quoteline" / "models").iterdir())
    data = (source / "model.safetensors").read_bytes()
    header = 8 + struct.unpack("<Q", data[:8])[0]
    weights = np.frombuffer(data, dtype=np.float32, offset=header)
    variants = {"truncated to half": data[:len(data) // 2],
                "tensors overwritten (NaN)": data[:header] + b"\xff" * (len(data) - header),
                "tensors shuffled (noise)": data[:header] + np.random.default_rng(0).permutation(weights).tobytes()}
    rows = []
    for name, content in variants.items():
        target = top / "model" / name.split()[0]
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("model.safetensors"))
        (target / "model.safetensors").write_bytes(content)
        try:
            Embedder(str(target), cache_dir=top)
            rows.append([name, "ACCEPTED", ""])
        except ModelUnavailable as exc:
            rows.append([name, "refused", str(exc).split(": ", 1)[1][:120]])
        shutil.rmtree(target)
    table("model: corrupt weights", ["weights", "result", "message"], rows)


def drill_config(top: Path) -> None:
    typos = {"unknown key (path =)": ("paths = [", "path = ["), "batch_size = \"abc\"": ("batch_size = 64", 'batch_size = "abc"'),
             "max_bytes = \"20MB\"": ("max_bytes = 20_000_000", 'max_bytes = "20MB"'),
             "on_busy = \"exitt\"": ('on_busy = "exit"', 'on_busy = "exitt"'),
             "enabled = \"false\"": ("enabled = true", 'enabled = "false"'),
             "paths = \"examples\"": ('paths = ["examples"]', 'paths = "examples"'),
             "max_deleted_share = 2": ("max_deleted_share = 0.2", "max_deleted_share = 2")}
    base = (REPO / "config" / "quoteline.toml").read_text(encoding="utf-8")
    rows = []
    for name, (old, new) in typos.items():
        path = top / "typo" / "config" / "quoteline.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(base.replace(old, new, 1), encoding="utf-8")
        done = subprocess.run([PY, "-m", "quoteline.cli", "status", "--config", str(path)], capture_output=True,
                              text=True, cwd=REPO)
        rows.append([name, done.returncode, done.stderr.strip().splitlines()[-1][:150] if done.stderr.strip() else ""])
    table("config: typos (quoteline status with each)", ["typo", "exit", "message"], rows)


def drill_sql(top: Path, corpus: Path) -> None:
    root = project(top, "sql", corpus, False)
    quoteline(root, "run", check=True)
    db = root / "q.duckdb"
    link = top / "hardlink.duckdb"
    os.link(db, link)
    before = snapshot(db)
    queries = [f"ATTACH '{link}' AS w (READ_WRITE); DELETE FROM w.tweets", f"COPY tweets TO '{top / 'x.csv'}'",
               "INSTALL httpfs", "LOAD httpfs", "DELETE FROM tweets", "UPDATE articles SET title = 'x'",
               "SET enable_external_access = true", f"EXPORT DATABASE '{top / 'dump'}'", "CALL checkpoint()",
               "PRAGMA threads=1"]
    rows = []
    for query in queries:
        done = quoteline(root, "sql", query)
        after = snapshot(db)
        changed = sum(len(before[t] ^ after[t]) for t in TABLES)
        rows.append([f"`{query[:60]}`", done.returncode, changed, done.stderr.strip()[:110]])
    written = [p.name for p in (top / "x.csv", top / "dump") if p.exists()]
    table(f"sql: hostile ad-hoc SQL (rows changed in the warehouse and its hard link; files written: "
          f"{', '.join(written) or 'none'})", ["query", "exit", "rows changed", "message"], rows)


def drill_sources(top: Path, corpus: Path) -> None:
    (top / "list.txt").write_text(f"{corpus}\nno/such/folder\n", encoding="utf-8")
    root = project(top, "sources", corpus, False, list_file=str(top / "list.txt"))
    quoteline(root, "run", check=True, ok=(4,))  # the bad list line is a failure
    text = (root / "config" / "quoteline.toml").read_text(encoding="utf-8")
    (root / "config" / "quoteline.toml").write_text(
        text.replace(json.dumps([str(corpus)]), json.dumps([str(corpus) + "-typo", str(top / "missing")])),
        encoding="utf-8")
    done = quoteline(root, "run", "--json")
    with duckdb.connect(str(root / "q.duckdb"), read_only=True) as con:
        counts = con.execute("SELECT count(*) FILTER (status = 'active'), count(*) FILTER (status = 'deleted')"
                             " FROM articles").fetchone()
    summary = json.loads(done.stdout)
    lines = ([f"{summary['counts'].get('read', 0)} read, {summary['counts'].get('skipped', 0)} unchanged"]
             + [f"failed [{f['stage']}] {f['error']}" for f in summary["failures"]]
             + [f"warning: {w}" for w in summary["warnings"]])
    table("sources: the configured folder misspelt, a missing one, a bad list line, the list still naming the corpus",
          ["exit", "active articles", "marked deleted", "summary"], [[done.returncode, counts[0], counts[1],
                                                                      "<br>".join(ln[:140] for ln in lines)]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100, help="invented stories (3 articles each)")
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument("--nights", type=int, default=10)
    parser.add_argument("--embed", action="store_true", help="embed and link too (slower)")
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    top = Path(tempfile.mkdtemp(prefix="quoteline-drill-"))
    corpus = top / "corpus"
    write_stories(corpus, args.stories)
    print(f"fault drill: {len(list(corpus.iterdir()))} invented articles, embedding {'on' if args.embed else 'off'}, "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    from quoteline.config import load_config
    flow = load_config(REPO / "config" / "quoteline.toml")
    sections = {"sources": lambda: drill_sources(top, corpus), "sql": lambda: drill_sql(top, corpus),
                "config": lambda: drill_config(top), "model": lambda: drill_model(top),
                "urls": lambda: drill_urls(flow.sources.url_timeout_s, flow.sources.max_bytes),
                "texts": lambda: drill_texts(flow.flow.article_seconds, flow.flow.article_chars),
                "lockout": lambda: drill_lockout(top, corpus, args.embed),
                "nightly": lambda: drill_nightly(top, corpus, args.nights, args.embed),
                "kill": lambda: drill_kill(top, corpus, args.cycles, args.embed)}
    try:
        for name, run in sections.items():
            if args.only is None or name in args.only:
                run()
    finally:
        shutil.rmtree(top, ignore_errors=True)
    print(f"\npeak RSS of the drill process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
