"""Tests for training.measure.html_eval: the report runs on real pages through the real engine."""

from __future__ import annotations

import pytest

from training.measure.html_eval import bench_main, main


def test_the_report_covers_hosts_styles_languages_and_the_largest_page(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--pages", "2"]) == 0
    out = capsys.readouterr().out
    assert "Real pages as clean hosts: 2" in out
    assert "refused: 0" in out
    for style in ("display-none", "font-size-0", "aria-hidden", "visible-in-prose", "all"):
        assert style in out
    assert "found per page language" in out
    assert "Largest page:" in out


def test_bench_prints_the_largest_page_under_two_seconds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert bench_main([]) == 0
    out = capsys.readouterr().out
    seconds = float(out.split(" bytes: ")[1].split(" s ")[0])
    assert "yahoo-2" in out and seconds < 2.0
