"""Render MODEL_CARD.md from an artifact's metadata."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def _table(rows: Mapping[str, object], cols: tuple[str, ...]) -> list[str]:
    out = ["| | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    for name, row in rows.items():
        if isinstance(row, Mapping):
            out.append(f"| {name} | " + " | ".join(str(row.get(c, "")) for c in cols) + " |")
    return out


def _section(title: str, value: object, cols: tuple[str, ...]) -> list[str]:
    if not isinstance(value, Mapping) or not value:
        return []
    return ["", f"### {title}", "", *_table(value, cols)]


CROSS_SOURCE_PENDING = (
    "Not measured yet: `darnel evaluate --write-card` measures this model on spam and",
    "prose it never trained on (eval-only sources, then leave-one-source-out) and puts",
    "that table here, first.",
)


def render_card(meta: Mapping[str, object], cross_source: Sequence[str] = ()) -> str:
    """Return the model card text: spam never trained on first (from `darnel evaluate`),
    then use, data, results on held-out messages of the trained sources, limits."""
    metrics = meta.get("metrics")
    m = metrics if isinstance(metrics, Mapping) else {}
    cols = ("precision", "recall", "f1", "fpr", "mcc", "positives", "negatives")
    lines = [
        f"# Darnel model {meta.get('model_version')}",
        "",
        "## On spam it never trained on",
        *(cross_source or ("", *CROSS_SOURCE_PENDING)),
        "",
        "## Intended use",
        "",
        "Two calibrated linear heads over hashed character 1–4-grams of folded text:",
        "`message` scores a whole comment or message as spam; `span` scores a candidate",
        "stretch of a document (from `service.core.segment`) as injected spam, using its text",
        "and context (script against the document's, paragraph start, own line, brackets).",
        "The labeller, a linear-chain CRF (`training/fit/crf.py`, stored as plain arrays),",
        "reads a text's atoms (sentences and lines cut at their islands) as one sequence:",
        "each atom's span score and its neighbours', layout, links, handles, digits,",
        "emoji, language contrast and rule hits by group; its transitions weigh",
        "what lies between two atoms (same sentence, same line, a new line, a change of",
        "script or language). Its marginal probability",
        "that an atom is spam is the span's model score; spam atoms side by side on a line",
        "are one span. It learnt from span scores of spam whose source the scoring head had",
        "not seen (`training/fit/labeller.py`).",
        f"Labeller: `{meta.get('labeller')}`.",
        "They are evidence for the rule engine, not verdicts on their own.",
        "",
        "## Data",
        "",
        "Real spam and ham from seven open sources (UCI SMS en, tg-spam ru, Indonesian SMS,",
        "SpamAssassin e-mail cut into promo-sized pieces, SmokeDetector post titles, WordPress",
        "comment-spam links with their anchors, Indonesian judol YouTube comments), Leipzig",
        "sentences in 75 languages and the UDHR as legitimate prose, and real spam (those",
        "pieces, links to listed spam domains by category, zh-fwwdn entries, composed Chinese",
        "promo names) spliced into that prose, drawn evenly by source.",
        "See `training/DATA.md`. Hard negatives weigh 3×: Latin names, phrases and titles",
        "inside non-Latin prose (glued to particles, in quotes), other-script names in",
        "brackets inside Latin prose, bilingual pages, real ham messages and plain uses of",
        "spam-service words.",
        "The Shanghai evaluation sample and its three names are excluded, and so are the",
        "acceptance texts of `tests/data/legit_mixed.json` (sentences and UDHR paragraphs 3–6).",
        "",
        f"- data checksum: `{meta.get('data_sha256')}`",
        f"- counts: `{meta.get('counts')}`",
        f"- environment: `{meta.get('environment')}`",
        f"- thresholds: `{meta.get('thresholds')}`",
        "",
        f"- feature schema: `{meta.get('feature_schema_version')}`",
        f"- training time: {meta.get('training_seconds')} s",
        "",
        "## Results on held-out messages of the sources it trained on (second)",
        "",
        "Head and labeller scores on the test splits. What users get (rules + model through",
        "the Engine) is measured by `darnel evaluate`: see `test-artifacts/eval/report.md`.",
    ]
    lines += _section("Message head, by threshold", m.get("message_thresholds"), cols)
    lines += _section("Message head, by source", m.get("message_by_source"), cols)
    lines += _section(
        "Span head alone, at the review threshold", {"all": m.get("span_linear_only_test")}, cols
    )
    lines += _section("Labeller (atoms), by threshold", m.get("span_thresholds"), cols)
    lines += _section("Labeller (atoms), by host language", m.get("span_by_language"), cols)
    lines += _section("Labeller (atoms), by spam source (recall)", m.get("span_by_source"), cols)
    lines += [
        "",
        "## Limitations",
        "",
        "- No trainable real spam for de, fr, es, pt, ja, ko, zh, vi: those rely on injection",
        "  and on language-independent character features; the eval-only sources (table at",
        "  the top) measure how far that carries.",
        "- Injected documents are synthetic splices; real attacks may blend more smoothly.",
        "- Web-crawled prose is noisy and a few 'ham' sentences are themselves SEO text.",
        "- Short spam written entirely in the document's own language and script is hard for",
        "  the span head: there is no script island to stand out.",
        "- Through the Engine about 0.5% of clean test documents are flagged overall (1.17.0",
        "  with the engine it was released with: 0.51% and 0.40% on two draws of test",
        "  documents; earlier models 0.15-0.9% over four draws), but with 60-100 clean",
        "  documents per language one error is already over 1%, and none still leaves a 95%",
        "  upper bound of 3-5%: a 0.5% rate per language cannot be shown on these documents",
        "  (see `darnel evaluate`).",
        "- The test documents reuse a few dozen spam messages per source, so a language's",
        "  span F1 moves by several points with the messages held out; the evaluation",
        "  report gives each figure a 95% interval.",
        "- Spam in the document's own language (Russian Telegram spam in Russian prose,",
        "  English SMS in English prose) is the weakest case: no script or language change",
        "  marks it, and its plain sentences read like prose.",
        "- Chinese spam glued to kana inside a Japanese sentence is not a separate block and",
        "  is often missed (a segmentation limit, not a model one).",
        "- A long injected message can outweigh the host text and become the document's",
        "  script; the host prose then reads as the island. The Engine reads such a text",
        "  again with its sure spam in that script set aside, but a message it is not sure",
        "  of (below the block threshold) still leaves the host misread.",
        "",
    ]
    return "\n".join(lines)
