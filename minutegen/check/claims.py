"""Each comparison `check` makes between what a minute claims and what its data says.

Pure functions over `Figure`, `Indicator` and the claim words of one clause (read from
`phrasebanks/check/claims.yaml`); they return `Issue`s, which `check_minute` turns into Findings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from ..errors import InputError
from ..hedges import default_hedges, phrase_pattern
from ..model import Figure, Indicator
from ..resources import phrasebanks_dir
from ..yamlio import load_yaml

# Cue kinds in priority order: a span claimed by an earlier kind is not read again by a later one
# ("higher than statistical neighbours" is a benchmark relation, not a direction word).
CUE_KINDS: tuple[str, ...] = (
    "target_relation",
    "benchmark_relation",
    "quality",
    "direction",
    "framing",
)


@dataclass(frozen=True)
class Cue:
    """A claim word or phrase in a clause: what kind of claim, which way, and where."""

    kind: str  # one of CUE_KINDS
    sense: str  # above, below, met, missed, better, worse, same, up, down, positive, negative
    start: int  # document offsets
    end: int
    text: str


@dataclass(frozen=True)
class Clause:
    """One unit of claims: a sentence, or one item of a semicolon list, with its paragraph."""

    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph it stands in
    section: str | None = None  # positive / negative framing of its paragraph or heading


@dataclass(frozen=True)
class Issue:
    """A contradiction found by one comparison, before it is placed and worded as a Finding."""

    code: str
    start: int
    end: int
    prose: str
    data: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Lexicon:
    """Compiled claim patterns: kind -> [(sense, regex)], plus section and points patterns."""

    cues: dict[str, list[tuple[str, re.Pattern[str]]]]
    sections: list[tuple[str, re.Pattern[str]]]
    points: re.Pattern[str]
    hedges: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)


def _compile(patterns: Sequence[str], macros: dict[str, str], where: str) -> re.Pattern[str]:
    expanded = []
    for pattern in patterns:
        text = str(pattern)
        for key, value in macros.items():
            text = text.replace("{" + key + "}", f"(?:{value})")
        expanded.append(text)
    try:
        return re.compile(r"(?<![\w-])(?:" + "|".join(expanded) + r")(?![\w-])", re.IGNORECASE)
    except re.error as error:
        raise InputError(f"bad pattern in {where}: {error}") from None


def _borrowed(reuse: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    """Claim words taken from another phrasebank (the extractor's direction words), as
    escaped literal patterns: kind -> sense -> patterns."""
    if not reuse.get("file"):
        return {}
    path = phrasebanks_dir() / str(reuse["file"])
    if not path.is_file():
        return {}
    source = load_yaml(path.read_text(encoding="utf-8")) or {}
    exclude = {str(w).lower() for w in reuse.get("exclude") or []}
    found: dict[str, dict[str, list[str]]] = {}
    for kind in CUE_KINDS:
        for sense, key in (reuse.get(kind) or {}).items():
            words = [str(w) for w in source.get(key) or [] if str(w).lower() not in exclude]
            found.setdefault(kind, {})[str(sense)] = [re.escape(w) for w in words]
    return found


@cache
def load_lexicon() -> Lexicon:
    """Read `phrasebanks/check/claims.yaml` once: the words that make claims about figures."""
    path = phrasebanks_dir() / "check" / "claims.yaml"
    raw = load_yaml(path.read_text(encoding="utf-8"))
    macros = {str(k): str(v) for k, v in (raw.get("macros") or {}).items()}
    cues: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    borrowed = _borrowed(raw.get("reuse") or {})
    for kind in CUE_KINDS:
        senses = {k: list(v) for k, v in (raw.get(kind) or {}).items()}
        for sense, words in borrowed.get(kind, {}).items():
            senses.setdefault(sense, []).extend(words)
        cues[kind] = [
            (str(sense), _compile(patterns, macros, f"{path}: {kind}.{sense}"))
            for sense, patterns in senses.items()
        ]
    sections = [
        (str(sense), _compile(patterns, macros, f"{path}: sections.{sense}"))
        for sense, patterns in (raw.get("sections") or {}).items()
    ]
    points = _compile(raw.get("points") or ["percentage points?"], macros, f"{path}: points")
    hedges = []
    # the hedges of quantity are the one lexicon (phrasebanks/hedges.yaml); a part or a
    # hypothetical ("of which", "would be") is the checker's own qualifier (claims.yaml)
    shared = [(name, [phrase_pattern(p) for p in ps]) for name, ps in default_hedges().classes]
    for sense, patterns in shared + list((raw.get("qualifiers") or {}).items()):
        where = f"{path}: qualifiers.{sense}"
        word = _compile(patterns, macros, where).pattern
        # hypothetical words may stand a few words before the figure; the others right before it
        gap = r"(?:[\w\-,]+\s+){0,6}?\(?" if sense in ("hypothetical", "part") else ""
        # "just over c3%", "nearly c.£8m": a circa mark may stand between hedge and figure
        circa = r"(?:c\.?\s*|circa\s+|ca\.\s*)?"
        hedges.append((str(sense), re.compile(word + r"\s+" + gap + circa + r"$", re.IGNORECASE)))
    return Lexicon(cues=cues, sections=sections, points=points, hedges=hedges)


# --- clauses ---------------------------------------------------------------------------------

_PARAGRAPH = re.compile(
    r"\n[ \t]*\n\s*|\n(?=[ \t]*(?:[-*•·]|\d+[.)]|\(?(?:[ivx]{1,4}|[a-z])[.)]|#+)\s)"
)
_CLAUSE = re.compile(r";\s*|(?<=[.!?])[\"'”’)]?\s+(?=[A-Z“\"'(£\d])|:\s*\n\s*")
_HEADING_MAX = 90  # a short paragraph with no figure that frames what follows is a heading
# A line of a table laid out in text ("Major applications | 60% | 83%", cells split by tabs or
# wide spaces): each such line is a clause of its own, since its cells speak of its row alone.
_TABLE_LINE = re.compile(r"[|\t]|\S {3,}\S")


def _line_breaks(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each line break in a paragraph that stands next to a table line."""
    lines = paragraph.split("\n")
    if len(lines) < 2:
        return []
    tabular = [bool(_TABLE_LINE.search(line.strip())) for line in lines]
    breaks = []
    at = 0
    for k in range(len(lines) - 1):
        at += len(lines[k])
        if tabular[k] or tabular[k + 1]:
            breaks.append((at, at + 1))
        at += 1
    return breaks


def split_clauses(text: str) -> list[Clause]:
    """Split a document into clauses (sentences and semicolon items), paragraph by paragraph.

    A paragraph that opens with a section phrase ("It was highlighted that", "The areas
    highlighted for focus were") frames all its clauses; a short heading-like paragraph
    ("Areas for focus") frames the paragraphs after it until the next such heading.
    """
    lexicon = load_lexicon()
    clauses: list[Clause] = []
    heading_sense: str | None = None
    paragraph_starts = [0] + [m.end() for m in _PARAGRAPH.finditer(text)]
    paragraph_ends = [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]
    for index, (p_start, p_end) in enumerate(zip(paragraph_starts, paragraph_ends, strict=True)):
        paragraph = text[p_start:p_end]
        if not paragraph.strip():
            continue
        opening = paragraph[:160]
        sense = None
        for candidate, pattern in lexicon.sections:
            if pattern.search(opening):
                sense = candidate
                break
        stripped = paragraph.strip()
        is_heading = len(stripped) <= _HEADING_MAX and not re.search(r"\d", stripped)
        if is_heading and sense is not None:
            heading_sense = sense
        elif is_heading and len(stripped) < 60 and not stripped.endswith((".", ";")):
            heading_sense = None  # a new, unrelated heading ends the framed section
        section = sense or heading_sense
        c_start = p_start
        cuts = sorted(
            [(m.start(), m.end()) for m in _CLAUSE.finditer(paragraph)] + _line_breaks(paragraph)
        )
        for cut_start, cut_end in cuts:
            if p_start + cut_start < c_start:
                continue  # inside a cut already made
            c_end = p_start + cut_start
            if text[c_start:c_end].strip():
                clauses.append(Clause(c_start, c_end, text[c_start:c_end], index, section))
            c_start = p_start + cut_end
        if text[c_start:p_end].strip():
            clauses.append(Clause(c_start, p_end, text[c_start:p_end], index, section))
    return clauses


_AIM = re.compile(
    r"\b(?:to|will|would|should|must|could|might|may|aims? to|plans? to|expected to)\s+$",
    re.IGNORECASE,
)


def find_cues(clause: Clause, *, skip: Sequence[str] = ()) -> list[Cue]:
    """Every claim word in a clause, longest and highest-priority kind first, never overlapping.

    `skip` holds lower-cased phrases (indicator names) whose words are not claims: "falls" in
    "admissions due to falls" is a name, not a direction.
    """
    lexicon = load_lexicon()
    taken: list[tuple[int, int]] = []
    found: list[Cue] = []
    lowered = clause.text.lower()
    blocked: list[tuple[int, int]] = []
    for phrase in skip:
        phrase = phrase.strip().lower()
        if len(phrase) < 4:
            continue
        at = lowered.find(phrase)
        while at >= 0:
            blocked.append((at, at + len(phrase)))
            at = lowered.find(phrase, at + 1)
    for kind in CUE_KINDS:
        for sense, pattern in lexicon.cues.get(kind, []):
            for match in pattern.finditer(clause.text):
                span = (match.start(), match.end())
                if any(s < span[1] and span[0] < e for s, e in taken):
                    continue
                if any(s <= span[0] and span[1] <= e for s, e in blocked):
                    continue
                if kind in ("direction", "quality") and _AIM.search(clause.text[: span[0]]):
                    continue  # "to reduce", "will increase": an aim, not a reported movement
                taken.append(span)
                found.append(
                    Cue(
                        kind,
                        sense,
                        clause.start + span[0],
                        clause.start + span[1],
                        match.group(0),
                    )
                )
    found.sort(key=lambda cue: cue.start)
    return _framed_changes(found, clause)


def _framed_changes(cues: list[Cue], clause: Clause) -> list[Cue]:
    """ "A positive decrease", "negatively increased": framing that qualifies a direction word
    judges the change, so it is read as an improvement or deterioration claim."""
    result: list[Cue] = []
    for i, cue in enumerate(cues):
        nxt = cues[i + 1] if i + 1 < len(cues) else None
        if (
            cue.kind == "framing"
            and nxt is not None
            and nxt.kind == "direction"
            and not clause.text[cue.end - clause.start : nxt.start - clause.start].strip(" -")
        ):
            sense = "better" if cue.sense == "positive" else "worse"
            result.append(Cue("quality", sense, cue.start, cue.end, cue.text))
        else:
            result.append(cue)
    return result


# --- numbers as the prose shows them ---------------------------------------------------------

_NUMERAL = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def shown_precision(figure: Figure) -> tuple[int, float]:
    """(decimals shown, scale) of a figure as written: "91.6 per cent" -> (1, 1.0),
    "£1.2m" -> (1, 1e6), "no child" -> (0, 1.0)."""
    match = _NUMERAL.search(figure.text or "")
    if not match:
        return 0, 1.0
    decimals = len(match.group(1) or "")
    try:
        numeral = float(match.group(0).replace(",", ""))
    except ValueError:
        return decimals, 1.0
    if numeral == 0 or figure.value == 0:
        return decimals, 1.0
    scale = abs(figure.value / numeral)
    # a scale like 1e3 or 1e6 ("£500k", "£1.2m"); anything else is the numeral itself
    if scale > 1.5:
        return decimals, 10 ** round(math.log10(scale))
    return decimals, 1.0


def data_decimals(value: float) -> int:
    """How many decimals the data gives (at most 4): 91.58 -> 2, 302.0 -> 0."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def tolerance(figure: Figure) -> float:
    """How far a data value may be from the figure and still be what it states, rounded."""
    decimals, scale = shown_precision(figure)
    return 0.5 * 10 ** (-decimals) * scale


def agreement(figure: Figure, expected: float) -> str:
    """How a stated figure agrees with a data value: "exact" (at the precision shown),
    "coarse" (only when rounded more coarsely than the data gives it), or "wrong"."""
    decimals, scale = shown_precision(figure)
    if math.isclose(figure.value, expected, rel_tol=1e-9, abs_tol=1e-9):
        return "exact"
    tolerance = 0.5 * 10 ** (-decimals) * scale + 1e-9 * max(1.0, abs(expected))
    if abs(figure.value - expected) > tolerance:
        return "wrong"
    if scale == 1.0 and decimals == 0 and data_decimals(expected) >= 1:
        return "coarse"
    return "exact"


def matches(figure: Figure, expected: float | None) -> bool:
    """True when the figure states `expected` at the precision shown (coarse rounding allowed)."""
    return expected is not None and agreement(figure, expected) != "wrong"


def number(value: float | None) -> str:
    """A data value as a person reads it: 91.58 -> "91.58", 302.0 -> "302", 1234 -> "1,234"."""
    if value is None:
        return "none"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


# --- comparisons ------------------------------------------------------------------------------

_FIELD_CODES = {"actual": "MG101", "previous": "MG103", "target": "MG104", "benchmark": "MG105"}
_FIELD_NAMES = {
    "actual": "value",
    "previous": "previous",
    "target": "target",
    "benchmark": "benchmark",
}


def row_field(row: Indicator, role: str) -> float | None:
    """The data value a figure of `role` states: actual -> value, previous -> previous..."""
    return row.value if role == "actual" else getattr(row, _FIELD_NAMES.get(role, ""), None)


def other_measure(figure: Figure, row: Indicator) -> bool:
    """A counted noun where the row is a percentage ("four properties" beside "99.9 per cent"):
    a different quantity in the commentary, not a misstatement of the row's value."""
    if not row.unit or figure.unit == row.unit or figure.value == 0:
        return False
    bare = figure.text.strip().replace(",", "").replace(".", "").isdigit()
    return row.unit == "percent" and figure.unit != "percent" and not bare


def hedge(figure: Figure, text: str) -> str | None:
    """The hedge just before a figure, if any: approximate, at_least, at_most, part,
    hypothetical."""
    if not text:
        return None
    before = text[max(0, figure.start - 80) : figure.start]
    for sense, pattern in load_lexicon().hedges:
        if pattern.search(before):
            return sense
    return None


def hedge_word(figure: Figure, text: str) -> str:
    """The hedge's own words just before a figure ("just over"), or ""."""
    before = text[max(0, figure.start - 80) : figure.start]
    for _, pattern in load_lexicon().hedges:
        match = pattern.search(before)
        if match:
            return match.group(0).strip().rstrip("£$").strip()
    return ""


def _measures_forecast(words: str, row: Indicator) -> bool:
    """Whether a hypothetical hedge ("forecast to be", "projected to be") names what the row
    measures ("capital spending forecast"): then the figure is the row's result."""
    stems = {w[:6] for w in re.findall(r"[a-z]+", words.lower()) if len(w) > 4}
    name = {w[:6] for w in re.findall(r"[a-z]+", row.name.lower())}
    forecast = forecast_rows()
    return bool(stems & name) or bool(forecast and forecast.search(row.name))


@cache
def _claims_words(key: str, default: tuple[str, ...] = ()) -> re.Pattern[str] | None:
    """A word list of phrasebanks/check/claims.yaml as one pattern (None when it is empty)."""
    path = phrasebanks_dir() / "check" / "claims.yaml"
    raw = load_yaml(path.read_text(encoding="utf-8")) or {}
    words = [str(w) for w in raw.get(key) or []] or list(default)
    return _compile(words, {}, f"{path}: {key}") if words else None


def sign_words() -> re.Pattern[str] | None:
    """Words by a sum of money that name its side (`sign_words` in claims.yaml): such a sum
    matches the row's value of either sign, since tables disagree on a variance's sign."""
    return _claims_words("sign_words")


def forecast_rows() -> re.Pattern[str] | None:
    """Words that make a row a forecast in its own name ("projected outturn", "forecast
    overspend"; `forecast_rows` in phrasebanks/check/claims.yaml): a hypothetical figure
    ("is expected to be £2.3m") states such a row's result."""
    return _claims_words("forecast_rows", ("forecast",))


def hedge_rule(sense: str | None) -> str:
    """The tolerance a hedge states, in words (phrasebanks/hedges.yaml, `tolerance`)."""
    share = hedge_tolerances().get(sense or "", 0.0)
    rules = {
        "approximate": f"within {share:.0%} of the stated number",
        "just_over": f"above the stated number by at most {share:.0%}",
        "just_under": f"below the stated number by at most {share:.0%}",
        "at_least": "above the stated number",
        "at_most": "at most the stated number",
    }
    return rules.get(sense or "", "as hedged")


def hedge_tolerances() -> dict[str, float]:
    """Each hedge class's tolerance, a share of the stated number (phrasebanks/hedges.yaml)."""
    return default_hedges().tolerance


def hedged_ok(figure: Figure, expected: float, sense: str | None) -> bool:
    """Whether a hedged figure ("over 90 per cent", "approximately 3,000") fits the data and
    the tolerance its hedge states: "just over 500" allows 500 to 575, "nearly 64%" 57.6 up
    to 64, "around 30" 27 to 33 (shares in phrasebanks/hedges.yaml)."""
    slack = tolerance(figure)
    share = hedge_tolerances().get(sense or "", 0.0) * abs(figure.value)
    if sense in ("hypothetical", "part"):
        return True  # no result stated, or a part of it ("excluding ... children (7)")
    if sense == "approximate":
        return abs(figure.value - expected) <= max(slack, share)
    if sense == "just_over":
        return figure.value < expected <= figure.value + max(slack, share)
    if sense == "just_under":
        return figure.value - max(slack, share) <= expected < figure.value
    if sense == "at_least":
        return expected >= figure.value - slack
    if sense == "at_most":
        return expected <= figure.value + slack
    return False


def compare_value(figure: Figure, row: Indicator, text: str = "") -> Issue | None:
    """A stated actual, previous, target or benchmark against the row (MG101-MG105).

    A result that states the row's previous value or target, not its value, is that slip
    (MG107, MG108) whether or not the link and role are sure (the caller holds a claim on an
    unsure link or role back as a warning, MG603 or MG111): passed over in silence,
    a previous value written as the result would never be found. Any other figure that states
    another of the row's own numbers (a target that is the previous value, a result that is
    the benchmark) is read as a role the extractor mistook: no issue. A hedged figure ("over
    90 per cent", "approximately 3,000", "would be 21 per cent") is held to its hedge and its
    stated tolerance (MG110).
    """
    code = _FIELD_CODES.get(figure.role)
    expected = row_field(row, figure.role)
    if code is None or expected is None:
        return None
    if other_measure(figure, row):
        return None
    sense = hedge(figure, text)
    if sense == "hypothetical" and _measures_forecast(hedge_word(figure, text), row):
        sense = None  # "forecast to be 61.7%" of a row that is the forecast: its result
    if sense is not None:
        if hedged_ok(figure, expected, sense):
            return None
        if sense in ("hypothetical", "part"):
            return None
        word = hedge_word(figure, text)
        at = text.rfind(word, max(0, figure.start - 80), figure.start) if word else -1
        start = at if at >= 0 else figure.start
        return Issue(
            "MG110", start, figure.end, " ".join(text[start : figure.end].split()),
            f"{number(expected)} ({hedge_rule(sense)})",
        )  # fmt: skip
    verdict = agreement(figure, expected)
    if verdict == "exact":
        return None
    flipped = replace(figure, value=-figure.value)
    if figure.unit == "gbp" and figure.value and agreement(flipped, expected) == "exact":
        words = text[max(0, figure.start - 40) : figure.end + 30]
        signs = sign_words()
        if signs is not None and signs.search(words):
            return None  # "an underspend of £0.4m" for a row of -400,000: its words carry the sign
    if verdict == "coarse":
        return Issue("MG102", figure.start, figure.end, figure.text, number(expected))
    if figure.role == "actual":
        for role, slip in (("previous", "MG107"), ("target", "MG108")):
            other = row_field(row, role)
            if matches(figure, other):
                return Issue(slip, figure.start, figure.end, figure.text, number(expected))
    others = [row_field(row, role) for role in _FIELD_CODES if role != figure.role]
    if any(matches(figure, other) for other in others):
        return None
    return Issue(code, figure.start, figure.end, figure.text, number(expected))


def compare_unit(figure: Figure, row: Indicator) -> Issue | None:
    """A stated unit against the row's unit (MG502 percent for a count, MG503 otherwise)."""
    if figure.role not in ("actual", "previous") or not row.unit or figure.value == 0:
        return None  # zero has no unit ("no child" of a percentage); targets may be rates
    stated, wanted = figure.unit, row.unit
    if stated == wanted or stated in (None, "other") or wanted == "other":
        return None
    if stated == "percent" and wanted != "percent":
        return Issue("MG502", figure.start, figure.end, figure.text, f"a {wanted}")
    if stated == "count" and figure.text.strip().replace(",", "").replace(".", "").isdigit():
        return None  # a bare number ("to 18") takes its unit from its neighbour
    if wanted == "percent" and stated == "count":
        return None
    return Issue("MG503", figure.start, figure.end, figure.text, f"in {wanted}")


_BENCH_WORDS = re.compile(
    r"\b(?:neighbours?|national|regional|england|average|benchmark|comparators?|similar)"
)
_POINTS_SUFFIX = re.compile(r"\d\s*(?:pp|ppts?|pts?|points?)$", re.IGNORECASE)


def _states_points(figure: Figure, text: str) -> bool:
    after = text[figure.end : figure.end + 30]
    lexicon = load_lexicon()
    if lexicon.points.search(figure.text) or _POINTS_SUFFIX.search(figure.text):
        return True  # "3.1pp": the suffix stands against the numeral
    match = lexicon.points.search(after)
    return bool(match and match.start() <= 2)


def compare_change(
    figure: Figure, row: Indicator, text: str, previous: float | None, actual: float | None
) -> Issue | None:
    """A stated size of change against the data (MG106), in percentage points (MG501).

    The change may be measured from the previous value, the target or the benchmark
    ("1 per cent below statistical neighbours"); it is wrong only if it fits none of them.
    """
    if actual is None:
        return None
    references = [r for r in (previous, row.target, row.benchmark) if r is not None]
    if previous is None:
        # no earlier value in the data: a change is checked against the target or comparator
        # only where its words name one ("2.4 points above target"); "up 3.1pp on the same
        # quarter last year" measures from a period the data does not hold
        after = text[figure.end : figure.end + 60].lower() if text else ""
        references = []
        if row.target is not None and re.search(r"\b(?:target|goal)", after):
            references.append(row.target)
        if row.benchmark is not None and _BENCH_WORDS.search(after):
            references.append(row.benchmark)
    if not references:
        return None
    sense = hedge(figure, text)
    if sense is not None:  # "an increase of just over 500": held to the hedge's tolerance
        sizes = [abs(actual - r) for r in references]
        sizes += [abs(actual - r) / abs(r) * 100 for r in references if r != 0]
        if any(hedged_ok(figure, size, sense) for size in sizes):
            return None
        if sense not in ("hypothetical", "part"):  # outside the hedge: that slip (MG110)
            word = hedge_word(figure, text)
            want = min(sizes, key=lambda size: abs(size - figure.value))
            return Issue(
                "MG110", figure.start - len(word) - 1 if word else figure.start, figure.end,
                f"{word} {figure.text}".strip(), f"{number(want)} ({hedge_rule(sense)})",
            )  # fmt: skip
    points = _states_points(figure, text)
    as_percent = figure.unit == "percent" and not points
    differences = [abs(actual - r) for r in references]
    relatives = [abs(actual - r) / abs(r) * 100 for r in references if r != 0]
    if row.unit == "percent" and as_percent:
        # between two percentages a change is in points; near 100 per cent the relative change
        # can round to the same number, which does not make "per cent" right
        if any(matches(figure, d) for d in differences):
            return Issue(
                "MG501",
                figure.start,
                figure.end,
                figure.text,
                f"{number(differences[0])} percentage points",
            )
        if any(matches(figure, r) for r in relatives):
            return None
    elif as_percent:
        if any(matches(figure, r) for r in relatives):
            return None
    elif any(matches(figure, d) for d in differences):
        return None
    if any(matches(figure, d) for d in differences + relatives):
        return None
    want = differences[0] if (points or not as_percent) else (relatives or differences)[0]
    unit = " percentage points" if points else (" per cent" if as_percent else "")
    issue = Issue("MG106", figure.start, figure.end, figure.text, f"{number(want)}{unit}")
    after = text[figure.end : figure.end + 40].lstrip() if text else ""
    year_ago = _claims_words("year_ago")
    if previous is not None and year_ago is not None and year_ago.match(after):
        # "£0.6m (£1.3m in August, £1.1m over last year)": the change is measured from a year
        # ago, and the data's earlier value may be another period: a warning, not an error
        return replace(issue, code="MG603", extra={**issue.extra, "claim": "MG106"})
    return issue


def _movement(previous: float, actual: float) -> str:
    if actual > previous:
        return f"up from {number(previous)} to {number(actual)}"
    if actual < previous:
        return f"down from {number(previous)} to {number(actual)}"
    return f"unchanged at {number(actual)}"


def compare_direction(
    cue: Cue, row: Indicator, previous: float | None, actual: float | None
) -> Issue | None:
    """An increase/decrease word (MG201) or improvement/deterioration word (MG202) against
    the previous and actual values and the polarity; MG203 when the data cannot say."""
    if previous is None or actual is None:
        return Issue("MG203", cue.start, cue.end, cue.text, "no previous value")
    moved = _movement(previous, actual)
    if cue.kind == "direction":
        wrong = (cue.sense == "up" and actual <= previous) or (
            cue.sense == "down" and actual >= previous
        )
        return Issue("MG201", cue.start, cue.end, cue.text, moved) if wrong else None
    if row.polarity not in ("higher", "lower"):
        return Issue("MG203", cue.start, cue.end, cue.text, f"{moved}, polarity unknown")
    sign = 1 if row.polarity == "higher" else -1
    better = (actual - previous) * sign > 0
    wrong = (cue.sense == "better" and not better) or (cue.sense == "worse" and better)
    if not wrong:
        return None
    return Issue("MG202", cue.start, cue.end, cue.text, f"{moved} where {row.polarity} is better")


def meets(actual: float, target: float, polarity: str | None) -> bool | None:
    """Whether an actual meets its target given the polarity; None when it cannot be told."""
    if polarity == "higher":
        return actual >= target
    if polarity == "lower":
        return actual <= target
    return True if math.isclose(actual, target) else None


def compare_relation(
    cue: Cue, row: Indicator, actual: float | None, target: float | None, benchmark: float | None
) -> Issue | None:
    """Above/below/met/missed target (MG301, MG302) and higher/lower than the benchmark
    (MG303) against the numbers; MG304 when the data has nothing to compare with."""
    if actual is None:
        return None
    if cue.kind == "target_relation":
        if target is None:
            return Issue("MG304", cue.start, cue.end, cue.text, "no target")
        data = f"{number(actual)} against a target of {number(target)}"
        if cue.sense in ("above", "below"):
            wrong = (cue.sense == "above" and actual <= target) or (
                cue.sense == "below" and actual >= target
            )
            return Issue("MG301", cue.start, cue.end, cue.text, data) if wrong else None
        if cue.sense == "exceeded":
            # beat the target: polarity decides the side; unknown polarity cannot be judged
            # when the numbers alone would call it wrong ("exceeded" a lower-is-better target)
            if row.polarity == "lower":
                wrong = actual >= target
            elif row.polarity == "higher" or actual > target:
                wrong = actual <= target
            else:
                return Issue("MG304", cue.start, cue.end, cue.text, f"{data}, polarity unknown")
            return Issue("MG301", cue.start, cue.end, cue.text, data) if wrong else None
        met = meets(actual, target, row.polarity)
        if met is None:
            return Issue("MG304", cue.start, cue.end, cue.text, f"{data}, polarity unknown")
        wrong = met != (cue.sense == "met")
        suffix = f" where {row.polarity} is better"
        return Issue("MG302", cue.start, cue.end, cue.text, data + suffix) if wrong else None
    if cue.sense == "same":
        return None
    if benchmark is None:
        return Issue("MG304", cue.start, cue.end, cue.text, "no benchmark")
    label = row.benchmark_label or "the benchmark"
    data = f"{number(actual)} against {number(benchmark)} ({label})"
    if cue.sense in ("better", "worse"):
        if row.polarity not in ("higher", "lower"):
            return Issue("MG304", cue.start, cue.end, cue.text, f"{data}, polarity unknown")
        sign = 1 if row.polarity == "higher" else -1
        better = (actual - benchmark) * sign > 0
        wrong = better != (cue.sense == "better")
    else:
        wrong = (cue.sense == "above" and actual <= benchmark) or (
            cue.sense == "below" and actual >= benchmark
        )
    return Issue("MG303", cue.start, cue.end, cue.text, data) if wrong else None


def data_verdict(row: Indicator, previous: float | None = None) -> tuple[str, str] | None:
    """Whether the data says the result is good or bad, and why, in the order the drafter
    decides it: RAG status, then target with polarity, then a change since the previous
    period at least as big as the drafter's materiality threshold."""
    if row.status == "green":
        return "good", "status green"
    if row.status == "red":
        return "bad", "status red"
    if row.status == "amber":
        return None
    actual = row.value
    if actual is None or row.polarity not in ("higher", "lower"):
        return None
    if row.target is not None:
        met = meets(actual, row.target, row.polarity)
        where = f"{number(actual)} against a target of {number(row.target)}"
        return ("good", f"on target: {where}") if met else ("bad", f"off target: {where}")
    previous = row.previous if row.previous is not None else previous
    if previous is not None and previous != actual:
        from ..draft.content import Judgement, is_material

        if not is_material(actual, previous, row.unit, Judgement().materiality):
            return None  # the drafter's 'broadly unchanged': neither better nor worse
        sign = 1 if row.polarity == "higher" else -1
        moved = _movement(previous, actual)
        if (actual - previous) * sign > 0:
            return "good", f"better: {moved}"
        return "bad", f"worse: {moved}"
    return None


def compare_framing(
    sense: str, start: int, end: int, text: str, row: Indicator, previous: float | None
) -> Issue | None:
    """Positive framing of a bad result (MG401) or negative framing of a good one (MG402)."""
    verdict = data_verdict(row, previous)
    if verdict is None:
        return None
    quality, why = verdict
    if sense == "positive" and quality == "bad":
        return Issue("MG401", start, end, text, why)
    if sense == "negative" and quality == "good":
        return Issue("MG402", start, end, text, why)
    return None
