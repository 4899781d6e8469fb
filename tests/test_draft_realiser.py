"""The realiser and the judgement behind each placement: one test for each fault found when
drafts of real quarters were set beside what the clerk wrote (issue 10), one for each frame
type, and the rules that place an indicator without a RAG status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutegen.cli import app
from minutegen.draft import Judgement, draft_minute, render_minute
from minutegen.draft.content import classify
from minutegen.draft.realiser import (
    be,
    frame_for,
    note_clause,
    parse_frame,
    singular_phrase,
)
from minutegen.model import Indicator, Meeting


def draft(rows: list[Indicator], meeting: Meeting | None = None, **options: object) -> str:
    rows = [Indicator(**{**r.to_dict(), "row": n}) for n, r in enumerate(rows, start=1)]
    text = render_minute(draft_minute(rows, meeting or Meeting(), **options), "text")  # type: ignore[arg-type]
    assert isinstance(text, str)
    return text


def body(text: str) -> str:
    """The indicator paragraphs: what lies between the opening and the resolution."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "\n\n".join(paragraphs[4:-1])


# ---------------------------------------------------------------- the ten faults


def test_fault_1_a_zero_count_is_phrased_around_its_own_noun():
    text = draft([
        Indicator("New disrepair cases", 0, "count", polarity="lower"),
        Indicator("Households in bed and breakfast", 0, "count", polarity="lower"),
    ])  # fmt: skip
    assert "none for" not in text
    assert "the number of new disrepair cases was nil" in text
    assert "there was no household in bed and breakfast" in text


def test_fault_2_a_note_becomes_a_clause_not_a_pasted_sentence():
    text = draft([
        Indicator("Delayed discharges", 12, "count", polarity="lower", status="red",
                  note="Delays in discharges have occurred."),
        Indicator("Rent arrears", 1.2e6, "gbp", polarity="lower", status="red",
                  note="Universal Credit migration moved tenants onto monthly payments."),
    ])  # fmt: skip
    assert "it was reported that delays in discharges have occurred;" in text
    assert "it was reported that Universal Credit migration" in text  # a name keeps its capital
    assert "occurred.;" not in text and "that Delays" not in text


def test_fault_3_a_measure_noun_is_not_forced_into_a_share():
    text = draft([Indicator("Timeliness of assessments", 88.1, "percent", polarity="higher",
                            target=90)])  # fmt: skip
    assert "per cent of timeliness" not in text
    assert "the timeliness of assessments, which stood at 88.1 per cent" in text


def test_fault_4_a_percentage_outside_0_to_100_is_warned_about_and_not_judged(tmp_path: Path):
    table = tmp_path / "t.csv"
    table.write_text(
        "indicator,value,unit,polarity,target\nRepairs completed on time,2320,percent,higher,90\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["draft", str(table)])
    assert result.exit_code == 0
    assert (
        f"minutegen: warning: {table}, row 2, column 'value': 2320 is outside 0-100 for a "
        "percentage (Repairs completed on time); stated as given and not judged"
    ) in result.stderr
    assert "It was highlighted" not in result.stdout  # 2,320 is above 90, but not praised
    assert "Members were informed that 2,320 per cent" in result.stdout  # nothing before it


def test_fault_5_a_change_says_which_way_it_went_and_whether_that_is_worse():
    text = draft([Indicator("Days of sickness absence per FTE", 6.79, "days", polarity="lower",
                            previous=6.47)])  # fmt: skip
    assert "decline" not in text
    assert "6.79 days, up 4.9 per cent from 6.47 days in the previous period (worse)" in text


def test_fault_6_a_highlight_concedes_a_missed_target():
    text = draft([Indicator("Care plans reviewed on time", 84.4, "percent", polarity="higher",
                            target=90, previous=78, status="green")])  # fmt: skip
    assert "It was highlighted that 84.4 per cent of care plans were reviewed on time" in text
    assert (
        "up 6.4 percentage points from 78 per cent in the previous period, an improvement, "
        "although below the target" in text
    )


def test_fault_7_a_target_takes_its_unit_from_the_row_not_from_words_in_the_name():
    text = draft([
        Indicator("Children ceasing a plan who had been on it for 2 or more years", 0, "count",
                  polarity="lower", target=5),
    ])  # fmt: skip
    assert "below the target of 5," in text or "below the target of 5." in text
    assert "5 children" not in text and "5 years" not in text


def test_fault_8_openers_follow_the_meaning_and_seeds_give_different_sentences():
    rows = [
        Indicator("Referrals screened within one day", 96.8, "percent", status="green"),
        Indicator("Households in temporary accommodation", 112, "count", status="green"),
        Indicator("Timeliness of assessments", 91.0, "percent", status="green"),
        Indicator("Sickness absence", 6.2, "days", status="green"),
    ]
    text = draft(rows)
    for rotated in ("the figure for", "performance for", "the result for"):
        assert rotated not in text
    assert "96.8 per cent of referrals were screened within one day" in text
    assert "there were 112 households in temporary accommodation" in text
    assert "the timeliness of assessments was 91 per cent" in text
    assert "sickness absence was 6.2 days" in text
    variants = {body(draft(rows, seed=seed)) for seed in range(6)}
    assert len(variants) >= 3


def test_fault_9_a_count_noun_is_never_doubled():
    text = draft([Indicator("Total incidents attended", 3617, "count", polarity="neutral")])
    assert "3,617 incidents attended" in text
    assert "incidents attended was 3,617 incidents" not in text
    focus = draft([Indicator("Number of Children in Care", 302, "count", status="amber")])
    assert "the number of Children in Care, which stood at 302;" in focus or (
        "the number of Children in Care, which stood at 302." in focus
    )


@pytest.mark.parametrize(
    ("service", "verb"),
    [("Education", "was"), ("Children and Young People", "were"), ("Housing Services", "were")],
)
def test_fault_10_the_service_agrees_with_its_verb(service: str, verb: str):
    text = draft([Indicator("Rent collected", 99, "percent", status="green")],
                 Meeting(service=service))  # fmt: skip
    assert f"where {service} {verb} performing well" in text


# ---------------------------------------------------------------- frames


@pytest.mark.parametrize(
    ("name", "unit", "kind", "stated"),
    [
        ("Children in Care placed 20 or more miles away from home", "percent", "share",
         "7 per cent of Children in Care were placed 20 or more miles away from home"),
        ("Percentage of referrals screened within one day", "percent", "share",
         "7 per cent of referrals were screened within one day"),
        ("Children who received a statutory visit within 10 working days", "percent", "share",
         "7 per cent of children received a statutory visit within 10 working days"),
        ("Homes with a valid gas safety record", "percent", "share",
         "7 per cent of homes had a valid gas safety record"),
        ("Household waste sent for recycling", "percent", "share",
         "7 per cent of household waste was sent for recycling"),
        ("NEET young people", "percent", "share",
         "the proportion of NEET young people was 7 per cent"),
        ("Number of new disrepair cases", "count", "count", "there were 7 new disrepair cases"),
        ("Rent collected as a percentage of rent due", "percent", "portion",
         "the rent collected was 7 per cent of rent due"),
        ("Timeliness of assessments", "percent", "measure",
         "the timeliness of assessments was 7 per cent"),
        ("Average days to re-let void properties", "days", "measure",
         "the average number of days to re-let void properties was 7 days"),
        ("Current tenant rent arrears", "gbp", "measure", "current tenant rent arrears were £7"),
        ("Complaints response rate", "percent", "measure",
         "the complaints response rate was 7 per cent"),
        ("Homes not meeting the Decent Homes Standard", "percent", "share",
         "the proportion of homes not meeting the Decent Homes Standard was 7 per cent"),
        ("Properties overdue a gas safety check", "count", "count",
         "there were 7 properties overdue a gas safety check"),
        ("Average FTE days lost over the year", "days", "measure",
         "the average number of FTE days lost over the year was 7 days"),
    ],
)  # fmt: skip
def test_each_frame_type_is_parsed_from_the_name_and_stated(
    name: str, unit: str, kind: str, stated: str
):
    assert parse_frame(name, unit).kind == kind
    assert f"It was highlighted that {stated}." in draft([Indicator(name, 7, unit, status="green")])


def test_a_count_of_one_agrees():
    text = draft([Indicator("Households in temporary accommodation", 1, "count", status="green")])
    assert "there was 1 household in temporary accommodation" in text


def test_the_catalogue_frame_beats_the_parse_and_a_bad_frame_falls_back():
    frame = frame_for("CiC 20+ miles", "percent", "children in care | were placed far from home")
    assert (frame.kind, frame.subject, frame.source) == ("share", "children in care", "catalogue")
    measure = frame_for("ICPC timeliness", "percent", "the timeliness of conferences | was")
    assert (measure.kind, measure.measure) == ("measure", "the timeliness of conferences")
    assert frame_for("ICPC timeliness", "percent", "no bar here").source == "parsed"


def test_a_name_of_no_known_shape_gets_the_safe_fallback():
    text = draft([Indicator("KPI 7b", 12, "score", status="green")])
    assert "It was highlighted that KPI 7b was 12." in text


def test_agreement_and_singulars_come_from_the_library():
    assert be("Adult Social Care") == "was" and be("Children Looked After") == "were"
    assert singular_phrase("families placed in bed and breakfast") == (
        "family placed in bed and breakfast"
    )
    assert note_clause("Darlington has improved.", frozenset({"Darlington"})) == (
        "Darlington has improved"
    )
    assert note_clause("CQC rated the service good.") == "CQC rated the service good"


# ---------------------------------------------------------------- judgement without RAG


def ind(**fields: object) -> Indicator:
    base: dict[str, object] = {"name": "Visits on time", "value": 90.0, "unit": "percent"}
    base.update(fields)
    return Indicator(**base)  # type: ignore[arg-type]


def test_a_perfect_score_is_good_by_default():
    assert classify(ind(value=100, polarity="higher")).classification == "highlight"
    zero = Indicator("Children missing from care", 0, "count", polarity="lower")
    assert classify(zero).classification == "highlight"
    assert classify(ind(value=100, polarity="neutral")).classification == "neutral"


def test_a_change_under_the_materiality_threshold_is_stable():
    small = ind(value=82.4, previous=82.0, polarity="higher")  # a level that says nothing
    assert classify(small).classification == "neutral"
    assert classify(small).why == "stable"
    assert classify(small, Judgement(materiality=0.1)).classification == "highlight"
    count = Indicator("Complaints", 201, "count", previous=200, polarity="lower")
    assert classify(count).classification == "neutral"  # half a per cent: stable
    assert classify(count, Judgement(materiality=0.5)).classification == "focus"
    text = draft([small])
    assert "broadly unchanged from 82 per cent in the previous period" in text


def test_mixed_evidence_goes_to_the_stronger_side_with_a_concession():
    # below target (weight 2) but improved and above the benchmark (1 + 1): a tie, so the
    # target decides; with the benchmark weighed more, the good side wins
    mixed = ind(value=84.4, target=90, previous=78, benchmark=80, polarity="higher")
    assert classify(mixed).classification == "focus"
    assert classify(mixed).against == ("previous", "benchmark")
    heavier = Judgement(benchmark_weight=2.0)
    assert classify(mixed, heavier).classification == "highlight"
    text = draft([mixed], judgement=heavier)
    assert (
        "up 6.4 percentage points from 78 per cent in the previous period, an improvement, "
        "higher than the benchmark" in text
    )
    assert "although below the target of 90 per cent" in text


def test_provenance_gives_the_reason_for_each_placement():
    rows = [
        ind(name="Visits on time", value=84.4, target=90, previous=78, polarity="higher"),
        ind(name="Repairs on time", value=100, polarity="higher"),
        Indicator("Complaints", 40, "count", status="red", row=3),
    ]
    minute = draft_minute(rows, Meeting())
    why = {
        i["name"]: (record["section"], i["why"])
        for record in minute.provenance()
        for i in record["indicators"]
    }
    assert why["Visits on time"] == ("focus", "below target; improved")
    assert why["Repairs on time"] == ("highlights", "100 per cent")
    assert why["Complaints"] == ("focus", "status red")
    json.dumps(minute.provenance())  # plain JSON


def test_a_table_row_matched_to_the_catalogue_is_stated_by_the_catalogue_frame():
    from minutegen.tables import load_table_from_rows

    rows = load_table_from_rows(
        [{"indicator": "Care leavers NEET", "value": 12.5, "unit": "percent", "status": "red"}]
    )
    assert rows[0].id == "CSC-CL-NEET" and rows[0].polarity == "lower"
    text = draft(rows)
    assert "12.5 per cent of care leavers not in education, employment or training" in text


@pytest.mark.parametrize("style", ["house", "govuk", "scottish"])
def test_the_opening_promises_only_the_sections_the_minute_has(style: str):
    """A clerk would strike "where services were performing well" from a minute that names
    no highlight; the opening follows what the minute reports."""
    good = Indicator("Household waste recycled", 52.0, "percent", target=50.0, status="green")
    poor = Indicator("Missed bins per 100,000", 95.0, "count", target=60.0, status="red",
                     polarity="lower")  # fmt: skip
    plain = Indicator("Planning applications received", 412, "count", polarity="neutral")
    well = ("performing well", "going well")
    improve = ("need to improve", "needs to improve", "improvement was required")
    both = draft([good, poor], style=style)
    assert any(w in both for w in well) and any(w in both for w in improve)
    only_good = draft([good, plain], style=style)
    assert any(w in only_good for w in well) and not any(w in only_good for w in improve)
    only_poor = draft([poor, plain], style=style)
    assert not any(w in only_poor for w in well) and any(w in only_poor for w in improve)
    neither = draft([plain], style=style)
    assert not any(w in neither for w in (*well, *improve))
    assert "412" in neither


# ------------------------------------------- faults a clerk found reading real quarters blind


def test_a_singular_measure_takes_its_article_and_a_plural_or_code_does_not():
    text = draft([
        Indicator("Projected departmental overspend", 1.2e6, "gbp", polarity="lower"),
        Indicator("High Needs (SEND) deficit", 13.9e6, "gbp", polarity="lower"),
        Indicator("Savings achieved in year", 446000, "gbp"),
        Indicator("KPI 7b", 12, "score"),
    ])  # fmt: skip
    assert "the projected departmental overspend was £1.2 million" in text
    assert "the High Needs (SEND) deficit was £13.9 million" in text
    assert "savings achieved in year were £446,000" in text
    assert "the KPI 7b" not in text and "KPI 7b was 12" in text


def test_one_area_for_focus_is_not_called_areas():
    one = draft([Indicator("Missed bins", 95, "count", target=60, status="red", polarity="lower")])
    assert "The area highlighted for focus was in respect of" in one
    two = draft([
        Indicator("Missed bins", 95, "count", target=60, status="red", polarity="lower"),
        Indicator("Fly-tipping incidents", 300, "count", target=200, status="red",
                  polarity="lower"),
    ])  # fmt: skip
    assert "The areas highlighted for focus were in respect of" in two


def test_a_negative_figure_reads_minus_and_gets_no_per_cent_change_from_a_negative_base():
    row = Indicator("Forecast net cash position", -2_572_000, "gbp",
                    previous=-634_000, status="red")  # fmt: skip
    text = draft([row])
    assert "minus £2.572 million" in text and "£-" not in text
    assert "from minus £634,000" in text
    assert "per cent from" not in text  # a per cent of a negative amount means nothing
    from minutegen.extract.pipeline import extract_figures

    values = {f.value for f in extract_figures(text, document="draft")}
    assert {-2_572_000.0, -634_000.0} <= values  # and extract reads the signs back


def test_a_negative_budget_variance_is_an_underspend_not_minus():
    # a clerk writes "an underspend of £2.572 million", never "minus £2.572 million"; extract
    # reads "was an underspend of" back as the negative variance it is
    row = Indicator("Forecast General Fund revenue outturn (underspend)", -2_572_000, "gbp",
                    previous=-634_000, status="red")  # fmt: skip
    text = draft([row])
    assert "minus" not in text and "£-" not in text and "(underspend)" not in text
    assert "outturn, which stood at an underspend of £2.572 million" in text
    # set side by side: "down £1.9 million from an underspend of ..." would read backwards
    assert "compared with an underspend of £634,000 in the previous period" in text
    from minutegen.extract.pipeline import extract_figures

    values = {f.value for f in extract_figures(text, document="draft")}
    assert {-2_572_000.0, -634_000.0} <= values
    assert "per cent from" not in text  # a per cent of a negative amount means nothing
    from minutegen.extract.pipeline import extract_figures

    values = {f.value for f in extract_figures(text, document="draft")}
    assert {-2_572_000.0, -634_000.0} <= values  # and extract reads the signs back


def test_a_bracketed_aside_does_not_hide_a_plural_subject():
    text = draft([
        Indicator("Deliberate secondary fires (non-structural property) responded to", 138,
                  "count", polarity="lower"),
    ])  # fmt: skip
    assert "fires (non-structural property) responded to was" not in text
    assert "138" in text


def test_a_name_given_as_a_share_of_a_whole_is_not_turned_into_a_share_of_people():
    text = draft([Indicator("Forecast savings delivered as a share of planned savings", 29.61,
                            "percent", target=100, status="red")])  # fmt: skip
    assert "29.61 per cent of forecast savings" not in text
    assert "29.61 per cent" in text


def test_a_minute_with_only_plain_indicators_does_not_call_them_other_or_also():
    plain = Indicator("Planning applications received", 412, "count", polarity="neutral")
    house = draft([plain])
    assert "Members were informed that there were 412" in house and "also" not in house
    govuk = draft([plain], style="govuk")
    assert "Other indicators" not in govuk and "412" in govuk
    mixed = draft([plain, Indicator("Missed bins", 95, "count", target=60, status="red",
                                    polarity="lower")])  # fmt: skip
    assert "Members were also informed that there were 412" in mixed
