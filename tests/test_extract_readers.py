"""Readers turn real files (made here, in their real formats) into the minute's plain text."""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st

from minutegen import extract_figures
from minutegen.errors import InputError
from minutegen.extract.readers import read_document, read_stdin

SENTENCE = "It was highlighted that 91.6 per cent of conferences were held within 15 days."


def test_plain_text_reads_as_written_with_line_ends_normalised(tmp_path: Path) -> None:
    path = tmp_path / "minute.txt"
    path.write_bytes(b"\xef\xbb\xbfAgenda item\r\n\r\n" + SENTENCE.encode() + b"\r\n")
    assert read_document(path) == f"Agenda item\n\n{SENTENCE}\n"


def test_windows_1252_text_falls_back_and_keeps_pound_signs_and_dashes(tmp_path: Path) -> None:
    path = tmp_path / "old-minute.txt"
    path.write_bytes("Spend was £1.2m – 5% below the target’s £1.3m.\n".encode("cp1252"))
    assert read_document(path) == "Spend was £1.2m – 5% below the target’s £1.3m.\n"


def test_markdown_loses_its_markup_but_keeps_paragraphs_and_list_items(tmp_path: Path) -> None:
    path = tmp_path / "minute.md"
    path.write_text(
        "# Performance **Quarter 2**\n\n"
        "The report said *91.6 per cent* of [conferences](https://example.org) were held.\n\n"
        "- 18 episodes, down from `31`\n"
        "* 100 per cent allocated\n\n"
        "| Indicator | Value |\n|---|---|\n| CP plans | 5% |\n",
        encoding="utf-8",
    )
    assert read_document(path) == (
        "Performance Quarter 2\n\n"
        "The report said 91.6 per cent of conferences were held.\n\n"
        "18 episodes, down from 31\n"
        "100 per cent allocated\n\n"
        "Indicator\tValue\n"
        "CP plans\t5%\n"
    )


PAGE = """<!DOCTYPE html>
<html><head><title>Minutes 2020</title><meta charset="utf-8">
<style>p {{ color: red }} /* 12 per cent */</style>
<script>var tracking = "55 per cent";</script></head>
<body>
<header><div class="logo">Darlington Borough Council 2020</div></header>
<nav><ul><li>Home</li><li>Meetings 2019</li></ul></nav>
<div role="navigation">Skip 3 menus</div>
<div id="content">
<h2>Performance &amp; Indicators</h2>
<p>{sentence_html}</p>
<ul><li>18 episodes</li><li>100&nbsp;per&nbsp;cent &ndash; all <b>children</b></li></ul>
<!-- 99 hidden -->
</div>
<footer>Copyright 2024, page 4</footer>
<script>track(77)</script>
</body></html>
"""


def test_html_page_gives_the_minute_without_menus_scripts_or_footer(tmp_path: Path) -> None:
    path = tmp_path / "minute.html"
    html = PAGE.format(sentence_html="It was highlighted that 91.6&nbsp;per cent of "
                       "conferences were held<br>within 15 days.")  # fmt: skip
    path.write_text(html, encoding="utf-8")
    assert read_document(path) == (
        "Performance & Indicators\n\n"
        "It was highlighted that 91.6 per cent of conferences were held\n"
        "within 15 days.\n\n"
        "18 episodes\n"
        "100 per cent – all children\n"
    )


def test_html_without_a_content_block_still_drops_page_furniture(tmp_path: Path) -> None:
    path = tmp_path / "minute.htm"
    path.write_bytes(
        b"<html><body><nav>Menu 1 2 3</nav><p>Sickness was 9.9 days per FTE.</p>"
        b"<p>Target 8 days.</p><footer>(c) 2014</footer></body></html>"
    )
    assert read_document(path) == "Sickness was 9.9 days per FTE.\n\nTarget 8 days.\n"


def test_html_drops_breadcrumbs_cookie_banners_and_sidebars_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "minute.html"
    path.write_text(
        '<html><body><div class="govuk-cookie-banner">We use 3 cookies</div>'
        '<div id="breadcrumb">Home &gt; Meetings &gt; 2020</div>'
        '<div class="mgContent"><p>Sickness was 9.9 days per FTE.</p></div>'
        '<div class="sidebar">Contact 01234 567890</div></body></html>',
        encoding="utf-8",
    )
    assert read_document(path) == "Sickness was 9.9 days per FTE.\n"


def test_html_in_windows_1252_without_a_charset_reads_right(tmp_path: Path) -> None:
    path = tmp_path / "minute.html"
    path.write_bytes("<html><body><p>Spend £1.2m – on target</p></body></html>".encode("cp1252"))
    assert read_document(path) == "Spend £1.2m – on target\n"


def test_docx_gives_paragraphs_and_table_cells_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Performance Quarter 2", level=1)
    document.add_paragraph(SENTENCE)
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "Indicator", (0, 1): "Value", (1, 0): "CP plans",
                             (1, 1): "5%"}.items():  # fmt: skip
        table.cell(row, col).text = text
    document.add_paragraph("After the table: 18 episodes.")
    path = tmp_path / "minute.docx"
    document.save(str(path))
    assert read_document(path) == (
        f"Performance Quarter 2\n\n{SENTENCE}\n\nIndicator\tValue\nCP plans\t5%\n\n"
        "After the table: 18 episodes.\n"
    )


def _pdf(path: Path, pages: list[str]) -> None:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 8, text)
        else:
            pdf.rect(20, 20, 80, 60)  # a drawing, no text: what a scan's page looks like
    pdf.output(str(path))


def test_pdf_text_layer_pages_are_joined(tmp_path: Path) -> None:
    path = tmp_path / "minute.pdf"
    _pdf(path, ["Sickness was 9.9 days per FTE.", "The target was 8 days."])
    assert read_document(path) == "Sickness was 9.9 days per FTE.\n\nThe target was 8 days.\n"


def test_pdf_lines_wrapped_at_the_margin_are_rejoined_and_titles_kept(tmp_path: Path) -> None:
    # fpdf2 wraps the long paragraph at the page's margin, as council PDFs do; a figure split
    # across lines ("91.6 per\ncent") must be one phrase again, while the short title stays
    # on its own line.
    paragraph = (
        "It was highlighted that there had been a positive decrease in the number of missing "
        "episodes; 91.6 per cent of Initial Child Protection Conferences were held within 15 "
        "working days, which remains higher than statistical neighbours, and 89.4 per cent of "
        "children received a statutory visit within 10 working days, an improvement on 78 per "
        "cent in the same period last year."
    )
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Performance Indicators Quarter 2 2020/21", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 8, paragraph)
    path = tmp_path / "minute.pdf"
    pdf.output(str(path))
    text = read_document(path)
    assert text.splitlines()[0] == "Performance Indicators Quarter 2 2020/21"
    assert " ".join(text.splitlines()[1].split()) == paragraph
    figures = extract_figures(text)
    assert "78 per cent" in [f.text for f in figures]
    assert [f.role for f in figures if f.text == "78 per cent"] == ["previous"]


def test_a_scanned_pdf_without_text_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "scanned-minute.pdf"
    _pdf(path, ["", ""])
    with pytest.raises(InputError, match=r"scanned-minute\.pdf: .*no text layer"):
        read_document(path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.docx", b"PK\x03\x04 this is not a zip", r"broken\.docx: is not a readable Word"),
        ("broken.pdf", b"%PDF-1.4\n not really", r"broken\.pdf: is not a readable PDF"),
        ("picture.xyz", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"picture\.xyz: is not a text"),
        ("missing.txt", None, r"missing\.txt: no such file"),
    ],
)
def test_unreadable_files_are_one_error_naming_them(
    tmp_path: Path, name: str, data: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_document(path)


def test_an_unknown_extension_is_read_as_text_when_it_decodes(tmp_path: Path) -> None:
    path = tmp_path / "minute.minutes"
    path.write_text(SENTENCE + "\n", encoding="utf-8")
    assert read_document(path) == SENTENCE + "\n"


def test_stdin_reads_text_and_recognises_html() -> None:
    assert read_stdin(io.BytesIO(SENTENCE.encode())) == SENTENCE
    html = b"<html><body><nav>Menu</nav><p>" + SENTENCE.encode() + b"</p></body></html>"
    assert read_stdin(io.BytesIO(html)) == SENTENCE + "\n"


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00")))
def test_utf8_text_files_read_back_exactly(text: str) -> None:
    # the offsets of figures refer to what the reader returns: it must not alter a .txt.
    # No NUL: UTF-8 text never holds a zero byte, so the reader takes zero bytes as the sign of
    # UTF-16/32 without a byte-order mark ("000\x00" is then one UTF-16 character and a digit)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "minute.txt"
        path.write_bytes(text.encode("utf-8"))
        try:
            read = read_document(path)
        except InputError:
            # no readable text (blank, or control characters: binary) is refused, never
            # read as something else
            assert not text.lstrip("\ufeff").strip() or re.search(r"[\x00-\x08\x0e-\x1f]", text)
            return
        original = text[1:] if text.startswith("\ufeff") else text  # a BOM is not text
        # every character stays where it was; only a newline that wrapped a paragraph at a
        # margin may read as a space (readers.unwrap_in_place)
        assert len(read) == len(original)
        assert all(a == b or (a == " " and b == "\n") for a, b in zip(read, original, strict=True))
        if max(map(len, original.split("\n"))) < 40:
            assert read == original  # no margin, nothing unwrapped


WRAPPED = (
    "It was highlighted that 91.6 per cent of Initial Child Protection Conferences were held "
    "within 15 working days, which remains higher than statistical neighbours, and 89.4 per "
    "cent of children received a statutory visit within 10 working days, an improvement on 78 "
    "per cent in the same period last year; 93.2 per cent of statutory children in care visits "
    "were completed within timescale."
)


def test_a_hard_wrapped_text_minute_is_read_as_its_paragraphs_at_the_same_offsets(
    tmp_path: Path,
) -> None:
    # An e-mailed minute wrapped at 72 columns: "78\nper cent" must read as one figure with
    # its role, and every offset must still point into the file as saved.
    title = "Performance Indicators Quarter 2 2020/21\nReport of the Director\n\n"
    source = title + textwrap.fill(WRAPPED, width=72) + "\n"
    path = tmp_path / "minute.txt"
    path.write_text(source, encoding="utf-8")
    text = read_document(path)
    assert len(text) == len(source)
    assert text.splitlines()[:2] == [
        "Performance Indicators Quarter 2 2020/21",
        "Report of the Director",
    ]
    assert text.splitlines()[3] == WRAPPED
    previous = [f for f in extract_figures(text) if f.value == 78]
    assert [(f.role, source[f.start : f.end].replace("\n", " ")) for f in previous] == [
        ("previous", "78 per cent")
    ]


def test_a_word_processor_minute_keeps_its_lines(tmp_path: Path) -> None:
    # Paragraphs as single long lines: nothing is joined, not even a short closing line.
    source = WRAPPED + "\n" + WRAPPED + "\nRESOLVED - That the report be noted\n"
    path = tmp_path / "minute.txt"
    path.write_text(source, encoding="utf-8")
    assert read_document(path) == source


def test_markdown_paragraph_lines_are_one_paragraph(tmp_path: Path) -> None:
    source = (
        "# Performance\n\n" + textwrap.fill(WRAPPED, width=80) + "\n\n- Rent 97 per\n  cent\n"
        "- Voids 1.1 per cent\n"
    )
    path = tmp_path / "minute.md"
    path.write_text(source, encoding="utf-8")
    assert read_document(path) == (
        "Performance\n\n" + WRAPPED + "\n\nRent 97 per cent\nVoids 1.1 per cent\n"
    )


def test_an_html_page_nested_thousands_of_tags_deep_is_read_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "minute.html"
    path.write_bytes(b"<p>Rent collected was " + b"<b>" * 5000 + b"97 per cent.</p><p>Next.</p>")
    assert read_document(path) == "Rent collected was 97 per cent.\n\nNext.\n"
