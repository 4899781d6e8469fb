"""A Parquet dataset of extracted figures, partitioned by source: for archives past one SQLite
file, read by pandas, DuckDB, Spark or pyarrow as they are.

Layout (hive partitioning, as every Parquet reader expects):

    DIR/source=<source>/part-<batch>.parquet   figures, one row each (FIGURE_FIELDS, the
                                               period as dates, the document's content hash)
    DIR/_documents/part-<batch>.parquet        one row per document stored (path, hash, ...)

Readers skip names starting with "_" or ".", so `pandas.read_parquet(DIR)` gives the figures.
Figures are written in batches; a batch counts only once its `_documents` file is renamed
into place, so a run killed mid-batch leaves no half-stored document: the next run removes
the batch's figure files and extracts those documents again. A re-run skips documents whose
content hash is stored, as `--db` does.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

from ..errors import InputError, OutputError
from ..model import FIGURE_FIELDS, Figure
from .archive import default_source, document_period, period_columns

DOCUMENTS = "_documents"
BATCH_ROWS = 50_000  # figures held before a batch is written
BATCH_DOCUMENTS = 2_000


def figure_schema() -> Any:
    """The figures' columns in a part file (the partition column `source` is in the path)."""
    import pyarrow as pa

    text = pa.string()
    return pa.schema(
        [
            ("document", text),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("text", text),
            ("sentence", text),
            ("value", pa.float64()),
            ("unit", text),
            ("role", text),
            ("indicator", text),
            ("indicator_id", text),
            ("assessment", text),
            ("period", text),
            ("period_start", pa.date32()),
            ("period_end", pa.date32()),
            ("period_basis", text),
            ("document_hash", text),
        ]
    )


def document_schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("path", pa.string()),
            ("hash", pa.string()),
            ("source", pa.string()),
            ("period", pa.string()),
            ("meeting_date", pa.date32()),
            ("processed", pa.string()),
            ("figure_count", pa.int64()),
            ("chars", pa.int64()),
        ]
    )


def is_dataset(path: str | Path) -> bool:
    """Whether `path` is a folder holding a minutegen Parquet dataset."""
    return Path(path).is_dir() and (Path(path) / DOCUMENTS).is_dir()


class ParquetArchive:
    """An open Parquet dataset, written in batches; the same calls as the SQLite Archive."""

    def __init__(self, path: str | Path) -> None:
        import pyarrow  # noqa: F401  # fail here, with one line, if pyarrow is missing

        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise OutputError("is a file; a Parquet dataset is a folder", path=self.path)
        if self.path.is_dir() and any(self.path.iterdir()) and not is_dataset(self.path):
            raise OutputError(
                "is a folder that is not a minutegen Parquet dataset (no _documents)",
                path=self.path,
            )
        parent = self.path.parent if str(self.path.parent) else Path(".")
        if not parent.is_dir():
            raise OutputError("its folder does not exist", path=self.path)
        (self.path / DOCUMENTS).mkdir(parents=True, exist_ok=True)
        self._run = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-"
        self._run += uuid.uuid4().hex[:8]
        self._batch = 0
        self._remove_uncommitted()
        self._hashes = set(self._stored_hashes())
        self._figures: list[dict[str, Any]] = []
        self._documents: list[dict[str, Any]] = []
        self._pending: dict[str, list[Figure]] = {}

    # context manager ------------------------------------------------------------------------
    def __enter__(self) -> ParquetArchive:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Write what is held (a last batch)."""
        self.flush()

    # queries --------------------------------------------------------------------------------
    def hashes(self) -> frozenset[str]:
        """Content hashes of every stored document."""
        return frozenset(self._hashes)

    def has(self, digest: str) -> bool:
        return digest in self._hashes

    def counts(self) -> tuple[int, int]:
        """(documents, figures) stored, counting what is held for the next batch."""
        import pyarrow.dataset as ds

        documents = figures = 0
        if any((self.path / DOCUMENTS).glob("*.parquet")):
            table = ds.dataset(self.path / DOCUMENTS, format="parquet").to_table(
                columns=["figure_count"]
            )
            documents = table.num_rows
            figures = int(sum(table.column("figure_count").to_pylist()))
        return documents + len(self._documents), figures + len(self._figures)

    def figures(self, digest: str, *, document: str | None = None) -> Iterator[Figure]:
        """The stored figures of one document, in order; `document` renames them."""
        if digest in self._pending:
            rows = self._pending[digest]
        else:
            import pyarrow.dataset as ds

            data = open_figures(self.path)
            table = data.to_table(  # one thread: the rows in the order they were written
                columns=[*FIGURE_FIELDS],
                filter=ds.field("document_hash") == digest,
                use_threads=False,
            )
            rows = [Figure(**row) for row in table.to_pylist()]
        for figure in rows:
            if document is not None and figure.document != document:
                figure = Figure(document, *[getattr(figure, f) for f in FIGURE_FIELDS[1:]])
            yield figure

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
        """Hold one document and its figures for the next batch; False if its hash is stored."""
        if digest in self._hashes:
            return False
        rows = list(figures)
        dates = period_columns(rows, title=period, meeting_date=meeting_date)
        source = source or default_source(path)
        self._hashes.add(digest)
        self._pending[digest] = rows
        self._documents.append(
            {
                "path": path,
                "hash": digest,
                "source": source,
                "period": period or document_period(rows),
                "meeting_date": meeting_date,
                "processed": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "figure_count": len(rows),
                "chars": chars,
            }
        )
        for figure, (start, end, basis) in zip(rows, dates, strict=True):
            record = {name: getattr(figure, name) for name in FIGURE_FIELDS}
            record["period_start"] = date.fromisoformat(start) if start else None
            record["period_end"] = date.fromisoformat(end) if end else None
            record["period_basis"] = basis
            record["document_hash"] = digest
            record["source"] = source
            self._figures.append(record)
        if len(self._figures) >= BATCH_ROWS or len(self._documents) >= BATCH_DOCUMENTS:
            self.flush()
        return True

    def flush(self) -> None:
        """Write the held figures (one file per source), then commit them with the batch's
        `_documents` file. Each file is written beside its place and renamed into it."""
        if not self._documents:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        name = f"part-{self._run}-{self._batch:05d}.parquet"
        by_source: dict[str, list[dict[str, Any]]] = {}
        for record in self._figures:
            by_source.setdefault(record["source"], []).append(record)
        schema = figure_schema()
        try:
            for source, records in by_source.items():
                folder = self.path / f"source={quote(source, safe='')}"
                folder.mkdir(exist_ok=True)
                table = pa.Table.from_pylist(records, schema=schema)
                _write(pq, table, folder / name)
            table = pa.Table.from_pylist(self._documents, schema=document_schema())
            _write(pq, table, self.path / DOCUMENTS / name)
        except OSError as error:
            raise OutputError(
                f"cannot write the Parquet dataset ({error})", path=self.path
            ) from None
        self._batch += 1
        self._figures.clear()
        self._documents.clear()
        self._pending.clear()

    # upkeep ---------------------------------------------------------------------------------
    def _stored_hashes(self) -> list[str]:
        import pyarrow.dataset as ds

        if not any((self.path / DOCUMENTS).glob("*.parquet")):
            return []
        try:
            table = ds.dataset(self.path / DOCUMENTS, format="parquet").to_table(columns=["hash"])
        except Exception as error:  # pyarrow's errors for a broken file are many
            message = f"cannot read the dataset's documents ({error})"
            raise InputError(message, path=self.path) from None
        return table.column("hash").to_pylist()

    def _remove_uncommitted(self) -> None:
        """Figure files of a batch whose _documents file never landed, and temporary files."""
        committed = {file.name for file in (self.path / DOCUMENTS).glob("part-*.parquet")}
        for folder in self.path.glob("source=*"):
            for file in folder.iterdir():
                if file.name.startswith(".") or file.name not in committed:
                    file.unlink()
        for file in (self.path / DOCUMENTS).glob(".*"):
            file.unlink()


def _write(pq: Any, table: Any, target: Path) -> None:
    temporary = target.with_name("." + target.name + ".tmp")
    pq.write_table(table, temporary, compression="zstd")
    os.replace(temporary, target)


def open_figures(path: str | Path) -> Any:
    """The dataset's committed figures as a pyarrow Dataset, with `source` from the partition
    paths (a batch whose `_documents` file never landed is left out)."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    base = Path(path)
    committed = {file.name for file in (base / DOCUMENTS).glob("part-*.parquet")}
    files = sorted(
        str(file) for file in base.glob("source=*/part-*.parquet") if file.name in committed
    )
    partitioning = ds.partitioning(pa.schema([("source", pa.string())]), flavor="hive")
    schema = figure_schema().append(pa.field("source", pa.string()))
    return ds.dataset(
        files, format="parquet", partitioning=partitioning, partition_base_dir=str(base),
        schema=schema,
    )  # fmt: skip


def open_documents(path: str | Path) -> Any:
    import pyarrow.dataset as ds

    return ds.dataset(Path(path) / DOCUMENTS, format="parquet", schema=document_schema())
