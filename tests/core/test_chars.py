"""Tests for service.core.chars: the fast counts equal counting character by character."""

from hypothesis import given
from hypothesis import strategies as st

from service.core.chars import class_counts, has_digit

ASCII = st.text(st.characters(max_codepoint=127))


def _slow(text: str) -> tuple[int, int, int]:
    return (
        sum(ch.isalpha() for ch in text),
        sum(ch.isdigit() for ch in text),
        sum(ch.isupper() for ch in text),
    )


@given(st.one_of(ASCII, st.text()))
def test_counts_and_digit_test_equal_the_per_character_answers(text: str) -> None:
    assert class_counts(text) == _slow(text)
    assert has_digit(text) == any(ch.isdigit() for ch in text)


def test_every_ascii_character_is_counted_as_str_methods_class_it() -> None:
    every = "".join(chr(cp) for cp in range(128))
    assert class_counts(every) == _slow(every) == (52, 10, 26)
    assert has_digit("abc²") and not has_digit("abc") and has_digit("x7")
