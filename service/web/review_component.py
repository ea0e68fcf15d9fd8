"""Attach the review queue to an app: store, accounts, verdict hook, API and pages."""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy.exc import DBAPIError

from service.config import Settings
from service.db import open_database
from service.review.errors import StoreUnavailable
from service.review.intake import ReviewIntake
from service.review.sql import SqlReviewStore
from service.secrets import secret_key
from service.users.store import UserStore
from service.web import auth, csrf, review, review_pages

log = logging.getLogger(__name__)


def init_app(app: Flask, settings: Settings) -> None:
    """Open the review database, migrate it and register the hook, API and pages.

    A database that is down at start does not stop the service: checks still answer, review
    items wait in the intake's buffer and spool, and the schema is created once it is back.
    """
    engine = open_database(settings.db_url)
    store = SqlReviewStore(engine)
    users = UserStore(engine)
    intake = ReviewIntake(store, settings.review_sample_allow, settings.instance_dir)
    try:
        store.ensure_schema()
        users.ensure_schema()
        intake.schema_ready = True
    except (StoreUnavailable, DBAPIError) as exc:
        log.error("review database unavailable at start, items will be buffered: %s", exc)
    if intake.replay_spools():
        intake.flush()
    app.extensions["darnel.review_store"] = store
    app.extensions["darnel.review_intake"] = intake
    app.extensions["darnel.users"] = users
    app.extensions.setdefault("darnel.verdict_hooks", []).append(intake)
    auth.init_app(app, secret_key(settings))
    csrf.init_app(app)
    app.register_blueprint(review.bp)
    app.register_blueprint(review_pages.bp)
