"""Tests for service.core.stacking: context features and the flat tree walker."""

from __future__ import annotations

import numpy as np
import pytest

from service.core.errors import ModelError
from service.core.segment import candidates
from service.core.stacking import CONTEXT_FEATURES, NO_SCORE, TreeEnsemble, context_features

COL = {name: i for i, name in enumerate(CONTEXT_FEATURES)}
# A Spanish paragraph with an English SMS of three sentences spliced in.
SPANISH_WITH_SMS = (
    "El ayuntamiento aprobó ayer el presupuesto para el próximo año con los votos de la "
    "mayoría. I have a secret for you. Reply to this message and win a prize today. "
    "Call now. La oposición votó en contra y anunció que presentará alegaciones."
)


def _rows(text: str, language: str = "en") -> tuple[list[str], np.ndarray]:
    cands = candidates(text, language)
    z = np.arange(1.0, len(cands) + 1.0)
    return [c.text for c in cands], context_features(text, cands, z)


def test_a_sentence_sees_the_scores_of_the_sentences_around_it() -> None:
    texts, x = _rows("First one here. Second one here. Third one here.")
    assert texts == ["First one here.", "Second one here.", "Third one here."]
    mid = x[1]
    assert (mid[COL["z"]], mid[COL["prev_z"]], mid[COL["next_z"]]) == (2.0, 1.0, 3.0)
    assert mid[COL["prev_same_line"]] == 1.0 and mid[COL["next_same_line"]] == 1.0
    assert x[0][COL["prev_z"]] == NO_SCORE and x[2][COL["next_z"]] == NO_SCORE
    # The best unit's "best other" is the runner-up; everyone else's is the best.
    assert x[2][COL["max_other_z"]] == 2.0 and x[0][COL["max_other_z"]] == 3.0
    assert x[1][COL["mean_unit_z"]] == 2.0 and x[0][COL["z_minus_mean"]] == -1.0
    assert x[1][COL["units"]] == 3.0 and x[1][COL["kind_sentence"]] == 1.0


def test_a_neighbour_on_another_line_is_marked_so() -> None:
    texts, x = _rows("A line of prose here.\nAnother line of prose.")
    assert len(texts) == 2
    assert x[1][COL["prev_z"]] == 1.0 and x[1][COL["prev_same_line"]] == 0.0
    assert x[0][COL["kind_line"]] == 1.0 and x[0][COL["ownline"]] == 1.0


def test_an_island_reads_its_sentence_and_the_sentence_its_best_island() -> None:
    text = "Opening words here. 北京夜网论坛 then more words. Closing words here."
    cands = candidates(text, "en")
    kinds = [(c.kind, c.text) for c in cands]
    island = next(i for i, (k, _) in enumerate(kinds) if k == "script_run")
    holder = next(i for i, (k, t) in enumerate(kinds) if t.startswith("北京") and k != "script_run")
    z = np.zeros(len(cands))
    z[island], z[holder] = 4.0, 1.5
    x = context_features(text, cands, z)
    assert x[island][COL["context_z"]] == 1.5 and x[island][COL["kind_run"]] == 1.0
    assert x[island][COL["island"]] == 1.0
    assert x[holder][COL["context_z"]] == 4.0
    # The island's neighbours are its sentence's.
    assert x[island][COL["prev_z"]] == x[holder][COL["prev_z"]]


def test_layout_and_letter_shares() -> None:
    _texts, x = _rows("WIN 1000 now!")
    row = x[0]
    assert row[COL["bangs"]] == 1.0
    assert row[COL["digit_share"]] == pytest.approx(4 / 13)
    assert row[COL["upper_share"]] == pytest.approx(3 / 6)
    assert row[COL["log_len"]] == pytest.approx(np.log(13))


def test_no_candidates_give_no_rows() -> None:
    assert context_features("x", [], np.zeros(0)).shape == (0, len(CONTEXT_FEATURES))


def _stump_and_leaf(**over: object) -> TreeEnsemble:
    # Tree 1 (nodes 0-2): feature 0 <= 0.5 -> -1.0 else +2.0. Tree 2 (node 3): a leaf, +0.25.
    fields: dict[str, object] = {
        "feature": np.array([0, 0, 0, 0], dtype=np.int32),
        "threshold": np.array([0.5, 0.0, 0.0, 0.0]),
        "left": np.array([1, 0, 0, 0], dtype=np.int32),
        "right": np.array([2, 0, 0, 0], dtype=np.int32),
        "value": np.array([0.0, -1.0, 2.0, 0.25]),
        "is_leaf": np.array([False, True, True, True]),
        "roots": np.array([0, 3], dtype=np.int32),
        "baseline": 0.1,
    }
    fields.update(over)
    return TreeEnsemble(**fields)  # type: ignore[arg-type]


def test_trees_sum_their_leaves_onto_the_baseline() -> None:
    trees = _stump_and_leaf()
    trees.validate(1)
    x = np.array([[0.0], [0.5], [0.7]])
    assert trees.decision(x).tolist() == pytest.approx([-0.65, -0.65, 2.35])
    assert trees.proba(x)[2] == pytest.approx(1 / (1 + np.exp(-2.35)))


def test_many_rows_are_walked_in_chunks_with_the_same_answer() -> None:
    trees = _stump_and_leaf()
    x = np.tile(np.array([[0.0], [1.0]]), (3000, 1))
    d = trees.decision(x)
    assert d.shape == (6000,) and set(np.round(d, 6).tolist()) == {-0.65, 2.35}


@pytest.mark.parametrize(
    ("change", "n_features"),
    [
        ({"left": np.array([0, 0, 0, 0], dtype=np.int32)}, 1),  # a child pointing back: a loop
        ({"right": np.array([9, 0, 0, 0], dtype=np.int32)}, 1),  # past the end
        ({"feature": np.array([3, 0, 0, 0], dtype=np.int32)}, 1),  # no such feature
        ({"value": np.array([0.0, np.nan, 2.0, 0.25])}, 1),
        ({"roots": np.array([], dtype=np.int32)}, 1),
        ({"threshold": np.array([0.5, 0.0])}, 1),  # arrays of different lengths
        ({"baseline": float("inf")}, 1),
    ],
)
def test_malformed_trees_are_refused(change: dict[str, object], n_features: int) -> None:
    with pytest.raises(ModelError, match="corrupt context head"):
        _stump_and_leaf(**change).validate(n_features)


def test_two_sentences_away_is_read_too() -> None:
    _texts, x = _rows("One here now. Two here now. Three here now. Four here now.")
    assert x[2][COL["prev2_z"]] == 1.0 and x[1][COL["next2_z"]] == 4.0
    assert x[1][COL["prev2_z"]] == NO_SCORE and x[3][COL["next2_z"]] == NO_SCORE


def test_a_run_of_foreign_sentences_shares_its_best_score() -> None:
    # A Japanese page with an English message of three sentences spliced in.
    text = (
        "今日は朝から良い天気で、公園には家族連れがたくさん集まっていました。\n"
        "Hi friend. Click the link now. It is free.\n"
        "明日も晴れるでしょうと気象台は発表し、週末の人出も多くなりそうです。"
    )
    cands = candidates(text, "ja")
    units = [i for i, c in enumerate(cands) if c.kind in ("line", "sentence")]
    z = np.zeros(len(cands))
    english = [i for i in units if cands[i].script == "Latin"]
    assert len(english) == 3
    z[english[1]] = 5.0
    x = context_features(text, cands, z)
    for i in english:
        assert x[i][COL["run_max_z"]] == 5.0 and x[i][COL["run_units"]] == 3.0
    japanese = [i for i in units if cands[i].script != "Latin"]
    assert all(x[i][COL["run_max_z"]] == NO_SCORE for i in japanese)


def test_a_run_of_sentences_in_another_language_of_the_same_script_shares_its_best_score() -> None:
    # A Spanish paragraph with an English SMS of three sentences spliced in: the same script,
    # so only the words tell the run apart.
    text = SPANISH_WITH_SMS
    cands = candidates(text, "es")
    z = np.zeros(len(cands))
    english = [i for i, c in enumerate(cands) if c.text.startswith(("I have", "Reply", "Call"))]
    spanish = [i for i, c in enumerate(cands) if c.text.startswith(("El ", "La "))]
    assert len(english) == 3 and len(spanish) == 2
    z[english[1]] = 5.0
    x = context_features(text, cands, z)
    for i in english:
        assert x[i][COL["run_max_z"]] == 5.0 and x[i][COL["run_units"]] == 3.0
        assert x[i][COL["lang_gap"]] >= 10.0
    for i in spanish:
        assert x[i][COL["run_max_z"]] == NO_SCORE and x[i][COL["lang_gap"]] < 10.0
    assert x[0][COL["foreign_share"]] == 3 / 5


def test_an_unfinished_piece_and_its_predecessor_are_marked() -> None:
    texts, x = _rows("Send STOP to 80062 now. Help 0800 123 done. Le prix est bas")
    assert texts[-1] == "Le prix est bas"
    assert x[-1][COL["ends_open"]] == 1.0 and x[1][COL["ends_open"]] == 0.0
    assert x[-1][COL["prev_ends_open"]] == 0.0
    _texts, y = _rows("first piece without end and more\nsecond piece here.")
    assert y[1][COL["prev_ends_open"]] == 1.0 and y[0][COL["starts_lower"]] == 1.0
    assert x[0][COL["starts_lower"]] == 0.0


def test_each_side_of_a_bilingual_text_carries_its_mean_score_and_share() -> None:
    # The same Spanish paragraph and English SMS: the document's language is one side, the
    # foreign sentences the other; means weigh each sentence by its length.
    text = SPANISH_WITH_SMS
    cands = candidates(text, "es")
    units = [i for i, c in enumerate(cands) if c.kind in ("line", "sentence")]
    english = [i for i in units if cands[i].text.startswith(("I have", "Reply", "Call"))]
    spanish = [i for i in units if i not in english]
    z = np.zeros(len(cands))
    z[english] = [1.0, 4.0, 2.0]
    z[spanish] = -3.0
    x = context_features(text, cands, z)
    size = {i: cands[i].end - cands[i].start for i in units}
    foreign_mean = sum(z[i] * size[i] for i in english) / sum(size[i] for i in english)
    foreign_share = sum(size[i] for i in english) / sum(size.values())
    for i in english:
        assert x[i][COL["side_mean_z"]] == pytest.approx(foreign_mean)
        assert x[i][COL["other_side_mean_z"]] == pytest.approx(-3.0)
        assert x[i][COL["side_share"]] == pytest.approx(foreign_share)
    for i in spanish:
        assert x[i][COL["side_mean_z"]] == pytest.approx(-3.0)
        assert x[i][COL["other_side_mean_z"]] == pytest.approx(foreign_mean)
        assert x[i][COL["side_share"]] == pytest.approx(1 - foreign_share)


def test_a_text_in_one_language_has_no_other_side() -> None:
    _texts, x = _rows("One here now. Two here now. Three here now.")
    assert all(row[COL["other_side_mean_z"]] == NO_SCORE for row in x)
    assert all(row[COL["side_share"]] == 1.0 for row in x)


def test_a_unit_sees_the_best_other_score_and_mean_of_its_line() -> None:
    text = "One here now. Two here now. Three here now.\nFour here now."
    texts, x = _rows(text)  # z = 1, 2, 3 on the first line, 4 alone on the second
    assert texts == ["One here now.", "Two here now.", "Three here now.", "Four here now."]
    assert [row[COL["line_units"]] for row in x] == [3, 3, 3, 1]
    assert [row[COL["line_other_max_z"]] for row in x] == [3.0, 3.0, 2.0, NO_SCORE]
    assert [row[COL["line_mean_z"]] for row in x] == [2.0, 2.0, 2.0, 4.0]
