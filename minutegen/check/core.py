"""`check_minute`: extract a minute's figures, align them to the data rows, compare every claim,
and return the findings as a `CheckReport` (pure apart from the extractor it calls)."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from ..errors import InputError
from ..hedges import default_hedges
from ..model import Figure, Finding, Indicator
from .align import (
    CLAIM_ROLES,
    OWN_WORDS,
    Alignment,
    Mention,
    align,
    build_mentions,
    catalogue_aliases,
    merge_clauses,
    named_in,
    speaks_of,
    states_beside,
    word_weights,
)
from .claims import (
    Clause,
    Cue,
    Issue,
    compare_change,
    compare_direction,
    compare_framing,
    compare_relation,
    compare_unit,
    compare_value,
    find_cues,
    hedge,
    hedged_ok,
    matches,
    number,
    other_measure,
    row_field,
    split_clauses,
)
from .report import load_codes

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class CheckReport:
    """The findings of one check, with what was checked: figures, rows and their alignment."""

    document: str
    findings: tuple[Finding, ...]
    figures_total: int = 0
    figures_checked: int = 0
    rows_total: int = 0
    rows_covered: int = 0
    uncovered: tuple[str, ...] = ()
    alignment: tuple[dict[str, Any], ...] = field(default=())

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    @property
    def exit_code(self) -> int:
        """0 when no finding is an error, 1 when one is."""
        return 1 if self.errors else 0

    def summary(self) -> dict[str, Any]:
        return {
            "errors": self.errors,
            "warnings": self.warnings,
            "info": self.count("info"),
            "figures": self.figures_total,
            "figures_checked": self.figures_checked,
            "rows": self.rows_total,
            "rows_covered": self.rows_covered,
            "rows_not_mentioned": list(self.uncovered),
        }

    def summary_line(self) -> str:
        s = self.summary()
        return (
            f"{self.document}: {s['errors']} error(s), {s['warnings']} warning(s), "
            f"{s['info']} info — {s['figures_checked']} of {s['figures']} figures checked "
            f"against the data, {s['rows_covered']} of {s['rows']} rows covered"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary(),
            "alignment": list(self.alignment),
        }


def known_codes(patterns: Iterable[str]) -> set[str]:
    """Codes named by --ignore values: a code (MG101), a family (MG1, MG1xx) or a name
    (actual-value). Unknown values are an InputError naming the known codes."""
    codes = load_codes()
    chosen: set[str] = set()
    for raw in patterns:
        value = str(raw).strip()
        if not value:
            continue
        upper = value.upper()
        family = upper.rstrip("X")
        hits = {c for c, spec in codes.items() if c == upper or spec.name == value.lower()}
        if not hits and upper.startswith("MG") and len(family) < 5:
            hits = {c for c in codes if c.startswith(family)}
        if not hits:
            raise InputError(
                f"unknown code {value!r} in --ignore; known codes: " + ", ".join(sorted(codes))
            )
        chosen |= hits
    return chosen


class _Locator:
    """Document offsets -> 1-based line and column."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


def _cues_by_mention(
    mentions: Sequence[Mention], rows: Sequence[int | None], indicators: Sequence[Indicator]
) -> dict[int, list[Cue]]:
    """Each claim word of a clause goes to the nearest mention in that clause."""
    by_clause: dict[tuple[int, int], list[int]] = {}
    for i, mention in enumerate(mentions):
        by_clause.setdefault((mention.clause.start, mention.clause.end), []).append(i)
    result: dict[int, list[Cue]] = {i: [] for i in range(len(mentions))}
    for members in by_clause.values():
        clause = mentions[members[0]].clause
        skip: list[str] = []
        for i in members:  # the data's names only: an extractor's phrase may hold claim words
            if rows[i] is not None:
                skip.append(indicators[rows[i]].name)
        for cue in find_cues(clause, skip=skip):
            owners = [i for i in members if mentions[i].left <= cue.start < mentions[i].right]
            if len(owners) == 1 and not _interleaved(mentions, members, owners[0]):
                result[owners[0]].append(cue)
                continue
            nearest = min(
                members,
                key=lambda i, c=cue: min(
                    min(abs(f.start - c.end), abs(c.start - f.end)) for f in mentions[i].figures
                ),
            )
            result[nearest].append(cue)
    return result


def _interleaved(mentions: Sequence[Mention], members: Sequence[int], owner: int) -> bool:
    """Whether another mention's figure stands inside the owner's stretch of the clause
    ("£8.6m, (2% of budgets), a decrease of £0.3m": the change is the £8.6m's): then the
    stretch does not say whose a claim word is, and the nearest figure does."""
    mention = mentions[owner]
    return any(
        mention.left <= f.start < mention.right
        for i in members
        if i != owner
        for f in mentions[i].figures
    )


def _stated(mention: Mention, role: str) -> float | None:
    figure = mention.first(role)
    return figure.value if figure is not None else None


# A role is sure when the extractor's rules and model agree on it, or the model overrode the
# rules with at least this probability (more than all other roles together); a claim resting
# on a less sure role is reported as uncertain (MG111), not as an error.
SURE_ROLE = 0.5
# Codes that state a wrong number or relation: an error only on a sure link and a sure role.
CLAIM_CODES = frozenset(
    {"MG101", "MG103", "MG104", "MG105", "MG106", "MG107", "MG108", "MG110", "MG112",
     "MG201", "MG202", "MG301", "MG302", "MG303", "MG401", "MG501", "MG502"}
)  # fmt: skip
ROLE_CODES = frozenset({"MG101", "MG103", "MG104", "MG105", "MG106", "MG107", "MG108", "MG110"})

_FROM = re.compile(r"\bfrom\s+(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE)


@cache
def _to() -> re.Pattern[str]:
    """The words between the two figures of "from A to B": "to", perhaps a direction word
    before it, and perhaps hedges (phrasebanks/hedges.yaml) after it ("to nearly 5,341")."""
    return re.compile(
        r"^[^.;:]{0,60}?\b(?:up |down |rising |falling |increasing |decreasing )?to\s+"
        + default_hedges().run()
        + "$",
        re.IGNORECASE,
    )


def set_aside(figures: Sequence[Figure]) -> tuple[list[Figure], set[tuple[int, int]]]:
    """Figures the extractor read as "other" are read again as results of uncertain role, so
    that a result it mistook for commentary ("breaks down to 112 grey bins, 106 blue", "3 of
    the decisions related to complaints investigated in detail") is still checked:

    - set aside by its model against its rules (role_p given: the rules read a claim there),
      with at most 1 - role_p left for any claim role;
    - set aside by its rules (role_p None; a figure with a unit), with no probability at all:
      such a figure is only checked against a row nothing else in the minute states, in that
      row's unit.

    Either is kept only where its own words name the row (or it states the row's target or
    earlier value beside it); claims resting on them are never errors (MG111), and one that
    finds no row is not reported. Returns the figures and the spans of those read again."""
    out: list[Figure] = []
    spans: set[tuple[int, int]] = set()
    for figure in figures:
        if figure.role == "other" and figure.role_p is not None:
            figure = replace(figure, role="actual", role_p=min(1.0 - figure.role_p, SURE_ROLE / 2))
            spans.add((figure.start, figure.end))
        elif figure.role == "other" and figure.unit not in ("", None, "other"):
            figure = replace(figure, role="actual", role_p=0.0)
            spans.add((figure.start, figure.end))
        out.append(figure)
    return out, spans


def _unit_fits(figure: Figure, row: Indicator) -> bool:
    """Whether a figure is in its row's unit (a row of no or an "other" unit takes any)."""
    return row.unit in (None, "", "other") or figure.unit == row.unit


def _lead(mention: Mention) -> Figure:
    return mention.first("actual") or mention.figures[0]


def _span(figure: Figure) -> tuple[int, int]:
    return figure.start, figure.end


def sure_role(figure: Figure) -> bool:
    """Whether the extractor was sure of the figure's role (rules and model agree, or the model
    overrode the rules at SURE_ROLE or above)."""
    return figure.role_p is None or figure.role_p >= SURE_ROLE


def _from_to_results(mention: Mention, text: str) -> Mention:
    """ "from A to B" states the earlier value then the result, whatever roles the extractor
    gave: a B read as a second previous value ("from 4,499 tonnes ... to nearly 5,341 tonnes")
    is checked as the result. Read from the words' structure, not from any role."""
    ordered = sorted(mention.figures, key=lambda f: f.start)
    recast: dict[int, Figure] = {}
    for a, b in itertools.pairwise(ordered):
        if a.role != "previous" or b.role != "previous":
            continue
        between = text[a.end : b.start]
        if _FROM.search(text[max(0, a.start - 20) : a.start]) and _to().match(between):
            recast[b.start] = replace(b, role="actual")
    if not recast or any(f.role == "actual" for f in mention.figures):
        return mention
    return replace(mention, figures=tuple(recast.get(f.start, f) for f in mention.figures))


def compare_order(mention: Mention, row: Indicator, text: str) -> list[Issue]:
    """ "from A to B" states the previous value then the result: B that is the row's previous
    value while A is its result is the pair written the wrong way round (MG107 at B, MG112)."""
    if row.previous is None or row.value is None or matches_both(row):
        return []
    issues: list[Issue] = []
    ordered = sorted(mention.figures, key=lambda f: f.start)
    for a, b in itertools.pairwise(ordered):
        if not _FROM.search(text[max(0, a.start - 20) : a.start]):
            continue
        if not _to().match(text[a.end : b.start]):
            continue
        if matches(a, row.value) and matches(b, row.previous) and not matches(b, row.value):
            data = f"from {number(row.previous)} to {number(row.value)}"
            issues.append(Issue("MG112", a.start, b.end, text[a.start : b.end], data))
            issues.append(Issue("MG107", b.start, b.end, b.text, number(row.value)))
    return issues


_COMPARED = re.compile(
    r"^[^.;:\n]{0,80}?\b(?:compared (?:to|with)|against)\s+(?:a |an |the )?"
    r"(?:[\w\-]+ ){0,4}?(?:of\s+)?\(?$",
    re.IGNORECASE,
)


def compare_compared(figures: Sequence[Figure], row: Indicator, text: str) -> list[Issue]:
    """ "A compared to B" states the result then the earlier value: A that is the row's
    previous value while B is its result is the pair the wrong way round (MG112, MG107 at A).
    Across the mentions of one sentence linked to the row (the caller holds back a pair on an
    unsure link as MG603)."""
    if row.previous is None or row.value is None or matches_both(row):
        return []
    issues: list[Issue] = []
    ordered = sorted({(f.start, f.end): f for f in figures}.values(), key=lambda f: f.start)
    for a, b in itertools.pairwise(ordered):
        if not _COMPARED.match(text[a.end : b.start]):
            continue
        if a.role not in ("actual", "previous") or b.role not in ("actual", "previous"):
            continue
        if matches(a, row.previous) and not matches(a, row.value) and matches(b, row.value):
            data = f"{number(row.value)} compared with {number(row.previous)}"
            issues.append(Issue("MG112", a.start, b.end, text[a.start : b.end], data))
            issues.append(Issue("MG107", a.start, a.end, a.text, number(row.value)))
    return issues


def states_value(figure: Figure, row: Indicator, text: str) -> bool:
    """Whether a result states the row's value: at the precision shown, or within what its
    hedge allows ("to around £14.5m" of £14.79m; phrasebanks/hedges.yaml)."""
    if figure.role != "actual" or row.value is None:
        return False
    if matches(figure, row.value):
        return True
    sense = hedge(figure, text)
    return sense not in (None, "hypothetical", "part") and hedged_ok(figure, row.value, sense)


def matches_both(row: Indicator) -> bool:
    """A row whose previous value and result are the same number: no order to get wrong."""
    return row.previous is not None and row.value is not None and row.previous == row.value


def _check_mention(
    mention: Mention,
    row: Indicator,
    cues: Sequence[Cue],
    text: str,
    elsewhere: bool = False,
    named: bool = False,
) -> list[Issue]:
    """Every claim of one mention against its row (`named`: its own words name the row). Where
    the row's result is stated here or `elsewhere` in the minute, another figure read as a
    result is an uncertain role (MG111); where it is not, a result that is the row's previous
    value or target is a slip of its own (MG107, MG108; the caller holds it back as MG603 when
    the link is unsure)."""
    mention = _from_to_results(mention, text)
    issues: list[Issue] = compare_order(mention, row, text)
    states_result = any(states_value(f, row, text) for f in mention.figures)
    ordered_at = {i.start for i in issues}
    previous_stated = [f for f in mention.figures if f.role == "previous"]
    several_periods = len(previous_stated) > 1 and any(
        matches(f, row.previous) for f in previous_stated
    )  # "from 8.8% and 9.5% in May and June respectively": one of them is the data's
    comparators = [f for f in mention.figures if f.role == "benchmark"]
    several_comparators = len(comparators) > 1 and any(
        matches(f, row.benchmark) for f in comparators
    )  # "below statistical neighbours (86) but above the England average of 70"
    for figure in mention.figures:
        if figure.role == "change" or (figure.role == "previous" and several_periods):
            continue
        if several_comparators and figure.role == "benchmark":
            continue  # the row's own comparator is stated; the others are other comparators
        if figure.start in ordered_at:
            continue
        for issue in (
            compare_unit(figure, row),
            compare_value(figure, row, text)
            or _unplaced(figure, mention, row, text, elsewhere)
            or _named_part(figure, row, text, named),
        ):
            if issue is None:
                continue
            if (
                issue.code in ("MG101", "MG110", "MG107", "MG108")
                and (states_result or elsewhere)
                and not matches(figure, row.value)
            ):
                # the mention states the row's result already: another "result" beside it is
                # a role the extractor could not tell ("of the £4m programme, £1.1m spent"),
                # and one equal to the previous value or target may restate it ("the 1%
                # achieved in Quarter 1")
                issue = replace(issue, code="MG111", extra={**issue.extra, "claim": issue.code})
            issues.append(issue)
    actual = row.value if row.value is not None else _stated(mention, "actual")
    previous = row.previous if row.previous is not None else _stated(mention, "previous")
    target = row.target if row.target is not None else _stated(mention, "target")
    benchmark = row.benchmark if row.benchmark is not None else _stated(mention, "benchmark")
    for figure in mention.figures:
        if figure.role == "change":
            issue = compare_change(figure, row, text, previous, actual)
            if issue is not None:
                issues.append(issue)
    framed = False
    for cue in cues:
        if cue.kind in ("direction", "quality"):
            issue = compare_direction(cue, row, previous, actual)
        elif cue.kind == "benchmark_relation":
            # "below statistical neighbours (86) but above the England average of 70": a
            # comparator the clause states with its own figure is the one the words mean
            own = _stated_after(cue, mention, "benchmark", text)
            issue = compare_relation(
                cue, row, actual, target, own if own is not None else benchmark
            )
        elif cue.kind == "target_relation":
            issue = compare_relation(cue, row, actual, target, benchmark)
        elif mention.first("actual") is not None:
            framed = True
            issue = compare_framing(cue.sense, cue.start, cue.end, cue.text, row, previous)
        else:
            issue = None
        if issue is not None:
            issues.append(issue)
    lead = mention.first("actual")
    if not framed and lead is not None:
        sense = mention.clause.section  # a heading's words; never the extractor's guess
        if sense in ("positive", "negative"):
            issue = compare_framing(sense, lead.start, lead.end, lead.text, row, previous)
            if issue is not None:
                issues.append(issue)
    return issues


_COMPARATOR_GAP = re.compile(r"^[^.;:\d]{0,12}(?:of|at|\(|,)?\s*\(?\s*$", re.IGNORECASE)


def _stated_after(cue: Cue, mention: Mention, role: str, text: str) -> float | None:
    """The figure of `role` the mention states right after a relation's words ("the England
    average of 70", "statistical neighbours (86)"), if any."""
    for figure in sorted(mention.figures, key=lambda f: f.start):
        if figure.role == role and figure.start >= cue.end:
            if _COMPARATOR_GAP.match(text[cue.end : figure.start]):
                return figure.value
            return None
    return None


def _named_part(figure: Figure, row: Indicator, text: str, named: bool) -> Issue | None:
    """ "of which 212 had children": a part of a whole is not the whole's result, but where the
    figure's own words name the row, the part is the row (households with children), and its
    result is checked as stated."""
    if not named or figure.role != "actual" or hedge(figure, text) != "part":
        return None
    issue = compare_value(figure, row)  # without the text: the hedge is not read again
    return issue if issue is not None and issue.code == "MG101" else None


def _unplaced(
    figure: Figure, mention: Mention, row: Indicator, text: str, elsewhere: bool
) -> Issue | None:
    """A figure read as a previous value, target or benchmark that the data does not hold,
    in a mention that states no result while the minute states the row's result nowhere: if
    the role is the extractor's slip, it is the result, and wrong (MG111, the claim MG101)."""
    if figure.role not in ("previous", "target", "benchmark") or row.value is None:
        return None
    if row_field(row, figure.role) is not None or elsewhere or mention.first("actual"):
        return None
    if other_measure(figure, row) or hedge(figure, text) in ("hypothetical", "part"):
        return None
    if any(
        matches(figure, row_field(row, r)) for r in ("actual", "previous", "target", "benchmark")
    ):
        return None
    issue = compare_value(replace(figure, role="actual"), row, text)
    if issue is None or issue.code not in ("MG101", "MG110"):
        return None
    return replace(issue, code="MG111", extra={**issue.extra, "claim": issue.code})


NAMED = 60.0  # a name score (words only) that, with the row's result stated, makes a link sure


def _clause_names_only(
    mention: Mention, j: int, rows: Sequence[Indicator], weights: dict[str, float]
) -> bool:
    """Whether the mention's whole clause names row `j` (OWN_WORDS of its distinctive words)
    and names no other row as well: the clause's words, not its numbers, make the link."""
    clause = mention.clause.text
    share = named_in(clause, [rows[j].name], weights)
    if share < OWN_WORDS:
        return False
    return all(k == j or named_in(clause, [r.name], weights) < share for k, r in enumerate(rows))


def _names_its_value_row(mention: Mention, j: int, rows: Sequence[Indicator]) -> bool:
    """Whether a result that is not row j's states the value of another row k whose name's
    words all stand in the mention's own words too ("Sickness absence averaged 9.8 days, of
    which long-term sickness absence accounted for ..."): the words name both rows, the number
    is k's, so the link to j is not sure."""
    lead = mention.first("actual")
    if lead is None or matches(lead, rows[j].value):
        return False
    own = mention.context or mention.clause.text
    return any(
        k != j and matches(lead, row.value) and named_in(own, [row.name]) >= 1.0
        for k, row in enumerate(rows)
    )


def _hedged_claim(issue: Issue, mention: Mention, sure_link: bool) -> Issue:
    """An error-level claim on an unsure link becomes MG603, on an unsure role MG111: the
    checker says it could not be sure rather than call the minute wrong."""
    if issue.code not in CLAIM_CODES:
        return issue
    extra = {**dict(issue.extra), "claim": issue.code}
    if not sure_link:
        return replace(issue, code="MG603", extra=extra)
    if issue.code in ROLE_CODES:
        figure = next((f for f in mention.figures if f.start == issue.start), None)
        if figure is not None and not sure_role(figure):
            return replace(issue, code="MG111", extra=extra)
    return issue


def _covers(
    mention: Mention,
    row: Indicator,
    aliases: Sequence[Sequence[str]],
    j: int,
    weights: dict[str, float] | None = None,
) -> bool:
    """Whether a mention aligned to a row shows the minute speaks of it: it states a result,
    the row's own or with its own words naming the row or with the row's target, previous
    value or benchmark beside it (a wrong result is reported as such). Only a stated result
    covers a row: a previous value, change or benchmark alone does not."""
    lead = mention.first("actual")
    if lead is not None and (
        matches(lead, row.value)
        or speaks_of(mention, row, aliases, j, weights)
        or states_beside(mention, row)
    ):
        return True  # a result ("from 31 to 18" read as two previous values: 18 is the result)
    return speaks_of(mention, row, aliases, j, weights) and any(
        matches(f, row.value) for f in mention.figures
    )


def _mentioned_by_name(row: Indicator, clauses: Sequence[Clause]) -> bool:
    name = default_process(row.name)
    return any(fuzz.partial_ratio(name, default_process(c.text)) >= 90 for c in clauses)


def check_minute(
    text: str,
    indicators: Sequence[Indicator],
    *,
    document: str = "-",
    figures: Sequence[Figure] | None = None,
    ignore: Iterable[str] = (),
    strict: bool = False,
) -> CheckReport:
    """Check a minute's plain text against its indicator rows; return every finding.

    `figures` may be given (e.g. already extracted); otherwise the extractor runs with the
    rows' names as the indicators it can match. `ignore` takes codes, families or names;
    `strict` makes warnings errors.
    """
    ignored = known_codes(ignore)
    if figures is None:
        from ..extract.pipeline import extract_figures

        figures = extract_figures(text, document=document, indicators=list(indicators))
    rows = list(indicators)
    figures, aside = set_aside(figures)
    clauses = merge_clauses(text, split_clauses(text), figures)
    mentions = build_mentions(figures, clauses, text)
    aliases = catalogue_aliases(rows)
    result: Alignment = align(mentions, rows, aliases=aliases, text=text)
    cues = _cues_by_mention(mentions, result.rows, rows)
    weights = word_weights(rows)
    raw: list[tuple[Issue, Indicator | None]] = []
    covered: set[int] = set()
    checked = 0
    alignment: list[dict[str, Any]] = []
    here = {  # mentions that state their row's result
        i
        for i, (mention, j) in enumerate(zip(mentions, result.rows, strict=True))
        if j is not None and any(states_value(f, rows[j], text) for f in mention.figures)
    }
    # rows whose result the minute states somewhere (a figure of uncertain role is no witness)
    stated = {result.rows[i] for i in here if _span(_lead(mentions[i])) not in aside}
    claimed = {  # rows a mention of a sure claim role speaks of
        j
        for mention, j in zip(mentions, result.rows, strict=True)
        if j is not None and _span(_lead(mention)) not in aside
    }
    linked: dict[int, list[Figure]] = {}  # per row: the figures of the mentions linked to it
    unsure: set[tuple[int, int]] = set()  # spans of figures whose mention's link is unsure
    for i, mention in enumerate(mentions):
        j = result.rows[i]
        lead = mention.first("actual") or mention.figures[0]
        uncertain = (lead.start, lead.end) in aside
        if (
            uncertain
            and j is not None
            and not speaks_of(mention, rows[j], aliases, j, weights)
            and not states_beside(mention, rows[j])
        ):
            j = None  # an uncertain role on a link the words do not make: nothing to say
        if (
            uncertain
            and lead.role_p == 0.0
            and j is not None
            and (j in claimed or not _unit_fits(lead, rows[j]))
        ):
            j = None  # read as commentary by the rules: only for a row nothing else states
        alignment.append(
            {
                "start": mention.start,
                "end": mention.end,
                "indicator": mention.phrase,
                "row": rows[j].row if j is not None else None,
                "row_name": rows[j].name if j is not None else None,
                "score": round(result.scores[i], 1),
            }
        )
        if j is None:
            if not uncertain:
                raw.append((Issue("MG602", lead.start, lead.end, lead.text, "no row"), None))
            continue
        if _covers(mention, rows[j], aliases, j, weights):
            covered.add(j)
        checked += len(mention.figures)
        # sure: the minute's words tie the figure to the row (its own stretch names the row,
        # its clause names this row and no other, or it states the row's target, previous
        # value or benchmark beside it), or the words fit well AND the mention states the
        # row's result; a name score lifted by agreeing numbers alone is not enough
        sure_link = (
            (result.names[i] >= NAMED and i in here)
            or speaks_of(mention, rows[j], aliases, j, weights)
            or states_beside(mention, rows[j])
            or _clause_names_only(mention, j, rows, weights)
        ) and not _names_its_value_row(mention, j, rows)
        elsewhere = j in stated  # a figure equal to its previous value or target is a restatement
        # its own stretch of the clause names the row (not a clause before it)
        named = (
            named_in(mention.context or mention.clause.text, [rows[j].name], weights) >= OWN_WORDS
        )
        for issue in _check_mention(mention, rows[j], cues[i], text, elsewhere, named):
            issue = _hedged_claim(issue, mention, sure_link)
            if uncertain and issue.code in CLAIM_CODES:  # a result only if the rules were right
                issue = replace(issue, code="MG111", extra={**issue.extra, "claim": issue.code})
            raw.append((issue, rows[j]))
        linked.setdefault(j, []).extend(mention.figures)
        if not sure_link:
            unsure.update((f.start, f.end) for f in mention.figures)
    for j, figures_j in linked.items():
        for issue in compare_compared(figures_j, rows[j], text):
            if any(s < issue.end and issue.start < e for s, e in unsure):
                # a pair tied to the row only by its numbers: held back, like any such claim
                issue = replace(issue, code="MG603", extra={**issue.extra, "claim": issue.code})
            raw.append((issue, rows[j]))
    uncovered: list[str] = []
    for j, row in enumerate(rows):
        if j in covered:
            continue
        if row.value is None and _mentioned_by_name(row, clauses):
            covered.add(j)
            continue
        uncovered.append(row.name)
        where = f"row {row.row}, value {number(row.value)}" if row.row else number(row.value)
        raw.append((Issue("MG601", 0, 0, row.name, where), row))
    findings = _word(raw, text, document, ignored, strict)
    return CheckReport(
        document=document,
        findings=tuple(findings),
        figures_total=len(figures),
        figures_checked=checked,
        rows_total=len(rows),
        rows_covered=len(covered),
        uncovered=tuple(uncovered),
        alignment=tuple(alignment),
    )


def _word(
    raw: Sequence[tuple[Issue, Indicator | None]],
    text: str,
    document: str,
    ignored: set[str],
    strict: bool,
) -> list[Finding]:
    codes = load_codes()
    locate = _Locator(text)
    seen: set[tuple[str, int, int, str | None]] = set()
    findings: list[Finding] = []
    for issue, row in raw:
        if issue.code in ignored:
            continue
        key = (issue.code, issue.start, issue.end, row.name if row else None)
        if key in seen:
            continue
        seen.add(key)
        spec = codes[issue.code]
        severity = "error" if strict and spec.severity == "warning" else spec.severity
        message = spec.message.format(label=spec.label, prose=issue.prose, data=issue.data)
        if row is not None:
            message += f" ({row.name})"
        line, column = locate(issue.start)
        sentence = None
        if issue.end > issue.start:
            clause_start = max(text.rfind(". ", 0, issue.start), text.rfind("\n", 0, issue.start))
            clause_end = min(
                (p for p in (text.find(". ", issue.end), text.find("\n", issue.end)) if p >= 0),
                default=len(text),
            )
            sentence = text[clause_start + 1 : clause_end + 1].strip()
        findings.append(
            Finding(
                code=issue.code,
                severity=severity,
                message=message,
                document=document,
                line=line,
                column=column,
                start=issue.start,
                end=issue.end,
                indicator=row.name if row else None,
                indicator_id=row.id if row else None,
                prose=issue.prose,
                data=issue.data,
                sentence=sentence,
                extra=dict(issue.extra),
            )
        )
    findings.sort(key=lambda f: (f.start == 0 and f.end == 0, f.start, f.code))
    return findings


def with_severity(finding: Finding, severity: str) -> Finding:
    """A copy of a finding at another severity."""
    return replace(finding, severity=severity)


__all__ = ["CLAIM_ROLES", "CheckReport", "check_minute", "known_codes"]
