"""Sum up a scan's rows: verdict counts, the rules that fired most, a chart of scores."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

VERDICTS = ("allow", "review", "block", "error")
BINS = 10


@dataclass
class Summary:
    """Counts over every row of a scan: verdicts, rules that fired, scores by tenth."""

    verdicts: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    scores: list[int] = field(default_factory=lambda: [0] * BINS)

    def tap(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Yield the rows unchanged, counting each on the way past."""
        for row in rows:
            self.add(row)
            yield row

    def add(self, row: dict[str, Any]) -> None:
        """Count one row."""
        if "error" in row:
            self.verdicts["error"] += 1
            return
        self.verdicts[row["verdict"]] += 1
        self.rules.update(row.get("rules", ()))
        self.scores[min(int(float(row["score"]) * BINS), BINS - 1)] += 1

    @property
    def total(self) -> int:
        """How many rows were counted."""
        return sum(self.verdicts.values())

    def to_json(self, top: int = 10) -> dict[str, Any]:
        """Return the summary as one JSON object (`darnel scan --summary FILE`)."""
        return {
            "summary": {
                "items": self.total,
                "verdicts": {v: self.verdicts[v] for v in VERDICTS},
                "top_rules": [{"id": r, "items": n} for r, n in self.rules.most_common(top)],
                "scores": [
                    {"from": i / BINS, "to": (i + 1) / BINS, "items": n}
                    for i, n in enumerate(self.scores)
                ],
            }
        }

    def render(self, top: int = 10, width: int = 40) -> str:
        """Return the summary as text: verdict counts, top rules and a bar chart of scores."""
        lines = [f"{self.total} items: " + ", ".join(f"{self.verdicts[v]} {v}" for v in VERDICTS)]
        if self.rules:
            lines.append("top rules:")
            lines += [f"  {n:>8}  {r}" for r, n in self.rules.most_common(top)]
        lines.append("scores:")
        peak = max(self.scores) or 1
        for i, n in enumerate(self.scores):
            # A non-empty bin always shows at least one mark, so rare high scores stay visible.
            bar = "#" * (max(1, width * n // peak) if n else 0)
            lines.append(f"  {i / BINS:.1f}–{(i + 1) / BINS:.1f} {n:>8} {bar}")
        return "\n".join(lines) + "\n"
