"""Hypothesis settings for the fuzz tests: bounded in CI, a long run with DARNEL_FUZZ=long."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
# CI: a fixed set of examples (derandomized), so a red run reproduces exactly.
settings.register_profile(
    "darnel-ci", max_examples=60, deadline=None, derandomize=True, database=None,
    suppress_health_check=_SLOW_OK,
)  # fmt: skip
# Long: new random examples every run, failures remembered in .hypothesis/ for replay.
settings.register_profile(
    "darnel-long", max_examples=5000, deadline=None, suppress_health_check=_SLOW_OK
)
PROFILE = "darnel-long" if os.environ.get("DARNEL_FUZZ") == "long" else "darnel-ci"
# Used as a decorator per test, so loading it changes no other test's Hypothesis settings.
FUZZ = settings.get_profile(PROFILE)
