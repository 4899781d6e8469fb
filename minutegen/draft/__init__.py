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
    exceptions: bool = False,
) -> Minute:
    """Decide what to say about each indicator and word it in `style` (a name or a folder).

    The same input, style and seed always give the same minute; seed 0 takes every phrase's
    first variant. With `exceptions`, one sentence of counts opens the indicators and only the
    exceptions (red, amber, moved materially, far from benchmark) are written.
    The style's house conventions (draft/profile.py) are applied last.
    """
    from .exceptions import counts_sentence, find_exceptions, only_exceptions, with_counts
    from .profile import apply_profile, prepare_indicators

    resolved = load_style(style)
    meeting = meeting or Meeting()
    rows = prepare_indicators(list(indicators), resolved.settings)
    plan = plan_content(rows, meeting)
    found = None
    if exceptions:
        found = find_exceptions(rows, resolved.settings)
        plan = only_exceptions(plan, rows, found)
    wording = word_plan(plan, resolved, seed)
    if found is not None:
        wording = with_counts(wording, counts_sentence(rows, found, resolved.settings))
    return Minute(apply_profile(wording, meeting, resolved.settings), resolved)
