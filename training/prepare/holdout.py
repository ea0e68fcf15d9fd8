"""Keep the acceptance texts (tests/data/legit_mixed.json) out of every training source."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from service.config import REPO_ROOT

ACCEPTANCE_FILE = REPO_ROOT / "tests" / "data" / "legit_mixed.json"
# The bilingual acceptance pages are built from these UDHR paragraphs (in every language).
UDHR_HELD_OUT = range(3, 7)


@lru_cache(maxsize=4)
def acceptance_texts(path: Path = ACCEPTANCE_FILE) -> tuple[str, ...]:
    """Return the acceptance texts, or nothing when the file is absent (a packaged build)."""
    if not path.is_file():
        return ()
    rows = json.loads(path.read_text(encoding="utf-8"))
    return tuple(str(r["text"]) for r in rows if isinstance(r, dict) and "text" in r)


def drop_held_out(sentences: dict[str, list[str]]) -> dict[str, list[str]]:
    """Return the sentences minus every one that appears inside an acceptance text."""
    texts = acceptance_texts()
    if not texts:
        return sentences
    blob = "\n".join(texts)
    return {lang: [s for s in sents if s not in blob] for lang, sents in sentences.items()}


def drop_held_out_udhr(udhr: dict[str, list[str]]) -> dict[str, list[str]]:
    """Blank the held-out UDHR paragraphs (kept as empty strings so indices stay parallel)."""
    blob = "\n".join(acceptance_texts())
    return {
        lang: ["" if i in UDHR_HELD_OUT or (p and p in blob) else p for i, p in enumerate(paras)]
        for lang, paras in udhr.items()
    }
