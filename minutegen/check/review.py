"""`check MINUTE.docx DATA -o REVIEWED.docx`: the findings as Word comments on a copy.

The checker works on the plain text `docx_to_text` reads. Here the same walk over the Word
document is made again, remembering for every plain-text character the paragraph and position
it came from; a finding's span is then cut out of its runs (formatting copied to each piece)
and a comment by "minutegen" is anchored on exactly those runs. Everything else in the package
(styles, numbering, tables, headers, footers) is saved back as python-docx read it.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..model import Finding

AUTHOR = "minutegen"
INITIALS = "MG"
# Run children that hold text; a run holding anything else (a picture, a field) is never cut.
_TEXT_TAGS = frozenset({"rPr", "t", "tab", "br", "cr", "noBreakHyphen", "ptab"})

Location = tuple[Any, int] | None  # (CT_P element, offset in the paragraph's text) or None


@dataclass(frozen=True)
class Commented:
    """One comment read back from a Word file: the words it is anchored on, its text, author."""

    anchor: str
    text: str
    author: str


def _paragraph_chars(paragraph: Any) -> list[tuple[str, Location]]:
    text = paragraph.text
    if not text.strip():
        return []
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return [(text[i], (paragraph._p, i)) for i in range(start, end)]


def _collapse(chars: list[tuple[str, Location]]) -> list[tuple[str, Location]]:
    """`" ".join(text.split())` on located characters."""
    out: list[tuple[str, Location]] = []
    gap = False
    for ch, loc in chars:
        if ch.isspace():
            gap = bool(out)
            continue
        if gap:
            out.append((" ", None))
            gap = False
        out.append((ch, loc))
    return out


def _blocks(container: Any, blocks: list[list[tuple[str, Location]]]) -> None:
    """The located twin of extract.readers._docx_blocks: same text, each character placed."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for item in container.iter_inner_content():
        if isinstance(item, Paragraph):
            chars = _paragraph_chars(item)
            if chars:
                blocks.append(chars)
        elif isinstance(item, Table):
            rows: list[list[tuple[str, Location]]] = []
            for row in item.rows:
                seen: set[int] = set()
                cells: list[list[tuple[str, Location]]] = []
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    inner: list[list[tuple[str, Location]]] = []
                    _blocks(cell, inner)
                    joined: list[tuple[str, Location]] = []
                    for index, block in enumerate(inner):
                        if index:
                            joined.append((" ", None))
                        joined.extend(block)
                    text = _collapse(joined)
                    if text:
                        cells.append(text)
                if cells:
                    line: list[tuple[str, Location]] = []
                    for index, cell_chars in enumerate(cells):
                        if index:
                            line.append(("\t", None))
                        line.extend(cell_chars)
                    rows.append(line)
            if rows:
                block: list[tuple[str, Location]] = []
                for index, row_chars in enumerate(rows):
                    if index:
                        block.append(("\n", None))
                    block.extend(row_chars)
                blocks.append(block)


def located_text(document: Any) -> tuple[str, list[Location]]:
    """The document's plain text as `docx_to_text` gives it, and where each character lives."""
    blocks: list[list[tuple[str, Location]]] = []
    _blocks(document, blocks)
    chars: list[tuple[str, Location]] = []
    for index, block in enumerate(blocks):
        if index:
            chars.extend((("\n", None), ("\n", None)))
        chars.extend(block)
    if chars:
        chars.append(("\n", None))
    return "".join(c for c, _ in chars), [loc for _, loc in chars]


def _runs(p: Any) -> list[Any]:
    """The w:r elements whose text makes up the paragraph's text, in order."""
    return list(p.xpath("./w:r | ./w:hyperlink/w:r"))


def _splittable(r: Any) -> bool:
    return all(isinstance(child.tag, str) and child.tag.split("}")[-1] in _TEXT_TAGS for child in r)


def _split(r: Any, at: int) -> None:
    """Cut run `r` after `at` characters: the tail becomes a new run with the same formatting."""
    text = r.text
    tail = copy.deepcopy(r)
    r.text = text[:at]
    tail.text = text[at:]
    r.addnext(tail)


def _isolate(p: Any, start: int, end: int) -> list[Any]:
    """The runs of paragraph `p` covering [start, end) of its text, cut at both ends where the
    runs allow it."""
    for boundary in (end, start):
        offset = 0
        for r in _runs(p):
            length = len(r.text)
            if offset < boundary < offset + length and _splittable(r):
                _split(r, boundary - offset)
                break
            offset += length
    covered: list[Any] = []
    offset = 0
    for r in _runs(p):
        length = len(r.text)
        if length and offset < end and offset + length > start:
            covered.append(r)
        offset += length
    return covered


def _comment_text(finding: Finding) -> str:
    return f"{finding.code} {finding.severity}: {finding.message}"


def annotate_docx(
    data: bytes, findings: Sequence[Finding], *, name: str = "minute.docx", text: str | None = None
) -> bytes:
    """A copy of the Word document `data` with one comment per finding, on the words it is about.

    A finding without a span in the text (a row the minute never mentions) is anchored on the
    document's first paragraph of text. `findings` must come from checking this document's
    text as `docx_to_text` reads it; when `text` (that text) is given and the walk here reads
    the document differently, no comment is placed and an InputError says so.
    """
    import docx
    from docx.text.run import Run

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx and lxml raise many kinds on a broken package
        raise InputError(f"is not a readable Word .docx file ({error})", path=name) from None
    plain, where = located_text(document)
    if text is not None and plain != text:
        raise InputError("cannot place comments: the document's text reads two ways", path=name)
    text = plain
    first = next((loc for loc in where if loc is not None), None)
    for finding in findings:
        runs: list[Any] = []
        if finding.end > finding.start and finding.end <= len(text):
            places = [loc for loc in where[finding.start : finding.end] if loc is not None]
            if places:
                p_first, i_first = places[0]
                p_last, i_last = places[-1]
                if p_first is p_last:
                    runs = _isolate(p_first, i_first, i_last + 1)
                else:
                    head = _isolate(p_first, i_first, len(p_first.text))
                    tail = _isolate(p_last, 0, i_last + 1)
                    runs = [*head[:1], *tail[-1:]]
        if not runs and first is not None:
            runs = [r for r in _runs(first[0]) if r.text][:1] + [
                r for r in _runs(first[0]) if r.text
            ][-1:]
        if not runs:
            continue
        wrapped = [Run(r, document._body) for r in runs]
        document.add_comment(wrapped, text=_comment_text(finding), author=AUTHOR, initials=INITIALS)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def read_comments(data: bytes) -> list[Commented]:
    """Each comment of a Word document with the text of the range it is anchored on."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    anchors: dict[str, list[str]] = {}
    open_ids: set[str] = set()
    for element in body.iter():
        tag = element.tag
        if tag == qn("w:commentRangeStart"):
            open_ids.add(element.get(qn("w:id")))
            anchors.setdefault(element.get(qn("w:id")), [])
        elif tag == qn("w:commentRangeEnd"):
            open_ids.discard(element.get(qn("w:id")))
        elif tag in (qn("w:t"), qn("w:tab")) and open_ids:
            piece = element.text or "" if tag == qn("w:t") else "\t"
            for ident in open_ids:
                anchors[ident].append(piece)
    out: list[Commented] = []
    for comment in document.comments:
        out.append(
            Commented(
                anchor="".join(anchors.get(str(comment.comment_id), [])),
                text=comment.text,
                author=comment.author,
            )
        )
    return out
