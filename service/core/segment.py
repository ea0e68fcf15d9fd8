"""Cut a text into candidate spans: lines, sentences, and islands of another script."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from service.core.langsplit import split_point
from service.core.language import SegmentBudget, detect_segment
from service.core.scripts import (
    CODE_OF,
    COMMON,
    NAME_OF,
    dominant_script,
    family,
    script_codes,
    script_counts,
)
from service.core.types import Candidate

# Characters of the text kept on each side of a candidate (Candidate.left and .right).
CONTEXT_CHARS = 60
# Share of a line's letters in the document's script that keeps it "in" the document.
ANCHOR_SHARE = 0.25
# Sentence ends: Latin . ! ? (followed by space), CJK 。！？, Devanagari danda, Arabic ؟,
# Thai has no sentence punctuation and separates sentences with a space run. Chinese
# prose puts no space between two Han characters, and a promo name pasted into it keeps
# one ("爱杭州花坊51会所 忙了一上午…"): without a cut there the name and the host sentence
# were one candidate, flagged or cleared together.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])\s+|(?<=[。！？!?；])|(?<=[।॥؟])\s*|\s{2,}"
    rf"|(?<=[{_HAN}])[ \t\u3000]+(?=[{_HAN}])"
)
# Kana letters join Han runs: Japanese writes with both.
_FAMILY_CODES = str.maketrans({CODE_OF["Kana"]: CODE_OF["Han"]})
_HAN_BLOCK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9０-９]+")
_OPENERS = "([{（［【「『《〈“‘\"'«‹"
_CLOSERS = ")]}）］】」』》〉”’\"'»›"


@dataclass(frozen=True)
class Run:
    """A maximal stretch of one script family inside a line (offsets into the text)."""

    start: int
    end: int
    family: str
    script: str
    letters: int


def strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    """Shrink [a, b) past the whitespace at both ends (empty when it is all whitespace)."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def lines(text: str) -> list[tuple[int, int]]:
    """Return [start, end) of each non-blank line, trimmed of surrounding whitespace."""
    out = [strip_span(text, m.start(), m.end()) for m in re.finditer(r"[^\r\n]+", text)]
    return [(a, b) for a, b in out if a < b]


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split text[start:end] into sentences, trimmed, as absolute offsets."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    trimmed = [strip_span(text, a, b) for a, b in out]
    return [(a, b) for a, b in trimmed if a < b]


def split_languages(text: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut each sentence where its language changes (spam run into the next sentence)."""
    out: list[tuple[int, int]] = []
    for a, b in sents:
        p = split_point(text, a, b)
        if p is None:
            out.append((a, b))
            continue
        out += [x for x in (strip_span(text, a, p), strip_span(text, p, b)) if x[0] < x[1]]
    return out


def join_letterless(text: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join each piece without a letter ("👋", "🎁⬇️", "16", "6.") to the sentence before it,
    or, at the start of a line, to the one after it.

    Telegram spam puts emoji between its sentences; as sentences of their own they stood
    between a message's sentences and hid each from its neighbours' scores.
    """
    out: list[tuple[int, int]] = []
    lead: int | None = None
    for a, b in sents:
        if not any(ch.isalpha() for ch in text[a:b]):
            if out:
                out[-1] = (out[-1][0], b)
            elif lead is None:
                lead = a
            continue
        out.append((lead if lead is not None else a, b))
        lead = None
    if lead is not None:
        out.append((lead, sents[-1][1]))
    return out


# Runs of one family's code with only Common ("_") between letters of that family.
_RUN = re.compile(r"([^_])(?:_*\1)*")


def script_runs(text: str, start: int, end: int, min_letters: int = 1) -> list[Run]:
    """Find runs of one script family; digits glued to a run belong to it.

    Spaces and punctuation between two letters of the same family stay inside the run, so
    "新上海龙凤419会所" and "Venture Capital With Shanghai" are one run each.
    """
    codes = script_codes(text[start:end])
    fams = codes.translate(_FAMILY_CODES)
    runs: list[Run] = []
    for m in _RUN.finditer(fams):
        a, b = m.start(), m.end()
        if b - a < min_letters:
            continue  # fewer characters than letters wanted: cannot qualify
        counts = Counter(codes[a:b])
        counts.pop("_", None)
        named = {NAME_OF[k]: n for k, n in counts.items()}
        runs.append(_make_run(text, start + a, start + b, family(NAME_OF[m.group(1)]), named))
    return runs


def _make_run(text: str, a: int, b: int, fam: str, counts: dict[str, int]) -> Run:
    """Build a Run, extending it over digits glued to either side."""
    while a > 0 and text[a - 1].isdigit():
        a -= 1
    while b < len(text) and text[b].isdigit():
        b += 1
    script = max(counts, key=lambda k: counts[k])
    if fam == "CJK" and counts.get("Kana", 0):
        script = "Kana"
    return Run(a, b, fam, script, sum(counts.values()))


def is_enclosed(text: str, start: int, end: int) -> bool:
    """Tell whether text[start:end] sits inside brackets or quotes."""
    a = start - 1
    while a >= 0 and text[a] in " \t":
        a -= 1
    b = end
    while b < len(text) and text[b] in " \t":
        b += 1
    if a < 0 or b >= len(text):
        return False
    return text[a] in _OPENERS and text[b] in _CLOSERS


def candidates(text: str, doc_language: str, doc_script: str | None = None) -> list[Candidate]:
    """Return every candidate span: each line, each sentence of multi-sentence lines, and
    each run of a script family other than the document's (its dominant script unless
    `doc_script` names the host's).
    """
    doc_script = doc_script or dominant_script(text)
    doc_fam = family(doc_script)
    out: list[Candidate] = []
    budget = SegmentBudget()
    for la, lb in lines(text):
        sents = join_letterless(text, split_languages(text, sentences(text, la, lb)))
        # A one-sentence line is judged as a line; a longer line sentence by sentence, so a
        # spam sentence can be cut without taking its neighbours with it.
        if len(sents) <= 1:
            out.append(
                _cand(text, la, lb, "line", la, (la, lb), doc_language, doc_script, budget=budget)
            )
        else:
            for sa, sb in sents:
                out.append(
                    _cand(text, sa, sb, "sentence", la, (la, lb), doc_language, doc_script,
                          budget=budget)
                )  # fmt: skip
        runs = script_runs(text, la, lb, min_letters=2)
        for run in runs:
            # One letter of another script ("the 中 sign", "a上a上…") is no promo, and
            # taking every such letter as a candidate would let a hostile text explode.
            if run.family == doc_fam or doc_fam == COMMON or run.letters < 2:
                continue
            if (run.start, run.end) == (la, lb):
                continue  # the whole line is this run: the line candidate already covers it
            out.append(
                _cand(
                    text,
                    run.start,
                    run.end,
                    "script_run",
                    la,
                    (la, lb),
                    doc_language,
                    doc_script,
                    script=run.script,
                    budget=budget,
                )
            )
        # Japanese text, whether the document is Japanese or a Japanese line sits in, say,
        # an English page (a bilingual UDHR page with a promo glued to its Japanese half).
        if doc_script == "Kana" or any(r.script == "Kana" for r in runs):
            for a, b in _han_blocks(text, la, lb):
                out.append(
                    # Standing apart from every kana, the block reads as Chinese: say so,
                    # so that Chinese rules (city + venue names) apply to it.
                    replace(
                        _cand(text, a, b, "script_run", la, (la, lb), doc_language, doc_script,
                              script="Han", budget=budget),
                        language="zh",
                    )
                )  # fmt: skip
    return out


def _han_blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Find blocks of 4+ Han characters that stand apart (touch no kana) in Japanese text.

    Japanese glues its Han words to kana particles; a Chinese promo pasted into Japanese
    prose touches none, yet shares the document's script family and so is no island.
    """
    out = []
    for m in _HAN_BLOCK.finditer(text, start, end):
        a, b = m.start(), m.end()
        while a < b and text[a].isdigit():
            a += 1
        while b > a and text[b - 1].isdigit():
            b -= 1
        if sum(1 for ch in text[a:b] if not ch.isdigit()) < 4:
            continue
        before = text[a - 1] if a > start else ""
        after = text[b] if b < end else ""
        if script_codes(before + after).count(CODE_OF["Kana"]):
            continue
        out.append((a, b))
    return out


def _cand(
    text: str,
    a: int,
    b: int,
    kind: str,
    line_start: int,
    line: tuple[int, int],
    doc_language: str,
    doc_script: str,
    script: str | None = None,
    budget: SegmentBudget | None = None,
) -> Candidate:
    """Describe text[a:b] with its context."""
    chunk = text[a:b]
    scr = script or _line_script(chunk, doc_script)
    return Candidate(
        start=a,
        end=b,
        text=chunk,
        kind=kind,
        script=scr,
        language=detect_segment(chunk, scr, doc_language, doc_script, budget),
        doc_language=doc_language,
        doc_script=doc_script,
        at_paragraph_start=a == line_start,
        own_line=(a, b) == line,
        enclosed=is_enclosed(text, a, b),
        left=text[max(0, a - CONTEXT_CHARS) : a],
        right=text[b : b + CONTEXT_CHARS],
    )


def _line_script(chunk: str, doc_script: str) -> str:
    """Give a line or sentence the document's script unless it is written almost wholly in
    another: a Russian sentence quoting an English title is still a Russian sentence.
    """
    counts = script_counts(chunk)
    total = sum(counts.values())
    if not total:
        return COMMON
    doc_fam = family(doc_script)
    own = sum(n for s, n in counts.items() if family(s) == doc_fam)
    if own >= ANCHOR_SHARE * total:
        return doc_script
    return dominant_script(chunk)


# A text up to this long on one line is message-like (`is_message_like`).
MESSAGE_MAX_CHARS = 1000


def is_message_like(view: str) -> bool:
    """Tell whether a text is the kind the message head learnt from: one short paragraph.

    It learnt from SMS, Telegram messages and single sentences; on a page it mostly reacts
    to length and mixed languages (a bilingual UDHR page scored 0.94), and on a few
    paragraphs of prose it flagged clean Russian documents whole (5 of the 10 clean Russian
    documents model 1.6.0 flagged). Elsewhere only the spans speak and its score stays a
    reason.
    """
    return len(view) <= MESSAGE_MAX_CHARS and "\n" not in view.strip()
