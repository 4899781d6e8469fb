"""Whatever text arrives, extraction never crashes and every figure points at its own text."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutegen.errors import InputError
from minutegen.extract import extract_figures, extract_paths, read_document
from minutegen.extract.runner import Task, Worker, default_extractor, split_text
from minutegen.model import ROLES, UNITS

# Pieces of minutes: numbers in every shape they come in, unit words, and the text around them.
_number = st.one_of(
    st.integers(-5, 2_000_000).map(str),
    st.floats(0, 1000, allow_nan=False).map(lambda v: f"{v:.1f}"),
    st.integers(1, 999).map(lambda v: f"{v:,}000"),
    st.sampled_from(["no", "none", "nil", "two", "twelve", "a third", "half", "1/2", "0.5"]),
)
_unit = st.sampled_from(
    ["%", " per cent", " percent", "pc", " days", " weeks", " months", " years", " hours",
     " miles", "m", "k", " episodes", " children", " per 100,000", " points", ""]
)  # fmt: skip
_money = st.builds(lambda n, s: f"£{n}{s}", _number, st.sampled_from(["", "m", "k", "bn", ".50"]))
_word = st.sampled_from(
    ["The", "rate", "of", "was", "against", "a", "target", "of", "compared", "with",
     "statistical", "neighbours", "increase", "decrease", "from", "to", "in", "Quarter", "2",
     "2020/21", "Q3", "NI 192", "September 2020", "below", "above", "(", ")", ";", ",", ".",
     "-", "–", "\n", "\n\n", "•", "\t", "up", "by", "down", "within", "and", "–", "6-8", "5 – 10%"]
)  # fmt: skip
_figure = st.builds(lambda n, u: n + u, _number, _unit) | _money
_noise = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
_minute = st.lists(st.one_of(_word, _word, _figure, _noise), max_size=60).map(" ".join)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_minute)
def test_any_text_extracts_without_crashing_and_offsets_slice_to_the_text(text: str) -> None:
    for figure in extract_figures(text, document="hyp.txt"):
        assert text[figure.start : figure.end] == figure.text
        assert 0 <= figure.start < figure.end <= len(text)
        assert figure.unit in UNITS
        assert figure.role in ROLES
        assert figure.document == "hyp.txt"
        assert figure.assessment in (None, "positive", "negative", "neutral")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_minute, min_size=1, max_size=5))
def test_files_streamed_through_the_runner_keep_their_offsets(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, text in enumerate(texts):
            path = Path(folder) / f"minute-{index}.txt"
            path.write_text(text, encoding="utf-8", newline="")
            paths.append(str(path))
        read = {}
        for path in paths:
            try:
                read[path] = read_document(path)
            except InputError:  # a blank minute is refused by name, and has no figures
                continue
        for figure in extract_paths(paths):
            assert read[figure.document][figure.start : figure.end] == figure.text


@settings(max_examples=50, deadline=None)
@given(_minute, st.integers(20, 400))
def test_long_texts_split_into_bounded_parts_that_rejoin_exactly(text: str, limit: int) -> None:
    parts = split_text(text, limit)
    assert "".join(part for _, part in parts) == text
    assert all(len(part) <= limit for _, part in parts)
    assert all(text[offset : offset + len(part)] == part for offset, part in parts)


def test_a_document_too_long_for_one_pass_keeps_its_figures_and_offsets() -> None:
    paragraph = (
        "Sickness absence was {n}.5 days per full time equivalent employee against a target "
        "of 8 days.\n\n91.6 per cent of conferences were held within 15 working days.\n\n"
    )
    text = "".join(paragraph.format(n=n) for n in range(40))
    whole = Worker(default_extractor, None)([Task("long.txt", text=text)])[0].figures
    parts = Worker(default_extractor, None, max_chars=600)([Task("long.txt", text=text)])
    assert [(f.start, f.end, f.value, f.unit) for f in parts[0].figures] == [
        (f.start, f.end, f.value, f.unit) for f in whole
    ]
    assert all(text[f.start : f.end] == f.text for f in parts[0].figures)
