"""Extraction speed: the pure path from a decoded article to its records, one process, one core.

    .venv/bin/python -m bench.bench_extract                  # 300 articles of 8 KB, timed, then profiled
    .venv/bin/python -m bench.bench_extract --n 1000 --profile 0
    .venv/bin/python bench/bench_extract.py --repo /tmp/before  # another checkout's extractors (before/after)

Articles are built as `bench/run.py` builds them (bench/corpus.py: real paragraphs of ../shared recombined into 8 KB
plain-text articles, tweets and quotations intact), in memory only. Each article goes through what a worker does
(flows/budget.py `extract_article`): `read_document` (title, date, language), `extract_tweets`, `extract_quotes`.
After a warm-up (imports, language data, spaCy pipelines, lingua's models) every stage is timed per article; the
rates are given per wall second and per CPU second of this process (the latter is what one core does whatever
else the machine runs). BLAS/OpenMP pools are held to one thread and the process to one core (`--cpu`).

Then the same articles once more under cProfile: the share of each stage and of the named steps inside them, and
the functions with the most time of their own. Last, a bare `regex` scan of the same text (every word, every
quote mark) for the ratio extraction / scan. Prints tables; asserts nothing.

`--records FILE` instead writes every record (document fields, tweets, quotations) of the shared corpora (seeds,
realworld, the external quotation sets, each in its own kind) and of the generated articles as JSON lines, so that
two checkouts' outputs can be compared byte for byte (`cmp`) after a change meant to leave results alone. The file
holds licensed text: keep it out of the repository.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import cProfile  # noqa: E402
import pstats  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]

# Steps inside the stages whose cumulative time the profile reports: (label, file suffix, function name).
STEPS = [
    ("read_document", "extractors/document.py", "read_document"),
    ("  language (lingua)", "extractors/language.py", "detect_language"),
    ("  dates", "extractors/dates.py", "find_date"),
    ("  header", "extractors/document.py", "_header"),
    ("extract_tweets", "extractors/tweets.py", "extract_tweets"),
    ("extract_quotes", "extractors/quotes.py", "extract_quotes"),
    ("  quotation marks", "extractors/quote_marks.py", "find"),
    ("  non-prose spans", "extractors/markup.py", "non_prose_spans"),
    ("  analyse (spaCy + items)", "extractors/quote_lang.py", "analyse"),
    ("    spaCy pipe", "extractors/quote_lang.py", "_docs"),
    ("    spaCy tokenizer, sentences", "extractors/quote_lang.py", "_marks"),
    ("    items", "extractors/quote_lang.py", "cut_items"),
    ("  name runs", "extractors/quote_people.py", "name_runs"),
    ("  names of the runs (FullNames)", "extractors/quote_full_names.py", "_run_names"),
    ("  attribution", "extractors/quote_sources.py", "attribute"),
    ("  names index (Names)", "extractors/quote_names.py", "__init__"),
    ("  resolution", "extractors/quotes.py", "_resolved"),
]


def articles(n: int, size: int, seed: int) -> list[str]:
    """The texts `bench/run.py` writes for articles 0 … n-1 (same generator, same seed), kept in memory."""
    from bench import corpus

    units = corpus.paragraphs()
    return [corpus.article(number, units, size, seed) for number in range(n)]


def extract(text: str, kind: str, clock) -> tuple[list[float], tuple]:
    """flows/budget.py `extract_article`, each stage timed with `clock`."""
    from extractors.document import read_document
    from extractors.quotes import extract_quotes
    from extractors.tweets import extract_tweets

    t0 = clock()
    document = read_document(text, kind)
    t1 = clock()
    tweets = tuple(extract_tweets(document))
    t2 = clock()
    skip = [(t.start, t.end) for t in tweets] if document.body is document.source else []
    quotes = tuple(extract_quotes(document, skip=skip))
    t3 = clock()
    return [t1 - t0, t2 - t1, t3 - t2], (document, tweets, quotes)


def timed(texts: list[str], kind: str, repeats: int) -> dict:
    """Best of `repeats` passes (wall and CPU separately): CPU seconds per stage, wall seconds in all."""
    best_wall, best_cpu, records = None, None, []
    for _ in range(repeats):
        wall, cpu, records = 0.0, [0.0] * 3, []
        for text in texts:
            started = time.perf_counter()
            stages, rec = extract(text, kind, time.process_time)
            wall += time.perf_counter() - started
            cpu = [a + b for a, b in zip(cpu, stages)]
            records.append(rec)
        best_wall = wall if best_wall is None else min(best_wall, wall)
        best_cpu = cpu if best_cpu is None or sum(cpu) < sum(best_cpu) else best_cpu
    return {"wall": best_wall, "cpu": best_cpu, "records": records}


def scan(texts: list[str], repeats: int) -> float:
    """A bare regex pass over the same text: every word and every quote mark found once."""
    import regex

    pattern = regex.compile(r"[\p{L}\p{M}\p{N}]++|[\p{Pi}\p{Pf}\"«»„“”‘’「」『』]")
    best = None
    for _ in range(repeats):
        started = time.process_time()
        for text in texts:
            for _m in pattern.finditer(text):
                pass
        took = time.process_time() - started
        best = took if best is None else min(best, took)
    return best


def profile(texts: list[str], kind: str, top: int) -> str:
    prof = cProfile.Profile()
    prof.enable()
    for text in texts:
        extract(text, kind, time.process_time)
    prof.disable()
    stats = pstats.Stats(prof)
    total = sum(v[3] for k, v in stats.stats.items() if k[2] == "extract" and k[0].endswith("bench_extract.py"))
    lines = ["| step (cumulative, under cProfile) | calls | s | % of extraction |", "|---|---|---|---|"]
    for label, suffix, name in STEPS:
        hits = [(k, v) for k, v in stats.stats.items() if k[0].endswith(suffix) and k[2] == name]
        if not hits:
            continue
        calls = sum(v[1] for _, v in hits)
        cum = sum(v[3] for _, v in hits)
        lines.append(f"| {label} | {calls:,} | {cum:.2f} | {100 * cum / total:.1f} % |")
    lines += ["", f"top {top} functions by own time (under cProfile, total {total:.2f} s):", "",
              "| function | calls | own s | cumulative s |", "|---|---|---|---|"]
    ranked = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]
    for (path, line, name), v in ranked:
        where = "/".join(Path(path).parts[-2:]) if path != "~" else "builtin"
        lines.append(f"| {where}:{line} {name} | {v[1]:,} | {v[2]:.2f} | {v[3]:.2f} |")
    return "\n".join(lines)


def write_records(path: Path, texts: list[str]) -> int:
    import dataclasses
    import hashlib
    import json

    from bench import corpus

    sources = [(f.name, f.read_text(encoding="utf-8", errors="replace"), f.suffix.lstrip("."))
               for f in corpus.source_files()]
    sources += sorted(((f.name, f.read_text(encoding="utf-8", errors="replace"), f.suffix.lstrip("."))
                       for f in (corpus.SHARED / "realworld" / "docs").glob("*.html")))
    sources += [(f"generated {k}", text, "text") for k, text in enumerate(texts)]
    with path.open("w", encoding="utf-8") as out:
        for name, text, kind in sources:
            _, (document, tweets, quotes) = extract(text, kind, time.process_time)
            doc = {k: v for k, v in dataclasses.asdict(document).items() if k not in ("source", "body")}
            doc["body"] = hashlib.sha256(document.body.encode("utf-8")).hexdigest()
            out.write(json.dumps({"name": name, "document": doc, "tweets": [dataclasses.asdict(t) for t in tweets],
                                  "quotes": [dataclasses.asdict(q) for q in quotes]}, ensure_ascii=False) + "\n")
    return len(sources)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="articles (default 300)")
    ap.add_argument("--size", type=int, default=8192, help="bytes per article (default 8192)")
    ap.add_argument("--seed", type=int, default=16, help="corpus seed (bench/run.py's is 16)")
    ap.add_argument("--repeats", type=int, default=2, help="timed passes; the best is reported (default 2)")
    ap.add_argument("--profile", type=int, default=100, help="articles profiled (0: no profile; default 100)")
    ap.add_argument("--top", type=int, default=25, help="functions listed by own time (default 25)")
    ap.add_argument("--cpu", type=int, default=None, help="pin to this core (default: the last one)")
    ap.add_argument("--repo", type=Path, default=REPO, help="the checkout whose extractors run")
    ap.add_argument("--records", type=Path, help="write every record to this file (JSON lines) and stop")
    args = ap.parse_args()

    repo = args.repo.resolve()
    sys.path.insert(0, str(repo))
    if repo != REPO:
        sys.path.insert(1, str(REPO))     # bench.corpus from this checkout
    import extractors

    cpus = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {args.cpu if args.cpu is not None else cpus[-1]})
    texts = articles(args.n, args.size, args.seed)
    if args.records:
        print(f"{write_records(args.records, texts)} articles' records written to {args.records}")
        return
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    print(f"extractors: {Path(extractors.__file__).parent} ({commit}); pinned to core "
          f"{sorted(os.sched_getaffinity(0))}; {uptime}", flush=True)
    started = time.perf_counter()
    for text in texts[:20]:       # warm-up: imports, lingua, spaCy pipelines and NER models, dateparser locales
        extract(text, "text", time.process_time)
    print(f"warm-up (20 articles, imports and models): {time.perf_counter() - started:.1f} s", flush=True)

    t = timed(texts, "text", args.repeats)
    cpu = sum(t["cpu"])
    n_tweets = sum(len(r[1]) for r in t["records"])
    n_quotes = sum(len(r[2]) for r in t["records"])
    scan_s = scan(texts, args.repeats)
    print(f"\n{args.n} articles, {mb:.2f} MB ({mb * 1e6 / args.n / 1024:.1f} KB each), {n_tweets} tweets, "
          f"{n_quotes} quotations; best of {args.repeats}; load after: "
          f"{subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}\n")
    print("| stage | CPU s | ms/article | articles/s per core (CPU) | share |")
    print("|---|---|---|---|---|")
    for name, s in zip(("read_document", "extract_tweets", "extract_quotes"), t["cpu"]):
        print(f"| {name} | {s:.2f} | {1000 * s / args.n:.2f} | {args.n / s:.0f} | {100 * s / cpu:.1f} % |")
    print(f"| **all** | {cpu:.2f} | {1000 * cpu / args.n:.2f} | **{args.n / cpu:.0f}** | |")
    print(f"| all, wall clock | {t['wall']:.2f} | {1000 * t['wall'] / args.n:.2f} | {args.n / t['wall']:.0f} | |")
    print(f"| bare regex scan (words, quote marks) | {scan_s:.3f} | {1000 * scan_s / args.n:.3f} | "
          f"{args.n / scan_s:.0f} | extraction / scan = {cpu / scan_s:.0f}× |")
    print(f"\nMB/s per core: extraction {mb / cpu:.2f}, scan {mb / scan_s:.1f}")
    if args.profile:
        print(f"\nprofile of {min(args.profile, args.n)} articles:\n")
        print(profile(texts[:args.profile], "text", args.top))


if __name__ == "__main__":
    main()
