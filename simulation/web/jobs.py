"""Ensembles for the web app, with progress for the progress bar.

``simulation.ensemble.run_ensemble`` with a per-month callback that reports progress and
honours the cancel button; the numbers equal the CLI's bit for bit (tested). Web
ensembles are small (<= MAX_REPLICATIONS), so one process is enough.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from simulation.ensemble import Ensemble, paired_differences, run_ensemble
from simulation.scenarios import Scenario

MAX_REPLICATIONS = 500  # per scenario in the web app; larger ensembles belong to the CLI


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
):
    """Ensembles of ``scenarios`` with the same seeds and the paired differences from the
    first: ``(ensembles, {name: differences})``. Every scenario runs the first one's
    horizon, so that curves and differences line up."""
    months = scenarios[0].months
    runs = []
    for k, scenario in enumerate(scenarios):
        if scenario.months != months:
            scenario = scenario.with_run(months=months)

        def part(fraction, k=k):
            if on_progress is not None:
                on_progress((k + fraction) / len(scenarios))

        runs.append(run_with_progress(scenario, part, replications, seed))
    base = runs[0]
    return runs, {ens.scenario.name: paired_differences(base, ens) for ens in runs[1:]}
