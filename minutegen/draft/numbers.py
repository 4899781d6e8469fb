"""Realising figures as words: "91.6 per cent" or "91.6%", "1,234", "£1.2 million", "18 episodes".

Number formatting happens here, at the very end of drafting, from the style's `numbers:` phrases.
"""

from __future__ import annotations

import dataclasses
import string
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from typing import Any

from ..errors import InputError

# units whose figures are followed by the unit word (singular for exactly 1)
UNIT_WORDS: dict[str, tuple[str, str]] = {
    "days": ("day", "days"),
    "weeks": ("week", "weeks"),
    "months": ("month", "months"),
    "years": ("year", "years"),
    "hours": ("hour", "hours"),
    "miles": ("mile", "miles"),
}


@dataclass(frozen=True)
class Quantity:
    """A figure waiting to be written: its value, unit, count noun and role (for provenance).

    `change` marks a difference between two values: for percentages it is written in
    percentage points.
    """

    value: float
    unit: str
    noun: tuple[str, str] | None = None  # (singular, plural) for counts: ("episode", "episodes")
    role: str = "actual"
    change: bool = False
    # a signed budget variance or outturn (a sum or its share of a budget): a negative one is
    # written as the underspend it is ("an underspend of £0.3 million", "an underspend of 0.4
    # per cent"), which extract reads back as negative
    variance: bool = False


def decimals_of(value: float) -> int:
    """How many decimal places a value is written with ("91.6" -> 1, "18.0" -> 0)."""
    written = repr(float(value))
    if "e" not in written and "n" not in written:  # "91.6", "18.0": no Decimal needed
        return len(written.partition(".")[2].rstrip("0"))
    text = format(Decimal(written).normalize(), "f")
    return len(text.split(".")[1]) if "." in text else 0


def plain_number(value: float, *, decimals: int = 2, separator: str = ",") -> str:
    """A number with thousands separators, at most `decimals` places, no trailing ".0"."""
    text = repr(float(value))
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    if "e" not in text and "n" not in text and len(fraction) <= decimals:
        # nothing to round (the common case: a table's 91.6 or 1234): group the digits as
        # written, without the Decimal arithmetic below, which gives the same text
        sign = "-" if whole.startswith("-") else ""
        whole = whole.lstrip("-")
        if whole == "0" and not fraction:
            return "0"  # never "-0"
        if len(whole) > 3:
            whole = f"{int(whole):,}".replace(",", separator)
        return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_EVEN)
    number = number.normalize()
    if number == 0:
        number = Decimal(0)
    text = format(number, "f")
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = separator.join(groups)
    return f"{sign}{out}.{fraction}" if fraction else f"{sign}{out}"


def _number_phrase(template: Any, n: str) -> str:
    """Fill a style's number phrase ("{n} per cent"): only a bare {n}, or one line saying why."""
    return _checked_phrase(str(template)).format(n=n)


@lru_cache(maxsize=256)
def _checked_phrase(text: str) -> str:
    """A number phrase, checked once (a style has a handful; a minute writes thousands)."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as error:
        raise InputError(f"number phrase {text!r} is malformed: {error}") from None
    if any(f != "n" for f in fields):
        raise InputError(f"number phrase {text!r} may use only {{n}}")
    return text


def round_large(value: float, numbers: dict[str, Any], unit: str) -> str | None:
    """A large figure rounded as clerks write it, when the style asks (off by default, so a
    draft states the data exactly): `round_from` (e.g. 10000) and `round_significant` (e.g.
    2) in the style's numbers: section. 1,436,250 visits -> "1.4 million"; 23,456 ->
    "23,000"; £1,240,000 -> "1.2 million" (the caller adds "£"). Percentages never round."""
    start = numbers.get("round_from")
    if start is None or unit == "percent":
        return None
    try:
        threshold, digits = float(start), int(numbers.get("round_significant", 2))
    except (TypeError, ValueError):
        raise InputError("numbers.round_from and round_significant must be numbers") from None
    if abs(value) < threshold or digits < 1:
        return None
    rounded = float(f"{value:.{digits}g}")
    separator = str(numbers.get("thousands_separator", ","))
    if abs(rounded) >= 1_000_000:
        return f"{plain_number(rounded / 1_000_000, decimals=3, separator=separator)} million"
    return plain_number(rounded, decimals=0, separator=separator)


def format_quantity(quantity: Quantity, numbers: dict[str, Any]) -> str:
    """Write one figure in a style: `numbers` is the style's numbers: section."""
    try:
        decimals = int(numbers.get("decimals", 2))
    except (TypeError, ValueError):
        bad = numbers["decimals"]
        raise InputError(f"numbers.decimals must be a whole number, not {bad!r}") from None
    separator = str(numbers.get("thousands_separator", ","))
    value = quantity.value
    unit = quantity.unit
    if value < 0 and not quantity.change:
        # "minus £2.572 million", not "£-2.572 million": the sign leads, in words (the style's
        # numbers.negative), and extract reads it back as a negative figure; a negative budget
        # variance is "an underspend of £2.572 million" (numbers.underspend)
        positive = dataclasses.replace(quantity, value=-value)
        key, default = (
            ("underspend", "an underspend of {n}")
            if quantity.variance and unit in ("gbp", "percent")
            else ("negative", "minus {n}")
        )
        return _number_phrase(numbers.get(key, default), format_quantity(positive, numbers))

    def num(v: float) -> str:
        return plain_number(v, decimals=decimals, separator=separator)

    # round_large says None at once for most styles (no round_from): not called for each figure
    rounded = round_large(value, numbers, unit) if numbers.get("round_from") is not None else None
    if rounded is not None:
        text = rounded
        if unit == "gbp":
            return f"£{text}"
        if quantity.noun is not None:
            return f"{text} {quantity.noun[1]}"
        if unit in UNIT_WORDS:
            return f"{text} {UNIT_WORDS[unit][1]}"
        return text

    if unit == "percent":
        key = "percent_change" if quantity.change else "percent"
        return _number_phrase(numbers.get(key, "{n} per cent"), num(value))
    if unit == "gbp":
        million_from = float(numbers.get("million_from", 1_000_000))
        millions = round(value / 1_000_000, 9)
        # "£1.325 million" only when millions say the value exactly; "£1,325,400" otherwise, so
        # that rounding never hides the data (from £2.5 million to £2.5 million).
        if abs(value) >= million_from and decimals_of(millions) <= 3:
            template = numbers.get("gbp_million", "£{n} million")
            return _number_phrase(template, plain_number(millions, decimals=3, separator=separator))
        pounds = num(value)
        if "." in pounds:  # pence are always two places: £1,196,391.30
            whole, _, pence = pounds.partition(".")
            pounds = f"{whole}.{pence:0<2}"
        return _number_phrase(numbers.get("gbp", "£{n}"), pounds)
    if unit in UNIT_WORDS:
        singular, plural = UNIT_WORDS[unit]
        return f"{num(value)} {singular if value == 1 else plural}"
    if quantity.noun is not None:
        singular, plural = quantity.noun
        return f"{num(value)} {singular if value == 1 else plural}"
    return num(value)
