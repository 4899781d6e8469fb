"""Write this sample's indicator table twice from one list: a tidy indicators.csv with the
canonical columns and indicators.xlsx as a performance team might keep it (a title row,
spreadsheet headers such as "Q1 2023/24", "Good is", "HouseMark median", "RAG").

Run from anywhere: python samples/housing-2023q1/make_sample.py
The figures are illustrative but internally consistent (a 5,200-home council landlord).
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
PERIOD = "Quarter 1 2023/24"
PREVIOUS_PERIOD = "Quarter 1 2022/23"

# id, indicator, unit, previous, value, target, polarity, benchmark, frequency, status, note,
# abbreviation
ROWS: list[tuple] = [
    ("HSG-01", "Rent collected as a percentage of rent due", "percent", 98.4, 99.2, 98.5,
     "higher", 98.9, "quarterly", "", "", ""),
    ("HSG-02", "Current tenant rent arrears", "gbp", 1180000, 1240000, 1100000,
     "lower", None, "quarterly", "", "arrears rose as Universal Credit migration moved "
     "more tenants onto monthly payments", ""),
    ("HSG-03", "Average days to re-let standard void properties", "days", 38.2, 32.5, 28,
     "lower", None, "quarterly", "", "a backlog of voids needing major works is being "
     "cleared by a second contractor", ""),
    ("HSG-04", "Void properties as a percentage of stock", "percent", None, 1.1, 1.5,
     "lower", None, "quarterly", "", "", ""),
    ("HSG-05", "Emergency repairs completed within 24 hours", "percent", None, 99.6, 98,
     "higher", None, "quarterly", "", "", ""),
    ("HSG-06", "Routine repairs completed within 28 calendar days", "percent", 88.0, 84.3,
     90, "higher", None, "quarterly", "", "", ""),
    ("HSG-07", "Tenants satisfied with their most recent repair", "percent", None, 91, None,
     "higher", 88, "quarterly", "", "", ""),
    ("HSG-08", "Households in temporary accommodation", "count", 97, 112, None, "lower",
     None, "quarterly", "", "", ""),
    ("HSG-09", "Households with children in bed and breakfast accommodation for more than "
     "6 weeks", "count", None, 0, None, "lower", None, "quarterly", "green", "", ""),
    ("HSG-10", "Households prevented from becoming homeless", "count", 128, 146, None,
     "higher", None, "quarterly", "", "", ""),
    ("HSG-11", "Complaints responded to within 10 working days", "percent", None, 78.4, 95,
     "higher", None, "quarterly", "", "", ""),
    ("HSG-12", "Homes with a valid Landlord Gas Safety Record", "percent", None, 99.9, 100,
     "higher", None, "quarterly", "amber", "the remaining properties, where access was "
     "refused, are going through the legal process", "LGSR"),
    ("HSG-13", "Disabled Facilities Grant spend", "gbp", 298200, 312450, None, "neutral",
     None, "quarterly", "", "", ""),
    ("HSG-14", "Tenants satisfied with the overall service", "percent", None, None, 85,
     "higher", None, "annual", "", "", ""),
]  # fmt: skip

CSV_COLUMNS = [
    "id", "indicator", "unit", "period", "previous", "previous_period", "value", "target",
    "polarity", "benchmark", "benchmark_label", "frequency", "status", "note", "abbreviation",
]  # fmt: skip
XLSX_HEADERS = [
    "Ref", "Performance Indicator", "Units", "Q1 2022/23", "Q1 2023/24", "Target 2023/24",
    "Good is", "Benchmark (HouseMark median)", "Reporting frequency", "RAG", "Commentary",
    "Acronym",
]  # fmt: skip


def blank(value: object) -> object:
    return "" if value is None else value


def write_csv(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for ref, name, unit, prev, value, target, pol, bench, freq, rag, note, abbr in ROWS:
            writer.writerow([
                ref, name, unit, PERIOD, blank(prev), PREVIOUS_PERIOD if prev is not None else "",
                blank(value), blank(target), pol, blank(bench),
                "the HouseMark benchmark" if bench is not None else "", freq, rag, note, abbr,
            ])  # fmt: skip


def write_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Housing KPIs"
    sheet.append(["Housing Services – performance report, Quarter 1 2023/24"])
    sheet.append([])
    sheet.append(XLSX_HEADERS)
    words = {"higher": "High", "lower": "Low", "neutral": "n/a"}
    for ref, name, unit, prev, value, target, pol, bench, freq, rag, note, abbr in ROWS:
        shown_unit = {"percent": "%", "gbp": "£", "days": "days", "count": "number"}[unit]
        sheet.append([
            ref, name, shown_unit, prev, value if value is not None else "n/a", target,
            words[pol], bench, freq.title(), rag.upper() or None, note or None, abbr or None,
        ])  # fmt: skip
    book.properties.creator = "minutegen sample"
    book.save(path)


if __name__ == "__main__":
    write_csv(HERE / "indicators.csv")
    write_xlsx(HERE / "indicators.xlsx")
    print(f"wrote {HERE / 'indicators.csv'} and {HERE / 'indicators.xlsx'}")
