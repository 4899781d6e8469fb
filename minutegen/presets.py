"""The exports councils have, read as they are: Pentana/Covalent PI reports, council Excel
scorecards, LG Inform's data.csv, LGBF data and Oflog's CSV, recognised from their headers.

What each export calls its columns and cells is data (phrasebanks/presets.yaml); here a
recognised export is turned into rows of canonical columns, which `tables` then reads as any
other table. Periods, fractions and profiled targets are normalised in `normalise`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .errors import InputError
from .normalise import ordered_periods, percentages_from_fractions, period_label, target_for
from .tables import (
    _PERIOD,
    COLUMNS,
    HEADER_SEARCH_ROWS,
    _header_forms,
    _is_period_only,
    _text,
    normalise_header,
    parse_number,
)
from .yamlio import load_yaml, reject_unknown_keys

PRESET_KEYS = (
    "label", "shape", "detect", "min_periods", "columns", "period_columns", "status",
    "polarity", "ranking", "note_prefix", "benchmarks", "measure_types", "percent_words",
)  # fmt: skip
SHAPES = ("rows", "wide", "long")
_CANONICAL = frozenset(COLUMNS)


@dataclass(frozen=True)
class Preset:
    """One export's description from presets.yaml."""

    name: str
    label: str
    shape: str
    detect: tuple[tuple[str, ...], ...]
    min_periods: int = 0
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    period_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    words: dict[str, dict[str, str | None]] = field(default_factory=dict)
    note_prefix: re.Pattern[str] | None = None
    benchmarks: tuple[tuple[tuple[str, ...], str], ...] = ()
    measure_types: dict[str, str] = field(default_factory=dict)
    percent_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reshaped:
    """A recognised export as rows of canonical columns, and which preset read it."""

    preset: Preset
    rows: list[dict[str, Any]]


def _norm_list(values: Any) -> tuple[str, ...]:
    return tuple(normalise_header(v) for v in (values or []))


@cache
def load_presets() -> tuple[Preset, ...]:
    """The presets of phrasebanks/presets.yaml, in the order they are tried."""
    from .resources import phrasebanks_dir

    path = phrasebanks_dir() / "presets.yaml"
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    out: list[Preset] = []
    for name, spec in (data.get("presets") or {}).items():
        reject_unknown_keys(spec, PRESET_KEYS, path=path)
        if spec.get("shape") not in SHAPES:
            raise InputError(f"preset {name}: shape must be one of {', '.join(SHAPES)}", path=path)
        words = {
            kind: {
                normalise_header(k) or str(k).strip(): v for k, v in (spec.get(kind) or {}).items()
            }
            for kind in ("status", "polarity", "ranking")
        }
        prefix = spec.get("note_prefix")
        out.append(
            Preset(
                name=str(name),
                label=str(spec["label"]),
                shape=str(spec["shape"]),
                detect=tuple(_norm_list(group) for group in spec.get("detect") or []),
                min_periods=int(spec.get("min_periods", 0)),
                columns={k: _norm_list(v) for k, v in (spec.get("columns") or {}).items()},
                period_columns={
                    k: _norm_list(v) for k, v in (spec.get("period_columns") or {}).items()
                },
                words=words,
                note_prefix=re.compile(prefix) if prefix else None,
                benchmarks=tuple(
                    (_norm_list(b["match"]), str(b["label"])) for b in spec.get("benchmarks") or []
                ),
                measure_types={
                    normalise_header(k) or str(k): str(v)
                    for k, v in (spec.get("measure_types") or {}).items()
                },
                percent_words=tuple(str(w).lower() for w in spec.get("percent_words") or []),
            )
        )
    return tuple(out)


# ---------------------------------------------------------------------------- recognising


def _headers_of(cells: Sequence[Any]) -> list[str]:
    return [t for c in cells if (t := _text(c))]


def _matches(preset: Preset, headers: Sequence[str]) -> bool:
    names = {normalise_header(h) for h in headers}
    if not all(any(v in names for v in group) for group in preset.detect):
        return False
    periods = sum(1 for h in headers if _is_period_only(h))
    return periods >= preset.min_periods


def recognise(grid: Sequence[Sequence[Any]]) -> tuple[Preset, int] | None:
    """The preset whose headers a grid's header row has, and that row's index; else None."""
    for index, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        headers = _headers_of(cells)
        if len(headers) < 2:
            continue
        for preset in load_presets():
            if _matches(preset, headers):
                return preset, index
    return None


def reshape(grid: Sequence[Sequence[Any]], source: str, stem: str = "") -> Reshaped | None:
    """A recognised export as canonical rows; None when no preset fits the grid."""
    found = recognise(grid)
    if found is None:
        return None
    preset, start = found
    header_cells = [(_text(c) or "") for c in grid[start]]
    body = [list(r) for r in grid[start + 1 :]]
    title = next(
        (t for r in grid[:start] for c in r if (t := _text(c))), None
    )  # a title line above the header names a one-metric download
    reader = {"rows": _rows, "wide": _wide, "long": _long}[preset.shape]
    rows = reader(preset, header_cells, body, source, title or stem, 1)  # data rows, as tables
    if not rows:
        raise InputError(f"the {preset.label} has a header but no data rows", path=source)
    return Reshaped(preset, rows)


# ---------------------------------------------------------------------------- helpers


def _column(preset: Preset, headers: Sequence[str], name: str) -> int | None:
    """The index of the first header the preset names for `name`."""
    normal = [normalise_header(h) for h in headers]
    for variant in preset.columns.get(name, ()):
        if variant in normal:
            return normal.index(variant)
    return None


def _cell(cells: Sequence[Any], index: int | None) -> Any:
    if index is None or index >= len(cells):
        return None
    return cells[index]


def _word(preset: Preset, kind: str, cell: Any) -> Any:
    """A status/polarity/ranking cell in canonical words (None for 'no RAG'), or as it stands
    (tables then reads it, or names the row and column it cannot read)."""
    text = _text(cell)
    if text is None:
        return None
    table = preset.words.get(kind) or {}
    key = normalise_header(text) or text.strip()
    if key in table:
        return table[key]
    return cell


def _number(cell: Any, source: str, row: int, header: str) -> float | None:
    try:
        value, _ = parse_number(cell)
    except ValueError:
        raise InputError(
            f"{str(cell)[:40]!r} is not a number", path=source, row=row, column=header
        ) from None
    return value


def _unit_of(preset: Preset, name: str, measure_type: Any) -> str | None:
    text = _text(measure_type) or ""
    kind = normalise_header(text) or text.strip()
    if kind and kind in preset.measure_types:
        return preset.measure_types[kind]
    lowered = name.lower()
    if any(w in lowered for w in preset.percent_words):
        return "percent"
    return None


def _benchmark_label(preset: Preset, area: str) -> str | None:
    """The label of a comparator row ("England", "CIPFA nearest neighbours mean"), or None
    for a council's own row."""
    key = f" {normalise_header(area)} "
    for words, label in preset.benchmarks:
        if any(f" {w} " in key for w in words):
            return label
    return None


def _period_headers(
    preset: Preset, headers: Sequence[str], used: set[int]
) -> dict[str, dict[str, int]]:
    """Period-named columns: role -> {period label -> column index}."""
    found: dict[str, dict[str, int]] = {}
    for index, header in enumerate(headers):
        if index in used or not header:
            continue
        _, period = _header_forms(header)
        if period is None:
            continue
        bare = normalise_header(_PERIOD.sub(" ", header))
        for role, words in preset.period_columns.items():
            if (bare in words) or (not bare and role == "value"):
                found.setdefault(role, {})[period_label(period) or period] = index
                break
    return found


# ---------------------------------------------------------------------------- shapes


def _rows(
    preset: Preset,
    headers: list[str],
    body: list[list[Any]],
    source: str,
    title: str | None,
    first_line: int,
) -> list[dict[str, Any]]:
    """One indicator a row (Pentana, scorecards): columns renamed, cells put into words."""
    where = {name: _column(preset, headers, name) for name in preset.columns}
    used = {i for i in where.values() if i is not None}
    by_period = _period_headers(preset, headers, used)
    value_periods = ordered_periods(list(by_period.get("value", {})))
    consumed = used | {i for cols in by_period.values() for i in cols.values()}
    # Columns the preset does not name (a benchmark, "Show as", "Lead officer") keep their
    # headers: the table reader matches them as in any other table.
    passed = [
        (i, h)
        for i, h in enumerate(headers)
        if h and i not in consumed and normalise_header(h) not in _CANONICAL
    ]
    out: list[dict[str, Any]] = []
    for offset, cells in enumerate(body):
        line = first_line + offset
        row: dict[str, Any] = {h: _cell(cells, i) for i, h in passed}
        for name in ("id", "indicator", "unit", "frequency", "benchmark"):
            if where.get(name) is not None:
                row[name] = _cell(cells, where[name])
        row["status"] = _word(preset, "status", _cell(cells, where.get("status")))
        row["polarity"] = _word(preset, "polarity", _cell(cells, where.get("polarity")))
        notes = [_text(_cell(cells, where.get(k))) for k in ("note", "note_extra")]
        if notes[0] and preset.note_prefix is not None:
            notes[0] = preset.note_prefix.sub("", notes[0], count=1) or None
        row["note"] = "; ".join(n for n in notes if n) or None
        value_cell = _cell(cells, where.get("value"))
        previous_cell = _cell(cells, where.get("previous"))
        period = previous_period = None
        if value_periods:
            # the report's period is the table's latest, for every row: a row whose latest cell
            # is blank has no figure this period (an older one is never passed off as current)
            period = value_periods[-1]
            value_cell = _cell(cells, by_period["value"][period])
            if previous_cell is None and len(value_periods) > 1:
                previous_period = value_periods[-2]
                previous_cell = _cell(cells, by_period["value"][previous_period])
        targets = {
            p: _number(_cell(cells, i), source, line, headers[i])
            for p, i in (by_period.get("target") or {}).items()
        }
        plain = _cell(cells, where.get("target"))
        annual = (
            _number(plain, source, line, headers[where["target"]])
            if _text(plain) is not None
            else None
        )
        running = _cell(cells, where.get("year_to_date"))
        if annual is not None and _text(running) is not None and targets.get(period) is None:
            # a cumulative or annual target is met by the year's running total, not a quarter
            value_cell = running
            period = f"{period} (year to date)" if period else "year to date"
            previous_cell = _cell(cells, where.get("previous"))
            previous_period = None
        row["value"] = value_cell
        row["previous"] = previous_cell
        row["period"] = period
        row["previous_period"] = previous_period
        row["target"] = target_for(period, targets, annual)
        if all(_text(v) is None for v in (row["indicator"], row["value"], row["target"])):
            continue  # a blank or footnote line
        out.append(row)
    return out


def _wide(
    preset: Preset,
    headers: list[str],
    body: list[list[Any]],
    source: str,
    title: str | None,
    first_line: int,
) -> list[dict[str, Any]]:
    """LG Inform: one area a row and one period a column, melted to one indicator a metric.

    The council's own row (the first that is not a comparator) gives the latest period's value
    and the one before it the previous value; a comparator row (CIPFA nearest neighbours mean,
    England) gives the benchmark for the same period.
    """
    area_col = _column(preset, headers, "area")
    metric_col = _column(preset, headers, "indicator")
    id_col = _column(preset, headers, "id")
    unit_col = _column(preset, headers, "unit")
    periods = {period_label(h) or h: i for i, h in enumerate(headers) if h and _is_period_only(h)}
    order = ordered_periods(list(periods))
    metrics: dict[str, list[tuple[int, list[Any]]]] = {}
    for offset, cells in enumerate(body):
        if not any(_text(c) for c in cells):
            continue
        metric = _text(_cell(cells, metric_col)) or title or "Indicator"
        metrics.setdefault(metric, []).append((first_line + offset, cells))
    out: list[dict[str, Any]] = []
    for metric, lines in metrics.items():
        own: tuple[int, list[Any]] | None = None
        comparators: dict[str, tuple[int, list[Any]]] = {}
        for line, cells in lines:
            area = _text(_cell(cells, area_col)) or ""
            label = _benchmark_label(preset, area)
            if label is None:
                own = own or (line, cells)
            else:
                comparators.setdefault(label, (line, cells))
        if own is None:
            raise InputError(
                f"metric {metric!r} has no council's own row, only comparators", path=source
            )
        line, cells = own
        values = {p: _number(_cell(cells, periods[p]), source, line, p) for p in order}
        filled = [p for p in order if values[p] is not None]
        row: dict[str, Any] = {
            "indicator": metric,
            "id": _cell(cells, id_col),
            "unit": _text(_cell(cells, unit_col)) or _unit_of(preset, metric, None),
            "value": values[filled[-1]] if filled else None,
            "period": filled[-1] if filled else None,
            "previous": values[filled[-2]] if len(filled) > 1 else None,
            "previous_period": filled[-2] if len(filled) > 1 else None,
        }
        for _, label in preset.benchmarks:  # in the preference of presets.yaml
            if label in comparators and filled:
                b_line, b_cells = comparators[label]
                bench = _number(_cell(b_cells, periods[filled[-1]]), source, b_line, filled[-1])
                if bench is not None:
                    row["benchmark"] = bench
                    row["benchmark_label"] = label
                    break
        out.append(row)
    return out


def _long(
    preset: Preset,
    headers: list[str],
    body: list[list[Any]],
    source: str,
    title: str | None,
    first_line: int,
) -> list[dict[str, Any]]:
    """LGBF and Oflog: one row per measure, area and period. Per measure, the council's latest
    period is the value and the one before the previous value; a comparator area (Scotland,
    family group, England median) or a benchmark column gives the benchmark."""
    col = {name: _column(preset, headers, name) for name in preset.columns}
    measures: dict[str, list[tuple[int, list[Any]]]] = {}
    for offset, cells in enumerate(body):
        if not any(_text(c) for c in cells):
            continue
        key = _text(_cell(cells, col.get("id"))) or _text(_cell(cells, col.get("indicator")))
        if key is None:
            continue
        measures.setdefault(key, []).append((first_line + offset, cells))
    out: list[dict[str, Any]] = []
    for lines in measures.values():
        first_cells = lines[0][1]
        name = _text(_cell(first_cells, col.get("indicator"))) or ""
        unit = _text(_cell(first_cells, col.get("unit"))) or _unit_of(
            preset, name, _cell(first_cells, col.get("measure_type"))
        )
        own_area: str | None = None
        own: dict[str, float | None] = {}
        column_bench: dict[str, float | None] = {}
        comparators: dict[str, dict[str, float | None]] = {}
        for line, cells in lines:
            area = _text(_cell(cells, col.get("area"))) or ""
            period = period_label(_cell(cells, col.get("period"))) or ""
            value = _number(_cell(cells, col.get("value")), source, line, "value")
            label = _benchmark_label(preset, area) if area else None
            if label is not None:
                comparators.setdefault(label, {})[period] = value
                continue
            if own_area is None:
                own_area = area
            if area != own_area:
                continue  # another council of the download: not this minute's
            own[period] = value
            if col.get("benchmark") is not None:
                header = headers[col["benchmark"]]
                column_bench[period] = _number(_cell(cells, col["benchmark"]), source, line, header)
        if not own:
            continue
        if unit == "percent" and _text(_cell(first_cells, col.get("measure_type"))):
            # LGBF keeps percentages as fractions: scale the council and comparators together
            keys = [(None, p) for p in own] + [(c, p) for c, d in comparators.items() for p in d]
            scaled = percentages_from_fractions(
                [own[p] if c is None else comparators[c][p] for c, p in keys]
            )
            for (c, p), v in zip(keys, scaled, strict=True):
                if c is None:
                    own[p] = v
                else:
                    comparators[c][p] = v
        order = [p for p in ordered_periods(list(own)) if own[p] is not None]
        latest = order[-1] if order else None
        row: dict[str, Any] = {
            "indicator": name,
            "id": _cell(first_cells, col.get("id")),
            "unit": unit,
            "value": own.get(latest) if latest else None,
            "period": latest,
            "previous": own[order[-2]] if len(order) > 1 else None,
            "previous_period": order[-2] if len(order) > 1 else None,
            "polarity": _word(preset, "ranking", _cell(first_cells, col.get("ranking")))
            or _word(preset, "polarity", _cell(first_cells, col.get("polarity"))),
        }
        if latest is not None:
            if column_bench.get(latest) is not None:
                row["benchmark"] = column_bench[latest]
                row["benchmark_label"] = preset.benchmarks[0][1] if preset.benchmarks else None
            else:
                for _, label in preset.benchmarks:
                    bench = comparators.get(label, {}).get(latest)
                    if bench is not None:
                        row["benchmark"] = bench
                        row["benchmark_label"] = label
                        break
        out.append(row)
    return out


__all__ = ["Preset", "Reshaped", "load_presets", "recognise", "reshape"]
