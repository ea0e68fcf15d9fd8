"""Run `darnel worker`: load the engine once, then work scan batches from the RQ queue."""

from __future__ import annotations

import logging
from typing import Any

import redis
from rq import Queue, SimpleWorker
from rq.serializers import JSONSerializer

from service.scan.jobs import use_runtime
from service.scan.keys import QUEUE_NAME


def run_worker(url: str, burst: bool = False, name: str | None = None) -> bool:
    """Work the scan queue at ``url`` until stopped (or, with burst, until it is empty).

    Returns whether any job was worked. SimpleWorker runs each job in this process: the
    engine, loaded once, stays warm, and a SIGKILL takes the batch down with the worker,
    whose lease then lapses so the coordinator hands the batch on.
    """
    from service.config import load_settings
    from service.runtime import Runtime

    use_runtime(Runtime.start(load_settings()))
    client: redis.Redis[Any] = redis.Redis.from_url(url)
    queue = Queue(QUEUE_NAME, connection=client, serializer=JSONSerializer)
    worker = SimpleWorker([queue], connection=client, serializer=JSONSerializer, name=name)
    level = logging.getLevelName(logging.getLogger().getEffectiveLevel())
    return bool(worker.work(burst=burst, logging_level=level))
