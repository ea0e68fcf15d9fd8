"""Run `darnel worker`: load the engine once, then work scan batches from the RQ queue."""

from __future__ import annotations

from typing import Any

import redis
from rq import Queue, SimpleWorker
from rq.serializers import JSONSerializer

from service.scan.jobs import use_runtime
from service.scan.keys import QUEUE_NAME


class ScanWorker(SimpleWorker):
    """RQ's in-process worker, listening for RQ's commands with a short poll."""

    def subscribe(self) -> None:
        """Listen on the worker's command channel, polling every second.

        RQ polls every 60 s, and redis-py 8's stop() waits out the poll: a worker then
        took a minute to exit after its last job.
        """
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=1, daemon=True, exception_handler=self._pubsub_exception_handler
        )


def run_worker(url: str, burst: bool = False, name: str | None = None) -> bool:
    """Work the scan queue at ``url`` until stopped (or, with burst, until it is empty).

    Returns whether any job was worked. SimpleWorker runs each job in this process: the
    engine, loaded once, stays warm, and a SIGKILL takes the batch down with the worker,
    whose lease then lapses so the coordinator hands the batch on.
    """
    from service.config import load_settings
    from service.runtime.runtime import Runtime
    from service.telemetry import logs

    settings = load_settings()
    logs.configure(settings.log_level)
    use_runtime(Runtime.start(settings))
    client: redis.Redis[Any] = redis.Redis.from_url(url)
    queue = Queue(QUEUE_NAME, connection=client, serializer=JSONSerializer)
    worker = ScanWorker([queue], connection=client, serializer=JSONSerializer, name=name)
    return bool(worker.work(burst=burst, logging_level=settings.log_level))
