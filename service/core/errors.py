"""Domain exceptions raised by the detection core."""

from __future__ import annotations


class DarnelError(Exception):
    """Base class of every error the core raises on purpose."""


class InputError(DarnelError):
    """The caller's input cannot be checked (empty, too long, wrong format)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class RuleFileError(DarnelError):
    """A rule file is invalid; carries the file path and line (1-based, 0 when unknown)."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
        self.path = path
        self.line = line
        self.message = message


class ModelError(DarnelError):
    """A model artifact is missing, corrupt, or of an incompatible feature schema."""
