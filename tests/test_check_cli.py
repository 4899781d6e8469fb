"""`minutegen check` through the real CLI on real files: a clean draft passes, a wrong value
fails at its exact line and column, bad input exits 2 with one line, and the options work."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutegen.cli import app

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "darlington-cyp-2020q2"
runner = CliRunner()


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample table, its own draft in every format, and the table as CSV."""
    from minutegen.draft import draft_minute, render_minute
    from minutegen.meeting import load_meeting
    from minutegen.tables import load_table

    folder = tmp_path_factory.mktemp("check")
    rows = load_table(SAMPLE / "indicators.csv")
    minute = draft_minute(rows, load_meeting(SAMPLE / "meeting.yaml"), seed=0)
    paths = {"data": folder / "indicators.csv"}
    paths["data"].write_bytes((SAMPLE / "indicators.csv").read_bytes())
    for fmt, suffix in (("text", "txt"), ("markdown", "md"), ("html", "html"), ("docx", "docx")):
        rendered = render_minute(minute, fmt)
        path = folder / f"minute.{suffix}"
        if isinstance(rendered, bytes):
            path.write_bytes(rendered)
        else:
            path.write_text(rendered, encoding="utf-8")
        paths[suffix] = path
    return paths


def check(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("suffix", ["txt", "md", "html", "docx"])
def test_clean_draft_checks_with_no_error(drafted: dict[str, Path], suffix: str) -> None:
    code, out, _ = check(str(drafted[suffix]), str(drafted["data"]))
    assert code == 0, out
    assert " error MG" not in out
    assert re.search(r": 0 error\(s\)", out)


def wrong_copy(drafted: dict[str, Path]) -> tuple[Path, int, int]:
    """The text draft with 91.6 written as 19.6; returns the file, line and column."""
    text = drafted["txt"].read_text(encoding="utf-8")
    at = text.index("91.6 per cent")
    edited = text[:at] + "19.6" + text[at + 4 :]
    path = drafted["txt"].with_name("wrong.txt")
    path.write_text(edited, encoding="utf-8")
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return path, line, column


def test_wrong_value_exits_1_at_its_line_and_column(drafted: dict[str, Path]) -> None:
    path, line, column = wrong_copy(drafted)
    code, out, _ = check(str(path), str(drafted["data"]))
    assert code == 1
    first = out.splitlines()[0]
    assert first == (
        f'{path}:{line}:{column}: error MG101 value: "19.6 per cent" — the data says 91.6 '
        "(Initial Child Protection Conferences held within 15 working days)"
    )
    excerpt, carets = out.splitlines()[1:3]
    assert "19.6 per cent" in excerpt
    assert excerpt[carets.index("^") :].startswith("19.6 per cent")
    assert carets.strip() == "^" * len("19.6 per cent")


def test_json_and_github_formats_parse(drafted: dict[str, Path]) -> None:
    path, line, column = wrong_copy(drafted)
    code, out, _ = check(str(path), str(drafted["data"]), "--format", "json")
    assert code == 1
    report = json.loads(out)
    [finding] = [f for f in report["findings"] if f["severity"] == "error"]
    assert (finding["code"], finding["line"], finding["column"]) == ("MG101", line, column)
    text = path.read_text(encoding="utf-8")
    assert text[finding["start"] : finding["end"]] == "19.6 per cent"
    assert report["summary"]["rows"] == 12 and report["summary"]["errors"] == 1
    assert report["summary"]["figures_checked"] > 0
    code, out, _ = check(str(path), str(drafted["data"]), "--format", "github")
    assert code == 1
    annotation = out.splitlines()[0]
    assert annotation.startswith(f"::error file={path},line={line},col={column},title=MG101::")
    assert "19.6 per cent" in annotation


def test_ignore_strict_and_config(drafted: dict[str, Path], tmp_path: Path) -> None:
    path, _, _ = wrong_copy(drafted)
    code, out, _ = check(str(path), str(drafted["data"]), "--ignore", "MG101")
    assert code == 0 and "MG101" not in out
    # a row the minute does not speak of: a warning, an error under --strict or strict: true
    data = tmp_path / "more.csv"
    extra = "Care leavers in education employment or training,61.5,percent,Quarter 2 2020/21"
    data.write_text(
        drafted["data"].read_text(encoding="utf-8").rstrip("\n") + "\n" + extra + ",,,,,,,\n",
        encoding="utf-8",
    )
    code, out, _ = check(str(drafted["txt"]), str(data))
    assert code == 0 and "warning MG601" in out
    code, out, _ = check(str(drafted["txt"]), str(data), "--strict")
    assert code == 1 and "error MG601" in out
    config = tmp_path / "check.yaml"
    config.write_text("strict: true\n", encoding="utf-8")
    assert check(str(drafted["txt"]), str(data), "--config", str(config))[0] == 1
    config.write_text("strict: true\nignore: [MG601]\n", encoding="utf-8")
    assert check(str(drafted["txt"]), str(data), "--config", str(config))[0] == 0


def test_unusable_input_exits_2_with_one_line(drafted: dict[str, Path], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,value\nRe-referrals,lots\n", encoding="utf-8")
    code, out, err = check(str(drafted["txt"]), str(bad))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and str(bad) in err and "row 2" in err

    code, _, err = check(str(tmp_path / "nowhere.txt"), str(drafted["data"]))
    assert code == 2 and "nowhere.txt" in err and len(err.strip().splitlines()) == 1

    config = tmp_path / "check.yaml"
    config.write_text("strict: true\nignored: [MG601]\n", encoding="utf-8")
    code, _, err = check(str(drafted["txt"]), str(drafted["data"]), "--config", str(config))
    assert code == 2
    assert err.strip() == (
        f"minutegen: error: {config}: unknown key 'ignored'; allowed keys: ignore, strict"
    )

    code, _, err = check(str(drafted["txt"]), str(drafted["data"]), "--ignore", "MG999")
    assert code == 2 and "unknown code 'MG999'" in err


def _line_column(text: str, needle: str) -> tuple[int, int]:
    at = text.index(needle)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def test_a_wrong_value_in_markdown_is_placed_in_the_markdown_file(
    drafted: dict[str, Path],
) -> None:
    # Emphasis and a link before the figure shift the plain text; the clerk edits the .md.
    text = drafted["md"].read_text(encoding="utf-8")
    text = text.replace("the target of 18 per cent", "the **target** of [15 per cent](x.html)")
    path = drafted["md"].with_name("wrong.md")
    path.write_text(text, encoding="utf-8")
    code, out, _ = check(str(path), str(drafted["data"]))
    line, column = _line_column(text, "15 per cent")
    assert code == 1
    assert f"wrong.md:{line}:{column}: error MG104" in out


def test_a_wrong_value_in_an_html_page_is_placed_in_the_html_source(
    drafted: dict[str, Path],
) -> None:
    # A published page: head, menu and script around the minute, entities in the prose.
    body = (
        drafted["html"].read_text(encoding="utf-8").replace("91.6 per cent", "19.6&nbsp;per cent")
    )
    page = (
        "<!DOCTYPE html>\n<html><head><title>19.6 per cent</title>\n"
        "<script>var s = '19.6 per cent';</script></head>\n<body>\n"
        "<nav><a href='/'>Home</a> &amp; <a href='/m'>Minutes</a> Key fact: 19.6 per cent</nav>\n"
        + body
        + "\n</body></html>\n"
    )
    path = drafted["html"].with_name("wrong.html")
    path.write_text(page, encoding="utf-8")
    code, out, _ = check(str(path), str(drafted["data"]))
    line, column = _line_column(page, "19.6&nbsp;per cent")
    assert code == 1
    assert f"wrong.html:{line}:{column}: error MG101" in out


def test_an_empty_config_is_the_defaults_and_a_bad_code_in_it_names_the_file(
    drafted: dict[str, Path], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    code, out, err = check(str(drafted["txt"]), str(drafted["data"]), "--config", str(empty))
    assert code == 0 and err == "" and ": 0 error(s)" in out

    bad = tmp_path / "check.yaml"
    bad.write_text("ignore: [MG999]\n", encoding="utf-8")
    code, out, err = check(str(drafted["txt"]), str(drafted["data"]), "--config", str(bad))
    assert code == 2 and out == ""
    assert err.startswith(f"minutegen: error: {bad}: unknown code 'MG999' in 'ignore'")


def test_an_empty_minute_is_unusable_input(drafted: dict[str, Path], tmp_path: Path) -> None:
    empty = tmp_path / "minute.txt"
    empty.write_text("\n", encoding="utf-8")
    code, out, err = check(str(empty), str(drafted["data"]))
    assert code == 2 and out == ""
    assert err.strip() == f"minutegen: error: {empty}: the minute is empty: no text to check"


def test_a_wrong_value_in_a_hard_wrapped_text_minute_is_placed_on_its_own_line(
    drafted: dict[str, Path],
) -> None:
    # The clerk's copy is wrapped at 100 columns; the error must name the line it is on.
    paragraphs = drafted["txt"].read_text(encoding="utf-8").split("\n\n")
    text = "\n\n".join(textwrap.fill(p, width=100) for p in paragraphs)
    text = text.replace("93.2 per cent", "39.2 per cent")
    path = drafted["txt"].with_name("wrapped.txt")
    path.write_text(text, encoding="utf-8")
    code, out, _ = check(str(path), str(drafted["data"]))
    line, column = _line_column(text, "39.2 per cent")
    assert code == 1
    assert f"wrapped.txt:{line}:{column}: error MG101" in out
