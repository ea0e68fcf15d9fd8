"""Whole-site scans: read an export, check every item in-process or on an RQ queue, report."""

from service.scan.check import check_item, flagged, scan
from service.scan.export import ScanError, ScanItem, read_export, read_jsonl, read_wxr
from service.scan.progress import text_progress
from service.scan.report import write_report
from service.scan.summary import Summary

__all__ = [
    "ScanError",
    "ScanItem",
    "Summary",
    "check_item",
    "flagged",
    "read_export",
    "read_jsonl",
    "read_wxr",
    "scan",
    "text_progress",
    "write_report",
]
