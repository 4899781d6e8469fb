"""Realisation: write figures as words, then fill the style's Jinja2 templates (or build DOCX).

Templates, built-in or a user's, always run in Jinja2's SandboxedEnvironment: a template that
reaches for Python internals fails with an InputError, never a traceback.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..yamlio import load_yaml, reject_unknown_keys
from .numbers import Quantity, format_quantity
from .phrasing import Sentence, Wording
from .style import Style

FORMATS: dict[str, str] = {"text": "txt", "markdown": "md", "html": "html"}
ALL_FORMATS: tuple[str, ...] = ("text", "markdown", "html", "docx")
DOCX_DEFAULTS: dict[str, Any] = {
    "title_style": "Heading 1",
    "subtitle_italic": True,
    "section_headings": False,
    "heading_style": "Heading 2",
    "bullet_style": "List Bullet",
    "resolution_bold_label": True,
    "resolution_label_heading": False,  # the label as a heading above the resolution
    "font": None,
    "font_size": None,
}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


@dataclass(frozen=True)
class Minute:
    """A drafted minute: its wording in a style. Render it with `render_minute`."""

    wording: Wording
    style: Style
    warnings: tuple[str, ...] = ()  # figures that look wrong: stated, not judged

    def realise(self, sentence: Sentence) -> str:
        """The sentence as text, figures written in this style's number format."""
        numbers = self.style.phrases.get("numbers") or {}
        return "".join(
            format_quantity(s, numbers) if isinstance(s, Quantity) else s for s in sentence.segments
        )

    def sentences(self) -> list[tuple[str, Sentence]]:
        """Every sentence in reading order, with the part of the minute it belongs to."""
        out: list[tuple[str, Sentence]] = []
        for paragraph in self.wording.opening:
            out.extend(("opening", s) for s in paragraph)
        if self.wording.annual is not None:
            out.append(("annual", self.wording.annual))
        for section in self.wording.sections:
            out.extend((section.kind, s) for s in section.sentences)
        out.append(("resolution", self.wording.resolution))
        return out

    def provenance(self) -> list[dict[str, Any]]:
        """For each sentence: its text and the indicators (id, name, row, values) it states."""
        records = []
        for number, (part, sentence) in enumerate(self.sentences(), start=1):
            text = self.realise(sentence)
            if part == "resolution":
                text = f"{self.wording.resolution_label} {text}".strip()
            records.append(
                {
                    "sentence": number,
                    "section": part,
                    "text": text,
                    "indicators": [
                        {
                            "id": stated.id,
                            "name": stated.name,
                            "row": stated.row,
                            "values": {role: value for role, value in stated.values},
                            **({"why": stated.why} if stated.why else {}),
                            **({"part_of": stated.part_of} if stated.part_of else {}),
                        }
                        for stated in sentence.stated
                    ],
                }
            )
        return records

    def context(self) -> dict[str, Any]:
        """Plain strings and lists for templates: what every template may use."""
        w = self.wording
        sections = []
        for section in w.sections:
            texts = [self.realise(s) for s in section.sentences]
            sections.append(
                {
                    "kind": section.kind,
                    "heading": section.heading,
                    "bullets": section.bullets,
                    "sentences": texts,
                    "text": " ".join(texts),
                }
            )
        by_kind = {s["kind"]: s for s in sections}
        meeting = w.meeting
        committee = (meeting.committee or "").strip() if meeting else ""
        date = clerk_date((meeting.date or "").strip()) if meeting else ""
        item = (meeting.number or "").strip() if meeting else ""
        opening = [[self.realise(s) for s in paragraph] for paragraph in w.opening]
        return {
            "style": self.style.name,
            "committee": committee,
            "date": date,
            "item_number": item,
            # "Housing Scrutiny Committee, 4 September 2023": what a filed minute heads (the
            # item's number goes on its title, by the style's numbering)
            "meeting_line": ", ".join(part for part in (committee, date) if part),
            "title": w.title,
            "subtitle": w.subtitle,
            "opening": [" ".join(p) for p in opening],
            "opening_sentences": opening,
            "annual": self.realise(w.annual) if w.annual is not None else None,
            "sections": sections,
            "highlights": by_kind.get("highlights"),
            "focus": by_kind.get("focus"),
            "neutral": by_kind.get("neutral"),
            "comments": by_kind.get("comments"),
            "resolution_label": w.resolution_label,
            "resolution": self.realise(w.resolution),
        }


def clerk_date(text: str) -> str:
    """An ISO date as a clerk writes it ("2023-09-04" -> "4 September 2023"); other text as is."""
    import datetime

    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day.day} {day:%B %Y}"


def _markdown_escape(text: Any) -> str:
    return _MD_SPECIAL.sub(r"\\\1", str(text))


# The longest string or list a template may make by repetition ('=' * 80 is fine; 'a' * 10**9
# would take gigabytes): Jinja2's sandbox bounds range() but not `*`.
MAX_REPEAT = 1_000_000


@cache
def _environment(dirs: tuple[Path, ...], autoescape: bool) -> Any:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    class _Sandbox(SandboxedEnvironment):  # type: ignore[misc]
        """Jinja2's sandbox, also refusing huge repetitions ('a' * 10**9) and powers."""

        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int) and abs(right) > 1000:
                raise SecurityError(f"the power {right} is too large")
            if operator == "*":
                for seq, count in ((left, right), (right, left)):
                    sized = isinstance(seq, (str, list, tuple)) and isinstance(count, int)
                    if sized and len(seq) * count > MAX_REPEAT:
                        raise SecurityError("repetition makes a value too large")
            return super().call_binop(context, operator, left, right)

    env = _Sandbox(
        loader=FileSystemLoader([str(d) for d in dirs]),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _markdown_escape
    return env


def render_template(minute: Minute, fmt: str) -> str:
    """Fill the style's minute.<ext>.j2 template with the minute's context."""
    from jinja2 import TemplateError, TemplateNotFound
    from jinja2.exceptions import SecurityError

    extension = FORMATS[fmt]
    name = f"minute.{extension}.j2"
    env = _environment(minute.style.template_dirs, fmt == "html")
    try:
        template = env.get_template(name)
        return str(template.render(minute=minute.context()))
    except TemplateNotFound as error:
        if error.name != name:
            raise InputError(
                f"template {name} of style {minute.style.name!r} includes {error.name!r}, "
                "which is not in the style's folders"
            ) from None
        raise InputError(f"style {minute.style.name!r} has no template {name}") from None
    except SecurityError as error:
        raise InputError(
            f"template {name} of style {minute.style.name!r} was refused by the sandbox: {error}"
        ) from None
    except TemplateError as error:
        line = getattr(error, "lineno", None)
        where = f" (line {line})" if line else ""
        raise InputError(
            f"template {name} of style {minute.style.name!r} failed{where}: {error}"
        ) from None
    except (ArithmeticError, LookupError, TypeError, ValueError) as error:
        # a user's template is user input: 1/0, range(10**9), 'a' + 1 are its errors, not ours
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(
            f"template {name} of style {minute.style.name!r} failed: {message}"
        ) from None


def docx_settings(style: Style) -> dict[str, Any]:
    """The DOCX layout of a style: templates/<style>/docx.yaml over built-in defaults."""
    settings = dict(DOCX_DEFAULTS)
    for folder in reversed(style.template_dirs):
        path = folder / "docx.yaml"
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
                data = load_yaml(text) or {}
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                raise InputError("not a readable YAML file", path=path) from None
            if not isinstance(data, dict):
                raise InputError("docx.yaml must be a mapping", path=path)
            reject_unknown_keys(data, DOCX_DEFAULTS, path=path)
            settings.update(data)
    return settings


def render_docx(minute: Minute) -> bytes:
    """A Word document a council would file: A4, en-GB, the meeting line (committee, date, item)
    and the title as a heading in the house font, paragraphs, bullets, the RESOLVED paragraph.

    No thumbnail is left from python-docx's template, and no invented dates: the created and
    modified dates are SOURCE_DATE_EPOCH's when it is set (reproducible builds), else absent,
    so the same input gives the same bytes.
    """
    from docx import Document
    from docx.shared import Mm, Pt, RGBColor

    settings = docx_settings(minute.style)
    context = minute.context()
    document = Document()
    for section in document.sections:  # A4, not the template's US Letter
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(25)
    _set_language(document, "en-GB")
    normal = document.styles["Normal"]
    if settings["font"]:
        normal.font.name = str(settings["font"])
    if settings["font_size"]:
        normal.font.size = Pt(float(settings["font_size"]))
    for name in {settings["title_style"], settings["heading_style"]}:
        _plain_heading(document.styles[name], settings["font"], RGBColor(0, 0, 0))
    if context["meeting_line"]:
        line = document.add_paragraph()
        line.add_run(context["meeting_line"]).bold = True
    document.add_paragraph(context["title"], style=settings["title_style"])
    subtitle = document.add_paragraph()
    subtitle.add_run(context["subtitle"]).italic = bool(settings["subtitle_italic"])
    for index, paragraph in enumerate(context["opening"]):
        text = paragraph
        if index == len(context["opening"]) - 1 and context["annual"]:
            text = f"{text} {context['annual']}"
        document.add_paragraph(text)
    if not context["opening"] and context["annual"]:
        document.add_paragraph(context["annual"])
    for section in context["sections"]:
        if settings["section_headings"]:
            document.add_paragraph(section["heading"], style=settings["heading_style"])
        if section["bullets"]:
            for sentence in section["sentences"]:
                document.add_paragraph(sentence, style=settings["bullet_style"])
        else:
            document.add_paragraph(section["text"])
    if settings["resolution_label_heading"]:
        document.add_paragraph(context["resolution_label"], style=settings["heading_style"])
        document.add_paragraph(context["resolution"])
    else:
        resolved = document.add_paragraph()
        label = resolved.add_run(context["resolution_label"])
        label.bold = bool(settings["resolution_bold_label"])
        resolved.add_run(f" {context['resolution']}")
    core = document.core_properties
    core.author = "minutegen"
    core.last_modified_by = "minutegen"
    core.title = context["title"]
    core.revision = 1
    core.comments = ""  # not the template's "generated by python-docx"
    _set_dates(core)
    _drop_thumbnail(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _set_language(document: Any, tag: str) -> None:
    """The document's default proofing language (w:docDefaults), and Normal's."""
    from docx.oxml.ns import qn
    from docx.oxml.shared import OxmlElement

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    targets = []
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is not None and run_defaults.find(qn("w:rPr")) is not None:
            targets.append(run_defaults.find(qn("w:rPr")))
    targets.append(document.styles["Normal"].element.get_or_add_rPr())
    for rpr in targets:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), tag if attribute == "w:val" else lang.get(qn(attribute), tag))
        lang.set(qn("w:val"), tag)


def _plain_heading(style: Any, font: Any, colour: Any) -> None:
    """A heading in the house font and black: the template's theme font and blue removed."""
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
    if font:
        style.font.name = str(font)
    color = rpr.find(qn("w:color"))
    if color is not None:
        for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(attribute), None)
    style.font.color.rgb = colour


def _set_dates(core: Any) -> None:
    """Created/modified from SOURCE_DATE_EPOCH when set; otherwise no dates at all (never the
    template's 2013 date, never an invented one)."""
    import datetime
    import os

    from docx.oxml.ns import qn

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
        core.created = core.modified = when.replace(tzinfo=None)
        return
    element = core._element
    for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for found in element.findall(qn(tag)):
            element.remove(found)


def _drop_thumbnail(document: Any) -> None:
    """Remove python-docx template's thumbnail (a picture of another document)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rel_id]


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with every entry dated 1980-01-01, in the same order: stable bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def render_minute(minute: Minute, fmt: str = "text") -> str | bytes:
    """The minute as text, markdown or html (str), or docx (bytes)."""
    from ..gcpause import paused_gc

    with paused_gc():
        return _render(minute, fmt)


def _render(minute: Minute, fmt: str) -> str | bytes:
    if fmt == "docx":
        return render_docx(minute)
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; available: {', '.join(ALL_FORMATS)}")
    return render_template(minute, fmt)
