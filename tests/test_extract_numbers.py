"""Number detection: every figure a minute states is found with its value and unit, and
dates, years, quarters, labels and times are not (minutegen.extract.numbers)."""

from __future__ import annotations

from itertools import pairwise

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from minutegen.errors import InputError
from minutegen.extract.numbers import (
    customize_tokenizer,
    load_number_rules,
    parse_number,
    rules_from_dict,
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    customize_tokenizer(pipeline)
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("mg_numbers")
    return pipeline


def figures(nlp: Language, text: str) -> list[tuple[str, float, str]]:
    doc = nlp(text)
    return [(s.text, s._.mg_value, s._.mg_unit) for s in doc.spans["mg_figures"]]


# ---- parse_number ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("91.6", 91.6),
        ("1,234", 1234.0),
        ("1,234,567.5", 1234567.5),
        ("twenty-one", 21.0),
        ("Twenty one", 21.0),
        ("one hundred and five", 105.0),
        ("seventeen", 17.0),
        ("a third", 1 / 3),
        ("two thirds", 2 / 3),
        ("half", 0.5),
        ("a quarter", 0.25),
        ("1.2m", 1_200_000.0),
        ("3.4 million", 3_400_000.0),
        ("500k", 500_000.0),
        ("£700K", 700_000.0),
        ("£1.2m", 1_200_000.0),
        ("no", 0.0),
        ("none", 0.0),
        ("nil", 0.0),
        ("zero", 0.0),
        ("one in five", 0.2),
        (".5", 0.5),
        ("-5", -5.0),
        ("minus 5", -5.0),
        ("-£1.2m", -1_200_000.0),
        ("(£0.3m)", -300_000.0),
        ("$75 million", 75_000_000.0),
        ("40 000", 40_000.0),
        ("one and a half", 1.5),
        ("2½", 2.5),
        ("a dozen", 12.0),
        ("two thousand, two hundred", 2200.0),
        ("9.83e-3", 0.00983),
    ],
)
def test_parse_number_reads_every_written_form(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "report", "1st", "2020/21", "Q2", "10:30", "twenty report"])
def test_parse_number_refuses_what_is_not_one_number(text: str) -> None:
    assert parse_number(text) is None


# ---- the component: forms -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Performance was 91.6 per cent.", [("91.6 per cent", 91.6, "percent")]),
        ("Performance was 91.6%.", [("91.6%", 91.6, "percent")]),
        ("Performance was 87 % overall.", [("87 %", 87.0, "percent")]),
        ("Performance was 22.5 percent.", [("22.5 percent", 22.5, "percent")]),
        ("There were 1,234 contacts.", [("1,234 contacts", 1234.0, "count")]),
        ("The number rose to 302 by September.", [("302", 302.0, "count")]),
        ("Savings of £1.2m were made.", [("£1.2m", 1_200_000.0, "gbp")]),
        ("An overspend of £500k arose.", [("£500k", 500_000.0, "gbp")]),
        ("The budget is £3.4 million.", [("£3.4 million", 3_400_000.0, "gbp")]),
        ("A fine of £1,000 was paid.", [("£1,000", 1000.0, "gbp")]),
        ("Twenty-one indicators were reported.", [("Twenty-one indicators", 21.0, "count")]),
        ("A further 1950 households were helped.", [("1950 households", 1950.0, "count")]),
        ("Two-thirds of residents replied.", [("Two-thirds", 2 / 3, "other")]),
        ("Decided within 3 calendar months.", [("3 calendar months", 3.0, "months")]),
        ("Members noted two new cases.", [("two new cases", 2.0, "count")]),
        (
            "There were 4 supported living properties.",
            [("4 supported living properties", 4.0, "count")],
        ),
        (
            "There were 15 foster carer de-registrations.",
            [("15 foster carer de-registrations", 15.0, "count")],
        ),
        ("Of these, eleven performed below target.", [("eleven", 11.0, "count")]),
        ("A third of residents replied.", [("A third", 1 / 3, "other")]),
        ("Around a quarter of this figure.", [("a quarter", 0.25, "other")]),
        ("More than half were seen on time.", [("half", 0.5, "other")]),
        ("One in five households recycle.", [("One in five", 0.2, "other")]),
        ("109kg of residual waste per household.", [("109kg", 109.0, "other")]),
        ("Visits within 10 working days.", [("10 working days", 10.0, "days")]),
        ("Sickness was 8.4 days per employee.", [("8.4 days", 8.4, "days")]),
        ("Seen within 24 hours.", [("24 hours", 24.0, "hours")]),
        ("Placed 20 or more miles away.", [("20 or more miles", 20.0, "miles")]),
        ("Subject to a plan for two or more years.", [("two or more years", 2.0, "years")]),
        ("Looked after for 2 years or more.", [("2 years or more", 2.0, "years")]),
        ("Re-referrals within 12 months.", [("12 months", 12.0, "months")]),
        ("Plans issued within the 20-Week timescale.", [("20-Week", 20.0, "weeks")]),
        ("Improved one-day repairs.", [("one-day", 1.0, "days")]),
        ("People aged 65+ were reabled.", [("65+", 65.0, "years")]),
        ("An overall score of 68.1 was reached.", [("68.1", 68.1, "score")]),
        ("A rate of 60.2 was recorded.", [("60.2", 60.2, "rate")]),
        ("Waits of 3 wks and 12 mths.", [("3 wks", 3.0, "weeks"), ("12 mths", 12.0, "months")]),
        ("It was third in the South East.", [("third", 3.0, "other")]),
        ("One KPI was amber.", [("One KPI", 1.0, "count")]),
        ("Only one of the indicators improved.", [("one", 1.0, "count")]),
    ],
)
def test_each_written_form_is_one_figure_with_its_unit(
    nlp: Language, text: str, expected: list[tuple[str, float, str]]
) -> None:
    found = figures(nlp, text)
    assert [(t, u) for t, _, u in found] == [(t, u) for t, _, u in expected]
    assert [v for _, v, _ in found] == pytest.approx([v for _, v, _ in expected])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Year to date no child has ceased to be subject to a plan.", ("no child", 0.0)),
        ("There were no complaints this quarter.", ("no complaints", 0.0)),
        ("None of the Directorates fell below it.", ("None", 0.0)),
        ("Returns outstanding: nil.", ("nil", 0.0)),
    ],
)
def test_zero_words_that_count_something_are_zero_figures(
    nlp: Language, text: str, expected: tuple[str, float]
) -> None:
    assert figures(nlp, text) == [(expected[0], expected[1], "count")]


@pytest.mark.parametrize(
    "text",
    [
        "The Chair advised that there was no report.",
        "There was no change compared with last year.",
        "No explanation of this trend was available.",
        "It was confirmed that no targets were set.",
        "The dental check was due and they have had one completed.",
    ],
)
def test_ordinary_negation_and_pronouns_are_not_figures(nlp: Language, text: str) -> None:
    assert figures(nlp, text) == []


# ---- ranges, from-to, percentage points, rates ---------------------------------------------


def test_a_range_is_two_figures_that_share_the_unit(nlp: Language) -> None:
    doc = nlp("Infants breastfed at 6-8 weeks; 5 – 10% of cases; between 60 and 65 days.")
    spans = list(doc.spans["mg_figures"])
    assert [(s.text, s._.mg_value, s._.mg_unit) for s in spans] == [
        ("6", 6.0, "weeks"),
        ("8 weeks", 8.0, "weeks"),
        ("5", 5.0, "percent"),
        ("10%", 10.0, "percent"),
        ("60", 60.0, "days"),
        ("65 days", 65.0, "days"),
    ]
    assert [s._.mg_range_start for s in spans] == [True, False] * 3
    assert [s._.mg_range_end for s in spans] == [False, True] * 3


def test_or_makes_an_alternative_range_but_and_does_not(nlp: Language) -> None:
    assert figures(nlp, "Seen in 6 or 7 days; the rate was 45 and 12 months ago.") == [
        ("6", 6.0, "days"),
        ("7 days", 7.0, "days"),
        ("45", 45.0, "rate"),
        ("12 months", 12.0, "months"),
    ]


def test_an_en_dash_glued_between_numbers_makes_a_range(nlp: Language) -> None:
    assert figures(nlp, "Rates of 5–10% were seen.") == [
        ("5", 5.0, "percent"),
        ("10%", 10.0, "percent"),
    ]


def test_from_to_gives_the_unit_of_the_first_to_the_second(nlp: Language) -> None:
    doc = nlp("A decrease in missing episodes (from 31 episodes to 18).")
    spans = list(doc.spans["mg_figures"])
    assert [(s.text, s._.mg_unit, s._.mg_from_to) for s in spans] == [
        ("31 episodes", "count", "from"),
        ("18", "count", "to"),
    ]


def test_a_change_then_a_value_is_not_a_range(nlp: Language) -> None:
    doc = nlp("It improved by 2 percentage points to 91.6%.")
    spans = list(doc.spans["mg_figures"])
    assert [(s.text, s._.mg_unit, s._.mg_is_pp) for s in spans] == [
        ("2 percentage points", "percent", True),
        ("91.6%", "percent", False),
    ]
    assert not any(s._.mg_range_start or s._.mg_range_end for s in spans)


@pytest.mark.parametrize("text", ["a rise of 0.5 pp", "a fall of 1.2 % points"])
def test_percentage_points_are_flagged(nlp: Language, text: str) -> None:
    doc = nlp(text)
    (span,) = doc.spans["mg_figures"]
    assert span._.mg_unit == "percent"
    assert span._.mg_is_pp


def test_a_rate_and_its_base_are_both_figures(nlp: Language) -> None:
    doc = nlp("313 bins were missed per 100,000 bins collected; admissions per 100k population.")
    spans = list(doc.spans["mg_figures"])
    assert [(s.text, s._.mg_value, s._.mg_unit) for s in spans] == [
        ("313", 313.0, "rate"),
        ("100,000", 100_000.0, "count"),
        ("100k", 100_000.0, "count"),
    ]
    assert spans[0]._.mg_per == 100_000.0
    assert spans[1]._.mg_is_rate_base and spans[2]._.mg_is_rate_base


def test_number_and_unit_spans_point_at_their_words(nlp: Language) -> None:
    doc = nlp("Visits were 89.4 per cent of the total.")
    (span,) = doc.spans["mg_figures"]
    assert span._.mg_number.text == "89.4"
    assert span._.mg_unit_span.text == "per cent"
    other = nlp("The number rose to 302.")
    (count,) = other.spans["mg_figures"]
    assert count._.mg_number.text == "302"
    assert count._.mg_unit_span is None


# ---- not figures ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The meeting on 1st December 2012 was adjourned.",
        "Data to 24th March 2010 was shown.",
        "Performance as at September 2020 was reported.",
        "Members met on 4 June 2018 and on March 3.",
        "The 2020/21 and 2009/10 results and the 2022-23 plan were noted.",
        "In 2013 the service was inspected.",
        "In 2019 households grew.",
        "In Quarter 2 (Q2) and the 3rd Quarter, and in Quarters 2 and 3.",
        "Quarter Three was reported late.",
        "See item 5, page 12, paragraph 3.2 and Minute 23.",
        "Appendix 2 and Report No. 7 were noted.",
        "NI 192, NAS 1, PAFD40, ASC002 and PBH 020 were discussed.",
        "Key Stage 1 and Year 6 results and Vital Signs 3 were reported.",
        "The meeting started at 10am and ended at 2.30 p.m.",
        "Presenting (4.15-4.45 p.m.) was the Head of Service.",
        "This was the second or subsequent time.",
        "The first quarter of the year and the first half of the year.",
        "Indicators are reported on a six monthly basis.",
        "Covid-19 and Covid 19 affected services.",
        "The Children Act 1989 applies.",
        "Q2 202223 dashboard.",
        "A zero tolerance approach was agreed.",
        "The office is open between 9.00 and 17.00, and from 8.30 until 18.30.",
        "(Pages 5 - 12) Minute No. 45 and Agenda Item 6(a).",
        "Item 7:\n3.1 Performance Report",
        "Page 3 of 12",
        "Meeting 5 of the Panel",
        # ModernGov's link to a report gives the file's size, not a figure
        "12 Revenue Budget Monitoring pdf icon PDF 312 KB",
        "Appendix A - Capital Schemes, item 9. PDF 1 MB",
        # a financial year before "year" is still a year, whatever its separator
        "The 2021-22 year end position and the 2019/2020 year were reported.",
        "6 RESERVES - 2022-23 YEAR-END",
        # a label after a slash or a stray spaced hyphen is still a label
        "The Director of Corporate Services (Resources)/Section 151 Officer presented it.",
        "Covid -19 recovery was discussed.",
        # an agenda item number before a long title that opens with a counted noun
        "21 Children and Young People Budget Monitoring for the Third Quarter 2023-24 PDF 250 KB",
        # ... or before a title that opens with its year
        "Meeting: 09/09/2019 - Cabinet (Item 52)\n\n52 2019/20 QUARTER 1 FINANCE REPORT",
        "Meeting: 10/01/2012 - Scrutiny (Item 88)\n\n88 2011/2012 Second Quarter Performance",
        # numbered resolutions in square brackets, and labels spelt "Annexe" or "Round"
        "RESOLVED:\n\n[1]      the outturn be noted; and\n\n[2]      the virements be approved.",
        "The savings are listed in Annexe 3, and the bid is for Round 4 of the fund.",
        # standing orders and the clauses of a label, a time at noon, a bracketed area code
        "Members spoke under Standing Order 31(3), and section 106(2) of the Act applies.",
        "Amendments must reach the Monitoring Officer by 12 noon on the Friday.",
        "Contact: Finance Team, telephone (01632) 960412.",
        # a decision's reference number after "ref:"
        "12/11/2021 - Council Tax Base 2022/23 ref: 871    Recommendations Approved",
        # a decimal after "set out in" / "referred to in" is a paragraph of the report
        "The savings referred to in 4.3 and the virements set out in 6.2.1 were approved.",
        # "one of" before a superlative names a member of a group, not a count
        "The borough remains one of the lowest funded councils and one of the most improved.",
    ],
)
def test_dates_years_quarters_labels_and_times_are_not_figures(nlp: Language, text: str) -> None:
    assert figures(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Performance was 91.6 per\ncent this quarter.",
        "Performance was 91.6  per cent this quarter.",
        "Performance was 91.6\u00a0per cent this quarter.",
        "Performance was 91.6\r\nper cent this quarter.",
    ],
)
def test_line_breaks_and_odd_spaces_inside_a_figure_do_not_split_it(
    nlp: Language, text: str
) -> None:
    doc = nlp(text)
    (span,) = doc.spans["mg_figures"]
    assert (span._.mg_value, span._.mg_unit) == (91.6, "percent")
    assert text[span.start_char : span.end_char] == span.text
    assert span.text.startswith("91.6") and span.text.endswith("cent")


def test_a_label_word_at_the_end_of_a_line_does_not_label_the_next_line(nlp: Language) -> None:
    assert figures(nlp, "Agenda item\n\n6-8 Week Breastfeeding Review") == [
        ("6", 6.0, "weeks"),
        ("8 Week", 8.0, "weeks"),
    ]


@pytest.mark.parametrize("text", ["It fell by -2.1% overall.", "It fell by −2.1% overall."])
def test_a_signed_figure_keeps_its_sign(nlp: Language, text: str) -> None:
    # issue 8: the sign is part of the figure (it used to be dropped)
    assert figures(nlp, text) == [(text[11:16], -2.1, "percent")]


@pytest.mark.parametrize("text", ["0.0", "3.1", "£", "no", "a third", "6-", "per 100,000", "1."])
def test_a_figure_or_fragment_at_the_very_end_of_a_text_is_handled(
    nlp: Language, text: str
) -> None:
    doc = nlp(text)
    for span in doc.spans["mg_figures"]:
        assert text[span.start_char : span.end_char] == span.text


def test_numbered_paragraphs_are_not_figures_but_their_figures_are(nlp: Language) -> None:
    text = "Resolved:\n1. That 95% be the target.\n(2) That the report be noted."
    assert figures(nlp, text) == [("95%", 95.0, "percent")]


def test_a_code_before_a_percentage_does_not_hide_it(nlp: Language) -> None:
    assert figures(nlp, "NI 192 was 40% and Year 6 was 22.5 percent.") == [
        ("40%", 40.0, "percent"),
        ("22.5 percent", 22.5, "percent"),
    ]


def test_a_number_after_a_year_in_the_next_clause_is_kept(nlp: Language) -> None:
    text = "Of the 501 contacts received in March 2013, 164 became referrals."
    assert figures(nlp, text) == [("501 contacts", 501.0, "count"), ("164", 164.0, "count")]


# ---- the whole of a real-style minute -------------------------------------------------------

MINUTE = (
    "The submitted report provided Quarter 2 (July to September) 2020/21 performance "
    "information. It was highlighted that there had been a positive decrease in the number "
    "of missing episodes when compared to Quarter 2 2019/20 (from 31 episodes to 18); "
    "100 per cent of children with a Child Protection Plan had been allocated; 91.6 per cent "
    "of Initial Child Protection Conferences were held within 15 working days; year to date "
    "no child has ceased to be subject to a CP who had been subject to the plan for two or "
    "more years, below the target of 5 per cent; and 7.2 per cent of our Children in Care "
    "had been placed 20 or more miles away from home as at September 2020.\n\n"
    "RESOLVED – That the performance information reported for Quarter 2 2020/21 be noted."
)


def test_a_minute_gives_every_figure_in_order_and_nothing_else(nlp: Language) -> None:
    assert [(t, u) for t, _, u in figures(nlp, MINUTE)] == [
        ("31 episodes", "count"),
        ("18", "count"),
        ("100 per cent", "percent"),
        ("91.6 per cent", "percent"),
        ("15 working days", "days"),
        ("no child", "count"),
        ("two or more years", "years"),
        ("5 per cent", "percent"),
        ("7.2 per cent", "percent"),
        ("20 or more miles", "miles"),
    ]


def test_spans_slice_the_text_exactly_and_do_not_overlap(nlp: Language) -> None:
    doc = nlp(MINUTE)
    spans = list(doc.spans["mg_figures"])
    for span in spans:
        assert MINUTE[span.start_char : span.end_char] == span.text
    assert all(a.end <= b.start for a, b in pairwise(spans))


# ---- rules as data --------------------------------------------------------------------------


def test_the_packaged_rules_load_and_reject_unknown_keys(tmp_path) -> None:
    rules = load_number_rules()
    assert rules.number_words["twenty"] == 20
    bad = tmp_path / "numbers.yaml"
    bad.write_text("number_word: {one: 1}\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown key 'number_word'"):
        load_number_rules(bad)
    with pytest.raises(InputError, match="missing key"):
        rules_from_dict({})


def test_a_bad_rules_file_is_a_one_line_input_error(tmp_path) -> None:
    bad = tmp_path / "numbers.yaml"
    bad.write_text("units: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_number_rules(bad)
    assert str(bad) in str(caught.value)
    assert "\n" not in str(caught.value)


# ---- robustness -----------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    [*"0123456789 ,.%£-–/+()\n", "per cent", " no ", " one ", " twenty", "-one",
       "a third of", " Quarter ", " May ", " million", "k", "m", " days", " to ", " and ",
       " between ", " per ", "é", "\u00a0",
       "😀", "½", "٣", " NI ", " aged "]
)  # fmt: skip


@settings(max_examples=50, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_any_text_is_handled_and_spans_slice_it(nlp: Language, text: str) -> None:
    doc = nlp(text)
    spans = list(doc.spans["mg_figures"])
    for span in spans:
        assert text[span.start_char : span.end_char] == span.text
        assert isinstance(span._.mg_value, float)
        assert span._.mg_unit in {
            "percent", "count", "days", "weeks", "months", "years", "hours", "miles",
            "gbp", "rate", "score", "other",
        }  # fmt: skip
    assert all(a.end <= b.start for a, b in pairwise(spans))
