"""Tests for runtime/runtime.py: a worker never serves without rules, whatever the files say."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from service.config import REPO_ROOT, Settings, load_settings
from service.runtime.runtime import RulesUnavailable, Runtime, preflight

BROKEN = '[[rule]]\nid = "LOCAL_BROKEN"\nscore = "high"\n'
SPAM = "Buy cheap viagra online now, best casino bonus!"


def _settings(tmp_path: Path) -> Settings:
    rules = tmp_path / "rules"
    if not rules.exists():
        shutil.copytree(REPO_ROOT / "rules", rules, ignore=shutil.ignore_patterns("local"))
        (rules / "local").mkdir()
    return load_settings({}, {
        "rules_dir": rules, "local_rules_dir": rules / "local", "model_dir": None,
        "instance_dir": tmp_path / "instance", "rules_poll_s": 0.0,
    })  # fmt: skip


def _overrides(settings: Settings) -> dict[str, object]:
    return {
        f: getattr(settings, f)
        for f in ("rules_dir", "local_rules_dir", "model_dir", "instance_dir", "rules_poll_s")
    }


def _fallback_gauge() -> float:
    return REGISTRY.get_sample_value("darnel_rules_last_good_serving") or 0.0


def test_broken_files_at_start_serve_the_last_good_set(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    good = Runtime.start(settings)
    version = good.engine.ruleset.version
    assert good.rules.source == "files" and _fallback_gauge() == 0.0
    (settings.local_rules_dir / "broken.toml").write_text(BROKEN, "utf-8")

    # A new worker (SIGHUP, a killed worker's replacement) starts while the file is broken.
    fresh = Runtime.start(settings)
    assert fresh.engine.ruleset.version == version != "r-empty"
    assert fresh.rules.ok and fresh.rules.source == "last-good"
    assert "broken.toml" in str(fresh.rules.fallback_reason)
    assert _fallback_gauge() == 1.0
    assert fresh.engine.check(SPAM).verdict == good.engine.check(SPAM).verdict

    # Once the operator fixes the file, the worker goes back to the files themselves.
    (settings.local_rules_dir / "broken.toml").unlink()
    assert fresh.reload()
    assert fresh.rules.source == "files" and fresh.rules.fallback_reason is None
    assert _fallback_gauge() == 0.0


def test_broken_files_with_nothing_stored_refuse_to_start(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    (settings.local_rules_dir / "broken.toml").write_text(BROKEN, "utf-8")
    with pytest.raises(RulesUnavailable, match=r"refusing to start.*broken\.toml.*rules-good"):
        Runtime.start(settings)


def test_a_reload_rejected_later_keeps_the_set_in_memory(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    rt = Runtime.start(settings)
    version = rt.engine.ruleset.version
    (settings.local_rules_dir / "broken.toml").write_text(BROKEN, "utf-8")
    assert not rt.reload()
    assert rt.engine.ruleset.version == version and rt.rules.source == "files"
    assert "broken.toml" in str(rt.rules.last_error)


def test_preflight_names_the_file_when_nothing_is_stored(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    preflight(settings)  # good files: nothing to say
    (settings.local_rules_dir / "broken.toml").write_text(BROKEN, "utf-8")
    with pytest.raises(RulesUnavailable, match=r"broken\.toml"):
        preflight(settings)
    (tmp_path / "empty").mkdir()
    elsewhere = {**_overrides(settings), "local_rules_dir": tmp_path / "empty"}
    Runtime.start(load_settings({}, elsewhere))
    preflight(settings)  # a good set is stored now: workers can start from it
