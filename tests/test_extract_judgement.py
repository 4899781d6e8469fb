"""How a minute's wording judges a figure, and which counts are context: sentences of the kind
clerks write for services beyond social care (fire, police, highways, regulatory, contact
centres); each assertion is what a reader of the extracted figures would check."""

from __future__ import annotations

from minutegen.extract import decide
from minutegen.extract.pipeline import extract_figures


def rules_figure(text: str, value: float) -> tuple[str, str | None, str]:
    """(role, assessment, unit) as the rules alone read them: what the trained model is given
    as evidence. Used where the corpus's annotators and the rules part ways on a bare
    wording, so the model may weigh it down; the rule itself must still find it."""
    with decide.using(role=None, assessment=None):
        return figure(text, value)


def figure(text: str, value: float) -> tuple[str, str | None, str]:
    """(role, assessment, unit) of the first figure worth `value` in `text`."""
    found = [(f.role, f.assessment, f.unit) for f in extract_figures(text) if f.value == value]
    assert found, f"no figure {value} in {text!r}"
    return found[0]


def test_fewer_crimes_is_good_news() -> None:
    text = "Total recorded crime had fallen by 6.2% to 58,340 offences."
    assert figure(text, 58340)[:2] == ("actual", "positive")


def test_more_fires_is_bad_news() -> None:
    text = "Accidental dwelling fires had risen to 96, compared with 81 in the same quarter."
    assert figure(text, 96)[:2] == ("actual", "negative")


def test_abandoned_calls_above_target_are_a_concern() -> None:
    text = "The call abandonment rate was 14.2%, well above the target of 8%."
    assert figure(text, 14.2)[:2] == ("actual", "negative")


def test_roads_needing_repair_rising_is_a_concern() -> None:
    text = "Members noted that 19% of unclassified roads were in need of maintenance, up from 16%."
    assert figure(text, 19)[1] == "negative"


def test_a_judging_word_outweighs_unchanged() -> None:
    text = (
        "The proportion of principal roads where maintenance should be considered was 4%, "
        "unchanged from last year and better than the national average of 5%."
    )
    assert figure(text, 4)[1] == "positive"


def test_unchanged_alone_is_neutral() -> None:
    text = "The proportion of principal roads in need of maintenance was 4%, unchanged."
    assert figure(text, 4)[1] == "neutral"


def test_a_judgement_after_a_full_stop_belongs_to_the_next_sentence() -> None:
    # a lower-case start defeats the sentence splitter; the full stop still separates
    text = (
        "The percentage of children in a family setting has remained stable at 77%. "
        "placement stability is an area of focus for the teams."
    )
    assert figure(text, 77)[1] == "neutral"


def test_disappointing_and_unacceptable_are_concerns() -> None:
    one = "The inspection completion rate was 87.6%, which officers said was disappointing."
    two = "The abandonment rate was 9%, and the manager acknowledged that this was unacceptable."
    assert figure(one, 87.6)[1] == "negative"
    assert figure(two, 9)[1] == "negative"


def test_unacceptable_inside_an_indicator_name_does_not_judge() -> None:
    text = "Streets with unacceptable levels of litter: 4% against a target of 6% (Green)."
    assert figure(text, 4)[1] == "positive"


def test_a_scheme_called_a_challenge_is_not_a_concern() -> None:
    text = (
        "Members congratulated staff on the summer reading challenge, in which 3,150 children "
        "took part, the highest number since 2019."
    )
    assert figure(text, 3150)[1] != "negative"


def test_an_overspend_is_a_pressure() -> None:
    # the real minutes' annotators judge a bare overspend by the words around it, mostly
    # neutral, so the model weighs this rule's finding rather than obeying it
    text = "The Director reported that agency spend was £1.27m, £310k over budget."
    assert rules_figure(text, 1270000)[1] == "negative"
    assert figure(text, 1270000)[0] == "actual"


def test_counts_in_an_officers_answer_are_context() -> None:
    text = (
        "In response to a question, the Area Manager replied that 41 applicants had come "
        "forward, and the Committee was told that 6 new advisers would start in July."
    )
    assert figure(text, 41)[0] == "other"
    assert figure(text, 6)[0] == "other"


def test_a_result_the_committee_was_advised_of_stays_a_result() -> None:
    text = "The Committee was advised that 45 people were currently waiting for an assessment."
    assert figure(text, 45)[0] == "actual"


def test_a_part_counted_out_of_a_whole_is_context_but_none_is_a_result() -> None:
    text = "The Area Manager said 14 of the fires had involved heaters or candles."
    assert figure(text, 14)[0] == "other"
    none = "None of the directorates had met the sickness target."
    assert figure(none, 0)[0] == "actual"


def test_counts_of_staff_and_posts_are_context() -> None:
    text = (
        "The abandonment rate was 14.2%; the service had been carrying 9 vacancies and "
        "23 on-call firefighters had left during the year."
    )
    assert figure(text, 9)[0] == "other"
    assert figure(text, 23)[0] == "other"
    assert figure(text, 14.2)[0] == "actual"


def test_a_rating_band_is_a_parameter_score() -> None:
    text = "87.5% of food businesses were rated 4 or 5 under the Food Hygiene Rating Scheme."
    assert figure(text, 4)[0::2] == ("parameter", "score")
    assert figure(text, 5)[0::2] == ("parameter", "score")
    assert figure(text, 87.5)[0] == "actual"


def test_numbered_resolutions_are_not_figures() -> None:
    text = (
        "Category 1 defects made safe within 24 hours: 96.8%.\n\n"
        "RESOLVED - (1) That the report be noted. (2) That a further report be brought back."
    )
    values = [f.value for f in extract_figures(text)]
    assert 1 not in values and 2 not in values
    assert 96.8 in values


def test_up_before_a_change_says_the_figure_rose() -> None:
    # rose, so good where higher is assumed better; the model may hold back when the
    # indicator's polarity is unknown (issue 7: unknown polarity is not higher-is-better)
    text = "Garden waste customers: 18,900, up 2.3% on last year."
    assert rules_figure(text, 18900)[:2] == ("actual", "positive")
    assert figure(text, 18900)[0] == "actual"
    assert figure(text, 2.3)[0] == "change"
    welcomed = "Garden waste customers: 18,900, up 2.3% on last year, which was welcomed."
    assert figure(welcomed, 18900)[:2] == ("actual", "positive")


def test_up_elsewhere_says_nothing() -> None:
    text = "A new team was set up and 412 visits were completed in the quarter."
    assert figure(text, 412)[1] == "neutral"


def test_members_reaction_in_the_next_sentence_judges_the_figures() -> None:
    text = (
        "The number of people awaiting a financial assessment was 640. "
        "Members sought assurance that the backlog would be cleared."
    )
    assert figure(text, 640)[1] == "negative"
    welcomed = "Library visits totalled 412,000 in the year. The Committee welcomed the figures."
    assert figure(welcomed, 412000)[1] == "positive"


def test_members_asking_for_a_reduction_is_not_read_by_its_direction() -> None:
    text = (
        "Households in temporary accommodation numbered 142. "
        "Members noted that numbers had reduced in neighbouring councils."
    )
    assert figure(text, 142)[1] == "neutral"


def test_a_reaction_to_something_else_later_in_the_sentence_does_not_judge() -> None:
    text = (
        "Disabled Facilities Grant spend was £312,450 in the quarter.\n\n"
        "Members asked for a breakdown of arrears; welcomed the absence of families in bed "
        "and breakfast; and requested a further report."
    )
    assert figure(text, 312450)[1] != "positive"


def test_a_statutory_time_limit_is_a_parameter() -> None:
    text = (
        "38.2% of new plans had been issued within the statutory 20 weeks, and 9 families "
        "had stayed in bed and breakfast for longer than the statutory six weeks."
    )
    assert figure(text, 20)[0] == "parameter"
    assert figure(text, 6)[0] == "parameter"


def test_how_long_a_building_was_closed_is_context() -> None:
    text = "Museum visits were 88,300; the Town Museum had closed for roof repairs for 10 weeks."
    assert figure(text, 10)[0] == "other"
    assert figure(text, 88300)[0] == "actual"


def test_staff_appointed_and_the_councils_estate_are_context() -> None:
    text = (
        "Visits to the Council's three leisure centres reached 1.21 million, and the service "
        "had appointed 4 additional educational psychologists."
    )
    assert figure(text, 3)[0] == "other"
    assert figure(text, 4)[0] == "other"
    assert figure(text, 1210000)[0] == "actual"


def test_slow_responses_against_a_standard_are_a_concern() -> None:
    text = (
        "Average response times for urgent calls were 41 minutes against a standard of 18 minutes."
    )
    assert figure(text, 41)[1] == "negative"


def test_satisfaction_that_remained_high_is_good_news() -> None:
    text = "Satisfaction with museum visits remained high at 96%."
    assert figure(text, 96)[1] == "positive"


def test_the_next_report_date_and_a_league_size_are_context() -> None:
    text = (
        "Sickness absence was 9.1 days per FTE and the Council was ranked fourth of the seven "
        "district councils in the county.\n\n"
        "RESOLVED - That the Committee receive a further update in six months."
    )
    assert figure(text, 7)[0] == "other"
    assert figure(text, 6)[0] == "other"


def test_a_count_looked_forward_to_is_context() -> None:
    text = (
        "Net additional homes delivered were 412, and 65 affordable homes were expected to "
        "complete in the next quarter."
    )
    assert figure(text, 65)[0] == "other"
    assert figure(text, 412)[0] == "actual"


def test_a_result_placed_against_its_goal_is_the_actual() -> None:
    one = "Performance remains below target at 72%."
    two = "Performance was lagging behind the national average at 55%."
    assert figure(one, 72)[:2] == ("actual", "negative")
    assert figure(two, 55)[:2] == ("actual", "negative")


def test_a_time_limit_before_at_still_sets_a_target() -> None:
    text = "The target for completing the first part within 10 days at 95% was not met."
    assert figure(text, 95)[0] == "target"


def test_dips_and_slips_are_falls() -> None:
    assert figure("Performance dipped slightly to 88%.", 88)[1] == "negative"
    assert figure("Customer satisfaction was 78%, a slight dip from 81%.", 78)[1] == "negative"
    assert figure("Missed collections slipped to 41 in the quarter.", 41)[1] == "positive"


def test_only_before_a_figure_reads_with_its_polarity() -> None:
    assert figure("Only 56% of reviews were completed on time.", 56)[1] == "negative"
    assert rules_figure("Only 3 delayed discharges were recorded in March.", 3)[1] == "positive"


def test_tolerance_words_judge() -> None:
    assert figure("Performance was within tolerance, at 79%.", 79)[1] == "positive"
    assert figure("Performance was 61%, outside tolerance.", 61)[1] == "negative"


def test_hyphenated_age_bands_are_parameters() -> None:
    text = "Flu vaccination uptake among the over-65s was 71%, and among under-18s 44%."
    assert figure(text, 65)[0::2] == ("parameter", "years")
    assert figure(text, 18)[0::2] == ("parameter", "years")
    assert figure(text, 71)[0] == "actual"


def test_codes_with_hyphens_are_still_not_figures() -> None:
    values = [f.value for f in extract_figures("Covid-19 cases in care homes were 12.")]
    assert values == [12]


def test_concern_encouragement_and_issues_judge() -> None:
    one = "Members noted with concern that 17% of children were persistently absent."
    two = "Members were encouraged that 88% of tenants were satisfied with repairs."
    three = "Delayed discharges remain a significant issue, with 68 patients delayed in March."
    assert figure(one, 17)[1] == "negative"
    assert figure(two, 88)[1] == "positive"
    assert figure(three, 68)[1] == "negative"


def test_a_number_the_council_is_on_track_to_deliver_is_a_target() -> None:
    text = "The Council is on track to deliver 450 new homes this year."
    assert figure(text, 450)[0] == "target"


def test_a_reported_this_in_the_next_sentence_judges() -> None:
    text = (
        "Delayed transfers of care averaged 31 a day in March. "
        "The Director explained that this remained a pressure on hospital flow."
    )
    assert figure(text, 31)[1] == "negative"


def test_a_later_figures_indicator_words_do_not_set_polarity() -> None:
    text = (
        "The household recycling rate had reached 47.3%, up from 44.8%, and residual waste per "
        "household had fallen to 498 kg."
    )
    assert figure(text, 47.3)[1] == "positive"


def test_an_expectation_is_a_target_and_monitoring_sites_are_context() -> None:
    text = (
        "FOI requests answered in time fell to 79%, well short of the statutory expectation of "
        "90%. Air quality had improved at all 6 monitoring sites."
    )
    assert figure(text, 90)[0] == "target"
    assert figure(text, 79)[1] == "negative"
    assert figure(text, 6)[0] == "other"


def test_a_negated_judgement_judges_the_other_way() -> None:
    assert figure("Performance had not improved, remaining at 64%.", 64)[1] == "negative"
    no_gain = "There had been no improvement, with 64% of plans reviewed on time."
    assert figure(no_gain, 64)[1] == "negative"
    assert figure("Performance of 64% was not good enough.", 64)[1] == "negative"


def test_phrases_holding_their_own_negation_are_not_flipped_again() -> None:
    text = "Performance of 82% did not achieve the target."
    assert figure(text, 82)[1] == "negative"


def test_off_target_at_makes_the_result() -> None:
    assert figure("Performance was off target at 61%.", 61)[:2] == ("actual", "negative")


def test_a_result_restated_in_another_unit_is_judged_as_the_result() -> None:
    # one quantity written twice ("£27.3m (5.5%)", "£3.8m, 1% of budgets"): one judgement
    for text, value, share in (
        # the overspend is the measure; the action taken to address it is the judgement, and
        # it stands nearer the restatement than the result
        (
            "The Executive noted the forecast overspend of £27.3m (5.5%) for the year and the "
            "recovery actions being taken to address this.",
            27.3e6,
            5.5,
        ),
        ("The outturn was an adverse variance of £3.8m, 1% of Portfolio budgets.", 3.8e6, 1),
        ("Missed bins fell sharply to 12 (0.3%) this quarter, an excellent result.", 12, 0.3),
    ):
        role, judged, _ = figure(text, value)
        assert role == "actual" and judged in ("positive", "negative"), text
        assert figure(text, share)[:2] == ("actual", judged), text
    # an earlier value in brackets is not a restatement: it keeps its own role
    text = "An adverse variance of £15.2m (£14.0m last quarter) was reported."
    assert figure(text, 14e6)[0] == "previous"


def test_an_overspend_noted_without_comment_is_neutral() -> None:
    # the word that names the measure does not judge it (corpus/SCHEMA.md: "Words inside the
    # indicator's own name do not judge")
    for text, value in (
        ("Cabinet noted the forecast overspend at Month 8 of £12.4m.", 12.4e6),
        ("It was reported that the directorate would overspend by £162k.", 162e3),
        ("The Board noted current projected budget pressures of £1,940k.", 1940e3),
    ):
        assert figure(text, value)[:2] == ("actual", "neutral"), text


def test_an_overspend_with_action_to_address_it_is_a_concern() -> None:
    for text, value in (
        ("Members noted the forecast overspend of £8.1m and the remedial action proposed.", 8.1e6),
        ("Services will respond with actions to reduce the forecast overspend of £2.2m.", 2.2e6),
    ):
        assert figure(text, value)[:2] == ("actual", "negative"), text
    # words around the measure still judge it
    text = "The forecast overspend of £3.4m had deteriorated since the last report."
    assert figure(text, 3.4e6)[1] == "negative"


def test_a_figure_the_minute_says_nothing_about_is_neutral() -> None:
    # a breakdown of sickness by reason: lower-is-better words, but no judgement of the parts
    text = (
        "Days lost to sickness per employee were 9.6, with the main reasons for absence being "
        "stress (27%), back problems (18%) and infections (12%)."
    )
    for share in (27, 18, 12):
        assert figure(text, share)[:2] == ("actual", "neutral"), share
    # however a trained model leans: one that calls everything a concern still may not judge
    # a figure the minute gives no evidence about, only one it does
    gloomy = decide.LinearModel(("negative", "neutral", "positive"), {}, (5.0, 0.0, 0.0), {})
    judged = "Days lost to sickness per employee rose to 9.6, with stress the main reason (27%)."
    with decide.using(assessment=gloomy):
        assert figure(text, 27)[1] == "neutral"
        assert figure(judged, 9.6)[1] == "negative"


def test_a_judging_word_covers_a_list_of_results() -> None:
    # "respectively": one word judges every figure of the list, not only the nearest
    text = (
        "Sickness for operational, control and office staff was higher this year at 7.9, 11.2 "
        "and 8.4 days respectively."
    )
    for value in (7.9, 11.2, 8.4):
        assert rules_figure(text, value)[:2] == ("actual", "negative"), value


def test_a_result_against_the_previous_year_is_judged_by_polarity() -> None:
    fewer = "There were 14 stage 2 complaints in the quarter, compared to 25 a year earlier."
    assert figure(fewer, 14)[:2] == ("actual", "positive")
    more = "There were 31 stage 2 complaints in the quarter, compared to 19 a year earlier."
    assert rules_figure(more, 31)[:2] == ("actual", "negative")


def test_a_hedge_before_a_figure_does_not_judge_it() -> None:
    # "just under £2.1m" states the figure loosely; "just under the target" judges it
    for text, value in (
        ("Cabinet noted a forecast revenue underspend of just under £2.1 million.", 2.1e6),
        ("The number of visits was just under 45,000 in the quarter.", 45000),
    ):
        assert rules_figure(text, value)[:2] == ("actual", "neutral"), text
    text = "Household waste recycled was 43.2%, just under the target of 45%."
    assert rules_figure(text, 43.2)[1] == "negative"


def test_level_with_a_benchmark_is_neutral() -> None:
    # corpus/SCHEMA.md: "in line with forecasts" is neutral; so is level with a comparator
    text = (
        "Teenage conceptions were 16.1 per 1,000 females aged 15 to 17, in line with the "
        "regional rate of 15.9."
    )
    assert rules_figure(text, 16.1)[1] == "neutral"


def test_performance_in_general_is_higher_is_better_unless_the_measure_says_otherwise() -> None:
    assert figure("Performance fell to 81% this quarter.", 81)[1] == "negative"
    text = "Performance on sickness absence was 9.6 days, up from 8.1 days."
    assert figure(text, 9.6)[1] == "negative"


def test_all_done_stated_without_comment_is_good_and_a_near_miss_is_not() -> None:
    # corpus/SCHEMA.md: 100 per cent, or none of a count of bad things, stated without comment
    # is positive; a near-miss (99.x per cent) stated without comment is neutral
    assert rules_figure("Legionella risk assessments had achieved 100% in the quarter.", 100)[
        :2
    ] == ("actual", "positive")
    assert rules_figure("There were 0 missed collections in the quarter.", 0)[1] == "positive"
    assert rules_figure("Lift safety inspections reached 99.4% in the quarter.", 99.4)[1] == (
        "neutral"
    )


def test_praise_judges_the_figure_it_stands_by() -> None:
    text = "Retained station availability was 81.5%, with Eastfield achieving an impressive 97.9%."
    assert rules_figure(text, 97.9)[1] == "positive"


def test_a_comparison_the_minute_states_outweighs_an_unsure_model() -> None:
    # an earlier value beside the figure is explicit evidence, as a target is: a model that is
    # only mildly inclined to call things neutral does not overrule it
    unsure = decide.LinearModel(
        ("negative", "neutral", "positive"), {}, (0.0, 0.5, 0.0), {"override": 0.7}
    )
    text = "There were 14 stage 2 complaints in the quarter, compared to 25 a year earlier."
    with decide.using(assessment=unsure):
        assert figure(text, 14)[1] == "positive"
        # with no evidence at all it is neutral, as the model says
        assert figure("There were 14 stage 2 complaints in the quarter.", 14)[1] == "neutral"
