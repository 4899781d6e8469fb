"""Read how a minute judges each actual figure: positive, negative or neutral.

Evidence, first that speaks wins (phrasebanks/extract/assessment.yaml lists the words):
judging words in the figure's clause, less those that name the measure ("the forecast
overspend of £2.1m"); the figure against a target stated beside it; a direction word with the
indicator's known polarity; the figure against an earlier value or benchmark in its clause;
judging words elsewhere in its sentence; the section it stands in ("The areas highlighted for
focus were ..."); a direction word read with "higher is better"; else neutral. Judging and
direction words in a clause belong to the nearest actual figure, so "10 per cent ...,
however, in Year 6 that had increased to 22.5 percent" judges only the second figure; a
result restated in another unit or a list of results is one figure for this.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..errors import InputError
from ..yamlio import reject_unknown_keys
from .evidence import _words_of
from .roles import FigureInfo, RoleDecision, _read_yaml, phrase_doc
from .sections import BULLETS, TEXT_KEY, Structure

KINDS: tuple[str, ...] = (
    "positive", "negative", "neutral", "increase", "decrease", "above_target", "below_target",
    "met_target", "section_positive", "section_negative", "lower_is_better",
    "higher_is_better", "time_taken", "section_positive_contrast", "increase_before_change",
    "decrease_before_change", "decrease_before_figure", "reaction_subject", "negators",
    "question", "measure_name", "generic_higher_is_better",
)  # fmt: skip

# Words that say which way a figure moved only when a change figure follows them straight
# away ("18,900, up 2.3% on last year"); elsewhere ("set up", "down the line") they say nothing.
BEFORE_CHANGE = {"increase_before_change": "increase", "decrease_before_change": "decrease"}
BEFORE_FIGURE = {"decrease_before_figure": "decrease"}


@dataclass(frozen=True)
class AssessmentWords:
    """Word lists by kind, as loaded from assessment.yaml (check reuses them)."""

    words: dict[str, tuple[str, ...]]

    def __getitem__(self, kind: str) -> tuple[str, ...]:
        return self.words.get(kind, ())


def load_assessment_words(path: Path | None = None) -> AssessmentWords:
    """Judging, direction, target and section words (default: packaged assessment.yaml)."""
    if path is None:
        from ..resources import phrasebanks_dir

        path = phrasebanks_dir() / "extract" / "assessment.yaml"
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(f"an assessment file is a mapping of {', '.join(KINDS)}", path=path)
    reject_unknown_keys(data, KINDS, path=path)
    return AssessmentWords({k: tuple(str(w).lower() for w in data.get(k) or []) for k in KINDS})


@cache
def default_assessment_words() -> AssessmentWords:
    """The packaged assessment words, loaded once per process."""
    return load_assessment_words()


class AssessmentMatcher:
    """Every judging, direction, section and polarity word of a doc, found in one pass."""

    def __init__(
        self, vocab: Vocab, words: AssessmentWords, make_doc: Callable[[str], Doc] | None = None
    ) -> None:
        self.words = words
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        for kind in KINDS:
            phrases = words[kind]
            if phrases:
                self.matcher.add(kind, [phrase_doc(vocab, p, make_doc) for p in phrases])

    def match(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(kind, start, end) for every word found, longest first where they overlap."""
        strings = doc.vocab.strings
        found = [(strings[key], start, end) for key, start, end in self.matcher(doc)]
        return _drop_contained(found)


def _drop_contained(found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Keep a judging or direction word only when no longer phrase covers it: "performing
    well" over "well", "areas highlighted for improvement" (a section) over "improvement"."""
    covering = {"positive", "negative", "neutral", "section_positive", "section_negative"}
    judging = {"positive", "negative", "neutral", "increase", "decrease"}
    spans = [(s, e) for k, s, e in found if k in covering]
    out = []
    for kind, start, end in found:
        if kind in judging and any(
            s <= start and end <= e and (e - s) > (end - start) for s, e in spans
        ):
            continue
        out.append((kind, start, end))
    return out


def _polarity_from_words(hits: list[tuple[str, int, int]], start: int, end: int) -> str | None:
    kinds = {kind for kind, s, _ in hits if start <= s < end}
    if "higher_is_better" in kinds:
        return "higher"
    if "lower_is_better" in kinds:
        return "lower"
    if "generic_higher_is_better" in kinds:  # "performance", when nothing more specific says
        return "higher"
    return None


def assess(
    doc: Doc,
    figures: Sequence[FigureInfo],
    decisions: Sequence[RoleDecision],
    structure: Structure,
    hits: list[tuple[str, int, int]],
    polarities: Sequence[str | None] | None = None,
) -> list[str | None]:
    """positive / negative / neutral for each actual figure by the rules alone (the first
    signal that speaks), None for other roles."""
    signals = assessment_signals(doc, figures, decisions, structure, hits, polarities)
    return [s["cascade"] if s is not None else None for s in signals]


CASCADE: tuple[str, ...] = (
    "own", "target", "direction", "compared", "follow", "sentence", "section", "complete",
    "assumed",
)  # fmt: skip


def assessment_signals(
    doc: Doc,
    figures: Sequence[FigureInfo],
    decisions: Sequence[RoleDecision],
    structure: Structure,
    hits: list[tuple[str, int, int]],
    polarities: Sequence[str | None] | None = None,
    names: Sequence[str | None] | None = None,
) -> list[dict[str, str] | None]:
    """Every signal the rules find about how the minute judges each actual figure (None for
    other roles): judging words it owns in its clause, the figure against a target, an
    earlier value and a benchmark stated beside it (read with the indicator's polarity),
    direction words, the next sentence, the rest of its sentence, its section; and
    `cascade`, the judgement of the first of these that speaks."""
    n = len(figures)
    out: list[dict[str, str] | None] = [None] * n
    actual = [k for k in range(n) if decisions[k].role == "actual"]
    if not actual:
        return out
    hits = _negated(doc, _moves_before_change(hits, figures, decisions))
    clause_of = [structure.clause_index(f.num_start) for f in figures]
    sentence_of = [structure.sentence_index(f.num_start) for f in figures]
    cut = _cutter(doc, structure)
    hits = _without_hedges(hits, figures, cut)
    sections = _sections(doc, figures, structure, hits)
    measures = {(s, e) for kind, s, e in hits if kind == "measure_name"}

    figure_sentences = set(sentence_of)
    by_clause: dict[int, list[tuple[str, int, int]]] = {}
    for hit, c in zip(hits, structure.locate("clauses", [h[1] for h in hits]), strict=True):
        by_clause.setdefault(c, []).append(hit)

    # a result restated at once in another unit ("£27.3m (5.5%)") is one quantity, and a list
    # of results ("higher at 8.95, 10.80 and 9.42 days respectively") is read as one: the
    # words of the clause belong to all of it, whichever member stands nearer
    head = _groups(doc, figures, decisions)
    spans = _group_spans(head, figures)
    for k in actual:
        fig = figures[k]
        c = clause_of[k]
        clause_start, clause_end = structure.clauses[c] if structure.clauses else (0, len(doc))
        clause_hits = by_clause.get(c, [])
        mates = [j for j in actual if clause_of[j] == c and j not in head]
        me = head.get(k, k)
        owned = [
            h
            for h in clause_hits
            if _owner(h[1], mates, spans) == me and not _stop_between(doc, h[1], fig)
        ]
        from_data = polarities[k] if polarities else None
        known = (
            from_data
            # the indicator's own words, else those named before it in the clause ("excess
            # weight ... 10 per cent ..., in Year 6 that had increased to 22.5 percent"), not
            # a later figure's ("recycling reached 47.3% ... and residual waste fell to 498kg")
            or _polarity_from_words(owned, clause_start, clause_end)
            or _polarity_from_words(clause_hits, clause_start, fig.start)
            or ("lower" if fig.unit in TIME_TAKEN and _time_taken(clause_hits) else None)
        )
        polarity = known or "higher"
        sent_start, sent_end = structure.sentence(fig.num_start)
        sentence_hits = [
            h
            for h in hits
            if sent_start <= h[1] < sent_end and not clause_start <= h[1] < clause_end
        ]
        name = ((names[k] if names else None) or "").lower()
        found: dict[str, str | None] = {
            # a judging word that can name the measure ("the forecast overspend of £2.1m",
            # "cost pressures of £4m") says, in the figure's own clause, what is counted
            "own": _nearest_judgement(_judging_outside_measure(owned, measures), fig),
            # words inside the indicator's own name ("overdue repairs") do not judge it
            "own_outside_name": _nearest_judgement(
                [h for h in owned if cut(h[1], h[2]).lower() not in name], fig
            )
            if name
            else None,
            "target": _against_target(k, figures, decisions, clause_of, polarity),
            "direction": _direction(owned, fig, known) if known is not None else None,
            "follow": _following_this(doc, fig, structure, hits, figure_sentences, known),
            "sentence": _nearest_judgement(sentence_hits, fig),
            "section": sections[k],
            "assumed": _direction(owned, fig, "higher") if known is None else None,
        }
        against = {
            role: _against(k, figures, decisions, sentence_of, role, known)
            for role in ("previous", "benchmark")
        }
        # the figure against an earlier value or a benchmark the minute states beside it in its
        # clause, read with a known polarity ("12 complaints, compared to 22 the year before")
        found["compared"] = next(
            (
                JUDGED[v]
                for role in ("previous", "benchmark")
                if (v := _against(k, figures, decisions, clause_of, role, known)) in JUDGED
            ),
            None,
        )
        # corpus/SCHEMA.md: 100 per cent, or none of a count of bad things, stated without
        # comment is good ("Fire safety checks had achieved 100%", "no missed collections")
        full = fig.unit == "percent" and fig.value >= 100 and known != "lower"
        found["complete"] = "positive" if full or (fig.value == 0 and known == "lower") else None
        cascade = next((found[key] for key in CASCADE if found[key] is not None), "neutral")
        signals = {key: value for key, value in found.items() if value is not None}
        signals["cascade"] = cascade or "neutral"
        signals["polarity"] = known or "unknown"
        for role, compared in against.items():
            if compared is not None:
                signals[role] = compared
        if fig.unit == "percent" and fig.value >= 100 and known != "lower":
            signals["full"] = "yes"
        elif fig.unit == "percent" and 99 <= fig.value < 100 and known != "lower":
            signals["near_full"] = "yes"
        if fig.value == 0:
            signals["zero"] = known or "unknown"
        if any(h[0] == "question" for h in hits if sent_start <= h[1] < sent_end):
            signals["asked"] = "here"
        elif any(h[0] == "question" for h in _previous_sentence_hits(structure, fig, hits)):
            signals["asked"] = "before"
        out[k] = signals
    return out


# what stands between a figure and its restatement in another unit: "£27.3m (5.5%)",
# "£3.8m, 1% of Portfolio budgets", "12 (30%)"
RESTATES = re.compile(r"\s*(?:\(|,|,?\s*or|,?\s*being)\s*")


def restatements(
    doc: Doc, figures: Sequence[FigureInfo], decisions: Sequence[RoleDecision]
) -> dict[int, int]:
    """Each actual figure that restates the actual just before it in another unit ("an
    overspend of £27.3m (5.5%)"), mapped to the figure it restates."""
    text = doc.user_data.get(TEXT_KEY) or doc.text
    out: dict[int, int] = {}
    for k in range(1, len(figures)):
        first, then = figures[k - 1], figures[k]
        if decisions[k - 1].role != "actual" or decisions[k].role != "actual":
            continue
        if first.unit == then.unit or first.end >= len(doc) or then.start >= len(doc):
            continue
        last = doc[first.end - 1]
        if RESTATES.fullmatch(text, last.idx + len(last), doc[then.start].idx):
            out[k] = k - 1
    return out


# what stands between the figures of a list of results: "8.95, 10.80 and 9.42 days"
LISTED = re.compile(r"\s*(?:,|,?\s*and|,?\s*or)\s*")


def _groups(
    doc: Doc, figures: Sequence[FigureInfo], decisions: Sequence[RoleDecision]
) -> dict[int, int]:
    """Each actual figure that restates the one before it or continues a list of results,
    mapped to the first figure of its group."""
    head = restatements(doc, figures, decisions)
    text = doc.user_data.get(TEXT_KEY) or doc.text
    for k in range(1, len(figures)):
        if k in head or decisions[k - 1].role != "actual" or decisions[k].role != "actual":
            continue
        first, then = figures[k - 1], figures[k]
        if first.end >= len(doc) or then.start >= len(doc):
            continue
        last = doc[first.end - 1]
        if LISTED.fullmatch(text, last.idx + len(last), doc[then.start].idx):
            head[k] = k - 1
    for k in sorted(head):
        head[k] = head.get(head[k], head[k])
    return head


def _group_spans(head: dict[int, int], figures: Sequence[FigureInfo]) -> dict[int, tuple[int, int]]:
    """The tokens from the first figure of each group to the end of its last (every figure
    not in a group is a group of one)."""
    spans = {k: (f.start, f.end) for k, f in enumerate(figures)}
    for k, first in head.items():
        spans[first] = (spans[first][0], max(spans[first][1], figures[k].end))
    return spans


JUDGING_KINDS = frozenset({"positive", "negative", "increase", "decrease"})
# hedge classes (phrasebanks/hedges.yaml) whose phrases are also judging or direction words
CLOSE_HEDGES = ("just_over", "just_under")


def _without_hedges(
    hits: list[tuple[str, int, int]],
    figures: Sequence[FigureInfo],
    cut: Callable[[int, int], str],
) -> list[tuple[str, int, int]]:
    """The words less a hedge straight before a figure: "an underspend of just under £3.5m"
    states the figure loosely; it says nothing of how it went ("just under the target" does)."""
    starts = {f.start for f in figures}
    if not any(kind in JUDGING_KINDS and end in starts for kind, _, end in hits):
        return hits
    hedges = _close_hedges()
    return [
        h
        for h in hits
        if not (h[0] in JUDGING_KINDS and h[2] in starts and cut(h[1], h[2]).lower() in hedges)
    ]


@cache
def _close_hedges() -> frozenset[str]:
    from ..hedges import default_hedges

    classes = dict(default_hedges().classes)
    return frozenset(p for name in CLOSE_HEDGES for p in classes.get(name, ()))


def _judging_outside_measure(
    owned: list[tuple[str, int, int]], measures: set[tuple[int, int]]
) -> list[tuple[str, int, int]]:
    """The owned words less the judging words that name the measure (`measure_name` words:
    "the forecast overspend of £2.1m", "would overspend by £57k", "cost pressures of £4m")."""
    if not measures:
        return owned
    return [
        h
        for h in owned
        if not (h[0] in FLIPPED and any(s <= h[1] and h[2] <= e for s, e in measures))
    ]


def _previous_sentence_hits(
    structure: Structure, fig: FigureInfo, hits: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """The words found in the sentence before the figure's (an officer's answer follows the
    member's question)."""
    index = structure.sentence_index(fig.num_start)
    if index == 0 or not structure.sentences:
        return []
    start, end = structure.sentences[index - 1]
    return [h for h in hits if start <= h[1] < end]


def _against(
    k: int,
    figures: Sequence[FigureInfo],
    decisions: Sequence[RoleDecision],
    sentence_of: Sequence[int],
    role: str,
    polarity: str | None,
) -> str | None:
    """The figure against the nearest earlier value or benchmark of the same unit in its
    sentence: better / worse by the indicator's polarity, same, or up / down when the
    polarity is unknown."""
    fig = figures[k]
    others = [
        j
        for j in range(len(figures))
        if decisions[j].role == role
        and sentence_of[j] == sentence_of[k]
        and figures[j].unit == fig.unit
    ]
    if not others:
        return None
    j = min(others, key=lambda j: abs(figures[j].start - fig.start))
    other = figures[j].value
    if fig.value == other:
        return "same"
    higher = fig.value > other
    if polarity in ("higher", "lower"):
        return "better" if higher == (polarity == "higher") else "worse"
    return "up" if higher else "down"


JUDGED = {"better": "positive", "worse": "negative"}  # a comparison read with polarity
NEGATION_REACH = 2  # words a negator may stand before the judging word ("not very good")
FLIPPED = {"positive": "negative", "negative": "positive"}


def _negated(doc: Doc, hits: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A judging word a negator stands just before judges the other way ("had not improved",
    "no improvement", "was not good enough"); negators are matched as kind "negators"."""
    negators = {start for kind, start, _ in hits if kind == "negators"}
    if not negators:
        return hits
    out = []
    for kind, start, end in hits:
        if kind == "negators":
            continue
        if kind in FLIPPED:
            for i in range(start - 1, max(-1, start - 1 - NEGATION_REACH), -1):
                if doc[i].is_punct:
                    break
                if i in negators:
                    kind = FLIPPED[kind]
                    break
        out.append((kind, start, end))
    return out


def _moves_before_change(
    hits: list[tuple[str, int, int]],
    figures: Sequence[FigureInfo],
    decisions: Sequence[RoleDecision],
) -> list[tuple[str, int, int]]:
    """ "up"/"down" straight before a change figure, and "only" straight before any figure,
    become direction words; elsewhere they are dropped."""
    if not any(kind in BEFORE_CHANGE or kind in BEFORE_FIGURE for kind, _, _ in hits):
        return hits
    change_starts = {f.start for f, d in zip(figures, decisions, strict=True) if d.role == "change"}
    starts = {f.start for f in figures}
    out = []
    for kind, start, end in hits:
        if kind in BEFORE_CHANGE:
            if end in change_starts:
                out.append((BEFORE_CHANGE[kind], start, end))
            continue
        if kind in BEFORE_FIGURE:
            if end in starts:
                out.append((BEFORE_FIGURE[kind], start, end))
            continue
        out.append((kind, start, end))
    return out


# A figure measured in time is less-is-better when its clause says the time is taken, lost or
# waited (days to re-let, days of sickness, weeks waiting: `time_taken` words), unless the
# words say otherwise ("completed within"); time given ("hours of support") is not.
TIME_TAKEN = frozenset({"days", "weeks", "hours", "months"})


def _time_taken(hits: list[tuple[str, int, int]]) -> bool:
    """Whether a clause measures time as time taken, lost or waited ("average days to
    re-let", "days lost per FTE"), not time given ("4,380 hours of CCTV monitoring")."""
    return any(kind == "time_taken" for kind, _, _ in hits)


ANAPHORIC = frozenset({"this", "that", "which", "these", "it"})


def _following_this(
    doc: Doc,
    fig: FigureInfo,
    structure: Structure,
    hits: list[tuple[str, int, int]],
    figure_sentences: set[int],
    known: str | None,
) -> str | None:
    """ "90.4% of eligible LAC had an up-to-date plan. This was a slight decrease on ...":
    a figure-free sentence opening with "This", or with the committee's reaction ("Members
    expressed concern ..."), right after the figure's sentence judges it."""
    index = structure.sentence_index(fig.num_start) + 1
    if index >= len(structure.sentences) or index in figure_sentences:
        return None
    start, end = structure.sentences[index]
    if structure.sentence_index(fig.num_start) != index - 1:
        return None
    first = next((t for t in doc[start:end] if not t.is_punct and not t.is_space), None)
    if first is None:
        return None
    following = [h for h in hits if start <= h[1] < end]
    if first.lower_ not in ANAPHORIC and _reported_anaphor(doc, start, end):
        # "The Director explained that this was higher than the target and remained a pressure"
        judged = _nearest_judgement(following, fig)
        if judged is None:
            judged = _direction(following, fig, known or "higher")
        return judged
    if first.lower_ not in ANAPHORIC:
        # "Members expressed concern that ...", "The Committee welcomed ...": the committee's
        # reaction to the figures just read judges them, by judging words only ("Members
        # asked that waiting times be reduced" says nothing by its direction word)
        # in its first clause only: "Members asked for a breakdown ...; welcomed the absence
        # of families in bed and breakfast" welcomes something else
        if any(k == "reaction_subject" and s == first.i for k, s, _ in following):
            clause_end = structure.clauses[structure.clause_index(first.i)][1]
            return _nearest_judgement([h for h in following if h[1] < clause_end], fig)
        return None
    judged = _nearest_judgement(following, fig)
    if judged is None:
        judged = _direction(following, fig, known or "higher")
    return judged


def _stop_between(doc: Doc, position: int, fig: FigureInfo) -> bool:
    """Whether a full stop stands between a word and a figure: a clause the sentence splitter
    ran on past "77%. placement stability is an area of focus" is two sentences."""
    start, end = (position, fig.start) if position < fig.start else (fig.end, position)
    return "." in _words_of(doc)[0][start:end]  # lower case: a "." is a "." either way


REPORTED_WITHIN = 8  # how far into a sentence "... explained that this ..." may stand


def _reported_anaphor(doc: Doc, start: int, end: int) -> bool:
    """Whether a sentence reports what someone said of "this"/"it" near its start ("The
    Director explained that this was higher than the target")."""
    for i in range(start + 1, min(end, start + REPORTED_WITHIN)):
        if doc[i].lower_ in ("this", "it") and doc[i - 1].lower_ == "that":
            return True
    return False


def _owner(position: int, mates: list[int], spans: dict[int, tuple[int, int]]) -> int:
    """The actual figure or list of figures (of those in the clause, by the first figure of
    each) nearest to a word at `position`."""
    return min(mates, key=lambda j: (_span_distance(position, *spans[j]), j))


def _span_distance(position: int, start: int, end: int) -> int:
    if position < start:
        return start - position
    if position >= end:
        return position - end + 1
    return 0


def _distance(position: int, fig: FigureInfo) -> int:
    if position < fig.start:
        return fig.start - position
    if position >= fig.end:
        return position - fig.end + 1
    return 0


def _nearest_judgement(hits: list[tuple[str, int, int]], fig: FigureInfo) -> str | None:
    """The nearest judging word; a word that judges good or bad outweighs one that says
    "no change" ("4%, unchanged from last year and better than the national average")."""
    judging = [h for h in hits if h[0] in ("positive", "negative")]
    if not judging:
        judging = [h for h in hits if h[0] == "neutral"]
    if not judging:
        return None
    nearest = min(judging, key=lambda h: _distance(h[1], fig))
    return nearest[0]


def _direction(hits: list[tuple[str, int, int]], fig: FigureInfo, polarity: str) -> str | None:
    moves = [h for h in hits if h[0] in ("increase", "decrease")]
    if not moves or polarity == "neutral":
        return None
    kind = min(moves, key=lambda h: _distance(h[1], fig))[0]
    good = (kind == "increase") == (polarity == "higher")
    return "positive" if good else "negative"


def _against_target(
    k: int,
    figures: Sequence[FigureInfo],
    decisions: Sequence[RoleDecision],
    clause_of: Sequence[int],
    polarity: str,
) -> str | None:
    """The figure against the nearest target stated in the same clause, by polarity."""
    fig = figures[k]
    targets = [
        j
        for j in range(len(figures))
        if decisions[j].role == "target"
        and clause_of[j] == clause_of[k]
        and figures[j].unit == fig.unit
    ]
    if not targets or polarity == "neutral":
        return None
    j = min(targets, key=lambda j: abs(figures[j].start - fig.start))
    target = figures[j].value
    if fig.value == target:
        return "positive"
    better = fig.value > target if polarity == "higher" else fig.value < target
    return "positive" if better else "negative"


def _cutter(doc: Doc, structure: Structure) -> Callable[[int, int], str]:
    """The text of tokens [start, end) (as `doc[start:end].text`), cut from the text the doc
    was made from by offset: no Span or Token objects for a few words' text."""
    text = doc.user_data.get(TEXT_KEY)
    idx, length = structure.idx, structure.length
    if text is None or len(idx) != len(doc):
        return lambda start, end: doc[start:end].text

    def cut(start: int, end: int) -> str:
        return text[idx[start] : idx[end - 1] + length[end - 1]] if end > start else ""

    return cut


def _sections(
    doc: Doc,
    figures: Sequence[FigureInfo],
    structure: Structure,
    hits: list[tuple[str, int, int]],
) -> list[str | None]:
    """The judgement each figure's section carries, from framing clauses that precede it.

    A framing clause is one with section words ("areas highlighted for focus"), or a sentence
    without figures that judges ("Performance levels had improved since September."). It
    holds for the rest of its paragraph; one that introduces a list (ends with a colon or
    says "the following") holds until the next framing; a heading that frames ("What is
    going well") holds until the next heading.
    """
    figure_sents = {structure.sentence(f.num_start)[0] for f in figures}
    cut = _cutter(doc, structure)
    # "It was highlighted that ..." frames good news only in a minute that also sets out what
    # needs focus or voices concern; elsewhere it is mere emphasis
    contrasted = any(kind in ("section_negative", "negative") for kind, _, _ in hits)
    hits = [
        ("section_positive", s, e) if kind == "section_positive_contrast" else (kind, s, e)
        for kind, s, e in hits
        if kind != "section_positive_contrast" or contrasted
    ]
    # events: (token, kind, judgement, paragraph); kind: para, list, heading, reset
    events: list[tuple[int, str, str, int]] = []
    by_sentence: dict[int, list[tuple[str, int, int]]] = {}
    sentence_of = structure.locate("sentences", [h[1] for h in hits])
    for hit, index in zip(hits, sentence_of, strict=True):
        by_sentence.setdefault(structure.sentences[index][0], []).append(hit)
    for sent_start, sent_end in structure.sentences:
        sent_hits = by_sentence.get(sent_start, [])
        last = cut(sent_end - 1, sent_end)
        heading = sent_end - sent_start <= 12 and last not in {".", "?", "!", ";", ":", ","}
        kinds = [h[0] for h in sent_hits]
        pos, neg = kinds.count("section_positive"), kinds.count("section_negative")
        if not (pos or neg) and sent_start not in figure_sents:
            pos, neg = kinds.count("positive"), kinds.count("negative")
        para = structure.paragraph_index(sent_start)
        if pos == neg:
            if pos:  # "where ... were performing well and where there was a need to improve"
                events.append((sent_start, "para", "", para))
            elif heading and sent_start not in figure_sents:
                events.append((sent_start, "reset", "", para))
            elif (
                sent_start not in figure_sents
                and structure.paragraphs
                and structure.paragraphs[para][0] == sent_start
                and cut(sent_start, sent_start + 1) not in BULLETS
            ):
                # prose that opens a paragraph without a figure or a judgement ("Members
                # then turned to customer services.") ends the list a framing introduced
                events.append((sent_start, "endlist", "", para))
            continue
        judgement = "positive" if pos > neg else "negative"
        if heading and sent_start not in figure_sents:
            kind = "heading"
        elif last == ":" or "following" in cut(sent_start, sent_end).lower():
            kind = "list"
        else:
            kind = "para"
        events.append((sent_start, kind, judgement, para))

    # one walk through the events for all figures, in order of position: the framing in
    # force at a figure is the state after the events up to it (not a walk per figure)
    out: list[str | None] = [None] * len(figures)
    lasting: tuple[int, str, str] | None = None  # (token, kind, judgement)
    locals_: dict[int, tuple[int, str]] = {}  # paragraph -> its last (token, judgement)
    at = 0
    for k in sorted(range(len(figures)), key=lambda j: figures[j].num_start):
        fig = figures[k]
        while at < len(events) and events[at][0] <= fig.num_start:
            token, kind, judgement, para = events[at]
            at += 1
            if kind == "reset":
                if lasting is not None and lasting[1] == "heading":
                    lasting = None
            elif kind == "endlist":
                if lasting is not None and lasting[1] == "list":
                    lasting = None
            elif kind == "para":
                locals_[para] = (token, judgement)
            else:
                lasting = (token, kind, judgement)
        local = locals_.get(structure.paragraph_index(fig.num_start))
        chosen: str | None = None
        if local is not None and (lasting is None or local[0] > lasting[0]):
            chosen = local[1]
        elif lasting is not None:
            chosen = lasting[2]
        out[k] = chosen or None
    return out
