"""notebooks/01_quickstart.ipynb runs from top to bottom in a kernel of this interpreter."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_quickstart.ipynb"


def _python3_kernelspec(root: Path) -> None:
    """Write a ``python3`` kernel spec that starts this very interpreter.

    Placed on JUPYTER_PATH it is found before any other ``python3`` spec (the venv's,
    the user's), so the notebook never runs in a foreign Python without ipykernel or
    without this project installed.
    """
    spec = root / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec_json = {"argv": argv, "display_name": "Python 3 (dkbm-sim tests)", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(spec_json), encoding="utf-8")


def _outputs(nb) -> list:
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]


def execute_notebook(nb, tmp_path, monkeypatch, timeout: int = 120):
    """Run ``nb`` in place in this interpreter's kernel; return its (empty) working directory."""
    jupyter = tmp_path / "jupyter"
    _python3_kernelspec(jupyter)
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter))
    # a headless backend in the environment must not suppress the inline figures
    monkeypatch.setenv("MPLBACKEND", "Agg")
    work = tmp_path / "work"
    work.mkdir()
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    )
    client.execute()
    return work


def executed_outputs(nb, tmp_path, monkeypatch, timeout: int = 120):
    """Execute ``nb`` (:func:`execute_notebook`), check that no cell raised, and return
    its outputs and (empty) working directory."""
    work = execute_notebook(nb, tmp_path, monkeypatch, timeout)
    outputs = _outputs(nb)
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors, [f"{o.ename}: {o.evalue}" for o in errors]
    return outputs, work


def test_quickstart_notebook_executes(tmp_path, monkeypatch):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import sys\nprint(sys.executable, end='')"))
    outputs, work = executed_outputs(nb, tmp_path, monkeypatch)
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 2, "expected the single-run and the ensemble figure"
    # the Knoster table names every department with a German diagnosis label
    tables = [o["data"]["text/plain"] for o in outputs if o.output_type == "execute_result"]
    assert any("Diagnose" in t and "Jugendamt" in t for t in tables)
    # the kernel really was this interpreter (the venv's, with ipykernel)
    assert nb.cells[-1].outputs[0]["text"] == sys.executable
    # the notebook writes nothing into its working directory
    assert not any(work.iterdir())
