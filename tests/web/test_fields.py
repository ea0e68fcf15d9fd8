"""Tests for service.web.fields: which strings each kind of field refuses, and how it says so."""

from __future__ import annotations

import pytest

from service.web.errors import ApiError
from service.web.fields import LIMITS, check_fields, check_string, check_tree


def _refused(fn: object, *args: object, **kw: object) -> ApiError:
    with pytest.raises(ApiError) as err:
        fn(*args, **kw)  # type: ignore[operator]
    assert err.value.status == 400
    return err.value


def test_a_lone_surrogate_is_refused_in_any_field_named_with_its_position() -> None:
    err = _refused(check_string, "site", "ab\ud800")
    assert err.code == "invalid_site" and "'site'" in err.message and "U+D800" in err.message
    assert "index 2" in err.message
    assert _refused(check_string, "text", "\udfff", content=True).code == "invalid_text"
    assert _refused(check_string, "whatever", "x\udc80").code == "invalid_whatever"


def test_identifiers_refuse_controls_and_length_content_keeps_them() -> None:
    assert _refused(check_string, "ip", "1.2.3.4\n").code == "invalid_ip"
    assert "control character (U+0000)" in _refused(check_string, "author", "a\x00b").message
    assert "U+0085" in _refused(check_string, "url", "http://x/\x85").message
    long = "x" * (LIMITS["language"] + 1)
    assert "at most 35" in _refused(check_string, "language", long).message
    check_string("text", "tab\tnul\x00 escape\x1b[31m and 上海", content=True)
    check_string("language", "zh-Hant-TW")
    check_string("site", "新闻.example")


def test_nested_values_and_keys_are_walked() -> None:
    err = _refused(check_tree, {"a": [1, {"b": "ok", "c": "\ud800"}]}, "extra")
    assert "'extra.a[1].c'" in err.message and err.code == "invalid_field"
    err = _refused(check_fields, {"text": "fine", "\ud800key": 1})
    # The field's own name cannot be quoted raw: it is escaped, never a 500.
    assert "\\ud800key" in err.message


def test_skipped_fields_are_left_for_later() -> None:
    check_fields({"items": [{"site": "\ud800"}]}, skip=("items",))
    assert _refused(check_fields, {"items": [{"site": "\ud800"}]}).code == "invalid_field"
