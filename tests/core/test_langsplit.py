"""Tests for service.core.langsplit: a sentence is cut where its language changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.core.langsplit import MIN_SIDE_WORDS, language_gap, split_point, word_vector
from service.core.segment import candidates

LEGIT = json.loads((Path(__file__).parent.parent / "data" / "legit_mixed.json").read_text("utf-8"))


def test_spam_run_into_a_sentence_of_another_language_is_cut_at_the_join() -> None:
    spam = "Call 08002888812 or reply for delivery of your free phone now"
    host = "Los partidos del mundial se verán en la televisión de México."
    text = f"{spam} {host}"
    assert split_point(text, 0, len(text)) == len(spam) + 1
    units = [c.text for c in candidates(text, "es") if c.kind != "script_run"]
    assert units == [spam, host]


@pytest.mark.parametrize(
    "sentence",
    [
        "The committee met on Tuesday and agreed to publish the report next spring.",
        "Die Kommission hat am Dienstag beschlossen, den Bericht im Frühjahr zu veröffentlichen.",
        "Le Monde a publié un long article sur la Banque mondiale et le Fonds monétaire.",
        "Jan Kowalski spotkał się z Anną Nowak w Warszawie podczas konferencji prasowej.",
    ],
)
def test_an_ordinary_sentence_is_not_cut(sentence: str) -> None:
    assert split_point(sentence, 0, len(sentence)) is None


@pytest.mark.parametrize(
    "sentence",
    [
        # Acceptance texts (tests/data/legit_mixed.json): a quoted title, a bracketed gloss.
        "Фильм «The Social Network» вышел в 2010 году и получил три премии «Оскар».",
        "르노삼성 부산공장은 사원대표위원회(ERO·Employee Representative Organization)가 "
        "타사의 노조 역할을 대신한다.",
        'He called the plan "une véritable catastrophe pour tout le pays" in his speech.',
    ],
)
def test_a_quoted_or_bracketed_foreign_run_is_no_change_of_language(sentence: str) -> None:
    assert split_point(sentence, 0, len(sentence)) is None


def test_no_acceptance_sentence_is_cut_inside_quotes_or_brackets() -> None:
    for case in LEGIT:
        text = case["text"]
        for c in candidates(text, "und"):
            inside = text[c.start : c.end]
            for o, e in (("«", "»"), ("(", ")"), ("「", "」"), ("“", "”")):
                assert inside.count(o) == inside.count(e), (case, inside)


def test_too_few_words_on_either_side_never_split() -> None:
    text = "Hola amigo mío, call now"
    assert len(text.split()) < 2 * MIN_SIDE_WORDS + 1
    assert split_point(text, 0, len(text)) is None


def test_word_vectors_are_cached_and_language_shaped() -> None:
    v = word_vector("the")
    assert v is word_vector("the") and v.ndim == 1 and v.size > 20


def test_the_language_gap_measures_how_foreign_a_span_reads() -> None:
    text = "Reply to this message and win a prize today."
    gap, words = language_gap(text, 0, len(text), "es")
    assert words == 9 and gap > 30
    same, _ = language_gap(text, 0, len(text), "en")
    assert same == 0.0
    # No profile for the document's language, or no words: nothing to say.
    assert language_gap(text, 0, len(text), "und") == (0.0, 0)
    assert language_gap("12 345", 0, 6, "en") == (0.0, 0)
