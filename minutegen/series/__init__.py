"""Series: an indicator followed across the minutes of an archive, as tables and charts.

`figures_frame` reads an archive (SQLite, Parquet dataset, or minutes) into a DataFrame;
`series_frame` links each indicator across wordings and orders it by period; `plot_series`
draws it with matplotlib. pandas and matplotlib are imported only when these are called.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_API = {
    "figures_frame": "minutegen.series.frame",
    "series_frame": "minutegen.series.frame",
    "plot_series": "minutegen.series.plot",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'minutegen.series' has no attribute {name!r}")
    return getattr(import_module(module), name)
