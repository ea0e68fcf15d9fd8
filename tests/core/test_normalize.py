"""Tests for service.core.normalize: folding keeps a map back to the original text."""

from hypothesis import given
from hypothesis import strategies as st

from service.core.normalize import fold, is_invisible, normalize


def test_folds_width_case_and_drops_invisible() -> None:
    n = normalize("Ｖｉａ\u200bＧＲＡ")
    assert n.text == "viagra"
    assert n.invisible_count == 1
    a, b = n.original_span(0, len(n.text))
    assert (a, b) == (0, 7)


def test_combining_marks_fold_with_their_base() -> None:
    assert fold("e\u0301") == fold("é") == "é"


def test_expansion_maps_every_output_char_to_its_source() -> None:
    n = normalize("Straße")
    assert n.text == "strasse"
    i = n.text.index("ss")
    assert n.original_span(i, i + 2) == (4, 5)


def test_invisible_ranges() -> None:
    for ch in "\u200b\u200c\u200d\u2060\ufeff\u00ad\U000e0041":
        assert is_invisible(ch)
    assert not is_invisible("a")


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_map_points_inside_the_original(text: str) -> None:
    n = normalize(text)
    assert len(n.starts) == len(n.ends) == len(n.text)
    for a, b in zip(n.starts, n.ends, strict=True):
        assert 0 <= a < b <= len(text)


def _reference_fold(text: str) -> str:
    """Fold cluster by cluster with no fast paths: what normalize() must equal."""
    import unicodedata

    out: list[str] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]) and not is_invisible(text[j]):
            j += 1
        if is_invisible(text[i]):
            out.extend(unicodedata.normalize("NFKC", ch).casefold() for ch in text[i + 1 : j])
        else:
            folded = unicodedata.normalize("NFKC", text[i:j]).casefold()
            out.append("".join(ch for ch in folded if not is_invisible(ch)))
        i = j
    return "".join(out)


_MIXED = st.lists(
    st.sampled_from(["plain ascii words ", "e\u0301", "\u200b", "Ｆｕｌｌ", "上海", "ß", "A", " "]),
    max_size=40,
).map("".join)


@given(st.one_of(_MIXED, st.text(alphabet=st.characters(codec="utf-8"), max_size=60)))
def test_fast_paths_fold_like_the_reference(text: str) -> None:
    assert normalize(text).text == _reference_fold(text)


def test_folding_ascii_alone_gives_what_normalize_gives() -> None:
    text = "".join(chr(cp) for cp in range(128)) + " Hello WORLD 42 "
    assert fold(text) == normalize(text).text == text.lower()
