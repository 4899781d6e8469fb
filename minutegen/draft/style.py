"""House styles: a phrasebank (phrases.yaml) plus templates, by name or from a user's folder.

A user folder may hold a partial `phrases.yaml` (merged over its `base:` style, default
`house`) and/or its own templates, which are tried before the base style's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..resources import phrasebanks_dir, templates_dir
from ..yamlio import load_yaml, reject_unknown_keys, yaml_error_message

PHRASE_KEYS: tuple[str, ...] = (
    "base", "numbers", "defaults", "title", "title_default", "report_of", "opening", "annual",
    "sections", "list", "resolution", "clause", "change_words", "target", "previous",
    "benchmark", "note", "note_phrase", "join", "join_last", "period_note", "measure_words",
    "nouns", "abbreviations", "concession",
)  # fmt: skip


@dataclass(frozen=True)
class Style:
    """A resolved house style: its merged phrases and the folders its templates come from."""

    name: str
    phrases: dict[str, Any] = field(hash=False, compare=False)
    template_dirs: tuple[Path, ...] = ()
    # house conventions (style.yaml over phrasebanks/style_defaults.yaml; see draft/profile.py)
    settings: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def available_styles() -> list[str]:
    """Names of the styles shipped with minutegen (folders of phrasebanks/ with phrases.yaml)."""
    root = phrasebanks_dir()
    return sorted(p.parent.name for p in root.glob("*/phrases.yaml"))


def _read_phrases(path: Path) -> dict[str, Any]:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read phrasebook: {error}".splitlines()[0], path=path) from None
    except yaml.YAMLError as error:
        raise InputError(yaml_error_message(error), path=path) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError("a phrasebook must be a mapping of phrase groups", path=path)
    reject_unknown_keys(data, PHRASE_KEYS, path=path)
    return data


def _merge(
    base: dict[str, Any], over: dict[str, Any], path: Path | None = None, prefix: str = ""
) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value, path, f"{prefix}{key}.")
        elif isinstance(merged.get(key), dict):
            # 'numbers: 5' over a group of phrases would fail deep inside drafting
            raise InputError(
                f"{prefix}{key!s} must be a mapping of phrases, as in the base style", path=path
            )
        else:
            merged[key] = value
    return merged


@cache
def _builtin(name: str) -> Style:
    """A shipped style; one whose phrases.yaml names a `base:` is merged over that style."""
    from .profile import (
        default_settings,
        phrases_with_settings,
        settings_over,
        with_phrasebank_label,
    )

    path = phrasebanks_dir() / name / "phrases.yaml"
    phrases = _read_phrases(path)
    base_name = phrases.get("base")
    if base_name and base_name != name:
        base = _builtin(str(base_name))
        settings = settings_over(base.settings, path.parent)
        settings = with_phrasebank_label(settings, phrases, path.parent)
        merged = _merge(base.phrases, phrases, path)
        dirs = (templates_dir() / name, *base.template_dirs)
        return Style(name, phrases_with_settings(merged, settings), dirs, settings)
    settings = settings_over(default_settings(), path.parent)
    settings = with_phrasebank_label(settings, phrases, path.parent)
    return Style(
        name, phrases_with_settings(phrases, settings), (templates_dir() / name,), settings
    )


def load_style(style: str | Path) -> Style:
    """The style called `style` (house, govuk) or the user style in folder `style`."""
    text = str(style)
    names = available_styles()
    if text in names:
        return _builtin(text)
    folder = Path(text)
    if not folder.is_dir():
        raise InputError(
            f"unknown style {text!r}; available styles: {', '.join(names)} (or a folder)"
        )
    phrases_file = folder / "phrases.yaml"
    own = _read_phrases(phrases_file) if phrases_file.is_file() else {}
    base_name = str(own.get("base", "house"))
    if base_name not in names:
        raise InputError(
            f"unknown base style {base_name!r}; available: {', '.join(names)}",
            path=phrases_file,
        )
    base = _builtin(base_name)
    has_templates = any(folder.glob("minute.*.j2")) or (folder / "docx.yaml").is_file()
    if not own and not has_templates and not (folder / "style.yaml").is_file():
        raise InputError(
            "style folder holds none of phrases.yaml, style.yaml or minute.*.j2", path=folder
        )
    from .profile import phrases_with_settings, read_settings, settings_over, with_phrasebank_label

    settings = with_phrasebank_label(settings_over(base.settings, folder), own, folder)
    phrases = _merge(base.phrases, own, phrases_file)
    if (folder / "style.yaml").is_file() and "percent" in read_settings(folder / "style.yaml"):
        phrases = phrases_with_settings(phrases, settings)  # else the folder's own numbers win
    return Style(
        name=folder.name,
        phrases=phrases,
        template_dirs=(folder, *base.template_dirs),
        settings=settings,
    )


class Chooser:
    """Picks among phrase variants, deterministically.

    A list is a set of alternatives: seed 0 always takes the first, other seeds draw from a
    local `random.Random(seed)`. A mapping `{sequence: [...]}` cycles through its variants in
    order each time the phrase is used (seed 0 starts at the first), so long lists vary.
    """

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._rng = random.Random(seed)
        self._cursor: dict[int, int] = {}

    def pick(self, variants: Any) -> str:
        """One variant of a phrase given as a string, a list, or {sequence: [...]}."""
        if isinstance(variants, str):
            return variants
        if isinstance(variants, dict) and set(variants) == {"sequence"}:
            options = variants["sequence"]
            if not isinstance(options, list) or not options:
                raise InputError(f"a phrase sequence must be a non-empty list, not {options!r}")
            key = id(options)
            if key not in self._cursor:
                self._cursor[key] = 0 if self.seed == 0 else self._rng.randrange(len(options))
            index = self._cursor[key]
            self._cursor[key] = index + 1
            return str(options[index % len(options)])
        if not isinstance(variants, list) or not variants:
            raise InputError(
                f"a phrase must be a string, a list of strings or {{sequence: [...]}}, "
                f"not {variants!r}"
            )
        if self.seed == 0 or len(variants) == 1:
            return str(variants[0])
        return str(self._rng.choice(variants))
