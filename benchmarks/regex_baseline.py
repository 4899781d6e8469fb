"""Floors for the extraction benchmark: a bare number scan (speed) and a regex extractor (F1).

Neither is part of minutegen. `scan` is the least work any extractor must do (find the digits);
`regex_figures` adds unit words and money suffixes, so its F1 shows what rules buy beyond it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from minutegen.model import Figure

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")

_FIGURE = re.compile(
    r"(?P<money>£)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<mult>\s?(?:bn|m|k|million|billion)\b)?"
    r"(?P<unit>\s?(?:%|per\s?cent|percent|pc\b)|\s(?:working\s)?(?:days?|weeks?|months?|years?"
    r"|hours?|miles?)\b)?",
    re.IGNORECASE,
)
_YEARISH = re.compile(r"(?:19|20)\d\d(?:/\d\d)?$")
_UNITS = {
    "%": "percent", "per cent": "percent", "percent": "percent", "pc": "percent",
    "day": "days", "week": "weeks", "month": "months", "year": "years", "hour": "hours",
    "mile": "miles",
}  # fmt: skip
_MULTIPLIERS = {"k": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


def scan(text: str) -> int:
    """How many bare numbers `text` holds: the speed floor (one regular expression, no logic)."""
    return sum(1 for _ in NUMBER.finditer(text))


def regex_figures(pairs: Iterable[tuple[str, str]]) -> Iterator[list[Figure]]:
    """A regex-only extractor with the runner's signature: value and unit, role `other`."""
    for document, text in pairs:
        figures = []
        for match in _FIGURE.finditer(text):
            number = match["num"]
            after = text[match.end("num") : match.end("num") + 3]
            if _YEARISH.match(number + after[:3].rstrip()) and not match["unit"]:
                continue  # 2020, 2020/21: dates, not figures
            value = float(number.replace(",", ""))
            unit = "count"
            if match["unit"]:
                word = " ".join(match["unit"].strip().lower().replace("working ", "").split())
                unit = _UNITS.get(word.rstrip("s") if word not in _UNITS else word, "other")
            if match["money"]:
                unit = "gbp"
                if match["mult"]:
                    value *= _MULTIPLIERS[match["mult"].strip().lower()]
            start, end = match.start(), match.end()
            figures.append(Figure(document, start, end, text[start:end], "", value, unit, "other"))
        yield figures
