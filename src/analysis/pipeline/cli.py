"""`workbench run`, `workbench list` and `workbench clean`."""
from __future__ import annotations

import shutil
import signal
import sys

from analysis import paths
from analysis.errors import WorkbenchError


def register(sub) -> None:
    p = sub.add_parser("run", help="run the pipeline: execute what is stale, render HTML and PDF")
    p.add_argument("--params", metavar="FILE", help="a parameter set (default: the editions in pipeline.yaml)")
    p.add_argument("--set", dest="sets", action="append", default=[], metavar="NAME=VALUE",
                   help="override a parameter (NAME or STEP.NAME); repeatable")
    p.add_argument("--only", nargs="+", default=[], metavar="STEP", help="run only these steps (and what they need)")
    p.add_argument("--force", action="store_true", help="rerun every selected step")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="parallel kernels (default: cores)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("list", help="the steps, their notebooks and parameters, and whether each is up to date")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("clean", help="remove generated outputs (reports, processed tables); never data/raw")
    p.set_defaults(func=cmd_clean)


def cmd_run(args) -> int:
    from analysis.pipeline import run

    if args.jobs is not None and args.jobs < 1:
        from analysis.errors import ParameterError

        raise ParameterError(f"--jobs {args.jobs} is not a positive number", valid="an integer ≥ 1")
    print(f"workbench run: {paths.root()}", flush=True)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops a run as Ctrl-C does
    try:
        result = run.run(params_file=args.params, sets=args.sets, only=args.only, force=args.force,
                         jobs=args.jobs)
    finally:
        signal.signal(signal.SIGTERM, previous)
    counts = ", ".join(f"{result.count(s)} {s}" for s in ("ok", "fresh", "failed", "skipped", "interrupted")
                       if result.count(s))
    print(f"{'interrupted after' if result.interrupted else 'finished in'} {result.seconds:.1f} s: {counts}")
    index = paths.reports_dir() / "index.html"
    if index.exists():
        print(f"reports: {index}")
    if result.interrupted:
        print("interrupted: reports that finished are published and recorded in reports/run.json; "
              "the others keep their last good version", file=sys.stderr)
        return 130
    if not result.ok:
        for o in result.outcomes:
            if o.status == "failed":
                print(f"error: {o.unit.key}: {o.message}", file=sys.stderr)
        return 1
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def cmd_list(args) -> int:
    from analysis.pipeline import paramsets, run, spec, state

    pipeline = spec.load()
    manifest = state.Manifest()
    editions = [paramsets.load_edition(p, pipeline) for p in pipeline.editions]
    for sid in pipeline.order():
        step = pipeline.steps[sid]
        what = step.notebook.relative_to(paths.root()) if step.notebook else step.call
        print(f"{sid}: {step.title}  [{what}]")
        if step.depends_on:
            print(f"  depends on: {', '.join(step.depends_on)}")
        if step.notebook:
            model = step.model_class()
            for name, f in model.model_fields.items():
                if name in ("output_dir", "output_href"):
                    continue
                typ = str(f.annotation).replace("typing.", "").replace("<class '", "").replace("'>", "")
                default = f.get_default(call_default_factory=True)
                print(f"  param {name}: {typ} = {default!r}")
        units = run.plan(pipeline, editions, [], [sid])
        runner = run.Runner(pipeline, units, force=False, jobs=1)
        fresh = 0
        for u in units:
            try:
                fresh += manifest.is_fresh(u.key, runner.inputs(u))
            except WorkbenchError:
                pass
        status = "up to date" if fresh == len(units) else f"stale ({len(units) - fresh} of {len(units)})"
        print(f"  status: {status}")
    return 0


def cmd_clean(args) -> int:
    from analysis.pipeline.lock import RunLock

    if not paths.reports_dir().exists():
        return _clean()
    with RunLock():  # never pull reports from under a running run
        return _clean()


def _clean() -> int:
    removed = []
    for folder in (paths.reports_dir(), paths.processed_dir()):
        if folder.exists():
            for child in folder.iterdir():
                if child.name in (".gitkeep", ".run.lock"):
                    continue
                shutil.rmtree(child) if child.is_dir() else child.unlink()
                removed.append(child)
    print(f"removed {len(removed)} generated item(s) from reports/ and data/processed/ (data/raw untouched)")
    return 0
