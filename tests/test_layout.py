"""The layout stays readable: no import circles, a short top of service/ and training/, a
core that imports nothing above it, training's packages importing only downward, and
ARCHITECTURE.md naming only files that exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from service.config import REPO_ROOT

SERVICE = REPO_ROOT / "service"
TRAINING = REPO_ROOT / "training"
# training's jobs in the order they may import each other: each only the ones before it.
TRAINING_JOBS = ("prepare", "fit", "measure")


def _modules() -> dict[str, Path]:
    """Map every service.* and training.* module's dotted name to its file."""
    out = {}
    for path in sorted([*SERVICE.rglob("*.py"), *TRAINING.rglob("*.py")]):
        if TRAINING / "data" in path.parents or TRAINING / "artifacts" in path.parents:
            continue
        parts = path.relative_to(REPO_ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Map each module to the service.* and training.* modules it imports anywhere,
    functions included."""

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.add(sub if sub in modules else base)
        edges[name] = {t for t in map(known, targets) if t and t != name}
    return edges


def _circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_circles_counting_imports_inside_functions() -> None:
    assert _circles(_imports(_modules())) == []


def test_core_imports_nothing_above_it() -> None:
    edges = _imports(_modules())
    upward = {
        f"{name} -> {target}"
        for name, targets in edges.items()
        if name.startswith("service.core")
        for target in targets
        if not target.startswith("service.core")
    }
    assert upward == set()


def test_service_keeps_at_most_eight_modules_at_its_top() -> None:
    top = sorted(p.name for p in SERVICE.glob("*.py"))
    assert len(top) <= 8, top


def test_training_keeps_at_most_six_modules_at_its_top() -> None:
    top = sorted(p.name for p in TRAINING.glob("*.py"))
    assert len(top) <= 6, top


def test_training_packages_import_only_downward() -> None:
    """prepare <- fit <- measure; the helpers at training's top import none of them."""

    def rank(module: str) -> int:
        parts = module.split(".")
        if parts[0] != "training" or len(parts) < 2 or parts[1] not in TRAINING_JOBS:
            return -1  # the service, or a helper at training's top
        return TRAINING_JOBS.index(parts[1])

    upward = {
        f"{name} -> {target}"
        for name, targets in _imports(_modules()).items()
        if name.startswith("training")
        for target in targets
        if rank(target) > rank(name)
    }
    assert upward == set()


def test_service_imports_training_only_from_its_command_line() -> None:
    edges = _imports(_modules())
    into_training = {
        f"{name} -> {target}"
        for name, targets in edges.items()
        if name.startswith("service") and not name.startswith("service.cli")
        for target in targets
        if target.startswith("training")
    }
    assert into_training == set()


def test_architecture_names_only_files_that_exist() -> None:
    """Whole paths must exist; `web/cms.py` is read under service/, a bare name anywhere."""
    text = (REPO_ROOT / "ARCHITECTURE.md").read_text("utf-8")
    roots = ("service/", "training/", "rules/", "tests/", "docs/")
    named = set(re.findall(r"(?<![\w/])((?:service|training|rules|tests|docs)/[\w./*-]*)", text))
    named |= set(re.findall(r"(?<![\w/.-])([\w/]*\w\.(?:py|md|toml))\b", text))
    missing = []
    for name in sorted(named):
        if name.startswith(roots):
            found = list(REPO_ROOT.glob(name.rstrip("/")))
        elif "/" in name:
            found = list(SERVICE.glob(name))
        else:
            found = [
                *SERVICE.rglob(name),
                *(REPO_ROOT / "training").rglob(name),
                *REPO_ROOT.glob(name),
            ]
        if not found:
            missing.append(name)
    assert named and missing == []
