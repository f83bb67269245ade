"""notebooks/04_docking.ipynb runs from top to bottom and shows both figures and the table."""

from __future__ import annotations

from pathlib import Path

import nbformat
from test_notebook_quickstart import executed_outputs

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_docking.ipynb"


def test_docking_notebook_executes(tmp_path, monkeypatch):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    outputs, work = executed_outputs(nb, tmp_path, monkeypatch, timeout=180)
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 2, "expected the window and the SCE figure"
    tables = [o["data"].get("text/html", "") for o in outputs if o.output_type == "execute_result"]
    assert any("veröffentlicht" in t and "95-%-Intervall" in t for t in tables)
    assert not any(work.iterdir())
