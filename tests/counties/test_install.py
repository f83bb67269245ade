"""A non-editable install finds the county data and the calibrated profile (package data)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_non_editable_install_finds_county_data_and_profile(tmp_path):
    target = tmp_path / "site"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            str(ROOT),
            "--target",
            str(target),
            "--no-deps",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert build.returncode == 0, build.stderr
    probe = (
        "import simulation.counties as c, models.parameters as p\n"
        "print(c.__file__)\n"
        "print(len(c.counties()), c.get_county('Uckermark').population)\n"
        "print(sorted(p.PROFILE.get('parameters', {})))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
    )
    assert run.returncode == 0, run.stderr
    where, counts, profile = run.stdout.splitlines()
    assert Path(where).is_relative_to(target)  # the installed copy, not the source tree
    assert counts.split()[0] == "18" and int(counts.split()[1]) > 0
    assert "data_decay" in profile
