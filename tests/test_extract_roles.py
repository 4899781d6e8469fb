"""Role cues on a blank pipeline: each sentence is the kind a clerk writes, each assertion
is what a researcher reading the extracted figures would check."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutegen.errors import InputError
from minutegen.extract.pipeline import extract_figures
from minutegen.extract.roles import load_role_rules


def roles(text: str) -> list[tuple[float, str, str]]:
    """(value, unit, role) of every figure in `text`."""
    return [(f.value, f.unit, f.role) for f in extract_figures(text)]


def role_of(text: str, value: float) -> str:
    found = [f.role for f in extract_figures(text) if f.value == value]
    assert found, f"no figure {value} in {text!r}"
    return found[0]


def test_actual_and_target() -> None:
    text = "Performance was 85 per cent against a target of 90 per cent."
    assert roles(text) == [(85, "percent", "actual"), (90, "percent", "target")]


def test_target_named_after_the_figure() -> None:
    text = "The 95% target for answering calls within a minute was not met."
    assert role_of(text, 95) == "target"


def test_threshold_is_a_target() -> None:
    text = "Re-referrals stood at 16 per cent, below the threshold of 20 per cent."
    assert role_of(text, 16) == "actual"
    assert role_of(text, 20) == "target"


def test_from_x_to_y() -> None:
    text = "Missing episodes fell when compared with last year (from 40 episodes to 25)."
    assert role_of(text, 40) == "previous"
    assert role_of(text, 25) == "actual"


def test_previous_year_in_brackets_and_improvement_on() -> None:
    text = (
        "Sickness absence was 7.1 days, an improvement on the 8.3 days for the same period "
        "in the previous year."
    )
    assert role_of(text, 7.1) == "actual"
    assert role_of(text, 8.3) == "previous"


def test_previous_after_a_month_and_year() -> None:
    text = "There were 240 children in care, up on the number in March 2022 (231)."
    assert role_of(text, 240) == "actual"
    assert role_of(text, 231) == "previous"


def test_benchmarks() -> None:
    text = (
        "The collection rate was 96.5%, above the Welsh average of 95.9%, and 12 per cent "
        "of plans were repeat plans against statistical neighbours at 14 per cent."
    )
    assert role_of(text, 95.9) == "benchmark"
    assert role_of(text, 14) == "benchmark"
    assert role_of(text, 96.5) == "actual"


def test_changes() -> None:
    assert role_of("There was an increase of 4.5% in contacts.", 4.5) == "change"
    assert role_of("Complaints had reduced by 12 over the quarter.", 12) == "change"
    assert role_of("Performance was 3% above the year end target.", 3) == "change"
    assert role_of("There were 300 fewer contacts than last year.", 300) == "change"


def test_parameters_in_definitions() -> None:
    text = "Assessments completed within 45 working days rose to 88 per cent."
    assert role_of(text, 45) == "parameter"
    assert role_of(text, 88) == "actual"
    text = "Children who had 3 or more placements in the last 12 months were 8 per cent."
    assert role_of(text, 3) == "parameter"
    assert role_of(text, 12) == "parameter"
    assert role_of(text, 8) == "actual"


def test_rate_base_and_hyphenated_duration_are_parameters() -> None:
    text = "Admissions were 420 per 100,000 population; the 8-week timescale was met."
    assert role_of(text, 100000) == "parameter"
    assert role_of(text, 8) == "parameter"


def test_counts_of_indicators_are_other() -> None:
    text = "Of the 24 indicators reported, 18 were on target and 6 were red."
    assert [r for _, _, r in roles(text)] == ["other", "other", "other"]


def test_counting_list_after_an_introduction() -> None:
    text = "Out of the 12 targets;\n\n  9 (75%) were on track\n  3 (25%) were on alert\n"
    assert {r for _, _, r in roles(text)} == {"other"}


@pytest.mark.parametrize(
    "text",
    [
        "Overall, performance of key projects is good, with nine (75%) of the projects rated "
        "as green or complete. Three projects (25%) are currently rated amber.",
        "Of the measures that could be reported, 36 (71%) had achieved or outperformed the "
        "target and a further 4 (8%) were below target but within tolerance.",
        "Of these, 29 out of 46 measures met or exceeded target and 6 out of 46 measures were "
        "slightly below target.",
        "The overall performance of the strategy's projects is good with 79% rated as "
        "complete or green, 14% rated as amber, and 7% rated as red.",
    ],
)
def test_tallies_of_indicators_by_status_are_other(text: str) -> None:
    """SCHEMA: counts of indicators, projects or measures by status, and their shares, say
    how a plan is going, not what any indicator reached, whatever stands between them."""
    assert {r for _, _, r in roles(text)} == {"other"}


def test_a_result_beside_a_tally_stays_a_result() -> None:
    """A share of a population ("85% of repairs") is a result even where the sentence also
    tallies indicators by status."""
    text = (
        "He reported that 85% of repairs were completed within target, and 20 of the 30 "
        "indicators were on target."
    )
    assert role_of(text, 85) == "actual"
    assert role_of(text, 20) == "other"
    assert role_of("The percentage of calls answered was 95%, above target.", 95) == "actual"


def test_money_is_other_unless_a_cue_says_otherwise() -> None:
    assert role_of("The new signage cost £25,000.", 25000) == "other"
    assert role_of("Arrears had reduced further to £1.5m.", 1500000) == "actual"


def test_rules_file_rejects_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text("rules:\n  - {role: target, phrase: 'target of', colour: red}\n")
    with pytest.raises(InputError, match="unknown rule key 'colour'; allowed keys: role"):
        load_role_rules(path)


def test_rules_file_rejects_unknown_role(tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text("rules:\n  - {role: goal, phrase: 'goal of'}\n")
    with pytest.raises(InputError, match="rule role 'goal' is not one of"):
        load_role_rules(path)


def test_place_among_others_is_a_benchmark() -> None:
    assert role_of("The council was third in the region for recycling.", 3) == "benchmark"


def test_number_set_aside_is_other() -> None:
    text = "There were 273 children in care, excluding unaccompanied asylum-seeking children (7)."
    assert role_of(text, 273) == "actual"
    assert role_of(text, 7) == "other"


def test_earlier_value_before_a_change_to() -> None:
    text = "At Quarter 1 we had reviewed 1,200 clients, and this had increased to 1,850."
    assert role_of(text, 1200) == "previous"
    assert role_of(text, 1850) == "actual"
    text = (
        "Obesity at reception was 9 per cent, however, in Year 6 it had increased to 21 per cent."
    )
    assert role_of(text, 9) == "actual"  # a contrast: another population, not an earlier value


def test_definition_goes_on_with_for() -> None:
    text = "Plans reviewed every six months for two cycles were 81 per cent up to date."
    assert role_of(text, 6) == "parameter"
    assert role_of(text, 2) == "parameter"
    assert role_of(text, 81) == "actual"


def test_coordination_does_not_cross_a_new_subject() -> None:
    text = "95% of fly-tips were cleared above the target of 90%, and 88% of graffiti was removed."
    assert role_of(text, 90) == "target"
    assert role_of(text, 88) == "actual"


def test_fallen_from_two_values_to_one() -> None:
    text = "Missed appointments had fallen from 8.8% and 9.5% in May and June to 0% in October."
    assert [r for _, _, r in roles(text)] == ["previous", "previous", "actual"]


def test_change_then_the_value_it_came_to() -> None:
    text = "Households in temporary accommodation rose by 14 to 212."
    assert role_of(text, 14) == "change"
    assert role_of(text, 212) == "actual"


def test_percentage_points_are_a_change() -> None:
    text = "Council tax collection was 83.2%, 0.4 percentage points below the same point last year."
    assert role_of(text, 83.2) == "actual"
    assert role_of(text, 0.4) == "change"


def test_a_dash_between_a_definition_and_its_value_is_not_a_range() -> None:
    text = "• Percentage of invoices paid within 30 days – 88.5% (target 95%)"
    assert [r for _, _, r in roles(text)] == ["parameter", "actual", "target"]


def test_a_short_cue_does_not_reach_over_another_figure() -> None:
    text = "Staff turnover was 14.2% compared with 11.9% across other district councils."
    assert role_of(text, 14.2) == "actual"
    assert role_of(text, 11.9) == "benchmark"


def test_previous_quarter() -> None:
    text = (
        "Invoices paid on time were 88.5%; performance had dipped from 93.1% in the last quarter."
    )
    assert role_of(text, 93.1) == "previous"


def test_value_labelled_with_an_earlier_year_and_named_comparators() -> None:
    assert role_of("The collection rate was 97.1% (2021/22: 96.5%).", 96.5) == "previous"
    text = "Repeat referrals were 21% (England 22.7%, statistical neighbours 23.4%)."
    assert [r for _, _, r in roles(text)] == ["actual", "benchmark", "benchmark"]


def test_money_compared_with_a_target_is_an_indicators_value() -> None:
    text = "Grant spend was £312,450, below the target of £322,450."
    assert role_of(text, 312450) == "actual"
    assert role_of(text, 322450) == "target"


def test_a_hedged_duration_is_a_result_not_the_bound_of_a_definition() -> None:
    # "over 28 days" bounds what an indicator counts; "just over 32.5 days" is where it stood
    assert role_of("Average days to re-let were just over 32.5 days in the quarter.", 32.5) == (
        "actual"
    )
    assert role_of("Cases open over 28 days fell to 12.", 28) == "parameter"


@pytest.mark.parametrize(
    ("text", "value", "role"),
    [
        ("Complaints had increased by nearly 6% this year.", 6, "change"),
        ("Sickness absence rose by around 2 days per employee.", 2, "change"),
        ("The target of just over 90% was missed.", 90, "target"),
        ("Previously around 300 households were in temporary accommodation.", 300, "previous"),
    ],
)
def test_a_cue_reaches_its_number_across_a_hedge(text: str, value: float, role: str) -> None:
    """'by nearly 6%': the hedge is part of how the figure is worded, not a gap that cuts
    the cue off from its number."""
    assert role_of(text, value) == role


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("In March the figure had been 2,118.", 2118),
        ("The rate, which had previously been 45%, is now 52%.", 45),
        ("The variance was £1.1m, an improvement on the period 7 variance of £2.0m.", 2.0e6),
        ("The overspend was £8.6m, up from the Quarter 1 reported position of £8.3m.", 8.3e6),
    ],
)
def test_earlier_values_marked_by_time_or_a_named_position(text: str, value: float) -> None:
    """SCHEMA: an earlier value marked by time ("had been", "previously") or named as an
    earlier position is `previous`, not the result."""
    assert role_of(text, value) == "previous"


def test_had_been_of_a_count_of_events_stays_a_result() -> None:
    assert role_of("There had been 45 incidents in the quarter.", 45) == "actual"


def test_a_goal_that_moved_from_one_value_to_another_is_two_targets() -> None:
    """'the target was revised from 90% to 95%': a goal changed, nothing was reached; a
    result that moved against its target is still previous and actual."""
    assert [r for _, _, r in roles("The target was revised from 90% to 95%.")] == [
        "target",
        "target",
    ]
    text = "Cabinet approves the target change for HR2 from 5.5 days to 6.5 days per year."
    assert [r for _, _, r in roles(text)] == ["target", "target"]
    moved = "Performance against target improved from 80% to 85%."
    assert [r for _, _, r in roles(moved)] == ["previous", "actual"]


@pytest.mark.parametrize(
    "text",
    [
        "The Council would overspend its budget by £1.3m.",
        "The Housing Revenue Account forecast underspend of (£0.7m) was noted.",
        "Members noted the revised funding gap of £153.4m.",
    ],
)
def test_the_sums_of_a_budget_position_are_results(text: str) -> None:
    assert [r for _, _, r in roles(text)] == ["actual"]


def test_a_budgeted_rate_is_a_target() -> None:
    text = "The average return was 0.75% against a budgeted return of 1.5%."
    assert [r for _, _, r in roles(text)] == ["actual", "target"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The abandonment rate was 9%, and the manager acknowledged this was unacceptable.", 9),
        ("The percentage of children in care was 77%.", 77),
        ("Delayed discharges remain a significant issue, with 68 patients delayed in March.", 68),
    ],
)
def test_a_measured_subject_or_result_construction_makes_the_result(
    text: str, value: float
) -> None:
    """Evidence that a figure is the value an indicator reached (issue 7): the clause's
    measured subject with a copula, or "with N X delayed"; a rule, not the model's guess."""
    assert role_of(text, value) == "actual"


def test_last_years_figure_is_the_earlier_value() -> None:
    assert role_of("Last year's figure was 45%.", 45) == "previous"
    assert role_of("The meeting was attended by 12 members, with 3 apologies.", 3) == "other"


def test_the_forecast_of_a_variance_is_the_result() -> None:
    """Budget monitoring reports the forecast overspend: "a forecast of a £0.4M overspend"
    is the result; "against a forecast of £1.5m" is still the goal."""
    text = "Cabinet notes the current forecast of a £0.4M overspend on the Housing Revenue Account."
    assert roles(text) == [(400_000, "gbp", "actual")]
    assert role_of("Spend was £1.2m against a forecast of £1.5m.", 1_500_000) == "target"
    text = "It was £1.2m, compared to the £0.65m overspend forecast in the previous report."
    assert role_of(text, 650_000) == "previous"
    text = "Unitary Authorities lost 10.22 days compared to 7.54 days in District Councils."
    assert role_of(text, 7.54) == "benchmark"


def test_a_recorded_vote_is_not_a_result() -> None:
    text = "The motion was carried: For 8, Against 2, Abstentions 1."
    assert {r for _, _, r in roles(text)} == {"other"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "The savings achieved in year to date total £446k with a further £283k in progress.",
            283e3,
        ),
        ("The scheme would divert a further 2,500 tonnes from landfill each year.", 2500),
    ],
)
def test_a_further_amount_is_another_amount_not_a_change(text: str, value: float) -> None:
    # "a further" adds an amount beside one already stated; it is no difference of two values
    assert [r for v, _, r in roles(text) if v == value] == ["other"]


@pytest.mark.parametrize(
    ("text", "value", "role"),
    [
        # a planned rate whose name runs on ("rate of return") before its own "of"
        ("The average return was 0.75% against a budgeted rate of return of 1.5%.", 1.5, "target"),
        # an earlier value "as opposed to" the result, marked only by its period
        ("Performance was 6.33 days lost as opposed to 9.95 in 2016/17.", 9.95, "previous"),
    ],
)
def test_comparisons_written_out(text: str, value: float, role: str) -> None:
    assert [r for v, _, r in roles(text) if v == value] == [role]


def test_a_sentence_run_on_without_its_space_still_gives_its_figure() -> None:
    # stored web pages lose line breaks: "1.5%.Investment activity ..."
    text = "A budgeted rate of return of 1.5%.Investment activity from April was also noted."
    assert [(v, u) for v, u, _ in roles(text)] == [(1.5, "percent")]
    text = "The overspend was £2m.The year end forecast is £2.5bn.Members noted £300k.Then"
    assert [(v, u) for v, u, _ in roles(text)] == [(2e6, "gbp"), (2.5e9, "gbp"), (3e5, "gbp")]


def test_a_part_of_a_total_just_stated_is_a_result() -> None:
    # SCHEMA: a breakdown of an indicator's population is actual, whatever the model weighs
    text = (
        "There were 50 households in temporary accommodation; of the total, 2 were stage 1 "
        "households; 3 were stage 2 households; and 4 were high risk households."
    )
    assert [(v, r) for v, _, r in roles(text)] == [
        (50, "actual"), (2, "actual"), (3, "actual"), (4, "actual"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("If the contingency is released then this results in an overspend of £1.2m.", 1.2e6),
        ("Unless further savings are found the year would end with a deficit of £640k.", 6.4e5),
        ("The tonnage, if sustained, would raise the recycling rate from 41% to 46%.", 46),
    ],
)
def test_a_result_on_a_condition_is_not_a_value_reached(text: str, value: float) -> None:
    # SCHEMA: a figure is actual only when it is the value an indicator reached
    assert role_of(text, value) == "other"


def test_a_condition_keeps_other_roles_and_a_question_stays_a_result() -> None:
    text = "The tonnage, if sustained, would raise the recycling rate from 41% to 46%."
    assert role_of(text, 41) == "previous"
    text = "Councillor Reid asked if the 87% of calls answered included the weekend."
    assert role_of(text, 87) == "actual"
    text = "The overspend was £2.1m. If reserves are used the position will be balanced."
    assert role_of(text, 2.1e6) == "actual"


def test_a_change_made_to_a_budget_is_a_decision_not_a_movement() -> None:
    text = (
        "Cabinet approved the £4.1 million increase to the capital programme, made up of "
        "£3.2m for the town centre scheme and £0.9m for the library."
    )
    assert [(v, r) for v, _, r in roles(text)] == [
        (4.1e6, "other"), (3.2e6, "other"), (0.9e6, "other"),
    ]  # fmt: skip
    text = "A capital budget increase of £1.35m for the flood alleviation scheme was approved."
    assert role_of(text, 1.35e6) == "other"
    # a movement in a result stays a change
    text = "The forecast overspend was £2.1m, an increase of £0.4m on the previous quarter."
    assert [(v, r) for v, _, r in roles(text)] == [(2.1e6, "actual"), (0.4e6, "change")]


def test_an_earlier_value_in_brackets_is_read_from_its_period() -> None:
    # SCHEMA: earlier values marked by time rather than by a comparison word are previous
    text = "The forecast overspend is £0.6m (£1.3m in August) and the position is improving."
    assert [(v, r) for v, _, r in roles(text)] == [(0.6e6, "actual"), (1.3e6, "previous")]
    text = "The average return on investments was 0.77% (0.73% 2019-20)."
    assert [(v, r) for v, _, r in roles(text)] == [(0.77, "actual"), (0.73, "previous")]
    # a share of another unit, or a part of the sum without a period, is no earlier value
    text = "The overspend was £2.1m (3%) in Adults, and borrowing £463m (£371m for housing)."
    assert role_of(text, 3) != "previous"
    assert role_of(text, 371e6) != "previous"


def test_a_condition_ends_with_its_list_item() -> None:
    text = (
        "Members noted that if funding is agreed the scheme will start; 91% of calls were answered."
    )
    assert role_of(text, 91) == "actual"
    text = "If funding is agreed the scheme will start\n\n91% of calls were answered in time"
    assert role_of(text, 91) == "actual"
