"""The realiser's grammar: an indicator's phrase frame, agreement, articles and plurals.

A `Frame` says how an indicator is stated, built from parts rather than pasted as a name:

- `share` (a percentage of a population): subject "children in care" and finite verb phrase
  "were placed 20 or more miles from home", so a value goes first: "7.2 per cent of children in
  care were placed 20 or more miles from home";
- `count` (a number of things): the things counted, "new disrepair cases", so "there were 94
  new disrepair cases" and, at zero, "there were no new disrepair cases";
- `portion` (one amount as a share of another): "rent collected was 99.2 per cent of rent due";
- `measure` (a measure noun): "the timeliness of assessments", stated as "... was 88.1 per
  cent", never "88.1 per cent of timeliness of assessments";
- `figure` (the safe fallback for a name of no known shape): "the figure for X was N".

The catalogue may carry an indicator's frame ("children in care | were placed 20 or more
miles from home", or "the timeliness of assessments | was" for a measure noun); any other name
is parsed from its shape. Agreement ("was"/"were"), singulars and plurals come from `inflect`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

# Past participles that do not end in -ed, which start an indicator's predicate
# ("conferences held within 15 days", "visits seen on time").
IRREGULAR_PARTICIPLES = frozenset(
    [
        "held",
        "seen",
        "made",
        "taken",
        "paid",
        "sent",
        "done",
        "given",
        "met",
        "kept",
        "spent",
        "built",
        "found",
        "brought",
        "sold",
        "won",
        "lost",
        "run",
        "set",
        "put",
        "begun",
        "written",
        "known",
        "shown",
        "chosen",
        "drawn",
        "grown",
        "told",
        "heard",
        "read",
        "cut",
        "let",
        "undertaken",
        "overtaken",
        "withdrawn",
    ]
)
NEGATIONS = frozenset({"not", "never"})
# A measure named by its last word: "complaints response rate", "sickness management score"
MEASURE_TAILS = frozenset({"rate", "ratio", "score", "index", "level", "time", "balance"})
# Prepositions of place and time that make a share's predicate with "be": "visits on time",
# "care leavers in education, employment or training"
BE_PREPOSITIONS = frozenset({"in", "on", "within", "at"})
# Words that end a subject noun phrase without being part of the predicate.
RELATIVES = frozenset({"who", "that", "which", "whose"})
# Words a name's measure may begin with: "Rate of ...", "Timeliness of ...", "Satisfaction with".
MEASURE_HEADS = frozenset(
    [
        "rate",
        "level",
        "timeliness",
        "satisfaction",
        "proportion",
        "percentage",
        "number",
        "average",
        "total",
        "amount",
        "spend",
        "cost",
        "value",
        "take-up",
        "uptake",
        "turnover",
        "throughput",
        "length",
        "duration",
        "volume",
        "income",
    ]
)
SHARE_PREFIXES = re.compile(
    r"^(?:the\s+)?(?:%|percentage|per\s*cent|percent|proportion|share)\s+of\s+", re.IGNORECASE
)
COUNT_PREFIXES = re.compile(r"^(?:the\s+)?(?:total\s+)?(?:number|no\.|count)\s+of\s+", re.I)
TOTAL_PREFIX = re.compile(r"^(?:the\s+)?total\s+", re.IGNORECASE)
AS_A_SHARE = re.compile(
    r"\bas\s+an?\s+(?:%|percentage|proportion|share|per\s*cent)\s+of\b", re.IGNORECASE
)
AVERAGE_DAYS = re.compile(
    r"^(?:the\s+)?average\s+(days|weeks|hours|time)\s+(to|taken\s+to|for)\s+", re.IGNORECASE
)


SINGULAR_ENDINGS = ("ness", "ss", "us", "is")


@cache
def _engine() -> object:
    import inflect  # agreement, singulars, plurals and articles (see pyproject.toml)

    return inflect.engine()


@lru_cache(maxsize=4096)
def singular(noun: str) -> str:
    """The singular of a plural noun ("children" -> "child"); a singular is returned as is."""
    if not noun or not noun[:1].isalpha():
        return noun
    found = _engine().singular_noun(noun)  # type: ignore[attr-defined]
    return str(found) if found else noun


@lru_cache(maxsize=4096)
def is_plural(noun: str) -> bool:
    """Is this noun plural ("cases", "children", "arrears") rather than singular or mass?"""
    word = noun.strip().split()[-1] if noun.strip() else ""
    if not word or not word[:1].isalpha() or word.isupper():
        return False
    if word.lower().endswith(SINGULAR_ENDINGS):
        return False  # "timeliness", "access", "status", "analysis": singular despite the s
    return bool(_engine().singular_noun(word.lower()))  # type: ignore[attr-defined]


PREPOSITIONS = frozenset(
    [
        "of",
        "in",
        "on",
        "at",
        "with",
        "without",
        "for",
        "to",
        "from",
        "by",
        "under",
        "over",
        "into",
        "onto",
        "within",
        "after",
        "before",
        "due",
        "per",
        "across",
        "between",
        "during",
        "through",
        "via",
        "awaiting",
    ]
)


@lru_cache(maxsize=4096)
def head_noun(phrase: str) -> str:
    """The head of a noun phrase: the last word before its first preposition ("Children in
    Care" -> "Children", "missing episodes of young people" -> "episodes"). A bracketed aside
    is not the head: "fires (non-structural property) responded to" -> "fires"."""
    words = re.sub(r"\s*\([^()]*\)", "", phrase).split() or phrase.split()
    for index, word in enumerate(words):
        lowered = word.lower()
        ending = len(word) > 4 and word.endswith("ing") and word[:1].islower()
        function_word = (lowered in PREPOSITIONS or lowered in RELATIVES) and word.islower()
        if index and (function_word or ending or _is_participle(word)):
            before = index - 1
            if before and words[before].lower() in NEGATIONS:  # "homes not meeting ..."
                before -= 1
            return words[before]
    # "Children Looked After": a capitalised name ending in a particle or participle
    while len(words) > 1 and (
        words[-1].lower() in PREPOSITIONS or _is_participle(words[-1].lower())
    ):
        words = words[:-1]
    return words[-1] if words else ""


@lru_cache(maxsize=4096)
def noun_phrase_is_plural(phrase: str) -> bool:
    """A subject's number: "Children and Young People", "Children in Care" and "Housing
    Services" are plural, "Education" and "Adult Social Care" singular."""
    words = phrase.split()
    if " and " in f" {phrase.lower()} " and len(words) > 2:
        return True
    return bool(words) and is_plural(head_noun(phrase))


def be(subject: str, *, past: bool = True) -> str:
    """The verb "to be" agreeing with `subject`: "was"/"were" (or "is"/"are")."""
    plural = noun_phrase_is_plural(subject)
    if past:
        return "were" if plural else "was"
    return "are" if plural else "is"


def with_count(count: float, noun: str) -> str:
    """A noun phrase agreeing with a count: (1, "properties") -> "property"."""
    return singular(noun) if count == 1 else noun


def _is_participle(word: str) -> bool:
    if not word or not word[:1].islower():
        return False  # "Children Looked After": a capitalised participle belongs to a name
    core = word.strip(",;:")
    if core in IRREGULAR_PARTICIPLES:
        return True
    return len(core) > 4 and core.endswith("ed") and not core.endswith("eed")


@dataclass(frozen=True)
class Frame:
    """How an indicator is stated: its kind and the parts its sentences are built from.

    `subject` is the population or the things counted (plural as a rule); `predicate` the
    finite verb phrase ("were held within 15 working days"); `modifier` the same words as they
    follow a noun ("held within 15 working days"); `measure` a noun phrase for the measure
    ("the timeliness of assessments"). `source` says where the frame came from.
    """

    kind: str  # share, count, measure, portion, figure
    subject: str = ""
    predicate: str = ""
    modifier: str = ""
    measure: str = ""
    source: str = "parsed"  # parsed, catalogue, fallback

    @property
    def noun_phrase(self) -> str:
        """Subject and modifier: "children in care placed 20 or more miles from home"."""
        return f"{self.subject} {self.modifier}".strip()


def _lower_first(text: str) -> str:
    """Lower-case a phrase's first word unless it is an acronym or part of a capitalised name
    ("Missing episodes" -> "missing episodes"; "Children in Care", "CP visits" kept)."""
    words = text.split()
    if not words:
        return text
    first = words[0]
    following = words[1:3]
    plain = first[:1].isupper() and first[1:] == first[1:].lower()
    # a capitalised word next makes a name ("Children in Care"); an acronym does not
    if plain and not any(w[:1].isupper() and not w.isupper() for w in following):
        return first[:1].lower() + text[1:]
    return text


def _split_predicate(words: list[str]) -> tuple[int, str] | None:
    """Where a name's predicate starts, and how: at a relative pronoun ("who") or at the
    first lower-case past participle after the first word ("held", "placed")."""
    for index, word in enumerate(words):
        if index == 0:
            continue
        if word.lower() in RELATIVES:
            return index, "relative"
        before = words[index - 1]
        after_function_word = before.lower() in PREPOSITIONS | DETERMINERS and before.islower()
        if _is_participle(word) and not after_function_word:
            return index, "participle"
    return None


# Words that already determine a noun phrase: no article goes before them, and a participle
# after one is not a predicate.
DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "their",
        "its",
        "his",
        "her",
        "our",
        "your",
        "no",
        "any",
        "some",
        "each",
        "every",
    ]
)


def parse_frame(name: str, unit: str) -> Frame:
    """A frame from a name's shape: shares of a population, counts, measure nouns, or the
    safe fallback. `unit` is the row's unit (a share is a percentage; a count is a count)."""
    text = " ".join(name.split()).strip().rstrip(".")
    if not text:
        return Frame("figure", measure=text, source="fallback")
    unit = (unit or "count").lower()
    if AS_A_SHARE.search(text) or AVERAGE_DAYS.match(text):
        average = AVERAGE_DAYS.match(text)
        if average and average.group(1).lower() != "time":
            rest = text[average.end() :]
            joint = average.group(2).lower()
            measure = f"the average number of {average.group(1).lower()} {joint} {rest}"
            return Frame("measure", measure=measure)
        portion = AS_A_SHARE.search(text)
        if portion is not None and unit == "percent" and portion.start() > 0:
            # "Rent collected as a percentage of rent due": "rent collected was 99.2 per cent
            # of rent due"
            before = text[: portion.start()].strip()
            prefix = SHARE_PREFIXES.match(before)
            subject = _measure_noun(before[prefix.end() :] if prefix else before)
            whole = text[portion.end() :].strip()
            if whole:
                # the subject takes its article: "the forecast overspend was 1.17 per cent of
                # net budget"; plurals read bare (the whole stays as the name writes it)
                return Frame(
                    "portion", subject=subject, modifier=whole,
                    measure=_measure_noun(text),
                )  # fmt: skip
        return Frame("measure", measure=_measure_noun(text))
    share_prefix = SHARE_PREFIXES.match(text)
    if unit == "percent":
        body = text[share_prefix.end() :] if share_prefix else text
        first = body.split()[0].lower() if body.split() else ""
        if (first in MEASURE_HEADS and " of " in f" {body} ") or first.endswith("ness"):
            return Frame("measure", measure=_measure_noun(body))
        return _share_or_measure(body, text)
    count_prefix = COUNT_PREFIXES.match(text) or TOTAL_PREFIX.match(text)
    if unit == "count":
        body = text[count_prefix.end() :] if count_prefix else text
        words = body.split()
        if words and words[0].lower() in MEASURE_HEADS and not count_prefix:
            return Frame("measure", measure=_measure_noun(text))
        split = _split_predicate(words)
        subject_words = words[: split[0]] if split else words
        plural_first = bool(words) and is_plural(words[0]) and words[0][:1].isalpha()
        if (
            (subject_words and noun_phrase_is_plural(" ".join(subject_words)))
            or count_prefix
            or (plural_first and words[-1].lower() not in MEASURE_TAILS)
        ):
            subject = _lower_first(" ".join(subject_words))
            modifier = " ".join(words[split[0] :]) if split else ""
            return Frame("count", subject=subject, modifier=modifier)
        return Frame("measure", measure=_measure_noun(text))
    if share_prefix:
        return Frame("measure", measure=_measure_noun(text))
    return Frame("measure", measure=_measure_noun(text))


def _share_or_measure(body: str, original: str) -> Frame:
    """ "Referrals screened within one day" -> share (referrals | were screened ...);
    "Children who received a visit" -> share (children | received a visit); "Homes with a
    valid gas safety record" -> share (homes | had a valid ...); anything else -> measure."""
    words = body.split()
    split = _split_predicate(words)
    if split is not None:
        index, how = split
        subject = _lower_first(" ".join(words[:index]))
        rest = words[index:]
        if how == "relative":
            predicate = " ".join(rest[1:])
            modifier = " ".join(rest)
            if not predicate:
                return Frame("measure", measure=_measure_noun(original))
        else:
            predicate = f"{be(subject)} {' '.join(rest)}"
            modifier = " ".join(rest)
        return Frame("share", subject=subject, predicate=predicate, modifier=modifier)
    lowered = [w.lower() for w in words]
    first_ing = next(
        (i for i, w in enumerate(lowered[1:], 1) if w.endswith("ing") and is_plural(words[i - 1])),
        None,
    )
    place = [
        i
        for i, w in enumerate(words)
        if i and w in BE_PREPOSITIONS and (first_ing is None or i < first_ing)
    ]
    if place and noun_phrase_is_plural(" ".join(words[: place[-1]])):
        # "CP visits on time", "Adults with learning disabilities in paid employment":
        # the last place or time phrase is what the share were
        at = place[-1]
        subject = _lower_first(" ".join(words[:at]))
        rest = " ".join(words[at:])
        return Frame("share", subject=subject, predicate=f"{be(subject)} {rest}", modifier=rest)
    if first_ing is None and "with" in words[1:] and is_plural(words[words.index("with") - 1]):
        # "Homes with a valid gas safety record": 99.9 per cent of homes had a valid ...
        at = words.index("with")
        subject = _lower_first(" ".join(words[:at]))
        rest = " ".join(words[at + 1 :])
        return Frame("share", subject=subject, predicate=f"had {rest}", modifier=f"with {rest}")
    if words and noun_phrase_is_plural(body):
        # "NEET young people", "Children becoming subject to a plan ...": a population with no
        # finite verb; stated as "the proportion of ... was N per cent" or "N per cent of ..."
        return Frame("share", subject=_lower_first(body))
    return Frame("measure", measure=_measure_noun(original))


def _measure_noun(text: str) -> str:
    """A name as a measure noun: "Timeliness of assessments" -> "the timeliness of
    assessments"; "Children in Care" stays as it is, a name."""
    lowered = _lower_first(text)
    words = lowered.split()
    first = words[0] if words else ""
    if first.lower() in DETERMINERS or not first[:1].isalpha():
        return lowered
    if len(words) == 1 and not first[:1].islower():
        return lowered  # one name or acronym: "NEET", "Education"
    if ACRONYM.match(words[0]) and len(words) > 1 and any(c.isdigit() for c in words[1]):
        return lowered  # a code is a name: "KPI 7b", "NI 117"
    last = words[-1].lower()
    if first.lower() in MEASURE_HEADS or " of " in f" {lowered} " or last in MEASURE_TAILS:
        return f"the {lowered}"
    if not noun_phrase_is_plural(lowered):
        # a singular head needs its article: "the forecast revenue overspend was £1.2 million",
        # "the High Needs deficit was"; plurals read bare ("savings achieved were")
        return f"the {lowered}"
    return lowered


def frame_from_catalogue(text: str) -> Frame | None:
    """A catalogue frame, "subject | predicate" (a share or count) or "measure | was"."""
    if "|" not in text:
        return None
    left, _, right = (part.strip() for part in text.partition("|"))
    if not left:
        return None
    if right.lower() in {"", "was", "were", "is", "are"}:
        return Frame("measure", measure=left, source="catalogue")
    verb, _, rest = right.partition(" ")
    modifier = rest if verb.lower() in {"was", "were", "is", "are"} else right
    return Frame("share", subject=left, predicate=right, modifier=modifier, source="catalogue")


@lru_cache(maxsize=4096)
def frame_for(name: str, unit: str, catalogue_frame: str | None = None) -> Frame:
    """The catalogue's frame where it has one, else one parsed from the name's shape (once
    per distinct name: frames are immutable, and a name is framed again for each section
    and each period it appears in)."""
    if catalogue_frame:
        found = frame_from_catalogue(catalogue_frame)
        if found is not None:
            if found.kind == "share" and unit == "count":
                return Frame(
                    "count", subject=found.subject, modifier=found.modifier, source="catalogue"
                )
            return found
    return parse_frame(name, unit)


# ---------------------------------------------------------------- notes as clauses

ACRONYM = re.compile(r"^[A-Z0-9&][A-Z0-9&\-']+s?$")


def note_clause(note: str, proper_words: frozenset[str] = frozenset()) -> str:
    """A note as a clause inside a sentence: no trailing full stop, and a lower-case first
    letter unless the first word is an acronym, holds a digit or inner capital, starts a
    run of capitalised words (a name: "Universal Credit"), or is written capitalised in the
    middle of a sentence elsewhere in the table (`proper_words`: "Darlington")."""
    clause = note.strip().rstrip(".;, ").strip()
    words = clause.split()
    if not words:
        return clause
    first = words[0].strip("\"'“‘(")
    keep = (
        ACRONYM.match(first) is not None
        or any(c.isdigit() for c in first)
        or any(c.isupper() for c in first[1:])
        or (len(words) > 1 and words[1][:1].isupper())
        or first in proper_words
        or first == "I"
    )
    if keep or not first[:1].isupper():
        return clause
    at = clause.index(first[:1])
    return clause[:at] + clause[at].lower() + clause[at + 1 :]


_SENTENCE_BREAK = re.compile(r"[.!?;:]\s+")


def capitalised_words(texts: list[str]) -> frozenset[str]:
    """Words written with a capital in the middle of a sentence: the proper nouns a table uses."""
    found: set[str] = set()
    for text in texts:
        for sentence in _SENTENCE_BREAK.split(text):
            words = sentence.split()
            for word in words[1:]:
                core = word.strip("\"'“”‘’(),")
                if core[:1].isupper() and core[1:].islower():
                    found.add(core)
    return frozenset(found)


# ---------------------------------------------------------------- zeros


@cache
def _zero_words() -> tuple[frozenset[str], frozenset[str]]:
    """What the extractor reads as a zero after "no" (phrasebanks/extract/numbers.yaml), so a
    draft writes "no X" only where it reads back as 0: one model of the idea, not two."""
    from ..resources import phrasebanks_dir
    from ..yamlio import load_yaml

    data = load_yaml((phrasebanks_dir() / "extract" / "numbers.yaml").read_text("utf-8")) or {}
    modifiers = frozenset(str(w).lower() for w in data.get("zero_modifiers") or [])
    nouns = frozenset(str(w).lower() for w in data.get("zero_nouns") or [])
    return modifiers, nouns


def reads_as_zero(noun_phrase: str) -> bool:
    """Does "no <noun_phrase>" read back as a zero count (a counted noun after at most two
    modifiers: "no household", "no new cases")?"""
    modifiers, nouns = _zero_words()
    words = noun_phrase.lower().split()
    skipped = 0
    while words and words[0] in modifiers and skipped < 2:
        words, skipped = words[1:], skipped + 1
    return any(" ".join(words[:n]) in nouns for n in (3, 2, 1) if len(words) >= n)


def singular_phrase(phrase: str) -> str:
    """The noun phrase with its head made singular: "households with children" ->
    "household with children", "Children in Care" -> "child in Care"."""
    head = head_noun(phrase)
    if not head:
        return phrase
    words = phrase.split()
    for index, word in enumerate(words):
        if word == head:
            one = singular(word.lower())
            if word[:1].isupper() and index == 0:
                one = one[:1].upper() + one[1:]
            words[index] = one
            break
    return " ".join(words)


def singular_predicate(predicate: str) -> str:
    """A finite verb phrase agreeing with a singular subject: "were held" -> "was held"."""
    verb, _, rest = predicate.partition(" ")
    swap = {"were": "was", "are": "is", "have": "has"}.get(verb.lower())
    return f"{swap} {rest}".strip() if swap else predicate
