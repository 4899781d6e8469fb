"""How `check` decides which data row a figure speaks of, on small realistic minutes with
figures built by hand (no extractor): distinctive words, definition numbers, repeats, the one
row left, coverage, and the roles the wording fixes."""

from __future__ import annotations

from minutegen.check import check_minute
from minutegen.check.align import content_words, distinct_scores, named_in
from minutegen.extract.pipeline import extract_figures
from minutegen.model import Figure, Indicator


def fig(
    text: str,
    needle: str,
    value: float,
    role: str = "actual",
    *,
    unit: str = "count",
    indicator: str | None = None,
    nth: int = 0,
) -> Figure:
    """A figure as the extractor would give it: `needle` found in `text` (the nth time)."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return Figure("minute.txt", at, at + len(needle), needle, text, value, unit, role,
                  indicator, None, None)  # fmt: skip


def row(name: str, value: float | None, number: int = 1, **kw: object) -> Indicator:
    return Indicator(name=name, value=value, row=number, **kw)  # type: ignore[arg-type]


def findings(text: str, rows: list[Indicator], figures: list[Figure]) -> list[tuple[str, str]]:
    """(code, the prose it points at) of every finding, in order."""
    report = check_minute(text, rows, document="minute.txt", figures=figures)
    return [(f.code, f.prose) for f in report.findings]


BINS = (
    "Officers advised that the figure is for justified missed bins, noting that the figure "
    "of 320 for February breaks down to {grey} grey bins, {blue} blue, 12 green and 90 "
    "kerbside caddies."
)
BIN_ROWS = [
    row("justified missed bins in February", 320, 1),
    row("missed grey bins in February", 112, 2),
    row("missed blue bins in February", 106, 3),
    row("missed green bins in February", 12, 4),
    row("missed kerbside caddies in February", 90, 5),
]


def bin_figures(text: str, grey: str, blue: str) -> list[Figure]:
    return [
        fig(text, "320", 320),
        fig(text, f"{grey} grey bins", float(grey)),
        fig(text, blue, float(blue), nth=text.count(blue) - 1),
        fig(text, "12", 12, nth=text.count("12") - 1),
        fig(text, "90 kerbside caddies", 90),
    ]


def test_a_rows_distinctive_word_pins_a_figure_whose_name_is_one_word() -> None:
    clean = BINS.format(grey="112", blue="106")
    assert findings(clean, BIN_ROWS, bin_figures(clean, "112", "106")) == []
    swapped = BINS.format(grey="106", blue="112")
    assert findings(swapped, BIN_ROWS, bin_figures(swapped, "106", "112")) == [
        ("MG101", "106 grey bins"),
        ("MG101", "112"),
    ]


def test_distinctive_words_weigh_what_only_one_row_has() -> None:
    names = [r.name for r in BIN_ROWS]
    shares = distinct_scores(["breaks down to 106 grey bins", "106 blue"], names)
    assert shares[0].argmax() == 1 and shares[1].argmax() == 2
    assert shares[0][1] > 0.5 > shares[0][0]
    assert content_words("Placements within the previous 12 months") == {
        "placement",
        "previou",
        "month",
        "previous#12",  # a numbered word: "Stage 1" and "Stage 2" differ in it alone
    }


VISITS = (
    "{a} per cent statutory child protection visits were completed within 15 working days "
    "with {b} completed within 10 working days."
)
VISIT_ROWS = [
    row("statutory child protection visits completed within 15 working days", 94.2, 1,
        unit="percent"),
    row("statutory child protection visits completed within 10 working days", 77.8, 2,
        unit="percent"),
]  # fmt: skip


def visit_figures(text: str, a: str, b: str) -> list[Figure]:
    return [
        fig(text, f"{a} per cent", float(a), unit="percent",
            indicator="statutory child protection visits were completed within 15 working days"),
        fig(text, "15 working days", 15, "parameter", unit="days"),
        fig(text, b, float(b), unit="percent"),
        fig(text, "10 working days", 10, "parameter", unit="days"),
    ]  # fmt: skip


def test_the_number_in_a_definition_pins_the_row_whatever_the_value() -> None:
    clean = VISITS.format(a="94.2", b="77.8")
    assert findings(clean, VISIT_ROWS, visit_figures(clean, "94.2", "77.8")) == []
    swapped = VISITS.format(a="77.8", b="94.2")
    assert findings(swapped, VISIT_ROWS, visit_figures(swapped, "77.8", "94.2")) == [
        ("MG101", "77.8 per cent"),
        ("MG101", "94.2"),
    ]


SUPPORTED = "People supported to live independently through social services"


def test_a_far_off_estimate_under_a_rows_heading_is_another_quantity() -> None:
    text = (
        f"{SUPPORTED}\n\nAt the end of Quarter 1 we were helping 5,666 service users to live "
        "at home.\n\nA support service is being developed for people who contact us but do "
        "not meet the eligibility criteria, approximately 3000 per year."
    )
    rows = [row(SUPPORTED, 5666)]
    figures = [
        fig(text, "5,666 service users", 5666, indicator=SUPPORTED),
        fig(text, "3000", 3000, indicator=SUPPORTED),
    ]
    report = check_minute(text, rows, document="minute.txt", figures=figures)
    assert report.errors == 0
    assert [(f.code, f.severity) for f in report.findings] == [("MG602", "warning")]


def test_a_repeat_goes_to_the_row_it_states_rightly_elsewhere() -> None:
    text = (
        "- 313 bins were missed per 100,000 bins collected.\n\n"
        "Cllr Timmis referred to the 313 missed bins and asked if this is due to crews "
        "changing. " + BINS.format(grey="112", blue="106")
    )
    rows = [row("bins missed per 100,000 bins collected", 313, 6), *BIN_ROWS]
    figures = [
        fig(text, "313", 313, indicator="bins were missed per 100,000 bins collected"),
        fig(text, "313 missed bins", 313, indicator="Cllr Timmis referred to the missed bins"),
        *bin_figures(text, "112", "106"),
    ]
    assert findings(text, rows, figures) == []


BREASTFEEDING = "infants fully or partially breastfed at 6-8 weeks"


def test_the_one_figure_left_takes_the_one_row_left() -> None:
    text = (
        "Members were informed that the corporate target set for this indicator was 42%, "
        "however provisional data suggested the actual year end performance was {v}%."
    )
    rows = [row(BREASTFEEDING, 38.5, unit="percent", target=42)]
    for value, expected in (("38.5", []), ("55.7", [("MG101", "55.7%")])):
        minute = text.format(v=value)
        figures = [
            fig(minute, "42%", 42, "target", unit="percent"),
            fig(minute, f"{value}%", float(value), unit="percent"),
        ]
        assert findings(minute, rows, figures) == expected


def test_a_row_is_covered_by_its_result_not_by_a_change_under_its_heading() -> None:
    text = (
        f"{SUPPORTED}\n\nTo achieve this year's target we need to help approximately 2,000 "
        "extra service users by the end of the year."
    )
    rows = [row(SUPPORTED, 5666)]
    figures = [fig(text, "2,000 extra service users", 2000, "change", indicator=SUPPORTED)]
    report = check_minute(text, rows, document="minute.txt", figures=figures)
    assert [f.code for f in report.findings] == ["MG601"]
    assert report.uncovered == (SUPPORTED,)


def test_a_mention_names_a_row_by_its_own_words() -> None:
    assert named_in("37 were in the repairs process", ["void properties in the repairs process"])
    assert named_in("of the 65 properties", ["properties in the void process"]) < 0.6


def test_an_aim_and_a_listed_target_are_targets_in_the_one_role_model() -> None:
    """The checker has no role layer of its own: the extractor's roles are the ones it uses."""

    def roles(text: str) -> dict[str, str]:
        return {f.text: f.role for f in extract_figures(text)}

    aim = (
        "Performance was 2334.36 which was below the control target of 2801.50 and was rated "
        "Off Target for achieving the year end figure of 3286."
    )
    assert roles(aim)["3286"] == "target"
    listed = (
        "6.7 per cent have had 3 or more placements, better than the internal target, national "
        "and regional averages (all at 10 per cent) and statistical neighbours (9.9 per cent)."
    )
    assert roles(listed)["10 per cent"] == "target"
    result = "Sickness had risen, reaching a plateau of 0.8 days in the last two months."
    assert roles(result)["0.8 days"] == "actual"


DECENT = "homes not meeting the Decent Homes Standard"


def test_a_result_stating_its_rows_previous_value_is_a_role_slip_not_a_rival() -> None:
    text = (
        "Homes not meeting the Decent Homes Standard fell to 0.25%, against a target of 3%. "
        "For context the 1% of homes not meeting the standard in Quarter 1 was higher; this "
        "quarter's would be around a quarter of that."
    )
    rows = [
        row(DECENT, 0.25, 1, unit="percent", previous=1, target=3, polarity="lower"),
        row(f"{DECENT} in Quarter 2 as a fraction of Quarter 1", 0.25, 2, unit="other"),
    ]
    figures = [
        fig(text, "0.25%", 0.25, unit="percent", indicator=DECENT),
        fig(text, "3%", 3, "target", unit="percent", indicator=DECENT),
        fig(text, "1%", 1, unit="percent", indicator="homes not meeting the standard"),
        fig(text, "a quarter", 0.25, unit="other"),
    ]
    report = check_minute(text, rows, document="minute.txt", figures=figures)
    assert report.errors == 0


def test_a_row_is_not_covered_by_words_every_row_shares() -> None:
    text = (
        "The average full time equivalent (FTE) days lost over the year was 7.5 days. The "
        "average monthly FTE days lost over the last 3 months was 0.6 days. A Labour Market "
        "report (covering all sectors) showed the average days lost in 2013 was 4.4 days."
    )
    slough = "Slough average days lost per employee"
    rows = [
        row("average full time equivalent (FTE) days lost over the year", 7.5, 1, unit="days"),
        row("average monthly FTE days lost over the last 3 months", 0.6, 2, unit="days"),
        row(slough, 8.1, 3, unit="days"),
    ]
    figures = [
        fig(text, "7.5 days", 7.5, unit="days"),
        fig(text, "0.6 days", 0.6, unit="days"),
        fig(text, "4.4 days", 4.4, unit="days"),
    ]
    report = check_minute(text, rows, document="minute.txt", figures=figures)
    assert report.uncovered == (slough,)
    assert named_in("the average days lost in 2013", [slough]) == 0.6


def test_a_change_in_money_belongs_to_the_sum_of_money_not_the_percentage_beside_it() -> None:
    text = (
        "The forecast outturn was an adverse variance of £8.6m (2% of budgets), a decrease of "
        "£0.3m from the previous position of £8.3m.\n"
    )
    rows = [
        row("forecast outturn adverse variance", 8.6e6, 1, unit="gbp", previous=8.3e6),
        row("adverse variance as a share of budgets", 2.0, 2, unit="percent"),
    ]
    figures = [
        fig(text, "£8.6m", 8.6e6, unit="gbp", indicator="forecast outturn adverse variance"),
        fig(text, "2%", 2.0, unit="percent", indicator="share of budgets"),
        fig(text, "£0.3m", 3e5, "change", unit="gbp"),
        fig(text, "£8.3m", 8.3e6, "previous", unit="gbp"),
    ]
    report = check_minute(text, rows, document="minute.txt", figures=figures)
    [wrong] = [f for f in report.findings if "MG201" in (f.code, f.extra.get("claim"))]
    assert (wrong.prose, wrong.indicator) == ("decrease", "forecast outturn adverse variance")


def test_a_percentage_in_brackets_after_a_sum_shares_the_sums_words() -> None:
    """ "£15.2m (2%) in Portfolios": the 2% is named by the words around the pair, so two
    near-named shares written the wrong way round are both reported, not realigned by value."""
    text = (
        "The forecast outturn was an adverse variance of £8.6m, (3% of budgets). Within this "
        "there was an adverse variance of £15.2m (2%) in Portfolios (£14.0m last quarter).\n"
    )
    rows = [
        row("forecast outturn adverse variance", 8.6e6, 1, unit="gbp"),
        row("forecast outturn adverse variance as a share of budgets", 2.0, 2, unit="percent"),
        row("adverse variance in Portfolios", 15.2e6, 3, unit="gbp", previous=14e6),
        row("adverse variance in Portfolios as a share of budget", 3.0, 4, unit="percent"),
    ]
    figures = [
        fig(text, "£8.6m", 8.6e6, unit="gbp"),
        fig(text, "3%", 3.0, unit="percent"),
        fig(text, "£15.2m", 15.2e6, unit="gbp"),
        fig(text, "2%", 2.0, unit="percent"),
        fig(text, "£14.0m", 14e6, "previous", unit="gbp"),
    ]
    report = check_minute(text, rows, document="minute.txt", figures=figures)
    wrong = {
        (f.prose, f.indicator) for f in report.findings if "MG101" in (f.code, f.extra.get("claim"))
    }
    assert wrong == {
        ("3%", "forecast outturn adverse variance as a share of budgets"),
        ("2%", "adverse variance in Portfolios as a share of budget"),
    }


def test_a_second_result_for_a_row_goes_where_its_words_point_not_where_its_value_fits() -> None:
    """ "Of the £4 million capital programme, £0.7 million had been spent" where the data has
    £1.1m spent and £0.7m saved: the £0.7m is a wrong figure for the capital programme, not a
    repeat of the savings row that only its value points to."""
    text = (
        "This showed a forecast revenue underspend for the year of £3.5 million, of which "
        "£2.8 million was likely to be carried forward, leaving £1.1 million overall savings "
        "at the year end. Of the £4 million capital programme, £0.7 million had been spent.\n"
    )
    rows = [
        row("forecast revenue underspend for the year", 3.5e6, 1, unit="gbp"),
        row("overall savings at the year end", 0.7e6, 2, unit="gbp"),
        row("capital programme spent", 1.1e6, 3, unit="gbp"),
    ]
    figures = [
        fig(text, "£3.5 million", 3.5e6, unit="gbp"),
        fig(text, "£2.8 million", 2.8e6, unit="gbp"),
        fig(text, "£1.1 million", 1.1e6, unit="gbp"),
        fig(text, "£4 million", 4e6, unit="gbp", indicator="capital programme"),
        fig(text, "£0.7 million", 0.7e6, unit="gbp"),
    ]
    report = check_minute(text, rows, document="minute.txt", figures=figures)
    wrong = {
        (f.prose, f.indicator) for f in report.findings if "MG101" in (f.code, f.extra.get("claim"))
    }
    assert ("£0.7 million", "capital programme spent") in wrong
    assert ("£1.1 million", "overall savings at the year end") in wrong


def test_a_list_handed_out_respectively_links_each_figure_to_its_item() -> None:
    # through the real extractor: each figure's name is its item of the list before it
    rows = [
        row("Sickness absence, wholetime staff", 8.95, 1, unit="days"),
        row("Sickness absence, control staff", 10.8, 2, unit="days"),
        row("Sickness absence, support staff", 9.42, 3, unit="days"),
    ]
    clean = (
        "Absence for wholetime, control and support staff was higher at 8.95, 10.80 and 9.42 "
        "days respectively.\n"
    )
    report = check_minute(clean, rows, document="minute.txt")
    assert [f.code for f in report.findings if f.severity != "info"] == []
    swapped = clean.replace("8.95, 10.80", "10.80, 8.95")
    report = check_minute(swapped, rows, document="minute.txt")
    flagged = {f.prose for f in report.findings if f.code in ("MG101", "MG603")}
    assert {"10.80", "8.95"} <= flagged
