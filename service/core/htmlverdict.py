"""Turn the verdict on a page's checked text into the verdict on the HTML as sent."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from service.core.htmlclean import clean_html
from service.core.htmlpage import Page
from service.core.types import Action, Reason, RuleHit, Span, Thresholds, Verdict

# A hidden link out of the site is what a hacked theme plants: strong evidence on its own,
# short of a block (a legitimately hidden link to a partner exists), so its anchor text must
# read as spam too (model or rules) to block.
HIDDEN_LINK_SCORE = 0.6
KNOWN_DOMAIN_ID = "PAGE_DOMAIN"
# The reason every span read inside a hidden element carries, whichever reading flagged it.
HIDDEN_CONTENT = Reason("context", "HIDDEN_CONTENT", "inside a hidden element")
# A domain name as written in text: dotted labels, whole (not the tail of a longer name).
_DOMAIN_NAME = re.compile(r"(?<![\w.-])[\w-]+(?:\.[\w-]+)+")


def hidden_link_hits(page: Page) -> list[RuleHit]:
    """Return one rule hit per hidden link to an unrelated domain, over its anchor text."""
    return [
        RuleHit(
            "HIDDEN_LINK",
            link.start,
            link.end,
            HIDDEN_LINK_SCORE,
            f"A hidden link to {link.domain}, a domain the page does not call its own.",
            group="links",
        )
        for link in page.hidden_links
    ]


def known_domain_hits(page: Page, a: int, b: int) -> list[RuleHit]:
    """Return a veto hit, in the offsets of the checked-text range [a, b), over every
    domain name written there that the page calls its own or links openly.

    A site names itself and what it links to ("simply type www.msn.com", a citation titled
    "Mozilla.org WHOIS" on the page about Mozilla): on the 93 real pages of
    ../shared/data/html the URL rule flagged such mentions. They are the page's allowlist,
    as a site's own terms are (`allow.site_allow_hits`); promoted domains are none of them.
    """
    hits = []
    for m in _DOMAIN_NAME.finditer(page.text, a, b):
        labels = m.group().lower().split(".")
        # The name or any domain it is under: www.msn.com is under msn.com.
        if any(".".join(labels[k:]) in page.known for k in range(len(labels) - 1)):
            hits.append(
                RuleHit(
                    KNOWN_DOMAIN_ID,
                    m.start() - a,
                    m.end() - a,
                    -0.5,
                    "A domain the page calls its own or links openly.",
                    "allow",
                    (),
                    True,
                )
            )
    return hits


def block_link_hits(hits: Sequence[RuleHit], a: int, b: int) -> list[RuleHit]:
    """Return the page's hidden-link hits (`hidden_link_hits`, built once per page) inside
    the checked-text range [a, b), in its offsets."""
    return [
        replace(h, start=h.start - a, end=h.end - a) for h in hits if a <= h.start and h.end <= b
    ]


def visible_view(page: Page) -> str:
    """Return a page's checked text with its hidden blocks blanked out, offsets kept."""
    parts = []
    at = 0
    for a, b in page.hidden:
        parts.append(page.text[at:a])
        parts.append(" " * (b - a))
        at = b
    parts.append(page.text[at:])
    return "".join(parts)


def with_hidden_blocks(
    verdict: Verdict, blocks: Sequence[tuple[int, int, Verdict]], thresholds: Thresholds
) -> Verdict:
    """Return a page's verdict with the spans inside each hidden block [a, b) taken from
    that block's own verdict.

    Planted text is not part of the article around it. Read as sentences of a long page, it
    took that page's context: on the 93 real pages of ../shared/data/html, SMS spam hidden in
    an article ("FREE NOKIA Or Motorola with upto 12mths 1/2price linerental…") scored 0.05,
    while the same text read on its own is flagged.
    """
    if not blocks:
        return verdict
    spans = [s for s in verdict.spans if not any(a <= s.start < b for a, b, _ in blocks)]
    reasons = list(verdict.reasons)
    for a, _b, v in blocks:
        spans.extend(_shifted_hidden(s, a) for s in v.spans)
        reasons.extend(r for r in v.reasons if r not in reasons)
    spans.sort(key=lambda s: s.start)
    # A block read past the deadline makes the page's answer partial too (its reason was
    # already carried over, its flag was not).
    partial = verdict.partial or any(v.partial for _a, _b, v in blocks)
    out = _rescored(
        replace(verdict, reasons=tuple(reasons), partial=partial), tuple(spans), thresholds
    )
    if spans:
        return out
    # Nothing flagged: the page keeps the highest score that flagged nothing, as a text does.
    quiet = max(v.score for v in (verdict, *(v for _a, _b, v in blocks)) if not v.spans)
    return replace(out, score=quiet)


def _shifted_hidden(span: Span, offset: int) -> Span:
    """Move a hidden block's span to page offsets, marked as hidden content even where the
    block was flagged whole (the message head gives no per-atom reason)."""
    reasons = span.reasons
    if not any(r.id == HIDDEN_CONTENT.id for r in reasons):
        reasons = (*reasons, HIDDEN_CONTENT)
    return replace(span, start=span.start + offset, end=span.end + offset, reasons=reasons)


def html_verdict(page: Page, verdict: Verdict, thresholds: Thresholds) -> Verdict:
    """Map a verdict's spans from checked-text offsets to HTML offsets; cut the HTML.

    On a page, a span the model alone flags below the block threshold is dropped: on the 93
    real pages of ../shared/data/html such spans were ordinary sentences of long articles
    (citations, "Just 4 lines!", "What!"), while spam pasted into a page's prose scored
    above it or carried rule or hidden-content evidence.
    """
    kept = tuple(s for s in verdict.spans if s.score >= thresholds.block or _corroborated(s))
    if len(kept) < len(verdict.spans):
        verdict = _rescored(verdict, kept, thresholds)
    spans = []
    for s in verdict.spans:
        a, b = page.html_range(s.start, s.end)
        spans.append(Span(a, b, page.source[a:b], s.language, s.score, s.reasons))
    ranges = [(s.start, s.end) for s in verdict.spans]
    return replace(
        verdict,
        spans=tuple(spans),
        clean_text=clean_html(page, ranges) if ranges else page.source,
    )


def empty_verdict(source: str, rules_version: str, model_version: str) -> Verdict:
    """Return the verdict on a page that shows no text to check: allowed as it is."""
    return Verdict(
        verdict=Action.ALLOW,
        score=0.0,
        language="und",
        languages=(),
        spans=(),
        reasons=(),
        clean_text=source,
        rules_version=rules_version,
        model_version=model_version,
    )


def _corroborated(span: Span) -> bool:
    """Tell whether a span has evidence besides the span model: a rule or hidden content."""
    return any(r.kind == "rule" or r.id == HIDDEN_CONTENT.id for r in span.reasons)


def _rescored(verdict: Verdict, spans: tuple[Span, ...], th: Thresholds) -> Verdict:
    """Return the verdict with only `spans`, its score and action re-derived from them."""
    score = max((s.score for s in spans), default=0.0)
    action = (
        Action.BLOCK
        if score >= th.block
        else Action.REVIEW
        if score >= th.review
        else (Action.ALLOW)
    )
    if any(r.id == "SHADOW" for r in verdict.reasons):
        action = Action.ALLOW
    return replace(verdict, spans=spans, score=round(score, 4), verdict=action)
