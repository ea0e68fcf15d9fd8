"""Tests for service.core.language: deterministic detection, script fast path, und."""

import subprocess
import sys

from service.core.language import detect_document, detect_segment


def test_script_fast_path() -> None:
    assert detect_document("上海是中国的经济中心，也是一座国际化大都市。") == "zh"
    assert detect_document("これは東京で撮った写真です。") == "ja"
    assert detect_document("서울은 한국의 수도입니다.") == "ko"
    assert detect_document("กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย") == "th"


def test_latin_and_cyrillic_use_langdetect() -> None:
    assert detect_document("The glass towers of Shanghai glitter with ambition these days.") == "en"
    assert detect_document("Сегодня в Москве прошла большая конференция по технологиям.") == "ru"


def test_too_little_text_is_und() -> None:
    assert detect_document("12345 !!!") == "und"
    assert detect_document("ok") == "und"


def test_short_segment_in_document_script_takes_document_language() -> None:
    assert detect_segment("Venture Capital", "Latin", "en", "Latin") == "en"
    assert detect_segment("爱上海论坛", "Han", "en", "Latin") == "zh"
    assert detect_segment("東京", "Han", "ja", "Kana") == "ja"


def test_same_answer_in_every_process() -> None:
    text = "Das ist ein kurzer Satz, der nicht ganz eindeutig ist."
    code = f"from service.core.language import detect_document as d; print(d({text!r}))"
    answers = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(3)
    }
    assert answers == {detect_document(text)}


def test_segment_budget_remembers_and_caps_langdetect_calls() -> None:
    from service.core.language import SegmentBudget

    budget = SegmentBudget(max_calls=1)
    first = budget.langdetect("Guten Morgen, wie geht es Ihnen heute?")
    assert first == "de" and budget.calls_left == 0
    # Asked again, the answer comes from memory; a new segment past the cap is `und`.
    assert budget.langdetect("Guten Morgen, wie geht es Ihnen heute?") == "de"
    assert budget.langdetect("Bonjour, comment allez-vous aujourd'hui ?") == "und"
