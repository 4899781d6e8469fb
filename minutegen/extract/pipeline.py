"""The extraction pipeline: a blank English spaCy pipeline plus minutegen's rule components.

    mg_structure -> mg_numbers -> mg_roles -> mg_indicators -> mg_assessment -> mg_period

`get_nlp()` builds it once per process; `extract_figures(text)` returns every figure a minute
states as `Figure` records; `extract_docs(pairs)` does the same for many documents through
`nlp.pipe`. No downloaded model is needed; `model=` may name an installed trained pipeline
whose components run first (its sentence boundaries are then replaced by minutegen's own).
"""

from __future__ import annotations

import html
import re
import weakref
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import InputError
from ..limits import MAX_CHARS
from ..model import POLARITIES, Figure, Indicator
from . import decide
from . import sections as _sections  # noqa: F401  (registers "mg_structure")
from .assessment import (
    RESTATES,
    AssessmentMatcher,
    assessment_signals,
    default_assessment_words,
)
from .evidence import assessment_evidence, role_evidence
from .extensions import ANNOTATIONS_KEY, FIGURES_KEY, register_extensions
from .indicators import (
    IndicatorMatcher,
    catalogue_polarity,
    default_indicator_words,
    link_indicator,
    name_indicators,
)
from .period import assign_periods
from .roles import (
    TABLE_PERIODS_KEY,
    CueMatch,
    CueMatcher,
    FigureInfo,
    RoleDecision,
    assign_roles,
    default_role_rules,
    table_row_name,
)
from .sections import TEXT_KEY, Structure, structure_of


def _register() -> None:
    register_extensions()


def annotations(doc: Doc) -> list[dict[str, Any]]:
    """One dict per figure (document order) where the components write what they decide;
    `span._.mg_role` etc. read it back through extensions.ANNOTATIONS_KEY."""
    table = doc.user_data.get(ANNOTATIONS_KEY)
    infos = figure_infos(doc)
    if table is None:
        table = {f"{f.start}:{f.end}": {} for f in infos}
        doc.user_data[ANNOTATIONS_KEY] = table
    return [table[f"{f.start}:{f.end}"] for f in infos]


# kept beside each doc (not in user_data, which must stay serialisable)
_INFOS: weakref.WeakKeyDictionary[Doc, list[FigureInfo]] = weakref.WeakKeyDictionary()
# TEXT_KEY (sections): the text a doc was made from, kept on it (spares rebuilding doc.text)


def figure_infos(doc: Doc) -> list[FigureInfo]:
    """The number detector's figures as the plain records the deciding functions take
    (computed once per doc and kept in `doc.user_data`)."""
    cached = _INFOS.get(doc)
    if cached is not None:
        return cached
    infos = []
    structure = structure_of(doc)
    text = doc.user_data.get(TEXT_KEY)
    for span in doc.spans.get(FIGURES_KEY, ()):
        # the extension's value read straight from where spaCy keeps it (an Underscore
        # object per read costs more than the rest of this loop); the attribute as fallback
        data = doc.user_data.get(("._.", "mg_figure", span.start_char, span.end_char))
        if data is None:
            data = span._.mg_figure or {}
        number = data.get("number") or (span.start, span.end)
        unit_words = data.get("unit_words")
        unit_text = ""
        if unit_words and text is not None and structure.idx:
            lo, hi = structure.char_bounds(unit_words)
            unit_text = text[lo:hi]
        elif unit_words:
            unit_text = doc[unit_words[0] : unit_words[1]].text
        infos.append(
            FigureInfo(
                start=span.start,
                end=span.end,
                num_start=number[0],
                num_end=number[1],
                value=float(data.get("value") or 0.0),
                unit=str(data.get("unit") or "count"),
                unit_text=unit_text,
                range_start=bool(data.get("range_start")),
                range_end=bool(data.get("range_end")),
                from_to=data.get("from_to"),
                kind=data.get("kind"),
                is_pp=bool(data.get("is_pp")),
                unit_start=unit_words[0] if unit_words else 0,
                unit_end=unit_words[1] if unit_words else 0,
            )
        )
    _INFOS[doc] = infos
    return infos


# rule decisions that rest on explicit words or layout, not on a default
STRONG_ROLE_REASONS = frozenset(
    {
        "cue",
        "from-to",
        "table-column",
        "percentage-points",
        "singular-unit",
        "rank",
        "change-to",
        "earlier-value",
        "range",
        "coordination",
        "count",
        "compared",
        "tally",
    }
)


# assessment signals that rest on the minute's own words or the figures it states
STRONG_SIGNALS = (
    "own", "target", "direction", "compared", "follow", "sentence", "section", "complete",
)  # fmt: skip
# what a signal set holds besides evidence: with nothing else, the minute says nothing about
# the figure and it is neutral (the words of its clause alone do not judge it)
NOT_EVIDENCE = frozenset({"cascade", "polarity"})


class RoleFinder:
    """Component "mg_roles": cue matching (`match`) kept apart from deciding (`set_annotations`)."""

    def __init__(self, nlp: Language) -> None:
        self.rules = default_role_rules()
        self.matcher = CueMatcher(nlp.vocab, self.rules.rules, nlp.make_doc)

    def match(self, doc: Doc) -> list[CueMatch]:
        """Every role cue near the doc's figures."""
        return self.matcher.match(doc, figure_infos(doc))

    def set_annotations(self, doc: Doc, matches: Sequence[CueMatch]) -> Doc:
        """Decide and write each figure's role and the cue that decided it."""
        infos = figure_infos(doc)
        if not infos:
            return doc
        structure = structure_of(doc)
        decisions = assign_roles(doc, infos, matches, structure, self.rules)
        features = role_evidence(
            doc, infos, decisions, matches, self.rules.rules, structure, doc.user_data.get(TEXT_KEY)
        )
        weighed = decide.model("role")
        by_rule: dict[int, list[CueMatch]] = {}
        for match in sorted(matches, key=lambda m: m.start):
            by_rule.setdefault(match.rule, []).append(match)
        starts = {rule: [m.start for m in same] for rule, same in by_rule.items()}
        decided = (
            weighed.decide_many(
                features,
                [d.role for d in decisions],
                [d.reason in STRONG_ROLE_REASONS for d in decisions],
            )
            if weighed is not None
            else None
        )
        notes = annotations(doc)
        for k, (fig, note, decision, feats) in enumerate(
            zip(infos, notes, decisions, features, strict=True)
        ):
            note["role"] = decision.role
            note["role_reason"] = decision.reason
            note["role_features"] = feats
            note["evidence"] = [f"rules: {decision.reason}"]
            if decided is not None:
                role, probability, pushes = decided[k]
                note["evidence"] = pushes
                if role != decision.role:
                    note["role"], note["role_reason"] = role, "model"
                    # how sure the model was where it overrode the rules (the checker reads it)
                    note["role_p"] = probability
            note["cue"] = None
            if decision.cue is not None:
                cue = _nearest_cue(fig, by_rule.get(decision.cue, []), starts.get(decision.cue, []))
                note["cue"] = (cue.start, cue.end) if cue else None
        _share_compared_units(infos, notes, structure)
        return doc

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.match(doc))


# units a bare comparison value takes from the figure it is compared with
SHARED_UNITS = frozenset({"percent", "days", "weeks", "months", "hours", "years", "rate", "score"})
COMPARISONS = frozenset({"previous", "target", "benchmark"})


def _share_compared_units(
    infos: Sequence[FigureInfo], notes: list[dict[str, Any]], structure: Structure
) -> None:
    """ "85% against a target of 90", "10.7 days, compared to 10.5": a bare number that is
    a comparison value is in the unit of the figure it is compared with, the nearest earlier
    figure of its sentence (SCHEMA: the unit comes from what is counted)."""
    last: dict[int, FigureInfo] = {}
    for fig, note in zip(infos, notes, strict=True):
        sentence = structure.sentence_index(fig.num_start)
        before = last.get(sentence)
        if (
            before is not None
            and note.get("role") in COMPARISONS
            and fig.unit == "count"
            and not fig.unit_text
            and fig.kind == "digits"
            and before.unit in SHARED_UNITS
            and not (before.unit == "percent" and not 0 <= fig.value <= 100)
        ):
            note["unit"] = before.unit
        last[sentence] = fig


def _nearest_cue(
    fig: FigureInfo, same: Sequence[CueMatch], starts: Sequence[int]
) -> CueMatch | None:
    """The match of the deciding rule closest to the figure. `same` is sorted by start, so
    only the few matches around the figure's position need comparing (a long minute has
    hundreds of matches of a common rule)."""
    if not same:
        return None
    at = bisect_left(starts, fig.start)
    window = same[max(0, at - 4) : at + 4]
    return min(window, key=lambda m: min(abs(m.end - fig.start), abs(m.start - fig.end)))


# Units a bare number ("Customer satisfaction score: 71") cannot show: the data row says.
UNITS_WITHOUT_WORDS = frozenset({"score", "rate", "other"})


def _unit_from_row(fig: FigureInfo, row_unit: str | None) -> str:
    """A bare number's unit, from the data row it is linked to when the text cannot say."""
    if (
        row_unit in UNITS_WITHOUT_WORDS
        and fig.unit == "count"
        and fig.unit_end <= fig.unit_start
        and not fig.is_pp
    ):
        return row_unit
    return fig.unit


def _known_indicator_value(note: dict[str, Any]) -> None:
    """A sum of money is "other" by default (spend, costs), but the value of an indicator
    the catalogue or the data names ("Current tenant rent arrears: £1.24m") is its actual."""
    if note.get("indicator_id") and note.get("role_reason") == "default-unit":
        note["role"] = "actual"
        note["role_reason"] = "known-indicator"


def _decisions(notes: list[dict[str, Any]]) -> list[RoleDecision]:
    return [
        RoleDecision(n.get("role") or "actual", None, n.get("role_reason") or "default")
        for n in notes
    ]


class IndicatorNamer:
    """Component "mg_indicators": names what each figure measures and links catalogue ids."""

    def __init__(self, nlp: Language) -> None:
        self.words = default_indicator_words()
        self.matcher = IndicatorMatcher(nlp.vocab, self.words, nlp.make_doc)

    def match(self, doc: Doc) -> dict[str, list[tuple[int, int]]]:
        """Lead-ins, cut points and anaphors in the doc."""
        return self.matcher.match(doc)

    def set_annotations(self, doc: Doc, found: dict[str, list[tuple[int, int]]]) -> Doc:
        """Write each figure's indicator name and catalogue id."""
        infos = figure_infos(doc)
        if not infos:
            return doc
        notes = annotations(doc)
        cues = [CueMatch(-1, *n["cue"]) if n.get("cue") else None for n in notes]
        names = name_indicators(
            doc,
            infos,
            _decisions(notes),
            cues,
            structure_of(doc),
            found,
            self.words,
            text=doc.user_data.get(TEXT_KEY),
        )
        text = doc.user_data.get(TEXT_KEY) or doc.text
        structure = structure_of(doc)
        for fig, note, name in zip(infos, notes, names, strict=True):
            if note.get("role_reason") == "table-column":
                offset = structure.char_bounds((fig.num_start, fig.num_end))[0]
                name = table_row_name(text, offset) or name
            elif name and ("|" in name or "\t" in name):
                name = name.strip(" |\t") or None  # a table row's own cell: no empty cells
            note["indicator"] = name
            note["indicator_id"] = link_indicator(name)
            _known_indicator_value(note)
            if note.get("role") == "other":
                note["indicator_id"] = None
        return doc

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.match(doc))


class Assessor:
    """Component "mg_assessment": how the minute judges each actual figure."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = AssessmentMatcher(nlp.vocab, default_assessment_words(), nlp.make_doc)

    def match(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Judging, direction, section and polarity words in the doc."""
        return self.matcher.match(doc)

    def set_annotations(self, doc: Doc, hits: list[tuple[str, int, int]]) -> Doc:
        """Write each figure's assessment (None for roles other than actual)."""
        infos = figure_infos(doc)
        if not infos:
            return doc
        notes = annotations(doc)
        polarities = [catalogue_polarity(n.get("indicator_id"), n.get("indicator")) for n in notes]
        judge(doc, infos, notes, hits, polarities)
        return doc

    def __call__(self, doc: Doc) -> Doc:
        if not figure_infos(doc):
            return doc
        return self.set_annotations(doc, self.match(doc))


@Language.factory("mg_roles")
def make_role_finder(nlp: Language, name: str) -> RoleFinder:
    """Factory of the role component (rules from phrasebanks/extract/roles.yaml)."""
    _register()
    return RoleFinder(nlp)


@Language.factory("mg_indicators")
def make_indicator_namer(nlp: Language, name: str) -> IndicatorNamer:
    """Factory of the indicator component (words from phrasebanks/extract/indicators.yaml)."""
    _register()
    return IndicatorNamer(nlp)


@Language.factory("mg_assessment")
def make_assessor(nlp: Language, name: str) -> Assessor:
    """Factory of the assessment component (words from phrasebanks/extract/assessment.yaml)."""
    _register()
    return Assessor(nlp)


@Language.component("mg_period")
def period_component(doc: Doc) -> Doc:
    """Write each figure's reporting period (clause, sentence, then the item's heading)."""
    infos = figure_infos(doc)
    if infos:
        text = doc.user_data.get(TEXT_KEY)
        notes = annotations(doc)
        roles = [note.get("role") for note in notes]
        periods = assign_periods(doc, infos, structure_of(doc), text=text, roles=roles)
        columns = doc.user_data.get(TABLE_PERIODS_KEY) or {}
        for info, note, period in zip(infos, notes, periods, strict=True):
            note["period"] = columns.get(info.num_start, period)
    return doc


_NLP: dict[str, Language] = {}
COMPONENTS: tuple[str, ...] = (
    "mg_structure", "mg_numbers", "mg_roles", "mg_indicators", "mg_assessment", "mg_period",
)  # fmt: skip


def build_nlp(model: str | None = None) -> Language:
    """A fresh pipeline: blank English (or an installed `model`) plus minutegen's components."""
    from . import numbers

    _register()
    if model:
        try:
            nlp = spacy.load(model, exclude=["ner"])
        except OSError:
            raise InputError(f"--model: no installed spaCy pipeline called {model!r}") from None
        for name in ("parser", "senter", "sentencizer"):
            if name in nlp.pipe_names:
                nlp.disable_pipe(name)
        numbers.customize_tokenizer(nlp)
    else:  # customised from the start: spaCy's default tokenizer is never built
        nlp = spacy.blank("en", config=numbers.TOKENIZER_CONFIG)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def get_nlp(model: str | None = None) -> Language:
    """The pipeline, built once per process (and per `model`)."""
    key = model or ""
    if key not in _NLP:
        _NLP[key] = build_nlp(model)
    return _NLP[key]


def figures_of(
    doc: Doc,
    *,
    document: str = "-",
    indicators: Sequence[Indicator] | None = None,
    period: str | None = None,
) -> list[Figure]:
    """The Figure records of a processed doc (ids from `indicators` rows when given)."""
    out = []
    structure = structure_of(doc)
    infos = figure_infos(doc)
    if not infos:
        return out
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.text
    sentences: dict[int, str] = {}
    units = {(row.id or row.name): row.unit for row in indicators or ()}
    for fig, note in zip(infos, annotations(doc), strict=True):
        indicator_id = note.get("indicator_id")
        assessment = note.get("assessment")
        unit = note.get("unit") or fig.unit
        if indicators:
            indicator_id = link_indicator(note.get("indicator"), indicators)
            if indicator_id and note.get("role_reason") == "default-unit":
                note = {**note, "role": "actual", "role_reason": "known-indicator"}
                assessment = assessment or "neutral"
            if note.get("role") not in ("parameter", "other"):
                unit = _unit_from_row(fig, units.get(indicator_id or ""))
        role = str(note.get("role") or "actual")
        if role == "other":
            indicator_id = None
        start, end = structure.char_bounds((fig.start, fig.end))
        s_index = structure.sentence_index(fig.num_start)
        if s_index not in sentences:
            bounds = structure.sentences[s_index] if structure.sentences else (0, len(doc))
            lo, hi = structure.char_bounds(bounds)
            sentences[s_index] = " ".join(text[lo:hi].split())
        out.append(
            Figure(
                document=document,
                start=start,
                end=end,
                text=text[start:end],
                sentence=sentences[s_index],
                value=fig.value,
                unit=unit,
                role=role,
                indicator=note.get("indicator"),
                indicator_id=indicator_id,
                assessment=assessment,
                period=note.get("period") or period,
                evidence=_evidence(role, note, assessment),
                role_p=note.get("role_p") if role == note.get("role") else None,
            )
        )
    return out


def _evidence(role: str, note: dict[str, Any], assessment: str | None) -> tuple[str, ...]:
    """What decided a figure, in a line or two: "role actual: lex_b:result, why:default"."""
    lines = [f"role {role}: " + ", ".join(note.get("evidence") or ["rules"])]
    if assessment is not None:
        lines.append(
            f"assessment {assessment}: " + ", ".join(note.get("assessment_evidence") or ["rules"])
        )
    return tuple(lines)


def extract_figures(
    text: str,
    *,
    document: str = "-",
    indicators: Sequence[Indicator] | None = None,
    period: str | None = None,
) -> list[Figure]:
    """Every figure a minute's plain text states, with unit, role, indicator and assessment.

    `indicators` (a data table's rows, when checking) are the names `indicator_id` links to;
    without them the packaged catalogue is used. `period` fills figures whose period the
    text does not state. A text longer than one pass takes (a whole agenda pack, past spaCy's
    1,000,000 characters) is read in parts cut at paragraph breaks, offsets kept.
    """
    if len(text) > MAX_CHARS:
        from .runner import split_text  # the runner (file readers, archives) loads only here

        out: list[Figure] = []
        for offset, part in split_text(text, MAX_CHARS):
            found = extract_figures(part, document=document, indicators=indicators, period=period)
            out.extend(replace(f, start=f.start + offset, end=f.end + offset) for f in found)
        return out
    nlp = get_nlp()
    doc = nlp(_make_doc(nlp, text))
    if indicators:
        reassess_with_rows(nlp, doc, indicators)
    figures = figures_of(doc, document=document, indicators=indicators, period=period)
    return as_written(figures, text, doc.user_data.get(TEXT_KEY) or text)


def extract_docs(
    texts: Iterable[tuple[str, str]], *, batch_size: int = 32
) -> Iterator[list[Figure]]:
    """Figures of many (document name, text) pairs, in order, through `nlp.pipe`."""
    nlp = get_nlp()
    for doc, name in nlp.pipe(
        ((_make_doc(nlp, text), name) for name, text in texts),
        as_tuples=True,
        batch_size=batch_size,
    ):
        figures = figures_of(doc, document=name)
        cleaned = doc.user_data[TEXT_KEY]
        yield as_written(figures, doc.user_data.get(_ORIGINAL_KEY, cleaned), cleaned)


def extract_with_evidence(
    texts: Iterable[tuple[str, str]], *, batch_size: int = 32
) -> Iterator[list[tuple[Figure, dict[str, Any]]]]:
    """Like `extract_docs`, each figure with the notes the components wrote about it (the
    role and assessment evidence among them): what training and error analysis read."""
    nlp = get_nlp()
    for doc, name in nlp.pipe(
        ((_make_doc(nlp, text), name) for name, text in texts),
        as_tuples=True,
        batch_size=batch_size,
    ):
        figures = figures_of(doc, document=name)
        cleaned = doc.user_data[TEXT_KEY]
        figures = as_written(figures, doc.user_data.get(_ORIGINAL_KEY, cleaned), cleaned)
        yield list(zip(figures, annotations(doc), strict=True))


def as_written(figures: list[Figure], original: str, cleaned: str) -> list[Figure]:
    """Figures whose span touches blanked HTML leftovers, re-cut from the original text: a
    record's `start`/`end` always slice the document to its `text` ("&pound;1.46m")."""
    if original is cleaned or original == cleaned:
        return figures
    out = []
    for fig in figures:
        start, end = fig.start, fig.end
        if original[start:end] != cleaned[start:end] or original[start:end] != fig.text:
            while start > 0 and cleaned[start - 1] == " " and original[start - 1] != " ":
                start -= 1  # back to the start of the reference or tag the figure begins in
            fig = replace(fig, start=start, text=original[start:end])
        out.append(fig)
    return out


def reassess_with_rows(nlp: Language, doc: Doc, rows: Sequence[Indicator]) -> None:
    """Judge the doc's actual figures again with the polarity of the data rows they link to
    (a table says which direction is better; the words of a name only suggest it)."""
    infos = figure_infos(doc)
    if not infos or "mg_assessment" not in nlp.pipe_names:
        return
    notes = annotations(doc)
    by_key = {(row.id or row.name): row for row in rows}
    polarities: list[str | None] = []
    for note in notes:
        row = by_key.get(link_indicator(note.get("indicator"), rows) or "")
        polarity = row.polarity if row is not None and row.polarity in POLARITIES else None
        polarities.append(
            polarity or catalogue_polarity(note.get("indicator_id"), note.get("indicator"))
        )
    judge(doc, infos, notes, nlp.get_pipe("mg_assessment").match(doc), polarities)


def judge(
    doc: Doc,
    infos: Sequence[FigureInfo],
    notes: list[dict[str, Any]],
    hits: list[tuple[str, int, int]],
    polarities: Sequence[str | None],
) -> None:
    """Write each actual figure's assessment: the rules' signals weighed by the trained model
    (the rules' first signal alone when no model is packaged); None for other roles."""
    structure = structure_of(doc)
    names = [n.get("indicator") for n in notes]
    signals = assessment_signals(
        doc, infos, _decisions(notes), structure, hits, polarities, names=names
    )
    features = assessment_evidence(doc, infos, signals, structure)
    weighed = decide.model("assessment")
    judged = [
        k
        for k, feats in enumerate(features)
        if feats is not None and signals[k] and not NOT_EVIDENCE.issuperset(signals[k] or {})
    ]
    decided: dict[int, tuple[str, float, list[str]]] = {}
    if weighed is not None and judged:
        results = weighed.decide_many(
            [features[k] or [] for k in judged],
            [str((signals[k] or {})["cascade"]) for k in judged],
            [any(key in (signals[k] or {}) for key in STRONG_SIGNALS) for k in judged],
        )
        decided = dict(zip(judged, results, strict=True))
    for k, (note, found, feats) in enumerate(zip(notes, signals, features, strict=True)):
        note["assessment_features"] = feats
        if found is None or feats is None:
            note["assessment"] = None
            note["assessment_evidence"] = []
        elif k in decided:
            note["assessment"], _, note["assessment_evidence"] = decided[k]
        else:
            note["assessment"] = found["cascade"]
            note["assessment_evidence"] = [f"rules: {found['cascade']}"]
    _judge_restatements(doc, infos, notes)


def _judge_restatements(doc: Doc, infos: Sequence[FigureInfo], notes: list[dict[str, Any]]) -> None:
    """A result restated at once in another unit ("an overspend of £27.3m (5.5%)") is one
    quantity: the restatement takes the judgement of the figure it restates."""
    text = doc.user_data.get(TEXT_KEY) or doc.text  # doc.text is rebuilt on every read
    for k in range(1, len(infos)):
        first, then = notes[k - 1], notes[k]
        if first.get("role") != "actual" or then.get("role") != "actual":
            continue
        if first.get("assessment") is None or _unit(infos[k - 1], first) == _unit(infos[k], then):
            continue
        last = doc[infos[k - 1].end - 1]
        if not RESTATES.fullmatch(text, last.idx + len(last), doc[infos[k].start].idx):
            continue
        then["assessment"] = first["assessment"]
        then["assessment_evidence"] = [f"restates: {doc[infos[k - 1].start : infos[k - 1].end]}"]


def _unit(info: FigureInfo, note: dict[str, Any]) -> str:
    return str(note.get("unit") or info.unit)


# HTML left in text pasted from a web page: tags and character references ("&nbsp;", "&pound;")
_LEFTOVER = re.compile(
    r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^<>\n]{0,200}>|&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});"
)
# tags that end a line of text where they stand
_BLOCK_TAGS = frozenset(
    {"p", "br", "li", "div", "tr", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
)


def clean_leftovers(text: str) -> str:
    """The text with HTML tags and character references left in it blanked out, keeping every
    offset: a tag becomes spaces (a block tag a line break), a reference its character at the
    reference's end ("&pound;1.2m" -> "      £1.2m"), so figures read as written."""
    if "<" not in text and "&" not in text:
        return text

    def blank(match: re.Match[str]) -> str:
        found = match.group(0)
        if match.group(1) is not None:
            if match.group(1).lower() in _BLOCK_TAGS:
                return "\n" + " " * (len(found) - 1)
            return " " * len(found)
        char = html.unescape(found)
        if len(char) != 1 or char == found:
            return found
        if char in "\u00a0\u2002\u2003\u2009":
            char = " "
        return " " * (len(found) - 1) + char

    return _LEFTOVER.sub(blank, text)


def _make_doc(nlp: Language, text: str) -> Doc:
    """Tokenize, and keep the text on the doc for the components that search it (HTML
    leftovers blanked out, offsets unchanged)."""
    cleaned = clean_leftovers(text)
    doc = nlp.make_doc(cleaned)
    doc.user_data[TEXT_KEY] = cleaned
    if cleaned is not text:
        doc.user_data[_ORIGINAL_KEY] = text
    return doc


_ORIGINAL_KEY = "mg_original_text"  # the text as given, kept only when leftovers were blanked
