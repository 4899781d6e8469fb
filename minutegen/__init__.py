"""minutegen: draft committee minutes from indicator tables, extract figures from minutes,
and check that a minute's prose agrees with its data.

The public API is imported lazily, so `minutegen --help` does not pay for pandas or spaCy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it
_API: dict[str, str] = {
    "CheckReport": "minutegen.check",
    "Figure": "minutegen.model",
    "Finding": "minutegen.model",
    "Indicator": "minutegen.model",
    "InputError": "minutegen.errors",
    "Meeting": "minutegen.model",
    "Minute": "minutegen.draft",
    "annotate_docx": "minutegen.check.review",
    "MinutegenError": "minutegen.errors",
    "check_minute": "minutegen.check",
    "draft_minute": "minutegen.draft",
    "extract_figures": "minutegen.extract",
    "extract_paths": "minutegen.extract",
    "figures_frame": "minutegen.series",
    "load_catalogue": "minutegen.catalogue",
    "load_meeting": "minutegen.meeting",
    "load_table": "minutegen.tables",
    "load_table_and_preset": "minutegen.tables",
    "read_document": "minutegen.extract",
    "read_getmeeting": "minutegen.extract.moderngov",
    "render_minute": "minutegen.draft",
    "series_frame": "minutegen.series",
}

__all__ = [
    "CheckReport",
    "Figure",
    "Finding",
    "Indicator",
    "InputError",
    "Meeting",
    "Minute",
    "MinutegenError",
    "__version__",
    "annotate_docx",
    "check_minute",
    "draft_minute",
    "extract_figures",
    "extract_paths",
    "figures_frame",
    "load_catalogue",
    "load_meeting",
    "load_table",
    "load_table_and_preset",
    "read_document",
    "read_getmeeting",
    "render_minute",
    "series_frame",
]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'minutegen' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .catalogue import load_catalogue
    from .check import CheckReport, check_minute
    from .check.review import annotate_docx
    from .draft import Minute, draft_minute, render_minute
    from .errors import InputError, MinutegenError
    from .extract import extract_figures, extract_paths, read_document
    from .extract.moderngov import read_getmeeting
    from .meeting import load_meeting
    from .model import Figure, Finding, Indicator, Meeting
    from .series import figures_frame, series_frame
    from .tables import load_table, load_table_and_preset
