"""Write outputs atomically, and never over a user's file without --force."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def check_writable(path: str | Path, *, force: bool = False) -> Path:
    """Refuse early (before any work) when `path` exists and --force was not given."""
    target = Path(path)
    if target.exists() and not force:
        raise OutputError("already exists; use --force to overwrite it", path=target)
    if target.exists() and target.is_dir():
        raise OutputError("is a folder, not a file", path=target)
    return target


def write_atomic(path: str | Path, data: bytes | str, *, force: bool = False) -> Path:
    """Write to a temporary file beside `path`, then rename: no half-written output, ever."""
    target = check_writable(path, force=force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError("its folder does not exist", path=target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
