"""Pausing Python's cyclic garbage collector while a large table is built or drafted.

Loading and drafting make millions of small objects that form no reference cycles; the
collector's full passes over them grew with the number already alive and made 100,000 rows
cost twice what 10 x 10,000 rows cost (benchmarks/draft.py). Reference counting still frees
everything as usual; only the cycle search waits until the work is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector for the block, restoring its state afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
