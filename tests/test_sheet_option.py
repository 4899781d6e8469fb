"""`--sheet` picks one sheet of a workbook for draft and check, by name."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from minutegen.cli import app

runner = CliRunner()


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """Two quarters' tables, one sheet each, as a performance team keeps them."""
    book = Workbook()
    first = book.active
    first.title = "Q1"
    second = book.create_sheet("Q2")
    for sheet, value in ((first, 88.1), (second, 91.6)):
        sheet.append(["Indicator", "Actual", "Target", "Good is"])
        sheet.append(
            ["Initial Child Protection Conferences within 15 working days", value, 85, "High"]
        )
    path = tmp_path / "kpis.xlsx"
    book.save(path)
    return path


def test_draft_reads_the_sheet_named(workbook: Path) -> None:
    q2 = runner.invoke(app, ["draft", str(workbook), "--sheet", "Q2"])
    assert q2.exit_code == 0, q2.output
    assert "91.6 per cent" in q2.stdout and "88.1" not in q2.stdout
    default = runner.invoke(app, ["draft", str(workbook)])
    assert "88.1 per cent" in default.stdout


def test_check_reads_the_sheet_named(workbook: Path, tmp_path: Path) -> None:
    minute = tmp_path / "minute.txt"
    drafted = runner.invoke(app, ["draft", str(workbook), "--sheet", "Q2", "-o", str(minute)])
    assert drafted.exit_code == 0, drafted.output
    assert runner.invoke(app, ["check", str(minute), str(workbook), "--sheet", "Q2"]).exit_code == 0
    against_q1 = runner.invoke(app, ["check", str(minute), str(workbook), "--sheet", "Q1"])
    assert against_q1.exit_code == 1
    assert "MG101" in against_q1.stdout


def test_an_unknown_sheet_is_one_line_and_exit_2(workbook: Path) -> None:
    result = runner.invoke(app, ["draft", str(workbook), "--sheet", "Q3"])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "kpis.xlsx" in line and "'Q3'" in line and "'Q2'" in line
