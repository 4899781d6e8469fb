"""Property: for random tables, `check` of `draft`'s own output reports no error, and a
random change of one stated value is reported as MG101 at that value."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from minutegen.check import check_minute
from minutegen.model import Indicator, Meeting

# (name, unit) of realistic indicators from several services; names are the table's own.
NAMES: tuple[tuple[str, str], ...] = (
    ("Initial Child Protection Conferences held within 15 working days", "percent"),
    ("Re-referrals to children's social care within 12 months", "percent"),
    ("Household waste sent for reuse, recycling and composting", "percent"),
    ("Missed bin collections per 100,000 collections", "count"),
    ("Council tax collected in year", "percent"),
    ("Major planning applications determined within 13 weeks", "percent"),
    ("Average days to re-let standard void properties", "days"),
    ("Households in temporary accommodation", "count"),
    ("Working days lost to sickness absence per FTE", "days"),
    ("Freedom of Information requests answered within 20 working days", "percent"),
    ("Adults with learning disabilities in paid employment", "percent"),
    ("Fly-tipping incidents reported", "count"),
    ("Forecast revenue budget variance", "gbp"),  # negative: "an underspend of £..."
    ("Staff Turnover", "percent"),  # typed in Title Case
)


@st.composite
def tables(draw: st.DrawFn) -> list[Indicator]:
    chosen = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique=True))
    rows = []
    for number, (name, unit) in enumerate(chosen, start=1):
        if unit == "percent":
            value = draw(st.integers(5, 995)) / 10
            other = st.none() | st.integers(5, 995).map(lambda v: v / 10)
        elif unit == "days":
            value = draw(st.integers(10, 600)) / 10
            other = st.none() | st.integers(10, 600).map(lambda v: v / 10)
        elif unit == "gbp":
            money = st.integers(-4000, 4000).filter(bool).map(lambda v: v * 1000.0)
            value = draw(money)
            other = st.none() | money
        else:
            value = float(draw(st.integers(1, 4000)))
            other = st.none() | st.integers(1, 4000).map(float)
        rows.append(
            Indicator(
                name=name,
                value=value,
                unit=unit,
                previous=draw(other),
                target=draw(other),
                polarity=draw(st.sampled_from(["higher", "lower"])),
                row=number,
            )
        )
    return rows


def draft_text(rows: list[Indicator], seed: int) -> str:
    from minutegen.draft import draft_minute, render_minute

    rendered = render_minute(draft_minute(rows, Meeting(), style="house", seed=seed), "text")
    assert isinstance(rendered, str)
    return rendered


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=tables(), seed=st.integers(0, 3))
def test_a_draft_checks_clean_against_its_own_table(rows: list[Indicator], seed: int) -> None:
    text = draft_text(rows, seed)
    report = check_minute(text, rows, document="draft.txt")
    errors = [f"{f.code} {f.message}" for f in report.findings if f.severity == "error"]
    assert errors == [], text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=tables(), pick=st.integers(0, 5), factor=st.sampled_from([1.37, 0.61, 1.9]))
def test_a_changed_value_is_reported(rows: list[Indicator], pick: int, factor: float) -> None:
    text = draft_text(rows, 0)
    row = rows[pick % len(rows)]
    assert row.value is not None
    shown = f"{row.value:,.1f}".removesuffix(".0")
    hits = [m for m in re.finditer(rf"(?<![\d.,]){re.escape(shown)}(?![\d]|\.\d)", text)]
    assume(len(hits) == 1)  # the value is written once, so the edit is unambiguous
    others = [row.previous, row.target, row.benchmark]
    new = round(row.value * factor + 3, 1)
    assume(abs(new - row.value) > 0.5 and all(o is None or abs(o - new) > 1 for o in others))
    new_text = f"{new:,.1f}".removesuffix(".0")
    start = hits[0].start()
    rest = text[hits[0].end() :]
    if shown == "1":  # "1 day" edited to "4.4 days", as a clerk would write it
        rest = re.sub(r"^(\s+(?:day|week|month|year|hour))\b", r"\1s", rest)
    edited = text[:start] + new_text + rest
    report = check_minute(edited, rows, document="draft.txt")
    assert any(
        f.code == "MG101" and f.start <= start < f.end and f.indicator == row.name
        for f in report.findings
    ), [f"{f.code} {f.message}" for f in report.findings]
