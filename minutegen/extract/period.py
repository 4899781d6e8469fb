"""Find the reporting period a figure belongs to: "Quarter 2 2020/21", "Q2", "year to date".

A figure takes the period named in its own clause, else in its sentence, else the item's
period (the first one named near the top of the minute, usually in its heading), else the
period given by the caller. Periods are kept as written.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache

from spacy.tokens import Doc

from ..resources import phrasebanks_dir
from ..yamlio import load_yaml
from .roles import FigureInfo
from .sections import Structure

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
# 2020/21, 2020-21, "2023 to 2024", and "202223" as some report titles run it together
_YEAR = r"(?:19|20)\d\d(?:\s?[/-]\s?(?:19|20)?\d\d|\s+to\s+(?:19|20)\d\d|\d\d(?!\d))?"
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
    | (?:(?:19|20)\d\d\s?/\s?(?:19|20)?\d\d(?!\d))
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


@cache
def comparison_cues() -> tuple[str, ...]:
    """Words just before a period that make it an earlier value's ("compared to Q2 2019/20"),
    lower-cased, single-spaced, each with a leading space for a whole-word test."""
    data = load_yaml((phrasebanks_dir() / "extract" / "periods.yaml").read_text("utf-8"))
    cues = data.get("comparison_cues") or []
    return tuple(" " + " ".join(str(cue).lower().split()) for cue in cues)


def _after_comparison(text: str, start: int) -> bool:
    """Does the period at `start` follow a comparison cue (an optional "the" between)?"""
    before = " " + " ".join(text[max(0, start - 40) : start].lower().split())
    if before.endswith(" the"):
        before = before[:-4]
    return before.endswith(comparison_cues())


def _first_within(
    found: list[tuple[int, str, bool]], lo: int, hi: int, earlier: bool | None = None
) -> str | None:
    """The first period in [lo, hi); with `earlier` set, only one whose comparative flag
    equals it (a previous value takes the compared period, any other figure the others)."""
    index = bisect_left(found, (lo, "", False))
    while index < len(found) and found[index][0] < hi:
        if earlier is None or found[index][2] == earlier:
            return found[index][1]
        index += 1
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
    roles: Sequence[str | None] | None = None,
) -> list[str | None]:
    """The period of each figure (same order): clause, sentence, item, then `default`.

    With `roles`, a previous value takes a period written after a comparison ("compared to
    Quarter 2 2019/20") and every other figure skips such a period.

    One regular-expression pass over the text (`text` if given, the doc's own text
    otherwise) finds every period; figures look theirs up.
    """
    if text is None:
        text = doc.text
    found = [
        (m.start(), _clean(m.group(0)), _after_comparison(text, m.start()))
        for m in PERIOD_RE.finditer(text)
    ]
    if not found:
        return [default] * len(figures)
    item = document_period(doc, structure, text=text) or default
    out: list[str | None] = []
    for index, fig in enumerate(figures):
        earlier = (roles[index] == "previous") if roles is not None else None
        clause = structure.char_bounds(structure.clause(fig.num_start))
        period = _first_within(found, *clause, earlier)
        if period is None and _first_within(found, *clause) is None:
            # Only a period that opens the sentence ("In Quarter 2, ...; and ...") speaks for
            # all its clauses; one in another item of a semicolon list does not.
            sentence = structure.sentence(fig.num_start)
            opening = structure.char_bounds(structure.clause(sentence[0]))
            if opening != clause:
                period = _first_within(found, *opening, False if earlier is None else earlier)
        out.append(period or item)
    return out
