"""Generated corpora for the scale benchmarks: real paragraphs recombined, generated at run time, never kept.

The paragraphs come from `../shared/` (seed articles with their tweets, real-world pages, the external quotation
corpora). A unit is a paragraph (a tweet with its attribution line, a quotation with the paragraphs it spans), so
tweets and quotations stay intact; an article is a title and units drawn at random until it reaches the wanted size.
Every file is distinct (its title carries its number). The text is licensed: it is written to a temporary folder
the caller names and must never be committed.
"""
from __future__ import annotations

import random
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_OPEN_CLOSE = "“”„«»「」"


def source_files(shared: Path = SHARED) -> list[Path]:
    files = sorted((shared / "seeds").glob("*.txt")) + sorted((shared / "realworld" / "docs").glob("*.md"))
    files += sorted((shared / "eval" / "external-quotes").glob("*/docs/*.txt"))
    if not files:
        raise SystemExit(f"bench: no source articles under {shared} (seeds, realworld/docs, eval/external-quotes)")
    return files


def _units(text: str) -> list[str]:
    """Paragraphs; a line opening with a dash (a tweet's attribution) stays with the line before; a paragraph with
    an odd count of quotation marks takes the next one (a quotation spanning paragraphs)."""
    blocks = [b for b in text.split("\n\n") if b.strip()]
    if len(blocks) < 3:  # one paragraph per line (the seed articles)
        blocks = []
        for line in text.splitlines():
            if not line.strip():
                continue
            if blocks and line.lstrip().startswith(("—", "–", "- ")):
                blocks[-1] += "\n" + line
            else:
                blocks.append(line)
    units: list[str] = []
    pending = ""
    for block in blocks:
        pending = f"{pending}\n\n{block}" if pending else block
        if sum(pending.count(c) for c in _OPEN_CLOSE) % 2 == 0 or pending.count("\n\n") >= 3:
            units.append(pending.strip())
            pending = ""
    if pending:
        units.append(pending.strip())
    return units


def paragraphs(shared: Path = SHARED) -> list[str]:
    out: list[str] = []
    for f in source_files(shared):
        out += _units(f.read_text(encoding="utf-8", errors="replace"))
    return out


def write_corpus(folder: Path, n: int, size: int = 8192, seed: int = 16, start: int = 0,
                 units: list[str] | None = None) -> list[Path]:
    """Write articles number `start` … `start + n - 1` (about `size` bytes each) into `folder`; deterministic
    per (seed, number), so a corpus can grow run by run and re-writing an article gives the same bytes."""
    units = units if units is not None else paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(start, start + n):
        path = folder / f"a{number // 1000:04d}" / f"art{number:07d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(article(number, units, size, seed), encoding="utf-8")
        paths.append(path)
    return paths


def article(number: int, units: list[str], size: int = 8192, seed: int = 16) -> str:
    """The text of article `number`: a title from its first unit's words, then units until `size` bytes."""
    rng = random.Random(seed * 1_000_003 + number)
    first = rng.choice(units)
    parts, total = [f"Article {number}: {' '.join(first.split()[:8])}"], 0
    while total < size:
        unit = rng.choice(units)
        parts.append(unit)
        total += len(unit.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n"
