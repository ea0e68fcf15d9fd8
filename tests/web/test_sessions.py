"""Tests for the session interface: one signing serializer while the keys hold."""

from __future__ import annotations

from flask import Flask

from service.web.sessions import SessionInterface


def test_the_serializer_is_built_once_per_key() -> None:
    app = Flask(__name__)
    app.secret_key = "one"
    sessions = SessionInterface()
    first = sessions.get_signing_serializer(app)
    assert first is not None and sessions.get_signing_serializer(app) is first
    app.secret_key = "two"
    second = sessions.get_signing_serializer(app)
    assert second is not None and second is not first
    assert second.loads(second.dumps({"uid": 1})) == {"uid": 1}
    app.secret_key = None
    assert sessions.get_signing_serializer(app) is None


def _app() -> Flask:
    """An app signing its sessions with SessionInterface under one key."""
    app = Flask(__name__)
    app.secret_key = "k"
    app.session_interface = SessionInterface()
    return app


def test_a_session_survives_the_round_trip() -> None:
    app = _app()

    @app.get("/set")
    def set_it() -> str:
        from flask import session

        session["uid"] = 7
        return "ok"

    @app.get("/get")
    def get_it() -> str:
        from flask import session

        return str(session.get("uid"))

    client = app.test_client()
    client.get("/set")
    assert client.get("/get").text == "7"


def test_without_a_cookie_the_session_is_new_and_writes_nothing() -> None:
    app = _app()

    @app.get("/read")
    def read_it() -> str:
        from flask import session

        return str(session.get("uid"))

    @app.get("/none")
    def untouched() -> str:
        return "ok"

    client = app.test_client(use_cookies=False)
    untouched_resp = client.get("/none")
    assert "Set-Cookie" not in untouched_resp.headers and "Vary" not in untouched_resp.headers
    read = client.get("/read")
    # Read, so the answer varies by cookie, as with Flask's own interface.
    assert read.text == "None" and read.headers["Vary"] == "Cookie"
    assert "Set-Cookie" not in read.headers


def test_without_a_secret_there_is_no_session() -> None:
    app = Flask(__name__)
    sessions = SessionInterface()
    with app.test_request_context("/"):
        from flask import request

        assert sessions.open_session(app, request) is None
