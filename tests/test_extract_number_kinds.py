"""Every kind of figure a minute can state is read through `extract_figures` with its value and
unit (issue 8), and every way the drafter writes a number reads back to the same value and unit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from minutegen.draft.numbers import UNIT_WORDS, Quantity, format_quantity, plain_number
from minutegen.extract.pipeline import extract_figures

PHRASEBANKS = Path(__file__).parent.parent / "phrasebanks"
STYLES = {
    name: yaml.safe_load((PHRASEBANKS / name / "phrases.yaml").read_text(encoding="utf-8"))[
        "numbers"
    ]
    for name in ("house", "govuk")
}


def read(text: str) -> list[tuple[str, float, str]]:
    return [(f.text, f.value, f.unit) for f in extract_figures(text)]


def check(text: str, expected: list[tuple[str, float, str]]) -> None:
    found = read(text)
    assert [(t, u) for t, _, u in found] == [(t, u) for t, _, u in expected], found
    assert [v for _, v, _ in found] == pytest.approx([v for _, v, _ in expected])


# ---- each kind, in sentences shaped like minutes ---------------------------------------------

KINDS = {
    "signs": [
        (
            "The forecast outturn was -£1.2m, an underspend.",
            [("-£1.2m", -1_200_000.0, "gbp")],
        ),
        (
            "Collection rates changed by minus 5 per cent against last year.",
            [("minus 5 per cent", -5.0, "percent")],
        ),
        ("The net movement on reserves was -1 for the quarter.", [("-1", -1.0, "count")]),
        (
            "Housing Revenue Account variance at year end: (£0.3m).",
            [("(£0.3m)", -300_000.0, "gbp")],
        ),
        (
            "The cost was higher than the Scottish average (£6.89).",
            [("£6.89", 6.89, "gbp")],
        ),
        ("Members noted a variance of £-250,000.", [("£-250,000", -250_000.0, "gbp")]),
        (
            # what a variance or outturn was: below budget, so negative (as draft writes it)
            "The forecast outturn was an underspend of £2.6m.",
            [("£2.6m", -2_600_000.0, "gbp")],
        ),
        (
            # an underspend named as such is its size
            "The forecast underspend of £2.6m was noted.",
            [("£2.6m", 2_600_000.0, "gbp")],
        ),
        (
            "Of the savings, 12.5% (£1.25m) came from care.",
            [("12.5%", 12.5, "percent"), ("£1.25m", 1_250_000.0, "gbp")],
        ),
    ],
    "ranges of money and circa": [
        (
            "Savings of £12k-£15k, £12k–15k or around £1-2m were forecast.",
            [
                ("£12k", 12_000.0, "gbp"),
                ("£15k", 15_000.0, "gbp"),
                ("£12k", 12_000.0, "gbp"),
                ("15k", 15_000.0, "gbp"),
                ("£1", 1_000_000.0, "gbp"),
                ("2m", 2_000_000.0, "gbp"),
            ],
        ),
        (
            "The gap is £1.2-1.5m, c.£2m of it in care, but fees stay at £5-10 each.",
            [
                ("£1.2", 1_200_000.0, "gbp"),
                ("1.5m", 1_500_000.0, "gbp"),
                ("£2m", 2_000_000.0, "gbp"),
                ("£5", 5.0, "gbp"),
                ("10", 10.0, "gbp"),
            ],
        ),
        (
            "A quarter of a million pounds was spent; the meeting lasted an hour and a quarter.",
            [
                ("A quarter of a million pounds", 250_000.0, "gbp"),
                ("an hour and a quarter", 1.25, "hours"),
            ],
        ),
    ],
    "scales without a pound sign": [
        (
            "The libraries recorded 2.35m visits this year.",
            [("2.35m visits", 2_350_000.0, "count")],
        ),
        ("The capital programme totals 1.2bn.", [("1.2bn", 1.2e9, "count")]),
        (
            "The contact centre took 3k calls and sent 2.33 k letters.",
            [("3k calls", 3000.0, "count"), ("2.33 k", 2330.0, "count")],
        ),
        ("The grant from the fund was €10M.", [("€10M", 1e7, "other")]),
    ],
    "spaced thousands": [
        (
            "Some 40 000 residents responded to the survey.",
            [("40 000 residents", 40_000.0, "count")],
        ),
        ("The scheme covers 1 200 000 people.", [("1 200 000 people", 1_200_000.0, "count")]),
        (
            "Income from fees was 1\u202f234\u202f567.89 against a budget of .95 of that.",
            [("1\u202f234\u202f567.89", 1_234_567.89, "count"), (".95", 0.95, "count")],
        ),
    ],
    "fractions and mixed numbers": [
        (
            "Waiting times fell by one and a half hours.",
            [("one and a half hours", 1.5, "hours")],
        ),
        (
            "Assessments took two and a half hours on average.",
            [("two and a half hours", 2.5, "hours")],
        ),
        (
            "Three quarters of tenants were satisfied.",
            [("Three quarters", 0.75, "other")],
        ),
        ("About 3/4 of staff completed the training.", [("3/4", 0.75, "other")]),
        ("Repairs took 2½ days.", [("2½ days", 2.5, "days")]),
        ("Cases are reviewed within a fortnight.", [("a fortnight", 2.0, "weeks")]),
        ("Visits took half a day on average.", [("half a day", 0.5, "days")]),
        (
            "Calls were answered within a quarter of an hour.",
            [("a quarter of an hour", 0.25, "hours")],
        ),
        ("A dozen complaints were upheld.", [("A dozen", 12.0, "count")]),
        (
            "Nearly half a million visits were made.",
            [("half a million visits", 500_000.0, "count")],
        ),
        (
            "Two ninths of the budget and twenty-three fifths of the target were spent.",
            [("Two ninths", 2 / 9, "other"), ("twenty-three fifths", 4.6, "other")],
        ),
        (
            "The scheme grew to one hundred and three quarters of its original size.",
            [("one hundred and three quarters", 100.75, "count")],
        ),
        (
            "The course runs for an 8- to 12-week programme.",
            [("8", 8.0, "weeks"), ("12-week", 12.0, "weeks")],
        ),
    ],
    "compound number words": [
        (
            "There were two thousand and two hundred contacts.",
            [("two thousand and two hundred contacts", 2200.0, "count")],
        ),
        (
            "A hundred and two households were rehoused.",
            [("A hundred and two households", 102.0, "count")],
        ),
        (
            "The scheme reached over 1,000 households and under 50 families.",
            [("1,000 households", 1000.0, "count"), ("50 families", 50.0, "count")],
        ),
        (
            "The national budget was three thousand millions, a millionth of it for us.",
            [("three thousand millions", 3e9, "count"), ("a millionth", 1e-6, "other")],
        ),
        (
            "The region has 3 million and a half residents, two million and three fifths in towns.",
            [
                ("3 million and a half residents", 3_500_000.0, "count"),
                ("two million and three fifths", 2_600_000.0, "count"),
            ],
        ),
        (
            "Nearly 1 in every 4 children and one-in-five adults waited ~300 days.",
            [
                ("1 in every 4", 0.25, "other"),
                ("one-in-five", 0.2, "other"),
                ("300 days", 300.0, "days"),
            ],
        ),
        (
            "The chance of a repeat inspection was one over twenty.",
            [("one over twenty", 0.05, "other")],
        ),
        (
            "Complaints rose by 5 over 3 years and were 1 over target.",
            [("5", 5.0, "count"), ("3 years", 3.0, "years"), ("1", 1.0, "count")],
        ),
        (
            "The transcript reads: calls rose by 1 point 5 per cent.",
            [("1 point 5 per cent", 1.5, "percent")],
        ),
        (
            "The export reads fifty - two cases and 3 hundred and 21 visits.",
            [("fifty - two cases", 52.0, "count"), ("3 hundred and 21 visits", 321.0, "count")],
        ),
    ],
    "zero on its own": [
        ("The number of outstanding returns was zero.", [("zero", 0.0, "count")]),
        ("Complaints upheld this quarter: nil.", [("nil", 0.0, "count")]),
        ("Arrears written off this year: naught.", [("naught", 0.0, "count")]),
    ],
    "other currencies and pence": [
        (
            "The contract was valued at $75 million.",
            [("$75 million", 75_000_000.0, "other")],
        ),
        (
            "Licences cost USD 200 and EUR 125 respectively.",
            [("USD 200", 200.0, "other"), ("EUR 125", 125.0, "other")],
        ),
        (
            "The scheme raised 20 euros per head.",
            [("20 euros", 20.0, "other")],
        ),
        ("The charge rose by 50 pence per visit.", [("50 pence", 0.5, "gbp")]),
        ("Each bag costs 10p.", [("10p", 0.1, "gbp")]),
        (
            "The twinning visit cost $20 and 43c a head, and £3 and 50p for the coach.",
            [("$20 and 43c", 20.43, "other"), ("£3 and 50p", 3.5, "gbp")],
        ),
        (
            "The partner city paid 42 Kuwaiti dinar, ringgit 42 and 42MYR for the licence.",
            [
                ("42 Kuwaiti dinar", 42.0, "other"),
                ("ringgit 42", 42.0, "other"),
                ("42MYR", 42.0, "other"),
            ],
        ),
        (
            "The sister city's tender came to $20 43.",
            [("$20 43", 20.43, "other")],
        ),
        (
            "Its partner paid twenty ringgit and 43; our fee was £20 and 43 households paid it.",
            [
                ("twenty ringgit and 43", 20.43, "other"),
                ("£20", 20.0, "gbp"),
                ("43 households", 43.0, "count"),
            ],
        ),
        (
            "The overseas partner reported 5 lakh rupees and 1 crore visitors.",
            [("5 lakh rupees", 500_000.0, "other"), ("1 crore", 10_000_000.0, "count")],
        ),
    ],
    "short time units": [
        (
            "Calls were answered within 1 hr, visits within 3 h.",
            [("1 hr", 1.0, "hours"), ("3 h", 3.0, "hours")],
        ),
        ("The average wait was 3 min.", [("3 min", 3.0, "other")]),
        (
            "Responses took an hour, and half an hour on weekends.",
            [("an hour", 1.0, "hours"), ("half an hour", 0.5, "hours")],
        ),
    ],
    "measures": [
        (
            "Members approved a 1.8m high fence and noted 2.35m visits.",
            [("1.8m", 1.8, "other"), ("2.35m visits", 2_350_000.0, "count")],
        ),
        (
            "Samples held 37.8 micrograms of lead within 5 yards of the road.",
            [("37.8 micrograms", 37.8, "other"), ("5 yards", 5.0, "other")],
        ),
    ],
    "fractions with a compound denominator": [
        (
            "Members noted the parish share was one twenty-fifth of the precept, and three "
            "twenty-fifths went to reserves.",
            [("one twenty-fifth", 0.04, "other"), ("three twenty-fifths", 0.12, "other")],
        ),
        ("Spend on the fund fell to a twentieth of the budget.", [("a twentieth", 0.05, "other")]),
    ],
    "signed fractions and ratios": [
        (
            "The forecast variance was minus a half, and the error rate negative one over 20.",
            [("minus a half", -0.5, "other"), ("negative one over 20", -0.05, "other")],
        ),
    ],
    "powers": [
        (
            "The model assumes growth of 1.1^2 and a loss factor of 2^-1.",
            [("1.1^2", 1.21, "count"), ("2^-1", 0.5, "count")],
        ),
        ("The new depot covers a 4km^2 site.", [("4km", 4.0, "other")]),
    ],
    "ranges with a currency sign at both ends": [
        (
            "Twinning costs came to $10-$20 a head and €15-€25 for the coach.",
            [
                ("$10", 10.0, "other"),
                ("$20", 20.0, "other"),
                ("€15", 15.0, "other"),
                ("€25", 25.0, "other"),
            ],
        ),
    ],
    "mixed numbers and fractions with a scale": [
        (
            "The scheme will save two and a half million pounds and 3 and a half thousand hours.",
            [
                ("two and a half million pounds", 2_500_000.0, "gbp"),
                ("3 and a half thousand hours", 3500.0, "hours"),
            ],
        ),
        (
            "The lottery paid out quarter of a million pounds.",
            [("quarter of a million pounds", 250_000.0, "gbp")],
        ),
        (
            "The partner city invested three hundred krores, and 4 dzs of trees were planted.",
            [("three hundred krores", 3e9, "count"), ("4 dzs", 48.0, "count")],
        ),
    ],
    "a quarter as a share": [
        (
            "The capital programme was cut by a quarter, and about a quarter of residents replied.",
            [("a quarter", 0.25, "other"), ("a quarter", 0.25, "other")],
        ),
    ],
    "hyphenated mixed numbers": [
        (
            "The hearing was a three-and-a-half-hour meeting.",
            [("three-and-a-half-hour", 3.5, "hours")],
        ),
    ],
    "a decimal said without its zero": [
        (
            "Council tax collection rose by point five per cent to 97%.",
            [("point five per cent", 0.5, "percent"), ("97%", 97.0, "percent")],
        ),
    ],
    "a number restated in brackets": [
        (
            "Forty-five (45) complaints were received, against three (4) last year.",
            [("Forty-five", 45.0, "count"), ("three", 3.0, "count"), ("4", 4.0, "count")],
        ),
    ],
    "a phrase of time after a sum is a rate's base": [
        (
            "Carers are paid £10 an hour, and visits took half an hour.",
            [("£10", 10.0, "gbp"), ("half an hour", 0.5, "hours")],
        ),
    ],
    "units glued to the number": [
        (
            "Members received 75ml samples from the 12MW plant and 5GHz routers at Rs20 each.",
            [
                ("75ml", 75.0, "other"),
                ("12MW", 12.0, "other"),
                ("5GHz", 5.0, "other"),
                ("Rs20", 20.0, "other"),
            ],
        ),
        ("Residents paid 10 quid a bag.", [("10 quid", 10.0, "gbp")]),
    ],
    "a sum's thousands comma followed by a stray space": [
        (
            "The housing account closed with a deficit of £1, 352,480 against the budget.",
            [("£1, 352,480", 1_352_480.0, "gbp")],
        ),
        (
            "Debts of £218, 406.17 were written off as irrecoverable.",
            [("£218, 406.17", 218_406.17, "gbp")],
        ),
        (
            # a list of sums is left alone: nothing after the comma has to go on the first
            "The charge rose by £5, 250 households appealed and £12 was refunded.",
            [("£5", 5.0, "gbp"), ("250 households", 250.0, "count"), ("£12", 12.0, "gbp")],
        ),
    ],
    "a sum's scale letter after a space": [
        (
            "Debts between £40 k and £200 k, and a gap of £2.7 m, were reported.",
            [
                ("£40 k", 40_000.0, "gbp"),
                ("£200 k", 200_000.0, "gbp"),
                ("£2.7 m", 2_700_000.0, "gbp"),
            ],
        ),
    ],
    "a count after 'this quarter' (not a quarter's number)": [
        (
            "Of the 40 key measures reported this quarter 29 (73%) met their target.",
            [("40", 40.0, "count"), ("29", 29.0, "count"), ("73%", 73.0, "percent")],
        ),
        (
            "The Quarter 2 position improved, and each month 120 calls went unanswered.",
            [("120 calls", 120.0, "count")],
        ),
    ],
    "glued forms": [
        ("Spending rose to1.4m this year.", [("1.4m", 1_400_000.0, "count")]),
        ("The trust raised 2mil for the appeal.", [("2mil", 2_000_000.0, "count")]),
        (
            "Of the indicators, 12(30%) were green.",
            [("12", 12.0, "count"), ("30%", 30.0, "percent")],
        ),
        (
            "Surveys returned: 2,320(77%).",
            [("2,320", 2320.0, "count"), ("77%", 77.0, "percent")],
        ),
    ],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(text, expected, id=kind)
        for kind, cases in KINDS.items()
        for text, expected in cases
    ],
)
def test_each_kind_of_figure_is_read_with_value_and_unit(
    text: str, expected: list[tuple[str, float, str]]
) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    "text",
    [
        "The Council has a zero tolerance approach and aims for net zero by 2030.",
        "Staff on zero-hours contracts were consulted.",
        "The 2020/21 accounts and the 2022-23 plan were noted at item 11/12.",
        "Performance in Quarter 3 and Covid-19 recovery were discussed.",
        "The meeting on 3/4 was quorate at 10am.",
        "One would expect improvement; they have had one completed.",
        "The first half of the year was difficult; a third time was proposed.",
        "The report was circulated once a fortnight and reviewed every hour.",
        "It was the second week running, and a third day of action was planned.",
        "Flat 12B and the pupils of Form 3h were visited.",
        "See paragraph 3.2 and NI 192.",
        "Pages 5 - 12 were noted.",
        "The Council must identify a buffer on its 5- year land supply.",
        "The fan zone for Euro 2024 was discussed in Flat 10c.",
        "The twenty-first century school was opened, and the borough ranked twenty-first.",
        "Performance over a quarter was poor.",
    ],
)
def test_what_is_not_a_figure_stays_out(text: str) -> None:
    assert read(text) == []


def test_a_hyphen_inside_a_range_or_code_is_no_sign() -> None:
    check(
        "Breastfeeding at 6-8 weeks; Covid-19 cases rose to 40.",
        [("6", 6.0, "weeks"), ("8 weeks", 8.0, "weeks"), ("40", 40.0, "count")],
    )


# ---- round trips: the drafter's writing read back ---------------------------------------------

_VALUES = st.decimals(
    min_value=-10_000_000, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False
).map(float)
_NOUNS = [("episode", "episodes"), ("household", "households"), ("referral", "referrals")]


def _drafted(value: float, unit: str, style: str, *, change: bool = False, noun=None) -> str:
    return format_quantity(Quantity(value, unit, noun, change=change), STYLES[style])


@settings(max_examples=60, deadline=None)
@given(
    value=_VALUES,
    unit=st.sampled_from(["percent", "gbp", "count", *UNIT_WORDS]),
    style=st.sampled_from(sorted(STYLES)),
    change=st.booleans(),
    noun=st.sampled_from(_NOUNS),
)
def test_every_drafted_number_reads_back_with_its_value_and_unit(
    value: float, unit: str, style: str, change: bool, noun: tuple[str, str]
) -> None:
    if unit == "percent":
        value = round(value / 100_000, 2)  # a percentage, not ten million per cent
    written = _drafted(
        value,
        unit,
        style,
        change=change and unit == "percent",
        noun=noun if unit == "count" else None,
    )
    figures = extract_figures(f"The performance report noted that the figure was {written}.")
    assert len(figures) == 1, (written, figures)
    (figure,) = figures
    assert figure.text == written
    assert figure.unit == unit
    assert figure.value == pytest.approx(value, abs=0.005)


@settings(max_examples=60, deadline=None)
@given(
    amount=st.decimals(min_value=-999, max_value=999, places=3).map(float),
    scale=st.sampled_from([("k", 1e3), ("m", 1e6), ("bn", 1e9), (" million", 1e6)]),
    sign_first=st.booleans(),
)
def test_pounds_with_a_scale_read_back(
    amount: float, scale: tuple[str, float], sign_first: bool
) -> None:
    # the drafter's number formatting with the scales minutes use: "£1.2m", "-£500k", "£3bn"
    written = "£" + plain_number(amount, decimals=3) + scale[0]
    if sign_first and amount < 0:
        written = "-£" + plain_number(-amount, decimals=3) + scale[0]
    figures = extract_figures(f"The forecast outturn was {written} at the year end.")
    assert [(f.text, f.unit) for f in figures] == [(written, "gbp")]
    assert figures[0].value == pytest.approx(amount * scale[1])


@settings(max_examples=60, deadline=None)
@given(n=st.integers(min_value=0, max_value=9_999_999))
def test_numbers_written_in_words_read_back(n: int) -> None:
    words = num2words(n, lang="en_GB")
    noun = "referral" if n == 1 else "referrals"
    figures = extract_figures(f"The service received {words} {noun} in the quarter.")
    assert [(f.text, f.value, f.unit) for f in figures] == [(f"{words} {noun}", n, "count")]


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_drafted_zero_count_reads_back_as_zero(style: str) -> None:
    figures = extract_figures("It was reported that there was no child placed out of area.")
    assert [(f.text, f.value, f.unit) for f in figures] == [("no child", 0.0, "count")]
    written = _drafted(0, "count", style, noun=("episode", "episodes"))
    assert [(f.value, f.unit) for f in extract_figures(f"There were {written}.")] == [
        (0.0, "count")
    ]


@settings(max_examples=60, deadline=None)
@given(n=st.integers(min_value=1_000, max_value=999_999_999), cents=st.integers(0, 99))
def test_spaced_thousands_read_back(n: int, cents: int) -> None:
    # "40 000", "1 234 567.89": thousands set apart by spaces, as some exports and PDFs write them
    written = f"{n:,}".replace(",", " ") + (f".{cents:02d}" if cents else "")
    figures = extract_figures(f"The survey reached {written} residents in the year.")
    assert [(f.text, f.unit) for f in figures] == [(f"{written} residents", "count")]
    assert figures[0].value == pytest.approx(n + cents / 100)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(min_value=1, max_value=99), unit=st.sampled_from(["hours", "days", "weeks"]))
def test_mixed_numbers_in_words_read_back(n: int, unit: str) -> None:
    # "two and a half hours", "twenty-one and a half days"
    written = f"{num2words(n, lang='en_GB')} and a half {unit}"
    figures = extract_figures(f"Assessments took {written} on average.")
    assert [(f.text, f.value, f.unit) for f in figures] == [(written, n + 0.5, unit)]


def test_a_scale_word_glued_to_its_sum_and_a_glued_circa_are_read() -> None:
    # real minutes write "£3.1Million", "£1.07million" and "c0.35%"; codes such as "c2" stay out
    assert read("The overspend was £3.1Million at year end.") == [("£3.1Million", 3_100_000, "gbp")]
    assert read("An underspend of £1.07million was reported.") == [
        ("£1.07million", 1_070_000, "gbp")
    ]
    assert [(v, u) for _, v, u in read("Net interest of c0.35% was earned.")] == [(0.35, "percent")]
    assert read("Actions c2 and C3 were closed.") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [("£8.3m", 8_300_000), ("2.35m visits", 2_350_000), ("£1.07million", 1_070_000),
     ("0.1bn", 100_000_000), ("£4.054 million", 4_054_000)],
)  # fmt: skip
def test_scaled_values_are_exact(text: str, value: int) -> None:
    """8.3 x 10^6 in binary is 8300000.000000001: a reader of the JSON, or a table join on
    the value, must see the number the minute states."""
    found = extract_figures(f"The figure was {text}.")
    assert [f.value for f in found] == [value]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("The percentage of repairs completed within 10 days was 77.8.", "percent"),
        ("The number of FTE days lost per employee due to sickness was 10.7.", "days"),
        ("Average days to re-let a property were 24.", "days"),
        ("The number of complaints was 45.", "count"),
    ],
)
def test_a_bare_result_takes_the_unit_its_subject_measures(text: str, unit: str) -> None:
    """SCHEMA: the unit comes from what is counted. A bare number after a copula is in the
    unit its clause's subject names, not in one a definition inside it names."""
    found = extract_figures(text)
    assert found[-1].unit == unit


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Performance was 85% against a target of 90.", "percent"),
        ("Sickness was 10.7 days, compared to 10.5 in 2014/15.", "days"),
        ("Attendance was 94% (target 95).", "percent"),
        ("Performance was 85%; 45 cases were seen against a target of 50.", "count"),
    ],
)
def test_a_bare_comparison_value_is_in_the_unit_it_is_compared_with(text: str, unit: str) -> None:
    """ "85% against a target of 90": the target is 90 per cent, not a count of 90."""
    assert extract_figures(text)[-1].unit == unit


@pytest.mark.parametrize(
    "text",
    [
        "Cabinet approved the approach shown in Appendix A, parts 1, 2 and 3.",
        "Chief Executive's Finance and Performance Monitor 3 was received.",
        "Performance in Quarters 1 & 2 was reported.",
    ],
)
def test_labels_and_lists_of_labels_are_not_figures(text: str) -> None:
    """SCHEMA: labels are not figures; a list after a label word ("parts 1, 2 and 3") goes
    on labelling."""
    assert extract_figures(text) == []


def test_a_count_after_a_label_and_a_comma_is_still_a_figure() -> None:
    assert [f.value for f in extract_figures("Under section 3, 45 cases were open.")] == [45]


@pytest.mark.parametrize(
    "text", ["Contact 01234 567890 for details.", "Ring 0800 123 456.", "Call 020 7946 0000."]
)
def test_telephone_numbers_are_not_figures(text: str) -> None:
    """No quantity is written with a leading 0; the groups that follow one go with it."""
    assert extract_figures(text) == []
    assert [f.value for f in extract_figures("There were 40 000 visits.")] == [40_000]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Absence was higher at 8.95, 10.80 and 9.42 days respectively.", "days"),
        ("Collection rates were 96.1, 97.2 and 98.0 per cent in the three years.", "percent"),
        ("Average waits were 6, 7, or 9 weeks across the three sites.", "weeks"),
    ],
)
def test_bare_numbers_listed_before_a_unit_share_it(text: str, unit: str) -> None:
    assert [u for _, _, u in read(text)][:3] == [unit] * 3


def test_two_numbers_joined_by_and_keep_their_own_units() -> None:
    # "45 and 12 months ago" is two figures, not a list: the first is not 45 months
    assert [u for _, _, u in read("The caseload was 45 and 12 months ago it was 60.")][:2] == [
        "count",
        "months",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "one" counts when a counted noun or a bracketed share follows it
        (
            "One project (5%) has been rated amber.",
            [("One project", 1, "count"), ("5%", 5, "percent")],
        ),
        (
            "Four (67%) performed on target and one (17%) below.",
            [
                ("Four", 4, "count"),
                ("67%", 67, "percent"),
                ("one", 1, "count"),
                ("17%", 17, "percent"),
            ],
        ),
        # "one" as a pronoun is still no figure
        ("Members had had one completed, as one would expect.", []),
    ],
)
def test_one_counts_with_a_counted_noun_or_its_share(text: str, expected: list) -> None:
    check(text, expected)
