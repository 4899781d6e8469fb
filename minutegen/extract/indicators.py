"""Name what each figure measures, in the minute's own words, and link it to a known indicator.

The name is the figure's clause with the framing taken off ("It was highlighted that"), cut
where the clause turns from naming to judging (", which remains higher than ..."), and with
the values and their role cues removed; parameters stay, since they are part of the
definition ("held within 15 working days"). Figures of one clause segment share a name. The
trimming words live in phrasebanks/extract/indicators.yaml. `link_indicator` then looks the
name up in the data's own rows (when checking) or the catalogue.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LIKE_NUM, ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..errors import InputError
from ..model import Indicator
from ..yamlio import reject_unknown_keys
from .period import PERIOD_RE
from .roles import CueMatch, FigureInfo, RoleDecision, _read_yaml, phrase_doc
from .sections import BULLETS, LINE_END, Structure

VALUE_ROLES = frozenset({"actual", "previous", "target", "benchmark", "change", "other"})
_SPACES = re.compile(r"\s+")
_EMPTY_BRACKETS = re.compile(r"\(\s*[^\w()]*\)")
_STRAY_PUNCT = re.compile(r"\s+([,;:])(?=\s|$)")
_OPEN, _CLOSE = "([", ")]"


@dataclass(frozen=True)
class IndicatorWords:
    """The word lists that trim a clause to an indicator name (indicators.yaml)."""

    reporting_verbs: frozenset[str]
    lead_ins: tuple[str, ...]
    cut_before: tuple[str, ...]
    anaphors: tuple[str, ...]
    edge_words: frozenset[str]
    non_content: frozenset[str] = frozenset()
    measure_words: frozenset[str] = frozenset()  # cue words that also name the measure


def load_indicator_words(path: Path | None = None) -> IndicatorWords:
    """Trimming words from YAML (default: the packaged phrasebanks/extract/indicators.yaml)."""
    if path is None:
        from ..resources import phrasebanks_dir

        path = phrasebanks_dir() / "extract" / "indicators.yaml"
    data = _read_yaml(path)
    keys = (
        "reporting_verbs", "lead_ins", "cut_before", "anaphors", "edge_words", "non_content",
        "measure_words",
    )  # fmt: skip
    if not isinstance(data, dict):
        raise InputError(f"an indicators file is a mapping of {', '.join(keys)}", path=path)
    reject_unknown_keys(data, keys, path=path)

    def words(key: str) -> list[str]:
        return [str(w).lower() for w in data.get(key) or []]

    return IndicatorWords(
        reporting_verbs=frozenset(words("reporting_verbs")),
        lead_ins=tuple(words("lead_ins")),
        cut_before=tuple(words("cut_before")),
        anaphors=tuple(words("anaphors")),
        edge_words=frozenset(words("edge_words")),
        non_content=frozenset(words("non_content")),
        measure_words=frozenset(words("measure_words")),
    )


@cache
def default_indicator_words() -> IndicatorWords:
    """The packaged trimming words, loaded once per process."""
    return load_indicator_words()


class IndicatorMatcher:
    """Finds lead-ins, cut points and anaphors in a doc with one PhraseMatcher."""

    def __init__(
        self, vocab: Vocab, words: IndicatorWords, make_doc: Callable[[str], Doc] | None = None
    ) -> None:
        self.words = words
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        for label, phrases in (
            ("LEAD", words.lead_ins),
            ("CUT", words.cut_before),
            ("ANAPHOR", words.anaphors),
        ):
            self.matcher.add(label, [phrase_doc(vocab, p, make_doc) for p in phrases])

    def match(self, doc: Doc) -> dict[str, list[tuple[int, int]]]:
        """Token spans of every lead-in, cut point and anaphor, by kind."""
        found: dict[str, list[tuple[int, int]]] = {"LEAD": [], "CUT": [], "ANAPHOR": []}
        strings = doc.vocab.strings
        for key, start, end in self.matcher(doc):
            found[strings[key]].append((start, end))
        return found


@lru_cache(maxsize=8192)  # a few MB at most: memory stays flat over an archive
def _without_periods(text: str, edge_words: frozenset[str]) -> str:
    """A name without the reporting period written into it ("... by the end of September
    2021"): the period is the figure's own field, and it would spoil matching a data row.
    Cached: a council's indicator names recur in every quarter's minute."""
    if not PERIOD_RE.search(text):
        return text
    kept = PERIOD_RE.sub(" ", text)
    words = kept.split()
    while words and words[-1].lower().strip(",;:()") in edge_words | {"by", "as"}:
        words.pop()
    while words and words[0].lower().strip(",;:()") in edge_words | {"by", "as"}:
        words.pop(0)
    cleaned = " ".join(words).replace("( )", "").replace("()", "").strip(" ,;:-–")
    return cleaned or text


# a numbered paragraph's marker and the "That"/"To" of a resolution: "(1) That", "2.7 That",
# "a. Noted", "iii) Note"
LIST_MARKER = re.compile(
    r"^(?:\(?(?:[ivx]{1,4}|[a-z]|\d{1,2}(?:\.\d{1,2})*)[.)]|\((?:[ivx]{1,4}|[a-z]|\d{1,2})\)"
    r"|\d{1,2}\.\d{1,2})\s+"
    r"(?:(?:that|to)\s+)?",
    re.IGNORECASE,
)


def _without_marker(text: str) -> str:
    """A name without the list marker of the paragraph it opens ("(1) That the ...")."""
    if not text or not (text[0] == "(" or text[0].isalnum()):
        return text
    cleaned = LIST_MARKER.sub("", text, count=1)
    return cleaned if len(cleaned) > 3 else text


def _opens_relative(lex: _Lexicon, start: int) -> bool:
    """Whether a segment opens with "which" (after an optional comma)."""
    for i in (start, start + 1):
        if i < len(lex.framing) and lex.framing[i] & _WHICH:
            return True
        if i < len(lex.framing) and not lex.skip[i]:
            return False
    return False


@dataclass(frozen=True)
class _Lexicon:
    """A doc's token words as hashes and flags (one to_array call), for scanning framing
    words without building Token objects."""

    skip: list[bool]  # punctuation, whitespace or a bullet letter
    trim: list[bool]  # a filler word, whitespace, or punctuation other than a bracket
    opens: list[bool]  # "(" or "["
    closes: list[bool]  # ")" or "]"
    idx: list[int]  # character offset of each token
    length: list[int]  # its length in characters

    content: list[bool]  # a word that can carry meaning (not filler, number or punctuation)
    framing: list[int]  # _THAT, _WHICH, _VERB flags of each token

    @classmethod
    def of(cls, doc: Doc, words: IndicatorWords) -> _Lexicon:
        """Vectorised over the doc: each distinct word is classified once per process
        (`_word_flags`), numpy spreads the flags over the tokens, `tolist` hands them over."""
        arr = doc.to_array([ORTH, IS_PUNCT, IS_SPACE, IDX, LENGTH, LIKE_NUM])
        strings = doc.vocab.strings
        orth = arr[:, 0]
        unique, inverse = np.unique(orth, return_inverse=True)
        table = _flag_table(words)
        flags = np.array(
            [
                table.get(h) or table.setdefault(h, _word_flags(strings[h], words))
                for h in unique.tolist()
            ],
            dtype="int64",
        )[inverse.reshape(-1)]
        if len(table) > 500_000:  # words repeat across documents; bound the memory anyway
            table.clear()
        punct, space = arr[:, 1] == 1, arr[:, 2] == 1
        edge = (flags & _EDGE) > 0
        opens, closes = (flags & _OPENS) > 0, (flags & _CLOSES) > 0
        return cls(
            skip=(punct | space | ((flags & _BULLET) > 0)).tolist(),
            trim=(edge | space | (punct & ~opens & ~closes)).tolist(),
            opens=opens.tolist(),
            closes=closes.tolist(),
            idx=arr[:, 3].tolist(),
            length=arr[:, 4].tolist(),
            content=(~punct & ~space & (arr[:, 5] == 0) & ((flags & _NOT_CONTENT) == 0)).tolist(),
            framing=(flags & (_THAT | _WHICH | _VERB)).tolist(),
        )


# bit flags of a word (by its exact spelling), computed once per distinct word
_EDGE, _OPENS, _CLOSES, _BULLET, _NOT_CONTENT, _THAT, _WHICH, _VERB = (1 << i for i in range(8))
_FLAG_TABLES: dict[int, dict[int, int]] = {}


def _flag_table(words: IndicatorWords) -> dict[int, int]:
    return _FLAG_TABLES.setdefault(id(words), {})


def _word_flags(text: str, words: IndicatorWords) -> int:
    """The flags of one spelling (never 0, so that a cached 0 is not mistaken for a miss)."""
    lower = text.lower()
    flags = 1 << 20
    if lower in words.edge_words:
        flags |= _EDGE
    if text in _OPEN:
        flags |= _OPENS
    if text in _CLOSE:
        flags |= _CLOSES
    if text in ("o", "·"):
        flags |= _BULLET
    if lower in words.edge_words or lower in words.non_content or any(c.isdigit() for c in text):
        flags |= _NOT_CONTENT
    if lower == "that":
        flags |= _THAT
    if lower == "which":
        flags |= _WHICH
    if lower in words.reporting_verbs:
        flags |= _VERB
    return flags


def _lead_in_end(lex: _Lexicon, start: int, end: int, leads: dict[int, int]) -> int:
    """First token after the framing that opens a clause (bullets, lead-ins, "X noted that")."""
    i = start
    changed = True
    framing, skip = lex.framing, lex.skip
    while changed and i < end:
        changed = False
        while i < end and skip[i]:
            i += 1
            changed = True
        if i in leads and leads[i] < end:
            i = leads[i]
            changed = True
            continue
        # "It was highlighted that", "Members were informed that", "statistics had shown that";
        # not "Referred to the overall void time and commented that", which names something
        for j in range(i, min(end, i + 9)):
            if framing[j] & _THAT and any(
                framing[k] & _VERB for k in range(max(i, j - 3), j) if k - i <= 5
            ):
                i = j + 1
                changed = True
                break
    return i


def _segment_text(lex: _Lexicon, text: str, tokens: list[int]) -> str:
    """Kept tokens as written (runs of adjacent tokens cut from the text itself), with filler
    words and stray brackets off both ends."""
    lo, hi = 0, len(tokens)
    while lo < hi and lex.trim[tokens[lo]] and not lex.opens[tokens[lo]]:
        lo += 1
    while hi > lo and lex.trim[tokens[hi - 1]] and not lex.closes[tokens[hi - 1]]:
        hi -= 1
    parts = []
    run_start = None
    for n in range(lo, hi):
        i = tokens[n]
        if run_start is None:
            run_start = i
        if n + 1 < hi and tokens[n + 1] == i + 1:
            continue
        parts.append(text[lex.idx[run_start] : lex.idx[i] + lex.length[i]])
        run_start = None
    joined = _SPACES.sub(" ", " ".join(parts)).strip()
    # drop brackets emptied by removed figures ("( : )", "(England , )" less its value)
    joined = _EMPTY_BRACKETS.sub("", joined)
    if joined.count("(") != joined.count(")"):
        joined = joined.replace("(", "").replace(")", "")
    joined = _STRAY_PUNCT.sub(r"\1", joined)
    return _SPACES.sub(" ", joined).strip(" ,;:-–")


COORDINATORS = frozenset({"and", "while", "whilst", "whereas"})


def _coordinated_cuts(
    lex: _Lexicon,
    raw: str,
    figures: Sequence[FigureInfo],
    decisions: Sequence[RoleDecision],
    clause: int,
    clause_of: Sequence[int],
    removed: set[int],
) -> set[int]:
    """Where one clause states two results joined by "and" ("100 per cent of children with a
    CP plan and 100 per cent of Children Looked After had been allocated ..."): a cut before
    the "and", so each result is named by its own words (the second keeps the shared rest)."""
    actual = [
        f for k, f in enumerate(figures) if clause_of[k] == clause and decisions[k].role == "actual"
    ]
    cuts = set()
    for first, second in itertools.pairwise(sorted(actual, key=lambda f: f.num_start)):
        joint = second.start - 1
        if joint <= first.end:
            continue
        word = raw[lex.idx[joint] : lex.idx[joint] + lex.length[joint]].lower()
        between = [i for i in range(first.end, joint) if i not in removed]
        if word in COORDINATORS and _two_contents(lex.content, between):
            cuts.add(joint)
    return cuts


def _two_contents(
    content: list[bool], tokens: Iterable[int], removed: Set[int] = frozenset()
) -> bool:
    """Whether at least two of `tokens` (less `removed`) carry meaning: enough to name
    something. Stops at the second (a plain loop beats a numpy sum over a few tokens)."""
    seen = False
    for i in tokens:
        if content[i] and i not in removed:
            if seen:
                return True
            seen = True
    return False


def name_indicators(
    doc: Doc,
    figures: Sequence[FigureInfo],
    decisions: Sequence[RoleDecision],
    cues: Sequence[CueMatch | None],
    structure: Structure,
    found: dict[str, list[tuple[int, int]]],
    words: IndicatorWords,
    text: str | None = None,
) -> list[str | None]:
    """The indicator name of each figure (same order), from its clause segment.

    `text` is the doc's text when the caller has it (spares rebuilding it from tokens)."""
    removed: set[int] = set()
    for fig, decision, cue in zip(figures, decisions, cues, strict=False):
        if decision.role not in VALUE_ROLES:
            continue
        if fig.unit == "count" and fig.unit_end > fig.unit_start:
            # "65 properties", "122 children": the counted noun is what the figure measures
            removed.update(
                i for i in range(fig.start, fig.end) if not fig.unit_start <= i < fig.unit_end
            )
        else:
            removed.update(range(fig.start, fig.end))
        if cue is not None:
            lo = min(cue.start, fig.start)
            hi = max(cue.end, fig.end)
            if cue.end <= fig.start or cue.start >= fig.end:
                # "a forecast overspend of £27.3m": the cue's "overspend" is also what the
                # figure measures, so it stays in the name
                removed.update(i for i in range(lo, hi) if doc[i].lower_ not in words.measure_words)
    leads = {}
    for start, end in found["LEAD"]:
        leads[start] = max(end, leads.get(start, end))
    cut_starts = sorted({start for start, _ in found["CUT"]})
    anaphors = found["ANAPHOR"]

    lex = _Lexicon.of(doc, words)
    content = lex.content
    raw = doc.text if text is None else text
    figure_lines = {structure.line_index(f.num_start) for f in figures}
    headings: dict[int, bool] = {}
    title_lines = _title_lines(lex, raw, structure)
    coordinated: set[int] = set()
    segments_by_clause: dict[int, list[tuple[int, int]]] = {}
    cache_by_segment: dict[tuple[int, int], str | None] = {}
    clause_of = [structure.clause_index(f.num_start) for f in figures]
    own_names: list[str | None] = []
    for k, fig in enumerate(figures):
        c = clause_of[k]
        clause_start, clause_end = structure.clauses[c] if structure.clauses else (0, len(doc))
        segments = segments_by_clause.get(c)
        if segments is None:
            body = _lead_in_end(lex, clause_start, clause_end, leads)
            if body >= clause_end:
                body = clause_start
            cuts = {s for s in cut_starts if body < s < clause_end}
            cuts.update(_coordinated_cuts(lex, raw, figures, decisions, c, clause_of, removed))
            bounds = [body, *sorted(cut for cut in cuts if body < cut < clause_end), clause_end]
            segments = segments_by_clause[c] = list(itertools.pairwise(bounds))
            coordinated.update(cuts - set(cut_starts))
        own = next((n for n, (s, e) in enumerate(segments) if s <= fig.num_start < e), 0)
        order = [own, *range(own - 1, -1, -1), *range(own + 1, len(segments))]
        if own > 0 and _opens_relative(lex, segments[own][0]):
            # "the number of Children in Care, which stood at 302": named just before
            order = [*range(own - 1, -1, -1), own, *range(own + 1, len(segments))]
        chosen: tuple[int, int] | None = None
        for n in order:
            s, e = segments[n]
            if _two_contents(content, range(s, e), removed):
                chosen = (s, e)
                break
        if chosen is None:
            chosen = segments[own]
        if chosen not in cache_by_segment:
            s, e = chosen
            kept = [i for i in range(s, e) if i not in removed]
            if kept and kept[0] in cut_starts and lex.skip[kept[0]]:
                kept = kept[1:]
            if kept and kept[0] in coordinated:
                kept = kept[1:]  # the "and" that joined two measured things
            text = _without_marker(
                _without_periods(_segment_text(lex, raw, kept), words.edge_words)
            )
            # the item's title lines name the item, so they serve only a clause that names
            # nothing itself or points back ("this indicator"); an indicator's own heading
            # ("NAS 1 Percentage of clients receiving a review") serves every clause under it
            weak = not _two_contents(content, kept) or any(s <= a < e for a, _ in anaphors)
            heading = _indicator_heading(
                lex, raw, structure, clause_start, figure_lines, weak, headings, title_lines
            )
            if heading and heading.lower() not in text.lower():
                text = f"{heading} {text}".strip() if text else heading
            cache_by_segment[chosen] = text or None
        own_names.append(cache_by_segment[chosen])

    # figures of one clause share the name of its actual value: a target, a previous value
    # or a definition's number stands in a judging segment ("compared with the same period
    # last year (78 per cent)") that does not name anything itself
    names: list[str | None] = []
    for k, decision in enumerate(decisions):
        if decision.role in ("actual", "other", "parameter"):
            names.append(own_names[k])
            continue
        actuals = [
            j
            for j in range(len(figures))
            if clause_of[j] == clause_of[k] and decisions[j].role == "actual"
        ]
        here = figures[k].num_start
        same_part = [  # not across an "and" that joins two results
            j
            for j in actuals
            if not any(
                min(here, figures[j].num_start) < cut <= max(here, figures[j].num_start)
                for cut in coordinated
            )
        ]
        actuals = same_part or actuals
        if not actuals and own_names[k] is None:
            # "52.4% (Green; target 50%)": a value alone in its clause, naming nothing, belongs
            # to the actual value of its sentence
            sentence = structure.sentence_index(figures[k].num_start)
            actuals = [
                j
                for j in range(len(figures))
                if decisions[j].role == "actual"
                and structure.sentence_index(figures[j].num_start) == sentence
            ]
        if actuals:
            j = min(actuals, key=lambda j: abs(figures[j].num_start - figures[k].num_start))
            names.append(own_names[j])
        else:
            names.append(own_names[k])
    _respectively(doc, figures, names, clause_of, structure, words.edge_words)
    return names


_JOINS = frozenset({",", "and", "or"})
_VERBS = frozenset({"was", "were", "is", "are", "had", "has", "have", "stood", "remained", "at"})


def _respectively(
    doc: Doc,
    figures: Sequence[FigureInfo],
    names: list[str | None],
    clause_of: Sequence[int],
    structure: Structure,
    edge_words: Set[str],
) -> None:
    """ "absence for wholetime, control and support staff was 8.95, 10.80 and 9.42 days
    respectively": the i-th figure of a list before "respectively" measures the i-th item of
    the list of as many single words before it ("absence for control staff")."""
    for c in sorted(set(clause_of)):
        start, end = structure.clauses[c] if structure.clauses else (0, len(doc))
        after = next((i for i in range(start, end) if doc[i].lower_ == "respectively"), None)
        if after is None:
            continue
        run = [k for k in range(len(figures)) if clause_of[k] == c and figures[k].end <= after]
        if not run or any(not doc[i].is_punct for i in range(figures[run[-1]].end, after)):
            continue
        chain = [run[-1]]
        for k in reversed(run[:-1]):
            gap = range(figures[k].end, figures[chain[0]].start)
            if not all(doc[i].lower_ in _JOINS for i in gap):
                break
            chain.insert(0, k)
        items = _listed_words(doc, start, figures[chain[0]].start, len(chain))
        if items is None:
            continue
        first, last, words = items
        head = [t for t in doc[max(start, first - 3) : first] if not t.is_punct]
        while head and head[0].lower_ in edge_words:
            head = head[1:]
        tail = []
        for t in doc[last + 1 : figures[chain[0]].start]:
            if t.lower_ in _VERBS or not t.is_alpha:
                break
            tail.append(t.text)
        for k, word in zip(chain, words, strict=True):
            names[k] = " ".join([*(t.text for t in head), word, *tail])


def _listed_words(
    doc: Doc, start: int, before: int, count: int
) -> tuple[int, int, list[str]] | None:
    """The last list of `count` single words ("wholetime, control and support") before token
    `before`: (first word, last word, the words), or None."""
    joint = next((i for i in range(before - 2, start, -1) if doc[i].lower_ in ("and", "or")), None)
    if joint is None or not doc[joint + 1].is_alpha:
        return None
    words = [doc[joint + 1].text]
    i = joint - 1
    if i >= start and doc[i].text == ",":
        i -= 1  # the serial comma
    while len(words) < count and i >= start and doc[i].is_alpha:
        words.insert(0, doc[i].text)
        if len(words) == count:
            break
        if i - 1 < start or doc[i - 1].text != ",":
            return None
        i -= 2
    if len(words) != count:
        return None
    return i, joint + 1, words


def _indicator_heading(
    lex: _Lexicon,
    raw: str,
    structure: Structure,
    token: int,
    figure_lines: set[int],
    weak: bool,
    headings: dict[int, bool],
    title_lines: int = 3,
) -> str | None:
    """The heading an indicator's paragraphs stand under ("NAS 1 Percentage of clients
    receiving a review"): the nearest short line above, without figures, below the item's
    title lines. The item's own title is used only when the clause names nothing itself.
    `headings` caches which lines look like headings."""
    line = structure.line_index(token)
    first = structure.lines[line][0] if structure.lines else 0
    if raw[lex.idx[first] : lex.idx[first] + lex.length[first]] in BULLETS and not weak:
        return None  # a list item names its own indicator ("- Rent collected: 99.2%")
    for n in range(line - 1, max(-1, line - 8), -1):
        start, end = structure.lines[n]
        last = raw[lex.idx[end - 1] : lex.idx[end - 1] + lex.length[end - 1]]
        if last in {":", ";"}:
            return None  # a list's introduction: what follows are its items
        if n in figure_lines and not (weak and n < title_lines):
            continue
        if n not in headings:
            words = sum(1 for i in range(start, min(end, start + 40)) if not lex.skip[i])
            headings[n] = (
                end - start <= 40
                and 0 < words <= 14
                and last not in LINE_END
                and not raw[lex.idx[start] : lex.idx[start] + 1].islower()
            )
        if not headings[n] or _boilerplate(raw, lex, start, end):
            continue
        if n < title_lines and not weak:
            return None
        return raw[lex.idx[start] : lex.idx[end - 1] + lex.length[end - 1]].strip()
    return None


BOILERPLATE = frozenset({"agenda item", "minutes", "supporting documents", "item", "decision"})


def _boilerplate(raw: str, lex: _Lexicon, start: int, end: int) -> bool:
    """A page's furniture ("Agenda item"), not a title."""
    text = raw[lex.idx[start] : lex.idx[end - 1] + lex.length[end - 1]]
    return text.strip().lower().rstrip(":") in BOILERPLATE


# The first lines of an item are its title ("Agenda item", "Performance Indicators Quarter 2
# 2020/21", "Report of the Director"): they name the item, not one indicator. A page may put
# more above them (the committee's name, the date), so the title block is the run of short
# lines before the first line of prose, at least TITLE_LINES and at most MAX_TITLE_LINES.
TITLE_LINES = 3
MAX_TITLE_LINES = 8


def _title_lines(lex: _Lexicon, raw: str, structure: Structure) -> int:
    """How many leading lines are the item's title block (short, unpunctuated lines)."""
    count = 0
    for start, end in structure.lines[:MAX_TITLE_LINES]:
        last = raw[lex.idx[end - 1] : lex.idx[end - 1] + lex.length[end - 1]]
        words = sum(1 for i in range(start, min(end, start + 40)) if not lex.skip[i])
        if end - start > 40 or words > 14 or last in LINE_END:
            break
        count += 1
    return max(TITLE_LINES, count)


# --- linking names to indicator ids ---------------------------------------------------------

# Chosen by measurement (tests/test_roundtrip.py's samples, both house styles: every actual
# figure with a unique value, 44 of them): the mean of token_set_ratio and token_sort_ratio on
# rapidfuzz's default processing picked the right row for all 44, the lowest right score being
# 81 (token_set alone ties a long row with its short namesake; WRatio got 42). A row is linked
# at 75 or more. Abbreviations and ids are compared whole, never fuzzily: "CP" is a subset of
# half the names in a children's services table.
ROW_THRESHOLD = 75.0


@lru_cache(maxsize=65536)
def _processed(text: str) -> str:
    return utils.default_process(text)


class _RowIndex:
    """A data table's names prepared once, so linking a figure is one vectorised rapidfuzz
    call over all rows (a 500-row table: ~5k -> well over 100k words/s)."""

    def __init__(self, rows: tuple[Indicator, ...]) -> None:
        self.labels = [row.id or row.name for row in rows]
        self.names = [_processed(row.name) for row in rows]
        for row in rows:  # the names a draft states a row by (draft/realiser.py)
            for alias in _drafted_aliases(row.name):
                self.labels.append(row.id or row.name)
                self.names.append(_processed(alias))
        self.exact: dict[str, int] = {}
        for i, row in enumerate(rows):
            for token in (row.abbreviation, row.id):
                if token:
                    self.exact.setdefault(_processed(token), i)
        self.cache: dict[tuple[str, float], str | None] = {}

    def link(self, query: str, threshold: float) -> str | None:
        key = (query, threshold)
        if key not in self.cache:
            self.cache[key] = self._best(query, threshold)
        return self.cache[key]

    def _best(self, query: str, threshold: float) -> str | None:
        scores = (
            0.5
            * process.cdist(
                [query], self.names, scorer=fuzz.token_set_ratio, processor=None, dtype=np.float32
            )[0]
            + 0.5
            * process.cdist(
                [query], self.names, scorer=fuzz.token_sort_ratio, processor=None, dtype=np.float32
            )[0]
        )
        if query in self.exact:
            scores[self.exact[query]] = 100.0
        best = int(np.argmax(scores)) if len(scores) else -1
        if best < 0 or scores[best] < threshold:
            return None
        return self.labels[best]


def _drafted_aliases(name: str) -> tuple[str, ...]:
    """Other names a draft states a row by where they share too few words with the row's own
    to be found: "Forecast overspend/(underspend)" as "the forecast variance", a negative
    "Forecast underspend" as "the forecast position", "16-18 year olds who are NEET" as
    "people aged 16 to 18 who are NEET", "Missed bins (WM07 - bins not collected)" as "missed
    bins" (one model of the wording: draft/realiser.py's)."""
    lowered = name.lower()
    coded = ("(" in name or "[" in name) and any(c.isdigit() for c in name)
    if not coded and not any(w in lowered for w in ("spend", "year old", "year-old")):
        return ()
    from ..draft.realiser import normalise_name, side_neutral

    said = normalise_name(name)
    neutral = side_neutral(said)
    return tuple(dict.fromkeys(a for a in (said, neutral) if a and a != name))


_LAST_INDEX: list[tuple[Sequence[Indicator], int, _RowIndex]] = []


def _row_index(rows: Sequence[Indicator]) -> _RowIndex:
    """The index of the table being linked against, kept while the same table object is used
    (hashing 500 rows for every figure cost more than the matching itself)."""
    if _LAST_INDEX and _LAST_INDEX[0][0] is rows and _LAST_INDEX[0][1] == len(rows):
        return _LAST_INDEX[0][2]
    index = _RowIndex(tuple(rows))
    _LAST_INDEX[:] = [(rows, len(rows), index)]
    return index


def link_indicator(
    name: str | None, rows: Sequence[Indicator] | None = None, *, threshold: float = ROW_THRESHOLD
) -> str | None:
    """The id (or, lacking one, the name) of the data row that `name` refers to; without
    rows, the catalogue entry's id; None when nothing is close enough."""
    if not name:
        return None
    if rows:
        return _row_index(rows).link(_processed(name), threshold)
    return _catalogue_id(name)


@lru_cache(maxsize=65536)
def catalogue_match(name: str) -> tuple[str, float] | None:
    """(id, score 0-100) of the catalogue entry `name` matches, or None."""
    try:
        from ..catalogue import load_catalogue

        found = load_catalogue().match(name)
    except (ImportError, InputError):
        return None
    return (found[0].id, float(found[1])) if found else None


def _catalogue_id(name: str) -> str | None:
    found = catalogue_match(name)
    return found[0] if found else None


# A catalogue link decides an assessment only when it is this sure: a wrong link (a near
# namesake with the opposite polarity) would turn the judgement round. Measured on the dev
# corpus: links scoring 90+ were all right; the one wrong link scored lower.
POLARITY_SCORE = 90.0


NEGATIONS = frozenset({"not", "no", "non", "without", "never"})


def catalogue_polarity(indicator_id: str | None, name: str | None = None) -> str | None:
    """The catalogue's polarity (higher, lower, neutral) for an id, when it has the entry.

    None when the minute's name negates what it measures ("Care Leavers were not in
    employment" linked to the EET indicator): the catalogue's direction would be backwards.
    """
    if not indicator_id:
        return None
    if name and NEGATIONS & set(name.lower().split()):
        return None
    if name:
        found = catalogue_match(name)
        if found is None or found[0] != indicator_id or found[1] < POLARITY_SCORE:
            return None
    try:
        from ..catalogue import load_catalogue

        entry = load_catalogue().get(indicator_id)
    except (ImportError, InputError):
        return None
    return entry.polarity if entry else None
