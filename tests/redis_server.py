"""Run a private, throwaway redis-server for the test session."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis

ENV_URL = "DARNEL_TEST_REDIS_URL"


def redis_required() -> bool:
    """Say whether a missing Redis must fail the run (in CI, or when asked to)."""
    return bool(os.environ.get("CI")) or os.environ.get("DARNEL_REQUIRE_REDIS") == "1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def ping(url: str, timeout: float = 0.25) -> bool:
    """Say whether a Redis at ``url`` answers PING right now."""
    client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


class RedisServer:
    """A handle on the session's Redis: its URL, and stop/start when we own the process.

    A server found through DARNEL_TEST_REDIS_URL is not ours: stop() and start()
    refuse, and tests that need them skip.
    """

    def __init__(self, url: str, binary: str | None = None, port: int | None = None) -> None:
        self.url = url
        self._binary = binary
        self._port = port
        self._dir: tempfile.TemporaryDirectory[str] | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    @classmethod
    def private(cls, binary: str) -> RedisServer:
        """Start a new redis-server on a free local port, with no persistence."""
        port = _free_port()
        server = cls(f"redis://127.0.0.1:{port}/0", binary=binary, port=port)
        server._dir = tempfile.TemporaryDirectory(prefix="darnel-redis-")
        server.start()
        return server

    @property
    def owned(self) -> bool:
        """Say whether this session started the server (and so may stop it)."""
        return self._binary is not None

    def start(self, timeout: float = 10.0) -> None:
        """Start (or restart) the server on the same port and wait until it answers PING."""
        if self._binary is None or self._dir is None or self._port is None:
            raise RuntimeError("this Redis was found through DARNEL_TEST_REDIS_URL, not started")
        if self._proc is not None and self._proc.poll() is None:
            return
        log = Path(self._dir.name) / "redis.log"
        self._proc = subprocess.Popen(
            [
                self._binary,
                "--port", str(self._port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", self._dir.name,
                "--logfile", str(log),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while not ping(self.url):
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"redis-server did not come up on port {self._port}:\n{tail}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server and wait for it to exit (the port may then be reused)."""
        if self._binary is None:
            raise RuntimeError("this Redis was found through DARNEL_TEST_REDIS_URL, not started")
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)

    def kill(self) -> None:
        """SIGKILL the server, as a crash or the OOM killer would: no clean shutdown."""
        if self._binary is None:
            raise RuntimeError("this Redis was found through DARNEL_TEST_REDIS_URL, not started")
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)

    def close(self) -> None:
        """Stop the server if it is ours and remove its directory."""
        if self.owned:
            self.stop()
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None


def find_or_start() -> RedisServer | str:
    """Return a server handle, or the reason why there is no Redis to test against."""
    url = os.environ.get(ENV_URL)
    if url:
        if not ping(url, timeout=2.0):
            return f"{ENV_URL}={url} does not answer PING"
        return RedisServer(url)
    binary = shutil.which("redis-server")
    if binary is None:
        return "no redis-server on PATH and DARNEL_TEST_REDIS_URL is not set"
    return RedisServer.private(binary)
