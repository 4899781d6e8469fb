"""Content determination: what the minute says about each indicator, before any wording.

Pure functions over `Indicator`s: each becomes a highlight, an area for focus or neutral, with
the comparisons (target, previous period, benchmark) judged against its polarity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Indicator, Meeting

ANNUAL_FREQUENCIES = frozenset({"annual", "annually", "yearly", "year", "per year"})


@dataclass(frozen=True)
class Comparison:
    """One comparison of an indicator's value: how it relates, and whether that is good.

    `relation` is above/below/met for targets, up/down/same for previous values and
    higher/lower/same for benchmarks; `good` is None where the polarity is neutral or unknown.
    """

    kind: str  # target, previous, benchmark
    other: float
    relation: str
    good: bool | None


@dataclass(frozen=True)
class Message:
    """What to say about one indicator: its class, why, and the comparisons to state."""

    indicator: Indicator
    classification: str  # highlight, focus, neutral
    reason: str  # override, status, target, previous, benchmark, none, missing
    target: Comparison | None = None
    previous: Comparison | None = None
    benchmark: Comparison | None = None


@dataclass(frozen=True)
class Plan:
    """The content of a whole minute: messages in their sections, in table order."""

    meeting: Meeting
    highlights: tuple[Message, ...]
    focus: tuple[Message, ...]
    neutral: tuple[Message, ...]
    annual: tuple[Indicator, ...]


def _good(relation: str, polarity: str | None) -> bool | None:
    """Is being `relation` (above/up/higher mean 'more') good under `polarity`?"""
    if polarity not in ("higher", "lower") or relation == "same":
        return None
    if relation == "met":
        return True
    more = relation in ("above", "up", "higher")
    return more if polarity == "higher" else not more


def compare_target(value: float, target: float, polarity: str | None) -> Comparison:
    """The value against its target: above, below or met (met counts as good)."""
    relation = "met" if value == target else ("above" if value > target else "below")
    good = _good(relation, polarity)
    return Comparison("target", target, relation, good)


def compare_previous(value: float, previous: float, polarity: str | None) -> Comparison:
    """The value against the previous period: up, down or the same."""
    relation = "same" if value == previous else ("up" if value > previous else "down")
    good = _good(relation, polarity)
    return Comparison("previous", previous, relation, good)


def compare_benchmark(value: float, benchmark: float, polarity: str | None) -> Comparison:
    """The value against a benchmark (national, regional, statistical neighbours)."""
    relation = "same" if value == benchmark else ("higher" if value > benchmark else "lower")
    good = _good(relation, polarity)
    return Comparison("benchmark", benchmark, relation, good)


def is_annual_gap(indicator: Indicator) -> bool:
    """An annually reported indicator with no value this period."""
    frequency = (indicator.frequency or "").strip().lower()
    first = frequency.replace("(", " ").replace("-", " ").split()[:1]  # "annual (in Q4)"
    annual = frequency in ANNUAL_FREQUENCIES or first[:1] in (["annual"], ["annually"], ["yearly"])
    return indicator.value is None and annual


def classify(indicator: Indicator) -> Message:
    """Decide one indicator's class: override, RAG status, target, change, benchmark, in order."""
    value = indicator.value
    polarity = (indicator.polarity or "").strip().lower() or None
    if value is None:
        return Message(indicator, _override(indicator) or "neutral", "missing")
    target = (
        compare_target(value, indicator.target, polarity) if indicator.target is not None else None
    )
    previous = (
        compare_previous(value, indicator.previous, polarity)
        if indicator.previous is not None
        else None
    )
    benchmark = (
        compare_benchmark(value, indicator.benchmark, polarity)
        if indicator.benchmark is not None
        else None
    )
    classification, reason = "neutral", "none"
    status = (indicator.status or "").strip().lower()
    override = _override(indicator)
    if override:
        classification, reason = override, "override"
    elif status in ("green", "red", "amber"):
        classification, reason = ("highlight" if status == "green" else "focus"), "status"
    else:
        for comparison in (target, previous, benchmark):
            if comparison is not None and comparison.good is not None:
                classification = "highlight" if comparison.good else "focus"
                reason = comparison.kind
                break
    return Message(indicator, classification, reason, target, previous, benchmark)


def _override(indicator: Indicator) -> str | None:
    text = (indicator.classification or "").strip().lower()
    aliases = {"highlight": "highlight", "focus": "focus", "neutral": "neutral"}
    return aliases.get(text)


def plan_content(indicators: Iterable[Indicator], meeting: Meeting) -> Plan:
    """Sort every indicator into highlights, areas for focus, neutral or annual-only."""
    highlights: list[Message] = []
    focus: list[Message] = []
    neutral: list[Message] = []
    annual: list[Indicator] = []
    for indicator in indicators:
        if is_annual_gap(indicator) and not indicator.classification:
            annual.append(indicator)
            continue
        message = classify(indicator)
        {"highlight": highlights, "focus": focus}.get(message.classification, neutral).append(
            message
        )
    return Plan(meeting, tuple(highlights), tuple(focus), tuple(neutral), tuple(annual))
