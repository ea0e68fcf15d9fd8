"""Write a scan's rows as JSON lines or as a markdown table."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO


def write_report(rows: Iterable[dict[str, Any]], out: TextIO, fmt: str) -> int:
    """Write rows as JSON lines or a markdown table; return how many were written."""
    count = 0
    if fmt == "markdown":
        out.write("| id | where | verdict | score | flagged spans |\n|---|---|---|---|---|\n")
    for row in rows:
        count += 1
        if fmt == "jsonl":
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            continue
        if "error" in row:
            verdict, score, spans = "error", "", row["error"]
        else:
            verdict, score = row["verdict"], f"{row['score']:.2f}"
            spans = "; ".join(
                f"{s['start']}–{s['end']} `{s['text']}` ({', '.join(s['reasons'])})"
                for s in row["spans"]
            )
        cells = [str(row["id"]), row["where"], verdict, score, spans]
        out.write(
            "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |\n"
        )
    return count
