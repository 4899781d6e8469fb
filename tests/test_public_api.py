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
    "load_catalogue",
    "load_meeting",
    "load_table",
    "load_table_and_preset",
    "read_document",
    "read_getmeeting",
    "render_minute",
]


def test_all_is_sorted_and_stable() -> None:
    assert minutegen.__all__ == EXPECTED


def test_every_public_name_resolves() -> None:
    for name in minutegen.__all__:
        assert getattr(minutegen, name) is not None, name


def test_importing_the_cli_does_not_import_pandas_or_spacy() -> None:
    """`minutegen --help` must stay fast: heavy libraries load only inside commands."""
    code = (
        "import sys, minutegen.cli; "
        "print(' '.join(m for m in ('pandas', 'spacy', 'docx', 'pypdf') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
