"""The public API: what `import minutegen` promises does not drift, and stays cheap to import."""

from __future__ import annotations

import subprocess
import sys

import minutegen

EXPECTED = [
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


def test_all_is_sorted_and_stable() -> None:
    assert minutegen.__all__ == EXPECTED


def test_every_public_name_resolves() -> None:
    for name in minutegen.__all__:
        assert getattr(minutegen, name) is not None, name


def test_importing_the_cli_does_not_import_pandas_or_spacy() -> None:
    """`minutegen --help` must stay fast: heavy libraries load only inside commands."""
    heavy = "'pandas', 'spacy', 'docx', 'pypdf', 'pyarrow', 'matplotlib', 'dask', 'distributed'"
    code = f"import sys, minutegen.cli; print(' '.join(m for m in ({heavy}) if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
