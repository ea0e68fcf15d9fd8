"""Build the hard-negative span documents: islands that are legitimate, bilingual pages and
real messages as documents of their own."""

from __future__ import annotations

import random
from collections.abc import Callable

from training.prepare import corpus, islands, sources
from training.prepare.inject import Document, assemble, build_document
from training.prepare.snippets import Snippet
from training.prepare.splits import TEST, split_of

# Clean candidates that carry a legitimate island (a name, a title, a translation) or a
# spam-service word used plainly count this much more: a few of them must outweigh the
# many injected islands that are spam, so that the run's content decides, not its script.
HARD_WEIGHT = 3.0
# Real messages used as span documents of their own, per document of a host language.
MESSAGES_PER_DOC = 40


def message_documents(
    want: set[str],
    languages: set[str],
    limit: int,
    rng: random.Random,
    exclude: frozenset[str] = frozenset(),
) -> list[Document]:
    """Return real messages as documents of their own: a ham message's sentences are clean,
    a spam message is spam throughout. Short texts are the message head's domain too, and
    the span head must not take chatty ham for spliced-in SMS spam.
    """
    rows = [
        m
        for m in sources.all_messages(exclude)
        if m.language in languages and split_of(m.text, m.source) in want
    ]
    rng.shuffle(rows)
    out = []
    for m in rows[:limit]:
        spans = [(0, len(m.text))] if m.spam else []
        out.append(Document(m.text, m.language, "message", spans, [m.source] * len(spans)))
    return out


def ham_messages(want: set[str], exclude: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """Return real ham messages per language: chatty short text that is not spam either."""
    out: dict[str, list[str]] = {}
    for m in sources.all_messages(exclude):
        if not m.spam and split_of(m.text, m.source) in want and len(m.text) >= 8:
            out.setdefault(m.language, []).append(m.text)
    return out


def island_documents(
    want: set[str],
    sentences: dict[str, list[str]],
    pick: Callable[[str], Snippet],
    terms: list[str],
    n_docs: int,
    rng: random.Random,
    exclude: frozenset[str] = frozenset(),
) -> list[Document]:
    """Build hard-negative documents: Latin names, phrases and titles inside non-Latin
    prose, foreign names in Latin prose, and bilingual sentence pages; some also carry spam.
    """
    names = [t for t in islands.latin_names(sentences) if split_of(t, "latin-name") in want]
    phrases = [
        t
        for t in islands.english_phrases(sentences, rng, 3000)
        if split_of(t, "latin-phrase") in want
    ]
    hosts = {
        lang: [s for s in sentences.get(lang, []) if split_of(s, f"leipzig-{lang}") in want]
        for lang in corpus.HOST_LANGUAGES
    }
    hosts = {k: v for k, v in hosts.items() if len(v) >= 20}
    ham = ham_messages(want, exclude)
    docs: list[Document] = []
    for lang, host in hosts.items():
        for _ in range(n_docs // 2):
            spam = [pick(lang)] if rng.random() < 0.4 else []
            chosen = rng.sample(host, 14)
            own = ham.get(lang) or ham["en"]
            # Only training learns from ham messages set among sentences: the test documents
            # keep to the hard negatives users write (real ham is measured on its own).
            n_msg = rng.choice((0, 0, 1, 2)) if TEST not in want else 0
            messages = [rng.choice(own) for _ in range(n_msg)]
            chosen[: len(messages)] = messages
            if lang in islands.NON_LATIN and names and phrases:
                latin = [
                    rng.choice(names if rng.random() < 0.6 else phrases)
                    for _ in range(rng.choice((1, 1, 2, 3, 4)))
                ]
                doc = build_document(chosen, lang, "islands", spam, [], rng, latin)
            else:
                decos = [rng.choice(terms) for _ in range(rng.randint(1, 3))]
                doc = build_document(chosen, lang, "islands", spam, decos, rng)
            doc.decoys += messages
            doc.weight = HARD_WEIGHT
            docs.append(doc)
        for _ in range(max(1, n_docs // 6)):
            paras = islands.sentence_pairs(hosts, host, lang, rng, rng.randint(1, 3))
            if not paras:
                continue
            spam = [pick(lang)] if rng.random() < 0.3 else []
            inserts = [(s, rng.choice(("parastart", "ownline", "end"))) for s in spam]
            doc = assemble(paras, lang, "pairs", inserts, rng)
            doc.weight = HARD_WEIGHT
            docs.append(doc)
    return docs
