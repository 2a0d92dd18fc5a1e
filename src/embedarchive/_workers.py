"""Detection in worker processes for the batch command ``scan --jobs``.

The main process reads the inputs and hands them to workers in runs (a few milliseconds of
work each would cost about what handing it over costs); results come back in input order, and
only a few runs per worker are in flight, so memory stays bounded whatever the input's size.
Workers start from a clean process (``forkserver``, else ``spawn``), never a fork of the main
one, which may hold threads, and leave Ctrl-C to the main process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

__all__ = ["in_order", "usable_cpus"]

T = TypeVar("T")
R = TypeVar("R")

# A run closes at this many items or bytes ...
RUN_ITEMS = 16
RUN_BYTES = 4 << 20
# ... and this many runs a worker may be in flight.
AHEAD_PER_JOB = 2


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def in_order(
    items: Iterable[T],
    work: Callable[[list[T]], list[R]],
    *,
    jobs: int,
    size: Callable[[T], int],
) -> Iterator[tuple[T, R]]:
    """Each item with ``work``'s result for it, in input order.

    ``work`` maps a run of items to their results, one each; with ``jobs`` > 1 it runs in that
    many worker processes (it must then be picklable: a module-level function, or a
    ``functools.partial`` of one), otherwise here, one item at a time. ``size`` tells an item's
    weight in bytes, for closing runs.
    """
    if jobs <= 1:
        for item in items:
            (result,) = work([item])
            yield item, result
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_ignore_sigint)
    pending: deque[tuple[list[T], Future[list[R]]]] = deque()
    try:
        run: list[T] = []
        weight = 0
        for item in items:
            run.append(item)
            weight += size(item)
            if len(run) < RUN_ITEMS and weight < RUN_BYTES:
                continue
            pending.append((run, pool.submit(work, run)))
            run, weight = [], 0
            # hand out what is finished at the head; wait only when too much is in flight
            while pending and (len(pending) > jobs * AHEAD_PER_JOB or pending[0][1].done()):
                yield from _paired(*pending.popleft())
        if run:
            pending.append((run, pool.submit(work, run)))
        while pending:
            yield from _paired(*pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _paired(run: list[T], outcome: Future[list[R]]) -> Iterator[tuple[T, R]]:
    yield from zip(run, outcome.result(), strict=True)


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the main process, which stops them (no traceback from each)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
