"""Benchmark the live scenario widgets: how long one slider or dropdown change takes to recompute the model and
redraw its numbers and chart (what a JupyterLab or dashboard user waits for), against a 0.5 s budget.

Prints the median seconds per change for each control and the ratio budget/median (target: >= 1).
Needs the processed tables (workbench run --only data). Usage: python benchmarks/scenario_widgets.py [--repeat N]
"""
from __future__ import annotations

import argparse
import statistics
import time

BUDGET = 0.5  # seconds: "within a fraction of a second"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    from analysis.reports.scenarios.params import Params, municipality_names
    from analysis.reports.scenarios.widgets import ScenarioApp

    app = ScenarioApp(Params.validate_params({}).derive())
    names = municipality_names()
    controls = {
        "target digital share": (app.target, [40 + i for i in range(args.repeat)]),
        "members (shared operations)": (app.members, [4 + i for i in range(args.repeat)]),
        "municipality dropdown": (app.municipality, names[: args.repeat]),
        "licence per citizen": (app.fee, [5 + i for i in range(args.repeat)]),
    }
    print(f"{'control':32} {'median s':>9} {'budget/median':>14}")
    for label, (widget, values) in controls.items():
        times = []
        for v in values:
            start = time.perf_counter()
            widget.value = v
            times.append(time.perf_counter() - start)
        med = statistics.median(times)
        print(f"{label:32} {med:9.3f} {BUDGET / med:14.1f}")


if __name__ == "__main__":
    main()
