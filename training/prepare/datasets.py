"""Assemble the labelled message set and the injected-document set, each with fixed splits."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from service.core.scripts import family
from service.core.types import Candidate
from training.forked import fork_map
from training.prepare import corpus, hardneg, headings, sources
from training.prepare.hardsets import (
    HARD_WEIGHT,
    MESSAGES_PER_DOC,
    island_documents,
    long_message_documents,
    message_documents,
)
from training.prepare.inject import Document, assemble, build_document, paragraphs_from
from training.prepare.snippets import ZH_LISTS, Snippet
from training.prepare.splits import CALIB, TEST, TRAIN, split_of

PROSE_HAM_PER_LANGUAGE = 300


@dataclass(frozen=True)
class Example:
    """One labelled text for the message head."""

    text: str
    spam: bool
    language: str
    source: str
    split: str
    weight: float = 1.0


def message_examples(
    sentences: dict[str, list[str]],
    udhr: dict[str, list[str]] | None = None,
    exclude: frozenset[str] = frozenset(),
    skip_pages: frozenset[str] = frozenset(),
) -> list[Example]:
    """Return real messages plus clean prose (ham): sentences from every language and
    UDHR paragraphs, formal text the chatty ham messages do not teach (headings of pages in
    `skip_pages` left out)."""
    out = [
        Example(m.text, m.spam, m.language, m.source, split_of(m.text, m.source))
        for m in sources.all_messages(exclude)
    ]
    for lang, sents in sorted(sentences.items()):
        by_split: dict[str, list[str]] = {TRAIN: [], CALIB: [], TEST: []}
        for s in sents:
            by_split[split_of(s, f"leipzig-{lang}")].append(s)
        for split, chosen in by_split.items():
            cap = int(PROSE_HAM_PER_LANGUAGE * (1.0 if split == TRAIN else 0.35))
            out += [Example(s, False, lang, "leipzig", split) for s in chosen[:cap]]
    for lang, paras in sorted((udhr or {}).items()):
        out += [Example(p, False, lang, "udhr", split_of(p, "udhr")) for p in paras if p]
    # Real page headings: title-cased short lines are not spam post titles either.
    out += [
        Example(h, False, lang, "headings", split)
        for h, lang, split, page in headings.headings()
        if page not in skip_pages
    ]
    return out


def _group_of(s: Snippet) -> str:
    """Name the group a snippet is drawn from: composed Chinese promos, Chinese list
    entries, links to listed domains, or the message source it was cut from."""
    if s.source == "zh-promo":
        return "zh-promo"
    if s.source in ZH_LISTS.values():
        return "zh-list"
    if s.source.startswith("link-"):
        return "links"
    return s.source


def _groups(pool: list[Snippet]) -> dict[str, list[Snippet]]:
    """Index snippets by group, and message pieces by language too, so picking is cheap."""
    out: dict[str, list[Snippet]] = {}
    for s in pool:
        out.setdefault(_group_of(s), []).append(s)
        if _group_of(s) == s.source:  # a real message piece
            out.setdefault(f"lang-{s.language}", []).append(s)
    return out


# How often a host gets spam in its own language when a source of that language exists.
SAME_LANGUAGE_SHARE = 0.3


def _pick_spam(groups: dict[str, list[Snippet]], host: str, rng: random.Random) -> Snippet:
    """Pick a snippet: every group (each real message source, composed Chinese promos,
    Chinese list entries, spam links) equally often, and spam in the host's own language
    often besides.

    Until model 1.17.0 composed Chinese promos and list entries were 55% of all injected
    spam, and the model learnt "foreign-script island" for Chinese only; spam drawn evenly
    by source teaches what the sources share instead.
    """
    own = groups.get(f"lang-{host}")
    if own and rng.random() < SAME_LANGUAGE_SHARE:
        return rng.choice(own)
    names = sorted(k for k in groups if not k.startswith("lang-"))
    return rng.choice(groups[rng.choice(names)])


def build_documents(
    split: str,
    sentences: dict[str, list[str]],
    udhr: dict[str, list[str]],
    snippets: list[Snippet],
    docs_per_language: int,
    seed: int,
    exclude: frozenset[str] = frozenset(),
    skip_pages: frozenset[str] = frozenset(),
) -> list[Document]:
    """Build injected and clean documents for one split (TEST, or TRAIN with CALIB in it);
    real pages in `skip_pages` (a fold run's held-out sites) are left out."""
    rng = random.Random(f"{seed}-{split}")
    want = {TEST} if split == TEST else {TRAIN, CALIB}
    pool = _groups([s for s in snippets if s.split in want])
    n_docs = docs_per_language if split != TEST else max(4, docs_per_language // 3)
    heads = headings.by_language(want, skip_pages)
    keyword = hardneg.keyword_sentences(sentences)
    terms = hardneg.foreign_terms(sentences, rng, 4000)
    docs: list[Document] = []
    for lang in corpus.HOST_LANGUAGES:
        host = [s for s in sentences.get(lang, []) if split_of(s, f"leipzig-{lang}") in want]
        host_set = set(host)
        kw = [s for s in keyword.get(lang, []) if s in host_set]
        if len(host) < 20:
            continue
        for _ in range(n_docs):
            chosen = rng.sample(host, 14)
            if kw and rng.random() < 0.4:
                chosen[0] = rng.choice(kw)
            spam = [_pick_spam(pool, lang, rng) for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))]
            decos = [rng.choice(terms) for _ in range(rng.choice((0, 0, 1, 2)))]
            own = heads.get(lang, [])
            titles = rng.sample(own, min(len(own), rng.choice((0, 0, 1, 2))))
            docs.append(build_document(chosen, lang, "leipzig", spam, decos, rng, None, titles))
    # UDHR: parallel paragraphs with their translations (clean) and injected UDHR text.
    udhr_langs = sorted(udhr)
    for i in range(n_docs * 6):
        lang = rng.choice(udhr_langs)
        paras = hardneg.translation_pairs(udhr, lang, rng, rng.randint(1, 3))
        if not paras:
            continue
        spam = [_pick_spam(pool, lang, rng)] if i % 2 else []
        inserts = [(s, rng.choice(("parastart", "ownline", "end"))) for s in spam]
        doc = assemble(paras, lang, "udhr", inserts, rng)
        doc.weight = HARD_WEIGHT
        docs.append(doc)
    # Single-paragraph documents: a comment of a few sentences.
    for lang in corpus.HOST_LANGUAGES:
        host = [s for s in sentences.get(lang, []) if split_of(s, f"leipzig-{lang}") in want]
        if len(host) < 20:
            continue
        for _ in range(n_docs // 4):
            paras = paragraphs_from(rng.sample(host, 3), rng)[:1]
            spam = [_pick_spam(pool, lang, rng)] if rng.random() < 0.5 else []
            inserts = [(s, rng.choice(("parastart", "mid", "end"))) for s in spam]
            docs.append(assemble(paras, lang, "leipzig", inserts, rng))
    docs += island_documents(
        want, sentences, lambda lang: _pick_spam(pool, lang, rng), terms, n_docs, rng, exclude
    )
    docs += long_message_documents(want, sentences, max(2, n_docs // 12), rng, exclude)
    if split != TEST:
        docs += message_documents(want, set(sentences), n_docs * MESSAGES_PER_DOC, rng, exclude)
    return docs


@dataclass(frozen=True)
class LabelledCandidate:
    """A candidate from a built document, labelled by its overlap with injected spam."""

    candidate: Candidate
    spam: bool
    doc: int
    source: str  # spam source of the overlapped span, "" for negatives
    weight: float = 1.0


def covering_spam(doc: Document, start: int, end: int) -> tuple[str, str]:
    """Return the source and text of the injected span covering more than half of
    [start, end), ("", "") when none does."""
    size = max(1, end - start)
    for (a, b), src in zip(doc.spans, doc.spam_sources, strict=True):
        if max(0, min(b, end) - max(a, start)) > 0.5 * size:
            return src, doc.text[a:b]
    return "", ""


def label_candidates(
    docs: list[Document],
    segment: Callable[[str, str], list[Candidate]],
    detect: Callable[[str], str],
) -> list[LabelledCandidate]:
    """Segment each document as the service would and label candidates by >50% overlap."""
    out = []
    for d_i, (doc, cands) in enumerate(zip(docs, segment_all(docs, segment, detect), strict=True)):
        for c in cands:
            source = covering_spam(doc, c.start, c.end)[0]
            out.append(LabelledCandidate(c, bool(source), d_i, source, _weight(doc, c, source)))
    return out


# Segmenting is most of a training run's data step (langdetect on every island): forked
# workers share it. Two, as the machine this is built on has two cores.
SEGMENT_WORKERS = 2


def segment_all(
    docs: list[Document],
    segment: Callable[[str, str], list[Candidate]],
    detect: Callable[[str], str],
) -> list[list[Candidate]]:
    """Return each document's candidates, in order, segmented in forked workers."""
    return fork_map(
        lambda text: segment(text, detect(text)),
        [d.text for d in docs],
        SEGMENT_WORKERS,
        min_items=200,
        chunksize=32,
    )


def _weight(doc: Document, c: Candidate, source: str) -> float:
    """Weigh feedback rows as given; clean islands, decoys and keyword uses as hard cases."""
    if doc.host_source.startswith("feedback"):
        return doc.weight
    if source:
        return 1.0
    if (
        any(c.text in d or d in c.text for d in doc.decoys)
        or hardneg.PLAIN_KEYWORDS.search(c.text)
        or hardneg.SPAM_TOPIC_WORDS.search(c.text)
    ):
        return HARD_WEIGHT
    if family(c.script) != family(c.doc_script):
        return doc.weight
    return 1.0
