"""Behaviour every command shares, tested once for all (the csvkit habit)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutegen import __version__
from minutegen.cli import app

runner = CliRunner()

COMMANDS = ["draft", "extract", "check"]


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: minutegen " + command in " ".join(result.output.split())


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"minutegen {__version__}"


def test_python_dash_m_runs_the_same_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "minutegen", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert out.stdout.strip() == f"minutegen {__version__}"


@pytest.mark.parametrize(
    "args",
    [
        ["draft", "{missing}"],
        ["extract", "{missing}"],
        ["check", "{missing}", "{table}"],
        ["check", "{minute}", "{missing}"],
    ],
)
def test_a_missing_file_is_one_line_naming_it_and_exit_2(args: list[str], tmp_path: Path) -> None:
    table = tmp_path / "indicators.csv"
    table.write_text("indicator,value\nRe-referrals within 12 months,22.4\n", encoding="utf-8")
    minute = tmp_path / "minute.txt"
    minute.write_text("22.4 per cent of re-referrals were repeated within 12 months.\n")
    missing = tmp_path / "nowhere.csv"
    argv = [a.format(missing=missing, table=table, minute=minute) for a in args]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "nowhere.csv" in lines[0]
    assert "Traceback" not in result.output


def test_an_output_file_gets_the_usual_permissions_not_a_temp_files(
    tmp_path: Path,
) -> None:
    # Written atomically through a temporary file, the minute must still be as readable as
    # any file the user makes (umask), not 0600 like the temporary file was.
    table = tmp_path / "t.csv"
    table.write_text("indicator,value\nMissed bins,41\n", encoding="utf-8")
    out = tmp_path / "minute.txt"
    umask = os.umask(0o022)
    try:
        result = runner.invoke(app, ["draft", str(table), "-o", str(out)])
    finally:
        os.umask(umask)
    assert result.exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("option", ["-o", "--provenance"])
def test_an_output_that_is_a_folder_is_named_as_a_folder(tmp_path: Path, option: str) -> None:
    table = tmp_path / "t.csv"
    table.write_text("indicator,value\nMissed bins,41\n", encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    result = runner.invoke(app, ["draft", str(table), option, str(folder)])
    assert result.exit_code == 2
    assert result.output.strip() == f"minutegen: error: {folder}: is a folder, not a file"


def test_a_missing_output_folder_is_found_before_the_provenance_is_written(
    tmp_path: Path,
) -> None:
    table = tmp_path / "t.csv"
    table.write_text("indicator,value\nMissed bins,41\n", encoding="utf-8")
    provenance = tmp_path / "provenance.json"
    out = tmp_path / "no-such-folder" / "minute.txt"
    result = runner.invoke(
        app, ["draft", str(table), "--provenance", str(provenance), "-o", str(out)]
    )
    assert result.exit_code == 2
    assert result.output.strip() == f"minutegen: error: {out}: its folder does not exist"
    assert not provenance.exists()  # no partial output
