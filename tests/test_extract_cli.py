"""`minutegen extract` as a user runs it: formats, -o, --db, failures, folders, globs, --jobs."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from minutegen.cli import app
from minutegen.model import FIGURE_FIELDS

runner = CliRunner()

MINUTE_A = (
    "Performance Indicators Quarter 2 2020/21\n\n"
    "It was highlighted that 91.6 per cent of Initial Child Protection Conferences were held "
    "within 15 working days, which remains higher than statistical neighbours.\n\n"
    "The number of missing episodes fell from 31 episodes to 18.\n"
)
MINUTE_B = (
    "Sickness absence\n\n"
    "Sickness absence was 9.9 days per full time equivalent employee against a target of "
    "8 days.\n"
)
MINUTE_C = "Re-referrals to children's social care within 12 months were 22.4 per cent.\n"


@pytest.fixture
def minutes(tmp_path: Path) -> Path:
    """A folder of minutes as an archive holds them: nested, mixed formats, some noise."""
    folder = tmp_path / "minutes"
    (folder / "2020" / "q2").mkdir(parents=True)
    (folder / "2020" / "q2" / "cyp.txt").write_text(MINUTE_A, encoding="utf-8")
    (folder / "2014").mkdir()
    word = docx.Document()
    for paragraph in MINUTE_B.strip().split("\n\n"):
        word.add_paragraph(paragraph)
    word.save(str(folder / "2014" / "sickness.docx"))
    (folder / "referrals.md").write_text("# Referrals\n\n" + MINUTE_C, encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not a minute: left alone
    (folder / ".hidden.txt").write_text("99 per cent\n", encoding="utf-8")
    return folder


def _jsonl(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def _run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["extract", *args], input=input)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_jsonl_records_have_exactly_the_figure_fields_in_order(minutes: Path) -> None:
    code, out, _ = _run(str(minutes / "2020" / "q2" / "cyp.txt"), "--format", "jsonl")
    assert code == 0
    records = _jsonl(out)
    assert records
    for record in records:
        assert tuple(record) == FIGURE_FIELDS
        assert MINUTE_A[record["start"] : record["end"]] == record["text"]  # type: ignore[misc]
    assert any(r["value"] == 91.6 and r["unit"] == "percent" for r in records)


def test_json_csv_and_jsonl_hold_the_same_records(minutes: Path) -> None:
    path = str(minutes / "2020" / "q2" / "cyp.txt")
    lines = _jsonl(_run(path, "-f", "jsonl")[1])
    as_json = json.loads(_run(path, "-f", "json")[1])
    assert as_json == lines
    rows = list(csv.reader(io.StringIO(_run(path, "-f", "csv")[1])))
    assert tuple(rows[0]) == FIGURE_FIELDS
    assert [row[3] for row in rows[1:]] == [r["text"] for r in lines]
    assert [float(row[5]) for row in rows[1:]] == [r["value"] for r in lines]


def test_table_is_aligned_columns_a_person_can_read(minutes: Path) -> None:
    code, out, _ = _run(str(minutes / "2020" / "q2" / "cyp.txt"))
    assert code == 0
    header, document, *rows = out.splitlines()
    assert header.split() == ["text", "value", "unit", "role", "assessment", "indicator"]
    assert document == f"# {minutes / '2020' / 'q2' / 'cyp.txt'}"
    assert any("91.6 per cent" in row and "percent" in row for row in rows)
    value_end = header.index("value") + len("value")
    assert all(row[value_end - 1] != " " for row in rows)  # values right-aligned


def test_output_file_is_refused_without_force_and_replaced_with_it(minutes: Path) -> None:
    target = minutes.parent / "figures.jsonl"
    target.write_text("keep me\n", encoding="utf-8")
    code, _, err = _run(str(minutes), "-o", str(target))
    assert code == 2
    assert "figures.jsonl: already exists; use --force" in err
    assert target.read_text(encoding="utf-8") == "keep me\n"
    code, out, err = _run(str(minutes), "-o", str(target), "--force")
    assert code == 0 and out == ""
    records = _jsonl(target.read_text(encoding="utf-8"))  # format from the extension
    assert {r["document"] for r in records} >= {str(minutes / "2020" / "q2" / "cyp.txt")}
    assert f"wrote {len(records)} figures to {target}" in err


def test_a_folder_is_searched_recursively_for_minutes_only(minutes: Path) -> None:
    code, out, _ = _run(str(minutes), "-f", "jsonl")
    assert code == 0
    documents = list(dict.fromkeys(r["document"] for r in _jsonl(out)))
    assert documents == [
        str(minutes / "2014" / "sickness.docx"),
        str(minutes / "2020" / "q2" / "cyp.txt"),
        str(minutes / "referrals.md"),
    ]


def test_a_quoted_glob_is_expanded(minutes: Path) -> None:
    code, out, _ = _run(str(minutes / "**" / "*.txt"), "-f", "jsonl")
    assert code == 0
    assert {r["document"] for r in _jsonl(out)} == {str(minutes / "2020" / "q2" / "cyp.txt")}


def test_stdin_is_a_document_called_dash() -> None:
    code, out, _ = _run("-", "-f", "jsonl", input=MINUTE_C)
    assert code == 0
    records = _jsonl(out)
    assert records and {r["document"] for r in records} == {"-"}
    assert any(r["value"] == 22.4 for r in records)


def test_a_corrupt_file_is_named_and_the_others_still_come_out(minutes: Path) -> None:
    (minutes / "2020" / "broken.docx").write_bytes(b"PK\x03\x04 truncated download")
    code, out, err = _run(str(minutes), "-f", "jsonl")
    assert code == 1
    assert err.strip().splitlines() == [
        f"minutegen: error: {minutes / '2020' / 'broken.docx'}: is not a readable Word .docx "
        "file (File is not a zip file)"
    ]
    documents = {r["document"] for r in _jsonl(out)}
    assert str(minutes / "2020" / "q2" / "cyp.txt") in documents
    assert str(minutes / "2014" / "sickness.docx") in documents


def test_nothing_usable_is_exit_2_and_no_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    code, _, err = _run(str(tmp_path / "nothing-*.txt"), "-o", str(target))
    assert code == 2
    assert "nothing-*.txt: matches no minutes" in err
    assert not target.exists()
    assert not list(tmp_path.glob(".out.csv.*"))  # no temporary file left behind


def test_db_alone_archives_and_a_second_run_skips_everything(minutes: Path) -> None:
    db = minutes.parent / "archive.sqlite"
    code, out, err = _run(str(minutes), "--db", str(db))
    assert code == 0 and out == ""
    conn = sqlite3.connect(db)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    indexes = [r[0] or "" for r in conn.execute("SELECT sql FROM sqlite_master WHERE type='index'")]
    assert {"documents", "figures"} <= tables
    assert any("(indicator)" in sql for sql in indexes)
    assert any("(indicator_id)" in sql for sql in indexes)
    assert any("(period)" in sql for sql in indexes)
    documents, figures = conn.execute(
        "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM figures)"
    ).fetchone()
    conn.close()
    assert documents == 3 and figures > 0
    assert f"3 documents processed, 0 skipped (already stored), 0 failed; {figures} figures" in err
    code, _, err = _run(str(minutes), "--db", str(db))
    assert code == 0
    assert "0 documents processed, 3 skipped (already stored), 0 failed; 0 figures" in err
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM figures").fetchone()[0] == figures


def test_db_with_a_format_gives_the_same_records_whether_fresh_or_skipped(minutes: Path) -> None:
    db = minutes.parent / "archive.sqlite"
    fresh = _run(str(minutes), "--db", str(db), "-f", "jsonl")[1]
    stored = _run(str(minutes), "--db", str(db), "-f", "jsonl")[1]
    assert _jsonl(fresh) and _jsonl(fresh) == _jsonl(stored)


def test_an_archive_resumes_after_new_minutes_arrive(minutes: Path) -> None:
    db = minutes.parent / "archive.sqlite"
    _run(str(minutes / "2020"), "--db", str(db))
    code, _, err = _run(str(minutes), "--db", str(db))
    assert code == 0
    assert "2 documents processed, 1 skipped" in err


def test_two_jobs_give_the_same_records_as_one(minutes: Path) -> None:
    for index in range(40):  # enough documents for several chunks across two workers
        text = MINUTE_A + MINUTE_B * (index % 4) + MINUTE_C * (index % 3)
        (minutes / f"extra-{index:02}.txt").write_text(text, encoding="utf-8")
    one = _run(str(minutes), "-f", "jsonl")
    two = _run(str(minutes), "-f", "jsonl", "--jobs", "2")
    assert one[0] == two[0] == 0
    assert _jsonl(one[1]) == _jsonl(two[1])


def test_the_python_api_takes_one_path_or_many(minutes: Path) -> None:
    from minutegen import extract_paths

    one = [f.to_dict() for f in extract_paths(minutes)]
    many = [f.to_dict() for f in extract_paths([str(minutes)])]
    assert one and one == many


def test_two_jobs_archive_and_skip_like_one(minutes: Path) -> None:
    db = minutes.parent / "archive.sqlite"
    code, _, err = _run(str(minutes), "--db", str(db), "--jobs", "2")
    assert code == 0
    assert "3 documents processed, 0 skipped" in err
    code, out, err = _run(str(minutes), "--db", str(db), "--jobs", "2", "-f", "jsonl")
    assert code == 0
    assert "0 documents processed, 3 skipped" in err
    assert _jsonl(out) == _jsonl(_run(str(minutes), "-f", "jsonl")[1])


def test_a_chunk_for_a_distributed_engine_returns_figures_and_failures(minutes: Path) -> None:
    from minutegen.extract.runner import extract_chunk

    good = minutes / "2020" / "q2" / "cyp.txt"
    results = extract_chunk([str(good), str(minutes / "gone.txt")])
    assert [r.document for r in results] == [str(good), str(minutes / "gone.txt")]
    assert results[0].error is None and any(f.value == 91.6 for f in results[0].figures)
    assert results[1].error == f"{minutes / 'gone.txt'}: no such file"


def test_the_archive_files_a_minute_under_the_period_its_title_names(tmp_path: Path) -> None:
    minute = tmp_path / "cyp.txt"
    minute.write_text(
        "Performance Indicators Quarter 2 2020/21\n\n"
        "Missing episodes fell when compared to Quarter 2 2019/20 (from 31 episodes to 18), "
        "and in Quarter 2 2019/20 there were 40 referrals.\n",
        encoding="utf-8",
    )
    db = tmp_path / "archive.sqlite"
    assert _run(str(minute), "--db", str(db))[0] == 0
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT period FROM documents").fetchall() == [("Quarter 2 2020/21",)]
