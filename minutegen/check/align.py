"""Figures <-> data rows: group a minute's figures into indicator mentions, then give each
mention one row by an optimal assignment over the whole score matrix, not greedily.

A mention's score against a row blends its indicator phrase and its clause against the row's
names (name, abbreviation, catalogue aliases), plus the extractor's `indicator_id` and agreeing
numbers as smaller evidence, so that swapped values are still caught as wrong values.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from ..hedges import default_hedges
from ..model import Figure, Indicator
from ..resources import phrasebanks_dir
from ..yamlio import load_yaml
from .claims import Clause, hedge, matches, row_field, tolerance

# Roles that say something about an indicator's result; parameters and other figures do not.
CLAIM_ROLES: frozenset[str] = frozenset({"actual", "previous", "target", "benchmark", "change"})

# Alignment weights and thresholds. A mention is given a row only at MIN_SCORE or above: at 60
# the sample drafts' mentions all find their rows while unrelated sentences ("Members requested
# further data on caseloads") stay unaligned (measured with benchmarks/check_mutations.py).
PHRASE_WEIGHT = 0.6
CLAUSE_WEIGHT = 0.4
ID_BONUS = 15.0
VALUE_BONUS = 8.0
OTHER_VALUE_BONUS = 3.0
PARAM_BONUS = 6.0  # the definition's numbers ("10 working days") agree with the row's name
PARAM_CLASH = 20.0  # ... or state another number than the row's name ("within 15 working days")
DISTINCT_WEIGHT = 25.0  # share of a row name's distinctive (idf-weighted) words in the mention
DISTINCT_CENTRE = 0.4  # below this share the distinctive words count against a row
OWN_WORDS = 0.6  # share of a row's name a mention's own words must hold to speak of it alone
SPARE_MIN = 40.0  # an unplaced result may take a row nothing else speaks of at this score
MIN_SCORE = 60.0
ALIAS_MATCH = 90.0  # a row takes a catalogue entry's aliases only when its name is this close
UNIT_PENALTY = 15.0  # a percentage is rarely a count's or a score's statement, and back
UNIT_CLASH = 1000.0  # money is never a percentage's or a count's statement, and back
WIDER_PENALTY = 5.0  # a name found only in the clause before counts a little less
NEAR_BEST = 12.0  # candidate rows within this of a mention's best score compete for it
BLOCK_ABOVE = 120  # rows; larger tables score only the names sharing most words with a mention
BLOCK_CANDIDATES = 30
MAX_EXACT = 80  # larger tied groups fall back to best-first assignment
WORKERS = 1  # rapidfuzz threads for the score matrix (2 gave nothing on a shared 2-core box)


@dataclass(frozen=True)
class Mention:
    """Figures of one clause that speak of one indicator: its result and the numbers around it."""

    figures: tuple[Figure, ...]
    clause: Clause
    phrase: str
    context: str = ""  # the part of the clause between the neighbouring mentions
    left: int = 0  # document offsets of that part
    right: int = 0
    params: tuple[float, ...] = ()  # numbers of its definition ("within 10 working days")
    wider: str = ""  # the clause before it and its own stretch: where "the figure" was named

    @property
    def start(self) -> int:
        return min(f.start for f in self.figures)

    @property
    def end(self) -> int:
        return max(f.end for f in self.figures)

    def first(self, role: str) -> Figure | None:
        return next((f for f in self.figures if f.role == role), None)


@dataclass(frozen=True)
class Alignment:
    """Which row each mention speaks of (None: no row fits) and with what score; `names` is
    the part of each score that comes from words and structure, not from agreeing values."""

    mentions: tuple[Mention, ...]
    rows: tuple[int | None, ...]  # index into the indicator list, per mention
    scores: tuple[float, ...]
    names: tuple[float, ...] = ()
    repeats: tuple[bool, ...] = ()  # per mention: given its row after the one-to-one assignment


def clause_of(clauses: Sequence[Clause], offset: int, starts: Sequence[int] = ()) -> int:
    """Index of the clause holding a document offset (the nearest before it, if between);
    `starts` (the clauses' start offsets) may be given to save making them per call."""
    starts = starts or [c.start for c in clauses]
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _similar(a: str | None, b: str | None) -> float:
    if not a or not b:
        return 0.0
    return float(fuzz.token_set_ratio(a, b, processor=default_process))


@cache
def to_between() -> re.Pattern[str]:
    """The words between the two figures of "from A to B" / "of A to B": "to" (perhaps "up
    to", "down to") and perhaps hedges after it (phrasebanks/hedges.yaml: "to around £16.5m").
    B states the quantity A leads into, so both are named by the same words."""
    return re.compile(r"^\s*(?:to|down to|up to)\s+" + default_hedges().run() + "$", re.IGNORECASE)


_ANAPHORA = re.compile(r"^\W*(?:this|that|it|which|these)\b", re.IGNORECASE)


def merge_clauses(text: str, clauses: Sequence[Clause], figures: Sequence[Figure]) -> list[Clause]:
    """Join a clause that states no actual figure to the clause before it in the same
    paragraph when it carries on that clause's indicator: it states only targets, previous
    values or benchmarks ("22.4%. This is above the target of 18%."), or opens with "This"."""
    claims = [f for f in figures if f.role in CLAIM_ROLES]
    starts = [c.start for c in clauses]
    roles: list[set[str]] = [set() for _ in clauses]
    for figure in claims:
        roles[max(0, bisect.bisect_right(starts, figure.start) - 1)].add(figure.role)
    merged: list[Clause] = []
    merged_roles: list[set[str]] = []
    for clause, here in zip(clauses, roles, strict=True):
        if merged and merged[-1].paragraph == clause.paragraph and "actual" in merged_roles[-1]:
            carries_on = ("actual" not in here and bool(here)) or bool(_ANAPHORA.match(clause.text))
            if carries_on:
                last = merged[-1]
                merged[-1] = replace(last, end=clause.end, text=text[last.start : clause.end])
                merged_roles[-1] |= here
                continue
        merged.append(clause)
        merged_roles.append(set(here))
    return merged


def _owner(figure: Figure, actuals: Sequence[Figure], text: str) -> int:
    """Which actual of a clause a previous/target/benchmark/change figure belongs to: the
    actual it leads into ("from 31 episodes to 18"), else the nearest actual before it
    (English states the result first), else the one with its indicator id, else the next.
    A sum of money belongs to a sum of money when the clause states one: "£8.6m (2% of
    budgets), an increase of £0.3m" is a change of the £8.6m, not of the 2%."""
    candidates = list(range(len(actuals)))
    bare = figure.text.strip().replace(",", "").replace(".", "").isdigit()
    if figure.unit in ("gbp", "percent") or (figure.unit and not bare):
        # a previous value or target is in its result's unit: "71% of visits ... the increase
        # from 1,540 visits" is the count's earlier value, not the percentage's
        same = [i for i in candidates if actuals[i].unit == figure.unit]
        candidates = same or candidates
    after = [i for i in candidates if actuals[i].start >= figure.end]
    if after and to_between().match(text[figure.end : actuals[after[0]].start]):
        return after[0]
    before = [i for i in candidates if actuals[i].end <= figure.start]
    if before:
        return before[-1]
    same = [
        i
        for i in candidates
        if figure.indicator_id and actuals[i].indicator_id == figure.indicator_id
    ]
    if len(same) == 1:
        return same[0]
    return after[0] if after else candidates[0]


def build_mentions(
    figures: Sequence[Figure], clauses: Sequence[Clause], text: str = ""
) -> list[Mention]:
    """Group the claim figures of each clause into mentions: one per stated actual, with the
    previous, target, benchmark and change figures of that clause joined to their actual
    (see `_owner`)."""
    by_clause: dict[int, list[Figure]] = {}
    params_by_clause: dict[int, list[Figure]] = {}
    starts = [c.start for c in clauses]
    for figure in sorted(figures, key=lambda f: f.start):
        if figure.role == "parameter":
            params_by_clause.setdefault(clause_of(clauses, figure.start, starts), []).append(figure)
        if figure.role not in CLAIM_ROLES:
            continue
        by_clause.setdefault(clause_of(clauses, figure.start, starts), []).append(figure)
    mentions: list[Mention] = []
    for index, members in sorted(by_clause.items()):
        actuals = [f for f in members if f.role == "actual"]
        if not actuals:
            groups: list[list[Figure]] = [members]
        else:
            groups = [[a] for a in actuals]
            for figure in members:
                if figure.role == "actual":
                    continue
                groups[_owner(figure, actuals, text)].append(figure)
        clause = clauses[index]
        groups.sort(key=lambda g: min(f.start for f in g))
        cuts = [clause.start]
        joined = [False]  # per group: named by the same words as the one before it
        for k in range(1, len(groups)):
            gap_end = min(f.start for f in groups[k])
            ends = [f.end for f in groups[k - 1] if f.end <= gap_end]  # groups may interleave:
            gap_start = max(ends, default=gap_end)  # "£15.2m (2%) ... (£14.0m last quarter)"
            cuts.append(_cut(text, gap_start, gap_end) if text else gap_start)
            joined.append(bool(text) and _shares_words(groups[k - 1], groups[k], gap_start, text))
        cuts.append(clause.end)
        lo, hi = list(range(len(groups))), list(range(1, len(groups) + 1))
        for k in range(1, len(groups)):
            if joined[k]:  # "£15.2m (2%) in Portfolios": one phrase names both figures
                lo[k] = lo[k - 1]
        for k in range(len(groups) - 2, -1, -1):
            if joined[k + 1]:
                hi[k] = hi[k + 1]
        for k, group in enumerate(groups):
            group.sort(key=lambda f: f.start)
            lead = next((f for f in group if f.role == "actual"), group[0])
            phrase = lead.indicator or next((f.indicator for f in group if f.indicator), "")
            context = text[cuts[lo[k]] : cuts[hi[k]]] if text and len(groups) > 1 else clause.text
            # the extractor's name reaches into a neighbour's words, unless the clause hands
            # its list's items out "respectively" (the extractor names each figure by its
            # item: "absence for control staff ... 10.80 ... respectively")
            if (
                phrase
                and len(groups) > 1
                and not _inside(phrase, context)
                and not (_RESPECTIVELY.search(clause.text) and _inside(phrase, clause.text))
            ):
                phrase = ""
            if phrase and set(_WORD.findall(phrase.lower())) <= _GENERIC:
                phrase = ""  # "the figure", "performance": no name at all
            params = _params(lead, group, groups, k, params_by_clause.get(index, []))
            before = clauses[index - 1].start if index else clause.start
            wider = text[before : cuts[hi[k]]] if text else context
            mentions.append(
                Mention(
                    tuple(group), clause, phrase or "", context, cuts[k], cuts[k + 1], params, wider
                )
            )
    return mentions


def _params(
    lead: Figure,
    group: Sequence[Figure],
    groups: Sequence[Sequence[Figure]],
    k: int,
    params: Sequence[Figure],
) -> tuple[float, ...]:
    """The definition numbers of a mention: the parameters after its result and before the
    next mention ("77.8 completed within 10 working days"), else the last one before it."""
    end = min(f.start for f in groups[k + 1]) if k + 1 < len(groups) else 10**12
    start = max(f.end for f in groups[k - 1]) if k else -1
    after = [p.value for p in params if lead.end <= p.start < end]
    if after:
        return (after[0],)
    before = [p.value for p in params if start <= p.start < lead.start]
    return (before[-1],) if before else ()


# Between a figure and the next one in brackets after it ("£15.2m (2%)", "42 (3.0%)"): the
# bracketed figure restates the same quantity another way and shares its words.
_BRACKETED = re.compile(r"\s*\(\s*")


def _shares_words(
    before: Sequence[Figure], after: Sequence[Figure], gap_start: int, text: str
) -> bool:
    """Whether the mention `after` is named by the same words as the one right `before` it:

    - it stands in brackets right after it and restates it in another unit ("£15.2m (2%) in
      Portfolios", "42 (3.0%)"); one in the same unit with another value is another quantity
      with its own words ("£463m (£371m Housing Revenue Account and £92m General Fund)": a
      breakdown, each part named after its figure);
    - it is the B of "A to B" ("a decrease in the General Fund of £2.0m to around £14.5m"):
      what A leads into, named by the words before A, whatever roles the two were given.
    """
    first = min(after, key=lambda f: f.start)
    gap = text[gap_start : first.start]
    if to_between().match(gap):
        return True
    last = next((f for f in before if f.end == gap_start), None)
    if not _BRACKETED.fullmatch(gap):
        return False
    if last is None or not last.unit or last.unit != first.unit:
        return True
    return matches(first, last.value)


_NAME_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")


def name_numbers(names: Sequence[str]) -> set[float]:
    """Numbers written in a row's names ("within 15 working days" -> {15})."""
    return {float(n) for name in names for n in _NAME_NUMBER.findall(name)}


_CUTS = (
    re.compile(r"[;.]\s"),
    re.compile(r"\b(?:and|but|while|whilst|whereas)\b"),
    re.compile(r","),
    re.compile(r"\bwith\b"),
)
_GENERIC = frozenset(
    [
        "the",
        "figure",
        "figures",
        "this",
        "that",
        "performance",
        "result",
        "results",
        "rate",
        "level",
        "number",
        "total",
        "it",
        "was",
        "outturn",
        "position",
        "score",
    ]
)
_WORD = re.compile(r"[a-z]{3,}")


def _cut(text: str, start: int, end: int) -> int:
    """Where one mention's words end and the next one's begin, in the gap between their
    figures: at a semicolon or full stop, else "and"/"but"/"while", else a comma, else "with",
    else halfway."""
    gap = text[start:end]
    for pattern in _CUTS:
        match = pattern.search(gap)
        if match:
            return start + match.start()
    return start + len(gap) // 2


_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


def _inside(phrase: str, context: str) -> bool:
    """Whether most words of a phrase stand in the context."""
    words = _WORD.findall(phrase.lower())
    if not words:
        return True
    here = set(_WORD.findall(context.lower()))
    return sum(w in here for w in words) >= 0.7 * len(words)


def row_names(row: Indicator, aliases: Sequence[str] = ()) -> list[str]:
    """Every name a row may be called by: its name, abbreviation and catalogue aliases."""
    names = [row.name]
    if row.abbreviation:
        names.append(row.abbreviation)
    names.extend(a for a in aliases if a)
    return names


def catalogue_aliases(rows: Sequence[Indicator]) -> list[list[str]]:
    """The catalogue's name and aliases for each row (by id, else by name), when it has any."""
    try:
        from ..catalogue import load_catalogue

        catalogue = load_catalogue()
    except Exception:  # no catalogue in this installation: names alone will do
        return [[] for _ in rows]
    found: list[list[str]] = []
    for row in rows:
        entry = None
        if row.id:
            entry = catalogue.get(row.id)
        if entry is None:  # only a close match: a more specific row ("missed grey bins in
            # February") must not take a general entry's aliases ("missed bin collections")
            hit = catalogue.match(row.name, threshold=ALIAS_MATCH)
            entry = hit[0] if hit else None
        found.append([entry.name, *list(entry.aliases)] if entry is not None else [])
    return found


def _number_bonus(mentions: Sequence[Mention], rows: Sequence[Indicator]) -> np.ndarray:
    """Evidence from numbers: for every mention and row, a bonus when a stated actual,
    previous, target or benchmark is the row's own (at the precision shown)."""
    fields = {
        role: np.array(
            [np.nan if row_field(r, role) is None else row_field(r, role) for r in rows],
            dtype=float,
        )
        for role in ("actual", "previous", "target", "benchmark")
    }
    bonus = np.zeros((len(mentions), len(rows)))
    for i, mention in enumerate(mentions):
        for figure in mention.figures:
            values = fields.get(figure.role)
            if values is None:
                continue
            slack = tolerance(figure) + 1e-9 * np.maximum(1.0, np.abs(values))
            hit = np.abs(values - figure.value) <= slack
            bonus[i] += np.where(
                hit, VALUE_BONUS if figure.role == "actual" else OTHER_VALUE_BONUS, 0.0
            )
    return np.minimum(bonus, VALUE_BONUS + 2 * OTHER_VALUE_BONUS)


def _name_scores(phrases: list[str], contexts: list[str], names: list[str]) -> np.ndarray:
    """Phrase and context against every name: the blend of rapidfuzz scorers, all pairs."""
    kw = {"processor": default_process, "workers": WORKERS, "dtype": np.float32}
    phrase = 0.5 * process.cdist(phrases, names, scorer=fuzz.token_set_ratio, **kw)
    phrase += 0.5 * process.cdist(phrases, names, scorer=fuzz.token_sort_ratio, **kw)
    combined = PHRASE_WEIGHT * phrase
    combined += CLAUSE_WEIGHT * process.cdist(contexts, names, scorer=fuzz.token_set_ratio, **kw)
    return combined


def _blocked_scores(phrases: list[str], contexts: list[str], names: list[str]) -> np.ndarray:
    """The same scores for large tables, computed only for the BLOCK_CANDIDATES names that
    share the most (idf-weighted) words with the mention: a 500-row table need not score
    250,000 pairs with rapidfuzz."""
    vocabulary: dict[str, int] = {}
    name_words = [set(default_process(n).split()) for n in names]
    for words in name_words:
        for word in words:
            vocabulary.setdefault(word, len(vocabulary))
    weights = np.zeros((len(names), len(vocabulary)), dtype=np.float32)
    for k, words in enumerate(name_words):
        weights[k, [vocabulary[w] for w in words]] = 1.0
    idf = np.log((1 + len(names)) / (1 + weights.sum(axis=0))) + 1.0
    weights *= idf
    present = np.zeros((len(phrases), len(vocabulary)), dtype=np.float32)
    for i, (phrase, context) in enumerate(zip(phrases, contexts, strict=True)):
        found = [vocabulary[w] for w in set(default_process(phrase + " " + context).split())
                 if w in vocabulary]  # fmt: skip
        present[i, found] = 1.0
    overlap = present @ weights.T
    keep = min(BLOCK_CANDIDATES, len(names))
    combined = np.zeros((len(phrases), len(names)), dtype=np.float32)
    for i in range(len(phrases)):
        candidates = np.argpartition(-overlap[i], keep - 1)[:keep]
        candidates = candidates[overlap[i, candidates] > 0]
        if candidates.size == 0:
            continue
        chosen = [names[k] for k in candidates]
        combined[i, candidates] = _name_scores([phrases[i]], [contexts[i]], chosen)[0]
    return combined


@cache
def stopwords() -> frozenset[str]:
    """Words that name no row (`phrasebanks/check/align.yaml`): "the", "within", "per cent"."""
    path = phrasebanks_dir() / "check" / "align.yaml"
    raw = load_yaml(path.read_text(encoding="utf-8")) or {}
    return frozenset(str(w).lower() for w in raw.get("stopwords") or [])


# A number that names a thing with the word before it ("Key Stage 2", "stage 1 complaints",
# "within 15 working days", "Year 7") or a financial year ("2019/20"): rows that differ only
# there ("Stage 1 complaints" and "Stage 2 complaints") differ in nothing else.
_NAMED_NUMBER = re.compile(
    r"\b([a-z]{2,})\s+(\d{1,3}(?:,\d{3})*)(?![\d.,%]|\s*(?:per ?cent|%))\b|\b(\d{4}/\d{2,4})\b",
    re.IGNORECASE,
)


_CODED = re.compile(r"[a-z]{1,3}\d{1,3}")


def content_words(text: str) -> set[str]:
    """The content words of a text, lower-cased, with a plural -s taken off ("placements" and
    "placement" are one word): what the distinctive-word evidence counts. A number standing
    after a word ("stage 2") or a financial year counts as a word of its own ("stage#2")."""
    words = {
        (m.group(3) or f"{m.group(1).lower()}#{m.group(2).replace(',', '')}")
        for m in _NAMED_NUMBER.finditer(text)
    }
    stop = stopwords()
    for word in default_process(text).split():
        if _CODED.fullmatch(word):
            words.add(word)  # "q1", "ks2", "p7": short, but a name's whole difference
            continue
        if len(word) < 3 or word in stop or word.isdigit():
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return words


def word_weights(rows: Sequence[Indicator]) -> dict[str, float]:
    """Idf of each content word over a table's row names: a word every row has weighs 0."""
    counts: dict[str, int] = {}
    for row in rows:
        for word in content_words(row.name):
            counts[word] = counts.get(word, 0) + 1
    return {w: float(np.log(len(rows) / c)) for w, c in counts.items()}


def named_in(text: str, names: Sequence[str], weights: dict[str, float] | None = None) -> float:
    """The largest share of one name's content words that stand in a text, 0-1: whether a
    mention's own words (not a heading above it) speak of a row. With `weights` (see
    `word_weights`) the share is of the name's distinctive weight, so "the average days lost"
    does not name "Slough average days lost per employee" beside other days-lost rows."""
    here = content_words(text)
    said = {w.split("#")[0] for w in here if "#" in w}
    best = 0.0
    for name in names:
        # a numbered word of the name ("stage#2") counts only where the text numbers that word
        # too: "stage 1" contradicts "Stage 2", but a text that gives no stage says nothing
        words = {w for w in content_words(name) if "#" not in w or w.split("#")[0] in said}
        if not words:
            continue
        total = sum(weights.get(w, 0.0) for w in words) if weights else 0.0
        if total > 0 and weights:
            best = max(best, sum(weights.get(w, 0.0) for w in words & here) / total)
        else:
            best = max(best, len(words & here) / len(words))
    return best


def distinct_scores(locals_: Sequence[str], names: Sequence[str]) -> np.ndarray:
    """For every mention and name: the share of the name's idf-weighted words (idf over the
    table's names) that stand in the mention's own words, 0-1; NaN where a name has no word
    another lacks (no evidence). Words every name shares weigh nothing, so "grey bins" pins
    "missed grey bins" against "missed blue bins"."""
    out = np.full((len(locals_), len(names)), np.nan)
    if len(names) < 2 or not locals_:
        return out
    vocabulary: dict[str, int] = {}
    name_words = [content_words(n) for n in names]
    for words in name_words:
        for word in words:
            vocabulary.setdefault(word, len(vocabulary))
    if not vocabulary:
        return out
    weights = np.zeros((len(names), len(vocabulary)), dtype=np.float32)
    for k, words in enumerate(name_words):
        weights[k, [vocabulary[w] for w in words]] = 1.0
    idf = np.log(len(names) / np.maximum(1.0, weights.sum(axis=0)))
    weights *= idf
    present = np.zeros((len(locals_), len(vocabulary)), dtype=np.float32)
    # a numbered word of a name ("stage#2") counts only for a text that numbers that word too
    # (see `named_in`): elsewhere it is left out of the name's total
    numbered = {w: w.split("#")[0] for w in vocabulary if "#" in w}
    counted = np.ones((len(locals_), len(vocabulary)), dtype=np.float32)
    for i, text in enumerate(locals_):
        here = content_words(text)
        found = [vocabulary[w] for w in here if w in vocabulary]
        present[i, found] = 1.0
        if numbered:
            said = {w.split("#")[0] for w in here if "#" in w}
            counted[i, [vocabulary[w] for w, stem in numbered.items() if stem not in said]] = 0.0
    total = counted @ weights.T
    overlap = present @ weights.T
    return np.where(total > 0, overlap / np.maximum(total, 1e-9), np.nan)


def own_words(mentions: Sequence[Mention]) -> list[str]:
    """The words each mention has to itself: its stretch of a clause it shares with other
    mentions (the extractor's phrase may reach a neighbour's words), else its phrase (which
    may hold the heading it stands under), else its clause. Mentions that share a whole
    clause under one phrase ("of £2.0m to around £14.5m") are told apart by neither: the
    clause's words are theirs."""
    phrases: dict[tuple[int, int], list[str]] = {}
    for m in mentions:
        phrases.setdefault((m.clause.start, m.clause.end), []).append(m.phrase)
    words = []
    for m in mentions:
        alike = phrases[(m.clause.start, m.clause.end)]
        named_alike = len(alike) > 1 and len(set(alike)) == 1
        if m.context and (m.context != m.clause.text or named_alike):
            words.append(m.context)
        else:
            words.append(m.phrase or m.clause.text)
    return words


def score_matrix(
    mentions: Sequence[Mention], rows: Sequence[Indicator], aliases: Sequence[Sequence[str]]
) -> np.ndarray:
    """Score of every mention against every row (0-100 plus evidence bonuses). Number and id
    evidence is added only where a row's name already competes for the mention."""
    return score_matrices(mentions, rows, aliases)[0]


def score_matrices(
    mentions: Sequence[Mention], rows: Sequence[Indicator], aliases: Sequence[Sequence[str]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The score matrix, its part from words and structure alone (no agreeing values), and
    each mention's share of each row's distinctive words (see `distinct_scores`)."""
    if not mentions or not rows:
        empty = np.zeros((len(mentions), len(rows)))
        return empty, empty, empty
    names: list[str] = []
    starts: list[int] = []
    for j, row in enumerate(rows):
        starts.append(len(names))
        names.extend(row_names(row, aliases[j] if j < len(aliases) else ()))
    contexts = [m.context or m.clause.text for m in mentions]
    phrases = [m.phrase or c for m, c in zip(mentions, contexts, strict=True)]
    if len(rows) > BLOCK_ABOVE:
        combined = _blocked_scores(phrases, contexts, names)
    else:
        combined = _name_scores(phrases, contexts, names)
    weak = [i for i in range(len(mentions)) if combined[i].max() < MIN_SCORE and mentions[i].wider]
    if weak:  # "the figure stood at 135.63%": the indicator was named in the clause before
        wider = [mentions[i].wider for i in weak]
        phrases_again = [mentions[i].phrase or w for i, w in zip(weak, wider, strict=True)]
        again = _name_scores(phrases_again, wider, names) - WIDER_PENALTY
        combined[weak] = np.maximum(combined[weak], again)
    matrix = np.maximum.reduceat(combined, starts, axis=1).astype(float)
    # distinctive words of the rows' own names: a catalogue alias several rows share ("missed
    # bins") would otherwise give them all the same share
    shares = distinct_scores(own_words(mentions), [r.name for r in rows])
    distinct = np.where(np.isnan(shares), 0.0, shares - DISTINCT_CENTRE)
    shares = np.nan_to_num(shares)
    for i in weak:  # named in the clause before: its own words' silence is no evidence
        if shares[i].max() == 0:
            distinct[i] = 0.0
    matrix += DISTINCT_WEIGHT * distinct
    ids = {row.id: j for j, row in enumerate(rows) if row.id}
    for i, mention in enumerate(mentions):
        if not mention.phrase:
            continue  # the extractor's name was set aside (a neighbour's words, or generic)
        for figure_id in {f.indicator_id for f in mention.figures if f.indicator_id}:
            j = ids.get(figure_id)
            if j is not None:
                matrix[i, j] += ID_BONUS
    evidence = _number_bonus(mentions, rows)
    units = np.array([r.unit or "" for r in rows])
    for i, mention in enumerate(mentions):
        lead = mention.first("actual")
        if lead is not None and lead.value != 0 and lead.unit in ("percent", "count"):
            clash = (units != "") & (units != lead.unit)
            if lead.unit == "percent":  # nor a quantity in tonnes or days ("other")
                clash &= np.array([r.unit != "other" or _not_percent(r) for r in rows])
            else:
                clash &= units != "other"
            if lead.unit == "count":  # a bare number may be anything; a counted noun is not a %
                bare = lead.text.strip().replace(",", "").replace(".", "").isdigit()
                clash &= (units == "percent") & (not bare)
            matrix[i] -= np.where(clash, UNIT_PENALTY, 0.0)
        if lead is not None and lead.value != 0 and lead.unit not in (None, "", "other"):
            # money and not-money never state each other: a unit clash decides against a link
            bare = lead.text.strip().replace(",", "").replace(".", "").isdigit()
            money = units == "gbp"
            clash = (units != "") & (units != "other") & (money != (lead.unit == "gbp"))
            if not bare:
                matrix[i] -= np.where(clash, UNIT_CLASH, 0.0)
    written = [
        name_numbers(row_names(r, aliases[j] if j < len(aliases) else ()))
        for j, r in enumerate(rows)
    ]
    has_numbers = np.array([bool(w) for w in written])
    rows_with: dict[float, list[int]] = {}
    for j, numbers in enumerate(written):
        for value in numbers:
            rows_with.setdefault(value, []).append(j)
    for i, mention in enumerate(mentions):
        if not mention.params:
            continue
        agree = np.zeros(len(rows), dtype=bool)
        for value in mention.params:
            agree[rows_with.get(value, [])] = True
        matrix[i] += np.where(agree, PARAM_BONUS, np.where(has_numbers, -PARAM_CLASH, 0.0))
    return matrix + evidence, matrix, shares


def _not_percent(row: Indicator) -> bool:
    """Whether a row of unit "other" cannot be a percentage: its values (result, previous,
    target) include one above 100 (tonnes, days, a count of things)."""
    values = [v for v in (row.value, row.previous, row.target) if v is not None]
    return any(abs(v) > 100 for v in values)


def hungarian(scores: Sequence[Sequence[float]]) -> list[int | None]:
    """Maximum-total assignment of rows to columns (each used at most once); returns the
    column per row or None. O(n^2 m) potentials method, for the small tied groups it is given."""
    n = len(scores)
    m = len(scores[0]) if n else 0
    if n == 0 or m == 0:
        return [None] * n
    transpose = n > m
    if transpose:
        scores = [[scores[i][j] for i in range(n)] for j in range(m)]
        n, m = m, n
    inf = float("inf")
    top = max(max(r) for r in scores)
    cost = [[top - v for v in r] for r in scores]
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    result: list[int | None] = [None] * n
    for j in range(1, m + 1):
        if p[j]:
            result[p[j] - 1] = j - 1
    if transpose:
        back: list[int | None] = [None] * m
        for row_index, col in enumerate(result):
            if col is not None:
                back[col] = row_index
        return back
    return result


def assign(
    matrix: Sequence[Sequence[float]] | np.ndarray,
    *,
    min_score: float = MIN_SCORE,
    words: np.ndarray | None = None,
) -> Alignment:
    """Give each mention one row: an optimal one-to-one assignment within each group of
    mentions and rows that compete (scores near their best), then any mention left over
    (a row spoken of twice) takes the competing row its `words` (the score without agreeing
    values) favour, else its best row: a repeat that states another row's value is a
    swapped figure, not that row's (see `settle` for repeats stated exactly elsewhere).
    Returns rows per mention, in order."""
    matrix = np.asarray(matrix, dtype=float)
    n = matrix.shape[0]
    rows_count = matrix.shape[1] if n else 0
    edges: dict[int, list[int]] = {}
    for i in range(n):
        best = float(matrix[i].max()) if rows_count else 0.0
        if best < min_score:
            continue
        floor = max(min_score, best - NEAR_BEST)
        edges[i] = [int(j) for j in np.nonzero(matrix[i] >= floor)[0]]
    # connected groups of competing mentions and rows (union-find over mention and row nodes)
    parent = list(range(n + rows_count))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, js in edges.items():
        for j in js:
            parent[find(i)] = find(n + j)
    groups: dict[int, tuple[list[int], set[int]]] = {}
    for i, js in edges.items():
        mentions_in, rows_in = groups.setdefault(find(i), ([], set()))
        mentions_in.append(i)
        rows_in.update(js)
    chosen: list[int | None] = [None] * n
    repeats = [False] * n
    for mentions_in, rows_in in groups.values():
        cols = sorted(rows_in)
        if len(mentions_in) == 1:
            i = mentions_in[0]
            chosen[i] = max(cols, key=lambda j: matrix[i][j])
            continue
        if len(mentions_in) * len(cols) > MAX_EXACT * MAX_EXACT:
            block = matrix[np.ix_(mentions_in, cols)]
            order = np.argsort(-block, axis=None, kind="stable")
            taken: set[int] = set()
            for flat in order:
                a, b = divmod(int(flat), len(cols))
                i, j = mentions_in[a], cols[b]
                if block[a, b] < min_score:
                    break
                if chosen[i] is None and j not in taken:
                    chosen[i] = j
                    taken.add(j)
        else:
            sub = [[matrix[i][j] if j in edges[i] else 0.0 for j in cols] for i in mentions_in]
            for local, col in enumerate(hungarian(sub)):
                i = mentions_in[local]
                if col is not None and matrix[i][cols[col]] >= min_score:
                    chosen[i] = cols[col]
        for i in mentions_in:  # a row spoken of twice: the later mention takes its best row
            if chosen[i] is None:
                if words is not None:
                    chosen[i] = max(edges[i], key=lambda j: (words[i][j], matrix[i][j]))
                else:
                    chosen[i] = max(edges[i], key=lambda j: matrix[i][j])
                repeats[i] = True
    return Alignment(
        mentions=(), rows=tuple(chosen), scores=_scores(matrix, chosen), repeats=tuple(repeats)
    )


def _scores(matrix: np.ndarray, chosen: Sequence[int | None]) -> tuple[float, ...]:
    return tuple(float(matrix[i][c]) if c is not None else 0.0 for i, c in enumerate(chosen))


def align(
    mentions: Sequence[Mention],
    rows: Sequence[Indicator],
    *,
    aliases: Sequence[Sequence[str]] | None = None,
    min_score: float = MIN_SCORE,
    text: str = "",
) -> Alignment:
    """Align mentions to rows as a whole (see `assign`), then settle repeats and spare rows
    (see `settle`; `text` is the document, for the hedges before figures)."""
    if aliases is None:
        aliases = [[] for _ in rows]
    matrix, names, shares = score_matrices(mentions, rows, aliases)
    repeated = repeats_of_stated(mentions, rows, matrix, shares, min_score)
    blocked = matrix.copy()
    for i in repeated:
        blocked[i] = 0.0
    result = assign(blocked, min_score=min_score, words=names)
    chosen = list(result.rows)
    for i, k in repeated.items():
        chosen[i] = k
    chosen = settle(mentions, rows, matrix, chosen, aliases, text, result.repeats)
    return Alignment(
        mentions=tuple(mentions),
        rows=tuple(chosen),
        scores=tuple(float(matrix[i][c]) if c is not None else 0.0 for i, c in enumerate(chosen)),
        names=tuple(float(names[i][c]) if c is not None else 0.0 for i, c in enumerate(chosen)),
    )


def repeats_of_stated(
    mentions: Sequence[Mention],
    rows: Sequence[Indicator],
    matrix: np.ndarray,
    shares: np.ndarray,
    min_score: float = MIN_SCORE,
) -> dict[int, int]:
    """Mentions that repeat a row another mention states: a result whose distinctive words
    favour no other row ("Cllr Timmis referred to the 313 missed bins") and that states
    exactly the value of a candidate row that a mention naming it best also states. They take that
    row before the one-to-one assignment, which would otherwise hand them a namesake. So does
    a result that states its best row's previous value, target or benchmark: a role the
    extractor mistook, not a rival for the row's result."""
    if not mentions or not rows:
        return {}
    per_row = shares
    leads = [m.first("actual") for m in mentions]
    bests = matrix.argmax(axis=1)
    owners: dict[int, list[int]] = {}  # row -> mentions stating its value that name it best
    for o, other in enumerate(leads):
        b = int(bests[o])
        if other is not None and matrix[o][b] >= min_score and matches(other, rows[b].value):
            owners.setdefault(b, []).append(o)
    found: dict[int, int] = {}
    for i, lead in enumerate(leads):
        if lead is None:
            continue
        best = int(np.argmax(matrix[i]))
        others = [row_field(rows[best], role) for role in ("previous", "target", "benchmark")]
        if (
            matrix[i][best] >= min_score
            and not matches(lead, rows[best].value)
            and any(matches(lead, v) for v in others)
        ):
            found[i] = best  # "the 1% achieved in Quarter 1": the row's previous value
            continue
        for k in np.argsort(-matrix[i]):
            if matrix[i][k] < min_score:
                break
            if not matches(lead, rows[k].value):
                continue
            if per_row[i][k] < per_row[i].max():
                break  # its own words favour another row: a swapped value, not a repeat
            if any(o != i and matrix[o][k] > matrix[i][k] for o in owners.get(int(k), [])):
                found[i] = int(k)
            break
    return found


def settle(
    mentions: Sequence[Mention],
    rows: Sequence[Indicator],
    matrix: np.ndarray,
    chosen: list[int | None],
    aliases: Sequence[Sequence[str]] = (),
    text: str = "",
    repeats: Sequence[bool] = (),
) -> list[int | None]:
    """Corrections to the assignment, all about rows as a whole:

    - a mention left over by the one-to-one assignment (not the best-scoring one of its row)
      repeats a row; when it states exactly the result of a candidate row another mention
      states, it repeats that row, not merely the nearest name ("the 313 missed bins" after
      "313 bins were missed per 100,000");
    - a row another mention already states exactly is not given a second, hedged and
      different result unless the second one's own words name it (OWN_WORDS): an estimate
      that far off is another quantity in the commentary ("approximately 3000 per year" under
      the heading of a row the minute put at 5,666), not a misstatement of the row;
    - a result that found no row may take a row nothing else speaks of, in the row's unit, at
      a lower score (SPARE_MIN) or with the row's target, previous value or benchmark stated
      beside it: its wording is far from the row's name, but it is the one figure left for
      the one row left.
    """
    exact: dict[int, set[int]] = {}
    for i, j in enumerate(chosen):
        lead = mentions[i].first("actual")
        if j is not None and lead is not None and matches(lead, rows[j].value):
            exact.setdefault(j, set()).add(i)
    for i, j in enumerate(chosen):
        lead = mentions[i].first("actual")
        if j is None or not repeats[i] or lead is None or matches(lead, rows[j].value):
            continue
        stated = [
            k
            for k in exact
            if matrix[i][k] >= MIN_SCORE and exact[k] - {i} and matches(lead, rows[k].value)
        ]
        if stated:  # a row spoken of twice: the repeat is of a row stated rightly elsewhere
            chosen[i] = max(stated, key=lambda k: matrix[i][k])
            exact[chosen[i]].add(i)
    for i, j in enumerate(chosen):
        lead = mentions[i].first("actual")
        if j is None or lead is None or matches(lead, rows[j].value):
            continue
        if (
            exact.get(j, set()) - {i}
            and text
            and hedge(lead, text) is not None
            and not speaks_of(mentions[i], rows[j], aliases, j)
        ):
            chosen[i] = None
    taken = {j for j in chosen if j is not None}
    free = [j for j in range(len(rows)) if j not in taken and rows[j].value is not None]
    loose = [
        i for i, j in enumerate(chosen) if j is None and mentions[i].first("actual") is not None
    ]
    if not free or not loose:
        return chosen
    sub = []
    for i in loose:
        lead = mentions[i].first("actual")
        assert lead is not None
        sub.append(
            [
                max(float(matrix[i][j]), 1.0)
                if _same_unit(lead, rows[j])
                and (matrix[i][j] >= SPARE_MIN or states_beside(mentions[i], rows[j]))
                else 0.0
                for j in free
            ]
        )
    for local, col in enumerate(hungarian(sub)):
        if col is not None and sub[local][col] > 0:
            chosen[loose[local]] = free[col]
    return chosen


def speaks_of(
    mention: Mention,
    row: Indicator,
    aliases: Sequence[Sequence[str]] = (),
    j: int = -1,
    weights: dict[str, float] | None = None,
) -> bool:
    """Whether a mention's own stretch of its clause names a row (OWN_WORDS of its name, by
    distinctive weight when `weights` are given), or the clause before when its own words
    name nothing ("the figure stood at ...")."""
    own = mention.context or mention.clause.text
    if not mention.phrase and mention.wider:
        own = mention.wider  # "the figure stood at 93.1%": named in the clause before
    if named_in(own, [row.name], weights) >= OWN_WORDS:
        return True
    aliases_j = aliases[j] if 0 <= j < len(aliases) else ()
    return bool(aliases_j) and named_in(own, row_names(row, aliases_j)) >= OWN_WORDS


def states_beside(mention: Mention, row: Indicator) -> bool:
    """Whether a mention states one of the row's other numbers (its target, previous value or
    benchmark) beside its result: "the target set for this indicator was 42%"."""
    return any(
        f.role in ("previous", "target", "benchmark") and matches(f, row_field(row, f.role))
        for f in mention.figures
    )


def _same_unit(figure: Figure, row: Indicator) -> bool:
    """Whether a figure may state a row's value as far as units go (a bare number may)."""
    if not row.unit or figure.unit == row.unit or row.unit == "other":
        return True
    bare = figure.text.strip().replace(",", "").replace(".", "").isdigit()
    return bare and row.unit != "percent"
