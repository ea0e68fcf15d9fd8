"""Build documents from real prose with real spam spliced in, recording exact spam offsets."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from training.prepare.hardneg import decorate_sentence
from training.prepare.islands import embed_latin
from training.prepare.snippets import Snippet

PLACEMENTS = ("parastart", "ownline", "mid", "end")
NO_SPACE_LANGUAGES = frozenset({"zh", "ja"})


@dataclass
class Document:
    """A built document: its text, host language and the injected spam spans."""

    text: str
    language: str
    host_source: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    spam_sources: list[str] = field(default_factory=list)
    placements: list[str] = field(default_factory=list)
    decoys: list[str] = field(default_factory=list)  # legitimate foreign terms put in
    clean: str = ""  # the text without the injected spam, as a perfect cut would leave it
    weight: float = 1.0  # sample weight of the document's clean candidates

    @property
    def injected(self) -> bool:
        return bool(self.spans)


def paragraphs_from(sentences: list[str], rng: random.Random) -> list[list[str]]:
    """Group sentences into 2–5 paragraphs of 1–4 sentences."""
    n_par = rng.randint(2, 5)
    pool = list(sentences)
    rng.shuffle(pool)
    out: list[list[str]] = []
    for _ in range(n_par):
        k = rng.randint(1, 4)
        if not pool:
            break
        out.append(pool[:k])
        pool = pool[k:]
    return out


def _joiner(language: str) -> str:
    return "" if language in NO_SPACE_LANGUAGES else " "


def assemble(
    paragraphs: list[list[str]],
    language: str,
    host_source: str,
    inserts: list[tuple[Snippet, str]],
    rng: random.Random,
) -> Document:
    """Write paragraphs out, splicing each (snippet, placement) into a random paragraph.

    Pieces are kept as (text, is_spam) so offsets come from the final assembly, not from
    arithmetic that could drift.
    """
    sep = _joiner(language)
    # Each paragraph becomes a list of pieces; own-line spam becomes its own paragraph.
    paras: list[list[tuple[str, str | None]]] = [[(s, None) for s in p] for p in paragraphs]
    for snip, where in inserts:
        i = rng.randrange(len(paras))
        piece = (snip.text, snip.source)
        if where == "ownline":
            paras.insert(rng.randint(0, len(paras)), [piece])
        elif where == "parastart":
            paras[i].insert(0, piece)
        elif where == "end":
            paras[i].append(piece)
        else:
            paras[i].insert(rng.randint(0, len(paras[i])), piece)
    doc = Document("", language, host_source)
    parts: list[str] = []
    clean: list[str] = []
    pos = 0
    for p_i, para in enumerate(paras):
        if p_i:
            parts.append("\n")
            pos += 1
        kept = [t for t, src in para if src is None]
        if kept:
            clean.append(sep.join(kept))
        for s_i, (text, spam_source) in enumerate(para):
            if s_i:
                # Spam spliced into CJK prose still tends to carry a space after it.
                gap = " " if spam_source or para[s_i - 1][1] else sep
                parts.append(gap)
                pos += len(gap)
            if spam_source is not None:
                doc.spans.append((pos, pos + len(text)))
                doc.spam_sources.append(spam_source)
            parts.append(text)
            pos += len(text)
    doc.placements = [w for _s, w in inserts]
    doc.text = "".join(parts)
    doc.clean = "\n".join(clean)
    return doc


def build_document(
    host: list[str],
    language: str,
    host_source: str,
    spam: list[Snippet],
    decorations: list[str],
    rng: random.Random,
    latin: list[str] | None = None,
    headings: list[str] | None = None,
) -> Document:
    """Build one document from host sentences; inject the given spam (none: a clean doc).

    Hard-negative decorations (a foreign name in parentheses, a quoted term) are applied
    to clean and injected documents alike, so context alone never gives the label away;
    `latin` terms (names, short phrases, titles) are embedded in non-Latin sentences;
    `headings` (real page headings) stand on lines of their own, clean like the prose.
    """
    paragraphs = paragraphs_from(host, rng)
    for deco in decorations:
        p = rng.randrange(len(paragraphs))
        s = rng.randrange(len(paragraphs[p]))
        paragraphs[p][s] = decorate_sentence(paragraphs[p][s], deco, rng)
    for term in latin or []:
        p = rng.randrange(len(paragraphs))
        s = rng.randrange(len(paragraphs[p]))
        paragraphs[p][s] = embed_latin(paragraphs[p][s], language, term, rng)
    for heading in headings or []:
        # A heading is a clean line of its own before a paragraph, as articles have them.
        paragraphs.insert(rng.randrange(len(paragraphs)), [heading])
    inserts = [(snip, rng.choice(PLACEMENTS)) for snip in spam]
    doc = assemble(paragraphs, language, host_source, inserts, rng)
    doc.decoys = [*decorations, *(latin or [])]
    return doc
