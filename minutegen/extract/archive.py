"""A SQLite archive of extracted figures: one row per document, one per figure, resumable.

Documents are keyed by the sha256 of their plain text, so a re-run over an archive skips
what is already stored and an interrupted run resumes where it stopped. Each document and
its figures are committed together (WAL mode), so a stored document is always complete.
Beside the figure fields, each figure is stored with its `source` (council or committee)
and its period as dates (`period_start`, `period_end`) with how they were found
(`period_basis`), so `series` can order an indicator's results over the years.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from types import TracebackType

from ..errors import InputError, OutputError
from ..model import FIGURE_FIELDS, Figure

SCHEMA_VERSION = 2  # 2: source, meeting_date; period_start, period_end, period_basis

# what the archive stores with each figure besides its FIGURE_FIELDS
EXTRA_FIELDS: tuple[str, ...] = ("source", "period_start", "period_end", "period_basis")

_COLUMNS = ", ".join(f'"{name}"' for name in FIGURE_FIELDS)
_SELECT = ", ".join(f'figures."{name}"' for name in FIGURE_FIELDS)
_EXTRA = ", ".join(EXTRA_FIELDS)

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
    "period" TEXT,
    source TEXT,
    period_start TEXT,
    period_end TEXT,
    period_basis TEXT
);
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
CREATE INDEX IF NOT EXISTS documents_period ON documents(period);
CREATE INDEX IF NOT EXISTS figures_document_id ON figures(document_id);
CREATE INDEX IF NOT EXISTS figures_indicator ON figures(indicator);
CREATE INDEX IF NOT EXISTS figures_indicator_id ON figures(indicator_id);
CREATE INDEX IF NOT EXISTS figures_period ON figures(period);
CREATE INDEX IF NOT EXISTS figures_unit_role ON figures(unit, role);
"""
# run after a v1 archive has its new columns
INDEXES_V2 = """
CREATE INDEX IF NOT EXISTS figures_source_period ON figures(source, period_start);
"""
_MIGRATE_V2 = (  # (table, column): added where a v1 archive lacks it
    ("documents", "source"),
    ("documents", "meeting_date"),
    ("figures", "source"),
    ("figures", "period_start"),
    ("figures", "period_end"),
    ("figures", "period_basis"),
)


def default_source(document: str) -> str:
    """The source a document is filed under when none is given: the folder it came from."""
    if document == "-":
        return "stdin"
    folder = os.path.normpath(os.path.dirname(document))
    return os.path.basename(os.getcwd()) if folder == "." else folder


def period_columns(
    figures: list[Figure], *, title: str | None, meeting_date: date | None
) -> list[tuple[str | None, str | None, str]]:
    """(period_start, period_end, period_basis) of each figure of one document."""
    from ..series.periods import resolve_document

    resolved = resolve_document(
        [f.period for f in figures],
        title=title,
        meeting=meeting_date,
        roles=[f.role for f in figures],
    )
    return [
        (r.start.isoformat() if r.start else None, r.end.isoformat() if r.end else None, r.basis)
        for r in resolved
    ]


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

    def hashes(self) -> frozenset[str]:
        """Content hashes of every stored document (sent to Dask workers to skip them)."""
        return frozenset(row[0] for row in self._conn.execute("SELECT hash FROM documents"))

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

        `period` is the item's title period (else its figures' commonest), `source` the
        council or committee (a ModernGov meeting's committee; default: the document's folder),
        `meeting_date` where the document gives it: they date periods written without a year.
        An earlier text stored under the same path (an edited minute) is replaced.
        """
        rows = list(figures)
        dates = period_columns(rows, title=period, meeting_date=meeting_date)
        if period is None:
            period = document_period(rows)
        source = source or default_source(path)
        meeting = meeting_date.isoformat() if meeting_date else None
        processed = datetime.now(timezone.utc).isoformat(timespec="seconds")
        conn = self._conn
        try:
            with conn:  # one transaction: the document is stored whole or not at all
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
                    f"INSERT INTO figures (document_id, {_COLUMNS}, {_EXTRA}) "
                    f"VALUES (?, {', '.join('?' * (len(FIGURE_FIELDS) + len(EXTRA_FIELDS)))})",
                    [
                        (document_id, *_row(figure), source, *when)
                        for figure, when in zip(rows, dates, strict=True)
                    ],
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
        version = _check_version(conn, path)
        with conn:
            if version == 1:
                _migrate_v1(conn)
            conn.executescript(SCHEMA)
            conn.executescript(INDEXES_V2)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.DatabaseError as error:
        raise InputError(f"is not a minutegen SQLite archive ({error})", path=path) from None
    return conn


def _migrate_v1(conn: sqlite3.Connection) -> None:
    """A v1 archive gains the v2 columns; its figures are dated as a new run would date them
    (source and meeting date where it kept them, else the document's folder and none)."""
    for table, column in _MIGRATE_V2:
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if column not in have:  # a v1 archive may have kept source and meeting_date already
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
    documents = conn.execute(
        "SELECT id, path, period, source, meeting_date FROM documents"
    ).fetchall()
    for document_id, path, period, stored_source, meeting in documents:
        source = stored_source or default_source(path)
        conn.execute("UPDATE documents SET source = ? WHERE id = ?", (source, document_id))
        ids, figures = [], []
        for row in conn.execute(
            f"SELECT id, {_COLUMNS} FROM figures WHERE document_id = ? ORDER BY id",
            (document_id,),
        ):
            ids.append(row[0])
            figures.append(Figure(*row[1:]))
        held = date.fromisoformat(meeting) if meeting else None
        dates = period_columns(figures, title=period, meeting_date=held)
        conn.executemany(
            "UPDATE figures SET source = ?, period_start = ?, period_end = ?, period_basis = ? "
            "WHERE id = ?",
            [(source, *when, figure_id) for figure_id, when in zip(ids, dates, strict=True)],
        )


def _check_version(conn: sqlite3.Connection, path: Path) -> int:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    known = (0, 1, SCHEMA_VERSION)
    if version not in known or (version == 0 and tables - {"documents", "figures"}):
        raise InputError(
            f"is a SQLite file but not a minutegen archive (schema {version}, tables "
            f"{', '.join(sorted(tables)) or 'none'})",
            path=path,
        )
    return int(version)
