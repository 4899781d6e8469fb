"""Extraction on a Dask cluster (dask.distributed): the same per-document Worker as `--jobs`.

Chunks of documents are submitted as tasks with a bounded number in flight, and results are
taken back in input order, so the client's memory stays flat and the figures are the same,
in the same order, as a run in one process. Workers read the files themselves: on a real
cluster the paths must name a shared filesystem the workers see. Documents already archived
are skipped on the workers, from the archive's content hashes sent once to each of them. A
chunk whose task fails (a worker killed, say) is reported document by document and the run
goes on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from .runner import DocumentResult, Extractor, KnownDocuments, Task, Worker

IN_FLIGHT_PER_WORKER = 3  # chunks queued per worker: enough to keep it busy, few in memory

_WORKERS: dict[tuple[Any, int], Worker] = {}


def extract_on_worker(
    tasks: list[Task], extractor: Extractor, known: KnownDocuments | None
) -> list[DocumentResult]:
    """The task each Dask worker runs: one Worker per process, its pipeline loaded once."""
    key = (extractor, id(known))  # the scattered hashes stay one object on the worker
    worker = _WORKERS.get(key)
    if worker is None:
        _WORKERS.clear()
        worker = _WORKERS[key] = Worker(extractor, known)
    return worker(tasks)


def connect(address: Any, *, workers: int = 1) -> tuple[Any, Callable[[], None]]:
    """A distributed Client for `address` ("local" starts a LocalCluster of `workers`
    processes, one thread each; a Client passed in is used as it is) and how to let it go."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise InputError("--dask needs dask.distributed: pip install 'minutegen[dask]'") from None
    if isinstance(address, Client):
        return address, lambda: None
    if address == "local":
        import logging
        import os

        workers = workers if workers > 1 else (os.cpu_count() or 1)

        logging.getLogger("distributed").setLevel(logging.ERROR)
        cluster = LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)

        def close() -> None:
            client.close()
            cluster.close()

        return client, close
    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(f"--dask: cannot reach the scheduler at {address} ({error})") from None
    return client, client.close


def run_on_dask(
    chunks: Iterator[list[Task]],
    address: Any,
    *,
    extractor: Extractor,
    db: str | Path | None = None,
    known: KnownDocuments | None = None,
    workers: int = 1,
    progress: Callable[[], Any] | None = None,
) -> Iterator[DocumentResult]:
    """DocumentResults of every chunk, in order, extracted on the cluster at `address`."""
    if db is not None and Path(db).exists():
        from .archive import Archive

        with Archive(db, readonly=True) as archive:
            hashes = archive.hashes()
        known = KnownDocuments(hashes | (known.hashes if known else frozenset()))
    client, close = connect(address, workers=workers)
    bar = None
    try:
        size = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        window = size * IN_FLIGHT_PER_WORKER
        shared = client.scatter(known, broadcast=True) if known is not None else None
        bar = progress() if progress is not None else None
        pending: deque[tuple[list[Task], Any]] = deque()

        def take() -> Iterator[DocumentResult]:
            tasks, future = pending.popleft()
            try:
                results = future.result()
            except Exception as error:  # the task failed on the cluster: name its documents
                kind = type(error).__name__
                results = [
                    DocumentResult(t.name, [], error=f"{t.name}: failed on the cluster ({kind})")
                    for t in tasks
                ]
            finally:
                future.release()
            for result in results:
                if bar is not None:
                    bar.advance(bar.task_ids[0])
                yield result

        for chunk in chunks:
            future = client.submit(extract_on_worker, chunk, extractor, shared, pure=False)
            pending.append((chunk, future))
            if len(pending) >= window:
                yield from take()
        while pending:
            yield from take()
    finally:
        if bar is not None:
            bar.stop()
        close()
