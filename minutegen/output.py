"""Write outputs atomically, and never over a user's file without --force."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

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
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with _atomic(path, force=force, binary=True) as handle:
        handle.write(payload)
    return Path(path)


@contextmanager
def atomic_writer(path: str | Path, *, force: bool = False) -> Iterator[IO[str]]:
    """Stream text into a temporary file beside `path`, renamed into place only on success.

    Like `write_atomic` for outputs too large to hold in memory (extract --format jsonl).
    """
    with _atomic(path, force=force, binary=False) as handle:
        yield handle


@contextmanager
def _atomic(path: str | Path, *, force: bool, binary: bool) -> Iterator[IO[Any]]:
    """The one place that makes a temporary file beside `path` and renames it into place."""
    target = check_writable(path, force=force)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        if binary:
            handle: IO[Any] = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        with handle:
            yield handle
        check_writable(target, force=force)  # someone may have made it meanwhile
        os.chmod(tmp, _new_file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
