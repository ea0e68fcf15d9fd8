"""Join flagged spans that sit side by side on one line into one span."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from service.core.combine import Scored
from service.core.types import Reason

# Only blanks between two flagged spans: a line break keeps them apart (a spam line and the
# next line are two findings), anything else belongs to neither.
_BLANKS = frozenset(" \t\u3000")


def merge_adjacent(spans: Sequence[Scored], text: str) -> list[Scored]:
    """Merge spans (sorted by start) separated only by blanks on the same line.

    A three-sentence spam message is segmented into three sentences; flagged one by one it
    came back as three spans with the spaces between them left out, so the spam run was
    reported in pieces. The merged span keeps the highest score, the language of its
    longest piece and every distinct reason.
    """
    out: list[Scored] = []
    longest: list[int] = []  # length of the longest piece in each merged span
    for s in spans:
        if out and _adjacent(out[-1], s, text):
            prev = out[-1]
            a, b = prev.candidate.start, max(prev.candidate.end, s.candidate.end)
            size = s.candidate.end - s.candidate.start
            language = prev.candidate.language
            if size > longest[-1]:
                language, longest[-1] = s.candidate.language, size
            cand = replace(
                prev.candidate,
                end=b,
                text=text[a:b],
                language=language,
                own_line=prev.candidate.at_paragraph_start and s.candidate.own_line,
                right=s.candidate.right,
            )
            out[-1] = Scored(cand, max(prev.score, s.score), _union(prev.reasons, s.reasons))
        else:
            out.append(s)
            longest.append(s.candidate.end - s.candidate.start)
    return out


def _adjacent(a: Scored, b: Scored, text: str) -> bool:
    gap_start, gap_end = a.candidate.end, b.candidate.start
    if gap_end < gap_start:
        return True  # overlapping
    return all(ch in _BLANKS for ch in text[gap_start:gap_end])


def _union(a: tuple[Reason, ...], b: tuple[Reason, ...]) -> tuple[Reason, ...]:
    out = list(a)
    seen = {(r.kind, r.id) for r in a}
    for r in b:
        if (r.kind, r.id) not in seen:
            seen.add((r.kind, r.id))
            out.append(r)
    return tuple(out)
