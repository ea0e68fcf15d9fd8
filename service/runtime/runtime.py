"""Hold what a worker serves with: the engine, its ruleset (hot-reloaded) and the model."""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from service.config import Settings
from service.core.classifier import Classifier, load_classifier
from service.core.engine import Engine
from service.core.errors import ModelError, RuleFileError
from service.core.rulefiles import load_ruleset
from service.core.ruleset import Ruleset, empty_ruleset
from service.runtime import rules_snapshot
from service.telemetry import metrics

log = logging.getLogger(__name__)


@dataclass
class RulesState:
    """The last good ruleset's origin and the last failed reload, for /readyz and admins."""

    fingerprint: tuple[tuple[str, int, int], ...] = ()
    loaded_at: float = 0.0
    last_error: str | None = None
    last_error_at: float | None = None
    reload_failures: int = 0
    ok: bool = False
    # "files" once the rule files themselves loaded; "last-good" while a worker that
    # started with broken files serves the set stored by an earlier good load.
    source: str = "files"
    fallback_reason: str | None = None


class RulesUnavailable(RuntimeError):
    """The rule files are broken and no good set was ever stored: refuse to serve."""


def rules_fingerprint(*dirs: Path) -> tuple[tuple[str, int, int], ...]:
    """Describe every rule file by path, size and mtime: cheap to take on each poll."""
    out: list[tuple[str, int, int]] = []
    for root in dirs:
        if not root.is_dir():
            continue
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                if name.endswith((".toml", ".txt")):
                    p = os.path.join(dirpath, name)
                    try:
                        st = os.stat(p)
                    except OSError:
                        continue
                    out.append((p, st.st_size, st.st_mtime_ns))
    return tuple(sorted(out))


def preflight(settings: Settings) -> None:
    """Raise RulesUnavailable when a worker could not start: files and stored set both bad.

    `darnel serve` asks before it forks workers, so the refusal is one clear line rather
    than a worker boot failure in gunicorn's log.
    """
    try:
        load_ruleset(settings.rules_dir, settings.local_rules_dir)
        return
    except RuleFileError as exc:
        why = str(exc)
    snapshot = rules_snapshot.current(settings.instance_dir)
    if snapshot is None:
        raise RulesUnavailable(_refusal(settings, why))
    try:
        rules_snapshot.load(snapshot)
    except RuleFileError as exc:
        raise RulesUnavailable(
            _refusal(settings, why, f"the stored set is damaged: {exc}")
        ) from exc
    log.error(
        "rule files rejected (%s); workers will serve the last good set %s", why, snapshot.version
    )


def _refusal(settings: Settings, why: str, stored: str | None = None) -> str:
    where = settings.instance_dir / rules_snapshot.SNAPSHOT_DIR
    return (
        f"refusing to start: the rule files do not load ({why}) and "
        f"{stored or f'no last good rule set is stored in {where}'}; fix the file "
        "(`darnel rules lint` shows every problem) and start again"
    )


@dataclass
class Runtime:
    """One worker's detection state; reloads rules when their files change."""

    settings: Settings
    engine: Engine
    rules: RulesState = field(default_factory=RulesState)
    model_error: str | None = None
    _last_poll: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def start(cls, settings: Settings) -> Runtime:
        """Load rules and model; a broken model degrades the worker to rules alone.

        Broken rule files start it on the stored last good set; raises RulesUnavailable
        when there is none, since serving without rules would allow what only they catch.
        """
        classifier: Classifier | None = None
        model_error = None
        if settings.model_dir is not None:
            try:
                classifier = load_classifier(settings.model_dir)
            except ModelError as exc:
                model_error = str(exc)
                log.error("model not loaded, running on rules alone: %s", exc)
        else:
            model_error = "no model configured (DARNEL_MODEL_DIR is off)"
        engine = Engine(
            ruleset=empty_ruleset(),
            classifier=classifier,
            max_chars=settings.max_chars,
            deadline_s=settings.deadline_s,
        )
        metrics.MODEL_VERSION.labels(engine.model_version).set(1)
        rt = cls(settings=settings, engine=engine, model_error=model_error)
        rt.reload(force=True)
        if not rt.rules.ok:
            rt._start_from_last_good()
        return rt

    def _start_from_last_good(self) -> None:
        """Serve the stored last good set, or raise RulesUnavailable: never serve no rules."""
        why = self.rules.last_error or "rule files could not be loaded"
        snapshot = rules_snapshot.current(self.settings.instance_dir)
        if snapshot is None:
            raise RulesUnavailable(_refusal(self.settings, why))
        try:
            ruleset = rules_snapshot.load(snapshot)
        except RuleFileError as exc:
            raise RulesUnavailable(
                _refusal(self.settings, why, f"the stored set is damaged: {exc}")
            ) from exc
        self.engine.ruleset = ruleset
        metrics.RULES_VERSION.labels(ruleset.version).set(1)
        metrics.RULES_LAST_GOOD.set(1)
        self.rules.ok = True
        self.rules.loaded_at = time.time()
        self.rules.source = "last-good"
        self.rules.fallback_reason = why
        log.error(
            "rule files rejected at start (%s); serving the last good set %s from %s",
            why, ruleset.version, snapshot.path,
        )  # fmt: skip

    def _dirs(self) -> tuple[Path, ...]:
        return (self.settings.rules_dir, self.settings.local_rules_dir)

    def reload(self, force: bool = False) -> bool:
        """Load the rule files if they changed; keep the last good set when they are bad.

        Returns True when a new ruleset is now serving.
        """
        with self._lock:
            fp = rules_fingerprint(*self._dirs())
            if not force and fp == self.rules.fingerprint:
                return False
            self.rules.fingerprint = fp
            try:
                ruleset: Ruleset = load_ruleset(
                    self.settings.rules_dir, self.settings.local_rules_dir
                )
            except RuleFileError as exc:
                self.rules.last_error = str(exc)
                self.rules.last_error_at = time.time()
                self.rules.reload_failures += 1
                metrics.RULE_RELOAD_FAILURES.inc()
                log.error(
                    "rule reload rejected, still serving %s: %s", self.engine.ruleset.version, exc
                )
                return False
            old = self.engine.ruleset.version
            self.engine.ruleset = ruleset
            metrics.RULES_VERSION.labels(old).set(0)
            metrics.RULES_VERSION.labels(ruleset.version).set(1)
            self.rules.loaded_at = time.time()
            self.rules.last_error = None
            self.rules.ok = True
            self.rules.source = "files"
            self.rules.fallback_reason = None
            metrics.RULES_LAST_GOOD.set(0)
            log.info("rules %s loaded (%d rules)", ruleset.version, len(ruleset.rules))
            # Kept on disk so a worker that starts while a later edit is broken (SIGHUP,
            # a killed worker's replacement) serves this set instead of none.
            rules_snapshot.store(
                self.settings.instance_dir,
                ruleset,
                self.settings.rules_dir,
                self.settings.local_rules_dir,
            )
            return True

    def maybe_reload(self) -> None:
        """Poll the rule files at most every rules_poll_s seconds (every worker does this)."""
        now = time.monotonic()
        if now - self._last_poll < self.settings.rules_poll_s:
            return
        self._last_poll = now
        self.reload()
