"""How often does `draft` judge an indicator the way the clerk did, with no RAG status?

For each gold-annotated real minute (corpus/dev, and corpus/real reported apart as the
held-apart figure), the indicators the minute states become a table: the actual, target,
previous and benchmark figures the gold gives for each, its unit, and a polarity from the
catalogue or, failing that, the extractor's lower-is-better / higher-is-better lexicon
(phrasebanks/extract/assessment.yaml); never a status. With `--polarity given` (the issue's
"polarity given") the polarity is the one in corpus/polarity.json, which an annotator set from
each indicator's name and unit alone, as a performance officer fills a table's polarity column,
without reading the minute or its gold assessment. The table is drafted and, for every
indicator the clerk judged (gold assessment positive or negative), the drafted section is
compared: positive should be a highlight, negative an area for focus.

Settings (materiality, weights) are tuned on corpus/dev only; corpus/real is never used to
choose them.

Run: .venv/bin/python benchmarks/draft_judgement.py [--materiality 1] [--polarity both] [--show]
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from minutegen.catalogue import load_catalogue
from minutegen.draft import Judgement, draft_minute
from minutegen.model import Indicator, Meeting
from minutegen.resources import phrasebanks_dir
from minutegen.yamlio import load_yaml

ROOT = Path(__file__).resolve().parent.parent
TIME_UNITS = {"days", "weeks", "months", "hours", "years"}


@cache
def lexicon() -> dict[str, list[str]]:
    data = load_yaml((phrasebanks_dir() / "extract" / "assessment.yaml").read_text("utf-8"))
    return {k: [str(w).lower() for w in data.get(k) or []] for k in
            ("higher_is_better", "lower_is_better", "time_taken")}  # fmt: skip


def _has(text: str, words: list[str]) -> bool:
    return any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text) for w in words)


def polarity_of(name: str, unit: str) -> tuple[str, str]:
    """(polarity, where from): the catalogue's when it matches and judges, else the lexicon's;
    higher by default."""
    found = load_catalogue().match(name)
    if found is not None and found[0].polarity != "neutral":
        return found[0].polarity, "catalogue"
    text = name.lower()
    words = lexicon()
    if _has(text, words["higher_is_better"]):
        return "higher", "lexicon"
    if _has(text, words["lower_is_better"]):
        return "lower", "lexicon"
    if unit in TIME_UNITS and _has(text, words["time_taken"]):
        return "lower", "lexicon"
    return "higher", "default"


@dataclass
class Case:
    document: str
    indicator: Indicator
    gold: str  # positive, negative, neutral


@cache
def given_polarities() -> dict[str, dict[str, str]]:
    """corpus/polarity.json: document ("dev/NAME") -> indicator -> higher | lower | neutral."""
    path = ROOT / "corpus" / "polarity.json"
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def cases_of(gold_path: Path, *, given: bool = False) -> list[Case]:
    """One table row per indicator the minute gives an actual for (its first actual). A
    target, previous or benchmark figure belongs to the indicator of the same name, or else
    to the actual just before it when the units agree (minutes name a comparison loosely:
    "against a target of 90 per cent")."""
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    groups: dict[str, dict[str, dict]] = {}
    order: list[str] = []
    last_actual: str | None = None
    for figure in data.get("figures", []):
        name = (figure.get("indicator") or "").strip()
        role = figure.get("role")
        if not name or role not in ("actual", "target", "previous", "benchmark"):
            continue
        if (
            role != "actual"
            and name not in groups
            and last_actual is not None
            and groups[last_actual]["actual"].get("unit") == figure.get("unit")
        ):
            name = last_actual
        if name not in groups:
            groups[name] = {}
            order.append(name)
        groups[name].setdefault(role, figure)
        if role == "actual":
            last_actual = name
    cases = []
    for number, name in enumerate(order, start=1):
        roles = groups[name]
        actual = roles.get("actual")
        if actual is None:
            continue
        unit = actual.get("unit") or "count"
        polarity, _ = polarity_of(name, unit)
        if given:
            document = f"{gold_path.parent.name}/{gold_path.name.removesuffix('.gold.json')}"
            polarity = given_polarities().get(document, {}).get(name, polarity)

        def value(role: str, roles: dict = roles, unit: str = unit) -> float | None:
            figure = roles.get(role)
            if figure is None or (figure.get("unit") or unit) != unit:
                return None  # a figure in another unit is not comparable
            return float(figure["value"])

        row = Indicator(
            name=name,
            value=float(actual["value"]),
            unit=unit,
            previous=value("previous"),
            target=value("target"),
            benchmark=value("benchmark"),
            polarity=polarity,
            row=number,
            id=f"R{number}",
        )
        cases.append(Case(gold_path.name, row, actual.get("assessment") or "neutral"))
    return cases


def placements(cases: list[Case], judgement: Judgement) -> dict[str, tuple[str, str]]:
    """Row id -> (section, why) for one document's table."""
    minute = draft_minute([c.indicator for c in cases], Meeting(), judgement=judgement)
    found = {}
    for record in minute.provenance():
        for item in record["indicators"]:
            found[item["id"]] = (record["section"], item.get("why", ""))
    return found


def score(
    folder: Path, judgement: Judgement, *, show: bool = False, given: bool = False
) -> tuple[int, int, int, int]:
    """(agreeing, judged by the clerk, documents, judged with nothing to compare against) over
    every gold file in `folder`: a row with no target, previous or benchmark can only be judged
    by its level, so that count bounds what any judgement from the table can reach."""
    agree = judged = documents = bare = 0
    for gold_path in sorted(folder.glob("*.gold.json")):
        cases = cases_of(gold_path, given=given)
        if not cases:
            continue
        documents += 1
        placed = placements(cases, judgement)
        for case in cases:
            if case.gold not in ("positive", "negative"):
                continue
            judged += 1
            ind = case.indicator
            bare += ind.target is None and ind.previous is None and ind.benchmark is None
            section, why = placed.get(case.indicator.id or "", ("-", ""))
            want = "highlights" if case.gold == "positive" else "focus"
            if section == want:
                agree += 1
            elif show:
                ind = case.indicator
                print(
                    f"  {case.document[:34]:<34} {case.gold[:3]} -> {section:<10} "
                    f"{ind.value:g} t={ind.target} p={ind.previous} b={ind.benchmark} "
                    f"{ind.polarity} [{why}] {ind.name[:60]}"
                )
    return agree, judged, documents, bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--materiality", type=float, default=Judgement().materiality)
    parser.add_argument(
        "--polarity", choices=("inferred", "given", "both"), default="both",
        help="inferred: catalogue or lexicon; given: corpus/polarity.json (set from names alone)",
    )  # fmt: skip
    parser.add_argument("--show", action="store_true", help="list the disagreements (dev only)")
    args = parser.parse_args()
    judgement = Judgement(materiality=args.materiality)
    print(f"judgement: {judgement}")
    modes = ("given", "inferred") if args.polarity == "both" else (args.polarity,)
    for mode in modes:
        for label, folder, show in (
            ("corpus/dev (tuned on)", ROOT / "corpus" / "dev", args.show),
            ("corpus/real (held apart)", ROOT / "corpus" / "real", False),
        ):
            if not folder.is_dir():
                print(f"{label}: not present")
                continue
            agree, judged, documents, bare = score(
                folder, judgement, show=show, given=mode == "given"
            )
            share = agree / judged if judged else 0.0
            print(
                f"{label:<26} polarity {mode:<8} {agree:>4} of {judged:>4} judged indicators "
                f"placed as the clerk did ({share:.1%}), {documents} minutes; {bare} of the judged "
                "have no target, previous or benchmark"
            )


if __name__ == "__main__":
    main()
