"""Normalisation of what exports write differently, in one place: period strings, fractions
that are percentages, and targets given per period (profiled) or as a running total.

Every export preset (minutegen/presets.py) calls these; nothing else rewrites periods,
fractions or targets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_FY = re.compile(r"^\s*((?:19|20)\d\d)\s*[-/–]\s*(\d{2}|(?:19|20)\d\d)\s*$")
_LGBF = re.compile(r"^\s*((?:19|20)\d\d)\s*[-/–]\s*(\d{2,4})\s*;\s*(Q[1-4]|H[12])\s*$", re.I)
_QUARTER = re.compile(
    r"^\s*(?:(Q|quarter\s*)([1-4]))\s*,?\s*((?:19|20)\d\d)\s*[-/–]\s*(\d{2,4})\s*$", re.I
)
_QUARTER_AFTER = re.compile(
    r"^\s*((?:19|20)\d\d)\s*[-/–]\s*(\d{2,4})\s*,?\s*(?:Q|quarter\s*)([1-4])\s*$", re.I
)


def _short_year(first: str, second: str) -> str:
    """'2020', '21' or '2021' -> '2020/21'."""
    return f"{first}/{second[-2:]}"


def financial_year(text: str, *, separator: str = "/") -> str | None:
    """'2020-21', '2020/2021', '2020–21' -> '2020/21' (or with `separator`); None otherwise."""
    match = _FY.match(str(text))
    if match is None:
        return None
    first, second = match.groups()
    if int(second[-2:]) != (int(first) + 1) % 100:
        return None
    return f"{first}{separator}{second[-2:]}"


def period_label(text: object) -> str | None:
    """A period as the minute writes it: 'Q1 2018/19' for LGBF's '2018-19;Q1', '2020/21' for
    '2020-21', 'Quarter 2 2020/21' unchanged apart from the year; other text as it stands."""
    if text is None:
        return None
    raw = " ".join(str(text).split())
    if not raw:
        return None
    match = _LGBF.match(raw)
    if match:
        first, second, part = match.groups()
        return f"{part.upper()} {_short_year(first, second)}"
    year = financial_year(raw)
    if year:
        return year
    match = _QUARTER.match(raw)
    if match:
        word, number, first, second = match.groups()
        prefix = "Q" if word.upper() == "Q" else "Quarter "
        return f"{prefix}{number} {_short_year(first, second)}"
    match = _QUARTER_AFTER.match(raw)
    if match:
        first, second, number = match.groups()
        return f"Q{number} {_short_year(first, second)}"
    return raw


def percentages_from_fractions(values: Sequence[float | None]) -> list[float | None]:
    """Values of a percentage measure stored as fractions (0.914) as per cent (91.4).

    Only when every value lies within 0..1: a column already in per cent is left alone, so a
    measure cannot be scaled twice.
    """
    present = [v for v in values if v is not None]
    if not present or any(v < 0 or v > 1 for v in present):
        return list(values)
    return [None if v is None else round(v * 100, 10) for v in values]


def target_for(
    period: str | None,
    targets: dict[str, float | None],
    annual: float | None,
) -> float | None:
    """The target a period's result is judged against: the period's own (profiled) target when
    the export gives one, else the single target column (annual or cumulative), else the
    target named for the year the period falls in ("Target 2023/24" for "Q1 2023/24")."""
    if period is not None and targets.get(period) is not None:
        return targets[period]
    if annual is not None:
        return annual
    for label, target in targets.items():  # "Target 2023/24" for a "Q1 2023/24" result
        if period is not None and target is not None and label in period:
            return target
    given = [t for t in targets.values() if t is not None]
    return given[0] if len(targets) == 1 and given else None


def ordered_periods(labels: Sequence[str]) -> list[str]:
    """Period labels oldest first ('Q1 2020/21' before 'Q2 2020/21', '2019/20' before
    '2020/21'); labels that say no time keep their order."""
    from .tables import _period_sort_key

    indexed = list(enumerate(labels))
    indexed.sort(key=lambda item: _period_sort_key(item[1], item[0]))
    return [label for _, label in indexed]
