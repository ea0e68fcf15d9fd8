"""Tests for the `darnel` command line: check a file or stdin, and the same via python -m."""

from __future__ import annotations

import json
import subprocess
import sys

from service.config import REPO_ROOT

SHANGHAI = REPO_ROOT / "tests" / "data" / "shanghai-article.txt"


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "service", *args], input=stdin, capture_output=True, timeout=120
    )


def test_check_file_prints_the_verdict_json() -> None:
    done = _run("check", str(SHANGHAI))
    assert done.returncode == 0, done.stderr.decode()
    body = json.loads(done.stdout)
    assert [s["text"] for s in body["spans"]] == ["爱上海论坛", "新上海龙凤419会所", "上海夜网论坛"]


def test_check_stdin_and_bad_input() -> None:
    done = _run("check", "-", stdin=b"A quiet walk by the river.")
    assert done.returncode == 0 and json.loads(done.stdout)["verdict"] == "allow"
    bad = _run("check", "-", stdin=b"\xff\xfe")
    assert bad.returncode == 2 and b"UTF-8" in bad.stderr
    empty = _run("check", "-", stdin=b"   ")
    assert empty.returncode == 2


def test_help_lists_the_subcommands() -> None:
    out = _run("--help").stdout.decode()
    for sub in ("serve", "check", "rules", "train", "evaluate", "users", "keys"):
        assert sub in out


def test_train_and_evaluate_take_their_own_options() -> None:
    # An option first ("darnel train --version 1.6.0") once reached darnel's parser, which
    # refused it; the sub-commands' own parsers must see it.
    for sub in ("train", "evaluate"):
        done = _run(sub, "--help")
        assert done.returncode == 0, done.stderr.decode()
        assert f"darnel {sub}" in done.stdout.decode() and "--out" in done.stdout.decode()
    bad = _run("train", "--no-such-option")
    assert bad.returncode == 2 and b"--no-such-option" in bad.stderr
