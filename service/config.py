"""Read DARNEL_* environment variables once into a typed, validated, frozen Settings."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """A setting has a value that cannot be used."""


@dataclass(frozen=True)
class Settings:
    """Every knob of the service, with defaults that run a fresh clone as it is."""

    rules_dir: Path = REPO_ROOT / "rules"
    local_rules_dir: Path = REPO_ROOT / "rules" / "local"
    model_dir: Path | None = REPO_ROOT / "training" / "artifacts" / "darnel"
    cache: str = "memory"  # none | memory | redis
    redis_url: str | None = None
    cache_ttl: int = 86_400
    cache_max_entries: int = 10_000
    max_chars: int = 200_000
    max_body_bytes: int = 4_000_000  # a 2 MB page as JSON, escapes and all
    deadline_s: float = 5.0
    rules_poll_s: float = 2.0
    log_level: str = "INFO"
    instance_dir: Path = REPO_ROOT / "instance"
    database_url: str | None = None  # None: sqlite file in instance_dir
    secret_key: str | None = None  # None: generated into instance_dir (mode 0600)
    review_sample_allow: float = 0.0  # share of allow verdicts also queued for review
    require_api_key: bool = False  # native API: demand X-Darnel-Key
    rate_limit_per_minute: int = 600  # per API key
    batch_max_items: int = 100  # items per POST /v1/check/batch
    admin_token: str | None = None  # bearer token for /admin/* (unset: admin sessions only)

    @property
    def db_url(self) -> str:
        """Return the SQLAlchemy URL of the review/keys database."""
        return self.database_url or f"sqlite:///{self.instance_dir / 'darnel.db'}"

    def validate(self) -> Settings:
        """Return self, or raise ConfigError naming the bad setting."""
        if self.cache not in ("none", "memory", "redis"):
            raise ConfigError(f"DARNEL_CACHE must be none, memory or redis, not {self.cache!r}")
        if self.cache == "redis" and not self.redis_url:
            raise ConfigError("DARNEL_CACHE=redis needs DARNEL_REDIS_URL")
        for name in (
            "cache_ttl",
            "cache_max_entries",
            "max_chars",
            "max_body_bytes",
            "batch_max_items",
        ):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name} must be positive")
        if not 0.0 <= self.review_sample_allow <= 1.0:
            raise ConfigError("DARNEL_REVIEW_SAMPLE_ALLOW must be between 0 and 1")
        if self.deadline_s <= 0:
            raise ConfigError("DARNEL_DEADLINE_S must be positive")
        return self


_ENV: dict[str, tuple[str, type]] = {
    "rules_dir": ("DARNEL_RULES_DIR", Path),
    "local_rules_dir": ("DARNEL_LOCAL_RULES_DIR", Path),
    "model_dir": ("DARNEL_MODEL_DIR", Path),
    "cache": ("DARNEL_CACHE", str),
    "redis_url": ("DARNEL_REDIS_URL", str),
    "cache_ttl": ("DARNEL_CACHE_TTL", int),
    "cache_max_entries": ("DARNEL_CACHE_MAX_ENTRIES", int),
    "max_chars": ("DARNEL_MAX_CHARS", int),
    "max_body_bytes": ("DARNEL_MAX_BODY_BYTES", int),
    "deadline_s": ("DARNEL_DEADLINE_S", float),
    "rules_poll_s": ("DARNEL_RULES_POLL_S", float),
    "log_level": ("DARNEL_LOG_LEVEL", str),
    "instance_dir": ("DARNEL_INSTANCE_DIR", Path),
    "database_url": ("DARNEL_DATABASE_URL", str),
    "secret_key": ("DARNEL_SECRET_KEY", str),
    "review_sample_allow": ("DARNEL_REVIEW_SAMPLE_ALLOW", float),
    "require_api_key": ("DARNEL_REQUIRE_API_KEY", bool),
    "rate_limit_per_minute": ("DARNEL_RATE_LIMIT_PER_MINUTE", int),
    "admin_token": ("DARNEL_ADMIN_TOKEN", str),
    "batch_max_items": ("DARNEL_BATCH_MAX_ITEMS", int),
}


def _convert(name: str, var: str, kind: type, raw: str) -> Any:
    """Convert one environment string, naming the variable when it does not parse."""
    if name == "model_dir" and raw.strip().lower() in ("", "none", "off"):
        return None
    if kind is bool:
        if raw.strip().lower() in ("1", "true", "yes", "on"):
            return True
        if raw.strip().lower() in ("0", "false", "no", "off", ""):
            return False
        raise ConfigError(f"{var}={raw!r} is not a boolean (use 1/0, true/false)")
    try:
        return kind(raw)
    except ValueError as exc:
        raise ConfigError(f"{var}={raw!r} is not a valid {kind.__name__}") from exc


def load_settings(
    environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Build Settings from the environment, then apply explicit overrides (tests, CLI)."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for name, (var, kind) in _ENV.items():
        if var in env:
            values[name] = _convert(name, var, kind, env[var])
    if "redis_url" in values and "cache" not in values:
        values["cache"] = "redis"
    known = {f.name for f in fields(Settings)}
    for key, value in (overrides or {}).items():
        if key not in known:
            raise ConfigError(f"unknown setting {key!r}")
        values[key] = value
    if values.get("redis_url") and "cache" not in values:
        values["cache"] = "redis"
    return replace(Settings(), **values).validate()
