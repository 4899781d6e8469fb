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

import numpy as np
import yaml
from rapidfuzz import fuzz, process, utils

from .errors import InputError
from .model import POLARITIES, UNITS
from .yamlio import load_yaml, reject_unknown_keys

ENTRY_KEYS: tuple[str, ...] = (
    "id", "name", "aliases", "unit", "polarity", "abbreviation", "service", "frequency", "frame",
)  # fmt: skip
REQUIRED_KEYS: tuple[str, ...] = ("id", "name", "unit", "polarity")
FILE_KEYS: tuple[str, ...] = ("service", "words", "indicators")

# Scorer and threshold, chosen by measurement (tests/test_catalogue.py: HELD_OUT, 65 wordings
# of catalogue indicators written apart from the YAML, and UNRELATED, 32 council measures the
# catalogue does not hold). Names are normalised first (normalise_name: abbreviations and
# number words expanded, filler and reporting-period words and plurals dropped), and a
# one-word name needs ONE_WORD_THRESHOLD. Misses / false matches:
#   token_sort_ratio   1/3 at 60, 1/0 at 75, 2/0 at 78, 1/0 at 80-82, 3/0 at 85, 10/0 at 90
#   ratio              1/3 at 60, 1/0 at 75-78, 0/0 at 80-82, 3/0 at 85
#   token_set_ratio    8/12 at 60, 8/7 at 80 (a single shared word scores 100)
#   WRatio             5/17 at 60, 5/15 at 80, 5/0 at 90
# ratio and token_sort_ratio are close on that set; on the names in the dev corpus' gold
# figures (measured, not tuned) token_sort_ratio, which forgives word order ("Looked After
# Children" / "Children Looked After"), names 44 of 111 against ratio's 42, with the same
# wrong matches. So token_sort_ratio at 80, inside its band with no false match, plus a
# token_set_ratio second pass for shortened wordings (see Catalogue._shortened).
SCORER = fuzz.token_sort_ratio
# SCORER over names whose words are already sorted (_sorted_words): the same score
SORTED_SCORER = fuzz.ratio
DEFAULT_THRESHOLD = 80.0
SHARED_WORDS = 3
# A one-word name ("Referrals") is close in characters to many names ("Re-referrals" scores
# 88.9) but says too little; it needs a typo-level score to match.
ONE_WORD_THRESHOLD = 92.0
# Names remembered with their match; the cache starts afresh when it would grow past this.
CACHE_SIZE = 100_000
EXTRA_WORDS = 1
# Names scored against the catalogue at a time (see Catalogue.match_many).
MATCH_BLOCK = 2_000
# From this many names in a block, rapidfuzz scores them on all cores (same scores).
PARALLEL_FROM = 500


@cache
def _name_words() -> tuple[frozenset[str], dict[str, str]]:
    """Filler words dropped and abbreviations expanded before names are compared (both kept
    in phrasebanks/columns.yaml), so "The % of CP visits..." compares on its content words."""
    from .resources import phrasebanks_dir

    data = load_yaml((phrasebanks_dir() / "columns.yaml").read_text(encoding="utf-8"))
    stop = frozenset(str(w).lower() for w in data.get("name_stopwords", []))
    expansions = {
        utils.default_process(str(k)) or str(k).lower(): utils.default_process(str(v))
        for k, v in (data.get("name_abbreviations") or {}).items()
    }
    return stop, expansions


def _stem(word: str) -> str:
    """A crude plural strip ("icpcs", "conferences", "days") so plurals do not cost score."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _sorted_words(text: str) -> str:
    """A normalised name's words in sorted order: what token_sort_ratio compares."""
    return " ".join(sorted(text.split()))


NEGATING_WORDS = frozenset({"not", "neet", "non", "without", "never", "failing"})


def negated(normalised: str) -> bool:
    """Does a normalised name negate what it measures ("not in education", "NEET")?"""
    return any(word in NEGATING_WORDS for word in normalised.split())


@lru_cache(maxsize=200_000)
def normalise_name(text: str) -> str:
    """Lower-case, strip punctuation, expand abbreviations, drop filler words and plurals:
    the form in which indicator names are compared."""
    words: list[str] = []
    kept: list[str] = []
    for word in utils.default_process(text.replace("%", " percent ")).split():
        expanded, content = _normalise_word(word)
        words.extend(expanded)
        kept.extend(content)
    return " ".join(kept or [_stem(w) for w in words])


@lru_cache(maxsize=4096)
def _normalise_word(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """One word of a name as normalise_name takes it: (its expansion, the stems of the
    expansion's content words). Names share most words, so each is worked out once."""
    stop, expansions = _name_words()
    expanded = tuple(expansions.get(word, expansions.get(_stem(word), word)).split())
    return expanded, tuple(_stem(w) for w in expanded if w not in stop)


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
    # how the drafter states it: "children in care | were placed 20 or more miles from home"
    # (a share or count), "the timeliness of assessments | was" (a measure noun)
    frame: str | None = None

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
            frame=str(data["frame"]) if data.get("frame") else None,
        )


class Catalogue:
    """A set of catalogue entries, looked up by id or (fuzzily) by name."""

    def __init__(
        self,
        entries: list[CatalogueEntry],
        *,
        threshold: float = DEFAULT_THRESHOLD,
        service_words: dict[str, list[str]] | None = None,
    ):
        self.entries: list[CatalogueEntry] = list(entries)
        self.threshold = threshold
        # Words that place a name in a service area ("children", "tenants"): a near match
        # never crosses from the area a name names into another ("Children's ..." is not
        # matched to a housing entry however close the characters are).
        self._service_words: dict[str, tuple[str, ...]] = {
            service: tuple(sorted({normalise_name(w) for w in words if normalise_name(w)}))
            for service, words in (service_words or {}).items()
        }
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
        # word -> choice positions, so the second pass looks only at choices sharing words.
        self._by_word: dict[str, list[int]] = {}
        for position, choice in enumerate(self._choices):
            for word in set(choice.split()):
                self._by_word.setdefault(word, []).append(position)
        self._cache: dict[tuple[str, float], tuple[int, float] | None] = {}
        services = sorted({e.service for e in self.entries})
        self._service_index = {name: n for n, name in enumerate(services)}
        self._choice_service = np.array(
            [self._service_index[self.entries[o].service] for o in self._owners], dtype=np.int32
        )
        self._phrase_services: dict[str, set[str]] = {}
        for service, phrases in self._service_words.items():
            for phrase in phrases:
                self._phrase_services.setdefault(phrase, set()).add(service)
        self._longest_service_phrase = max(
            (len(p.split()) for p in self._phrase_services), default=0
        )
        # the words a service phrase may start with: the only places an n-gram is looked up
        self._phrase_starts = frozenset(p.split()[0] for p in self._phrase_services)
        self._masks: dict[tuple[frozenset[str], bool], np.ndarray] = {}
        # A name that negates ("not in education", "NEET", "non-decent") measures the opposite
        # of one that does not, with the opposite polarity: a near match never crosses that.
        self._choice_negated = np.array([negated(c) for c in self._choices], dtype=bool)
        # word -> row of a word x choice incidence matrix: the second pass counts the words a
        # name shares with every choice in one numpy sum instead of a Python loop per choice
        self._word_row = {word: n for n, word in enumerate(self._by_word)}
        self._incidence = np.zeros((len(self._word_row), len(self._choices)), dtype=np.int16)
        for word, positions in self._by_word.items():
            self._incidence[self._word_row[word], positions] = 1
        self._choice_words = [frozenset(c.split()) for c in self._choices]
        # token_sort_ratio is ratio over the words sorted: sorting each choice once here (and
        # each query once in match_many) gives the same scores at a third of the cost
        self._sorted_choices = [_sorted_words(c) for c in self._choices]

    def services_named(self, query: str) -> frozenset[str]:
        """The service areas whose words a normalised name uses (none: no restriction)."""
        words = query.split()
        named: set[str] = set()
        starts = self._phrase_starts
        for start, word in enumerate(words):
            if word not in starts:
                continue  # no phrase begins here: skip building its n-grams
            for size in range(1, min(self._longest_service_phrase, len(words) - start) + 1):
                found = self._phrase_services.get(" ".join(words[start : start + size]))
                if found:
                    named |= found
        return frozenset(named)

    def _allowed(self, query: str) -> np.ndarray:
        """Which choices a near match may come from: those of the services the name names
        (any, when it names none) that negate exactly when the name does."""
        named = self.services_named(query)
        key = (named, negated(query))
        mask = self._masks.get(key)
        if mask is None:
            mask = self._choice_negated == key[1]
            if named:
                indices = [self._service_index[s] for s in named if s in self._service_index]
                mask = mask & np.isin(self._choice_service, indices)
            self._masks[key] = mask
        return mask

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
        key = (name, cutoff)
        if key in self._cache:  # a table's rows, after their names were matched in one batch
            found = self._cache[key]
            return None if found is None else (self.entries[found[0]], found[1])
        return self.match_many([name], threshold=threshold)[0]

    def match_many(
        self, names: list[str], *, threshold: float | None = None
    ) -> list[tuple[CatalogueEntry, float] | None]:
        """`match` for many names at once: one rapidfuzz cdist over the names not seen before
        (a 10,000-row table of distinct names takes a fraction of a second)."""
        cutoff = self.threshold if threshold is None else float(threshold)
        new = {name for name in names if (name, cutoff) not in self._cache}
        if new and len(self._cache) + len(new) > CACHE_SIZE:
            # memory stays flat over an archive of millions of minutes; cleared only when new
            # names must go in, so a table's per-row lookups after its batch stay cache hits
            # (clearing on every call made 100,000 rows 100,000 separate cdist calls)
            self._cache.clear()
        todo: dict[str, str] = {}  # name -> normalised query, for names not yet cached
        for name in names:
            key = (name, cutoff)
            if key in self._cache or name in todo:
                continue
            exact = self._exact_match(name)
            if exact is not None or not name or not self._choices:
                self._cache[key] = exact
                continue
            query = normalise_name(name)
            if query:
                todo[name] = query
            else:
                self._cache[key] = None
        pending = list(todo.items())
        # In blocks: one cdist over 100,000 names would hold a 100,000 x choices score matrix
        # (hundreds of MB); blocks keep memory flat and the cost linear in the rows.
        for block_start in range(0, len(pending), MATCH_BLOCK):
            block = pending[block_start : block_start + MATCH_BLOCK]
            scores = process.cdist(
                [_sorted_words(query) for _, query in block],
                self._sorted_choices,
                scorer=SORTED_SCORER,
                processor=None,
                score_cutoff=cutoff,
                # a table's batch is scored on every core; a single name (extract's lookups,
                # often inside --jobs workers) stays on one thread
                workers=-1 if len(block) >= PARALLEL_FROM else 1,
            )
            # a row with no score at the cutoff needs no mask (its argmax is 0 either way);
            # _shortened then works the mask out only if it gets that far
            allowed: dict[int, np.ndarray] = {}
            for row in np.flatnonzero(scores.any(axis=1)).tolist():
                allowed[row] = self._allowed(block[row][1])
                scores[row, ~allowed[row]] = 0
            best = scores.argmax(axis=1)
            for row, (name, query) in enumerate(block):
                position = int(best[row])
                score = float(scores[row, position])
                if " " not in query and score < max(cutoff, ONE_WORD_THRESHOLD):
                    score = 0.0  # one word is too little to go on for a near match
                if score >= cutoff and score > 0:
                    self._cache[(name, cutoff)] = (self._owners[position], score)
                else:
                    self._cache[(name, cutoff)] = self._shortened(query, cutoff, allowed.get(row))
        results: list[tuple[CatalogueEntry, float] | None] = []
        for name in names:
            found = self._cache[(name, cutoff)]
            results.append(None if found is None else (self.entries[found[0]], found[1]))
        return results

    def _exact_match(self, name: str) -> tuple[int, float] | None:
        index = self._exact.get(utils.default_process(name))
        if index is None:
            index = self._exact.get(normalise_name(name))
        return None if index is None else (index, 100.0)

    def _shortened(
        self, query: str, cutoff: float, allowed: np.ndarray | None = None
    ) -> tuple[int, float] | None:
        """A shortened wording ("Older people still at home 91 days after discharge"):
        token_set_ratio forgives the missing words but alone matches any single shared word,
        so it counts only for choices sharing SHARED_WORDS content words and lacking at most
        EXTRA_WORDS of the query's, and is averaged with token_sort_ratio. (A query that adds
        words, "Children Looked After with an allocated social worker", is another measure.)"""
        words = set(query.split())
        if len(words) < SHARED_WORDS:
            return None
        rows = [self._word_row[w] for w in words if w in self._word_row]
        # a choice must hold all but EXTRA_WORDS of the query's words, and a word no choice
        # holds is in none: too many of those and no choice can qualify (most names of a
        # table the catalogue does not know end here, before any array work)
        needed = max(SHARED_WORDS, len(words) - EXTRA_WORDS)
        if len(rows) < needed:
            return None
        if allowed is None:
            allowed = self._allowed(query)
        shared = self._incidence[rows].sum(axis=0)
        found: tuple[int, float] | None = None
        # choices in catalogue order, so a tie goes to the earlier entry, whatever the order
        # of the query's words in a set
        for position in np.flatnonzero((shared >= needed) & allowed).tolist():
            choice = self._choices[position]
            score = (fuzz.token_set_ratio(query, choice) + SCORER(query, choice)) / 2
            if score >= cutoff and (found is None or score > found[1]):
                found = (self._owners[position], float(score))
        return found

    @classmethod
    def from_dir(cls, path: str | Path, *, threshold: float = DEFAULT_THRESHOLD) -> Catalogue:
        """Load every *.yaml / *.yml file in `path` (a user's own catalogue folder)."""
        folder = Path(path)
        if not folder.is_dir():
            raise InputError("catalogue folder not found", path=folder)
        entries: list[CatalogueEntry] = []
        service_words: dict[str, list[str]] = {}
        for file in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            found, service, words = _load_file(file)
            entries.extend(found)
            if service and words:
                service_words.setdefault(service, []).extend(words)
        return cls(entries, threshold=threshold, service_words=service_words)


def _load_file(file: Path) -> tuple[list[CatalogueEntry], str, list[str]]:
    """Entries of one catalogue file (a mapping {service, words, indicators: [...]} or a bare
    list), its service and the words that name that service."""
    try:
        data = load_yaml(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InputError(
            f"cannot read catalogue file: {error}".splitlines()[0], path=file
        ) from None
    service = ""
    words: list[str] = []
    if isinstance(data, dict):
        reject_unknown_keys(data, FILE_KEYS, path=file)
        service = str(data.get("service") or "")
        raw_words = data.get("words") or []
        if not isinstance(raw_words, list):
            raise InputError("words must be a list of words naming the service", path=file)
        words = [str(w) for w in raw_words]
        data = data.get("indicators") or []
    if not isinstance(data, list):
        raise InputError("a catalogue file holds a list of indicators", path=file)
    entries = [CatalogueEntry.from_dict(item, source=str(file), service=service) for item in data]
    return entries, service, words


@cache
def load_catalogue() -> Catalogue:
    """The catalogue shipped in phrasebanks/indicators/ (loaded once, then cached)."""
    from .resources import phrasebanks_dir

    return Catalogue.from_dir(phrasebanks_dir() / "indicators")
