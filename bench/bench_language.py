"""Language detectors on the texts `read_document` asks about: accuracy against the corpora's languages, agreement
with lingua (all languages, low accuracy: what extractors/language.py used alone), and time per article.

    .venv/bin/python -m bench.bench_language            # shared corpora + 1,000 generated 8 KB articles

The texts are the samples `extractors.language.detect_language` builds (noise removed, 2,000 characters), captured
while `read_document` reads every article of ../shared/seeds (languages from ../shared/gold/seed_articles.jsonl),
../shared/realworld/docs (the language in the file name), ../shared/eval/external-quotes (en or de, by set) and of
articles generated as bench/run.py generates them (no gold: agreement only). A second table: the same detectors on
each paragraph (bench/corpus.py's units) of the sets whose language is known for certain (seeds, external quotation
sets), by length: how short texts fare. pycld2 and py3langid are measured when installed. Prints tables; asserts
nothing.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import corpus  # noqa: E402


def gold_languages() -> list[tuple[str, Path, str]]:
    """(corpus, file, ISO 639-1) of every shared article whose language is known."""
    shared = corpus.SHARED
    seeds = {row["doc"]: row["lang"] for row in map(json.loads, (shared / "gold" / "seed_articles.jsonl").open())}
    out = [("seeds", shared / "seeds" / doc, lang) for doc, lang in sorted(seeds.items())]
    for f in sorted((shared / "realworld" / "docs").iterdir()):
        lang = f.stem.rsplit("_", 1)[-1]
        out.append(("realworld", f, {"in": "id"}.get(lang, lang)))
    for folder in sorted((shared / "eval" / "external-quotes").iterdir()):
        if (folder / "docs").is_dir():
            out += [(folder.name, f, folder.name.rsplit("-", 1)[-1]) for f in sorted((folder / "docs").glob("*.txt"))]
    return out


def samples(items: list[tuple[str, str, str]]) -> list[tuple[str, str, str | None]]:
    """(corpus, sample, gold) for each (corpus, text, kind, gold) that `read_document` asks a detector about."""
    import extractors.document as document
    import extractors.language as language

    asked: list[str] = []
    real = language.detect_language

    def capture(text):
        if text:
            sample = language._NOISE.sub(" ", text[: language.SAMPLE_CHARS * 2])[:language.SAMPLE_CHARS]
            asked.append(sample)
        return real(text)

    document.detect_language = capture
    out = []
    try:
        for name, text, kind, gold in items:
            asked.clear()
            document.read_document(text, kind)
            out += [(name, s, gold) for s in asked]
    finally:
        document.detect_language = real
    return out


def detectors() -> dict:
    from lingua import LanguageDetectorBuilder

    lingua_all = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

    def lingua(text):
        found = lingua_all.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None

    out = {"lingua, all languages, low accuracy": lingua}
    try:
        import pycld2

        def cld2(text):
            try:
                reliable, _, found = pycld2.detect(text)
            except pycld2.error:
                return None
            code = found[0][1]
            return None if code == "un" else {"iw": "he", "zh-Hant": "zh", "jw": "jv"}.get(code, code)

        out["pycld2"] = cld2
    except ImportError:
        pass
    try:
        import py3langid

        out["py3langid"] = lambda text: py3langid.classify(text)[0]
    except ImportError:
        pass
    from extractors.language import detect_language

    out["extractors.language (as configured)"] = detect_language
    return out


def paragraph_table(found_by: dict) -> None:
    from extractors.language import _NOISE, SAMPLE_CHARS

    rows = []
    for name, f, lang in gold_languages():
        if name != "realworld":      # a realworld file's language is the page's, not every paragraph's
            for unit in corpus._units(f.read_text(encoding="utf-8", errors="replace")):
                rows.append((_NOISE.sub(" ", unit[: SAMPLE_CHARS * 2])[:SAMPLE_CHARS], lang))
    buckets = [(0, 50), (50, 100), (100, 200), (200, 400), (400, 800), (800, SAMPLE_CHARS + 1)]
    print(f"\n{len(rows)} paragraphs of seeds and the external quotation sets, right answers by length (characters):\n")
    print("| detector | " + " | ".join(f"{a}–{b - 1}" for a, b in buckets) + " |")
    print("|---|" + "---|" * len(buckets))
    print("| paragraphs | " + " | ".join(str(sum(a <= len(s) < b for s, _ in rows)) for a, b in buckets) + " |")
    for label, detect in found_by.items():
        right = [sum(a <= len(s) < b and detect(s) == g for s, g in rows) for a, b in buckets]
        print(f"| {label} | " + " | ".join(map(str, right)) + " |")


def main() -> None:
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    known = [(name, f.read_text(encoding="utf-8", errors="replace"), f.suffix.lstrip("."), lang)
             for name, f, lang in gold_languages()]
    units = corpus.paragraphs()
    generated = [("generated", corpus.article(k, units), "text", None) for k in range(1000)]
    texts = samples(known + generated)
    print(f"{len(texts)} samples ({sum(1 for t in texts if t[2])} with a known language); "
          f"{os.popen('uptime').read().strip()}\n")
    found = {}
    print("| detector | seeds | realworld | ggt-en | polnear-en | redewiedergabe-de | wikinews-de | generated: same "
          "as lingua | ms per sample |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, detect in detectors().items():
        for _, s, _ in texts[:20]:
            detect(s)
        started = time.process_time()
        found[label] = [detect(s) for _, s, _ in texts]
        ms = 1000 * (time.process_time() - started) / len(texts)
        cells = []
        for name in ("seeds", "realworld", "ggt-en", "polnear-en", "redewiedergabe-de", "wikinews-de"):
            rows = [(f, g) for f, (n, _, g) in zip(found[label], texts) if n == name]
            cells.append(f"{sum(f == g for f, g in rows)}/{len(rows)}")
        base = found["lingua, all languages, low accuracy"]
        gen = [(a, b) for a, b, (n, _, _) in zip(found[label], base, texts) if n == "generated"]
        cells.append(f"{sum(a == b for a, b in gen)}/{len(gen)}")
        print(f"| {label} | " + " | ".join(cells) + f" | {ms:.3f} |")
    paragraph_table(found_by=detectors())
    print("\nwrong answers on whole articles (corpus, gold: answers):")
    for k, (name, s, gold) in enumerate(texts):
        answers = {label: found[label][k] for label in found}
        if gold and any(a != gold for a in answers.values()):
            print(f"  {name}, {gold}: " + ", ".join(f"{label.split(',')[0]}={a}" for label, a in answers.items()))


if __name__ == "__main__":
    main()
