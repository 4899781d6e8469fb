"""Indicator tables in: CSV, XLSX, JSON and YAML, with messy real-world headers and cells.

Headers are matched to the canonical columns of DESIGN.md through the variants kept in
phrasebanks/columns.yaml (exactly, then fuzzily with rapidfuzz); cells such as "91.6%",
"£1.2m" or "n/a" become floats, units and None; anything unusable is an InputError naming
the file, the row and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from .catalogue import Catalogue, load_catalogue
from .errors import InputError, warn
from .limits import MAX_FILE_BYTES, check_file_size, check_zip_inflation
from .model import CLASSIFICATIONS, POLARITIES, STATUSES, UNITS, Indicator
from .yamlio import load_yaml, yaml_error_message

COLUMNS: tuple[str, ...] = (
    "indicator", "value", "unit", "id", "period", "previous", "previous_period", "target",
    "polarity", "benchmark", "benchmark_label", "frequency", "status", "note",
    "classification", "abbreviation", "part_of",
)  # fmt: skip
NUMERIC_COLUMNS: tuple[str, ...] = ("value", "previous", "target", "benchmark")
TABLE_KEYS: tuple[str, ...] = ("indicators", "rows", "data")
EXTENSIONS: dict[str, str] = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".json": "json", ".yaml": "yaml", ".yml": "yaml",
}  # fmt: skip

# Fuzzy header threshold, measured in tests/test_tables.py (HEADER_TYPOS, OTHER_HEADERS):
# fuzz.ratio between a normalised header and each variant. Typos and near-forms that must
# pass ("Indicater" 88.9, "Reslt" 90.9, "Previous yr" 91.7, "Measures" 93.3, "Polarty" 93.3,
# "Commentry" 94.7, "Stat neighbour" 96.6) all score 88 or more; other columns that must not
# match score at most 85.7 ("Targeted" 85.7, "Target date" 78.3, "Last updated" 75,
# "Priority" 75, "Directorate" 70). 86 sits in that gap; a transposition as bad as "Traget"
# (83.3) is the price.
HEADER_THRESHOLD = 86.0
# Cells naming a polarity, status or classification in other words, by token_sort_ratio
# against the known wordings (measured): near-forms pass ("Higher = better" 89.7,
# "Lower = better" 88.9, "Aim: increase" 88.9, "Highlighted" 90); wordings that mean
# something else stay out ("Not on target" 81.8 against "on target", "High is bad" 78.3
# against "high is good", "Up is good" 76.2 against "low is good"). 88 sits between.
CELL_THRESHOLD = 88.0
# How many leading rows (titles, notes, blanks) are searched for the real header row.
HEADER_SEARCH_ROWS = 30
SNIFF_CHARS = 65_536  # the head of a delimited file its delimiter is guessed from, at first

_PERIOD = re.compile(
    r"\b(?:q[1-4]|quarter\s*[1-4]|h[12]|p\d{1,2}|period\s*\d{1,2}|fy|ytd\s+\d{4}"
    r"|(?:19|20)\d\d\s*[/\-–]\s*\d{2,4}|(?:19|20)\d\d"
    r"|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"[(\[{]([^)\]}]*)[)\]}]")
_NON_WORD = re.compile(r"[^\w%£#&+]+")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NUMBER = re.compile(
    r"""^(?P<open>\()?\s*(?P<sign>[-+−–])?\s*(?P<cur>£)?\s*(?P<sign2>[-+−–])?\s*
        (?P<num>(?:\d[\d,\s]*(?:\.\d+)?|\.\d+)(?:e[-+]?\d+)?)\s*
        (?P<mult>million|billion|thousand|mn|bn|k|m)?(?![a-z])\.?\s*
        (?P<rest>[^)]*?)\s*(?P<close>\))?\s*[*†‡]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6}
_MULTIPLIERS |= {"bn": 1e9, "billion": 1e9}
_UNTIDY = re.compile(r"^\s|\s$|\s\s|[^\S ]")  # whitespace to collapse or trim
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")  # a cell float() reads as _NUMBER does
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Vocabulary:
    """What phrasebanks/columns.yaml says about headers and cells, indexed for lookup."""

    columns: dict[str, tuple[str, ...]]
    missing: frozenset[str]
    units: dict[str, str]
    polarity: dict[str, str]
    status: dict[str, str]
    classification: dict[str, str]
    generic_benchmark: frozenset[str] = field(default_factory=frozenset)
    ignored: frozenset[str] = field(default_factory=frozenset)
    previous_periods: dict[str, str] = field(default_factory=dict)
    note_labels: tuple[str, ...] = ()


def _invert(
    data: Mapping[str, Iterable[str]], allowed: tuple[str, ...], what: str
) -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, variants in data.items():
        if canonical not in allowed:
            raise InputError(f"columns.yaml: unknown {what} {canonical!r}")
        table[canonical] = canonical
        for variant in variants:
            table[_cell_key(str(variant))] = canonical
    return table


@cache
def vocabulary() -> Vocabulary:
    """The header and cell vocabulary from phrasebanks/columns.yaml (loaded once)."""
    from .resources import phrasebanks_dir

    path = phrasebanks_dir() / "columns.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"))
    columns = {name: tuple(normalise_header(v) for v in data["columns"][name]) for name in COLUMNS}
    return Vocabulary(
        columns=columns,
        missing=frozenset(_cell_key(str(m)) for m in data["missing"]),
        units=_invert(data["units"], UNITS, "unit"),
        polarity=_invert(data["polarity"], POLARITIES, "polarity"),
        status=_invert(data["status"], STATUSES, "status"),
        classification=_invert(data["classification"], CLASSIFICATIONS, "classification"),
        generic_benchmark=frozenset(
            normalise_header(v) for v in data.get("generic_benchmark_headers", [])
        ),
        ignored=frozenset(normalise_header(v) for v in data.get("ignored_headers", [])),
        previous_periods={
            normalise_header(k): str(v)
            for k, v in (data.get("previous_period_headers") or {}).items()
        },
        note_labels=tuple(_cell_key(str(v)) for v in data.get("note_row_labels") or []),
    )


# ---------------------------------------------------------------------------- headers


def normalise_header(text: Any) -> str:
    """Lower case, underscores and punctuation to spaces, spaces collapsed."""
    return " ".join(_NON_WORD.sub(" ", str(text).replace("_", " ").lower()).split())


def _cell_key(text: str) -> str:
    return " ".join(str(text).strip().lower().split())


def _header_forms(header: str) -> tuple[list[str], str | None]:
    """The strings a header is compared as, and the period it names (if any).

    "Previous (Q2 2019/20)" -> ["previous", ...], "Q2 2019/20"; "Q2 2020/21" -> [], "Q2 2020/21".
    """
    text = str(header).strip()
    periods = [m.group(0) for m in _PERIOD.finditer(text)]
    inside = [m.group(1) for m in _BRACKETS.finditer(text)]
    outside = _BRACKETS.sub(" ", text)
    forms: list[str] = []
    for candidate in (text, outside, *inside):
        bare = _PERIOD.sub(" ", candidate)
        for variant in (candidate, bare, re.sub(r"[%£]", " ", bare)):
            norm = normalise_header(variant)
            if norm and norm not in forms:
                forms.append(norm)
    period = None
    if periods:
        start = min(m.start() for m in _PERIOD.finditer(text))
        end = max(m.end() for m in _PERIOD.finditer(text))
        period = text[start:end].strip(" ()[]")
    return forms, period


def _is_period_only(header: str) -> bool:
    """Whether a header is nothing but a period ("Q2 2020/21", "Sept 2020 (%)")."""
    text = _BRACKETS.sub(" ", str(header))
    return bool(_PERIOD.search(text)) and not normalise_header(_PERIOD.sub(" ", text)).strip(
        "% £#&+"
    )


def _period_sort_key(label: str, position: int) -> tuple[int, int, int]:
    """Order of a period label in time: "Q2 2020/21" after "Q1 2020/21", "April 2020" after
    "March 2020"; labels it cannot read keep their column order."""
    years = re.findall(r"(?:19|20)\d\d", label)
    year = int(years[0]) if years else 0
    financial = re.search(r"(?:19|20)\d\d\s*[/\-–]\s*\d{2}", label) is not None
    quarter = re.search(r"\b(?:q|quarter\s*)([1-4])\b", label, re.IGNORECASE)
    sub = int(quarter.group(1)) * 3 if quarter else 0
    lower = label.lower()
    for index, month in enumerate(_MONTHS):
        if re.search(rf"\b{month}", lower):
            # In a financial year ("2020/21") April is the first month and March the last.
            sub = (index - 3) % 12 + 1 if financial else index + 1
    return (year, sub, position) if years or quarter else (0, 0, position)


@dataclass(frozen=True)
class HeaderMap:
    """Which source header feeds each canonical column, and periods read from headers."""

    columns: dict[str, str]  # canonical -> source header
    periods: dict[str, str] = field(default_factory=dict)  # canonical -> period in its header
    units: dict[str, str] = field(default_factory=dict)  # canonical -> unit its header implies
    scores: dict[str, float] = field(default_factory=dict)  # canonical -> match score

    def header(self, column: str) -> str | None:
        """The source header read as `column`, or None."""
        return self.columns.get(column)


def map_headers(headers: Iterable[Any], *, threshold: float = HEADER_THRESHOLD) -> HeaderMap:
    """Match source headers to canonical columns: exact variants first, then fuzzy ones.

    A header that is only a period ("Q2 2020/21") is a result column: the latest such header
    gives `value` and the one before it `previous`, unless the table names those columns.
    """
    vocab = vocabulary()
    candidates: list[tuple[float, tuple[int, int], int, int, str, str]] = []
    header_list = [str(h) for h in headers if h is not None and str(h).strip()]
    periods: dict[str, str | None] = {}
    for position, header in enumerate(header_list):
        forms, period = _header_forms(header)
        periods[header] = period
        whole = (normalise_header(header), normalise_header(_BRACKETS.sub(" ", header)))
        if any(form in vocab.ignored for form in whole):
            continue
        canonical = header.strip().lower()
        for column in COLUMNS:
            best: tuple[float, int] | None = None
            if canonical == column:  # the canonical name itself ("previous_period") wins
                best = (101.0, -1)
            for priority, variant in enumerate(vocab.columns[column]):
                for form in forms:
                    score = 100.0 if form == variant else fuzz.ratio(form, variant)
                    if score >= threshold and (
                        best is None or (score, -priority) > (best[0], -best[1])
                    ):
                        best = (score, priority)
            if best is not None:
                # Among equal "Actual Q1 2020/21", "Actual Q2 2020/21", the latest is the value.
                when = _period_sort_key(period, 0)[:2] if period and column == "value" else (0, 0)
                candidates.append((best[0], when, -best[1], -position, column, header))
    candidates.sort(reverse=True)
    columns: dict[str, str] = {}
    scores: dict[str, float] = {}
    used: set[str] = set()
    for score, _, _, _, column, header in candidates:
        if column in columns or header in used:
            continue
        columns[column] = header
        scores[column] = min(score, 100.0)
        used.add(header)
    if "previous" not in columns and periods.get(columns.get("value", "")):
        # The next latest of several dated result columns is the previous value.
        earlier = [c for c in candidates if c[4] == "value" and c[5] not in used and periods[c[5]]]
        if earlier:
            _, _, _, _, _, header = earlier[0]
            columns["previous"] = header
            scores["previous"] = min(earlier[0][0], 100.0)
            used.add(header)
    found_periods = {c: p for c, h in columns.items() if (p := periods.get(h))}
    if "previous" in columns and "previous" not in found_periods:
        said = vocab.previous_periods.get(normalise_header(columns["previous"]))
        if said:  # "Same period last year": the prose must not say "the previous period"
            found_periods["previous"] = said
    period_headers = [
        (h, p) for h in header_list if h not in used and _is_period_only(h) and (p := periods[h])
    ]
    if period_headers:
        ordered = sorted(
            enumerate(period_headers), key=lambda item: _period_sort_key(item[1][1], item[0])
        )
        for column in ("value", "previous"):
            if column not in columns and ordered:
                _, (header, period) = ordered.pop()
                columns[column] = header
                scores[column] = 100.0
                found_periods[column] = period
    units = {c: u for c, h in columns.items() if (u := _header_unit(h))}
    return HeaderMap(columns=columns, periods=found_periods, scores=scores, units=units)


@lru_cache(maxsize=1024)
def benchmark_label_from_header(header: str) -> str | None:
    """What a benchmark column's header says the benchmark is: "Stat neighbours" as it
    stands, "Benchmark (HouseMark median)" -> "HouseMark median", "Benchmark" -> None."""
    generic = vocabulary().generic_benchmark
    outside = " ".join(_BRACKETS.sub(" ", header).split())
    if normalise_header(outside) not in generic:
        return _clip(" ".join(header.split()), 80)
    for aside in _BRACKETS.findall(header):
        if normalise_header(aside) and _header_unit(f"({aside})") is None:
            return _clip(" ".join(aside.split()), 80)
    return None


def _header_unit(header: str) -> str | None:
    """The unit a header states in brackets or at its end: "Actual (%)", "Cost £", "Days"."""
    text = str(header).lower()
    for aside in _BRACKETS.findall(text):
        unit = vocabulary().units.get(_cell_key(aside))
        if unit:
            return unit
    if text.rstrip().endswith("%") or "per cent" in text:
        return "percent"
    if "£" in text:
        return "gbp"
    return None


# ---------------------------------------------------------------------------- cells


def parse_number(cell: Any) -> tuple[float | None, str | None]:
    """A cell as (float or None, unit it implies or None): "91.6%" -> (91.6, "percent").

    Raises ValueError for text that is not a number.
    """
    if type(cell) is str:  # a CSV's cells: the type checks below are for spreadsheets and JSON
        if _PLAIN_NUMBER.fullmatch(cell):
            return float(cell), None
        return _parse_text(cell)
    if cell is None:
        return None, None
    if isinstance(cell, bool):
        raise ValueError(str(cell))
    if isinstance(cell, (int, float)):
        value = float(cell)
        if math.isinf(value):
            raise ValueError(str(cell))
        return (None, None) if math.isnan(value) else (value, None)
    text = str(cell)
    if _PLAIN_NUMBER.fullmatch(text):  # "91.6", "-5": what _parse_text would make of it
        return float(text), None
    return _parse_text(text)


@lru_cache(maxsize=8192)
def _parse_text(cell: str) -> tuple[float | None, str | None]:
    """parse_number for text, cached: real tables repeat "90%", "n/a" and "-" down a column."""
    text = cell.strip().replace("\u00a0", " ")
    if _cell_key(text) in vocabulary().missing:
        return None, None
    match = _NUMBER.match(text)
    if match is None or bool(match["open"]) != bool(match["close"]):
        raise ValueError(text)
    digits = match["num"].replace(" ", "")
    exponent = re.search(r"e[-+]?\d+$", digits, re.IGNORECASE)
    if exponent:  # Excel's scientific notation: "1.2E+05"
        digits, power = digits[: exponent.start()], exponent.group(0)
    else:
        power = ""
    if "," in digits:
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
            digits = digits.replace(",", "")
        elif re.fullmatch(r"\d+,\d{1,2}", digits) or re.fullmatch(r"\d+,\d{4,}", digits):
            digits = digits.replace(",", ".")  # a decimal comma ("91,6")
        else:
            raise ValueError(text)
    value = float(digits + power)
    if math.isinf(value):
        raise ValueError(text)
    unit: str | None = None
    if match["cur"]:
        unit = "gbp"
    mult = (match["mult"] or "").lower()
    if mult:
        if mult in ("m", "k") and not match["cur"] and match["rest"]:
            raise ValueError(text)
        value *= _MULTIPLIERS[mult]
    rest = _cell_key(match["rest"] or "")
    if rest:
        rest_unit = vocabulary().units.get(rest) or vocabulary().units.get(rest.rstrip("."))
        if rest_unit is None:
            raise ValueError(text)
        unit = unit or rest_unit
    if (match["sign"] or match["sign2"] or "+") in "-−–" or match["open"]:
        value = -value
    return value, unit


def parse_unit(cell: Any) -> str | None:
    """A unit cell in the vocabulary of model.UNITS; text it does not know becomes "other"."""
    text = _text(cell)
    if text is None:
        return None
    return _unit_of_text(text)


@lru_cache(maxsize=4096)
def _unit_of_text(text: str) -> str:
    """parse_unit for text, cached: a table repeats a handful of units down its column."""
    units = vocabulary().units
    key = _cell_key(text)
    for form in (key, _cell_key(_BRACKETS.sub(" ", key)), *_BRACKETS.findall(key)):
        if form in units:
            return units[form]
    if "%" in key or "per cent" in key or "percent" in key:
        return "percent"
    if "£" in key:
        return "gbp"
    if re.search(r"\bper\s+[\d,]+", key):
        return "rate"
    return "other"


def _lookup(cell: Any, kind: str) -> str | None:
    """The canonical word for a `kind` ("polarity", "status", "classification") cell, or None
    when the cell is blank or names nothing known."""
    text = _text(cell)
    if text is None:
        return None
    return _lookup_text(text, kind)


@lru_cache(maxsize=4096)
def _lookup_text(text: str, kind: str) -> str | None:
    table: dict[str, str] = getattr(vocabulary(), kind)
    key = _cell_key(text)
    if key in table:
        return table[key]
    key = _cell_key(_BRACKETS.sub(" ", key).strip(" .!"))
    if key in table:
        return table[key]
    found = _fuzzy_word(normalise_header(key), tuple(table))
    return None if found is None else table[found]


@cache
def _word_keys(keys: tuple[str, ...]) -> dict[str, str]:
    return {normalise_header(k): k for k in keys if normalise_header(k)}


def _fuzzy_word(text: str, keys: tuple[str, ...]) -> str | None:
    """A polarity/status/classification cell worded a little differently ("Higher = better",
    "Lower is Best"): token_sort_ratio of at least CELL_THRESHOLD against a known wording."""
    if not text:
        return None
    words = _word_keys(keys)
    if text in words:
        return words[text]
    best = process.extractOne(
        text, list(words), scorer=fuzz.token_sort_ratio, score_cutoff=CELL_THRESHOLD
    )
    return None if best is None else words[best[0]]


def _text(cell: Any) -> str | None:
    """A cell as one line of text (whitespace collapsed), or None when blank."""
    if cell is None:
        return None
    if type(cell) is str:
        # printable text has no whitespace but plain spaces, so only these can be untidy: the
        # common case decided by string methods, without the regular expression
        if cell.isprintable():
            if not (cell[:1] == " " or cell[-1:] == " " or "  " in cell):
                return cell or None
        elif not _UNTIDY.search(cell):
            return cell or None
        text = " ".join(cell.split())
        return text or None
    if isinstance(cell, float):
        if math.isnan(cell):
            return None
        if cell.is_integer():
            return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    text = " ".join(str(cell).split())
    return text or None


# ---------------------------------------------------------------------------- rows


def load_table_from_rows(
    rows: list[dict[str, Any]] | list[Any],
    *,
    source: str = "<data>",
    catalogue: Catalogue | bool = True,
    first_row: int = 1,
    row_numbers: Sequence[int] | None = None,
) -> list[Indicator]:
    """Indicators from row mappings (header -> cell), as a table file would give them.

    `catalogue` fills the id, unit, polarity, abbreviation and frequency a row leaves out
    (when its name matches an entry and its unit does not contradict it): True uses the
    shipped catalogue, False none. Row numbers count from `first_row` (1-based data rows),
    or are `row_numbers` (one per row: the sheet's row, the CSV's line, as the user sees it).
    """
    from .gcpause import paused_gc

    numbers = list(row_numbers) if row_numbers is not None else None
    if numbers is not None and len(numbers) != len(rows):
        raise ValueError("row_numbers must give one number per row")
    with paused_gc():
        return _load_rows(
            rows, source=source, catalogue=catalogue, first_row=first_row, numbers=numbers
        )


def _load_rows(
    rows: list[dict[str, Any]] | list[Any],
    *,
    source: str,
    catalogue: Catalogue | bool,
    first_row: int,
    numbers: list[int] | None = None,
) -> list[Indicator]:
    def numbered() -> Iterable[tuple[int, Any]]:
        if numbers is None:
            return enumerate(rows, start=first_row)
        return zip(numbers, rows, strict=True)

    for number, row in numbered():
        if not isinstance(row, Mapping):
            raise InputError(
                f"row {number} is {_kind(row)}, not a mapping of column to value",
                path=source,
            )
    headers: list[str] = []
    seen: set[str] = set()
    for row in rows:
        for key in row:
            name = str(key)
            if name not in seen:
                seen.add(name)
                headers.append(name)
    if not rows:
        raise InputError("the table has no data rows", path=source)
    mapping = map_headers(headers)
    _require(mapping, headers, source)
    cat = load_catalogue() if catalogue is True else (catalogue or None)
    fillable = ("id", "unit", "polarity", "abbreviation", "frequency")
    if cat is not None and any(c not in mapping.columns for c in fillable):
        # Match every distinct name in one batch; _indicator then reads the cache.
        header = mapping.columns["indicator"]
        cat.match_many(list({n for r in rows if (n := _text(r.get(header))) is not None}))
    indicators: list[Indicator] = []
    ids: dict[str, int] = {}
    suggested: dict[int, str] = {}
    for number, row in numbered():
        cells = {str(k): v for k, v in row.items()}
        if all(v is None or v == "" or _text(v) is None for v in cells.values()):
            continue  # a blank line in a spreadsheet
        if _is_note_row(cells, mapping):
            continue  # a footnote line with no name and no figure under the table
        if _is_legend_row(cells, mapping):
            name = _clip(_text(cells.get(mapping.columns["indicator"])) or "", 60)
            warn(f"passed over {name!r}: a note or key, not an indicator", path=source, row=number)
            continue
        indicators.append(_indicator(cells, mapping, number, source, cat, ids, suggested))
    if not indicators:
        raise InputError("the table has no data rows", path=source)
    _warn_repeats(indicators, source)
    _warn_fractions(indicators, source)
    if suggested:
        # A catalogue id goes to the first row it suits, never to two rows, and never
        # to a row when the table itself gives that id to another row.
        taken = set(ids)
        for index, indicator in enumerate(indicators):
            ident = suggested.get(indicator.row)
            if ident is not None and ident not in taken:
                taken.add(ident)
                indicators[index] = replace(indicator, id=ident)
    return indicators


def _warn_fractions(indicators: list[Indicator], source: str) -> None:
    """Percentages all between 0 and 1 with decimals (0.992, 0.011) are likely proportions
    (a spreadsheet's 99.2%% unformatted): say so once, naming the first row, not guess."""
    percents = [i for i in indicators if i.unit == "percent" and i.value is not None]
    values = [i.value for i in percents if i.value is not None]
    if not values or any(abs(v) > 1 for v in values) or all(float(v).is_integer() for v in values):
        return
    first = next(i for i in percents if i.value is not None and not float(i.value).is_integer())
    warn(
        f"every percentage is between 0 and 1 ({_clip(first.name, 40)!r}: {first.value:g}); "
        f"if they are proportions, {first.value:g} is {first.value * 100:g} per cent: "
        "multiply the column by 100",
        path=source,
        row=first.row,
    )


def _warn_repeats(indicators: list[Indicator], source: str) -> None:
    """Name each row that repeats an earlier row's indicator (same name, same period): a
    minute drafted from both would state two figures for one indicator."""
    first: dict[tuple[str, str], Indicator] = {}
    for row in indicators:
        key = (_cell_key(row.name), _cell_key(row.period or ""))
        earlier = first.setdefault(key, row)
        if earlier is not row:
            same = "the same values" if earlier.value == row.value else "a different value"
            warn(
                f"{_clip(row.name, 60)!r} repeats row {earlier.row}"
                + (f" ({_clip(earlier.name, 60)!r})" if earlier.name != row.name else "")
                + f" with {same}; the minute will state both: remove one",
                path=source,
                row=row.row,
            )


def _is_note_row(cells: dict[str, Any], mapping: HeaderMap) -> bool:
    """A row with no indicator name and no figure at all (a footnote, a source line): not an
    indicator, so not an error either. A row with figures but no name is still an error."""

    def empty(column: str) -> bool:
        header = mapping.columns.get(column)
        return header is None or _text(cells.get(header)) is None

    return all(empty(c) for c in ("indicator", "value", "previous", "target", "benchmark"))


_LEGEND = re.compile(r"(?:^|[\s;,(])\w{1,3}\s*=\s*\w")  # "G = on target", "R=off"
_LABEL_ENDS = (":", "-", "–", "—", ".", ")")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?$")
# A name cell of at least this many words ending like a sentence is prose, not a name:
# catalogue names run to 20 words ("Children becoming subject to a Child Protection Plan for a
# second or subsequent time within 2 years of the previous plan ending" is 22) but do not
# end in a full stop; two sentences in one cell are always prose.
SENTENCE_WORDS = 8


def _is_legend_row(cells: dict[str, Any], mapping: HeaderMap) -> bool:
    """A row whose name reads as a note, a key or prose and that has no figure at all
    ("Notes: figures are provisional", "Key: G = on target"): not an indicator."""
    for column in ("value", "previous", "target", "benchmark"):
        header = mapping.columns.get(column)
        if header is not None and _text(cells.get(header)) is not None:
            return False
    name = _text(cells.get(mapping.columns["indicator"]))
    if name is None:
        return False
    key = _cell_key(name)
    for label in vocabulary().note_labels:
        rest = key[len(label) :].lstrip() if key.startswith(label) else None
        # "Notes: ...", "Key - ...", "* provisional"; not "Key performance indicators met"
        if rest is not None and (not label[-1].isalnum() or rest[:1] in ("", *_LABEL_ENDS)):
            return True
    if _LEGEND.search(name):
        return True
    words = len(name.split())
    two_sentences = re.search(r"\w[.!?]\s+[A-Z]", name) is not None
    return two_sentences or (words >= SENTENCE_WORDS and _SENTENCE_END.search(name) is not None)


def _require(mapping: HeaderMap, headers: list[str], source: str) -> None:
    for column in ("indicator", "value"):
        if column not in mapping.columns:
            shown = ", ".join(repr(_clip(h)) for h in headers[:12]) or "none"
            if len(headers) > 12:
                shown += f" and {len(headers) - 12} more"
            variants = ", ".join(repr(v) for v in vocabulary().columns[column][:5])
            raise InputError(
                f"no {column!r} column (headed e.g. {variants}); columns found: {shown}",
                path=source,
            )


def _kind(value: Any) -> str:
    """What a JSON/YAML value is, in a user's words: "a number", "text", "a list"."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return "nothing" if value is None else f"a {type(value).__name__}"


def _clip(text: str, limit: int = 40) -> str:
    text = _CONTROL.sub("?", " ".join(str(text).split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _indicator(
    cells: dict[str, Any],
    mapping: HeaderMap,
    number: int,
    source: str,
    catalogue: Catalogue | None,
    ids: dict[str, int],
    suggested: dict[int, str],
) -> Indicator:
    """One row as an Indicator; `ids` collects the table's own ids (row by id), `suggested`
    the catalogue's id for rows without one (by row number)."""

    def cell(column: str) -> Any:
        header = mapping.columns.get(column)
        return None if header is None else cells.get(header)

    def fail(column: str, message: str) -> InputError:
        header = mapping.columns.get(column, column)
        if normalise_header(header) != column:
            message += f" (header {_clip(header)!r})"
        return InputError(message, path=source, row=number, column=column)

    raw_name = cell("indicator")
    # JSON/YAML: ["x"] is no name (text, the common case, skips the slow ABC check)
    if type(raw_name) is not str and isinstance(raw_name, (list, tuple, Mapping)):
        raise fail("indicator", f"the indicator name is {_kind(raw_name)}, not text")
    name = _text(raw_name)
    if name is None:
        raise fail("indicator", "the indicator name is empty")
    numbers: dict[str, float | None] = {}
    implied: str | None = None
    for column in NUMERIC_COLUMNS:
        try:
            value, unit = parse_number(cell(column))
        except ValueError:
            raise fail(column, f"{_clip(str(cell(column)))!r} is not a number") from None
        if value is not None and abs(value) >= 1e15:  # past a float's exact digits
            raise fail(column, f"{_clip(str(cell(column)))!r} has too many digits to be a figure")
        numbers[column] = value
        if value is not None:
            implied = implied or unit or mapping.units.get(column)
    unit = parse_unit(cell("unit")) or implied
    allowed = {"polarity": POLARITIES, "status": STATUSES, "classification": CLASSIFICATIONS}
    words: dict[str, str | None] = {}
    missing = vocabulary().missing
    for column in allowed:
        raw = cell(column)
        text = _text(raw)
        if column == "polarity" and text in ("-", "–", "—"):
            raw, text = None, None
        if text is None or (column != "polarity" and _cell_key(text) in missing):
            words[column] = None
            continue
        word = _lookup(raw, column)
        if word is None:
            raise fail(
                column,
                f"unknown {column} {_clip(str(raw))!r}; allowed: {', '.join(allowed[column])}",
            )
        words[column] = word
    ident = _text(cell("id"))
    if ident is not None:
        if ident in ids:
            raise fail("id", f"duplicate indicator id {ident!r} (first used in row {ids[ident]})")
        ids[ident] = number
    abbreviation = _text(cell("abbreviation"))
    frequency = _text(cell("frequency"))
    polarity = words["polarity"]
    if catalogue is not None and (None in (ident, unit, polarity, abbreviation, frequency)):
        found = catalogue.match(name)
        # A unit the table states that differs from the entry's marks another measure with a
        # similar name ("Number of re-referrals" is not the re-referral rate): fill nothing.
        if found is not None and unit in (None, found[0].unit):
            entry = found[0]
            if ident is None:
                suggested[number] = entry.id  # given out once every row's own id is known
            unit = unit or entry.unit
            polarity = polarity or entry.polarity
            abbreviation = abbreviation or entry.abbreviation
            frequency = frequency or entry.frequency
    period = _text(cell("period")) or mapping.periods.get("value")
    previous_period = _text(cell("previous_period")) or mapping.periods.get("previous")
    benchmark_label = _text(cell("benchmark_label"))
    if benchmark_label is None and numbers["benchmark"] is not None:
        benchmark_label = benchmark_label_from_header(mapping.columns["benchmark"])
    return Indicator(
        name=name,
        value=numbers["value"],
        unit=unit,
        id=ident,
        period=period,
        previous=numbers["previous"],
        previous_period=previous_period,
        target=numbers["target"],
        polarity=polarity,
        benchmark=numbers["benchmark"],
        benchmark_label=benchmark_label,
        frequency=frequency,
        status=words["status"],
        note=_text(cell("note")),
        classification=words["classification"],
        abbreviation=abbreviation,
        row=number,
        part_of=_text(cell("part_of")),
    )


# ---------------------------------------------------------------------------- files


def load_table(
    path: str | Path | Any, *, sheet: str | int | None = None, catalogue: Catalogue | bool = True
) -> list[Indicator]:
    """Read an indicator table (CSV, XLSX, JSON or YAML, or a pandas DataFrame with the same
    columns) into Indicators, one per data row.

    Example: load_table("indicators.csv")[0].value -> 91.6
    """
    return load_table_and_preset(path, sheet=sheet, catalogue=catalogue)[0]


def load_table_and_preset(
    path: str | Path | Any, *, sheet: str | int | None = None, catalogue: Catalogue | bool = True
) -> tuple[list[Indicator], str | None]:
    """load_table, and the label of the export preset (phrasebanks/presets.yaml) that read
    the file (a Pentana report, an LG Inform data.csv ...), or None for a plain table."""
    if _is_dataframe(path):
        return _from_dataframe(path, catalogue), None
    file = Path(path)
    source = str(path)
    kind = EXTENSIONS.get(file.suffix.lower())
    if not file.exists():
        raise InputError("file not found", path=source)
    if file.is_dir():
        raise InputError("is a folder, not a table file", path=source)
    if kind is None:
        if file.suffix.lower() == ".xls":
            raise InputError(
                "old .xls workbooks cannot be read; save it as .xlsx or CSV", path=source
            )
        raise InputError(
            f"unknown table format {file.suffix or '(no extension)'!r}; "
            f"use one of {', '.join(sorted(EXTENSIONS))}",
            path=source,
        )
    try:
        with file.open("rb") as handle:
            check_file_size(os.fstat(handle.fileno()).st_size, source)
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path=source) from None
    check_file_size(len(data), source)
    if not data.strip():
        raise InputError("the file is empty", path=source)
    if kind in ("xlsx", "csv"):
        lines: list[int] | None = None  # the line each CSV row starts on
        if kind == "xlsx":
            grid = _read_xlsx(data, source, sheet)
        else:
            grid, lines = _read_csv(_decode(data, source), source)
        from .presets import reshape

        export = reshape(grid, source, file.stem)
        if export is not None:
            rows = export.rows
            indicators = load_table_from_rows(rows, source=source, catalogue=catalogue)
            return indicators, export.preset.label
        return _from_grid(grid, source, catalogue, lines), None
    text = _decode(data, source)
    rows = _read_structured(text, source, kind)
    return load_table_from_rows(rows, source=source, catalogue=catalogue), None


def _is_dataframe(value: Any) -> bool:
    """A pandas DataFrame, known without importing pandas."""
    return type(value).__name__ == "DataFrame" and hasattr(value, "columns")


def _from_dataframe(frame: Any, catalogue: Catalogue | bool) -> list[Indicator]:
    """A DataFrame's rows as a table's: headers from its columns, missing cells (NaN, NaT,
    None) empty, rows numbered as in the file it would be (to_csv, to_excel: header on row 1,
    the first row on row 2)."""
    source = "<DataFrame>"
    if len(frame.columns) == 0:
        raise InputError("the DataFrame has no columns", path=source)
    headers = [str(column) for column in frame.columns]
    if len(set(headers)) != len(headers):
        raise InputError("the DataFrame has repeated column names", path=source)
    cells = frame.astype(object).where(frame.notna(), None).values.tolist()
    rows = [dict(zip(headers, row, strict=True)) for row in cells]
    return load_table_from_rows(rows, source=source, catalogue=catalogue, first_row=2)


def _decode(data: bytes, source: str) -> str:
    """Text of a file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows cp1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("not a table: cannot decode UTF-16 text", path=source) from None
    if b"\x00" in data[:4096]:
        raise InputError("not a table: the file is binary", path=source)
    # A UTF-8 BOM in front of cp1252 text (a BOM added by one tool, the text saved by Excel)
    # is still a BOM: drop it before guessing the encoding of the rest.
    data = data.removeprefix(b"\xef\xbb\xbf")
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:8192]
        if len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
            break
        return text
    raise InputError("not a table: the file is not text", path=source)


def _read_csv(text: str, source: str) -> tuple[list[list[Any]], list[int]]:
    """Rows of a delimited text file; the delimiter is Excel's "sep=" line when there is one,
    else the one of , ; tab | that splits the most lines into the same number of cells.
    Returns the rows and the line each starts on."""
    first_line = text.split("\n", 1)[0].strip()
    hinted = re.fullmatch(r"sep=(.)", first_line)
    if hinted:
        delimiter = hinted.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
    else:
        delimiter = _sniff_delimiter(text)
    # strict: a quote opened and never closed is an error, not the rest of the file in a cell
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[Any]] = []
    lines: list[int] = []
    offset = 1 if hinted else 0  # the "sep=;" line
    ended = offset  # the line the previous row ended on
    try:
        for row in reader:
            lines.append(ended + 1)  # a row starts on the line after the last one ended
            rows.append(row)
            ended = reader.line_num + offset
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            raise InputError(
                f'a quote (") opens a cell here and is never closed, so the rest of the file '
                f"(lines {ended + 1} to {reader.line_num + offset}) would be one cell",
                path=source,
                row=ended + 1,
            ) from None
        # other strictness (a stray quote inside a cell) Excel itself reads leniently: as it
        rows, lines = _read_csv_lenient(text, delimiter, offset)
    return rows, lines


def _read_csv_lenient(text: str, delimiter: str, offset: int) -> tuple[list[list[Any]], list[int]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Any]] = []
    lines: list[int] = []
    ended = offset
    for row in reader:
        lines.append(ended + 1)
        rows.append(row)
        ended = reader.line_num + offset
    return rows, lines


def _sniff_delimiter(text: str) -> str:
    wanted = HEADER_SEARCH_ROWS * 2
    # the first lines only: splitting a whole 100,000-row file to read 60 lines cost more than
    # the sniffing; the cut's last (perhaps partial) line is dropped, and a head too short to
    # hold the lines wanted falls back to the whole text, so the lines are the same
    head = text[: SNIFF_CHARS + 1].splitlines()[:-1] if len(text) > SNIFF_CHARS else None
    lines = [line for line in head or () if line.strip()][:wanted]
    if len(lines) < wanted:
        lines = [line for line in text.splitlines() if line.strip()][:wanted]
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t", "|"):
        counts = [line.count(delimiter) for line in lines if delimiter in line]
        if not counts:
            continue
        mode = Counter(counts).most_common(1)[0][0]
        score = (counts.count(mode), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_xlsx(data: bytes, source: str, sheet: str | int | None) -> list[list[Any]]:
    """The cells of one sheet: the one asked for, else the first sheet holding an indicator
    table (a cover or notes sheet in front is passed over)."""
    import zipfile

    from openpyxl import load_workbook

    check_zip_inflation(data, source)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(
            f"not a readable XLSX workbook ({_clip(detail, 60)})", path=source
        ) from None
    try:
        names = book.sheetnames
        if not names:
            raise InputError("the workbook has no sheets", path=source)
        if isinstance(sheet, int) and not isinstance(sheet, bool):
            if not 0 <= sheet < len(names):
                raise InputError(
                    f"no sheet number {sheet}; the workbook has {len(names)} (0-based)",
                    path=source,
                )
            return _sheet_grid(book[names[sheet]])
        if sheet is not None:
            if sheet not in names:
                raise InputError(
                    f"no sheet {sheet!r}; sheets: {', '.join(repr(n) for n in names)}",
                    path=source,
                )
            return _sheet_grid(book[sheet])
        first = _sheet_grid(book[names[0]])
        if _header_row(first)[0] is not None:
            return first
        for name in names[1:]:
            grid = _sheet_grid(book[name])
            if _header_row(grid)[0] is not None:
                return grid
        return first
    finally:
        book.close()


def _sheet_grid(worksheet: Any) -> list[list[Any]]:
    return [[_xlsx_cell(c) for c in cells] for cells in worksheet.iter_rows()]


def _xlsx_cell(cell: Any) -> Any:
    """A workbook cell's value; a number formatted as a percentage reads as per cent."""
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        fmt = getattr(cell, "number_format", None) or ""
        if "%" in fmt:
            return f"{round(value * 100, 10):g}%"
    return value


def _header_row(grid: list[list[Any]]) -> tuple[int | None, int | None]:
    """(row holding both an indicator and a value header, first non-empty row)."""
    first = None
    for index, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if not any(_text(c) for c in cells):
            continue
        if first is None:
            first = index
        mapping = map_headers(_text(c) or "" for c in cells)
        if "indicator" in mapping.columns and "value" in mapping.columns:
            return index, first
    return None, first


def _from_grid(
    grid: list[list[Any]],
    source: str,
    catalogue: Catalogue | bool,
    lines: list[int] | None = None,
) -> list[Indicator]:
    """Rows of cells -> Indicators: find the header row (titles above it are skipped).

    Rows are numbered as the user sees them: grid row i is sheet row i + 1, or `lines[i]`
    (the line a CSV row starts on, past quoted line breaks)."""
    start, first = _header_row(grid)
    if first is None:
        raise InputError("the file is empty", path=source)
    if start is None:
        start = first
    named: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(grid[start]):
        header = _text(cell)
        if not header:
            continue
        seen[header] = seen.get(header, 0) + 1
        # A repeated header ("Target", "Target") keeps its first column under the plain name.
        named.append((index, header if seen[header] == 1 else f"{header} ({seen[header]})"))
    numbers = [
        lines[index] if lines is not None else index + 1 for index in range(start + 1, len(grid))
    ]
    header_row = lines[start] if lines is not None else start + 1
    mapping = map_headers(h for _, h in named)
    for header, times in seen.items():
        used = [c for c, h in mapping.columns.items() if h == header]
        if times > 1 and used:
            warn(
                f"column {used[0]!r} appears {'twice' if times == 2 else f'{times} times'} "
                f"(header {_clip(header)!r}); the first is read, the others are not",
                path=source,
                row=header_row,
            )
    width = max((i for i, _ in named), default=-1) + 1
    rows: list[dict[str, Any]] = []
    for number, cells in zip(numbers, grid[start + 1 :], strict=True):
        rows.append({h: (cells[i] if i < len(cells) else None) for i, h in named})
        extra = [c for c in cells[width:] if _text(c) is not None]
        # a CSV row longer than its header ("Children in care,1,234" unquoted) is shifted
        longer = lines is not None and len(cells) > len(grid[start])
        if extra or (longer and any(_text(c) for c in cells)):
            shown = ", ".join(repr(_clip(str(c), 20)) for c in extra[:3]) or "empty cells"
            warn(
                f"{len(cells) - width} cell(s) past the header's {width} columns ({shown}) are "
                "not read; a number with an unquoted comma (1,234) splits into two cells",
                path=source,
                row=number,
            )
    if not rows or all(all(_text(v) is None for v in r.values()) for r in rows):
        _require(map_headers(h for _, h in named), [h for _, h in named], source)
        raise InputError("the table has a header but no data rows", path=source)
    return load_table_from_rows(rows, source=source, catalogue=catalogue, row_numbers=numbers)


def _read_structured(text: str, source: str, kind: str) -> list[Any]:
    """JSON or YAML: a list of row objects, an object holding one under indicators/rows/data,
    or an object of equal-length column lists."""
    try:
        data = json.loads(text) if kind == "json" else load_yaml(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}",
            path=source,
        ) from None
    except yaml.YAMLError as error:
        raise InputError(yaml_error_message(error), path=source) from None
    if data is None:
        raise InputError("the file is empty", path=source)
    if isinstance(data, Mapping):
        for key in TABLE_KEYS:
            if key in data:
                data = data[key]
                break
        else:
            lists = [v for v in data.values() if isinstance(v, list)]
            if lists and len(lists) == len(data) and len({len(v) for v in lists}) == 1:
                keys = list(data)
                data = [dict(zip(keys, values, strict=True)) for values in zip(*lists, strict=True)]
            else:
                raise InputError(
                    "not a table: expected a list of rows, or an object with a list under "
                    + ", ".join(repr(k) for k in TABLE_KEYS),
                    path=source,
                )
    if not isinstance(data, list):
        raise InputError(
            f"not a table: the {kind.upper()} holds {_kind(data)}, not a list of rows",
            path=source,
        )
    if not data:
        raise InputError("the table has no data rows", path=source)
    return data
