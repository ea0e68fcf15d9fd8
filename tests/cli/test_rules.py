"""`darnel rules`: its defaults are the repository's rule files and Leipzig sentences."""

from __future__ import annotations

from service.cli import rules


def test_default_directories_exist() -> None:
    assert (rules.DEFAULT_RULES_DIR / "actions.toml").is_file()
    assert rules.DEFAULT_PROSE_DIR.is_dir()
