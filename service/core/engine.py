"""Check one text, as one straight line, into a traceable Verdict.

    normalise and match rules (`rules`, `allow`)
    -> segment and tile into atoms (`segment`, `tiling`)
    -> describe and label the atoms (`classifier.label`: `labelfeatures`, `labeller`)
    -> combine each atom's probability with its rule hits (`combine`)
    -> join flagged atoms side by side into spans (`merge`) -> verdict and clean text.

No stage calls the model twice; what the labeller says about an atom is final, and rules
add their evidence and reasons to it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from service.core.allow import allowlisted, apply_vetoes, site_allow_hits
from service.core.cleaning import cut_spans
from service.core.combine import Scored, combine, is_island
from service.core.errors import InputError
from service.core.htmlpage import ReadsAsSpam, read_page
from service.core.htmlverdict import (
    HIDDEN_CONTENT,
    block_link_hits,
    empty_verdict,
    hidden_link_hits,
    html_verdict,
    known_domain_hits,
    visible_view,
    with_hidden_blocks,
)
from service.core.language import UNDETERMINED, detect_document
from service.core.merge import merge_adjacent
from service.core.scripts import family
from service.core.segment import candidates, is_message_like
from service.core.shares import language_shares
from service.core.tiling import Tiling, hits_by_atom, tile
from service.core.types import Action, Candidate, Reason, RuleHit, Span, Thresholds, Verdict

if TYPE_CHECKING:
    from service.core.classifier import Classifier
    from service.core.ruleset import Ruleset, SiteSettings

FORMATS = ("text", "html")
HIDDEN_BOOST = 0.3
# Pages up to 2 MB are answered; the text they show is what counts against `max_chars`.
MAX_HTML_CHARS = 2_500_000
# Below this message-head probability a short message's own-script spans are damped.
MESSAGE_TRUST = 0.1


@dataclass(frozen=True)
class Found:
    """What one reading of a text found: spans, the message head's score, whether cut
    short."""

    spans: list[Scored]
    msg_p: float | None
    partial: bool
    scored: list[Scored]
    reasons: tuple[Reason, ...]


@dataclass
class Engine:
    """The detection core as one object: a ruleset, an optional model, limits."""

    ruleset: Ruleset
    classifier: Classifier | None = None
    max_chars: int = 200_000
    deadline_s: float = 5.0
    max_candidates: int = 20_000
    clock: Callable[[], float] = time.monotonic

    @property
    def model_version(self) -> str:
        """Return the loaded model's version, or `none` when running on rules alone."""
        return self.classifier.version if self.classifier else "none"

    def check(
        self,
        text: str,
        *,
        fmt: str = "text",
        language_hint: str | None = None,
        site: str | None = None,
    ) -> Verdict:
        """Return the verdict for one text.

        Raises InputError for empty or over-long text and unknown formats.
        """
        started = self.clock()
        # One ruleset for the whole check: a reload swapping `self.ruleset` meanwhile must
        # not give a page's thresholds, its visible text and its hidden blocks two sets.
        ruleset = self.ruleset
        if fmt not in FORMATS:
            raise InputError("unknown_format", f"format must be one of {', '.join(FORMATS)}")
        if not text or not text.strip():
            raise InputError("empty_text", "text must contain at least one visible character")
        if fmt == "html":
            return self._check_html(ruleset, text, language_hint, site, started)
        self._check_size(text)
        return self._check_view(ruleset, text, False, [], language_hint, site, started)

    def _check_size(self, text: str) -> None:
        """Raise InputError when the text to check is over the limit."""
        if len(text) > self.max_chars:
            raise InputError(
                "text_too_long", f"text has {len(text)} characters; the limit is {self.max_chars}"
            )

    def _check_html(
        self,
        ruleset: Ruleset,
        source: str,
        language_hint: str | None,
        site: str | None,
        started: float,
    ) -> Verdict:
        """Check a page by the text it shows; the limit counts that text, not the markup."""
        if len(source) > MAX_HTML_CHARS:
            raise InputError(
                "text_too_long",
                f"the page has {len(source)} characters; the limit is {MAX_HTML_CHARS}",
            )
        thresholds = ruleset.site(site).thresholds
        page = read_page(source, self._hidden_message_judge(thresholds))
        self._check_size(page.text)
        if not page.text.strip():
            return empty_verdict(source, ruleset.version, self.model_version)
        hint = language_hint or page.language
        # The page's own text is read with its hidden blocks blanked out, offsets kept: planted
        # text beside a paragraph made the labeller read that paragraph as spam too
        # (ietf-1's "Html markup produced by rfcmarkup"). Each hidden block is read as a text
        # of its own: what was planted there is judged as the message it is.
        view = visible_view(page)
        verdict = (
            self._check_view(
                ruleset, view, False, known_domain_hits(page, 0, len(view)), hint, site, started
            )
            if view.strip()
            else empty_verdict(source, ruleset.version, self.model_version)
        )
        links = hidden_link_hits(page)
        blocks = [
            (
                a,
                b,
                self._check_view(
                    ruleset,
                    page.text[a:b],
                    True,
                    block_link_hits(links, a, b) + known_domain_hits(page, a, b),
                    hint,
                    site,
                    started,
                ),
            )
            for a, b in page.hidden
        ]
        return html_verdict(page, with_hidden_blocks(verdict, blocks, thresholds), thresholds)

    def _hidden_message_judge(self, thresholds: Thresholds) -> ReadsAsSpam | None:
        """Return how a page's text box hidden by its own style sheet is judged by its
        words: planted when the message head's reading of it, as hidden evidence
        (`hidden_boost`), reaches review, as a hidden block read alone is flagged."""
        classifier = self.classifier
        if classifier is None:
            return None

        def reads_as_spam(text: str) -> bool:
            if not is_message_like(text):
                return False
            return hidden_boost(classifier.message_proba([text])[0]) >= thresholds.review

        return reads_as_spam

    def _check_view(
        self,
        ruleset: Ruleset,
        view: str,
        hidden: bool,
        extra_hits: list[RuleHit],
        language_hint: str | None,
        site: str | None,
        started: float,
    ) -> Verdict:
        """Return the verdict on a text, with the extra evidence of its markup when it was
        read from HTML; `hidden` says the whole text is a page's hidden block."""
        settings = ruleset.site(site)
        language = detect_document(view)
        if language == UNDETERMINED and language_hint:
            language = language_hint.lower()[:8]
        hits = ruleset.match(view) + extra_hits
        if settings.groups is not None:
            hits = [h for h in hits if h.group in settings.groups or h.veto]
        hits = apply_vetoes(hits + site_allow_hits(view, settings.allow))
        found = self._find(view, language, hits, settings, hidden, started)
        spans, msg_p, partial = found.spans, found.msg_p, found.partial
        doc_reasons = list(found.reasons)
        doc_score = max([s.score for s in spans], default=0.0)
        # The message head's score is the document's unless it would flag the text alone
        # without reaching the bar for that (`_message_alone`): then it stays a reason.
        if msg_p is not None and (spans or msg_p < settings.thresholds.review):
            doc_score = max(doc_score, msg_p)
        if partial:
            doc_reasons.append(Reason("limit", "PARTIAL", "deadline or size limit reached"))
        action = _action(doc_score, settings.thresholds)
        if settings.shadow and action is not Action.ALLOW:
            doc_reasons.append(Reason("site", "SHADOW", f"would {action.value}; shadow mode"))
            action = Action.ALLOW
        return Verdict(
            verdict=action,
            score=round(doc_score, 4),
            language=language,
            languages=language_shares(
                view, language, [s.candidate for s in found.scored if is_island(s.candidate)]
            ),
            spans=tuple(_span(view, s) for s in spans),
            reasons=tuple(doc_reasons),
            clean_text=cut_spans(view, [(s.candidate.start, s.candidate.end) for s in spans])
            if spans
            else view,
            rules_version=ruleset.version,
            model_version=self.model_version,
            partial=partial,
        )

    def _find(
        self,
        view: str,
        language: str,
        hits: list[RuleHit],
        settings: SiteSettings,
        hidden: bool,
        started: float,
    ) -> Found:
        """Segment, label and combine: the spans of one text, in one pass.

        The text is tiled into atoms (sentences and lines cut at their islands), the
        labeller gives each atom its probability of being spam, rules add their evidence,
        and the flagged atoms side by side on a line are the spans.
        """
        tiling = tile(view, candidates(view, language))
        partial = len(tiling.atoms) > self.max_candidates
        if partial:
            tiling = Tiling(tiling.atoms[: self.max_candidates], tiling.units)
        atom_hits = hits_by_atom(tiling, hits)
        doc_reasons: list[Reason] = []
        ps: list[float] | None = None
        msg_p: float | None = None
        if self.classifier is not None:
            if self.clock() - started > self.deadline_s:
                partial = True  # past the deadline neither head speaks
            else:
                ps = self.classifier.label(view, tiling, atom_hits)
                # The message head speaks only for a short one-paragraph text; on a 64 KB
                # page its unused score cost 27% of the check, so it is not computed there.
                if is_message_like(view):
                    msg_p = self.classifier.message_proba([view])[0]
                    ps = _defer_to_message(ps, tiling, msg_p)
                    doc_reasons.append(Reason("model", "document", f"p={msg_p:.2f}"))
                    if hidden:
                        # A hidden block of a page read on its own: what the message head
                        # reads there is hidden evidence, as its atoms' scores are.
                        msg_p = hidden_boost(msg_p)
        scored = self._score(tiling, atom_hits, ps, hidden)
        review = settings.thresholds.review
        spans = merge_adjacent([s for s in scored if s.score >= review], view)
        if not spans and msg_p is not None and msg_p >= _message_alone(tiling, settings.thresholds):
            spans = [_whole_message(view, msg_p)]
        return Found(spans, msg_p, partial, scored, tuple(doc_reasons))

    def _score(
        self,
        tiling: Tiling,
        atom_hits: list[list[RuleHit]],
        ps: list[float] | None,
        hidden: bool,
    ) -> list[Scored]:
        """Combine each atom's label probability with the rules that hit it and its markup
        (every atom of a hidden block is hidden content)."""
        scored: list[Scored] = []
        for i, a in enumerate(tiling.atoms):
            c = a.candidate
            p = ps[i] if ps is not None else None
            inside = atom_hits[i]
            s = combine(c, inside, p)
            if allowlisted(c, inside):
                s = Scored(c, 0.0, (*s.reasons, Reason("context", "ALLOWLISTED", "allowlisted")))
            if hidden:
                s = Scored(
                    c,
                    hidden_boost(s.score),
                    (*s.reasons, HIDDEN_CONTENT),
                )
            scored.append(s)
        return scored


def hidden_boost(score: float) -> float:
    """Raise a score for text inside a hidden element: what a reader cannot see yet a
    crawler reads is evidence of its own."""
    return min(1.0, score * (1 + HIDDEN_BOOST) + (0.2 if score > 0.2 else 0))


def _action(score: float, th: Thresholds) -> Action:
    """Map a document score to an action by the thresholds."""
    if score >= th.block:
        return Action.BLOCK
    if score >= th.review:
        return Action.REVIEW
    return Action.ALLOW


def _span(text: str, s: Scored) -> Span:
    """Turn a scored candidate into a response span over the submitted text."""
    c = s.candidate
    lang = c.language if c.language else UNDETERMINED
    return Span(c.start, c.end, text[c.start : c.end], lang or UNDETERMINED, s.score, s.reasons)


def _whole_message(view: str, msg_p: float) -> Scored:
    """Flag a whole short message that the message model calls spam."""
    a = len(view) - len(view.lstrip())
    b = len(view.rstrip())
    whole = Candidate(a, b, view[a:b], "document", "", "", "", "", True, True, False, "", "")
    return Scored(whole, msg_p, (Reason("model", "message", f"p={msg_p:.2f}"),))


def _message_alone(tiling: Tiling, th: Thresholds) -> float:
    """Return how sure the message head must be to flag a text no span of which is flagged.

    It learnt from SMS, Telegram messages and single sentences of prose. On a paragraph of
    several prose sentences, none of which the span head flags, it reacts to promotional
    prose ("… TROOPER would be awarded another PLATINUM ALBUM!", p=0.68): alone there it
    must reach the block threshold. On the held-out messages it flagged no spam that way (two
    Telegram ham messages), and four of the clean English test paragraphs on two draws.
    """
    return th.review if len(tiling.units) <= 1 else th.block


def _defer_to_message(span_ps: list[float], tiling: Tiling, msg_p: float) -> list[float]:
    """In a one-sentence message, let the message head temper the span head.

    Called only for a message-like text (the only kind the message head scores).

    The span head learnt injections into prose; on a chatty one-line SMS it flags ordinary
    ham, while the message head, trained on real messages, knows better. Only candidates in
    the message's own script are tempered: a foreign island stays the span head's call.
    Simulated on model 1.1.0: UCI ham blocked 11.2% -> 3.6%, spam recall 97.4% -> 96.1%.

    Only a single sentence, where both heads read the same words: in a paragraph the
    message head mostly reads the prose around an injected sentence, and tempering by it
    hid Indonesian SMS spam spliced into a Spanish comment. Measured on model 1.8.0:
    injected-document recall 0.980 -> 0.985, clean documents flagged 0.91% -> 0.96%
    (one document), UCI ham blocked through the engine 0.72% -> 1.03% (3 of 973 messages).
    """
    if len(tiling.units) != 1:
        return span_ps
    damp = min(1.0, msg_p / MESSAGE_TRUST)
    return [
        p * damp if family(a.candidate.script) == family(a.candidate.doc_script) else p
        for p, a in zip(span_ps, tiling.atoms, strict=True)
    ]
