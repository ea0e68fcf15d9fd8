"""Serve Darnel with production gunicorn (`python -m service serve`) in a subprocess."""

from __future__ import annotations

import os
import signal

from service.bench.servers import Served, start_darnel


class GunicornServer:
    """A running `darnel serve` with 2 sync workers; stop() ends it and its workers."""

    def __init__(self, env: dict[str, str] | None = None, workers: int = 2) -> None:
        self.workers = workers
        self._served: Served = start_darnel(workers, env)
        self.url = self._served.url
        self.master_pid = self._served.pid
        # /healthz answers once one worker is up; wait for the others too.
        self._served.wait_workers(workers)

    def worker_pids(self) -> list[int]:
        """Return the live worker pids."""
        return self._served.worker_pids()

    def wait_workers(self, count: int, timeout: float = 60.0) -> list[int]:
        """Wait until `count` workers are alive and return their pids."""
        return self._served.wait_workers(count, timeout)

    def reload(self) -> None:
        """Ask the master for a graceful reload (SIGHUP): new workers, old ones drain."""
        self._served.signal(signal.SIGHUP)

    def log_tail(self) -> str:
        """Return the end of the server's output, for failure messages."""
        return self._served.log_tail()

    def kill(self) -> None:
        """SIGKILL the master and every worker at once, as a crashed host would."""
        os.killpg(self.master_pid, signal.SIGKILL)
        self._served.proc.wait(timeout=10)

    def stop(self) -> None:
        """Stop gracefully; kill the process group if it does not exit."""
        self._served.stop()
