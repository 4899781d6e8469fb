"""Draft a committee minute's prose from indicator results: content -> phrasing -> rendering.

`draft_minute(indicators, meeting, style=, seed=)` returns a `Minute`; `render_minute(minute,
fmt)` writes it as text, Markdown, HTML (str) or DOCX (bytes).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..model import Indicator, Meeting
from .content import plan_content
from .phrasing import word_plan
from .render import Minute, render_minute
from .style import available_styles, load_style

__all__ = ["Minute", "available_styles", "draft_minute", "render_minute"]


def draft_minute(
    indicators: Iterable[Indicator],
    meeting: Meeting | None = None,
    *,
    style: str | Path = "house",
    seed: int = 0,
) -> Minute:
    """Decide what to say about each indicator and word it in `style` (a name or a folder).

    The same input, style and seed always give the same minute; seed 0 takes every phrase's
    first variant.
    """
    resolved = load_style(style)
    plan = plan_content(list(indicators), meeting or Meeting())
    return Minute(word_plan(plan, resolved, seed), resolved)
