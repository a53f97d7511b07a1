"""Time of hashtag, mention and URL extraction on long and hostile inputs (100 k characters).

    python bench/bench_entities.py [--size 100000] [--repeat 3]

twitter-text's URL expression backtracks: on "a.a.a.…" its Python port (twitter-text-parser 3.0.0) takes
0.7 s for 400 characters and grows roughly with the square (measured once, not a dependency here).
``extractors.entities`` looks each dot's TLD up once and uses possessive or bounded patterns; this prints
the best of ``repeat`` runs of urls + hashtags + mentions per input, in seconds (results in
bench/RESULTS-entities.md, with the machine named).
"""
from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors import entities  # noqa: E402


def inputs(size: int) -> dict[str, str]:
    def fill(unit: str, prefix: str = "", suffix: str = "") -> str:
        return prefix + unit * max(1, (size - len(prefix) - len(suffix)) // len(unit)) + suffix

    return {
        "dots, no TLD": fill("a."),
        "dots, TLD at the end": fill("a.", suffix="com"),
        "labels of 2": fill("ab."),
        "scheme, dashes": fill("a-", "http://"),
        "scheme, one long host": fill("a", "http://"),
        "open parentheses": fill("(", "http://example.com/"),
        "path of a!": fill("a!", "http://example.com/"),
        "query of &a": fill("&a", "http://example.com/?", "!"),
        "balanced (a)": fill("(a)", "http://example.com/", "!"),
        "CJK, no dot": fill("これは"),
        "CJK with dots": fill("これは."),
        "CJK labels of 63": fill("あ" * 63 + "."),
        "a.com.": fill("a.com."),
        "t.co slug": fill("a", "http://t.co/", "!"),
        "words foo.comm": fill("foo.comm "),
        "#": fill("#"),
        "@": fill("@"),
        "rt@": fill("rt@"),
        "tweet-like prose": fill("Lee bit.ly/3xYz y https://t.co/AbCd12#tema con @ana_b, #urgente. "),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"{args.size:,} characters, best of {args.repeat}")
    print(f"{'input':24} {'seconds':>8} {'urls':>6}")
    for name, text in inputs(args.size).items():
        best, found = float("inf"), 0
        for _ in range(args.repeat):
            entities._url_spans.cache_clear()
            started = time.perf_counter()
            found = len(entities.urls(text))
            entities.hashtags(text), entities.mentions(text)
            best = min(best, time.perf_counter() - started)
        print(f"{name:24} {best:8.3f} {found:6d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
