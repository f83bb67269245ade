"""notebooks/05_calibration.ipynb runs from top to bottom on the small calibration spec."""

from __future__ import annotations

from pathlib import Path

import nbformat
from test_notebook_quickstart import executed_outputs

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "05_calibration.ipynb"


def test_calibration_notebook_executes(tmp_path, monkeypatch):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    outputs, work = executed_outputs(nb, tmp_path, monkeypatch, timeout=240)
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 1, "expected the marginal posterior figure"
    tables = [o["data"].get("text/plain", "") for o in outputs if o.output_type == "execute_result"]
    assert any("epsilon" in t for t in tables)
    assert any("width_ratio" in t and "data_decay" in t for t in tables)
    texts = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "zurückgehalten" in texts and "Erster Bildungsbericht: Monat" in texts
    assert not any(work.iterdir())
