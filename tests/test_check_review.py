"""`minutegen check MINUTE.docx DATA -o REVIEWED.docx`: a clerk's Word minute comes back with
each finding as a comment on the words it is about; the original and its layout are kept."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from typer.testing import CliRunner

from minutegen.check.review import read_comments
from minutegen.cli import app
from minutegen.extract.readers import docx_to_text

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "darlington-cyp-2020q2"
runner = CliRunner()


def _draft_text() -> str:
    from minutegen.draft import draft_minute, render_minute
    from minutegen.meeting import load_meeting
    from minutegen.tables import load_table

    rows = load_table(SAMPLE / "indicators.csv")
    minute = draft_minute(rows, load_meeting(SAMPLE / "meeting.yaml"))
    text = render_minute(minute, "text")
    assert isinstance(text, str)
    return text


def clerk_docx(path: Path, text: str) -> None:
    """A minute as a clerk keeps it in Word: a header and footer, a numbered item heading, a
    table of attendees, and paragraphs whose runs break mid-figure (as Word's editing leaves
    them), some bold."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Children and Young People Scrutiny Committee"
    section.footer.paragraphs[0].text = "Chair's initials ........"
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    for (row, col), words in {
        (0, 0): "Present",
        (0, 1): "Councillor Layton (Chair)",
        (1, 0): "Officers",
        (1, 1): "Democratic Officer",
    }.items():
        table.cell(row, col).text = words
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    document.add_paragraph(paragraphs[0], style="List Number")
    for paragraph in paragraphs[1:]:
        out = document.add_paragraph()
        for index in range(0, len(paragraph), 37):  # runs that split figures and words
            run = out.add_run(paragraph[index : index + 37])
            run.bold = (index // 37) % 3 == 1
    document.save(str(path))


def run_check(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def minutes(tmp_path: Path) -> dict[str, Path]:
    text = _draft_text()
    clean = tmp_path / "clean.docx"
    clerk_docx(clean, text)
    edited = text.replace("91.6 per cent", "19.6 per cent").replace(
        "above the target of 18", "below the target of 18"
    )
    assert edited != text
    wrong = tmp_path / "wrong.docx"
    clerk_docx(wrong, edited)
    return {"clean": clean, "wrong": wrong, "data": SAMPLE / "indicators.csv"}


def test_a_mistyped_figure_gets_a_comment_on_that_figure(
    minutes: dict[str, Path], tmp_path: Path
) -> None:
    original = minutes["wrong"].read_bytes()
    out = tmp_path / "reviewed.docx"
    code, stdout, stderr = run_check(
        str(minutes["wrong"]), str(minutes["data"]), "-o", str(out), "--format", "json"
    )
    assert code == 1, stderr
    assert minutes["wrong"].read_bytes() == original  # the clerk's file is untouched
    findings = json.loads(stdout)["findings"]
    comments = read_comments(out.read_bytes())
    assert len(comments) == len(findings)
    assert {c.author for c in comments} == {"minutegen"}
    value = [c for c in comments if c.text.startswith("MG101")]
    assert [c.anchor for c in value] == ["19.6 per cent"]
    assert "91.6" in value[0].text and "19.6 per cent" in value[0].text
    relation = [c for c in comments if c.text.startswith("MG301")]
    assert [c.anchor for c in relation] == ["below the target"]
    # every comment with a span sits on exactly the words its finding quotes
    spans = [f for f in findings if f["end"] > f["start"]]
    anchored = {(c.text.split()[0], c.anchor) for c in comments}
    for finding in spans:
        assert (finding["code"], finding["prose"]) in anchored or (
            finding["code"],
            docx_to_text(minutes["wrong"].read_bytes(), "x")[finding["start"] : finding["end"]],
        ) in anchored


def test_the_copy_keeps_text_layout_header_footer_table_and_numbering(
    minutes: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "reviewed.docx"
    run_check(str(minutes["wrong"]), str(minutes["data"]), "-o", str(out))
    before = docx.Document(str(minutes["wrong"]))
    after = docx.Document(str(out))
    assert docx_to_text(out.read_bytes(), "a") == docx_to_text(minutes["wrong"].read_bytes(), "b")
    assert (
        after.sections[0].header.paragraphs[0].text == before.sections[0].header.paragraphs[0].text
    )
    assert after.sections[0].footer.paragraphs[0].text == "Chair's initials ........"
    assert after.tables[0].cell(0, 1).text == "Councillor Layton (Chair)"
    assert after.tables[0].style.name == "Table Grid"
    numbered = [p for p in after.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == 1 and numbered[0].style.type == WD_STYLE_TYPE.PARAGRAPH

    def bold_text(document: docx.document.Document) -> str:
        return "".join(r.text for p in document.paragraphs for r in p.runs if r.bold)

    assert bold_text(after) == bold_text(before)  # cut runs keep their formatting


def test_a_clean_minute_gets_a_copy_with_no_comments(
    minutes: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "reviewed.docx"
    code, stdout, stderr = run_check(
        str(minutes["clean"]), str(minutes["data"]), "-o", str(out), "--ignore", "MG304"
    )
    assert code == 0, stdout
    assert out.exists() and "wrote" in stderr
    assert read_comments(out.read_bytes()) == []
    assert docx_to_text(out.read_bytes(), "a") == docx_to_text(minutes["clean"].read_bytes(), "b")


def test_o_refuses_a_text_minute_and_an_existing_file(
    minutes: dict[str, Path], tmp_path: Path
) -> None:
    text = tmp_path / "minute.txt"
    text.write_text(_draft_text(), encoding="utf-8")
    code, _, stderr = run_check(str(text), str(minutes["data"]), "-o", str(tmp_path / "r.docx"))
    assert code == 2 and "Word minute" in stderr
    assert not (tmp_path / "r.docx").exists()
    existing = tmp_path / "there.docx"
    existing.write_bytes(b"keep")
    code, _, stderr = run_check(str(minutes["wrong"]), str(minutes["data"]), "-o", str(existing))
    assert code == 2 and "--force" in stderr
    assert existing.read_bytes() == b"keep"
    code, _, stderr = run_check(
        str(minutes["wrong"]), str(minutes["data"]), "-o", str(minutes["wrong"])
    )
    assert code == 2


def test_comments_in_a_table_cell_sit_on_the_cell_words(tmp_path: Path) -> None:
    """A figure kept in a Word table (a RAG table pasted into the minute) is found in its cell."""
    document = docx.Document()
    document.add_paragraph("Performance Indicators Quarter 2 2020/21")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Re-referrals repeated within 12 months"
    table.cell(0, 1).text = "The result was 24.4 per cent,  above the target of 18 per cent."
    path = tmp_path / "table.docx"
    document.save(str(path))
    data = tmp_path / "data.csv"
    data.write_text(
        "indicator,value,unit,target,polarity\n"
        "Re-referrals repeated within 12 months,22.4,percent,18,lower\n",
        encoding="utf-8",
    )
    out = tmp_path / "reviewed.docx"
    code, stdout, _ = run_check(str(path), str(data), "-o", str(out))
    assert code == 1, stdout
    anchors = {c.anchor for c in read_comments(out.read_bytes()) if c.text.startswith("MG101")}
    assert anchors == {"24.4 per cent"}
    reread = docx.Document(io.BytesIO(out.read_bytes()))
    assert reread.tables[0].cell(0, 1).text.startswith("The result was 24.4 per cent")
