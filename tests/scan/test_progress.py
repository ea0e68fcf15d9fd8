"""Tests for the scan's progress line: rate from this run only, and the time left."""

from __future__ import annotations

import io

from service.scan.progress import text_progress


def test_rate_and_eta_count_only_this_run() -> None:
    now = [100.0]
    out = io.StringIO()
    draw = text_progress(out, width=10, clock=lambda: now[0])
    draw(500, 1000)  # resumed: 500 were done before this run
    now[0] += 10
    draw(600, 1000)
    line = out.getvalue().split("\r")[-1]
    assert "600/1000 10.0 items/s ETA 0:40" in line
    now[0] += 40
    draw(1000, 1000)
    assert out.getvalue().endswith("ETA 0:00 \n")


def test_unknown_rate_shows_no_eta() -> None:
    out = io.StringIO()
    text_progress(out, clock=lambda: 0.0)(0, 10)
    assert "0/10 0.0 items/s ETA ?" in out.getvalue()
