"""The pure parts of drafting: content decisions, number realisation, phrase choice,
aggregation and abbreviation, plus a hypothesis check over random tables."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutegen.draft import draft_minute, render_minute
from minutegen.draft.content import classify, plan_content
from minutegen.draft.numbers import Quantity, format_quantity, plain_number
from minutegen.draft.phrasing import expansion, fill, join_list
from minutegen.draft.style import Chooser, load_style
from minutegen.errors import InputError
from minutegen.model import UNITS, Indicator, Meeting

HOUSE = {"percent": "{n} per cent", "gbp_million": "£{n} million", "decimals": 2}
GOVUK = {"percent": "{n}%", "gbp_million": "£{n}m", "decimals": 2}


@pytest.mark.parametrize(
    ("value", "text"),
    [(91.6, "91.6"), (18.0, "18"), (1234567.891, "1,234,567.89"), (-3.5, "-3.5"),
     (0.0, "0"), (1000, "1,000"), (2.10, "2.1"), (-0.001, "0")],
)  # fmt: skip
def test_plain_numbers_have_separators_and_no_trailing_zeros(value: float, text: str):
    assert plain_number(value) == text


@settings(max_examples=400, deadline=None)
@given(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
    st.integers(0, 4),
)
def test_plain_numbers_round_the_figure_as_typed_half_to_even(value: float, decimals: int):
    """Every figure reads as its typed digits rounded half-to-even (2.675 -> 2.68, not the
    binary 2.67), whichever path plain_number takes: what a table said is what is written."""
    from decimal import ROUND_HALF_EVEN, Decimal

    exact = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_EVEN)
    text = plain_number(value, decimals=decimals, separator="")
    assert Decimal(text) == exact
    assert not text.startswith("-0") or exact != 0
    assert plain_number(value, decimals=decimals).replace(",", "") == text


def test_figures_are_written_in_the_style_of_the_house():
    assert format_quantity(Quantity(91.6, "percent"), HOUSE) == "91.6 per cent"
    assert format_quantity(Quantity(91.6, "percent"), GOVUK) == "91.6%"
    assert format_quantity(Quantity(1_240_000, "gbp"), HOUSE) == "£1.24 million"
    assert format_quantity(Quantity(1_240_000, "gbp"), GOVUK) == "£1.24m"
    assert format_quantity(Quantity(312_450, "gbp"), GOVUK) == "£312,450"
    assert format_quantity(Quantity(1, "days"), HOUSE) == "1 day"
    assert format_quantity(Quantity(32.5, "days"), HOUSE) == "32.5 days"
    assert format_quantity(Quantity(18, "count", ("episode", "episodes")), HOUSE) == "18 episodes"
    points = Quantity(4.4, "percent", change=True)
    assert format_quantity(points, {"percent_change": "{n} percentage points"}) == (
        "4.4 percentage points"
    )


def ind(**fields: object) -> Indicator:
    base: dict[str, object] = {"name": "Rent collected", "value": 90.0, "unit": "percent"}
    base.update(fields)
    return Indicator(**base)  # type: ignore[arg-type]


def test_a_clerks_override_beats_the_status_which_beats_the_target():
    assert classify(ind(target=95, polarity="higher")).classification == "focus"
    assert classify(ind(target=95, polarity="higher", status="green")).classification == (
        "highlight"
    )
    over = ind(target=95, polarity="higher", status="green", classification="neutral")
    assert classify(over).classification == "neutral"
    assert classify(over).reason == "override"


def test_target_then_change_then_benchmark_decide_with_the_polarity():
    assert classify(ind(target=10, polarity="lower", value=7.2)).classification == "highlight"
    assert classify(ind(target=90, polarity="higher")).classification == "highlight"  # met
    assert classify(ind(previous=95, polarity="higher")).classification == "focus"
    assert classify(ind(previous=95, polarity="lower")).classification == "highlight"
    assert classify(ind(benchmark=80, polarity="higher")).reason == "benchmark"
    assert classify(ind(target=95, polarity="neutral")).classification == "neutral"
    assert classify(ind(target=95)).classification == "neutral"  # polarity unknown


def test_annual_indicators_without_a_value_are_set_apart():
    plan = plan_content(
        [ind(), ind(name="Satisfaction", value=None, frequency="Annual")], Meeting()
    )
    assert [i.name for i in plan.annual] == ["Satisfaction"]
    assert len(plan.neutral) == 1


def test_seed_zero_takes_the_first_variant_and_sequences_cycle():
    assert Chooser(0).pick(["a", "b", "c"]) == "a"
    chooser = Chooser(0)
    cycle = {"sequence": ["a", "b"]}
    assert [chooser.pick(cycle) for _ in range(3)] == ["a", "b", "a"]
    picks = {Chooser(seed).pick(["a", "b", "c"]) for seed in range(1, 20)}
    assert picks == {"a", "b", "c"}
    assert Chooser(5).pick(["a", "b", "c"]) == Chooser(5).pick(["a", "b", "c"])


def test_lists_aggregate_the_way_minutes_do():
    listing = {"separator": "; ", "last": "; and ", "pair": " and "}
    assert join_list([["a"], ["b"], ["c"]], listing) == ["a; b; and c"]
    assert join_list([["a"], ["b"]], listing) == ["a and b"]


def test_a_phrase_with_an_unknown_slot_names_it():
    with pytest.raises(InputError, match=r"unknown slot \{valeu\}"):
        fill("was {valeu}", {"value": "1"})


def test_abbreviations_expand_the_capitalised_words_they_stand_for():
    assert expansion("children with a Child Protection Plan", "CP") == "Child Protection"
    assert expansion("Initial Child Protection Conferences held", "ICPC") == (
        "Initial Child Protection Conferences"
    )
    assert expansion("Anti-social behaviour cases", "ASB") is None


def test_long_names_are_abbreviated_on_second_mention():
    minute = draft_minute(
        [
            ind(name="Children with a Child Protection Plan seen", value=100, status="green"),
            ind(name="Child Protection visits on time", value=89.4, status="green"),
            ind(name="Initial Child Protection Conferences on time", value=91.6, status="green"),
        ],
        Meeting(),
    )
    text = render_minute(minute, "text")
    assert isinstance(text, str)
    # "Plan" and "Initial ... Conferences" are common words a table capitalises: lowered, so
    # the full form stands alone and is abbreviated on its second mention too
    assert "children with a Child Protection (CP) plan were seen" in text
    # two shares with one predicate are merged, each keeping its figure
    assert "89.4 per cent of CP visits and 91.6 per cent of initial" in text
    assert "initial CP conferences were on time" in text


def test_builtin_styles_load_and_an_unknown_one_is_refused():
    assert load_style("house").phrases["numbers"]["percent"] == "{n} per cent"
    with pytest.raises(InputError, match="available styles: govuk, house"):
        load_style("nonesuch")


# ---------------------------------------------------------------- properties

names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1
).filter(lambda s: s.strip() != "")
numbers = st.integers(min_value=-(10**7), max_value=10**9).map(lambda n: n / 100)
indicators = st.builds(
    Indicator,
    name=names,
    value=st.one_of(st.none(), numbers),
    unit=st.sampled_from([*UNITS, None]),
    previous=st.one_of(st.none(), numbers),
    target=st.one_of(st.none(), numbers),
    benchmark=st.one_of(st.none(), numbers),
    polarity=st.sampled_from(["higher", "lower", "neutral", None]),
    status=st.sampled_from(["green", "amber", "red", None]),
    frequency=st.sampled_from(["annual", "quarterly", None]),
    note=st.one_of(st.none(), names),
    classification=st.sampled_from(["highlight", "focus", "neutral", None]),
    abbreviation=st.sampled_from([None, "CP", "X"]),
)


def written(value: float, unit: str | None) -> str:
    """How a value must appear: money in millions only where that is exact to 3 places; a
    negative figure as "minus" and its size."""
    if value < 0:
        size = written(-value, unit)
        return f"minus £{size}" if unit == "gbp" else f"minus {size}"
    if unit == "gbp":
        millions = round(value / 1_000_000, 9)
        if abs(value) >= 1_000_000 and millions == round(millions, 3):
            return plain_number(millions, decimals=3)
        pounds = plain_number(value)
        return pounds + "0" if "." in pounds and len(pounds.partition(".")[2]) == 1 else pounds
    return plain_number(value)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(indicators, min_size=1, max_size=8), style=st.sampled_from(["house", "govuk"]),
       seed=st.integers(min_value=0, max_value=5))  # fmt: skip
def test_drafting_any_table_never_crashes_and_states_every_value(
    rows: list[Indicator], style: str, seed: int
):
    rows = [Indicator(**{**r.to_dict(), "row": n}) for n, r in enumerate(rows, start=1)]
    minute = draft_minute(rows, Meeting(), style=style, seed=seed)
    for fmt in ("text", "markdown", "html"):
        assert isinstance(render_minute(minute, fmt), str)
    stated: dict[int, dict[str, float]] = {}
    for record in minute.provenance():
        for item in record["indicators"]:
            stated[item["row"]] = item["values"]
            for role, value in item["values"].items():
                text = record["text"]
                if value == 0 and role == "actual":
                    assert "no " in text or "none" in text.lower() or "0" in text
                else:
                    assert written(value, rows[item["row"] - 1].unit) in text, (role, value)
    for row in rows:
        if row.value is None and (row.frequency == "annual") and not row.classification:
            continue
        assert row.row in stated
        expected = {"actual": row.value, "previous": row.previous, "target": row.target,
                    "benchmark": row.benchmark}  # fmt: skip
        if row.value is None:
            assert stated[row.row] == {}
        else:
            assert stated[row.row] == {k: v for k, v in expected.items() if v is not None}


def test_an_indicator_reported_for_a_different_worded_period_says_so():
    rows = [
        ind(name="Re-referrals within 12 months", value=22.4, period="year to date", status="red"),
        ind(name="Rent collected", value=99.0, period="Q2 2020/21", status="green"),
    ]
    text = render_minute(draft_minute(rows, Meeting(period="Quarter 2 2020/21")), "text")
    assert "22.4 per cent of re-referrals within 12 months (year to date)" in text
    assert "(Q2 2020/21)" not in text  # periods written with digits are never added


def test_members_comments_are_listed_after_one_members():
    comments = ("Members asked about arrears.", "welcomed the new repairs contract")
    text = render_minute(draft_minute([ind()], Meeting(comments=comments)), "text")
    assert "Members asked about arrears; and welcomed the new repairs contract." in text


def test_money_in_millions_never_hides_the_value() -> None:
    """£1,325,400 is not '£1.33 million': the prose must state the data, not a rounding."""
    from minutegen.draft.numbers import Quantity, format_quantity

    house = {"gbp_million": "£{n} million", "gbp": "£{n}"}
    assert format_quantity(Quantity(1_240_000, "gbp"), house) == "£1.24 million"
    assert format_quantity(Quantity(1_325_000, "gbp"), house) == "£1.325 million"
    assert format_quantity(Quantity(1_325_400, "gbp"), house) == "£1,325,400"
    assert format_quantity(Quantity(1_196_391.3, "gbp"), house) == "£1,196,391.30"


def test_large_figures_round_as_clerks_write_them_only_when_the_style_asks() -> None:
    rounding = {**HOUSE, "round_from": 10_000, "round_significant": 2}
    visits = Quantity(1_436_250, "count", ("visit", "visits"))
    assert format_quantity(visits, rounding) == "1.4 million visits"
    assert format_quantity(Quantity(23_456, "count"), rounding) == "23,000"
    assert format_quantity(Quantity(1_240_000, "gbp"), rounding) == "£1.2 million"
    assert format_quantity(Quantity(9_876, "count"), rounding) == "9,876"  # under round_from
    assert format_quantity(Quantity(91.64, "percent"), rounding) == "91.64 per cent"
    assert format_quantity(visits, HOUSE) == "1,436,250 visits"  # off by default: exact
