"""House-style profiles: the three shipped profiles render the seed quarter in their own forms
(golden files in tests/data/profiles/), and every setting works from a user's style folder.

Regenerate the golden files on purpose only: MINUTEGEN_UPDATE_GOLDEN=1 pytest tests/test_profiles.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutegen.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "darlington-cyp-2020q2"
PROFILES = ROOT / "tests" / "data" / "profiles"
runner = CliRunner()


def draft(*args: object) -> str:
    result = runner.invoke(app, ["draft", *map(str, args)])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("style", ["house", "govuk", "scottish"])
def test_each_profile_renders_the_seed_quarter_as_its_golden_file(style: str) -> None:
    text = draft(SEED / "indicators.csv", "-m", PROFILES / "meeting.yaml", "--style", style)
    golden = PROFILES / f"expected.{style}.txt"
    if os.environ.get("MINUTEGEN_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_the_profiles_differ_in_their_own_forms() -> None:
    house, govuk, scottish = (
        draft(SEED / "indicators.csv", "-m", PROFILES / "meeting.yaml", "--style", s)
        for s in ("house", "govuk", "scottish")
    )
    assert house.startswith("62. Performance Indicators Quarter 2 2020/21")
    assert "RESOLVED – (a) That the performance information" in house
    assert "be noted. (b) That a report on dental checks" in house
    assert "91.6 per cent" in house and "this remains higher" in house
    assert "(a) That the performance information" in govuk and "(b) That a report" in govuk
    assert "91.6%" in govuk
    assert scottish.startswith("62/20 Performance Report – Quarter 2 2020-21")
    assert "The Committee resolved:- (i) to note the performance information" in scottish
    assert "; and (ii) to request that a report on dental checks" in scottish
    assert "Quarter 2 2019-20" in scottish and "2020/21" not in scottish
    assert "this remained higher than statistical neighbours" in scottish  # reported speech


@pytest.mark.parametrize("style", ["house", "govuk", "scottish"])
def test_each_profile_checks_clean_against_its_data(style: str, tmp_path: Path) -> None:
    minute = tmp_path / "m.txt"
    minute.write_text(
        draft(SEED / "indicators.csv", "-m", PROFILES / "meeting.yaml", "--style", style),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(minute), str(SEED / "indicators.csv")])
    assert result.exit_code == 0, result.stdout
    assert " 0 error(s)" in result.stdout


def test_every_setting_from_a_user_style_folder(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    folder.mkdir()
    (folder / "style.yaml").write_text(
        "resolution:\n  form: lettered\n"
        "numbering: '{number}/{yy}'\npercent: '%'\nyear_format: '2020-21'\n"
        "number_words_up_to: 12\nreported_speech: true\n",
        encoding="utf-8",
    )
    table = tmp_path / "t.csv"
    table.write_text(
        "indicator,value,unit,period,previous,polarity,note\n"
        "Children placed for adoption,12,count,Q2 2020/21,9,higher,this is the highest for years\n"
        "Households in bed and breakfast,13,count,Q2 2020/21,,lower,\n"
        "Rent collected,97.5,percent,Q2 2020/21,,higher,\n",
        encoding="utf-8",
    )
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(
        "number: 94\ndate: 2008-03-12\nresolution:\n  - That the report be noted.\n"
        "  - That the actions be approved.\n",
        encoding="utf-8",
    )
    text = draft(table, "-m", meeting, "--style", folder)
    assert text.startswith("94/08 Performance Indicators Q2 2020-21")
    assert "(from nine children to twelve)" in text
    assert "13 households" in text  # beyond twelve: numerals
    assert "97.5%" in text
    assert "this was the highest for years" in text
    assert text.rstrip().endswith(
        "RESOLVED: (a) That the report be noted. (b) That the actions be approved."
    )


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("year_format: '20/21'", "year_format must be one of 2020/21, 2020-21"),
        ("percent: pc", "percent must be 'per cent' or '%'"),
        ("number_words_up_to: 20", "number_words_up_to must be a whole number from 0 to 12"),
        ("resolution:\n  form: welsh", "resolution form 'welsh' is not one of"),
        ("tenses_of: {}", "unknown key 'tenses_of'"),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_file(
    setting: str, message: str, tmp_path: Path
) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "style.yaml").write_text(setting + "\n", encoding="utf-8")
    result = runner.invoke(app, ["draft", str(SEED / "indicators.csv"), "--style", str(folder)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert message in result.stderr and "style.yaml" in result.stderr


@pytest.mark.parametrize("limit", [9, 12])
def test_numbers_in_words_still_check_against_the_data(tmp_path: Path, limit: int) -> None:
    folder = tmp_path / "words"
    folder.mkdir()
    (folder / "style.yaml").write_text(f"number_words_up_to: {limit}\n", encoding="utf-8")
    table = tmp_path / "t.csv"
    table.write_text(
        "indicator,value,unit,period,previous,polarity\n"
        "Children placed for adoption,12,count,Q2 2020/21,9,higher\n"
        "Households in bed and breakfast,3,count,Q2 2020/21,,lower\n",
        encoding="utf-8",
    )
    minute = tmp_path / "m.txt"
    minute.write_text(draft(table, "--style", folder), encoding="utf-8")
    written = minute.read_text(encoding="utf-8")
    assert "three households" in written
    assert ("to twelve)" if limit == 12 else "to 12)") in written
    result = runner.invoke(app, ["check", str(minute), str(table)])
    assert result.exit_code == 0 and " 0 error(s), 0 warning(s)" in result.stdout, result.stdout
    wrong = minute.read_text(encoding="utf-8").replace("three households", "four households")
    minute.write_text(wrong, encoding="utf-8")
    result = runner.invoke(app, ["check", str(minute), str(table)])
    assert result.exit_code == 1 and "MG101" in result.stdout
