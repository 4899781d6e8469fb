"""`check_minute` on minutes shaped like councils the checker was not tuned on: results the
extractor's model set aside as commentary, swapped values found from the clauses' words, and
"from A to B" read structurally."""

from __future__ import annotations

from dataclasses import replace

from minutegen.check import check_minute
from minutegen.extract.pipeline import extract_figures
from minutegen.model import Indicator

BINS = (
    "TPugh advised that the figure of 320 justified missed bins for February breaks down to "
    "112 grey bins, 106 blue bins, 12 green bins and 90 kerbside caddies.\n"
)


def bins(**values: float) -> list[Indicator]:
    names = {
        "justified": "justified missed bins in February",
        "grey": "missed grey bins in February",
        "blue": "missed blue bins in February",
        "green": "missed green bins in February",
        "caddies": "missed kerbside caddies in February",
    }
    defaults = {"justified": 320, "grey": 112, "blue": 106, "green": 12, "caddies": 90}
    defaults.update(values)
    return [
        Indicator(name=names[k], value=float(v), unit="count", row=n)
        for n, (k, v) in enumerate(defaults.items(), 1)
    ]


def set_aside(text: str, rows: list[Indicator], numeral: str, p: float = 0.6) -> list:
    """The minute's figures with the one at `numeral` set aside as "other" by the model."""
    figures = extract_figures(text, document="minute.txt", indicators=rows)
    at = text.index(numeral)
    return [replace(f, role="other", role_p=p) if f.start <= at < f.end else f for f in figures]


def test_a_result_the_model_set_aside_is_checked_as_an_uncertain_role() -> None:
    rows = bins(grey=121)  # the data says 121 grey bins; the minute says 112
    report = check_minute(BINS, rows, document="minute.txt", figures=set_aside(BINS, rows, "112"))
    [finding] = [f for f in report.findings if f.prose == "112 grey bins"]
    assert finding.code == "MG111" and finding.severity == "warning"
    assert finding.extra["claim"] == "MG101" and finding.data == "121"
    assert finding.indicator == "missed grey bins in February"


def test_a_set_aside_figure_that_agrees_or_names_no_row_is_silent() -> None:
    rows = bins()
    report = check_minute(BINS, rows, document="minute.txt", figures=set_aside(BINS, rows, "112"))
    assert report.errors == 0 and report.warnings == 0
    text = BINS + "Members noted that 45 crews had been reorganised.\n"
    report = check_minute(text, rows, document="minute.txt", figures=set_aside(text, rows, "45"))
    assert not [f for f in report.findings if f.prose and f.prose.startswith("45")]


def check(text: str, rows: list[Indicator]):
    return check_minute(text, rows, document="minute.txt")


def findings_of(text: str, rows: list[Indicator]) -> list[tuple[str, str, str | None]]:
    """(code, prose, row) of every finding, sorted: what a swap of two values should raise."""
    return sorted((f.code, f.prose, f.indicator) for f in check(text, rows).findings)


PLANNING = (
    "The Development Manager introduced the quarterly performance figures, which were tabled "
    "as follows:\n\nIndicator | Target | Actual\n"
    "Major applications determined within 13 weeks | 60% | {major}%\n"
    "Minor applications determined within 8 weeks | 65% | {minor}%\n"
    "Other applications determined within 8 weeks | 80% | 76%\n"
)


def planning_rows() -> list[Indicator]:
    return [
        Indicator(name=n, value=v, unit="percent", target=t, polarity="higher", row=k)
        for k, (n, v, t) in enumerate(
            [
                ("major applications determined within 13 weeks", 83.0, 60.0),
                ("minor applications determined within 8 weeks", 71.0, 65.0),
                ("other applications determined within 8 weeks", 76.0, 80.0),
            ],
            1,
        )
    ]


def test_a_table_laid_out_in_a_minute_is_read_line_by_line() -> None:
    report = check(PLANNING.format(major=83, minor=71), planning_rows())
    assert report.errors == 0, [f.message for f in report.findings]
    report = check(PLANNING.format(major=71, minor=83), planning_rows())
    wrong = sorted((f.code, f.prose, f.data) for f in report.findings if f.severity == "error")
    assert wrong == [("MG101", "71%", "83"), ("MG101", "83%", "71")]


def test_an_earlier_value_belongs_to_the_result_in_its_unit() -> None:
    text = (
        "The Area Manager reported that 1,912 Safe and Well visits had been completed in the "
        "quarter against a target of 1,800, and that 71% of visits had been to households "
        "identified as high risk. Members welcomed the increase from 1,540 visits in the same "
        "quarter last year.\n"
    )
    rows = [
        Indicator(name="Safe and Well visits completed", value=1912, unit="count",
                  previous=1540, target=1800, polarity="higher", row=1),
        Indicator(name="visits to households identified as high risk", value=71,
                  unit="percent", row=2),
    ]  # fmt: skip
    assert check(text, rows).errors == 0
    report = check(text.replace("from 1,540", "from 2,540"), rows)
    wrong = [(f.code, f.prose, f.indicator) for f in report.findings if f.severity == "error"]
    assert wrong == [("MG103", "2,540 visits", "Safe and Well visits completed")]


def test_a_change_in_points_written_pp_with_no_earlier_value_in_the_data() -> None:
    rows = [
        Indicator(name="recycling rate", value=52.4, unit="percent", target=50,
                  polarity="higher", row=1),
    ]  # fmt: skip
    text = "The recycling rate was 52.4%. It was up 3.1pp on the same quarter last year.\n"
    assert check(text, rows).errors == 0  # last year is not in the data: nothing to hold it to
    text = "The recycling rate was 52.4%, 2.4pp above the target.\n"
    assert check(text, rows).errors == 0
    report = check(text.replace("2.4pp", "4.2pp"), rows)
    assert [f.code for f in report.findings if f.severity == "error"] == ["MG106"]


def test_a_comparator_stated_with_its_own_figure_is_the_one_compared() -> None:
    rows = [
        Indicator(name="rate of children looked after per 10,000 children", value=71,
                  unit="rate", benchmark=86, polarity="lower", row=1),
    ]  # fmt: skip
    text = (
        "It was reported that the rate of children looked after was 71 per 10,000 children, "
        "below statistical neighbours (86) but slightly above the England average of 70.\n"
    )
    assert check(text, rows).errors == 0
    flipped = text.replace("below statistical", "above statistical")
    assert [f.code for f in check(flipped, rows).findings if f.severity == "error"] == ["MG303"]


def test_a_percentage_is_not_a_statement_of_a_row_in_tonnes() -> None:
    rows = [
        Indicator(name="recycling tonnage between January and April", value=5341, unit="other",
                  previous=4499, polarity="higher", row=1),
    ]  # fmt: skip
    text = (
        "The Cabinet Member outlined the increase in tonnage from 4,499 tonnes between January "
        "and April 2016 to 5,341 tonnes in the same period this year. He noted the increase of "
        "842 tonnes which if extrapolated over twelve months would increase the recycling rate "
        "from 39 per cent to 44 per cent and would divert a further 2,500 tonnes from landfill.\n"
    )
    assert check(text, rows).errors == 0


def test_a_result_read_as_a_target_the_data_lacks_is_an_uncertain_role() -> None:
    """ "a forecast of a £0.4M overspend": the extractor may read the result as a target; the
    row has no target, so the figure is checked as its result, as a warning."""
    rows = [
        Indicator(name="forecast Housing Revenue Account overspend", value=400_000, unit="gbp",
                  row=1),
    ]  # fmt: skip
    text = (
        "Cabinet notes the current 21/22 forecast of a £{} overspend position on the Housing "
        "Revenue Account.\n"
    )
    clean = check(text.format("0.4M"), rows)
    assert clean.errors == 0 and clean.warnings == 0
    figures = extract_figures(text.format("3.5M"), document="minute.txt", indicators=rows)
    as_target = [replace(f, role="target") if "3.5M" in f.text else f for f in figures]
    report = check_minute(text.format("3.5M"), rows, document="minute.txt", figures=as_target)
    [finding] = [f for f in report.findings if f.prose == "£3.5M"]
    assert (finding.code, finding.severity, finding.extra["claim"]) == ("MG111", "warning", "MG101")
    # beside a stated result, a figure of a role the data lacks is not read as the result
    text = "The overspend on the Housing Revenue Account is £0.4M against a target of £0.3M.\n"
    assert check(text, rows).findings == ()


def test_rows_named_apart_only_by_a_number_are_told_apart_by_it() -> None:
    rows = [
        Indicator(name="Stage 1 complaints responded to within timescale", value=74,
                  unit="percent", row=1),
        Indicator(name="Stage 2 complaints responded to within timescale", value=88,
                  unit="percent", row=2),
    ]  # fmt: skip
    text = (
        "Stage 1 complaints responded to within timescale were {}%, and stage 2 complaints "
        "responded to within timescale were {}%.\n"
    )
    assert check(text.format(74, 88), rows).errors == 0
    assert findings_of(text.format(88, 74), rows) == [  # the two values swapped
        ("MG101", "74%", "Stage 2 complaints responded to within timescale"),
        ("MG101", "88%", "Stage 1 complaints responded to within timescale"),
    ]
    years = [
        Indicator(name="Sickness absence 2018/19", value=8.2, unit="days", row=1),
        Indicator(name="Sickness absence 2019/20", value=9.1, unit="days", row=2),
    ]
    text = "Sickness absence for 2019/20 was {} days per FTE against {} days per FTE in 2018/19.\n"
    assert check(text.format(9.1, 8.2), years).errors == 0
    assert check(text.format(8.2, 9.1), years).errors == 2


def test_from_a_to_b_is_read_from_its_words_when_both_are_read_as_earlier_values() -> None:
    rows = [
        Indicator(name="recycling tonnage between January and April", value=5341, unit="other",
                  previous=4499, polarity="higher", row=1),
    ]  # fmt: skip
    text = (
        "The Cabinet Member outlined the increase in tonnage from 4,499 tonnes between January "
        "and April 2016 to {} tonnes in the same period this year.\n"
    )
    assert check(text.format("5,341"), rows).errors == 0
    figures = extract_figures(text.format("nearly 5,341"), document="m", indicators=rows)
    both_earlier = [replace(f, role="previous") if f.value == 5341 else f for f in figures]
    report = check_minute(text.format("nearly 5,341"), rows, document="m", figures=both_earlier)
    [hedged] = [f for f in report.findings if f.code == "MG110"]
    assert hedged.prose == "nearly 5,341 tonnes" and hedged.severity == "error"


def test_a_circa_mark_between_hedge_and_figure_keeps_the_hedge() -> None:
    rows = [
        Indicator(name="forecast General Reserve", value=23.437e6, unit="gbp", row=1),
        Indicator(name="forecast General Reserve as a share of net budget", value=3.0,
                  unit="percent", row=2),
    ]  # fmt: skip
    text = (
        "The council is forecast to hold a General Reserve against unforeseen issues of "
        "£23.437m representing {} of net budget.\n"
    )
    assert check(text.format("c3%"), rows).errors == 0
    assert check(text.format("just under c3.2%"), rows).errors == 0  # 3 is just under 3.2
    report = check(text.format("just over c3%"), rows)  # 3 is not over 3
    assert [(f.code, f.prose) for f in report.findings] == [("MG110", "just over c3%")]


OMBUDSMAN = (
    "A total of 12 complaints and enquiries have been received against the Council in "
    "2015/16. 12 decisions had been made in 2015/16.\n\nMembers noted that {} of the decisions "
    "related to complaints investigated in detail, {} of which were upheld.\n"
)


def ombudsman_rows() -> list[Indicator]:
    return [
        Indicator(name="complaints and enquiries received by the Ombudsman", value=12,
                  unit="count", row=1),
        Indicator(name="Ombudsman decisions made", value=12, unit="count", row=2),
        Indicator(name="Ombudsman decisions on complaints investigated in detail", value=3,
                  unit="count", row=3),
        Indicator(name="complaints investigated in detail that were upheld", value=2,
                  unit="count", row=4),
    ]  # fmt: skip


def test_a_result_the_rules_read_as_commentary_is_checked_for_a_row_nothing_else_states() -> None:
    clean = check(OMBUDSMAN.format(3, 2), ombudsman_rows())
    assert clean.errors == 0 and clean.warnings == 0  # "3 of the decisions" covers its row
    report = check(OMBUDSMAN.format(7, 2), ombudsman_rows())
    [held] = [f for f in report.findings if f.prose == "7"]
    assert (held.code, held.severity, held.extra["claim"], held.data) == (
        "MG111", "warning", "MG101", "3",
    )  # fmt: skip
    assert report.errors == 0


def test_commentary_figures_do_not_speak_for_a_row_stated_elsewhere_or_in_another_unit() -> None:
    rows = [
        Indicator(name="sickness absence days per FTE", value=9.8, unit="days", benchmark=10.6,
                  row=1),
    ]  # fmt: skip
    text = (
        "Members noted that the Council's sickness rate compared with a local government "
        "average of 10.6 days per FTE and that the Council was ranked fourth of the seven "
        "district councils in the county.\n"
    )
    report = check(text, rows)
    assert [f.code for f in report.findings] == ["MG601"]  # "seven" is not its result


def test_a_part_whose_own_words_name_the_row_is_that_rows_result() -> None:
    rows = [
        Indicator(name="households in temporary accommodation", value=212, unit="count", row=1),
        Indicator(name="households in temporary accommodation with children", value=140,
                  unit="count", row=2),
    ]  # fmt: skip
    text = (
        "There were {} households in temporary accommodation at the end of the quarter, of "
        "which {} had children.\n"
    )
    assert check(text.format(212, 140), rows).errors == 0
    assert findings_of(text.format(140, 212), rows) == [  # the two values swapped
        ("MG101", "140 households", "households in temporary accommodation"),
        ("MG101", "212", "households in temporary accommodation with children"),
    ]
    # a part that names no row of its own is still no result: "of which £2.8 million was
    # likely to be carried forwards" is not the underspend
    underspend = [
        Indicator(name="forecasted revenue underspend for the financial year", value=3.395e6,
                  unit="gbp", row=1),
    ]  # fmt: skip
    text = (
        "This showed a forecasted revenue underspend for the financial year of just under £3.5 "
        "million, of which £2.8 million was likely to be carried forwards.\n"
    )
    assert check(text, underspend).errors == 0


def test_a_result_whose_words_name_its_own_row_and_another_is_not_a_sure_link() -> None:
    """The extractor reads "6.1 days" as a definition ("within 6 days"), so one mention holds
    the whole clause and its words name both rows; 9.8 is the first row's value: the link to
    the long-term row rests on words that name the other row too, so it is held back."""
    rows = [
        Indicator(name="sickness absence days per FTE", value=9.8, unit="days", row=1),
        Indicator(name="long-term sickness absence days per FTE", value=6.1, unit="days", row=2),
    ]
    text = (
        "Sickness absence averaged 9.8 days per FTE, of which long-term sickness absence "
        "accounted for 6.1 days per FTE.\n"
    )
    figures = extract_figures(text, document="m", indicators=rows)
    as_definition = [replace(f, role="parameter") if f.value == 6.1 else f for f in figures]
    report = check_minute(text, rows, document="m", figures=as_definition)
    assert report.errors == 0
    [held] = [f for f in report.findings if f.code == "MG603"]
    assert held.prose == "9.8 days" and held.extra["claim"] == "MG101"


def test_a_hypothetical_figure_states_a_row_that_is_a_forecast() -> None:
    text = "The General Fund overspend at the year end is expected to be £{}m.\n"
    forecast = [Indicator(name="projected General Fund overspend", value=2.3e6, unit="gbp", row=1)]
    assert check(text.format("2.3"), forecast).errors == 0
    report = check(text.format("3.1"), forecast)
    assert [(f.code, f.prose) for f in report.findings] == [("MG101", "£3.1m")]
    # a row that is no forecast: "is expected to be" states no result of it
    actual = [Indicator(name="General Fund overspend", value=2.3e6, unit="gbp", row=1)]
    assert check(text.format("3.1"), actual).errors == 0


def test_rows_named_apart_by_a_short_code_are_told_apart_by_it() -> None:
    rows = [
        Indicator(name="council tax collected Q1", value=28.2, unit="percent", row=1),
        Indicator(name="council tax collected Q2", value=55.1, unit="percent", row=2),
    ]
    text = "Council tax collected was {}% in Q1 and {}% by the end of Q2.\n"
    assert check(text.format(28.2, 55.1), rows).findings == ()
    assert findings_of(text.format(55.1, 28.2), rows) == [
        ("MG101", "28.2%", "council tax collected Q2"),
        ("MG101", "55.1%", "council tax collected Q1"),
    ]
