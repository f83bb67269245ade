"""The sweep and sensitivity notebooks run from top to bottom (nbclient, python3 kernel)."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient
from sweep_helpers import ROOT

NOTEBOOKS = ["02_parameter_sweep.ipynb", "03_sensitivity.ipynb"]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_executes(name, tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # the path ends in a figure
    assert any("image/png" in o.get("data", {}) for o in outputs)
    assert (tmp_path / "sweeps").is_dir()
