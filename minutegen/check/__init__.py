"""Check a minute's prose against its data: values, directions, target and benchmark
relations, framing, units and coverage, each finding with a stable code (MG1xx-MG6xx)."""

from __future__ import annotations

from .core import CheckReport, check_minute, known_codes
from .report import codes_markdown, load_codes, render

__all__ = ["CheckReport", "check_minute", "codes_markdown", "known_codes", "load_codes", "render"]
