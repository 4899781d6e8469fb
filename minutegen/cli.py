"""The `minutegen` command: parse arguments, call one library function, print.

Library errors (MinutegenError) become one line on stderr and exit code 2 here, nowhere else.
Heavy imports (pandas, spaCy) happen inside the commands so that `--help` stays fast.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .errors import MinutegenError

app = typer.Typer(
    name="minutegen",
    help="Draft, extract and check the performance prose of committee minutes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class DraftFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"
    docx = "docx"


class ExtractFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    parquet = "parquet"


class SeriesFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def fail(error: MinutegenError) -> typer.Exit:
    """Print a library error as one line on stderr; the caller raises the returned Exit."""
    typer.echo(f"minutegen: error: {error}", err=True)
    return typer.Exit(code=error.exit_code)


def emit(data: bytes | str, output: Path | None, *, force: bool) -> None:
    """Machine output goes to -o (atomically) or stdout; never half-written."""
    from .output import write_atomic

    if output is not None and str(output) != "-":
        write_atomic(output, data, force=force)
        typer.echo(f"wrote {output}", err=True)
        return
    if isinstance(data, bytes):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)
        sys.stdout.flush()


DRAFT_SUFFIXES = {
    ".docx": DraftFormat.docx,
    ".html": DraftFormat.html,
    ".htm": DraftFormat.html,
    ".md": DraftFormat.markdown,
    ".markdown": DraftFormat.markdown,
}


def draft_format_for(output: Path | None) -> DraftFormat:
    """The format an -o file's extension asks for (minute.docx: docx), else text."""
    if output is None:
        return DraftFormat.text
    return DRAFT_SUFFIXES.get(output.suffix.lower(), DraftFormat.text)


@app.command()
def draft(
    data: Annotated[Path, typer.Argument(help="Indicator table: CSV, XLSX, JSON or YAML.")],
    meeting: Annotated[
        Path | None, typer.Option("--meeting", "-m", help="Meeting metadata (YAML).")
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="The workbook sheet to read (XLSX), by name.")
    ] = None,
    style: Annotated[
        str, typer.Option("--style", "-s", help="House style name (house, govuk) or a folder.")
    ] = "house",
    fmt: Annotated[
        DraftFormat | None,
        typer.Option(
            "--format", "-f", help="Output format [default: from -o's extension, else text]."
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing outputs.")] = False,
    provenance: Annotated[
        Path | None,
        typer.Option("--provenance", help="Write each sentence's indicator ids and values (JSON)."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Vary the phrasing, deterministically.")] = 0,
    exceptions: Annotated[
        bool,
        typer.Option(
            "--exceptions",
            help="One sentence of counts, then only red/amber, moved or off-benchmark rows.",
        ),
    ] = False,
) -> None:
    """Write a minute's prose from a table of indicator results.

    Example: minutegen draft samples/darlington-cyp-2020q2/indicators.csv
    --meeting samples/darlington-cyp-2020q2/meeting.yaml
    """
    try:
        import json

        from .draft import draft_minute, render_minute
        from .meeting import load_meeting
        from .output import check_writable, write_atomic
        from .tables import load_table_and_preset

        if fmt is None:  # -o minute.docx means a Word document, not text in a .docx file
            fmt = draft_format_for(output)
        for target in (output, provenance):
            if target is not None and str(target) != "-":
                check_writable(target, force=force)
        if fmt is DraftFormat.docx and output is None and sys.stdout.isatty():
            raise MinutegenError("DOCX is binary: give -o FILE.docx")
        rows, preset = load_table_and_preset(data, sheet=sheet)
        if preset is not None:
            typer.echo(f"minutegen: recognised {data}: {preset}", err=True)
        minute = draft_minute(
            rows, load_meeting(meeting), style=style, seed=seed, exceptions=exceptions
        )
        rendered = render_minute(minute, fmt.value)
        if provenance is not None:
            write_atomic(
                provenance,
                json.dumps(minute.provenance(), indent=2, ensure_ascii=False) + "\n",
                force=force,
            )
        emit(rendered, output, force=force)
    except MinutegenError as error:
        raise fail(error) from None


@app.command()
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(help="Minutes: files, folders (recursive), globs, or - for stdin."),
    ],
    fmt: Annotated[
        ExtractFormat | None,
        typer.Option(
            "--format", "-f", help="Output format [default: table; none with --db alone]."
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing -o file.")] = False,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Store figures in this SQLite file; re-runs skip stored files."),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    model: Annotated[
        str | None,
        typer.Option("--model", help="An installed trained spaCy pipeline to use as well."),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source", help="File the minutes under this council or committee [default: folder]."
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Run on a Dask cluster: a scheduler address, or local (--jobs workers).",
        ),
    ] = None,
    evidence: Annotated[
        bool,
        typer.Option("--evidence", help="JSON records say what decided each role and assessment."),
    ] = False,
) -> None:
    """Return every figure that minutes state, as structured data.

    Example: minutegen extract minutes/ --format jsonl -o figures.jsonl
    """
    try:
        from .extract.cli import run_extract

        code = run_extract(
            paths,
            fmt=fmt.value if fmt else None,
            output=output,
            force=force,
            db=db,
            jobs=jobs,
            model=model,
            source=source,
            dask=dask,
            evidence=evidence,
        )
    except MinutegenError as error:
        raise fail(error) from None
    raise typer.Exit(code=code)


@app.command()
def series(
    archive: Annotated[
        str,
        typer.Argument(help="SQLite file from extract --db, a Parquet dataset, or minutes."),
    ],
    indicator: Annotated[
        str | None, typer.Option("--indicator", "-i", help="Only series with names like this.")
    ] = None,
    fmt: Annotated[
        SeriesFormat | None,
        typer.Option("--format", "-f", help="Output format [default: from -o, else table]."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Draw the series to this .png or .svg file.")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Only this council or committee.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing outputs.")] = False,
) -> None:
    """Follow each indicator across the minutes of an archive, in period order.

    Example: minutegen series figures.sqlite --indicator re-referrals --plot rereferrals.png
    """
    try:
        from .series.cli import run_series

        code = run_series(
            archive,
            indicator=indicator,
            fmt=fmt.value if fmt else None,
            output=output,
            plot=plot,
            force=force,
            source=source,
        )
    except MinutegenError as error:
        raise fail(error) from None
    raise typer.Exit(code=code)


@app.command()
def check(
    minute: Annotated[Path, typer.Argument(help="The minute: text, Markdown, HTML or DOCX.")],
    data: Annotated[Path, typer.Argument(help="Indicator table: CSV, XLSX, JSON or YAML.")],
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Report format.")] = (
        CheckFormat.text
    ),
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="Codes to turn off (repeatable).")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    config: Annotated[
        Path | None, typer.Option("--config", help="YAML with ignore: [...] and strict: true.")
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="The workbook sheet to read (XLSX), by name.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write a copy of a .docx minute with findings as comments."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing -o file.")] = False,
) -> None:
    """Report every claim in a minute that its data contradicts, like a linter.

    Exit 0 when no error, 1 when there is one, 2 for unusable input.
    Example: minutegen check minute.txt indicators.csv
    """
    try:
        from .check.cli import run_check

        code = run_check(
            minute,
            data,
            fmt=fmt.value,
            ignore=ignore or [],
            strict=strict,
            config=config,
            sheet=sheet,
            output=output,
            force=force,
        )
    except MinutegenError as error:
        raise fail(error) from None
    raise typer.Exit(code=code)


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", is_eager=True)
    ] = False,
) -> None:
    """Draft, extract and check the performance prose of committee minutes."""
    if version:
        from . import __version__

        typer.echo(f"minutegen {__version__}")
        raise typer.Exit()


def main() -> None:
    """Entry point of the `minutegen` script and `python -m minutegen`."""
    app()
