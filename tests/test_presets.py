"""The exports councils have, read as they are: each real-shaped sample in tests/data/presets
drafts and checks with no column renamed, and says on stderr which export it was read as."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from minutegen.cli import app
from minutegen.normalise import percentages_from_fractions, period_label
from minutegen.tables import load_table, load_table_and_preset

ROOT = Path(__file__).resolve().parent.parent
PRESETS = ROOT / "tests" / "data" / "presets"
runner = CliRunner()

SAMPLES = {
    "pentana-pi-report.csv": "Pentana / Covalent PI report",
    "scorecard.xlsx": "council Excel scorecard",
    "lginform-data.csv": "LG Inform data download (data.csv)",
    "lgbf-data.csv": "LGBF (Improvement Service) data",
    "oflog-data.csv": "Oflog Local Authority Data Explorer CSV",
}


def by_id(path: Path) -> dict[str, object]:
    return {row.id: row for row in load_table(path)}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_export_drafts_and_checks_clean_as_it_is(name: str, tmp_path: Path) -> None:
    data = PRESETS / name
    minute = tmp_path / "minute.txt"
    result = runner.invoke(app, ["draft", str(data), "-o", str(minute)])
    assert result.exit_code == 0, result.stderr
    assert f"recognised {data}: {SAMPLES[name]}" in result.stderr
    text = minute.read_text(encoding="utf-8")
    for row in load_table(data):
        assert row.name.lower()[:30] in text.lower()
    checked = runner.invoke(app, ["check", str(minute), str(data)])
    assert checked.exit_code == 0, checked.stdout
    assert " 0 error(s), 0 warning(s)" in checked.stdout


def test_a_plain_table_is_no_export() -> None:
    rows, preset = load_table_and_preset(
        ROOT / "samples" / "darlington-cyp-2020q2" / "indicators.csv"
    )
    assert preset is None and len(rows) == 12


def test_pentana_codes_status_icons_aim_and_stamped_notes() -> None:
    rows = by_id(PRESETS / "pentana-pi-report.csv")
    icpc, rerefs, distance, in_care = (rows[f"CYP-PI-0{i}"] for i in range(1, 5))
    assert (icpc.name, icpc.value, icpc.target) == (
        "Initial Child Protection Conferences held within 15 working days",
        91.6,
        90.0,
    )
    assert (icpc.previous, icpc.period, icpc.previous_period) == (88.2, "Q2 2020/21", "Q1 2020/21")
    assert [r.status for r in (icpc, rerefs, distance, in_care)] == ["green", "red", "amber", None]
    assert [r.polarity for r in (icpc, rerefs)] == ["higher", "lower"]
    assert icpc.note == "Timeliness has been maintained despite remote working"  # "JE090720 - " cut
    assert in_care.note == "the number is closely managed"


def test_scorecard_title_rows_symbols_fractions_commentary_and_running_total() -> None:
    rows = by_id(PRESETS / "scorecard.xlsx")
    employment, admissions, safeguarding = rows["ASC01"], rows["ASC02"], rows["ASC03"]
    assert [r.status for r in (employment, admissions, safeguarding)] == ["amber", "green", "red"]
    assert [r.polarity for r in (employment, admissions)] == ["higher", "lower"]
    assert (employment.value, employment.target, employment.unit) == (6.4, 7.0, "percent")
    # a cumulative target of 300 admissions is held to the year-to-date 273.5, not Q2's 131.5
    assert (admissions.value, admissions.target) == (273.5, 300.0)
    assert admissions.period == "Q2 2020/21 (year to date)"
    assert safeguarding.note == "Staff absence delayed enquiries; Agency social workers recruited"


def test_scorecard_profiled_target_is_the_quarters_own(tmp_path: Path) -> None:
    path = tmp_path / "scorecard.csv"
    path.write_text(
        "Corporate scorecard\n\n"
        "Ref,Measure,Good is,Q1 2020/21,Q2 2020/21,Q2 2020/21 Target,Target,RAG,Commentary\n"
        "C1,Calls answered within 60 seconds,High,71%,78%,80%,85%,A,Recruitment under way\n",
        encoding="utf-8",
    )
    row = load_table(path)[0]
    assert (row.value, row.previous, row.target, row.period) == (78.0, 71.0, 80.0, "Q2 2020/21")


def test_lg_inform_wide_is_melted_latest_previous_and_cipfa_benchmark() -> None:
    [row] = load_table(PRESETS / "lginform-data.csv")
    assert row.name.startswith("Re-referrals to children's social care")
    assert (row.value, row.period, row.previous, row.previous_period) == (
        19.8,
        "2019/20",
        21.7,
        "2018/19",
    )
    assert (row.benchmark, row.benchmark_label, row.unit) == (
        22.6,
        "CIPFA nearest neighbours",
        "percent",
    )


def test_lg_inform_without_a_comparator_mean_takes_england(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text(
        "Area code,Area name,Metric,Q1 2021/22,Q2 2021/22\n"
        "E06000005,Darlington,Households in temporary accommodation,41,38\n"
        "E92000001,England,Households in temporary accommodation,52,55\n",
        encoding="utf-8",
    )
    [row] = load_table(path)
    assert (row.name, row.value, row.previous, row.benchmark, row.benchmark_label) == (
        "Households in temporary accommodation",
        38.0,
        41.0,
        55.0,
        "England average",
    )


def test_lgbf_fractions_periods_ranking_and_benchmarks() -> None:
    rows = by_id(PRESETS / "lgbf-data.csv")
    positive, cost = rows["CHN11"], rows["CORP4"]
    assert (positive.value, positive.previous, positive.unit) == (94.8, 94.1, "percent")
    assert (positive.benchmark, positive.benchmark_label) == (95.2, "family group average")
    assert positive.polarity == "higher"  # Descending
    assert (cost.period, cost.previous_period, cost.polarity) == (
        "Q2 2018/19",
        "Q1 2018/19",
        "lower",
    )
    assert (cost.unit, cost.benchmark, cost.benchmark_label) == ("gbp", 6.89, "Scottish average")


def test_oflog_financial_years_and_england_median() -> None:
    rows = by_id(PRESETS / "oflog-data.csv")
    waste = rows["WAS-001"]
    assert (waste.value, waste.period, waste.previous, waste.previous_period) == (
        36.4,
        "2021/22",
        38.1,
        "2020/21",
    )
    assert (waste.benchmark, waste.benchmark_label, waste.polarity) == (
        41.9,
        "England median",
        "higher",
    )


def test_a_bad_cell_in_an_export_names_file_row_and_column(tmp_path: Path) -> None:
    text = (PRESETS / "lgbf-data.csv").read_text(encoding="utf-8").replace("0.948", "high")
    path = tmp_path / "lgbf.csv"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["draft", str(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "lgbf.csv, row 2, column 'value': 'high' is not a number" in result.stderr


@given(st.integers(1990, 2090), st.integers(1, 4))
def test_lgbf_period_strings_become_minute_periods(year: int, quarter: int) -> None:
    after = f"{(year + 1) % 100:02d}"
    assert period_label(f"{year}-{after};Q{quarter}") == f"Q{quarter} {year}/{after}"
    assert period_label(f"{year}-{after}") == f"{year}/{after}"
    assert period_label(f"{year}/{year + 1}") == f"{year}/{after}"


@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=20))
def test_fractions_are_scaled_once_never_twice(values: list[float]) -> None:
    once = percentages_from_fractions(values)
    assert once == [round(v * 100, 10) for v in values]
    if any(v > 1 for v in once if v is not None):
        assert percentages_from_fractions(once) == once


def test_a_blank_latest_quarter_is_no_figure_never_the_older_one(tmp_path: Path) -> None:
    path = tmp_path / "scorecard.csv"
    path.write_text(
        "Corporate scorecard\n\n"
        "Ref,Measure,Good is,Q1 2020/21,Q2 2020/21,Target,RAG,Commentary\n"
        "C1,Calls answered within 60 seconds,High,71%,78%,80%,A,Recruitment under way\n"
        "C2,Staff sickness days per FTE,Low,2.1,,2,R,Q2 data due next month\n",
        encoding="utf-8",
    )
    calls, sickness = load_table(path)
    assert (calls.value, calls.period) == (78.0, "Q2 2020/21")
    assert (sickness.value, sickness.period, sickness.previous) == (None, "Q2 2020/21", 2.1)
    text = runner.invoke(app, ["draft", str(path)]).stdout
    assert "no figure was available for staff sickness days per FTE" in text
    assert "2.1" not in text  # Q1's figure is not passed off as this quarter's
