"""Tests for service.cli.output: reports go to stdout or appear whole in a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.cli.output import output


def test_dash_and_none_write_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    for dest in ("-", None):
        with output(dest) as out:
            out.write("row\n")
    assert capsys.readouterr().out == "row\nrow\n"


def test_a_file_appears_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "report.jsonl"
    with output(str(target)) as out:
        out.write("first\n")
        assert not target.exists()
    assert target.read_text(encoding="utf-8") == "first\n"


def test_an_error_mid_way_leaves_neither_file_nor_leftover(tmp_path: Path) -> None:
    target = tmp_path / "export.jsonl"
    target.write_text("previous export\n", encoding="utf-8")
    with pytest.raises(RuntimeError), output(str(target)) as out:
        out.write("half")
        raise RuntimeError("store went away")
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert list(tmp_path.iterdir()) == [target]
