"""Smoke-test the bench machinery on a 1-second run: figures are printed, never judged."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from service.config import REPO_ROOT

pytestmark = pytest.mark.slow


def test_bench_prints_a_table_and_writes_json(tmp_path: Path) -> None:
    for tool in ("wrk", "redis-server"):
        if shutil.which(tool) is None:
            if os.environ.get("CI"):
                pytest.fail(f"{tool} is missing; .ci/run installs it", pytrace=False)
            pytest.skip(f"{tool} is not installed")
    out = tmp_path / "bench.json"
    cmd = [sys.executable, "-m", "service", "bench", "--duration", "1", "--workers", "2"]
    done = subprocess.run(
        [*cmd, "--output", str(out)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for key in ("a ", "b ", "c ", "d ", "e1 ", "e4 ", "e64 "):
        assert any(line.startswith(key) for line in done.stdout.splitlines()), done.stdout
    assert "d/b" in done.stdout and "e(1 KB)/c" in done.stdout
    record = json.loads(out.read_text())
    assert [s["key"] for s in record["scenarios"]] == ["a", "b", "c", "d", "dk", "e1", "e4", "e64"]
    assert all(isinstance(t["name"], str) for t in record["targets"])
    # Each scenario says how busy other processes kept the machine meanwhile.
    assert "other CPU" in done.stdout
    assert all(s["other_cpu_cores"] >= 0 for s in record["scenarios"])
    assert "shared_machine" in record
