"""The search service's speed: web search warm, and `quoteline similar` end to end with the service running.

    nice -n 10 .venv/bin/python -m bench.bench_web [--db F] [--queries 60] [--similar 10] [--threads 1 2]

Without `--db`, runs the pipeline on the bundled examples/ into a temporary DuckDB file first. For each
`[web] threads` value it starts the real `quoteline web` on a free loopback port, sends a few warm-up
questions, then `--queries` questions (invented, in eight languages, cycled) to `/api/search` (k=10) one after
another, and times each from the client (HTTP included) and in the server (`took_ms`: embed + read-only
queries). Then it runs `quoteline similar` as a new process `--similar` times with the service up (what a
user types: process start, imports, HTTP, printing), and twice with `--no-service` (the model loaded in the
process) for comparison. Prints one markdown table.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = [  # invented paraphrases, none copied from any corpus
    "Si te quedas callado, tus clientes se inventan su propia historia.",
    "La transparence crée la confiance, et la confiance fait vendre.",
    "Employees deserve the same honesty that brands promise their customers.",
    "Il servizio clienti è solo una parte dell'esperienza del cliente.",
    "Kunden verzeihen Fehler, aber kein Schweigen.",
    "Os clientes querem ser ouvidos nas redes sociais.",
    "Müşteri deneyimi ilk temasla başlar.",
    "Социальные сети дали клиентам голос.",
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def quoteline() -> list[str]:
    script = Path(sys.executable).with_name("quoteline")
    return [str(script)] if script.exists() else [sys.executable, "-m", "quoteline.cli"]


def project_config(folder: Path, port: int, threads: int) -> Path:
    """The bundled config with absolute paths (examples, model cache) and the service's port and threads."""
    text = (REPO / "config" / "quoteline.toml").read_text(encoding="utf-8")
    subs = {r"(?m)^paths = .*$": f"paths = {json.dumps([str(REPO / 'examples')])}",
            r"(?m)^cache_dir = .*$": f"cache_dir = {json.dumps(str(REPO / '.quoteline' / 'models'))}",
            r"(?ms)^(\[web\]\n.*?)^port = \d+$": rf"\g<1>port = {port}",
            r"(?ms)^(\[web\]\n.*?)^threads = \d+$": rf"\g<1>threads = {threads}"}
    for pattern, value in subs.items():
        text, n = re.subn(pattern, value, text)
        assert n == 1, f"config/quoteline.toml: no line for {pattern}"
    (folder / "config").mkdir(exist_ok=True)
    path = folder / "config" / "quoteline.toml"
    path.write_text(text, encoding="utf-8")
    return path


def start_service(config: Path, db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([*quoteline(), "web", "--config", str(config), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"quoteline web exited {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("quoteline web did not start")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def cpu_ms(pid: int) -> float:
    """CPU time (user + system) a process has used so far, in ms: on a crowded machine the wall time of a request
    mostly measures the queue for a core, its CPU time what it costs."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def time_search(port: int, n: int) -> tuple[list[float], list[float]]:
    client_ms, server_ms = [], []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        for q in QUESTIONS[:4]:  # warm-up: first calls pay lazy initialisation
            client.get("/api/search", params={"q": q}).raise_for_status()
        for i in range(n):
            began = time.perf_counter()
            response = client.get("/api/search", params={"q": QUESTIONS[i % len(QUESTIONS)], "k": 10})
            client_ms.append((time.perf_counter() - began) * 1000)
            response.raise_for_status()
            server_ms.append(response.json()["took_ms"])
    return client_ms, server_ms


def time_similar(config: Path, db: Path, n: int, service: bool) -> tuple[list[float], list[float]]:
    """Wall and CPU time (of the `similar` process alone) of each call."""
    out, cpu = [], []
    for i in range(n):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        cmd = [*quoteline(), "similar", QUESTIONS[i % len(QUESTIONS)], "--config", str(config), "--db", str(db)]
        done = subprocess.run(cmd + ([] if service else ["--no-service"]), capture_output=True, text=True)
        out.append((time.perf_counter() - began) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
        if done.returncode != 0 or (service and "answered by `quoteline web`" not in done.stderr):
            raise SystemExit(f"similar failed or did not use the service: {done.stderr}")
    return out, cpu


def row(label: str, values: list[float], target: str) -> str:
    return (f"| {label} | {len(values)} | {statistics.median(values):.0f} | {percentile(values, 95):.0f} | "
            f"{max(values):.0f} | {target} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing warehouse (default: run the pipeline on examples/ first)")
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--similar", type=int, default=10)
    parser.add_argument("--threads", type=int, nargs="+", default=[1])
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="quoteline-bench-web-"))
    try:
        port = free_port()
        config = project_config(work, port, args.threads[0])
        db = Path(args.db).resolve() if args.db else work / "q.duckdb"
        if not args.db:
            env = {**os.environ, "PREFECT_HOME": str(work / "prefect")}
            subprocess.run([*quoteline(), "run", "--config", str(config), "--db", str(db)], check=True, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        lines = ["| what | n | p50 ms | p95 ms | max ms | target |", "| --- | --- | --- | --- | --- | --- |"]
        for threads in args.threads:
            config = project_config(work, port, threads)
            proc = start_service(config, db, port)
            try:
                used = cpu_ms(proc.pid)
                client_ms, server_ms = time_search(port, args.queries)
                used = (cpu_ms(proc.pid) - used) / (args.queries + 4)
                lines.append(row(f"web search, warm, client side (threads={threads})", client_ms, "< 200"))
                lines.append(row(f"web search, warm, in the server (threads={threads})", server_ms, ""))
                lines.append(f"| web search: the server's CPU time a search (threads={threads}) | {args.queries} | "
                             f"{used:.0f} (mean) | | | |")
                if threads == args.threads[-1]:
                    wall, cpu = time_similar(config, db, args.similar, True)
                    lines.append(row("`quoteline similar`, service running", wall, "< 1000"))
                    lines.append(row("`quoteline similar`, service running: its own CPU time", cpu, ""))
            finally:
                stop(proc)
        wall, cpu = time_similar(config, db, 2, False)
        lines.append(row("`quoteline similar --no-service` (loads the model)", wall, ""))
        lines.append(row("`quoteline similar --no-service`: its own CPU time", cpu, ""))
        print("\n".join(lines))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
