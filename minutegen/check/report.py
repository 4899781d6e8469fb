"""How a check is reported: the code table (phrasebanks/check/codes.yaml), and the text
(prose-linter style, with a caret line), JSON and GitHub-annotation renderings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Finding
from ..resources import phrasebanks_dir
from ..yamlio import load_yaml

if TYPE_CHECKING:  # pragma: no cover
    from .core import CheckReport

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
CODE_KEYS = frozenset({"label", "name", "severity", "description", "example", "message"})
DEFAULT_MESSAGE = '{label}: "{prose}" — the data says {data}'
FORMATS: tuple[str, ...] = ("text", "json", "github")


@dataclass(frozen=True)
class Code:
    """One finding code: stable id, short name, default severity, description and example."""

    code: str
    label: str
    name: str
    severity: str
    description: str
    example: str
    message: str = DEFAULT_MESSAGE


@cache
def load_codes() -> dict[str, Code]:
    """The code table, validated: unknown keys or severities are a broken installation."""
    path = phrasebanks_dir() / "check" / "codes.yaml"
    raw = load_yaml(path.read_text(encoding="utf-8")) or {}
    codes: dict[str, Code] = {}
    for code, spec in raw.items():
        unknown = set(spec) - CODE_KEYS
        if unknown:
            raise InputError(
                f"unknown key {sorted(unknown)[0]!r} under {code}; allowed: "
                + ", ".join(sorted(CODE_KEYS)),
                path=path,
            )
        if spec.get("severity") not in SEVERITIES:
            raise InputError(f"{code}: severity must be one of {', '.join(SEVERITIES)}", path=path)
        codes[str(code)] = Code(
            code=str(code),
            label=str(spec.get("label", spec["name"])),
            name=str(spec["name"]),
            severity=str(spec["severity"]),
            description=str(spec.get("description", "")),
            example=str(spec.get("example", "")),
            message=str(spec.get("message", DEFAULT_MESSAGE)),
        )
    return codes


def codes_markdown() -> str:
    """The code table as Markdown, for the README."""
    lines = [
        "| code | name | severity | what it means | example |",
        "| --- | --- | --- | --- | --- |",
    ]
    for code in load_codes().values():
        example = code.example.replace("|", "\\|")
        lines.append(
            f"| {code.code} | {code.name} | {code.severity} | {code.description} | {example} |"
        )
    return "\n".join(lines) + "\n"


def _excerpt(text: str, start: int, end: int, width: int = 100) -> tuple[str, int, int]:
    """The line holding [start, end), cut to about `width` characters around the span;
    returns (excerpt, caret column, caret length)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    if line_end < 0:
        line_end = len(text)
    end = min(max(end, start + 1), line_end) if line_end > start else start + 1
    left = max(line_start, start - width // 2)
    right = min(line_end, max(end, start) + width // 2)
    prefix = "…" if left > line_start else ""
    suffix = "…" if right < line_end else ""
    excerpt = prefix + text[left:right].replace("\t", " ") + suffix
    column = len(prefix) + (start - left)
    return excerpt, column, max(1, min(end, right) - start)


def render_text(report: CheckReport, text: str) -> str:
    """Prose-linter lines: `file:line:col: severity CODE message`, the line with the span
    marked by carets, then a one-line summary."""
    out: list[str] = []
    for finding in report.findings:
        out.append(
            f"{finding.document}:{finding.line}:{finding.column}: "
            f"{finding.severity} {finding.code} {finding.message}"
        )
        if finding.end > finding.start:
            excerpt, column, length = _excerpt(text, finding.start, finding.end)
            out.append("    " + excerpt)
            out.append("    " + " " * column + "^" * length)
    out.append(report.summary_line())
    return "\n".join(out) + "\n"


def render_json(report: CheckReport) -> str:
    """Every finding with its offsets, plus a summary of figures checked and rows covered."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(report: CheckReport) -> str:
    """GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    out = []
    for f in report.findings:
        props = [f"file={_escape_property(f.document)}"]
        if f.line:
            props.append(f"line={f.line}")
        if f.column:
            props.append(f"col={f.column}")
        props.append(f"title={_escape_property(f.code)}")
        out.append(f"::{level[f.severity]} {','.join(props)}::{_escape_data(f.message)}")
    out.append(report.summary_line())
    return "\n".join(out) + "\n"


def render(report: CheckReport, text: str, fmt: str = "text") -> str:
    """The report in one of FORMATS."""
    if fmt == "text":
        return render_text(report, text)
    if fmt == "json":
        return render_json(report)
    if fmt == "github":
        return render_github(report)
    raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def word_finding(finding: Finding) -> str:
    """A finding as one line, without its place (for logs and benchmarks)."""
    return f"{finding.severity} {finding.code} {finding.message}"
