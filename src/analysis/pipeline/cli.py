"""`workbench run`, `workbench list` and `workbench clean`."""
from __future__ import annotations

import shutil
import signal
import sys

from analysis import paths
from analysis.errors import WorkbenchError


def _selection(p) -> None:
    """The options that say what a run covers (shared by `run` and `status`)."""
    p.add_argument("--params", metavar="FILE", help="a parameter set (default: the editions in pipeline.yaml)")
    p.add_argument("--set", dest="sets", action="append", default=[], metavar="NAME=VALUE",
                   help="override a parameter (NAME or STEP.NAME); repeatable")
    p.add_argument("--only", action="extend", nargs="+", default=[], metavar="STEP",
                   help="only these steps (and what they need); repeatable: --only a --only b keeps both")
    p.add_argument("--downstream", action="store_true",
                   help="with --only: add every step that follows the named ones")
    p.add_argument("--force", action="store_true", help="rerun every selected step")
    p.add_argument("--variant", metavar="NAME", help="name of the variant a run with --set writes to "
                   "(default: made from the --set items), under reports/variants/NAME/")
    p.add_argument("--publish", action="store_true",
                   help="with --set: render into the published editions instead of a variant")


def register(sub) -> None:
    p = sub.add_parser("run", help="run the pipeline: execute what is stale, render HTML and PDF")
    _selection(p)
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="parallel kernels (default: cores)")
    p.add_argument("--dry-run", action="store_true", help="say what would run and why, without running")
    p.add_argument("--json", action="store_true", help="with --dry-run: print the status as JSON")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("status", help="what a run would rerun and why (which parameter, table, module, package), "
                                      "without running")
    _selection(p)
    p.add_argument("--json", action="store_true", help="print the status as JSON (for scripts)")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("list", help="the steps, their notebooks and parameters, and whether each is up to date")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("clean", help="remove generated outputs (reports, processed tables); never data/raw")
    p.set_defaults(func=cmd_clean)


def _only(args) -> list[str]:
    """--only names, plus with --downstream every step that follows them."""
    if not args.downstream:
        return list(args.only)
    from analysis.errors import ParameterError
    from analysis.pipeline import plan, spec

    if not args.only:
        raise ParameterError("--downstream needs --only STEP", valid="e.g. --only spend --downstream")
    return plan.with_downstream(spec.load(), args.only)


def cmd_status(args) -> int:
    from analysis.pipeline import status, variants

    statuses = status.unit_statuses(params_file=args.params, sets=args.sets, only=_only(args), force=args.force,
                                    variant=variants.choose(args.sets, args.variant, args.publish))
    if args.json:
        print(status.as_json(statuses))
    else:
        print(f"workbench status: {paths.root()}")
        status.print_status(statuses)
    return 0


def cmd_run(args) -> int:
    from analysis.pipeline import run

    if args.jobs is not None and args.jobs < 1:
        from analysis.errors import ParameterError

        raise ParameterError(f"--jobs {args.jobs} is not a positive number", valid="an integer ≥ 1")
    if args.dry_run:
        return cmd_status(args)
    from analysis.pipeline import variants

    print(f"workbench run: {paths.root()}", flush=True)
    variant = variants.choose(args.sets, args.variant, args.publish)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops a run as Ctrl-C does
    try:
        result = run.run(params_file=args.params, sets=args.sets, only=_only(args), force=args.force,
                         jobs=args.jobs, variant=variant)
    finally:
        signal.signal(signal.SIGTERM, previous)
    if any(o.unit.variant for o in result.outcomes):
        print(f"variant '{variant}': reports/{variants.PREFIX}/{variant}/ (the published editions are untouched; "
              "--publish renders into them)")
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
    from analysis.pipeline import spec, status

    pipeline = spec.load()
    try:
        statuses = status.unit_statuses()
    except WorkbenchError as exc:  # e.g. a broken parameter set: list the steps all the same
        statuses, problem = [], exc.format()
    else:
        problem = None
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
        print(f"  status: {problem or status.step_line([s for s in statuses if s.step == sid])}")
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
