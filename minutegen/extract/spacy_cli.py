"""Import spaCy without its command line until something uses it (about 0.2 CPU-s of start-up).

`import spacy` imports `spacy.cli` for the one function `spacy.info`, and `spacy.cli` imports
every spaCy command with what they need (typer, weasel, requests, httpx ...): a third of the
import, none of it used to extract figures. `defer()`, called before spaCy is first imported,
lets `spacy.cli` and `spacy.cli.info` be stand-in modules; the first read of any of their
attributes (`spacy.cli.download`, `from spacy.cli import train`, a call of `spacy.info()`)
imports the real ones, so spaCy behaves as before, only later. Set MINUTEGEN_SPACY_CLI=1 to
import spaCy as it is.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import types
from pathlib import Path
from typing import Any

_NAMES = ("spacy.cli", "spacy.cli.info")


class _Deferred(types.ModuleType):
    """A stand-in for spaCy's CLI modules: reading a missing attribute loads the real ones."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            # the import system probes __file__, __path__ ... while it sets a module up
            raise AttributeError(name)
        return getattr(_load(self.__name__), name)

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, _Deferred):
            # the import system binds the info stand-in on the cli one; not kept, so that
            # `spacy.cli.info` is still the real package's function, loaded when read
            return
        super().__setattr__(name, value)


def _load(name: str) -> types.ModuleType:
    """The real module `name` ("spacy.cli" or "spacy.cli.info"), the stand-ins dropped."""
    for finder in [f for f in sys.meta_path if isinstance(f, _Finder)]:
        sys.meta_path.remove(finder)
    for stub in _NAMES:
        if isinstance(sys.modules.get(stub), _Deferred):
            del sys.modules[stub]
    importlib.import_module("spacy.cli")  # sets spacy.cli to the real package
    return importlib.import_module(name)


def _info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, loading the real CLI first."""
    return _load("spacy.cli.info").info(*args, **kwargs)


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Answers imports of spacy.cli and spacy.cli.info with stand-ins; the import system then
    binds them as it would the real modules (`spacy.cli` is set on the spacy package)."""

    def __init__(self, cli_dir: str) -> None:
        self.cli_dir = cli_dir

    def find_spec(
        self, fullname: str, path: Any = None, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in _NAMES:
            return None
        return importlib.util.spec_from_loader(fullname, self, is_package=fullname == "spacy.cli")

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _Deferred(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        if module.__name__ == "spacy.cli":
            module.__path__ = [self.cli_dir]  # its other submodules still import as usual
        else:
            module.info = _info  # type: ignore[attr-defined]


def defer() -> None:
    """Let spaCy's CLI load on first use (no-op once spaCy is imported, or when spaCy's
    layout is not the one this expects)."""
    if "spacy" in sys.modules or os.environ.get("MINUTEGEN_SPACY_CLI"):
        return
    if any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    spec = importlib.util.find_spec("spacy")
    if spec is None or spec.origin is None:
        return
    cli_dir = Path(spec.origin).parent / "cli"
    if not (cli_dir / "info.py").is_file():
        return
    sys.meta_path.insert(0, _Finder(str(cli_dir)))
