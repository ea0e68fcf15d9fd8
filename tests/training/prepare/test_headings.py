"""Tests for training.prepare.headings: real page headings and the leave-sites-out folds."""

from __future__ import annotations

import pytest

from training.prepare import headings
from training.prepare.splits import CALIB, TEST, TRAIN

ALL = {TRAIN, CALIB, TEST}


def test_folds_put_every_real_page_in_exactly_one_fold() -> None:
    folds = [headings.pages_in_fold(k, 3) for k in range(3)]
    names = [n for f in folds for n in f]
    assert len(names) == len(set(names)) == 93
    assert all(folds)
    # Every page with headings is one of them.
    assert {page for *_, page in headings.headings()} <= set(names)


def test_a_skipped_fold_takes_exactly_its_pages_headings_out() -> None:
    skip = headings.pages_in_fold(1, 3)
    everything = headings.by_language(ALL)
    kept = headings.by_language(ALL, skip)
    dropped = [h for h, _lang, _split, page in headings.headings() if page in skip]
    assert dropped
    assert sum(map(len, everything.values())) - sum(map(len, kept.values())) == len(dropped)
    kept_set = {h for hs in kept.values() for h in hs}
    only_skipped = set(dropped) - {h for h, *_, page in headings.headings() if page not in skip}
    assert only_skipped and not only_skipped & kept_set


@pytest.mark.parametrize("bad", ["3/3", "-1/3", "1", "a/b", "1/0"])
def test_a_bad_fold_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        headings.parse_fold(bad)


def test_a_fold_is_read_from_the_command_line_form() -> None:
    assert headings.parse_fold("2/3") == (2, 3)
