"""Write outputs atomically, and never over a user's file without --force.

An -o that names a symlink writes (atomically) to the file it points at and keeps the link;
one that names a FIFO or a character device (/dev/stdout, /dev/null) is written through,
as the shell's `>` would; a block device or socket is refused. None is ever replaced.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import OutputError


def _special(target: Path) -> int | None:
    """The file type of `target` when it is not a regular file or folder, else None."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else stat.S_IFMT(mode)


def _through(target: Path) -> bool:
    """Whether output to `target` is written through (a FIFO or character device)."""
    kind = _special(target)
    return kind in (stat.S_IFIFO, stat.S_IFCHR)


def check_writable(path: str | Path, *, force: bool = False) -> Path:
    """Refuse early (before any work) when `path` exists and --force was not given."""
    target = Path(path)
    if target.is_dir():  # --force would not help: say what is wrong
        raise OutputError("is a folder, not a file", path=target)
    kind = _special(target)
    if kind in (stat.S_IFIFO, stat.S_IFCHR):
        return target  # written through, never replaced: nothing to overwrite
    if kind is not None:
        raise OutputError(
            "is a device or socket, not a file; minutegen will not write to it", path=target
        )
    if target.exists() and not force:
        raise OutputError("already exists; use --force to overwrite it", path=target)
    real = target.resolve() if target.is_symlink() else target
    parent = real.parent if str(real.parent) else Path(".")
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
    """The one place that makes a temporary file beside `path` and renames it into place.

    A symlink's own file is the one replaced; a FIFO or character device is written
    through. OS errors (a full disk, no permission) become OutputErrors naming `path`."""
    link = check_writable(path, force=force)
    try:
        if _through(link):
            with open(link, "wb" if binary else "w", **_text_args(binary)) as handle:
                yield handle
            return
        target = link.resolve() if link.is_symlink() else link
        directory = target.parent if str(target.parent) else Path(".")
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        try:
            handle = os.fdopen(fd, "wb" if binary else "w", **_text_args(binary))
            with handle:
                yield handle
            check_writable(link, force=force)  # someone may have made it meanwhile
            os.chmod(tmp, _new_file_mode(target))
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise OutputError(f"cannot write ({error.strerror or error})", path=path) from None


def _text_args(binary: bool) -> dict[str, Any]:
    return {} if binary else {"encoding": "utf-8", "newline": ""}
