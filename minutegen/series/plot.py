"""Charts of series with matplotlib, drawn off-screen (Agg for PNG, the SVG backend for SVG).

Each series is drawn over time at the end of each period; its target, where the minutes
state one, is a dashed line; each point is marked by how the minute judged it (positive,
negative, neutral, not judged); the value axis is labelled in the minute's unit. One series
is one chart; several are small multiples, one panel each, sharing the time axis.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MAX_PANELS = 24  # more series than this is not a chart anyone reads: choose with --indicator
FORMATS = {".png": "png", ".svg": "svg"}
UNIT_LABELS = {
    "percent": "per cent",
    "count": "number",
    "gbp": "£",
    "rate": "rate",
    "score": "score",
    "other": "value",
}
# how a point is marked: (marker, face colour, label)
MARKS = {
    "positive": ("o", "#1b7837", "positive"),
    "negative": ("v", "#c51b7d", "negative"),
    "neutral": ("s", "#737373", "neutral"),
    None: ("o", "white", "not judged"),
}


def plot_series(series: pd.DataFrame, path: str | Path, *, force: bool = False) -> Path:
    """Draw the series of a `series_frame` into `path` (.png or .svg), written atomically."""
    import io

    from ..output import write_atomic

    target = Path(path)
    fmt = FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise InputError("--plot writes .png or .svg files", path=target)
    if series.empty:
        raise InputError("no series to plot")
    names = list(dict.fromkeys(series["series"]))
    if len(names) > MAX_PANELS:
        raise InputError(
            f"{len(names)} series are too many for one chart (at most {MAX_PANELS}); "
            "choose some with --indicator"
        )
    figure = _draw(series, names)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata=_metadata(fmt), dpi=110)
    write_atomic(target, buffer.getvalue(), force=force)
    return target


def _metadata(fmt: str) -> dict[str, Any]:
    """No creation date, so the same series give the same bytes (a chart kept in git)."""
    return {"Date": None} if fmt == "svg" else {"Software": "minutegen"}


def _draw(series: pd.DataFrame, names: list[str]) -> Any:
    try:
        import matplotlib
    except ImportError:
        raise InputError("--plot needs matplotlib: pip install 'minutegen[plot]'") from None

    matplotlib.rcParams["svg.hashsalt"] = "minutegen"  # stable ids in the SVG
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    columns = 1 if len(names) == 1 else 2 if len(names) in (2, 4) else 3
    rows = math.ceil(len(names) / columns)
    width, height = (7.5, 4.2) if len(names) == 1 else (4.2 * columns, 3.1 * rows)
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(rows, columns, sharex=True, squeeze=False).ravel()
    seen: dict[str, Any] = {}
    for ax, name in zip(axes, names, strict=False):
        rows_of = series[series["series"] == name]
        _panel(ax, rows_of, seen, single=len(names) == 1)
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    locator = AutoDateLocator(minticks=3, maxticks=7)
    for ax in axes[: len(names)]:
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    if seen:
        figure.legend(
            list(seen.values()), list(seen), loc="outside lower center", ncols=len(seen),
            frameon=False, fontsize="small",
        )  # fmt: skip
    return figure


def _panel(ax: Any, rows: pd.DataFrame, seen: dict[str, Any], *, single: bool) -> None:
    """One series: its line, its points marked by assessment, its target."""
    import pandas as pd

    dated = rows[rows["period_end"].notna()]
    first = rows.iloc[0]
    unit = str(first["unit"])
    title = f"{first['indicator']} ({first['source']})"
    ax.set_title(textwrap.fill(title, 60 if single else 38), fontsize="medium" if single else 9)
    ax.set_ylabel(UNIT_LABELS.get(unit, unit))
    ax.grid(True, color="#dddddd", linewidth=0.6)
    if dated.empty:
        ax.text(0.5, 0.5, "no dated periods", ha="center", va="center", transform=ax.transAxes)
        return
    when = pd.to_datetime(dated["period_end"])
    line = ax.plot(when, dated["value"], color="#2166ac", linewidth=1.4, zorder=2)[0]
    seen.setdefault("value", line)
    for assessment, (marker, colour, label) in MARKS.items():
        if assessment is None:
            chosen = dated["assessment"].isna()
        else:
            chosen = dated["assessment"] == assessment
        if not chosen.any():
            continue
        points = ax.scatter(
            when[chosen], dated["value"][chosen], marker=marker, s=42, facecolor=colour,
            edgecolor="#2166ac" if assessment is None else colour, zorder=3,
        )  # fmt: skip
        seen.setdefault(label, points)
    targets = dated[dated["target"].notna()]
    if not targets.empty:
        target_line = ax.plot(
            pd.to_datetime(targets["period_end"]), targets["target"], color="#b2182b",
            linestyle="--", linewidth=1.1, marker="_", markersize=14, zorder=1,
        )[0]  # fmt: skip
        if targets["target"].nunique() == 1:  # one target throughout: a line across
            target_line = ax.axhline(
                float(targets["target"].iloc[0]), color="#b2182b", linestyle="--", linewidth=1.1
            )
        seen.setdefault("target", target_line)
    if unit == "percent":  # a share never passes 100 per cent: no axis beyond it
        low, high = ax.get_ylim()
        if high > 100 >= float(dated["value"].max()):
            ax.set_ylim(low, 100 + 0.05 * (100 - low))
