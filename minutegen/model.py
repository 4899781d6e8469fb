"""Plain dataclasses shared by draft, extract and check: the whole data model in one place."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Unit = Literal[
    "percent", "count", "days", "weeks", "months", "years", "hours", "miles",
    "gbp", "rate", "score", "other",
]  # fmt: skip
Role = Literal["actual", "previous", "target", "benchmark", "change", "parameter", "other"]
Assessment = Literal["positive", "negative", "neutral"]
Polarity = Literal["higher", "lower", "neutral"]
Status = Literal["green", "amber", "red"]
Classification = Literal["highlight", "focus", "neutral"]
Severity = Literal["error", "warning", "info"]

UNITS: tuple[str, ...] = (
    "percent", "count", "days", "weeks", "months", "years", "hours", "miles",
    "gbp", "rate", "score", "other",
)  # fmt: skip
ROLES: tuple[str, ...] = (
    "actual", "previous", "target", "benchmark", "change", "parameter", "other",
)  # fmt: skip
POLARITIES: tuple[str, ...] = ("higher", "lower", "neutral")
STATUSES: tuple[str, ...] = ("green", "amber", "red")
CLASSIFICATIONS: tuple[str, ...] = ("highlight", "focus", "neutral")


@dataclass(frozen=True)
class Indicator:
    """One row of an indicator table: a result for a period, with what it is judged against.

    `row` is the 1-based data row in the source table (header not counted) so that every
    sentence of a draft and every finding of a check can point back to it.
    """

    name: str
    value: float | None
    unit: str | None = None
    id: str | None = None
    period: str | None = None
    previous: float | None = None
    previous_period: str | None = None
    target: float | None = None
    polarity: str | None = None
    benchmark: float | None = None
    benchmark_label: str | None = None
    frequency: str | None = None
    status: str | None = None
    note: str | None = None
    classification: str | None = None  # a clerk's override: highlight, focus or neutral
    abbreviation: str | None = None
    row: int = 0
    part_of: str | None = None  # the id or name of the row whose figure this row breaks down

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Meeting:
    """What a minute needs besides the numbers: who reported what, and what was resolved."""

    committee: str | None = None
    date: str | None = None
    title: str | None = None
    officer: str | None = None
    period: str | None = None
    covered: str | None = None  # what the report covered
    comments: tuple[str, ...] = ()  # members' comments, one clause each
    resolution: str | None = None  # None: the house style's default resolution
    service: str | None = None  # e.g. "Children and Young People"
    number: str | None = None  # the minute's number ("62"), set out by the style's numbering


@dataclass(frozen=True)
class Figure:
    """One number a minute states, with what it is and how the minute judges it (DESIGN.md)."""

    document: str
    start: int
    end: int
    text: str
    sentence: str
    value: float
    unit: str
    role: str
    indicator: str | None = None
    indicator_id: str | None = None
    assessment: str | None = None
    period: str | None = None
    # why the role and assessment were decided: the evidence that weighed most (not part of
    # DESIGN's record; `extract --evidence` adds it)
    evidence: tuple[str, ...] = ()
    # the role model's probability of `role` where it overrode the rules' role (None: rules and
    # model agree); the checker reads a claim resting on an unsure override as uncertain
    role_p: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


FIGURE_FIELDS: tuple[str, ...] = (
    "document", "start", "end", "text", "sentence", "value", "unit", "role",
    "indicator", "indicator_id", "assessment", "period",
)  # fmt: skip


@dataclass(frozen=True)
class Finding:
    """One claim in a minute that the data contradicts or cannot support."""

    code: str  # stable, e.g. MG101
    severity: str  # error, warning, info
    message: str
    document: str = "-"
    line: int = 0  # 1-based
    column: int = 0  # 1-based
    start: int = 0
    end: int = 0
    indicator: str | None = None
    indicator_id: str | None = None
    prose: str | None = None  # what the minute says
    data: str | None = None  # what the data says
    sentence: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
