"""Sentences a reader of a drafted minute would notice, one test per kind of fault a blind
review of real-quarter drafts found: articles, capitals, pasted names, underspends written as
minus, rates written as a share, agreement, punctuation and units. Each goes through the
public API (`draft_minute`, `render_minute`) and reads the prose as a clerk would."""

from __future__ import annotations

import pytest

from minutegen.draft import draft_minute, render_minute
from minutegen.extract.pipeline import extract_figures
from minutegen.model import Indicator, Meeting


def text_of(rows: list[Indicator], style: str = "house") -> str:
    rendered = render_minute(draft_minute(rows, Meeting(), style=style), "text")
    assert isinstance(rendered, str)
    return rendered


def one(name: str, value: float, unit: str, **more: object) -> str:
    """The minute's one indicator sentence, stated as neutral (no status, no comparison)."""
    return text_of([Indicator(name, value, unit, row=1, **more)])  # type: ignore[arg-type]


# ---------------------------------------------------------------- articles


@pytest.mark.parametrize(
    ("name", "value", "unit", "stated"),
    [
        # a figure's year takes "the"
        ("2018/19 revenue forecast outturn", 767_321_000, "gbp",
         "that the 2018/19 revenue forecast outturn was £767.321 million"),
        # a proper name's possessive takes none, a common one takes "the"
        ("Shropshire Council's share of the overall estimated deficit", 130_000, "gbp",
         "that Shropshire Council's share of the overall estimated deficit was £130,000"),
        ("Borough's housing needs delivered", 68, "percent",
         "68 per cent of the borough's housing needs were delivered"),
        # a mass noun with nothing after it reads bare
        ("Customer satisfaction with the repairs service", 95.4, "percent",
         "that customer satisfaction with the repairs service was 95.4 per cent"),
        ("Staff turnover", 14, "percent", "that staff turnover was 14 per cent"),
        # a measure noun keeps its article
        ("Timeliness of assessments", 88, "percent",
         "that the timeliness of assessments was 88 per cent"),
        # a population is not "the X was N per cent"
        ("Eligible LAC with an up-to-date plan", 90.4, "percent",
         "90.4 per cent of eligible LAC had an up-to-date plan"),
        ("Initial plans up to date within ten working days of a review", 76, "percent",
         "76 per cent of initial plans were up to date within ten working days of a review"),
    ],
)  # fmt: skip
def test_articles(name: str, value: float, unit: str, stated: str) -> None:
    text = one(name, value, unit)
    assert stated in text
    assert " the the " not in text


# ---------------------------------------------------------------- capitals


@pytest.mark.parametrize(
    ("name", "value", "unit", "stated"),
    [
        # Title Case is not a name: sentence case, keeping proper names and acronyms
        ("Number Of Households In Temporary Accommodation", 112, "count",
         "there were 112 households in temporary accommodation"),
        ("Council Tax Collection Rate", 96.1, "percent",
         "the Council Tax collection rate was 96.1 per cent"),
        ("Children In Care With An Allocated Social Worker", 100, "percent",
         "100 per cent of Children in Care had an allocated social worker"),
        ("Percentage Of Calls Answered Within 20 Seconds", 84, "percent",
         "84 per cent of calls were answered within 20 seconds"),
        ("Average Number Of Days To Process New Benefit Claims", 20, "days",
         "the average number of days to process new benefit claims was 20 days"),
        # a common word in capitals is lowered; a proper name or a place is kept
        ("Forecast Revenue outturn adverse variance", 3_800_000, "gbp",
         "the forecast revenue outturn adverse variance was £3.8 million"),
        ("Slough average days lost per employee", 8.4, "days",
         "that Slough average days lost per employee was 8.4 days"),
        ("East Leake Retained Duty Station availability", 98.2, "percent",
         "East Leake Retained Duty Station availability was 98.2 per cent"),
        # a name in sentence case keeps its proper names and acronyms, but not the capitals
        # of its common words (the blind review's fault: "Initial ... Conferences")
        ("Initial Child Protection Conferences held within 15 working days", 91.6, "percent",
         "91.6 per cent of initial Child Protection conferences were held within 15 working"),
        ("Children in care", 302, "count", "there were 302 children in care"),
    ],
)  # fmt: skip
def test_capitals(name: str, value: float, unit: str, stated: str) -> None:
    assert stated in one(name, value, unit)


def test_title_case_names_read_in_sentence_case_in_govuk_labels_too() -> None:
    text = text_of([Indicator("Number Of Households In Temporary Accommodation", 112, "count")],
                   style="govuk")  # fmt: skip
    assert "The number of households in temporary accommodation: 112" in text


# ---------------------------------------------------------------- pasted names


@pytest.mark.parametrize(
    ("name", "value", "unit", "stated", "absent"),
    [
        # a bracketed unit goes: the figure states it
        ("Rent collected (%)", 97, "percent", "97 per cent of rent was collected.", "(%)"),
        ("Average days to re-let (days)", 20, "days",
         "the average number of days to re-let was 20 days", "(days)"),
        # a bracketed period code is read out
        ("Repeat referrals (YTD)", 22, "percent", "repeat referrals (year to date)", "YTD"),
        # two participles: the first belongs to the population
        ("Contacts received put forward by Police", 55, "percent",
         "55 per cent of contacts received were put forward by police", "were received put"),
        # "percentage of ... as a percentage of" is said once
        ("Percentage of rent collected as a percentage of rent due", 96.8, "percent",
         "the rent collected was 96.8 per cent of rent due", "percentage"),
    ],
)  # fmt: skip
def test_pasted_names(name: str, value: float, unit: str, stated: str, absent: str) -> None:
    text = one(name, value, unit)
    assert stated in text
    assert absent not in text.split("\n\n", 4)[-1]


def test_a_measure_in_the_areas_for_focus_is_said_once() -> None:
    row = Indicator("Percentage of rent collected as a percentage of rent due", 96.8, "percent",
                    target=97.5, polarity="higher")  # fmt: skip
    text = text_of([row])
    assert "in respect of the rent collected as a percentage of rent due, which stood at" in text


# ---------------------------------------------------------------- underspends


@pytest.mark.parametrize("style", ["house", "govuk"])
def test_a_negative_variance_is_an_underspend_and_reads_back_negative(style: str) -> None:
    rows = [
        Indicator("Forecast General Fund revenue outturn (underspend)", -2_572_000, "gbp",
                  previous=-634_000, row=1, id="R1"),
        Indicator("Forecast general fund variance", -300_000, "gbp", row=2, id="R2"),
    ]  # fmt: skip
    text = text_of(rows, style)
    assert "minus" not in text and "£-" not in text
    assert "an underspend of £2.572" in text and "an underspend of £300,000" in text
    assert "compared with an underspend of £634,000" in text
    values = sorted(f.value for f in extract_figures(text, indicators=rows) if f.unit == "gbp")
    assert values == [-2_572_000, -634_000, -300_000]


def test_a_positive_underspend_and_a_negative_non_variance_keep_their_wording() -> None:
    text = text_of([
        Indicator("General Fund forecast underspend", 4_464_000, "gbp", row=1),
        Indicator("Net cash position", -50_000, "gbp", row=2),
    ])  # fmt: skip
    assert "the General Fund forecast underspend was £4.464 million" in text
    assert "minus £50,000" in text  # no budget to be under: the sign stays


# ---------------------------------------------------------------- rates as a share


@pytest.mark.parametrize(
    ("name", "stated"),
    [
        ("Recycling rate achieved", "the recycling rate achieved was 45 per cent"),
        ("Re-Referral Rate", "the re-referral rate was 45 per cent"),
        ("Rate Of Re-Referrals Within 12 Months",
         "the rate of re-referrals within 12 months was 45 per cent"),
        ("Assessment timeliness", "the assessment timeliness was 45 per cent"),
    ],
)  # fmt: skip
def test_a_rate_is_never_a_share(name: str, stated: str) -> None:
    text = one(name, 45, "percent")
    assert stated in text
    assert "45 per cent of" not in text


# ---------------------------------------------------------------- agreement


@pytest.mark.parametrize(
    ("name", "value", "unit", "stated"),
    [
        ("Current projected budget pressures", 2_513_000, "gbp",
         "current projected budget pressures were £2.513 million"),
        ("Justified missed bins in February", 320, "count",
         "there were 320 justified missed bins in February"),
        ("Void properties ready to let", 16, "count", "there were 16 void properties ready to let"),
        ("Missing from home interviews offered within 72 hours", 91.3, "percent",
         "91.3 per cent of missing from home interviews were offered within 72 hours"),
        ("Looked After Reviews completed within timescale", 99.2, "percent",
         "99.2 per cent of Looked After reviews were completed within timescale"),
        ("Overall savings at the year end", 700_000, "gbp",
         "overall savings at the year end were £700,000"),
    ],
)  # fmt: skip
def test_agreement(name: str, value: float, unit: str, stated: str) -> None:
    assert stated in one(name, value, unit)


# ---------------------------------------------------------------- punctuation and units


def test_an_aside_after_a_comma_is_bracketed_so_the_sentence_closes() -> None:
    name = "Overall council tax collection fund deficit, taking account of prior years"
    text = one(name, 5_550_000, "gbp")
    assert "deficit (taking account of prior years) was £5.55 million" in text
    # a list inside a name is not an aside
    assert "in education, employment or training" in one(
        "Care leavers in education, employment or training", 60, "percent"
    )


def test_average_days_are_a_number_of_days() -> None:
    text = one("Average working days per employee (FTE) per year lost through sickness absence",
               2.41, "days")  # fmt: skip
    assert "the average number of working days per employee (FTE) per year lost through" in text
    assert "was 2.41 days" in text


# ---------------------------------------------------------------- populations and their parts


@pytest.mark.parametrize(
    ("name", "value", "unit", "stated"),
    [
        # the last relative starts the predicate
        ("People who use services who felt safe", 88, "percent",
         "88 per cent of people who use services felt safe"),
        # a "where" clause belongs to the population
        ("Safeguarding enquiries where risk was reduced or removed", 88, "percent",
         "the proportion of safeguarding enquiries where risk was reduced or removed was 88"),
        # what the population had, not where it was
        ("Children in care with a dental check", 88, "percent",
         "88 per cent of children in care had a dental check"),
        ("Children Looked After with three or more placements in the year", 8, "percent",
         "8 per cent of Children Looked After had three or more placements in the year"),
        # a place after "for" is that phrase's
        ("Dental checks for children in care", 88, "percent",
         "the proportion of dental checks for children in care was 88 per cent"),
        # "not" goes with the verb
        ("Care leavers aged 19-21 not in education, employment or training", 12, "percent",
         "12 per cent of care leavers aged 19-21 were not in education, employment or training"),
        # a proper name with "of" in it is one word before its noun
        ("Freedom of Information requests answered within 20 working days", 88, "percent",
         "88 per cent of Freedom of Information requests were answered within 20 working days"),
        # a rate per so many is one figure: "the number of ... was"
        ("Children in care per 10,000 children", 61, "rate",
         "the number of children in care per 10,000 children was 61"),
        ("Days lost to sickness per FTE", 9.1, "days",
         "the number of days lost to sickness per FTE was 9.1 days"),
        # a measure named with "and" is still one measure
        ("Combined recycling and composting rate", 45, "percent",
         "the combined recycling and composting rate was 45 per cent"),
        # a list after a comma is no aside
        ("Household waste sent for reuse, recycling and composting", 45, "percent",
         "45 per cent of household waste was sent for reuse, recycling and composting"),
        # a plural possessor makes a compound, not an owner
        ("Children's social care assessments completed within 45 working days", 88, "percent",
         "88 per cent of children's social care assessments were completed within 45"),
    ],
)  # fmt: skip
def test_populations_and_measures(name: str, value: float, unit: str, stated: str) -> None:
    assert stated in one(name, value, unit)


@pytest.mark.parametrize(
    ("name", "value", "unit", "stated"),
    [
        # a verb with no passive: "who ceased", never "were ceased" or "no child ceased"
        ("Children ceased to be looked after", 12, "percent",
         "12 per cent of children ceased to be looked after"),
        ("Children ceased to be subject to a plan", 0, "count",
         "there was no child who ceased to be subject to a plan"),
        # a ratio is one figure, with its article
        ("Forecast savings delivered as a share of planned savings", 29.6, "percent",
         "that forecast savings delivered were 29.6 per cent of planned savings"),
        ("Homes not meeting the standard as a fraction of last quarter's", 0.25, "ratio",
         "the homes not meeting the standard as a fraction of last quarter's was 0.25"),
        # the article "A" in a Title Case name
        ("Children Subject To A Child Protection Plan", 302, "count",
         "there were 302 children subject to a Child Protection plan"),
    ],
)  # fmt: skip
def test_verbs_ratios_and_title_case_articles(
    name: str, value: float, unit: str, stated: str
) -> None:
    assert stated in one(name, value, unit)


def test_a_ratio_in_the_areas_for_focus_keeps_its_article() -> None:
    row = Indicator("Forecast savings delivered as a share of planned savings", 29.6, "percent",
                    target=90, polarity="higher")  # fmt: skip
    assert "in respect of the forecast savings delivered as a share of planned savings, which" in (
        text_of([row])
    )


def test_a_present_tense_clause_stays_with_its_population() -> None:
    # a minute is in the past tense: "87 per cent of referrals go onto ..." mixes tenses
    text = one("Referrals that go onto initial assessment", 87, "percent")
    assert "the proportion of referrals that go onto initial assessment was 87 per cent" in text
    assert "87 per cent of children received a visit" in one(
        "Children who received a visit", 87, "percent"
    )


@pytest.mark.parametrize(
    ("name", "unit", "stated"),
    [
        ("Customers are satisfied with the service", "percent",
         "42 per cent of customers were satisfied with the service"),
        ("Households are in temporary accommodation", "count",
         "there were 42 households in temporary accommodation"),
        ("Children have an up to date plan", "percent",
         "42 per cent of children had an up to date plan"),
        ("Children have an up to date plan", "count",
         "there were 42 children with an up to date plan"),
    ],
)  # fmt: skip
def test_a_name_that_is_a_sentence_is_restated_in_the_minutes_tense(
    name: str, unit: str, stated: str
) -> None:
    assert stated in one(name, 42, unit)


def test_a_survey_statement_is_quoted_not_made_a_population() -> None:
    text = one("Services have made me feel safe and secure", 42, "percent")
    assert "the figure for ‘Services have made me feel safe and secure’ was 42 per cent" in text
    # "our" is a council's own word, not a respondent's
    assert "there were 273 children in our care" in one("Children in our care", 273, "count")


# ---------------------------------------------------------------- names from performance systems


@pytest.mark.parametrize(
    ("name", "value", "unit", "stated"),
    [
        # Pentana and LG Inform add the department after a comma: stated "in" it, its capitals
        # kept, and the verb agrees with the measure, not with "Services"
        ("Forecast revenue budget pressures, Adults and Community Services", 1_200_000, "gbp",
         "forecast revenue budget pressures in Adults and Community Services were £1.2 million"),
        ("Forecast Outturn Variance, Children's Services", 450_000, "gbp",
         "the forecast outturn variance in Children's Services was £450,000"),
        # the department follows the population, never becomes its predicate
        ("Percentage of Visits Completed on Time, Children's Services", 88, "percent",
         "88 per cent of visits in Children's Services were completed on time"),
        ("Number of Complaints Received, Customer Services", 40, "count",
         "there were 40 complaints received in Customer Services"),
        # after a spaced dash too
        ("Sickness absence days per FTE - Corporate Resources", 9.2, "days",
         "the number of sickness absence days per FTE in Corporate Resources was 9.2 days"),
        # a list after the comma is no department
        ("Percentage of Household Waste Sent for Reuse, Recycling and Composting", 44.1, "percent",
         "44.1 per cent of household waste was sent for reuse, recycling and composting"),
    ],
)  # fmt: skip
def test_a_department_after_a_comma_is_where_the_measure_is(
    name: str, value: float, unit: str, stated: str
) -> None:
    text = one(name, value, unit)
    assert stated in text
    assert ", Adults" not in text and ", Children's" not in text


def test_a_department_reads_in_govuk_labels_and_back_through_extract() -> None:
    rows = [
        Indicator("Forecast Outturn Variance, Children's Services", -300_000, "gbp", row=1,
                  id="R1"),
        Indicator("Number of Complaints Received, Customer Services", 40, "count", row=2,
                  id="R2"),
    ]  # fmt: skip
    assert "- Forecast outturn variance in Children's Services: an underspend of £300,000." in (
        text_of(rows, "govuk")
    )
    house = text_of(rows)
    assert "the forecast outturn variance in Children's Services was an underspend of £300," in (
        house
    )
    read = {(f.indicator_id, f.value) for f in extract_figures(house, indicators=rows)}
    assert read == {("R1", -300_000), ("R2", 40)}


@pytest.mark.parametrize("style", ["house", "govuk"])
def test_a_negative_share_of_budget_is_an_underspend_and_reads_back_negative(style: str) -> None:
    rows = [
        Indicator("General Fund forecast variance as a share of net budget", -0.8, "percent",
                  previous=-0.3, row=1, id="R1"),
        # a negative overspend is an underspend; "as % of" is a share of the budget
        Indicator("Forecast overspend as % of net budget", -2.1, "percent", row=2, id="R2"),
    ]  # fmt: skip
    text = text_of(rows, style)
    assert "minus" not in text
    unit = " per cent" if style == "house" else "%"
    assert f"an underspend of 0.8{unit}" in text and f"an underspend of 2.1{unit}" in text
    assert f"compared with an underspend of 0.3{unit}" in text
    values = sorted(f.value for f in extract_figures(text, indicators=rows) if f.unit == "percent")
    assert values == [-2.1, -0.8, -0.3]


@pytest.mark.parametrize(
    ("name", "value", "unit", "stated", "absent"),
    [
        ("HS01 Number of households in temporary accommodation", 412, "count",
         "there were 412 households in temporary accommodation", "HS01"),
        ("PI 12 - % of calls answered within 20 seconds", 81, "percent",
         "81 per cent of calls were answered within 20 seconds", "PI 12"),
        ("ASC 1C(2a) Proportion of people who use services who receive direct payments", 28.4,
         "percent", "the proportion of people who use services who receive direct payments was",
         "1C(2a)"),
        ("NI 117 Young people who are NEET", 5.1, "percent",
         "the proportion of young people who are NEET was 5.1 per cent", "NI 117"),
    ],
)  # fmt: skip
def test_an_indicator_code_leading_the_name_is_not_read_out(
    name: str, value: float, unit: str, stated: str, absent: str
) -> None:
    text = one(name, value, unit)
    assert stated in text
    assert absent not in text.split("\n\n", 4)[-1]


@pytest.mark.parametrize(
    ("name", "value", "unit", "stated"),
    [
        # Title Case with a hyphenated word ("Re-let") and a bracketed unit is still Title Case
        ("Average Time to Re-let Local Authority Housing (Days)", 32, "days",
         "the average time to re-let local authority housing was 32 days"),
        ("Residual Household Waste per Household (kg)", 512, "other",
         "residual household waste per household (kg) was 512"),
        # a proper name with a possessive keeps its capitals
        ("Re-referrals to Children's Social Care Within 12 Months", 21.4, "percent",
         "re-referrals to Children's Social Care within 12 months was 21.4 per cent"),
        # a lone common noun capitalised by the table is lowered; a lone proper name is not
        ("Initial plans up to date within ten working days of a LAC Review", 76, "percent",
         "76 per cent of initial plans were up to date within ten working days of a LAC review"),
        ("Forecast underspend in the remainder of the Directorate", 61_000, "gbp",
         "the forecast underspend in the remainder of the directorate was £61,000"),
        ("Customer satisfaction with the Mears repairs service", 95.4, "percent",
         "customer satisfaction with the Mears repairs service was 95.4 per cent"),
        # a capitalised qualifier after a dash is an aside; a rate stays one figure
        ("Collection rate - Council Tax", 96.4, "percent",
         "the collection rate (Council Tax) was 96.4 per cent"),
    ],
)  # fmt: skip
def test_capitals_a_table_chose(name: str, value: float, unit: str, stated: str) -> None:
    text = one(name, value, unit)
    assert stated in text
    assert f"{value:g} per cent of collection" not in text


def test_a_preposition_in_ing_does_not_turn_a_population_into_a_place() -> None:
    # "during" is no verb: the children were not "in care with 3 or more placements"
    text = one("Percentage of children in care with 3 or more placements during the year", 9,
               "percent")  # fmt: skip
    assert "children were in care" not in text
    assert "children in care with 3 or more placements during the year was 9 per cent" in text


@pytest.mark.parametrize(
    ("name", "value", "unit", "stated", "absent"),
    [
        # "%" or "Percentage" with no "of" only says the figure is a percentage
        ("% Recycling Rate", 44, "percent", "the recycling rate was 44 per cent", "% recycling"),
        ("Percentage Rent Collected", 98.2, "percent", "98.2 per cent of rent was collected",
         "percentage rent"),
        # a rate of a plural is one figure, not a share and not "were 2.1"
        ("Delayed Transfers of Care Attributable to Social Care", 2.1, "rate",
         "the rate of delayed transfers of care attributable to social care was 2.1", "were 2.1"),
        # a share of one countable thing takes "the"; a plural, a material or staff reads bare
        ("Savings Target Achieved", 82, "percent", "82 per cent of the savings target was achieved",
         "of savings target"),
        ("Planning Appeals Allowed", 30, "percent", "30 per cent of planning appeals were allowed",
         "the planning appeals"),
        ("Staff who did not attend Occupational Health appointments", 8, "percent",
         "8 per cent of staff did not attend", "the staff"),
    ],
)  # fmt: skip
def test_share_words_rates_and_the_article_of_a_share(
    name: str, value: float, unit: str, stated: str, absent: str
) -> None:
    text = one(name, value, unit)
    assert stated in text
    assert absent not in text.split("\n\n", 4)[-1]


@pytest.mark.parametrize(
    ("name", "value", "unit", "stated"),
    [
        # whom a measure counts, after a comma, is stated "for" them
        ("Days lost, wholetime non-station based staff", 6.33, "days",
         "the number of days lost for wholetime non-station based staff was 6.33 days"),
        ("Sickness absence, support staff", 9.42, "days",
         "sickness absence for support staff was 9.42 days"),
        # a list after a comma is no population
        ("New education, health and care plans issued within 20 weeks", 60, "percent",
         "60 per cent of new education, health and care plans were issued within 20 weeks"),
        # "as at" a date does not make the date's "as" the head: one surplus, with its article
        ("Estimated Collection Fund (Council Tax) surplus as at 31 March 2015", 1_000_000, "gbp",
         "the estimated Collection Fund (Council Tax) surplus as at 31 March 2015 was £1 million"),
    ],
)  # fmt: skip
def test_a_population_after_a_comma_and_a_balance_as_at_a_date(
    name: str, value: float, unit: str, stated: str
) -> None:
    assert stated in one(name, value, unit)
