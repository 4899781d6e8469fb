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


class InputWarning(UserWarning):
    """Input that was used, but not all of it, or not as it stands: a row passed over, a
    repeated indicator. The CLI prints each as one line on stderr; the run goes on."""


def warn(message: str, *, path: str | Path | None = None, row: int | None = None) -> None:
    """Issue an InputWarning worded like an error: "file, row 6: message"."""
    import warnings

    where = ", ".join(p for p in (str(path) if path else "", f"row {row}" if row else "") if p)
    warnings.warn(f"{where}: {message}" if where else message, InputWarning, stacklevel=3)
