"""Run the app on a free port in this process and print the port (for the kill test)."""

from __future__ import annotations

import sys

from werkzeug.serving import make_server

from service import create_app

if __name__ == "__main__":
    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    print(server.server_port, flush=True)
    sys.stdout.close()
    server.serve_forever()
