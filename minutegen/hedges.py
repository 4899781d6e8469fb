"""Hedges: the one lexicon of words that loosen a figure ("just over 500", "nearly 64%").

Read from phrasebanks/hedges.yaml and used by both jobs that need it: `extract` lets a cue
reach its number across a hedge, and `check` holds a hedged claim to its class's tolerance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import InputError
from .resources import phrasebanks_dir
from .yamlio import load_yaml


def phrase_pattern(phrase: str) -> str:
    """A regex for a plain phrase, matched whole: its words escaped, any run of spaces between
    them, and no letter or digit running on at an end that is a word ("c." may touch "£8m")."""
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    head = r"(?<![\w\-])" if phrase[:1].isalnum() else ""
    tail = r"(?![\w\-])" if phrase[-1:].isalnum() else ""
    return head + body + tail


@dataclass(frozen=True)
class Hedges:
    """Hedge phrases by class (in the file's order), each class's tolerance, and softeners."""

    classes: tuple[tuple[str, tuple[str, ...]], ...]
    tolerance: dict[str, float]
    softeners: tuple[str, ...]

    @property
    def phrases(self) -> list[str]:
        """Every hedge phrase of every class, longest first."""
        found = {p for _, phrases in self.classes for p in phrases}
        return sorted(found, key=lambda p: (-len(p), p))

    def alternation(self, softeners: bool = False) -> str:
        """One regex alternative of every phrase (and the softeners), longest first."""
        words = self.phrases + (sorted(self.softeners, key=len, reverse=True) if softeners else [])
        return "|".join(phrase_pattern(p) for p in words)

    def run(self, space: str = r"\s*") -> str:
        """A regex for any run of hedges and softeners, each followed by `space` ("nearly ",
        "only just over ", none): what a cue or "to" reaches across to its figure."""
        return r"(?:(?:" + self.alternation(softeners=True) + ")" + space + ")*"


def load_hedges(path: Path | None = None) -> Hedges:
    """The hedge lexicon from a YAML file (default: the packaged phrasebanks/hedges.yaml)."""
    path = path or phrasebanks_dir() / "hedges.yaml"
    try:
        raw = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read hedges: {error}", path=path) from None
    classes = []
    for name, phrases in (raw.get("classes") or {}).items():
        if not isinstance(phrases, list) or not phrases:
            raise InputError(f"hedge class {name!r} needs a list of phrases", path=path)
        ordered = sorted({" ".join(str(p).lower().split()) for p in phrases}, key=len, reverse=True)
        classes.append((str(name), tuple(ordered)))
    tolerance = {str(k): float(v) for k, v in (raw.get("tolerance") or {}).items()}
    unknown = set(tolerance) - {name for name, _ in classes}
    if unknown:
        raise InputError(f"tolerance for unknown hedge class {sorted(unknown)[0]!r}", path=path)
    softeners = tuple(str(w).lower() for w in raw.get("softeners") or [])
    return Hedges(classes=tuple(classes), tolerance=tolerance, softeners=softeners)


@cache
def default_hedges() -> Hedges:
    """The packaged hedge lexicon, loaded once per process."""
    return load_hedges()


@cache
def hedge_tail() -> re.Pattern[str]:
    """Hedges and softeners, one or more, that end a string: the words a cue reaches across
    to its figure ("by nearly 6%", "previously around 300", "of well in excess of £1m")."""
    return re.compile(r"(?=\S)" + default_hedges().run() + "$", re.IGNORECASE)
