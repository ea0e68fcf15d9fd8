"""Start, watch and stop the served processes of a run: gunicorn apps and a private Redis."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from service.bench.cpu import processes
from service.config import REPO_ROOT

# Mirrors the options service/cli/serve.py gives gunicorn, so the baselines run as production.
GUNICORN_FLAGS = (
    "--worker-class", "sync",
    "--timeout", "30",
    "--graceful-timeout", "30",
    "--keep-alive", "5",
)  # fmt: skip


class ServerError(RuntimeError):
    """A server did not come up (its log tail is in the message)."""


def free_port() -> int:
    """Return a loopback port that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def http_status(url_host: str, port: int, path: str, timeout: float = 1.0) -> int | None:
    """GET a path and return the status, or None when nothing answers."""
    conn = http.client.HTTPConnection(url_host, port, timeout=timeout)
    try:
        conn.request("GET", path)
        return conn.getresponse().status
    except OSError:
        return None
    finally:
        conn.close()


def _children(pid: int) -> list[int]:
    """List the live child pids of a process (zombies left out)."""
    return sorted(p for p, f in processes().items() if int(f[1]) == pid and f[0] != "Z")


def peak_rss_kb(pid: int) -> int | None:
    """Return a process's peak resident set (VmHWM) in KiB, or None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class Served:
    """One server process started by us, in its own session so it can be stopped whole."""

    def __init__(
        self, cmd: list[str], port: int, env: dict[str, str] | None = None, health: str = "/healthz"
    ) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._health = health
        self._log = tempfile.NamedTemporaryFile(prefix="darnel-served-", suffix=".log")
        # The child inherits our environment (PATH, venv) plus the run's overrides.
        full_env = {**os.environ, **(env or {})}
        full_env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO_ROOT), full_env.get("PYTHONPATH", "")) if p
        )
        self.proc = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        """Return the master (arbiter) pid."""
        return self.proc.pid

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Block until the health path answers 200; raise ServerError with the log otherwise."""
        deadline = time.monotonic() + timeout
        while http_status("127.0.0.1", self.port, self._health) != 200:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                tail = self.log_tail()
                self.stop()
                raise ServerError(f"server on port {self.port} did not come up:\n{tail}")
            time.sleep(0.1)

    def worker_pids(self) -> list[int]:
        """Return the live worker pids (the master's children)."""
        return _children(self.pid)

    def wait_workers(self, count: int, timeout: float = 60.0) -> list[int]:
        """Wait until the master has `count` live workers and return their pids."""
        deadline = time.monotonic() + timeout
        pids = self.worker_pids()
        while len(pids) != count and time.monotonic() < deadline:
            time.sleep(0.1)
            pids = self.worker_pids()
        return pids

    def worker_peaks_kb(self) -> dict[int, int]:
        """Return each live worker's peak RSS in KiB."""
        peaks = {pid: peak_rss_kb(pid) for pid in self.worker_pids()}
        return {pid: kb for pid, kb in peaks.items() if kb is not None}

    def signal(self, sig: signal.Signals) -> None:
        """Send a signal to the master only."""
        os.kill(self.pid, sig)

    def log_tail(self, chars: int = 3000) -> str:
        """Return the end of the server's combined output."""
        self._log.flush()
        return Path(self._log.name).read_text(errors="replace")[-chars:]

    def stop(self, timeout: float = 30.0) -> None:
        """Stop gracefully (SIGTERM), then kill the whole process group if it lingers."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        self._log.close()


def start_darnel(workers: int, env: dict[str, str] | None = None) -> Served:
    """Start `python -m service serve` (the production gunicorn setup) and wait for /healthz."""
    port = free_port()
    cmd = [sys.executable, "-m", "service", "serve", "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--workers", str(workers)]
    served = Served(cmd, port, env)
    served.wait_ready()
    return served


def start_baseline(workers: int, redis_url: str) -> Served:
    """Start the baseline endpoints under gunicorn with the production options."""
    port = free_port()
    factory = f"service.bench.baseline_app:create_baseline_app({redis_url!r})"
    cmd = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
    cmd += ["--workers", str(workers), *GUNICORN_FLAGS, factory]
    served = Served(cmd, port)
    served.wait_ready()
    return served


def start_redis() -> Served:
    """Start a throwaway redis-server (no persistence) on a free port."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise ServerError("no redis-server on PATH; pass --redis-url or install redis-server")
    port = free_port()
    cmd = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    served = Served(cmd, port)
    deadline = time.monotonic() + 10
    while not _redis_pings(port):
        if served.proc.poll() is not None or time.monotonic() > deadline:
            tail = served.log_tail()
            served.stop()
            raise ServerError(f"redis-server did not come up:\n{tail}")
        time.sleep(0.05)
    return served


def _redis_pings(port: int) -> bool:
    """Say whether a Redis on this port answers PING (raw protocol: no client needed)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False
