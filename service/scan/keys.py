"""Name the Redis keys one queued scan keeps its state under."""

from __future__ import annotations

from dataclasses import dataclass

QUEUE_NAME = "darnel-scan"


@dataclass(frozen=True)
class ScanKeys:
    """The keys of scan ``scan_id``; every one shares the ``darnel:scan:<id>:`` prefix."""

    scan_id: str

    @property
    def prefix(self) -> str:
        """Return the prefix every key of this scan starts with."""
        return f"darnel:scan:{self.scan_id}:"

    @property
    def meta(self) -> str:
        """Hash: total items, batches, batch size, source file."""
        return self.prefix + "meta"

    @property
    def rows(self) -> str:
        """Hash: item index -> report row JSON; writing a row twice leaves one row."""
        return self.prefix + "rows"

    @property
    def done(self) -> str:
        """Set: numbers of the batches whose rows are all written."""
        return self.prefix + "done"

    @property
    def jobs(self) -> str:
        """Hash: batch number -> the RQ job id of its latest attempt."""
        return self.prefix + "jobs"

    def lease(self, batch: int) -> str:
        """String with a TTL: present while a live worker holds the batch."""
        return f"{self.prefix}lease:{batch}"

    def all_fixed(self) -> tuple[str, ...]:
        """Return every key except the per-batch leases (which expire by themselves)."""
        return (self.meta, self.rows, self.done, self.jobs)


def job_id(scan_id: str, batch: int, attempt: int) -> str:
    """Return the RQ job id of one attempt at one batch (RQ allows [A-Za-z0-9_-] only)."""
    return f"darnel-scan-{scan_id}-{batch}-{attempt}"
