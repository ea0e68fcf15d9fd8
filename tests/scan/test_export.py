"""Tests for `darnel scan`: JSONL and WordPress WXR exports, DTD refusal, reports."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from samples import BLATANT, HAM

from service.cli.main import main
from service.config import load_settings
from service.runtime.runtime import Runtime
from service.scan import ScanError, read_export, scan, write_report

WXR = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Blog</title>
<item><title>Tea</title><wp:post_id>12</wp:post_id><wp:post_type>post</wp:post_type>
<content:encoded><![CDATA[<p>{HAM}</p>]]></content:encoded>
<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_author>spammer</wp:comment_author>
<wp:comment_content><![CDATA[{BLATANT}]]></wp:comment_content></wp:comment>
<wp:comment><wp:comment_id>6</wp:comment_id><wp:comment_author>friend</wp:comment_author>
<wp:comment_content>{HAM}</wp:comment_content></wp:comment>
</item></channel></rss>
"""


@pytest.fixture(scope="module")
def runtime() -> Runtime:
    return Runtime.start(load_settings(environ={}))


def test_wxr_posts_and_comments(tmp_path: Path, runtime: Runtime) -> None:
    path = tmp_path / "export.xml"
    path.write_text(WXR, "utf-8")
    items = read_export(path)
    assert [i.id for i in items] == ["post-12", "comment-5", "comment-6"]
    assert items[1].where.startswith("comment 5 by 'spammer' on post 12")
    rows = list(scan(items, runtime.engine))
    assert [r["id"] for r in rows] == ["comment-5"]
    assert rows[0]["verdict"] == "block" and rows[0]["spans"][0]["reasons"]


def test_doctype_and_entities_are_refused(tmp_path: Path) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel/></rss>'
    path = tmp_path / "bomb.xml"
    path.write_text(bomb, "utf-8")
    with pytest.raises(ScanError, match="DOCTYPE"):
        read_export(path)
    path.write_text(bomb, "utf-16")
    with pytest.raises(ScanError):
        read_export(path)


def test_jsonl_and_bad_lines(tmp_path: Path, runtime: Runtime) -> None:
    path = tmp_path / "items.jsonl"
    lines = [{"id": "a", "text": HAM}, {"id": "b", "text": BLATANT}, {"id": "c", "text": " "}]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", "utf-8")
    rows = list(scan(read_export(path), runtime.engine))
    assert [r["id"] for r in rows] == ["b", "c"] and "error" in rows[1]
    out = io.StringIO()
    assert write_report(rows, out, "markdown") == 2
    assert "| b | line 2 | block |" in out.getvalue()
    path.write_text('{"id": 1, "text": 3}\n', "utf-8")
    with pytest.raises(ScanError, match=":1:"):
        read_export(path)


def test_cli_writes_report_and_progress(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DARNEL_INSTANCE_DIR", str(tmp_path))
    src = tmp_path / "export.xml"
    src.write_text(WXR, "utf-8")
    report = tmp_path / "report.jsonl"
    assert main(["scan", str(src), "--out", str(report)]) == 0
    rows = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["comment-5"]
    err = capsys.readouterr().err
    assert "3/3" in err and "1 of 3 items flagged" in err
    assert main(["scan", str(tmp_path / "missing.jsonl")]) == 2
