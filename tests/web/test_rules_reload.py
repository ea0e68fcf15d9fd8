"""A bad rule edit under load: the last good rules keep serving; the fix goes live everywhere.

Runs the production server (gunicorn, two workers) on a private copy of the rules.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from gunicorn_server import GunicornServer

from service.config import REPO_ROOT

TOKEN = "test-admin-token"
NEW_RULE = """
[[rule]]
id = "LOCAL_RELOAD_PROBE"
description = "A phrase an operator added while the service ran."
score = 0.95
languages = ["*"]
group = "scam"
keywords = ["qzxv reload probe"]
[rule.examples]
match = ["buy qzxv reload probe now"]
no_match = ["a quiet walk by the river"]
"""
BROKEN = NEW_RULE.replace("score = 0.95", 'score = "high"').replace("[[rule]]", "[[rule]\n")


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[GunicornServer, Path]]:
    rules = tmp_path / "rules"
    shutil.copytree(REPO_ROOT / "rules", rules, ignore=shutil.ignore_patterns("local"))
    (rules / "local").mkdir()
    srv = GunicornServer(
        {
            "DARNEL_RULES_DIR": str(rules),
            "DARNEL_LOCAL_RULES_DIR": str(rules / "local"),
            "DARNEL_RULES_POLL_S": "0.5",
            "DARNEL_CACHE": "none",
            "DARNEL_ADMIN_TOKEN": TOKEN,
            "DARNEL_INSTANCE_DIR": str(tmp_path / "instance"),
        }
    )
    yield srv, rules / "local"
    srv.stop()


def _statuses(url: str, n: int = 40) -> dict[int, dict[str, object]]:
    """Ask /admin/rules many times, concurrently, so every worker answers at least once."""
    seen: dict[int, dict[str, object]] = {}
    lock = threading.Lock()

    def ask() -> None:
        r = requests.get(
            f"{url}/admin/rules", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10
        )
        body = r.json()
        with lock:
            seen[int(body["pid"])] = body

    threads = [threading.Thread(target=ask) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return seen


def _every_worker(
    url: str, workers: int, done: Callable[[dict[str, object]], bool], within: float = 10.0
) -> dict[int, dict[str, object]]:
    """Ask in bursts until every worker has answered and each one's latest answer is
    `done`, or time is up. One burst need not reach every sync worker (the kernel picks
    which accepts), and under load a worker may not have polled the files yet."""
    seen: dict[int, dict[str, object]] = {}
    deadline = time.monotonic() + within
    while True:
        seen.update(_statuses(url))
        finished = len(seen) == workers and all(done(b) for b in seen.values())
        if finished or time.monotonic() > deadline:
            return seen
        time.sleep(0.3)


def test_bad_edit_keeps_serving_and_fix_goes_live_in_every_worker(
    served: tuple[GunicornServer, Path],
) -> None:
    srv, local = served
    old_version = requests.post(
        f"{srv.url}/v1/check", json={"text": "hello there friend"}, timeout=10
    ).json()["versions"]["rules"]
    stop = threading.Event()
    failures: list[str] = []
    versions: set[str] = set()

    def load() -> None:
        while not stop.is_set():
            try:
                r = requests.post(
                    f"{srv.url}/v1/check",
                    json={"text": "A quiet walk by the river at dusk."},
                    timeout=10,
                )
                if r.status_code != 200:
                    failures.append(f"{r.status_code} {r.text[:200]}")
                else:
                    versions.add(r.json()["versions"]["rules"])
            except requests.RequestException as exc:
                failures.append(repr(exc))

    workers = [threading.Thread(target=load) for _ in range(4)]
    for w in workers:
        w.start()
    try:
        (local / "broken.toml").write_text(BROKEN, encoding="utf-8")
        statuses = _every_worker(
            srv.url, srv.workers, lambda b: "broken.toml" in str(b["last_error"])
        )
        assert len(statuses) == srv.workers, statuses
        for body in statuses.values():
            assert body["version"] == old_version
            assert "broken.toml" in str(body["last_error"])
        ready = requests.get(f"{srv.url}/readyz", timeout=10).json()
        assert "broken.toml" in str(ready["rules_last_error"])
        assert versions == {old_version}

        (local / "broken.toml").write_text(NEW_RULE, encoding="utf-8")
        statuses = _every_worker(
            srv.url,
            srv.workers,
            lambda b: b["version"] != old_version and not b["last_error"],
        )
        assert len(statuses) == srv.workers
        assert all(b["version"] != old_version for b in statuses.values()), statuses
    finally:
        stop.set()
        for w in workers:
            w.join()
    assert failures == []
    hit = requests.post(
        f"{srv.url}/v1/check", json={"text": "buy qzxv reload probe now"}, timeout=10
    ).json()
    assert hit["verdict"] != "allow"
    assert any(r["id"] == "LOCAL_RELOAD_PROBE" for s in hit["spans"] for r in s["reasons"])
