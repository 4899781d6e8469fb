"""Tallies of indicators by status: "nine (75%) of the projects were rated green".

SCHEMA.md's convention: counts of indicators, measures or projects by RAG status, and their
shares, are `other` — they say how a plan is going, not what any indicator reached. Read by
structure, not by phrase: a count or share is a tally when what follows it (past a bracketed
share, "of the", "out of 46") names the things counted ("projects", "measures") or a status
predicate ("were rated amber", "met or exceeded target", "performing below target"), and its
sentence names both things of that kind and a status. The word lists are data
(phrasebanks/extract/roles.yaml, `tallies`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.attrs import LOWER

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from .roles import FigureInfo, RoleDecision
    from .sections import Structure

TALLY_UNITS = frozenset({"count", "percent"})


@dataclass(frozen=True)
class TallyWords:
    """The lists a tally is read with (all lower case; statuses as word tuples)."""

    things: frozenset[str]  # what a plan counts: indicators, measures, projects ...
    statuses: tuple[tuple[str, ...], ...]  # "green", "on or above target", ...
    verbs: frozenset[str]  # were, are, had, performing ...
    raters: frozenset[str]  # rated, assessed, classified ... (then an optional "as")
    fillers: frozenset[str]  # of, the, these, key, corporate ... before the thing counted
    degrees: frozenset[str]  # slightly, just, well ... before a status

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TallyWords:
        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data.get(key) or [])

        statuses = tuple(
            sorted(
                {tuple(str(s).lower().split()) for s in data.get("statuses") or []},
                key=len,
                reverse=True,
            )
        )
        return cls(
            words("things"), statuses, words("verbs"), words("raters"), words("fillers"),
            words("degrees"),
        )  # fmt: skip

    @property
    def by_first(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Status phrases by their first word, longest first (cached)."""
        cached = self.__dict__.get("_by_first")
        if cached is None:
            cached = {}
            for status in self.statuses:  # already longest first
                cached.setdefault(status[0], []).append(status)
            cached = {k: tuple(v) for k, v in cached.items()}
            object.__setattr__(self, "_by_first", cached)
        return cached

    def hashes(self, doc: Doc) -> tuple[Any, Any]:
        """The LOWER hashes of the things counted and of status phrases' first words, as
        arrays (cached: spaCy's string hashes do not depend on the vocab)."""
        cached = self.__dict__.get("_hashes")
        if cached is None:
            add = doc.vocab.strings.add
            cached = (
                np.array([add(w) for w in sorted(self.things)], dtype=np.uint64),
                np.array([add(w) for w in sorted(self.by_first)], dtype=np.uint64),
            )
            object.__setattr__(self, "_hashes", cached)
        return cached


class _Lower(Sequence[str]):
    """A doc's lower-case words, read only where asked (a list of every token's text costs
    more than the whole tally search)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.cache: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.doc)

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, slice):
            return [self[i] for i in range(*key.indices(len(self.doc)))]
        word = self.cache.get(key)
        if word is None:
            word = self.cache[key] = self.doc[key].lower_
        return word


def _status_at(lower: Sequence[str], i: int, words: TallyWords) -> int:
    """The end of a status phrase starting at token i, or -1."""
    n = len(lower)
    if i >= n:
        return -1
    for status in words.by_first.get(lower[i], ()):  # longest first
        end = i + len(status)
        if end <= n and all(lower[i + k] == w for k, w in enumerate(status[1:], 1)):
            return end
    return -1


def _skip_figure(lower: Sequence[str], i: int, starts: dict[int, int]) -> int:
    """Past a bracketed figure ("(75%)", "(2)") at token i, if one stands there."""
    if i < len(lower) and lower[i] == "(" and i + 1 in starts:
        j = starts[i + 1]
        if j < len(lower) and lower[j] == ")":
            return j + 1
    return i


def _reads_as_tally(
    lower: Sequence[str], end: int, limit: int, starts: dict[int, int], words: TallyWords
) -> str | None:
    """What follows a figure ending at `end`: "thing" when it names the things counted,
    "status" when a status predicate, else None."""
    i = _skip_figure(lower, end, starts)
    if i < limit and lower[i] == ")":  # the share in "nine (75%) of ..." itself
        i += 1
    # "of the", "out of 46", "of these 17": the whole the count is taken from
    steps = 0
    while i < limit and steps < 4:
        if lower[i] in words.fillers:
            i += 1
        elif lower[i] == "out" and i + 1 < limit and lower[i + 1] == "of":
            i += 2
        elif i in starts and i > end:
            i = starts[i]
        else:
            break
        steps += 1
    if i < limit and lower[i] in words.things:
        i += 1
        i = _skip_figure(lower, i, starts)
        named = True
    else:
        named = False
    steps = 0
    while i < limit and steps < 4 and (lower[i] in words.verbs or lower[i] in words.degrees):
        i += 1
        steps += 1
    if i < limit and lower[i] in words.raters:
        i += 1
        if i < limit and lower[i] == "as":
            i += 1
    while i < limit and lower[i] in words.degrees:
        i += 1
    if _status_at(lower, i, words) > 0:
        return "status"
    return "thing" if named else None


def mark_tallies(
    doc: Doc,
    figures: Sequence[FigureInfo],
    decisions: list[RoleDecision | None],
    structure: Structure,
    words: TallyWords,
    decision: type[RoleDecision],
) -> None:
    """Mark counts and shares of indicators by status as `other` (reason "tally"), where no
    cue gave them another role."""
    if not words.things or not figures:
        return
    # most minutes name no "projects" or "measures": ask the LOWER hashes first, in C
    hashes = doc.to_array(LOWER)
    thing_hashes, first_hashes = words.hashes(doc)
    is_thing = np.isin(hashes, thing_hashes)
    if not is_thing.any():
        return
    may_open_status = np.isin(hashes, first_hashes)
    lower = _Lower(doc)
    starts = {f.start: f.end for f in figures}
    sentence_of = structure.locate("sentences", [f.num_start for f in figures])
    cache: dict[int, tuple[bool, bool]] = {}
    for k, fig in enumerate(figures):
        current = decisions[k]
        if fig.unit not in TALLY_UNITS or (current is not None and current.role != "actual"):
            continue
        s = sentence_of[k]
        if s not in cache:
            a, b = structure.sentences[s] if structure.sentences else (0, len(doc))
            has_thing = bool(is_thing[a:b].any())
            has_status = any(
                _status_at(lower, a + int(i), words) > 0
                for i in np.flatnonzero(may_open_status[a:b])
            )
            cache[s] = (has_thing, has_status)
        has_thing, has_status = cache[s]
        if not (has_thing and has_status):
            continue
        limit = structure.sentences[s][1] if structure.sentences else len(doc)
        counted = any(lower[i] in words.things for i in range(fig.num_end, fig.end))
        if counted or _reads_as_tally(lower, fig.end, limit, starts, words) is not None:
            decisions[k] = decision("other", None, "tally")
