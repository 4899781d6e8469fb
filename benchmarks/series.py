"""`series` on a large archive, measured: seconds, rows/s and peak memory, beside the obvious
alternative (SQL grouping by the extractor's catalogue id, which links no wording the
catalogue misses).

    python benchmarks/series.py [--copies 40]

corpus/dev's 27 real minutes are extracted once; the archive then holds each one --copies
times, as if each council had reported every quarter for years (the same wordings recur, as
they do), each copy filed under its council and a later financial year. Runs in this one
process; peak memory is the process's maximum resident set.
"""

from __future__ import annotations

import argparse
import re
import resource
import sqlite3
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from minutegen.extract.archive import Archive, content_hash  # noqa: E402
from minutegen.extract.runner import iter_results  # noqa: E402
from minutegen.series.frame import series_frame  # noqa: E402

YEAR = re.compile(r"\b(20\d\d)(/\d\d)?\b")


def later(period: str | None, years: int) -> str | None:
    """The same period `years` financial years on ("Quarter 2 2020/21" -> "Quarter 2 2023/24")."""
    if period is None:
        return None

    def shift(match: re.Match[str]) -> str:
        start = int(match.group(1)) + years
        return f"{start}/{(start + 1) % 100:02d}" if match.group(2) else str(start)

    return YEAR.sub(shift, period)


def build(db: Path, copies: int) -> int:
    results = [r for r in iter_results(str(REPO / "corpus" / "dev")) if r.error is None]
    with Archive(db) as archive:
        for copy in range(copies):
            for result in results:
                council = Path(result.document).name.split("-")[0]
                name = f"{council}/{copy:03d}-{Path(result.document).name}"
                figures = [
                    replace(f, document=name, period=later(f.period, copy)) for f in result.figures
                ]
                archive.add(
                    name, content_hash(f"{copy}:{result.document}"), figures,
                    chars=result.chars, period=later(result.period, copy), source=council,
                )  # fmt: skip
        return archive.counts()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "archive.sqlite"
        figures = build(db, args.copies)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        frame = series_frame(db)
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        grouped = (
            sqlite3.connect(db)
            .execute(
                "SELECT COUNT(DISTINCT source || '|' || indicator_id || '|' || unit), "
                "SUM(indicator_id IS NULL) FROM figures WHERE role = 'actual' "
                "AND indicator IS NOT NULL"
            )
            .fetchone()
        )
        sql_seconds = time.perf_counter() - start
    documents = 27 * args.copies
    print(f"archive: {documents} documents, {figures} figures")
    print(f"series_frame: {elapsed:.2f} s, {len(frame) / elapsed:,.0f} rows/s, "
          f"{len(frame)} rows in {frame['series'].nunique()} series; "
          f"peak RSS {peak:.0f} MB ({before:.0f} MB before)")  # fmt: skip
    print(f"SQL GROUP BY indicator_id: {sql_seconds:.3f} s, {grouped[0]} series; "
          f"{grouped[1]} actual figures with no id left out")  # fmt: skip


if __name__ == "__main__":
    main()
