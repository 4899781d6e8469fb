"""`draft --exceptions`: a sentence of counts that add up, then only the exceptions; the
tolerance and thresholds are style settings."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from minutegen.cli import app
from minutegen.draft.exceptions import CATEGORIES, counts_sentence, find_exceptions
from minutegen.draft.profile import default_settings
from minutegen.draft.style import load_style
from minutegen.model import Indicator

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "darlington-cyp-2020q2"
runner = CliRunner()


def draft(*args: str) -> str:
    result = runner.invoke(app, ["draft", *map(str, args)])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_seed_quarter_exceptions_state_the_right_counts_and_only_exceptions() -> None:
    text = draft(SEED / "indicators.csv", "-m", SEED / "meeting.yaml", "--exceptions")
    assert (
        "Of the 12 indicators, 7 were on target, 1 was within tolerance, 3 were off target "
        "and 1 had no target." in text
    )
    # red, amber, or moved by more than 10 per cent / 5 points: written
    for written in ("22.4 per cent", "10.6 per cent", "302 children", "14.9 per cent",
                    "from 31 episodes to 18", "89.4 per cent"):  # fmt: skip
        assert written in text
    # green and steady: left to the report
    for left in (
        "Children Looked After allocated",
        "91.6 per cent",
        "93.2 per cent",
        "7.2 per cent",
    ):
        assert left not in text
    assert text.rstrip().endswith("be noted.")


def test_an_exceptions_draft_checks_without_errors(tmp_path: Path) -> None:
    minute = tmp_path / "m.txt"
    minute.write_text(
        draft(SEED / "indicators.csv", "-m", SEED / "meeting.yaml", "--exceptions"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(minute), str(SEED / "indicators.csv")])
    assert result.exit_code == 0, result.stdout
    assert " 0 error(s)" in result.stdout


def test_threshold_and_tolerance_are_style_settings(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "indicator,value,unit,previous,target,polarity\n"
        "Calls answered within 60 seconds,88,percent,87,90,higher\n"
        "Missed bin collections,130,count,100,,lower\n",
        encoding="utf-8",
    )
    default = draft(table, "--exceptions", "--style", "govuk")  # numerals throughout
    assert "Of the 2 indicators, 1 was within tolerance and 1 had no target." in default
    assert "130" in default  # up 30 per cent: beyond the 10 per cent materiality
    strict = tmp_path / "strict"
    strict.mkdir()
    (strict / "phrases.yaml").write_text("base: govuk\n", encoding="utf-8")
    (strict / "style.yaml").write_text(
        "exceptions:\n  tolerance: 1\n  materiality_percent: 50\n", encoding="utf-8"
    )
    text = draft(table, "--exceptions", "--style", strict)
    assert "Of the 2 indicators, 1 was off target and 1 had no target." in text
    assert "130" not in text  # 30 per cent is within a 50 per cent threshold
    assert "88%" in text


def test_a_bad_exceptions_setting_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "style.yaml").write_text("exceptions:\n  tolerance: lots\n", encoding="utf-8")
    result = runner.invoke(app, ["draft", str(SEED / "indicators.csv"), "--style", str(folder)])
    assert result.exit_code == 2
    assert "exceptions.tolerance must be a number" in result.stderr


rows = st.builds(
    Indicator,
    name=st.sampled_from(["Rent collected", "Calls answered", "Repairs on time", "Voids"]),
    value=st.one_of(st.none(), st.floats(0, 1000, allow_nan=False)),
    unit=st.sampled_from(["percent", "count", None]),
    previous=st.one_of(st.none(), st.floats(0, 1000, allow_nan=False)),
    target=st.one_of(st.none(), st.floats(0, 1000, allow_nan=False)),
    polarity=st.sampled_from(["higher", "lower", "neutral", None]),
    status=st.sampled_from(["green", "amber", "red", None]),
    benchmark=st.one_of(st.none(), st.floats(0, 1000, allow_nan=False)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(rows, min_size=1, max_size=30))
def test_the_counts_always_add_up(indicators: list[Indicator]) -> None:
    conventions = default_settings()
    found = find_exceptions(indicators, conventions)
    assert sum(found.count(c) for c in CATEGORIES) == len(indicators)
    sentence = counts_sentence(indicators, found, conventions)
    text = "".join(s for s in sentence.segments if isinstance(s, str))
    total, *parts = (int(n) for n in re.findall(r"\d+", text))
    assert total == len(indicators) == sum(parts)
    red_or_amber = {
        i for i, c in found.categories.items() if c in ("within_tolerance", "off_target")
    }
    assert red_or_amber <= {i for i, why in found.reasons.items() if why}


def test_the_counts_sentence_follows_the_style_number_words() -> None:
    style = load_style("scottish")
    indicators = [Indicator("Voids", 3.0, status="green"), Indicator("Rent", 1.0, status="red")]
    found = find_exceptions(indicators, style.settings)
    sentence = counts_sentence(indicators, found, style.settings)
    assert "".join(str(s) for s in sentence.segments) == (
        "Of the two indicators, one was on target and one was off target."
    )


def test_far_from_benchmark_is_an_exception_and_near_is_not(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "indicator,value,unit,benchmark,benchmark_label,polarity\n"
        "Rent collected,91.0,percent,98.5,the HouseMark median,higher\n"
        "Repairs completed on time,93.0,percent,94.0,the HouseMark median,higher\n"
        "Average days to re-let voids,40,days,30,the HouseMark median,lower\n",
        encoding="utf-8",
    )
    text = draft(table, "--exceptions", "--style", "govuk")
    assert "Of the 3 indicators, 3 had no target." in text
    assert "91%" in text  # 7.5 points below: beyond 5 points
    assert "40 days" in text  # a third above: beyond 10 per cent
    assert "93%" not in text  # a point below: near enough
