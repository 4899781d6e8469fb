"""The SQLite archive: real tables and indexes, whole documents, skip by content, round trips."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutegen.errors import InputError
from minutegen.extract.archive import Archive, content_hash, document_period
from minutegen.model import ROLES, UNITS, Figure

TEXT = "It was highlighted that 91.6 per cent of conferences were held within 15 working days."


def _figures(document: str = "a.txt") -> list[Figure]:
    return [
        Figure(document, 24, 37, "91.6 per cent", TEXT, 91.6, "percent", "actual",
               "Initial Child Protection Conferences held within 15 working days", "CP-ICPC",
               "positive", "Q2 2020/21"),
        Figure(document, 72, 74, "15", TEXT, 15.0, "days", "parameter",
               "Initial Child Protection Conferences held within 15 working days", None, None,
               "Q2 2020/21"),
    ]  # fmt: skip


def test_a_new_archive_has_documents_and_figures_tables_and_query_indexes(tmp_path: Path) -> None:
    path = tmp_path / "figures.sqlite"
    Archive(path).close()
    conn = sqlite3.connect(path)
    names = {row[0]: row[1] for row in conn.execute("SELECT name, type FROM sqlite_master")}
    assert names["documents"] == "table" and names["figures"] == "table"
    index_columns = {
        tuple(r[2] for r in conn.execute(f"PRAGMA index_info('{name}')"))
        for name, kind in names.items()
        if kind == "index" and not name.startswith("sqlite_autoindex")
    }
    assert {("indicator",), ("indicator_id",), ("period",)} <= index_columns
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    document_columns = [r[1] for r in conn.execute("PRAGMA table_info(documents)")]
    assert document_columns == ["id", "path", "hash", "period", "processed", "figure_count",
                                "chars", "source", "meeting_date"]  # fmt: skip
    figure_columns = [r[1] for r in conn.execute("PRAGMA table_info(figures)")]
    assert figure_columns[-4:] == ["source", "period_start", "period_end", "period_basis"]


def test_stored_figures_come_back_the_same_and_are_queryable_by_indicator(tmp_path: Path) -> None:
    path = tmp_path / "figures.sqlite"
    digest = content_hash(TEXT)
    with Archive(path) as archive:
        assert archive.add("a.txt", digest, _figures(), chars=len(TEXT))
        assert archive.has(digest)
        assert list(archive.figures(digest)) == _figures()
        assert list(archive.figures(digest, document="b.txt")) == _figures("b.txt")
        stored = archive.document(digest)
    assert stored is not None
    assert (stored.path, stored.period, stored.figure_count) == ("a.txt", "Q2 2020/21", 2)
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT d.path, f.value FROM figures f JOIN documents d ON d.id = f.document_id "
        "WHERE f.indicator_id = 'CP-ICPC' AND f.period = 'Q2 2020/21'"
    ).fetchall()
    assert rows == [("a.txt", 91.6)]


def test_the_same_text_is_stored_once(tmp_path: Path) -> None:
    digest = content_hash(TEXT)
    with Archive(tmp_path / "figures.sqlite") as archive:
        assert archive.add("a.txt", digest, _figures(), chars=len(TEXT))
        assert not archive.add("copy-of-a.txt", digest, _figures("copy-of-a.txt"), chars=1)
        assert archive.counts() == (1, 2)


def test_a_reopened_archive_keeps_what_was_committed(tmp_path: Path) -> None:
    path = tmp_path / "figures.sqlite"
    with Archive(path) as archive:
        archive.add("a.txt", content_hash(TEXT), _figures(), chars=len(TEXT))
    with Archive(path) as archive:
        assert archive.has(content_hash(TEXT))
        assert not archive.has(content_hash(TEXT + " "))
        assert archive.counts() == (1, 2)


def test_a_file_that_is_not_an_archive_is_refused_by_name(tmp_path: Path) -> None:
    junk = tmp_path / "notes.sqlite"
    junk.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(InputError, match=r"notes\.sqlite: is not a minutegen SQLite archive"):
        Archive(junk)
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(InputError, match=r"other\.sqlite: .*not a minutegen archive"):
        Archive(other)


def test_document_period_is_the_one_its_figures_name_most() -> None:
    figures = [*_figures(), Figure("a.txt", 0, 1, "3", TEXT, 3.0, "count", "other",
                                   period="Q1 2020/21")]  # fmt: skip
    assert document_period(figures) == "Q2 2020/21"
    assert document_period([]) is None


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
_figure = st.builds(
    Figure,
    document=st.just("doc.txt"),
    start=st.integers(0, 10_000),
    end=st.integers(0, 10_000),
    text=_text,
    sentence=_text,
    value=st.floats(allow_nan=False, allow_infinity=False),
    unit=st.sampled_from(UNITS),
    role=st.sampled_from(ROLES),
    indicator=st.none() | _text,
    indicator_id=st.none() | _text,
    assessment=st.sampled_from([None, "positive", "negative", "neutral"]),
    period=st.none() | _text,
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_figure, max_size=8), _text)
def test_any_figures_round_trip_through_the_archive(figures: list[Figure], text: str) -> None:
    with tempfile.TemporaryDirectory() as folder, Archive(Path(folder) / "a.sqlite") as archive:
        digest = content_hash(text)
        archive.add("doc.txt", digest, figures, chars=len(text))
        assert list(archive.figures(digest)) == figures


def test_an_interrupted_run_resumes_where_it_stopped(tmp_path: Path) -> None:
    from minutegen.extract.runner import RunStats, extract_paths

    folder = tmp_path / "minutes"
    folder.mkdir()
    for index in range(5):
        (folder / f"minute-{index}.txt").write_text(
            f"Sickness absence was {index + 5}.5 days per employee against a target of 8 days.\n",
            encoding="utf-8",
        )
    db = tmp_path / "figures.sqlite"
    stream = extract_paths([str(folder)], db=db)
    first = next(stream)  # the run stops (Ctrl-C, a crash) after the first document
    stream.close()
    assert first.document.endswith("minute-0.txt")
    with Archive(db) as archive:
        assert archive.counts()[0] == 1
    stats = RunStats()
    documents = {figure.document for figure in extract_paths([str(folder)], db=db, stats=stats)}
    assert (stats.processed, stats.skipped) == (4, 1)
    assert len(documents) == 5  # the stored document's figures come back from the archive


def test_an_edited_minute_replaces_its_earlier_text(tmp_path: Path) -> None:
    edited = TEXT.replace("91.6", "92.1")
    with Archive(tmp_path / "figures.sqlite") as archive:
        archive.add("a.txt", content_hash(TEXT), _figures(), chars=len(TEXT))
        archive.add("b.txt", content_hash("other"), [], chars=5)
        assert archive.add("a.txt", content_hash(edited), _figures()[1:], chars=len(edited))
        assert archive.counts() == (2, 1)
        assert not archive.has(content_hash(TEXT))
        assert archive.has(content_hash(edited)) and archive.has(content_hash("other"))


def test_texts_from_stdin_never_replace_each_other(tmp_path: Path) -> None:
    with Archive(tmp_path / "figures.sqlite") as archive:
        archive.add("-", content_hash(TEXT), _figures("-"), chars=len(TEXT))
        archive.add("-", content_hash("other"), [], chars=5)
        assert archive.counts() == (2, 2)
