"""The body of `minutegen check`: read the minute and the table, check, print, exit code."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..yamlio import load_yaml, reject_unknown_keys

CONFIG_KEYS: tuple[str, ...] = ("ignore", "strict")


def load_config(path: str | Path) -> dict[str, Any]:
    """A check config YAML: `ignore: [codes]` and `strict: true`; unknown keys are refused."""
    path = Path(path)
    if not path.is_file():
        raise InputError("config file not found", path=path)
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(f"not valid YAML ({first})", path=path) from None
    if raw is None:  # an empty config file: the defaults
        return {"ignore": [], "strict": False}
    if not isinstance(raw, dict):
        raise InputError("must be a mapping with keys: " + ", ".join(CONFIG_KEYS), path=path)
    reject_unknown_keys(raw, CONFIG_KEYS, path=path)
    ignore = raw.get("ignore") or []
    if isinstance(ignore, str):
        ignore = [ignore]
    if not isinstance(ignore, list) or not all(isinstance(c, str) for c in ignore):
        raise InputError("'ignore' must be a list of codes", path=path)
    from .core import known_codes

    try:
        known_codes(ignore)
    except InputError as error:  # name the config file, not --ignore
        raise InputError(str(error).replace("in --ignore", "in 'ignore'"), path=path) from None
    strict = raw.get("strict", False)
    if not isinstance(strict, bool):
        raise InputError("'strict' must be true or false", path=path)
    return {"ignore": ignore, "strict": strict}


def run_check(
    minute_path: str | Path,
    data_path: str | Path,
    *,
    fmt: str = "text",
    ignore: list[str] | None = None,
    strict: bool = False,
    config: str | Path | None = None,
    sheet: str | None = None,
    output: str | Path | None = None,
    force: bool = False,
) -> int:
    """Check MINUTE against DATA and print the report; 0 no error, 1 an error (InputError: 2).

    With `output`, a Word minute is also written there as a copy with each finding as a comment.
    """
    from ..extract import read_document
    from ..extract.readers import decode_text
    from ..tables import load_table
    from .core import check_minute
    from .locate import relocate, source_kind
    from .report import render

    settings = load_config(config) if config is not None else {"ignore": [], "strict": False}
    codes = [*settings["ignore"], *(ignore or [])]
    strict = strict or settings["strict"]
    if not Path(minute_path).exists():
        raise InputError("minute not found", path=minute_path)
    if output is not None:
        from ..output import check_writable

        if Path(minute_path).suffix.lower() != ".docx":
            raise InputError("-o writes a commented copy of a Word minute; give a .docx minute")
        if Path(output).suffix.lower() != ".docx":
            raise InputError("the commented copy must be a .docx file", path=output)
        if Path(output).resolve() == Path(minute_path).resolve():
            raise InputError("-o must not be the minute itself: the original is kept", path=output)
        check_writable(Path(output), force=force)
    try:
        text = read_document(minute_path)
    except InputError:
        raise
    except Exception as error:  # a reader's library failing in a way not foreseen: as extract
        message = f"cannot be read ({type(error).__name__}: {error})".splitlines()[0]
        raise InputError(message, path=minute_path) from None
    if not text.strip():  # nothing to hold to the data: every row would just be 'not mentioned'
        raise InputError("the minute is empty: no text to check", path=minute_path)
    rows = load_table(data_path, sheet=sheet)
    if not rows:
        raise InputError("the data table has no rows", path=data_path)
    report = check_minute(text, rows, document=str(minute_path), ignore=codes, strict=strict)
    kind = source_kind(minute_path)
    if kind is not None:
        # line:column in the Markdown/HTML file the clerk edits, not in its plain text
        source = decode_text(Path(minute_path).read_bytes(), str(minute_path))
        findings = relocate(report.findings, text, source.replace("\r\n", "\n"), kind)
        report = dataclasses.replace(report, findings=findings)
    sys.stdout.write(render(report, text, fmt))
    sys.stdout.flush()
    if output is not None:
        from ..output import write_atomic
        from .review import annotate_docx

        data = Path(minute_path).read_bytes()
        copy = annotate_docx(data, report.findings, name=str(minute_path), text=text)
        write_atomic(Path(output), copy, force=force)
        sys.stderr.write(f"wrote {output} ({len(report.findings)} comment(s))\n")
    return report.exit_code
