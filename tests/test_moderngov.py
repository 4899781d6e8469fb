"""ModernGov archives: a saved mgWebService.asmx GetMeeting response (samples/darlington-cyp-2020q2,
built to the documented shape; no network) is extracted one document per agenda item, and its
committee and meeting date are filed in the archive."""

from __future__ import annotations

import datetime as dt
import html
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutegen.cli import app
from minutegen.extract import extract_figures
from minutegen.extract.moderngov import read_getmeeting

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "samples" / "darlington-cyp-2020q2" / "GetMeeting-4816.xml"
PUBLISHED = ROOT / "samples" / "darlington-cyp-2020q2" / "published-minute.txt"
runner = CliRunner()


def test_one_document_per_item_with_minutes_committee_and_date() -> None:
    items = read_getmeeting(FIXTURE.read_bytes(), "m.xml")
    assert [i.name for i in items] == ["m.xml#59", "m.xml#60", "m.xml#61", "m.xml#62"]
    # the item without minutes (#63) and the restricted one (#64) are left out
    assert {i.committee for i in items} == {"Children & Young People Scrutiny Committee"}
    assert {i.meeting_date for i in items} == {dt.date(2020, 11, 16)}
    apologies, _, minutes, performance = items
    assert "Cllr O'Donnell" in apologies.text  # "&amp;#39;" decoded twice, once each
    assert "this Children & Young People Scrutiny Committee" in minutes.text
    assert performance.text.startswith("Performance Indicators Quarter 2 2020/21\n\n")
    assert "<p>" not in performance.text and "&lt;" not in performance.text


def test_the_item_reads_as_the_published_minute_does() -> None:
    """The figures of the performance item are those of the same minute saved as text."""
    item = read_getmeeting(FIXTURE.read_bytes(), "m.xml")[-1]
    from_xml = [(f.text, f.value, f.role) for f in extract_figures(item.text)]
    from_text = [(f.text, f.value, f.role) for f in extract_figures(PUBLISHED.read_text())]
    assert from_xml == from_text
    assert ("91.6 per cent", 91.6, "actual") in from_xml


def test_extract_files_committee_and_meeting_date_in_the_archive(tmp_path: Path) -> None:
    db = tmp_path / "figures.sqlite"
    result = runner.invoke(app, ["extract", str(FIXTURE), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    assert "4 documents processed" in result.stderr
    rows = (
        sqlite3.connect(db)
        .execute(
            "SELECT path, period, source, meeting_date, figure_count FROM documents ORDER BY path"
        )
        .fetchall()
    )
    assert [r[0].rsplit("#", 1)[1] for r in rows] == ["59", "60", "61", "62"]
    assert {(r[2], r[3]) for r in rows} == {
        ("Children & Young People Scrutiny Committee", "2020-11-16")
    }
    performance = rows[-1]
    assert performance[1] == "Quarter 2 2020/21" and performance[4] > 15
    again = runner.invoke(app, ["extract", str(FIXTURE), "--db", str(db)])
    assert again.exit_code == 0 and "0 documents processed, 4 skipped" in again.stderr


def test_jsonl_names_each_item(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(FIXTURE), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    documents = {json.loads(line)["document"] for line in result.stdout.splitlines()}
    assert documents == {f"{FIXTURE}#62"}  # the only item with figures


@pytest.mark.parametrize("wrapping", ["soap", "string"])
def test_soap_and_string_wrapped_responses_read_the_same(wrapping: str, tmp_path: Path) -> None:
    body = FIXTURE.read_text(encoding="utf-8").split("?>", 1)[1]
    if wrapping == "soap":
        xml = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
            '<GetMeetingResponse xmlns="http://moderngov.co.uk/namespaces"><GetMeetingResult>'
            f"{body}</GetMeetingResult></GetMeetingResponse></soap:Body></soap:Envelope>"
        )
    else:  # the .NET GET form: the answer itself escaped inside <string>
        xml = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<string xmlns="http://moderngov.co.uk/namespaces">{html.escape(body)}</string>'
        )
    wrapped = tmp_path / "wrapped.xml"
    wrapped.write_text(xml, encoding="utf-8")
    plain = [
        (i.text, i.committee, i.meeting_date) for i in read_getmeeting(FIXTURE.read_bytes(), "a")
    ]
    other = [
        (i.text, i.committee, i.meeting_date) for i in read_getmeeting(wrapped.read_bytes(), "a")
    ]
    assert other == plain


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("16/11/2020", "31/02/2020"), "meetingdate '31/02/2020' is not a dd/mm/yyyy date"),
        (("<agendaitems>", "<agendaitems"), "is not readable XML"),
    ],
)
def test_a_broken_response_is_one_line_and_exit_2(
    edit: tuple[str, str], message: str, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text(FIXTURE.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(broken)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "broken.xml" in result.stderr and message in result.stderr


def test_other_xml_in_a_folder_is_passed_over_and_named_when_given(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "feed.xml").write_text("<rss><channel /></rss>", encoding="utf-8")
    (folder / "GetMeeting-4816.xml").write_bytes(FIXTURE.read_bytes())
    result = runner.invoke(app, ["extract", str(folder), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    assert "GetMeeting-4816.xml#62" in result.stdout and "feed.xml" not in result.stdout
    given = runner.invoke(app, ["extract", str(folder / "feed.xml"), str(FIXTURE)])
    assert given.exit_code == 1
    assert "feed.xml: is XML but not a ModernGov GetMeeting response" in given.stderr


def test_series_reads_the_committee_as_source(tmp_path: Path) -> None:
    """With `minutegen series` (issue 11) installed, the archive made from a ModernGov
    response gives series filed under the committee, with the item's period."""
    pytest.importorskip("minutegen.series")
    db = tmp_path / "figures.sqlite"
    assert runner.invoke(app, ["extract", str(FIXTURE), "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["series", str(db), "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if "91.6" in line]
    assert rows and all("Children & Young People Scrutiny Committee" in r for r in rows)
    assert all("Quarter 2 2020/21" in r for r in rows)
