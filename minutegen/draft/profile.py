"""House-style profiles: a council's conventions as data (style.yaml in a style folder) and
their application to a worded minute: resolution form, minute number, "per cent" or "%",
"2020/21" or "2020-21", numbers in words, reported speech.

The settings start from phrasebanks/style_defaults.yaml; each style's style.yaml (its base
style's first) is merged over them. Everything here works on a `Wording` after phrasing, so
the phrasing code needs no knowledge of house conventions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..model import Indicator, Meeting
from ..resources import phrasebanks_dir
from ..yamlio import load_yaml, reject_unknown_keys, yaml_error_message
from .numbers import Quantity
from .phrasing import Section, Sentence, Wording, finish

SETTING_KEYS: tuple[str, ...] = (
    "resolution", "forms", "numbering", "percent", "year_format", "number_words_up_to",
    "number_words", "reported_speech", "tenses", "exceptions",
)  # fmt: skip
YEAR_FORMATS = ("2020/21", "2020-21")
PERCENT_FORMS = {"per cent": "{n} per cent", "%": "{n}%"}
ITEM_KINDS = ("none", "letters", "roman")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
_YEAR = re.compile(r"\b((?:19|20)\d\d)[/-](\d\d)\b")


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_settings(path: Path) -> dict[str, Any]:
    """One style.yaml, its keys checked (a typo is an error naming the allowed keys)."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}".splitlines()[0], path=path) from None
    except yaml.YAMLError as error:
        raise InputError(yaml_error_message(error), path=path) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError("style.yaml must be a mapping of settings", path=path)
    reject_unknown_keys(data, SETTING_KEYS, path=path)
    return data


@cache
def default_settings() -> dict[str, Any]:
    return read_settings(phrasebanks_dir() / "style_defaults.yaml")


def settings_over(base: dict[str, Any], folder: Path) -> dict[str, Any]:
    """`base` with folder/style.yaml merged over it (when there is one), validated."""
    path = folder / "style.yaml"
    own = read_settings(path) if path.is_file() else {}
    merged = _merge(base, own)
    chosen = own.get("resolution") or {}
    if "form" in chosen and "label" not in chosen:  # a new form brings its own label
        merged["resolution"] = {k: v for k, v in merged["resolution"].items() if k != "label"}
    _validate(merged, path)
    return merged


def _validate(settings: dict[str, Any], path: Path) -> None:
    form = (settings.get("resolution") or {}).get("form")
    forms = settings.get("forms") or {}
    if form not in forms:
        raise InputError(f"resolution form {form!r} is not one of: {', '.join(forms)}", path=path)
    for name, spec in forms.items():
        if (spec or {}).get("items", "none") not in ITEM_KINDS:
            raise InputError(
                f"forms.{name}.items must be one of {', '.join(ITEM_KINDS)}", path=path
            )
    if settings.get("year_format") not in YEAR_FORMATS:
        raise InputError(f"year_format must be one of {', '.join(YEAR_FORMATS)}", path=path)
    percent = settings.get("percent")
    if percent is not None and percent not in PERCENT_FORMS:
        raise InputError("percent must be 'per cent' or '%'", path=path)
    limit = settings.get("number_words_up_to")
    words = settings.get("number_words") or []
    if not isinstance(limit, int) or isinstance(limit, bool) or not 0 <= limit < len(words):
        raise InputError(
            f"number_words_up_to must be a whole number from 0 to {len(words) - 1}", path=path
        )
    if not isinstance(settings.get("reported_speech"), bool):
        raise InputError("reported_speech must be true or false", path=path)
    for key, value in (settings.get("exceptions") or {}).items():
        if key in ("counts", "one_indicator", "categories", "none"):
            continue
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise InputError(f"exceptions.{key} must be a number of 0 or more", path=path)


def with_phrasebank_label(
    settings: dict[str, Any], own_phrases: dict[str, Any], folder: Path
) -> dict[str, Any]:
    """The resolution label a style's own phrases.yaml sets wins over its form's (but not over
    a label its own style.yaml sets): "AGREED:" in a council's phrasebank stays "AGREED:"."""
    label = (own_phrases.get("resolution") or {}).get("label")
    path = folder / "style.yaml"
    own = read_settings(path) if path.is_file() else {}
    if not label or (own.get("resolution") or {}).get("label"):
        return settings
    return {**settings, "resolution": {**(settings.get("resolution") or {}), "label": str(label)}}


def phrases_with_settings(phrases: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
    """The phrasebank with the profile's number form for percentages."""
    percent = settings.get("percent")
    if percent is None:
        return phrases
    numbers = dict(phrases.get("numbers") or {})
    numbers["percent"] = PERCENT_FORMS[percent]
    return {**phrases, "numbers": numbers}


# ---------------------------------------------------------------------------- before phrasing


def backshift(text: str, tenses: dict[str, str]) -> str:
    """Reported speech: present-tense verbs of `tenses` put into the past, word by word."""
    if not tenses:
        return text
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in tenses) + r")\b", re.I)

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        past = str(tenses[word.lower()])
        return past[:1].upper() + past[1:] if word[:1].isupper() else past

    return pattern.sub(swap, text)


def prepare_indicators(indicators: list[Indicator], settings: dict[str, Any]) -> list[Indicator]:
    """Indicators as the profile wants them phrased: notes in reported speech when it says so."""
    if not settings.get("reported_speech"):
        return indicators
    tenses = {str(k).lower(): str(v) for k, v in (settings.get("tenses") or {}).items()}
    return [
        dataclasses.replace(i, note=backshift(i.note, tenses)) if i.note else i for i in indicators
    ]


# ---------------------------------------------------------------------------- after phrasing


def number_word(value: float, settings: dict[str, Any]) -> str | None:
    """A whole count within the profile's limit as a word ("nine"), else None."""
    limit = int(settings.get("number_words_up_to") or 0)
    words = settings.get("number_words") or []
    if value != int(value) or not 0 < value <= limit:
        return None
    return str(words[int(value)])


def _segment(segment: Any, settings: dict[str, Any]) -> Any:
    if isinstance(segment, str):
        mark = "-" if settings.get("year_format") == "2020-21" else "/"
        if ("/" if mark == "-" else "-") not in segment:  # nothing to rewrite: the common case
            return segment

        def year(match: re.Match[str]) -> str:
            first, second = match.groups()
            if (int(first) + 1) % 100 != int(second):  # "2020-25" is a span, not a year
                return match.group(0)
            return f"{first}{mark}{second}"

        return _YEAR.sub(year, segment)
    if (
        isinstance(segment, Quantity)
        and settings.get("number_words_up_to")
        and segment.unit == "count"
        and not segment.change
    ):
        word = number_word(segment.value, settings)
        if word is not None:
            if segment.noun is None:
                return word
            singular, plural = segment.noun
            return f"{word} {singular if segment.value == 1 else plural}"
    return segment


def _sentence(sentence: Sentence, settings: dict[str, Any]) -> Sentence:
    return Sentence(tuple(_segment(s, settings) for s in sentence.segments), sentence.stated)


def _text(value: str, settings: dict[str, Any]) -> str:
    return str(_segment(value, settings))


def _items(count: int, kind: str) -> list[str]:
    if kind == "letters":
        return [f"({chr(ord('a') + i)})" for i in range(count)]
    if kind == "roman":
        return [f"({_ROMAN[i]})" if i < len(_ROMAN) else f"({i + 1})" for i in range(count)]
    return [""] * count


def _meeting_year(date: str | None) -> str:
    if not date:
        return ""
    try:
        return f"{dt.date.fromisoformat(date[:10]).year % 100:02d}"
    except ValueError:
        found = re.search(r"(?:19|20)(\d\d)", date)
        return found.group(1) if found else ""


def _numbered_title(title: str, meeting: Meeting, settings: dict[str, Any]) -> str:
    template = settings.get("numbering")
    number = (meeting.number or "").strip() if meeting.number else ""
    if not template or not number:
        return title
    try:
        label = str(template).format(number=number, yy=_meeting_year(meeting.date))
    except (KeyError, IndexError, ValueError) as error:
        raise InputError(
            f"numbering {template!r} may use only {{number}} and {{yy}} ({error})"
        ) from None
    return f"{label} {title}"


def _rewrite(text: str, form: dict[str, Any]) -> str:
    """A resolution in the form's own words: the first of its `rewrites` that matches."""
    for pattern, replacement in form.get("rewrites") or []:
        try:
            changed, count = re.subn(pattern, replacement, text, count=1)
        except (re.error, IndexError) as error:
            raise InputError(f"resolution rewrite {pattern!r} is malformed: {error}") from None
        if count:
            return changed
    return text


def _resolution(
    wording: Wording, meeting: Meeting, settings: dict[str, Any]
) -> tuple[str, Sentence]:
    form = settings["forms"][settings["resolution"]["form"]]
    label = str(
        settings["resolution"].get("label") or form.get("label") or wording.resolution_label
    )
    given = [line.strip() for line in (meeting.resolution or "").split("\n") if line.strip()]
    if len(given) <= 1:
        if given and form.get("rewrites"):
            line = given[0]
            if line.upper().startswith("RESOLVED"):
                line = line[len("RESOLVED") :].lstrip(" –-:").strip()
            text = _text(_rewrite(line.rstrip(".;").strip(), form), settings)
            return label, Sentence(tuple(finish([text])), wording.resolution.stated)
        return label, _sentence(wording.resolution, settings)
    texts = []
    for line in given:
        if line.upper().startswith("RESOLVED"):
            line = line[len("RESOLVED") :].lstrip(" –-:").strip()
        texts.append(_rewrite(line.rstrip(".;").strip(), form))
    marks = _items(len(texts), str(form.get("items", "none")))
    # items set apart by a space are sentences of their own: each ends with a full stop
    own_sentences = str(form.get("separator", " ")).strip() == ""
    parts: list[str] = []
    for index, (mark, text) in enumerate(zip(marks, texts, strict=True)):
        if index:
            parts.append(str(form.get("last" if index == len(texts) - 1 else "separator", " ")))
        body = f"{mark} {text}".strip()
        parts.append(body + "." if own_sentences and index < len(texts) - 1 else body)
    parts = [_text(p, settings) for p in parts]
    sentence = Sentence(tuple(finish(["".join(parts)])), wording.resolution.stated)
    return label, sentence


def _lower_first(sentence: Sentence) -> Sentence:
    segments = list(sentence.segments)
    if segments and isinstance(segments[0], str) and segments[0][:1].isupper():
        segments[0] = segments[0][:1].lower() + segments[0][1:]
    return Sentence(tuple(segments), sentence.stated)


def apply_profile(wording: Wording, meeting: Meeting, settings: dict[str, Any]) -> Wording:
    """The worded minute in the profile's conventions (everything but reported speech, which
    is applied to the notes before phrasing)."""
    label, resolution = _resolution(wording, meeting, settings)
    if settings["forms"][settings["resolution"]["form"]].get("capital", True) is False:
        resolution = _lower_first(resolution)
    return Wording(
        title=_text(_numbered_title(wording.title, meeting, settings), settings),
        subtitle=_text(wording.subtitle, settings),
        opening=tuple(tuple(_sentence(s, settings) for s in p) for p in wording.opening),
        annual=_sentence(wording.annual, settings) if wording.annual is not None else None,
        sections=tuple(
            Section(
                s.kind, s.heading, tuple(_sentence(x, settings) for x in s.sentences), s.bullets
            )
            for s in wording.sections
        ),
        resolution_label=label,
        resolution=resolution,
    )
