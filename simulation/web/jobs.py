"""Ensembles for the web app, with progress for the progress bar, as background jobs.

``simulation.ensemble.run_ensemble`` with a per-month callback that reports progress and
honours the cancel button; the numbers equal the CLI's bit for bit (tested). Web
ensembles are small (<= MAX_REPLICATIONS), so one process is enough. :class:`Job` is
the one way the views run them: a background thread with progress, a cancel event and
errors turned into messages.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

import models
from simulation.ensemble import Ensemble, paired_differences, run_ensemble
from simulation.scenarios import Scenario

MAX_REPLICATIONS = 500  # per scenario in the web app; larger ensembles belong to the CLI
log = logging.getLogger(__name__)


class Job:
    """One background computation of a view: ``progress`` (a reactive value: None when
    idle, else the fraction done) drives the progress bar, ``message`` shows errors and
    cancellation, :meth:`cancel` stops it at the next month.

    ``work(on_progress, cancel)`` runs in a thread; it returns False if it stopped
    because ``cancel`` was set.
    """

    def __init__(self, progress, message, name: str):
        self.progress, self.message, self.name = progress, message, name
        self.cancelled = threading.Event()

    @property
    def running(self) -> bool:
        return self.progress.value is not None

    def start(self, work: Callable[[Callable[[float], None], threading.Event], bool]) -> bool:
        """Start ``work`` unless a job of this view is running; True if started."""
        from .state import Message

        if self.running:
            return False
        self.cancelled = threading.Event()
        cancel = self.cancelled
        self.progress.value = 0.0
        self.message.value = None

        def run():
            try:
                if work(self.progress.set, cancel) is False:
                    self.message.value = Message("job_cancelled", level="warning")
            except models.InputError as exc:
                self.message.value = Message("err_invalid", detail=str(exc))
            except Exception as exc:
                log.exception("%s failed", self.name)
                self.message.value = Message("err_internal", detail=type(exc).__name__)
            finally:
                self.progress.value = None

        threading.Thread(target=run, name=f"dkbm-{self.name}", daemon=True).start()
        return True

    def cancel(self) -> None:
        self.cancelled.set()


def run_with_progress(
    scenario: Scenario,
    on_progress: Callable[[float], None] | None = None,
    replications: int | None = None,
    seed: int | None = None,
    cancel: threading.Event | None = None,
) -> Ensemble | None:
    """Run ``scenario``'s ensemble; ``on_progress(fraction)`` about every 2 % of months.

    Returns None if ``cancel`` was set.
    """
    n = min(scenario.replications if replications is None else replications, MAX_REPLICATIONS)
    seed = scenario.seed if seed is None else seed
    months = scenario.months
    done = [0]
    every = max(1, months // 50)

    class Cancelled(Exception):
        pass

    def tick():
        done[0] += 1
        if cancel is not None and cancel.is_set():
            raise Cancelled
        if on_progress is not None and (done[0] % every == 0 or done[0] == months):
            on_progress(done[0] / months)

    try:
        return run_ensemble(scenario, replications=n, seed=seed, progress=False, on_month=tick)
    except Cancelled:
        return None


def compare(
    scenarios: Sequence[Scenario],
    replications: int,
    seed: int,
    on_progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
):
    """Ensembles of ``scenarios`` with the same seeds and the paired differences from the
    first (the reference): ``(ensembles, {name: differences})``. Every scenario runs the
    first one's horizon, so that curves and differences line up. None if ``cancel`` was
    set."""
    months = scenarios[0].months
    runs = []
    for k, scenario in enumerate(scenarios):
        if scenario.months != months:
            scenario = scenario.with_run(months=months)

        def part(fraction, k=k):
            if on_progress is not None:
                on_progress((k + fraction) / len(scenarios))

        ens = run_with_progress(scenario, part, replications, seed, cancel)
        if ens is None:
            return None
        runs.append(ens)
    base = runs[0]
    return runs, {ens.scenario.name: paired_differences(base, ens) for ens in runs[1:]}
