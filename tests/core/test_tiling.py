"""Tests for service.core.tiling: units cut at their islands into atoms that do not overlap."""

import itertools

from service.core.segment import candidates
from service.core.tiling import hits_by_atom, open_cuts, tile
from service.core.types import RuleHit


def _hit(start: int, end: int) -> RuleHit:
    return RuleHit("R1", start, end, 0.9, "test", group="adult")


def test_a_line_is_cut_at_its_island_and_the_pieces_tile_it() -> None:
    text = "爱上海论坛 Shanghai is a city of markets.\nSecond line here."
    t = tile(text, candidates(text, "en"))
    assert [(a.candidate.text, a.island, a.whole, a.line) for a in t.atoms] == [
        ("爱上海论坛", True, False, 0),
        ("Shanghai is a city of markets.", False, False, 0),
        ("Second line here.", False, True, 1),
    ]
    assert t.atoms[0].candidate.at_paragraph_start and not t.atoms[1].candidate.at_paragraph_start
    for a in t.atoms:
        assert text[a.candidate.start : a.candidate.end] == a.candidate.text


def test_atoms_do_not_overlap_and_are_in_text_order() -> None:
    text = (
        "Everyone has the right to life.\n"
        "大连龙凤 すべての人は、法の下において認められる。 And English 上海论坛 again."
    )
    atoms = tile(text, candidates(text, "en")).atoms
    ends = [(a.candidate.start, a.candidate.end) for a in atoms]
    assert ends == sorted(ends)
    assert all(b1 <= a2 for (_a1, b1), (a2, _b2) in itertools.pairwise(ends))


def test_a_piece_without_letters_or_digits_between_islands_is_no_atom() -> None:
    text = "Visit 上海论坛 — Москва клуб today for more."
    atoms = tile(text, candidates(text, "en")).atoms
    assert [a.candidate.text for a in atoms] == [
        "Visit",
        "上海论坛",
        "Москва клуб",
        "today for more.",
    ]


def test_each_hit_goes_to_the_atom_holding_its_middle() -> None:
    text = "爱上海论坛 Shanghai is a city."
    t = tile(text, candidates(text, "en"))
    got = hits_by_atom(t, [_hit(0, 5), _hit(4, 14), _hit(20, 24)])
    assert [[h.start for h in hs] for hs in got] == [[0], [4, 20]]


def test_an_empty_candidate_list_tiles_to_nothing() -> None:
    assert tile("", []).atoms == []


def test_a_unit_is_cut_where_a_capital_follows_an_open_word() -> None:
    text = "Call freefone 08000839402 or 2StopTx In this spirit, Canada must act."
    atoms = tile(text, candidates(text, "en")).atoms
    assert [a.candidate.text for a in atoms] == [
        "Call freefone 08000839402 or 2StopTx",
        "In this spirit, Canada must act.",
    ]
    assert not any(a.whole for a in atoms) and {a.unit for a in atoms} == {0}


def test_open_cuts_are_bounded_per_unit() -> None:
    text = " ".join(f"w{i} Capital" for i in range(100))  # each capital after a plain word
    assert len(open_cuts(text, 0, len(text))) == 16
