"""Tests for runtime/rules_snapshot.py: the last good rule set is kept, checked and found again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from service.config import REPO_ROOT
from service.core.errors import RuleFileError
from service.core.rulefiles import load_ruleset
from service.runtime import rules_snapshot

LOCAL_RULE = """
[[rule]]
id = "LOCAL_SNAPSHOT_PROBE"
description = "A rule of the operators' layer, with its own list."
score = 0.9
languages = ["*"]
list = "probe"
[rule.examples]
match = ["buy qzxv probe now"]
no_match = ["a quiet walk"]
"""


@pytest.fixture()
def rules(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(REPO_ROOT / "rules", root, ignore=shutil.ignore_patterns("local"))
    (root / "local").mkdir()
    return root


def test_nothing_stored_is_none(tmp_path: Path) -> None:
    assert rules_snapshot.current(tmp_path) is None


def test_a_stored_set_loads_back_as_the_same_version(tmp_path: Path, rules: Path) -> None:
    (rules / "local" / "lists").mkdir()
    (rules / "local" / "lists" / "probe.txt").write_text("qzxv probe\n", "utf-8")
    (rules / "local" / "extra.toml").write_text(LOCAL_RULE, "utf-8")
    ruleset = load_ruleset(rules, rules / "local")
    instance = tmp_path / "instance"
    assert rules_snapshot.store(instance, ruleset, rules, rules / "local")
    snap = rules_snapshot.current(instance)
    assert snap is not None and snap.version == ruleset.version
    # The originals can break or vanish: the stored copy is self-contained.
    shutil.rmtree(rules)
    loaded = rules_snapshot.load(snap)
    assert loaded.version == ruleset.version
    assert any(r.id == "LOCAL_SNAPSHOT_PROBE" for r in loaded.rules)


def test_files_edited_after_the_load_are_not_kept(tmp_path: Path, rules: Path) -> None:
    ruleset = load_ruleset(rules, rules / "local")
    (rules / "common.toml").write_text("[[rule]\n", "utf-8")  # broken between load and copy
    instance = tmp_path / "instance"
    assert not rules_snapshot.store(instance, ruleset, rules, rules / "local")
    assert rules_snapshot.current(instance) is None
    assert [p.name for p in (instance / rules_snapshot.SNAPSHOT_DIR).iterdir()] == []


def test_a_tampered_copy_is_refused(tmp_path: Path, rules: Path) -> None:
    ruleset = load_ruleset(rules, rules / "local")
    instance = tmp_path / "instance"
    rules_snapshot.store(instance, ruleset, rules, rules / "local")
    snap = rules_snapshot.current(instance)
    assert snap is not None
    actions = snap.shipped / "actions.toml"
    actions.write_text(actions.read_text("utf-8") + "\n# edited by hand\n", "utf-8")
    with pytest.raises(RuleFileError, match="hashes to"):
        rules_snapshot.load(snap)


def test_the_pointer_follows_the_newest_good_set(tmp_path: Path, rules: Path) -> None:
    instance = tmp_path / "instance"
    first = load_ruleset(rules, rules / "local")
    rules_snapshot.store(instance, first, rules, rules / "local")
    actions = rules / "actions.toml"
    actions.write_text(actions.read_text("utf-8") + "\n# a comment changes the hash\n", "utf-8")
    second = load_ruleset(rules, rules / "local")
    assert second.version != first.version
    rules_snapshot.store(instance, second, rules, rules / "local")
    snap = rules_snapshot.current(instance)
    assert snap is not None and snap.version == second.version
