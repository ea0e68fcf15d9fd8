"""Tests for service.core.labelfeatures: what lies between two atoms (the edge attributes)."""

from service.core.labelfeatures import edge_features
from service.core.segment import candidates
from service.core.tiling import tile


def _edges(text: str, language: str = "en") -> list[tuple[str, tuple[str, ...]]]:
    t = tile(text, candidates(text, language))
    return [(a.candidate.text, e) for a, e in zip(t.atoms, edge_features(text, t), strict=True)]


def test_each_step_names_whether_it_stays_in_the_sentence_the_line_or_leaves_it() -> None:
    text = (
        "The council met on the first day. It approved the budget.\n"
        "Parks will get new benches this year.\n\n"
        "A second paragraph follows here."
    )
    got = _edges(text)
    assert got[0][1] == ()
    where = [e for _t, e in got[1:]]
    assert where == [("same_line",), ("new_line",), ("new_line", "blank_line")]


def test_a_foreign_island_inside_a_sentence_is_a_change_of_script_in_the_same_unit() -> None:
    text = "We visited the old market 爱上海论坛 and bought fresh bread there."
    got = _edges(text)
    island = next(i for i, (t, _e) in enumerate(got) if t == "爱上海论坛")
    assert "same_unit" in got[island][1] and "script_change" in got[island][1]
    assert "same_unit|script_change" in got[island][1]
    # Leaving the island changes script back.
    assert "script_change" in got[island + 1][1]


def test_no_atoms_no_edges() -> None:
    assert edge_features("", tile("", [])) == []
