"""Read moderator and Akismet feedback (JSONL) into message examples and span documents."""

from __future__ import annotations

import json
from pathlib import Path

from training.datasets import Example
from training.inject import Document
from training.splits import split_of

LABELS = {"spam": True, "ham": False}
SOURCES = ("moderator", "akismet")


class FeedbackError(ValueError):
    """A feedback line is malformed; the message names the file and line."""


def _record(path: Path, n: int, raw: str) -> tuple[Example, Document | None]:
    where = f"{path}:{n}"
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as e:
        raise FeedbackError(f"{where}: not JSON: {e}") from e
    if not isinstance(obj, dict):
        raise FeedbackError(f"{where}: expected an object")
    text, label = obj.get("text"), obj.get("label")
    if not isinstance(text, str) or not text.strip():
        raise FeedbackError(f"{where}: 'text' must be a non-empty string")
    if label not in LABELS:
        raise FeedbackError(f"{where}: 'label' must be 'spam' or 'ham'")
    source = obj.get("source", "moderator")
    if source not in SOURCES:
        raise FeedbackError(f"{where}: 'source' must be one of {SOURCES}")
    language = str(obj.get("language") or "und")
    weight = obj.get("weight", 1.0)
    if not isinstance(weight, int | float) or weight <= 0:
        raise FeedbackError(f"{where}: 'weight' must be a positive number")
    spans: list[tuple[int, int]] = []
    for s in obj.get("spans") or []:
        a = s.get("start") if isinstance(s, dict) else None
        b = s.get("end") if isinstance(s, dict) else None
        if not isinstance(a, int) or not isinstance(b, int) or not 0 <= a < b <= len(text):
            raise FeedbackError(f"{where}: span {s!r} is not a valid [start, end) of the text")
        spans.append((a, b))
    example = Example(
        text,
        LABELS[label],
        language,
        f"feedback-{source}",
        split_of(text, "feedback"),
        float(weight),
    )
    doc = None
    # A ham text says every candidate in it is clean; a spam text only teaches the span head
    # when the moderator marked which spans were spam.
    if spans or not LABELS[label]:
        doc = Document(text, language, f"feedback-{source}", spans, ["feedback"] * len(spans))
    return example, doc


def read_feedback(path: Path) -> tuple[list[Example], list[Document]]:
    """Return message examples and span documents from a feedback JSONL file."""
    examples: list[Example] = []
    docs: list[Document] = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            ex, doc = _record(path, n, line)
            examples.append(ex)
            if doc is not None:
                docs.append(doc)
    return examples, docs
