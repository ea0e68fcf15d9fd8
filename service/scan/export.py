"""Read a site export (JSONL or WordPress WXR) into the items a scan checks."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class ScanError(ValueError):
    """The export cannot be read; the message names the file and, when known, the line."""


@dataclass(frozen=True)
class ScanItem:
    """One piece of content from an export and where it sits in the site."""

    id: str
    text: str
    format: str
    where: str


# Entity declarations are how "billion laughs" and external-entity attacks get in, and a
# WordPress export never needs one; they can only appear inside a DOCTYPE.
_FORBIDDEN = ("<!doctype", "<!entity")


def _refuse_dtd(raw: bytes, path: Path) -> None:
    for codec in ("utf-8", "utf-16-le", "utf-16-be"):
        lowered = raw.lower()
        for marker in _FORBIDDEN:
            if marker.encode(codec) in lowered:
                raise ScanError(f"{path}: refusing XML with a DOCTYPE or ENTITY declaration")


def _local(tag: str) -> str:
    """Return a tag's name without its namespace (WXR versions differ in the wp: URI)."""
    return tag.rsplit("}", 1)[-1]


def _child(el: ET.Element, name: str) -> str:
    for child in el:
        if _local(child.tag) == name:
            return child.text or ""
    return ""


def read_wxr(path: Path) -> Iterator[ScanItem]:
    """Yield posts (`<item>`) and their comments (`<wp:comment>`) from a WXR export."""
    raw = path.read_bytes()
    _refuse_dtd(raw, path)
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise ScanError(f"{path}: not well-formed XML: {exc}") from exc
    for item in root.iter("item"):
        post_id = _child(item, "post_id") or _child(item, "guid") or "?"
        title = _child(item, "title")
        kind = _child(item, "post_type") or "post"
        body = _child(item, "encoded")
        label = f"{kind} {post_id} {title!r}"
        if body.strip():
            yield ScanItem(f"post-{post_id}", body, "html", label)
        for comment in item:
            if _local(comment.tag) != "comment":
                continue
            cid = _child(comment, "comment_id") or "?"
            text = _child(comment, "comment_content")
            author = _child(comment, "comment_author")
            if text.strip():
                where = f"comment {cid} by {author!r} on {label}"
                yield ScanItem(f"comment-{cid}", text, "html", where)


def read_jsonl(path: Path) -> Iterator[ScanItem]:
    """Yield `{id, text, format}` objects, one per line; blank lines are skipped."""
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ScanError(f"{path}:{n}: not JSON: {exc}") from exc
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ScanError(f"{path}:{n}: expected an object with a string 'text'")
            fmt = obj.get("format", "text")
            if fmt not in ("text", "html"):
                raise ScanError(f"{path}:{n}: 'format' must be text or html")
            yield ScanItem(str(obj.get("id", n)), obj["text"], fmt, f"line {n}")


def read_export(path: Path) -> list[ScanItem]:
    """Read a whole export, telling WXR from JSONL by its first character."""
    try:
        with path.open("rb") as f:
            head = f.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        raise ScanError(f"{path}: {exc.strerror}") from exc
    xml = head.startswith((b"<", b"\xff\xfe", b"\xfe\xff"))  # UTF-16 XML starts with a BOM
    return list(read_wxr(path) if xml else read_jsonl(path))
