"""Darnel: find spam spliced into legitimate text, say where and why, and cut it out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the Flask application (the only place Flask is assembled)."""
    from service.app import build_app

    return build_app(overrides)
