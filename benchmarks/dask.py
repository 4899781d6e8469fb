"""Extraction on Dask beside the obvious alternative, `--jobs`, on one machine: documents/s
and peak memory of the whole process tree (client, scheduler, workers).

    python benchmarks/dask.py [--documents 600] [--json]

The minutes are corpus/dev's texts (real minutes from 11 councils, kept in the repo),
repeated to --documents files, each made distinct so none is skipped. Each configuration
runs in a fresh process: `--jobs 1` (one process), `--jobs 2` (a multiprocessing pool),
and `--dask local` with 1 and 2 worker processes (a LocalCluster). The figures of every
run are compared with the one-process run's. Times include starting the pool or cluster
and loading the pipeline in each worker, as a user's run does; "steady" counts from the
first document back.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
# this file is called dask.py: its folder must not stand before the dask package on the path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(REPO))

CONFIGS = (("--jobs 1", 1, None), ("--jobs 2", 2, None), ("--dask local, 1 worker", 1, "local"),
           ("--dask local, 2 workers", 2, "local"))  # fmt: skip


def write_minutes(folder: Path, count: int) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus" / "dev").glob("*.txt"))]
    for index in range(count):
        text = texts[index % len(texts)]
        (folder / f"minute-{index:05d}.txt").write_text(f"{text}\nItem {index}.\n", "utf-8")


def run_one(folder: str, workers: int, dask: str | None) -> dict[str, float]:
    """One configuration, in this (fresh) process: documents/s and a digest of the figures."""
    import hashlib

    from minutegen import extract_paths
    from minutegen.extract.runner import RunStats

    client = None
    if dask == "local":  # exactly `workers` processes (the CLI's local uses one per core)
        import logging

        from dask.distributed import Client, LocalCluster

        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=logging.ERROR,
        )  # fmt: skip
        client = Client(cluster)
    stats = RunStats()
    digest = hashlib.sha256()
    start = time.perf_counter()
    first = None
    count = 0
    for figure in extract_paths(
        [folder], jobs=workers if client is None else 1, dask=client, stats=stats
    ):
        if first is None:
            first = time.perf_counter()
        digest.update(repr(figure.to_dict()).encode())
        count += 1
    elapsed = time.perf_counter() - start
    steady = time.perf_counter() - (first or start)
    if client is not None:
        client.close()
        cluster.close()
    return {
        "documents": stats.processed,
        "figures": count,
        "seconds": elapsed,
        "docs_per_s": stats.processed / elapsed,
        "steady_docs_per_s": stats.processed / steady if steady else 0.0,
        "digest": digest.hexdigest()[:16],
    }


def measure(folder: str, workers: int, dask: str | None) -> dict[str, float]:
    """Run one configuration in a child process, sampling the RSS of its whole tree."""
    import psutil

    child = subprocess.Popen(
        [sys.executable, __file__, "--child", folder, str(workers), str(dask)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        parent = psutil.Process(child.pid)
        while not done.is_set():
            try:
                tree = [parent, *parent.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, _ = child.communicate()
    done.set()
    thread.join()
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = peak / 2**20
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=600)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        folder, workers, dask = args.child
        print(json.dumps(run_one(folder, int(workers), None if dask == "None" else dask)))
        return
    with tempfile.TemporaryDirectory() as scratch:
        write_minutes(Path(scratch), args.documents)
        results = {name: measure(scratch, w, d) for name, w, d in CONFIGS}
    base = results["--jobs 1"]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{args.documents} minutes from corpus/dev, {os.cpu_count()} cores")
    print(f"{'':26} {'docs/s':>8} {'steady':>8} {'vs 1 job':>9} {'peak MB':>8}  same figures")
    for name, result in results.items():
        print(
            f"{name:26} {result['docs_per_s']:8.1f} {result['steady_docs_per_s']:8.1f} "
            f"{result['docs_per_s'] / base['docs_per_s']:8.2f}x {result['peak_mb']:8.0f}  "
            f"{'yes' if result['digest'] == base['digest'] else 'NO'}"
        )


if __name__ == "__main__":
    main()
