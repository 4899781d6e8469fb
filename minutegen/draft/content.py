"""Content determination: what the minute says about each indicator, before any wording.

Pure functions over `Indicator`s: each becomes a highlight, an area for focus or neutral, with
the comparisons (target, previous period, benchmark) judged against its polarity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

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
    material: bool = True  # a change under the materiality threshold is "stable"


@dataclass(frozen=True)
class Judgement:
    """How evidence is weighed when no RAG status or override decides (tuned on corpus/dev
    only, by benchmarks/draft_judgement.py).

    `materiality`: a change smaller than this is stable, not better or worse: percentage
    points between percentages, per cent of the previous value otherwise. The weights say how
    much each comparison counts; mixed evidence goes to the side with more weight, and a tie
    goes to the target (then to the change) where they exist.
    """

    materiality: float = 1.0
    target_weight: float = 2.0
    previous_weight: float = 1.0
    benchmark_weight: float = 1.0
    perfect_weight: float = 2.0  # 100% of a higher-is-better share, none of a lower-is-better
    # With nothing else to go on, the level of a higher-is-better share: at or above
    # `share_good_from` it is good, below `share_poor_below` poor (None turns either off).
    # Weak evidence: any comparison outweighs it.
    share_good_from: float | None = 85.0
    share_poor_below: float | None = 80.0
    level_weight: float = 0.5


@dataclass(frozen=True)
class Message:
    """What to say about one indicator: its class, why, and the comparisons to state."""

    indicator: Indicator
    classification: str  # highlight, focus, neutral
    reason: str  # override, status, target, previous, benchmark, perfect, none, missing
    target: Comparison | None = None
    previous: Comparison | None = None
    benchmark: Comparison | None = None
    why: str = ""  # the evidence behind the placement, for provenance: "below target; improved"
    against: tuple[str, ...] = field(default=())  # comparisons that go against the section


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


def is_material(value: float, previous: float, unit: str | None, materiality: float) -> bool:
    """Is the change from `previous` at least the threshold (points for a percentage, per
    cent of the previous value otherwise)?"""
    if (unit or "").lower() == "percent":
        return abs(value - previous) >= materiality
    if previous == 0:
        return value != 0
    return abs(value - previous) / abs(previous) * 100 >= materiality


def compare_previous(
    value: float,
    previous: float,
    polarity: str | None,
    *,
    unit: str | None = None,
    materiality: float = 0.0,
) -> Comparison:
    """The value against the previous period: up, down or the same; a change under the
    materiality threshold is stable (neither good nor bad)."""
    relation = "same" if value == previous else ("up" if value > previous else "down")
    material = relation != "same" and is_material(value, previous, unit, materiality)
    good = _good(relation, polarity) if material else None
    return Comparison("previous", previous, relation, good, material)


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


WHY_WORDS: dict[tuple[str, str], str] = {
    ("target", "above"): "above target",
    ("target", "below"): "below target",
    ("target", "met"): "target met",
    ("benchmark", "higher"): "above benchmark",
    ("benchmark", "lower"): "below benchmark",
    ("benchmark", "same"): "in line with benchmark",
}


def _why(comparison: Comparison) -> str:
    if comparison.kind == "previous":
        if comparison.relation == "same" or not comparison.material:
            return "stable"
        if comparison.good is None:
            return "rose" if comparison.relation == "up" else "fell"
        return "improved" if comparison.good else "worsened"
    return WHY_WORDS.get((comparison.kind, comparison.relation), comparison.kind)


def is_perfect(indicator: Indicator, polarity: str | None) -> bool:
    """100 per cent of a higher-is-better share, or none of a lower-is-better figure."""
    unit = (indicator.unit or "").lower()
    if polarity == "higher" and unit == "percent":
        return indicator.value == 100
    if polarity == "lower" and unit in ("count", "percent"):
        return indicator.value == 0
    return False


PERCENT_FIELDS: tuple[str, ...] = ("value", "previous", "target", "benchmark")


def out_of_range(indicator: Indicator) -> list[tuple[str, float]]:
    """A percentage row's figures outside 0-100 (a count typed into a percent row)."""
    if (indicator.unit or "").strip().lower() != "percent":
        return []
    found = []
    for name in PERCENT_FIELDS:
        number = getattr(indicator, name)
        if number is not None and not 0 <= number <= 100:
            found.append((name, number))
    return found


def range_warnings(indicators: Iterable[Indicator]) -> tuple[str, ...]:
    """One line per row whose percentage lies outside 0-100, naming the row and column."""
    lines = []
    for indicator in indicators:
        for column, number in out_of_range(indicator):
            lines.append(
                f"row {indicator.row}, column {column!r}: {number:g} is outside 0-100 for a "
                f"percentage ({indicator.name.strip()}); stated as given and not judged"
            )
    return tuple(lines)


def classify(indicator: Indicator, judgement: Judgement | None = None) -> Message:
    """Decide one indicator's class: the clerk's override, then the RAG status, else the
    weighed evidence (target, material change, benchmark, a perfect score), mixed evidence
    going to the stronger side with the rest kept as a concession."""
    judge = judgement or Judgement()
    value = indicator.value
    polarity = (indicator.polarity or "").strip().lower() or None
    if value is None:
        return Message(indicator, _override(indicator) or "neutral", "missing", why="no value")
    target = (
        compare_target(value, indicator.target, polarity) if indicator.target is not None else None
    )
    previous = (
        compare_previous(
            value,
            indicator.previous,
            polarity,
            unit=indicator.unit,
            materiality=judge.materiality,
        )
        if indicator.previous is not None
        else None
    )
    benchmark = (
        compare_benchmark(value, indicator.benchmark, polarity)
        if indicator.benchmark is not None
        else None
    )
    if out_of_range(indicator) and not _override(indicator):
        why = "percentage outside 0-100"
        return Message(indicator, "neutral", "range", target, previous, benchmark, why=why)
    comparisons = [c for c in (target, previous, benchmark) if c is not None]
    evidence = [_why(c) for c in comparisons]
    status = (indicator.status or "").strip().lower()
    override = _override(indicator)
    if override:
        classification, reason = override, "override"
        evidence.insert(0, "classified by the table")
    elif status in ("green", "red", "amber"):
        classification, reason = ("highlight" if status == "green" else "focus"), "status"
        evidence.insert(0, f"status {status}")
    else:
        weights = {
            "target": judge.target_weight,
            "previous": judge.previous_weight,
            "benchmark": judge.benchmark_weight,
        }
        score = 0.0
        decisive: list[tuple[float, str, bool]] = []
        for comparison in comparisons:
            if comparison.good is None:
                continue
            weight = weights[comparison.kind]
            score += weight if comparison.good else -weight
            decisive.append((weight, comparison.kind, comparison.good))
        if is_perfect(indicator, polarity):
            score += judge.perfect_weight
            decisive.append((judge.perfect_weight, "perfect", True))
            evidence.append("100 per cent" if value == 100 else "none")
        elif not decisive and polarity == "higher" and (indicator.unit or "") == "percent":
            good_from, poor_below = judge.share_good_from, judge.share_poor_below
            if good_from is not None and value >= good_from:
                score += judge.level_weight
                decisive.append((judge.level_weight, "level", True))
                evidence.append(f"high level (at least {good_from:g} per cent)")
            elif poor_below is not None and value < poor_below:
                score -= judge.level_weight
                decisive.append((judge.level_weight, "level", False))
                evidence.append(f"low level (under {poor_below:g} per cent)")
        if score == 0 and decisive:  # a tie: the target, then the change, decides
            kind, good = next(
                ((k, g) for _, k, g in decisive if k == "target"),
                next(((k, g) for _, k, g in decisive if k == "previous"), (None, None)),
            )
            if kind is not None:
                score = 1.0 if good else -1.0
        if score > 0:
            classification = "highlight"
        elif score < 0:
            classification = "focus"
        else:
            classification = "neutral"
        if classification == "neutral":
            reason = "none"
        else:
            wanted = classification == "highlight"
            strongest = max((d for d in decisive if d[2] == wanted), default=(0, "none", True))
            reason = strongest[1]
    if not evidence:
        evidence.append("no comparison")
    against: tuple[str, ...] = ()
    if classification in ("highlight", "focus"):
        wanted = classification == "highlight"
        against = tuple(c.kind for c in comparisons if c.good is not None and c.good != wanted)
    return Message(
        indicator,
        classification,
        reason,
        target,
        previous,
        benchmark,
        why="; ".join(evidence),
        against=against,
    )


def _override(indicator: Indicator) -> str | None:
    text = (indicator.classification or "").strip().lower()
    aliases = {"highlight": "highlight", "focus": "focus", "neutral": "neutral"}
    return aliases.get(text)


def plan_content(
    indicators: Iterable[Indicator], meeting: Meeting, judgement: Judgement | None = None
) -> Plan:
    """Sort every indicator into highlights, areas for focus, neutral or annual-only."""
    highlights: list[Message] = []
    focus: list[Message] = []
    neutral: list[Message] = []
    annual: list[Indicator] = []
    judgement = judgement or Judgement()  # one for the table, not one per row
    for indicator in indicators:
        if is_annual_gap(indicator) and not indicator.classification:
            annual.append(indicator)
            continue
        message = classify(indicator, judgement)
        {"highlight": highlights, "focus": focus}.get(message.classification, neutral).append(
            message
        )
    return Plan(meeting, tuple(highlights), tuple(focus), tuple(neutral), tuple(annual))
