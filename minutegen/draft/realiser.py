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
from dataclasses import dataclass, replace
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
        "dealt",
        "sought",
        "bought",
        "taught",
        "caught",
        "left",
        "felt",
        "led",
        "fed",
        "upheld",
        "withheld",
        "overseen",
        "understood",
        "broken",
        "spoken",
        "driven",
        "forgiven",
        "hidden",
        "thrown",
        "got",
    ]
)
NEGATIONS = frozenset({"not", "never"})
# Past tenses of verbs with no passive, which read as a participle but are not one: "children
# ceased to be looked after" ceased themselves ("who ceased", never "were ceased").
ACTIVE_PAST = frozenset({"ceased", "started", "became", "died", "arrived", "began"})
# A measure named by its last word: "complaints response rate", "sickness management score"
MEASURE_TAILS = frozenset({"rate", "ratio", "score", "index", "level", "time", "balance"})
# Prepositions of place and time that make a share's predicate with "be": "visits on time",
# "care leavers in education, employment or training"
BE_PREPOSITIONS = frozenset({"in", "on", "within", "at"})
# Words that end a subject noun phrase without being part of the predicate.
RELATIVES = frozenset({"who", "that", "which", "whose"})
# Finite verbs that make a name a sentence ("Customers are satisfied with the service").
FINITE = frozenset({"is", "are", "was", "were", "has", "have"})
# Words that start a clause belonging to the subject ("enquiries where risk was reduced").
WH_ADVERBS = frozenset({"where", "when", "whereby"})
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
# "% Rent Collected", "Percentage Recycling Rate": the share word with no "of" after it says
# only that the figure is a percentage, which the figure itself says
SHARE_LEAD = re.compile(r"^(?:%|percentage|per\s*cent|percent)\s+(?!of\b)(?=\w)", re.I)
COUNT_PREFIXES = re.compile(r"^(?:the\s+)?(?:total\s+)?(?:number|no\.|count)\s+of\s+", re.I)
TOTAL_PREFIX = re.compile(r"^(?:the\s+)?total\s+", re.IGNORECASE)
AS_A_SHARE = re.compile(
    r"\bas\s+(?:an?\s+)?(?:%|percentage|proportion|share|per\s*cent|fraction|ratio)\s+of\b",
    re.IGNORECASE,
)
AVERAGE_DAYS = re.compile(
    r"^(?:the\s+)?average\s+(?:(time)\s+(?:to|taken\s+to|for)\s+|"
    r"((?:working\s+|calendar\s+|fte\s+)?(?:days|weeks|hours))\s+)",
    re.IGNORECASE,
)


SINGULAR_ENDINGS = ("ness", "ss", "us", "is")
# singular nouns ending in s that the library would make plural ("gas" -> "ga")
SINGULAR_WORDS = frozenset(
    {"gas", "news", "series", "species", "means", "bias", "canvas", "alias", "graffiti"}
)  # "graffiti" is a mass noun in British use: "92.6 per cent of graffiti was removed"
# Acronyms of populations, which are plural: "LAC" (looked after children), "CYP".
PLURAL_ACRONYMS = frozenset({"LAC", "CLA", "CiC", "CIC", "CYP"})


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
    if word in PLURAL_ACRONYMS:
        return True  # "LAC in a family based setting": looked after children
    if not word or not word[:1].isalpha() or word.isupper():
        return False
    if word.lower().endswith(SINGULAR_ENDINGS) or word.lower() in SINGULAR_WORDS:
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
        "including",
        "excluding",
    ]
)

# Words that end a head noun's phrase: prepositions, relatives, "where".
_HEAD_ENDERS = PREPOSITIONS | RELATIVES | WH_ADVERBS | {"as"}  # "surplus as at 31 March"


# Adjectives that follow their noun in a name: "void properties ready to let".
POSTPOSITIVE = frozenset(
    {"ready", "available", "eligible", "outstanding", "overdue", "open", "awaiting", "subject",
     "aged", "unable", "able", "vacant", "empty", "pending", "up"}
)  # fmt: skip


_ASIDE = re.compile(r"\s*\([^()]*\)")  # a bracketed aside, with the space before it


@lru_cache(maxsize=4096)
def head_noun(phrase: str) -> str:
    """The head of a noun phrase: the last word before its first preposition ("Children in
    Care" -> "Children", "missing episodes of young people" -> "episodes"). A bracketed aside
    is not the head: "fires (non-structural property) responded to" -> "fires"."""
    words = (_ASIDE.sub("", phrase) if "(" in phrase else phrase).split()
    words = words or phrase.split()
    if " of " in phrase and any(w[:1].isupper() for w in words[1:]):
        words = _one_word_names(words)  # "Freedom of Information requests"
    for index, word in enumerate(words):
        if not index:
            continue
        lowered = word.lower()
        if lowered in _HEAD_ENDERS and word.islower():
            function_word, ending, participle, postpositive = True, False, False, False
        else:
            function_word = False
            ending = len(word) > 4 and word.endswith("ing") and word[:1].islower()
            if ending and not _post_participle(words, index):
                ending = False  # "supported living properties": -ing before its noun
            participle = _is_participle(word) and _post_participle(words, index)
            postpositive = (
                lowered in POSTPOSITIVE and word.islower() and is_plural(words[index - 1])
            )
        if function_word or ending or participle or postpositive:
            before = index - 1
            if before and words[before].lower() in NEGATIONS:  # "homes not meeting ..."
                before -= 1
            while (
                before
                and words[before][:1].isupper()
                and (words[before].lower() in PREPOSITIONS or _is_participle(words[before].lower()))
            ):
                before -= 1  # "Children Looked After for 2.5 years": the run's head
            modifier = (
                words[0].lower().endswith("ing")
                or _is_participle(words[0].lower())
                or words[0].lower() in POSTPOSITIVE
            )
            if before == 0 and modifier and len(words) > index + 1 and lowered != "of":
                continue  # "missing from home interviews", "looked after reviews": a modifier
            return words[before]
    # "Children Looked After": a capitalised name ending in a particle or participle
    while len(words) > 1 and (
        words[-1].lower() in PREPOSITIONS or _is_participle(words[-1].lower())
    ):
        words = words[:-1]
    acronym_last = len(words) > 1 and ACRONYM.match(words[-1]) is not None
    if acronym_last and words[-1] not in PLURAL_ACRONYMS and is_plural(words[-2]):
        return words[-2]  # "care leavers NEET"
    return words[-1] if words else ""


def _one_word_names(words: list[str]) -> list[str]:
    """The words with each capitalised proper name of the phrasebank that has a function word
    inside it and a noun after it joined into one ("Freedom_of_Information requests")."""
    marked = _proper_spans(list(words))
    out: list[str] = []
    index = 0
    while index < len(words):
        end = index
        while end < len(words) and marked[end]:
            end += 1
        inner = any(w.islower() for w in words[index:end])
        follows = words[end] if end < len(words) else ""
        if end - index > 1 and inner and follows[:1].islower() and follows not in PREPOSITIONS:
            out.append("_".join(words[index:end]))
            index = end
            continue
        out.append(words[index])
        index += 1
    return out


@lru_cache(maxsize=4096)
def noun_phrase_is_plural(phrase: str) -> bool:
    """A subject's number: "Children and Young People", "Children in Care" and "Housing
    Services" are plural, "Education" and "Adult Social Care" singular."""
    words = phrase.split()
    if not words:
        return False
    head = head_noun(phrase)
    if head.lower() in MEASURE_TAILS:
        return False  # "combined recycling and composting rate"
    lowered = [w.lower() for w in words]
    if "and" in lowered and len(words) > 2:
        # "Children and Young People"; not "satisfaction with care and support"
        before = next((i for i, w in enumerate(words) if i and w in PREPOSITIONS), len(words))
        if lowered.index("and") < before:
            return True
    return is_plural(head)


def be(subject: str, *, past: bool = True) -> str:
    """The verb "to be" agreeing with `subject`: "was"/"were" (or "is"/"are")."""
    plural = noun_phrase_is_plural(subject)
    if past:
        return "were" if plural else "was"
    return "are" if plural else "is"


def with_count(count: float, noun: str) -> str:
    """A noun phrase agreeing with a count: (1, "properties") -> "property"."""
    return singular(noun) if count == 1 else noun


# Words after a participle that show it starts a predicate ("held within", "placed 20 miles").
_PREDICATE_FOLLOWERS = frozenset({"and", "or", "as", "to", "by", "per", "than", "not"})


def _post_participle(words: list[str], index: int) -> bool:
    """Does the participle at `index` follow its noun ("conferences held within 15 days",
    "rent collected") rather than modify the next one ("current projected budget pressures",
    "justified missed bins")? After a plural or an acronym it does; otherwise only where no
    noun follows it (the name ends, or a preposition, a number or a bracket comes next)."""
    before = words[index - 1].strip(",;:") if index else ""
    if before.lower() in NEGATIONS and index > 1:
        before = words[index - 2]  # "homes not meeting the standard"
    after = words[index + 1] if index + 1 < len(words) else ""
    if not after or after[:1].isdigit() or after[:1] in "(,":
        return True
    lowered = after.lower()
    if lowered in PREPOSITIONS or lowered in RELATIVES or lowered in _PREDICATE_FOLLOWERS:
        return True
    if lowered in DETERMINERS:
        return True  # a verb with its object: "meeting the standard", "received a visit"
    if before.endswith(")") or ACRONYM.match(before) is not None:
        return True
    return before[:1].isalpha() and is_plural(before)


@lru_cache(maxsize=8192)
def _is_participle(word: str) -> bool:
    if not word or not word[:1].islower():
        return False  # "Children Looked After": a capitalised participle belongs to a name
    core = word.strip(",;:")
    if core in IRREGULAR_PARTICIPLES:
        return True
    for prefix in _VERB_PREFIXES:  # "repaid", "overpaid", "rebuilt", "unmet"
        if core.startswith(prefix) and core[len(prefix) :] in IRREGULAR_PARTICIPLES:
            return True
    return len(core) > 4 and core.endswith("ed") and not core.endswith("eed")


_VERB_PREFIXES = ("re", "un", "over", "under", "mis", "pre", "out")


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


# ---------------------------------------------------------------- names as typed


@dataclass(frozen=True)
class NameData:
    """phrasebanks/draft/names.yaml: proper names (lower-cased words -> spelling), the common
    words that start names, mass nouns, and bracketed units and periods."""

    proper: dict[tuple[str, ...], tuple[str, ...]]
    longest: int
    common_leads: frozenset[str]
    mass_nouns: frozenset[str]
    unit_brackets: frozenset[str]
    period_brackets: dict[str, str]
    variance_words: tuple[str, ...] = ()
    firsts: frozenset[str] = frozenset()  # the first words of the proper names
    share_nouns: frozenset[str] = frozenset()
    department_words: frozenset[str] = frozenset()
    code_prefixes: frozenset[str] = frozenset()
    common_nouns: frozenset[str] = frozenset()
    place_firsts: frozenset[str] = frozenset()  # the first words of the places
    rate_nouns: frozenset[str] = frozenset()
    criterion_nouns: frozenset[str] = frozenset()


@cache
def name_data() -> NameData:
    from ..resources import phrasebanks_dir
    from ..yamlio import load_yaml

    path = phrasebanks_dir() / "draft" / "names.yaml"
    data = load_yaml(path.read_text("utf-8")) if path.is_file() else {}
    data = data or {}
    proper: dict[tuple[str, ...], tuple[str, ...]] = {}
    for entry in [*(data.get("proper") or []), *(data.get("places") or [])]:
        # keyed and spelt as the words' cores, as names are read (possessive apart): the
        # "Children's" of "Re-referrals to Children's Social Care" is "Children" + "'s"
        words = tuple(_core(w) for w in str(entry).split())
        proper[tuple(w.lower() for w in words)] = words
    lower = lambda key: frozenset(str(w).lower() for w in data.get(key) or [])  # noqa: E731
    return NameData(
        proper=proper,
        longest=max((len(k) for k in proper), default=1),
        common_leads=lower("common_leads"),
        mass_nouns=lower("mass_nouns"),
        unit_brackets=lower("unit_brackets"),
        period_brackets={
            str(k).lower(): str(v) for k, v in (data.get("period_brackets") or {}).items()
        },
        variance_words=tuple(str(w).lower() for w in data.get("variance_words") or []),
        firsts=frozenset(k[0] for k in proper),
        share_nouns=lower("share_nouns"),
        department_words=lower("department_words"),
        code_prefixes=frozenset(str(w) for w in data.get("code_prefixes") or []),
        common_nouns=lower("common_nouns"),
        rate_nouns=lower("rate_nouns"),
        criterion_nouns=lower("criterion_nouns"),
        place_firsts=frozenset(
            _core(str(p).split()[0]).lower() for p in data.get("places") or [] if str(p).split()
        ),
    )


@lru_cache(maxsize=4096)
def is_variance(name: str) -> bool:
    """Is a sum of money with this name a signed budget variance or outturn ("Forecast General
    Fund revenue outturn (underspend)", "Forecast general fund variance")?"""
    lowered = name.lower()
    if not any(word in lowered for word in name_data().variance_words):
        return False  # no variance word anywhere: the pattern (whole words) cannot match
    return _variance_pattern().search(name) is not None


@cache
def _variance_pattern() -> re.Pattern[str]:
    """One pattern for the variance words: whole words, or as written where they start with a
    bracket ("(underspend)")."""
    parts = [
        rf"(?<!\w){re.escape(w)}(?!\w)" if w[:1].isalpha() else re.escape(w)
        for w in name_data().variance_words
    ]
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


# a name that gives both sides of a budget in one word ("overspend/(underspend)", "over/under
# spend"): read as the variance it is, whatever its sign
_BOTH_SIDES = re.compile(
    r"\(?\b(?:over|under)\)?\s*/\s*\(?(?:over|under)\)?\s*spend\b"
    r"|\b(?:over|under)spend\s*/\s*\(?(?:over|under)spend\b\)?",
    re.IGNORECASE,
)
# one side, however a table spells it: "underspend", "under-spend", "Under spend", "overspending"
_ONE_SIDE = re.compile(r"(?<![(/\w])(?:over|under)(?:-|\s)?spend(?:ing)?(?![)/\w-])", re.IGNORECASE)


def side_neutral(name: str) -> str | None:
    """A budget name whose own word gives a side ("Forecast underspend", "HRA overspend") with
    that word made "position", for a negative sum: "the forecast position was an underspend of
    £4.5 million", never "the forecast underspend was minus £4.5 million" (the word already
    says which side) nor "the overspend was an underspend". None where no such word stands."""
    if "spend" not in name.lower():
        return None
    found = _ONE_SIDE.search(name)
    if found is None:
        return None
    return name[: found.start()] + "position" + name[found.end() :]


_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_EDGE = "\"'‘’“”(),;:"
# function words that a Title Case name capitalises and a sentence does not
_TITLE_FUNCTION_WORDS = frozenset(
    {"of", "in", "on", "at", "to", "for", "with", "within", "by", "from", "and", "or", "the",
     "a", "an", "per", "into", "after", "before", "who", "that", "not", "as"}
)  # fmt: skip


@lru_cache(maxsize=8192)
def _core(word: str) -> str:
    """A word without surrounding punctuation or a possessive ending."""
    return _POSSESSIVE.sub("", word.strip(_EDGE))


@lru_cache(maxsize=8192)
def _plain_capital(word: str) -> bool:
    """ "Households", "Re-Referral": capitalised, the rest lower case (not "CP", "CiC", "Q2")."""
    core = _core(word)
    parts = [p for p in core.split("-") if p]
    if not parts or not all(p.isalpha() for p in parts):
        return False
    # after the hyphen, lower case or a capital: "Re-let", "Follow-up" as Title Case types them
    first, rest = parts[0], parts[1:]
    return (
        first[:1].isupper()
        and first[1:].islower()
        and all(p.islower() or (p[:1].isupper() and p[1:].islower()) for p in rest)
    )


def _recase(word: str, new_core: str) -> str:
    """`word` with its core replaced (punctuation and possessive kept)."""
    core = _core(word)
    at = word.find(core)
    return word if at < 0 or not core else word[:at] + new_core + word[at + len(core) :]


def _proper_spans(words: list[str]) -> list[bool]:
    """Which words belong to a proper name of the phrasebank (rewritten in its spelling)."""
    data = name_data()
    marked = [False] * len(words)
    keys = [_core(w).lower() for w in words]
    i = 0
    while i < len(words):
        for n in range(min(data.longest, len(words) - i), 0, -1):
            spelling = data.proper.get(tuple(keys[i : i + n]))
            if spelling is None or not _core(words[i])[:1].isupper():
                continue  # a name written in lower case keeps its own spelling ("may")
            if i == 0 and n > 1 and not any(_core(w)[:1].isupper() for w in words[1:n]):
                continue  # only the name's first capital: "Children in care" is not the name
            for k in range(n):
                words[i + k] = _recase(words[i + k], spelling[k])
                marked[i + k] = True
            i += n - 1
            break
        i += 1
    return marked


def _tidy_brackets(text: str) -> str:
    """A trailing bracketed unit goes ("Rent collected (%)"), since the figure states it; a
    bracketed period code is read out ("(YTD)" -> "(year to date)")."""
    if not text.endswith(")"):
        return text
    at = text.rfind("(")
    inside = text[at + 1 : -1]
    if at < 0 or ")" in inside:
        return text
    data = name_data()
    inside = inside.strip().lower().rstrip(".")
    if inside in data.unit_brackets or f"{inside}." in data.unit_brackets:
        return text[:at].rstrip()
    if inside in data.period_brackets:
        return f"{text[:at].rstrip()} ({data.period_brackets[inside]})"
    return text


_ASIDE_HEADS = frozenset({"including", "excluding", "net", "based", "after", "before", "taking"})


def _bracket_aside(text: str) -> str:
    """A name ending in an aside after a comma ("..., taking account of prior years") would
    leave its sentence without the closing comma; written in brackets, it reads anywhere."""
    if "(" in text or ", " not in text:
        return text
    head, _, aside = text.rpartition(", ")
    first = aside.split()[0].lower() if aside.split() else ""
    listed = " and " in f" {aside} " or " or " in f" {aside} "  # "reuse, recycling and ..."
    if first in _ASIDE_HEADS or (first.endswith("ing") and len(first) > 4 and not listed):
        return f"{head} ({aside})"
    return text


_GLUED_CODE = re.compile(r"^[A-Z]{1,5}(?:-[A-Z]{1,5})*-?\d{2,4}[a-z]?$")  # "HS01", "CS-01"
_CODE_NUMBER = re.compile(r"^\d{1,4}[A-Za-z]{0,2}(?:\([0-9A-Za-z]{1,4}\))?$")  # "117", "1C(2a)"
_DASHES = ("-", "–", "—", ":")


def strip_code(text: str) -> str:
    """The name without the indicator code that leads it ("NI 117 16-18 year olds who are
    NEET" -> "16-18 year olds who are NEET", "PI 12 - % of calls answered" -> "% of calls
    answered"): codes of the schemes in phrasebanks/draft/names.yaml, or letters glued to two
    or more digits. A name that is only a code ("KPI 7b") is kept."""
    space = text.find(" ")
    first = text[:space].rstrip(":.") if space > 0 else ""
    glued = first[-1:].isdigit() or first[-2:-1].isdigit()  # how _GLUED_CODE ends
    if not (glued or (first.isupper() and first in name_data().code_prefixes)):
        return text  # most names: no code, and no need to split them into words
    words = text.split()
    if len(words) < 3:
        return text
    if _GLUED_CODE.match(first):
        n = 1
    elif first in name_data().code_prefixes and _CODE_NUMBER.match(words[1].rstrip(":.")):
        n = 2
    else:
        return text
    if words[n] in _DASHES:
        n += 1
    rest = words[n:]
    if len(rest) < 2 or (not rest[0][:1].isalnum() and rest[0][:1] != "%"):
        return text
    return " ".join(rest)


# a code set apart in a name, in brackets or after a dash: "(PI 12)", "[NI 117]", "- CS01"
_SET_APART_CODE = re.compile(
    r"\s*(?:\((?P<round>[^()\[\]]{2,14}(?:\([0-9A-Za-z]{1,4}\))?)\)"
    r"|\[(?P<square>[^()\[\]]{2,14})\]"
    r"|\s[-–—:]\s+(?P<dashed>\S{2,12})$)"
)


_CODE_HINT = re.compile(r"[A-Z][ -]?\d")


def _is_code(text: str) -> bool:
    """Is this a performance system's reference ("PI 12", "NI 157a", "ASC 1C(2a)", "HS01")?
    A scheme of phrasebanks/draft/names.yaml with a number, or letters glued to two or more
    digits; an acronym with no digits ("NEET", "SEND") is words, not a code."""
    words = text.strip().split()
    if len(words) == 1:
        return _GLUED_CODE.match(words[0]) is not None
    if len(words) == 2:
        scheme = words[0].rstrip(":.")
        return scheme in name_data().code_prefixes and _CODE_NUMBER.match(words[1]) is not None
    return False


# a bracket that opens on a code and goes on to the code's own title, as Pentana and LG Inform
# exports write it: "(WM07 - bins not collected on scheduled day)", "[ENV 03: all incidents]"
_CODE_LED_BRACKET = re.compile(
    r"\s*(?:\((?P<round>[^()\[\]\s]{1,8}(?:\s\d{1,4}[A-Za-z]{0,2})?)\s*[-–—:]\s+[^()\[\]]*\)"
    r"|\[(?P<square>[^()\[\]\s]{1,8}(?:\s\d{1,4}[A-Za-z]{0,2})?)\s*[-–—:]\s+[^()\[\]]*\])"
)
_BARE_CODE = re.compile(r"^[A-Z]{2,6}[\s-]?\d{1,4}[a-z]?$")  # "ENV 03", "WM07", "CS-12"


def _drop_code_led(match: re.Match[str]) -> str:
    """The bracket gone where it opens on a code: the code and its title are the table's key,
    no words of the sentence (stated, "40 missed bins per week (WM07 - bins not ...)")."""
    code = (match.group("round") or match.group("square") or "").strip()
    return "" if _is_code(code) or _BARE_CODE.match(code) else match.group(0)


def strip_set_apart_codes(text: str) -> str:
    """The name without the references set apart in it: "Percentage of calls answered (PI 12)"
    -> "Percentage of calls answered", "Household waste recycled [NI 192]" -> "Household waste
    recycled". The code is the row's key in the table, no words a sentence says."""
    if _CODE_HINT.search(text) is None:
        return text  # most names: a code has a capital just before a digit ("PI 12", "HS01")

    def drop(match: re.Match[str]) -> str:
        inside = match.group("round") or match.group("square") or match.group("dashed") or ""
        return "" if _is_code(inside) else match.group(0)

    if "(" in text or "[" in text:
        text = _CODE_LED_BRACKET.sub(_drop_code_led, text).strip() or text
    stripped = _SET_APART_CODE.sub(drop, text).strip()
    return stripped or text


_DEPARTMENT_FUNCTION_WORDS = frozenset({"and", "&", "of", "the", "for", "in"})
DEPARTMENT_WORDS_MAX = 6  # a department's name is short: "Adults and Community Services"


def split_department(text: str) -> tuple[str, str] | None:
    """ "<measure>, <Department Name>" -> (measure, department): a Pentana or LG Inform name that
    adds its department or service area after a comma. The department is a proper noun (its
    capitals kept) and is stated "in" it; None for any other comma ("..., taking account of
    prior years", "... sent for Reuse, Recycling and Composting")."""
    for separator in _DEPARTMENT_SEPARATORS:
        start = 0
        while (at := text.find(separator, start)) >= 0:
            head, tail = text[:at].strip(), text[at + len(separator) :].strip()
            if head and _is_department(tail):
                return head, tail
            start = at + len(separator)
    return None


_DEPARTMENT_SEPARATORS = (", ", " - ", " – ", " — ")


def _separated(text: str) -> bool:
    """Has the name a comma or spaced dash a department or aside may follow?"""
    return ", " in text or " - " in text or " – " in text or " — " in text


def split_population(text: str) -> tuple[str, str] | None:
    """ "<measure>, <population>" -> (measure, population): a name that says whom a measure
    counts after a comma ("Days lost, wholetime non-station based staff"), stated "for" them.
    Only a short plain noun phrase ending in its plural or collective head; never a list
    ("reuse, recycling and composting") or an aside ("taking account of prior years")."""
    head, found, tail = text.rpartition(", ")
    words = tail.split()
    if not found or not head or not words or len(words) > DEPARTMENT_WORDS_MAX:
        return None
    lowered = [w.lower() for w in words]
    if "and" in lowered or "or" in lowered or "&" in lowered or not words[0][:1].islower():
        return None
    if any(w in PREPOSITIONS or w in RELATIVES or w.endswith("ing") for w in lowered):
        return None
    last = lowered[-1]
    if not last.isalpha() or not (last in _COLLECTIVE_NOUNS or is_plural(last)):
        return None
    return head, tail


def _dash_aside(text: str) -> str:
    """A capitalised qualifier after a spaced dash ("Collection rate - Council Tax") read as an
    aside in brackets, "collection rate (Council Tax)", so the name stays a noun phrase; a
    lower-case tail or a range ("16 - 18") is left as typed."""
    for dash in (" - ", " – ", " — "):
        head, found, tail = text.partition(dash)
        if not found or dash in tail or not head or not tail:
            continue
        words = tail.split()
        capitals = all(
            _core(w)[:1].isupper() or _core(w).lower() in _DEPARTMENT_FUNCTION_WORDS for w in words
        )
        if capitals and len(words) <= DEPARTMENT_WORDS_MAX and not head[-1:].isdigit():
            return f"{head} ({tail})"
    return text


def _is_department(text: str) -> bool:
    """Is the phrase a department's name: a few capitalised words, one of them a department
    word of phrasebanks/draft/names.yaml ("Children's Services", "Place Directorate")?"""
    words = text.replace(",", " ").split()
    if not words or len(words) > DEPARTMENT_WORDS_MAX or not words[0][:1].isupper():
        return False
    known = name_data().department_words
    found = False
    for word in words:
        core = _core(word)
        if core.lower() in _DEPARTMENT_FUNCTION_WORDS:
            continue
        if not core[:1].isupper() or not core.replace("-", "").isalpha():
            return False
        found = found or core.lower() in known
    return found


# words of a unit tail that name no noun: "(number of incidents)", "- total incidents"
_TAIL_UNIT_WORDS = frozenset({"number", "no", "no.", "total", "count", "of", "the", "all"})


@lru_cache(maxsize=4096)
def drop_repeated_tail(text: str) -> str:
    """The name without a tail set apart that only repeats its noun as a unit ("Incidents
    attended (incidents)", "Households in temporary accommodation, households", "Calls
    answered - number of calls"): stated, it doubles the noun ("there were 3,617 incidents
    attended for incidents")."""
    if text.endswith(")"):
        at = text.rfind("(")
        head, tail = text[:at], text[at + 1 : -1]
        if at < 0 or "(" in tail or ")" in tail:
            return text
    else:
        cuts = [text.rfind(mark) for mark in (", ", " - ", " – ", " — ")]
        at = max(cuts)
        if at < 0:
            return text
        head, tail = text[:at], text[at + 3 if text[at] == " " else at + 2 :]
    if any(c.isdigit() for c in tail):
        return text  # a unit has no figure in it: "(measure 42)", "(NI 117)", "- 2023/24"
    head = head.strip()
    words = [w.lower().strip(".,") for w in tail.split()]
    nouns = [w for w in words if w not in _TAIL_UNIT_WORDS]
    if not head or not nouns or len(words) > 4:
        return text
    lowered = head.lower()
    if not all(w[:3] in lowered for w in nouns):
        return text  # most tails say something of their own ("(measure 42)", "(NEET)")
    said = {w.strip(".,()") for w in lowered.split()}
    said |= {singular(w) for w in said if w.isalpha()}
    if all(w in said or singular(w) in said for w in nouns):
        return head
    return text


# a population named by an age band, which would open a sentence or a label with a bare
# figure read as the result: "16-18 year olds who are NEET" -> "people aged 16 to 18 who ..."
_AGE_BAND = re.compile(r"(?<![\w.])(\d{1,2})\s*(?:-|–|to)\s*(\d{1,2})\s+year[- ]olds\b", re.I)


@cache
def _vocabulary() -> set[str]:
    """Webster's word list (english-words, see pyproject.toml): common words in lower case,
    names capitalised. Loaded once, and only for a name or note with a capital mid-way."""
    from english_words import get_english_words_set

    return get_english_words_set(["web2"])


_ENDINGS = (
    ("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
    ("ing", ""), ("ing", "e"), ("ers", ""), ("er", ""), ("al", ""),
)  # fmt: skip


@lru_cache(maxsize=8192)
def is_common_word(word: str) -> bool:
    """Is the word, in any case, a common English word rather than a name ("Safety",
    "Traders", "Delayed" are; "Mears", "Coalville", "Ofsted" are not)? Inflected forms are
    looked up by their stem, each part of a hyphenated word on its own."""
    core = _core(word).lower()
    if not core:
        return False
    if "-" in core:
        return all(is_common_word(part) for part in core.split("-") if part)
    if not core.isalpha():
        return False
    vocabulary = _vocabulary()
    if core in vocabulary:
        return True
    for ending, replacement in _ENDINGS:
        if core.endswith(ending) and len(core) - len(ending) >= 3:
            stem = core[: -len(ending)] + replacement
            if stem in vocabulary:
                return True
            doubled = not replacement and len(stem) > 3 and stem[-1] == stem[-2]
            if doubled and stem[:-1] in vocabulary:  # "transferred" -> "transfer"
                return True
    return False


def _lower_common_runs(words: list[str], proper: list[bool], places: list[bool]) -> list[str]:
    """Lower the capitalised common words a table or a note capitalises ("Fire Safety and
    Asbestos checks" -> "fire safety and asbestos checks", "Water Safety checks"), run by run
    of capitals. A run is kept as the name it is where it holds a word no dictionary has
    ("Contractor Mears", "East Leake Retained Duty Station"), starts with a place ("Coalville
    Indoor Market") or is a department ("Neighbourhood Services"); the phrasebank's proper
    names ("Child Protection"), acronyms, quoted words and numbered ones ("Year 6") are kept."""
    n = len(words)
    cores = [_core(w) for w in words]
    capital = [
        proper[i] or _plain_capital(words[i]) or (ACRONYM.match(cores[i]) is not None)
        for i in range(n)
    ]
    for i in range(1, n - 1):
        if cores[i].lower() in _RUN_JOINERS and capital[i - 1] and capital[i + 1]:
            capital[i] = True  # "Fire Safety and Asbestos"
    out = list(words)
    i = 0
    while i < n:
        if not capital[i]:
            i += 1
            continue
        end = i
        while end < n and capital[end]:
            end += 1
        span = range(i, end)
        plain = [k for k in span if _plain_capital(words[k]) and not proper[k]]
        named = (
            places[i]
            or any(not is_common_word(cores[k]) for k in plain)
            or (end - i > 1 and cores[end - 1].lower() in _DEPARTMENT_HEADS)
            or any(cores[k] == "&" for k in span)  # "Corporate & Funding"
            or (end < n and end - i > 1 and cores[end].lower() in _DEPARTMENT_HEADS)
        )
        if not named:
            for k in plain:
                numbered = (
                    k + 1 < n
                    and words[k + 1][:1].isdigit()
                    and cores[k].lower() not in _TITLE_FUNCTION_WORDS
                )
                quoted = words[k].strip(",;:.")[:1] in "'\"‘“"  # "'Other' applications"
                if not numbered and not quoted:
                    out[k] = _recase(words[k], cores[k].lower())
        i = end
    return out


# the last word of a department's name: "Neighbourhood Services", "Place Directorate"
_DEPARTMENT_HEADS = frozenset(
    {"services", "service", "directorate", "department", "division", "portfolio", "team",
     "board", "partnership", "unit", "directorates", "teams"}
)  # fmt: skip


def _places(words: list[str], proper: list[bool]) -> list[bool]:
    """Which words start a place name of the phrasebank ("Coalville", "Milton Keynes")."""
    data = name_data()
    return [proper[i] and _core(w).lower() in data.place_firsts for i, w in enumerate(words)]


@lru_cache(maxsize=4096)
def normalise_name(name: str) -> str:
    """A name as it reads mid-sentence, before it is framed: a name typed in Title Case
    ("Number Of Households In Temporary Accommodation") in sentence case, keeping acronyms,
    words with digits or inner capitals and the proper names of phrasebanks/draft/names.yaml;
    a name in sentence case keeps its capitals, but a common first word ("Forecast Revenue
    outturn") is lowered. Bracketed units go, bracketed period codes are read out, and an
    aside after a comma goes in brackets."""
    text = name if "  " not in name and name == name.strip() else " ".join(name.split())
    if text[:1].isupper():
        text = strip_code(text)  # "HS01 Number of households ...": the code is no words
    if text[:1] == "[" and "]" in text:  # "[PI 12] Calls answered": a code before the name
        code, _, rest = text[1:].partition("]")
        if _is_code(code) and rest.strip():
            text = rest.strip().lstrip("-–—: ").strip()
    text = strip_set_apart_codes(text)  # "Calls answered (PI 12)"
    if text.endswith(")") or ", " in text or " - " in text or " – " in text:
        text = drop_repeated_tail(text)  # "Incidents attended (incidents)"
    if "year" in text and _AGE_BAND.search(text):  # "16-18 year olds": no figure leads
        text = _AGE_BAND.sub(r"people aged \1 to \2", text)
    if "/" in text and "spend" in text.lower():  # "Forecast overspend/(underspend)"
        text = _BOTH_SIDES.sub("variance", text)
    if _separated(text):
        department = split_department(text)
        if department is not None:  # "Budget variance, Place Directorate"
            return f"{normalise_name(department[0])} in {department[1]}"
        population = split_population(text) if ", " in text else None
        if population is not None:  # "Days lost, wholetime staff"
            return f"{normalise_name(population[0])} for {population[1]}"
        text = _dash_aside(text)  # "Collection rate - Council Tax"
    if "(" in text:
        text = _tidy_brackets(text)
    if ", " in text:
        text = _bracket_aside(text)
    words = text.split()
    if not words:
        return text
    data = name_data()
    rest = text[len(words[0]) :]
    if rest == rest.lower():
        # sentence case (most names): only a common first word changes ("Forecast outturn")
        if _plain_capital(words[0]) and _core(words[0]).lower() in data.common_leads:
            words[0] = _recase(words[0], _core(words[0]).lower())
            return " ".join(words)
        return text
    proper = _proper_spans(words)
    cores = [_core(w) for w in words]
    content = [
        i for i, c in enumerate(cores)
        if not proper[i] and c[:1].isalpha() and c.lower() not in _TITLE_FUNCTION_WORDS
        and not ACRONYM.match(c)
        and not (words[i][:1] == "(" and c.islower())  # a bracketed unit: "(kg)", "(tonnes)"
    ]  # fmt: skip
    function_capitals = any(
        i and _core(w).lower() in _TITLE_FUNCTION_WORDS and _plain_capital(w)
        for i, w in enumerate(words)
    )
    capitals = sum(1 for i, w in enumerate(words) if _plain_capital(w) or proper[i])
    title = function_capitals or (
        bool(content) and capitals >= 2 and all(_plain_capital(words[i]) for i in content)
    )
    capital = [_plain_capital(w) or proper[i] for i, w in enumerate(words)]
    for i in range(1, len(words) - 1):
        # "Corporate & Funding", "Adults and Communities": a run of capitals joined by "&"
        if cores[i].lower() in _RUN_JOINERS and capital[i - 1] and capital[i + 1]:
            capital[i] = True
    for i, word in enumerate(words):
        if title and i and word == "A" and i + 1 < len(words) and words[i + 1][:1].isalpha():
            words[i] = "a"  # "Subject To A Child Protection Plan": the article
            continue
        if proper[i] or not _plain_capital(word):
            continue
        lone = not (i and capital[i - 1]) and not (i + 1 < len(words) and capital[i + 1])
        common = _core(word).lower() in data.common_leads
        # a lone common noun mid-name is capitalised by the table, not by a name ("a LAC
        # Review", "the remainder of the Directorate"); not one numbered ("Year 6") or quoted
        numbered = i + 1 < len(words) and words[i + 1][:1].isdigit()
        copied = (
            i > 0
            and lone
            and not numbered
            and _core(word) == word.strip(",;:")
            and _core(word).lower() in data.common_nouns
        )
        # "Forecast Revenue outturn": a common word is lowered at the start, or alone in the
        # middle; a run of capitals is a name ("Initial Child Protection Conferences")
        numbered_title = (
            title
            and i + 1 < len(words)
            and words[i + 1][:1].isdigit()
            and _core(word).lower() not in _TITLE_FUNCTION_WORDS  # "Year 6", not "Within 20"
        )
        if (title and not numbered_title) or (common and (i == 0 or lone)) or copied:
            words[i] = _recase(word, _core(word).lower())
            capital[i] = False
    if not title and any(_plain_capital(w) and not proper[i] for i, w in enumerate(words)):
        words = _lower_common_runs(words, proper, _places(words, proper))
    return " ".join(words)


_RUN_JOINERS = frozenset({"&", "and", "of"})


def _starts_proper(text: str) -> bool:
    """Does the phrase start with a proper name of the phrasebank ("Slough average days")?"""
    data = name_data()
    first = text[: text.find(" ")] if " " in text else text
    if _core(first).lower() not in data.firsts:
        return False
    return _starts_proper_words(tuple(text.split()[: data.longest]))


@lru_cache(maxsize=4096)
def _starts_proper_words(words: tuple[str, ...]) -> bool:
    """_starts_proper for the name's first words (names share their openings)."""
    return bool(words) and _proper_spans(list(words))[0]


def _lower_first(text: str) -> str:
    """Lower-case a phrase's first word unless it is an acronym or part of a capitalised name
    ("Missing episodes" -> "missing episodes"; "Children in Care", "CP visits" kept)."""
    words = text.split()
    if not words:
        return text
    first = words[0]
    following = words[1:3]
    plain = first[:1].isupper() and first[1:] == first[1:].lower()
    if plain and _starts_proper(text):
        return text  # "Slough average days lost", "Council Tax collection"
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
        lowered = word.lower()
        if lowered in WH_ADVERBS:
            return None  # "enquiries where risk was reduced": all of it is the population
        if lowered in RELATIVES:
            # "people who use services who feel safe": the last relative starts the predicate
            last = max(i for i, w in enumerate(words) if i and w.lower() in RELATIVES)
            return last, "relative"
        if lowered in FINITE and word.islower():
            return index, "finite"  # a name that is a sentence: "Invoices were paid on time"
        before = words[index - 1]
        after_function_word = before.lower() in PREPOSITIONS | DETERMINERS and before.islower()
        if _is_participle(word) and not after_function_word and _post_participle(words, index):
            following = words[index + 1] if index + 1 < len(words) else ""
            if _is_participle(following) and index + 2 < len(words):
                # "contacts received put forward by Police": received belongs to the subject
                return index + 1, "participle"
            return index, "participle"
        if word in POSTPOSITIVE - {"aged"} and index + 1 < len(words) and is_plural(before):
            return index, "participle"  # "properties ready to let", "plans up to date"
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


_NUMBER_LEAD = re.compile(
    r"^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+or\s+"
    r"(?:more|less|fewer|over|under)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|myself)\b")


def parse_frame(name: str, unit: str) -> Frame:
    """A frame from a name's shape: shares of a population, counts, measure nouns, or the
    safe fallback. `unit` is the row's unit (a share is a percentage; a count is a count)."""
    text = " ".join(name.split()).strip().rstrip(".")
    if not text:
        return Frame("figure", measure=text, source="fallback")
    unit = (unit or "count").lower()
    if _FIRST_PERSON.search(text):
        # a survey statement ("Services have made me feel safe and secure") is quoted, not
        # turned into a population: "the figure for 'Services have ...' was 42 per cent"
        return Frame("measure", measure=f"the figure for ‘{text[:1].upper()}{text[1:]}’")
    if AS_A_SHARE.search(text) or AVERAGE_DAYS.match(text):
        average = AVERAGE_DAYS.match(text)
        if average and average.group(2):
            # "Average working days lost per employee": "the average number of working days
            # lost per employee was 8.4 days", never "the average working days ... was"
            rest = text[average.end() :]
            measure = f"the average number of {average.group(2)} {rest}"
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
                plain = _ratio_noun(text[prefix.end() :] if prefix else text)
                return Frame("portion", subject=subject, modifier=whole, measure=plain)
        return Frame("measure", measure=_ratio_noun(text) if portion else _measure_noun(text))
    share_prefix = SHARE_PREFIXES.match(text)
    after_prefix = text[share_prefix.end() :] if share_prefix else text
    if unit == "percent" and _NUMBER_LEAD.match(after_prefix):
        # "Three or less placement moves in a year": a condition, not a population, so never
        # "9.3 per cent of three or less placement moves were in a year"
        return Frame("figure", source="fallback")
    if unit == "percent":
        lead = None if share_prefix or text[:1] not in "%Pp" else SHARE_LEAD.match(text)
        if lead is not None:
            text = _lower_first(text[lead.end() :])  # "% Recycling Rate" -> "recycling rate"
        body = text[share_prefix.end() :] if share_prefix else text
        first = body.split()[0].lower() if body.split() else ""
        of = " of " in f" {body} "
        if not share_prefix and _is_rate_name(body):
            # "Interest earned on deposits" in per cent is a rate, not a share of the interest:
            # "the rate of interest earned on deposits was 2.1 per cent"
            return Frame("measure", measure=f"the rate of {_lower_first(body)}")
        if ((first in MEASURE_HEADS or first.endswith("ing")) and of) or _abstract(first):
            # "Timeliness of ...", "Processing of major planning applications"
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
            if split and split[1] == "finite":
                # "Households are in temporary accommodation": there were N households in ...
                verb, _, tail = modifier.partition(" ")
                modifier = f"with {tail}" if verb.lower() in ("has", "have") else tail
            if modifier.split()[:1] and modifier.split()[0].lower() in ACTIVE_PAST:
                modifier = f"who {modifier}"  # "children who ceased to be subject to a plan"
            return Frame("count", subject=subject, modifier=modifier)
        return Frame("measure", measure=_measure_noun(text))
    if unit == "rate" and not share_prefix and _rate_of_plural(text):
        # "Delayed transfers of care attributable to social care" in a rate column: one figure,
        # "the rate of delayed transfers ... was 2.1", never "delayed transfers ... were 2.1"
        return Frame("measure", measure=f"the rate of {_lower_first(text)}")
    if not share_prefix and _a_number_of(text, unit):
        # "Children in care per 10,000 children" (a rate), "Days lost to sickness per FTE" (in
        # days): one figure of a plural, "the number of children in care per 10,000 children
        # was 42", never "children in care per 10,000 children were 42"
        return Frame("measure", measure=f"the number of {_lower_first(text)}")
    return Frame("measure", measure=_measure_noun(text))


def _rate_of_plural(text: str) -> bool:
    """Is a rate's name a plural population or count, with no per-so-many or rate word of its
    own ("Delayed transfers of care", not "Missed bins per 100,000" or "Re-referral rate")?"""
    words = text.split()
    if not words or words[0].lower() in MEASURE_HEADS or words[0].lower() in DETERMINERS:
        return False
    if _PER_NUMBER.search(text) or " per " in f" {text.lower()} ":
        return False
    head = head_noun(text)
    return head.lower() not in MEASURE_TAILS and noun_phrase_is_plural(text)


_PER_NUMBER = re.compile(r"\bper\s+[\d,]+\b", re.IGNORECASE)
_TIME_UNITS = {"days": "days", "weeks": "weeks", "hours": "hours"}


def _a_number_of(text: str, unit: str) -> bool:
    """Is a figure (not a count or a percentage) the number of a plural: a rate per so many
    ("per 10,000"), or days of a name counting days ("Days lost to sickness per FTE")?"""
    if unit not in _TIME_UNITS and "per " not in text:
        return False
    if unit in _TIME_UNITS and unit not in text.lower():
        return False  # the head must be the unit itself: "days lost to sickness"
    words = text.split()
    if not words or words[0].lower() in MEASURE_HEADS or words[0].lower() in DETERMINERS:
        return False
    head = head_noun(text)
    if not is_plural(head) or head.lower() in MEASURE_TAILS:
        return False
    before = [w.lower() for w in words[: words.index(head)]] if head in words else []
    if any(w in ("average", "mean", "median") for w in before):
        return False  # "Slough average days lost per employee": an average, not a number
    if unit in _TIME_UNITS:
        return head.lower() == unit
    return _PER_NUMBER.search(text) is not None


def _with_possessor(subject: str) -> str:
    """A share's population with the article its possessor needs ("the borough's needs")."""
    words = subject.split()
    owner = _core(words[0]) if words else ""
    if owner and _POSSESSIVE.search(words[0]) and not is_plural(owner) and article_for(subject):
        return f"the {subject}"
    return subject


# nouns of a group, plural in sense though singular in form: "8 per cent of staff"
_COLLECTIVE_NOUNS = frozenset({"staff", "people", "personnel", "workforce", "public", "police"})


def _with_article(subject: str) -> str:
    """A share of one countable thing takes "the": "82 per cent of the savings target was
    achieved"; a plural ("of complaints"), a mass noun or material ("of rent", "of household
    waste") or a proper name ("of Council Tax") reads bare."""
    words = subject.split()
    if not words or words[0].lower() in DETERMINERS or not words[0][:1].islower():
        return subject
    head = head_noun(subject)
    data = name_data()
    lowered = head.lower()
    at = words.index(head) if head in words else -1
    of_phrase = 0 <= at < len(words) - 2 and words[at + 1] == "of"  # "first part of the ..."
    if (
        (head != words[-1] and not of_phrase)  # a plain compound ("savings target"), or "X of
        # Y" ("the first part of the assessment"); not "infants fully or partially breastfed"
        or not head.isalpha()
        or not head.islower()
        or lowered.endswith("ly")
        or lowered in _COLLECTIVE_NOUNS
        or noun_phrase_is_plural(subject)
        or lowered in data.mass_nouns
        or lowered in data.share_nouns
        or lowered.endswith(("ing", "ness"))
    ):
        return subject
    return f"the {subject}"


_TIME_NOUNS = frozenset({"year", "quarter", "month", "period", "week", "last", "past", "previous"})


def _is_time(words: list[str]) -> bool:
    """Do the words after a preposition name a time ("the year", "the last 12 months")?"""
    lowered = [w.lower().strip(",.") for w in words[:2]]
    if lowered and lowered[0] in DETERMINERS:
        lowered = lowered[1:]
    return bool(lowered) and (lowered[0] in _TIME_NOUNS or lowered[0][:1].isdigit())


def _share_or_measure(body: str, original: str) -> Frame:
    """ "Referrals screened within one day" -> share (referrals | were screened ...);
    "Children who received a visit" -> share (children | received a visit); "Homes with a
    valid gas safety record" -> share (homes | had a valid ...); anything else -> measure."""
    words = body.split()
    split = _split_predicate(words)
    if split is not None and _measure_head(" ".join(words[: split[0]])):
        # "Recycling rate achieved": the rate is the figure, never "45 per cent of recycling
        # rate was achieved"
        return Frame("measure", measure=_measure_noun(original))
    if split is not None:
        index, how = split
        subject = _with_article(_with_possessor(_lower_first(" ".join(words[:index]))))
        rest = words[index:]
        if how == "relative":
            predicate = " ".join(rest[1:])
            modifier = " ".join(rest)
            if not predicate:
                return Frame("measure", measure=_measure_noun(original))
            if not _past(rest[1]):
                # "Referrals that go onto initial assessment": a minute is in the past tense,
                # so the population keeps its present-tense clause ("the proportion of
                # referrals that go onto initial assessment was 87 per cent")
                return Frame("share", subject=_with_possessor(_lower_first(body)))
        elif how == "finite":
            # "Customers are satisfied with the service": restated in the minute's tense
            tail = " ".join(rest[1:])
            if not tail:
                return Frame("measure", measure=_measure_noun(original))
            if rest[0].lower() in ("has", "have"):
                predicate, modifier = f"had {tail}", f"with {tail}"
            else:
                predicate, modifier = f"{be(subject)} {tail}", tail
        elif rest[0].lower() in ACTIVE_PAST:
            # "Children ceased to be looked after": they ceased, no one ceased them
            predicate = " ".join(rest)
            modifier = f"who {predicate}"
        else:
            predicate = f"{be(subject)} {' '.join(rest)}"
            modifier = " ".join(rest)
        return Frame("share", subject=subject, predicate=predicate, modifier=modifier)
    lowered = [w.lower() for w in words]
    first_ing = next(
        (
            i
            for i, w in enumerate(lowered[1:], 1)
            # a verb in -ing after its noun; not a preposition ("placements during the year")
            if w.endswith("ing") and w not in PREPOSITIONS and is_plural(words[i - 1])
        ),
        None,
    )

    def verb_ing() -> bool:
        """Any verb in -ing after a noun ("a learning disability living in ..."; not "15
        working days" or "a learning disability")."""
        return any(
            w.endswith("ing") and len(w) > 4 and words[i - 1][:1].isalpha()
            and words[i - 1].lower() not in DETERMINERS
            and words[i - 1].lower() not in PREPOSITIONS
            for i, w in enumerate(lowered[1:], 1)
        )  # fmt: skip

    attached = next(
        (i for i, w in enumerate(words) if i and w in ("for", "of", "to")), len(words)
    )  # "dental checks for children in care": the place is the children's
    place = [
        i
        for i, w in enumerate(words)
        if i
        and w in BE_PREPOSITIONS
        and (first_ing is None or i < first_ing)
        and i < attached
        and not lowered[i - 1].endswith("ing")  # "living in settled accommodation"
        and not (i + 1 < len(words) and words[i - 1][:1].isupper() and words[i + 1][:1].isupper())
    ]
    with_at = words.index("with") if "with" in words[1:] else -1
    if place and with_at > place[-1] and first_ing is None:
        place = []  # "children in care with a dental check": had a dental check
    if 0 < with_at < (place[-1] if place else 0) and _is_time(words[place[-1] + 1 :]):
        place = []  # "... with three or more placements in the year": the placements' year
    if place and noun_phrase_is_plural(" ".join(words[: place[-1]])):
        # "CP visits on time", "Adults with learning disabilities in paid employment":
        # the last place or time phrase is what the share were
        at = place[-1]
        if words[at - 1].lower() in NEGATIONS and at > 1:
            at -= 1  # "care leavers not in education": were not in education
        subject = _lower_first(" ".join(words[:at]))
        rest = " ".join(words[at:])
        return Frame("share", subject=subject, predicate=f"{be(subject)} {rest}", modifier=rest)
    if (
        first_ing is None
        and "with" in words[1:]
        and not verb_ing()
        and noun_phrase_is_plural(" ".join(words[: words.index("with")]))
    ):
        # "Homes with a valid gas safety record": 99.9 per cent of homes had a valid ...
        at = words.index("with")
        subject = _lower_first(" ".join(words[:at]))
        rest = " ".join(words[at + 1 :])
        return Frame("share", subject=subject, predicate=f"had {rest}", modifier=f"with {rest}")
    if words and _criteria_alone(words):
        # "Punctuality standards", "Fire safety and asbestos checks": what is measured against,
        # with no condition that makes a share of them ("met", "completed on time"), so never
        # "the proportion of punctuality standards was 93 per cent"
        return Frame("figure", source="fallback")
    if words and (
        noun_phrase_is_plural(body) or head_noun(body).lower() in name_data().share_nouns
    ):
        # "NEET young people", "Children becoming subject to a plan ...": a population with no
        # finite verb; stated as "the proportion of ... was N per cent" or "N per cent of ...";
        # so is an amount of a material ("land with unacceptable levels of litter")
        return Frame("share", subject=_lower_first(body))
    return Frame("measure", measure=_measure_noun(original))


def _is_rate_name(body: str) -> bool:
    """Does a percentage's name open on a noun of a rate ("Interest earned on deposits",
    "Inflation", "Growth in business rates"), phrasebanks/draft/names.yaml rate_nouns?"""
    words = [_core(w) for w in body.lower().split()]
    if not words or words[0] not in name_data().rate_nouns:
        return False
    return not any(w in _MEASURE_WORDS for w in words[1:3])  # "Interest rate on borrowing"


def _criteria_alone(words: list[str]) -> bool:
    """Is a name a bare plural of standards, checks, targets ... with no word of a condition
    (no preposition, relative, participle, negation, figure or acronym)? A percentage of it
    says nothing of which ones: it is stated as the figure it is."""
    head = head_noun(" ".join(words)).lower()
    if head not in name_data().criterion_nouns or words[-1].lower() != head:
        return False
    for word in words[:-1]:
        lowered = word.lower()
        if (
            lowered in PREPOSITIONS
            or lowered in RELATIVES
            or lowered in NEGATIONS
            or lowered.endswith(("ed", "ing"))
            or any(c.isdigit() for c in word)
            or ACRONYM.match(_core(word)) is not None
        ):
            return False
    return True


_PAST_FINITE = frozenset(
    {"had", "was", "were", "did", "went", "came", "became", "began", "got", "took", "saw", "rose",
     "fell", "grew", "ran", "gave", "wrote", "chose", "drew", "knew", "showed", "stood"}
)  # fmt: skip


def _past(word: str) -> bool:
    """Is this verb in the past tense ("received", "had", "went"), as a minute's are?"""
    lowered = word.lower()
    return lowered in _PAST_FINITE or lowered in ACTIVE_PAST or _is_participle(lowered)


_MEASURE_WORDS = MEASURE_TAILS | MEASURE_HEADS


def _ratio_noun(text: str) -> str:
    """A ratio's name as one figure: "the savings delivered as a share of planned savings"."""
    noun = _measure_noun(text)
    if noun.split()[0].lower() not in DETERMINERS and noun[:1].islower():
        return f"the {noun}"
    return noun


def _abstract(word: str) -> bool:
    """A -ness noun of quality ("timeliness", "effectiveness"), not "business", "witness" or
    an ailment ("sickness absence caused by mental health" is a share of the absence)."""
    return word.endswith("ness") and word not in {
        "business", "witness", "harness", "sickness", "illness", "wellness",
    }  # fmt: skip


def is_uncountable(subject: str) -> bool:
    """Is a share's population an amount of something uncountable ("expenditure with local
    suppliers", "household waste", "sickness absence")? Its share reads "the proportion of
    expenditure ... was 42 per cent", never "42 per cent of expenditure ... were"."""
    head = head_noun(subject).lower() if subject else ""
    data = name_data()
    return (
        bool(head) and (head in data.share_nouns or head in data.mass_nouns) and not is_plural(head)
    )


def _measure_head(phrase: str) -> bool:
    """Is the phrase's head a measure word ("recycling rate", "assessment timeliness")?"""
    lowered = phrase.lower().split()
    if not any(w in _MEASURE_WORDS or w.endswith("ness") for w in lowered):
        return False  # no measure word in it at all: no need to find its head
    head = head_noun(phrase).lower()
    return head in MEASURE_TAILS or head in MEASURE_HEADS or _abstract(head)


# possessors that take "the" ("the Council's net budget", "the borough's housing needs")
_THE_POSSESSORS = frozenset(
    {"council", "authority", "borough", "county", "city", "district", "government",
     "department", "directorate", "service", "country", "nation", "region", "area", "town"}
)  # fmt: skip


def article_for(phrase: str) -> str:
    """ "the " or "" before a noun phrase that is one thing: none before a determiner, a proper
    name's possessive ("Shropshire Council's share") or a mass noun with nothing after it
    ("customer satisfaction with the service", "staff turnover"); "the" before a figure's
    year ("the 2018/19 revenue outturn") and a common possessor ("the borough's needs")."""
    words = phrase.split()
    if not words:
        return ""
    first = words[0]
    if first.lower() in DETERMINERS:
        return ""
    quoted = "'" in phrase or "’" in phrase
    for index, word in enumerate(words[:4] if quoted else ()):
        if _POSSESSIVE.search(word) and word[-1:] == "s" and ("'" in word or "’" in word):
            owner = _core(word)
            if index == 0 and owner.lower() not in _THE_POSSESSORS and is_plural(owner):
                break  # "children's social care": a compound, not an owner
            if index == 0 and (owner.lower() in _THE_POSSESSORS or owner[:1].islower()):
                return "the "
            if all(w[:1].isupper() for w in words[: index + 1]):
                return ""  # "Shropshire Council's share", "Darlington's rate"
            break
    if not first[:1].isalpha():
        return "the " if first[:1].isdigit() else ""
    lowered = phrase.lower()
    if (
        first[:1].islower()  # "the East Leake Retained Duty Station availability"
        and first.lower() not in name_data().common_leads  # "the provisional outturn waste"
        and " of " not in f" {lowered} "
        and not (first.lower() in MEASURE_HEADS and len(words) > 1)
        and head_noun(phrase).lower() in name_data().mass_nouns
    ):
        return ""  # "customer satisfaction with the Mears repairs service"
    return "the "


def _measure_noun(text: str) -> str:
    """A name as a measure noun: "Timeliness of assessments" -> "the timeliness of
    assessments"; "Children in Care" stays as it is, a name."""
    lowered = _lower_first(text)
    words = lowered.split()
    first = words[0] if words else ""
    if first.lower() in DETERMINERS:
        return lowered
    quoted = "'" in lowered or "’" in lowered
    if quoted:  # a possessive before any preposition owns the measure ("Shropshire Council's")
        ahead = next((i for i, w in enumerate(words) if i and w in PREPOSITIONS), len(words))
        quoted = any(
            ("'" in w or "’" in w) and _POSSESSIVE.search(w) and not is_plural(_core(w))
            for w in words[: min(4, ahead)]
        )
    if not first[:1].isalpha() or quoted:
        return article_for(lowered) + lowered  # "the 2018/19 outturn", "Shropshire Council's"
    if len(words) == 1 and not first[:1].islower():
        return lowered  # one name or acronym: "NEET", "Education"
    if ACRONYM.match(words[0]) and len(words) > 1 and any(c.isdigit() for c in words[1]):
        return lowered  # a code is a name: "KPI 7b", "NI 117"
    last = words[-1].lower()
    rest = " ".join(words[1:])
    if first.lower() == "total" and len(words) > 1 and noun_phrase_is_plural(rest):
        return f"the total number of {rest}"  # "the total incidents attended was" reads wrong
    measure_head = first.lower() in MEASURE_HEADS and len(words) > 1
    of_measure = " of " in f" {lowered} " and not noun_phrase_is_plural(lowered)
    if measure_head or of_measure or last in MEASURE_TAILS:
        return f"the {lowered}"
    if not noun_phrase_is_plural(lowered) or _one_sum_of_parts(lowered):
        # a singular head needs its article: "the forecast revenue overspend was £1.2 million",
        # "the High Needs deficit was"; plurals read bare ("savings achieved were"), and so
        # does a mass noun ("staff turnover was")
        return article_for(lowered) + lowered
    return lowered


def _one_sum_of_parts(phrase: str) -> bool:
    """Is a name joined by "and" one thing whose head is singular ("leisure programme
    projected outturn and financing", "fees and charges income")? It is one figure and takes
    its article; a plural head ("capital receipts and contributions") reads bare."""
    words = phrase.lower().split()
    if "and" not in words or words[-1] == "and" or words[0] == "and":
        return False
    head = head_noun(phrase)
    return bool(head) and head.isalpha() and head.islower() and not is_plural(head)


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


def _in_department(frame: Frame, department: str, preposition: str = "in") -> Frame:
    """The frame of a measure stated for one department: "in <Department>" goes after the
    thing measured ("12 per cent of visits in Children's Services were ...", "the forecast
    variance in Place Directorate was ...", "there were 40 complaints received in Customer
    Services"), so the department is never read as the share's predicate."""
    scope = f" {preposition} {department}"
    if frame.kind == "count" and frame.modifier:
        return replace(frame, modifier=frame.modifier + scope)
    if frame.kind in ("share", "count", "portion") and frame.subject:
        return replace(frame, subject=frame.subject + scope)
    return replace(frame, measure=(frame.measure or "") + scope)


@lru_cache(maxsize=4096)
def frame_for(name: str, unit: str, catalogue_frame: str | None = None) -> Frame:
    """The catalogue's frame where it has one, else one parsed from the name's shape (once
    per distinct name: frames are immutable, and a name is framed again for each section
    and each period it appears in). A department after a comma is framed apart and added."""
    if name.endswith(")") or _separated(name):
        name = drop_repeated_tail(name)  # "Households in temporary accommodation, households"
    if _separated(name):
        department = split_department(" ".join(name.split()))
        if department is not None:
            head, where = department
            return _in_department(frame_for(head, unit, catalogue_frame), where)
        population = split_population(" ".join(name.split())) if ", " in name else None
        if population is not None:
            head, whom = population
            return _in_department(frame_for(head, unit, catalogue_frame), whom, "for")
    if catalogue_frame:
        found = frame_from_catalogue(catalogue_frame)
        if found is not None:
            if found.kind == "share" and unit == "count":
                return Frame(
                    "count", subject=found.subject, modifier=found.modifier, source="catalogue"
                )
            return found
    return parse_frame(normalise_name(name), unit)


# ---------------------------------------------------------------- notes as clauses

ACRONYM = re.compile(r"^[A-Z0-9&][A-Z0-9&\-']+s?$")


# a performance system's stamp before a note: the author's initials and the date ("JE090720 -
# Timeliness has been maintained"), which is no part of what was reported
_NOTE_STAMP = re.compile(r"^[A-Z]{2,4}\d{6}\s*[-–—:]\s+(?=\S)")


def note_clause(note: str, proper_words: frozenset[str] = frozenset()) -> str:
    """A note as a clause inside a sentence: no trailing full stop or leading stamp, and its
    capitals kept only for names: the capitalised common words of a note typed in Title Case
    or with a capital first letter are lowered ("Delays In Discharges Have Occurred" -> "delays
    in discharges have occurred", "Staff Sickness in the Team ..."), but not an acronym, a word
    with a digit or inner capital, "I", a proper name or place of the phrasebank, a word no
    dictionary has ("Mears"), one written capitalised mid-sentence elsewhere in the table
    (`proper_words`) that is not a common word, or the first word of a later sentence."""
    clause = note.strip().rstrip(".;, ").strip()
    clause = _NOTE_STAMP.sub("", clause, count=1)
    words = clause.split()
    if not words or not any(_plain_capital(w) for w in words):
        return clause
    spelled = list(words)
    proper = _proper_spans(spelled)  # spelled as the phrasebank spells its names
    first = _core(words[0])
    if first in proper_words and not is_common_word(first):
        proper[0] = True
    for i in range(1, len(words)):
        if words[i - 1].endswith((".", "!", "?")):
            proper[i] = True  # a sentence of its own starts with its capital
    return " ".join(_lower_common_runs(spelled, proper, _places(spelled, proper)))


# words that make a note a clause of its own: a verb that agrees with a subject
_FINITE_WORDS = frozenset(
    {"is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could",
     "should", "may", "might", "must", "do", "does", "did", "remains", "remain", "continues",
     "continue", "shows", "show", "means", "needs", "reflects", "includes", "relates",
     "rose", "fell", "grew", "went", "came", "saw", "took", "became", "began", "meant"}
)  # fmt: skip


def is_clause(note: str) -> bool:
    """Has the note a finite verb, so that it can follow "it was reported that" ("delays have
    occurred", "arrears rose", "sickness affected performance")? A heading or a participle
    phrase has none ("new IT system introduced in July", "underspend due to vacancies",
    "data not yet validated"): a past form in -ed counts only before its object, not before
    a preposition or at the end, where it is a participle."""
    words = [w.strip(".,;:()\"'").lower() for w in note.split()]
    for index, word in enumerate(words):
        if word in _FINITE_WORDS or (word.endswith("n't") and len(word) > 3):
            return True
        following = words[index + 1] if index + 1 < len(words) else ""
        past = len(word) > 4 and word.endswith("ed") and not word.endswith("eed")
        if (
            past
            and index
            and following
            and following not in PREPOSITIONS
            and following not in ("and", "or", "by", "as", "than", "since", "until", "because")
        ):
            return True  # "staff sickness affected performance"
    return False


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
