"""Gunicorn under load: a graceful reload drops nothing; a killed worker is replaced."""

from __future__ import annotations

import os
import signal

import pytest
import requests
from gunicorn_server import GunicornServer

from faults.load import Load

pytestmark = pytest.mark.slow


def test_sighup_reload_under_load_drops_no_request(gunicorn: GunicornServer) -> None:
    old = set(gunicorn.worker_pids())
    with Load(gunicorn.url) as load:
        load.wait_for(40)
        gunicorn.reload()
        # Every old worker must be replaced while the load goes on.
        for _ in range(600):
            pids = set(gunicorn.wait_workers(gunicorn.workers, timeout=0.1))
            if len(pids) == gunicorn.workers and not pids & old:
                break
        else:
            pytest.fail(f"workers were not replaced after SIGHUP: {gunicorn.log_tail()}")
        load.wait_for(40)
    assert load.failures == [], load.failures[:5]


def test_killed_worker_is_respawned_and_costs_at_most_its_request(
    gunicorn: GunicornServer,
) -> None:
    with Load(gunicorn.url) as load:
        load.wait_for(40)
        victim = gunicorn.worker_pids()[0]
        os.kill(victim, signal.SIGKILL)
        for _ in range(600):
            pids = gunicorn.wait_workers(gunicorn.workers, timeout=0.1)
            if len(pids) == gunicorn.workers and victim not in pids:
                break
        else:
            pytest.fail(f"the master did not respawn the killed worker: {gunicorn.log_tail()}")
        load.wait_for(40)
    # A sync worker holds one request at a time: only that one may be lost.
    print(f"SIGKILL of one worker: {len(load.failures)} failed of {load.done}: {load.failures}")
    assert len(load.failures) <= 1, load.failures
    r = requests.post(f"{gunicorn.url}/v1/check", json={"text": "Still here?"}, timeout=30)
    assert r.status_code == 200
