"""The body of `minutegen extract`: stream figures from many minutes to a format, a file or
an archive, reporting unreadable documents by name and going on with the rest.

Exit codes: 0 all documents fine, 1 some failed, 2 nothing usable (raised as InputError).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ..errors import InputError
from ..model import FIGURE_FIELDS, Figure
from .runner import RunStats, extract_paths

FORMATS = ("table", "csv", "json", "jsonl", "parquet")

# table columns: (field, heading, width, right-aligned)
_TABLE = (
    ("text", "text", 24, False),
    ("value", "value", 12, True),
    ("unit", "unit", 7, False),
    ("role", "role", 9, False),
    ("assessment", "assessment", 10, False),
    ("indicator", "indicator", 50, False),
)


def run_extract(
    paths: list[str],
    *,
    fmt: str | None = "table",
    output: Path | None = None,
    force: bool = False,
    db: Path | None = None,
    jobs: int = 1,
    model: str | None = None,
    source: str | None = None,
    dask: str | None = None,
    evidence: bool = False,
) -> int:
    """Extract every figure from `paths` and write them as `fmt` to stdout or `output`
    (JSON and JSON Lines records carry the evidence for each decision when `evidence`).

    With `db` alone (no --format, no -o) figures go only to the archive and a one-line
    summary goes to stderr; `--format parquet -o DIR` writes (or adds to) a Parquet dataset.
    Returns the exit code.
    """
    from ..output import check_writable

    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if dask is not None and jobs > 1 and dask != "local":
        raise InputError("--jobs sets the workers of --dask local; a cluster has its own")
    if source is not None and db is None and fmt != "parquet":
        raise InputError("--source files minutes in an archive: give --db or --format parquet")
    if fmt == "parquet":
        return _run_parquet(paths, output, db=db, jobs=jobs, model=model, source=source, dask=dask)
    to_file = output is not None and str(output) != "-"
    if to_file:
        check_writable(output, force=force)  # type: ignore[arg-type]  # before any work
    if db is not None:
        _check_archive(db)
    if model is not None:
        _check_model(model)
    write = fmt is not None or output is not None or db is None
    fmt = fmt or _format_for(output)
    stats = RunStats()

    held: list[str] = []  # the first error waits: if it is the only thing, it is the exit message

    def report(document: str, message: str) -> None:
        if stats.usable == 0 and not held:
            held.append(message)
            return
        _print_errors([*held, message])
        held.clear()

    show_progress = sys.stderr.isatty() and (to_file or not write or not sys.stdout.isatty())
    figures = extract_paths(
        paths,
        jobs=jobs,
        db=db,
        on_error=report,
        progress=show_progress,
        stats=stats,
        model=model,
        source=source,
        dask=dask,
    )
    count = 0
    try:
        if write:
            first = next(figures, None)  # nothing is written when no minute could be read
            if first is not None or stats.usable:
                with _sink(output, force=force) as handle:
                    count = write_figures(_chain(first, figures), handle, fmt, evidence=evidence)
        else:
            count = sum(1 for _ in figures)
    except BrokenPipeError:  # `minutegen extract ... | head`: the reader has what it wants
        _silence_stdout()
        return 0
    if stats.usable == 0 and stats.failed == 1 and held:
        raise InputError(held[0])
    _print_errors(held)
    if db is not None:
        print(f"minutegen: {db}: {stats.summary()}", file=sys.stderr)
    if stats.usable == 0:
        raise InputError(f"no minute could be read ({stats.failed} failed); nothing extracted")
    if to_file and write:
        print(f"wrote {count} figures to {output}", file=sys.stderr)
    return 1 if stats.failed else 0


def _run_parquet(
    paths: list[str],
    output: Path | None,
    *,
    db: Path | None,
    jobs: int,
    model: str | None,
    source: str | None,
    dask: str | None,
) -> int:
    """`--format parquet -o DIR`: figures into a Parquet dataset partitioned by source; a
    re-run adds new documents and skips stored ones, as --db does."""
    if output is None or str(output) == "-":
        raise InputError("--format parquet writes a dataset folder: give -o DIR")
    if db is not None:
        raise InputError("--format parquet and --db are two archives: choose one")
    if model is not None:
        _check_model(model)
    from .parquet import ParquetArchive

    ParquetArchive(output).close()  # a bad -o fails now, before any work
    stats = RunStats()
    failures: list[str] = []

    def report(document: str, message: str) -> None:
        failures.append(message)
        if stats.usable:
            _print_errors(failures)
            failures.clear()

    figures = extract_paths(
        paths,
        jobs=jobs,
        parquet=output,
        on_error=report,
        progress=sys.stderr.isatty(),
        stats=stats,
        model=model,
        source=source,
        dask=dask,
        replay=False,
    )
    for _ in figures:
        pass
    if stats.usable == 0 and stats.failed == 1 and failures:
        raise InputError(failures[0])
    _print_errors(failures)
    print(f"minutegen: {output}: {stats.summary()}", file=sys.stderr)
    if stats.usable == 0:
        raise InputError(f"no minute could be read ({stats.failed} failed); nothing extracted")
    return 1 if stats.failed else 0


def _print_errors(messages: list[str]) -> None:
    for message in messages:
        print(f"minutegen: error: {message}", file=sys.stderr, flush=True)


def _chain(first: Figure | None, rest: Iterator[Figure]) -> Iterator[Figure]:
    if first is not None:
        yield first
    yield from rest


def _format_for(output: Path | None) -> str:
    """With -o and no --format, the file's extension chooses (.csv, .json, .jsonl)."""
    suffix = Path(str(output)).suffix.lower().lstrip(".") if output is not None else ""
    return suffix if suffix in ("csv", "json", "jsonl") else "table"


def write_figures(
    figures: Iterable[Figure], handle: IO[str], fmt: str, *, evidence: bool = False
) -> int:
    """Write figures to `handle` as table, csv, json or jsonl, streaming; returns how many.
    With `evidence`, JSON and JSON Lines records say what decided each role and assessment."""
    if fmt == "json":
        return _write_json(iter(figures), handle, evidence)
    if fmt == "jsonl":
        return _write_jsonl(iter(figures), handle, evidence)
    writer = {"table": _write_table, "csv": _write_csv}
    return writer[fmt](iter(figures), handle)


def figure_record(figure: Figure, *, evidence: bool = False) -> dict[str, object]:
    """A figure as a dict with exactly the DESIGN.md fields, in order (and, with `evidence`,
    the evidence that decided its role and assessment)."""
    record: dict[str, object] = {name: getattr(figure, name) for name in FIGURE_FIELDS}
    if evidence:
        record["evidence"] = list(figure.evidence)
    return record


def _write_jsonl(figures: Iterator[Figure], handle: IO[str], evidence: bool = False) -> int:
    count = 0
    for figure in figures:
        record = figure_record(figure, evidence=evidence)
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_json(figures: Iterator[Figure], handle: IO[str], evidence: bool = False) -> int:
    count = 0
    handle.write("[")
    for figure in figures:
        handle.write(",\n  " if count else "\n  ")
        handle.write(json.dumps(figure_record(figure, evidence=evidence), ensure_ascii=False))
        count += 1
    handle.write("\n]\n" if count else "]\n")
    return count


def _write_csv(figures: Iterator[Figure], handle: IO[str]) -> int:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(FIGURE_FIELDS)
    count = 0
    for figure in figures:
        writer.writerow(
            ["" if value is None else value for value in figure_record(figure).values()]
        )
        count += 1
    return count


def _write_table(figures: Iterator[Figure], handle: IO[str]) -> int:
    handle.write(_table_line({field: heading for field, heading, _, _ in _TABLE}) + "\n")
    count = 0
    document: str | None = None
    for figure in figures:
        if figure.document != document:
            document = figure.document
            handle.write(f"# {document}\n")
        cells = {field: _cell(getattr(figure, field)) for field, _, _, _ in _TABLE}
        handle.write(_table_line(cells) + "\n")
        count += 1
    return count


def _table_line(cells: dict[str, str]) -> str:
    parts = []
    for field, _, width, right in _TABLE:
        text = _trim(cells[field], width)
        parts.append(text.rjust(width) if right else text.ljust(width))
    return "  ".join(parts).rstrip()


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return format_value(value)
    return " ".join(str(value).split())


def format_value(value: float) -> str:
    """A figure's value for people: 18 not 18.0, 1200000 not 1.2e+06, 91.6 as 91.6."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10g}"


def _trim(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@contextmanager
def _sink(output: Path | None, *, force: bool) -> Iterator[IO[str]]:
    """stdout, or a temporary file renamed onto `output` when all went through."""
    if output is None or str(output) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    from ..output import atomic_writer

    with atomic_writer(output, force=force) as handle:
        yield handle


def _check_archive(db: Path) -> None:
    """Open (creating) the archive now, so a bad --db fails before any work."""
    from .archive import Archive

    Archive(db).close()


def _check_model(model: str) -> None:
    """--model must name an installed spaCy pipeline package or a pipeline folder."""
    import spacy.util

    if Path(model).is_dir() or spacy.util.is_package(model):
        return
    raise InputError(f"--model: no installed spaCy pipeline or folder called {model!r}")


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)
