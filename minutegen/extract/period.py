"""Find the reporting period a figure belongs to: "Quarter 2 2020/21", "Q2", "year to date".

A figure takes the period named in its own clause, else in its sentence, else the item's
period (the first one named near the top of the minute, usually in its heading), else the
period given by the caller. Periods are kept as written.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from spacy.tokens import Doc

from .roles import FigureInfo
from .sections import Structure

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
_YEAR = r"(?:19|20)\d\d(?:\s?[/-]\s?(?:19|20)?\d\d)?"
_QUARTER = (
    r"(?:Quarter\s+(?:\d|one|two|three|four)|Q[1-4]"
    r"|(?:1st|2nd|3rd|4th|first|second|third|fourth)\s+quarter)"
)
# The look-ahead lets the engine skip every position that cannot start a period quickly.
PERIOD_RE = re.compile(
    rf"""
    \b(?=[QqAaEeBbYyJjFfMmSsOoNnDd12])(?:
      (?:{_QUARTER}(?:\s*\([^)]{{0,40}}\))?(?:\s+(?:of\s+)?{_YEAR})?)
    | (?:(?:as\s+at|as\s+of|at\s+the\s+end\s+of|end\s+of|by\s+the\s+end\s+of)\s+
       (?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTHS}\s+\d{{4}})
    | (?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTHS}\s+(?:19|20)\d\d)
    | (?:year\s+to\s+date)
    | (?:year[\s-]end(?:\s+{_YEAR})?)
    | (?:{_MONTHS}\s+(?:to|-|–)\s+{_MONTHS}\s+\d{{4}})
    | (?:(?:19|20)\d\d\s?/\s?\d\d(?!\d))
    | (?:(?:19|20)\d\d-(?:19|20)?\d\d(?!\d))
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def find_period(text: str) -> str | None:
    """The first reporting period written in `text`, as written, or None."""
    match = PERIOD_RE.search(text)
    return _clean(match.group(0)) if match else None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _char_bounds(doc: Doc, bounds: tuple[int, int]) -> tuple[int, int]:
    start, end = bounds
    if end <= start:
        return (0, 0)
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last.text)


def _first_within(found: list[tuple[int, str]], lo: int, hi: int) -> str | None:
    index = bisect_left(found, (lo, ""))
    if index < len(found) and found[index][0] < hi:
        return found[index][1]
    return None


def document_period(
    doc: Doc, structure: Structure, *, lines: int = 6, text: str | None = None
) -> str | None:
    """The item's period: the first one named in its first few lines (title, heading)."""
    if not structure.lines:
        return None
    end = structure.lines[min(lines, len(structure.lines)) - 1]
    head = _char_bounds(doc, end)[1]
    return find_period(text[:head] if text is not None else doc[: end[1]].text)


def assign_periods(
    doc: Doc,
    figures: Sequence[FigureInfo],
    structure: Structure,
    default: str | None = None,
    *,
    text: str | None = None,
) -> list[str | None]:
    """The period of each figure (same order): clause, sentence, item, then `default`.

    One regular-expression pass over the text (`text` if given, the doc's own text
    otherwise) finds every period; figures look theirs up.
    """
    if text is None:
        text = doc.text
    found = [(m.start(), _clean(m.group(0))) for m in PERIOD_RE.finditer(text)]
    if not found:
        return [default] * len(figures)
    item = document_period(doc, structure, text=text) or default
    out: list[str | None] = []
    for fig in figures:
        period = None
        for bounds in (structure.clause(fig.num_start), structure.sentence(fig.num_start)):
            period = _first_within(found, *structure.char_bounds(bounds))
            if period:
                break
        out.append(period or item)
    return out
