"""Swapped figures between rows of similar names are found from the clause's words, not from
the values: a bracketed breakdown names each part after its own figure, and in "A to B"
(hedged or not: "to around") the figure B is named by the words before A and A's earlier
value is B's. Minutes of our own, checked through `check_minute` (the real extractor, or
figures given as it would give them) and once through the CLI."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from minutegen.check import check_minute
from minutegen.cli import app
from minutegen.model import Figure, Indicator


def row(
    name: str, value: float, number: int, unit: str = "gbp", previous: float | None = None
) -> Indicator:
    return Indicator(name=name, value=value, row=number, unit=unit, previous=previous)


def flagged(text: str, rows: list[Indicator], figures: list[Figure] | None = None) -> dict:
    """{prose: (code, severity, row)} of the findings that say a figure is wrong."""
    report = check_minute(text, rows, document="minute.txt", figures=figures)
    wrong = ("MG101", "MG110", "MG111", "MG603")
    return {f.prose: (f.code, f.severity, f.indicator) for f in report.findings if f.code in wrong}


def claims(text: str, rows: list[Indicator]) -> dict:
    """{prose: (claim, row)} of every finding through the real extractor: the code, or the code
    a warning holds back (MG111 on a role the model is unsure of, MG603 on an unsure link)."""
    report = check_minute(text, rows, document="minute.txt")
    return {f.prose: (f.extra.get("claim", f.code), f.indicator) for f in report.findings}


def errors(text: str, rows: list[Indicator], figures: list[Figure] | None = None) -> list[str]:
    report = check_minute(text, rows, document="minute.txt", figures=figures)
    return [f"{f.code} {f.prose}" for f in report.findings if f.severity == "error"]


BORROWING = [
    row("total borrowing at 31 March", 250e6, 1),
    row("Housing Revenue Account borrowing at 31 March", 180e6, 2),
    row("General Fund borrowing at 31 March", 70e6, 3),
]
BREAKDOWN = (
    "Treasury Management Outturn\n\n"
    "The Committee noted that total borrowing at 31 March was £250m (£180m Housing Revenue "
    "Account and £70m General Fund), and that no new loans had been taken out.\n"
)


def test_a_bracketed_breakdown_in_the_same_unit_names_each_part_by_its_own_words() -> None:
    # "£250m (£180m Housing Revenue Account ...)": the bracket does not restate the total in
    # another unit, it opens a breakdown; each part is named by the words after its figure
    # (through the real extractor: each swapped figure is reported against its own row, as an
    # error or held back as a warning where the role model is unsure of its role)
    assert errors(BREAKDOWN, BORROWING) == []
    swapped = BREAKDOWN.replace("£250m (£180m", "£180m (£250m")
    found = claims(swapped, BORROWING)
    assert found["£180m"] == ("MG101", "total borrowing at 31 March")
    assert found["£250m"] == ("MG101", "Housing Revenue Account borrowing at 31 March")


def breakdown_figures(text: str) -> list[Figure]:
    """The three sums of BREAKDOWN, each a result the extractor is sure of."""
    phrases = (
        "total borrowing at 31 March",
        "Housing Revenue Account",
        "General Fund",
    )
    found = []
    for match, phrase in zip(re.finditer(r"£(\d+)m", text), phrases, strict=True):
        value = float(match.group(1)) * 1e6
        found.append(
            Figure("minute.txt", match.start(), match.end(), match.group(0), text, value, "gbp",
                   "actual", phrase)
        )  # fmt: skip
    return found


def test_a_swapped_breakdown_is_two_wrong_values_on_sure_links() -> None:
    assert errors(BREAKDOWN, BORROWING, breakdown_figures(BREAKDOWN)) == []
    swapped = BREAKDOWN.replace("£250m (£180m", "£180m (£250m")
    found = flagged(swapped, BORROWING, breakdown_figures(swapped))
    assert found["£180m"] == ("MG101", "error", "total borrowing at 31 March")
    assert found["£250m"] == ("MG101", "error", "Housing Revenue Account borrowing at 31 March")


RESERVES = [
    row("general fund revenue underspend for the year", 2.1e6, 1),
    row("General Fund balance at 31 March 2024", 12.6e6, 2),
]
OUTTURN = (
    "Revenue Outturn 2023/24\n\n"
    "(a) Noted the general fund revenue outturn position and an underspend for the year of "
    "£2.1m after income from taxation and government grants;\n\n"
    "(b) Noted the consequent increase in the General Fund as at 31 March 2024 of £2.1m to "
    "around £12.6m;\n"
)


def swap_outturn(text: str) -> str:
    """The underspend and the reserve's balance swapped, as a slip would swap them."""
    a = text.index("year of £2.1m") + len("year of ")
    text = text[:a] + "£12.6m" + text[a + len("£2.1m") :]
    return text.replace("around £12.6m", "around £2.1m")


def test_the_figure_after_to_is_the_result_of_the_row_the_clause_names() -> None:
    # through the real extractor, whatever roles it gives the two figures of "of A to B":
    # each swapped figure is reported against its own row
    assert errors(OUTTURN, RESERVES) == []
    found = claims(swap_outturn(OUTTURN), RESERVES)
    assert found["£12.6m"] == ("MG101", "general fund revenue underspend for the year")
    claim, name = found["around £2.1m"]
    assert name == "General Fund balance at 31 March 2024" and claim in ("MG101", "MG110")


def outturn_figures(
    text: str, first: str, first_p: float | None, second_p: float | None = 0.66
) -> list[Figure]:
    """The three sums of OUTTURN as the extractor gives them: the underspend of (a) a result,
    then "of £2.1m to around £12.6m" in (b): the first read as `first` (with `first_p`, the
    model's probability where it overrode the rules), the second a result (`second_p`)."""
    phrases = (
        "Noted the general fund revenue outturn position and an underspend for the year",
        "b Noted the consequent increase in the General Fund",
        "b Noted the consequent increase in the General Fund",
    )
    roles = (("actual", None), (first, first_p), ("actual", second_p))
    found = []
    for match, phrase, (role, role_p) in zip(
        re.finditer(r"£(\d+\.\d)m", text), phrases, roles, strict=True
    ):
        value = float(match.group(1)) * 1e6
        found.append(
            Figure("minute.txt", match.start(), match.end(), match.group(0), text, value, "gbp",
                   role, phrase, None, None, role_p=role_p)
        )  # fmt: skip
    return found


def test_a_to_b_with_a_read_as_commentary_links_b_by_the_clauses_words() -> None:
    # "of £2.1m to around £12.6m", the £2.1m read as commentary ("other"), which the checker
    # reads again as a result of uncertain role: it shares B's words, so it takes no row
    # from B and says nothing of its own
    figures = outturn_figures(OUTTURN, "other", None)
    clean = check_minute(OUTTURN, RESERVES, document="minute.txt", figures=figures)
    increase = OUTTURN.index("of £2.1m to") + len("of ")
    assert [f.code for f in clean.findings if f.start == increase] == []
    assert [f for f in clean.findings if f.severity == "error"] == []
    swapped = swap_outturn(OUTTURN)
    found = flagged(swapped, RESERVES, outturn_figures(swapped, "other", None))
    assert found["£12.6m"] == ("MG101", "error", "general fund revenue underspend for the year")
    assert found["around £2.1m"][1:] == ("error", "General Fund balance at 31 March 2024")


def test_both_figures_of_a_to_b_read_as_results_share_the_clauses_words() -> None:
    # "of £2.1m to around £12.6m" with both read as results (the first unsure): B's own
    # stretch ("to around") names nothing, so it is named by the words before A, and is not
    # pulled by its value to the row whose value it carries
    figures = outturn_figures(OUTTURN, "actual", 0.38)
    clean = check_minute(OUTTURN, RESERVES, document="minute.txt", figures=figures)
    assert [f for f in clean.findings if f.severity == "error"] == []
    linked = {OUTTURN[a["start"] : a["end"]]: a["row_name"] for a in clean.alignment}
    assert linked["£12.6m"] == "General Fund balance at 31 March 2024"  # not "no row"
    swapped = swap_outturn(OUTTURN)
    found = flagged(swapped, RESERVES, outturn_figures(swapped, "actual", 0.38))
    assert found["£12.6m"] == ("MG101", "error", "general fund revenue underspend for the year")
    code, severity, name = found["around £2.1m"]
    assert (severity, name) == ("error", "General Fund balance at 31 March 2024")
    assert code in ("MG101", "MG110")


def test_a_hedged_result_within_its_hedge_states_the_rows_value() -> None:
    # "of £2.1m to around £12.6m" where the table holds £13.3m: "around" allows it, so the
    # result is stated, and the £2.1m read as a second, sure result is a role the extractor
    # could not tell (a warning), not a wrong value
    rows = [RESERVES[0], row("General Fund balance at 31 March 2024", 13.3e6, 2)]
    report = check_minute(
        OUTTURN, rows, document="minute.txt", figures=outturn_figures(OUTTURN, "actual", None)
    )
    assert [f for f in report.findings if f.severity == "error"] == []
    increase = OUTTURN.index("of £2.1m to") + len("of ")
    said = [(f.code, f.extra.get("claim")) for f in report.findings if f.start == increase]
    assert said == [("MG111", "MG101")]


def test_an_earlier_value_before_to_and_a_hedge_belongs_to_the_figure_after_it() -> None:
    # "fell from 31 to around 18": the 31 is the earlier value of the 18's indicator, not of
    # the result stated before it in the sentence
    rows = [
        row("household waste recycling rate", 40.0, 1, "percent", previous=38.0),
        row("missed bin collections per 100,000", 18.4, 2, "count", previous=31.0),
    ]
    text = (
        "The household waste recycling rate was 40%, while missed bin collections per 100,000 "
        "fell from 31 to around 18.\n"
    )
    assert errors(text, rows) == []
    swapped = text.replace("from 31 to around 18", "from 18 to around 31")
    report = check_minute(swapped, rows, document="minute.txt")
    said = {(f.code, f.prose, f.indicator) for f in report.findings if f.severity == "error"}
    assert ("MG107", "31", "missed bin collections per 100,000") in said
    assert all(name == "missed bin collections per 100,000" for _, _, name in said)


def test_the_cli_fails_a_swapped_breakdown_on_both_lines(tmp_path: Path) -> None:
    minute = tmp_path / "minute.txt"
    minute.write_text(BREAKDOWN.replace("£250m (£180m", "£180m (£250m"), encoding="utf-8")
    table = tmp_path / "treasury.csv"
    table.write_text(
        "indicator,value,unit\n"
        "total borrowing at 31 March,250000000,gbp\n"
        "Housing Revenue Account borrowing at 31 March,180000000,gbp\n"
        "General Fund borrowing at 31 March,70000000,gbp\n",
        encoding="utf-8",
    )
    # --strict: a claim held back as a warning (an unsure role) fails the check too
    result = CliRunner().invoke(app, ["check", str(minute), str(table), "--strict"])
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if re.search(r" error MG1\d\d ", line)]
    assert len(lines) == 2
    assert lines[0].startswith(f"{minute}:3:") and '"£180m"' in lines[0]
    assert "(total borrowing at 31 March)" in lines[0]
    assert lines[1].startswith(f"{minute}:3:") and '"£250m"' in lines[1]
    assert "(Housing Revenue Account borrowing at 31 March)" in lines[1]


def test_a_change_from_a_year_ago_is_not_judged_against_another_periods_earlier_value() -> None:
    """ "£0.6m (£1.3m in August, £1.1m over last year)": the data's earlier value is August's;
    the £1.1m is measured from a year ago, which the table does not hold."""
    rows = [row("revenue forecast overspend", 600_000, 1, previous=1_300_000)]
    text = (
        "That the revenue forecast overspend of £0.6m (£1.3m in August, £1.1m over last year) "
        "be noted.\n"
    )
    report = check_minute(text, rows, document="minute.txt")
    assert not [f for f in report.findings if f.severity == "error"]
    held = [f for f in report.findings if f.extra.get("claim") == "MG106"]
    assert [f.prose for f in held] == ["£1.1m"]
    # measured from the earlier value the data holds, the same slip is still an error
    text = "That the revenue forecast overspend of £0.6m, down £0.4m on August, be noted.\n"
    report = check_minute(text, rows, document="minute.txt")
    assert [(f.code, f.prose) for f in report.findings if f.severity == "error"] == [
        ("MG106", "£0.4m")
    ]
