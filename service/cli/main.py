"""The `darnel` command: serve, check a file, and the rules/training sub-commands."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from service.cli.bench import add_parser as add_bench
from service.cli.keys import add_parser as add_keys
from service.cli.review import add_parser as add_review
from service.cli.rules import add_parser as add_rules
from service.cli.scan import add_parser as add_scan
from service.cli.serve import add_parser as add_serve


def _cmd_check(args: argparse.Namespace) -> int:
    from service.config import load_settings
    from service.core.errors import InputError
    from service.runtime.runtime import Runtime
    from service.runtime.verdict_json import new_verdict_id, verdict_to_json

    if args.file == "-":
        data = sys.stdin.buffer.read()
    else:
        data = Path(args.file).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        print(f"darnel: {args.file} is not valid UTF-8 (byte {exc.start})", file=sys.stderr)
        return 2
    rt = Runtime.start(load_settings())
    try:
        verdict = rt.engine.check(
            text, fmt=args.format, language_hint=args.language, site=args.site
        )
    except InputError as exc:
        print(f"darnel: {exc.message}", file=sys.stderr)
        return 2
    json.dump(verdict_to_json(verdict, new_verdict_id()), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from training.fit.train import main as train_main

    return int(train_main(args.rest) or 0)


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from training.measure.evaluate import main as eval_main

    return int(eval_main(args.rest) or 0)


def _cmd_evaluate_html(args: argparse.Namespace) -> int:
    from training.measure.html_eval import main as html_eval_main

    return int(html_eval_main(args.rest) or 0)


def _cmd_evaluate_feedback(args: argparse.Namespace) -> int:
    from training.measure.feedback_curve import main as feedback_main

    return int(feedback_main(args.rest) or 0)


def _cmd_labeller_cv(args: argparse.Namespace) -> int:
    from training.measure.labeller_cv import main as labeller_cv_main

    return int(labeller_cv_main(args.rest) or 0)


_PASS_THROUGH = {
    "train": _cmd_train,
    "evaluate": _cmd_evaluate,
    "evaluate-html": _cmd_evaluate_html,
    "evaluate-feedback": _cmd_evaluate_feedback,
    "labeller-cv": _cmd_labeller_cv,
}


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every sub-command."""
    p = argparse.ArgumentParser(prog="darnel", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    add_serve(sub)
    c = sub.add_parser("check", help="check a file (or - for stdin) and print the verdict JSON")
    c.add_argument("file")
    c.add_argument("--format", choices=("text", "html"), default="text")
    c.add_argument("--language", default=None)
    c.add_argument("--site", default=None)
    c.set_defaults(func=_cmd_check)

    for name, func, helptext in (
        ("train", _cmd_train, "rebuild the released model from the repository"),
        ("evaluate", _cmd_evaluate, "print the evaluation report"),
        ("evaluate-html", _cmd_evaluate_html, "measure format html on the real pages"),
        (
            "evaluate-feedback",
            _cmd_evaluate_feedback,
            "measure how moderators' decisions teach a source left out of training",
        ),
        ("labeller-cv", _cmd_labeller_cv, "cross-validate the labeller by spam source group"),
    ):
        t = sub.add_parser(name, help=helptext, add_help=False)
        t.add_argument("rest", nargs=argparse.REMAINDER)
        t.set_defaults(func=func)

    add_rules(sub)
    add_review(sub)
    add_keys(sub)
    add_scan(sub)
    add_bench(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    # train and the evaluations own their options: argparse's REMAINDER refuses a first argument
    # that looks like an option ("darnel train --version 1.6.0"), so hand them over whole.
    if args_list and args_list[0] in _PASS_THROUGH:
        return int(_PASS_THROUGH[args_list[0]](argparse.Namespace(rest=args_list[1:])))
    args = build_parser().parse_args(args_list)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
