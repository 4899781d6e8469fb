"""`minutegen series` and series_frame: each indicator one series, in period order, whatever
its wording, never merged across sources or units; charts really written."""

from __future__ import annotations

import io
import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from minutegen import figures_frame, load_table, series_frame
from minutegen.cli import app
from minutegen.series.link import link_series, parameters

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "dev"

# Four quarters of one housing committee's minutes, written for these tests, each wording its
# indicators its own way; the third gives only "Quarter 3" and the meeting's date.
QUARTERS = {
    path.name: path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "tests" / "data" / "series" / "northshire").glob("*.txt"))
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four quarters, written in shuffled order, extracted to a SQLite archive."""
    folder = tmp_path_factory.mktemp("northshire") / "minutes"
    folder.mkdir()
    for name in ("2021q3.txt", "2021q1.txt", "2021q4.txt", "2021q2.txt"):
        (folder / name).write_text(QUARTERS[name], encoding="utf-8")
    db = folder.parent / "archive.sqlite"
    result = runner.invoke(app, ["extract", str(folder), "--db", str(db), "--source", "Northshire"])
    assert result.exit_code == 0, result.output
    return db


def _values(frame: pd.DataFrame) -> dict[str, list[float]]:
    return {name: group["value"].tolist() for name, group in frame.groupby("series", sort=False)}


def test_each_recurring_indicator_is_one_series_in_period_order(archive: Path) -> None:
    frame = series_frame(archive)
    values = _values(frame)
    assert values == {
        "Northshire:HOU-VOID-DAYS:days": [32.0, 29.0, 26.0, 24.0],
        "Northshire:HOU-RENT-COLL:percent": [97.8, 98.1, 98.6, 99.0],
        "Northshire:HOU-REP-FTF:percent": [81.0, 84.0, 86.0, 88.0],
    }
    rent = frame[frame["series"] == "Northshire:HOU-RENT-COLL:percent"]
    assert rent["indicator"].unique().tolist() == ["Rent collected as a percentage of rent due"]
    assert rent["wording"].str.lower().nunique() == 3  # three wordings, one series
    assert rent["target"].tolist() == [98.5] * 4
    assert [d.strftime("%Y-%m-%d") for d in rent["period_start"]] == [
        "2021-04-01", "2021-07-01", "2021-10-01", "2021-04-01",
    ]  # fmt: skip  # the last is the whole year to its end
    assert rent["period_basis"].tolist()[2] == "year from the meeting date (2022-01-17)"
    assert rent["document"].str.endswith(("q1.txt", "q2.txt", "q3.txt", "q4.txt")).all()
    assert set(frame["source"]) == {"Northshire"}


def test_the_darlington_quarters_in_the_corpus_give_one_series_per_indicator() -> None:
    paths = sorted(str(p) for p in CORPUS.glob("darlington-cyp-20*.txt"))
    assert len(paths) == 4
    frame = series_frame(paths, source="Darlington CYP")
    values = _values(frame)
    # re-referrals, worded two ways ("re-referrals ... repeated within 12 months", "children
    # ... re-referred to Children's Social Care within 12 months of a previous referral")
    assert values["Darlington CYP:CSC-REREF-12M:percent"] == [22.4, 16.1]
    assert values["Darlington CYP:CSC-ICPC-15D:percent"] == [97.3, 91.6, 92.5]
    assert values["Darlington CYP:CSC-CLA-NUM:count"] == [302.0, 273.0]
    for _, group in frame.groupby("series"):
        ends = group["period_end"].dropna().tolist()
        assert ends == sorted(ends)
    referrals = frame[frame["series"] == "Darlington CYP:CSC-REREF-12M:percent"]
    assert referrals["wording"].nunique() == 2


def test_indicator_picks_series_by_a_fuzzy_name(archive: Path) -> None:
    picked = series_frame(archive, indicator="void re-let")
    assert picked["series"].unique().tolist() == ["Northshire:HOU-VOID-DAYS:days"]
    misspelt = series_frame(archive, indicator="reparis right first time")
    assert misspelt["series"].unique().tolist() == ["Northshire:HOU-REP-FTF:percent"]


def test_two_sources_are_never_one_series(tmp_path: Path) -> None:
    for council in ("north", "south"):
        (tmp_path / council).mkdir()
        for name in ("2021q1.txt", "2021q2.txt"):
            (tmp_path / council / name).write_text(QUARTERS[name], encoding="utf-8")
    frame = series_frame(str(tmp_path))  # the folders are the sources
    by_source = frame.groupby("source")["series"].nunique().to_dict()
    assert by_source == {str(tmp_path / "north"): 3, str(tmp_path / "south"): 3}
    assert frame["series"].nunique() == 6


def test_two_units_are_never_one_series() -> None:
    links = link_series(
        ["A", "A", "A"],
        ["percent", "count", "percent"],
        ["re-referrals within 12 months"] * 2 + ["re-referrals 12 months"],
        [None, None, None],
        ["q1.txt", "q1.txt", "q2.txt"],
    )  # fmt: skip
    assert links[0].series != links[1].series
    assert links[0].series == links[2].series


def test_names_with_other_parameters_are_other_indicators() -> None:
    assert parameters("visit within 10 working day") == {("10", "working")}
    assert parameters("conference within 15 working day section 47") == {("15", "working")}
    links = link_series(
        ["A"] * 3,
        ["percent"] * 3,
        [
            "children becoming subject to a plan for a second time within 2 years",
            "children becoming subject to a plan for a second time within 5 years",
            "children becoming subject to a plan a second time within 2 years",
        ],
        [None] * 3,
        ["q1.txt", "q2.txt", "q3.txt"],
    )
    assert links[0].series == links[2].series
    assert links[0].series != links[1].series


def test_two_wordings_in_one_minute_are_two_indicators() -> None:
    links = link_series(
        ["A"] * 3,
        ["percent"] * 3,
        [
            "households in temporary accommodation placed in bed and breakfast",
            "households in temporary accommodation placed out of the borough",
            "households in temporary accommodation placed in bed and breakfast hotels",
        ],
        [None] * 3,
        ["q1.txt", "q1.txt", "q2.txt"],
    )
    assert links[0].series != links[1].series
    assert links[0].series == links[2].series


def test_a_catalogue_id_for_another_unit_does_not_link() -> None:
    """The extractor may name a percentage with a count's id: series does not trust it."""
    links = link_series(
        ["A", "A"],
        ["percent", "percent"],
        ["children with a Child Protection Plan", "children with a Child Protection Plan"],
        ["CSC-CP-NUM", "CSC-CP-NUM"],
        ["q1.txt", "q2.txt"],
    )
    assert links[0].indicator_id != "CSC-CP-NUM"
    assert links[0].series == links[1].series


# --- the command ------------------------------------------------------------------------------


def test_series_prints_a_table_csv_and_json(archive: Path, tmp_path: Path) -> None:
    table = runner.invoke(app, ["series", str(archive), "--indicator", "rent"])
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[1].startswith("# Rent collected as a percentage of rent due · Northshire")
    assert [line.split()[0] for line in lines[2:]] == ["Quarter", "Quarter", "Quarter", "year"]
    out = tmp_path / "rent.csv"
    done = runner.invoke(app, ["series", str(archive), "-i", "rent", "-o", str(out)])
    assert done.exit_code == 0 and "wrote 4 rows of 1 series" in done.stderr
    read = pd.read_csv(out)
    assert read["value"].tolist() == [97.8, 98.1, 98.6, 99.0]
    assert read["period_start"].tolist()[:2] == ["2021-04-01", "2021-07-01"]
    data = json.loads(runner.invoke(app, ["series", str(archive), "-f", "json"]).stdout)
    assert len(data) == 12 and data[0]["period_start"] == "2021-04-01"
    assert {row["unit"] for row in data} == {"days", "percent"}


def test_series_refuses_what_it_cannot_use_in_one_line(archive: Path, tmp_path: Path) -> None:
    text = tmp_path / "minute.txt"
    text.write_text(QUARTERS["2021q1.txt"], encoding="utf-8")
    existing = tmp_path / "out.csv"
    existing.write_text("keep me\n", encoding="utf-8")
    for args, words in [
        ([str(text)], "is not an archive"),
        ([str(tmp_path / "none.sqlite")], "archive not found"),
        ([str(archive), "--plot", str(tmp_path / "chart.jpg")], ".png or .svg"),
        ([str(archive), "-o", str(existing)], "already exists"),
        ([str(archive), "--indicator", "library visits"], "no series matches"),
    ]:
        result = runner.invoke(app, ["series", *args])
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output
        errors = result.stderr.strip().splitlines()
        assert len(errors) == 1 and words in errors[0], errors
    assert existing.read_text(encoding="utf-8") == "keep me\n"
    assert not (tmp_path / "chart.jpg").exists()


def test_plot_writes_a_real_png_and_svg(archive: Path, tmp_path: Path) -> None:
    png, svg = tmp_path / "rent.png", tmp_path / "all.svg"
    one = runner.invoke(app, ["series", str(archive), "-i", "rent", "--plot", str(png)])
    assert one.exit_code == 0, one.output
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > height > 200
    many = runner.invoke(app, ["series", str(archive), "--plot", str(svg), "-o", "-"])
    assert many.exit_code == 0, many.output
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    ids = {element.get("id") for element in root.iter()}
    assert {"axes_1", "axes_2", "axes_3"} <= ids  # small multiples: a panel per series
    text = svg.read_text(encoding="utf-8")
    # the units label the axes; the legend names the target and the assessments
    for words in ("per cent", "days", "target", "positive", "negative"):
        assert words in text, words


def test_the_same_series_give_the_same_svg_bytes(archive: Path, tmp_path: Path) -> None:
    """A chart kept in the repo is regenerated without churn."""
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    for target in (first, second):
        result = runner.invoke(app, ["series", str(archive), "-i", "void", "--plot", str(target)])
        assert result.exit_code == 0
    assert first.read_bytes() == second.read_bytes()


# --- frames -----------------------------------------------------------------------------------


def test_figures_frame_reads_the_archive_with_its_dated_periods(archive: Path) -> None:
    frame = figures_frame(archive)
    assert len(frame) == 20
    assert str(frame["period_start"].dtype).startswith("datetime64")
    conn = sqlite3.connect(archive)
    stored = conn.execute(
        "SELECT period, period_start, period_basis FROM figures WHERE role = 'actual' "
        "AND period_start = '2021-10-01' LIMIT 1"
    ).fetchone()
    assert stored == ("Quarter 3", "2021-10-01", "year from the meeting date (2022-01-17)")


def test_an_archive_written_before_periods_were_dated_is_upgraded(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    conn = sqlite3.connect(db)
    conn.executescript(
        """
        CREATE TABLE documents (id INTEGER PRIMARY KEY, path TEXT NOT NULL, hash TEXT NOT NULL
          UNIQUE, period TEXT, processed TEXT NOT NULL, figure_count INTEGER NOT NULL,
          chars INTEGER NOT NULL);
        CREATE TABLE figures (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL,
          "document" TEXT NOT NULL, "start" INTEGER NOT NULL, "end" INTEGER NOT NULL,
          "text" TEXT NOT NULL, "sentence" TEXT NOT NULL, "value" REAL NOT NULL,
          "unit" TEXT NOT NULL, "role" TEXT NOT NULL, "indicator" TEXT, "indicator_id" TEXT,
          "assessment" TEXT, "period" TEXT);
        INSERT INTO documents VALUES (1, 'old/q3.txt', 'abc', 'Quarter 3 2020/21', 'x', 1, 9);
        INSERT INTO figures VALUES (1, 1, 'old/q3.txt', 0, 4, '92.5', 's', 92.5, 'percent',
          'actual', 'conferences held within 15 working days', NULL, NULL, 'Quarter 3');
        PRAGMA user_version = 1;
        """
    )
    conn.close()
    read = figures_frame(db)  # read-only: dated on the fly
    assert read["period_start"].dt.strftime("%Y-%m-%d").tolist() == ["2020-10-01"]
    from minutegen.extract.archive import Archive

    Archive(db).close()  # opened for writing: upgraded in place
    row = sqlite3.connect(db).execute("SELECT source, period_start FROM figures").fetchone()
    assert row == ("old", "2020-10-01")


def test_an_archive_that_kept_committee_and_meeting_date_upgrades_with_them(
    tmp_path: Path,
) -> None:
    """A v1 archive written after the ModernGov reader came (documents knew their committee
    and meeting date, figures no dates): the upgrade files and dates them by those."""
    db = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(db)
    conn.executescript(
        """
        CREATE TABLE documents (id INTEGER PRIMARY KEY, path TEXT NOT NULL, hash TEXT NOT NULL
          UNIQUE, period TEXT, processed TEXT NOT NULL, figure_count INTEGER NOT NULL,
          chars INTEGER NOT NULL, source TEXT, meeting_date TEXT);
        CREATE TABLE figures (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL,
          "document" TEXT NOT NULL, "start" INTEGER NOT NULL, "end" INTEGER NOT NULL,
          "text" TEXT NOT NULL, "sentence" TEXT NOT NULL, "value" REAL NOT NULL,
          "unit" TEXT NOT NULL, "role" TEXT NOT NULL, "indicator" TEXT, "indicator_id" TEXT,
          "assessment" TEXT, "period" TEXT);
        INSERT INTO documents VALUES (1, 'GetMeeting.xml#62', 'abc', NULL, 'x', 1, 9,
          'Scrutiny Committee', '2021-02-10');
        INSERT INTO figures VALUES (1, 1, 'GetMeeting.xml#62', 0, 4, '92.5', 's', 92.5,
          'percent', 'actual', 'conferences held within 15 working days', NULL, NULL, 'Q3');
        PRAGMA user_version = 1;
        """
    )
    conn.close()
    read = figures_frame(db)
    assert read["source"].tolist() == ["Scrutiny Committee"]
    assert read["period_start"].dt.strftime("%Y-%m-%d").tolist() == ["2020-10-01"]
    from minutegen.extract.archive import Archive

    Archive(db).close()
    row = (
        sqlite3.connect(db)
        .execute("SELECT source, period_start, period_basis FROM figures")
        .fetchone()
    )
    assert row == ("Scrutiny Committee", "2020-10-01", "year from the meeting date (2021-02-10)")


def test_load_table_takes_a_dataframe_as_it_takes_the_csv() -> None:
    path = ROOT / "samples" / "darlington-cyp-2020q2" / "indicators.csv"
    assert load_table(pd.read_csv(path)) == load_table(path)
    copy = pd.read_csv(path)
    copy.loc[0, "value"] = None
    rows = load_table(copy)
    assert rows[0].value is None and rows[1:] == load_table(path)[1:]


def test_series_reads_a_folder_of_minutes_like_its_archive(archive: Path, tmp_path: Path) -> None:
    folder = tmp_path / "Northshire"
    folder.mkdir()
    for name, text in QUARTERS.items():
        (folder / name).write_text(text, encoding="utf-8")
    direct = series_frame(str(folder))
    stored = series_frame(archive)
    assert direct["value"].tolist() == stored["value"].tolist()


def test_two_values_for_one_period_are_both_shown_and_said(tmp_path: Path) -> None:
    """A correction in a later minute, or a misread figure: not for series to choose."""
    folder = tmp_path / "Eastshire"
    folder.mkdir()
    for name, value in (("first.txt", "97.8"), ("second.txt", "96.9")):
        (folder / name).write_text(
            "Housing Performance Report Quarter 2 2021/22\n\n"
            f"Rent collected as a percentage of rent due was {value} per cent.\n",
            encoding="utf-8",
        )
    result = runner.invoke(app, ["series", str(folder), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert pd.read_csv(io.StringIO(result.stdout))["value"].tolist() == [97.8, 96.9]
    notes = [line for line in result.stderr.splitlines() if "note:" in line]
    assert len(notes) == 1
    assert "Quarter 2 2021/22 is given 2 values (96.9, 97.8)" in notes[0]
