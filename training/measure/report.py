"""Write the evaluation report: Markdown, JSON and one precision–recall plot per language."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

Row = Mapping[str, object]
# The report is nested JSON-like data built by training.measure.evaluate.
Report = Mapping[str, Any]


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.4f}"
    if isinstance(v, list | tuple) and len(v) == 2:
        return f"{_fmt(v[0])}–{_fmt(v[1])}"
    return "" if v is None else str(v)


def table(rows: Mapping[str, Row], cols: tuple[str, ...]) -> list[str]:
    """Render rows (name -> {column: value}) as a Markdown table."""
    out = ["| | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    for name, row in rows.items():
        out.append(f"| {name} | " + " | ".join(_fmt(row.get(c)) for c in cols) + " |")
    return out


def _flat(group: Row) -> dict[str, object]:
    """Flatten one engine group report into a table row."""
    doc = group.get("documents")
    ch = group.get("characters")
    d = doc if isinstance(doc, Mapping) else {}
    c = ch if isinstance(ch, Mapping) else {}
    return {
        "doc P": d.get("precision"),
        "doc R": d.get("recall"),
        "doc R 95% CI": group.get("doc_recall_ci95"),
        "doc F1": d.get("f1"),
        "clean flagged": d.get("fpr"),
        "injected": d.get("positives"),
        "clean": d.get("negatives"),
        "span P": c.get("precision"),
        "span R": c.get("recall"),
        "span F1": c.get("f1"),
        "span F1 95% CI": group.get("span_f1_ci95"),
        "doc span F1": group.get("mean_document_char_f1"),
        "clean_text exact": group.get("clean_text_exact"),
        "same words": group.get("clean_text_same_words"),
    }


ENGINE_COLS = (
    "doc P",
    "doc R",
    "doc R 95% CI",
    "doc F1",
    "clean flagged",
    "injected",
    "clean",
    "span P",
    "span R",
    "span F1",
    "span F1 95% CI",
    "doc span F1",
    "clean_text exact",
    "same words",
)


CI_NOTE = (
    "95% CI: percentile bootstrap (1,000 draws) that resamples spam messages, not documents "
    "(each injected document goes with its longest message, which other test documents "
    "reuse); it shows how far a figure rests on a few messages."
)


def _section(title: str, body: list[str]) -> list[str]:
    return ["", f"## {title}", "", *body]


def target_lines(targets: Mapping[str, Row]) -> list[str]:
    """Render the issue's per-language targets: the figures, their intervals, met or not."""
    met = sorted(k for k, t in targets.items() if t.get("met"))
    rows = {k: {**t, "met": "yes" if t.get("met") else "no"} for k, t in sorted(targets.items())}
    cols = (
        "span_f1",
        "span_f1_ci95",
        "doc_recall",
        "doc_recall_ci95",
        "clean_flagged",
        "clean_flagged_upper95",
        "met",
    )
    head = f"All three met in {len(met)} of {len(targets)} languages: {' '.join(met) or 'none'}."
    note = (
        "Intervals: span F1 and document recall by a bootstrap over spam messages (below); "
        "clean flagged by its one-sided 95% Clopper–Pearson upper bound, which with no false "
        "positive among n clean documents is still 1 - 0.05^(1/n) (3.7% for n = 80)."
    )
    return [head, "", *table(rows, cols), "", note]


CROSS_COLS = (
    "docs flagged",
    "found: own language",
    "found: same script",
    "found: other script",
    "span P",
    "span R",
    "span F1",
    "span F1 95% CI",
    "clean flagged",
    "bilingual flagged",
    "msg F1",
    "msg ham flagged",
)
CROSS_NOTE = (
    "Each cell of a rate is value [95% Wilson interval] (n). Found: injected spans with at "
    "least half their characters flagged, by the host's relation to the spam (same language; "
    "same script, other language; other script). Span F1 interval: bootstrap over documents. "
    "Msg: the source's held-out messages sent whole."
)


def _rate_cell(r: object) -> str:
    if not isinstance(r, Mapping) or r.get("value") is None:
        return ""
    lo, hi = r["ci95"]
    return f"{r['value']:.3f} [{lo:.2f}–{hi:.2f}] ({r['n']})"


def cross_row(g: Row) -> dict[str, object]:
    """Flatten one cross-source summary (`crosssource.summarise`) into a table row."""
    ch = g.get("span_chars")
    c = ch if isinstance(ch, Mapping) else {}
    m = g.get("messages")
    msg = m if isinstance(m, Mapping) else {}
    return {
        "docs flagged": _rate_cell(g.get("injected_flagged")),
        "found: own language": _rate_cell(g.get("spans_found_own-language")),
        "found: same script": _rate_cell(g.get("spans_found_same-script")),
        "found: other script": _rate_cell(g.get("spans_found_other-script")),
        "span P": c.get("precision"),
        "span R": c.get("recall"),
        "span F1": c.get("f1"),
        "span F1 95% CI": c.get("f1_ci95"),
        "clean flagged": _rate_cell(g.get("clean_flagged")),
        "bilingual flagged": _rate_cell(g.get("bilingual_flagged")),
        "msg F1": msg.get("f1"),
        "msg ham flagged": _rate_cell(msg.get("ham_flagged")),
    }


def cross_source_lines(cross: Report) -> list[str]:
    """Render the cross-source measures: eval-only sources, then leave-one-source-out."""
    ev = cross["eval_sources"]
    rows = {"all eval sources": cross_row(ev["overall"])}
    rows.update({k: cross_row(v) for k, v in ev["by_source"].items()})
    lines = _section(
        "Spam never trained on: eval-only sources (read from ../shared/data), this model",
        [*table(rows, CROSS_COLS), "", CROSS_NOTE],
    )
    if cross.get("absent"):
        lines += ["", f"Absent, not measured: {', '.join(cross['absent'])}."]
    loso = cross.get("leave_one_out")
    if isinstance(loso, Mapping):
        rows = {"pooled": cross_row(loso["pooled"])}
        rows.update({k: cross_row(v) for k, v in loso["groups"].items()})
        lines += _section(
            "Leave one source out (each trained without it, "
            f"{loso['docs_per_language']} documents per language)",
            [*table(rows, CROSS_COLS), "", CROSS_NOTE],
        )
    return lines


def markdown(rep: Report) -> str:
    """Render the report dictionary as Markdown: spam never trained on first."""
    eng = rep["engine"]
    lines = [f"# Darnel evaluation — model {rep['model']}, rules {rep['rules']}", ""]
    lines += [f"- {k}: `{rep[k]}`" for k in ("thresholds", "timing") if k in rep]
    if isinstance(rep.get("cross_source"), Mapping):
        lines += cross_source_lines(rep["cross_source"])
        lines += _section(
            "Same sources, held-out messages (second: the model saw these sources)", []
        )
    if isinstance(rep.get("targets"), Mapping):
        lines += _section("Targets per host language", target_lines(rep["targets"]))
    lines += _section(
        "Injected documents through the Engine (operating thresholds)",
        table({"all": _flat(eng["overall"])}, ENGINE_COLS),
    )
    for key, title in (("by_language", "per host language"), ("by_host_source", "per source")):
        rows = {k: _flat(v) for k, v in eng[key].items()}
        lines += _section(f"Engine, {title}", [*table(rows, ENGINE_COLS), "", CI_NOTE])
    cols = ("precision", "recall", "f1", "fpr", "positives", "negatives")
    lines += _section(
        "Engine, per spam source (clean documents shared)", table(eng["by_spam_source"], cols)
    )
    alt = {f"doc score >= {p['threshold']}": p for p in eng["overall"]["alternatives"]}
    lines += _section(
        "Alternative document thresholds (from the low-threshold run)",
        table(alt, ("precision", "recall", "fpr")),
    )
    msgs = rep.get("messages_engine")
    if isinstance(msgs, Mapping):
        lines += _section(
            "Held-out messages through the Engine, per source (each distinct message once)",
            table(msgs, ("precision", "recall", "f1", "fpr", "mcc", "positives", "negatives")),
        )
    sms = rep["uci_sms"]
    lines += _section(
        "UCI SMS (message recipe; Almeida et al. report MCC 0.893, "
        "spam caught 83.10%, ham blocked 0.18%)",
        table(sms, ("mcc", "mcc_sd", "accuracy", "spam_caught", "ham_blocked", "ham_blocked_sd")),
    )
    lang = rep["language_detection"]
    lines += _section(
        "Per-segment language accuracy (20–60 chars, document language und)",
        table(
            {**lang["by_language"], "all": lang["overall"]},
            ("segments", "detect_segment", "langdetect"),
        ),
    )
    worst = rep["worst_errors"]
    body = []
    for kind, rows in worst.items():
        body += [f"**{kind}**", ""]
        body += [f"- `{json.dumps(r, ensure_ascii=False)[:400]}`" for r in rows] or ["- none"]
        body.append("")
    lines += _section("Worst errors", body)
    return "\n".join(lines) + "\n"


def plots(eng: Report, out: Path) -> list[str]:
    """Draw a precision–recall curve per language; return the files written (none without
    matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    written = []
    by_lang = eng["by_language"]
    for lang, group in by_lang.items():
        pts = group["alternatives"]
        fig, ax = plt.subplots(figsize=(4, 3.2))
        ax.plot([p["recall"] for p in pts], [p["precision"] for p in pts], marker="o")
        for p in pts:
            ax.annotate(str(p["threshold"]), (p["recall"], p["precision"]), fontsize=6)
        ax.set(
            xlabel="recall",
            ylabel="precision",
            title=f"{lang}: documents via Engine",
            xlim=(0, 1.02),
            ylim=(0, 1.02),
        )
        path = out / f"pr_{lang}.png"
        fig.tight_layout()
        fig.savefig(path, dpi=90)
        plt.close(fig)
        written.append(path.name)
    return written


def write(rep: Report, out: Path) -> None:
    """Write report.md, report.json and the plots into out."""
    out.mkdir(parents=True, exist_ok=True)
    eng = rep["engine"]
    files = plots(eng, out)
    data = {**rep, "plots": files}
    (out / "report.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (out / "report.md").write_text(markdown(data), encoding="utf-8")
