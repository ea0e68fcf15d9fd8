"""The `darnel users` and `darnel feedback` sub-commands: accounts and decision export."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from service.cli.output import output


def _stores() -> tuple[Any, Any]:
    from service.config import load_settings
    from service.db import open_database
    from service.review.sql import SqlReviewStore
    from service.users.store import UserStore

    engine = open_database(load_settings().db_url)
    users, review = UserStore(engine), SqlReviewStore(engine)
    users.ensure_schema()
    review.ensure_schema()
    return users, review


def _password(args: argparse.Namespace) -> str:
    if args.password is not None:
        return str(args.password)
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise ValueError("the passwords differ")
    return first


def _cmd_users_add(args: argparse.Namespace) -> int:
    from service.users.models import Role
    from service.users.store import UserExists

    users, _ = _stores()
    roles = frozenset(Role(r) for r in args.role if r != "none")
    try:
        user = users.add(args.name, _password(args), roles)
    except (UserExists, ValueError) as exc:
        print(f"darnel: {exc}", file=sys.stderr)
        return 2
    print(f"added {user.name} ({', '.join(sorted(user.roles)) or 'no role'})")
    return 0


def _cmd_users_list(args: argparse.Namespace) -> int:
    users, _ = _stores()
    for user in users.all():
        print(f"{user.name}\t{','.join(sorted(user.roles)) or '-'}")
    return 0


def _cmd_feedback_export(args: argparse.Namespace) -> int:
    from service.review.training_export import export

    _, review = _stores()
    with output(args.out) as out:
        n = export(review.decided(), out)
    print(f"exported {n} examples", file=sys.stderr)
    return 0


def add_parser(sub: Any) -> None:
    """Register `users add|list` and `feedback export` on the `darnel` sub-parsers."""
    u = sub.add_parser("users", help="moderator accounts")
    usub = u.add_subparsers(dest="users_command", required=True)
    add = usub.add_parser("add", help="create an account (password: --password, stdin or prompt)")
    add.add_argument("name")
    add.add_argument(
        "--role",
        action="append",
        choices=("moderator", "admin", "none"),
        default=[],
        help="repeatable; admin includes moderating",
    )
    add.add_argument("--password", default=None)
    add.set_defaults(func=_cmd_users_add)
    lst = usub.add_parser("list", help="list accounts and roles")
    lst.set_defaults(func=_cmd_users_list)

    f = sub.add_parser("feedback", help="moderator decisions as training data")
    fsub = f.add_subparsers(dest="feedback_command", required=True)
    ex = fsub.add_parser("export", help="write decisions as labelled JSONL (training format)")
    ex.add_argument("--out", default=None, help="file to write (default: stdout)")
    ex.set_defaults(func=_cmd_feedback_export)
