"""The engine's deadline bounds a check: past deadline_s it must stop and say partial.

The inputs below once broke it (see the comments): they stay as regression tests.
"""

from __future__ import annotations

import time

import pytest

from service.core.engine import Engine

# The last step after the deadline check may still run: allow it one second.
GRACE_S = 1.0


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


CASES = [
    # Once quadratic (every sentence compared with every island, the model re-run per
    # sentence): 25k chars took 3 s, 200k chars 207 s, never marked partial.
    pytest.param(_repeat("We walked in the park today. 爱上海论坛 ", 50_000), id="islands_50k"),
    pytest.param(_repeat("We walked in the park today. 爱上海论坛 ", 200_000), id="islands_200k"),
    # Once 100,000 one-letter script runs, each a candidate: ~7 s before any deadline check.
    pytest.param(_repeat("a上", 200_000), id="alternating_scripts_200k"),
    pytest.param(_repeat("Short clean sentence. ", 200_000), id="clean_sentences_200k"),
    # Once a langdetect call per island, all before the first deadline check: an island of
    # another script on each of 3,600 lines took 8-14 s.
    pytest.param(
        _repeat("Walked along the quiet river bank работа деньги сегодня\n", 200_000),
        id="island_per_line_200k",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize("text", CASES)
def test_check_respects_the_deadline(fresh_engine: Engine, text: str) -> None:
    started = time.monotonic()
    verdict = fresh_engine.check(text)
    elapsed = time.monotonic() - started
    assert elapsed <= fresh_engine.deadline_s + GRACE_S, (
        f"{elapsed:.1f} s for {len(text)} chars (deadline {fresh_engine.deadline_s} s, "
        f"partial={verdict.partial})"
    )
