"""The engine's deadline bounds a check: past deadline_s it must stop and say partial.

The inputs below are known to break that today (see the xfail reasons); they stay here
as reproducers so a fix turns them green instead of a looser bound hiding them.
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
    pytest.param(
        _repeat("We walked in the park today. 爱上海论坛 ", 50_000),
        id="sentences_with_islands_50k",
        # Engine._select compares every sentence with every island and re-runs the rules
        # and the model per sentence (_still_spam): quadratic, and after the only deadline
        # check. Measured: 25k chars 3 s, 50k 11 s, 200k 207 s, never partial.
        marks=pytest.mark.xfail(strict=True, reason="quadratic _select ignores the deadline"),
    ),
    pytest.param(
        _repeat("a上", 200_000),
        id="alternating_scripts_200k",
        # 100,000 script runs: candidate building alone takes ~7 s before any deadline check.
        marks=pytest.mark.xfail(strict=False, reason="candidates() runs before the deadline"),
    ),
    pytest.param(_repeat("Short clean sentence. ", 200_000), id="clean_sentences_200k"),
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
