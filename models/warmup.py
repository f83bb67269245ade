"""Compile the kernel now and cache it on disk, so that the first run starts at once.

``python -m models.warmup`` (run by ``scripts/setup.sh``) prints how long it took. The
web app calls :func:`warm_up` in a background thread when the server starts.
"""

from __future__ import annotations

import time


def warm_up() -> float:
    """Compile (or load from the cache) every compiled function; return seconds taken."""
    started = time.perf_counter()
    from .batch import Batch

    batch = Batch([0])
    batch.advance()  # the single-month path of the Mesa model
    batch.run(2)  # the multi-month path of models.simulate
    return time.perf_counter() - started


def main() -> None:
    print(f"dkbm-sim: kernel compiled and cached in {warm_up():.1f} s")


if __name__ == "__main__":
    main()
