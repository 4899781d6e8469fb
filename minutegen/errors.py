"""Errors a user can act on. The CLI prints them as one line on stderr and exits 2."""

from __future__ import annotations

from pathlib import Path


class MinutegenError(Exception):
    """Unusable input or a refused output: one clear line naming the file, row or column."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.row = row
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.path:
            where.append(self.path)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class InputError(MinutegenError):
    """A table, minute, meeting file or style that cannot be used as it is."""


class OutputError(MinutegenError):
    """An output that would overwrite a user's file without --force, or cannot be written."""
