"""Open the drafted HTML minutes in a real browser (headless Chromium) and keep what it shows.

Drafts each sample in each style as a standalone HTML page, then has Chromium save a
screenshot (PNG, screen stylesheet) under benchmarks/screenshots/, and prints it to PDF (the
print stylesheet, A4) to show that it prints. The time each took and the sizes are printed;
a broken page (blank, unstyled, one endless line) shows at a glance in the PNGs.

Needs Debian's chromium (apt-get install chromium). Not a test: browsers are not in CI.
Run: .venv/bin/python benchmarks/screenshot_html.py [--out benchmarks/screenshots]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if (p / "indicators.csv").exists())


def browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium(exe: str, page: Path, *flags: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--no-first-run", *flags, page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "screenshots")
    args = parser.parse_args()
    exe = browser()
    if exe is None:
        sys.exit("screenshot_html: no chromium on PATH (apt-get install chromium)")
    from minutegen.draft import draft_minute, render_minute
    from minutegen.meeting import load_meeting
    from minutegen.tables import load_table

    args.out.mkdir(parents=True, exist_ok=True)
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"browser: {version}")
    with tempfile.TemporaryDirectory(prefix="minutegen-html-") as tmp:
        for sample in SAMPLES:
            rows = load_table(sample / "indicators.csv")
            meeting = load_meeting(sample / "meeting.yaml")
            for style in ("house", "govuk"):
                html = render_minute(draft_minute(rows, meeting, style=style), "html")
                page = Path(tmp) / f"{sample.name}-{style}.html"
                page.write_text(str(html), encoding="utf-8")
                png = args.out / f"{sample.name}-{style}.png"
                pdf = Path(tmp) / f"{sample.name}-{style}.pdf"  # printed, then measured
                shot = chromium(exe, page, f"--screenshot={png}", "--window-size=1000,1600")
                printed = chromium(exe, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
                print(
                    f"  {page.name:<34} screenshot {shot:5.2f} s {png.stat().st_size / 1e3:7.1f} kB"
                    f"   print {printed:5.2f} s {pdf.stat().st_size / 1e3:7.1f} kB"
                )


if __name__ == "__main__":
    main()
