"""A broken rule file meets a SIGHUP or a killed worker under load: new workers serve the
last good set, so no answer is given without rules."""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from gunicorn_server import GunicornServer

from faults.load import TEXTS, Load
from service.bench.servers import ServerError
from service.config import REPO_ROOT

pytestmark = pytest.mark.slow

PROBE_RULE = """
[[rule]]
id = "LOCAL_FAULT_PROBE"
description = "A phrase only this rule catches: its verdict shows the rules are loaded."
score = 0.95
languages = ["*"]
group = "scam"
keywords = ["qzxv fault probe"]
[rule.examples]
match = ["buy qzxv fault probe now"]
no_match = ["a quiet walk by the river"]
"""
PROBE_TEXT = "Order the qzxv fault probe today, only at our shop."
BROKEN = '[[rule]]\nid = "LOCAL_BROKEN"\nscore = "high"\n'


def _body(n: int) -> dict[str, Any]:
    """Every third request is the probe; the rest are everyday texts."""
    if n % 3 == 0:
        return {"text": f"{PROBE_TEXT} #{n}"}
    return {"text": f"{TEXTS[n % len(TEXTS)]} #{n}"}


def _rules_dir(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(REPO_ROOT / "rules", rules, ignore=shutil.ignore_patterns("local"))
    (rules / "local").mkdir()
    (rules / "local" / "probe.toml").write_text(PROBE_RULE, "utf-8")
    return rules


def _env(tmp_path: Path, rules: Path) -> dict[str, str]:
    return {
        "DARNEL_RULES_DIR": str(rules),
        "DARNEL_LOCAL_RULES_DIR": str(rules / "local"),
        "DARNEL_RULES_POLL_S": "0.5",
        "DARNEL_CACHE": "none",
        "DARNEL_INSTANCE_DIR": str(tmp_path / "instance"),
    }


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[GunicornServer, Path]]:
    rules = _rules_dir(tmp_path)
    srv = GunicornServer(_env(tmp_path, rules))
    yield srv, rules / "local"
    srv.stop()


def _without_rules(load: Load, good: str) -> int:
    """Count answers given without the good rules: probe not blocked, or another version."""
    return sum(
        1 for body, answer in load.answers
        if answer["versions"]["rules"] != good
        or (PROBE_TEXT in body["text"] and answer["verdict"] != "block")
    )  # fmt: skip


def _good_version(url: str) -> str:
    r = requests.post(f"{url}/v1/check", json={"text": PROBE_TEXT}, timeout=30)
    assert r.status_code == 200 and r.json()["verdict"] == "block", r.text
    version: str = r.json()["versions"]["rules"]
    return version


def _replaced(srv: GunicornServer, old: set[int]) -> bool:
    for _ in range(600):
        pids = set(srv.wait_workers(srv.workers, timeout=0.1))
        if len(pids) == srv.workers and not pids & old:
            return True
    return False


def _probe_burst(url: str, good: str, n: int = 40) -> int:
    """Send the probe from many clients at once, so every worker answers some; count the
    answers without the good rules (a sequential client may only ever reach one worker)."""
    with ThreadPoolExecutor(max_workers=n) as pool:
        answers = list(pool.map(
            lambda i: requests.post(f"{url}/v1/check", json={"text": f"{PROBE_TEXT} {i}"},
                                    timeout=30), range(n)))  # fmt: skip
    assert all(r.status_code == 200 for r in answers), [r.text for r in answers][:3]
    return sum(
        1
        for r in answers
        if r.json()["versions"]["rules"] != good or r.json()["verdict"] != "block"
    )


def _ready_sources(url: str, n: int = 40) -> set[str]:
    """Ask /readyz many times at once, so every worker answers, and collect rules sources."""
    with ThreadPoolExecutor(max_workers=n) as pool:
        answers = list(pool.map(lambda _: requests.get(f"{url}/readyz", timeout=10), range(n)))
    assert all(r.status_code == 200 for r in answers), [r.text for r in answers][:3]
    return {r.json()["parts"]["rules"]["source"] for r in answers}


def test_broken_file_then_sighup_new_workers_serve_the_last_good_set(
    served: tuple[GunicornServer, Path],
) -> None:
    srv, local = served
    good = _good_version(srv.url)
    old = set(srv.worker_pids())
    with Load(srv.url, body=_body) as load:
        load.wait_for(30)
        (local / "broken.toml").write_text(BROKEN, "utf-8")
        time.sleep(1.0)  # the old workers see it, reject it and keep their set
        srv.reload()
        assert _replaced(srv, old), f"workers were not replaced: {srv.log_tail()}"
        load.wait_for(60)
        burst = _probe_burst(srv.url, good)
    missing = _without_rules(load, good) + burst
    print(f"broken file + SIGHUP: {load.done} requests, {len(load.failures)} non-2xx, "
          f"{missing} answers without the good rules ({burst} in the last burst)")  # fmt: skip
    assert load.failures == [], load.failures[:5]
    assert missing == 0
    assert _ready_sources(srv.url) == {"last-good"}


def test_broken_file_then_a_killed_worker_its_replacement_serves_the_last_good_set(
    served: tuple[GunicornServer, Path],
) -> None:
    srv, local = served
    good = _good_version(srv.url)
    with Load(srv.url, body=_body) as load:
        load.wait_for(30)
        (local / "broken.toml").write_text(BROKEN, "utf-8")
        time.sleep(1.0)
        victim = srv.worker_pids()[0]
        os.kill(victim, signal.SIGKILL)
        for _ in range(600):
            pids = srv.wait_workers(srv.workers, timeout=0.1)
            if len(pids) == srv.workers and victim not in pids:
                break
        else:
            pytest.fail(f"the killed worker was not replaced: {srv.log_tail()}")
        load.wait_for(60)
        burst = _probe_burst(srv.url, good)
    missing = _without_rules(load, good) + burst
    print(f"broken file + worker SIGKILL: {load.done} requests, {len(load.failures)} failed, "
          f"{missing} answers without the good rules ({burst} in the last burst)")  # fmt: skip
    # A sync worker holds one request at a time: only the killed one's may be lost.
    assert len(load.failures) <= 1, load.failures
    assert missing == 0
    # Only the replacement says "last-good" (the others kept their set in memory), and which
    # sync worker accepts a request is the kernel's choice: one burst may miss it entirely.
    seen: set[str] = set()
    for _ in range(10):
        seen |= _ready_sources(srv.url)
        if "last-good" in seen:
            break
    assert "last-good" in seen, seen


def test_broken_files_and_nothing_stored_refuse_to_start(tmp_path: Path) -> None:
    rules = _rules_dir(tmp_path)
    (rules / "local" / "broken.toml").write_text(BROKEN, "utf-8")
    with pytest.raises(ServerError, match=r"refusing to start.*broken\.toml"):
        GunicornServer(_env(tmp_path, rules))
