"""Measure per-segment language detection: the service's detect_segment against langdetect."""

from __future__ import annotations

import random

from langdetect import DetectorFactory, detect
from langdetect.lang_detect_exception import LangDetectException

from service.core.language import UNDETERMINED, detect_segment
from service.core.scripts import COMMON, dominant_script, family
from training.prepare.splits import TEST, split_of

LANGUAGES = (
    "en", "de", "fr", "es", "pt", "it", "nl", "pl", "sv", "cs", "ro", "tr", "id", "vi",
    "ru", "uk", "ar", "fa", "he", "el", "hi", "th", "zh", "ja", "ko",
)  # fmt: skip
MIN_CHARS, MAX_CHARS = 20, 60


def segment(sentence: str, rng: random.Random) -> str | None:
    """Cut a 20–60 character piece out of a sentence (at spaces where the script has them)."""
    if len(sentence) < MIN_CHARS:
        return None
    size = rng.randint(MIN_CHARS, min(MAX_CHARS, len(sentence)))
    start = rng.randint(0, len(sentence) - size)
    piece = sentence[start : start + size]
    if " " in piece and family(dominant_script(piece)) not in ("CJK", "Thai"):
        words = piece.split(" ")
        piece = " ".join(words[1:-1]) if len(words) > 3 else piece
    piece = piece.strip()
    return piece if len(piece) >= MIN_CHARS else None


def plain_langdetect(text: str) -> str:
    """Return seeded langdetect's answer with Chinese variants folded to zh."""
    DetectorFactory.seed = 0
    try:
        code = str(detect(text))
    except LangDetectException:
        return UNDETERMINED
    return "zh" if code.startswith("zh") else code


def accuracy(sentences: dict[str, list[str]], per_language: int, seed: int) -> dict[str, object]:
    """Return, per language, how often each detector names the segment's language."""
    rng = random.Random(seed)
    out: dict[str, dict[str, float]] = {}
    hits_s = hits_p = total = 0
    for lang in LANGUAGES:
        pool = [s for s in sentences.get(lang, []) if split_of(s, f"leipzig-{lang}") == TEST]
        segs = [p for p in (segment(s, rng) for s in pool) if p][:per_language]
        if not segs:
            continue
        svc = sum(detect_segment(s, dominant_script(s), UNDETERMINED, COMMON) == lang for s in segs)
        pld = sum(plain_langdetect(s) == lang for s in segs)
        out[lang] = {
            "segments": len(segs),
            "detect_segment": round(svc / len(segs), 4),
            "langdetect": round(pld / len(segs), 4),
        }
        hits_s, hits_p, total = hits_s + svc, hits_p + pld, total + len(segs)
    overall = {
        "segments": total,
        "detect_segment": round(hits_s / total, 4) if total else 0.0,
        "langdetect": round(hits_p / total, 4) if total else 0.0,
    }
    return {"overall": overall, "by_language": out}
