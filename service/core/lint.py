"""Report every problem in a rules directory, from syntax errors to over-broad list entries."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

from service.core.evasion import fold_term
from service.core.matching import KeywordMatcher
from service.core.rulefiles import collect_problems, read_list
from service.core.ruleset import Rule, Ruleset

# Languages sampled for rules that apply to every language.
_ANY_LANGUAGE_SAMPLE = ("en", "zh", "ja", "ru", "de", "fr", "es", "id")
# A strong entry may hit at most this many of ~1,000 sentences; weak rules are exempt.
MAX_PROSE_HITS = 3
WEAK_SCORE = 0.3


@dataclass(frozen=True)
class LintIssue:
    """One finding: where it is, how bad (error or warning), and what is wrong."""

    path: str
    line: int
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


def lint(root: Path, local: Path | None = None, prose_dir: Path | None = None) -> list[LintIssue]:
    """Return every issue: load errors, failing examples, and, when `prose_dir` (real
    sentences, one `<language>.txt.gz` a line each) is given, list entries hitting prose.

    A `prose_dir` that is given but missing is an error, not a check quietly skipped."""
    # collect_problems runs every check a reload runs, each rule's examples included.
    ruleset, problems = collect_problems(root, local)
    issues = [LintIssue(p.path, p.line, "error", p.message) for p in problems]
    if ruleset is None:
        return issues
    if prose_dir is not None and not prose_dir.is_dir():
        issues.append(LintIssue(str(prose_dir), 0, "error", "prose directory not found"))
    elif prose_dir is not None:
        issues.extend(_check_prose(ruleset, root, local, prose_dir))
    return issues


def _check_prose(
    ruleset: Ruleset, root: Path, local: Path | None, prose_dir: Path
) -> list[LintIssue]:
    """Warn about strong list/keyword entries that are one CJK character or hit real prose."""
    issues: list[LintIssue] = []
    cache: dict[str, list[str]] = {}
    for rule in ruleset.rules:
        if rule.kind not in ("list", "keywords", "phrase") or abs(rule.score) < WEAK_SCORE:
            continue
        entries = _entries(rule, root, local)
        for entry in entries:
            folded = fold_term(entry)
            if len(folded) == 1 and ord(folded) >= 0x2E80:
                issues.append(_issue(rule, "warning", f"entry {entry!r} is one CJK character"))
        sentences: list[str] = []
        # zh, zh-cn and zh-tw share one sample: count each sentence once.
        for lang in sorted({c.split("-")[0] for c in rule.languages or _ANY_LANGUAGE_SAMPLE}):
            if lang not in cache:
                cache[lang] = _prose(prose_dir, lang)
            sentences.extend(cache[lang])
        counts = _count_hits(entries, sentences)
        for entry, n in zip(entries, counts, strict=True):
            if n >= MAX_PROSE_HITS:
                issues.append(
                    _issue(
                        rule,
                        "warning",
                        f"entry {entry!r} hits {n} everyday sentences; move it to a weak rule",
                    )
                )
    return issues


def _entries(rule: Rule, root: Path, local: Path | None) -> tuple[str, ...]:
    """Return a keyword-like rule's entries, reading its list file if it has one."""
    if rule.kind == "list":
        name = f"{rule.value}.txt"
        local_dir = local if local is not None else root / "local"
        path = local_dir / "lists" / name
        return read_list(path if path.exists() else root / "lists" / name)
    return rule.value if isinstance(rule.value, tuple) else (rule.value,)


def _prose(prose_dir: Path, lang: str) -> list[str]:
    """Return the folded Leipzig sentences of one language, or none if there are none."""
    path = prose_dir / f"{lang}.txt.gz"
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [fold_term(line) for line in fh.read().splitlines() if line.strip()]


def _count_hits(entries: tuple[str, ...], sentences: list[str]) -> list[int]:
    """Count, for each entry, the sentences it hits (at most once per sentence)."""
    matcher = KeywordMatcher((fold_term(e), i) for i, e in enumerate(entries))
    counts = [0] * len(entries)
    for sentence in sentences:
        for i in {index for index, _s, _e in matcher.find(sentence)}:
            counts[i] += 1
    return counts


def _issue(rule: Rule, severity: str, message: str) -> LintIssue:
    return LintIssue(rule.path, rule.line, severity, f"{rule.id}: {message}")
