"""Where a command writes its report or export: standard output, or a file written whole."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def output(dest: str | None) -> Iterator[TextIO]:
    """Yield standard output for None or "-", else a file that appears only when complete.

    The file is written beside its target and moved into place at the end, so a crash or an
    error mid-way never leaves a half-written export or report that looks complete.
    """
    if dest is None or dest == "-":
        yield sys.stdout
        return
    path = Path(dest)
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        with tmp.open("w", encoding="utf-8") as f:
            yield f
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
