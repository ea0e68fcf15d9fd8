"""The `darnel keys create|list|revoke` sub-commands."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from service.keys.store import KeyStore


def _store() -> KeyStore:
    from service.config import load_settings
    from service.db import open_database
    from service.secrets import secret_key

    settings = load_settings()
    return KeyStore(open_database(settings.db_url), lambda: secret_key(settings))


def _cmd_create(args: argparse.Namespace) -> int:
    try:
        key, plain = _store().create(args.site, rate_limit=args.limit, monthly_limit=args.monthly)
    except ValueError as exc:
        print(f"darnel: {exc}", file=sys.stderr)
        return 2
    # The plaintext is shown once; only its hash is stored.
    print(plain)
    print(
        f"key {key.id} for {key.site} created; store it now, it cannot be shown again",
        file=sys.stderr,
    )
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    print(f"{'id':>4}  {'prefix':8}  {'site':30}  {'limit/min':>9}  {'created':20}  revoked")
    for k in _store().list():
        limit = str(k.rate_limit) if k.rate_limit else "default"
        print(
            f"{k.id:>4}  {k.prefix + '…':8}  {k.site:30}  {limit:>9}  {k.created_at:20}  "
            f"{k.revoked_at or '-'}"
        )
    return 0


def _cmd_revoke(args: argparse.Namespace) -> int:
    found = _store().revoke(args.key)
    if found is None:
        print(f"darnel: no key {args.key!r}", file=sys.stderr)
        return 1
    print(f"key {found.id} for {found.site} revoked at {found.revoked_at}")
    return 0


def add_parser(sub: Any) -> None:
    """Register `keys` on the `darnel` command's sub-parsers."""
    keys = sub.add_parser("keys", help="manage per-site API keys")
    ksub = keys.add_subparsers(dest="keys_command", required=True)
    create = ksub.add_parser("create", help="create a key and print it (once)")
    create.add_argument("--site", required=True, help="the site the key belongs to")
    create.add_argument("--limit", type=int, default=None, help="requests per minute")
    create.add_argument(
        "--monthly", type=int, default=None, help="monthly quota reported by /1.2/usage-limit"
    )
    create.set_defaults(func=_cmd_create)
    ksub.add_parser("list", help="list keys (never their plaintext)").set_defaults(func=_cmd_list)
    revoke = ksub.add_parser("revoke", help="revoke a key by plaintext or id")
    revoke.add_argument("key", help="the 12-character key or its numeric id")
    revoke.set_defaults(func=_cmd_revoke)
