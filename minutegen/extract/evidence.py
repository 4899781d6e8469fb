"""What the rules find about each figure, as evidence for the trained model to weigh.

The rules (phrasebanks/extract/roles.yaml and assessment.yaml) no longer decide alone: what
they found becomes a list of short feature strings per figure, and `decide.py` weighs them
with weights learned from the annotated corpus. A rule that is wrong then costs a weight,
not a wrong answer. Features are plain strings ("rule:target", "b1:of", "unit:percent") so
that a figure's record can show the evidence that carried its decision.

Pure functions over a processed doc's figures, cue matches and clause structure.
"""

from __future__ import annotations

import math
import re
import weakref
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from spacy.attrs import LOWER
from spacy.tokens import Doc

from ..errors import InputError
from ..yamlio import reject_unknown_keys
from .roles import TABLE_SEPARATORS, CueMatch, CueRule, FigureInfo, RoleDecision
from .sections import BULLETS, Structure

WINDOW = 6  # words either side of a figure read as context
NEAR_CUE = 10  # tokens before a figure within which any cue is evidence (across hedges, brackets)
NEAR_CUE_AFTER = 6
_NUMERIC = re.compile(r"^[£$€]?[-+]?\d[\d,.]*[%kmb]?$|^\d+(?:st|nd|rd|th)$", re.IGNORECASE)


@dataclass(frozen=True)
class EvidenceWords:
    """Word classes and text patterns read around each figure (evidence.yaml)."""

    window: int
    classes: dict[str, tuple[str, ...]]
    # patterns on the text before a figure and after it: (name, strings one of which must
    # stand in the text for the pattern to be tried, pattern)
    before: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...]
    after: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...]

    @property
    def index(
        self,
    ) -> tuple[
        dict[str, frozenset[str]], dict[tuple[str, ...], frozenset[str]], int, frozenset[str]
    ]:
        """Class phrases indexed (cached): one word -> its classes; a longer phrase as a word
        tuple -> its classes, keyed also by its first word alone (None) to skip cheaply; the
        longest phrase's length; the first words of the longer phrases."""
        cached = self.__dict__.get("_index")
        if cached is None:
            single: dict[str, set[str]] = {}
            multi: dict[tuple[str, ...], set[str]] = {}
            for name, phrases in self.classes.items():
                for phrase in phrases:
                    words = tuple(phrase.split())
                    if len(words) == 1:
                        single.setdefault(words[0], set()).add(name)
                    else:
                        multi.setdefault(words, set()).add(name)
                        multi.setdefault(words[:1], set())
            longest = max((len(k) for k in multi), default=1)
            cached = (
                {k: frozenset(v) for k, v in single.items()},
                {k: frozenset(v) for k, v in multi.items()},
                longest,
                frozenset(k[0] for k in multi),
            )
            object.__setattr__(self, "_index", cached)
        return cached

    @property
    def screens(self) -> tuple[tuple[Screen, ...], tuple[Screen, ...]]:
        """The before and after patterns as (feature, one regex of their trigger strings or
        None, pattern), cached: a window is screened by one search, not a loop of `in`."""
        cached = self.__dict__.get("_screens")
        if cached is None:
            cached = tuple(
                tuple(
                    (
                        f"re:{name}",
                        re.compile("|".join(map(re.escape, triggers))) if triggers else None,
                        rx,
                    )
                    for name, triggers, rx in side
                )
                for side in (self.before, self.after)
            )
            object.__setattr__(self, "_screens", cached)
        return cached  # type: ignore[return-value]


# a pattern ready to try: its feature, its trigger screen (None: always tried), its regex
Screen = tuple[str, "re.Pattern[str] | None", "re.Pattern[str]"]

BEFORE_CHARS, AFTER_CHARS = 40, 30


def load_evidence_words(path: Path | None = None) -> EvidenceWords:
    """Word classes and patterns from a YAML file (default: phrasebanks/extract/evidence.yaml)."""
    from ..hedges import default_hedges
    from .roles import _read_yaml

    if path is None:
        from ..resources import phrasebanks_dir

        path = phrasebanks_dir() / "extract" / "evidence.yaml"
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("classes"), dict):
        raise InputError("an evidence file needs a 'classes' mapping", path=path)
    reject_unknown_keys(data, ("window", "classes", "patterns"), path=path)
    classes = {}
    for name, phrases in data["classes"].items():
        if phrases == "@hedges":  # the one hedge lexicon, phrasebanks/hedges.yaml
            phrases = default_hedges().phrases
        if not isinstance(phrases, list):
            raise InputError(f"class {name!r} must be a list of words", path=path)
        classes[str(name)] = tuple(" ".join(str(p).lower().split()) for p in phrases)
    sides: dict[str, list[tuple[str, tuple[str, ...], re.Pattern[str]]]] = {
        "before": [],
        "after": [],
    }
    # "{hedges}": any run of hedges from the one lexicon ("by {hedges}$": "by nearly ")
    hedges = default_hedges().run(r"\s+")
    for name, rule in (data.get("patterns") or {}).items():
        if not isinstance(rule, dict):
            raise InputError(f"pattern {name!r} must be a mapping of side, regex", path=path)
        reject_unknown_keys(rule, ("side", "regex", "if"), path=path)
        side = rule.get("side")
        if side not in sides:
            raise InputError(f"pattern {name!r}: side must be before or after", path=path)
        regex = " ".join(str(rule.get("regex")).split("\n"))
        try:
            compiled = re.compile(regex.replace("{hedges}", hedges), re.IGNORECASE)
        except re.error as error:
            raise InputError(f"pattern {name!r}: {error}", path=path) from None
        triggers = tuple(str(t).lower() for t in rule.get("if") or ())
        sides[side].append((str(name), triggers, compiled))
    return EvidenceWords(
        int(data.get("window", 8)), classes, tuple(sides["before"]), tuple(sides["after"])
    )


@cache
def default_evidence_words() -> EvidenceWords:
    """The packaged word classes and patterns, loaded once per process."""
    return load_evidence_words()


def class_hits(
    words: Sequence[str],
    found: EvidenceWords,
    spans: Sequence[tuple[int, int]] | None = None,
) -> list[tuple[int, int, str]]:
    """(start, end, class) of every class phrase among `words` (whole words only), by start:
    each n-gram looked up once per document. With `spans` (sorted, not overlapping), only
    phrases starting inside them: the words no figure reads are not looked up at all."""
    single, multi, longest, firsts = found.index
    out: list[tuple[int, int, str]] = []
    n = len(words)
    for lo, hi in spans if spans is not None else ((0, n),):
        for i in range(lo, hi):
            word = words[i]
            hit = single.get(word)
            if hit:
                out.extend((i, i + 1, name) for name in hit)
            if word not in firsts:
                continue
            for size in range(2, min(longest, n - i) + 1):
                hit = multi.get(tuple(words[i : i + size]))
                if hit:
                    out.extend((i, i + size, name) for name in hit)
    return out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping or touching ones joined (empty ones dropped)."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if hi <= lo:
            continue
        if out and lo <= out[-1][1]:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _classes_between(
    hits: Sequence[tuple[int, int, str]], starts: Sequence[int], lo: int, hi: int
) -> set[str]:
    """Classes of the hits lying wholly in word positions [lo, hi)."""
    out = set()
    for at in range(bisect_left(starts, lo), len(hits)):
        start, end, name = hits[at]
        if start >= hi:
            break
        if end <= hi:
            out.add(name)
    return out


@cache
def _word(text: str) -> str | None:
    """A context word as a feature: lower case, numbers folded to <num>, space dropped."""
    if not text or text.isspace():
        return None
    if _NUMERIC.match(text):
        return "<num>"
    return text.lower()


def _magnitude(value: float) -> str:
    """A coarse size class of a value: zero, under 1, 1-9, 10-99, ... (a log10 bucket)."""
    if value == 0:
        return "zero"
    size = abs(value)
    if size < 1:
        return "frac"
    return f"e{min(6, int(math.log10(size)))}"


@lru_cache(maxsize=4096)
def _head(role: str, reason: str, unit: str, magnitude: str) -> list[str]:
    """The features every figure has, from its rule decision, unit and size (cached: a few
    hundred combinations recur; callers copy the list before adding to it)."""
    return [
        "bias",
        f"rule:{role}",
        f"why:{reason}",
        f"rule_why:{role}:{reason}",
        f"unit:{unit}",
        # a unit's default kept apart from a rule's word: "money is other by default" is
        # not learned from sums a cue already called other
        f"unit_rule:{unit}:{role}" + ("" if reason.startswith("default") else ":ruled"),
        f"mag:{magnitude}",
        f"unit_mag:{unit}:{magnitude}",
    ]


_WORDS: weakref.WeakKeyDictionary[Doc, tuple[list[str], list[str | None]]] = (
    weakref.WeakKeyDictionary()
)


def _words_of(doc: Doc) -> tuple[list[str], list[str | None]]:
    """A doc's lower-case tokens and their feature words (None for spaces), read once and
    shared by the role and assessment evidence."""
    found = _WORDS.get(doc)
    if found is None:
        strings = doc.vocab.strings
        lowers = [strings[h] for h in doc.to_array(LOWER).tolist()]
        found = _WORDS[doc] = (lowers, [_word(w) for w in lowers])
    return found


def role_evidence(
    doc: Doc,
    figures: Sequence[FigureInfo],
    decisions: Sequence[RoleDecision],
    matches: Sequence[CueMatch],
    rules: Sequence[CueRule],
    structure: Structure,
    text: str | None = None,
) -> list[list[str]]:
    """Feature strings for each figure's role: the rules' decision and how it was reached,
    every cue near the figure (not only the first that fired), the figure's unit and size,
    how it is written, the words either side, and where it stands (list, table, brackets)."""
    text = text if text is not None else doc.text
    n = len(doc)
    sentences = [structure.sentence_index(f.num_start) for f in figures]
    clause_of = [structure.clause_index(f.num_start) for f in figures]
    cue_ends: dict[int, list[str]] = {}
    cue_starts: dict[int, list[str]] = {}
    for m in matches:  # a cue counts on its own side of a figure only
        rule = rules[m.rule]
        if rule.side == "before":
            cue_ends.setdefault(m.end, []).append(rule.label)
        elif rule.side == "after":
            cue_starts.setdefault(m.start, []).append(rule.label)
    words = default_evidence_words()
    reach = words.window
    screen_before, screen_after = words.screens
    lowers, folded = _words_of(doc)
    keep = [i for i, w in enumerate(folded) if w]  # token index of each word
    seq = [folded[i] for i in keep]  # the words, spaces left out
    # each figure's word positions in `seq`: its sentence's start, the figure's start and
    # end, its sentence's end, its clause's start and end
    places: list[tuple[int, int, int, int, int, int]] = []
    bounds = [  # each figure's sentence, in tokens
        structure.sentences[s] if structure.sentences else (0, n) for s in sentences
    ]
    for k, fig in enumerate(figures):
        s_start, s_end = bounds[k]
        c_start, c_end = structure.clauses[clause_of[k]] if structure.clauses else (0, n)
        places.append(
            (
                bisect_left(keep, s_start),
                bisect_left(keep, fig.start),
                bisect_left(keep, fig.end),
                bisect_left(keep, s_end),
                bisect_left(keep, c_start),
                bisect_left(keep, c_end),
            )
        )
    # class phrases are read only where some figure's window or clause can see them
    hits = class_hits(
        seq,
        words,
        _merged(
            [(min(max(ws, wf - reach), wcs), wf) for ws, wf, _, _, wcs, _ in places]
            + [(wa, max(min(we, wa + reach), wce)) for _, _, wa, we, _, wce in places]
        ),
    )
    hit_starts = [h[0] for h in hits]
    per_sentence: dict[int, int] = {}
    for s in sentences:
        per_sentence[s] = per_sentence.get(s, 0) + 1
    by_clause: dict[int, list[int]] = {}
    for k, c in enumerate(clause_of):
        by_clause.setdefault(c, []).append(k)
    lines: dict[int, tuple[int, bool, bool]] = {}

    out: list[list[str]] = []
    for k, fig in enumerate(figures):
        d = decisions[k]
        feats = _head(d.role, d.reason, fig.unit, _magnitude(fig.value)).copy()
        if fig.kind:
            feats.append(f"kind:{fig.kind}")
        if fig.is_pp:
            feats.append("pp")
        if fig.from_to:
            feats.append(f"fromto:{fig.from_to}")
        if fig.range_start or fig.range_end:
            feats.append("range")
        if fig.value != int(fig.value):
            feats.append("decimal")
        s_start, s_end = bounds[k]
        # words either side, within the sentence (positions in `seq`)
        ws, wf, wa, we, wcs, wce = places[k]
        before, after = seq[max(ws, wf - WINDOW) : wf], seq[wa : min(we, wa + WINDOW)]
        lo, hi = structure.char_bounds((fig.start, fig.end)) if structure.idx else (0, 0)
        if hi > lo:
            ahead, behind = text[max(0, lo - BEFORE_CHARS) : lo], text[hi : hi + AFTER_CHARS]
            feats.extend(_patterns(screen_before, ahead))
            feats.extend(_patterns(screen_after, behind))
        lex_b = _classes_between(hits, hit_starts, max(ws, wf - reach), wf)
        lex_a = _classes_between(hits, hit_starts, wa, min(we, wa + reach))
        # the rest of its clause, not its sentence: a list of indicators joined by
        # semicolons is one sentence, and one item's words say nothing of the next
        lex_s = _classes_between(hits, hit_starts, wcs, wf) | _classes_between(
            hits, hit_starts, wa, wce
        )
        feats.extend(f"lex_b:{c}" for c in sorted(lex_b))
        feats.extend(f"lex_a:{c}" for c in sorted(lex_a))
        feats.extend(f"lex_s:{c}" for c in sorted(lex_s))
        for i, w in enumerate(reversed(before[-2:])):
            feats.append(f"b{i + 1}:{w}")
        for i, w in enumerate(after[:2]):
            feats.append(f"a{i + 1}:{w}")
        feats.extend(f"bw:{w}" for w in set(before))
        feats.extend(f"aw:{w}" for w in set(after))
        if not before:
            feats.append("sent_start")
        if not after or after == ["."]:
            feats.append("sent_end")
        # every cue near the figure, whatever stands between (hedges, brackets, line breaks)
        near: set[str] = set()
        for end in range(max(s_start, fig.start - NEAR_CUE), fig.start + 1):
            for label in cue_ends.get(end, ()):
                near.add(f"cue_b:{label}")
        for begin in range(fig.num_end, min(s_end, fig.end + NEAR_CUE_AFTER)):
            for label in cue_starts.get(begin, ()):
                near.add(f"cue_a:{label}")
        feats.extend(sorted(near))
        # the other figures of its clause and sentence, as the rules read them
        mates = [j for j in by_clause[clause_of[k]] if j != k]
        feats.extend(sorted({f"mate:{decisions[j].role}" for j in mates}))
        same_unit = [j for j in mates if figures[j].unit == fig.unit]
        if same_unit:
            first = min(same_unit) > k
            feats.append("first_of_unit" if first else "later_of_unit")
        count = per_sentence[sentences[k]]
        feats.append(f"sent_figs:{min(count, 4)}")
        if not any(w.isalnum() for w in seq[wcs:wf]):
            feats.append("clause_start")
        # where it stands: a list line, a table row, brackets
        if structure.lines:
            index = structure.line_index(fig.num_start)
            if index not in lines:
                lines[index] = _line_facts(structure.lines[index], lowers, text, structure)
            first_word, table, bullet = lines[index]
            if first_word == fig.start:
                feats.append("line_start")
            if table:
                feats.append("table_row")
            if bullet:
                feats.append("bullet")
        if fig.start > 0 and lowers[fig.start - 1] == "(":
            feats.append("in_brackets")
        if fig.end < n and lowers[fig.end] == ")":
            feats.append("closes_brackets")
        out.append(feats)
    return out


def _patterns(screens: Sequence[Screen], window: str) -> list[str]:
    """ "re:<name>" for each pattern found in `window` (tried only where a trigger stands)."""
    lowered = f" {window.lower()} "
    return [
        feature
        for feature, trigger, rx in screens
        if (trigger is None or trigger.search(lowered)) and rx.search(window)
    ]


def _line_facts(
    line: tuple[int, int], lowers: Sequence[str], text: str, structure: Structure
) -> tuple[int, bool, bool]:
    """(first word's token, is a table row, opens with a bullet) of a line."""
    start, end = line
    first = next(
        (i for i in range(start, end) if lowers[i].strip() and lowers[i] not in BULLETS), -1
    )
    lo, hi = structure.char_bounds(line)
    table = any(sep in text[lo:hi] for sep in TABLE_SEPARATORS)
    return first, table, start < end and lowers[start] in BULLETS


def assessment_evidence(
    doc: Doc,
    figures: Sequence[FigureInfo],
    signals: Sequence[dict[str, str] | None],
    structure: Structure,
) -> list[list[str] | None]:
    """Feature strings for each actual figure's assessment (None for other roles): every
    signal the rules found, not the first that spoke, and the words of its clause."""
    out: list[list[str] | None] = []
    folded: Sequence[str | None] | None = None
    for fig, found in zip(figures, signals, strict=True):
        if found is None:
            out.append(None)
            continue
        if folded is None:
            folded = _words_of(doc)[1]
        feats = ["bias"]
        feats.extend(f"{name}:{value}" for name, value in sorted(found.items()))
        c_start, c_end = structure.clause(fig.num_start) if structure.clauses else (0, len(doc))
        words = set(folded[c_start : fig.start]) | set(folded[fig.end : c_end])
        feats.extend(f"cw:{w}" for w in sorted(w for w in words if w and w.isalpha()))
        feats.append(f"unit:{fig.unit}")
        out.append(feats)
    return out
