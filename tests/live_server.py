"""Serve a Darnel app over real HTTP on a free loopback port, in a background thread."""

from __future__ import annotations

import threading
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server

from service import create_app


class LiveServer:
    """A running app with its base URL; stop() shuts it down."""

    def __init__(self, overrides: dict[str, Any] | None = None) -> None:
        self.app = create_app(overrides)
        self._server: BaseWSGIServer = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        self._server.shutdown()
        self._thread.join(timeout=5)
