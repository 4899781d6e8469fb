"""The body of `minutegen series`: an archive's series as a table, CSV or JSON, and a chart."""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .frame import SERIES_COLUMNS, archive_kind, iso_date

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FORMATS = ("table", "csv", "json")
# table columns: (column, heading, width, right-aligned)
_TABLE = (
    ("period", "period", 32, False),
    ("period_start", "start", 10, False),
    ("value", "value", 9, True),
    ("target", "target", 7, True),
    ("previous", "previous", 8, True),
    ("assessment", "assessment", 10, False),
    ("document", "document", 36, False),
)


def run_series(
    archive: str,
    *,
    indicator: str | None = None,
    fmt: str | None = None,
    output: Path | None = None,
    plot: Path | None = None,
    force: bool = False,
    source: str | None = None,
) -> int:
    """Print or write the series of `archive`, and draw them to `plot`. Returns the exit code."""
    from ..output import check_writable, write_atomic
    from .frame import series_frame

    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    for target in (output, plot):
        if target is not None and str(target) != "-":
            check_writable(target, force=force)
    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise InputError("--plot writes .png or .svg files", path=plot)
    if not Path(archive).exists():
        raise InputError("archive not found", path=archive)
    if archive_kind(archive) == "minutes" and Path(archive).is_file():
        raise InputError(
            "is not an archive: give a SQLite file from extract --db, a Parquet dataset "
            "folder from extract --format parquet, or a folder of minutes",
            path=archive,
        )
    frame = _with_progress(lambda: series_frame(archive, indicator, source=source))
    if frame.empty:
        raise InputError("the archive holds no actual figures with a named indicator", path=archive)
    for note in conflicts(frame):
        print(f"minutegen: note: {note}", file=sys.stderr)
    if plot is not None:
        from .plot import plot_series

        plot_series(frame, plot, force=force)
        print(f"wrote a chart of {frame['series'].nunique()} series to {plot}", file=sys.stderr)
    fmt = fmt or _format_for(output)
    text = render(frame, fmt)
    if output is not None and str(output) != "-":
        write_atomic(output, text, force=force)
        print(f"wrote {len(frame)} rows of {frame['series'].nunique()} series to {output}",
              file=sys.stderr)  # fmt: skip
    else:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            return 0
    return 0


def conflicts(frame: pd.DataFrame, *, shown: int = 3) -> list[str]:
    """One line per series with a period that minutes give two different values (both rows
    are kept: which is right is for a person to decide), at most `shown` of them, then a count."""
    dated = frame[frame["period_start"].notna()]
    counts = dated.groupby(["series", "period_start", "period_end"])["value"].nunique()
    clashing = counts[counts > 1]
    lines = []
    for series, start, _ in list(clashing.index)[:shown]:
        rows = dated[(dated["series"] == series) & (dated["period_start"] == start)]
        values = ", ".join(sorted({_cell(v) for v in rows["value"]}))
        lines.append(
            f"{series}: {rows['period'].iloc[0]} is given {rows['value'].nunique()} values "
            f"({values}); all are shown"
        )
    if len(clashing) > shown:
        lines.append(f"and {len(clashing) - shown} more periods with more than one value")
    return lines


def _with_progress(work: Any) -> Any:
    """A spinner on stderr while a long read runs, in terminals only."""
    if not sys.stderr.isatty():
        return work()
    from rich.console import Console

    with Console(stderr=True).status("reading the archive and linking series"):
        return work()


def _format_for(output: Path | None) -> str:
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    return suffix if suffix in ("csv", "json") else "table"


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as plain dicts (dates as ISO strings, missing values as None)."""
    out = []
    for row in frame.itertuples(index=False):
        record: dict[str, Any] = {}
        for name in SERIES_COLUMNS:
            value = getattr(row, name)
            if name in ("period_start", "period_end"):
                value = iso_date(value)
            elif isinstance(value, float) and math.isnan(value):
                value = None
            elif value is not None and not isinstance(value, (str, int, float)):
                value = None if _missing(value) else value.item()
            if name in ("start", "end") and value is not None:
                value = int(value)
            record[name] = value
        out.append(record)
    return out


def _missing(value: Any) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def render(frame: pd.DataFrame, fmt: str) -> str:
    """The series as table, csv or json text."""
    rows = records(frame)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(SERIES_COLUMNS)
        for row in rows:
            writer.writerow(["" if v is None else _number(v) for v in row.values()])
        return buffer.getvalue()
    return _table(rows)


def _number(value: Any) -> Any:
    if isinstance(value, float):
        from ..extract.cli import format_value

        return format_value(value)
    return value


def _table(rows: list[dict[str, Any]]) -> str:
    lines = [_line({c: h for c, h, _, _ in _TABLE})]
    series = None
    for row in rows:
        if row["series"] != series:
            series = row["series"]
            lines.append(f"# {row['indicator']} · {row['source']} · {row['unit']}  [{series}]")
        lines.append(_line({c: _cell(row[c]) for c, _, _, _ in _TABLE}))
    return "\n".join(lines) + "\n"


def _line(cells: dict[str, str]) -> str:
    parts = []
    for column, _, width, right in _TABLE:
        text = cells[column]
        if len(text) > width:  # a document keeps its file name, a period its beginning
            text = "…" + text[-(width - 1) :] if column == "document" else text[: width - 1] + "…"
        parts.append(text.rjust(width) if right else text.ljust(width))
    return "  ".join(parts).rstrip()


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    return " ".join(str(_number(value)).split())
