"""Write outputs atomically, and never over a user's file without --force."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import OutputError


def check_writable(path: str | Path, *, force: bool = False) -> Path:
    """Refuse early (before any work) when `path` exists and --force was not given."""
    target = Path(path)
    if target.is_dir():  # --force would not help: say what is wrong
        raise OutputError("is a folder, not a file", path=target)
    if target.exists() and not force:
        raise OutputError("already exists; use --force to overwrite it", path=target)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():  # found before any other output is written, so none is left alone
        raise OutputError("its folder does not exist", path=target)
    return target


def _new_file_mode(target: Path) -> int:
    """Permissions for an output: the replaced file's, else what open() would give (umask).

    mkstemp makes 0600 files, which would hide a drafted minute from colleagues on a share.
    """
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


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
        os.chmod(tmp, _new_file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


@contextmanager
def atomic_writer(path: str | Path, *, force: bool = False) -> Iterator[IO[str]]:
    """Stream text into a temporary file beside `path`, renamed into place only on success.

    Like `write_atomic` for outputs too large to hold in memory (extract --format jsonl).
    """
    target = check_writable(path, force=force)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError("its folder does not exist", path=target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        check_writable(target, force=force)  # someone may have made it meanwhile
        os.chmod(tmp, _new_file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
