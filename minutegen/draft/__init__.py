"""Draft a committee minute's prose from indicator results: content -> phrasing -> rendering.

`draft_minute(indicators, meeting, style=, seed=)` returns a `Minute`; `render_minute(minute,
fmt)` writes it as text, Markdown, HTML (str) or DOCX (bytes).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..gcpause import paused_gc
from ..model import Indicator, Meeting
from .content import Judgement, plan_content, range_warnings
from .phrasing import word_plan
from .render import Minute, render_minute
from .style import available_styles, load_style

__all__ = ["Judgement", "Minute", "available_styles", "draft_minute", "render_minute"]


def draft_minute(
    indicators: Iterable[Indicator],
    meeting: Meeting | None = None,
    *,
    style: str | Path = "house",
    seed: int = 0,
    judgement: Judgement | None = None,
) -> Minute:
    """Decide what to say about each indicator and word it in `style` (a name or a folder).

    The same input, style and seed always give the same minute; seed 0 takes every phrase's
    first variant. `judgement` weighs the evidence where no status decides (materiality
    threshold, weights); `Minute.warnings` lists figures that look wrong (a percentage outside
    0-100), which are stated but not judged.
    """
    resolved = load_style(style)
    with paused_gc():
        rows = list(indicators)
        plan = plan_content(rows, meeting or Meeting(), judgement)
        return Minute(word_plan(plan, resolved, seed), resolved, range_warnings(rows))
