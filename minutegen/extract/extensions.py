"""Every custom Doc/Span/Token extension minutegen's extractor uses, registered in one place.

Call `register_extensions()` before using them; it is idempotent (safe to call on every
pipeline build and in every worker process). Components add theirs to the tables below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc, Span, Token

# Figures found by minutegen.extract.numbers live in doc.spans[FIGURES_KEY].
FIGURES_KEY = "mg_figures"
FIGURE_LABEL = "FIGURE"

# numbers.py stores one plain dict per figure span in `span._.mg_figure` (one write per
# figure keeps the component fast; plain values keep docs serialisable). The attributes
# below read from it; their defaults apply to spans that are not figures.
FIGURE_FIELDS: dict[str, Any] = {
    "value": None,  # float: 91.6, 1200000.0, 0.0 for "no child"
    "unit": None,  # str: one of model.UNITS
    "number": None,  # (start, end) token offsets of the numeric words alone
    "unit_words": None,  # (start, end) token offsets of the unit words, or None
    "range_start": False,  # first number of a range ("6" in "6-8 weeks")
    "range_end": False,  # second number of a range ("8 weeks")
    "from_to": None,  # "from" / "to" in "from 31 episodes to 18"; None otherwise
    "is_pp": False,  # a change in percentage points ("2 percentage points")
    "per": None,  # float: the base of a rate ("313 per 100,000" -> 100000.0)
    "is_rate_base": False,  # the "100,000" of "per 100,000" (itself a count figure)
    "qualifier": None,  # "or more", "or less", "+", ... as written, or None
    "kind": None,  # how it was written: digits, words, zero, fraction, ratio, rank
}


def _field(name: str) -> Callable[[Span], Any]:
    default = FIGURE_FIELDS[name]

    def getter(span: Span) -> Any:
        data = span._.mg_figure
        return default if data is None else data.get(name, default)

    return getter


def _sub_span(name: str) -> Callable[[Span], Span | None]:
    """A getter turning stored token offsets (start, end) into a Span of the same doc."""

    def getter(span: Span) -> Span | None:
        data = span._.mg_figure
        offsets = None if data is None else data.get(name)
        if offsets is None:
            return None
        start, end = offsets
        return span.doc[start:end]

    return getter


SPAN_DEFAULTS: dict[str, Any] = {
    "mg_figure": None,  # dict with FIGURE_FIELDS' keys, set by numbers.py
}

SPAN_GETTERS: dict[str, Callable[[Span], Any]] = {
    "mg_value": _field("value"),
    "mg_unit": _field("unit"),
    "mg_number_offsets": _field("number"),  # (start, end) token offsets of the number
    "mg_unit_offsets": _field("unit_words"),  # (start, end) of the unit words, or None
    "mg_number": _sub_span("number"),  # Span: the numeric tokens alone ("91.6")
    "mg_unit_span": _sub_span("unit_words"),  # Span | None: the unit words ("per cent")
    "mg_range_start": _field("range_start"),
    "mg_range_end": _field("range_end"),
    "mg_from_to": _field("from_to"),
    "mg_is_pp": _field("is_pp"),
    "mg_per": _field("per"),
    "mg_is_rate_base": _field("is_rate_base"),
    "mg_qualifier": _field("qualifier"),
    "mg_kind": _field("kind"),
}

# pipeline.py's components (roles, indicators, assessment, period) keep what they decide in
# one plain dict per figure, in doc.user_data[ANNOTATIONS_KEY] keyed by the figure's token
# offsets as "start:end" (string keys keep the doc serialisable); these attributes read it.
ANNOTATIONS_KEY = "mg_annotations"


def _annotation(name: str) -> Callable[[Span], Any]:
    def getter(span: Span) -> Any:
        table = span.doc.user_data.get(ANNOTATIONS_KEY)
        data = None if table is None else table.get(f"{span.start}:{span.end}")
        return None if data is None else data.get(name)

    return getter


SPAN_GETTERS.update(
    {
        "mg_role": _annotation("role"),  # str: one of model.ROLES
        "mg_indicator": _annotation("indicator"),  # str: what it measures, in the minute's words
        "mg_indicator_id": _annotation("indicator_id"),  # str | None: the catalogue id
        "mg_assessment": _annotation("assessment"),  # positive/negative/neutral (actuals only)
        "mg_period": _annotation("period"),  # str | None: the reporting period, as written
    }
)

DOC_DEFAULTS: dict[str, Any] = {}
TOKEN_DEFAULTS: dict[str, Any] = {}


def register_extensions() -> None:
    """Register all of minutegen's extensions on Doc, Span and Token (once; repeat calls no-op)."""
    for name, default in SPAN_DEFAULTS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, getter in SPAN_GETTERS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, getter=getter)
    for name, default in DOC_DEFAULTS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in TOKEN_DEFAULTS.items():
        if not Token.has_extension(name):
            Token.set_extension(name, default=default)
