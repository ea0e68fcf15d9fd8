"""Build benchmark texts of a given UTF-8 size from real sentences in several languages."""

from __future__ import annotations

import gzip

from service.config import REPO_ROOT

LANGUAGES = ("en", "zh", "ru", "ja", "de")
SIZES_KB = (1, 4, 64)
# The training corpus copy first, then the shared data folder that sits beside a clone.
CORPUS_DIRS = (
    REPO_ROOT / "training" / "data" / "prose" / "leipzig-sentences",
    REPO_ROOT.parent / "shared" / "data" / "prose" / "leipzig-sentences",
)
_NO_SPACES = {"zh", "ja"}


class CorpusMissing(FileNotFoundError):
    """No sentence file for a language in any known corpus folder."""


def sentences(lang: str) -> list[str]:
    """Return the non-empty sentences of one language's Leipzig file."""
    for folder in CORPUS_DIRS:
        path = folder / f"{lang}.txt.gz"
        if path.is_file():
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                return [line.strip() for line in fh if line.strip()]
    raise CorpusMissing(f"no {lang}.txt.gz in {', '.join(str(d) for d in CORPUS_DIRS)}")


def text_of_size(lang: str, size_bytes: int) -> str:
    """Join whole sentences, repeating the file if needed, then trim to `size_bytes` of UTF-8."""
    pool = sentences(lang)
    sep = "" if lang in _NO_SPACES else " "
    parts: list[str] = []
    used = 0
    i = 0
    while used < size_bytes:
        s = pool[i % len(pool)]
        parts.append(s)
        used += len(s.encode("utf-8")) + len(sep)
        i += 1
    raw = sep.join(parts).encode("utf-8")[:size_bytes]
    # A cut inside a multi-byte character drops that character, never makes invalid text.
    return raw.decode("utf-8", errors="ignore").strip()


def corpus(sizes_kb: tuple[int, ...] = SIZES_KB) -> dict[int, list[str]]:
    """Return, per size in KB, one text per benchmark language."""
    return {kb: [text_of_size(lang, kb * 1024) for lang in LANGUAGES] for kb in sizes_kb}
