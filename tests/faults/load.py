"""Keep a served app busy with check requests from client threads and tally the outcomes."""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter
from collections.abc import Callable
from types import TracebackType
from typing import Any

import requests

TEXTS = (
    "A quiet afternoon walk along the Bund, then tea with friends by the river.",
    "Die Sitzung des Gemeinderats wurde auf nächsten Dienstag verschoben.",
    "Погода в Москве на выходных будет тёплой и солнечной.",
    "今天下午我们在公园里散步，然后去咖啡馆喝茶。",
)


class Load:
    """Client threads that POST /v1/check until stopped; half the bodies repeat, half not."""

    def __init__(
        self,
        url: str,
        threads: int = 4,
        timeout: float = 30.0,
        body: Callable[[int], dict[str, Any]] | None = None,
    ) -> None:
        self.url = url
        self.timeout = timeout
        self._body = body or _default_body
        # (request body, answer JSON) of every 200, for checks on what was answered.
        self.answers: list[tuple[dict[str, Any], dict[str, Any]]] = []
        self.statuses: Counter[int] = Counter()
        self.failures: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ids = itertools.count()
        self._threads = [threading.Thread(target=self._loop, daemon=True) for _ in range(threads)]

    def __enter__(self) -> Load:
        for t in self._threads:
            t.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop sending and wait for the in-flight requests to finish."""
        self._stop.set()
        for t in self._threads:
            t.join(timeout=self.timeout + 5)

    @property
    def done(self) -> int:
        """Return how many requests have finished, answered or failed."""
        with self._lock:
            return sum(self.statuses.values()) + len(self.failures)

    def wait_for(self, count: int, timeout: float = 60.0) -> None:
        """Block until `count` more requests have finished."""
        target = self.done + count
        deadline = time.monotonic() + timeout
        while self.done < target:
            if time.monotonic() > deadline:
                raise TimeoutError(f"load stalled at {self.done} of {target} requests")
            time.sleep(0.02)

    def _loop(self) -> None:
        while not self._stop.is_set():
            body = self._body(next(self._ids))
            try:
                r = requests.post(f"{self.url}/v1/check", json=body, timeout=self.timeout)
            except requests.RequestException as exc:
                with self._lock:
                    self.failures.append(f"{type(exc).__name__}: {exc}")
                continue
            with self._lock:
                self.statuses[r.status_code] += 1
                if r.status_code != 200:
                    self.failures.append(f"HTTP {r.status_code}: {r.text[:200]}")
                else:
                    self.answers.append((body, r.json()))


def _default_body(n: int) -> dict[str, Any]:
    """Odd requests are unique (cache misses), even ones repeat (cache hits)."""
    text = TEXTS[n % len(TEXTS)]
    return {"text": f"{text} #{n}" if n % 2 else text}
