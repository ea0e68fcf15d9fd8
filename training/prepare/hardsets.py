"""Build the hard-negative span documents: islands that are legitimate, bilingual pages and
real messages as documents of their own."""

from __future__ import annotations

import random
from collections.abc import Callable

from training.prepare import corpus, islands, sources
from training.prepare.inject import Document, assemble, build_document, paragraphs_from
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


# A real message this long outweighs a short host: pasted under a comment of two sentences,
# a 1,300-character Telegram promo makes the whole text read as Russian and the comment's
# sentences as its islands. The composed documents splice promo-sized pieces into 14
# sentences, so the labeller never saw that layout, and model 1.19.0 flagged such hosts
# with the promo (tests/core/test_engine.py, the three HOST_OUTWEIGHED cases).
LONG_MESSAGE_CHARS = (300, 3000)


def _long_messages(want: set[str], exclude: frozenset[str]) -> dict[bool, list[Snippet]]:
    """Return the long real messages of the wanted splits, by label (True: spam)."""
    lo, hi = LONG_MESSAGE_CHARS
    out: dict[bool, list[Snippet]] = {True: [], False: []}
    for m in sources.all_messages(exclude):
        text = m.text.strip()
        split = split_of(m.text, m.source)
        if lo <= len(text) <= hi and split in want:
            out[m.spam].append(Snippet(text, m.language, m.source, split))
    return out


def long_message_documents(
    want: set[str],
    sentences: dict[str, list[str]],
    per_language: int,
    rng: random.Random,
    exclude: frozenset[str] = frozenset(),
) -> list[Document]:
    """Build documents of a short host (one to three sentences) and one long real message
    in another language, spam or ham alike, so that the message's content decides its label
    and its length or language never does: a long ham message beside a short comment is a
    bilingual text, clean throughout."""
    by_label = _long_messages(want, exclude)
    spam, ham = by_label[True], by_label[False]
    docs: list[Document] = []
    for lang in corpus.HOST_LANGUAGES:
        host = [s for s in sentences.get(lang, []) if split_of(s, f"leipzig-{lang}") in want]
        other_spam = [s for s in spam if s.language != lang]
        other_ham = [s for s in ham if s.language != lang]
        if len(host) < 20 or not other_spam or not other_ham:
            continue
        for i in range(per_language):
            paras = paragraphs_from(rng.sample(host, rng.randint(1, 3)), rng)
            where = rng.choice(("parastart", "ownline", "end"))
            if i % 2:
                doc = assemble(paras, lang, "long-message", [(rng.choice(other_spam), where)], rng)
            else:
                # Ham is written into the text, not injected: the document has no spans.
                message = rng.choice(other_ham).text
                paras.insert(rng.randint(0, len(paras)), [message])
                doc = assemble(paras, lang, "long-message", [], rng)
                doc.decoys.append(message)
            doc.weight = HARD_WEIGHT
            docs.append(doc)
    return docs
