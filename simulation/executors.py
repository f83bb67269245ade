"""Executors: one ``concurrent.futures.Executor`` interface for every way to run tasks.

- ``serial``: in this process, in submission order (for debugging and small jobs);
- ``processes``: a local process pool (spawned workers: safe with threads, same on
  every platform);
- ``dask``: Dask distributed, a running scheduler at an address or a local cluster
  (:func:`dask_executor`).

Tasks must be importable top-level functions with plain-data arguments, so that they
pickle for every kind.

Pool workers do not outlive their coordinator: each one asks the kernel for a signal
when its parent dies (Linux ``PR_SET_PDEATHSIG``, so even ``kill -9`` of the coordinator
ends them) and also runs a watchdog thread that exits when the parent is gone (every
platform). Each worker computes with one thread (numba, OpenMP, BLAS), so ``N`` workers
use ``N`` cores.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager


class SerialExecutor(Executor):
    """Runs each task at submission, in this process."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller via the future
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
    # PR_SET_PDEATHSIG fires when the *thread* that started the worker ends; the main
    # thread ends only with the process, any other thread may end before its pool
    in_main_thread = threading.current_thread() is threading.main_thread()
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(os.getpid(), in_main_thread),
    )


#: Thread counts of the numerical libraries in pool workers (one core per worker).
WORKER_ENVIRONMENT = {
    "DKBM_KERNEL_THREADS": "1",  # models.batch.kernel_threads
    "NUMBA_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
}

WATCHDOG_INTERVAL = 0.5  # seconds between two looks at the parent process


def init_worker(parent_pid: int, parent_death_signal: bool = True) -> None:
    """Initializer of pool workers: die with the coordinator, ignore Ctrl-C, one thread.

    Parameters
    ----------
    parent_pid : int
        Process id of the coordinator.
    parent_death_signal : bool
        Also ask the kernel for SIGKILL when the parent dies (Linux); the watchdog
        thread runs in any case.
    """
    # Ctrl-C reaches the whole process group; only the coordinator should react to it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.update(WORKER_ENVIRONMENT)
    if "numba" in sys.modules:  # imported before this ran: its pool may be larger
        sys.modules["numba"].set_num_threads(1)
    if parent_death_signal:
        set_parent_death_signal(signal.SIGKILL)
    watch_parent(parent_pid)


def set_parent_death_signal(signum: int) -> bool:
    """Ask the kernel to send ``signum`` to this process when its parent dies.

    Returns False where that is not available (not Linux); :func:`watch_parent`
    covers those platforms.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:  # pragma: no cover - no C library to load
        return False
    PR_SET_PDEATHSIG = 1
    return libc.prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0) == 0


def watch_parent(parent_pid: int, interval: float = WATCHDOG_INTERVAL) -> threading.Thread:
    """Start a daemon thread that ends this process once ``parent_pid`` is no longer its parent.

    An orphan is re-parented (to init or a subreaper), so its parent pid changes; this
    also catches a parent that died before the caller could register anything.
    """

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(interval)
        os._exit(1)  # nobody is left to receive results; skip clean-up handlers

    thread = threading.Thread(target=watch, name="dkbm-parent-watchdog", daemon=True)
    thread.start()
    return thread


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a batch scheduler's time limit), handled like Ctrl-C."""


@contextmanager
def sigterm_as_interrupt():
    """Turn SIGTERM into :class:`Terminated` while long work runs.

    Without this, SIGTERM kills the coordinator at once: finished work in flight is
    lost, a manifest still says "running" and a process pool is orphaned.
    Raised as a KeyboardInterrupt, it takes the path of Ctrl-C: running batches are
    dropped, everything finished is saved, the executor is shut down. Commands
    exit with 143 (128 + SIGTERM) when they catch it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be installed from the main thread
        return

    def on_term(signum, frame):
        raise Terminated

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def executor_slots(executor: Executor) -> int:
    """How many tasks ``executor`` runs at once (for sizing a submission window).

    For Dask, the sum of the worker threads known to the scheduler right now (at
    least 1), so the window follows a cluster that grows or shrinks; this asks the
    scheduler, so callers should not call it for every task.
    """
    if isinstance(executor, SerialExecutor):
        return 1
    if isinstance(executor, ProcessPoolExecutor):
        return executor._max_workers
    client = getattr(executor, "_client", None)
    if client is not None:
        info = client.scheduler_info(n_workers=0)
        return max(1, int(info.get("total_threads", 1)))
    return getattr(executor, "_max_workers", None) or available_cores()


@contextmanager
def dask_executor(
    address: str | None = None,
    *,
    workers: int | None = None,
    dashboard: bool = False,
    timeout: float | None = None,
    log=None,
) -> Iterator[Executor]:
    """A ``concurrent.futures`` executor on Dask distributed.

    Parameters
    ----------
    address : str, optional
        Scheduler address (e.g. ``tcp://10.0.0.5:8786``) of a running cluster.
        None starts a :class:`dask.distributed.LocalCluster` of worker processes
        (one thread each) that is closed on exit.
    workers : int, optional
        Worker processes of the local cluster; default all available cores.
    dashboard : bool
        Serve the dashboard of a local cluster on a free port (needs bokeh).
    timeout : float, optional
        Seconds to wait for the scheduler (default: Dask's
        ``distributed.comm.timeouts.connect``, 30 s).
    log : callable, optional
        Receives one line with the dashboard address when there is one
        (default: print to stderr).

    Yields
    ------
    concurrent.futures.Executor
        ``client.get_executor(pure=False)``: every submission runs, even with equal
        arguments. Task exceptions propagate; a task whose worker dies is retried on
        another worker by the scheduler.
    """
    from dask.distributed import Client, LocalCluster

    log = log or (lambda line: print(line, file=sys.stderr))
    cluster = None
    if address is None:
        cluster = LocalCluster(
            n_workers=workers or available_cores(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0" if dashboard else None,
        )
        client = Client(cluster)
    else:
        client = Client(address, **({} if timeout is None else {"timeout": timeout}))
    try:
        link = _dashboard_link(client)
        if link:
            log(f"Dask dashboard: {link}")
        elif dashboard:
            log("Dask dashboard: not available (it needs the bokeh package)")
        executor = client.get_executor(pure=False)
        yield executor
        executor.shutdown(wait=False)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dashboard_link(client) -> str | None:
    """The dashboard's address if the scheduler serves one (its HTTP server may not)."""
    import urllib.request

    try:
        link = client.dashboard_link
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(link, timeout=2) as response:
            return link if response.status == 200 else None
    except Exception:  # the link is a courtesy; no dashboard is no error
        return None
