"""Web app benchmarks: Step-to-figures time on the server, and page-interactive time.

1. **Step to re-rendered figures** (target <= 150 ms, median over 50 steps). The default
   view (planner, live run: curves with the plan strip, network, department table,
   event log) is rendered in-process with ``solara.render``. A Step click runs
   ``widget.click()``: the click handler, the model step, the re-render of the live
   run's components and the PNG encoding of both figures all happen synchronously in
   that call, so its wall time is the server-side cost of a step. Not included: the
   websocket transfer of the changed widgets (about 60-90 KB of PNG) and the browser's
   paint. For context the script also times the two figures alone.
2. **Server start to page interactive** (target <= 5 s). Chromium is launched first;
   then ``dkbm web --port <free>`` starts, and the clock runs from its start until the
   page in headless Chromium shows an enabled Step button and the live chart. Three
   runs; the median is reported.

Prints the figures and writes ``benchmarks/results/web.json``. Never asserts timings.

    .venv/bin/python benchmarks/bench_web.py [--steps 50] [--starts 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "web.json"
STEP_TARGET_MS = 150.0
INTERACTIVE_TARGET_S = 5.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def bench_step(steps: int, warmup: int = 3) -> dict:
    import ipyvuetify as v
    import solara

    from simulation.web.app import App
    from simulation.web.live import live_chart, live_series, network_chart
    from simulation.web.state import Session

    session = Session("de")
    started = time.perf_counter()
    box, rc = solara.render(App(session), handle_error=False)
    first_render = time.perf_counter() - started
    step = [w for w in _walk(box) if isinstance(w, v.Btn) and "dkbm-step" in (w.class_ or "")]
    assert len(step) == 1, "no Step button in the default view"
    button = step[0]
    for _ in range(warmup):
        button.click()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        button.click()
        times.append(time.perf_counter() - t0)
    assert session.live.month == warmup + steps
    chart = live_chart(session, "de", False)
    network = network_chart(session, "de", False, "readiness")
    chart_times, network_times = [], []
    for _ in range(20):
        t0 = time.perf_counter()
        chart.render(live_series(session.live.model), session.live.month)
        chart_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        network.render(session.live.model)
        network_times.append(time.perf_counter() - t0)
    rc.close()
    ms = [1000 * x for x in times]
    return {
        "steps": steps,
        "median_ms": statistics.median(ms),
        "p90_ms": statistics.quantiles(ms, n=10)[-1],
        "min_ms": min(ms),
        "max_ms": max(ms),
        "target_ms": STEP_TARGET_MS,
        "live_chart_median_ms": 1000 * statistics.median(chart_times),
        "network_median_ms": 1000 * statistics.median(network_times),
        "first_render_s": first_render,
    }


def _walk(widget):
    out, todo = [], [widget]
    while todo:
        w = todo.pop()
        out.append(w)
        for child in getattr(w, "children", None) or []:
            if not isinstance(child, (str, dict)):
                todo.append(child)
    return out


def bench_interactive(starts: int) -> dict:
    from playwright.sync_api import sync_playwright

    from simulation.web.server import free_port

    dkbm = Path(sys.executable).with_name("dkbm")
    runs = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for _ in range(starts):
                port = free_port()
                t0 = time.perf_counter()
                process = subprocess.Popen(
                    [str(dkbm), "web", "--port", str(port)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
                try:
                    url = process.stdout.readline().decode().strip()
                    serving = time.perf_counter() - t0
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    page.goto(url)
                    page.locator(".dkbm-step").wait_for(state="visible", timeout=120_000)
                    page.locator(".dkbm-live-chart").wait_for(state="visible", timeout=120_000)
                    page.wait_for_function(
                        "() => !document.querySelector('.dkbm-step').disabled", timeout=120_000
                    )
                    interactive = time.perf_counter() - t0
                    page.close()
                    runs.append({"serving_s": serving, "interactive_s": interactive})
                finally:
                    process.terminate()
                    try:
                        process.wait(10)
                    except subprocess.TimeoutExpired:
                        process.kill()
                        process.wait()
                    process.stdout.close()
        finally:
            browser.close()
    return {
        "runs": runs,
        "median_interactive_s": statistics.median(r["interactive_s"] for r in runs),
        "median_serving_s": statistics.median(r["serving_s"] for r in runs),
        "target_s": INTERACTIVE_TARGET_S,
    }


def machine() -> dict:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_1_5_15": load,
    }


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False) as f:
        json.dump(data, f, indent=2)
        f.write("\n")
    os.replace(f.name, path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--starts", type=int, default=3)
    args = parser.parse_args(argv)
    result = {"machine_before": machine()}
    step = bench_step(args.steps)
    result["step_to_figures"] = step
    print(
        f"step -> re-rendered figures (server side, default view, {step['steps']} steps): "
        f"median {step['median_ms']:.0f} ms, p90 {step['p90_ms']:.0f} ms "
        f"(target <= {STEP_TARGET_MS:.0f} ms); live chart {step['live_chart_median_ms']:.0f} ms, "
        f"network {step['network_median_ms']:.0f} ms; first render {step['first_render_s']:.1f} s"
    )
    interactive = bench_interactive(args.starts)
    result["server_start_to_interactive"] = interactive
    print(
        f"server start -> page interactive ({len(interactive['runs'])} starts): median "
        f"{interactive['median_interactive_s']:.1f} s (target <= {INTERACTIVE_TARGET_S:.0f} s); "
        f"server answering after {interactive['median_serving_s']:.1f} s"
    )
    result["machine_after"] = machine()
    write_json(RESULTS, result)
    print(f"written: {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
