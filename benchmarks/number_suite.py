"""Number reading scored on an external suite we did not write: minutegen against quantulum3.

(Not named numbers.py: a script there would shadow the standard library's `numbers`, which numpy
imports, for every other script in benchmarks/.)

    python benchmarks/number_suite.py [--suite benchmarks/data/numbers_suite.json] [--misses SPLIT]
                                 [--tool minutegen|quantulum3|both] [--half tune|heldout|both]

While tuning, `--half tune --misses tune` scores and lists the tune half alone, so the blind
half's figure is read only when meant to be.

Also measured: text2num's `alpha2digit` as a front end for number words (`--tool text2num`),
the candidate library for that part of the reader.

The suite (benchmarks/data/numbers_suite.json) holds sentences and phrases from the public test
files of quantulum3, Microsoft Recognizers-Text and Duckling, with their gold values and units
mapped to minutegen's schema; its `about` and `sources` say how. It is split in two halves by
source group: `tune` is the half one may study while improving the reader, `heldout` the blind
half reported as the figure that counts. Both tools run in this process on the same sentences.

Per figure: a prediction pairs with a gold figure of the same sentence when their values agree
(to 1e-6 relative, or 0.005 absolute); value precision, recall and F1 count those pairs; unit
accuracy is the share of paired figures whose mapped unit is the gold one. Gold figures marked
`excluded` (what the schema says is not a figure: years) are scored neither way; in items whose
gold is not `complete` (a source that annotates one type of figure only), a prediction that
pairs with nothing is not counted against precision. Sentences run
through `extract_figures`, the whole extractor a user calls, one at a time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_SUITE = REPO / "benchmarks" / "data" / "numbers_suite.json"
Prediction = tuple[float, str, str]  # value, unit, text

# quantulum3's unit names in minutegen's vocabulary (anything else is `other`)
_Q_UNITS = {
    "percentage": "percent", "dimensionless": "count", "pound sterling": "gbp", "day": "days",
    "week": "weeks", "month": "months", "year": "years", "hour": "hours", "mile": "miles",
}  # fmt: skip


def minutegen_reader() -> Callable[[str], list[Prediction]]:
    from minutegen.extract.pipeline import extract_figures

    def read(text: str) -> list[Prediction]:
        return [(f.value, f.unit, f.text) for f in extract_figures(text, document="suite")]

    return read


def text2num_reader() -> Callable[[str], list[Prediction]]:
    """text2num's alpha2digit in front of minutegen: number words turned into digits first, then
    read by the same extractor (the way we would adopt it for number words)."""
    from text_to_num import alpha2digit

    from minutegen.extract.pipeline import extract_figures

    def read(text: str) -> list[Prediction]:
        digits = alpha2digit(text, "en")
        return [(f.value, f.unit, f.text) for f in extract_figures(digits, document="suite")]

    return read


def quantulum_reader() -> Callable[[str], list[Prediction]]:
    """quantulum3's quantities with its unit names mapped; pence as pounds, dozens as counts."""
    warnings.filterwarnings("ignore")
    from quantulum3 import parser

    def read(text: str) -> list[Prediction]:
        out = []
        for q in parser.parse(text):
            name = q.unit.name.lower()
            value = float(q.value)
            unit = _Q_UNITS.get(name, "other")
            if name == "penny":
                unit, value = "gbp", value / 100
            elif name == "dozen":
                unit, value = "count", value * 12
            out.append((value, unit, q.surface))
        return out

    return read


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.005, 1e-6 * max(abs(a), abs(b)))


def pair(gold: list[dict[str, Any]], predicted: list[Prediction]) -> list[tuple[int, int]]:
    """Greedy pairs (gold index, prediction index) by value, in order."""
    used: set[int] = set()
    pairs = []
    for g, fig in enumerate(gold):
        for p, (value, _, _) in enumerate(predicted):
            if p not in used and same_value(fig["value"], value):
                used.add(p)
                pairs.append((g, p))
                break
    return pairs


def score(items: Iterable[dict[str, Any]], read: Callable[[str], list[Prediction]]) -> dict:
    """Value precision/recall/F1 and unit accuracy of one reader on some items, and its misses."""
    tp = fp = fn = unit_ok = unit_named = unit_named_ok = 0
    misses: list[str] = []
    for item in items:
        predicted = read(item["text"])
        gold = item["figures"]
        pairs = pair(gold, predicted)
        paired_gold = {g for g, _ in pairs}
        paired_pred = {p for _, p in pairs}
        for g, p in pairs:
            if gold[g].get("excluded"):
                continue
            tp += 1
            ok = predicted[p][1] == gold[g]["unit"]
            unit_ok += ok
            if gold[g]["unit"] != "other":
                unit_named += 1
                unit_named_ok += ok
            if not ok:
                misses.append(f"UNIT   {item['text']!r}: {predicted[p]} != {gold[g]['unit']}")
        for g, fig in enumerate(gold):
            if g not in paired_gold and not fig.get("excluded"):
                fn += 1
                gold_text = f"{fig['text']!r} {fig['value']} {fig['unit']}"
                misses.append(f"MISSED {item['text']!r}: {gold_text}")
        for p, pred in enumerate(predicted):
            if p not in paired_pred and item.get("complete", True):
                fp += 1
                misses.append(f"EXTRA  {item['text']!r}: {pred}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "figures": tp + fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "unit_accuracy": unit_ok / tp if tp else 0.0,
        "unit_accuracy_named": unit_named_ok / unit_named if unit_named else 0.0,
        "misses": misses,
    }


def timed(items: list[dict[str, Any]], read: Callable[[str], list[Prediction]]) -> dict:
    """score() with wall-clock seconds and peak traced memory of the scoring run."""
    tracemalloc.start()
    began = time.perf_counter()
    result = score(items, read)
    result["seconds"] = time.perf_counter() - began
    result["peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    parser.add_argument(
        "--tool", choices=["minutegen", "quantulum3", "text2num", "both", "all"], default="all"
    )
    parser.add_argument("--misses", choices=["tune", "heldout"], help="list one half's misses")
    parser.add_argument(
        "--half", choices=["tune", "heldout", "both"], default="both", help="which halves to score"
    )
    args = parser.parse_args(argv)
    suite = json.loads(args.suite.read_text(encoding="utf-8"))
    readers = {}
    if args.tool in ("minutegen", "both", "all"):
        readers["minutegen"] = minutegen_reader()
    if args.tool in ("quantulum3", "both", "all"):
        readers["quantulum3"] = quantulum_reader()
    if args.tool in ("text2num", "all"):
        readers["text2num"] = text2num_reader()
    for read in readers.values():
        read("warm up: 12 per cent")
    splits = ("tune", "heldout") if args.half == "both" else (args.half,)
    halves = {split: [i for i in suite["items"] if i["split"] == split] for split in splits}
    print(f"suite: {args.suite.name}, sources: {', '.join(s['name'] for s in suite['sources'])}")
    head = f"{'half':8} {'tool':11} {'sents':>5} {'figs':>5} {'P':>6} {'R':>6} {'F1':>6}"
    print(head + f" {'unit':>6} {'unit*':>6} {'sec':>6} {'peakMB':>7}")
    for split, items in halves.items():
        for tool, read in readers.items():
            print(f"  {tool} on {split} ...", file=sys.stderr)
            r = timed(items, read)
            print(
                f"{split:8} {tool:11} {len(items):5} {r['figures']:5} {r['precision']:6.3f} "
                f"{r['recall']:6.3f} {r['f1']:6.3f} {r['unit_accuracy']:6.3f} "
                f"{r['unit_accuracy_named']:6.3f} {r['seconds']:6.2f} {r['peak_mb']:7.1f}"
            )
            if args.misses == split and tool == "minutegen":
                print("\n".join(r["misses"]), file=sys.stderr)
    print("unit = unit accuracy over paired figures; unit* = the same without gold unit `other`")
    print("text2num = text2num's alpha2digit, then minutegen's extractor on its output")
    print("tune is the half studied while tuning; heldout is the blind figure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
