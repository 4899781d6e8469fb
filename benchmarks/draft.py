"""Benchmark `minutegen draft`: tables of 10,000, 30,000 and 100,000 indicators (time, time per
1,000 rows and peak memory, each size in a fresh process, against the naive alternative), then
the stages at the first size and the cold start of `minutegen --help` and of drafting the sample.

With --roundtrip (needs /work/shared beside the repo, or --gold-dir): draft the Darlington
sample in each style, extract the figures back and score them with the corpus scorer against
the gold annotations of the real minute the sample was taken from.

Run: .venv/bin/python benchmarks/draft.py [--sizes 10000,30000,100000] [--repeat 3] [--roundtrip]
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "darlington-cyp-2020q2"
SUBJECTS = ["children", "households", "adults", "tenants", "complaints", "visits", "repairs"]
WHATS = [
    "seen within 10 working days", "resolved on time", "with a plan", "placed out of area",
    "supported to live at home", "reviewed this year", "satisfied with the service",
]  # fmt: skip


def write_table(path: Path, rows: int, seed: int = 1) -> None:
    """A realistic indicator table: percentages, counts, days and money, all columns used."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "indicator", "value", "unit", "previous", "previous_period",
                         "target", "polarity", "benchmark", "benchmark_label", "status",
                         "note"])  # fmt: skip
        for n in range(rows):
            unit = rng.choice(["percent", "percent", "count", "days", "gbp"])
            top = {"percent": 100, "count": 500, "days": 60, "gbp": 2_000_000}[unit]
            value = round(rng.uniform(0, top), 1)
            writer.writerow([
                f"BM-{n:05d}",
                f"{rng.choice(SUBJECTS).title()} {rng.choice(WHATS)} (measure {n})",
                value, unit,
                round(rng.uniform(0, top), 1) if rng.random() < 0.6 else "",
                "the same period last year",
                round(rng.uniform(0, top), 1) if rng.random() < 0.7 else "",
                rng.choice(["higher", "lower", "neutral"]),
                round(rng.uniform(0, top), 1) if rng.random() < 0.3 else "",
                "statistical neighbours",
                rng.choice(["", "", "green", "amber", "red"]),
                "staffing vacancies" if rng.random() < 0.1 else "",
            ])  # fmt: skip


def best_of(repeat: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_memory(work: Callable[[], Any]) -> float:
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1_000_000


def naive_draft(path: Path) -> str:
    """The obvious alternative: csv.DictReader and one str.format line per row."""
    lines = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            line = "{indicator} was {value} ({unit})".format(**row)
            if row["target"]:
                line += ", against a target of {target}".format(**row)
            lines.append(line + ".")
    return "\n".join(lines)


def cold(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def roundtrip(gold_dir: Path) -> None:
    """Draft the Darlington sample, extract it again, score against the real minute's gold."""
    import importlib.util
    import json

    from minutegen.draft import draft_minute, render_minute
    from minutegen.extract import extract_figures
    from minutegen.meeting import load_meeting
    from minutegen.tables import load_table

    name = "darlington-cyp-2020q2"
    scorer_path = gold_dir.parent / "score_extract.py"
    spec = importlib.util.spec_from_file_location("score_extract", scorer_path)
    if spec is None or spec.loader is None or not (gold_dir / f"{name}.gold.json").exists():
        print(f"round trip: no gold annotations for {name} under {gold_dir}; skipped")
        return
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    folder = Path(tempfile.mkdtemp(prefix="minutegen-roundtrip-"))
    try:
        (folder / "gold").mkdir()
        shutil.copy(gold_dir / f"{name}.gold.json", folder / "gold")
        rows = load_table(SAMPLE / "indicators.csv")
        meeting = load_meeting(SAMPLE / "meeting.yaml")
        print(f"round trip: draft {name} -> extract -> score against the real minute's gold")
        keys = ["predicted", "precision", "recall", "f1", "role_accuracy",
                "indicator_accuracy", "assessment_accuracy", "strict_f1"]  # fmt: skip
        print(f"  {'':<12}" + "".join(f"{k[:10]:>11}" for k in keys))
        sources = [(f"draft {s}", s) for s in ("house", "govuk")] + [("real minute", None)]
        for label, style in sources:
            if style is None:
                text = (gold_dir / f"{name}.txt").read_text(encoding="utf-8")
            else:
                text = str(render_minute(draft_minute(rows, meeting, style=style), "text"))
            figures = extract_figures(text, document=name)
            predictions = folder / "pred.jsonl"
            predictions.write_text(
                "".join(json.dumps(f.to_dict()) + "\n" for f in figures), encoding="utf-8"
            )
            summary, _ = scorer.score(folder / "gold", predictions)
            print(f"  {label:<12}" + "".join(f"{summary[k]:>11}" for k in keys))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


SCALE_CODE = """
import resource, sys, time
from pathlib import Path
table, which = Path(sys.argv[1]), sys.argv[2]
sys.path.insert(0, sys.argv[3])
start = time.perf_counter()
if which == "minutegen":
    from minutegen.draft import draft_minute, render_minute
    from minutegen.tables import load_table
    render_minute(draft_minute(load_table(table)), "text")
else:
    from draft import naive_draft
    naive_draft(table)
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def scaling(sizes: list[int], repeat: int) -> None:
    """Load + draft + render text at each size, each run in a fresh process (so peak memory is
    the process's own), best of `repeat`; cost per 1,000 rows shows whether growth is linear."""
    print(f"load + draft + render text, a fresh process per run (best of {repeat}):")
    head = f"  {'rows':>8} {'minutegen':>10} {'per 1k':>8} {'peak MB':>8}"
    print(head + f"   {'naive':>7} {'peak MB':>8}")
    folder = Path(tempfile.mkdtemp(prefix="minutegen-scale-"))
    try:
        for rows in sizes:
            table = folder / f"t{rows}.csv"
            write_table(table, rows)
            found = {}
            for which in ("minutegen", "naive"):
                runs = []
                for _ in range(repeat):
                    out = subprocess.run(
                        [sys.executable, "-c", SCALE_CODE, str(table), which,
                         str(Path(__file__).parent)],
                        check=True, capture_output=True, text=True,
                    )  # fmt: skip
                    seconds, peak = map(float, out.stdout.split())
                    runs.append((seconds, peak))
                found[which] = min(runs)
            (ms, mp), (ns, np_) = found["minutegen"], found["naive"]
            print(
                f"  {rows:>8,} {ms:>9.2f}s {ms / rows * 1000:>7.3f}s {mp:>8.0f}   "
                f"{ns:>6.2f}s {np_:>8.0f}",
                flush=True,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10000,30000,100000", help="table sizes, comma-separated"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--roundtrip", action="store_true", help="also score draft -> extract")
    parser.add_argument(
        "--gold-dir", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev",
        help="gold annotations for --roundtrip",
    )  # fmt: skip
    args = parser.parse_args()
    if args.roundtrip:
        roundtrip(args.gold_dir)
    sizes = [int(n) for n in args.sizes.split(",") if n.strip()]
    scaling(sizes, args.repeat)
    args.rows = sizes[0]

    from minutegen.draft import draft_minute, render_minute
    from minutegen.meeting import load_meeting
    from minutegen.tables import load_table

    folder = Path(tempfile.mkdtemp(prefix="minutegen-bench-"))
    try:
        table = folder / "indicators.csv"
        write_table(table, args.rows)
        meeting = load_meeting(SAMPLE / "meeting.yaml")
        indicators = load_table(table, catalogue=False)

        def full() -> str | bytes:
            return render_minute(draft_minute(load_table(table), meeting), "text")

        def full_no_catalogue() -> str | bytes:
            return render_minute(draft_minute(load_table(table, catalogue=False), meeting), "text")

        def draft_only() -> str | bytes:
            return render_minute(draft_minute(indicators, meeting), "text")

        def docx_only() -> str | bytes:
            return render_minute(draft_minute(indicators, meeting), "docx")

        print(f"table: {args.rows:,} indicators ({table.stat().st_size / 1e6:.1f} MB CSV)")
        results = [
            ("load + draft + render text (catalogue lookups)", full),
            ("load + draft + render text (catalogue=False)", full_no_catalogue),
            ("draft + render text (rows already loaded)", draft_only),
            ("draft + render docx (rows already loaded)", docx_only),
            ("naive csv.DictReader + str.format", lambda: naive_draft(table)),
        ]
        for label, work in results:
            seconds = best_of(args.repeat, work)
            print(f"  {label:<50} {seconds:7.3f} s   peak {peak_memory(work):7.1f} MB")
        exe = shutil.which("minutegen", path=str(Path(sys.executable).parent)) or "minutegen"
        help_s = cold([exe, "--help"], max(args.repeat, 5))
        sample_s = cold(
            [exe, "draft", str(SAMPLE / "indicators.csv"), "--meeting",
             str(SAMPLE / "meeting.yaml")], max(args.repeat, 5),
        )  # fmt: skip
        python_s = cold([sys.executable, "-c", "pass"], max(args.repeat, 5))
        print(f"cold start (best of {max(args.repeat, 5)}):")
        print(f"  {'python -c pass (floor)':<50} {python_s:7.3f} s")
        print(f"  {'minutegen --help':<50} {help_s:7.3f} s")
        print(f"  {'minutegen draft <sample> --meeting ...':<50} {sample_s:7.3f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
