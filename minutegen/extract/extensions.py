"""Every custom Doc/Span/Token extension minutegen's extractor uses, registered in one place.

Call `register_extensions()` before using them; it is idempotent (safe to call on every
pipeline build and in every worker process). Components add theirs to the tables below.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

# Figures found by minutegen.extract.numbers live in doc.spans[FIGURES_KEY].
FIGURES_KEY = "mg_figures"
FIGURE_LABEL = "FIGURE"


def _sub_span(offsets_attr: str) -> Any:
    """A getter turning stored token offsets (start, end) into a Span of the same doc."""

    def getter(span: Span) -> Span | None:
        offsets = getattr(span._, offsets_attr)
        if offsets is None:
            return None
        start, end = offsets
        return span.doc[start:end]

    return getter


# name -> default. Values are plain (floats, strings, bools, int pairs) so docs stay
# serialisable; Span-valued views are getters below.
SPAN_DEFAULTS: dict[str, Any] = {
    # set by numbers.py on each figure span
    "mg_value": None,  # float: the figure's value (91.6, 1200000.0, 0.0 for "no child")
    "mg_unit": None,  # str: one of model.UNITS
    "mg_number_offsets": None,  # (start, end) token offsets of the numeric words alone
    "mg_unit_offsets": None,  # (start, end) token offsets of the unit words, or None
    "mg_range_start": False,  # first number of a range ("6" in "6-8 weeks")
    "mg_range_end": False,  # second number of a range ("8 weeks")
    "mg_from_to": None,  # "from" / "to" in "from 31 episodes to 18"; None otherwise
    "mg_is_pp": False,  # a change in percentage points ("2 percentage points")
    "mg_per": None,  # float: the base of a rate ("313 per 100,000" -> 100000.0)
    "mg_is_rate_base": False,  # the "100,000" of "per 100,000" (itself a count figure)
    "mg_qualifier": None,  # "or more", "or less", "+", ... as written, or None
    "mg_kind": None,  # how it was written: digits, words, zero, fraction, ratio, rank
}

SPAN_GETTERS: dict[str, Any] = {
    "mg_number": _sub_span("mg_number_offsets"),  # Span: the numeric tokens alone
    "mg_unit_span": _sub_span("mg_unit_offsets"),  # Span | None: the unit words
}

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
