"""Keep the last rule set that loaded in the instance folder, so a restart can serve it.

Without it a worker that starts while an operator's edit is broken (a SIGHUP, a killed
worker's replacement) would have nothing to serve: the other workers keep their good set
in memory only. The copy is written to a private temporary folder, loaded back and checked
to hash to the same version (a file edited between the load and the copy must not be
kept), then renamed into place; the `CURRENT` pointer is replaced atomically.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from service.core.errors import RuleFileError
from service.core.rulefiles import load_ruleset
from service.core.ruleset import Ruleset

log = logging.getLogger(__name__)
SNAPSHOT_DIR = "rules-good"
_POINTER = "CURRENT"
_KEEP = 3  # versions kept besides the current one, for an operator comparing edits


@dataclass(frozen=True)
class Snapshot:
    """A stored good rule set: its version and the folder holding its files."""

    version: str
    path: Path

    @property
    def shipped(self) -> Path:
        """Return the folder standing in for the shipped rules directory."""
        return self.path / "shipped"

    @property
    def local(self) -> Path:
        """Return the folder standing in for the operators' local layer."""
        return self.path / "local"


def _copy_layer(src: Path, dst: Path, shipped: bool) -> None:
    """Copy the files the loader reads from one layer: TOML at the top, lang/, lists/."""
    if not src.is_dir():
        return
    dst.mkdir(parents=True, exist_ok=True)
    for path in src.glob("*.toml"):
        shutil.copy2(path, dst / path.name)
    for sub in ("lang", "lists") if shipped else ("lists",):
        folder = src / sub
        if folder.is_dir():
            (dst / sub).mkdir(exist_ok=True)
            for path in folder.iterdir():
                if path.is_file() and path.suffix in (".toml", ".txt"):
                    shutil.copy2(path, dst / sub / path.name)


def current(instance_dir: Path) -> Snapshot | None:
    """Return the stored good set named by the pointer, or None when none was stored."""
    root = instance_dir / SNAPSHOT_DIR
    try:
        version = (root / _POINTER).read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not version.startswith("r-") or "/" in version or not (root / version).is_dir():
        return None
    return Snapshot(version, root / version)


def load(snapshot: Snapshot) -> Ruleset:
    """Load a stored set; raises RuleFileError when it is damaged or not what it claims."""
    ruleset = load_ruleset(snapshot.shipped, snapshot.local)
    if ruleset.version != snapshot.version:
        raise RuleFileError(
            str(snapshot.path), 0, f"stored set hashes to {ruleset.version}, not its name"
        )
    return ruleset


def store(instance_dir: Path, ruleset: Ruleset, rules_dir: Path, local_dir: Path) -> bool:
    """Keep the files `ruleset` was loaded from as the last good set; never raises.

    Returns False when the files changed since the load (the copy did not hash to the
    version) or the folder cannot be written; the next good load tries again.
    """
    root = instance_dir / SNAPSHOT_DIR
    try:
        root.mkdir(parents=True, exist_ok=True)
        target = root / ruleset.version
        if not target.is_dir():
            tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
            try:
                _copy_layer(rules_dir, tmp / "shipped", shipped=True)
                _copy_layer(local_dir, tmp / "local", shipped=False)
                if load(Snapshot(ruleset.version, tmp)).version != ruleset.version:
                    return False
                try:
                    tmp.rename(target)
                except OSError:
                    if not target.is_dir():  # another worker renamed the same version first
                        raise
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        _point(root, ruleset.version)
        _prune(root, ruleset.version)
        return True
    except RuleFileError as exc:
        log.warning("rule files changed while being kept as the last good set: %s", exc)
        return False
    except OSError as exc:
        log.error("could not keep the last good rule set in %s: %s", root, exc)
        return False


def _point(root: Path, version: str) -> None:
    """Replace the pointer atomically: a reader sees the old version or the new one."""
    fd, tmp = tempfile.mkstemp(prefix=".pointer-", dir=root)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(version + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, root / _POINTER)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prune(root: Path, keep: str) -> None:
    """Delete all but the newest stored versions (and the current one)."""
    versions = sorted(
        (p for p in root.iterdir() if p.is_dir() and p.name.startswith("r-") and p.name != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in versions[_KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
