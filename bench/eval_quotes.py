"""Quotation extractor against every human-annotated set, with the failures split by kind.

    .venv/bin/python -m bench.eval_quotes [--set NAME ...] [--misses N] [--json] [--workers N] [--shared PATH]

Why this exists: `quoteline run` + `export` + `score.py` takes minutes per set (Prefect, DuckDB, the
embedding model), and one overall recall does not say *what* the extractor gets wrong. This runs only the
extractors, in-process and in parallel over documents, exactly as `flows.pipeline.extract_batch` does (the
spans of a plain-text or Markdown article's tweets are no prose), scores with the project's own scorer
(`<shared>/eval/score.py`, the set's `dropped_quotes.jsonl` ignored) and splits recall and speaker accuracy
by failure class, each derived from the gold row and the article text (a quotation may be in several):

  pronoun           written speaker is a pronoun ("he", "sie")
  description       gold speaker_kind is description or organisation ("a spokesperson", "das Gericht")
  short-name        written speaker is one word (no pronoun), the gold speaker more: a bare surname or
                    first name
  no-mention        no written speaker (speaker_as_written empty or missing: continuation quotes)
  partial           the quotation opens inside a sentence (after a word, digit , ; or "("; not after a
                    colon, not at the start of its paragraph)
  follow-on         no word of the written or gold speaker stands in the quotation's own paragraph(s)
  internal-capital  a word of the gold speaker is mixed case with a capital after its first letter
                    (McAllister, DeWitt; all-capital acronyms are not)
  multi-paragraph   the quotation runs over a line break
  unlocated         the gold text was not found in the article (its position-based classes are unknown)

Sets: every folder of `<shared>/eval/external-quotes/` with a `gold_quotes.jsonl`, and `seeds`
(`<shared>/seeds/`, gold `<shared>/gold/seed_prose_quotes.jsonl`). `<shared>` is `--shared`, else
$QUOTELINE_SHARED, else `../shared` beside the repository. The corpora are research-only: misses (which
quote them) are printed to the terminal and never written to a file by this script.
"""
from __future__ import annotations

import argparse
import bisect
import importlib.util
import json
import multiprocessing as mp
import os
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import regex

from extractors.document import read_document
from extractors.quotes import extract_quotes
from extractors.tweets import extract_tweets

ROOT = Path(__file__).resolve().parents[1]
CLASSES = ("all", "pronoun", "description", "short-name", "no-mention", "partial", "follow-on",
           "internal-capital", "multi-paragraph", "unlocated")
# Pronouns of the annotated sets' languages (English, German); an evaluation aid, not extractor data.
PRONOUNS = frozenset("he she they it we i you him her them "
                     "er sie es wir ich ihr man".split())
# Words that say nothing about who a speaker is, so their presence in a paragraph is no mention of one.
FUNCTION_WORDS = frozenset("the a an of and mr mrs ms dr der die das den dem des ein eine einer eines einem "
                           "einen und von vom zu zum zur herr frau".split())
_WORD = regex.compile(r"[\p{L}\p{M}]+")
_SPACE = regex.compile(r"\s+")


@dataclass
class EvalSet:
    name: str
    docs: list[Path]
    gold: list[dict]
    ignored: list[dict]


@dataclass
class DocResult:
    set_name: str
    doc: str
    rows: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None


# --- inputs ------------------------------------------------------------------------------------------

def shared_root(arg: str | None) -> Path:
    return Path(arg or os.environ.get("QUOTELINE_SHARED") or ROOT.parent / "shared").resolve()


def load_scorer(shared: Path):
    """The project's scorer module, imported from its file (it is a script, not a package)."""
    path = shared / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("quoteline_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def doc_files(folder: Path) -> list[Path]:
    kinds = (".txt", ".md", ".html", ".htm")
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in kinds)


def find_sets(shared: Path, scorer) -> dict[str, EvalSet]:
    sets = {}
    for folder in sorted((shared / "eval" / "external-quotes").iterdir()):
        if (folder / "gold_quotes.jsonl").is_file():
            dropped = folder / "dropped_quotes.jsonl"
            sets[folder.name] = EvalSet(folder.name, doc_files(folder / "docs"),
                                        scorer.load(folder / "gold_quotes.jsonl"),
                                        scorer.load(dropped) if dropped.is_file() else [])
    seeds_gold = shared / "gold" / "seed_prose_quotes.jsonl"
    if seeds_gold.is_file():
        sets["seeds"] = EvalSet("seeds", doc_files(shared / "seeds"), scorer.load(seeds_gold), [])
    return sets


# --- extraction (in worker processes) ----------------------------------------------------------------

def extract_rows(name: str, text: str, kind: str) -> list[dict]:
    """Prediction rows of one article, taken as `flows.pipeline.extract_batch` takes them."""
    document = read_document(text, kind)
    tweets = extract_tweets(document)
    skip = [(t.start, t.end) for t in tweets] if document.body is document.source else []
    return [{"doc": name, "text": q.text, "speaker": q.speaker} for q in extract_quotes(document, skip=skip)]


def extract_doc(job: tuple[str, str]) -> DocResult:
    """One article file; an exception is this doc's error, not the evaluation's."""
    set_name, path = job
    out, started = DocResult(set_name, Path(path).name), time.perf_counter()
    try:
        out.rows = extract_rows(out.doc, Path(path).read_text(encoding="utf-8"), Path(path).suffix.lstrip("."))
    except Exception as exc:  # an extractor bug in one article must not end the evaluation
        out.error = f"{exc.__class__.__name__}: {exc}"
    out.seconds = time.perf_counter() - started
    return out


def warm_up() -> None:
    """Build the extractors' lazy state (language models, data) once in the parent, so that forked workers
    inherit it instead of each paying for it on its first document."""
    extract_rows("", "Anna Berg said: \u201cWe will stay.\u201d\n", "txt")
    extract_rows("", "Der Minister sagte: \u201eWir bleiben.\u201c\n", "txt")


def run_all(sets: list[EvalSet], workers: int) -> list[DocResult]:
    """Every doc of every set, largest first so no worker is left with a long one at the end."""
    jobs = sorted(((s.name, str(p)) for s in sets for p in s.docs), key=lambda j: -Path(j[1]).stat().st_size)
    if workers <= 1:
        return [extract_doc(j) for j in jobs]
    with mp.get_context("fork").Pool(workers) as pool:
        return list(pool.imap_unordered(extract_doc, jobs, chunksize=1))


# --- failure classes ---------------------------------------------------------------------------------

def folded(text: str) -> tuple[str, list[int]]:
    """`text` with whitespace runs folded to one space, and each folded character's index in `text`."""
    chars, index, last = [], [], 0
    for m in _SPACE.finditer(text):
        chars.append(text[last:m.start()])
        index.extend(range(last, m.start()))
        chars.append(" ")
        index.append(m.start())
        last = m.end()
    chars.append(text[last:])
    index.extend(range(last, len(text)))
    return "".join(chars), index


def locate(gold_text: str, doc: tuple[str, list[int]], scorer, after: int = 0) -> tuple[int, int] | None:
    """Span in the article of the gold quotation's core (marks and end punctuation stripped, as the scorer
    strips them), first occurrence at or after `after`."""
    core = scorer.norm(gold_text).strip(scorer.QUOTE_MARKS + " ,.;:!?—–-")
    flat, index = doc
    at = flat.find(core, bisect.bisect_left(index, after)) if core else -1
    if at < 0:
        return None
    return index[at], index[at + len(core) - 1] + 1


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the lines that hold text[start:end]."""
    stop = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if stop < 0 else stop


def is_partial(text: str, start: int, scorer) -> bool:
    """Opens inside a sentence: a word, digit , ; or ( just before its opening mark, on the same line."""
    i = start
    while i > 0 and text[i - 1] in scorer.QUOTE_MARKS:
        i -= 1
    before = text[text.rfind("\n", 0, i) + 1:i].rstrip()
    return bool(before) and (before[-1].isalnum() or before[-1] in ",;(")


def speaker_words(row: dict) -> set[str]:
    words = _WORD.findall(f"{row.get('speaker_as_written') or ''} {row.get('speaker') or ''}")
    return {w.casefold() for w in words} - FUNCTION_WORDS


def is_follow_on(text: str, span: tuple[int, int], row: dict) -> bool:
    """No word of the speaker in the quotation's own line(s), the quotation itself left out."""
    lo, hi = line_bounds(text, *span)
    around = text[lo:span[0]] + " " + text[span[1]:hi]
    return not speaker_words(row) & {w.casefold() for w in _WORD.findall(around)}


def row_classes(row: dict, text: str | None, span: tuple[int, int] | None, scorer) -> set[str]:
    written = (row.get("speaker_as_written") or "").strip()
    speaker = row.get("speaker") or ""
    out = {"all"}
    if written.casefold() in PRONOUNS:
        out.add("pronoun")
    elif len(written.split()) == 1 and len(speaker.split()) > 1:
        out.add("short-name")
    if row.get("speaker_kind") in ("description", "organisation"):
        out.add("description")
    if not written:
        out.add("no-mention")
    if any(w[1:] != w[1:].lower() and w != w.upper() for w in _WORD.findall(speaker)):
        out.add("internal-capital")
    if "\n" in (row.get("text") or ""):
        out.add("multi-paragraph")
    if span is None:
        out.add("unlocated")
        return out
    if "\n" in text[span[0]:span[1]]:
        out.add("multi-paragraph")
    if is_partial(text, span[0], scorer):
        out.add("partial")
    if is_follow_on(text, span, row):
        out.add("follow-on")
    return out


def doc_classes(rows: list[dict], path: Path | None, scorer) -> list[set[str]]:
    """Classes of one doc's gold rows. A repeated quotation is located at its next occurrence, or at its only
    one when the gold holds it twice (two speakers annotated)."""
    raw = path.read_text(encoding="utf-8", errors="replace") if path and path.is_file() else None
    text = unicodedata.normalize("NFC", raw) if raw is not None else None
    doc = folded(text) if text is not None else None
    out, after = [], {}
    for row in rows:
        gold_text = row.get("text") or row.get("text_starts") or ""
        want = unicodedata.normalize("NFC", gold_text)
        span = doc and (locate(want, doc, scorer, after.get(gold_text, 0)) or locate(want, doc, scorer))
        if span:
            after[gold_text] = span[1]
        out.append(row_classes(row, text, span, scorer))
    return out


# --- scoring -----------------------------------------------------------------------------------------

def row_outcomes(gold: list[dict], pred: list[dict], scorer) -> list[tuple[bool, bool]]:
    """(matched, speaker right) of each gold row of one doc, read off the scorer itself: its matching is
    greedy in gold order, so scoring the first k+1 rows differs from the first k by row k's outcome."""
    out, prev = [], (0, 0)
    for k in range(1, len(gold) + 1):
        res = scorer.score_quotes(gold[:k], pred, [])
        now = (res["matched"], round(res["speaker_accuracy"] * res["gold"]))
        out.append((now[0] > prev[0], now[1] > prev[1]))
        prev = now
    return out


def class_table(ev: EvalSet, pred: list[dict], scorer) -> dict[str, dict]:
    paths = {p.name: p for p in ev.docs}
    gold_by_doc, pred_by_doc = scorer.by_doc(ev.gold), scorer.by_doc(pred)
    counts = {c: [0, 0, 0] for c in CLASSES}  # gold, matched, speaker right
    for doc, rows in gold_by_doc.items():
        outcomes = row_outcomes(rows, pred_by_doc.get(doc, []), scorer)
        for classes, (hit, right) in zip(doc_classes(rows, paths.get(doc), scorer), outcomes):
            for c in classes:
                counts[c][0] += 1
                counts[c][1] += hit
                counts[c][2] += right
    return {c: {"gold": g, "matched": m, "recall": m / g if g else None, "speaker_right": s / g if g else None}
            for c, (g, m, s) in counts.items() if g}


def evaluate_set(ev: EvalSet, results: list[DocResult], scorer) -> dict:
    pred = [row for r in results for row in r.rows]
    misses: list[str] = []
    score = scorer.score_quotes(ev.gold, pred, misses, ev.ignored)
    return {"docs": len(ev.docs), "score": score,
            "false_positives": score["predicted"] - score["matched"] - score["ignored"],
            "errors": {r.doc: r.error for r in results if r.error},
            "seconds": sum(r.seconds for r in results),
            "doc_seconds": {r.doc: round(r.seconds, 3) for r in results},
            "classes": class_table(ev, pred, scorer), "misses": misses}


# --- output ------------------------------------------------------------------------------------------

def fmt(value) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def table(headers: list[str], rows: list[list]) -> str:
    cells = [headers] + [[fmt(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in cells]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths)] + lines[1:])


def summary_table(report: dict) -> str:
    rows = [[name, r["docs"], r["score"]["gold"], r["score"]["predicted"], r["score"]["ignored"],
             r["false_positives"], r["score"]["precision"], r["score"]["recall"], r["score"]["f1"],
             r["score"]["speaker_accuracy"], r["score"]["speaker_accuracy_matched"], len(r["errors"]),
             f"{r['seconds']:.1f}"]
            for name, r in report["sets"].items()]
    return table(["set", "docs", "gold", "predicted", "ignored", "false pos", "precision", "recall", "f1",
                  "speaker/gold", "speaker/matched", "errors", "seconds"], rows)


def print_text(report: dict) -> None:
    print(summary_table(report))
    for name, r in report["sets"].items():
        print(f"\n{name}: recall and speaker right (of the class's gold) by failure class")
        print(table(["class", "gold", "recall", "speaker right"],
                    [[c, v["gold"], v["recall"], v["speaker_right"]] for c, v in r["classes"].items()]))
        for line in r["misses"]:
            print("  -", line)
    slowest = sorted(((s, f"{name}/{doc}") for name, r in report["sets"].items()
                      for doc, s in r["doc_seconds"].items()), reverse=True)[:3]
    print(f"\ntotal {report['seconds']:.1f} s wall, {report['workers']} workers "
          "(set seconds: extraction time summed over its docs)")
    print("slowest docs: " + ", ".join(f"{doc} {s:.2f} s" for s, doc in slowest))


# --- main --------------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", action="append", dest="sets", metavar="NAME", help="only this set (repeatable)")
    ap.add_argument("--misses", type=int, default=0, metavar="N", help="print the first N misses per set")
    ap.add_argument("--json", action="store_true",
                    help="print one JSON object with everything (misses: as many as --misses)")
    ap.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)), metavar="N",
                    help="processes extracting documents (default: the usable cores; 1: no pool)")
    ap.add_argument("--shared", help="the shared data folder (default $QUOTELINE_SHARED or ../shared)")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    shared = shared_root(args.shared)
    scorer = load_scorer(shared)
    sets = find_sets(shared, scorer)
    unknown = set(args.sets or ()) - sets.keys()
    if unknown:
        sys.exit(f"unknown set(s) {sorted(unknown)}; known: {', '.join(sets)}")
    chosen = [s for name, s in sets.items() if not args.sets or name in args.sets]
    started = time.perf_counter()
    warm_up()
    results = run_all(chosen, args.workers)
    for r in sorted((r for r in results if r.error), key=lambda r: (r.set_name, r.doc)):
        print(f"error: {r.set_name}/{r.doc}: {r.error}", file=sys.stderr)
    report = {"shared": str(shared), "workers": args.workers,
              "sets": {s.name: evaluate_set(s, [r for r in results if r.set_name == s.name], scorer)
                       for s in chosen}}
    report["seconds"] = time.perf_counter() - started
    for r in report["sets"].values():
        r["misses"] = r["misses"][:args.misses]
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print_text(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
