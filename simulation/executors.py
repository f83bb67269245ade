"""Executors: one ``concurrent.futures.Executor`` interface for every way to run tasks.

- ``serial``: in this process, in submission order (for debugging and small jobs);
- ``processes``: a local process pool (spawned workers: safe with threads, same on
  every platform);
- further kinds (Dask distributed) plug in here.

Tasks must be importable top-level functions with plain-data arguments, so that they
pickle for every kind.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor


class SerialExecutor(Executor):
    """Runs each task at submission, in this process."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller via the future
            future.set_exception(exc)
        return future


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def local_executor(workers: int | None = None) -> Executor:
    """A serial executor for ``workers == 1``, else a spawned process pool.

    Parameters
    ----------
    workers : int, optional
        Number of processes; default all available cores.
    """
    workers = available_cores() if workers is None else int(workers)
    if workers <= 1:
        return SerialExecutor()
    return ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("spawn"))
