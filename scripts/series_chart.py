"""Regenerate the README's series chart from the Darlington children's services minutes in
corpus/dev (four quarters, 2018 to 2022), the way a user would: extract into an archive,
then `minutegen series --plot`.

    python scripts/series_chart.py            # writes docs/series-darlington-cyp.png

The chart is kept in git; the same minutes and library versions give the same bytes.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from minutegen import extract_paths, series_frame  # noqa: E402
from minutegen.series.plot import plot_series  # noqa: E402

MINUTES = sorted((REPO / "corpus" / "dev").glob("darlington-cyp-20*.txt"))
CHART = REPO / "docs" / "series-darlington-cyp.png"
# the indicators every quarter reports on, as the catalogue names them
SHOWN = ("CSC-ICPC-15D", "CSC-CLA-VISITS", "CSC-REREF-12M", "CSC-CLA-NUM")


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "cyp.sqlite"
        paths = [str(p.relative_to(REPO)) for p in MINUTES]
        for _ in extract_paths(paths, db=db, source="Darlington CYP"):
            pass
        frame = series_frame(db)
    chosen = frame[frame["series"].str.split(":").str[1].isin(SHOWN)]
    plot_series(chosen, CHART, force=True)
    print(
        f"wrote {CHART.relative_to(REPO)}: {chosen['series'].nunique()} series, "
        f"{len(chosen)} points from {len(MINUTES)} minutes"
    )


if __name__ == "__main__":
    main()
