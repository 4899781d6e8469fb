"""Draft -> extract round trip: the figures read back from a drafted minute are the table's.

For every sample in samples/*/ and for random tables, in both house styles: each row's value
comes back as an `actual` figure with the row's unit and id, and every other figure read back
is accounted for by its row -- a previous value, target or benchmark with that role, a change
equal to the difference between value and previous value (in percentage points between
percentages, or in per cent of the previous value for other units), or a parameter (a number
inside the indicator's own definition, such as "within 10 working days").

One precisely defined exception: a zero written as "no child" / "no household" is, by the
corpus schema, a count of nothing, so its unit is `count` whatever the table's unit.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutegen.check import check_minute
from minutegen.draft import draft_minute, render_minute
from minutegen.extract.pipeline import extract_figures
from minutegen.meeting import load_meeting
from minutegen.model import Figure, Indicator
from minutegen.tables import load_table, load_table_from_rows

SAMPLES = sorted(p for p in (Path(__file__).parent.parent / "samples").iterdir() if p.is_dir())
STYLES = ("house", "govuk")


def close(a: float, b: float | None) -> bool:
    return b is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=0.051)


def key(row: Indicator) -> str:
    return row.id or row.name


def problems(rows: list[Indicator], figures: list[Figure]) -> list[str]:
    """What a reader of the extracted figures would find wrong against the table."""
    found: list[str] = []
    by_key = {key(r): r for r in rows}
    for row in rows:
        if row.value is None:
            continue
        hits = [
            f for f in figures
            if f.role == "actual" and f.indicator_id == key(row) and close(f.value, row.value)
        ]  # fmt: skip
        if not hits:
            found.append(f"value {row.value} of {row.name!r} not read back as its actual")
            continue
        zero_as_none = row.value == 0 and hits[0].text.lower().startswith("no ")
        if hits[0].unit != row.unit and not (zero_as_none and hits[0].unit == "count"):
            found.append(f"{row.name!r}: unit {hits[0].unit} != {row.unit}")
    for figure in figures:
        if figure.role == "parameter":
            continue
        row = by_key.get(figure.indicator_id or "")
        if row is None:
            found.append(f"{figure.text!r} ({figure.role}) linked to no row: {figure.indicator!r}")
            continue
        if figure.role == "change":
            # a difference, in the row's unit (percentage points between percentages), or
            # for other units in per cent of the other value (to one decimal place)
            ok = row.value is not None and any(
                other is not None
                and (
                    close(figure.value, abs(row.value - other))
                    or (
                        figure.unit == "percent"
                        and row.unit != "percent"
                        and other != 0
                        and close(figure.value, abs(row.value - other) / abs(other) * 100)
                    )
                )
                for other in (row.previous, row.target, row.benchmark)
            )
        else:
            expected = {
                "actual": row.value,
                "previous": row.previous,
                "target": row.target,
                "benchmark": row.benchmark,
            }.get(figure.role)
            ok = expected is not None and close(figure.value, expected)
        if not ok:
            found.append(f"{figure.text!r} read as {figure.role} of {row.name!r}")
    return found


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_samples_round_trip(sample: Path, style: str) -> None:
    rows = load_table(sample / "indicators.csv")
    meeting = load_meeting(sample / "meeting.yaml") if (sample / "meeting.yaml").exists() else None
    texts = set()
    for seed in range(4):  # every phrase variant --seed picks reads back and checks clean
        text = render_minute(draft_minute(rows, meeting, style=style, seed=seed), "text")
        assert isinstance(text, str)
        texts.add(text)
        figures = extract_figures(text, indicators=rows)
        assert problems(rows, figures) == [], f"seed {seed}:\n{text}"
        report = check_minute(text, rows, document="draft.txt")
        errors = [f"{f.code} {f.message}" for f in report.findings if f.severity == "error"]
        assert errors == [], f"seed {seed}:\n{text}"
    assert len(texts) > 1  # the seeds give different sentences


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_assessments_follow_the_drafted_sections(sample: Path, style: str) -> None:
    """Highlights are read back as positive, areas for focus as negative, the rest neutral."""
    rows = load_table(sample / "indicators.csv")
    minute = draft_minute(rows, load_meeting(sample / "meeting.yaml"), style=style)
    section = {}
    for sentence in minute.provenance():
        for item in sentence.get("indicators", []):
            section[item.get("id") or item.get("name")] = sentence["section"]
    expected = {"highlights": "positive", "focus": "negative"}
    text = render_minute(minute, "text")
    assert isinstance(text, str)
    wrong = [
        (f.text, f.assessment, section.get(f.indicator_id or ""))
        for f in extract_figures(text, indicators=rows)
        if f.role == "actual"
        and f.assessment != expected.get(section.get(f.indicator_id or "") or "", "neutral")
    ]  # fmt: skip
    assert wrong == []


# --- random tables ------------------------------------------------------------------------

# (name, unit, polarity): realistic council indicators whose names share few words, so that a
# name read back can only mean one row. Numbers inside names are definitions (parameters).
POOL: tuple[tuple[str, str, str], ...] = (
    ("Rent collected as a percentage of rent due", "percent", "higher"),
    ("Emergency repairs completed within 24 hours", "percent", "higher"),
    ("Households in temporary accommodation", "count", "lower"),
    ("Average days to re-let standard void properties", "days", "lower"),
    ("Complaints responded to within 10 working days", "percent", "higher"),
    ("Missing episodes of young people in care", "count", "lower"),
    ("Initial Child Protection Conferences held within 15 working days", "percent", "higher"),
    ("Fly-tips collected within 7 days", "percent", "higher"),
    ("Household waste sent for recycling", "percent", "higher"),
    ("Planning applications decided on time", "percent", "higher"),
    # a signed budget variance: a negative one is written "an underspend of £..."
    ("Forecast General Fund revenue outturn (underspend)", "gbp", "lower"),
    # typed in Title Case, and a mass noun that reads without "the"
    ("Number Of Noise Complaints Received", "count", "lower"),
    ("Customer satisfaction with the repairs service", "percent", "higher"),
    # shaped like Pentana / LG Inform exports: a code in brackets, capitalised common words,
    # a sum named by its side (negative: "the HRA position was an underspend of ..."), a unit
    # repeating the noun, a share of an amount
    ("Percentage of calls answered within 20 seconds (PI 12)", "percent", "higher"),
    ("Fire Safety and Asbestos checks completed", "percent", "higher"),
    ("HRA underspend", "gbp", "higher"),
    ("Fly-tipping incidents cleared (incidents)", "count", "higher"),
    ("Expenditure with local suppliers", "percent", "higher"),
)


@st.composite
def tables(draw: st.DrawFn) -> list[Indicator]:
    chosen = draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=5, unique=True))
    rows = []
    for number, (name, unit, polarity) in enumerate(chosen, start=1):
        if unit == "percent":
            values = st.integers(10, 995).map(lambda n: n / 10)
        elif unit == "days":
            values = st.integers(10, 900).map(lambda n: n / 10)
        elif unit == "gbp":
            values = st.integers(-3000, 3000).filter(bool).map(lambda n: n * 1000.0)
        else:
            values = st.integers(1, 4000).map(float)
        value = draw(values)
        previous = draw(st.one_of(st.none(), values.filter(lambda v, value=value: v != value)))
        target = draw(st.one_of(st.none(), values.filter(lambda v, value=value: v != value)))
        row = {
            "id": f"IND-{number:02d}",
            "indicator": name,
            "value": value,
            "unit": unit,
            "polarity": polarity,
            "period": "Quarter 2 2023/24",
        }
        if previous is not None:
            row.update(previous=previous, previous_period="Quarter 2 2022/23")
        if target is not None:
            row["target"] = target
        rows.append(row)
    return load_table_from_rows(rows, catalogue=False)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=tables(), style=st.sampled_from(STYLES), seed=st.integers(0, 3))
def test_random_tables_round_trip(rows: list[Indicator], style: str, seed: int) -> None:
    text = render_minute(draft_minute(rows, style=style, seed=seed), "text")
    assert isinstance(text, str)
    figures = extract_figures(text, indicators=rows)
    assert problems(rows, figures) == [], text


def test_parameters_come_from_names() -> None:
    """The only numbers read back besides the rows' are the ones inside their names."""
    rows = load_table_from_rows(
        [
            {"id": "R1", "indicator": POOL[1][0], "value": 97.5, "unit": "percent", "target": 98},
            {"id": "R2", "indicator": POOL[4][0], "value": 81.2, "unit": "percent"},
        ],
        catalogue=False,
    )
    text = render_minute(draft_minute(rows), "text")
    figures = extract_figures(text, indicators=rows)
    in_names = {float(n) for r in rows for n in re.findall(r"\d+", r.name)}
    assert {f.value for f in figures if f.role == "parameter"} <= in_names
