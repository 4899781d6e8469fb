"""Line and column of a finding in the file the clerk edits, not in its extracted plain text.

A Markdown or HTML minute is checked as plain text (markup, tags and the page around the minute
removed), so a plain-text line:column points elsewhere in the source. Each finding's words are
found again in the source's visible text, in the same order (the k-th time they occur in the
plain text is the k-th time in the source), and placed there.
"""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

from ..extract.readers import HTML_SUFFIXES, MARKDOWN_SUFFIXES, TEXT_SUFFIXES
from ..model import Finding

_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_SKIPPED = re.compile(r"<(script|style|noscript|template|head)\b", re.IGNORECASE)
# What may stand between two words of a figure in the source: spaces, and in Markdown the
# emphasis and code marks around them ("**19.6** per cent").
_GAP = {"markdown": r"(?:\s|[*_~`])+", "html": r"\s+"}


def source_kind(path: str | Path) -> str | None:
    """'markdown', 'html' or 'text' for a minute whose lines differ from its plain text's
    (a plain-text minute's wrapped lines are rejoined in place), else None (DOCX, PDF)."""
    suffix = Path(str(path)).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def visible_html(source: str) -> tuple[str, list[int]]:
    """The characters of an HTML page a reader sees, each with its offset in the source.

    Tags, comments and the contents of head/script/style are left out; entities are decoded.
    """
    chars: list[str] = []
    where: list[int] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c == "<":
            if source.startswith("<!--", i):
                end = source.find("-->", i + 4)
                i = n if end < 0 else end + 3
                continue
            skipped = _SKIPPED.match(source, i)
            if skipped:
                close = re.compile(rf"</{skipped.group(1)}\s*>", re.IGNORECASE).search(source, i)
                i = n if close is None else close.end()
                continue
            end = source.find(">", i + 1)
            i = n if end < 0 else end + 1
            continue
        if c == "&":
            entity = _ENTITY.match(source, i)
            if entity:
                for decoded in html.unescape(entity.group(0)).replace("\xa0", " "):
                    chars.append(decoded)
                    where.append(i)
                i = entity.end()
                continue
        chars.append(" " if c == "\xa0" else c)
        where.append(i)
        i += 1
    return "".join(chars), where


def _pattern(words: str, kind: str) -> re.Pattern[str] | None:
    tokens = words.split()
    if not tokens:
        return None
    body = _GAP[kind].join(re.escape(t) for t in tokens)
    left = r"(?<!\w)" if tokens[0][:1].isalnum() else ""
    right = r"(?!\w)" if tokens[-1][-1:].isalnum() else ""
    return re.compile(left + body + right)


def _line_column(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return line, column


def relocate(
    findings: tuple[Finding, ...], plain: str, source: str, kind: str
) -> tuple[Finding, ...]:
    """The findings with line and column in `source` where their words are found there.

    A finding whose words cannot be placed (a row never mentioned, markup inside a number)
    keeps its plain-text position.
    """
    if kind == "text":
        if len(source) != len(plain):  # not the same characters: leave the places alone
            return findings
        placed: list[Finding] = []
        for finding in findings:
            if finding.end > finding.start:
                line, column = _line_column(source, finding.start)
                finding = dataclasses.replace(finding, line=line, column=column)
            placed.append(finding)
        return tuple(placed)
    if kind == "html":
        visible, where = visible_html(source)
    else:
        visible, where = source, list(range(len(source)))
    # Search from where the minute's own text begins, past a page's menus and sidebars.
    begin = 0
    first = next((line for line in plain.splitlines() if line.strip()), "")
    opening = _pattern(" ".join(first.split()[:8]), kind)
    if opening is not None:
        found_opening = opening.search(visible)
        begin = found_opening.start() if found_opening else 0
    out: list[Finding] = []
    for finding in findings:
        words = plain[finding.start : finding.end] if finding.end > finding.start else ""
        pattern = _pattern(words, kind) if words.strip() else None
        if pattern is None:
            out.append(finding)
            continue
        # which occurrence of these words the finding is, counted in the plain text
        nth = sum(1 for m in pattern.finditer(plain) if m.start() < finding.start)
        found = None
        for index, match in enumerate(pattern.finditer(visible, begin)):
            if index == nth:
                found = match
                break
        if found is None:
            out.append(finding)
            continue
        line, column = _line_column(source, where[found.start()])
        out.append(dataclasses.replace(finding, line=line, column=column))
    return tuple(out)
