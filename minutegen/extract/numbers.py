"""Find every figure a minute states: where it is, its value and its unit (spaCy rules).

The language knowledge (number words, units, what is not a figure) is data in
`phrasebanks/extract/numbers.yaml`; this module is the algorithm. It is split like spaCy's
EntityRuler: `find_figures(doc, rules)` finds (pure, returns plain `FoundFigure`s) and
`set_figures(doc, found)` writes them; the `mg_numbers` component does both.

What the component sets: `doc.spans["mg_figures"]`, one Span per figure in document order,
never overlapping, whose text is the figure as written with its unit words ("91.6 per cent",
"31 episodes", "no child", "two or more years", "£1.2m"). Each span carries (extensions.py):

- `span._.mg_value: float` and `span._.mg_unit: str` (one of model.UNITS);
- `span._.mg_number: Span` (the numeric tokens alone) and `span._.mg_unit_span: Span | None`;
- `span._.mg_range_start` / `mg_range_end: bool` for the two ends of "6-8 weeks", "5 – 10%";
- `span._.mg_from_to: "from" | "to" | None` for "from 31 episodes to 18";
- `span._.mg_is_pp: bool` for "2 percentage points"; `span._.mg_per: float | None` for the
  base of a rate ("313 per 100,000" -> 100000.0), and `mg_is_rate_base` on that base figure;
- `span._.mg_qualifier: str | None` ("or more", "+"), `span._.mg_kind: str` (digits, words,
  zero, fraction, ratio, rank).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy
import yaml
from spacy.attrs import IS_SPACE, LOWER, ORTH, SPACY
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import (
    compile_infix_regex,
    compile_prefix_regex,
    compile_suffix_regex,
    registry,
)

from ..errors import InputError
from ..resources import phrasebanks_dir
from ..yamlio import load_yaml
from .extensions import FIGURE_LABEL, FIGURES_KEY, register_extensions

__all__ = [
    "FoundFigure",
    "NumberFinder",
    "NumberRules",
    "customize_tokenizer",
    "find_figures",
    "load_number_rules",
    "parse_number",
    "set_figures",
]

# digits, "1,234", "91.6", ".5" and scientific notation ("4e14", "9.83e-3")
NUMBER_RE = re.compile(r"(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d{1,3})?")
ORDINAL_RE = re.compile(r"(\d+)(?:st|nd|rd|th)")
AGE_GROUP_RE = re.compile(r"(\d{1,3})s")  # "over-65s", "under 18s": an age band
FY6_RE = re.compile(r"((?:19|20)\d\d)(\d\d)")
CLOCK_RE = re.compile(r"(?:[01]?\d|2[0-3])[.:][0-5]\d")  # "9.30", "17.00"
TITLE_SMALL_WORDS = frozenset({"and", "of", "the", "for", "to", "in", "on"})
TITLE_YEAR_RE = re.compile(r"(?:19|20)\d{2}(?:/(?:\d{2}|\d{4}))?")  # "2013/14" opening a title
TITLE_WINDOW = 16  # tokens of a line read to tell a title ("15 Workforce Report") from prose
HEADING_RE = re.compile(r"\d{1,2}\.\d{1,2}")  # "3.1 Performance Report"
# Pieces for parse_number's own tiny tokenizer: numbers, words, single symbols.
_TEXT_TOKEN_RE = re.compile(
    r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d{1,3}\b)?|\.\d+|[^\W\d_]+(?:'[^\W\d_]+)?|[^\w\s]"
)
_SCALE_DOTS = frozenset({"k.", "m.", "b.", "p.", "h."})


# ---------------------------------------------------------------------------------------------
# Rules (from YAML)


Phrases = dict[str, tuple[tuple[int, list[str], Any], ...]]


def _index(entries: Iterable[tuple[Sequence[str], Any]]) -> Phrases:
    """Index word sequences by their first word, longest first, for greedy matching.

    Each entry is (length, the words after the first as a list, payload).
    """
    table: dict[str, list[tuple[int, list[str], Any]]] = {}
    for words, payload in entries:
        seq = [str(w).lower() for w in words]
        if seq:
            table.setdefault(seq[0], []).append((len(seq), seq[1:], payload))
    return {k: tuple(sorted(v, key=lambda e: -e[0])) for k, v in table.items()}


@dataclass(frozen=True)
class NumberRules:
    """Everything numbers.yaml says, in the shapes the finder needs (built by load_number_rules)."""

    number_words: dict[str, int]
    restricted_number_words: frozenset[str]
    scale_words: dict[str, float]
    glued_scales: dict[str, float]
    currency_only_scales: frozenset[str]
    fraction_words: dict[str, float]
    fraction_followers: frozenset[str]
    half_cues: frozenset[str]
    fraction_blockers: frozenset[str]
    ordinal_words: dict[str, int]
    rank_cues_before: frozenset[str]
    rank_followers: Phrases
    zero_before_noun: frozenset[str]
    zero_before_of: frozenset[str]
    zero_always: frozenset[str]
    zero_modifiers: frozenset[str]
    zero_nouns: Phrases
    counted_nouns: Phrases
    count_modifiers: frozenset[str]
    units: Phrases  # payload: (unit, is_pp)
    qualifiers: Phrases
    currency_prefixes: frozenset[str]
    rate_bases: frozenset[float]
    rate_lookahead: int
    context_units: dict[str, str]
    context_window: int
    range_connectors: frozenset[str]
    coordinators: frozenset[str]
    alternatives: frozenset[str]
    months: frozenset[str]
    months_capitalised: frozenset[str]
    year_range: tuple[int, int]
    label_words: frozenset[str]
    code_length: tuple[int, int]
    code_exceptions: frozenset[str]
    quarter_words: frozenset[str]
    not_before: frozenset[str]
    time_cues: frozenset[str]
    year_words: frozenset[str]
    starters: frozenset[str] = field(default=frozenset())  # words that may begin a figure
    # "4.3 out of 5": the top of a rating scale makes both numbers scores (optional key)
    score_scales: frozenset[float] = field(default=frozenset())
    # "Average days lost per FTE: 10.4": a line label's unit word -> unit (optional key)
    label_units: dict[str, str] = field(default_factory=dict)
    subject_units: dict[str, str] = field(default_factory=dict)  # "percentage" -> percent
    subject_copulas: frozenset[str] = frozenset()  # was, were, ... before the number
    subject_window: int = 0  # tokens back to the clause's subject
    # "the over-65s", "under 18s": words before "<N>s" that make it an age band (optional key)
    age_group_cues: frozenset[str] = field(default=frozenset())
    # "minus 5", "negative 504" (optional key)
    sign_words: frozenset[str] = field(default=frozenset())
    # "the forecast outturn was an underspend of £0.3m": words before a sum of money that make
    # it a negative variance (optional key)
    negative_after: tuple[tuple[str, ...], ...] = ()
    # "$75 million", "EUR 125": money in other currencies, unit other (optional key)
    other_currency_prefixes: frozenset[str] = field(default=frozenset())
    # currency names a nationality may stand before: "42 Kuwaiti dinar" (optional key)
    currency_names: frozenset[str] = field(default=frozenset())
    # "a 1.8m high fence": words after "<N>m" that make the m metres, not millions (optional)
    length_followers: frozenset[str] = field(default=frozenset())
    # "50 pence" = £0.50: unit words that scale the value (optional key)
    unit_factors: dict[str, float] = field(default_factory=dict)
    # "zero" on its own is a figure except in these phrases (optional keys)
    zero_not_after: frozenset[str] = field(default=frozenset())
    zero_not_before: frozenset[str] = field(default=frozenset())
    # "a fortnight", "half an hour": whole phrases with value and unit (optional key)
    phrase_quantities: Phrases = field(default_factory=dict)
    # "3/4": (largest numerator, largest denominator) of a written fraction (optional key)
    slash_fractions: tuple[int, int] = (0, 0)
    # "3 dollars 50 cents": the hundredths that may follow a sum of money (optional key)
    money_subunits: frozenset[str] = field(default=frozenset())
    # words that begin a figure after "a"/"an": "a third", "a hundred", "a fortnight" (derived)
    article_heads: frozenset[str] = field(default=frozenset())
    # scale words above a hundred written out ("thousand", "million", "crore"): derived
    word_scales: frozenset[str] = field(default=frozenset())
    # "pdf icon PDF 224 KB": the file types a link's size follows and its units (optional key)
    file_size_after: frozenset[str] = field(default=frozenset())
    file_size_units: frozenset[str] = field(default=frozenset())
    # "this quarter 36 (71%)": words before a quarter word that make it a span (optional key)
    period_determiners: frozenset[str] = field(default=frozenset())
    # "ref: 554": label words that label a number across a colon (optional key)
    colon_labels: frozenset[str] = field(default=frozenset())
    # "one of the most improved": superlatives not ending in -est (optional key)
    superlatives: frozenset[str] = field(default=frozenset())
    # "referred to in 5.1": words before "in" that make a decimal after it a paragraph (optional)
    reference_verbs: frozenset[str] = field(default=frozenset())


_KEYS = {
    "number_words", "restricted_number_words", "scale_words", "glued_scales",
    "currency_only_scales", "fraction_words", "fraction_followers", "half_cues",
    "fraction_blockers", "ordinal_words", "rank_cues_before", "rank_followers", "zero_words",
    "zero_modifiers", "zero_nouns", "counted_nouns", "count_modifiers", "units", "qualifiers",
    "currency_prefixes", "rate_bases", "rate_lookahead", "context_units", "context_window",
    "range_connectors", "coordinators", "alternatives", "months", "months_capitalised",
    "year_range", "label_words", "code_length", "code_exceptions", "quarter_words", "not_before",
    "time_cues", "year_words",
}  # fmt: skip


_OPTIONAL_KEYS = {
    "score_scales", "label_units", "age_group_cues", "sign_words", "other_currency_prefixes",
    "negative_after",
    "currency_names", "length_followers",
    "unit_factors", "zero_not_after", "zero_not_before", "phrase_quantities", "slash_fractions",
    "money_subunits", "subject_units", "subject_copulas", "subject_window", "file_sizes",
    "period_determiners", "colon_labels", "superlatives",
    "reference_verbs",
}  # fmt: skip
_KEYS |= _OPTIONAL_KEYS

_PHRASE_SPLIT = re.compile(r"\s+|(?<=\w)(-)(?=\w)")


def _phrase_words(phrase: Any) -> list[str]:
    """A YAML phrase as the tokenizer splits it: "foster carer de-registrations" ->
    foster, carer, de, -, registrations."""
    return [w for w in _PHRASE_SPLIT.split(str(phrase).lower()) if w]


def _words(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values)


def rules_from_dict(data: dict[str, Any], *, source: str = "numbers.yaml") -> NumberRules:
    """Build NumberRules from numbers.yaml's mapping; unknown or missing keys are an InputError."""
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InputError(
            f"unknown key {unknown[0]!r}; allowed: {', '.join(sorted(_KEYS))}", path=source
        )
    missing = sorted(_KEYS - set(data) - _OPTIONAL_KEYS)
    if missing:
        raise InputError(f"missing key {missing[0]!r}", path=source)
    try:
        zero = data["zero_words"]
        units: list[tuple[Sequence[str], tuple[str, bool]]] = []
        for unit, phrases in data["units"].items():
            pp = unit == "percentage_points"
            for words in phrases:
                units.append((words, ("percent" if pp else str(unit), pp)))
        counted = [_phrase_words(p) for p in data["counted_nouns"]]
        number_words = {str(k).lower(): int(v) for k, v in data["number_words"].items()}
        fractions = {str(k).lower(): float(v) for k, v in data["fraction_words"].items()}
        context_units = {
            str(word).lower(): str(unit)
            for unit, words in data["context_units"].items()
            for word in words
        }
        rules = NumberRules(
            number_words=number_words,
            restricted_number_words=_words(data["restricted_number_words"]),
            scale_words={str(k).lower(): float(v) for k, v in data["scale_words"].items()},
            glued_scales={str(k).lower(): float(v) for k, v in data["glued_scales"].items()},
            currency_only_scales=_words(data["currency_only_scales"]),
            fraction_words=fractions,
            fraction_followers=_words(data["fraction_followers"]),
            half_cues=_words(data["half_cues"]),
            fraction_blockers=_words(data["fraction_blockers"]),
            ordinal_words={str(k).lower(): int(v) for k, v in data["ordinal_words"].items()},
            rank_cues_before=_words(data["rank_cues_before"]),
            rank_followers=_index((seq, True) for seq in data["rank_followers"]),
            zero_before_noun=_words(zero["before_counted_noun"]),
            zero_before_of=_words(zero["before_of"]),
            zero_always=_words(zero["always"]),
            zero_modifiers=_words(data["zero_modifiers"]),
            zero_nouns=_index((_phrase_words(p), True) for p in data["zero_nouns"]),
            counted_nouns=_index((seq, True) for seq in counted),
            count_modifiers=_words(data["count_modifiers"]),
            units=_index(units),
            qualifiers=_index((seq, " ".join(seq)) for seq in data["qualifiers"]),
            currency_prefixes=_words(data["currency_prefixes"]),
            rate_bases=frozenset(float(v) for v in data["rate_bases"]),
            rate_lookahead=int(data["rate_lookahead"]),
            context_units=context_units,
            context_window=int(data["context_window"]),
            range_connectors=_words(data["range_connectors"]),
            coordinators=_words(data["coordinators"]),
            alternatives=_words(data["alternatives"]),
            months=_words(data["months"]),
            months_capitalised=frozenset(str(v) for v in data["months_capitalised"]),
            year_range=(int(data["year_range"][0]), int(data["year_range"][1])),
            label_words=_words(data["label_words"]),
            code_length=(int(data["code_length"][0]), int(data["code_length"][1])),
            code_exceptions=frozenset(str(v) for v in data["code_exceptions"]),
            quarter_words=_words(data["quarter_words"]),
            not_before=_words(data["not_before"]),
            time_cues=_words(data["time_cues"]),
            year_words=_words(data["year_words"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        raise InputError(f"malformed number rules ({error})", path=source) from None
    try:
        phrases = _index(
            (_phrase_words(p), (float(v[0]), str(v[1])))
            for p, v in (data.get("phrase_quantities") or {}).items()
        )
        slash = tuple(int(v) for v in data.get("slash_fractions") or (0, 0))
        factors = {str(k).lower(): float(v) for k, v in (data.get("unit_factors") or {}).items()}
        file_sizes = data.get("file_sizes") or {}
        file_size_after = _words(file_sizes.get("after") or [])
        file_size_units = _words(file_sizes.get("units") or [])
    except (TypeError, ValueError, IndexError, AttributeError) as error:
        raise InputError(f"malformed number rules ({error})", path=source) from None
    other_currency = _words(data.get("other_currency_prefixes") or [])
    signs = _words(data.get("sign_words") or [])
    starters = (
        set(rules.number_words)
        | set(rules.fraction_words)
        | set(rules.ordinal_words)
        | rules.zero_before_noun
        | rules.zero_before_of
        | rules.zero_always
        | rules.currency_prefixes
        | other_currency
        | signs
    )
    heads = {*rules.fraction_words, *_BIG_SCALES, "dozen"}
    heads |= {rest[0] for first in ("a", "an") for _, rest, _ in phrases.get(first, ()) if rest}
    scales = frozenset(float(v) for v in data.get("score_scales") or [])
    label_units = {
        str(w).lower(): str(unit)
        for unit, words in (data.get("label_units") or {}).items()
        for w in words or []
    }
    rules = replace(
        rules,
        starters=frozenset(starters),
        score_scales=scales,
        label_units=label_units,
        subject_units={
            str(w).lower(): str(unit)
            for unit, words in (data.get("subject_units") or {}).items()
            for w in words or []
        },
        subject_copulas=_words(data.get("subject_copulas") or []),
        subject_window=int(data.get("subject_window") or 0),
        age_group_cues=frozenset(str(w).lower() for w in data.get("age_group_cues") or []),
        sign_words=signs,
        negative_after=_after_phrases(data.get("negative_after") or []),
        other_currency_prefixes=other_currency,
        currency_names=_words(data.get("currency_names") or []),
        length_followers=_words(data.get("length_followers") or []),
        unit_factors=factors,
        zero_not_after=_words(data.get("zero_not_after") or []),
        zero_not_before=_words(data.get("zero_not_before") or []),
        phrase_quantities=phrases,
        slash_fractions=(slash[0], slash[1]) if len(slash) == 2 else (0, 0),
        money_subunits=_words(data.get("money_subunits") or []),
        file_size_after=file_size_after,
        file_size_units=file_size_units,
        period_determiners=_words(data.get("period_determiners") or []),
        colon_labels=_words(data.get("colon_labels") or []),
        superlatives=_words(data.get("superlatives") or []),
        reference_verbs=_words(data.get("reference_verbs") or []),
        article_heads=frozenset(heads),
        word_scales=frozenset(
            w for w, f in rules.scale_words.items() if w.isalpha() and len(w) > 2 and f > 100
        ),
    )
    # a figure may begin at any starter, and at a head after "a"/"an"
    return replace(rules, starters=rules.starters | rules.article_heads)


def load_number_rules(path: str | Path | None = None) -> NumberRules:
    """Read numbers.yaml (the packaged one by default) into NumberRules; bad files -> InputError."""
    if path is None:
        return _default_rules()
    return _read_rules(Path(path))


def _after_phrases(phrases: list[object]) -> tuple[tuple[str, ...], ...]:
    """Phrases as tokens; one after a label's colon also after a bracket's close, which spaCy
    keeps with the colon as one token, an emoticon ("Share (% of budget): an underspend of")."""
    out = []
    for phrase in phrases:
        words = tuple(str(phrase).lower().replace(":", " : ").split())
        out.append(words)
        if words[:1] == (":",):
            out.append(("):", *words[1:]))
    return tuple(out)


@cache
def _default_rules() -> NumberRules:
    return _read_rules(phrasebanks_dir() / "extract" / "numbers.yaml")


def _read_rules(path: Path) -> NumberRules:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read number rules ({error.strerror})", path=path) from None
    except yaml.YAMLError as error:
        raise InputError(f"not valid YAML ({error})".splitlines()[0], path=path) from None
    if not isinstance(data, dict):
        raise InputError("number rules must be a mapping", path=path)
    return rules_from_dict(data, source=str(path))


# ---------------------------------------------------------------------------------------------
# Tokenizer


def _currency_codes(rules: NumberRules) -> str:
    """The ISO codes among the currency prefixes, upper case, as a regex alternation: the
    tokenizer splits them from digits they are glued to ("42USD", "MYR42"), never lower case."""
    words = rules.currency_prefixes | rules.other_currency_prefixes
    codes = sorted(w.upper() for w in words if len(w) == 3 and w.isalpha() and w.isascii())
    return "|".join(codes)


def _glued_units(rules: NumberRules) -> str:
    """The one-word units of two letters or more, as a case-blind regex alternation: the
    tokenizer splits them from digits they are glued to ("75ml", "12MW", "3kW", "10litres"),
    as spaCy already does for "109kg" and "2.5km" but not for every unit numbers.yaml names."""
    words = {
        first
        for first, entries in rules.units.items()
        if any(length == 1 for length, _, _ in entries) and first.isalpha() and len(first) > 1
    }
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


def _glued_currency_names(rules: NumberRules) -> str:
    """Currency words written before a sum that are not ISO codes ("Rs"), capitalised as
    written: the tokenizer splits them from digits glued after or before them ("Rs20",
    "20Rs")."""
    words = rules.other_currency_prefixes
    names = sorted(w.capitalize() for w in words if len(w) == 2 and w.isalpha() and w.isascii())
    return "|".join(names)


def customize_tokenizer(nlp: Language) -> None:
    """Split what figures are glued to: "£500k" -> £ 500 k, "5–10%" -> 5 – 10 %, "10am" -> 10 am,
    "-2.1%" -> - 2.1 %, "over-65s" -> over - 65s.

    spaCy already splits "91.6%", "£1.2m", "109kg" and keeps "1,234" whole; hyphenated
    number words ("twenty-one") are split on the hyphen and rejoined by the finder.
    """
    live = nlp.tokenizer
    nlp.tokenizer = _custom_tokenizer(
        nlp,
        live.rules or {},
        token_match=live.token_match,
        url_match=live.url_match,
        faster_heuristics=live.faster_heuristics,
    )


# spaCy's emoticons that are figures in a minute: "(from 1 household to 8)" must end in 8 and
# ")", not the emoticon "8)", and "0.0 per cent" is a number, not a face
_FIGURE_EMOTICONS = frozenset({"8)", "8-)", "8D", "8-D", "0.0", "0.o", "0_o", "0_0"})

TOKENIZER_NAME = "minutegen.Tokenizer.v1"


@registry.tokenizers(TOKENIZER_NAME)
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's tokenizer factory for a blank pipeline that is customised from the start
    (`spacy.blank("en", config=TOKENIZER_CONFIG)`): spaCy then never builds its default
    tokenizer, whose ~1,340 special cases `customize_tokenizer` would replace at once
    (about 0.12 CPU-s of start-up). It splits exactly as `customize_tokenizer` does."""

    def make(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        return _custom_tokenizer(
            nlp,
            defaults.tokenizer_exceptions or {},
            token_match=defaults.token_match,
            url_match=defaults.url_match,
            faster_heuristics=True,
        )

    return make


TOKENIZER_CONFIG: dict[str, Any] = {"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}}


def _custom_tokenizer(
    nlp: Language,
    special_cases: dict[str, Any],
    *,
    token_match: Any,
    url_match: Any,
    faster_heuristics: bool,
) -> Tokenizer:
    """The customised tokenizer on `nlp`'s vocabulary and language defaults, from the special
    cases and matchers of the tokenizer it stands in for."""
    # "£1.2m." must end in "m" + ".", not the abbreviation "m." (which also hides the full stop
    # from sentence segmentation); upper-case initials ("M.") stay special cases.
    defaults = _default_rules()
    codes = _currency_codes(defaults)
    units = _glued_units(defaults)
    names = _glued_currency_names(defaults)
    rules = {
        key: value
        for key, value in special_cases.items()
        if key not in _SCALE_DOTS and key not in _FIGURE_EMOTICONS
    }
    suffixes = [
        *nlp.Defaults.suffixes,
        # scales, time and other units, "2½", currency codes ("42USD", "3.14US$")
        r"(?<=[0-9])(?:k|K|M|bn|BN|mn|tn|pp|ppts?|am|pm|a\.m\.|p\.m\.|hrs?|mins?|secs?|p"
        rf"|lbs|kWh|MWh|GWh|mil|[½⅓⅔¼¾⅕⅛]|{codes}|US\$|[元₹₽₩₾¥€])",
        # "£3.1Million", "£1.07million", "£2billion": a scale word glued to its number
        r"(?<=[0-9])(?:[Mm]illions?|[Bb]illions?|[Tt]housands?|MILLION|BILLION)",
        # "75ml", "12MW", "10litres": any one-word unit glued to its number; "20Rs"
        rf"(?<=[0-9])(?:(?i:{units})|{names})",
        r"(?<=[0-9])[-–]",  # "an 8- to 12-week programme": a suspended hyphen
        r"(?<=[a-zA-Z])\^[23]",  # "4km^2", "3m^3": a unit's power apart from the unit
        r"(?<=[0-9][KMBTkm])[.$€£]",  # "£700K.", "10k$": a full stop or currency after a scale
        # "1.2B", "$2.174T" (after decimals only: "Flat 12B" is an address)
        r"(?<=\.[0-9])[BT]|(?<=\.[0-9]{2})[BT]|(?<=\.[0-9]{3})[BT]",
    ]
    # "over-65s", "under-18s": an age band's number apart from its "over"/"under"
    infixes = [
        *nlp.Defaults.infixes,
        r"(?<=[0-9])[-–—](?=[0-9£])",
        r"(?<=[Oo]ver)[-–](?=[0-9])",
        r"(?<=[Uu]nder)[-–](?=[0-9])",
        r"(?<=[0-9])[(](?=[0-9])",  # "12(30%)", "2,320(77%)"
        # "1.5%.Investment", "£2m.The": a sentence run on to the next without its space, as
        # pages stored without their line breaks have it
        r"(?<=[0-9%kKmMn])\.(?=[A-Z][a-z])",
        r"(?<=[0-9])(?:%|[kKmM]|bn)(?=\.[A-Z][a-z])",
        r"(?<=[0-9])\^(?=[-+−]?[0-9])",  # "1.1^+23": a power apart from its base
        # "£12k-£15k", "£12k–15k": a range of scaled sums, split into its scales and signs
        r"(?<=[0-9])(?:[kKmM]|bn)(?=[-–—][0-9£$€])",
        r"(?<=[0-9kKmMn])[-–—](?=[£$€])",
        r"(?<=[kKmMn])[-–—](?=[0-9])",
        r"(?<=[-–—])[£$€](?=[0-9])",
    ]
    # "-2.1%", "−2.1%", "-£1.2m": the sign apart; "to1.4m": a word glued to its number
    prefixes = [
        *nlp.Defaults.prefixes,
        r"[-−+](?=[0-9£$€])",
        r"(?:to|of|by)(?=[0-9])",
        r"(?:c\.?(?=£)|c\.(?=[0-9$€])|c(?=[0-9][0-9.,]*%))",  # "c.£2m", "c£3m", "c.2,000",
        # "c0.35%": circa (one group: the
        # pieces are joined with "|" and each anchored with "^" only at its start)
        r"[~≈](?=[0-9£$€])",  # "~300 visits": about
        rf"(?:{codes})(?=[0-9])",  # "USD3.14", "EUR125": a currency code glued to its sum
        rf"(?:{names})\.?(?=[0-9])",  # "Rs20", "Rs.20"
    ]
    # one new Tokenizer with every setting: assigning them one by one to the live tokenizer
    # makes spaCy re-validate its ~1,340 special cases after each (0.2 CPU-s of start-up)
    return Tokenizer(
        nlp.vocab,
        rules=rules,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=token_match,
        url_match=url_match,
        faster_heuristics=faster_heuristics,
    )


# ---------------------------------------------------------------------------------------------
# A window of tokens: the finder reads docs and parse_number reads strings the same way


class _OrthTexts(Sequence[str]):
    """A doc's token texts, looked up only where the finder reads them."""

    def __init__(self, doc: Doc, orths: list[int]) -> None:
        self.strings = doc.vocab.strings
        self.orths = orths

    def __len__(self) -> int:
        return len(self.orths)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self.strings[h] for h in self.orths[i]]
        return self.strings[self.orths[i]]


@dataclass(frozen=True)
class Toks:
    """Lower-cased words, texts and 'space follows' flags of a doc's tokens (or a string's).

    Built once per doc from `Doc.to_array` (no Token objects), so the finder's reads are
    plain list lookups. Whitespace tokens (double spaces, line breaks inside a sentence, as
    PDFs and web pages have) are left out, so "91.6 per\ncent" reads as "91.6 per cent";
    `index` maps back to the doc's token positions and `line_starts` keeps where lines began.
    """

    lower: list[str]
    text: Sequence[str]
    space: list[bool]
    index: list[int] | None = None  # doc position of each token; None: the same
    line_starts: frozenset[int] = frozenset({0})

    @classmethod
    def from_doc(cls, doc: Doc) -> Toks:
        if not len(doc):
            return cls([], [], [])
        array = doc.to_array([LOWER, ORTH, SPACY, IS_SPACE])
        strings = doc.vocab.strings
        is_space = array[:, 3].astype(bool)
        spaced = array[:, 2].astype(bool)
        if not is_space.any():
            lowers = array[:, 0].tolist()
            return cls(
                [strings[h] for h in lowers],
                _OrthTexts(doc, array[:, 1].tolist()),
                spaced.tolist(),
            )
        spaced[:-1] |= is_space[1:]  # a token before a whitespace token has space after it
        keep = numpy.flatnonzero(~is_space)
        orths = array[:, 1]
        newline = {
            int(k) + 1 for k in numpy.flatnonzero(is_space) if "\n" in strings[int(orths[k])]
        }
        index = keep.tolist()
        starts = frozenset({0} | {n for n, k in enumerate(index) if k in newline} if index else {0})
        return cls(
            [strings[h] for h in array[keep, 0].tolist()],
            _OrthTexts(doc, orths[keep].tolist()),
            spaced[keep].tolist(),
            index,
            starts,
        )

    @classmethod
    def from_text(cls, text: str) -> Toks:
        found = list(_TEXT_TOKEN_RE.finditer(text))
        texts = [m.group() for m in found]
        space = [i + 1 < len(found) and found[i + 1].start() > m.end() for i, m in enumerate(found)]
        return cls([t.lower() for t in texts], texts, space)

    def __len__(self) -> int:
        return len(self.lower)

    def at(self, i: int) -> str:
        return self.lower[i] if 0 <= i < len(self.lower) else ""

    def to_doc(self, start: int, end: int) -> tuple[int, int]:
        """Token offsets [start, end) of this run as offsets of the doc it was read from."""
        if self.index is None:
            return start, end
        return self.index[start], self.index[end - 1] + 1


def _match(t: Toks, i: int, phrases: Phrases) -> tuple[int, Any]:
    """Longest phrase starting at t[i]: (end, payload), or (i, None)."""
    lower = t.lower
    if not 0 <= i < len(lower):
        return i, None
    for length, rest, payload in phrases.get(lower[i], ()):
        end = i + length
        if length == 1 or lower[i + 1 : end] == rest:
            return end, payload
    return i, None


@dataclass(frozen=True)
class Quantity:
    """A number as written, before its unit: tokens [start, end) of a window."""

    value: float
    start: int
    end: int
    kind: str  # digits, words, zero, fraction, ratio, rank
    currency: bool = False
    number_start: int = 0  # where the numeric words begin (after "£")
    noun_end: int = 0  # for "no child": end of the counted noun
    integral: bool = True
    text: str = ""  # the first numeric token as written
    currency_unit: str = "gbp"  # with `currency`: gbp for pounds, other for other money
    unit: str | None = None  # a unit the phrase states itself ("a fortnight": weeks)


def _digits(text: str) -> float | None:
    if NUMBER_RE.fullmatch(text) is None:
        return None
    return float(text.replace(",", ""))


def _word_number(t: Toks, i: int, rules: NumberRules) -> tuple[float, int] | None:
    """Spelled cardinals: "two", "twenty-one", "twenty one", "one hundred and five"."""
    words = rules.number_words
    first = t.at(i)
    if first in ("a", "an") and t.at(i + 1) in _BIG_SCALES:
        first = "one"  # "a hundred and two", "a million"
    elif first in rules.zero_always and t.at(i + 1) == "point":
        first = "zero"  # "nought point five"
    elif first not in words:
        return None
    total, current, j, last, scale = 0.0, 0.0, i, "", float("inf")
    while j < len(t):
        w = first if j == i else t.lower[j]
        w = _SINGULAR_SCALES.get(w, w) if last in ("unit", "tens", "hundred") else w
        fits = last in ("", "hundred") or (last == "scale" and words.get(w, 0) < scale)
        if w in words and (fits or (last == "tens" and 0 < words[w] < 10)):
            current += words[w]
            last = "tens" if words[w] >= 20 and words[w] % 10 == 0 else "unit"
        elif w == "hundred" and last in ("unit", "tens"):
            current *= 100
            last = "hundred"
        elif w in _DOZENS and last in ("unit", "tens", "hundred"):
            current *= 12
            last = "hundred"
        elif w in rules.word_scales and w not in _DOZENS and last in ("unit", "tens", "hundred"):
            factor = rules.scale_words.get(w, 1.0)
            if factor >= scale:
                break  # "two million three million": two numbers
            total += current * factor
            current, last, scale = 0.0, "scale", factor
        elif w in rules.word_scales and last == "scale" and rules.scale_words[w] > scale:
            # "three thousand millions", "three lakh crore": a scale of the scale before
            scale = _times(scale, rules.scale_words[w])
            total = _times(total, rules.scale_words[w])
        else:
            break
        j += 1
        nxt = t.at(j)
        # "twenty-one", and "fifty - two" as some exports space it (never one space only)
        hyphen = nxt == "-" and last == "tens" and t.space[j - 1] == t.space[j]
        # "one hundred and three quarters" is 100.75: the "and" goes to the fraction (_mixed)
        joined = nxt in ("and", "&") and last in ("hundred", "scale")
        joined = joined and t.at(j + 2) not in rules.fraction_words
        # "two thousand, two hundred": a comma after a scale word goes on to the smaller part
        comma = nxt == "," and last == "scale" and words.get(t.at(j + 1), 0) < scale
        if (hyphen or joined or comma) and t.at(j + 1) in words:
            j += 1
    if last == "tens" and _ordinal_follows(t, j, rules):
        return None  # "the twenty-first century", "twenty first": an ordinal, no count of 20
    while j > i and t.lower[j - 1] in ("-", "and", "&"):
        j -= 1
    value = total + current
    after_point = t.at(j + 1) in words or t.at(j + 1) in rules.zero_always
    if t.at(j) == "point" and after_point and last in ("unit", "tens", "hundred"):
        value, j = _word_decimals(t, j + 1, value, rules)
    return value, j


def _ordinal_follows(t: Toks, j: int, rules: NumberRules) -> bool:
    """Whether a tens word ending at t[j] goes on as an ordinal: "twenty-first", "thirty
    second" (not "twenty first-time buyers")."""
    k = j + 1 if t.at(j) == "-" and not t.space[j - 1] and not t.space[j] else j
    return 1 <= rules.ordinal_words.get(t.at(k), 0) <= 9 and t.at(k + 1) != "-"


_BIG_SCALES = frozenset({"hundred", "thousand", "million", "billion", "trillion"})
# the units a fraction can be of ("half a day", "three quarters of a mile")
UNIT_WORDS_OF_MEASURE = frozenset({"days", "weeks", "months", "years", "hours", "miles"})
_SINGULAR_SCALES = {"millions": "million", "billions": "billion"}  # "three billions"
_DOZENS = frozenset({"dozen", "dozens"})


def _word_decimals(t: Toks, j: int, value: float, rules: NumberRules) -> tuple[float, int]:
    """ "two point two million", "two hundred point zero three": the digits after "point"."""
    words = rules.number_words
    digits = ""
    while (t.at(j) in words and words[t.at(j)] < 10) or t.at(j) in rules.zero_always:
        digits += str(words.get(t.at(j), 0))
        j += 1
    if not digits:  # "point seventy-one"
        parsed = _word_number(t, j, rules)
        if parsed is None:
            return value, j - 1
        digits, j = str(int(parsed[0])), parsed[1]
    value = float(f"{int(value)}.{digits}")
    factor = rules.scale_words.get(t.at(j))
    if factor and t.at(j) in _BIG_SCALES and t.at(j) != "hundred":
        value, j = value * factor, j + 1
    return value, j


def read_quantity(t: Toks, i: int, rules: NumberRules) -> Quantity | None:
    """The number written at t[i] (digits, words, "£1.2m", "a third of", "nil"), or None."""
    w = t.at(i)
    if not w:
        return None
    if w[0] in _DIGIT_START:
        q = _read_plain(t, i, rules, currency=False)
        if (
            q is not None
            and q.value > 0
            and any(_preceded_by(t, i, words) for words in rules.negative_after)
        ):
            return replace(q, value=-q.value)  # "the variance was an underspend of 0.4 per cent"
        return q
    if w in rules.sign_words:  # "minus 5", "negative five per cent"
        inner = read_quantity(t, i + 1, rules)
        # and "minus a half", "negative one over 20"
        if inner is None or inner.kind not in _SIGNED_KINDS or inner.value < 0:
            return None
        return replace(inner, start=i, value=-inner.value)
    gbp = w in rules.currency_prefixes
    if gbp or w in rules.other_currency_prefixes:
        j, sign = i + 1, 1.0
        if t.at(j) in _SIGNS and not t.space[j - 1] and not t.space[j]:
            j, sign = j + 1, -1.0  # "£-1.2m", "$-99.99"
        inner = _read_plain(t, j, rules, currency=True)
        if inner is None or inner.kind != "digits":
            return None
        q = replace(
            inner,
            start=i,
            value=sign * inner.value,
            currency=True,
            currency_unit="gbp" if gbp else "other",
        )
        before = t.at(i - 2)
        if (
            t.at(i - 1) == "("
            and t.at(q.end) == ")"
            and not t.space[i - 1]
            and (i - 1 in t.line_starts or before in _ACCOUNTING_BEFORE)
        ):
            # "Variance: (£0.3m)", "| (£0.3m) |": an accounting negative, brackets and all; after
            # a word or a figure the brackets are a parenthesis ("the Scottish average (£6.89)",
            # "12.5% (£1.25m)")
            return replace(q, start=i - 1, end=q.end + 1, value=-abs(q.value))
        if q.value > 0 and any(_preceded_by(t, i, words) for words in rules.negative_after):
            return replace(q, value=-q.value)  # "the outturn was an underspend of £2.6m"
        return q
    if t.at(i - 1) == "point" and w in rules.number_words and rules.number_words[w] < 10:
        decimal = _leading_point(t, i, rules)
        if decimal is not None:
            return decimal
    end, hit = _match(t, i, rules.phrase_quantities) if w in rules.phrase_quantities else (i, None)
    prev = t.at(i - 1)
    # "£10 an hour", "20 pounds an hour": after a sum or a unit the phrase is the rate's base
    rate = _numeric(prev) or prev in rules.units or prev in rules.glued_scales
    if hit is not None and prev not in rules.fraction_blockers and not rate:
        value, unit = hit  # "a fortnight", "half an hour"
        return Quantity(value, i, end, "words", number_start=i, text=t.text[i], unit=unit)
    return _read_plain(t, i, rules, currency=False)


def _leading_point(t: Toks, i: int, rules: NumberRules) -> Quantity | None:
    """ "point five per cent", "point seven five percent": a decimal said without its leading
    zero, starting at the "point" before t[i]; only before a unit (not "point five of the
    plan", a label, nor a bare "point five"), and never after a number ("two point five" is
    read whole from its start)."""
    before = t.at(i - 2)
    if _numeric(before) or before in rules.number_words or before in rules.zero_always:
        return None
    value, end = _word_decimals(t, i, 0.0, rules)
    if end <= i or _match(t, end, rules.units)[1] is None:
        return None
    return Quantity(value, i - 1, end, "words", number_start=i - 1, integral=False, text="point")


def _preceded_by(t: Toks, i: int, words: tuple[str, ...]) -> bool:
    """Do the tokens just before t[i] read `words`?"""
    n = len(words)
    return i >= n and all(t.at(i - n + k) == word for k, word in enumerate(words))


_SIGNS = frozenset({"-", "−"})
_SIGNED_KINDS = frozenset({"digits", "words", "fraction", "ratio"})  # what a sign word negates
# what may stand before an accounting negative "(£0.3m)" besides a line start: a label's colon,
# a table's bar, or nothing
_ACCOUNTING_BEFORE = frozenset({"", ":", "|", "=", ";", "-", "–", "—"})


def _signed(t: Toks, q: Quantity, floor: int) -> Quantity:
    """ "-1", "fell by -2.1%", "(-5)": a sign glued to the number after a space (not the
    hyphen of "2022-23" or "Covid-19"), at or after token `floor`."""
    k = q.start - 1
    if k < floor or q.kind != "digits" or q.value < 0 or t.at(k) not in _SIGNS or t.space[k]:
        return q
    if k > 0 and not t.space[k - 1] and t.at(k - 1) not in ("(", "[") and k not in t.line_starts:
        return q
    return replace(q, start=k, value=-q.value)


def _read_plain(t: Toks, i: int, rules: NumberRules, *, currency: bool) -> Quantity | None:
    w = t.at(i)
    value = _digits(w) if w else None
    if value is not None:
        end = i + 1
        spaced = t.space[i] and _SPACED_GROUP_RE.fullmatch(t.at(i + 1)) is not None
        if spaced and SPACED_HEAD_RE.fullmatch(w) and not _numeric(t.at(i - 1)):
            value, end = _spaced_thousands(t, i, value)  # "40 000"
        if currency and end == i + 1:
            value, end = _comma_spaced(t, i, value)  # "£434, 150.64": a stray space
        nxt = t.at(end)
        if nxt == "point" and w.isdigit() and t.at(end + 1).isdigit() and end == i + 1:
            value, end, w = float(f"{w}.{t.at(end + 1)}"), end + 2, f"{w}.{t.at(end + 1)}"
            nxt = t.at(end)  # "1 point 1", "3 point 25 million", as a number is said aloud
        if nxt == "m" and not currency and t.at(end + 1) in rules.length_followers:
            # "a 1.8m high fence", "2.5m wide": metres (unit other), not millions
            return Quantity(
                value,
                i,
                end + 1,
                "digits",
                number_start=i,
                integral="." not in w,
                text=w,
                unit="other",
            )
        spaced_scale = currency and t.space[end - 1] and nxt in rules.currency_only_scales
        if (
            nxt in rules.glued_scales
            and (not t.space[end - 1] or spaced_scale)  # "£3.5 m": a sum's m after a space
            and (
                currency
                or nxt not in rules.currency_only_scales
                or "." in w
                or t.text[end] == "M"  # "10M": metres are never a capital M
                or _match(t, end + 1, rules.counted_nouns)[1] is not None
            )
        ):
            value = _times(value, rules.glued_scales[nxt])
            end += 1
        elif nxt in rules.scale_words and (nxt != "hundred" or "." not in w):
            value = _times(value, rules.scale_words[nxt])  # "3.4 million", "2.33 k", "322 hundred"
            end += 1
            if nxt == "hundred" and t.at(end) == "and":  # "3 hundred and 21", "3 hundred and one"
                rest = _digits(t.at(end + 1))
                after = end + 2
                if rest is None or not t.at(end + 1).isdigit():
                    rest, after = _word_number(t, end + 1, rules) or (None, end)
                if rest is not None and 0 < rest < 100:
                    value, end = value + rest, after
        if t.at(end) == "^" and not currency and end == i + 1:
            value, end = _power(t, end, value)  # "1.1^23", "2.5^-1", "10^6"
        q = Quantity(value, i, end, "digits", currency, i, integral="." not in w, text=w)
        after = t.at(end)
        if end == i + 1 and (after == "and" or "/" in after or after in rules.fraction_words):
            q = _mixed(t, q, rules)
        elif after == "and" and t.at(end - 1) in rules.word_scales:
            q = _mixed(t, q, rules)  # "3 million and a half"
        return _ratio(t, q, rules) if after in ("in", "over", "-") else q
    slash = _slash_fraction(w, rules) if "/" in w else None
    if slash is not None:  # "3/4", "1/2 hour"
        return Quantity(slash, i, i + 1, "fraction", number_start=i, integral=False, text=w)
    if w in rules.zero_always and t.at(i + 1) != "point":
        return Quantity(0.0, i, i + 1, "zero", number_start=i, text=t.text[i])
    if w in rules.zero_before_of:
        if t.at(i + 1) == "of":
            return Quantity(0.0, i, i + 1, "zero", number_start=i, text=t.text[i])
        return None
    if w in rules.zero_before_noun:
        j = i + 1
        while t.at(j) in rules.zero_modifiers and j < i + 3:
            j += 1
        end, hit = _match(t, j, rules.zero_nouns)
        if hit is None:
            return None
        return Quantity(0.0, i, end, "zero", number_start=i, noun_end=end, text=t.text[i])
    fraction = _fraction(t, i, rules)
    if fraction is not None:
        return fraction
    parsed = _word_number(t, i, rules)
    if parsed is not None:
        value, end = parsed
        q = Quantity(value, i, end, "words", number_start=i, text=t.text[i])
        return _ratio(t, _mixed(t, q, rules), rules)
    return None


SPACED_HEAD_RE = re.compile(r"[1-9]\d{0,2}")
_EXPONENT_RE = re.compile(r"([-+−]?)(\d{1,3})")  # after a caret: "23", "-1", "+23"
_GLUED_SUBUNIT_RE = re.compile(r"(\d{1,2})([a-z]+)")  # "43c", "50p" after a sum of money
_SPACED_GROUP_RE = re.compile(r"\d{3}(?:\.\d+)?")  # "000", and a last group "567.89"
SLASH_RE = re.compile(r"([1-9])/([1-9]\d?)")


def _power(t: Toks, j: int, value: float) -> tuple[float, int]:
    """ "1.1^23", "2.5^-1", "10^+6": the number at t[j-1] raised to the power after the caret at
    t[j], all glued together; (value, end) unchanged when no exponent follows."""
    k = j + 1
    text = t.at(k)
    if text in ("-", "+", "−") and not t.space[j]:
        k += 1
        text += t.at(k)
    m = _EXPONENT_RE.fullmatch(text)
    if t.space[j - 1] or t.space[k - 1] or m is None:
        return value, j
    try:
        return value ** (int(m.group(2)) * (-1 if m.group(1) in ("-", "−") else 1)), k + 1
    except (OverflowError, ZeroDivisionError):
        return value, j


def _numeric(w: str) -> bool:
    return bool(w) and w[0] in _DIGIT_START


def _spaced_thousands(t: Toks, i: int, value: float) -> tuple[float, int]:
    """ "40 000", "1 200 000": groups of three digits after a space, when no other number
    follows the groups (a row of table cells, "85 100 120", is left alone)."""
    j = i + 1
    while j < len(t) and t.space[j - 1] and _SPACED_GROUP_RE.fullmatch(t.lower[j]) and j - i < 4:
        j += 1
        if "." in t.lower[j - 1]:
            break  # "1 234 567.89": the decimals end the number
    if j == i + 1 or _numeric(t.at(j)) or (t.at(j) in (".", ",", "/") and _numeric(t.at(j + 1))):
        return value, i + 1
    joined = t.lower[i] + "".join(t.lower[i + 1 : j])
    return float(joined), j


_COMMA_TAIL_RE = re.compile(r"\d{3}(?:(?:,\d{3})+(?:\.\d{1,2})?|\.\d{1,2})")


def _comma_spaced(t: Toks, i: int, value: float) -> tuple[float, int]:
    """ "£2, 487,615", "£434, 150.64": a sum whose thousands comma is followed by a stray
    space, when what follows the comma can only go on the sum (a further comma group, or
    pence); a list of sums ("£5, 100 and 150") is left alone. (value, end) of the sum."""
    head, tail = t.at(i), t.at(i + 2)
    if (
        SPACED_HEAD_RE.fullmatch(head)
        and t.at(i + 1) == ","
        and not t.space[i]
        and t.space[i + 1]
        and _COMMA_TAIL_RE.fullmatch(tail)
    ):
        return float(head + tail.replace(",", "")), i + 3
    return value, i + 1


def _slash_fraction(w: str, rules: NumberRules) -> float | None:
    m = SLASH_RE.fullmatch(w)
    if m is None:
        return None
    top, bottom = int(m.group(1)), int(m.group(2))
    most_top, most_bottom = rules.slash_fractions
    if top > most_top or not top < bottom <= most_bottom:
        return None
    return top / bottom


def _mixed(t: Toks, q: Quantity, rules: NumberRules) -> Quantity:
    """ "two and a half", "one and three quarters", "2 1/2", "2½": a whole number and a
    fraction as one number, whose unit then follows ("two and a half hours")."""
    if not q.integral:
        return q
    j, fractions = q.end, rules.fraction_words
    add, end = 0.0, j
    # "3 million and a half", "two million and three fifths": a fraction of the scale
    scale = rules.scale_words[t.at(j - 1)] if t.at(j - 1) in rules.word_scales else 1.0
    hyphened = tuple(t.at(k) for k in range(j, j + 5)) in _HYPHENED_AND_A
    if hyphened and q.kind == "words":
        frac = t.at(j + 5)  # "three-and-a-half hours"
        if frac in fractions and not frac.endswith("s"):
            add, end = fractions[frac], j + 6
    elif t.at(j) == "and" and t.at(j + 1) in ("a", "an") and t.at(j + 2) in fractions:
        if not t.at(j + 2).endswith("s"):
            add, end = fractions[t.at(j + 2)], j + 3
    elif t.at(j) == "and" and t.at(j + 1) in rules.number_words and t.at(j + 2) in fractions:
        if t.at(j + 2).endswith("s") and q.kind == "words":  # "one and three quarters"
            add, end = rules.number_words[t.at(j + 1)] * fractions[t.at(j + 2)], j + 3
    elif j < len(t) and q.kind == "digits":
        w = t.lower[j]
        if t.space[j - 1] and "/" in w:
            frac = _slash_fraction(w, rules)
            add, end = (frac, j + 1) if frac is not None else (0.0, j)
        elif len(w) == 1 and w in fractions:  # "2½"
            add, end = fractions[w], j + 1
    if end == j or add >= 1:
        return q
    value = q.value + add * scale
    if scale == 1.0 and t.at(end) in rules.word_scales:
        # "two and a half million visits", "three and a half thousand pounds": the scale after
        # the mixed number scales all of it
        value, end = _times(value, rules.scale_words[t.at(end)]), end + 1
    return replace(q, value=value, end=end, integral=False)


_HYPHENED_AND_A = (("-", "and", "-", "a", "-"), ("-", "and", "-", "an", "-"))  # "three-and-a-"


def _fraction(t: Toks, i: int, rules: NumberRules) -> Quantity | None:
    """ "a third of", "two thirds of", "half of", "more than half"."""
    w = t.at(i)
    count, j = 1.0, i
    if w in ("a", "an") or w == "one":
        j = i + 1
    elif w in rules.number_words:
        count, j = float(rules.number_words[w]), i + 1
        compound = t.at(j) == "-" or t.at(j) in rules.number_words  # "twenty-three", "twenty one"
        parsed = _word_number(t, i, rules) if compound else None
        if parsed is not None and parsed[0] < 100 and t.at(parsed[1]) in rules.fraction_words:
            count, j = parsed  # "twenty-three fifths", "twenty one fifths"
    if j > i and t.at(j) == "-" and t.space[j - 1] == t.space[j]:
        j += 1  # "two-thirds", "one-eighth", "one - fourth"
    if j > i:
        compound = _compound_denominator(t, j, count, rules)
        if compound is not None:  # "one twenty-fifth", "three twenty-fifths"
            part, j = compound
            return Quantity(part, i, j, "fraction", number_start=i, integral=False, text=t.text[i])
    frac = t.at(j)
    if frac not in rules.fraction_words:
        return None
    symbol = len(frac) == 1
    if j > i and not symbol and (count == 1) == frac.endswith("s") and frac != "halves":
        return None  # "two third", "a thirds"
    end = j + 1
    follows = t.at(end) in rules.fraction_followers
    if j == i and frac not in ("half", "quarter") and not symbol:
        return None  # a bare "third"
    of_a_scale = t.at(i + 1) == "of" and t.at(i + 2) in ("a", "an") and t.at(i + 3) in _BIG_SCALES
    if j == i and frac == "quarter" and t.at(i + 1) not in _BIG_SCALES and not of_a_scale:
        return None  # a bare "quarter of" is a period ("first quarter of 2023/24"), but not
        # "quarter of a million"
    if not follows and j > i:
        # "a third" without "of" is a word ("for a third time"), but "two thirds" and a lone
        # "a half" are fractions; "three quarters" without "of" is a span of time
        plural = count > 1 and frac.endswith("s") and not frac.startswith("quarter")
        alone = t.at(end) in ("", ".", ",", ";", ")", "!", "?") and not frac.startswith("quarter")
        # "fell by a quarter", "about three quarters", "more than a quarter": after a word of
        # size or change, a quarter is a share, not a span of time ("over a quarter" may be)
        cued = t.at(i - 1) in rules.half_cues and t.at(i - 1) not in _PERIOD_CUES
        if not (plural or alone or cued or symbol or _measure_after(t, end, rules)[1]):
            return None
    value = count * rules.fraction_words[frac]
    k = end + 1 if t.at(end) in ("a", "an") else end
    if t.at(end) == "of" and t.at(end + 1) in ("a", "an") and t.at(end + 2) in _BIG_SCALES:
        k = end + 2  # "a quarter of a million"
    if t.at(k) in _BIG_SCALES and t.at(k) != "hundred":  # "half a million", "quarter million"
        value, end = value * rules.scale_words.get(t.at(k), 1.0), k + 1
        return Quantity(value, i, end, "words", number_start=i, integral=False, text=t.text[i])
    return Quantity(value, i, end, "fraction", number_start=i, integral=False, text=t.text[i])


def _compound_denominator(
    t: Toks, j: int, count: float, rules: NumberRules
) -> tuple[float, int] | None:
    """ "[one] twenty-fifth", "[three] twenty-fifths", "[three] twenty firsts": a count of
    parts whose denominator is a tens word and an ordinal; (count / denominator, end) or None.
    The ordinal agrees with the count (one twenty-fifth, two twenty-fifths), so "one
    twenty-first century" stays a count; one part must end its clause or go on "of"."""
    tens = rules.number_words.get(t.at(j), 0)
    if not (20 <= tens <= 90 and tens % 10 == 0):
        return None
    k = j + 1
    if t.at(k) == "-" and not t.space[j] and not t.space[k]:
        k += 1
    word = t.at(k)
    plural = word.endswith("s")
    unit = rules.ordinal_words.get(word[:-1] if plural else word, 0)
    if not 1 <= unit <= 9 or plural != (count != 1):
        return None
    end = k + 1
    ends = t.at(end) in rules.fraction_followers or t.at(end) in _CLAUSE_ENDS
    if not (plural or ends):
        return None
    return count / (tens + unit), end


_PERIOD_CUES = frozenset({"over", "under"})  # "over a quarter": maybe a span of time


def _measure_after(t: Toks, j: int, rules: NumberRules) -> tuple[tuple[int, int], str | None]:
    """The unit of time or distance a fraction ending at j is of: "[half] a day", "[a quarter]
    of an hour", "[one-half] miles"; ((start, end) of its words, unit) or (..., None)."""
    k = j + (t.at(j) == "of")
    k += t.at(k) in ("a", "an")
    if k == j and t.at(j - 1) != "half":
        return (j, j), None  # "a third day" is an ordinal; "a half day" is half a day
    end, payload = _match(t, k, rules.units)
    if payload is None or payload[0] not in UNIT_WORDS_OF_MEASURE:
        return (j, j), None
    return (k, end), payload[0]


def _ratio(t: Toks, q: Quantity, rules: NumberRules) -> Quantity:
    """ "one in five", "1 in every 4", "one-in-five", and "one over twenty" ending its clause: the
    ratio as a fraction (unit other). Not "5 over 3 years" or "1 over target": "over" is a
    fraction only between two bare numbers with nothing after the second."""
    k = q.end + 1 if t.at(q.end) == "-" and t.at(q.end + 1) == "in" else q.end
    over = t.at(k) == "over"
    if not (over or t.at(k) == "in") or q.currency or not q.integral:
        return q
    j = k + 1
    j += t.at(j) == "-" and k > q.end  # "one-in-five"
    j += t.at(j) == "every" and not over  # "1 in every 4"
    second = _digits(t.at(j)) if j < len(t) else None
    end = j + 1
    if second is None:
        parsed = _word_number(t, j, rules)
        if parsed is None:
            return q
        second, end = parsed
    if not (1 <= q.value < second <= 1000) or t.at(end) in ("%", "per"):
        return q
    if over and (t.at(end) not in _CLAUSE_ENDS or "." in t.at(j) or "," in t.at(j)):
        return q
    return replace(q, value=q.value / second, end=end, kind="ratio", integral=False)


_CLAUSE_ENDS = frozenset({"", ".", ",", ";", ":", "?", "!", ")"})


def parse_number(text: str, rules: NumberRules | None = None) -> float | None:
    """The value of a number as written: "1,234", "twenty-one", "a third", "£1.2m", "nil" -> 0,
    "-5", "(£0.3m)" -> -300000.0, "one and a half", "40 000".

    None when the text is not one whole number ("1st", "2020/21", "report").
    """
    rules = rules or load_number_rules()
    t = Toks.from_text(text.strip())
    if not len(t):
        return None
    if len(t) > 1 and t.lower[0] in _SIGNS and not t.space[0]:  # "-5", "-£1.2m"
        rest = parse_number(text.strip()[1:], rules)
        return -rest if rest is not None else None
    if (
        len(t) > 2
        and t.lower[0] == "("
        and t.lower[-1] == ")"
        and t.lower[1] in rules.currency_prefixes
    ):
        rest = parse_number(text.strip()[1:-1], rules)  # "(£0.3m)": an accounting negative
        return -rest if rest is not None else None
    lowered = t.lower[0]
    if len(t) == 1 and lowered in (
        rules.zero_always | rules.zero_before_noun | rules.zero_before_of
    ):
        return 0.0
    if len(t) == 1 and lowered == "half":
        return rules.fraction_words["half"]
    if lowered in ("a", "an") and len(t) == 2 and t.lower[1] in rules.fraction_words:
        return rules.fraction_words[t.lower[1]]
    if len(t) == 2 and lowered in rules.number_words and t.lower[1] in rules.fraction_words:
        return rules.number_words[lowered] * rules.fraction_words[t.lower[1]]
    # standing alone, "1.2m" can only be 1.2 million: read it as if after a currency sign
    q = read_quantity(t, 0, rules) if t.text[0] in rules.currency_prefixes else None
    q = q or _read_plain(t, 0, rules, currency=True)
    if q is None and len(t) >= 2:  # a fraction without its "of"
        q = read_quantity(Toks([*t.lower, "of"], [*t.text, "of"], [*t.space, False]), 0, rules)
        if q is not None and q.end != len(t):
            q = None
    if q is None:
        return None
    end = q.end
    if q.kind == "zero":
        end = len(t) if q.noun_end else end
    if end != len(t):
        return None
    return q.value


# ---------------------------------------------------------------------------------------------
# The finder


@dataclass(frozen=True)
class FoundFigure:
    """One figure found in a doc: token offsets and everything set_figures writes."""

    start: int
    end: int
    value: float
    unit: str
    number: tuple[int, int]
    unit_words: tuple[int, int] | None = None
    range_start: bool = False
    range_end: bool = False
    from_to: str | None = None
    is_pp: bool = False
    per: float | None = None
    is_rate_base: bool = False
    qualifier: str | None = None
    kind: str = "digits"


@dataclass
class _Unit:
    unit: str | None = None  # an explicit unit, or None
    is_pp: bool = False
    start: int = 0  # unit words [start, end) in window coordinates
    end: int = 0
    span_end: int = 0  # where the figure's text ends
    qualifier: str | None = None
    per: float | None = None
    counted: bool = False  # a counted noun followed ("31 episodes")


def _qualifier(t: Toks, j: int, rules: NumberRules) -> tuple[int, str | None]:
    """A qualifier at t[j] ("or more", "and under"), unless a number follows it: in "1,000
    households and under 50 families" the "under" belongs to the 50."""
    end, qual = _match(t, j, rules.qualifiers)
    if qual is not None and _numeric(t.at(end)):
        return j, None
    return end, qual


def _read_unit(t: Toks, j: int, q: Quantity, rules: NumberRules) -> _Unit:
    """The unit words after a quantity ending at t[j]: "per cent", "working days", "or more"."""
    u = _Unit(span_end=j)
    if j in t.line_starts and j < len(t) and t.text[j][:1].isupper():
        return u  # "... | 330\nChild protection plans": a new line, a new row or heading
    k, qual = _qualifier(t, j, rules)
    if qual == "+" and t.space[j - 1]:
        k, qual = j, None
    m = k
    if t.at(m) == "-" and not t.space[m - 1] and not t.space[m] and t.at(m + 1)[:1].isalpha():
        m += 1  # "20-Week", "one-day" (but "$10-$20" is a range: a sign is no unit after "-")
    end, payload = _match(t, m, rules.units)
    named = payload is None and m + 1 < len(t) and t.lower[m + 1] in rules.currency_names
    if named and t.lower[m].isalpha():
        end, payload = m + 2, ("other", False)  # "42 Kuwaiti dinar", "20 Malaysian ringgits"
    if payload is not None:
        u.unit, u.is_pp = payload
        u.start, u.end = m, end
        u.span_end = end
        u.qualifier = qual
        if qual is None:
            after, qual2 = _qualifier(t, end, rules)
            if qual2 is not None and qual2 != "+":
                u.qualifier, u.span_end = qual2, after
        return u
    if qual is not None:
        u.qualifier, u.span_end = qual, k
    # a counted noun, maybe after modifiers: "31 episodes", "1000 fewer contacts",
    # "4 supported living properties"
    end, hit, n = k, None, k
    while hit is None:
        end, hit = _match(t, n, rules.counted_nouns)
        if hit is not None or t.at(n) not in rules.count_modifiers or n - k >= 2:
            break
        n += 1
    if hit is not None and not q.currency:
        u.counted, u.start, u.end = True, n, end
        u.span_end = end
        after, qual2 = _qualifier(t, end, rules)
        if qual2 is not None and qual2 != "+" and u.qualifier is None:
            u.qualifier, u.span_end = qual2, after
    # a rate: "313 per 100,000", "313 bins were missed per 100,000 bins collected"
    p = j
    limit = min(len(t), j + rules.rate_lookahead + 1)
    if "per" not in t.lower[j:limit]:
        return u
    while p < limit:
        w = t.lower[p]
        if w == "per":
            base = _read_plain(t, p + 1, rules, currency=False)
            if base is not None and base.kind == "digits" and base.value in rules.rate_bases:
                u.per = base.value
            break
        if not w.isalpha() and w != "-":
            break
        p += 1
    return u


class _Scanner:
    """Walks one doc's candidate tokens left to right and collects FoundFigures."""

    def __init__(self, t: Toks, rules: NumberRules) -> None:
        self.t = t
        self.rules = rules
        self.n = len(t)
        self.rejected_ends: dict[int, str] = {}  # token end of a rejected number -> why
        self.floor = 0  # where the last figure ended: a sign may not reach back past it

    # -- context tests --------------------------------------------------------------------------

    def lower(self, i: int) -> str:
        return self.t.lower[i] if 0 <= i < self.n else ""

    def is_line_start(self, i: int) -> bool:
        return i in self.t.line_starts

    def is_month(self, i: int) -> bool:
        if not 0 <= i < self.n:
            return False
        return (
            self.t.lower[i] in self.rules.months or self.t.text[i] in self.rules.months_capitalised
        )

    def is_label(self, i: int) -> bool:
        """Is the number at token i an item, page, indicator or quarter number, or a code?"""
        rules, t = self.rules, self.t
        if i in t.line_starts:
            return False  # "Agenda item\n\n6-8 Week Breastfeeding": a new line, a new context
        prev = self.lower(i - 1)
        if "/" in prev:
            prev = prev.rsplit("/", 1)[1]  # "(Resources)/Section 151 Officer": a label
        elif prev in _SIGNS and t.space[i - 2] and not t.space[i - 1]:
            prev = self.lower(i - 2)  # "Covid -19": a hyphen gone astray, not a sign
        if prev in rules.label_words:
            return True
        if prev == "in" and "." in self.lower(i) and self.lower(i - 2) in rules.reference_verbs:
            return True  # "the targets referred to in 5.1", "proposals set out in 2.4"
        if prev == ":" and self.lower(i - 2) in rules.colon_labels:
            return True  # "ref: 554", "Issue No: 1/2004": a reference number
        if prev in rules.quarter_words:
            # "Quarter 2", "the period 7 variance"; but "reported this quarter 36 (71%)": after
            # a demonstrative the quarter is a span of time and the number counts something
            return self.lower(i - 2) not in rules.period_determiners
        if prev == "of" and self.lower(i - 3) in rules.label_words and self.lower(i - 2).isdigit():
            return True  # "page 3 of 12", "item 4 of 9": the count of pages, not a figure
        # "parts 1, 2 and 3", "Quarters 1 & 2": a list goes on labelling (not "Section 3,
        # 45 cases": after a comma, a number that counts something is a figure)
        if (
            prev in (",", "and", "&", "or")
            and self.lower(i - 2).isdigit()
            and i - 2 not in t.line_starts
            and (prev != "," or self.lower(i + 1) in LIST_FOLLOWERS)
        ):
            return self.is_label(i - 2)
        if prev == "." and self.lower(i - 2) in ("no", "para", "ref"):
            return True
        if i > 0:
            text = t.text[i - 1]
            lo, hi = rules.code_length
            if (
                lo <= len(text) <= hi
                and text.isalnum()
                and text.isupper()
                and text not in rules.code_exceptions
            ):
                return True  # "NI 192", "PBH 020", "N1 191"
            if (
                text == "-"
                and i > 1
                and not t.space[i - 2]
                and not t.space[i - 1]
                and t.lower[i - 2].isalpha()
                and t.lower[i - 2] not in rules.number_words
            ):
                return True  # "S-17": a code
        return False

    def is_subsection(self, i: int, end: int) -> bool:
        """ "25(2)", "106(4)": a number in brackets glued to a label's number just before."""
        t = self.t
        return (
            i >= 2
            and t.at(i - 1) == "("
            and t.at(end) == ")"
            and not t.space[i - 2]
            and not t.space[i - 1]
            and self.rejected_ends.get(i - 1) == "label"
        )

    def is_list_marker(self, i: int, end: int) -> bool:
        """ "1. The report", "(2) That": numbers that open a numbered paragraph."""
        if (self.lower(i - 1), self.lower(end)) in (("(", ")"), ("[", "]")):
            # "RESOLVED - (1) That the report be noted. (2) That ...": numbered resolutions
            return self.is_line_start(i - 1) or self.lower(end + 1) == "that"
        if self.is_line_start(i) and self.lower(end) in (".", ")"):
            return self.t.space[end] or end + 1 == self.n
        return False

    def context_unit(self, i: int) -> str | None:
        """A unit implied by words shortly before: "aged 65+" (years), "score of 68.1"."""
        rules = self.rules
        for k in range(i - 1, max(-1, i - 1 - rules.context_window), -1):
            if k + 1 in self.t.line_starts:
                return None
            w = self.t.lower[k]
            unit = rules.context_units.get(w)
            if unit is not None:
                return unit
            if w[0].isdigit() and self.lower(k + 1) in ("or", "and"):
                continue  # "rated 4 or 5": the second number shares the first's context
            if w[0].isdigit() or (not w[0].isalnum() and w not in ("(", "-")):
                break
        return self.label_unit(i) or self.subject_unit(i)

    def subject_unit(self, i: int) -> str | None:
        """ "The percentage of repairs completed on time was 77.8": a bare number after a
        copula takes the unit its clause's subject measures (SCHEMA: the unit comes from what
        is counted; "the number of days lost ... was 10.7" is days), unless that unit word is
        part of a definition ("within 10 days")."""
        rules = self.rules
        if not rules.subject_units or self.lower(i - 1) not in rules.subject_copulas:
            return None
        t, lower = self.t, self.t.lower
        k = i - 2
        while k >= 0 and i - k <= rules.subject_window:
            w = lower[k]
            if w in (".", ";", ":", "!", "?", ",") or k + 1 in t.line_starts:
                break
            k -= 1
        return _named_unit(lower, k + 1, i - 1, rules.subject_units)

    def is_title_line(self, j: int) -> bool:
        """Whether the line that goes on at token j is a short title: every word capitalised
        and no full stop ("34 Adult Social Care Performance"), up to the line's end or to a
        ModernGov link after it ("14 Children and Families Budget Monitoring PDF 306 KB")."""
        t = self.t
        for k in range(j, min(self.n, j + TITLE_WINDOW)):
            if k in t.line_starts or (k > j and t.lower[k] in self.rules.file_size_after):
                return True
            text = t.text[k]
            lower_word = text[:1].isalpha() and not text[:1].isupper()
            if (text in (".", ",", ";") or lower_word) and text.lower() not in TITLE_SMALL_WORDS:
                return False
        return j + TITLE_WINDOW >= self.n

    def label_unit(self, i: int) -> str | None:
        """ "Average days lost per FTE: 10.4 (target 8.5)": a bare number after a line's label
        takes the unit the label names, unless the label's unit is part of a definition
        ("Fly-tips removed within 7 days: 91")."""
        if not self.rules.label_units:
            return None
        t, lower = self.t, self.t.lower
        colon = -1
        k = i - 1
        while k >= 0 and i - k <= 20:
            if lower[k] == ":":
                colon = k
            if k in t.line_starts:
                break
            k -= 1
        else:
            return None
        if colon < 0:
            return None
        return _named_unit(lower, k, colon, self.rules.label_units)

    def after_phone_group(self, i: int) -> bool:
        """Whether the digits at token i go on a telephone number ("0800 123 456")."""
        text = self.t.text
        for k in range(i - 1, max(-1, i - 6), -1):
            if text[k] in ("(", ")"):
                continue  # "(01494) 421316": an area code in brackets
            if not text[k].isdigit():
                return False
            if PHONE_RE.fullmatch(text[k]):
                return True
        return False

    def is_file_size(self, q: Quantity, u: _Unit) -> bool:
        """ "8 Fees and Charges pdf icon PDF 224 KB": a ModernGov link's file size."""
        rules = self.rules
        return (
            u.end > u.start
            and self.t.lower[u.start] in rules.file_size_units
            and self.lower(q.number_start - 1) in rules.file_size_after
        )

    def is_year_tail(self, q: Quantity) -> bool:
        """ "2020-21", "2019/2020": the second year of a financial year, glued to the first
        by a hyphen or slash (SCHEMA: financial years are not figures)."""
        t, k = self.t, q.number_start
        if q.start != k or q.end != k + 1 or not q.text.isdigit() or len(q.text) not in (2, 4):
            return False
        if k < 2 or t.at(k - 1) not in ("-", "–", "/") or t.space[k - 2] or t.space[k - 1]:
            return False
        first = t.at(k - 2)
        if len(first) != 4 or not first.isdigit():
            return False
        lo, hi = self.rules.year_range
        year = int(first)
        return lo <= year <= hi and (year + 1) % 10 ** len(q.text) == int(q.text)

    def not_a_figure(self, q: Quantity, u: _Unit) -> str:
        """Why the number is no figure ("year", "date", "label", "time", ...), or "" if it is."""
        rules, t = self.rules, self.t
        if self.is_file_size(q, u):
            return "label"  # "pdf icon PDF 224 KB": the size of a linked file
        if q.kind == "digits" and not q.currency and self.is_year_tail(q):
            return "year"  # "the 2020-21 year end": a financial year, though "year" follows
        explicit = u.unit is not None or q.currency
        if q.kind == "digits" and not explicit:
            text = q.text
            year_like = (
                q.integral
                and len(text) == 4
                and "," not in text
                and rules.year_range[0] <= q.value <= rules.year_range[1]
            )
            # "a further 1950 households" counts; "in 2019 households" is a year
            if year_like and (not u.counted or self.lower(q.start - 1) in rules.year_words):
                return "year"
            m = FY6_RE.fullmatch(text)
            if m and (int(m.group(1)) + 1) % 100 == int(m.group(2)):
                return "year"  # "202223"
            if PHONE_RE.fullmatch(text) or (text.isdigit() and self.after_phone_group(q.start)):
                return "code"  # "01234 567890": no quantity is written with a leading 0
        nxt = t.at(q.end)
        if nxt in rules.not_before or (nxt == "-" and t.at(q.end + 1) in rules.not_before):
            return "time"  # "10am", "six monthly", "2 quarters"
        if nxt == "-" and t.at(q.end + 1) != "to" and not t.space[q.end - 1] and t.space[q.end]:
            return "word"  # "its 5- year land supply": a broken compound; "8- to 12-week" reads
        if q.kind == "fraction" and "/" in q.text and u.unit is None:
            # "3/4 of staff", "1/2 hour"; a bare "3/4" may be a date ("on 3/4")
            return "" if t.at(q.end) in rules.fraction_followers else "date"
        if q.kind == "fraction" and not _written(q):
            prev = self.lower(q.start - 1)
            if prev in rules.fraction_blockers:
                return "period"  # "the first half of the year"
            bare = q.end - q.start == 1 and t.at(q.end) not in rules.fraction_followers
            bare = bare and u.unit is None  # "half a day" is a figure
            return "word" if bare and prev not in rules.half_cues else ""
        if q.kind == "zero" or explicit:
            return ""
        start = q.number_start
        new_line = start in t.line_starts
        if (self.is_month(start - 1) and not new_line) or self.is_month(q.end):
            return "date"
        clock = q.kind == "digits" and CLOCK_RE.fullmatch(q.text) is not None
        if clock and self.lower(start - 1) in rules.time_cues:
            return "time"  # "between 9.00 and 17.00", "until 18.30"
        if (
            q.kind == "digits"
            and HEADING_RE.fullmatch(q.text)
            and self.is_line_start(start)
            and q.end < self.n
            and t.text[q.end][:1].isupper()
        ):
            return "label"  # a numbered heading: "3.1 Performance Report"
        if q.kind == "digits" and q.integral and len(q.text) <= 3 and new_line and q.end < self.n:
            head = t.text[q.end]
            if (
                head[:1].isupper()
                and head.isalpha()
                and (not u.counted or self.is_title_line(q.end))
            ):
                return "label"  # an item number opening its title: "15 Workforce Report"
            if TITLE_YEAR_RE.fullmatch(head) and self.is_title_line(q.end):
                return "label"  # "114 2013/14 QUARTER 3 PERFORMANCE REPORT": a dated title
        if self.is_label(start) or self.is_list_marker(start, q.end):
            return "label"
        if self.is_subsection(start, q.end):
            return "label"  # "Standing Order 25(2)", "section 106(4)": a clause of a label
        prev = self.lower(start - 1)
        why = "" if new_line else self.rejected_ends.get(start - 1, "")
        if prev in rules.range_connectors:
            return why  # "2022-23", "2022 to 2023", "Quarter 1 to 3"
        if prev in rules.coordinators and why in ("label", "time"):
            return why  # "Quarters 2 and 3", "NI 141 and 142", "9.00 and 17.00"
        return ""

    # -- the walk -------------------------------------------------------------------------------

    def figure_at(self, i: int) -> tuple[list[FoundFigure], int]:
        """Figures starting at token i (two for a range) and where to resume; ([], i+1) if none."""
        rules, t = self.rules, self.t
        q = read_quantity(t, i, rules)
        if q is None:
            rank = self.rank_at(i) or self.age_group_at(i)
            return ([rank], i + 1) if rank else ([], i + 1)
        if i > 0 and t.lower[i - 1] in _SIGNS:
            q = _signed(t, q, self.floor)
        u = self.unit_for(q)
        why = self.not_a_figure(q, u)
        if why:
            self.rejected_ends[q.end] = why
            return [], q.end
        if not self.counts(q, u):
            return [], q.end
        first = self.build(q, u, self.context_unit(i))
        if first.unit in ("gbp", "other"):
            first = self.with_subunit(first)
        # a range or from-to: "6-8 weeks", "5 – 10%", "from 31 episodes to 18", "between 60 and 65"
        j = u.span_end
        conn = t.at(j)
        if conn == "-" and t.at(j + 1) == "to" and not t.space[j - 1] and t.space[j]:
            j, conn = j + 1, "to"  # "8- to 12-week": a suspended hyphen before the range's "to"
        between = self.lower(i - 1) == "between"
        coordinated = conn in rules.coordinators and (between or u.unit is None)
        if conn in rules.range_connectors or coordinated:
            second = self.second_of_range(first, q, u, i, j, conn, between)
            if second is not None:
                return (second, second[-1].end) if second else ([], u.span_end)
        return [first], max(u.span_end, first.end)

    def second_of_range(
        self, first: FoundFigure, q: Quantity, u: _Unit, i: int, j: int, conn: str, between: bool
    ) -> list[FoundFigure] | None:
        """The range's two figures; None if the second is no range end, [] to drop both."""
        rules, t = self.rules, self.t
        q2 = read_quantity(t, j + 1, rules)
        if q2 is None or q2.kind in ("zero", "ratio"):
            return None
        q2 = _signed(t, q2, j + 1)
        if t.at(q2.end) in rules.not_before:
            return []  # "4.15-4.45 p.m.": both ends are times
        u2 = self.unit_for(q2)
        if self.not_a_figure(q2, u2):
            return None
        is_from = self.lower(i - 1) == "from"
        has1 = u.unit is not None or u.counted or q.currency
        has2 = u2.unit is not None or u2.counted or q2.currency
        if conn in rules.coordinators and not between:
            # "6 or 7 days": an alternative, when the second carries a unit the first lacks
            # ("was 45 and 12 months ago" is two figures)
            if conn not in rules.alternatives or not (
                u2.unit is not None and u2.unit != "count" and u.unit is None
            ):
                return None
        elif conn == "to" and has1 and not is_from:
            return None  # "up by 2 percentage points to 91.6%": a change and a value
        if q.kind == "fraction" or q2.kind == "fraction":
            return None
        scale, glued = self.range_scale(q, q2)
        if glued:  # "£1-2m": the "m" that "2" alone would not take ("2m" may be metres)
            q2 = replace(q2, value=_times(q2.value, scale), end=q2.end + 1)
            u2 = self.unit_for(q2)
        if scale != 1.0 and q.end - q.number_start == 1:
            first = replace(first, value=_times(first.value, scale))  # "£1-2m", "£5-10k": £1m, £5k
        second = self.build(q2, u2, self.context_unit(i))
        if not has1 and has2:
            first = replace(
                first,
                unit=second.unit,
                is_pp=second.is_pp,
                value=_scaled_like(first.value, q, q2),
                per=second.per,
            )
        elif has1 and not has2:
            second = replace(second, unit=first.unit, is_pp=first.is_pp, per=first.per)
        if is_from and conn == "to":
            return [replace(first, from_to="from"), replace(second, from_to="to")]
        return [replace(first, range_start=True), replace(second, range_end=True)]

    def range_scale(self, q: Quantity, q2: Quantity) -> tuple[float, bool]:
        """The scale of a money range's second number ("£1-2m", "£1.2-1.5m", "£5-10k"), which
        the first shares, and whether it is still to be read (the "m" of "2m", which a number
        alone does not take: it may be metres); (1.0, False) if none."""
        t, rules = self.t, self.rules
        if not q.currency or q2.currency or q2.kind != "digits":
            return 1.0, False
        raw = _digits(q2.text)
        if q2.end == q2.number_start + 2 and raw and q2.value != raw:
            return q2.value / raw, False  # "1.5m", "10k": read with its scale already
        nxt = t.at(q2.end)
        if q2.end != q2.number_start + 1 or nxt not in rules.glued_scales or t.space[q2.end - 1]:
            return 1.0, False
        return rules.glued_scales[nxt], True

    def with_subunit(self, f: FoundFigure) -> FoundFigure:
        """ "3 dollars 50 cents", "£20 and 43p": a sum of money and its hundredths, one figure."""
        t, subunits = self.t, self.rules.money_subunits
        if not subunits or f.unit not in ("gbp", "other") or f.value != int(f.value):
            return f
        if f.unit == "other" and f.unit_words is None and not t.at(f.number[0] - 1):
            return f
        if f.unit_words is not None and t.at(f.unit_words[1] - 1) in subunits:
            return f  # already pence: "50 pence"
        j = f.end + 1 if t.at(f.end) == "and" else f.end
        glued = _GLUED_SUBUNIT_RE.fullmatch(t.at(j))
        if glued is not None and glued.group(2) in subunits:  # "$20 and 43c"
            return replace(f, end=j + 1, value=f.value + int(glued.group(1)) / 100)
        cents, after = _digits(t.at(j)), j + 1
        if cents is None:  # "thirteen dollars forty-five cents"
            cents, after = _word_number(t, j, self.rules) or (None, j)
        if cents is None or not (0 < cents < 100) or "." in t.at(j):
            return f
        if t.at(after) in subunits:
            return replace(f, end=after + 1, value=f.value + cents / 100)
        if self.bare_cents(f, j, after):  # "$20 43.", "twenty ringgit and 43."
            return replace(f, end=after, value=f.value + cents / 100)
        return f

    def bare_cents(self, f: FoundFigure, j: int, after: int) -> bool:
        """Whether the number at t[j:after], after a sum of money, is its hundredths with the
        subunit left unsaid ("$20 43", "twenty dollars and 43"): two digits or words, the
        sentence ending there, on the same line, after a plain sum named as money."""
        t, rules = self.t, self.rules
        if t.at(after) not in ("", ".", "!", "?", ";") or any(
            k in t.line_starts for k in range(f.end, after)
        ):
            return False
        if _numeric(t.at(j)) and (len(t.at(j)) != 2 or after != j + 1):
            return False
        numbers = t.lower[f.number[0] : f.number[1]]
        if any(w in rules.scale_words or w in rules.glued_scales for w in numbers):
            return False  # "$20 million 43": not a sum and its cents
        before = t.at(f.number[0] - 1)
        if before in rules.currency_prefixes or before in rules.other_currency_prefixes:
            return True
        return f.unit_words is not None and t.lower[f.unit_words[1] - 1] in rules.currency_names

    def unit_for(self, q: Quantity) -> _Unit:
        if q.kind == "zero" and q.noun_end:
            return _Unit(span_end=q.noun_end, counted=True, start=q.start + 1, end=q.noun_end)
        if q.unit is not None:  # "a fortnight": the phrase is its own unit
            return _Unit(unit=q.unit, span_end=q.end)
        if q.kind == "fraction" and not _written(q):
            return self.fraction_unit(q)
        if q.kind == "ratio":
            return _Unit(span_end=q.end)
        return _read_unit(self.t, q.end, q, self.rules)

    def fraction_unit(self, q: Quantity) -> _Unit:
        """ "half a day", "a quarter of an hour", "one-half miles": a fraction of a unit of time
        or distance takes that unit; any other fraction has none ("a third of residents")."""
        (start, end), unit = _measure_after(self.t, q.end, self.rules)
        if unit is None:
            return _Unit(span_end=q.end)
        return _Unit(unit=unit, start=start, end=end, span_end=end)

    def counts(self, q: Quantity, u: _Unit) -> bool:
        """Restricted words ("one") are figures only with "of", a unit, a counted noun or a
        bracketed share after them."""
        rules, t = self.rules, self.t
        restricted = rules.restricted_number_words
        if q.kind == "words" and t.lower[q.start] in restricted and q.end - q.start == 1:
            if t.lower[q.start] == "zero" and rules.zero_not_before:
                # "the figure was zero", but not "zero tolerance", "net zero", "zero-hours"
                hyphen = t.at(q.end) == "-"
                nxt = t.at(q.end + 1) if hyphen else t.at(q.end)
                if self.lower(q.start - 1) in rules.zero_not_after or nxt in rules.zero_not_before:
                    return False
                if u.unit is None and not u.counted and not (hyphen and nxt[:1].isalpha()):
                    return True
            if t.at(q.end) == "(" and t.at(q.end + 2) == "%":
                return True  # "four (67%) on target, one (17%) below": a count and its share
            if t.at(q.end) == "of" and self.is_superlative(q.end + 1):
                return False  # "one of the lowest funded councils": "one" stands for a member
            return u.unit is not None or u.counted or t.at(q.end) == "of"
        return True

    def is_superlative(self, j: int) -> bool:
        """ "the lowest", "its best", "the most improved": a superlative after "one of"."""
        if self.lower(j) not in ("the", "its", "our", "their"):
            return False
        return self.lower(j + 1) in self.rules.superlatives

    def build(self, q: Quantity, u: _Unit, context: str | None) -> FoundFigure:
        value = q.value
        if q.currency:
            unit = q.currency_unit
        elif q.kind == "ratio" or (q.kind == "fraction" and u.unit is None):
            unit = "other"
        elif u.unit is not None:
            unit = u.unit
        elif u.per is not None:
            unit = "rate"
        elif context is not None and not u.counted:
            unit = context
        else:
            unit = "count"
        is_rate_base = self.lower(q.start - 1) == "per" and q.value in self.rules.rate_bases
        if unit == "rate":  # "313 [bins were missed] per 100,000": its unit words are the base
            u = _Unit(span_end=q.end, per=u.per)
        elif is_rate_base:  # "per 100,000 [bins collected]": the base alone
            u = _Unit(span_end=q.end)
        if u.end == u.start + 1 and self.t.lower[u.start] in self.rules.unit_factors:
            value *= self.rules.unit_factors[self.t.lower[u.start]]  # "50 pence": £0.50
        return FoundFigure(
            start=q.start,
            end=u.span_end,
            value=value,
            unit=unit,
            number=(q.number_start, q.end),
            unit_words=(u.start, u.end) if u.end > u.start else None,
            is_pp=u.is_pp,
            per=u.per if unit == "rate" else None,
            is_rate_base=is_rate_base,
            qualifier=u.qualifier,
            kind=q.kind,
        )

    def age_group_at(self, i: int) -> FoundFigure | None:
        """ "the over-65s", "under 18s": an age band written as a plural number (unit years)."""
        m = AGE_GROUP_RE.fullmatch(self.t.lower[i])
        if m is None:
            return None
        before = i - 2 if self.lower(i - 1) in ("-", "–") else i - 1
        if self.lower(before) not in self.rules.age_group_cues:
            return None
        return FoundFigure(i, i + 1, float(m.group(1)), "years", (i, i + 1), kind="age")

    def rank_at(self, i: int) -> FoundFigure | None:
        """ "Wokingham was third in the South East": an ordinal used as a rank (unit other)."""
        rules = self.rules
        w = self.t.lower[i]
        value: float | None = rules.ordinal_words.get(w)
        if value is None:
            m = ORDINAL_RE.fullmatch(w)
            value = float(m.group(1)) if m else None
        if value is None or self.lower(i - 1) not in rules.rank_cues_before:
            return None
        _, hit = _match(self.t, i + 1, rules.rank_followers)
        if hit is None:
            return None
        return FoundFigure(i, i + 1, float(value), "other", (i, i + 1), kind="rank")


def _written(q: Quantity) -> bool:
    """A fraction written with digits or a symbol ("3/4", "½"), which takes a unit after it."""
    return "/" in q.text or (len(q.text) == 1 and not q.text.isalpha())


PHONE_RE = re.compile(r"0\d{2,}")  # a telephone or code group ("020", "01234", "0800")
LIST_FOLLOWERS = frozenset({",", "and", "&", "or", ".", ";", ")", ":", ""})


def _named_unit(lower: Sequence[str], start: int, end: int, units: dict[str, str]) -> str | None:
    """The first unit word in lower[start:end] ("Average days lost per FTE", "the number of
    days lost"), passing over one that follows a number: a definition's ("within 7 days")."""
    for j in range(start, end):
        unit = units.get(lower[j])
        if unit is not None and not (j > 0 and lower[j - 1][:1].isdigit()):
            return unit
    return None


def _times(value: float, factor: float) -> float:
    """value * factor without binary noise: "£8.3m" is 8300000, not 8300000.000000001
    (15 significant digits is what a float holds)."""
    return float(f"{value * factor:.15g}")


def _scaled_like(value: float, q: Quantity, q2: Quantity) -> float:
    """ "£1-2m": the first end of a range takes the second's scale when it has none."""
    if q.kind == "digits" and q2.kind == "digits" and q.end - q.number_start == 1:
        raw2 = _digits(q2.text)
        if raw2 and q2.value != raw2 and q2.end - q2.number_start == 2:
            return value * (q2.value / raw2)
    return value


_DIGIT_START = frozenset("0123456789")
_NUMBER_START = _DIGIT_START | {"."}


def candidates(t: Toks, rules: NumberRules) -> list[int]:
    """Tokens that may begin a figure: digits, number/zero/fraction/ordinal words, "£", "a third".

    A cheap pre-check so the rules run on a few per cent of tokens only.
    """
    starters, heads = rules.starters, rules.article_heads
    lower = t.lower
    # ".08": a decimal without its leading zero (one set test per token, as for digits alone)
    found = [
        i
        for i, w in enumerate(lower)
        if (w[0] in _NUMBER_START and (w[0] != "." or w[1:2] in _DIGIT_START)) or w in starters
    ]
    # "a third of", "a hundred", "a fortnight": the figure starts at the article before
    return [
        i - 1 if i > 0 and lower[i - 1] in ("a", "an") and lower[i] in heads else i for i in found
    ]


def find_figures(doc: Doc | Toks, rules: NumberRules | None = None) -> list[FoundFigure]:
    """Every figure in a doc, in order, non-overlapping, as token offsets (reads; sets nothing)."""
    rules = rules or load_number_rules()
    t = doc if isinstance(doc, Toks) else Toks.from_doc(doc)
    scanner = _Scanner(t, rules)
    found: list[FoundFigure] = []
    resume = 0
    for i in candidates(t, rules):
        if i < resume:
            continue
        scanner.floor = resume
        figures, resume = scanner.figure_at(i)
        if figures and found and _restated(t, found[-1], figures[0]):
            figures = figures[1:]  # "forty-five (45) cases": one figure, said twice
        found.extend(figures)
    found = _share_list_units(found, t)
    if t.index is None:
        return found
    return [_to_doc(f, t) for f in found]


def _restated(t: Toks, words: FoundFigure, digits: FoundFigure) -> bool:
    """Whether `digits` restates `words` in brackets right after it: "forty-five (45)"."""
    return (
        words.kind == "words"
        and digits.kind == "digits"
        and digits.start == words.end + 1
        and t.at(words.end) == "("
        and t.at(digits.end) == ")"
        and digits.value == words.value
        and not digits.range_start
    )


# units a list's bare numbers take from its last member, which names it; not money (the sign
# is on each number) nor a count (which is what a bare number already is)
LIST_UNITS = frozenset({"percent", "days", "weeks", "months", "hours", "years"})
LIST_JOINS = frozenset({(",",), ("and",), ("or",), (",", "and"), (",", "or")})


def _share_list_units(found: list[FoundFigure], t: Toks) -> list[FoundFigure]:
    """ "8.95, 10.80 and 9.42 days", "96.1, 97.2 and 98.0 per cent": bare numbers listed
    (three or more, joined by commas and a last "and"/"or") before one that names its unit
    are in that unit (SCHEMA: the unit comes from what is counted)."""
    k = len(found) - 1
    while k >= 2:
        last = found[k]
        if last.unit not in LIST_UNITS or last.unit_words is None or last.is_pp or last.per:
            k -= 1
            continue
        first = k
        while first > 0:
            before = found[first - 1]
            joined = tuple(t.lower[before.end : found[first].start]) in LIST_JOINS
            if not joined or before.unit_words is not None or before.kind != "digits":
                break
            if before.unit not in ("count", "rate", "score", last.unit) or before.is_pp:
                break  # a bare number's unit from its subject ("rates were 96.1") gives way
            if before.range_start or before.range_end:
                break
            first -= 1
        if k - first >= 2 and not (
            last.unit == "percent" and any(not 0 <= f.value <= 100 for f in found[first:k])
        ):
            for j in range(first, k):
                found[j] = replace(found[j], unit=last.unit)
        k = first - 1
    return found


def _to_doc(f: FoundFigure, t: Toks) -> FoundFigure:
    """A figure found in a whitespace-free run, with offsets in the doc's tokens."""
    start, end = t.to_doc(f.start, f.end)
    unit_words = t.to_doc(*f.unit_words) if f.unit_words else None
    # dataclasses.replace, less its per-call walk over the fields (a few µs a figure)
    return FoundFigure(
        **{
            **f.__dict__,
            "start": start,
            "end": end,
            "number": t.to_doc(*f.number),
            "unit_words": unit_words,
        }
    )


def set_figures(doc: Doc, found: Sequence[FoundFigure]) -> Doc:
    """Write found figures to doc.spans["mg_figures"] with their extensions (extensions.py)."""
    register_extensions()
    spans = []
    for f in found:
        span = Span(doc, f.start, f.end, label=FIGURE_LABEL)
        span._.mg_figure = {
            "value": float(f.value),
            "unit": f.unit,
            "number": f.number,
            "unit_words": f.unit_words,
            "range_start": f.range_start,
            "range_end": f.range_end,
            "from_to": f.from_to,
            "is_pp": f.is_pp,
            "per": f.per,
            "is_rate_base": f.is_rate_base,
            "qualifier": f.qualifier,
            "kind": f.kind,
        }
        spans.append(span)
    doc.spans[FIGURES_KEY] = spans
    return doc


class NumberFinder:
    """The `mg_numbers` component: find_figures then set_figures, with the rules loaded once."""

    def __init__(self, nlp: Language, name: str = "mg_numbers", *, rules_path: str = "") -> None:
        register_extensions()
        self.name = name
        self.rules = load_number_rules(rules_path or None)

    def __call__(self, doc: Doc) -> Doc:
        found = find_figures(doc, self.rules)
        if self.rules.score_scales:
            found = rating_scores(found, doc, self.rules.score_scales)
        if any(f.unit == "rate" or f.is_rate_base for f in found):
            from .sections import structure_of

            structure = structure_of(doc)
            found = spread_rates(found, [structure.sentence_index(f.number[0]) for f in found])
        return set_figures(doc, found)


def rating_scores(
    found: Sequence[FoundFigure], doc: Doc, scales: frozenset[float]
) -> list[FoundFigure]:
    """ "Customer satisfaction was 4.3 out of 5": a bare number out of a rating scale's top,
    and that top, are scores."""
    out = list(found)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if b.start - a.end != 2:
            continue
        words = [doc[i].lower_ for i in range(a.end, b.start)]
        if (
            words == ["out", "of"]
            and b.value in scales
            and a.value <= b.value
            and a.unit == b.unit == "count"
            and a.unit_words is None
            and b.unit_words is None
        ):
            out[k], out[k + 1] = replace(a, unit="score"), replace(b, unit="score")
    return out


def spread_rates(found: Sequence[FoundFigure], sentences: Sequence[int]) -> list[FoundFigure]:
    """Bare numbers in a sentence that states a rate are rates too: "142.6 per 100,000
    population, down from 171.3 and below the England average of 560.8", "Missed bins per
    100,000 collections - 64 (target 80)". `sentences` is each figure's sentence index."""
    rated = {s for f, s in zip(found, sentences, strict=True) if f.unit == "rate" or f.is_rate_base}
    return [
        replace(f, unit="rate")
        if s in rated
        and f.unit == "count"
        and f.unit_words is None
        and f.kind == "digits"
        and not f.is_rate_base
        and not f.is_pp
        else f
        for f, s in zip(found, sentences, strict=True)
    ]


@Language.factory("mg_numbers", default_config={"rules_path": ""})
def make_number_finder(nlp: Language, name: str, rules_path: str) -> NumberFinder:
    """Factory for `nlp.add_pipe("mg_numbers")`; rules_path "" means the packaged numbers.yaml."""
    return NumberFinder(nlp, name, rules_path=rules_path)
