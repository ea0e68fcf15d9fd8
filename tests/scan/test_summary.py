"""Tests for the scan summary: verdict counts, top rules and the chart of scores."""

from __future__ import annotations

from service.scan.summary import Summary


def _row(verdict: str, score: float, rules: list[str]) -> dict[str, object]:
    return {"id": "x", "where": "", "verdict": verdict, "score": score, "rules": rules}


def test_counts_rules_and_score_bins() -> None:
    summary = Summary()
    rows = [
        _row("allow", 0.0, []),
        _row("allow", 0.05, []),
        _row("block", 1.0, ["ZH_LOVE_CITY", "ZH_CITY_VENUE"]),
        _row("review", 0.55, ["ZH_LOVE_CITY"]),
        {"id": "e", "where": "", "error": "text is empty"},
    ]
    assert list(summary.tap(rows)) == rows  # rows pass through unchanged
    data = summary.to_json()["summary"]
    assert data["items"] == 5
    assert data["verdicts"] == {"allow": 2, "review": 1, "block": 1, "error": 1}
    assert data["top_rules"][0] == {"id": "ZH_LOVE_CITY", "items": 2}
    assert [b["items"] for b in data["scores"]] == [2, 0, 0, 0, 0, 1, 0, 0, 0, 1]


def test_render_draws_a_bar_per_tenth() -> None:
    summary = Summary()
    for _ in range(40):
        summary.add(_row("allow", 0.01, []))
    summary.add(_row("block", 0.99, ["R"]))
    text = summary.render(width=40)
    assert text.startswith("41 items: 40 allow, 0 review, 1 block, 0 error")
    lines = text.splitlines()
    assert lines[-10].endswith("#" * 40) and lines[-1].endswith(" 1 #")
    assert "       1  R" in text
