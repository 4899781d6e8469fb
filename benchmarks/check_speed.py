#!/usr/bin/env python3
"""Time `minutegen check`: each sample with its own draft, and a 500-indicator table with its
draft. The spaCy pipeline loads once (timed apart); each check is best of N runs.

    python benchmarks/check_speed.py [--rows 500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from minutegen.check import check_minute  # noqa: E402
from minutegen.model import Indicator, Meeting  # noqa: E402

SUBJECTS = ("children", "adults", "households", "tenants", "pupils", "carers", "residents")
MEASURES = ("visited within", "assessed within", "reviewed within", "housed within",
            "supported within", "contacted within")  # fmt: skip
QUALIFIERS = ("working days", "weeks", "calendar days")


def big_table(n: int, seed: int = 0) -> list[Indicator]:
    """`n` distinct, realistic-looking indicators with values, targets and previous values."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        name = (
            f"{rng.choice(SUBJECTS).capitalize()} in area {i + 1} "
            f"{rng.choice(MEASURES)} {rng.randint(2, 60)} {rng.choice(QUALIFIERS)}"
        )
        value = round(rng.uniform(40, 99), 1)
        rows.append(
            Indicator(
                name=name,
                value=value,
                unit="percent",
                previous=round(rng.uniform(40, 99), 1) if rng.random() < 0.5 else None,
                target=float(rng.choice((70, 80, 90, 95))) if rng.random() < 0.6 else None,
                polarity="higher",
                row=i + 1,
            )
        )
    return rows


def best_of(repeat: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from minutegen.draft import draft_minute, render_minute
    from minutegen.extract.pipeline import extract_figures, get_nlp
    from minutegen.meeting import load_meeting
    from minutegen.tables import load_table

    started = time.perf_counter()
    get_nlp()
    print(f"spaCy pipeline load (once): {time.perf_counter() - started:.3f} s")
    print(f"{'case':<32} {'rows':>5} {'words':>6} {'findings':>8} {'extract s':>9} "
          f"{'align+compare s':>15} {'whole check s':>13}")  # fmt: skip
    cases = []
    for folder in sorted((ROOT / "samples").iterdir()):
        tables = sorted(folder.glob("indicators.*"))
        if tables:
            rows = load_table(tables[0])
            meeting = folder / "meeting.yaml"
            minute = draft_minute(rows, load_meeting(meeting if meeting.exists() else None))
            cases.append((folder.name, rows, render_minute(minute, "text")))
    rows = big_table(args.rows)
    cases.append((f"generated {args.rows} indicators", rows, render_minute(
        draft_minute(rows, Meeting(), seed=0), "text")))  # fmt: skip
    worst = 0.0
    for name, rows, text in cases:
        check_minute(text, rows, document=name)  # warm caches (catalogue, lexicon)
        figures = extract_figures(text, document=name, indicators=rows)
        extract_s = best_of(args.repeat, lambda r=rows, t=text: extract_figures(t, indicators=r))
        compare_s = best_of(
            args.repeat, lambda r=rows, t=text, f=figures: check_minute(t, r, figures=f)
        )
        whole_s = best_of(
            args.repeat, lambda r=rows, t=text, n=name: check_minute(t, r, document=n)
        )
        report = check_minute(text, rows, document=name)
        worst = max(worst, whole_s)
        print(f"{name:<32} {len(rows):>5} {len(text.split()):>6} {len(report.findings):>8} "
              f"{extract_s:>9.3f} {compare_s:>15.3f} {whole_s:>13.3f}")  # fmt: skip
    print(f"slowest check: {worst:.3f} s (aim: a whole minute well under 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
