"""Turn one minute (text, Markdown, HTML, DOCX or PDF) into the plain text figures point into.

Every reader returns `str` with `\\n` line ends; the offsets of extracted figures refer to
exactly this text, so the same file always reads to the same string.
"""

from __future__ import annotations

import os
import re
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..limits import MAX_FILE_BYTES, check_file_size, check_zip_inflation

TEXT_SUFFIXES: frozenset[str] = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES: frozenset[str] = frozenset({".md", ".markdown"})
HTML_SUFFIXES: frozenset[str] = frozenset({".html", ".htm", ".xhtml"})
KNOWN_SUFFIXES: frozenset[str] = (
    TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | frozenset({".docx", ".pdf"})
)

STDIN = "-"


def read_document(path: str | Path) -> str:
    """Read one minute as plain text, choosing the reader by extension; `-` reads stdin.

    Raises InputError naming the file when it is missing, unreadable, or has no text.
    """
    name = str(path)
    if name == STDIN:
        return read_stdin()
    file = Path(path)
    if file.is_dir():
        raise InputError("is a folder, not a minute", path=name)
    try:
        with file.open("rb") as handle:
            check_file_size(os.fstat(handle.fileno()).st_size, name)
            data = handle.read(MAX_FILE_BYTES + 1)  # a pipe or device has no size: read to it
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror or error})", path=name) from None
    check_file_size(len(data), name)
    return read_bytes(data, name)


def read_stdin(stream: BinaryIO | None = None) -> str:
    """Read a minute from standard input (plain text, or HTML when it looks like HTML)."""
    if stream is None and sys.stdin is None:  # started with stdin closed (<&-)
        raise InputError("no standard input to read (it is closed)", path=STDIN)
    source = stream if stream is not None else sys.stdin.buffer
    data = source.read(MAX_FILE_BYTES + 1)
    check_file_size(len(data), STDIN)
    return read_bytes(data, STDIN, sniff=True)


def read_bytes(data: bytes, name: str, *, sniff: bool = False) -> str:
    """Read the bytes of a minute called `name`; its extension chooses the reader.

    With `sniff`, or for an unknown extension, content that looks like HTML is read as HTML.
    A minute with no readable text is an InputError: it would quietly give no figures.
    """
    text = _read_bytes(data, name, sniff=sniff)
    if not text.strip():
        what = "empty" if not data.strip() else "without any readable text"
        raise InputError(f"is {what}: no minute to read", path=name)
    return text


def _read_bytes(data: bytes, name: str, *, sniff: bool) -> str:
    suffix = Path(name).suffix.lower() if name != STDIN else ""
    reader = _READERS.get(suffix)
    if reader is not None:
        return reader(data, name)
    if data.startswith(b"%PDF-"):
        return pdf_to_text(data, name)
    if data.startswith(b"PK\x03\x04") and b"word/document.xml" in data[:65536]:
        return docx_to_text(data, name)
    text = decode_text(data, name, strict=True)
    if (sniff or suffix) and _looks_like_html(text):
        return html_to_text(text)
    return _normalise_newlines(text)


# --- plain text -------------------------------------------------------------------------------

_BINARY = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
# Byte-order marks, longest first (UTF-32's begins with UTF-16's).
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"),
)  # fmt: skip
# Encodings a minute is read in: what `decode_text` tries, as the README states them.
ENCODINGS = "UTF-8, UTF-16 and UTF-32 (with or without a byte-order mark), Windows-1252"


def decode_text(data: bytes, name: str, *, strict: bool = False) -> str:
    """Decode a minute's bytes: a byte-order mark says the encoding (UTF-8, UTF-16, UTF-32);
    without one, UTF-16/32 told by where its zero bytes fall, else UTF-8, else Windows-1252,
    which old minutes use. Bytes that decode to control characters are not text: InputError.

    charset-normalizer was measured against this (benchmarks/encodings.py): it decodes no
    more minutes and gets one Windows-1252 minute in 27 wrong, at 100x the time.
    `strict` only words the error for a file of unknown type.
    """
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is not None:
        data = data[len(next(bom for bom, enc in _BOMS if enc == encoding)) :]
        candidates = [encoding]
    else:
        candidates = [*_wide_encodings(data[:4096]), "utf-8", "cp1252"]
    text = None
    for candidate in candidates:
        try:
            text = data.decode(candidate)
            break
        except UnicodeDecodeError:
            continue
    if text is None and encoding is not None:
        raise InputError(f"is not {encoding} text as its byte-order mark says", path=name)
    if text is None:
        what = "binary content; unknown format" if strict else "binary content"
        raise InputError(f"is not a text file ({what})", path=name)
    sample = text[:65536]
    if len(_BINARY.findall(sample)) > max(2, len(sample) // 100):
        what = "binary content; unknown format" if strict else "binary content"
        raise InputError(f"is not a text file ({what})", path=name)
    return text


def _wide_encodings(head: bytes) -> list[str]:
    """UTF-16/32 without a byte-order mark, told by where the zero bytes of ASCII fall."""
    if len(head) < 4 or head.count(0) < len(head) // 4:
        return []
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if head[2::4].count(0) + head[3::4].count(0) > len(head) // 3:
        return ["utf-32-le"] if head[0] else ["utf-32-be"]
    return ["utf-16-le"] if odd > even else ["utf-16-be"]


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_to_text(data: bytes, name: str) -> str:
    """A .txt minute: decoded, line ends normalised, lines wrapped at a margin rejoined."""
    return unwrap_in_place(_normalise_newlines(decode_text(data, name)))


# A plain-text minute saved from an e-mail or `pdftotext` is wrapped at a fixed width (72-132
# columns), which splits figures from the words around them ("78 per\ncent"). Such a file's
# longest line is at most this long; minutes written by a word processor have paragraphs as
# single lines of hundreds of characters and are left alone.
HARD_WRAP_WIDTH = 160
# ... and at least this long: text with no line of a sentence's length ("0\n0") has no margin
HARD_WRAP_MIN = 40


def unwrap_in_place(text: str) -> str:
    """Each newline that wrapped a paragraph at the margin becomes a space: offsets (and so
    every figure's start and end) stay those of the file; titles and short lines stay."""
    lines = text.split("\n")
    longest = max((len(line.rstrip()) for line in lines), default=0)
    if longest > HARD_WRAP_WIDTH or longest < HARD_WRAP_MIN or len(lines) < 3:
        return text
    out: list[str] = []
    for index, line in enumerate(lines):
        out.append(line)
        if index + 1 == len(lines):
            break
        stripped = line.rstrip()
        wrapped = (
            bool(stripped.strip())
            and bool(lines[index + 1].strip())
            and len(stripped) >= WRAPPED_SHARE * longest
            and not _LINE_END.search(stripped)
        )
        out.append(" " if wrapped else "\n")
    return "".join(out)


# --- Markdown ---------------------------------------------------------------------------------

_MD_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_BULLET = re.compile(r"^(\s*)[-*+]\s+(\[[ xX]\]\s+)?")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]")
_MD_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_MD_CODE = re.compile(r"`+([^`]*)`+")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\*)|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?!\w)")
_MD_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_MD_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def markdown_to_text(data: bytes, name: str) -> str:
    """A Markdown minute as plain text: headings, emphasis, links and list markers dropped,
    paragraphs kept apart by blank lines, list items one a line, table cells tab-separated.
    """
    lines = _normalise_newlines(decode_text(data, name)).split("\n")
    out: list[str] = []
    in_fence = False
    open_paragraph = False  # the last line out is prose that a next line may continue
    for line in lines:
        if _MD_FENCE.match(line):
            in_fence = not in_fence
            open_paragraph = False
            continue
        if in_fence:
            out.append(line)
            continue
        if _MD_RULE.match(line):
            out.append("")
            open_paragraph = False
            continue
        if _MD_REFDEF.match(line) or _MD_TABLE_RULE.match(line):
            continue
        if _MD_SETEXT.match(line) and out and out[-1].strip():
            open_paragraph = False
            continue  # the underline of a setext heading
        while _MD_QUOTE.match(line):
            line = _MD_QUOTE.sub("", line, count=1)
        heading = _MD_HEADING.match(line)
        bullet = _MD_BULLET.match(line)
        line = heading.group(1) if heading else _MD_BULLET.sub("", line)
        row = "|" in line and line.strip().startswith("|")
        if row:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            line = "\t".join(cells)
        text_line = _markdown_inline(line).rstrip()
        if open_paragraph and text_line.strip() and not (heading or bullet or row):
            # a paragraph's next line (Markdown's soft break): one line of prose, as rendered
            out[-1] = out[-1] + " " + text_line.strip()
            continue
        out.append(text_line)
        open_paragraph = bool(text_line.strip()) and not (heading or row)
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def _markdown_inline(line: str) -> str:
    line = _MD_IMAGE.sub(r"\1", line)
    line = _MD_LINK.sub(lambda m: m.group(1) or m.group(2), line)
    line = _MD_AUTOLINK.sub(r"\1", line)
    line = _MD_CODE.sub(r"\1", line)
    line = _MD_HTML_TAG.sub("", line)
    for _ in range(2):  # nested emphasis: ***x*** and **_x_**
        line = _MD_STRONG.sub(r"\2", line)
        line = _MD_EM.sub(lambda m: m.group(1) or m.group(2), line)
    line = _MD_STRIKE.sub(r"\1", line)
    line = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>~])", r"\1", line)  # backslash escapes
    return line


# --- HTML -------------------------------------------------------------------------------------

# Page furniture around a published minute: never part of the minute's text.
_HTML_DROP = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "iframe", "svg", "button", "select", "textarea", "head", "title", "meta", "link", "object",
)  # fmt: skip
_HTML_DROP_ROLES = ("navigation", "banner", "contentinfo", "search", "complementary", "menu")
# ids and classes that council sites (ModernGov, GOV.UK-style templates) give page furniture
_HTML_DROP_NAMES = frozenset((
    "breadcrumb", "breadcrumbs", "cookie-banner", "cookie-notice", "cookies", "skip-link",
    "skiplink", "skip-to-content", "navbar", "site-header", "site-footer", "masthead",
    "sidebar", "social-share", "share-links", "printlink", "mgBreadCrumbs", "mgSideBar",
    "govuk-header", "govuk-footer", "govuk-breadcrumbs", "govuk-skip-link", "govuk-cookie-banner",
))  # fmt: skip
_HTML_MAIN = ("main", "[role=main]", "article", "#content", "#main-content", "#maincontent")
_HTML_PARAGRAPH = frozenset((
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "table", "ul", "ol", "dl", "figure", "figcaption", "address", "hr", "fieldset",
    "details", "summary", "center",
))  # fmt: skip
_HTML_LINE = frozenset(["li", "tr", "dt", "dd", "caption", "br"])
_HTML_CELL = frozenset(("td", "th"))
_PARA = "\x00P"  # markers for breaks while walking; resolved into newlines at the end
_LINE = "\x00L"
_CELL = "\x00C"


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(html|body|p|div)[\s>]", head)
    )


def html_to_bytes_text(data: bytes, name: str) -> str:
    """An HTML page (bytes) as plain text; the page's own charset wins, else UTF-8/cp1252."""
    from bs4 import BeautifulSoup
    from bs4.dammit import EncodingDetector

    declared = EncodingDetector.find_declared_encoding(data[:4096], is_html=True)
    if declared:  # the page says what it is: believe it
        return _soup_to_text(BeautifulSoup(data, "lxml", from_encoding=declared))
    return _soup_to_text(BeautifulSoup(decode_text(data, name), "lxml"))


def html_to_text(html: str) -> str:
    """An HTML page (already decoded) as the minute's plain text, without the page around it."""
    from bs4 import BeautifulSoup

    return _soup_to_text(BeautifulSoup(html, "lxml"))


def _soup_to_text(soup: object) -> str:
    from bs4 import BeautifulSoup, Tag

    assert isinstance(soup, BeautifulSoup)
    for tag in soup.find_all(_HTML_DROP):
        tag.decompose()
    for role in _HTML_DROP_ROLES:
        for tag in soup.select(f'[role="{role}"]'):
            tag.decompose()
    for tag in soup.select('[hidden], [aria-hidden="true"]'):
        tag.decompose()
    for tag in soup.find_all(_is_furniture):
        tag.decompose()
    root: Tag = soup.body or soup
    for selector in _HTML_MAIN:
        found = soup.select_one(selector)
        if found is not None and found.get_text(strip=True):
            root = found
            break
    parts: list[str] = []
    _walk(root, parts, pre=False)
    return _resolve_breaks("".join(parts))


def _is_furniture(tag: object) -> bool:
    from bs4 import Tag

    if not isinstance(tag, Tag) or tag.attrs is None:
        return False
    names = {str(tag.get("id") or "")}
    classes = tag.get("class") or []
    names.update(classes if isinstance(classes, list) else str(classes).split())
    return not _HTML_DROP_NAMES.isdisjoint(names)


def _walk(node: object, parts: list[str], *, pre: bool) -> None:
    """The text of `node`'s descendants with break markers, in document order; a loop over an
    explicit stack, so that a page nested thousands of tags deep cannot overflow Python's."""
    from bs4 import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

    assert isinstance(node, Tag)
    stack: list[tuple[Iterator[object], bool, str]] = [(iter(node.children), pre, "")]
    while stack:
        children, in_pre, _ = stack[-1]
        child = next(children, None)
        if child is None:
            parts.append(stack.pop()[2])  # the closing marker of the tag just finished
            continue
        if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            text = str(child).replace("\xa0", " ")
            if in_pre:
                parts.append(text.replace("\n", _LINE))
            else:
                parts.append(re.sub(r"\s+", " ", text))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            parts.append(_LINE)
            continue
        marker = (
            _PARA
            if name in _HTML_PARAGRAPH
            else _LINE
            if name in _HTML_LINE
            else _CELL
            if name in _HTML_CELL
            else ""
        )
        parts.append(marker)
        stack.append((iter(child.children), in_pre or name == "pre", marker))


def _resolve_breaks(raw: str) -> str:
    lines: list[str] = []
    for para in re.split(f"(?:{_PARA})+", raw):
        para_lines = []
        for line in re.split(f"(?:{_LINE})+", para):
            cells = [re.sub(r"[ \t]+", " ", c).strip() for c in line.split(_CELL)]
            text = "\t".join(c for c in cells if c)
            if text:
                para_lines.append(text)
        if para_lines:
            lines.append("\n".join(para_lines))
    return "\n\n".join(lines) + "\n" if lines else ""


# --- DOCX -------------------------------------------------------------------------------------


def docx_to_text(data: bytes, name: str) -> str:
    """A Word minute: paragraphs (blank line between) and table rows (cells tab-separated),
    in document order, nested tables included.
    """
    import io

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_zip_inflation(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise InputError(f"is not a readable Word .docx file ({error})", path=name) from None
    except Exception as error:  # lxml or zip errors deep inside python-docx
        raise InputError(f"is not a readable Word .docx file ({error})", path=name) from None
    blocks: list[str] = []
    _docx_blocks(document, blocks)
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _docx_blocks(container: object, blocks: list[str]) -> None:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for item in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if text:
                blocks.append(text)
        elif isinstance(item, Table):
            rows: list[str] = []
            for row in item.rows:
                seen: set[int] = set()
                cells: list[str] = []
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell repeats across the columns it spans
                        continue
                    seen.add(id(cell._tc))
                    inner: list[str] = []
                    _docx_blocks(cell, inner)
                    text = " ".join(" ".join(inner).split())
                    if text:
                        cells.append(text)
                if cells:
                    rows.append("\t".join(cells))
            if rows:
                blocks.append("\n".join(rows))


# --- PDF --------------------------------------------------------------------------------------


def pdf_to_text(data: bytes, name: str) -> str:
    """A PDF minute's text layer, pages joined by blank lines; a scan with no text is an error."""
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every odd font
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("is an encrypted PDF; give a copy without a password", path=name)
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise InputError(f"is not a readable PDF ({error})", path=name) from None
    pages = [_unwrap_lines(_normalise_newlines(page).strip("\n")) for page in pages]
    text = "\n\n".join(page for page in pages if page.strip())
    if not text.strip():
        raise InputError("is a PDF with no text layer (a scan?); run OCR on it first", path=name)
    return text + "\n"


# A PDF's text layer breaks every paragraph at the page's right margin ("91.6 per\ncent"),
# which splits figures and the phrases around them. A line at least this share of the page's
# longest line, not ending a sentence or clause, was wrapped: it is joined to the next.
WRAPPED_SHARE = 0.7
_LINE_END = re.compile(r"[.!?:;]\W*$")


def _unwrap_lines(page: str) -> str:
    """Join lines the layout wrapped at the margin; short lines (titles, headings) stay."""
    lines = page.split("\n")
    longest = max((len(line.rstrip()) for line in lines), default=0)
    out: list[str] = []
    joining = False
    for line in lines:
        stripped = line.rstrip()
        if joining and out and stripped.strip():
            out[-1] = out[-1] + " " + stripped.lstrip()
        else:
            out.append(stripped)
        current = out[-1]
        joining = (
            bool(current.strip())
            and len(stripped) >= WRAPPED_SHARE * longest
            and not _LINE_END.search(current)
        )
    return "\n".join(out)


_READERS: dict[str, Callable[[bytes, str], str]] = {
    **dict.fromkeys(TEXT_SUFFIXES, text_to_text),
    **dict.fromkeys(MARKDOWN_SUFFIXES, markdown_to_text),
    **dict.fromkeys(HTML_SUFFIXES, html_to_bytes_text),
    ".docx": docx_to_text,
    ".pdf": pdf_to_text,
}
