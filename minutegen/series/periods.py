"""Reporting periods as dates: "Quarter 2 2020/21" starts 2020-07-01.

UK councils report by financial year (1 April to 31 March), so a quarter is a quarter of
one: Quarter 1 is April to June, Quarter 4 January to March of the following calendar
year. A period written without its year ("Quarter 3", "year end", "year to date") takes it
from the item's title, else the meeting's date, else the document's other periods, and the
row says which (`basis`). Pure Python: no spaCy, no pandas.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b"
_ORDINALS = {"one": 1, "two": 2, "three": 3, "four": 4, "first": 1, "second": 2, "third": 3}
_ORDINALS.update({"fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4})

_QUARTER = re.compile(
    r"\b(?:quarter\s+(?P<a>[1-4]|one|two|three|four)\b|q(?P<b>[1-4])\b"
    r"|(?P<c>1st|2nd|3rd|4th|first|second|third|fourth)\s+quarter\b)"
)
# 2020/21, 2020-21, 2020/2021, 2020 to 2021, 202021 (a financial year, or a span of years)
_YEARS = re.compile(
    r"\b(?P<y1>(?:19|20)\d\d)(?:\s?[/-]\s?(?P<y2>(?:19|20)?\d\d)|\s+to\s+(?P<y3>(?:19|20)\d\d)"
    r"|(?P<y4>\d\d))?(?!\d)"
)
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<month>{_MONTH})\s*,?\s+(?P<year>(?:19|20)\d\d)\b"
)
_MONTH_RANGE = re.compile(
    rf"\b(?P<m1>{_MONTH})(?:\s+(?P<y1>(?:19|20)\d\d))?\s*(?:to|-|–)\s*(?P<m2>{_MONTH})"
    r"(?:\s+(?P<y2>(?:19|20)\d\d))?"
)
_NUMERIC_DATE = re.compile(r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>(?:19|20)\d\d)\b")


@dataclass(frozen=True)
class Period:
    """What a period's words say: its dates where they are complete, else what is missing.

    `kind` is quarter, month, day, months, financial year, years, year to date or year end.
    `fy` is the financial year's first calendar year (2020 for 2020/21) where written.
    """

    kind: str
    start: date | None = None
    end: date | None = None
    quarter: int | None = None
    fy: int | None = None
    note: str | None = None  # how an ambiguous form was read

    @property
    def complete(self) -> bool:
        return self.start is not None


@dataclass(frozen=True)
class Resolved:
    """A figure's period as dates, and how the dates were found (`basis`)."""

    start: date | None
    end: date | None
    basis: str


# --- parsing ----------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def quarter_dates(fy: int, quarter: int) -> tuple[date, date]:
    """First and last day of financial-year quarter `quarter` of the year starting April `fy`."""
    start = _add_months(date(fy, 4, 1), 3 * (quarter - 1))
    end = _add_months(start, 3)
    return start, date.fromordinal(end.toordinal() - 1)


def fy_of(day: date) -> int:
    """The financial year (its first calendar year) that `day` falls in."""
    return day.year if day.month >= 4 else day.year - 1


def _years(text: str) -> tuple[int, int] | None:
    """(first year, last year) of the first year or year span written, or None."""
    for match in _YEARS.finditer(text):
        y1 = int(match["y1"])
        second = match["y2"] or match["y3"] or match["y4"]
        if second is None:
            return y1, y1
        y2 = int(second)
        if y2 < 100:
            y2 += y1 // 100 * 100
            if y2 < y1:
                y2 += 100
        if match["y4"] is not None and y2 != y1 + 1:
            continue  # six digits that are not "202223"
        if y2 >= y1:
            return y1, y2
    return None


def parse_period(text: str | None) -> Period | None:
    """Read a period as written ("Quarter 2 2020/21", "as at September 2020", "year end").

    None when the words name no period this module knows.
    """
    if not text:
        return None
    low = " ".join(text.lower().split())
    bracket = re.search(r"\(([^)]*)\)", low)
    inner = bracket.group(1) if bracket else ""
    outer = low.replace(bracket.group(0), " ") if bracket else low
    quarter_match = _QUARTER.search(outer)
    if quarter_match:
        word = quarter_match["a"] or quarter_match["b"] or quarter_match["c"]
        quarter = int(word) if word.isdigit() else _ORDINALS[word]
        months = _MONTH_RANGE.search(inner)
        years = _years(outer[quarter_match.end() :]) or _years(inner)
        if months:  # "(October to December 2018)", "(April to September)": the months rule
            return _month_span(months, years, kind="quarter", quarter=quarter)
        if years is None:
            return Period("quarter", quarter=quarter)
        y1, y2 = years
        note = None
        if y1 == y2:
            note = f"{y1} read as the financial year {y1}/{(y1 + 1) % 100:02d}"
        elif y2 != y1 + 1:
            return Period("quarter", quarter=quarter)
        start, end = quarter_dates(y1, quarter)
        return Period("quarter", start, end, quarter=quarter, fy=y1, note=note)
    if "year to date" in low:
        years = _years(low)
        if years and years[1] == years[0] + 1:
            return Period("year to date", date(years[0], 4, 1), fy=years[0])
        return Period("year to date")
    if re.search(r"\byear[\s-]end\b", low):
        years = _years(low)
        if years and years[1] == years[0] + 1:
            y = years[0]
            return Period("year end", date(y, 4, 1), date(y + 1, 3, 31), fy=y)
        return Period("year end")
    months = _MONTH_RANGE.search(low)
    if months:
        return _month_span(months, _years(low), kind="months")
    day = _DAY_MONTH_YEAR.search(low)
    if day:
        year, month = int(day["year"]), MONTHS[day["month"]]
        if day["day"]:
            try:
                when = date(year, month, int(day["day"]))
            except ValueError:
                return None
            return Period("day", when, when)
        return Period("month", date(year, month, 1), _month_end(year, month))
    years = _years(low)
    if years:
        y1, y2 = years
        if y2 == y1 + 1:
            return Period("financial year", date(y1, 4, 1), date(y2, 3, 31), fy=y1)
        if y2 > y1:
            return Period(
                "years", date(y1, 4, 1), date(y2, 3, 31), fy=y1, note="a span of financial years"
            )
    return None


def _month_span(
    match: re.Match[str], years: tuple[int, int] | None, *, kind: str, quarter: int | None = None
) -> Period:
    """Dates of "October to December 2018" or "(July to September)" within financial year(s)."""
    m1, m2 = MONTHS[match["m1"]], MONTHS[match["m2"]]
    y2 = int(match["y2"]) if match["y2"] else None
    y1 = int(match["y1"]) if match["y1"] else None
    if y2 is not None and y1 is None:
        y1 = y2 if m1 <= m2 else y2 - 1
    if y1 is None and years is not None:
        fy = years[0]
        y1 = fy if m1 >= 4 else fy + 1
        y2 = y1 if m1 <= m2 else y1 + 1
    if y1 is None or y2 is None:
        return Period(kind, quarter=quarter, note=f"months {match['m1']} to {match['m2']}")
    start, end = date(y1, m1, 1), _month_end(y2, m2)
    return Period(kind, start, end, quarter=quarter, fy=fy_of(start))


# --- years from context -----------------------------------------------------------------------

# words just before a date that make it a date something is measured at or runs to, not
# the meeting's ("as at 31 March 2020", "the year ending 31 March 2018")
_AS_AT = re.compile(
    r"(?:as\s+(?:at|of)|end\s+of|by|until|to|from|since|ending|ended|at|before|after)\s*$",
    re.I,
)


def meeting_date_in(text: str, *, lines: int = 8) -> date | None:
    """The meeting's date where a minute's first lines give one ("Monday, 14 December 2020",
    "Meeting: 08/03/2017"): the first full date there that is not one a period is measured
    at ("as at 31 March 2020", "the year ending 31 March 2018")."""
    head = "\n".join([line for line in text[:3000].splitlines() if line.strip()][:lines])
    low = head.lower()
    found: list[tuple[int, int, date]] = []
    for match in _DAY_MONTH_YEAR.finditer(low):
        if match["day"]:
            month = MONTHS[match["month"]]
            found.extend(_dated(match.span(), match["year"], month, match["day"]))
    for match in _NUMERIC_DATE.finditer(head):  # UK order: day/month/year
        found.extend(_dated(match.span(), match["y"], match["m"], match["d"]))
    for start, end, when in sorted(found, key=lambda item: item[0]):
        before = head[max(0, start - 12) : start]
        if _AS_AT.search(before) or _RANGE.match(head, end) or _RANGE_END.search(before):
            continue
        return when
    return None


# "1 April 2017 – 31 March 2018" is a period: neither of its dates is the meeting's
_RANGE = re.compile(r"\s*(?:–|-|—|to\b)\s*\d")
_RANGE_END = re.compile(r"\d{4}\s*(?:–|-|—|to)\s*$")


def _dated(span: tuple[int, int], year: str, month: int | str, day: str) -> list[Any]:
    try:
        return [(span[0], span[1], date(int(year), int(month), int(day)))]
    except ValueError:
        return []


@dataclass(frozen=True)
class Context:
    """What a document says about its year: the item's title period, the meeting's date,
    and the periods its results name (stated in full)."""

    title: str | None = None
    meeting: date | None = None
    periods: tuple[str, ...] = ()

    def title_fy(self) -> int | None:
        parsed = parse_period(self.title)
        if parsed is None:
            return None
        if parsed.fy is not None:
            return parsed.fy
        return fy_of(parsed.start) if parsed.start else None

    def title_end(self) -> date | None:
        parsed = parse_period(self.title)
        return parsed.end if parsed is not None else None

    def other_fy(self) -> int | None:
        """The financial year most of the document's fully stated periods fall in."""
        counts: Counter[int] = Counter()
        for text in self.periods:
            parsed = parse_period(text)
            if parsed is not None and parsed.start is not None:
                counts[parsed.fy if parsed.fy is not None else fy_of(parsed.start)] += 1
        if not counts:
            return None
        return min(counts, key=lambda fy: (-counts[fy], -fy))


def _fy_label(fy: int) -> str:
    return f"{fy}/{(fy + 1) % 100:02d}"


def _nearest_meeting(meeting: date, parsed: Period) -> tuple[date, date] | None:
    """The period of this kind whose end is nearest the meeting: a quarter reported once it
    has closed, a year-end outturn reported after the year or forecast before it ends."""
    candidates = []
    for fy in range(fy_of(meeting) - 2, fy_of(meeting) + 2):
        if parsed.kind == "quarter" and parsed.quarter:
            start, end = quarter_dates(fy, parsed.quarter)
        elif parsed.kind == "year end":
            start, end = date(fy, 4, 1), date(fy + 1, 3, 31)
        else:
            return None
        candidates.append((abs((end - meeting).days), start, end))
    _, start, end = min(candidates)
    return start, end


def resolve_period(period: str | None, context: Context) -> Resolved:
    """A figure's period as (start, end) dates, with the basis of any year not written."""
    if period is None:
        if context.title and parse_period(context.title) is not None:
            inner = resolve_period(context.title, Context(meeting=context.meeting))
            if inner.start is not None:
                return Resolved(
                    inner.start, inner.end, f"none stated; the item's ({context.title})"
                )
        return Resolved(None, None, "none stated")
    parsed = parse_period(period)
    if parsed is None:
        return Resolved(None, None, "not understood")
    if parsed.kind == "year to date" and parsed.start is not None:
        return Resolved(parsed.start, context.title_end() or _ytd_end(parsed.start), "stated")
    if parsed.start is not None:
        return Resolved(parsed.start, parsed.end, parsed.note or "stated")
    # the year is missing: the item's title, the meeting's date, the document's other periods
    fy = context.title_fy()
    if fy is not None:
        return _in_year(parsed, fy, context, f"year from the item's title ({context.title})")
    if context.meeting is not None:
        meeting = context.meeting.isoformat()
        if parsed.kind in ("quarter", "year end"):
            found = _nearest_meeting(context.meeting, parsed)
            if found is not None:
                return Resolved(*found, f"year from the meeting date ({meeting})")
        else:
            fy = fy_of(_add_months(context.meeting, -1))
            return _in_year(parsed, fy, context, f"year from the meeting date ({meeting})")
    fy = context.other_fy()
    if fy is not None:
        return _in_year(parsed, fy, context, f"year from the document's periods ({_fy_label(fy)})")
    return Resolved(None, None, "year unknown")


def _ytd_end(start: date) -> date:
    return date(start.year + 1, 3, 31)


def _in_year(parsed: Period, fy: int, context: Context, basis: str) -> Resolved:
    if parsed.note and parsed.note.startswith("months"):  # "2nd Quarter (April to September)"
        words = parsed.note.split()
        m1, m2 = MONTHS[words[1]], MONTHS[words[3]]
        y1 = fy if m1 >= 4 else fy + 1
        y2 = y1 if m1 <= m2 else y1 + 1
        return Resolved(date(y1, m1, 1), _month_end(y2, m2), basis)
    if parsed.kind == "quarter" and parsed.quarter:
        return Resolved(*quarter_dates(fy, parsed.quarter), basis)
    if parsed.kind == "year end":
        return Resolved(date(fy, 4, 1), date(fy + 1, 3, 31), basis)
    if parsed.kind == "year to date":
        end = context.title_end()
        if end is None or fy_of(end) != fy:
            end = _ytd_end(date(fy, 4, 1))
        return Resolved(date(fy, 4, 1), end, basis)
    return Resolved(None, None, "year unknown")


def resolve_document(
    periods: Iterable[str | None],
    *,
    title: str | None = None,
    meeting: date | None = None,
    roles: Iterable[str] | None = None,
) -> list[Resolved]:
    """`resolve_period` for every figure of one document; `roles` (same order) keeps the
    periods of earlier values ("compared with Q2 2019/20") out of the document's year."""
    listed = list(periods)
    role_list = list(roles) if roles is not None else ["actual"] * len(listed)
    stated = tuple(
        p
        for p, role in zip(listed, role_list, strict=False)
        if p and role not in ("previous", "benchmark")
    )
    if meeting is not None and title is not None:
        parsed = parse_period(title)
        if parsed is not None and parsed.kind == "day" and parsed.start == meeting:
            title = None  # the page's heading gave the meeting's date, not the item's period
    context = Context(title=title, meeting=meeting, periods=stated)
    cache: dict[str | None, Resolved] = {}
    out = []
    for period in listed:
        if period not in cache:
            cache[period] = resolve_period(period, context)
        out.append(cache[period])
    if meeting is not None:
        out = _not_the_meeting(listed, out, meeting)
    return out


def _not_the_meeting(
    periods: list[str | None], resolved: list[Resolved], meeting: date
) -> list[Resolved]:
    """A figure whose "period" is the meeting's own date (a page's heading taken for the
    item's period) takes the document's commonest real period instead, or none."""
    is_meeting = [r.start == meeting and r.end == meeting for r in resolved]
    if not any(is_meeting):
        return resolved
    others = Counter(
        (p, r) for p, r, m in zip(periods, resolved, is_meeting, strict=True)
        if not m and r.start is not None
    )  # fmt: skip
    if not others:
        basis = f"none stated ({meeting.isoformat()} is the meeting's date)"
        replacement = Resolved(None, None, basis)
    else:
        (period, best), _ = others.most_common(1)[0]
        basis = f"the document's period ({period}); {meeting.isoformat()} is the meeting's date"
        replacement = Resolved(best.start, best.end, basis)
    return [replacement if m else r for r, m in zip(resolved, is_meeting, strict=True)]
