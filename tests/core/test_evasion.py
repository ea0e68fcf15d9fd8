"""Tests for service.core.evasion: each evasion folds back, offsets point at the original."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.core.evasion import fold_evasions, fold_term
from service.core.rulefiles import load_ruleset
from service.core.ruleset import Ruleset

ROOT = Path(__file__).resolve().parents[2]
# The Leipzig sentences ship with the repository (training/data), so this check always runs.
PROSE = ROOT / "training" / "data" / "prose" / "leipzig-sentences"


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    return load_ruleset(ROOT / "rules", ROOT / "tests" / "no-local-layer")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("上 海 龙 凤", "上海龙凤"),
        ("v.i.a.g.r.a", "viagra"),
        ("V-I-A-G-R-A", "viagra"),
        ("v_i_a_g_r_a", "viagra"),
        ("fuсk", "fuck"),  # Cyrillic с
        ("上海龍鳳", "上海龙凤"),
        ("薇信 abc", "微信 abc"),
        ("V信", "微信"),
        ("微x", "微信"),
        ("vx: abc", "微信: abc"),
        ("威信", "微信"),
        ("扣扣", "qq"),
        ("Q Q", "qq"),
        ("企鹅 12345", "qq 12345"),
        ("一三八一二三四五六七八", "13812345678"),
        ("１３８", "138"),
        ("www点xxx点com", "www.xxx.com"),
        ("example dot com", "example.com"),
        ("example (dot) com", "example.com"),
    ],
)
def test_evasion_is_folded(text: str, folded: str) -> None:
    assert fold_evasions(text).text == folded


@pytest.mark.parametrize(
    "text",
    [
        "I am a cat",
        "a dot on the map",
        "U.S. policy",
        "Москва",
        "企鹅是鸟",
        "一个人",
        "微笑",
        "α-beta",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert fold_evasions(text).text == fold_term(text) == text.lower()


def test_spaced_run_maps_to_whole_original_stretch() -> None:
    text = "hi 上 海 龙 凤 there"
    f = fold_evasions(text)
    i = f.text.index("上海龙凤")
    start, end = f.original_span(i, i + 4)
    assert text[start:end] == "上 海 龙 凤"


@pytest.mark.parametrize(
    ("term", "disguised", "rule_id"),
    [
        ("viagra", "buy v.i.a.g.r.a now", "EN_PHARMA"),
        ("viagra", "buy v-i-a-g-r-a now", "EN_PHARMA"),
        ("viagra", "buy vіagra now", "EN_PHARMA"),  # Ukrainian і
        ("viagra", "buy ＶＩＡＧＲＡ now", "EN_PHARMA"),
        ("viagra", "buy v\u200biagra now", "EN_PHARMA"),
        ("上海龙凤", "看 上 海 龙 凤 吧", "ZH_CITY_ADULT_VENUE"),
        ("上海龙凤", "看上海龍鳳吧", "ZH_CITY_ADULT_VENUE"),
        ("成人电影", "免费看：成 人 电 影", "ZH_PORN_TERMS"),
        ("qq", "加扣扣 12345678", "CONTACT_QQ"),
        ("qq", "加Q Q：一二三四五六七八", "CONTACT_QQ"),
        ("wechat", "加薇信 abc12345", "CONTACT_WECHAT"),
        ("wechat", "加V信 abc12345", "CONTACT_WECHAT"),
        ("wechat", "加微x abc12345", "CONTACT_WECHAT"),
        ("url", "www点xxx点com", "CONTACT_URL"),
    ],
)
def test_disguised_term_is_caught_on_original_characters(
    ruleset: Ruleset, term: str, disguised: str, rule_id: str
) -> None:
    hits = [h for h in ruleset.match(disguised) if h.rule_id == rule_id]
    assert hits, f"{rule_id} missed {disguised!r}"
    span = disguised[hits[0].start : hits[0].end]
    # The reported span is the disguised stretch itself, folding back to the term.
    assert term in fold_evasions(span).text or rule_id.startswith("CONTACT")
    assert span.strip() == span and span


def _sentences(lang: str, n: int) -> list[str]:
    with gzip.open(PROSE / f"{lang}.txt.gz", "rt", encoding="utf-8") as fh:
        return [s for s in fh.read().splitlines() if s.strip()][:n]


def test_folding_adds_no_strong_hits_on_clean_prose(ruleset: Ruleset) -> None:
    new: list[tuple[str, str]] = []
    for lang in ("en", "zh", "ja", "ru", "de"):
        for sentence in _sentences(lang, 100):
            plain = {h.rule_id for h in ruleset.match(sentence, evasions=False) if h.score >= 0.5}
            folded = {h.rule_id for h in ruleset.match(sentence) if h.score >= 0.5}
            new.extend((rid, sentence) for rid in folded - plain)
    assert not new


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_offset_map_stays_inside_original(text: str) -> None:
    f = fold_evasions(text)
    assert len(f.starts) == len(f.ends) == len(f.text)
    for a, b in zip(f.starts, f.ends, strict=True):
        assert 0 <= a < b <= len(text)
