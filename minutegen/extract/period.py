"""Find the reporting period a figure belongs to: "Quarter 2 2020/21", "Q2", "year to date".

A figure takes the period named in its own clause, else in its sentence, else the item's
period (the first one named near the top of the minute, usually in its heading), else the
period given by the caller. Periods are kept as written.
"""

from __future__ import annotations

import re
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
PERIOD_RE = re.compile(
    rf"""
    (?:{_QUARTER}(?:\s*\([^)]{{0,40}}\))?(?:\s+(?:of\s+)?{_YEAR})?)
    | (?:(?:as\s+at|at\s+the\s+end\s+of|end\s+of|by\s+the\s+end\s+of)\s+
       (?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTHS}\s+\d{{4}})
    | (?:year\s+to\s+date)
    | (?:year[\s-]end(?:\s+{_YEAR})?)
    | (?:{_MONTHS}\s+(?:to|-|–)\s+{_MONTHS}\s+\d{{4}})
    | (?:(?:19|20)\d\d\s?/\s?\d\d(?!\d))
    | (?:(?:19|20)\d\d-(?:19|20)?\d\d(?!\d))
    """,
    re.IGNORECASE | re.VERBOSE,
)


def find_period(text: str) -> str | None:
    """The first reporting period written in `text`, as written, or None."""
    match = PERIOD_RE.search(text)
    return _clean(match.group(0)) if match else None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def document_period(doc: Doc, structure: Structure, *, lines: int = 6) -> str | None:
    """The item's period: the first one named in its first few lines (title, heading)."""
    for line in structure.lines[:lines]:
        found = find_period(line.text)
        if found:
            return found
    return None


def assign_periods(
    doc: Doc,
    figures: Sequence[FigureInfo],
    structure: Structure,
    default: str | None = None,
) -> list[str | None]:
    """The period of each figure (same order): clause, sentence, item, then `default`."""
    item = document_period(doc, structure) or default
    by_clause: dict[int, str | None] = {}
    by_sentence: dict[int, str | None] = {}
    out: list[str | None] = []
    for fig in figures:
        c = structure.clause_index(fig.num_start)
        if c not in by_clause:
            by_clause[c] = find_period(structure.clauses[c].text) if structure.clauses else None
        found = by_clause[c]
        if found is None:
            sent = doc[fig.num_start].sent
            if sent.start not in by_sentence:
                by_sentence[sent.start] = find_period(sent.text)
            found = by_sentence[sent.start]
        out.append(found or item)
    return out
