"""Archives as pandas DataFrames: every figure (`figures_frame`), and each indicator as a
series over the periods of many minutes (`series_frame`).

An archive is a SQLite file written by `extract --db`, a Parquet dataset written by
`extract --format parquet -o DIR`, or minutes themselves (files, folders, globs), which are
extracted first. pandas is imported here, never at `import minutegen`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..model import FIGURE_FIELDS, Figure

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FIGURE_COLUMNS: tuple[str, ...] = (
    *FIGURE_FIELDS, "source", "period_start", "period_end", "period_basis",
)  # fmt: skip
SERIES_COLUMNS: tuple[str, ...] = (
    "series", "indicator", "source", "period", "period_start", "period_end", "period_basis",
    "value", "unit", "target", "previous", "assessment", "document", "start", "end", "wording",
)  # fmt: skip
# --indicator: a series is chosen when its name or a wording holds every word given, each
# exactly or this close (a misspelling: "re-referals", "reparis")
WORD_THRESHOLD = 80.0

Archive = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def archive_kind(archive: Archive) -> str:
    """ "sqlite", "parquet" or "minutes" (files, folders or globs to extract first)."""
    if isinstance(archive, (str, os.PathLike)):
        path = Path(archive)
        if path.is_file():
            with open(path, "rb") as handle:
                if handle.read(16) == b"SQLite format 3\x00":
                    return "sqlite"
        if path.is_dir():
            from ..extract.parquet import is_dataset

            if is_dataset(path):
                return "parquet"
        if path.suffix.lower() in (".sqlite", ".db", ".sqlite3") and not path.exists():
            raise InputError("archive not found", path=path)
    return "minutes"


def figures_frame(
    paths_or_archive: Archive, *, source: str | None = None, jobs: int = 1
) -> pd.DataFrame:
    """Every figure of an archive (SQLite, Parquet dataset, or minutes to extract) as a
    DataFrame: the extract fields, `source`, and the period as dates with its basis."""
    import pandas as pd

    kind = archive_kind(paths_or_archive)
    if kind == "sqlite":
        frame = _from_sqlite(Path(paths_or_archive))  # type: ignore[arg-type]
    elif kind == "parquet":
        frame = _from_parquet(Path(paths_or_archive))  # type: ignore[arg-type]
    else:
        frame = _from_minutes(paths_or_archive, source=source, jobs=jobs)
    if source is not None and kind != "minutes":
        frame = frame[frame["source"] == source]
    for column in ("period_start", "period_end"):
        # one dtype whatever the archive (Parquet dates, SQLite text): nanoseconds, as pandas 2
        frame[column] = pd.to_datetime(frame[column], errors="coerce").astype("datetime64[ns]")
    return frame.reset_index(drop=True)[list(FIGURE_COLUMNS)]


def _from_sqlite(path: Path) -> pd.DataFrame:
    import pandas as pd

    from ..extract.archive import Archive as SQLiteArchive
    from ..extract.archive import default_source, period_columns

    archive = SQLiteArchive(path, readonly=True)  # checks it is ours
    conn: sqlite3.Connection = archive._conn
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(figures)")}
        fields = ", ".join(f'f."{name}"' for name in FIGURE_FIELDS)
        if "period_start" in columns:
            query = (
                f"SELECT {fields}, f.source, f.period_start, f.period_end, f.period_basis "
                "FROM figures f JOIN documents d ON d.id = f.document_id ORDER BY d.id, f.id"
            )
            return pd.read_sql_query(query, conn)
        # an archive written before periods were dated: date them now, as a new run would
        rows: list[dict[str, Any]] = []
        kept = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
        extra = ", source, meeting_date" if {"source", "meeting_date"} <= kept else ", NULL, NULL"
        for document_id, document, period, source, meeting in conn.execute(
            f"SELECT id, path, period{extra} FROM documents ORDER BY id"
        ).fetchall():
            figures = [
                Figure(*row)
                for row in conn.execute(
                    f"SELECT {fields} FROM figures f WHERE document_id = ? ORDER BY id",
                    (document_id,),
                )
            ]
            held = date.fromisoformat(meeting) if meeting else None
            dates = period_columns(figures, title=period, meeting_date=held)
            for figure, (start, end, basis) in zip(figures, dates, strict=True):
                rows.append(
                    {**figure.to_dict(), "source": source or default_source(document),
                     "period_start": start, "period_end": end, "period_basis": basis}
                )  # fmt: skip
        return pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))
    except sqlite3.Error as error:
        raise InputError(f"cannot read the archive ({error})", path=path) from None
    finally:
        archive.close()


def _from_parquet(path: Path) -> pd.DataFrame:
    import pyarrow as pa

    from ..extract.parquet import open_figures

    try:
        table = open_figures(path).to_table()
    except (OSError, pa.ArrowException) as error:
        raise InputError(f"cannot read the Parquet dataset ({error})", path=path) from None
    frame = table.to_pandas()
    return frame.sort_values(["source", "document", "start"], kind="stable")


def _from_minutes(paths: Archive, *, source: str | None, jobs: int) -> pd.DataFrame:
    import pandas as pd

    from ..extract.archive import default_source, period_columns
    from ..extract.runner import iter_results

    rows: list[dict[str, Any]] = []
    failures: list[str] = []
    for result in iter_results(paths, jobs=jobs):  # type: ignore[arg-type]
        if result.error is not None:
            failures.append(result.error)
            continue
        dates = period_columns(
            result.figures, title=result.period, meeting_date=result.meeting_date
        )
        label = source or result.source or default_source(result.document)
        for figure, (start, end, basis) in zip(result.figures, dates, strict=True):
            rows.append(
                {**figure.to_dict(), "source": label, "period_start": start,
                 "period_end": end, "period_basis": basis}
            )  # fmt: skip
    if failures and not rows:
        raise InputError(failures[0])
    return pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))


def series_frame(
    archive: Archive,
    indicator: str | None = None,
    *,
    source: str | None = None,
    figures: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per series and period, in period order: each indicator of each source
    followed across the archive's minutes, whatever the wording (see series/link.py).

    `indicator` keeps the series whose name or wordings are close to it (rapidfuzz);
    `figures` passes a figures_frame already read.
    """
    import pandas as pd

    from .link import link_series

    frame = figures if figures is not None else figures_frame(archive, source=source)
    named = frame[frame["indicator"].notna() & (frame["indicator"].astype(str).str.strip() != "")]
    actual = named[named["role"] == "actual"].copy()
    if actual.empty:
        return pd.DataFrame(columns=list(SERIES_COLUMNS))
    links = link_series(
        actual["source"].astype(str).tolist(),
        actual["unit"].astype(str).tolist(),
        actual["indicator"].astype(str).tolist(),
        [None if pd.isna(i) else str(i) for i in actual["indicator_id"]],
        actual["document"].astype(str).tolist(),
    )
    actual["series"] = [link.series for link in links]
    actual["wording"] = actual["indicator"]
    actual["indicator"] = [link.indicator for link in links]
    actual["target"] = _beside(actual, named, "target")
    actual["previous"] = _beside(actual, named, "previous")
    if indicator:
        actual = actual[actual["series"].isin(_chosen(actual, indicator))]
        if actual.empty:
            raise InputError(f"no series matches --indicator {indicator!r}")
    # a period reported twice with the same value (quoted again in a later minute) is one row
    undated = actual["period_start"].isna()
    key = actual["document"].where(undated, "")
    actual = actual.assign(_key=key).drop_duplicates(
        ["series", "period_start", "period_end", "value", "_key"]
    )
    actual = actual.assign(_undated=actual["period_end"].isna())
    actual = actual.sort_values(
        ["source", "indicator", "unit", "series", "_undated", "period_end", "period_start",
         "document", "start"],
        kind="stable",
    )  # fmt: skip
    return actual.reset_index(drop=True)[list(SERIES_COLUMNS)]


def _beside(actual: pd.DataFrame, named: pd.DataFrame, role: str) -> list[float | None]:
    """The value of the `role` figure (target, previous) stated with each actual figure: in
    its sentence, naming the same indicator, the nearest one."""
    found: dict[tuple[str, str, str], list[tuple[int, float]]] = {}
    others = named[named["role"] == role]
    columns = [others[c].tolist() for c in ("document", "sentence", "indicator", "start", "value")]
    for document, sentence, name, start, value in zip(*columns, strict=True):
        found.setdefault((document, sentence, name), []).append((int(start), float(value)))
    out: list[float | None] = []
    columns = [actual[c].tolist() for c in ("document", "sentence", "wording", "start")]
    for document, sentence, wording, start in zip(*columns, strict=True):
        near = found.get((document, sentence, wording))
        if not near:
            out.append(None)
            continue
        out.append(min(near, key=lambda item, at=int(start): abs(item[0] - at))[1])
    return out


def _chosen(actual: pd.DataFrame, words: str) -> set[str]:
    """Series whose name, id or any wording is close to `words` (or holds them outright)."""
    from rapidfuzz import fuzz

    from ..catalogue import normalise_name

    query = normalise_name(words) or words.lower()
    chosen = set()
    for series, group in actual.groupby("series"):
        names = {*group["indicator"].astype(str), *group["wording"].astype(str)}
        ids = {str(i) for i in group["indicator_id"].dropna()}
        if words.lower() in {i.lower() for i in ids}:
            chosen.add(str(series))
            continue
        for name in names:
            key = normalise_name(name).split()
            if key and all(
                max(fuzz.ratio(word, other) for other in key) >= WORD_THRESHOLD
                for word in query.split()
            ):
                chosen.add(str(series))
                break
    return chosen


def iso_date(value: Any) -> str | None:
    """A period date for people and JSON: 2020-07-01, or None."""
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return str(value)[:10]
