"""Tell the language of a document or a segment: seeded langdetect plus a script fast path."""

from __future__ import annotations

import threading

from langdetect import DetectorFactory
from langdetect.detector_factory import init_factory
from langdetect.lang_detect_exception import LangDetectException

from service.core.scripts import (
    CODE_OF,
    COMMON,
    SCRIPT_LANGUAGE,
    dominant_script,
    family,
    script_codes,
)

UNDETERMINED = "und"
# langdetect reaches 99.9% on 200 characters (MEASURED.md); more costs time, not accuracy.
_SAMPLE_CHARS = 600
_MIN_LETTERS = 12
# A segment with fewer letters than this gets `und`: langdetect's guesses on a handful of
# letters are noise. 20 (the first choice) answered `und` for most 20–60 character
# segments, Hindi above all, where langdetect alone did better; the evaluation's
# side-by-side table measures the trade.
_MIN_SEGMENT_LETTERS = 10
_lock = threading.Lock()
_ready = False


def _ensure_factory() -> None:
    """Load langdetect's profiles once and fix its seed so every process answers alike."""
    global _ready
    if _ready:
        return
    with _lock:
        if not _ready:
            init_factory()
            DetectorFactory.seed = 0
            _ready = True


def _langdetect(text: str) -> str:
    """Run seeded langdetect; any failure means the language cannot be told."""
    _ensure_factory()
    from langdetect import detector_factory

    factory = detector_factory._factory
    if factory is None:
        return UNDETERMINED
    try:
        detector = factory.create()
        detector.append(text)
        code = str(detector.detect())
    except LangDetectException:
        return UNDETERMINED
    return "zh" if code.startswith("zh") else code


def _family_text(text: str, fam: str) -> str:
    """Keep the characters of one script family (and the spaces between them)."""
    codes = script_codes(text)
    keep = {CODE_OF[name] for name in CODE_OF if name != COMMON and family(name) == fam}
    out = [
        ch if (code in keep or (code == "_" and ch.isdigit())) else " "
        for ch, code in zip(text, codes, strict=True)
    ]
    return " ".join("".join(out).split())


def _letters(text: str) -> int:
    """Count letters by script, so Indic vowel signs (marks, not alpha) count too."""
    return len(text) - script_codes(text).count("_")


def detect_document(text: str) -> str:
    """Return the dominant language of a whole text, `und` when it cannot be told."""
    script = dominant_script(text)
    if script == "Common":
        return UNDETERMINED
    if script in SCRIPT_LANGUAGE:
        return SCRIPT_LANGUAGE[script]
    sample = _family_text(text[: _SAMPLE_CHARS * 4], family(script))[:_SAMPLE_CHARS]
    if _letters(sample) < _MIN_LETTERS:
        return UNDETERMINED
    return _langdetect(sample)


def detect_segment(text: str, script: str, doc_language: str, doc_script: str) -> str:
    """Return a segment's language: by script where the script names it, else langdetect.

    A short segment in the document's own script is taken to share its language: on 20–60
    characters every detector errs several percent of the time, and a wrong call here would
    turn ordinary sentences into "foreign" islands.
    """
    if script in SCRIPT_LANGUAGE:
        if script == "Han" and doc_script == "Kana":
            return "ja"
        return SCRIPT_LANGUAGE[script]
    if family(script) == family(doc_script) and doc_language != UNDETERMINED:
        return doc_language
    if _letters(text) < _MIN_SEGMENT_LETTERS:
        return UNDETERMINED
    return _langdetect(text)
