"""`check_minute` on minutes shaped like councils the checker was not tuned on: results the
extractor's model set aside as commentary, swapped values found from the clauses' words, and
"from A to B" read structurally."""

from __future__ import annotations

from dataclasses import replace

from minutegen.check import check_minute
from minutegen.extract.pipeline import extract_figures
from minutegen.model import Indicator

BINS = (
    "TPugh advised that the figure of 320 justified missed bins for February breaks down to "
    "112 grey bins, 106 blue bins, 12 green bins and 90 kerbside caddies.\n"
)


def bins(**values: float) -> list[Indicator]:
    names = {
        "justified": "justified missed bins in February",
        "grey": "missed grey bins in February",
        "blue": "missed blue bins in February",
        "green": "missed green bins in February",
        "caddies": "missed kerbside caddies in February",
    }
    defaults = {"justified": 320, "grey": 112, "blue": 106, "green": 12, "caddies": 90}
    defaults.update(values)
    return [
        Indicator(name=names[k], value=float(v), unit="count", row=n)
        for n, (k, v) in enumerate(defaults.items(), 1)
    ]


def set_aside(text: str, rows: list[Indicator], numeral: str, p: float = 0.6) -> list:
    """The minute's figures with the one at `numeral` set aside as "other" by the model."""
    figures = extract_figures(text, document="minute.txt", indicators=rows)
    at = text.index(numeral)
    return [replace(f, role="other", role_p=p) if f.start <= at < f.end else f for f in figures]


def test_a_result_the_model_set_aside_is_checked_as_an_uncertain_role() -> None:
    rows = bins(grey=121)  # the data says 121 grey bins; the minute says 112
    report = check_minute(BINS, rows, document="minute.txt", figures=set_aside(BINS, rows, "112"))
    [finding] = [f for f in report.findings if f.prose == "112 grey bins"]
    assert finding.code == "MG111" and finding.severity == "warning"
    assert finding.extra["claim"] == "MG101" and finding.data == "121"
    assert finding.indicator == "missed grey bins in February"


def test_a_set_aside_figure_that_agrees_or_names_no_row_is_silent() -> None:
    rows = bins()
    report = check_minute(BINS, rows, document="minute.txt", figures=set_aside(BINS, rows, "112"))
    assert report.errors == 0 and report.warnings == 0
    text = BINS + "Members noted that 45 crews had been reorganised.\n"
    report = check_minute(text, rows, document="minute.txt", figures=set_aside(text, rows, "45"))
    assert not [f for f in report.findings if f.prose and f.prose.startswith("45")]
