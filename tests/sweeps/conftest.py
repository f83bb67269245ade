"""Fixtures of the sweep tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from sweep_helpers import SMALL_SPEC


@pytest.fixture
def write_spec(tmp_path):
    """Write spec text to a file in tmp_path and return its path."""

    def write(text: str = SMALL_SPEC, name: str = "spec.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def dkbm(capsys):
    """Run ``dkbm ARGS`` in this process; return (exit code, stdout, stderr)."""
    from simulation.cli import main

    def run(*args) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run
