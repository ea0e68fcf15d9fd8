"""Build a scan export of many distinct items from the test samples."""

from __future__ import annotations

import json
from pathlib import Path

from samples import BLATANT, HAM

LEGIT = Path(__file__).resolve().parents[1] / "data" / "legit_mixed.json"


def write_items(path: Path, count: int) -> list[str]:
    """Write ``count`` JSONL items (ham, spam and mixed-language prose); return their ids."""
    base = [HAM, BLATANT] + [d["text"] for d in json.loads(LEGIT.read_text("utf-8"))]
    ids = [f"item-{i}" for i in range(count)]
    with path.open("w", encoding="utf-8") as f:
        for i, item_id in enumerate(ids):
            # The number makes every text distinct, as a real site's items are.
            text = f"{base[i % len(base)]} ({i})"
            f.write(json.dumps({"id": item_id, "text": text}, ensure_ascii=False) + "\n")
    return ids
