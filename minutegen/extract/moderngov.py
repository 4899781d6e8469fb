"""ModernGov archives: a saved `mgWebService.asmx` GetMeeting response, read as one document
per agenda item.

Most English councils publish through ModernGov. Its web service answers GetMeeting with XML
holding the meeting (`meetingdate` as dd/mm/yyyy, the committee's title) and its agenda items,
each with the minutes of that item as HTML escaped inside the XML text
(`minutesnonemptyhtmlbody`), and the HTML's own entities escaped again ("&amp;#39;"). The XML
may be the plain GET answer, a SOAP envelope, or an XML document itself escaped inside a
`<string>` element; elements are found by their local names in any of these.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

from ..errors import InputError

SUFFIXES: frozenset[str] = frozenset({".xml"})
# Where an item's minutes are, in order of preference (the first with text wins).
MINUTES_FIELDS: tuple[str, ...] = (
    "minutesnonemptyhtmlbody", "minuteshtmlbody", "minutestext", "minutes",
)  # fmt: skip
COMMITTEE_FIELDS: tuple[str, ...] = ("committeetitle", "committeename", "meetingcommitteetitle")


@dataclass(frozen=True)
class MeetingItem:
    """One agenda item's minutes: its document name, plain text, committee and meeting date."""

    name: str
    text: str
    committee: str | None
    meeting_date: dt.date | None
    title: str
    number: str | None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def looks_like_getmeeting(data: bytes) -> bool:
    """Whether bytes are a ModernGov GetMeeting response (an XML head naming agenda items)."""
    head = data[:65536].lower()
    return b"<agendaitem" in head or (b"&lt;agendaitem" in head and b"<string" in head)


def _parse(data: bytes, name: str) -> object:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise InputError(f"is not readable XML ({error})", path=name) from None
    if _local(root.tag) == "string" and (root.text or "").lstrip().startswith("<"):
        # the .NET GET form: the whole answer escaped inside <string>
        return _parse(root.text.strip().encode("utf-8"), name)
    return root


def _child_text(element: object, names: tuple[str, ...]) -> str | None:
    for wanted in names:
        for child in element:  # type: ignore[attr-defined]
            if _local(child.tag) == wanted and (child.text or "").strip():
                return str(child.text).strip()
    return None


def _find(root: object, name: str) -> list[object]:
    return [e for e in root.iter() if _local(e.tag) == name]  # type: ignore[attr-defined]


def meeting_date(text: str | None, name: str) -> dt.date | None:
    """ModernGov's dd/mm/yyyy (a time after it is ignored); None when there is no date."""
    if not text:
        return None
    match = re.match(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\b", text)
    try:
        if match is None:
            raise ValueError
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    except ValueError:
        raise InputError(f"meetingdate {text!r} is not a dd/mm/yyyy date", path=name) from None


def item_html(raw: str) -> str:
    """The HTML of an item's minutes: XML parsing undid one escaping; a body escaped once more
    ("&lt;p&gt;") is unescaped again."""
    text = raw.strip()
    if "<" not in text and "&lt;" in text:
        text = html.unescape(text)
    return text


def read_getmeeting(data: bytes, name: str) -> list[MeetingItem]:
    """The agenda items of a saved GetMeeting response that have minutes, in agenda order.

    Restricted (exempt) items and items without minutes are left out. Each item's document is
    named `<file>#<minute number or agenda number or id>` and its text starts with the item's
    title, so the period an item's title names files it in the archive.
    """
    from .readers import html_to_text

    root = _parse(data, name)
    meetings = _find(root, "meeting") or [root]
    out: list[MeetingItem] = []
    seen: set[str] = set()
    for meeting in meetings:
        items = _find(meeting, "agendaitem")
        if not items:
            continue
        committee = _child_text(meeting, COMMITTEE_FIELDS)
        if committee is None:
            found = [e for n in COMMITTEE_FIELDS for e in _find(root, n) if (e.text or "").strip()]
            committee = str(found[0].text).strip() if found else None
        date = meeting_date(_child_text(meeting, ("meetingdate",)), name)
        for item in items:
            if (_child_text(item, ("isrestricted",)) or "").lower() == "true":
                continue
            raw = _child_text(item, MINUTES_FIELDS)
            if raw is None:
                continue
            body = html_to_text(item_html(raw)).strip()
            if not body:
                continue
            title = " ".join(html.unescape(_child_text(item, ("agendaitemtitle",)) or "").split())
            number = _child_text(
                item, ("minutesitemnumber", "fulldisplaynumberformat", "agendaitemnumber")
            )
            key = number or _child_text(item, ("agendaitemid",)) or str(len(out) + 1)
            while key in seen:
                key += "+"
            seen.add(key)
            text = f"{title}\n\n{body}\n" if title else f"{body}\n"
            out.append(MeetingItem(f"{name}#{key}", text, committee, date, title, number))
    if not _find(root, "agendaitem"):
        raise InputError(
            "is XML but not a ModernGov GetMeeting response (no agenda items)", path=name
        )
    return out
