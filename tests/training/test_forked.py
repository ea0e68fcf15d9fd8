"""Tests for training.forked: a map over forked workers."""

from __future__ import annotations

import os

from training.forked import fork_map


def test_results_come_back_in_order_from_forked_workers() -> None:
    offset = 7  # a closure: forked workers inherit it, nothing of it is pickled
    items = list(range(300))
    out = fork_map(lambda x: (x + offset, os.getpid()), items, 2, min_items=100, chunksize=8)
    assert [v for v, _ in out] == [x + 7 for x in items]
    assert os.getpid() not in {pid for _, pid in out}


def test_few_items_or_one_worker_stay_in_process() -> None:
    pid = os.getpid()
    assert fork_map(lambda x: (x, os.getpid()), [1, 2], 2, min_items=100, chunksize=8) == [
        (1, pid),
        (2, pid),
    ]
    assert {p for _, p in fork_map(lambda x: (x, os.getpid()), list(range(300)), 1, 10, 8)} == {pid}
