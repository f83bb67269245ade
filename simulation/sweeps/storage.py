"""The on-disk layout of a sweep, a Parquet dataset that grows one batch at a time.

::

    DIR/
      manifest.json        spec, scenario, design summary, versions, sessions with timings
      spec.toml            the spec in canonical form (``dkbm sweep DIR/spec.toml`` repeats it)
      design.parquet       one row per run: run_id, design_row, replication, seed, parameters
      points.parquet       one row per design point: design_row, unit-cube coordinates u_<name>,
                           parameter values (what SALib's analysis needs)
      results/part-<batch>.parquet     one file per finished batch, one row per run
      timeseries/part-<batch>.parquet  optional: run_id, month, every monthly metric
      .session.lock        held (``flock``) by the coordinator while a session runs

Every file is written under a temporary name beginning with ``.`` (skipped by
pyarrow, pandas and DuckDB readers) and then renamed, so a reader or a resumed
sweep never sees half a file. ``design.parquet`` and ``manifest.json`` exist before
the first run is dispatched.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from simulation.errors import LocatedInputError

FORMAT = "dkbm-sweep/1"
MANIFEST = "manifest.json"
SPEC = "spec.toml"
DESIGN = "design.parquet"
POINTS = "points.parquet"
RESULTS = "results"
TIMESERIES = "timeseries"
LOCK = ".session.lock"

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: sessions are told apart by pid only
    fcntl = None


def atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_table(path: Path, table: pa.Table) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@dataclass(frozen=True)
class Progress:
    """Counts of a sweep's runs. ``done`` includes ``failed``."""

    total: int
    done: int
    failed: int

    @property
    def missing(self) -> int:
        return self.total - self.done

    @property
    def ok(self) -> int:
        return self.done - self.failed


class SweepDir:
    """Paths and reads/writes of one sweep directory."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.manifest_path = self.path / MANIFEST
        self.spec_path = self.path / SPEC
        self.design_path = self.path / DESIGN
        self.points_path = self.path / POINTS
        self.results = self.path / RESULTS
        self.timeseries = self.path / TIMESERIES
        self.lock_path = self.path / LOCK

    def is_sweep(self) -> bool:
        return self.manifest_path.is_file()

    def require(self) -> SweepDir:
        """Raise a located input error unless this is a sweep directory."""
        if not self.path.is_dir():
            raise LocatedInputError(str(self.path), "no such sweep directory")
        if not self.is_sweep():
            raise LocatedInputError(
                str(self.path), f"not a sweep directory (no {MANIFEST}); run `dkbm sweep` first"
            )
        return self

    # --- manifest ---------------------------------------------------------------------------
    def read_manifest(self) -> dict:
        try:
            return json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise LocatedInputError(str(self.manifest_path), f"cannot read ({exc})") from None

    def write_manifest(self, manifest: dict) -> None:
        text = json.dumps(manifest, indent=2, ensure_ascii=False, default=_json_default)
        atomic_write_bytes(self.manifest_path, (text + "\n").encode("utf-8"))

    # --- the session lock --------------------------------------------------------------------
    @contextlib.contextmanager
    def session_lock(self) -> Iterator[bool]:
        """Hold the session lock while the block runs; yield False if another process holds it.

        The kernel releases the lock when its holder dies, however it dies (also
        ``kill -9``), so a lock that nobody holds means no session is running. Yields
        True without locking where ``flock`` does not exist.
        """
        if fcntl is None:  # pragma: no cover - not POSIX
            yield True
            return
        with open(self.lock_path, "a+b") as fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def session_running(self) -> bool | None:
        """Whether some process holds the session lock; None where that cannot be known."""
        if fcntl is None or not self.lock_path.exists():
            return None
        with self.session_lock() as acquired:
            return not acquired

    # --- design -----------------------------------------------------------------------------
    def write_points(self, table: pa.Table) -> None:
        atomic_write_table(self.points_path, table)

    def read_points(self) -> pa.Table:
        return pq.read_table(self.points_path)

    def write_design(self, chunks) -> None:
        """Stream run-table chunks (``pa.Table``, same schema) into ``design.parquet``."""
        tmp = self.design_path.with_name(f".{DESIGN}.{uuid.uuid4().hex}.tmp")
        writer = None
        try:
            for chunk in chunks:
                if writer is None:
                    writer = pq.ParquetWriter(tmp, chunk.schema)
                writer.write_table(chunk)
            writer.close()
            writer = None
            os.replace(tmp, self.design_path)
        finally:
            if writer is not None:
                writer.close()
            tmp.unlink(missing_ok=True)

    # --- results ----------------------------------------------------------------------------
    def part_name(self, batch: int, first_run_id: int, whole: bool) -> str:
        # deterministic, so a batch that is retried (lost worker) overwrites rather than adds
        return f"part-{batch:06d}.parquet" if whole else f"part-{batch:06d}-{first_run_id}.parquet"

    def write_result(self, name: str, summary: pa.Table, timeseries: pa.Table | None) -> None:
        """Write one batch: the time series first, so results imply complete time series."""
        if timeseries is not None:
            self.timeseries.mkdir(exist_ok=True)
            atomic_write_table(self.timeseries / name, timeseries)
        atomic_write_table(self.results / name, summary)

    def part_files(self) -> list[Path]:
        if not self.results.is_dir():
            return []
        return sorted(p for p in self.results.glob("part-*.parquet"))

    def clean_temporary(self) -> int:
        """Remove temporary files of interrupted writes; return how many."""
        count = 0
        for folder in (self.path, self.results, self.timeseries):
            if folder.is_dir():
                for tmp in folder.glob(".*.tmp"):
                    tmp.unlink(missing_ok=True)
                    count += 1
        return count

    def done_mask(self, total: int) -> tuple[np.ndarray, np.ndarray]:
        """Boolean arrays (total,): runs with a result row, and runs recorded as failed."""
        done = np.zeros(total, bool)
        failed = np.zeros(total, bool)
        for part in self.part_files():
            table = pq.read_table(part, columns=["run_id", "error"])
            ids = table.column("run_id").to_numpy()
            done[ids] = True
            failed[ids[table.column("error").is_valid().to_numpy(zero_copy_only=False)]] = True
        return done, failed

    def progress(self, total: int) -> Progress:
        done, failed = self.done_mask(total)
        return Progress(total, int(done.sum()), int(failed.sum()))


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {value!r}")
