"""Tests for training.html_eval: the report runs on real pages through the real engine."""

from __future__ import annotations

import pytest

from training.html_eval import main


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
