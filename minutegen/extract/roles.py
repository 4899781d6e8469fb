"""Decide each figure's role (actual, previous, target, benchmark, change, parameter, other).

Cues are data (phrasebanks/extract/roles.yaml): a phrase or token pattern that ends just before
a figure or starts just after it. Matching and deciding are separate, as in spaCy's
EntityRuler: `CueMatcher.match(doc)` finds every cue once per document with a PhraseMatcher
and a Matcher; `assign_roles` is a pure function from figures, cue matches and the clause
structure to roles, applying the cues, then coordination ("from 8.8% and 9.5%"), ranges,
counting contexts ("Out of the 31 targets; 20 were on track") and per-unit defaults.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from spacy.attrs import IS_PUNCT, IS_SPACE, LOWER
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..errors import InputError
from ..hedges import hedge_tail
from ..model import ROLES, UNITS
from ..yamlio import load_yaml
from .sections import TEXT_KEY, Structure
from .tallies import TallyWords, mark_tallies

RULE_KEYS: tuple[str, ...] = (
    "role", "side", "phrase", "phrases", "pattern", "gap", "units", "priority", "then",
    "through", "within", "preceded_by", "preceded_within", "gap_through", "marks_previous",
    "nonzero",
)  # fmt: skip
YEARLIKE = re.compile(r"^(?:19|20)\d\d(?:[/-]\d{2,4})?$")
SIDES: tuple[str, ...] = ("before", "after", "inside")
DURATIONS = frozenset({"days", "weeks", "months", "years", "hours"})
# Tokens that close the gap between a cue and a figure: a cue does not reach across them.
GAP_BLOCKERS = frozenset({",", ";", ".", ":", "?", "!", "–", "—"})
COORDINATORS = frozenset({"and", "or", "to", "&", "("})
# A cue allowed this many filler tokens may reach over another figure on its way (a long
# definition between "target for" and its value); shorter cues stop at the nearest figure.
LONG_GAP = 6
MAX_HEDGE = 4  # hedge tokens a cue reaches across ("just under", "well in excess of")
CONTRASTS = frozenset({"however", "but", "whereas", "while", "whilst", "although"})


@dataclass(frozen=True)
class CueRule:
    """One cue: a phrase or token pattern on one side of a figure that gives it a label."""

    label: str
    side: str
    phrases: tuple[str, ...] = ()
    pattern: tuple[dict[str, Any], ...] | None = None
    gap: int = 0
    units: frozenset[str] | None = None
    priority: int = 50
    then: frozenset[str] = frozenset()  # a word that must follow the phrase...
    through: frozenset[str] | None = None  # ...crossing only these words (None: any word)
    within: int = 3
    preceded_by: frozenset[str] = frozenset()  # a word that must stand just before it
    preceded_within: int = 2
    gap_through: frozenset[str] | None = None  # the only words a gap may hold ("<year>": 2025/26)
    marks_previous: bool = False  # an earlier same-unit value in the clause is the previous one
    nonzero: bool = False  # only figures other than zero ("None of the directorates" is a result)

    @classmethod
    def from_dict(
        cls, data: Any, *, labels: Sequence[str], source: str, key: str = "role"
    ) -> CueRule:
        """Build a rule from YAML, rejecting unknown keys and naming the allowed ones."""
        allowed = (key, *RULE_KEYS[1:])
        if not isinstance(data, dict):
            raise InputError(f"each rule must be a mapping of {', '.join(allowed)}", path=source)
        unknown = sorted(set(data) - set(allowed))
        if unknown:
            raise InputError(
                f"unknown rule key {unknown[0]!r}; allowed keys: {', '.join(allowed)}", path=source
            )
        label = data.get(key)
        if label not in labels:
            raise InputError(f"rule {key} {label!r} is not one of {', '.join(labels)}", path=source)
        side = data.get("side", "before")
        if side not in SIDES:
            raise InputError(f"rule side {side!r} is not one of {', '.join(SIDES)}", path=source)
        phrase, phrases, pattern = data.get("phrase"), data.get("phrases"), data.get("pattern")
        if sum(x is not None for x in (phrase, phrases, pattern)) != 1:
            raise InputError(
                f"a {label} rule needs exactly one of phrase, phrases, pattern", path=source
            )
        if phrases is not None and (isinstance(phrases, str) or not isinstance(phrases, list)):
            raise InputError(f"a {label} rule's phrases must be a list", path=source)
        alternatives = [phrase] if phrase is not None else list(phrases or [])

        def words(key: str) -> frozenset[str]:
            value = data.get(key) or []
            if isinstance(value, str) or not isinstance(value, list):
                raise InputError(f"a {label} rule's {key} must be a list", path=source)
            return frozenset(str(w).lower() for w in value)

        units = data.get("units")
        if units is not None:
            bad = [u for u in units if u not in UNITS]
            if bad:
                raise InputError(f"rule unit {bad[0]!r} is not a known unit", path=source)
        return cls(
            label=str(label),
            side=str(side),
            phrases=tuple(str(p).lower() for p in alternatives),
            pattern=tuple(pattern) if pattern is not None else None,
            gap=int(data.get("gap", 0)),
            units=frozenset(units) if units is not None else None,
            priority=int(data.get("priority", 50)),
            then=words("then"),
            through=words("through") if "through" in data else None,
            within=int(data.get("within", 3)),
            preceded_by=words("preceded_by"),
            preceded_within=int(data.get("preceded_within", 2)),
            gap_through=words("gap_through") if "gap_through" in data else None,
            marks_previous=bool(data.get("marks_previous", False)),
            nonzero=bool(data.get("nonzero", False)),
        )


@dataclass(frozen=True)
class RoleRules:
    """The role cues and the few lists that go with them, as loaded from roles.yaml."""

    rules: tuple[CueRule, ...]
    count_nouns: frozenset[str] = frozenset()
    default_role_by_unit: dict[str, str] = field(default_factory=dict)
    table_headers: dict[str, str] = field(default_factory=dict)  # column heading -> role
    goal_changes: tuple[frozenset[str], ...] = ()  # (goal words, change words)
    vote_words: frozenset[str] = frozenset()  # "For", "Against" (as written) before a vote
    tallies: TallyWords | None = None  # counts of indicators by status ("19 (38%) were green")
    conditions: frozenset[str] = frozenset()  # "if", "unless": what would follow, not a result
    asking: frozenset[str] = frozenset()  # "asked if": a question about a result, not a condition
    periods: frozenset[str] = frozenset()  # "August", "Q1", "last": an earlier period's label

    @property
    def max_gap(self) -> int:
        """The longest gap any cue allows (cached: read for every document)."""
        cached = self.__dict__.get("_max_gap")
        if cached is None:
            cached = max((r.gap for r in self.rules), default=0)
            object.__setattr__(self, "_max_gap", cached)
        return cached


def _read_yaml(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InputError(f"cannot read rules: {error}".splitlines()[0], path=path) from None


def load_role_rules(path: Path | None = None) -> RoleRules:
    """Role cues from a YAML file (default: the packaged phrasebanks/extract/roles.yaml)."""
    if path is None:
        from ..resources import phrasebanks_dir

        path = phrasebanks_dir() / "extract" / "roles.yaml"
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InputError("a roles file needs a 'rules' list", path=path)
    rules = tuple(CueRule.from_dict(r, labels=ROLES, source=str(path)) for r in data["rules"])
    defaults = dict(data.get("default_role_by_unit") or {})
    for unit, role in defaults.items():
        if unit not in UNITS or role not in ROLES:
            raise InputError(f"default_role_by_unit: bad pair {unit!r}: {role!r}", path=path)
    headers: dict[str, str] = {}
    for role, names in (data.get("table_headers") or {}).items():
        if role not in ROLES or not isinstance(names, list):
            raise InputError(f"table_headers: {role!r} must be a role with a list", path=path)
        headers.update({" ".join(str(n).lower().split()): role for n in names})
    return RoleRules(
        rules=rules,
        count_nouns=frozenset(str(w).lower() for w in data.get("count_nouns") or []),
        default_role_by_unit=defaults,
        table_headers=headers,
        vote_words=frozenset(str(w) for w in data.get("vote_words") or []),
        goal_changes=tuple(
            frozenset(str(w).lower() for w in (data.get("goal_changes") or {}).get(key) or [])
            for key in ("goals", "changes")
        )
        if data.get("goal_changes")
        else (),
        tallies=TallyWords.from_dict(data["tallies"]) if data.get("tallies") else None,
        conditions=frozenset(
            str(w).lower() for w in (data.get("conditions") or {}).get("words") or []
        ),
        asking=frozenset(
            str(w).lower() for w in (data.get("conditions") or {}).get("asking") or []
        ),
        periods=frozenset(str(w).lower() for w in data.get("bracket_periods") or []),
    )


@cache
def default_role_rules() -> RoleRules:
    """The packaged role rules, loaded once per process."""
    return load_role_rules()


@dataclass(frozen=True)
class CueMatch:
    """A cue found in a document: which rule, and the token span it covers."""

    rule: int
    start: int
    end: int


class CueMatcher:
    """All the cue rules of one kind compiled into one PhraseMatcher and two Matchers."""

    def __init__(
        self,
        vocab: Vocab,
        rules: Sequence[CueRule],
        make_doc: Callable[[str], Doc] | None = None,
    ) -> None:
        self.rules: tuple[CueRule, ...] = tuple(rules)
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        # token patterns are run only in small windows before / after each figure
        self.before = Matcher(vocab)
        self.after = Matcher(vocab)
        self.before_reach = 0
        self.after_reach = 0
        self.hashed = [_Hashed.of(rule, vocab) for rule in self.rules]
        # how far from a figure a phrase cue can start or end and still reach it
        self.reach = max((r.gap + r.within + 4 for r in self.rules), default=0)
        for index, rule in enumerate(self.rules):
            key = str(index)
            if rule.phrases:
                docs = [phrase_doc(vocab, p, make_doc) for p in rule.phrases]
                self.phrases.add(key, docs)
                continue
            pattern = list(rule.pattern or ())
            longest = sum(_max_repeat(t) for t in pattern)
            if rule.side == "before":
                self.before.add(key, [pattern])
                self.before_reach = max(self.before_reach, rule.gap + longest)
            else:
                self.after.add(key, [pattern])
                self.after_reach = max(self.after_reach, rule.gap + longest)

    def match(self, doc: Doc, figures: Sequence[FigureInfo] | None = None) -> list[CueMatch]:
        """Every cue occurrence near the figures (all of `doc` when figures is None).

        Phrases are matched over the whole doc (hash lookups, cheap); token patterns only in
        the few tokens before and after each figure that a cue could occupy, since the
        pattern Matcher costs time on every token it visits.
        """
        found = []
        strings = doc.vocab.strings
        n = len(doc)
        words: _Words | None = None
        near = _near(figures, n, self.reach) if figures is not None else None
        for key, start, end in self.phrases(doc):
            if near is not None and not (near[start] or near[end - 1]):
                continue  # too far from any figure to be its cue
            index = int(strings[key])
            rule = self.rules[index]
            if rule.preceded_by or rule.then:
                if words is None:
                    words = _Words.of(doc)
                hashed = self.hashed[index]
                if rule.preceded_by and not _preceded(words, start, rule, hashed, strings):
                    continue
                if rule.then:
                    end = _followed(words, end, rule, hashed)
                    if end < 0:
                        continue
            found.append(CueMatch(index, start, end))
        if figures is None:
            before = after = [(0, n)]
        else:
            before = _merge((max(0, f.start - self.before_reach), f.start) for f in figures)
            after = _merge((f.num_end, min(n, f.end + self.after_reach)) for f in figures)
        for matcher, windows in ((self.before, before), (self.after, after)):
            if not len(matcher):
                continue
            for lo, hi in windows:
                if hi <= lo:
                    continue
                for key, start, end in matcher(doc[lo:hi]):
                    found.append(CueMatch(int(strings[key]), lo + start, lo + end))
        return found


@dataclass(frozen=True)
class _Words:
    """A doc's lower-case words and stop flags, read once (no Token objects per check)."""

    lower: list[int]  # hashes of the lower-case words
    stops: list[bool]  # whitespace, or punctuation other than "/" and "-"

    @classmethod
    def of(cls, doc: Doc) -> _Words:
        arr = doc.to_array([LOWER, IS_PUNCT, IS_SPACE])
        strings = doc.vocab.strings
        lower = arr[:, 0].tolist()
        stops = (arr[:, 2] == 1).tolist()
        # punctuation is a few tokens in a hundred: its joiners are looked up one by one,
        # cheaper than a numpy membership test over every token
        joiners = (strings.add("/"), strings.add("-"))
        for i in np.flatnonzero(arr[:, 1] == 1).tolist():
            if lower[i] not in joiners:
                stops[i] = True
        return cls(lower=lower, stops=stops)


def _near(figures: Sequence[FigureInfo], n: int, reach: int) -> list[bool]:
    """True for tokens within `reach` tokens of a figure."""
    near = [False] * n
    for fig in figures:
        lo, hi = max(0, fig.start - reach), min(n, fig.end + reach)
        if hi > lo:
            near[lo:hi] = [True] * (hi - lo)
    return near


@dataclass(frozen=True)
class _Hashed:
    """A rule's word lists as string hashes, to compare with a doc's LOWER array."""

    then: frozenset[int]
    through: frozenset[int] | None
    preceded_by: frozenset[int]

    @classmethod
    def of(cls, rule: CueRule, vocab: Vocab) -> _Hashed:
        add = vocab.strings.add
        return cls(
            then=frozenset(add(w) for w in rule.then),
            through=frozenset(add(w) for w in rule.through) if rule.through is not None else None,
            preceded_by=frozenset(add(w) for w in rule.preceded_by),
        )


def _preceded(
    words: _Words, start: int, rule: CueRule, hashed: _Hashed, strings: Any = None
) -> bool:
    """Whether one of the rule's `preceded_by` words ("<year>": 2021/22) stands just before
    `start`."""
    for i in range(max(0, start - rule.preceded_within), start):
        if words.lower[i] in hashed.preceded_by:
            return True
        if (
            "<year>" in rule.preceded_by
            and strings is not None
            and YEARLIKE.match(strings[words.lower[i]])
        ):
            return True
    return False


def _followed(words: _Words, end: int, rule: CueRule, hashed: _Hashed) -> int:
    """Where the cue ends once one of the rule's `then` words follows, or -1. With `through`
    words, the last `then` word the run reaches ("budgeted rate | of | return of |")."""
    found = -1
    for i in range(end, min(len(words.lower), end + rule.within + 1)):
        word = words.lower[i]
        if word in hashed.then:
            if hashed.through is None:
                return i + 1
            found = i + 1
            continue
        if words.stops[i]:
            return found
        if hashed.through is not None and word not in hashed.through:
            return found
    return found


def _max_repeat(token: dict[str, Any]) -> int:
    """How many tokens one pattern element can cover (a "*" or "+" counts as three)."""
    return 3 if token.get("OP") in ("*", "+") else 1


def _merge(windows: Any) -> list[tuple[int, int]]:
    """Sorted, merged token ranges."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(windows):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def phrase_doc(vocab: Vocab, phrase: str, make_doc: Callable[[str], Doc] | None) -> Doc:
    """A cue phrase as the pipeline's own tokenizer splits it ("re-referrals" -> re, -,
    referrals), so that phrases match running text; a plain split when no tokenizer is given."""
    if make_doc is not None:
        return make_doc(phrase)
    return Doc(vocab, words=_phrase_words(phrase))


def _phrase_words(phrase: str) -> list[str]:
    """Split a cue phrase the way the tokenizer splits running text ("(target" -> "(", ...)."""
    words: list[str] = []
    for word in phrase.split():
        head = []
        while word and word[0] in "([\"'“‘":
            head.append(word[0])
            word = word[1:]
        tail = []
        while word and word[-1] in ")]:;,\"'”’" and not word.endswith("'s"):
            tail.insert(0, word[-1])
            word = word[:-1]
        if word.endswith("'s") and len(word) > 2:
            words.extend([*head, word[:-2], "'s", *tail])
            continue
        words.extend([*head, *([word] if word else []), *tail])
    return words


@dataclass(frozen=True)
class FigureInfo:
    """What role deciding needs to know about one figure found by the number detector."""

    start: int  # token span of the whole figure ("20 or more miles")
    end: int
    num_start: int  # token span of the number itself ("20")
    num_end: int
    value: float
    unit: str
    unit_text: str = ""
    range_start: bool = False
    range_end: bool = False
    from_to: str | None = None  # "from" or "to" in "from X to Y"
    kind: str | None = None  # how the number is written: digits, words, rank, ...
    is_pp: bool = False  # a number of percentage points
    unit_start: int = 0  # token span of the unit words ("properties" in "65 properties")
    unit_end: int = 0


@dataclass(frozen=True)
class RoleDecision:
    """A figure's role and the evidence for it (the winning cue rule, or how it was inferred)."""

    role: str
    cue: int | None = None  # index of the winning rule
    reason: str = "default"  # cue, from-to, coordination, range, singular-unit, count, default


def _gap_ok(
    doc: Doc,
    start: int,
    end: int,
    figure_tokens: set[int],
    through: frozenset[str] | None = None,
    *,
    across_figures: bool = False,
) -> bool:
    """Whether the tokens doc[start:end] may stand between a cue and its figure: no clause
    punctuation, only `through` words when given, and no other figure unless
    `across_figures` ("the target for completing it within 10 days at 95%")."""
    for i in range(start, end):
        if not across_figures and i in figure_tokens:
            return False
        text = doc[i].text
        if text in GAP_BLOCKERS or "\n" in text:
            return False
        if (
            through is not None
            and text.lower() not in through
            and not ("<year>" in through and YEARLIKE.match(text))
        ):
            return False
    return True


def _hedge_start(doc: Doc, text: str, start: int, clause_start: int) -> int:
    """Where the hedges just before token `start` begin ("by | nearly 6%", "of | well in excess
    of £1m"), by the one hedge lexicon (phrasebanks/hedges.yaml); `start` if there are none."""
    first = max(clause_start, start - MAX_HEDGE)
    if first >= start:
        return start
    low = doc[first].idx
    match = hedge_tail().search(text, low, doc[start].idx)
    if match is None:
        return start
    hedged = start
    while hedged > first and doc[hedged - 1].idx >= match.start():
        hedged -= 1
    return hedged


def _cue_decision(
    doc: Doc,
    fig: FigureInfo,
    rules: Sequence[CueRule],
    by_end: dict[int, list[CueMatch]],
    by_start: dict[int, list[CueMatch]],
    clause_start: int,
    clause_end: int,
    figure_tokens: set[int],
    max_gap: int,
    text: str,
) -> tuple[int, int] | None:
    """The best (rule index, distance) among cues that reach this figure, or None (`text`
    is the doc's text, read once: `doc.text` is rebuilt from its tokens on every call)."""
    best: tuple[int, int, int] | None = None  # (priority, -distance, rule)
    # a hedge between cue and number is part of the figure's wording, not a gap: "increased
    # by nearly 6%", "previously around 300"
    bases = [fig.start]
    hedged = _hedge_start(doc, text, fig.start, clause_start)
    if hedged != fig.start:
        bases.append(hedged)
    for base in bases:
        for distance in range(max_gap + 1):
            end = base - distance
            if end < clause_start:
                break
            for m in by_end.get(end, ()):
                rule = rules[m.rule]
                if rule.side != "before" or distance > rule.gap or m.start < clause_start:
                    continue
                if rule.units is not None and fig.unit not in rule.units:
                    continue
                if rule.nonzero and fig.value == 0:
                    continue
                if not _gap_ok(
                    doc,
                    end,
                    base,
                    figure_tokens,
                    rule.gap_through,
                    across_figures=rule.gap >= LONG_GAP,
                ):
                    continue
                candidate = (rule.priority, -distance, m.rule)
                if best is None or candidate > best:
                    best = candidate
    # after-cues are measured from the number itself, so that unit words inside the figure
    # ("1000 fewer contacts", "31 targets") and words just after it both count
    for begin in range(fig.num_end, min(clause_end, fig.end + max_gap + 1)):
        distance = max(0, begin - fig.end)
        for m in by_start.get(begin, ()):
            rule = rules[m.rule]
            if rule.side != "after" or distance > rule.gap:
                continue
            if rule.units is not None and fig.unit not in rule.units:
                continue
            if rule.nonzero and fig.value == 0:
                continue
            if begin > fig.end and not _gap_ok(
                doc, fig.end, begin, figure_tokens, rule.gap_through
            ):
                continue
            candidate = (rule.priority, -distance, m.rule)
            if best is None or candidate > best:
                best = candidate
    if best is None:
        return None
    return best[2], -best[1]


GOAL_REACH = 24  # tokens before "from X" in which a moved goal is named


def _moves_a_goal(
    doc: Doc, start: int, figure_tokens: set[int], goal_changes: tuple[frozenset[str], ...]
) -> bool:
    """Whether the words before "from X to Y" say a goal moved: a goal word ("target") next
    to a change word ("revised", "change"), with no other figure or sentence end between."""
    if not goal_changes:
        return False
    goals, changes = goal_changes
    words: list[str] = []
    for i in range(start - 1, max(-1, start - GOAL_REACH - 1), -1):
        if i in figure_tokens or doc[i].text in (".", ";", "\n") or doc[i].is_sent_start:
            break
        words.append(doc[i].lower_)
    words.reverse()
    for j, word in enumerate(words):
        if word in goals and any(w in changes for w in words[max(0, j - 3) : j + 4]):
            return True
    return False


def _singular_duration(fig: FigureInfo) -> bool:
    """ "eight week period", "20-Week Timescale", "one-day repairs": a duration used as a
    modifier names the indicator's definition, so the figure is a parameter."""
    if fig.unit not in DURATIONS or not fig.unit_text:
        return False
    word = fig.unit_text.lower().strip()
    hyphenated = word.startswith("-") or "-" in word
    return hyphenated or (fig.value != 1 and not word.endswith("s"))


def assign_roles(
    doc: Doc,
    figures: Sequence[FigureInfo],
    matches: Sequence[CueMatch],
    structure: Structure,
    rules: RoleRules,
) -> list[RoleDecision]:
    """The role of each figure (same order), from cues, then inference, then defaults."""
    by_end: dict[int, list[CueMatch]] = {}
    by_start: dict[int, list[CueMatch]] = {}
    for m in matches:
        by_end.setdefault(m.end, []).append(m)
        by_start.setdefault(m.start, []).append(m)
    max_gap = rules.max_gap
    figure_tokens: set[int] = set()
    for fig in figures:
        figure_tokens.update(range(fig.start, fig.end))

    decisions: list[RoleDecision | None] = [None] * len(figures)
    clause_of = [structure.clause_index(f.num_start) for f in figures]
    text = doc.user_data.get(TEXT_KEY) or doc.text
    for k, fig in enumerate(figures):
        clause_start, clause_end = (
            structure.clauses[clause_of[k]] if structure.clauses else (0, len(doc))
        )
        found = _cue_decision(
            doc,
            fig,
            rules.rules,
            by_end,
            by_start,
            clause_start,
            clause_end,
            figure_tokens,
            max_gap,
            text,
        )
        if found is not None:
            decisions[k] = RoleDecision(rules.rules[found[0]].label, found[0], "cue")
        elif _singular_duration(fig):
            decisions[k] = RoleDecision("parameter", None, "singular-unit")
        elif fig.is_pp:
            # "0.4 percentage points below last year": a difference of two percentages
            decisions[k] = RoleDecision("change", None, "percentage-points")
        elif fig.kind == "rank":
            # "Wokingham was third in the South East": a place among others is a comparison
            decisions[k] = RoleDecision("benchmark", None, "rank")

    # "from X to Y": X is the earlier value, Y the current one (unless a cue said otherwise);
    # both are targets when a goal is what moved ("the target was revised from 5.5 to 6.5")
    moved_goal = False
    for k, fig in enumerate(figures):
        if fig.from_to == "from":
            moved_goal = _moves_a_goal(doc, fig.start, figure_tokens, rules.goal_changes)
        if (
            moved_goal
            and fig.from_to in ("from", "to")
            and (decisions[k] is None or decisions[k].reason != "cue" or fig.from_to == "from")
        ):
            decisions[k] = RoleDecision("target", None, "from-to")
        elif fig.from_to == "from" and (decisions[k] is None or decisions[k].reason != "cue"):
            decisions[k] = RoleDecision("previous", None, "from-to")
        elif fig.from_to == "to" and decisions[k] is None:
            decisions[k] = RoleDecision("actual", None, "from-to")

    # ranges and coordination: "6-8 weeks", "between 60 and 65", "8.8% and 9.5%", "20 (65%)"
    for k in range(1, len(figures)):
        if decisions[k] is not None and decisions[k].reason == "cue":
            continue
        prev, fig = figures[k - 1], figures[k]
        if decisions[k - 1] is None or clause_of[k - 1] != clause_of[k] or fig.from_to:
            continue
        between = [doc[i].text.lower() for i in range(prev.end, fig.start)]
        # "..., and 92.6% of graffiti was removed": a new subject, not a second value
        opens_item = fig.end < len(doc) and doc[fig.end].lower_ == "of"
        same_range = fig.range_end and prev.range_start and prev.unit == fig.unit
        linked = same_range or (
            len(between) <= 2 and all(w in COORDINATORS for w in between) and not opens_item
        )
        # "updated every three months for three cycles": a definition goes on with "for"
        if decisions[k - 1].role == "parameter" and between == ["for"]:
            linked = True
        if between == ["to"] and decisions[k - 1].role == "change":
            # "rose by 14 to 212": the change, then the value it came to (not a range)
            decisions[k] = RoleDecision("actual", None, "change-to")
        elif linked and decisions[k - 1].role != "actual":
            decisions[k] = RoleDecision(decisions[k - 1].role, decisions[k - 1].cue, "coordination")
    # a range's first number takes the role its second one has ("aged 6-8 weeks")
    for k in range(len(figures) - 2, -1, -1):
        fig, nxt = figures[k], figures[k + 1]
        later = decisions[k + 1]
        if (
            fig.range_start
            and nxt.range_end
            and fig.unit == nxt.unit
            and later is not None
            and (decisions[k] is None or decisions[k].reason != "cue")
        ):
            decisions[k] = RoleDecision(later.role, later.cue, "range")

    # "we had reviewed 2420 clients ... this had increased to 3748": a value earlier in the
    # clause than one a change verb leads "to" is the earlier value
    for k, fig in enumerate(figures):
        decision = decisions[k]
        if decision is None or decision.cue is None:
            continue
        if not rules.rules[decision.cue].marks_previous:
            continue
        for j in range(k - 1, -1, -1):
            if clause_of[j] != clause_of[k]:
                break
            between = {doc[i].lower_ for i in range(figures[j].end, fig.start)}
            if between & CONTRASTS:  # "10 per cent ..., however, in Year 6 ... increased to"
                break
            if decisions[j] is None and figures[j].unit == fig.unit:
                decisions[j] = RoleDecision("previous", None, "earlier-value")
                break

    # a table flattened to text ("Indicator | Target | Actual"): a value's column heading
    # says its role
    if rules.table_headers:
        _table_columns(doc, figures, decisions, structure, rules.table_headers)

    # counting contexts: after "Out of the 31 targets" / "of the 21 measures", bare numbers in
    # the same sentence, or in the list lines that follow, count indicators too
    _count_context(doc, figures, decisions, structure, rules)
    # a recorded vote: "For 8, Against 2, Abstentions 1"
    if rules.vote_words:
        for k, fig in enumerate(figures):
            if fig.unit != "count" or (decisions[k] is not None and decisions[k].reason == "cue"):
                continue
            i = fig.start - 1
            if i >= 0 and doc[i].text in (":", "-", "–"):
                i -= 1
            if i >= 0 and doc[i].text in rules.vote_words:
                decisions[k] = RoleDecision("other", None, "count")
    # tallies by status: "nine (75%) of the projects were rated green" (SCHEMA: other)
    if rules.tallies is not None:
        mark_tallies(doc, figures, decisions, structure, rules.tallies, RoleDecision)

    # a sum of money compared with a target, an earlier sum or a benchmark of the same unit
    # in its clause is an indicator's value ("spend was £312,450 against a target of £322,450")
    compared = {
        (clause_of[k], fig.unit)
        for k, fig in enumerate(figures)
        if decisions[k] is not None
        and decisions[k].role in ("target", "previous", "benchmark", "change")
    }
    for k, fig in enumerate(figures):
        if (
            decisions[k] is None
            and fig.unit in rules.default_role_by_unit
            and (clause_of[k], fig.unit) in compared
        ):
            decisions[k] = RoleDecision("actual", None, "compared")

    if rules.conditions:
        _conditional(doc, figures, decisions, structure, rules)
    if rules.periods:
        _bracketed_earlier(doc, figures, decisions, rules)

    out: list[RoleDecision] = []
    for k, fig in enumerate(figures):
        decision = decisions[k]
        if decision is None:
            if fig.unit in rules.default_role_by_unit:
                decision = RoleDecision(rules.default_role_by_unit[fig.unit], None, "default-unit")
            else:
                decision = RoleDecision("actual", None, "default")
        out.append(decision)
    return out


def _conditional(
    doc: Doc,
    figures: Sequence[FigureInfo],
    decisions: list[RoleDecision | None],
    structure: Structure,
    rules: RoleRules,
) -> None:
    """A figure after "if" or "unless" in its sentence is what would follow on a condition
    ("If this contingency is released this results in an overspend of £1.3m"), not a value
    an indicator reached: a result there becomes "other". Other roles stand (a target or an
    earlier value is still one), and so does a question ("asked if the 95% ...")."""
    for k, fig in enumerate(figures):
        decision = decisions[k]
        if decision is not None and decision.role != "actual":
            continue
        if decision is None and fig.unit in rules.default_role_by_unit:
            continue  # already "other" (or what its unit says) by default
        start = (
            structure.sentences[structure.sentence_index(fig.num_start)][0]
            if structure.sentences
            else 0
        )
        for i in range(fig.start - 1, start - 1, -1):
            if doc[i].text == ";" or "\n" in doc[i].text:
                break  # a list item or line of its own: the condition does not reach it
            if doc[i].lower_ in rules.conditions:
                if i == 0 or doc[i - 1].lower_ not in rules.asking:
                    decisions[k] = RoleDecision("other", None, "conditional")
                break


def _bracketed_earlier(
    doc: Doc,
    figures: Sequence[FigureInfo],
    decisions: list[RoleDecision | None],
    rules: RoleRules,
) -> None:
    """A value of the same unit in brackets just after a figure, labelled by a period
    ("an overspend of £0.6m (£1.3m in August)", "0.77% (0.73% 2014-15)"), is that figure's
    earlier value: `previous` read from a time anchor, not a comparison word. A cue stands."""
    n = len(doc)
    for k in range(1, len(figures)):
        fig, prev = figures[k], figures[k - 1]
        decision = decisions[k]
        if prev.unit != fig.unit or (decision is not None and decision.reason == "cue"):
            continue
        if prev.end >= fig.start or doc[prev.end].text != "(" or fig.start - prev.end > 5:
            continue
        if any(doc[i].text in GAP_BLOCKERS for i in range(prev.end + 1, fig.start)):
            continue
        j = fig.end
        if j < n and doc[j].lower_ in ("in", "at", "for", "during"):
            j += 1
        if j < n and (doc[j].lower_ in rules.periods or YEARLIKE.match(doc[j].text)):
            decisions[k] = RoleDecision("previous", None, "bracket-period")


def _count_context(
    doc: Doc,
    figures: Sequence[FigureInfo],
    decisions: list[RoleDecision | None],
    structure: Structure,
    rules: RoleRules,
) -> None:
    """Mark bare numbers that follow a count of indicators as counts too (role other)."""
    active_sentence: int | None = None
    active_list = False
    last_line = -1
    for k, fig in enumerate(figures):
        sentence = structure.sentence_index(fig.num_start)
        line = structure.line_index(fig.num_start)
        decision = decisions[k]
        is_count = (
            decision is not None
            and decision.role == "other"
            and decision.reason == "cue"
            and fig.unit in {"count", "percent"}
            and decision.cue is not None
            and _counts_indicators(rules.rules[decision.cue], rules.count_nouns)
        )
        bounds = structure.lines[line] if structure.lines else None
        starts_line = bounds is not None and _opens_line(doc, bounds, fig.num_start)
        in_context = (
            active_sentence == sentence
            or (active_list and starts_line and line in {last_line, last_line + 1})
            or (active_list and line == last_line)
        )
        if is_count:
            active_sentence = sentence
            active_list = bounds is not None and doc[bounds[1] - 1].text in {";", ":"}
            last_line = line
            continue
        if in_context and decision is None and fig.unit in {"count", "percent"}:
            decisions[k] = RoleDecision("other", None, "count")
            if active_list:
                last_line = line
            continue
        if active_list and line > last_line + 1:
            active_list = False


def _counts_indicators(rule: CueRule, count_nouns: frozenset[str]) -> bool:
    """Whether a cue names what indicator counts count ("31 targets", "of the KPIs"), as
    opposed to another reason for role other ("due to 32 properties")."""
    return bool((set(rule.phrases) | rule.then) & count_nouns)


def _opens_line(doc: Doc, bounds: tuple[int, int], i: int) -> bool:
    """Whether token i is the first word of its line (after any bullet)."""
    for j in range(*bounds):
        token = doc[j]
        if token.is_space or token.is_punct:
            continue
        return j == i
    return False


TABLE_SEPARATORS = ("|", "\t")
TABLE_PERIODS_KEY = "mg_table_periods"  # doc.user_data: figure token -> its column's period
# a column heading that names a period: "Q3", "Quarter 4", "2022/23", "Q2 2023/24", "March 2024"
PERIOD_HEADING = re.compile(
    r"(?:(?:q|qtr|quarter)\s?[1-4]|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
    r"|(?:19|20)\d\d(?:\s?[/-]\s?\d{2,4})?)(?:\s+(?:19|20)\d\d(?:\s?[/-]\s?\d{2,4})?)?"
    r"(?:\s+(?:actual|outturn|result))?"
)


def _table_columns(
    doc: Doc,
    figures: Sequence[FigureInfo],
    decisions: list[RoleDecision | None],
    structure: Structure,
    headers: dict[str, str],
) -> None:
    """Give figures in the rows of a text table the role their column's heading names.

    A heading line is split by "|" or tabs into cells, at least one of which names a role
    (`table_headers` in roles.yaml); the lines below it with the same number of cells are
    its rows, until a line that is not.
    """
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.text
    if not any(sep in text for sep in TABLE_SEPARATORS):
        return
    columns: list[str | None] | None = None
    sep = ""
    # line start offset -> (column roles, separator)
    row_roles: dict[int, tuple[list[str | None], str]] = {}
    row_periods: dict[int, list[str | None]] = {}  # line start -> period heading per column
    heading_periods: list[str | None] = []
    line_start = 0
    for line in text.splitlines(keepends=True):
        begin, body = line_start, line.strip(" \r\n")
        line_start += len(line)
        found = next((s for s in TABLE_SEPARATORS if s in body), "")
        if not found:
            columns = None
            continue
        cells = [" ".join(c.lower().split()) for c in body.strip(found).split(found)]
        if columns is not None and found == sep and len(cells) == len(columns):
            row_roles[begin] = (columns, sep)
            row_periods[begin] = heading_periods
            continue
        named = [headers.get(c.strip(" :*")) for c in cells]
        periods = [
            n is None and bool(PERIOD_HEADING.fullmatch(c.strip(" :*")))
            for n, c in zip(named, cells, strict=True)
        ]
        if any(periods):
            # one reading of "Q2 2023/24" order; tables (and what it imports) only load when
            # a minute has such a table, not at start-up
            from ..tables import _period_sort_key as period_sort_key

            # "Measure | Q3 | Q4 | Target": the latest period is the result, earlier ones the
            # previous values (all previous when a column is headed "Actual")
            # the latest in time, not the last column ("Q2 2024/25 | Target | Q2 2023/24")
            last = max(
                (i for i, p in enumerate(periods) if p),
                key=lambda i: period_sort_key(cells[i].strip(" :*"), i),
            )
            has_actual = "actual" in named
            for i, p in enumerate(periods):
                if p:
                    named[i] = "actual" if i == last and not has_actual else "previous"
        columns, sep = (named, found) if any(named) else (None, "")
        written = body.strip(found).split(found)
        heading_periods = [
            " ".join(written[i].split()).strip(" :*") if p else None for i, p in enumerate(periods)
        ]
    if not row_roles:
        return
    starts = sorted(row_roles)
    for k, fig in enumerate(figures):
        lo, _ = structure.char_bounds((fig.num_start, fig.num_end))
        at = bisect_right(starts, lo) - 1
        if at < 0:
            continue
        begin = starts[at]
        line_end = text.find("\n", begin)
        if line_end != -1 and lo >= line_end:
            continue
        roles, row_sep = row_roles[begin]
        cell_periods = row_periods[begin]
        index = text[begin:lo].lstrip(" ").lstrip(row_sep).count(row_sep)
        if index < len(roles) and roles[index] is not None:
            decisions[k] = RoleDecision(str(roles[index]), None, "table-column")
        if index < len(cell_periods) and cell_periods[index]:
            # a value under "Q2 2023/24" belongs to that period, not the item's
            doc.user_data.setdefault(TABLE_PERIODS_KEY, {})[fig.num_start] = cell_periods[index]


def table_row_name(text: str, offset: int) -> str | None:
    """The first cell with words in the table row holding character `offset`: the name of
    what that row's values measure ("Rent collected | 97% | 98.1%" -> "Rent collected")."""
    begin = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[begin : end if end != -1 else len(text)]
    sep = next((s for s in TABLE_SEPARATORS if s in line), None)
    if sep is None:
        return None
    for cell in line.split(sep):
        name = " ".join(cell.split())
        if any(c.isalpha() for c in name):
            return name
    return None
