"""Parts under their whole: rows of a table that break another row's figure down ("Complaints
received – stage 1" under "Complaints received") are stated in the whole's clause, not as
separate statements.

A row is a part of another when its `part_of` cell names that row (by id or name), or, by a
conservative name-shape rule, when its name is another row's name followed by a spaced dash
or a colon and a qualifier ("Complaints received – stage 1", "Complaints received: stage 1").
Only counts are grouped, a part only with a whole of the same unit, and only a bare part (a
value, no target, previous value, benchmark, status, classification or note of its own): a
part with its own evidence is judged and stated on its own, as any row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Indicator
from .content import Message

# "Complaints received – stage 1", "Complaints received - stage 1", "Complaints received: stage 1"
PART_NAME = re.compile(r"^(?P<whole>.+?)(?:\s+[–—-]\s+|:\s+)(?P<qualifier>\S.*)$")


@dataclass(frozen=True)
class Part:
    """A part row stated under its whole: the message, and the words that tell it apart
    (the qualifier after the whole's name, or None when the part has a name of its own)."""

    message: Message
    qualifier: str | None


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _bare(message: Message) -> bool:
    ind = message.indicator
    return (
        ind.value is not None
        and ind.value != 0
        and message.target is None
        and message.previous is None
        and message.benchmark is None
        and not (ind.status or "").strip()
        and not (ind.classification or "").strip()
        and not (ind.note or "").strip()
    )


def find_parts(messages: Sequence[Message]) -> dict[int, tuple[Message, list[Part]]]:
    """id(whole's message) -> (the whole, its parts in table order), for the messages of one
    minute. A row that is a part is never a whole itself (one level, no chains)."""
    by_id: dict[str, Message] = {}
    by_name: dict[str, Message] = {}
    for message in messages:
        ind = message.indicator
        if ind.id:
            by_id.setdefault(_key(ind.id), message)
        by_name.setdefault(_key(ind.name), message)
    found: dict[int, tuple[Message, list[Part]]] = {}
    parts_seen: set[int] = set()
    for message in messages:
        whole, qualifier = _whole_of(message.indicator, by_id, by_name)
        if whole is None or whole is message or not _groupable(whole.indicator, message.indicator):
            continue
        if not _bare(message):
            continue
        found.setdefault(id(whole), (whole, []))[1].append(Part(message, qualifier))
        parts_seen.add(id(message))
    return {key: value for key, value in found.items() if key not in parts_seen}


def _whole_of(
    ind: Indicator, by_id: dict[str, Message], by_name: dict[str, Message]
) -> tuple[Message | None, str | None]:
    """The whole a row belongs to, and its qualifier: the part_of cell first, then the name."""
    named = (ind.part_of or "").strip()
    shape = PART_NAME.match(" ".join(ind.name.split()))
    if named:
        whole = by_id.get(_key(named)) or by_name.get(_key(named))
        if whole is None:
            return None, None
        if shape and _key(shape["whole"]) == _key(whole.indicator.name):
            return whole, shape["qualifier"].strip()
        return whole, None
    if shape is None:
        return None, None
    return by_name.get(_key(shape["whole"])), shape["qualifier"].strip()


def _groupable(whole: Indicator, part: Indicator) -> bool:
    """Counts of the same unit, the whole with a value: "120 ..., of these 90 ..."."""
    unit = (part.unit or "").strip().lower()
    return (
        unit == "count" and (whole.unit or "").strip().lower() == unit and whole.value is not None
    )
