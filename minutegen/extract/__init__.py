"""Extraction: read minutes (text, HTML, DOCX, PDF) and return every figure they state.

`extract_figures` works on one text; `extract_paths` streams files, folders and archives;
`read_document` turns one file into the plain text whose offsets figures refer to.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from . import spacy_cli

spacy_cli.defer()  # spaCy's own command line loads only if something uses it (start-up)

_API = {
    "extract_figures": "minutegen.extract.pipeline",
    "read_document": "minutegen.extract.readers",
    "extract_paths": "minutegen.extract.runner",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'minutegen.extract' has no attribute {name!r}")
    return getattr(import_module(module), name)
