"""Periods as dates: UK financial years and quarters, months, year to date, year end; and the
year of a period written without one, from the title, the meeting's date or the document."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minutegen.extract.period import PERIOD_RE
from minutegen.series.periods import (
    Context,
    meeting_date_in,
    parse_period,
    quarter_dates,
    resolve_document,
    resolve_period,
)

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "dev"


def _corpus_periods() -> list[str]:
    found = set()
    for path in sorted(CORPUS.glob("*.txt")):
        for match in PERIOD_RE.finditer(path.read_text(encoding="utf-8")):
            found.add(" ".join(match.group(0).split()))
    return sorted(found)


def test_every_period_the_extractor_finds_in_the_corpus_is_understood() -> None:
    periods = _corpus_periods()
    assert len(periods) > 60  # the corpus' many forms, not a handful
    not_understood = [p for p in periods if parse_period(p) is None]
    assert not_understood == []
    # each form with its year in it gets dates; the rest wait for the document's context
    for text in periods:
        parsed = parse_period(text)
        assert parsed is not None
        if parsed.start is None:
            assert parsed.kind in ("quarter", "year to date", "year end"), text
        else:
            assert parsed.end is not None and parsed.start <= parsed.end, text


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Quarter 2 2020/21", date(2020, 7, 1), date(2020, 9, 30)),
        ("Q4 2019/20", date(2020, 1, 1), date(2020, 3, 31)),
        ("Quarter 1 of 2019/20", date(2019, 4, 1), date(2019, 6, 30)),
        ("first quarter of 2023/24", date(2023, 4, 1), date(2023, 6, 30)),
        ("Quarter 3 (October to December 2018) 2018/19", date(2018, 10, 1), date(2018, 12, 31)),
        ("Quarter 2 (July to September) 2020/21", date(2020, 7, 1), date(2020, 9, 30)),
        ("Quarter 1 (April 2022 to June 2022)", date(2022, 4, 1), date(2022, 6, 30)),
        ("Quarter 1 (Q1) 2022/23", date(2022, 4, 1), date(2022, 6, 30)),
        ("Quarter Three 2023 to 2024", date(2023, 10, 1), date(2023, 12, 31)),
        ("Q2 202223", date(2022, 7, 1), date(2022, 9, 30)),
        ("2019/20", date(2019, 4, 1), date(2020, 3, 31)),
        ("2022-23", date(2022, 4, 1), date(2023, 3, 31)),
        ("2017/2018", date(2017, 4, 1), date(2018, 3, 31)),
        ("year end 2019/20", date(2019, 4, 1), date(2020, 3, 31)),
        ("as at September 2020", date(2020, 9, 1), date(2020, 9, 30)),
        ("at the end of June 2022", date(2022, 6, 1), date(2022, 6, 30)),
        ("as of 30th September 2020", date(2020, 9, 30), date(2020, 9, 30)),
        ("April to September 2020", date(2020, 4, 1), date(2020, 9, 30)),
        ("October to March 2021", date(2020, 10, 1), date(2021, 3, 31)),
    ],
)
def test_a_period_with_its_year_is_dated(text: str, start: date, end: date) -> None:
    parsed = parse_period(text)
    assert parsed is not None
    assert (parsed.start, parsed.end) == (start, end)


def test_the_extractor_keeps_the_whole_year_of_a_title() -> None:
    """ "Quarter Three 2023 to 2024" and "Q2 202223" were cut to a calendar year."""
    spans = [
        m.group(0)
        for m in PERIOD_RE.finditer("for Quarter Three 2023 to 2024. Dashboard Q2 202223 - Part")
    ]
    assert spans == ["Quarter Three 2023 to 2024", "Q2 202223"]


def test_a_quarter_with_one_calendar_year_is_read_as_a_financial_year_and_says_so() -> None:
    parsed = parse_period("Q2 2022")
    assert parsed is not None and parsed.start == date(2022, 7, 1)
    resolved = resolve_period("Q2 2022", Context())
    assert "financial year 2022/23" in resolved.basis


@given(st.integers(1990, 2060), st.integers(1, 4))
def test_every_way_of_writing_a_financial_quarter_gives_its_dates(fy: int, quarter: int) -> None:
    start, end = quarter_dates(fy, quarter)
    short = f"{(fy + 1) % 100:02d}"
    for text in (
        f"Quarter {quarter} {fy}/{short}",
        f"Q{quarter} {fy}-{short}",
        f"Quarter {quarter} of {fy}/{fy + 1}",
        f"Q{quarter} {fy} to {fy + 1}",
    ):
        parsed = parse_period(text)
        assert parsed is not None and (parsed.start, parsed.end) == (start, end), text
    assert start.day == 1 and (end - start).days in range(89, 93)
    assert start.month == (4, 7, 10, 1)[quarter - 1]


def test_a_year_missing_comes_from_the_title_first() -> None:
    context = Context(
        title="Performance Indicators Quarter 3 2020/21",
        meeting=date(2022, 5, 1),
        periods=("Quarter 1 2019/20",),
    )
    resolved = resolve_period("Quarter 3", context)
    assert (resolved.start, resolved.end) == (date(2020, 10, 1), date(2020, 12, 31))
    assert resolved.basis == "year from the item's title (Performance Indicators Quarter 3 2020/21)"
    ytd = resolve_period("year to date", context)
    assert (ytd.start, ytd.end) == (date(2020, 4, 1), date(2020, 12, 31))


def test_then_from_the_meeting_date_the_period_ending_nearest_it() -> None:
    """A quarter is reported once it has closed; a year end after the year (outturn) or
    just before it ends (a forecast): the one whose end is nearest the meeting."""
    context = Context(meeting=date(2021, 2, 10), periods=("Quarter 1 2019/20",))
    quarter3 = resolve_period("Quarter 3", context)
    assert (quarter3.start, quarter3.end) == (date(2020, 10, 1), date(2020, 12, 31))
    assert quarter3.basis == "year from the meeting date (2021-02-10)"
    assert resolve_period("Q2", context).start == date(2020, 7, 1)
    outturn = resolve_period("year end", Context(meeting=date(2020, 6, 15)))
    assert (outturn.start, outturn.end) == (date(2019, 4, 1), date(2020, 3, 31))
    forecast = resolve_period("year end", Context(meeting=date(2018, 2, 15)))
    assert (forecast.start, forecast.end) == (date(2017, 4, 1), date(2018, 3, 31))


def test_then_from_the_documents_other_periods() -> None:
    context = Context(periods=("Quarter 4 2021/22", "2022/23", "Quarter 2 2022/23"))
    resolved = resolve_period("Q1", context)
    assert resolved.start == date(2022, 4, 1)
    assert resolved.basis == "year from the document's periods (2022/23)"


def test_without_any_year_the_period_is_left_undated_and_says_why() -> None:
    assert resolve_period("Quarter 3", Context()) == resolve_period("Quarter 3", Context())
    resolved = resolve_period("Quarter 3", Context())
    assert (resolved.start, resolved.basis) == (None, "year unknown")
    assert resolve_period(None, Context()).basis == "none stated"


def test_an_earlier_values_period_does_not_set_the_documents_year() -> None:
    resolved = resolve_document(
        ["Quarter 2 2019/20", "Quarter 3", "Quarter 3"],
        roles=["previous", "actual", "actual"],
    )
    assert resolved[1].start is None  # the 2019/20 belongs to the value compared with


def test_the_meeting_date_read_as_a_period_gives_way_to_the_documents_period() -> None:
    meeting = date(2022, 1, 17)
    resolved = resolve_document(
        ["17 January 2022", "Quarter 3", "17 January 2022"], meeting=meeting
    )
    assert resolved[0].start == date(2021, 10, 1) == resolved[1].start
    assert "is the meeting's date" in resolved[0].basis


def test_the_meeting_date_is_read_from_a_minutes_first_lines() -> None:
    text = "Housing Scrutiny Committee\nMonday, 14 December 2020\nPerformance report\n\nText."
    assert meeting_date_in(text) == date(2020, 12, 14)
    assert meeting_date_in("Committee\n15/03/2021\nItem 4\n") == date(2021, 3, 15)
    # a date something is measured at is not the meeting's
    assert meeting_date_in("Performance as at 31 March 2020\n\nText.") is None
    page = "Outturn\nFor the year ending 31 March 2018.\nMeeting: 08/03/2017 - Cabinet\n"
    assert meeting_date_in(page) == date(2017, 3, 8)
    assert meeting_date_in("Cabinet\nMeeting held on 5 July 2019\n") == date(2019, 7, 5)
    assert meeting_date_in("Outturn for 1 April 2017 – 31 March 2018\n") is None
    assert meeting_date_in("Cabinet – 14 December 2020\n") == date(2020, 12, 14)
