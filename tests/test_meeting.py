"""Meeting metadata in: the YAML keys and their aliases, comments as a list or a string, and
one clear line for metadata that cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutegen.cli import app
from minutegen.errors import InputError
from minutegen.meeting import MEETING_KEYS, load_meeting
from minutegen.model import Meeting

FULL = """\
committee: Children and Young People Scrutiny Committee
date: 2020-11-16
title: Performance Indicators Quarter 2 2020/21
officer: Acting Director of Children and Adult Services
period: Quarter 2 2020/21
covered: Quarter 2 (July to September) 2020/21 performance information
service: Children and Young People
comments:
  - requested further data in relation to care workers, caseloads and employment turnover
  - encouraged the positives of virtual contact with children in care
resolution: That the performance information reported for Quarter 2 2020/21 be noted.
"""


def write(tmp_path: Path, text: str, name: str = "meeting.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key(tmp_path: Path) -> None:
    meeting = load_meeting(write(tmp_path, FULL))
    assert meeting == Meeting(
        committee="Children and Young People Scrutiny Committee",
        date="2020-11-16",
        title="Performance Indicators Quarter 2 2020/21",
        officer="Acting Director of Children and Adult Services",
        period="Quarter 2 2020/21",
        covered="Quarter 2 (July to September) 2020/21 performance information",
        comments=(
            "requested further data in relation to care workers, caseloads and employment turnover",
            "encouraged the positives of virtual contact with children in care",
        ),
        resolution="That the performance information reported for Quarter 2 2020/21 be noted.",
        service="Children and Young People",
    )


def test_none_gives_an_empty_meeting_for_the_drafter_to_default() -> None:
    assert load_meeting(None) == Meeting()


def test_aliases_and_a_single_comment_string(tmp_path: Path) -> None:
    text = "item: Q3 performance\nreporting_officer: Head of Housing\ncomments: asked about voids\n"
    meeting = load_meeting(write(tmp_path, text))
    assert (meeting.title, meeting.officer) == ("Q3 performance", "Head of Housing")
    assert meeting.comments == ("asked about voids",)


def test_missing_keys_stay_none(tmp_path: Path) -> None:
    meeting = load_meeting(write(tmp_path, "committee: Housing Scrutiny\n"))
    assert meeting.committee == "Housing Scrutiny"
    assert meeting.resolution is None and meeting.comments == ()


def test_a_windows_file_with_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "meeting.yaml"
    path.write_bytes("committee: Cabinet – Resources\r\n".encode("utf-8-sig"))
    assert load_meeting(path).committee == "Cabinet – Resources"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("committee: X\nchair: Cllr Y\n",
         r"meeting\.yaml: unknown key 'chair'; allowed keys: committee, date, title, officer"),
        ("- committee\n- date\n", r"meeting\.yaml: meeting metadata must be a mapping"),
        ("just a sentence\n", r"meeting\.yaml: meeting metadata must be a mapping .* got text"),
        ("", r"meeting\.yaml: the meeting file is empty"),
        ("committee: [unclosed\n", r"meeting\.yaml: not valid YAML at line"),
        ("committee: {a: 1}\n", r"'committee' must be text, not a mapping"),
        ("item: A\ntitle: B\n", r"key 'title' repeats 'title'"),
    ],
)  # fmt: skip
def test_bad_metadata_is_one_clear_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        load_meeting(write(tmp_path, text))
    assert "\n" not in str(caught.value)


def test_a_missing_meeting_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nowhere\.yaml: file not found"):
        load_meeting(tmp_path / "nowhere.yaml")


def test_bad_metadata_through_the_cli_exits_2_without_output(tmp_path: Path) -> None:
    table = write(tmp_path, "indicator,value\nMissed bins,41\n", "t.csv")
    meeting = write(tmp_path, "committee: X\nchair: Cllr Y\n")
    out = tmp_path / "out.txt"
    result = CliRunner().invoke(
        app, ["draft", str(table), "--meeting", str(meeting), "-o", str(out)]
    )
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert "unknown key 'chair'" in line and str(meeting) in line
    assert not out.exists()


def test_the_allowed_keys_are_the_meeting_fields() -> None:
    assert set(MEETING_KEYS) == set(Meeting.__dataclass_fields__)


def test_comments_as_a_block_of_lines(tmp_path: Path) -> None:
    text = "comments: |\n  - asked about voids\n  - praised the repairs team\n\n"
    meeting = load_meeting(write(tmp_path, text))
    assert meeting.comments == ("asked about voids", "praised the repairs team")


def test_a_folded_comment_stays_one_comment(tmp_path: Path) -> None:
    text = "comments: >\n  asked about voids\n  and the repairs backlog\n"
    meeting = load_meeting(write(tmp_path, text))
    assert meeting.comments == ("asked about voids and the repairs backlog",)
