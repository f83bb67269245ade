"""Result directories written atomically, and what goes into them.

Everything is written into a hidden temporary directory next to the target, which
is renamed into place at the end: a failed or interrupted run leaves nothing behind.
An existing target is replaced only when it is empty or an earlier dkbm result
(it has a ``manifest.json`` written by dkbm), never a directory of other files.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from .errors import LocatedInputError

TOOL = "dkbm"
REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("dkbm-sim", "mesa", "numpy", "pandas", "scipy", "matplotlib", "networkx", "pyarrow")


def check_target(target: str | Path, flag: str = "--out") -> Path:
    """Check, before any work, that ``target`` can be (re)written; return it as a Path."""
    path = Path(target)
    if path.exists() or path.is_symlink():
        if not path.is_dir():
            raise LocatedInputError(
                flag, f"'{path}' exists and is not a directory; choose a directory path", key=flag
            )
        if any(path.iterdir()) and not _is_dkbm_output(path):
            raise LocatedInputError(
                flag,
                f"'{path}' exists and is not a dkbm result directory (no dkbm manifest.json); "
                "choose a new or empty directory",
                key=flag,
            )
    parent = _existing_ancestor(path.absolute().parent)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise LocatedInputError(flag, f"cannot write in '{parent}' (permission denied)", key=flag)
    return path


def _existing_ancestor(path: Path) -> Path:
    while not path.exists():
        path = path.parent
    return path


def _is_dkbm_output(path: Path) -> bool:
    try:
        return json.loads((path / "manifest.json").read_text("utf-8")).get("tool") == TOOL
    except (OSError, ValueError, AttributeError):
        return False


@contextlib.contextmanager
def atomic_directory(target: str | Path) -> Iterator[Path]:
    """Yield a temporary directory that becomes ``target`` when the block succeeds.

    Parent directories created for it are removed again if the block fails.
    """
    target = Path(target).absolute()
    created = []
    parent = target.parent
    while not parent.exists():
        created.append(parent)
        parent = parent.parent
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # mkdir (not mkdtemp) so that the result gets the user's usual permissions
        tmp = target.parent / f".{target.name}.tmp-{uuid.uuid4().hex[:12]}"
        tmp.mkdir()
        yield tmp
        _replace(tmp, target)
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        for directory in created:  # innermost first
            with contextlib.suppress(OSError):
                directory.rmdir()
        raise


def _replace(tmp: Path, target: Path) -> None:
    if not target.exists():
        tmp.rename(target)
        return
    old = target.parent / f".{target.name}.old-{uuid.uuid4().hex[:12]}"
    target.rename(old)
    try:
        tmp.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n", "utf-8")


def package_versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def git_commit() -> dict | None:
    """Commit and dirty flag of the source tree, when it is a git checkout."""
    if not (REPO_ROOT / ".git").exists():
        return None
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "dirty": bool(status.strip())}


def manifest(
    *,
    command: Sequence[str],
    scenarios: Sequence,
    seeds: Sequence[int],
    master_seed: int,
    months: int,
    wall_time: float,
    workers: int,
    files: Sequence[str],
    extra: dict | None = None,
) -> dict:
    """Provenance of a result: what ran, with what, where and how long."""
    return {
        "tool": TOOL,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": list(command),
        "scenarios": [
            {
                "name": s.name,
                "source": s.source,
                "sha256": s.source_sha256,  # of the file as read
                "run_sha256": s.sha256,  # of the scenario as run (after --set, --months)
                "resolved_parameters": s.resolved_parameters(),
                "toml": s.to_toml(),
            }
            for s in scenarios
        ],
        "master_seed": master_seed,
        "seeds": list(seeds),
        "replications": len(seeds),
        "months": months,
        "workers": workers,
        "wall_time_s": round(wall_time, 3),
        "versions": package_versions(),
        "git": git_commit(),
        "platform": {"system": platform.system(), "machine": platform.machine()},
        "files": list(files),
        **(extra or {}),
    }


def timeseries_frame(ens):
    """One row per replication and month: ``replication``, ``month``, every monthly metric."""
    import numpy as np
    import pandas as pd

    import models

    r, cols = ens.series["cooperation_rate"].shape
    frame = pd.DataFrame(
        {
            "replication": np.repeat(np.arange(r), cols),
            "month": np.tile(np.arange(cols), r),
            **{name: ens.series[name].reshape(-1) for name in models.METRIC_NAMES},
        }
    )
    return frame


def replications_frame(ens):
    """One row per replication: seed, run metrics and key final values."""
    import pandas as pd

    from .ensemble import key_metric_values

    return pd.DataFrame(
        {"replication": range(ens.replications), "seed": ens.seeds, **key_metric_values(ens)}
    )


def write_run(directory: Path, ens, summary: dict, lang: str) -> list[str]:
    """Tables, summary and report figure of one ensemble into ``directory``."""
    from .ensemble import diagnosis_table
    from .figures import report_figure, save_figure
    from .scenarios import dump_toml

    frame = timeseries_frame(ens)
    frame.to_csv(directory / "timeseries.csv", index=False)
    frame.to_parquet(directory / "timeseries.parquet", index=False)
    replications_frame(ens).to_csv(directory / "replications.csv", index=False)
    write_json(directory / "summary.json", summary)
    write_json(directory / "diagnosis.json", diagnosis_table(ens, lang))
    # as run: `dkbm run DIR/scenario.toml` repeats the run with the same seeds
    data = ens.scenario.to_dict()
    data["run"] = {"months": ens.months, "replications": ens.replications, "seed": ens.seed}
    (directory / "scenario.toml").write_text(dump_toml(data), "utf-8")
    save_figure(report_figure(ens, lang), directory, "report")
    return [
        "timeseries.csv",
        "timeseries.parquet",
        "replications.csv",
        "summary.json",
        "diagnosis.json",
        "scenario.toml",
        "report.png",
        "report.svg",
        "manifest.json",
    ]


def command_line(argv: Sequence[str] | None) -> list[str]:
    """The command as typed (``dkbm`` plus its arguments)."""
    return ["dkbm", *(sys.argv[1:] if argv is None else argv)]
