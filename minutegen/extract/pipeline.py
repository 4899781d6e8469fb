"""The extraction pipeline: a blank English spaCy pipeline plus minutegen's rule components.

    mg_structure -> mg_numbers -> mg_roles -> mg_indicators -> mg_assessment -> mg_period

`get_nlp()` builds it once per process; `extract_figures(text)` returns every figure a minute
states as `Figure` records; `extract_docs(pairs)` does the same for many documents through
`nlp.pipe`. No downloaded model is needed; `model=` may name an installed trained pipeline
whose components run first (its sentence boundaries are then replaced by minutegen's own).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import InputError
from ..model import Figure, Indicator
from . import sections as _sections  # noqa: F401  (registers "mg_structure")
from .assessment import AssessmentMatcher, assess, default_assessment_words
from .extensions import FIGURES_KEY, register_extensions
from .indicators import (
    IndicatorMatcher,
    catalogue_polarity,
    default_indicator_words,
    link_indicator,
    name_indicators,
)
from .period import assign_periods
from .roles import (
    CueMatch,
    CueMatcher,
    FigureInfo,
    RoleDecision,
    assign_roles,
    default_role_rules,
)
from .sections import structure_of

# Extensions this module's components set on each figure span (registered with the others).
OWN_SPAN_DEFAULTS: dict[str, Any] = {
    "mg_role": None,  # str: one of model.ROLES
    "mg_role_reason": None,  # str: cue, from-to, coordination, range, singular-unit, count, default
    "mg_cue_offsets": None,  # (start, end) token offsets of the role cue that decided, or None
    "mg_indicator": None,  # str: what the figure measures, in the minute's words
    "mg_indicator_id": None,  # str: the catalogue id the name matched, or None
    "mg_assessment": None,  # str: positive / negative / neutral (actual figures only)
    "mg_period": None,  # str: the reporting period, as written
}


def _register() -> None:
    register_extensions()
    for name, default in OWN_SPAN_DEFAULTS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


def figure_infos(doc: Doc) -> list[FigureInfo]:
    """The number detector's figures as the plain records the deciding functions take."""
    infos = []
    for span in doc.spans.get(FIGURES_KEY, ()):
        number = span._.mg_number_offsets or (span.start, span.end)
        unit_offsets = span._.mg_unit_offsets
        unit_text = doc[unit_offsets[0] : unit_offsets[1]].text if unit_offsets else ""
        infos.append(
            FigureInfo(
                start=span.start,
                end=span.end,
                num_start=number[0],
                num_end=number[1],
                value=float(span._.mg_value or 0.0),
                unit=str(span._.mg_unit or "count"),
                unit_text=unit_text,
                range_start=bool(span._.mg_range_start),
                range_end=bool(span._.mg_range_end),
                from_to=span._.mg_from_to,
            )
        )
    return infos


class RoleFinder:
    """Component "mg_roles": cue matching (`match`) kept apart from deciding (`set_annotations`)."""

    def __init__(self, nlp: Language) -> None:
        self.rules = default_role_rules()
        self.matcher = CueMatcher(nlp.vocab, self.rules.rules)

    def match(self, doc: Doc) -> list[CueMatch]:
        """Every role cue in the doc."""
        return self.matcher.match(doc)

    def set_annotations(self, doc: Doc, matches: Sequence[CueMatch]) -> Doc:
        """Decide and write each figure's role and the cue that decided it."""
        spans = list(doc.spans[FIGURES_KEY]) if FIGURES_KEY in doc.spans else []
        if not spans:
            return doc
        decisions = assign_roles(doc, figure_infos(doc), matches, structure_of(doc), self.rules)
        by_rule_pos: dict[tuple[int, int], CueMatch] = {}
        for m in matches:
            by_rule_pos.setdefault((m.rule, m.start), m)
        for span, decision in zip(spans, decisions, strict=False):
            span._.mg_role = decision.role
            span._.mg_role_reason = decision.reason
            if decision.cue is not None:
                cue = _nearest_cue(span, decision.cue, matches)
                span._.mg_cue_offsets = (cue.start, cue.end) if cue else None
        return doc

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.match(doc))


def _nearest_cue(span: Span, rule: int, matches: Sequence[CueMatch]) -> CueMatch | None:
    same = [m for m in matches if m.rule == rule]
    if not same:
        return None
    return min(same, key=lambda m: min(abs(m.end - span.start), abs(m.start - span.end)))


class IndicatorNamer:
    """Component "mg_indicators": names what each figure measures and links catalogue ids."""

    def __init__(self, nlp: Language) -> None:
        self.words = default_indicator_words()
        self.matcher = IndicatorMatcher(nlp.vocab, self.words)

    def match(self, doc: Doc) -> dict[str, list[tuple[int, int]]]:
        """Lead-ins, cut points and anaphors in the doc."""
        return self.matcher.match(doc)

    def set_annotations(self, doc: Doc, found: dict[str, list[tuple[int, int]]]) -> Doc:
        """Write each figure's indicator name and catalogue id."""
        spans = list(doc.spans[FIGURES_KEY]) if FIGURES_KEY in doc.spans else []
        if not spans:
            return doc
        decisions = [_decision(s) for s in spans]
        cues = [CueMatch(-1, *s._.mg_cue_offsets) if s._.mg_cue_offsets else None for s in spans]
        names = name_indicators(
            doc, figure_infos(doc), decisions, cues, structure_of(doc), found, self.words
        )
        for span, name in zip(spans, names, strict=False):
            span._.mg_indicator = name
            span._.mg_indicator_id = link_indicator(name) if span._.mg_role != "other" else None
        return doc

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.match(doc))


def _decision(span: Span) -> RoleDecision:
    return RoleDecision(span._.mg_role or "actual", None, span._.mg_role_reason or "default")


class Assessor:
    """Component "mg_assessment": how the minute judges each actual figure."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = AssessmentMatcher(nlp.vocab, default_assessment_words())

    def match(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Judging, direction, section and polarity words in the doc."""
        return self.matcher.match(doc)

    def set_annotations(self, doc: Doc, hits: list[tuple[str, int, int]]) -> Doc:
        """Write each figure's assessment (None for roles other than actual)."""
        spans = list(doc.spans[FIGURES_KEY]) if FIGURES_KEY in doc.spans else []
        if not spans:
            return doc
        polarities = [catalogue_polarity(s._.mg_indicator_id) for s in spans]
        judged = assess(
            doc,
            figure_infos(doc),
            [_decision(s) for s in spans],
            structure_of(doc),
            hits,
            polarities,
        )
        for span, value in zip(spans, judged, strict=False):
            span._.mg_assessment = value
        return doc

    def __call__(self, doc: Doc) -> Doc:
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
    spans = list(doc.spans[FIGURES_KEY]) if FIGURES_KEY in doc.spans else []
    if spans:
        periods = assign_periods(doc, figure_infos(doc), structure_of(doc))
        for span, period in zip(spans, periods, strict=False):
            span._.mg_period = period
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
    else:
        nlp = spacy.blank("en")
    numbers.customize_tokenizer(nlp)
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
    for span in doc.spans.get(FIGURES_KEY, ()):
        indicator_id = span._.mg_indicator_id
        if indicators:
            indicator_id = (
                link_indicator(span._.mg_indicator, indicators)
                if span._.mg_role not in ("other",)
                else None
            )
        sentence = _sentence_text(span)
        out.append(
            Figure(
                document=document,
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                sentence=sentence,
                value=float(span._.mg_value),
                unit=str(span._.mg_unit),
                role=str(span._.mg_role or "actual"),
                indicator=span._.mg_indicator,
                indicator_id=indicator_id,
                assessment=span._.mg_assessment,
                period=span._.mg_period or period,
            )
        )
    return out


def _sentence_text(span: Span) -> str:
    return " ".join(span.sent.text.split())


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
    text does not state.
    """
    doc = get_nlp()(text)
    return figures_of(doc, document=document, indicators=indicators, period=period)


def extract_docs(
    texts: Iterable[tuple[str, str]], *, batch_size: int = 32
) -> Iterator[list[Figure]]:
    """Figures of many (document name, text) pairs, in order, through `nlp.pipe`."""
    nlp = get_nlp()
    for doc, name in nlp.pipe(
        ((text, name) for name, text in texts), as_tuples=True, batch_size=batch_size
    ):
        yield figures_of(doc, document=name)
