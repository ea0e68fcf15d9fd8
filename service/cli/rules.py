"""Command-line `rules lint` and `rules test` for operators editing rule files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from service.config import REPO_ROOT
from service.core.errors import RuleFileError
from service.core.lint import lint
from service.core.rulefiles import load_ruleset

DEFAULT_RULES_DIR = REPO_ROOT / "rules"
# The Leipzig sentences the model trains on ship with the repository.
DEFAULT_PROSE_DIR = REPO_ROOT / "training" / "data" / "prose" / "leipzig-sentences"


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `rules lint` and `rules test` on an argparse subparsers object."""
    rules = subparsers.add_parser("rules", help="check and try rule files")
    sub = rules.add_subparsers(dest="rules_command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--rules-dir", type=Path, default=DEFAULT_RULES_DIR)
    common.add_argument(
        "--local-dir", type=Path, default=None, help="operators' layer (default: <rules-dir>/local)"
    )
    p_lint = sub.add_parser("lint", parents=[common], help="validate every rule file")
    p_lint.add_argument(
        "--prose-dir",
        type=Path,
        default=DEFAULT_PROSE_DIR,
        help="Leipzig sentences used to spot over-broad list entries",
    )
    p_lint.add_argument(
        "--no-prose", action="store_true", help="skip the check of list entries against real prose"
    )
    p_lint.set_defaults(func=run_lint)
    p_test = sub.add_parser("test", parents=[common], help="show which rules fire on a text")
    p_test.add_argument("text", help="the text to check ('-' reads standard input)")
    p_test.set_defaults(func=run_test)


def run_lint(args: argparse.Namespace) -> int:
    """Print issues as file:line; return 1 when there is any error."""
    prose: Path | None = None if args.no_prose else args.prose_dir
    issues = lint(args.rules_dir, args.local_dir, prose)
    for issue in issues:
        print(issue)
    errors = sum(1 for i in issues if i.severity == "error")
    print(f"{errors} error(s), {len(issues) - errors} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def run_test(args: argparse.Namespace) -> int:
    """Print each rule hit with its offsets, the matched text and the rule's description."""
    text = sys.stdin.read() if args.text == "-" else args.text
    try:
        ruleset = load_ruleset(args.rules_dir, args.local_dir)
    except RuleFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    hits = ruleset.match(text)
    for h in hits:
        langs = ",".join(h.languages) or "*"
        print(
            f"{h.rule_id:<28} {h.score:+.2f} [{h.start}:{h.end}] {text[h.start : h.end]!r} "
            f"({h.group}; {langs}) {h.description}"
        )
    if not hits:
        print("no rule fired")
    print(f"ruleset {ruleset.version}", file=sys.stderr)
    return 0
