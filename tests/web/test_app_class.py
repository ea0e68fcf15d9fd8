"""Tests for DarnelFlask: Flask's ensure_sync answers, remembered for plain functions."""

from __future__ import annotations

from typing import Any

from flask import Flask

from service.app import DarnelFlask


def test_plain_functions_are_returned_as_flask_returns_them_and_remembered() -> None:
    app = DarnelFlask(__name__)

    def hook() -> None:
        return None

    assert app.ensure_sync(hook) is hook is Flask(__name__).ensure_sync(hook)
    assert hook in app._known_sync
    assert app.ensure_sync(hook) is hook


def test_coroutine_functions_are_handed_to_flask_every_time() -> None:
    app = DarnelFlask(__name__)
    wrapped: list[object] = []

    def to_sync(func: Any) -> Any:
        wrapped.append(func)
        return lambda: None

    app.async_to_sync = to_sync  # type: ignore[method-assign]

    async def view() -> str:
        return "ok"

    app.ensure_sync(view)
    app.ensure_sync(view)
    assert wrapped == [view, view] and view not in app._known_sync


def test_the_memory_is_bounded_and_unhashables_still_answer() -> None:
    app = DarnelFlask(__name__)
    made = [lambda: None for _ in range(app._KNOWN_SYNC_MAX + 50)]
    for func in made:
        assert app.ensure_sync(func) is func
    assert len(app._known_sync) == app._KNOWN_SYNC_MAX

    class Unhashable:
        __hash__ = None  # type: ignore[assignment]

        def __call__(self) -> Any:
            return None

    thing = Unhashable()
    assert app.ensure_sync(thing) is thing
