"""Tests for one item's report row: verdict, spans, rule ids, and errors as rows."""

from __future__ import annotations

import pytest
from samples import BLATANT, HAM

from service.config import load_settings
from service.runtime.runtime import Runtime
from service.scan.check import check_item, flagged
from service.scan.export import ScanItem


@pytest.fixture(scope="module")
def runtime() -> Runtime:
    return Runtime.start(load_settings(environ={}))


def test_rows_carry_rule_ids_apart_from_other_reasons(runtime: Runtime) -> None:
    row = check_item(ScanItem("s", BLATANT, "text", "line 1"), runtime.engine)
    assert row["verdict"] == "block" and flagged(row)
    assert row["rules"] and all(r.isupper() for r in row["rules"])
    assert "injected-span" not in row["rules"]
    ham = check_item(ScanItem("h", HAM, "text", "line 2"), runtime.engine)
    assert ham["verdict"] == "allow" and ham["rules"] == [] and not flagged(ham)


def test_an_uncheckable_item_is_an_error_row(runtime: Runtime) -> None:
    row = check_item(ScanItem("e", "", "text", "line 3"), runtime.engine)
    assert set(row) == {"id", "where", "error"} and flagged(row)
