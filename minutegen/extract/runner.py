"""Run extraction over many minutes: expand paths, read, extract in N processes, archive.

Everything streams: paths are expanded lazily, documents go to workers in small chunks with
a bounded number in flight, and results come back in input order, one document at a time,
so memory stays flat however large the archive. A document that cannot be read or
extracted is reported through `on_error` and the run goes on.
"""

from __future__ import annotations

import glob
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from ..errors import InputError, MinutegenError, warn
from ..limits import MAX_CHARS  # longer documents are extracted in parts of this size
from ..model import Figure
from .archive import Archive, content_hash
from .moderngov import SUFFIXES as MODERNGOV_SUFFIXES
from .moderngov import looks_like_getmeeting, read_getmeeting
from .readers import KNOWN_SUFFIXES, STDIN, read_document, read_stdin

# (document, text) pairs in, one list of figures per document out, in order.
Extractor = Callable[[Iterable[tuple[str, str]]], Iterable[list[Figure]]]
ErrorHandler = Callable[[str, str], None]

CHUNK_SIZE = 16  # documents per worker task: big enough for nlp.pipe, small for memory
PROGRESS_MIN = 20  # show a progress bar from this many documents on
_GLOB_CHARS = frozenset("*?[")


@dataclass
class RunStats:
    """What a run did, filled in as it goes: documents extracted, skipped, failed, figures."""

    processed: int = 0
    skipped: int = 0
    failed: int = 0
    figures: int = 0
    chars: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def usable(self) -> int:
        """Documents that gave a result (extracted now or already in the archive)."""
        return self.processed + self.skipped

    def summary(self) -> str:
        """One line for stderr: `12 documents processed, 3 skipped, 1 failed; 345 figures`."""
        return (
            f"{self.processed} documents processed, {self.skipped} skipped (already stored), "
            f"{self.failed} failed; {self.figures} figures stored"
        )


@dataclass(frozen=True)
class Task:
    """One document to do: its name as given, its text when already read (stdin), or an error."""

    name: str
    text: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class DocumentResult:
    """What became of one document: its figures, or that it was stored already, or an error."""

    document: str
    figures: list[Figure]
    digest: str | None = None
    chars: int = 0
    error: str | None = None
    skipped: bool = False
    period: str | None = None  # the item's period, from its title lines, where they name one
    source: str | None = None  # the committee, where the document says (a ModernGov item)
    meeting_date: date | None = None  # the meeting's date, where the document says


# --- paths ------------------------------------------------------------------------------------


def expand_paths(
    patterns: Iterable[str], *, stdin_text: str | None = None, stdin_error: str | None = None
) -> Iterator[Task]:
    """Files as given, folders recursively (known extensions only, sorted), globs expanded
    here so quoting works, `-` for stdin. A pattern that finds nothing becomes an error Task.
    """
    stdin_read = False
    for pattern in patterns:
        if pattern == STDIN:
            if stdin_read:
                warn("'-' is given more than once; standard input is read once")
                continue
            stdin_read = True
            yield Task(STDIN, text=stdin_text, error=stdin_error)
            continue
        path = Path(pattern)
        if path.is_dir():
            found = False
            for file in _walk(pattern):
                found = True
                yield Task(file)
            if not found:
                yield Task(pattern, error="folder holds no minutes (" + _suffix_list() + ")")
        elif path.exists() or not (_GLOB_CHARS & set(pattern)):
            yield Task(pattern)  # a missing file fails when read, by name
        else:
            matches = sorted(glob.iglob(pattern, recursive=True))
            found = False
            for match in matches:
                if os.path.isdir(match):
                    for file in _walk(match):
                        found = True
                        yield Task(file)
                elif _is_minute(match) or Path(match).suffix == "":
                    found = True
                    yield Task(match)
            if not found:
                yield Task(pattern, error="matches no minutes")


def _suffix_list() -> str:
    return ", ".join(sorted(KNOWN_SUFFIXES | MODERNGOV_SUFFIXES))


def _is_minute(name: str) -> bool:
    base = os.path.basename(name)
    if base.startswith((".", "~$")):  # hidden files, Word's lock files
        return False
    suffix = os.path.splitext(base)[1].lower()
    if suffix in MODERNGOV_SUFFIXES:  # among other XML, only saved ModernGov meetings
        return _is_getmeeting(name)
    return suffix in KNOWN_SUFFIXES


def _is_getmeeting(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return looks_like_getmeeting(handle.read(65536))
    except OSError:
        return True  # unreadable: named by the reader, not skipped in silence


def _walk(folder: str) -> Iterator[str]:
    """Files with known extensions under `folder`, in sorted path order (as `find | sort`
    would list them), lazily: one folder's listing in memory at a time.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):  # like find: no symlink loops
            yield from _walk(entry.path)
        elif _is_minute(entry.path):
            yield entry.path


def count_documents(patterns: Iterable[str]) -> int:
    """How many documents `patterns` name (one cheap walk, for a progress bar's total)."""
    return sum(1 for task in expand_paths(patterns) if task.error is None)


# --- work -------------------------------------------------------------------------------------


WARM_DOCUMENTS = 256  # per process, extracted outside a memory zone: their words stay cached


@dataclass(frozen=True)
class PipelineExtractor:
    """minutegen's spaCy pipeline (optionally on top of an installed `model`) as an Extractor.

    After the first WARM_DOCUMENTS documents of a process, each call runs in a spaCy memory
    zone: strings first seen in those documents (every new number is one) leave the
    vocabulary afterwards, so a long run's memory stays flat, while the common words of the
    first documents stay in the tokenizer's cache (a zone empties it: ~2x slower without).
    """

    model: str | None = None

    def __call__(self, pairs: Iterable[tuple[str, str]]) -> Iterator[list[Figure]]:
        from contextlib import nullcontext

        from .pipeline import get_nlp

        nlp = get_nlp(self.model)
        warm = _WARMED.get(self.model, 0) >= WARM_DOCUMENTS
        with nlp.memory_zone() if warm else nullcontext():
            for figures in self._extract(nlp, pairs):
                if not warm:
                    _WARMED[self.model] = _WARMED.get(self.model, 0) + 1
                yield figures

    def _extract(self, nlp: Any, pairs: Iterable[tuple[str, str]]) -> Iterator[list[Figure]]:
        from .pipeline import extract_docs, figures_of

        if self.model is None:
            yield from extract_docs(pairs)
            return
        for doc, name in nlp.pipe(((text, name) for name, text in pairs), as_tuples=True):
            yield figures_of(doc, document=name)


_WARMED: dict[str | None, int] = {}  # documents extracted outside a zone, per model, this process


default_extractor = PipelineExtractor()


@dataclass(frozen=True)
class KnownDocuments:
    """Content hashes already stored (a Parquet dataset's), asked like an Archive: `has`."""

    hashes: frozenset[str]

    def has(self, digest: str) -> bool:
        return digest in self.hashes


class Worker:
    """Does chunks of Tasks: read, hash, skip what the archive holds, extract the rest."""

    def __init__(
        self,
        extractor: Extractor,
        archive: Archive | KnownDocuments | None,
        *,
        max_chars: int = MAX_CHARS,
    ) -> None:
        self.extractor = extractor
        self.archive = archive
        self.max_chars = max_chars

    def __call__(self, tasks: list[Task]) -> list[DocumentResult]:
        results: list[DocumentResult | None] = []
        todo: list[tuple[int, str, str, str]] = []  # (slot, name, text, digest)
        known: dict[int, tuple[str | None, date | None]] = {}  # slot -> (source, meeting date)
        for task in tasks:
            if task.error is not None:
                results.append(DocumentResult(task.name, [], error=f"{task.name}: {task.error}"))
                continue
            try:
                documents = _read_task(task)
            except MinutegenError as error:
                results.append(DocumentResult(task.name, [], error=str(error)))
                continue
            except Exception as error:  # a reader's library failing in a way we did not foresee
                message = f"{task.name}: cannot be read ({type(error).__name__}: {error})"
                results.append(DocumentResult(task.name, [], error=message))
                continue
            for name, text, source, meeting in documents:
                digest = content_hash(text)
                if self.archive is not None and self.archive.has(digest):
                    results.append(DocumentResult(name, [], digest, len(text), skipped=True))
                    continue
                results.append(None)
                known[len(results) - 1] = (source, meeting)
                todo.append((len(results) - 1, name, text, digest))
        for index, figures, failure in self._extract(todo):
            slot, name, text, digest = todo[index]
            source, meeting = known[slot]
            results[slot] = DocumentResult(
                name,
                figures,
                digest,
                len(text),
                error=failure,
                period=title_period(text),
                source=source,
                meeting_date=meeting or _meeting_date(text),
            )
        return [result for result in results if result is not None]

    def _extract(
        self, todo: list[tuple[int, str, str, str]]
    ) -> Iterator[tuple[int, list[Figure], str | None]]:
        """Extract a batch; if the batch fails, redo it one document at a time to find which."""
        if not todo:
            return
        try:
            for index, figures in enumerate(self._figures([(n, t) for _, n, t, _ in todo])):
                yield index, figures, None
            return
        except Exception:
            pass
        for index, (_, name, text, _) in enumerate(todo):
            try:
                yield index, next(iter(self._figures([(name, text)]))), None
            except Exception as error:
                yield index, [], f"{name}: extraction failed ({type(error).__name__}: {error})"

    def _figures(self, documents: list[tuple[str, str]]) -> list[list[Figure]]:
        """Figures of each document; one longer than `max_chars` goes through in parts split
        at paragraph breaks, its figures' offsets moved back onto the whole text.
        """
        parts = [
            (index, offset, name, piece)
            for index, (name, text) in enumerate(documents)
            for offset, piece in split_text(text, self.max_chars)
        ]
        out: list[list[Figure]] = [[] for _ in documents]
        extracted = list(self.extractor((name, piece) for _, _, name, piece in parts))
        for (index, offset, _, _), figures in zip(parts, extracted, strict=True):
            if offset:
                figures = [replace(f, start=f.start + offset, end=f.end + offset) for f in figures]
            out[index].extend(figures)
        return out


def _read_task(task: Task) -> list[tuple[str, str, str | None, date | None]]:
    """The documents of one task as (name, text, source, meeting date): one for a minute, one
    per agenda item with minutes for a saved ModernGov GetMeeting response."""
    if task.text is not None:
        return [(task.name, task.text, None, None)]
    if Path(task.name).suffix.lower() not in MODERNGOV_SUFFIXES:
        return [(task.name, read_document(task.name), None, None)]
    try:
        data = Path(task.name).read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror or error})", path=task.name) from None
    items = read_getmeeting(data, task.name)
    if not items:
        raise InputError("no agenda item of this meeting has published minutes", path=task.name)
    return [(i.name, i.text, i.committee, i.meeting_date) for i in items]


def title_period(text: str, *, lines: int = 6) -> str | None:
    """The period an item's first few non-blank lines (agenda title, heading) name, or None:
    the period a document is filed under in the archive.
    """
    from .period import find_period

    head = [line for line in text[:4000].splitlines() if line.strip()][:lines]
    return find_period("\n".join(head)) if head else None


def _meeting_date(text: str) -> date | None:
    from ..series.periods import meeting_date_in

    return meeting_date_in(text)


def split_text(text: str, max_chars: int) -> list[tuple[int, str]]:
    """`text` as (offset, part) pieces of at most `max_chars`, cut at the last paragraph break
    (else line break, else sentence end, else space) before the limit. Short texts stay whole.
    """
    if len(text) <= max_chars:
        return [(0, text)]
    pieces = []
    start = 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            found = window.rfind(separator, max_chars // 2)
            if found > 0:
                cut = found + len(separator)
                break
        if cut <= 0:
            cut = max_chars
        pieces.append((start, window[:cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def extract_chunk(paths: Iterable[str], *, model: str | None = None) -> list[DocumentResult]:
    """Read and extract a few documents in this process; failures come back as results.

    The unit of work to hand a distributed engine (Dask, Spark, Ray) past one machine:
    e.g. `dask.bag.from_sequence(paths, partition_size=16).map_partitions(extract_chunk)`.
    """
    return Worker(PipelineExtractor(model), None)([Task(os.fspath(p)) for p in paths])


_WORKER: Worker | None = None


def _init_worker(extractor: Extractor, db: str | None, known: KnownDocuments | None = None) -> None:
    """Pool initializer: load the pipeline once per process and open the archive read-only."""
    import signal

    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # ended quietly, not the parent's handler
    archive = Archive(db, readonly=True) if db is not None else known
    _WORKER = Worker(extractor, archive)
    if isinstance(extractor, PipelineExtractor):
        from .pipeline import get_nlp

        get_nlp(extractor.model)


def _run_chunk(tasks: list[Task]) -> list[DocumentResult]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER(tasks)


def _chunks(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    iterator = iter(tasks)
    while chunk := list(islice(iterator, size)):
        yield chunk


WORKER_DIED = (
    "not extracted: a worker process died twice (killed by the system, out of memory?) with "
    "this document in its hands or queued for it"
)


def _ordered_map(
    pools: Callable[[], Any], function: Callable[[list[Task]], list[DocumentResult]],
    chunks: Iterator[list[Task]], *, window: int,
) -> Iterator[list[DocumentResult]]:  # fmt: skip
    """Like `pool.imap` over chunks, in order, but with at most `window` chunks in flight:
    `imap` reads its whole input ahead and queues every finished result, which is not flat.

    `pools()` makes a ProcessPoolExecutor. When a worker dies (SIGKILL, the OOM killer) the
    executor breaks instead of waiting for ever: the chunks in flight are named on stderr and
    done again in a new pool, one document at a time; a document that kills a worker again
    comes back as an error, by name. The run goes on either way.
    """
    from concurrent.futures.process import BrokenProcessPool

    pool = pools()
    pending: deque[tuple[Any, list[Task], bool]] = deque()  # (future, chunk, a retry)
    retry: deque[list[Task]] = deque()
    try:
        while True:
            if retry and not pending:  # one at a time: a second death names its document
                chunk = retry.popleft()
                pending.append((pool.submit(function, chunk), chunk, True))
            for chunk in chunks if len(pending) < window and not retry else ():
                pending.append((pool.submit(function, chunk), chunk, False))
                if len(pending) >= window:
                    break
            if not pending:
                return
            future = pending[0][0]
            try:
                results = future.result()
            except BrokenProcessPool:
                lost = list(pending)
                pending.clear()
                _stop(pool)
                pool = pools()
                again = [[t] for _, c, was in lost if not was for t in c]
                names = ", ".join(t[0].name for t in again[:5])
                more = f" and {len(again) - 5} more" if len(again) > 5 else ""
                if again:
                    warn(f"a worker process died; doing again the documents it held or had "
                         f"queued: {names}{more}")  # fmt: skip
                retry.extendleft(reversed(again))
                failed = [t for _, c, was in lost if was for t in c]
                if failed:
                    yield [DocumentResult(t.name, [], error=f"{t.name}: {WORKER_DIED}")
                           for t in failed]  # fmt: skip
                continue
            pending.popleft()
            yield results
    finally:
        _stop(pool, finished=not pending)


def _stop(pool: Any, *, finished: bool = False) -> None:
    """Shut a pool down: a finished run lets its workers exit; an interrupted or broken one
    ends them at once (SIGTERM), so none is left working for a parent that has gone."""
    if finished:
        pool.shutdown(wait=True)
        return
    pool.shutdown(wait=False, cancel_futures=True)
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.terminate()
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.join(timeout=5)


def iter_results(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    jobs: int = 1,
    db: str | Path | None = None,
    extractor: Extractor | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: bool = False,
    stdin_text: str | None = None,
    known: frozenset[str] | None = None,
    dask: Any = None,
) -> Iterator[DocumentResult]:
    """One DocumentResult per document named by `paths`, in order, extracted over `jobs`
    processes, or on a Dask cluster (`dask`: an address, "local", or a distributed Client);
    with `db` or `known` (content hashes), documents already archived come back `skipped`.
    """
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    patterns: list[str] = [os.fspath(path) for path in items]
    stdin_error = None
    if STDIN in patterns and stdin_text is None:
        try:
            stdin_text = read_stdin()
        except MinutegenError as error:  # binary, empty or closed: that Task's error, by name
            stdin_error = error.message
    tasks = expand_paths(patterns, stdin_text=stdin_text, stdin_error=stdin_error)
    first = next(tasks, None)
    if first is None:
        raise InputError("no minutes given")
    tasks = _prepend(first, tasks)
    extractor = extractor or default_extractor
    chunks = _chunks(tasks, max(1, chunk_size))
    known_docs = KnownDocuments(known) if known is not None else None
    if dask is not None:
        from .distributed import run_on_dask

        yield from run_on_dask(
            chunks,
            dask,
            extractor=extractor,
            db=db,
            known=known_docs,
            workers=jobs,
            progress=(lambda: _progress(patterns)) if progress else None,
        )
        return
    if jobs <= 1:
        yield from _run_here(
            chunks, extractor, db, _progress(patterns) if progress else None, known_docs
        )
        return
    context = _pool_context()
    if isinstance(extractor, PipelineExtractor) and context.get_start_method() == "fork":
        from .pipeline import get_nlp

        get_nlp(extractor.model)  # built once here; forked workers share it copy-on-write
    db_name = str(db) if db is not None and Path(db).exists() else None
    from concurrent.futures import ProcessPoolExecutor

    initargs = (extractor, db_name, known_docs)

    def pools() -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_init_worker, initargs=initargs
        )
        pool.submit(int).result()  # start the workers now, before any thread of ours
        return pool

    # the pool is made before the progress bar, whose refresh thread must not be forked
    results_by_chunk = _ordered_map(pools, _run_chunk, chunks, window=jobs * 3)
    bar = None
    try:
        first = next(results_by_chunk, None)
        bar = _progress(patterns) if progress else None
        for results in _prepend_list(first, results_by_chunk):
            for result in results:
                _advance(bar)
                yield result
    finally:
        results_by_chunk.close()
        if bar is not None:
            bar.stop()


def _run_here(
    chunks: Iterator[list[Task]],
    extractor: Extractor,
    db: str | Path | None,
    bar: Any,
    known: KnownDocuments | None = None,
) -> Iterator[DocumentResult]:
    """The one-process run: the same Worker as in a pool, in this process."""
    archive = Archive(db, readonly=True) if db is not None and Path(db).exists() else None
    worker = Worker(extractor, archive or known)
    try:
        for chunk in chunks:
            for result in worker(chunk):
                _advance(bar)
                yield result
    finally:
        if archive is not None:
            archive.close()
        if bar is not None:
            bar.stop()


def _pool_context() -> Any:
    """fork on Linux (workers start at once, sharing the loaded pipeline), else the platform's
    default (spawn on macOS and Windows: each worker builds its own pipeline once).
    """
    import multiprocessing

    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _prepend_list(
    first: list[DocumentResult] | None, rest: Iterator[list[DocumentResult]]
) -> Iterator[list[DocumentResult]]:
    if first is not None:
        yield first
    yield from rest


def _prepend(first: Task, rest: Iterator[Task]) -> Iterator[Task]:
    yield first
    yield from rest


def extract_paths(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    jobs: int = 1,
    db: str | Path | None = None,
    on_error: ErrorHandler | None = None,
    progress: bool = False,
    stats: RunStats | None = None,
    extractor: Extractor | None = None,
    chunk_size: int = CHUNK_SIZE,
    model: str | None = None,
    source: str | None = None,
    parquet: str | Path | None = None,
    dask: Any = None,
    replay: bool = True,
) -> Iterator[Figure]:
    """Every figure in the minutes named by `paths` (files, folders, globs, `-`), in order.

    With `db` (a SQLite file) or `parquet` (a dataset folder), new documents are stored and
    stored ones are not extracted again (their figures come from the archive), filed under
    `source` (default: each document's folder). Unreadable documents go to `on_error(name,
    message)` (default: ignored) and are counted in `stats`. `model` names an installed
    spaCy pipeline to run under minutegen's components; `dask` runs the extraction on a
    Dask cluster (an address, "local", or a distributed Client) instead of `jobs` processes
    (for "local", `jobs` workers, or one per core when `jobs` is 1). `replay=False` yields
    nothing for stored documents (a run that only fills the archive).
    """
    stats = stats if stats is not None else RunStats()
    if extractor is None and model is not None:
        extractor = PipelineExtractor(model)
    archive: Any = None
    known: frozenset[str] | None = None
    if db is not None and parquet is not None:
        raise InputError("give --db or a Parquet dataset, not both")
    if db is not None:
        archive = Archive(db)  # create tables before workers read
    elif parquet is not None:
        from .parquet import ParquetArchive

        archive = ParquetArchive(parquet)
        known = archive.hashes()
    try:
        for result in iter_results(
            paths,
            jobs=jobs,
            db=db,
            extractor=extractor,
            chunk_size=chunk_size,
            progress=progress,
            known=known,
            dask=dask,
        ):
            if result.error is not None:
                stats.failed += 1
                if len(stats.failures) < 1000:
                    stats.failures.append(result.document)
                if on_error is not None:
                    on_error(result.document, result.error)
                continue
            if result.skipped:
                stats.skipped += 1
                if replay and archive is not None and result.digest is not None:
                    yield from archive.figures(result.digest, document=result.document)
                continue
            if archive is not None and result.digest is not None:
                stored = archive.add(
                    result.document,
                    result.digest,
                    result.figures,
                    chars=result.chars,
                    period=result.period,
                    source=source or result.source,
                    meeting_date=result.meeting_date,
                )
                if not stored:  # the same text twice in one run: stored once
                    stats.skipped += 1
                    yield from result.figures
                    continue
            stats.processed += 1
            stats.chars += result.chars
            stats.figures += len(result.figures)
            yield from result.figures
    finally:
        if archive is not None:
            archive.close()


# --- progress ---------------------------------------------------------------------------------


def _progress(patterns: list[str]) -> Any:
    """A rich progress bar on stderr when stderr is a terminal and there are many documents."""
    if not sys.stderr.isatty():
        return None
    total = count_documents(p for p in patterns if p != STDIN)
    if total < PROGRESS_MIN:
        return None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    bar.add_task("extract", total=total)
    bar.start()
    return bar


def _advance(bar: Any, steps: int = 1) -> None:
    if bar is not None:
        bar.advance(bar.task_ids[0], steps)
