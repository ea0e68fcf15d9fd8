"""Read and validate operator-editable rule files into one hashed Ruleset, all or nothing."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any

from service.core.errors import RuleFileError
from service.core.examples import example_problems
from service.core.matching import CONTACT_PATTERNS
from service.core.ruleset import (
    LIST_REF,
    MATCHERS,
    Rule,
    Ruleset,
    SiteSettings,
)
from service.core.types import Thresholds

_FIELDS = frozenset(
    {
        "id",
        "description",
        "score",
        "languages",
        "group",
        "examples",
        "enabled",
        "translations",
        "veto",
    }
) | frozenset(MATCHERS)
_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$")
_LIST_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_RULE_HEADER = re.compile(r"^\s*\[\[\s*rule\s*\]\]")


def load_ruleset(root: Path, local: Path | None = None) -> Ruleset:
    """Load, validate and compile every rule file; all or nothing.

    `local` is the operators' layer; None means `root / "local"` when it exists.
    Runs every check `darnel rules lint` counts as an error, each rule's examples
    included. Raises RuleFileError (path, line, message) on the first problem found.
    """
    ruleset, problems = collect_problems(root, local)
    if problems:
        raise problems[0]
    if ruleset is None:  # unreachable: a failed load always records a problem
        raise RuleFileError(str(root), 0, "rules could not be loaded")
    return ruleset


def collect_problems(
    root: Path, local: Path | None = None
) -> tuple[Ruleset | None, list[RuleFileError]]:
    """Load like load_ruleset but return every problem found instead of raising the first.

    The ruleset is None when a file does not load; it is returned alongside the problems
    when only rule examples fail (lint goes on to check it against prose).
    """
    loader = _Loader(root, local)
    ruleset = loader.load()
    if loader.problems or ruleset is None:
        return None, loader.problems
    return ruleset, example_problems(ruleset)


def read_list(path: Path) -> tuple[str, ...]:
    """Read a list file: one entry per line, `#` starts a comment line, blanks ignored."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(s for s in (x.strip() for x in lines) if s and not s.startswith("#"))


class _Loader:
    """Collects files, parses and validates them, recording every problem."""

    def __init__(self, root: Path, local: Path | None) -> None:
        self.root = root
        self.local = local if local is not None else root / "local"
        self.problems: list[RuleFileError] = []
        self.hashed: list[tuple[str, bytes]] = []

    def layer_name(self, path: Path) -> str:
        """Name a file by its layer and place in it, not by where the checkout lives: the
        rules version must be the same on every host serving the same files (they share
        one Redis cache keyed by it), and it was not while it hashed absolute paths."""
        for prefix, base in (("local", self.local), ("shipped", self.root)):
            try:
                return f"{prefix}/{path.relative_to(base).as_posix()}"
            except ValueError:
                continue
        return path.name

    def fail(self, path: Path, line: int, message: str) -> None:
        self.problems.append(RuleFileError(str(path), line, message))

    def read(self, path: Path) -> tuple[str, dict[str, Any]] | None:
        """Read and parse one TOML file (hashing it), or record why it cannot be."""
        try:
            raw = path.read_bytes()
            self.hashed.append((self.layer_name(path), raw))
            text = raw.decode("utf-8")
            return text, tomllib.loads(text)
        except UnicodeDecodeError as exc:
            self.fail(path, 0, f"not UTF-8: {exc}")
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"line (\d+)", str(exc))
            self.fail(path, int(m.group(1)) if m else 0, f"TOML syntax: {exc}")
        except OSError as exc:
            self.fail(path, 0, f"cannot read: {exc}")
        return None

    def load(self) -> Ruleset | None:
        if not self.root.is_dir():
            self.fail(self.root, 0, "rules directory does not exist")
            return None
        layers = [[self.root / "common.toml", *sorted((self.root / "lang").glob("*.toml"))]]
        local_files = sorted(self.local.glob("*.toml")) if self.local.is_dir() else []
        actions = [self.root / "actions.toml"]
        actions += [p for p in local_files if p.name == "actions.toml"]
        layers.append([p for p in local_files if p.name != "actions.toml"])
        thresholds, sites = self.parse_actions([p for p in actions if p.exists()])
        rules = self.parse_rules([p for p in layers[0] if p.exists()], layers[1])
        lists = self.load_lists(rules)
        if self.problems:
            return None
        digest = hashlib.sha256()
        for name, raw in sorted(self.hashed):
            digest.update(name.encode() + b"\0" + raw + b"\0")
        try:
            return Ruleset("r-" + digest.hexdigest()[:10], thresholds, rules, sites, lists)
        except RuleFileError as exc:
            self.problems.append(exc)
            return None

    def load_lists(self, rules: tuple[Rule, ...]) -> dict[str, tuple[str, ...]]:
        """Read every list a rule names, preferring the operators' copy in local/lists/."""
        lists: dict[str, tuple[str, ...]] = {}
        for rule in rules:
            names = [str(rule.value)] if rule.kind in ("list", "domains") else []
            if rule.kind == "pattern":
                names = LIST_REF.findall(str(rule.value))
            for name in names:
                if name in lists:
                    continue
                if not _LIST_NAME.match(name):
                    self.fail(Path(rule.path), rule.line, f"bad list name {name!r}")
                    continue
                path = self.local / "lists" / f"{name}.txt"
                if not path.exists():
                    path = self.root / "lists" / f"{name}.txt"
                if not path.exists():
                    self.fail(Path(rule.path), rule.line, f"list {name!r}: no file {path}")
                    continue
                try:
                    raw = path.read_bytes()
                    lists[name] = read_list(path)
                    self.hashed.append((self.layer_name(path), raw))
                except UnicodeDecodeError as exc:
                    # The list file is what the operator must fix, so it is the one named.
                    line = raw[: exc.start].count(b"\n") + 1
                    self.fail(path, line, f"not UTF-8 (byte {exc.start}): {exc.reason}")
                    continue
                except OSError as exc:
                    self.fail(path, 0, f"cannot read list {name!r}: {exc}")
                    continue
                if not lists[name]:
                    self.fail(path, 0, "list is empty")
        return lists

    def parse_actions(self, paths: list[Path]) -> tuple[Thresholds, dict[str, SiteSettings]]:
        """Read thresholds and [sites.*]; a later file (local/) overrides an earlier one."""
        review, block = Thresholds().review, Thresholds().block
        sites: dict[str, SiteSettings] = {}
        for path in paths:
            parsed = self.read(path)
            if parsed is None:
                continue
            text, data = parsed
            unknown = set(data) - {"review", "block", "sites"}
            if unknown:
                self.fail(path, 0, f"unknown fields: {', '.join(sorted(unknown))}")
            review = self.number(path, text, data, "review", review, 0.0, 1.0)
            block = self.number(path, text, data, "block", block, 0.0, 1.0)
            site_tables = data.get("sites", {})
            if not isinstance(site_tables, dict):
                self.fail(path, _line_of(text, "sites"), "sites must be a table of tables")
                continue
            for name, table in site_tables.items():
                line = _line_of(text, f"sites.{name}")
                if not isinstance(table, dict):
                    self.fail(path, line, f"sites.{name} must be a table")
                    continue
                bad = set(table) - {"review", "block", "groups", "shadow", "allow"}
                if bad:
                    self.fail(path, line, f"sites.{name}: unknown fields {sorted(bad)}")
                r = self.number(path, text, table, "review", review, 0.0, 1.0)
                b = self.number(path, text, table, "block", block, 0.0, 1.0)
                groups = table.get("groups")
                if groups is not None and not _str_list(groups):
                    self.fail(path, line, f"sites.{name}.groups must be a list of strings")
                    groups = None
                shadow = table.get("shadow", False)
                if not isinstance(shadow, bool):
                    self.fail(path, line, f"sites.{name}.shadow must be true or false")
                    shadow = False
                allow = table.get("allow", [])
                if not _str_list(allow) or not all(a.strip() for a in allow):
                    self.fail(path, line, f"sites.{name}.allow must be a list of terms")
                    allow = []
                if r >= b:
                    self.fail(path, line, f"sites.{name}: review must be below block")
                sites[name] = SiteSettings(
                    Thresholds(r, b),
                    frozenset(groups) if groups is not None else None,
                    shadow,
                    tuple(a.strip() for a in allow),
                )
        if review >= block:
            self.fail(paths[-1] if paths else self.root, 0, "review must be below block")
        return Thresholds(review, block), sites

    def number(
        self,
        path: Path,
        text: str,
        table: dict[str, Any],
        key: str,
        default: float,
        lo: float,
        hi: float,
    ) -> float:
        """Return table[key] as a float in [lo, hi], or record a problem and the default."""
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
            self.fail(path, _line_of(text, key), f"{key} must be a number in [{lo}, {hi}]")
            return default
        return float(value)

    def parse_rules(self, shipped: list[Path], local: list[Path]) -> tuple[Rule, ...]:
        """Parse shipped then local rule files; local rules override or disable by id."""
        by_id: dict[str, Rule] = {}
        for layer, paths in (("shipped", shipped), ("local", local)):
            layer_ids: set[str] = set()
            for path in paths:
                parsed = self.read(path)
                if parsed is None:
                    continue
                text, data = parsed
                if set(data) - {"rule"}:
                    self.fail(path, 0, f"unknown top-level fields {sorted(set(data) - {'rule'})}")
                tables = data.get("rule", [])
                lines = [i + 1 for i, s in enumerate(text.splitlines()) if _RULE_HEADER.match(s)]
                if not isinstance(tables, list):
                    self.fail(path, 0, "use [[rule]] tables")
                    continue
                for n, table in enumerate(tables):
                    line = lines[n] if n < len(lines) else 0
                    rid = table.get("id")
                    if rid in layer_ids:
                        self.fail(path, line, f"duplicate rule id {rid!r}")
                        continue
                    if isinstance(rid, str):
                        layer_ids.add(rid)
                    if layer == "local" and table.get("enabled") is False:
                        if rid not in by_id:
                            self.fail(path, line, f"cannot disable unknown rule {rid!r}")
                        by_id.pop(str(rid), None)
                        continue
                    rule = self.rule(path, text, line, table)
                    if rule is not None:
                        by_id[rule.id] = rule
        return tuple(by_id.values())

    def rule(self, path: Path, text: str, line: int, t: dict[str, Any]) -> Rule | None:
        """Validate one [[rule]] table, recording every problem in it."""
        before = len(self.problems)

        def bad(message: str) -> None:
            self.fail(path, line, f"rule {t.get('id', '?')}: {message}")

        unknown = set(t) - _FIELDS
        if unknown:
            bad(f"unknown fields {sorted(unknown)}")
        rid = t.get("id")
        if not isinstance(rid, str) or not _ID.match(rid):
            bad("id must be UPPER_SNAKE")
        desc = t.get("description")
        if not isinstance(desc, str) or not desc.strip():
            bad("description must be a non-empty sentence")
        score = t.get("score")
        if isinstance(score, bool) or not isinstance(score, int | float) or not -1 <= score <= 1:
            bad("score must be a number in [-1, 1]")
        langs = t.get("languages")
        if not _str_list(langs) or not langs:
            bad('languages must be a non-empty list of codes, or ["*"]')
        group = t.get("group", "default")
        if not isinstance(group, str) or not group:
            bad("group must be a non-empty string")
        veto = t.get("veto", False)
        if not isinstance(veto, bool):
            bad("veto must be true or false")
        elif veto and isinstance(score, int | float) and score > 0:
            bad("a veto rule (an allowlist) needs a score of 0 or below")
        if t.get("enabled", True) is not True:
            bad("enabled = false belongs in rules/local/, overriding a shipped rule")
        kinds = [k for k in MATCHERS if k in t]
        if len(kinds) != 1:
            bad(f"needs exactly one matcher of {', '.join(MATCHERS)}; found {kinds or 'none'}")
        kind = kinds[0] if kinds else ""
        value = t.get(kind)
        if kind == "keywords":
            if not _str_list(value) or not value:
                bad("keywords must be a non-empty list of strings")
            elif not all(v.strip() for v in value):
                # An empty keyword matches nothing (or, folded, everything): never intended.
                bad("keywords must not contain an empty string")
            value = tuple(value) if isinstance(value, list) else ()
        elif kind and (not isinstance(value, str) or not value.strip()):
            bad(f"{kind} must be a non-empty string")
        elif kind == "contact" and value not in CONTACT_PATTERNS:
            bad(f"contact must be one of {', '.join(sorted(CONTACT_PATTERNS))}")
        ex = t.get("examples")
        if not isinstance(ex, dict) or set(ex) - {"match", "no_match"}:
            bad("needs [rule.examples] with only match and no_match")
            ex = {}
        match, no_match = ex.get("match"), ex.get("no_match")
        if not _str_list(match) or not match or not _str_list(no_match) or not no_match:
            bad("examples need at least one match and one no_match string")
        if len(self.problems) > before:
            return None
        return Rule(
            str(rid),
            str(desc).strip(),
            float(score or 0),
            tuple(c for c in langs or [] if c != "*"),
            str(group),
            kind,
            value if isinstance(value, str | tuple) else "",
            tuple(match or ()),
            tuple(no_match or ()),
            str(path),
            line,
            bool(veto),
        )


def _str_list(value: object) -> bool:
    """Return True for a list whose items are all strings."""
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _line_of(text: str, key: str) -> int:
    """Return the first line defining `key` (a key or a [table] header), or 0."""
    last = key.rsplit(".", 1)[-1]
    for i, s in enumerate(text.splitlines()):
        stripped = s.strip()
        if stripped.startswith(f"[{key}]") or re.match(rf"{re.escape(last)}\s*=", stripped):
            return i + 1
    return 0
