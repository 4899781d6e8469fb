"""`draft --exceptions`: councillors ask for exceptions, not two pages of commentary.

One sentence of counts that add up ("Of the 12 indicators, 5 were on target, 1 was within
tolerance, 3 were off target and 3 had no target"), then only the indicators that are red or
amber, moved by more than the materiality threshold, or stand far from their benchmark. The
tolerance and thresholds are settings of the style (style.yaml `exceptions:`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Indicator
from .content import Message, Plan
from .phrasing import Sentence, Stated, Wording, fill, finish, join_names
from .profile import number_word

CATEGORIES: tuple[str, ...] = (
    "on_target", "within_tolerance", "off_target", "no_target", "not_reported",
)  # fmt: skip


@dataclass(frozen=True)
class Exceptions:
    """How every indicator stands, and which are exceptions (with why)."""

    categories: dict[int, str]  # position in the table -> category
    reasons: dict[int, tuple[str, ...]]  # position -> why it is an exception (empty: it is not)

    def count(self, category: str) -> int:
        return sum(1 for c in self.categories.values() if c == category)


def _number(value: Any, default: float) -> float:
    return (
        float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default
    )


def category(indicator: Indicator, settings: dict[str, Any]) -> str:
    """on_target, within_tolerance, off_target, no_target or not_reported: the RAG status when
    the table gives one, else the value against its target and tolerance."""
    if indicator.value is None:
        return "not_reported"
    status = (indicator.status or "").lower()
    if status in ("green", "amber", "red"):
        return {"green": "on_target", "amber": "within_tolerance", "red": "off_target"}[status]
    polarity = (indicator.polarity or "").lower()
    if indicator.target is None or polarity not in ("higher", "lower"):
        return "no_target"
    value, target = indicator.value, indicator.target
    if (value >= target) if polarity == "higher" else (value <= target):
        return "on_target"
    tolerance = _number((settings.get("exceptions") or {}).get("tolerance"), 5.0)
    gap = abs(value - target) / abs(target) * 100 if target else float("inf")
    return "within_tolerance" if gap <= tolerance else "off_target"


def _beyond(value: float, other: float, unit: str | None, points: float, percent: float) -> bool:
    """Whether `value` differs from `other` by more than the points (percentages) or per cent."""
    if unit == "percent":
        return abs(value - other) > points
    if other == 0:
        return value != 0
    return abs(value - other) / abs(other) * 100 > percent


def reasons(indicator: Indicator, kind: str, settings: dict[str, Any]) -> tuple[str, ...]:
    """Why an indicator is an exception: 'red', 'amber', 'moved', 'benchmark' (none: it is not)."""
    config = settings.get("exceptions") or {}
    found: list[str] = []
    if kind == "off_target":
        found.append("red")
    elif kind == "within_tolerance":
        found.append("amber")
    value = indicator.value
    if value is None:
        return tuple(found)
    if indicator.previous is not None and _beyond(
        value,
        indicator.previous,
        indicator.unit,
        _number(config.get("materiality_points"), 5.0),
        _number(config.get("materiality_percent"), 10.0),
    ):
        found.append("moved")
    if indicator.benchmark is not None and _beyond(
        value,
        indicator.benchmark,
        indicator.unit,
        _number(config.get("benchmark_points"), 5.0),
        _number(config.get("benchmark_percent"), 10.0),
    ):
        found.append("benchmark")
    return tuple(found)


def find_exceptions(indicators: Sequence[Indicator], settings: dict[str, Any]) -> Exceptions:
    """Every indicator's category and its reasons for being an exception."""
    categories: dict[int, str] = {}
    why: dict[int, tuple[str, ...]] = {}
    for index, indicator in enumerate(indicators):
        kind = category(indicator, settings)
        categories[index] = kind
        why[index] = reasons(indicator, kind, settings)
    return Exceptions(categories, why)


def only_exceptions(plan: Plan, indicators: Sequence[Indicator], found: Exceptions) -> Plan:
    """The plan with only the exceptions left in it; annual gaps are counted, not written."""
    keep = {id(indicators[i]) for i, why in found.reasons.items() if why}

    def kept(messages: tuple[Message, ...]) -> tuple[Message, ...]:
        return tuple(m for m in messages if id(m.indicator) in keep)

    return dataclasses.replace(
        plan,
        highlights=kept(plan.highlights),
        focus=kept(plan.focus),
        neutral=kept(plan.neutral),
        annual=(),
    )


def _n(value: int, settings: dict[str, Any]) -> str:
    return number_word(value, settings) or str(value)


def counts_sentence(
    indicators: Sequence[Indicator], found: Exceptions, settings: dict[str, Any]
) -> Sentence:
    """'Of the 12 indicators, 5 were on target, ... and 3 had no target.' The counts always
    add up to the number of indicators; categories with none are left out."""
    config = settings.get("exceptions") or {}
    phrases = config.get("categories") or {}
    parts: list[str] = []
    for kind in CATEGORIES:
        n = found.count(kind)
        if n == 0:
            continue
        slots = {"n": _n(n, settings), "was": "was" if n == 1 else "were", "had": "had"}
        parts.append("".join(str(s) for s in fill(str(phrases[kind]), slots)))
    total = len(indicators)
    key = "one_indicator" if total == 1 else "counts"
    listed = join_names(parts, {"names_separator": ", ", "names_last": " and "})
    text = "".join(
        str(s) for s in fill(str(config[key]), {"total": _n(total, settings), "list": listed})
    )
    if not any(found.reasons.values()):
        text = f"{text} {config.get('none', '')}".strip()
    stated = tuple(Stated(i.name.strip(), i.id, i.row, ()) for i in indicators)
    return Sentence(tuple(finish([text])), stated)


def with_counts(wording: Wording, sentence: Sentence) -> Wording:
    """The wording with the counts sentence as its own paragraph after the opening."""
    return dataclasses.replace(wording, opening=(*wording.opening, (sentence,)))


__all__ = ["Exceptions", "counts_sentence", "find_exceptions", "only_exceptions", "with_counts"]
