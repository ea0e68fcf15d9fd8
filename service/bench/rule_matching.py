"""Benchmark rule matching: µs per 3 KB text as rules grow, against a loop in the same run.

Run: darnel bench-matching (or python -m service.bench.rule_matching).
"""

from __future__ import annotations

import functools
import random
import string
import time
from collections.abc import Callable
from typing import Any

import re2

from service.config import REPO_ROOT
from service.core.evasion import fold_evasions
from service.core.ruleset import Rule, Ruleset
from service.core.types import Thresholds

SAMPLE = REPO_ROOT / "tests" / "data" / "shanghai-article.txt"


def _text() -> str:
    base = SAMPLE.read_text(encoding="utf-8") if SAMPLE.exists() else "lorem ipsum dolor " * 200
    return (base * 2)[:3000]


def _words(n: int, rng: random.Random) -> list[str]:
    return ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 10))) for _ in range(n)]


def _rule(i: int, kind: str, value: str | tuple[str, ...]) -> Rule:
    return Rule(f"R{i}", "Benchmark rule.", 0.5, (), "bench", kind, value, ("x",), ("y",), "-", 0)


def _time(fn: Callable[[], object], repeat: int = 20) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1e6


def main() -> None:
    """Print µs per text for 100 / 1,000 / 10,000 keyword rules and 100 / 1,000 regex rules."""
    rng = random.Random(7)
    text = _text()
    folded = fold_evasions(text).text
    fold_us = _time(lambda: fold_evasions(text))
    print(f"text: {len(text)} chars; evasion folding alone: {fold_us:.0f} µs")
    print(f"{'rules':>7} {'kind':<8} {'ruleset.match µs':>17} {'baseline loop µs':>17}")
    for n in (100, 1_000, 10_000):
        words = _words(n, rng)
        rules = tuple(_rule(i, "phrase", w) for i, w in enumerate(words))
        rs = Ruleset("bench", Thresholds(), rules, {}, {})

        def loop(words: list[str] = words) -> list[int]:
            return [i for i, w in enumerate(words) if folded.find(w) >= 0]

        ours = _time(functools.partial(rs.match, text))
        print(f"{n:>7} {'keyword':<8} {ours:>17.0f} {_time(loop):>17.0f}")
    for n in (100, 1_000, 10_000):
        words = _words(n, rng)
        pats = [rf"\b{w[:4]}[a-z]{{0,3}}{w[-2:]}\b" for w in words]
        rules = tuple(_rule(i, "pattern", p) for i, p in enumerate(pats))
        rs = Ruleset("bench", Thresholds(), rules, {}, {})
        compiled = [re2.compile(p) for p in pats]

        def rloop(compiled: list[Any] = compiled) -> list[int]:
            return [i for i, c in enumerate(compiled) if c.search(folded)]

        ours = _time(functools.partial(rs.match, text), 5)
        print(f"{n:>7} {'regex':<8} {ours:>17.0f} {_time(rloop, 5):>17.0f}")


if __name__ == "__main__":
    main()
