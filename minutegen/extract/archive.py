"""A SQLite archive of extracted figures: one row per document, one per figure, resumable.

Documents are keyed by the sha256 of their plain text, so a re-run over an archive skips
what is already stored and an interrupted run resumes where it stopped. Each document and
its figures are committed together (WAL mode), so a stored document is always complete.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from types import TracebackType

from ..errors import InputError, OutputError
from ..model import FIGURE_FIELDS, Figure

SCHEMA_VERSION = 1

_COLUMNS = ", ".join(f'"{name}"' for name in FIGURE_FIELDS)
_SELECT = ", ".join(f'figures."{name}"' for name in FIGURE_FIELDS)

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    period TEXT,
    processed TEXT NOT NULL,
    figure_count INTEGER NOT NULL,
    chars INTEGER NOT NULL,
    source TEXT,
    meeting_date TEXT
);
CREATE TABLE IF NOT EXISTS figures (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    "document" TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "sentence" TEXT NOT NULL,
    "value" REAL NOT NULL,
    "unit" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "indicator" TEXT,
    "indicator_id" TEXT,
    "assessment" TEXT,
    "period" TEXT
);
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
CREATE INDEX IF NOT EXISTS documents_period ON documents(period);
CREATE INDEX IF NOT EXISTS figures_document_id ON figures(document_id);
CREATE INDEX IF NOT EXISTS figures_indicator ON figures(indicator);
CREATE INDEX IF NOT EXISTS figures_indicator_id ON figures(indicator_id);
CREATE INDEX IF NOT EXISTS figures_period ON figures(period);
CREATE INDEX IF NOT EXISTS figures_unit_role ON figures(unit, role);
"""


def content_hash(text: str) -> str:
    """The sha256 (hex) of a document's plain text: the archive's key for "already stored"."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def document_period(figures: Iterable[Figure]) -> str | None:
    """The period a document reports on: the one its figures name most often, else None."""
    counts: dict[str, int] = {}
    for figure in figures:
        if figure.period:
            counts[figure.period] = counts.get(figure.period, 0) + 1
    return max(counts, key=lambda p: counts[p]) if counts else None


@dataclass(frozen=True)
class StoredDocument:
    """One row of the `documents` table."""

    id: int
    path: str
    hash: str
    period: str | None
    processed: str
    figure_count: int
    chars: int
    source: str | None = None  # the council or committee (a ModernGov meeting's committee)
    meeting_date: str | None = None  # ISO date of the meeting, where the document says


class Archive:
    """An open SQLite archive; use as a context manager. Writes are one transaction per document.

    Example: `with Archive("figures.sqlite") as db: db.add("a.txt", text, figures)`.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._conn = _connect(self.path, readonly=readonly)

    # context manager ------------------------------------------------------------------------
    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (everything written is already committed)."""
        self._conn.close()

    # queries --------------------------------------------------------------------------------
    def has(self, digest: str) -> bool:
        """Whether a document with this content hash is stored already."""
        row = self._conn.execute("SELECT 1 FROM documents WHERE hash = ?", (digest,)).fetchone()
        return row is not None

    def document(self, digest: str) -> StoredDocument | None:
        """The stored document with this content hash, or None."""
        row = self._conn.execute(
            "SELECT id, path, hash, period, processed, figure_count, chars, source, meeting_date "
            "FROM documents WHERE hash = ?",
            (digest,),
        ).fetchone()
        return StoredDocument(*row) if row else None

    def figures(self, digest: str, *, document: str | None = None) -> Iterator[Figure]:
        """The stored figures of one document, in order; `document` renames them (a new path)."""
        cursor = self._conn.execute(
            f"SELECT {_SELECT} FROM figures JOIN documents ON documents.id = document_id "
            "WHERE documents.hash = ? ORDER BY figures.id",
            (digest,),
        )
        for row in cursor:
            figure = Figure(*row)
            if document is not None and figure.document != document:
                figure = Figure(document, *row[1:])
            yield figure

    def counts(self) -> tuple[int, int]:
        """(documents, figures) stored."""
        documents = self._conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        figures = self._conn.execute("SELECT COUNT(*) FROM figures").fetchone()[0]
        return int(documents), int(figures)

    # writes ---------------------------------------------------------------------------------
    def add(
        self,
        path: str,
        digest: str,
        figures: Iterable[Figure],
        *,
        chars: int,
        period: str | None = None,
        source: str | None = None,
        meeting_date: date | None = None,
    ) -> bool:
        """Store one document and its figures in one transaction; False if its hash is stored.

        `source` (the committee) and `meeting_date` are stored where the document gave them
        (a ModernGov item). An earlier text stored under the same path (an edited minute) is
        replaced.
        """
        rows = list(figures)
        if period is None:
            period = document_period(rows)
        processed = datetime.now(timezone.utc).isoformat(timespec="seconds")
        conn = self._conn
        try:
            with conn:  # one transaction: the document is stored whole or not at all
                meeting = meeting_date.isoformat() if meeting_date else None
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO documents "
                    "(path, hash, period, processed, figure_count, chars, source, meeting_date) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (path, digest, period, processed, len(rows), chars, source, meeting),
                )
                if cursor.rowcount == 0:
                    return False
                document_id = cursor.lastrowid
                # the same path with other text is an edited minute: the new text replaces it
                # (not for stdin, "-": every text read from it is a minute of its own)
                stale = []
                if path != "-":
                    stale = [
                        row[0]
                        for row in conn.execute(
                            "SELECT id FROM documents WHERE path = ? AND id != ?",
                            (path, document_id),
                        )
                    ]
                for old_id in stale:
                    conn.execute("DELETE FROM figures WHERE document_id = ?", (old_id,))
                    conn.execute("DELETE FROM documents WHERE id = ?", (old_id,))
                conn.executemany(
                    f"INSERT INTO figures (document_id, {_COLUMNS}) "
                    f"VALUES (?, {', '.join('?' * len(FIGURE_FIELDS))})",
                    [(document_id, *_row(figure)) for figure in rows],
                )
        except sqlite3.Error as error:
            raise OutputError(f"cannot write to the archive ({error})", path=self.path) from None
        return True


def _row(figure: Figure) -> tuple[object, ...]:
    return tuple(getattr(figure, name) for name in FIGURE_FIELDS)


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    """Open (creating unless read-only) the archive, check it is ours, and set it up for WAL."""
    if path.is_dir():
        raise OutputError("is a folder, not a SQLite file", path=path)
    if readonly:
        uri = f"file:{path.resolve()}?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            conn.execute("PRAGMA query_only = ON")
            _check_version(conn, path)
        except sqlite3.Error as error:
            raise InputError(f"is not a readable SQLite archive ({error})", path=path) from None
        return conn
    if not path.parent.is_dir() and str(path.parent):
        raise OutputError("its folder does not exist", path=path)
    try:
        conn = sqlite3.connect(path, isolation_level="DEFERRED", check_same_thread=False)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        _check_version(conn, path)
        with conn:
            conn.executescript(SCHEMA)
            have = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
            for column in ("source", "meeting_date"):  # an archive from before they were kept
                if column not in have:
                    conn.execute(f"ALTER TABLE documents ADD COLUMN {column} TEXT")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.DatabaseError as error:
        raise InputError(f"is not a minutegen SQLite archive ({error})", path=path) from None
    return conn


def _check_version(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version not in (0, SCHEMA_VERSION) or (version == 0 and tables - {"documents", "figures"}):
        raise InputError(
            f"is a SQLite file but not a minutegen archive (schema {version}, tables "
            f"{', '.join(sorted(tables)) or 'none'})",
            path=path,
        )
