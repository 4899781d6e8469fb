"""The indicator catalogue: common UK council indicators kept as YAML in phrasebanks/indicators/.

`draft` uses it to fill the unit, polarity and abbreviation a table leaves out; `extract` uses
it to name the figures it finds. Names are looked up fuzzily with rapidfuzz.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process, utils

from .errors import InputError
from .model import POLARITIES, UNITS

ENTRY_KEYS: tuple[str, ...] = (
    "id", "name", "aliases", "unit", "polarity", "abbreviation", "service", "frequency",
)  # fmt: skip
REQUIRED_KEYS: tuple[str, ...] = ("id", "name", "unit", "polarity")
FILE_KEYS: tuple[str, ...] = ("service", "indicators")

# Scorer and threshold, chosen by measurement (tests/test_catalogue.py::test_scorer_choice
# holds the held-out set: 60+ reworded names and abbreviations that must find their entry,
# and 30+ unrelated council phrases that must not). fuzz.token_sort_ratio over
# rapidfuzz's default_process (lower case, punctuation removed) got every held-out name
# right at cut-offs between 78 and 84 and let no unrelated phrase through; WRatio and
# token_set_ratio score a short subset ("children", "rent") at 90-100 against long names, so
# they match far too much. 80 sits in the middle of the safe band.
SCORER = fuzz.token_sort_ratio
DEFAULT_THRESHOLD = 80.0


@cache
def _stopwords() -> frozenset[str]:
    """Filler words dropped before names are compared (phrasebanks/columns.yaml), so that
    "The percentage of children..." and "% children..." compare on their content words."""
    from .resources import phrasebanks_dir

    data = yaml.safe_load((phrasebanks_dir() / "columns.yaml").read_text(encoding="utf-8"))
    return frozenset(str(w).lower() for w in data.get("name_stopwords", []))


def normalise_name(text: str) -> str:
    """Lower-case, strip punctuation and filler words: the form names are compared in."""
    words = utils.default_process(text).replace("%", " ").split()
    stop = _stopwords()
    kept = [w for w in words if w not in stop]
    return " ".join(kept or words)


@dataclass(frozen=True)
class CatalogueEntry:
    """One indicator a council commonly reports, with how it is worded and judged."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    unit: str = "count"
    polarity: str = "neutral"
    abbreviation: str | None = None
    service: str = ""
    frequency: str | None = None

    @classmethod
    def from_dict(
        cls, data: Any, *, source: str = "<catalogue>", service: str = ""
    ) -> CatalogueEntry:
        """Build an entry from YAML, rejecting unknown keys (naming the allowed ones)."""
        if not isinstance(data, dict):
            raise InputError("each indicator must be a mapping of id, name, ...", path=source)
        unknown = sorted(set(data) - set(ENTRY_KEYS))
        where = f"indicator {data.get('id', '?')!r}"
        if unknown:
            raise InputError(
                f"{where}: unknown key {unknown[0]!r}; allowed keys: {', '.join(ENTRY_KEYS)}",
                path=source,
            )
        missing = [k for k in REQUIRED_KEYS if not data.get(k)]
        if missing:
            raise InputError(f"{where}: missing key {missing[0]!r}", path=source)
        unit, polarity = str(data["unit"]), str(data["polarity"])
        if unit not in UNITS:
            raise InputError(
                f"{where}: unknown unit {unit!r}; allowed: {', '.join(UNITS)}", path=source
            )
        if polarity not in POLARITIES:
            raise InputError(
                f"{where}: unknown polarity {polarity!r}; allowed: {', '.join(POLARITIES)}",
                path=source,
            )
        aliases = data.get("aliases") or []
        if isinstance(aliases, str) or not isinstance(aliases, list):
            raise InputError(f"{where}: aliases must be a list", path=source)
        abbreviation = data.get("abbreviation")
        frequency = data.get("frequency")
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            aliases=tuple(str(a) for a in aliases),
            unit=unit,
            polarity=polarity,
            abbreviation=str(abbreviation) if abbreviation else None,
            service=str(data.get("service") or service),
            frequency=str(frequency) if frequency else None,
        )


class Catalogue:
    """A set of catalogue entries, looked up by id or (fuzzily) by name."""

    def __init__(self, entries: list[CatalogueEntry], *, threshold: float = DEFAULT_THRESHOLD):
        self.entries: list[CatalogueEntry] = list(entries)
        self.threshold = threshold
        self._by_id: dict[str, CatalogueEntry] = {}
        for entry in self.entries:
            if entry.id in self._by_id:
                raise InputError(f"duplicate indicator id {entry.id!r} in the catalogue")
            self._by_id[entry.id] = entry
        # One flat choices list (name, aliases, abbreviation) -> entry index, for extractOne.
        self._choices: list[str] = []
        self._owners: list[int] = []
        self._exact: dict[str, int] = {}
        # An abbreviation names an entry only when no other entry shares it ("ICPC" yes,
        # "CP" no: a dozen child protection measures are abbreviated CP).
        abbreviations = Counter(e.abbreviation for e in self.entries if e.abbreviation)
        for index, entry in enumerate(self.entries):
            own = entry.abbreviation if abbreviations[entry.abbreviation] == 1 else None
            for text in (entry.name, *entry.aliases, own):
                if not text:
                    continue
                key = normalise_name(text)
                if not key:
                    continue
                self._choices.append(key)
                self._owners.append(index)
                self._exact.setdefault(key, index)
                self._exact.setdefault(utils.default_process(text), index)
        self._match = lru_cache(maxsize=65536)(self._match_uncached)

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"Catalogue({len(self.entries)} entries)"

    def get(self, id: str) -> CatalogueEntry | None:
        """The entry with this id, or None."""
        return self._by_id.get(id)

    def match(
        self, name: str, *, threshold: float | None = None
    ) -> tuple[CatalogueEntry, float] | None:
        """The entry whose name, alias or abbreviation is closest to `name`, with its score
        (0-100), or None when nothing scores at least `threshold` (default DEFAULT_THRESHOLD)."""
        cutoff = self.threshold if threshold is None else float(threshold)
        found = self._match(name, cutoff)
        if found is None:
            return None
        index, score = found
        return self.entries[index], score

    def _match_uncached(self, name: str, cutoff: float) -> tuple[int, float] | None:
        if not name or not self._choices:
            return None
        exact = self._exact.get(utils.default_process(name))
        if exact is None:
            exact = self._exact.get(normalise_name(name))
        if exact is not None:
            return exact, 100.0
        query = normalise_name(name)
        if not query:
            return None
        best = process.extractOne(
            query, self._choices, scorer=SCORER, processor=None, score_cutoff=cutoff
        )
        if best is None:
            return None
        _, score, position = best
        return self._owners[position], float(score)

    @classmethod
    def from_dir(cls, path: str | Path, *, threshold: float = DEFAULT_THRESHOLD) -> Catalogue:
        """Load every *.yaml / *.yml file in `path` (a user's own catalogue folder)."""
        folder = Path(path)
        if not folder.is_dir():
            raise InputError("catalogue folder not found", path=folder)
        entries: list[CatalogueEntry] = []
        for file in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            entries.extend(_load_file(file))
        return cls(entries, threshold=threshold)


def _load_file(file: Path) -> list[CatalogueEntry]:
    """Entries of one catalogue file: a mapping {service, indicators: [...]} or a bare list."""
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InputError(
            f"cannot read catalogue file: {error}".splitlines()[0], path=file
        ) from None
    service = ""
    if isinstance(data, dict):
        unknown = sorted(set(data) - set(FILE_KEYS))
        if unknown:
            raise InputError(
                f"unknown key {unknown[0]!r}; allowed keys: {', '.join(FILE_KEYS)}", path=file
            )
        service = str(data.get("service") or "")
        data = data.get("indicators") or []
    if not isinstance(data, list):
        raise InputError("a catalogue file holds a list of indicators", path=file)
    return [CatalogueEntry.from_dict(item, source=str(file), service=service) for item in data]


@cache
def load_catalogue() -> Catalogue:
    """The catalogue shipped in phrasebanks/indicators/ (loaded once, then cached)."""
    from .resources import phrasebanks_dir

    return Catalogue.from_dir(phrasebanks_dir() / "indicators")
