"""Past one machine: `extract --dask` gives the figures a local run gives, and `--format
parquet` writes a dataset pandas and DuckDB read, that a re-run adds to without repeats."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from minutegen import extract_paths, figures_frame, series_frame
from minutegen.cli import app
from minutegen.extract.archive import content_hash, default_source
from minutegen.extract.parquet import ParquetArchive
from minutegen.extract.runner import RunStats
from minutegen.model import FIGURE_FIELDS, ROLES, UNITS, Figure

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
NORTHSHIRE = ROOT / "tests" / "data" / "series" / "northshire"
DARLINGTON = sorted((ROOT / "corpus" / "dev").glob("darlington-cyp-20*.txt"))


@pytest.fixture
def minutes(tmp_path: Path) -> Path:
    folder = tmp_path / "Northshire"
    shutil.copytree(NORTHSHIRE, folder)
    return folder


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    """A real dask.distributed cluster, in this process (one worker, one thread): fast."""
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    )
    with Client(cluster) as connected:
        yield connected
    cluster.close()


def _jsonl(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --- Dask -------------------------------------------------------------------------------------


def test_dask_gives_the_same_figures_as_a_local_run(client: object) -> None:
    paths = [str(p) for p in DARLINGTON] + [str(NORTHSHIRE)]
    local = list(extract_paths(paths))
    distributed = list(extract_paths(paths, dask=client, chunk_size=2))
    assert len(local) > 90
    assert distributed == local  # the same figures, in the same order


def test_the_cli_runs_on_a_cluster_by_its_address(client: object, minutes: Path) -> None:
    address = client.scheduler.address  # type: ignore[attr-defined]
    local = runner.invoke(app, ["extract", str(minutes), "--format", "jsonl"])
    remote = runner.invoke(app, ["extract", str(minutes), "--format", "jsonl", "--dask", address])
    assert remote.exit_code == 0, remote.output
    assert _jsonl(remote.stdout) == _jsonl(local.stdout) != []


def test_a_failed_document_on_the_cluster_is_reported_and_the_run_goes_on(
    client: object, minutes: Path
) -> None:
    (minutes / "broken.docx").write_bytes(b"PK\x03\x04 not really a Word file")
    failures: list[str] = []
    stats = RunStats()
    figures = list(
        extract_paths(
            [str(minutes)], dask=client, on_error=lambda _, m: failures.append(m), stats=stats
        )
    )
    assert stats.failed == 1 and stats.processed == 4
    assert len(failures) == 1 and "broken.docx" in failures[0]
    assert {Path(f.document).name for f in figures} == {f"2021q{n}.txt" for n in range(1, 5)}


def test_dask_skips_documents_the_archive_holds(client: object, minutes: Path) -> None:
    db = minutes.parent / "a.sqlite"
    first = RunStats()
    list(extract_paths([str(minutes)], db=db, dask=client, stats=first))
    again = RunStats()
    figures = list(extract_paths([str(minutes)], db=db, dask=client, stats=again))
    assert (first.processed, again.processed, again.skipped) == (4, 0, 4)
    assert len(figures) == 20  # their figures come back from the archive


# --- Parquet ----------------------------------------------------------------------------------


def test_parquet_is_read_back_by_pandas_as_the_figures_extracted(minutes: Path) -> None:
    dataset = minutes.parent / "figures"
    done = runner.invoke(
        app, ["extract", str(minutes), "--format", "parquet", "-o", str(dataset),
              "--source", "Northshire Council"],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "4 documents processed" in done.stderr
    assert (dataset / "source=Northshire%20Council").is_dir()
    read = pd.read_parquet(dataset)
    expected = _jsonl(runner.invoke(app, ["extract", str(minutes), "-f", "jsonl"]).stdout)
    got = read.sort_values(["document", "start"])[list(FIGURE_FIELDS)]
    records = [
        {k: (None if pd.isna(v) else v) for k, v in row.items()} for row in got.to_dict("records")
    ]
    assert records == expected
    assert set(read["source"].astype(str)) == {"Northshire Council"}
    assert read["period_start"].notna().sum() == len(read)


def test_a_rerun_into_the_dataset_skips_what_it_holds(minutes: Path) -> None:
    dataset = minutes.parent / "figures"
    args = ["extract", str(minutes), "--format", "parquet", "-o", str(dataset)]
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)
    assert again.exit_code == 0
    assert "0 documents processed, 4 skipped" in again.stderr
    (minutes / "2022q1.txt").write_text(
        (minutes / "2021q1.txt").read_text(encoding="utf-8").replace("2021/22", "2022/23")
        .replace("97.8", "98.2"),
        encoding="utf-8",
    )  # fmt: skip
    more = runner.invoke(app, args)
    assert "1 documents processed, 4 skipped" in more.stderr
    assert len(pd.read_parquet(dataset)) == 25
    rent = series_frame(dataset, indicator="rent collected")
    assert rent["value"].tolist() == [97.8, 98.1, 98.6, 99.0, 98.2]


def test_a_batch_whose_documents_never_landed_does_not_count(minutes: Path) -> None:
    """A run killed between a batch's figures and its commit: the figures are ignored by
    series and removed by the next run, which extracts those documents again."""
    dataset = minutes.parent / "figures"
    args = ["extract", str(minutes), "--format", "parquet", "-o", str(dataset)]
    assert runner.invoke(app, args).exit_code == 0
    part = next(dataset.glob("source=*/part-*.parquet"))
    orphan = part.with_name("part-killed-00000.parquet")
    shutil.copy(part, orphan)
    assert len(figures_frame(dataset)) == 20  # the uncommitted copy is not read
    assert runner.invoke(app, args).exit_code == 0
    assert not orphan.exists()


def test_series_reads_parquet_as_it_reads_sqlite(minutes: Path) -> None:
    dataset, db = minutes.parent / "figures", minutes.parent / "figures.sqlite"
    runner.invoke(app, ["extract", str(minutes), "--format", "parquet", "-o", str(dataset)])
    runner.invoke(app, ["extract", str(minutes), "--db", str(db)])
    from_parquet, from_sqlite = series_frame(dataset), series_frame(db)
    columns = ["series", "period", "period_start", "value", "target", "assessment", "document"]
    pd.testing.assert_frame_equal(from_parquet[columns], from_sqlite[columns])


def test_parquet_refuses_bad_outputs_in_one_line(minutes: Path, tmp_path: Path) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine\n", encoding="utf-8")
    file = tmp_path / "file.parquet"
    file.write_text("x", encoding="utf-8")
    for extra, words in [
        ([], "give -o DIR"),
        (["-o", str(busy)], "not a minutegen Parquet dataset"),
        (["-o", str(file)], "is a file"),
        (["-o", str(tmp_path / "d"), "--db", str(tmp_path / "a.sqlite")], "choose one"),
    ]:
        result = runner.invoke(app, ["extract", str(minutes), "--format", "parquet", *extra])
        assert result.exit_code == 2, extra
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0], lines
    assert (busy / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]


def test_source_without_an_archive_is_refused_not_ignored(minutes: Path) -> None:
    result = runner.invoke(app, ["extract", str(minutes), "--source", "Northshire"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "minutegen: error: --source files minutes in an archive: give --db or --format parquet"
    ]


def test_the_readme_duckdb_query_runs_on_a_dataset(minutes: Path) -> None:
    import duckdb

    dataset = minutes.parent / "figures"
    runner.invoke(
        app,
        ["extract", str(minutes), "-f", "parquet", "-o", str(dataset), "--source", "Northshire"],
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    query = readme.split("<!-- duckdb -->\n```sql\n", 1)[1].split("```", 1)[0]
    rows = duckdb.sql(query.replace("'figures/", f"'{dataset}/")).fetchall()
    assert [row[2] for row in rows] == [97.8, 98.1, 98.6, 99.0]
    assert {row[0] for row in rows} == {"Northshire"}


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
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
    period=st.none() | _text | st.sampled_from(["Quarter 3", "Q2 2020/21", "year end"]),
)


@settings(max_examples=25, deadline=None)
@given(st.lists(_figure, max_size=6), _text, _text)
def test_any_figures_round_trip_through_a_parquet_dataset(
    figures: list[Figure], text: str, source: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        digest = content_hash(text)
        with ParquetArchive(Path(folder) / "figures") as archive:
            assert archive.add("doc.txt", digest, figures, chars=len(text), source=source or None)
        reopened = ParquetArchive(Path(folder) / "figures")
        assert reopened.has(digest)
        assert list(reopened.figures(digest)) == figures
        assert reopened.counts() == (1, len(figures))
        if figures:
            read = figures_frame(Path(folder) / "figures")
            assert set(read["source"]) == {source or default_source("doc.txt")}


class _BrokenArchive:
    """An archive whose lookup fails on the worker: the whole task fails there."""

    def has(self, digest: str) -> bool:
        raise RuntimeError("the archive went away")


def test_a_task_that_fails_on_the_cluster_names_its_documents(client: object) -> None:
    from minutegen.extract.distributed import run_on_dask
    from minutegen.extract.runner import Task, default_extractor

    chunks = iter([[Task(str(p)) for p in sorted(NORTHSHIRE.glob("*.txt"))[:2]]])
    results = list(
        run_on_dask(chunks, client, extractor=default_extractor, known=_BrokenArchive())  # type: ignore[arg-type]
    )
    assert [Path(r.document).name for r in results] == ["2021q1.txt", "2021q2.txt"]
    assert all(r.error and "failed on the cluster (RuntimeError)" in r.error for r in results)
