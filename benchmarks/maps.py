"""Benchmark: core-seconds per municipality map, drawn from scratch vs recoloured on a reused base map.

    .venv/bin/python benchmarks/maps.py [-n 12]

Both ways run in this process on the built tables (run `workbench data build` first), one after the other:
"scratch" builds the shapes' paths and the figure for every map, "reused" builds them once and recolours them.
Each map is saved as SVG and PNG as publish_figure saves it. Warm-up maps (fonts, first draw) are not counted.
Target (issue 14): the map adds at most 0.1 core-second to a profile.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from analysis.data import tables  # noqa: E402
from analysis.figures import export, maps  # noqa: E402
from analysis.i18n import fmt_number  # noqa: E402


def inputs():
    """Shapes table, names and per-inhabitant values (REGK31, latest year) to colour the maps with."""
    shapes_df = tables.load("dk_municipality_boundaries")
    ref = tables.load("dk_municipalities")
    df = tables.load("dk_regk31_64551_administration")
    df = df[df["geo_level"] == "municipality"]
    latest = df[df["year"] == df["year"].max()]
    return shapes_df, dict(zip(ref["code"], ref["name"])), dict(zip(latest["geo_code"], latest["value"]))


def one_map(base: maps.BaseMap, values: dict, names: dict, code: str, out: Path, png: bool = True) -> int:
    f = lambda v: fmt_number(v, "en")  # noqa: E731
    cls = maps.Classes.quantiles(values.values(), 5, lambda b: maps.range_labels(
        b, f, below="under {b}", between="{a}–{b}", above="{a} and more"), decimals=-2)
    frame = maps.map_frame(values, names, cls, highlight=code)
    fig = base.draw(frame, cls, title="Benchmark map", legend_title="DKK per inhabitant", missing_label="no figure",
                    source="Source: benchmark", inset_label="Bornholm")
    svg = export._save_figure(fig, out / f"{code}.svg", "svg")
    if png:
        export._save_figure(fig, out / f"{code}.png", "png")
    return len(svg)


def run(n: int, reuse: bool, shapes_df, names, values, out: Path, png: bool = True) -> tuple[float, int]:
    """Median core-seconds per map over n maps (the median resists the other processes on a shared machine)."""
    codes = sorted(names)[:: max(1, len(names) // n)][:n]
    base = maps.BaseMap(maps.Shapes.from_table(shapes_df)) if reuse else None
    size, times = 0, []
    for code in codes:
        start = time.process_time()
        if not reuse:
            base = maps.BaseMap(maps.Shapes.from_table(shapes_df))
        size = max(size, one_map(base, values, names, code, out, png))
        times.append(time.process_time() - start)
    return statistics.median(times), size


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=12, help="maps per way (default 12)")
    args = ap.parse_args(argv)
    import tempfile
    shapes_df, names, values = inputs()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        run(2, True, shapes_df, names, values, out)                   # warm-up: fonts, first draw
        scratch, _ = run(args.n, False, shapes_df, names, values, out)
        reused, size = run(args.n, True, shapes_df, names, values, out)
        svg_only, _ = run(args.n, True, shapes_df, names, values, out, png=False)
        setup = time.process_time()
        maps.BaseMap(maps.Shapes.from_table(shapes_df))
        setup = time.process_time() - setup
    print(f"maps per way: {args.n}")
    print(f"from scratch: {scratch:.3f} core-s per map (shapes + figure + colours + SVG + PNG)")
    print(f"reused base:  {reused:.3f} core-s per map (colours + SVG + PNG)")
    print(f"base map built once: {setup:.3f} core-s; reuse saves {scratch - reused:.3f} core-s per map "
          f"(ratio scratch/reused {scratch / reused:.2f})")
    print(f"reused, SVG only (no PNG): {svg_only:.3f} core-s per map")
    print(f"largest SVG: {size / 1024:.0f} KB (aim <= 150 KB)")
    print(f"target: <= 0.100 core-s per profile for the map -> SVG and PNG: {'met' if reused <= 0.1 else 'NOT met'}"
          f"; SVG only: {'met' if svg_only <= 0.1 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
