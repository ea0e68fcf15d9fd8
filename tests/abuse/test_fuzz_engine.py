"""Fuzz Engine.check with hostile Unicode: it answers a sane verdict or an InputError, fast."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from abuse.fuzz import FUZZ
from abuse.inputs import ANY_TEXT, HTML_TEXT, MIXED_TEXT
from service.core.engine import Engine
from service.core.errors import InputError
from service.core.htmlparse import parse
from service.core.types import Action

# A hang, not slowness, is the bug to catch here: the bound is generous on purpose.
HANG_BOUND_S = 20.0


def _assert_sane(engine: Engine, text: str, fmt: str, hint: str | None) -> None:
    started = time.monotonic()
    try:
        v = engine.check(text, fmt=fmt, language_hint=hint)
    except InputError:
        assert not text.strip(), "only empty or blank text may be refused at this size"
        return
    assert time.monotonic() - started < HANG_BOUND_S
    assert v.verdict in set(Action)
    assert 0.0 <= v.score <= 1.0
    assert isinstance(v.language, str) and v.language
    for s in v.spans:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert 0.0 <= s.score <= 1.0


@FUZZ
@given(text=ANY_TEXT, fmt=st.sampled_from(["text", "html"]))
def test_any_unicode_text(fresh_engine: Engine, text: str, fmt: str) -> None:
    _assert_sane(fresh_engine, text, fmt, None)


@FUZZ
@given(
    text=MIXED_TEXT,
    fmt=st.sampled_from(["text", "html"]),
    hint=st.none() | st.sampled_from(["en", "zh", "ZH-cn", "", "xx"]) | ANY_TEXT,
)
def test_prose_with_hostile_pieces(fresh_engine: Engine, text: str, fmt: str, hint: str) -> None:
    _assert_sane(fresh_engine, text, fmt, hint)


@FUZZ
@given(text=HTML_TEXT)
def test_hostile_markup(fresh_engine: Engine, text: str) -> None:
    _assert_sane(fresh_engine, text, "html", None)
    if text.strip():
        clean = fresh_engine.check(text, fmt="html").clean_text
        # clean_text parses, and loses only elements: it never gains any.
        assert len(parse(clean).elements) <= len(parse(text).elements)
