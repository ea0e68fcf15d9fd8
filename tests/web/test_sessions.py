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


def test_a_session_survives_the_round_trip() -> None:
    app = Flask(__name__)
    app.secret_key = "k"
    app.session_interface = SessionInterface()

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
