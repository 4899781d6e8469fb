"""The extraction pipeline end to end on small realistic minutes: structure, indicator names,
assessments, periods and the records' offsets. No downloaded model, no /work/shared."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from minutegen.extract.pipeline import extract_docs, extract_figures, get_nlp
from minutegen.extract.sections import structure_of
from minutegen.model import ROLES, UNITS, Indicator

MINUTE = """Performance Indicators Quarter 2 2021/22

The Director submitted a report on performance against key performance indicators.

It was highlighted that 92.4 per cent of initial health assessments were completed within \
20 working days, which remains higher than the national average; 100 per cent of care \
leavers had a pathway plan; and 6.1 per cent of children in care had been placed 20 or more \
miles from home, below the target of 10 per cent.

The areas highlighted for focus were 19.5 per cent of re-referrals within 12 months, above \
the target of 15 per cent; and the number of children in care had increased to 310 by the end \
of September 2021.

RESOLVED - That the report be noted.
"""


def by_value(value: float) -> dict:
    found = [f for f in extract_figures(MINUTE) if f.value == value]
    assert found, value
    return found[0].to_dict()


def test_pipeline_needs_no_model_and_is_built_once() -> None:
    nlp = get_nlp()
    assert nlp is get_nlp()
    assert nlp.pipe_names[-4:] == ["mg_roles", "mg_indicators", "mg_assessment", "mg_period"]


def test_clauses_split_at_semicolons_and_lines() -> None:
    doc = get_nlp()("Intro line\nIt was noted that A rose; B fell; and C held.\n\nNext para.")
    structure = structure_of(doc)
    clauses = [doc[s:e].text for s, e in structure.clauses]
    assert clauses == [
        "Intro line",
        "It was noted that A rose;",
        "B fell;",
        "and C held.",
        "Next para.",
    ]
    assert len(structure.paragraphs) == 2


def test_wrapped_lines_stay_one_sentence() -> None:
    doc = get_nlp()("Performance on re-referrals\nremained stable this quarter.\nNew line here.")
    sentences = [doc[s:e].text for s, e in structure_of(doc).sentences]
    assert sentences == [
        "Performance on re-referrals\nremained stable this quarter.",
        "New line here.",
    ]


def test_offsets_and_text_point_into_the_minute() -> None:
    for figure in extract_figures(MINUTE):
        assert MINUTE[figure.start : figure.end] == figure.text
        assert figure.text.split()[0] in figure.sentence


def test_indicator_trimmed_of_framing_values_and_judgement() -> None:
    figure = by_value(92.4)
    name = figure["indicator"]
    assert "initial health assessments were completed within 20 working days" in name
    assert "highlighted" not in name and "national average" not in name
    assert "92.4" not in name


def test_parameters_share_their_indicator() -> None:
    assert by_value(20)["role"] == "parameter"
    assert by_value(20)["indicator"] == by_value(92.4)["indicator"]


def test_targets_share_their_clause_indicator() -> None:
    assert by_value(10)["role"] == "target"
    assert "placed 20 or more miles from home" in by_value(10)["indicator"]


def test_assessment_from_wording_and_target() -> None:
    assert by_value(92.4)["assessment"] == "positive"  # remains higher than
    assert by_value(6.1)["assessment"] == "positive"  # highlighted that ... below target
    assert by_value(100)["assessment"] == "positive"  # a highlight with no words of its own


def test_assessment_from_focus_section() -> None:
    assert by_value(19.5)["assessment"] == "negative"
    assert by_value(310)["assessment"] == "negative"


def test_assessment_only_for_actuals() -> None:
    for value in (20, 10, 15, 12):
        assert by_value(value)["assessment"] is None


def test_neutral_without_any_judgement() -> None:
    figures = extract_figures("Recycling is 49%.\n\nResidual waste was 109kg per household.")
    assert [f.assessment for f in figures if f.role == "actual"] == ["neutral", "neutral"]


def test_target_comparison_respects_lower_is_better_words() -> None:
    text = "Sickness absence was 9.2 days against a target of 8.5 days."
    figure = next(f for f in extract_figures(text) if f.value == 9.2)
    assert figure.assessment == "negative"
    text = "The collection rate was 97.2% against a target of 96%."
    figure = next(f for f in extract_figures(text) if f.value == 97.2)
    assert figure.assessment == "positive"


def test_period_from_clause_else_heading_else_given() -> None:
    assert by_value(92.4)["period"] == "Quarter 2 2021/22"
    assert by_value(310)["period"] == "by the end of September 2021"
    figures = extract_figures("Recycling was 49%.", period="Q3 2022/23")
    assert figures[0].period == "Q3 2022/23"
    figures = extract_figures("Year to date, recycling was 49%.")
    assert figures[0].period == "Year to date"


def test_indicator_ids_from_the_data_rows() -> None:
    rows = [
        Indicator(name="Re-referrals within 12 months", value=19.5, unit="percent", id="RR12"),
        Indicator(name="Children in care", value=310, unit="count", id="CIC"),
    ]
    figures = extract_figures(MINUTE, indicators=rows)
    ids = {f.value: f.indicator_id for f in figures}
    assert ids[19.5] == "RR12"
    assert ids[310] == "CIC"


def test_extract_docs_keeps_order_and_names() -> None:
    pairs = [("a.txt", "Recycling was 49%."), ("b.txt", "No figures here."), ("c.txt", MINUTE)]
    results = list(extract_docs(pairs))
    assert [len(r) > 0 for r in results] == [True, False, True]
    assert {f.document for f in results[2]} == {"c.txt"}
    assert results[2] == extract_figures(MINUTE, document="c.txt")


def test_empty_text() -> None:
    assert extract_figures("") == []
    assert extract_figures("   \n\n ") == []


def test_processed_docs_serialise_with_their_annotations() -> None:
    """Docs can be stored (Doc.to_bytes) and keep the figures' roles and names."""
    from spacy.tokens import Doc

    nlp = get_nlp()
    doc = nlp("Recycling was 49% against a target of 50%.")
    restored = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    spans = restored.spans["mg_figures"]
    assert [(s.text, s._.mg_role, s._.mg_indicator) for s in spans] == [
        ("49%", "actual", "Recycling"),
        ("50%", "target", "Recycling"),
    ]


def judged(text: str, value: float) -> str | None:
    return next(f.assessment for f in extract_figures(text) if f.value == value)


def test_the_next_sentence_can_judge_a_figure() -> None:
    text = (
        "90.4% of eligible children had an up-to-date plan. "
        "This was a slight decrease on last year."
    )
    assert judged(text, 90.4) == "negative"


def test_stable_is_neutral_and_a_safeguarding_concern_is_not_a_judgement() -> None:
    assert judged("The rate remained stable during the quarter at 77%.", 77) == "neutral"
    text = (
        "Around 55% of contacts will be the first time the service receives a concern "
        "about a child."
    )
    assert judged(text, 55) == "neutral"
    text = "Members expressed concern that only 61% of reviews were on time."
    assert judged(text, 61) == "negative"


def test_a_section_introduced_with_a_colon_carries_over_paragraphs() -> None:
    text = (
        "The following measures did not achieve their targets:\n\n"
        "Percentage of reviews completed\n\n"
        "At the end of the quarter 18.1% of reviews had been completed.\n"
    )
    assert judged(text, 18.1) == "negative"


def test_indicator_heading_names_the_paragraph_under_it() -> None:
    text = (
        "Agenda item\n\nAdult Social Care performance\n\nThe report was presented.\n\n"
        "NAS 1 Percentage of clients receiving a review\n\n"
        "As at Quarter 2 we had reviewed 2420 clients.\n"
    )
    figure = extract_figures(text)[0]
    assert "Percentage of clients receiving a review" in (figure.indicator or "")


def test_sentences_split_after_a_full_stop_and_two_spaces() -> None:
    doc = get_nlp()("Sickness was 7.5 days.  Since the report, absence rose.")
    assert len(structure_of(doc).sentences) == 2


def test_relative_clause_takes_the_name_before_it() -> None:
    text = "The number of children in care, which stood at 302 children, is closely managed."
    figure = extract_figures(text)[0]
    assert figure.indicator == "number of children in care"


def test_names_do_not_keep_periods() -> None:
    text = "The number of looked after children had increased to 310 by the end of March 2023."
    figure = extract_figures(text)[0]
    assert figure.indicator == "number of looked after children"
    assert figure.period == "by the end of March 2023"


PIECES = [
    "target of", "per cent", "within", "days", "from", "to", "which was", "increased to",
    "It was highlighted that", "The areas highlighted for focus were", ";", "\n", "\n\n", "- ",
    "(", ")", "12", "3.5%", "£1.2m", "no child", "two", "Quarter 2 2020/21", "below", "above",
    "compared with", "last year", "statistical neighbours", "indicators", "children in care",
]  # fmt: skip


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_any_text_gives_well_formed_records(pieces: list[str]) -> None:
    text = " ".join(pieces)
    for figure in extract_figures(text):
        assert text[figure.start : figure.end] == figure.text
        assert figure.role in ROLES and figure.unit in UNITS
        assert (figure.assessment is None) == (figure.role != "actual")
        assert figure.assessment in (None, "positive", "negative", "neutral")


def test_time_taken_is_better_lower() -> None:
    text = (
        "The following indicators were off target:\n\n• Average days to process claims – 9.8 days"
    )
    text += " (target 7 days)\n• Average days to re-let voids – 21 days (target 28 days)\n"
    assert judged(text, 9.8) == "negative"
    assert judged(text, 21) == "positive"


def test_unknown_model_is_a_one_line_input_error() -> None:
    import pytest

    from minutegen.errors import InputError

    with pytest.raises(InputError, match="no installed spaCy pipeline called 'en_no_such_model'"):
        get_nlp("en_no_such_model")


def test_a_bare_numbers_unit_comes_from_its_data_row() -> None:
    rows = [Indicator(name="Customer satisfaction score", value=71, unit="score", id="CSAT")]
    figure = extract_figures("Customer satisfaction score: 71.", indicators=rows)[0]
    assert (figure.value, figure.unit, figure.indicator_id) == (71, "score", "CSAT")
    assert extract_figures("Customer satisfaction score: 71.")[0].unit == "count"


def test_a_compared_period_belongs_to_the_earlier_value_not_the_result() -> None:
    """'compared to Quarter 2 2019/20' dates the previous value; the result keeps the item's."""
    text = (
        "Performance Indicators Quarter 2 2020/21\n\n"
        "It was highlighted that there had been a positive decrease in missing episodes when "
        "compared to Quarter 2 2019/20 (from 31 episodes to 18); and 93.2 per cent of visits "
        "were completed within timescale.\n"
    )
    periods = {f.text: (f.role, f.period) for f in extract_figures(text)}
    assert periods["31 episodes"] == ("previous", "Quarter 2 2019/20")
    assert periods["18"] == ("actual", "Quarter 2 2020/21")
    assert periods["93.2 per cent"] == ("actual", "Quarter 2 2020/21")


def test_a_period_opening_a_sentence_dates_all_its_clauses() -> None:
    text = "In Quarter 3 2021/22, 45 per cent of reviews were done; and 50 per cent of visits."
    assert {f.period for f in extract_figures(text)} == {"Quarter 3 2021/22"}


def figure(text: str, value: float) -> dict:
    found = [f.to_dict() for f in extract_figures(text) if f.value == value]
    assert found, (value, [f.value for f in extract_figures(text)])
    return found[0]


def test_html_leftovers_do_not_hide_figures_or_move_offsets() -> None:
    text = "<p>Current tenant arrears stood at &pound;1.46m.&nbsp;Rent collected was 98.1%.</p>"
    money = figure(text, 1460000.0)
    assert (money["unit"], money["role"], money["text"]) == ("gbp", "actual", "&pound;1.46m")
    assert text[money["start"] : money["end"]] == money["text"]
    rent = figure(text, 98.1)
    assert text[rent["start"] : rent["end"]] == "98.1%"


def test_a_table_flattened_to_text_gives_roles_by_column() -> None:
    text = (
        "The figures were tabled as follows:\n"
        "Indicator | Target | Actual\n"
        "Major applications determined within 13 weeks | 60% | 83%\n"
        "Other applications determined within 8 weeks | 80% | 76%\n"
    )
    assert figure(text, 60)["role"] == "target"
    major = figure(text, 83)
    assert (major["role"], major["assessment"]) == ("actual", "positive")
    assert major["indicator"] == "Major applications determined within 13 weeks"
    other = figure(text, 76)
    assert (other["role"], other["assessment"]) == ("actual", "negative")
    assert figure(text, 13)["role"] == "parameter"


def test_every_bare_number_of_a_rate_sentence_is_a_rate() -> None:
    text = (
        "Admissions to residential care stood at 142.6 per 100,000 population, down from "
        "171.3 last year and below the England average of 560.8."
    )
    roles = {f.value: (f.unit, f.role) for f in extract_figures(text)}
    assert roles[142.6] == ("rate", "actual")
    assert roles[171.3] == ("rate", "previous")
    assert roles[560.8] == ("rate", "benchmark")
    assert roles[100000] == ("count", "parameter")


def test_a_positive_list_does_not_judge_the_prose_after_it() -> None:
    text = (
        "The following measures were performing well:\n"
        "- Compliments received: 212, compared with 164 last year.\n\n"
        "Members then turned to customer services. The telephone abandonment rate was 9.4%.\n"
    )
    assert figure(text, 212)["assessment"] == "positive"
    assert figure(text, 9.4)["assessment"] == "neutral"


def test_hours_given_are_not_judged_as_time_taken() -> None:
    given_ = "Hours of CCTV monitoring provided were 4,380 hours against a target of 4,000 hours."
    assert figure(given_, 4380)["assessment"] == "positive"
    taken = "The average time to re-let a void was 34 days against a target of 28 days."
    assert figure(taken, 34)["assessment"] == "negative"


def test_rag_status_beside_a_value_judges_it() -> None:
    text = "Residual household waste per household - 118kg (Amber; target 110kg)"
    assert figure(text, 118)["assessment"] == "negative"
    assert figure(text, 110)["role"] == "target"
    assert figure("Recycling rate - 52.4% (Green)", 52.4)["assessment"] == "positive"


def test_a_rating_out_of_five_is_a_score() -> None:
    text = "Customer satisfaction was 4.3 out of 5."
    assert (figure(text, 4.3)["unit"], figure(text, 4.3)["role"]) == ("score", "actual")
    assert (figure(text, 5)["unit"], figure(text, 5)["role"]) == ("score", "parameter")


def test_a_count_given_as_a_reason_is_other() -> None:
    text = (
        "Assessments completed within 28 days fell to 61%. The Assistant Director explained "
        "that 37 vacant social worker posts had affected capacity."
    )
    assert figure(text, 37)["role"] == "other"
    assert figure(text, 61)["role"] == "actual"


def test_an_item_number_opening_its_title_is_no_figure() -> None:
    text = "15 Workforce Report\n\nSickness absence averaged 9.8 days per FTE."
    assert [f.value for f in extract_figures(text)] == [9.8]


def test_highlighted_frames_good_news_only_beside_a_concern() -> None:
    alone = "It was highlighted that 45 per cent of invoices were paid within 30 days."
    assert figure(alone, 45)["assessment"] == "neutral"
    contrasted = alone + "\n\nThe areas highlighted for focus were sickness absence."
    assert figure(contrasted, 45)["assessment"] == "positive"


def test_a_line_label_gives_bare_numbers_its_unit_but_a_definition_does_not() -> None:
    text = "Average days lost per FTE: 10.4 (target 8.5)\nFly-tips removed within 7 days: 91\n"
    found = {f.value: (f.unit, f.role) for f in extract_figures(text)}
    assert found[10.4] == ("days", "actual")
    assert found[8.5] == ("days", "target")
    assert found[91][0] == "count"


def test_a_numbered_title_is_no_figure_even_with_a_counted_noun() -> None:
    text = "34 Adult Social Care Performance\n\nThere were 12 adults waiting."
    assert [f.value for f in extract_figures(text)] == [12]


def test_html_leftovers_in_plain_text_keep_offsets_slicing_to_the_text() -> None:
    """'&pound;1.46m' pasted from a web page is read as £1.46m, and start/end still slice
    the document to the record's text, as for every other figure."""
    text = "Arrears were &pound;1.46m; 91&nbsp;per cent of <b>rent</b> was collected."
    figures = extract_figures(text)
    assert [(f.value, f.unit) for f in figures] == [(1_460_000, "gbp"), (91, "percent")]
    for f in figures:
        assert text[f.start : f.end] == f.text
    assert [f.text for f in figures] == ["&pound;1.46m", "91&nbsp;per cent"]


def test_a_committee_line_above_the_title_does_not_name_every_figure() -> None:
    """Pages often put the committee's name above 'Agenda item': the title block grows with
    it, and 'Report of the Director' stays a title, not every indicator's name."""
    text = (
        "Children and Young People Scrutiny Committee\n\n"
        "Agenda item\n\n"
        "Performance Indicators Quarter 2 2020/21\n\n"
        "Report of the Acting Director of Children and Adult Services\n\n"
        "The Director submitted a report. It was highlighted that 93.2 per cent of statutory "
        "children in care visits were completed within timescale.\n"
    )
    (visits,) = [f for f in extract_figures(text) if f.value == 93.2]
    assert "Report of" not in (visits.indicator or "")
    assert "children in care visits" in (visits.indicator or "")


def test_two_results_joined_by_and_are_named_apart() -> None:
    """'100 per cent of A and 100 per cent of B had been allocated ...' measures A and B."""
    text = (
        "It was highlighted that 100 per cent of children with a Child Protection Plan and "
        "100 per cent of Children Looked After had been allocated to a qualified social worker."
    )
    first, second = extract_figures(text)
    assert "Children Looked After" not in (first.indicator or "")
    assert "Child Protection Plan" in (first.indicator or "")
    assert (second.indicator or "").startswith("Children Looked After")


def test_tokenizer_built_once_splits_as_customize_tokenizer_does() -> None:
    """The pipeline builds its tokenizer in one go (start-up); it must split figures exactly
    as numbers.customize_tokenizer applied to a live tokenizer does, special cases included."""
    import spacy

    from minutegen.extract import numbers

    reference = spacy.blank("en")
    numbers.customize_tokenizer(reference)
    ours = get_nlp()
    text = (
        "£1.2m. spent by 10am; over-65s fell -2.1% (5–10% range), 12(30%) and USD3.14 rose "
        "to1.4m, 1.2B and £700K. Mr. Smith's team didn't meet 2½ mins e.g. at 3 p.m.\n\n" + MINUTE
    )
    assert [(t.text, t.idx) for t in ours.make_doc(text)] == [
        (t.text, t.idx) for t in reference.make_doc(text)
    ]
    assert ours.tokenizer.rules == reference.tokenizer.rules


def test_spacy_cli_loads_only_when_used() -> None:
    """Start-up: importing the pipeline leaves spaCy's command line (weasel, requests ...)
    unloaded, and it still works, loaded on first use (spacy_cli.defer)."""
    code = (
        "import sys, minutegen.extract.pipeline as p, spacy; "
        "p.extract_figures('It was 5 per cent.'); "
        "assert 'weasel' not in sys.modules and 'spacy.cli.download' not in sys.modules; "
        "import spacy.cli; assert callable(spacy.cli.info), spacy.cli.info; "
        "from spacy.cli import download; assert callable(download); "
        "assert spacy.info()['spacy_version'] == spacy.__version__; "
        "assert 'weasel' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, timeout=120)


def test_a_cue_that_names_the_measure_stays_in_the_indicator_name() -> None:
    """'the forecast overspend of £27.3m' measures the forecast overspend: the cue word that
    decided the role is also the measure, so the name keeps it."""
    text = "The Executive noted the forecast overspend of £27.3m for the year."
    (figure,) = extract_figures(text)
    assert "overspend" in (figure.indicator or "")
    (target,) = [f for f in extract_figures("Performance was 85% against a target of 90%.")
                 if f.role == "target"]  # fmt: skip
    assert "target" not in (target.indicator or "")


def test_a_paragraph_marker_is_not_part_of_the_indicator_name() -> None:
    """A resolution's "(1) That" or "2.7 That" numbers the paragraph; a name that kept it
    would not link to its row or follow its indicator across minutes."""
    text = "2.7 That the forecast capital underspend of £3.4m be noted."
    (figure,) = extract_figures(text)
    assert (figure.indicator or "").startswith("the forecast capital underspend")


def test_figures_listed_before_respectively_name_their_own_items() -> None:
    # the i-th figure measures the i-th item of the list of as many words before it
    text = (
        "Absence for wholetime, control and support staff was higher at 8.95, 10.80 and 9.42 "
        "days respectively. Satisfaction with parks and libraries was 85% and 90% respectively."
    )
    names = [f.indicator for f in extract_figures(text)]
    assert names == [
        "Absence for wholetime staff",
        "Absence for control staff",
        "Absence for support staff",
        "Satisfaction with parks",
        "Satisfaction with libraries",
    ]
    # a list of a different length is not distributed
    text = "Absence for wholetime and control staff was 8.95, 10.80 and 9.42 days respectively."
    assert len({f.indicator for f in extract_figures(text)}) == 1
