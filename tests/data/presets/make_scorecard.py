"""Write scorecard.xlsx: a council's Excel scorecard as clerks receive it (title rows above the
header, quarter-named columns, "Good is", RAG symbols, Commentary and Management action).

Run from this folder: python make_scorecard.py
"""

from openpyxl import Workbook

book = Workbook()
sheet = book.active
sheet.title = "Scorecard"
sheet.append(["Adult Social Care Performance Scorecard"])
sheet.append(["Quarter 2 2020/21 - data as at 30 September 2020"])
sheet.append([])
sheet.append(
    ["Ref", "Measure", "Good is", "Q1 2020/21", "Q2 2020/21", "YTD", "Target", "RAG",
     "Commentary", "Management action"]
)  # fmt: skip
rows = [
    (
        "ASC01",
        "Adults with learning disabilities in paid employment",
        "High",
        0.061,
        0.064,
        0.064,
        0.07,
        "⚠",
        "Supported employment placements paused during lockdown",
        "Job coaches restarting placements",
    ),
    (
        "ASC02",
        "Permanent admissions to residential care per 100,000 aged 65+",
        "Low",
        142.0,
        131.5,
        273.5,
        300.0,
        "✔",
        "Admissions are within the profile",
        None,
    ),
    (
        "ASC03",
        "Safeguarding enquiries completed within 28 days",
        "High",
        0.72,
        0.688,
        0.70,
        0.85,
        "✖",
        "Staff absence delayed enquiries",
        "Agency social workers recruited",
    ),
]
for ref, name, good, q1, q2, ytd, target, rag, comment, action in rows:
    sheet.append([ref, name, good, q1, q2, ytd, target, rag, comment, action])
    row = sheet.max_row
    if ref != "ASC02":  # percentages kept as fractions with a % number format, as Excel does
        for column in "DEFG":
            sheet[f"{column}{row}"].number_format = "0.0%"
book.save("scorecard.xlsx")
