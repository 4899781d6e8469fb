"""Meeting metadata in: the YAML that says who reported what to which committee, and what was
resolved. Defaults (such as the resolution to note the report) are the drafter's job."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .model import Meeting
from .yamlio import load_yaml, yaml_error_message

MEETING_KEYS: tuple[str, ...] = (
    "committee", "date", "title", "officer", "period", "covered", "comments", "resolution",
    "service", "number",
)  # fmt: skip
# Other names a clerk may use for a key -> the key.
ALIASES: dict[str, str] = {
    "item": "title",
    "item_title": "title",
    "reporting_officer": "officer",
    "report_of": "officer",
    "members_comments": "comments",
    "resolved": "resolution",
    "meeting_date": "date",
    "committee_name": "committee",
    "reporting_period": "period",
    "minute_number": "number",
    "item_number": "number",
}


def load_meeting(path: str | Path | None) -> Meeting:
    """Read meeting metadata from YAML; None gives an empty Meeting (the drafter fills defaults).

    Example: load_meeting("meeting.yaml").committee -> "Children and Young People Scrutiny"
    """
    if path is None:
        return Meeting()
    file = Path(path)
    source = str(path)
    if not file.exists():
        raise InputError("file not found", path=source)
    if file.is_dir():
        raise InputError("is a folder, not a meeting file", path=source)
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path=source) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        data = load_yaml(text)
    except yaml.YAMLError as error:
        raise InputError(yaml_error_message(error), path=source) from None
    if data is None:
        raise InputError("the meeting file is empty", path=source)
    return meeting_from_dict(data, source=source)


def meeting_from_dict(data: Any, *, source: str = "<meeting>") -> Meeting:
    """A Meeting from a mapping, rejecting unknown keys (naming the allowed ones)."""
    if not isinstance(data, dict):
        raise InputError(
            f"meeting metadata must be a mapping of {', '.join(MEETING_KEYS)}; got {_kind(data)}",
            path=source,
        )
    values: dict[str, Any] = {}
    for key, value in data.items():
        name = str(key).strip().lower().replace(" ", "_").replace("-", "_")
        name = ALIASES.get(name, name)
        if name not in MEETING_KEYS:
            raise InputError(
                f"unknown key {str(key)!r}; allowed keys: {', '.join(MEETING_KEYS)} "
                f"(or {', '.join(sorted(ALIASES))})",
                path=source,
            )
        if name in values:
            raise InputError(f"key {str(key)!r} repeats {name!r}", path=source)
        values[name] = value
    fields: dict[str, Any] = {}
    for name, value in values.items():
        if name == "comments":
            fields[name] = _comments(value, source)
        elif name == "resolution" and isinstance(value, list):
            # several resolutions, one a line: the style letters or numbers them
            fields[name] = "\n".join(_comments(value, source)) or None
        else:
            fields[name] = _scalar(name, value, source)
    return Meeting(**fields)


def _kind(value: Any) -> str:
    """What a YAML value is, in a user's words."""
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (int, float)):
        return "a number"
    return f"a {type(value).__name__}"


def _scalar(name: str, value: Any, source: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        raise InputError(f"{name!r} must be text, not {_kind(value)}", path=source)
    text = " ".join(str(value).split())
    return text or None


def _comments(value: Any, source: str) -> tuple[str, ...]:
    """Members' comments: a list of clauses, or a string: one comment, or one a line when it
    runs over several lines (a YAML block, bullets "- " or "* " allowed)."""
    if value is None:
        return ()
    if isinstance(value, str) and "\n" in value.strip():
        value = [line.strip().lstrip("-*•").strip() for line in value.splitlines()]
    items = value if isinstance(value, list) else [value]
    comments: list[str] = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, (dict, list)):
            raise InputError(f"comment {number} must be text, not {_kind(item)}", path=source)
        text = " ".join(str(item).split()) if item is not None else ""
        if text:
            comments.append(text)
    return tuple(comments)
