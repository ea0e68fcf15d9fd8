"""Tests for `darnel scan --queue` and `darnel worker` when Redis or options are wrong."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from scan.items import write_items

from service.cli.main import main


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # nothing listens once the socket is closed


def test_unreachable_redis_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "items.jsonl"
    write_items(export, 3)
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    assert main(["scan", str(export), "--queue", url, "--quiet"]) == 1
    assert main(["worker", "--queue", url]) == 1
    err = capsys.readouterr().err
    assert err.count(f"darnel: Redis at {url}") == 2 and "Traceback" not in err


def test_bad_queue_options_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "items.jsonl"
    write_items(export, 3)
    assert main(["scan", str(export), "--queue", "redis://127.0.0.1:1/0", "--batch", "0"]) == 2
    assert "at least 1" in capsys.readouterr().err
