"""Tests for `darnel keys create|list|revoke`."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.cli.main import main


def test_create_list_revoke(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DARNEL_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("DARNEL_SECRET_KEY", "cli-test-pepper")
    assert main(["keys", "create", "--site", "example.com", "--limit", "30"]) == 0
    plain = capsys.readouterr().out.strip()
    assert len(plain) == 12 and plain.isalnum() and plain == plain.lower()
    assert main(["keys", "list"]) == 0
    listing = capsys.readouterr().out
    assert "example.com" in listing and plain[:4] in listing and plain not in listing
    assert main(["keys", "revoke", plain]) == 0
    assert "revoked" in capsys.readouterr().out
    assert main(["keys", "revoke", "424242"]) == 1
