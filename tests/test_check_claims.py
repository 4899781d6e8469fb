"""Each check code on small realistic sentences, with figures built by hand (no extractor):
what a clerk would see when a minute's prose says something its data does not."""

from __future__ import annotations

import pytest

from minutegen.check import check_minute, codes_markdown, known_codes, load_codes
from minutegen.check.align import align, build_mentions, hungarian
from minutegen.check.claims import agreement, split_clauses
from minutegen.errors import InputError
from minutegen.model import Figure, Indicator

ICPC = "Initial Child Protection Conferences held within 15 working days"
VISITS = "children who received a statutory Child Protection visit within 10 working days"
REREF = "re-referrals repeated within 12 months"
MISSING = "missing episodes of young people in care"
CIC = "number of Children in Care"


def fig(
    text: str,
    needle: str,
    value: float,
    role: str = "actual",
    *,
    unit: str = "percent",
    indicator: str | None = None,
    nth: int = 0,
    assessment: str | None = None,
) -> Figure:
    """A figure as the extractor would give it: `needle` is found in `text` (the nth time)."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return Figure("minute.txt", at, at + len(needle), needle, text, value, unit, role,
                  indicator, None, assessment)  # fmt: skip


def codes(text: str, rows: list[Indicator], figures: list[Figure], **kw: object) -> list[str]:
    report = check_minute(text, rows, document="minute.txt", figures=figures, **kw)
    return [f.code for f in report.findings]


def row(name: str, value: float | None, **kw: object) -> Indicator:
    return Indicator(name=name, value=value, row=kw.pop("row", 1), **kw)  # type: ignore[arg-type]


# --- values --------------------------------------------------------------------------------


def test_value_at_the_precision_shown_is_right() -> None:
    text = "91.6 per cent of Initial Child Protection Conferences were held within 15 working days."
    rows = [row(ICPC, 91.58, unit="percent")]
    assert codes(text, rows, [fig(text, "91.6 per cent", 91.6, indicator=ICPC)]) == []


def test_wrong_value_is_an_error_with_line_column_and_data() -> None:
    text = "Performance\n\n19.6 per cent of Initial Child Protection Conferences were held on time."
    rows = [row(ICPC, 91.58, unit="percent")]
    report = check_minute(
        text,
        rows,
        document="minute.txt",
        figures=[fig(text, "19.6 per cent", 19.6, indicator=ICPC)],
    )
    [finding] = report.findings
    assert (finding.code, finding.severity, finding.line, finding.column) == (
        "MG101",
        "error",
        3,
        1,
    )
    assert finding.message == (f'value: "19.6 per cent" — the data says 91.58 ({ICPC})')
    assert report.exit_code == 1


def test_coarser_rounding_is_a_warning() -> None:
    text = "92 per cent of Initial Child Protection Conferences were held within 15 working days."
    rows = [row(ICPC, 91.58, unit="percent")]
    assert codes(text, rows, [fig(text, "92 per cent", 92, indicator=ICPC)]) == ["MG102"]


def test_money_in_millions_is_compared_at_its_precision() -> None:
    text = "Capital spending on schools reached £1.2m this year."
    rows = [row("Capital spending on schools", 1_234_000, unit="gbp")]
    figure = fig(text, "£1.2m", 1_200_000, unit="gbp", indicator="Capital spending on schools")
    assert codes(text, rows, [figure]) == []
    assert agreement(figure, 1_340_000) == "wrong"


def test_previous_target_and_benchmark_values() -> None:
    text = (
        "89.4 per cent of children received a statutory Child Protection visit within 10 working "
        "days, against a target of 85 per cent, compared with 68 per cent last year and higher "
        "than statistical neighbours (81.2 per cent)."
    )
    rows = [row(VISITS, 89.4, unit="percent", previous=78, target=90, benchmark=81.2)]
    figures = [
        fig(text, "89.4 per cent", 89.4, indicator=VISITS),
        fig(text, "85 per cent", 85, "target", indicator=VISITS),
        fig(text, "68 per cent", 68, "previous", indicator=VISITS),
        fig(text, "81.2 per cent", 81.2, "benchmark", indicator=VISITS),
    ]
    found = codes(text, rows, figures)
    assert "MG104" in found and "MG103" in found and "MG105" not in found


def test_change_in_percentage_points_and_per_cent() -> None:
    rows = [row(VISITS, 89.4, unit="percent", previous=78)]
    right = "Visits within 10 working days rose by 11.4 percentage points to 89.4 per cent."
    wrong_unit = "Visits within 10 working days rose by 11.4 per cent to 89.4 per cent."
    wrong_size = "Visits within 10 working days rose by 6 percentage points to 89.4 per cent."
    for text, expected in ((right, []), (wrong_unit, ["MG501"]), (wrong_size, ["MG106"])):
        change = text.split("by ")[1].split(" to")[0]
        figures = [
            fig(text, change, float(change.split()[0]), "change", indicator=VISITS),
            fig(text, "89.4 per cent", 89.4, indicator=VISITS),
        ]
        assert codes(text, rows, figures) == expected, text


def test_relative_change_of_a_count_in_per_cent_is_right() -> None:
    text = "Missing episodes of young people in care fell by 41.9 per cent to 18."
    rows = [row(MISSING, 18, unit="count", previous=31)]
    figures = [
        fig(text, "41.9 per cent", 41.9, "change", indicator=MISSING),
        fig(text, "18", 18, unit="count", indicator=MISSING),
    ]
    assert codes(text, rows, figures) == []


# --- direction -------------------------------------------------------------------------------


def test_direction_word_against_previous_value() -> None:
    rows = [row(CIC, 302, unit="count", previous=320)]
    for word, expected in (("decreased", []), ("increased", ["MG201"])):
        text = f"The number of Children in Care has {word} to 302 by the end of September."
        assert codes(text, rows, [fig(text, "302", 302, unit="count", indicator=CIC)]) == expected


def test_from_to_both_ends_are_checked() -> None:
    text = (
        "There was a positive decrease in missing episodes of young people in care "
        "(from 31 episodes to 18)."
    )
    rows = [row(MISSING, 18, unit="count", previous=33, polarity="lower")]
    figures = [
        fig(text, "31 episodes", 31, "previous", unit="count", indicator=MISSING),
        fig(text, "18", 18, unit="count", indicator=MISSING),
    ]
    assert codes(text, rows, figures) == ["MG103"]


def test_improvement_needs_polarity() -> None:
    text = "89.4 per cent of visits were on time, an improvement on the same period last year."
    figures = [fig(text, "89.4 per cent", 89.4, indicator="visits on time")]
    assert codes(text, [row("visits on time", 89.4, previous=78, polarity="higher")], figures) == []
    assert codes(text, [row("visits on time", 89.4, previous=92, polarity="higher")], figures) == [
        "MG202"
    ]
    assert codes(text, [row("visits on time", 89.4, previous=78)], figures) == ["MG203"]


def test_deterioration_of_a_lower_is_better_indicator() -> None:
    text = "Sickness absence rose to 9.1 days per FTE, a deterioration on last year."
    name = "Sickness absence days per FTE"
    rows = [row(name, 9.1, unit="days", previous=8.2, polarity="lower")]
    assert codes(text, rows, [fig(text, "9.1 days", 9.1, unit="days", indicator=name)]) == []
    rows = [row(name, 9.1, unit="days", previous=9.8, polarity="lower")]
    found = codes(text, rows, [fig(text, "9.1 days", 9.1, unit="days", indicator=name)])
    assert found == ["MG201", "MG202"]


# --- target and benchmark relations ---------------------------------------------------------


def test_above_and_below_target() -> None:
    rows = [row(REREF, 22.4, unit="percent", target=18, polarity="lower")]
    for word, expected in (("above", []), ("below", ["MG301"])):
        text = (
            "22.4 per cent of re-referrals were repeated within 12 months, "
            f"{word} the target of 18 per cent."
        )
        figures = [
            fig(text, "22.4 per cent", 22.4, indicator=REREF),
            fig(text, "18 per cent", 18, "target", indicator=REREF),
        ]
        assert codes(text, rows, figures) == expected, word


def test_met_and_missed_target_follow_polarity() -> None:
    name = "Household waste recycled"
    rows = [row(name, 48.2, unit="percent", target=50, polarity="higher")]
    for phrase, expected in (("missed the target", []), ("met the target", ["MG302"])):
        text = f"48.2 per cent of household waste was recycled, which {phrase}."
        found = codes(text, rows, [fig(text, "48.2 per cent", 48.2, indicator=name)])
        assert found == expected, phrase


def test_benchmark_relation() -> None:
    rows = [row(ICPC, 91.6, unit="percent", benchmark=85.2)]
    for word, expected in (("higher", []), ("lower", ["MG303"])):
        text = (
            "91.6 per cent of Initial Child Protection Conferences were held on time, "
            f"which remains {word} than statistical neighbours."
        )
        assert codes(text, rows, [fig(text, "91.6 per cent", 91.6, indicator=ICPC)]) == expected


# --- framing -------------------------------------------------------------------------------


def test_positive_framing_of_an_off_target_result_is_an_error() -> None:
    name = "Children in Care placed 20 or more miles away from home"
    text = (
        "12.2 per cent of Children in Care were placed 20 or more miles from home, "
        "which is a positive performance."
    )
    off = [row(name, 12.2, unit="percent", target=10, polarity="lower")]
    on = [row(name, 7.2, unit="percent", target=10, polarity="lower")]
    figure = fig(text, "12.2 per cent", 12.2, indicator=name)
    assert codes(text, off, [figure]) == ["MG401"]
    text_on = text.replace("12.2", "7.2")
    assert codes(text_on, on, [fig(text_on, "7.2 per cent", 7.2, indicator=name)]) == []


def test_section_framing_and_red_status() -> None:
    text = (
        "The areas highlighted for focus were in respect of 93.2 per cent of statutory children "
        "in care visits completed within timescale."
    )
    name = "statutory children in care visits completed within timescale"
    figure = fig(text, "93.2 per cent", 93.2, indicator=name)
    assert codes(text, [row(name, 93.2, unit="percent", status="green")], [figure]) == ["MG402"]
    assert codes(text, [row(name, 93.2, unit="percent", status="red")], [figure]) == []
    praised = text.replace(
        "The areas highlighted for focus were in respect of", "Highlights included"
    )
    figure = fig(praised, "93.2 per cent", 93.2, indicator=name)
    assert codes(praised, [row(name, 93.2, unit="percent", status="red")], [figure]) == ["MG401"]
    # "It was highlighted that" only reports: a council may highlight a bad result with it
    # ("It was highlighted that anti-social behaviour incidents had risen to 1,406")
    reported = text.replace(
        "The areas highlighted for focus were in respect of", "It was highlighted that"
    )
    figure = fig(reported, "93.2 per cent", 93.2, indicator=name)
    assert codes(reported, [row(name, 93.2, unit="percent", status="red")], [figure]) == []


# --- units and coverage --------------------------------------------------------------------


def test_percent_against_a_count() -> None:
    text = "The number of Children in Care has risen to 302 per cent."
    rows = [row(CIC, 302, unit="count", previous=290)]
    assert codes(text, rows, [fig(text, "302 per cent", 302, indicator=CIC)]) == ["MG502"]


def test_coverage_warnings_and_strict() -> None:
    text = "The number of Children in Care was 302. Library visits reached 41,000 this year."
    rows = [
        row(CIC, 302, unit="count"),
        row("Care leavers in education, employment or training", 61.0, row=2),
    ]
    figures = [
        fig(text, "302", 302, unit="count", indicator=CIC),
        fig(text, "41,000", 41000, unit="count", indicator="Library visits"),
    ]
    report = check_minute(text, rows, document="m.txt", figures=figures)
    assert [(f.code, f.severity) for f in report.findings] == [
        ("MG602", "warning"),
        ("MG601", "warning"),
    ]
    assert report.exit_code == 0 and report.rows_covered == 1
    strict = check_minute(text, rows, document="m.txt", figures=figures, strict=True)
    assert strict.exit_code == 1 and {f.severity for f in strict.findings} == {"error"}
    quiet = check_minute(text, rows, document="m.txt", figures=figures, ignore=["MG6xx"])
    assert quiet.findings == ()


def test_unknown_ignore_code_names_the_known_ones() -> None:
    with pytest.raises(InputError, match=r"unknown code 'MG999'.*MG101"):
        known_codes(["MG999"])
    assert known_codes(["actual-value", "MG2"]) >= {"MG101", "MG201", "MG202", "MG203"}


# --- alignment -----------------------------------------------------------------------------


def test_swapped_values_stay_with_their_names() -> None:
    text = (
        "It was highlighted that 89.4 per cent of Initial Child Protection Conferences were held "
        "within 15 working days; and 91.6 per cent of children received a statutory Child "
        "Protection visit within 10 working days."
    )
    rows = [row(ICPC, 91.6, unit="percent"), row(VISITS, 89.4, unit="percent", row=2)]
    figures = [
        fig(text, "89.4 per cent", 89.4, indicator="Initial Child Protection Conferences"),
        fig(
            text,
            "91.6 per cent",
            91.6,
            indicator="children received a statutory Child Protection visit",
        ),
    ]
    assert codes(text, rows, figures) == ["MG101", "MG101"]


def test_assignment_resolves_ambiguity_as_a_whole() -> None:
    # greedy would give mention 0 its best row (0) and leave mention 1 with a poor one
    assert hungarian([[90, 80], [85, 10]]) == [1, 0]
    assert hungarian([[5, 9, 1]]) == [1]
    assert hungarian([[5], [9]]) == [None, 0]


def test_clauses_split_on_semicolons_and_sentences() -> None:
    text = "It was highlighted that A rose to 5 per cent; B fell. C was 91.6 per cent.\n\nNext."
    parts = [c.text for c in split_clauses(text)]
    assert parts == [
        "It was highlighted that A rose to 5 per cent",
        "B fell.",
        "C was 91.6 per cent.",
        "Next.",
    ]
    assert split_clauses(text)[0].section is None  # reporting words, not praise
    assert split_clauses("Highlights included A at 5 per cent.")[0].section == "positive"


def test_each_line_of_a_table_laid_out_in_text_is_a_clause() -> None:
    text = (
        "The figures were tabled as follows:\n\nIndicator | Target | Actual\n"
        "Major applications determined within 13 weeks | 60% | 83%\n"
        "Minor applications determined within 8 weeks | 65% | 71%\n\nNext."
    )
    parts = [c.text for c in split_clauses(text)]
    assert parts[1:4] == [
        "Indicator | Target | Actual",
        "Major applications determined within 13 weeks | 60% | 83%",
        "Minor applications determined within 8 weeks | 65% | 71%",
    ]
    wrapped = "The rate of re-referrals stood at 22.4 per cent in the\nquarter, above the target."
    assert len(split_clauses(wrapped)) == 1  # a wrapped line of prose is not a table line


def test_lettered_and_roman_numbered_resolutions_are_clauses_of_their_own() -> None:
    """A resolution's items "ii." and "(b)" each name their own figure: one clause must not
    run on into the next item's indicator name."""
    text = (
        "RESOLVED:\ni. That the share of the overall deficit of £0.130m be noted.\n"
        "ii. That the share of the NDR deficit in the budget be noted.\n"
        "(b) That the surplus of £2.293m be noted.\n"
    )
    parts = [c.text.strip() for c in split_clauses(text)]
    assert "That the share of the overall deficit of £0.130m be noted." in parts
    assert "That the share of the NDR deficit in the budget be noted." in parts
    assert "(b) That the surplus of £2.293m be noted." in parts


def test_mentions_group_a_clause_around_its_actuals() -> None:
    text = (
        "100 per cent of children with a CP plan and 100 per cent of Children Looked After "
        "were allocated."
    )
    figures = [
        fig(text, "100 per cent", 100, indicator="children with a CP plan allocated"),
        fig(text, "100 per cent", 100, indicator="Children Looked After allocated", nth=1),
    ]
    mentions = build_mentions(figures, split_clauses(text))
    assert len(mentions) == 2
    rows = [
        row("Children Looked After allocated a social worker", 100.0),
        row("Children with a Child Protection Plan allocated a social worker", 98.0, row=2),
    ]
    result = align(mentions, rows)
    assert result.rows == (1, 0)


def test_code_table_is_complete_and_documented() -> None:
    table = load_codes()
    families = {code[:3] for code in table}
    assert families == {"MG1", "MG2", "MG3", "MG4", "MG5", "MG6"}
    for spec in table.values():
        assert spec.description and spec.example and spec.severity in ("error", "warning", "info")
    assert codes_markdown().count("\n") == len(table) + 2


def test_hedged_figures_are_held_to_their_hedge() -> None:
    name = "People supported to live independently"
    rows = [row(name, 2960, unit="count")]
    for words, expected in (
        ("approximately 3,000", []),
        ("over 2,500", []),
        ("over 3,500", ["MG110"]),
        ("nearly 3,000", []),
        ("almost 2,900", ["MG110"]),  # "almost" is below the stated number
        ("just over 2,800", []),  # 5.7% over: inside the 15% "just over" states
        ("just over 2,500", ["MG110"]),  # 18% over
        ("around 3,300", ["MG110"]),  # 10% tolerance
        ("would be 4,100", []),
    ):
        text = f"People supported to live independently numbered {words} this year."
        number_text = words.split()[-1]
        figure = fig(text, number_text, float(number_text.replace(",", "")), unit="count",
                     indicator=name)  # fmt: skip
        assert codes(text, rows, [figure]) == expected, words


def test_a_sentence_that_carries_on_joins_its_indicator() -> None:
    text = "- Re-referrals repeated within 12 months: 22.4%. This is below the target of 18%."
    rows = [row(REREF, 22.4, unit="percent", target=18, polarity="lower")]
    figures = [
        fig(text, "22.4%", 22.4, indicator=REREF),
        fig(text, "18%", 18, "target", indicator="This is below the target"),
    ]
    assert codes(text, rows, figures) == ["MG301"]


def test_positive_decrease_judges_the_change() -> None:
    text = (
        "There was a positive decrease in missing episodes of young people in care "
        "(from 31 episodes to 18)."
    )
    figures = [
        fig(text, "31 episodes", 31, "previous", unit="count", indicator=MISSING),
        fig(text, "18", 18, "previous", unit="count", indicator=MISSING),  # the extractor's slip
    ]
    higher = [row(MISSING, 18, unit="count", previous=31, polarity="higher")]
    lower = [row(MISSING, 18, unit="count", previous=31, polarity="lower")]
    assert codes(text, lower, figures) == []
    assert codes(text, higher, figures) == ["MG202"]


def test_the_figure_named_in_the_sentence_before() -> None:
    name = "Percentage of rent collected as a percentage of rent due"
    text = (
        "Members discussed the percentage of rent collected as a percentage of rent due. "
        "In quarter 1 the figure stood at 93.1%."
    )
    rows = [row(name, 96.81, unit="percent"), row("Void properties", 65, unit="count", row=2)]
    figure = fig(text, "93.1%", 93.1, indicator="the figure")
    assert codes(text, rows, [figure]) == ["MG101", "MG601"]


def test_aims_are_not_movements() -> None:
    text = "The number of Children in Care was 302 and work continues to reduce the number."
    rows = [row(CIC, 302, unit="count", previous=290)]
    assert codes(text, rows, [fig(text, "302", 302, unit="count", indicator=CIC)]) == []
