"""Microplanning: turn a content plan into sentences from the style's phrasebank.

Picks phrase variants (seeded), words each comparison, aggregates clauses into lists
("a; b; and c"), and abbreviates on second mention. Figures stay `Quantity` segments until
realisation, so number formatting happens last.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from ..errors import InputError
from ..model import Indicator, Meeting
from .content import Comparison, Message, Plan
from .numbers import Quantity, decimals_of
from .parts import Part, find_parts
from .realiser import (
    AS_A_SHARE,
    DETERMINERS,
    MEASURE_HEADS,
    MEASURE_TAILS,
    Frame,
    be,
    capitalised_words,
    frame_for,
    head_noun,
    is_clause,
    is_uncountable,
    is_variance,
    normalise_name,
    note_clause,
    reads_as_zero,
    side_neutral,
    singular,
    singular_phrase,
    singular_predicate,
)
from .style import Chooser, Style

Segment = str | Quantity


# A signed budget variance is a sum of money or its share of a budget: negative, it is written
# as the underspend it is ("an underspend of 0.4 per cent of net budget"), never "minus".
VARIANCE_UNITS = frozenset({"gbp", "percent"})

_CONTENT_KEYS = frozenset({"both", "highlights", "focus", "none"})


def _content_key(plan: Plan) -> str:
    """Which sections the minute has: both, highlights, focus or none."""
    if plan.highlights and plan.focus:
        return "both"
    return "highlights" if plan.highlights else "focus" if plan.focus else "none"


def _by_content(phrase: Any, content: str) -> Any:
    """An opening sentence keyed by what the minute reports ({both, highlights, focus, none})
    gives the variant for this minute, or None when there is none: the opening must not say
    the report showed where services performed well when no indicator is a highlight."""
    if isinstance(phrase, dict) and phrase and set(phrase) <= _CONTENT_KEYS:
        return phrase.get(content) or None
    return phrase


@dataclass(frozen=True)
class Stated:
    """Provenance: one indicator a sentence states, with the values (by role) it writes."""

    name: str
    id: str | None
    row: int
    values: tuple[tuple[str, float], ...]
    why: str = ""  # why the indicator stands in its section: "below target; improved"
    frame: str = ""  # how it was stated: share, count, measure, figure
    part_of: str = ""  # the whole (id, else name) it was stated under, for a part


@dataclass(frozen=True)
class Sentence:
    """A sentence (or, in a bullet list, an item) as segments, with what it states."""

    segments: tuple[Segment, ...]
    stated: tuple[Stated, ...] = ()


@dataclass(frozen=True)
class Section:
    """A block of the minute: highlights, focus, neutral, annual or comments."""

    kind: str
    heading: str
    sentences: tuple[Sentence, ...]
    bullets: bool


@dataclass(frozen=True)
class Wording:
    """Everything phrasing decides: the minute as sentences, before numbers are written."""

    title: str
    subtitle: str
    opening: tuple[tuple[Sentence, ...], ...]
    annual: Sentence | None
    sections: tuple[Section, ...]
    resolution_label: str
    resolution: Sentence
    meeting: Meeting | None = None  # committee, date and item number for the document's head


# ---------------------------------------------------------------- phrase filling


def fill(template: str, slots: dict[str, Any]) -> list[Segment]:
    """Fill `{slot}` fields of a phrase; `{Slot}` capitalises. Values: str, Quantity or lists."""
    # strings are joined as they come (what merge_text does after): a minute fills tens of
    # thousands of phrases, most of them text around one figure
    out: list[Segment] = []
    text = ""  # the run of strings not yet appended
    for literal, field_name, _spec, _conv in _parse(template):
        text += literal
        if field_name is None:
            continue
        capital = False
        key = field_name
        if key not in slots and key[:1].isupper() and key[:1].lower() + key[1:] in slots:
            key, capital = key[:1].lower() + key[1:], True
        if key not in slots:
            raise InputError(
                f"phrase {template!r} uses unknown slot {{{field_name}}}; "
                f"available here: {', '.join(sorted(slots))}"
            )
        value = slots[key]
        if capital:
            value = capitalise(value if isinstance(value, list) else [value])
        if isinstance(value, str):
            text += value
            continue
        for segment in value if isinstance(value, list) else (value,):
            if isinstance(segment, str):
                text += segment
                continue
            if text:
                out.append(text)
                text = ""
            out.append(segment)
    if text:
        out.append(text)
    return out


@lru_cache(maxsize=1024)
def _parse(template: str) -> tuple[tuple[str, str | None, str | None, str | None], ...]:
    try:
        return tuple(string.Formatter().parse(template))
    except ValueError as error:
        raise InputError(f"phrase {template!r} is malformed: {error}") from None


def merge_text(segments: Iterable[Segment]) -> list[Segment]:
    """Join neighbouring strings, drop empty ones."""
    out: list[Segment] = []
    text = ""  # the run of strings not yet appended
    for segment in segments:
        if isinstance(segment, str):
            text += segment
            continue
        if text:
            out.append(text)
            text = ""
        out.append(segment)
    if text:
        out.append(text)
    return out


def capitalise(segments: Sequence[Segment]) -> list[Segment]:
    """Upper-case the first letter of the first text segment (figures are left alone)."""
    out = list(segments)
    if out and isinstance(out[0], str) and out[0]:
        out[0] = out[0][:1].upper() + out[0][1:]
    return out


def finish(segments: Sequence[Segment]) -> list[Segment]:
    """Capitalise and end with a full stop (unless it already ends with one)."""
    out = capitalise(segments)
    if out and isinstance(out[-1], str) and out[-1].rstrip().endswith((".", "!", "?")):
        return out
    return merge_text([*out, "."])


def join_list(items: Sequence[list[Segment]], listing: dict[str, Any]) -> list[Segment]:
    """Aggregate clauses: "a", "a and b", "a; b; and c" (separators from the style)."""
    if not items:
        return []
    if len(items) == 1:
        return list(items[0])
    if len(items) == 2:
        return merge_text([*items[0], str(listing.get("pair", " and ")), *items[1]])
    out: list[Segment] = []
    for index, item in enumerate(items):
        if index == len(items) - 1:
            out.append(str(listing.get("last", "; and ")))
        elif index:
            out.append(str(listing.get("separator", "; ")))
        out.extend(item)
    return merge_text(out)


def join_names(names: Sequence[str], listing: dict[str, Any]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    sep = str(listing.get("names_separator", ", "))
    last = str(listing.get("names_last", " and "))
    return sep.join(names[:-1]) + last + names[-1]


# ---------------------------------------------------------------- names and nouns


def _strip_end(text: str) -> str:
    return text.strip().rstrip(".;,").strip()


class Lexicon:
    """The language knowledge of a style: measure words, subject nouns, abbreviations."""

    def __init__(self, phrases: dict[str, Any]) -> None:
        self.measure_words = {str(w).lower() for w in phrases.get("measure_words") or []}
        nouns = phrases.get("nouns") or {}
        if not isinstance(nouns, dict):
            raise InputError("phrasebook 'nouns' must map plural -> singular")
        self.nouns: dict[str, str] = {str(k).lower(): str(v) for k, v in nouns.items()}
        # longest plural first so "young people" wins over "people"
        self._plurals = sorted(self.nouns, key=len, reverse=True)

    def display_name(self, name: str) -> str:
        """The name as it reads mid-sentence: "Number of X" -> "the number of X", "Missing
        episodes of ..." -> "missing episodes of ...", "Children in Care ..." unchanged."""
        name = normalise_name(name)  # "Number Of Households ..." -> "number of households ..."
        if name[:1].isdigit():
            return f"the {name}"  # "the 2023/24 budget gap": a label never opens on a figure
        if name.startswith("% of "):
            name = "percentage" + name[1:]  # a label reads "The percentage of calls answered"
        first, _, rest = name.partition(" ")
        if first.lower() in ("no.", "no") and rest.lower().startswith("of "):
            return f"the number {rest}"  # "No. of complaints upheld"
        measure_of = first.lower() in MEASURE_HEADS and rest.lower().startswith("of ")
        if (first.lower() in self.measure_words or measure_of) and rest:
            # "the number of complaints", "the volume of calls", "the timeliness of ...": a
            # measure in a list of names takes its article
            return f"the {first.lower()} {rest}"
        following = rest.split()[:2]
        plain_word = first[:1].isupper() and first[1:] == first[1:].lower()
        if plain_word and not any(w[:1].isupper() for w in following):
            return first[:1].lower() + first[1:] + (f" {rest}" if rest else "")
        return name

    def is_measure(self, name: str) -> bool:
        first, _, rest = name.partition(" ")
        return first.lower() in self.measure_words and bool(rest)

    def leading_noun(self, name: str) -> tuple[str, str] | None:
        """A plural subject noun the name starts with -> (singular, rest of the name)."""
        lowered = name.lower()
        for plural in self._plurals:
            if lowered == plural or lowered.startswith(plural + " "):
                return self.nouns[plural], name[len(plural) :]
        return None

    def count_noun(self, name: str) -> tuple[str, str] | None:
        """The first known plural noun in the name, as (singular, plural): ("episode", ...)."""
        lowered = f" {name.lower()} "
        best: tuple[int, str] | None = None
        for plural in self._plurals:
            at = lowered.find(f" {plural} ")
            if at >= 0 and (best is None or at < best[0]):
                best = (at, plural)
        if best is None:
            return None
        plural = best[1]
        return self.nouns[plural], plural


# ---------------------------------------------------------------- one indicator


@lru_cache(maxsize=4096)
def _stated_name(name: str, negative: bool) -> tuple[str, bool]:
    """Phraser.stated_name for a sum of money or a percentage (once per name and sign)."""
    if negative:
        neutral = side_neutral(name)
        if neutral is not None:
            return neutral, True
    return name, is_variance(name)


def _catalogue_entry(ident: str | None) -> Any:
    """The catalogue entry with this id (None for a table's own ids or none)."""
    if not ident:
        return None
    return _shipped_catalogue().get(ident)


@cache
def _shipped_catalogue() -> Any:
    """The shipped catalogue, imported only when a row has an id to look up."""
    from ..catalogue import load_catalogue

    return load_catalogue()


def change_amount(value: float, previous: float, unit: str, noun: Any = None) -> Quantity:
    """How much a figure moved, as clerks state it: percentage points between percentages,
    per cent of the previous value otherwise (to one decimal place), and in the figure's own
    unit only where the previous value is 0 or below, or the sign changed (no per cent of
    nothing, and "down 305.7 per cent from minus £634,000" means nothing to a reader)."""
    if unit != "percent" and previous > 0 and value >= 0:
        relative = round(abs(value - previous) / abs(previous) * 100, 1)
        return Quantity(relative, "percent", None, "change")
    places = max(decimals_of(value), decimals_of(previous))
    return Quantity(round(abs(value - previous), places), unit, noun, "change", change=True)


def _count_noun(frame: Frame) -> tuple[str, str] | None:
    """The noun a count counts, from its frame's head ("episodes" of "missing episodes of
    young people"), as (singular, plural); None where the head is not a plural noun."""
    head = head_noun(frame.subject) if frame.kind == "count" else ""
    if not head or not head[:1].isalpha():
        return None
    lowered = head.lower()
    one = singular(lowered)
    return (one, lowered) if one != lowered else None


class Phraser:
    """Words the messages of one minute in one style, with a seeded choice of variants."""

    def __init__(self, style: Style, seed: int) -> None:
        self.style = style
        self.phrases = style.phrases
        self.choose = Chooser(seed)
        self.lexicon = Lexicon(self.phrases)
        self.defaults: dict[str, Any] = dict(self.phrases.get("defaults") or {})
        self.report_period: str | None = None
        self.proper_words: frozenset[str] = frozenset()
        self._clause_nodes: dict[tuple[str, str, str], Any] = {}
        # id(whole's message) -> the parts stated under it (see word and draft/parts.py)
        self.parts: dict[int, list[Part]] = {}

    def phrase(self, *path: str) -> str:
        """The phrase at `path` (e.g. "target", "above"), one variant picked."""
        node: Any = self.phrases
        for key in path:
            if not isinstance(node, dict) or key not in node:
                raise InputError(f"style {self.style.name!r} has no phrase {'.'.join(path)!r}")
            node = node[key]
        return self.choose.pick(node)

    def has(self, *path: str) -> bool:
        node: Any = self.phrases
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return False
            node = node[key]
        return True

    def clause_node(self, section: str, key: str, unit: str) -> Any:
        """The clause phrase node for `key`: the section's own (per unit, then general) first.

        None where the style turns a phrase off with `null`.
        """
        found = self._clause_nodes.get((section, key, unit), self._clause_nodes)
        if found is not self._clause_nodes:  # looked up before: a style does not change
            return found
        found = self._find_clause_node(section, key, unit)
        self._clause_nodes[(section, key, unit)] = found
        return found

    def _find_clause_node(self, section: str, key: str, unit: str) -> Any:
        """clause_node's search: the section's own phrase (per unit, then general), then the
        style's."""
        for path in (
            ("sections", section, "clause", f"{key}_{unit}"),
            ("sections", section, "clause", key),
            ("clause", f"{key}_{unit}"),
            ("clause", key),
        ):
            if self.has(*path):
                node: Any = self.phrases
                for step in path:
                    node = node[step]
                return node
        raise InputError(f"style {self.style.name!r} has no phrase 'clause.{key}'")

    def _has_clause(self, section: str, key: str, unit: str) -> bool:
        """Has the style a clause phrase for `key` (a style of its own may lack a newer one)?"""
        try:
            return self.clause_node(section, key, unit) is not None
        except InputError:
            return False

    def clause_phrase(self, section: str, key: str, unit: str) -> str:
        """One variant of the clause phrase for `key` (see clause_node)."""
        node = self.clause_node(section, key, unit)
        if node is None:
            raise InputError(f"style {self.style.name!r} turns off phrase 'clause.{key}'")
        return self.choose.pick(node)

    def frame_of(self, ind: Indicator, unit: str, name: str | None = None) -> Frame:
        """The indicator's phrase frame: the catalogue's (by the row's id) or parsed (from
        `name` where the sentence states the row under another name, else the row's)."""
        entry = _catalogue_entry(ind.id)
        catalogue = entry.frame if entry is not None and name is None else None
        return frame_for((name or ind.name).strip(), unit, catalogue)

    @staticmethod
    def stated_name(ind: Indicator, unit: str) -> tuple[str, bool]:
        """The name a sentence states the row by, and whether its sum is a signed budget
        variance: a negative sum named by its side ("Forecast underspend") is stated as the
        position it is ("the forecast position was an underspend of £4.5 million")."""
        name = ind.name.strip()
        if unit not in VARIANCE_UNITS:
            return name, False
        return _stated_name(name, ind.value is not None and ind.value < 0)

    def core_clause(
        self, section: str, frame: Frame, unit: str, slots: dict[str, Any], value: float
    ) -> list[Segment]:
        """The figure itself, worded by the frame: value first for shares and counts, a
        measure noun with "was", the safe fallback for a name of no known shape."""
        slots.update(
            subject=frame.subject,
            noun_phrase=frame.noun_phrase,
            predicate=frame.predicate,
            modifier=frame.modifier,
            measure=frame.measure or slots["name"],
        )
        kind = frame.kind
        if (
            kind == "share"
            and frame.predicate
            and value != 0
            and self.has("sections", section, "clause", "share_mass")
            and (is_uncountable(frame.subject) or len(frame.modifier.split()) == 1)
        ):
            # in a list of noun phrases ("in respect of ..."), a share of an amount is its
            # proportion: "the proportion of sickness absence caused by ..., which stood at";
            # so is a share whose condition is one participle: "71 per cent of graffiti
            # reports removed" reads as some of the reports removed, not the share removed
            kind = "share_mass"
        elif kind == "share" and not frame.predicate:
            kind = "share_plain"
            if (
                value != 0
                and is_uncountable(frame.subject)
                and self._has_clause(section, "share_mass", unit)
            ):
                kind = "share_mass"  # "the proportion of expenditure ... was 42 per cent"
        if kind == "measure":
            words = frame.measure.lower().split()
            lead = words[1] if words[:1] == ["the"] and len(words) > 1 else words[0]
            # "the average days lost ... was", "the rate of ... was": the measure is one figure
            singular_measure = (
                lead in MEASURE_HEADS
                or words[-1] in MEASURE_TAILS
                or _average_before_head(frame.measure, words)  # "Slough average days lost"
                or (" as " in frame.measure and AS_A_SHARE.search(frame.measure) is not None)
            )
            slots["be"] = "was" if singular_measure else be(head_noun(frame.measure) or "x")
        elif kind == "portion":
            slots["be"] = be(frame.subject)
            slots["whole"] = frame.modifier
        elif kind == "count":
            slots["be"] = "was" if value == 1 else "were"
            slots["noun_phrase"] = (
                frame.noun_phrase if value != 1 else singular_phrase(frame.noun_phrase)
            )
        else:
            slots["be"] = be(frame.subject or slots["name"])
        if value == 0 and kind in ("share", "share_plain", "count"):
            subject = frame.noun_phrase if kind != "share" else frame.subject
            if reads_as_zero(subject):
                slots["singular"] = singular_phrase(subject)
                slots["predicate"] = singular_predicate(frame.predicate)
                return fill(self.clause_phrase(section, f"zero_{kind}", unit), slots)
            if kind == "count":
                return fill(self.clause_phrase(section, "zero_nil", unit), slots)
        return fill(self.clause_phrase(section, kind, unit), slots)

    def indicator_clause(
        self, message: Message, section: str = "highlights"
    ) -> tuple[list[Segment], Stated]:
        """One indicator's clause: its figure, then each comparison (those against the
        section as a concession), then the note as a clause."""
        ind = message.indicator
        unit = (ind.unit or "count").strip().lower() or "count"
        name = ind.name.strip()
        said, variance = self.stated_name(ind, unit)
        display = self.lexicon.display_name(said)
        frame = self.frame_of(ind, unit, said if said != name else None)
        # the count noun goes only where the name does not already say it ("31 episodes" in
        # "from 31 episodes to 18"; never "incidents attended was 3,617 incidents")
        noun = _count_noun(frame) if unit == "count" else None
        values: list[tuple[str, float]] = []
        slots: dict[str, Any] = {"name": display}
        previous_done = False
        value = ind.value
        if value is None:
            core = fill(self.clause_phrase(section, "missing", unit), slots)
        else:
            values.append(("actual", value))
            slots["value"] = Quantity(value, unit, None, "actual", variance=variance)
            if (
                value != 0
                and ind.previous is not None
                and unit != "percent"
                and message.previous is not None
                and message.previous.material
                and frame.kind == "count"
                and "previous" not in message.against
                and self.has("clause", "from_to")
                and self.clause_node(section, "from_to", unit) is not None
            ):
                previous_done = True
                values.append(("previous", ind.previous))
                slots.update(self._previous_slots(ind, unit, noun, message.previous))
                slots["name"] = frame.noun_phrase or display
                slots["change"] = self._change_words(
                    message.previous, slots["amount"], praise=section != "focus"
                )
                core = fill(self.clause_phrase(section, "from_to", unit), slots)
            else:
                core = self.core_clause(section, frame, unit, slots, value)
        own_period = (ind.period or "").strip()
        if (
            own_period
            and self.report_period
            and own_period.lower() != self.report_period.lower()
            and not any(c.isdigit() for c in own_period)  # digit-free: "year to date"
            and not previous_done
            and self.has("period_note")
        ):
            core = fill(self.phrase("period_note"), {"clause": core, "period": own_period})
        parts: list[list[Segment]] = [core]
        conceded: list[list[Segment]] = []
        if message.target is not None:
            values.append(("target", message.target.other))
            words = self._target(message.target, unit, None)
            (conceded if "target" in message.against else parts).append(words)
        if message.previous is not None and not previous_done and ind.previous is not None:
            values.append(("previous", ind.previous))
            # a good change conceded in the areas for focus is stated plainly ("although down
            # from 38.2 days"): praise there would read as the section's judgement
            words = self._previous(ind, unit, None, message.previous, praise=section != "focus")
            (conceded if "previous" in message.against else parts).append(words)
        if message.benchmark is not None:
            values.append(("benchmark", message.benchmark.other))
            words = self._benchmark(ind, unit, None, message.benchmark)
            (conceded if "benchmark" in message.against else parts).append(words)
        concession: list[Segment] | None = None
        if conceded and self.has("concession"):
            joined = join_list(conceded, {"pair": " and ", "last": " and ", "separator": ", "})
            concession = fill(self.phrase("concession"), {"comparison": joined})
        else:
            parts.extend(conceded)
        glue = str(self.phrases.get("join", ", "))
        last_glue = str(self.phrases.get("join_last", glue))
        clause: list[Segment] = []
        for index, part in enumerate(parts):
            if index:
                joint = last_glue if index == len(parts) - 1 > 1 else glue
                clause.append(joint)
                if joint.strip().endswith("."):
                    part = capitalise(part)
            clause.extend(part)
        if concession is not None:  # "..., although below the target of 90 per cent"
            clause.extend([glue, *concession])
        clause = merge_text(clause)
        if ind.note and ind.note.strip():
            note = note_clause(ind.note, self.proper_words)
            # a note with no finite verb cannot follow "it was reported that": the style's
            # note_phrase says it another way ("..., below the target (data not yet validated)")
            key = "note" if is_clause(note) or not self.has("note_phrase") else "note_phrase"
            if str(self.phrase(key)).rstrip().endswith("{note}") and ". " in str(self.phrase(key)):
                note = note[:1].upper() + note[1:]  # a note that is a sentence of its own
            clause = fill(self.phrase(key), {"clause": clause, "note": note})
        stated = Stated(
            name=name,
            id=ind.id,
            row=ind.row,
            values=tuple(values),
            why=message.why,
            frame=frame.kind,
        )
        return clause, stated

    def _target(self, comparison: Comparison, unit: str, noun: Any) -> list[Segment]:
        target = Quantity(comparison.other, unit, noun, "target")
        if comparison.good is None and comparison.relation != "met":
            relation = "against"
        else:
            relation = comparison.relation
        words = fill(self.phrase("target", relation), {"target": target})
        if comparison.good:
            return fill(self.phrase("target", "positive"), {"comparison": words})
        return fill(self.phrase("target", "negative"), {"comparison": words})

    def _previous_slots(
        self, ind: Indicator, unit: str, noun: Any, comparison: Comparison
    ) -> dict[str, Any]:
        assert ind.value is not None and ind.previous is not None
        period = (ind.previous_period or "").strip() or str(
            self.defaults.get("previous_period", "the previous period")
        )
        variance = self.stated_name(ind, unit)[1]
        return {
            "previous": Quantity(ind.previous, unit, noun, "previous", variance=variance),
            "previous_period": period,
            "amount": change_amount(ind.value, ind.previous, unit, noun),
        }

    def _change_words(
        self, comparison: Comparison, amount: Quantity, *, praise: bool = True
    ) -> list[Segment]:
        """ "A positive decrease" for a good change; plain "a decrease" in the areas for focus,
        where praise would contradict the section it stands in."""
        direction = {"up": "increase", "down": "decrease"}.get(comparison.relation, "same")
        if direction != "same" and comparison.good is not None and (praise or not comparison.good):
            key = ("positive_" if comparison.good else "negative_") + direction
        else:
            key = direction
        return fill(self.phrase("change_words", key), {"amount": amount})

    def _previous(
        self, ind: Indicator, unit: str, noun: Any, comparison: Comparison, *, praise: bool = True
    ) -> list[Segment]:
        """The comparison with the previous period; a good change is not praised in the areas
        for focus (it is stated plainly there)."""
        slots = self._previous_slots(ind, unit, noun, comparison)
        relation = comparison.relation
        underspent = min(ind.value or 0, ind.previous or 0) < 0
        if underspent and slots["previous"].variance and self.has("previous", "variance"):
            key = "variance"  # "compared with an underspend of £634,000 in the previous period"
        elif relation == "same":
            key = "same"
        elif not comparison.material and self.has("previous", "stable"):
            key = "stable"
        elif comparison.good is None or (comparison.good and not praise):
            key = relation
        else:
            key = ("improved_" if comparison.good else "worsened_") + relation
        return fill(self.phrase("previous", key), slots)

    def _benchmark(
        self, ind: Indicator, unit: str, noun: Any, comparison: Comparison
    ) -> list[Segment]:
        label = (ind.benchmark_label or "").strip() or str(
            self.defaults.get("benchmark_label", "the benchmark")
        )
        words = label.split()
        the = {str(w).lower() for w in self.defaults.get("benchmark_label_the") or ()}
        if words and words[-1].lower() in the and words[0].lower() not in DETERMINERS:
            label = "the " + label
        slots = {"label": label, "benchmark": Quantity(comparison.other, unit, noun, "benchmark")}
        return fill(self.phrase("benchmark", comparison.relation), slots)

    # ------------------------------------------------------------ the minute

    def meeting_slots(self, meeting: Meeting, period: str | None) -> dict[str, Any]:
        """Slots for the opening, title and resolution, with the style's defaults."""
        d = self.defaults
        covered = (meeting.covered or "").strip() or str(d.get("covered", ""))
        service = (meeting.service or "").strip() or str(d.get("service", "the service"))
        return {
            "service_be": be(service),
            "period": period or str(d.get("period", "the period")),
            "officer": (meeting.officer or "").strip() or str(d.get("officer", "the Director")),
            "service": service,
            "committee": (meeting.committee or "").strip(),
            "date": (meeting.date or "").strip(),
            "covered": f" {_strip_end(covered)}" if covered else "",
        }

    def section_clauses(
        self, messages: Sequence[Message], kind: str
    ) -> list[tuple[list[Segment], Stated | tuple[Stated, ...] | None]]:
        """Each indicator's clause, with shares that say the same thing of different
        populations merged into one: "100 per cent of children with a CP Plan and 100 per cent
        of Children Looked After were allocated to a qualified social worker". Only bare
        figures merge (no comparison, note or period of their own), only in a section written
        as one sentence, and each value is still stated."""
        config = (self.phrases.get("sections") or {}).get(kind) or {}
        if not bool(config.get("aggregate", True)) or not self.has("clause", "merged_share"):
            return [self.whole_clause(m, kind) for m in messages]
        groups: dict[str, list[int]] = {}
        frames: dict[int, Frame] = {}
        own_period = (self.report_period or "").strip().lower()
        for index, message in enumerate(messages):
            ind = message.indicator
            unit = (ind.unit or "").strip().lower()
            if (
                unit != "percent"
                or not ind.value
                or message.target or message.previous or message.benchmark
                or (ind.note or "").strip()
                or (ind.period or "").strip().lower() not in ("", own_period)
            ):  # fmt: skip
                continue
            frame = self.frame_of(ind, unit)
            if frame.kind == "share" and frame.predicate:
                frames[index] = frame
                key = (
                    frame.predicate.partition(" ")[2]
                    if frame.predicate.startswith(("was ", "were "))
                    else frame.predicate
                )
                groups.setdefault(key, []).append(index)
        merged_into: dict[int, int] = {}
        for members in groups.values():
            if len(members) > 1:
                for other in members[1:]:
                    merged_into[other] = members[0]
        out: list[tuple[list[Segment], Stated | tuple[Stated, ...] | None]] = []
        for index, message in enumerate(messages):
            if index in merged_into:
                continue
            members = [index] + [o for o, first in merged_into.items() if first == index]
            if len(members) == 1:
                out.append(self.whole_clause(message, kind))
                continue
            parts: list[list[Segment]] = []
            stated: list[Stated] = []
            for member in members:
                ind = messages[member].indicator
                assert ind.value is not None
                parts.append([Quantity(ind.value, "percent", None, "actual"), " of ",
                              frames[member].subject])  # fmt: skip
                stated.append(
                    Stated(ind.name.strip(), ind.id, ind.row, (("actual", ind.value),),
                           why=messages[member].why, frame="share")
                )  # fmt: skip
            first = frames[members[0]]
            predicate = first.predicate
            if predicate.startswith("was "):
                predicate = "were " + predicate[4:]  # two populations: plural
            slots = {
                "parts": join_list(parts, {"pair": " and ", "last": " and ", "separator": ", "}),
                "predicate": predicate,
                "modifier": first.modifier,
            }
            out.append((fill(self.clause_phrase(kind, "merged_share", "percent"), slots),
                        tuple(stated)))  # fmt: skip
        return out

    def whole_clause(
        self, message: Message, kind: str
    ) -> tuple[list[Segment], Stated | tuple[Stated, ...]]:
        """An indicator's clause with the parts found under it (draft/parts.py) following it:
        "there were 94 overdue audit actions; of these, 18 overdue audit actions were high
        risk". Each part's value is stated, with the part's own row in provenance."""
        clause, stated = self.indicator_clause(message, kind)
        parts = self.parts.get(id(message))
        if not parts:
            return clause, stated
        whole = message.indicator
        frame = self.frame_of(whole, "count")
        whole_noun = frame.noun_phrase if frame.kind == "count" and frame.subject else ""
        whole_noun = whole_noun or self.lexicon.display_name(whole.name.strip())
        items: list[list[Segment]] = []
        stated_all = [stated]
        for part in parts:
            ind = part.message.indicator
            assert ind.value is not None
            value = ind.value
            slots: dict[str, Any] = {
                "value": Quantity(value, "count", None, "actual"),
                "be": "was" if value == 1 else "were",
            }
            if part.qualifier is not None:
                slots["noun_phrase"] = whole_noun if value != 1 else singular_phrase(whole_noun)
                slots["qualifier"] = _lower_first_word(part.qualifier)
                key = "part_qualified"
            else:
                own = self.frame_of(ind, "count")
                noun = own.noun_phrase if own.kind == "count" and own.subject else ""
                noun = noun or self.lexicon.display_name(ind.name.strip())
                slots["noun_phrase"] = noun  # named as the row is: "the number of X was 1"
                key = "part_named"
            items.append(fill(self.clause_phrase(kind, key, "count"), slots))
            stated_all.append(
                Stated(ind.name.strip(), ind.id, ind.row, (("actual", value),),
                       why=part.message.why, frame="part", part_of=whole.id or whole.name.strip())
            )  # fmt: skip
        joined = join_list(items, {"pair": "; and ", "last": "; and ", "separator": "; "})
        slots = {"whole": clause, "parts": joined}
        return fill(self.clause_phrase(kind, "parts", "count"), slots), tuple(stated_all)

    def section(
        self,
        kind: str,
        clauses: Sequence[tuple[list[Segment], Stated | tuple[Stated, ...] | None]],
        *,
        alone: bool = False,
    ) -> Section:
        """Aggregate a section's clauses into one sentence, or keep one sentence each. A
        section with none before it takes the style's `lead_alone` / `heading_alone` where
        given: "Other indicators" and "Members were also informed" need something before."""
        config = dict((self.phrases.get("sections") or {}).get(kind) or {})
        if alone:
            for key in ("lead", "heading"):
                if f"{key}_alone" in config:
                    config[key] = config[f"{key}_alone"]
        aggregate = bool(config.get("aggregate", True))
        # "The area highlighted for focus was" when the sentence states one indicator only
        one = len(clauses) == 1 and not (
            isinstance(clauses[0][1], tuple) and len(clauses[0][1]) > 1
        )
        lead = str(config.get("lead_single" if aggregate and one and "lead_single" in config
                              else "lead", ""))  # fmt: skip
        heading = str(config.get("heading", kind.title()))
        listing = self.phrases.get("list") or {}
        if aggregate:
            body = join_list([c for c, _ in clauses], listing)
            stated = tuple(
                one
                for _, s in clauses
                if s is not None
                for one in (s if isinstance(s, tuple) else (s,))
            )
            sentences: tuple[Sentence, ...] = (
                Sentence(tuple(finish(merge_text([lead, *body]))), stated),
            )
        else:
            sentences = tuple(
                Sentence(
                    tuple(finish(merge_text([lead, *c]))),
                    s if isinstance(s, tuple) else ((s,) if s else ()),
                )
                for c, s in clauses
            )
        return Section(kind, heading, sentences, bullets=not aggregate)

    def word(self, plan: Plan) -> Wording:
        """The whole minute in this style."""
        meeting = plan.meeting
        period = reporting_period(plan)
        self.report_period = period
        every = [*plan.highlights, *plan.focus, *plan.neutral]
        self.proper_words = capitalised_words(
            [m.indicator.note or "" for m in every] + list(meeting.comments)
        )
        slots = self.meeting_slots(meeting, period)
        title_key = "title" if period or not self.has("title_default") else "title_default"
        title_text = (meeting.title or "").strip() or _text(fill(self.phrase(title_key), slots))
        subtitle = _text(fill(self.phrase("report_of"), slots))
        content = _content_key(plan)
        opening_paragraphs = []
        for paragraph in self.phrases.get("opening") or []:
            sentences = paragraph if isinstance(paragraph, list) else [paragraph]
            chosen = [_by_content(s, content) for s in sentences]
            realised = tuple(
                Sentence(tuple(finish(fill(self.choose.pick(s), slots))))
                for s in chosen
                if s is not None
            )
            if realised:
                opening_paragraphs.append(realised)
        annual = None
        if plan.annual:
            display = [self.lexicon.display_name(i.name.strip()) for i in plan.annual]
            names = join_names(display, self.phrases.get("list") or {})
            stated = tuple(Stated(i.name.strip(), i.id, i.row, ()) for i in plan.annual)
            annual = Sentence(tuple(finish(fill(self.phrase("annual"), {"names": names}))), stated)
        sections: list[Section] = []
        under = self.group_parts(plan)
        for kind, messages in (
            ("highlights", plan.highlights),
            ("focus", plan.focus),
            ("neutral", plan.neutral),
        ):
            messages = tuple(m for m in messages if id(m) not in under)
            if messages:
                clauses = self.section_clauses(messages, kind)
                sections.append(self.section(kind, clauses, alone=not sections))
        comments = [_comment(c) for c in meeting.comments if c and c.strip()]
        if comments:
            sections.append(self.section("comments", [([c], None) for c in comments]))
        resolution_config = self.phrases.get("resolution") or {}
        label = str(resolution_config.get("label", "RESOLVED –"))
        if meeting.resolution and meeting.resolution.strip():
            text = meeting.resolution.strip()
            if text.upper().startswith("RESOLVED"):
                text = text[len("RESOLVED") :].lstrip(" –-:").strip()
            resolution = Sentence(tuple(finish([text])))
        else:
            resolution = Sentence(tuple(finish(fill(self.phrase("resolution", "default"), slots))))
        wording = Wording(
            title=title_text,
            subtitle=subtitle,
            opening=tuple(opening_paragraphs),
            annual=annual,
            sections=tuple(sections),
            resolution_label=label,
            resolution=resolution,
            meeting=meeting,
        )
        return abbreviate(wording, self.abbreviations(plan), self.named_forms(plan))

    def group_parts(self, plan: Plan) -> set[int]:
        """Find the parts to state under their wholes (draft/parts.py), where the style has
        the phrases and the whole's section is written as one sentence; returns the ids of
        the part messages, which leave their own sections."""
        self.parts = {}
        if not (self.has("clause", "parts") and self.has("clause", "part_qualified")):
            return set()
        sections = self.phrases.get("sections") or {}
        kinds = {}
        for kind, messages in (
            ("highlights", plan.highlights),
            ("focus", plan.focus),
            ("neutral", plan.neutral),
        ):
            for message in messages:
                kinds[id(message)] = kind
        every = [*plan.highlights, *plan.focus, *plan.neutral]
        moved: set[int] = set()
        for whole, parts in find_parts(every).values():
            config = sections.get(kinds[id(whole)]) or {}
            if not bool(config.get("aggregate", True)):
                continue  # bullets: each part keeps its own item
            self.parts[id(whole)] = parts
            moved.update(id(p.message) for p in parts)
        return moved

    def named_forms(self, plan: Plan) -> frozenset[str]:
        """The full forms the table's abbreviation column names ("Landlord Gas Safety Record"
        for LGSR): a name, whose capitals the sentence keeps."""
        forms = set()
        for message in [*plan.highlights, *plan.focus, *plan.neutral]:
            ind = message.indicator
            if ind.abbreviation:
                full = expansion(ind.name, ind.abbreviation)
                if full:
                    forms.add(full)
        return frozenset(forms)

    def abbreviations(self, plan: Plan) -> dict[str, str]:
        """Full form -> abbreviation, from the style and from each indicator's abbreviation."""
        found: dict[str, str] = {}
        for full, short in (self.phrases.get("abbreviations") or {}).items():
            found[str(full)] = str(short)
        messages = [*plan.highlights, *plan.focus, *plan.neutral]
        for message in messages:
            ind = message.indicator
            if ind.abbreviation:
                full = expansion(ind.name, ind.abbreviation)
                if full and full not in found:
                    found[full] = ind.abbreviation.strip()
        return found


def _average_before_head(measure: str, words: list[str]) -> bool:
    """Does "average" stand before the measure's head ("Slough average days lost ...")?"""
    if "average" not in words:
        return False
    head = head_noun(measure).lower()
    return "average" in (words[: words.index(head)] if head in words else words[:1])


def _lower_first_word(text: str) -> str:
    """A qualifier mid-sentence: "Stage 1" -> "stage 1"; "CP", "Housing Options" kept."""
    words = text.split()
    if not words:
        return text
    first = words[0]
    plain = first[:1].isupper() and first[1:] == first[1:].lower()
    if plain and not (len(words) > 1 and words[1][:1].isupper()):
        return first[:1].lower() + text.lstrip()[1:]
    return text


def _comment(text: str) -> str:
    """A member's comment as a clause after "Members": "Members asked ..." -> "asked ..."."""
    clause = _strip_end(text)
    if clause.lower().startswith("members "):
        clause = clause[len("members ") :]
    return clause


def reporting_period(plan: Plan) -> str | None:
    """The meeting's period, else the period most rows of the table give, else None."""
    if plan.meeting.period and plan.meeting.period.strip():
        return plan.meeting.period.strip()
    counts: dict[str, int] = {}
    messages = [*plan.highlights, *plan.focus, *plan.neutral]
    for indicator in [m.indicator for m in messages] + list(plan.annual):
        if indicator.period and indicator.period.strip():
            key = indicator.period.strip()
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda k: counts[k])  # first seen wins a tie


def _text(segments: Sequence[Segment]) -> str:
    return "".join(s for s in segments if isinstance(s, str))


def expansion(name: str, abbreviation: str) -> str | None:
    """The words of `name` that `abbreviation` stands for: "CP" in "a Child Protection Plan"."""
    letters = [c for c in abbreviation.strip() if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return None
    words = name.split()
    n = len(letters)
    for start in range(len(words) - n + 1):
        window = words[start : start + n]
        if all(w[:1] == c for w, c in zip(window, letters, strict=True)):
            return " ".join(w.rstrip(",;:") for w in window)
    return None


def _restore_names(wording: Wording, names: frozenset[str]) -> Wording:
    """The table's named full forms written with their capitals wherever a name was lowered as
    a common phrase ("a valid landlord gas safety record" -> "a valid Landlord Gas Safety
    Record" where the row abbreviates it LGSR)."""
    patterns = [(re.compile(rf"\b{re.escape(n)}\b", re.IGNORECASE), n) for n in names]

    def text(x: str) -> str:
        for pattern, name in patterns:
            if name.lower() in x.lower():
                x = pattern.sub(name, x)
        return x

    sections = tuple(
        Section(sec.kind, sec.heading,
                tuple(Sentence(tuple(text(x) if isinstance(x, str) else x for x in s.segments),
                               s.stated) for s in sec.sentences), sec.bullets)
        if sec.kind != "comments" else sec
        for sec in wording.sections
    )  # fmt: skip
    return replace(wording, sections=sections)


def abbreviate(
    wording: Wording, abbreviations: dict[str, str], names: frozenset[str] = frozenset()
) -> Wording:
    """A full form mentioned more than once gets "(ABBR)" at its first mention and the
    abbreviation after that ("Child Protection (CP)", then "CP"). A full form the table names
    (`names`) keeps its capitals.

    Only indicator sections are touched, and a full form is left alone where it is part of a
    longer capitalised name ("Initial Child Protection Conferences").
    """
    if names:
        wording = _restore_names(wording, names)
    if not abbreviations:
        return wording
    forms = sorted(abbreviations, key=len, reverse=True)
    patterns = {f: re.compile(rf"\b{re.escape(f)}(s?)\b") for f in forms}
    touched = [sec for sec in wording.sections if sec.kind != "comments"]
    texts = [x for sec in touched for s in sec.sentences for x in s.segments if isinstance(x, str)]

    def eligible(text: str, full: str) -> list[re.Match[str]]:
        found: list[re.Match[str]] = []
        if full not in text:
            return found  # the pattern needs the full form as written: no scan
        for match in patterns[full].finditer(text):
            before = text[: match.start()].rstrip()
            previous_word = before.rsplit(None, 1)[-1] if before else ""
            part_of_name = previous_word[:1].isupper() and not before.endswith((".", ";", ":"))
            if not part_of_name:
                found.append(match)
        return found

    counts = {full: sum(len(eligible(t, full)) for t in texts) for full in forms}
    forms = [f for f in forms if counts[f] > 1]
    seen: set[str] = set()

    def rewrite(text: str) -> str:
        for full in forms:
            short = abbreviations[full]
            pieces: list[str] = []
            position = 0
            for match in eligible(text, full):
                pieces.append(text[position : match.start()])
                plural = match.group(1)
                if full in seen:
                    pieces.append(short + plural)
                else:
                    seen.add(full)
                    pieces.append(f"{match.group(0)} ({short}{plural})")
                position = match.end()
            pieces.append(text[position:])
            text = "".join(pieces)
        return text

    def sentence(s: Sentence) -> Sentence:
        segments = tuple(rewrite(x) if isinstance(x, str) else x for x in s.segments)
        return Sentence(segments, s.stated)

    sections = tuple(
        Section(sec.kind, sec.heading, tuple(sentence(s) for s in sec.sentences), sec.bullets)
        if sec.kind != "comments"
        else sec
        for sec in wording.sections
    )
    return Wording(
        title=wording.title,
        subtitle=wording.subtitle,
        opening=wording.opening,
        annual=wording.annual,
        sections=sections,
        resolution_label=wording.resolution_label,
        resolution=wording.resolution,
        meeting=wording.meeting,
    )


def word_plan(plan: Plan, style: Style, seed: int = 0) -> Wording:
    """Phrase a content plan in `style`; `seed` picks phrase variants (0: always the first)."""
    return Phraser(style, seed).word(plan)
