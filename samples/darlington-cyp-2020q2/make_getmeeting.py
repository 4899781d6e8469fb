"""Write GetMeeting-4816.xml: a saved `mgWebService.asmx/GetMeeting?lMeetingId=4816` response
built to the shape ModernGov documents and returns (no network): the meeting's committee and
dd/mm/yyyy date, and agenda items whose minutes are HTML escaped inside the XML, the HTML's own
entities escaped again. The performance item's minutes are Darlington's published minute
(samples/darlington-cyp-2020q2/published-minute.txt).

Run from the repository root: python samples/darlington-cyp-2020q2/make_getmeeting.py
"""

from __future__ import annotations

import html
from pathlib import Path

HERE = Path(__file__).resolve().parent


def paragraphs_html(text: str) -> str:
    """Plain paragraphs as the HTML ModernGov keeps: <p> per paragraph, apostrophes as &#39;."""
    out = []
    for block in text.split("\n\n"):
        words = " ".join(block.split())
        if words:
            escaped = html.escape(words, quote=False).replace("'", "&#39;")
            out.append(f"<p>{escaped}</p>")
    return "".join(out)


def item(
    item_id: int, number: int, minute: int, title: str, body: str | None, restricted: bool = False
) -> str:
    minutes = "" if body is None else html.escape(paragraphs_html(body), quote=False)
    return f"""
      <agendaitem>
        <agendaitemid>{item_id}</agendaitemid>
        <agendaitemnumber>{number}</agendaitemnumber>
        <fulldisplaynumberformat>{number}.</fulldisplaynumberformat>
        <agendaitemtitle>{html.escape(title, quote=False)}</agendaitemtitle>
        <minutesitemnumber>{minute}</minutesitemnumber>
        <isrestricted>{restricted}</isrestricted>
        <isdecision>False</isdecision>
        <minutesnonemptyhtmlbody>{minutes}</minutesnonemptyhtmlbody>
        <linkeddocuments />
      </agendaitem>"""


def main() -> None:
    published = (HERE / "published-minute.txt").read_text(encoding="utf-8")
    body = published.split("Report of the Acting Director of Children and Adult Services", 1)[1]
    minutes = (
        "RESOLVED – That the Minutes of this Children & Young People Scrutiny Committee held on "
        "7 September 2020 be approved as a correct record."
    )
    items = [
        item(21870, 1, 59, "Apologies for Absence", "Apologies were submitted by Cllr O'Donnell."),
        item(21871, 2, 60, "Declarations of Interest", "There were no declarations of interest."),
        item(21872, 3, 61, "Minutes", minutes),
        item(21873, 5, 62, "Performance Indicators Quarter 2 2020/21", body),
        item(21874, 6, 63, "Work Programme", None),
        item(21875, 7, 64, "Fostering Placements (Exempt)", "Considered in private.", True),
    ]
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<getmeeting xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <meeting>
    <meetingid>4816</meetingid>
    <meetingdate>16/11/2020</meetingdate>
    <meetingtime>10:00</meetingtime>
    <meetingstatus>Minutes published</meetingstatus>
    <committeeid>145</committeeid>
    <committeetitle>Children &amp; Young People Scrutiny Committee</committeetitle>
    <meetinglocation>Microsoft Teams - Virtual Meeting</meetinglocation>
    <agendapublished>True</agendapublished>
    <minutepublished>True</minutepublished>
    <decisionpublished>False</decisionpublished>
    <agendaitems>{"".join(items)}
    </agendaitems>
  </meeting>
</getmeeting>
"""
    (HERE / "GetMeeting-4816.xml").write_text(xml, encoding="utf-8")


if __name__ == "__main__":
    main()
