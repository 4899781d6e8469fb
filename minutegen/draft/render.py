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
        opening = [[self.realise(s) for s in paragraph] for paragraph in w.opening]
        return {
            "style": self.style.name,
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
    """A Word document: the title as a heading, paragraphs, bullets and the RESOLVED paragraph.

    Core properties and zip timestamps are fixed, so the same input gives the same bytes.
    """
    import datetime

    from docx import Document
    from docx.shared import Pt

    settings = docx_settings(minute.style)
    context = minute.context()
    document = Document()
    if settings["font"] or settings["font_size"]:
        normal = document.styles["Normal"]
        if settings["font"]:
            normal.font.name = str(settings["font"])
        if settings["font_size"]:
            normal.font.size = Pt(float(settings["font_size"]))
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
    fixed = datetime.datetime(2000, 1, 1, 0, 0, 0)
    core = document.core_properties
    core.author = "minutegen"
    core.last_modified_by = "minutegen"
    core.title = context["title"]
    core.created = fixed
    core.modified = fixed
    core.last_printed = fixed
    core.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


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
