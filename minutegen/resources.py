"""Find the packaged data folders (phrasebanks/, templates/, samples/).

In a wheel they are installed inside the package (hatchling force-include); in a checkout
or an editable install they sit at the top of the repository.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from .errors import InputError


@cache
def data_dir(name: str) -> Path:
    """The folder `name` ("phrasebanks", "templates") as installed, else in the checkout."""
    installed = Path(str(files("minutegen"))) / name
    checkout = Path(__file__).resolve().parent.parent / name
    for candidate in (installed, checkout):
        if candidate.is_dir():
            return candidate
    raise InputError(f"minutegen's {name}/ folder is missing from this installation")


def phrasebanks_dir() -> Path:
    return data_dir("phrasebanks")


def templates_dir() -> Path:
    return data_dir("templates")
