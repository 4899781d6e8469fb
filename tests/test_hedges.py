"""One hedge lexicon (phrasebanks/hedges.yaml) for both jobs: a phrase there lets extract's cue
reach its number and holds check's claim to the tolerance of its class, through the real
extractor and the real `minutegen check` on files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutegen import extract_figures
from minutegen.cli import app
from minutegen.errors import InputError
from minutegen.hedges import default_hedges, hedge_tail, load_hedges

runner = CliRunner()
ROW = "Households on the housing register"


def roles(text: str) -> dict[str, str]:
    return {f.text: f.role for f in extract_figures(text)}


@pytest.mark.parametrize(
    "hedge", ["nearly", "in the region of", "more than", "well in excess of", "only just over"]
)
def test_a_change_cue_reaches_its_number_across_any_hedge_of_the_lexicon(hedge: str) -> None:
    found = roles(f"Households on the housing register rose by {hedge} 120 households.")
    assert found == {"120 households": "change"}


def test_a_word_that_is_not_a_hedge_still_stops_the_cue() -> None:
    # "rose to" states where the figure got to, not by how much: "to" is not a hedge
    assert roles(f"{ROW} rose to 2,553.") == {"2,553": "actual"}
    assert hedge_tail().search("rose to ") is None


def check(tmp_path: Path, minute: str, value: int) -> list[str]:
    """The error codes `minutegen check` gives a minute against a one-row table."""
    (tmp_path / "minute.txt").write_text(minute, encoding="utf-8")
    (tmp_path / "data.csv").write_text(
        f"indicator,value,unit\n{ROW},{value},count\n", encoding="utf-8"
    )
    result = runner.invoke(
        app, ["check", str(tmp_path / "minute.txt"), str(tmp_path / "data.csv"), "-f", "json"]
    )
    assert result.exit_code in (0, 1), result.output
    return [f["code"] for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"]


def test_check_holds_every_class_of_the_lexicon_to_its_tolerance(tmp_path: Path) -> None:
    tolerance = default_hedges().tolerance
    assert tolerance["approximate"] == pytest.approx(0.10)
    minute = f"{ROW} stood at in the region of 2,500 at the end of the quarter.\n"
    assert check(tmp_path, minute, 2553) == []  # 2% off: inside 10%
    assert check(tmp_path, minute, 3100) == ["MG110"]  # 24% off
    minute = f"{ROW} stood at upwards of 2,500 at the end of the quarter.\n"
    assert check(tmp_path, minute, 3100) == []  # one-sided: any number above
    assert check(tmp_path, minute, 2100) == ["MG110"]


def test_a_bad_lexicon_names_its_file(tmp_path: Path) -> None:
    bad = tmp_path / "hedges.yaml"
    bad.write_text("classes:\n  approximate: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="approximate"):
        load_hedges(bad)
    bad.write_text("classes:\n  approximate: [about]\ntolerance:\n  roughly: 0.1\n", "utf-8")
    with pytest.raises(InputError, match="roughly"):
        load_hedges(bad)
