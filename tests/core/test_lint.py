"""Tests for service.core.lint: every kind of issue is reported with its file and line."""

from __future__ import annotations

import gzip
from pathlib import Path

from service.core.lint import lint

ROOT = Path(__file__).resolve().parents[2]

RULE = """
[[rule]]
id = "{id}"
description = "A test rule."
score = 0.6
languages = ["en"]
group = "scam"
{matcher}
[rule.examples]
match = ["{match}"]
no_match = ["{no_match}"]
"""


def _tree(tmp_path: Path, common: str) -> Path:
    root = tmp_path / "rules"
    (root / "lists").mkdir(parents=True)
    (root / "actions.toml").write_text("review = 0.5\nblock = 0.8\n")
    (root / "common.toml").write_text(common, encoding="utf-8")
    return root


def test_shipped_rules_lint_clean() -> None:
    # Against the Leipzig sentences that ship with the repository, so the prose check runs.
    prose = ROOT / "training" / "data" / "prose" / "leipzig-sentences"
    issues = lint(ROOT / "rules", ROOT / "tests" / "no-local-layer", prose)
    assert [str(i) for i in issues if i.severity == "error"] == []


def test_a_missing_prose_dir_is_an_error_not_a_skipped_check(tmp_path: Path) -> None:
    issues = lint(ROOT / "rules", ROOT / "tests" / "no-local-layer", tmp_path / "nowhere")
    assert [(i.severity, i.message) for i in issues if i.severity == "error"] == [
        ("error", "prose directory not found")
    ]


def test_load_errors_are_issues(tmp_path: Path) -> None:
    root = _tree(
        tmp_path, RULE.format(id="A", matcher='pattern = "(?=x)"', match="x", no_match="y")
    )
    (issue,) = lint(root, None, None)
    assert issue.severity == "error" and issue.line == 2 and "RE2" in issue.message


def test_failing_examples_are_errors(tmp_path: Path) -> None:
    root = _tree(
        tmp_path, RULE.format(id="A", matcher='keywords = ["spam"]', match="eggs", no_match="spam")
    )
    messages = [i.message for i in lint(root, None, None)]
    assert any("match example does not match" in m for m in messages)
    assert any("no_match example matches" in m for m in messages)


def test_everyday_entries_are_warnings(tmp_path: Path) -> None:
    prose = tmp_path / "prose"
    prose.mkdir()
    with gzip.open(prose / "en.txt.gz", "wt", encoding="utf-8") as fh:
        fh.write("the cat sat\nthe dog ran\nthe sun set\nno article here\n")
    root = _tree(
        tmp_path,
        RULE.format(
            id="A", matcher='keywords = ["the", "viagra", "猫"]', match="viagra", no_match="cat"
        ),
    )
    issues = lint(root, None, prose)
    assert {i.severity for i in issues} == {"warning"}
    text = " ".join(i.message for i in issues)
    assert "'the' hits 3" in text and "'猫' is one CJK character" in text
    assert "viagra" not in text
