"""One pipeline run, orchestrated: take the lock, plan (analysis.pipeline.plan), execute stale units in a pool
of reused kernels, render and publish each (analysis.pipeline.publish) with its sources
(analysis.provenance), then write the manifest and the index."""
from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from analysis import layout, paths, provenance
from analysis.errors import DataError, PipelineError, WorkbenchError
from analysis.pipeline import paramsets, plan, spec, state, variants
from analysis.pipeline.plan import Unit
from analysis.pipeline.reasons import describe_changes, run_note
from analysis.runner_params import RUNNER_PARAMS


@dataclass
class Outcome:
    unit: Unit
    status: str  # ok | fresh | failed | skipped | interrupted
    seconds: float = 0.0
    message: str = ""


@dataclass
class RunResult:
    outcomes: list[Outcome]
    seconds: float
    interrupted: bool = False

    @property
    def ok(self) -> bool:
        return all(o.status in ("ok", "fresh") for o in self.outcomes)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)


def git_commit() -> str:
    """The checkout's short commit (with '+changes' when the tree differs), or '' outside a git checkout (a report
    then names no commit rather than printing a word no reader's language has)."""
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=paths.root(), capture_output=True,
                             text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=paths.root(),
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return (sha + ("+changes" if dirty else "")) if sha else ""
    except (OSError, subprocess.SubprocessError):
        return ""


class Runner:
    """Executes a plan: data step in process, notebooks in a pool of reused kernels, then renders."""

    def __init__(self, pipeline: spec.Pipeline, units: list[Unit], *, force: bool, jobs: int, echo=print,
                 manifest: state.Manifest | None = None, editions=None, sets=None, wanted=None, variant=None):
        self.pipeline = pipeline
        self.units = units
        self.force = force
        self.jobs = max(1, jobs)
        self.echo = echo
        self.manifest = manifest or state.Manifest()
        self.editions = editions or []
        self.sets = sets or []
        self.wanted = wanted or []
        self.variant = variant
        self.pool = None
        self.early_pool = None  # kernels.KernelPool started before the data step (start_kernels_early)
        self.pdf = None  # pdf_pool.PdfPool when the run renders enough reports to pay for its workers
        self.staging = paths.reports_dir() / ".staging"
        self._sources_cache: dict[tuple[str, str], tuple[list[dict], list[dict]]] = {}
        self._lock = threading.Lock()
        self.inputs = plan.Inputs()
        self._inputs: dict[str, dict] = {}
        self._fresh: set[str] = set()
        self.bar = None
        self.stopping = threading.Event()  # set by Ctrl-C: start no new unit, stop the running ones

    # ---- inputs and sources ------------------------------------------------------------------
    def sources_for(self, step: spec.Step, lang: str) -> tuple[list[dict], list[dict]]:
        """(vintage rows, distinct sources) of the step's tables, composed once per run and language."""
        with self._lock:
            if (step.id, lang) not in self._sources_cache:
                self._sources_cache[step.id, lang] = provenance.appendix(step.tables, lang)
            return self._sources_cache[step.id, lang]

    def data_fresh(self) -> bool:
        """True when the run has a data step and it is up to date: its inputs hash every raw file, the sidecars and
        the code that checks them, and it was recorded by a build whose snapshots all passed that check (so a
        run with nothing to do need not read them again)."""
        data = [u for u in self.units if u.step.call]
        if not data or self.force:
            return False
        try:
            for u in data:
                self._inputs[u.key] = self.inputs(u)
        except WorkbenchError:
            return False  # reported as the data step's failure when it runs
        return all(self.manifest.is_fresh(u.key, self._inputs[u.key]) for u in data)

    @functools.cached_property
    def commit(self) -> str:
        """The checkout's commit, asked of git only when a unit runs or a run is recorded."""
        return git_commit()

    # ---- execution ----------------------------------------------------------------------------
    def _kernel_pool(self):
        from analysis.pipeline.kernels import KernelPool  # jupyter_client only: papermill can wait

        return KernelPool(self.jobs, env={"WORKBENCH_ROOT": str(paths.root())}, runtime_tag=runtime_tag())

    def start_kernels_early(self) -> None:
        """Before a data step that is to run, when notebooks follow it: start the kernels now, so they boot while
        the runner checks the snapshots and builds the tables (a fresh clone's first seconds used one core)."""
        if self.early_pool is None and any(not self.pipeline.steps[s].call for s in self.wanted):
            self.early_pool = self._kernel_pool()
            self.early_pool.prestart(paths.notebooks_dir())

    def close_early_kernels(self) -> None:
        """Stop the kernels start_kernels_early started, when no notebook came to use them (a refused snapshot, a
        failed data step, Ctrl-C, or nothing left to run)."""
        if self.early_pool is not None:
            self.early_pool.close()
            self.early_pool = None

    def run_data(self, unit: Unit) -> Outcome:
        start = time.perf_counter()
        inputs = self._inputs.get(unit.key) or self.inputs(unit)
        if not self.force and self.manifest.is_fresh(unit.key, inputs):
            return Outcome(unit, "fresh")
        why = ["--force"] if self.force else describe_changes(self.manifest.entry(unit.key), inputs)
        fn = spec.resolve(unit.step.call, f"step '{unit.step.id}' call")
        try:
            fn()
        except WorkbenchError as exc:
            return Outcome(unit, "failed", time.perf_counter() - start, exc.format())
        seconds = time.perf_counter() - start
        outputs = sorted(str(p.relative_to(paths.root())) for p in paths.processed_dir().glob("*.parquet"))
        self.manifest.record(unit.key, {"status": "ok", "inputs": self.inputs(unit), "outputs": outputs,
                                        "seconds": round(seconds, 3), "finished": now(), "reason": why})
        return Outcome(unit, "ok", seconds, message=run_note(why))

    def run_notebook(self, unit: Unit) -> Outcome:
        from analysis.pipeline import execute, publish  # here: a run with nothing to do imports neither

        start = time.perf_counter()
        if self.stopping.is_set():
            return Outcome(unit, "interrupted")
        try:
            inputs = self._inputs.get(unit.key) or self.inputs(unit)
        except WorkbenchError as exc:
            return Outcome(unit, "failed", 0.0, exc.format())
        if not self.force and self.manifest.is_fresh(unit.key, inputs):
            return Outcome(unit, "fresh")
        model = unit.step.model_class()
        notebook = str(unit.step.notebook.relative_to(paths.root()))
        defaults = {k: f.get_default(call_default_factory=True) for k, f in model.model_fields.items()}
        why = ["--force"] if self.force else describe_changes(
            variants.entry_for(self.manifest, unit.key, unit.variant), inputs, unit.values, notebook, defaults)
        try:
            validated = model.validate_params(unit.values, where=unit.where).derive()
        except WorkbenchError as exc:
            return Outcome(unit, "failed", 0.0, exc.format())
        stem = unit.stem
        name = Path(stem).name
        stage = self.staging / f"{layout.slug(unit.key)}-{uuid.uuid4().hex[:8]}"
        files = stage / f"{name}_files"
        files.mkdir(parents=True)
        params = {**unit.values, "lang": validated.lang, "output_dir": str(files), "output_href": f"{name}_files"}
        executed_path = stage / f"{name}.ipynb"
        try:
            nb = execute.read_notebook(unit.step.notebook)
            with self.pool.kernel() as kernel:
                if self.stopping.is_set():  # Ctrl-C while this unit waited for a kernel
                    return Outcome(unit, "interrupted", time.perf_counter() - start)
                result = execute.execute(nb, params, kernel=kernel, output_path=executed_path,
                                         cwd=unit.step.notebook.parent)
            if self.stopping.is_set():
                return Outcome(unit, "interrupted", time.perf_counter() - start)
            if result.error:
                failed = paths.reports_dir() / "_failed" / f"{layout.slug(unit.key)}.ipynb"
                failed.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(executed_path, failed)
                rel = failed.relative_to(paths.root())
                return Outcome(unit, "failed", time.perf_counter() - start,
                               f"{unit.step.notebook.name} {result.error.describe()} (executed notebook: {rel})")
            vintage, sources = self.sources_for(unit.step, validated.lang)
            shown = {k: v for k, v in validated.model_dump().items() if k not in RUNNER_PARAMS}
            html = publish.render(result.nb, stage, stem, title=unit.step.title, lang=validated.lang, params=shown,
                                  vintage=vintage, sources=sources,
                                  run_info={"date": dt.date.today().isoformat(), "commit": self.commit,
                                            "edition": unit.edition.name, "step": unit.step.id},
                                  report=unit.step.report, render_pdf=self.pdf and self.pdf.render_pdf)
            outputs = publish.publish(stage, stem)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        seconds = time.perf_counter() - start
        title = publish.title_of(html) or unit.step.title
        self.manifest.record(unit.key, {
            "status": "ok", "inputs": inputs, "outputs": outputs, "seconds": round(seconds, 3),
            "cell_seconds": result.cell_seconds, "params": shown, "title": title, "lang": validated.lang,
            "edition": unit.edition.name, "step": unit.step.id, "stem": stem, "finished": now(),
            "commit": self.commit, "foreach": unit.foreach_value, "reason": why, "values": unit.values,
            "variant": unit.variant})
        return Outcome(unit, "ok", seconds, message=run_note(why))

    def add_foreach_units(self) -> None:
        """Expand foreach steps now that the tables their values come from are built."""
        self.units.extend(plan.expand_foreach(self.pipeline, self.editions, self.sets, self.wanted, self.manifest,
                                              self.variant))

    def prevalidate(self, done: dict[str, Outcome]) -> None:
        """Derive the parameters of every stale unit (names looked up in the data) before any kernel starts."""
        if any(o.status == "failed" for o in done.values()):
            return
        for u in self.units:
            if u.step.call:
                continue
            try:
                inputs = self.inputs(u)
            except WorkbenchError:
                continue  # reported as the unit's failure when it runs
            self._inputs[u.key] = inputs
            if not self.force and self.manifest.is_fresh(u.key, inputs):
                self._fresh.add(u.key)
            else:
                u.step.model_class().validate_params(u.values, where=u.where).derive()

    def execute_all(self) -> list[Outcome]:
        """Run every unit once its dependencies succeeded; a failure stops its dependents only; Ctrl-C stops
        starting units at once (what did not finish is 'interrupted')."""
        outcomes: dict[str, Outcome] = {}
        try:
            self._execute_all(outcomes)
        except KeyboardInterrupt:
            self.stopping.set()
        return [outcomes.get(u.key) or Outcome(u, "interrupted") for u in self.units]

    def _execute_all(self, outcomes: dict[str, Outcome]) -> None:
        for u in self.units:
            if u.step.call:
                outcomes[u.key] = self._guard(self.run_data, u)
                self._report(outcomes[u.key])
        if not any(o.status == "failed" for o in outcomes.values()):
            self.add_foreach_units()
        self.prevalidate(outcomes)
        groups: dict[str, int] = {}
        for u in self.units:
            if u.key in self._fresh:
                outcomes[u.key] = Outcome(u, "fresh")
                if u.foreach_value is None:
                    self._report(outcomes[u.key])
                else:
                    group = f"{u.edition.name}/{u.step.id}"
                    groups[group] = groups.get(group, 0) + 1
        for group, n in groups.items():
            self.echo(f"  {group + f' ({n})':<40} {'up to date':<10}")
        pending = [u for u in self.units if u.key not in outcomes]
        if not pending:  # nothing to execute: no kernels, not even papermill's import
            return
        from analysis.pipeline.pdf_pool import PdfPool

        deps = {u.key: self._deps(u) for u in self.units}
        self._progress_start(len(pending))
        notebooks = sum(1 for u in pending if not u.step.call)
        pool, self.early_pool = self.early_pool or self._kernel_pool(), None
        with pool:
            # PDFs in worker processes, and twice as many threads as kernels: while one thread waits for its
            # PDF, another executes the next notebook, so kernels and renderers keep every core busy
            self.pdf = PdfPool(self.jobs) if notebooks >= PDF_WORKERS_FROM else None
            ex = ThreadPoolExecutor(max_workers=self.jobs * (2 if self.pdf else 1))
            self.pool = pool
            running: dict[Future, Unit] = {}
            try:
                self._schedule(pending, running, outcomes, deps, ex)
            except KeyboardInterrupt:
                self._stop(running, outcomes, pending)
            finally:
                ex.shutdown(wait=not self.stopping.is_set(), cancel_futures=True)
                if self.pdf:
                    self.pdf.close(wait=not self.stopping.is_set())
                self._progress_end()

    def _schedule(self, pending: list[Unit], running: dict[Future, Unit], outcomes: dict[str, Outcome],
                  deps: dict[str, list[str]], ex: ThreadPoolExecutor) -> None:
        """Submit every unit whose dependencies are done, collect outcomes, until nothing is left."""
        while pending or running:
            for u in list(pending):
                states = [outcomes.get(k) for k in deps[u.key]]
                if any(s is not None and s.status in ("failed", "skipped") for s in states):
                    bad = next(s for s in states if s and s.status in ("failed", "skipped"))
                    outcomes[u.key] = Outcome(u, "skipped", message=f"needs {bad.unit.key}, which failed")
                    pending.remove(u)
                    self._report(outcomes[u.key])
                elif all(s is not None for s in states):
                    fn = self.run_data if u.step.call else self.run_notebook
                    running[ex.submit(self._guard, fn, u)] = u
                    pending.remove(u)
            if not running:
                continue
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for fut in done:
                u = running.pop(fut)
                outcomes[u.key] = fut.result()
                self._report(outcomes[u.key])

    def _stop(self, running: dict[Future, Unit], outcomes: dict[str, Outcome], pending: list[Unit]) -> None:
        """Ctrl-C: start nothing new, interrupt the running notebooks, kill kernels that do not stop in time."""
        self.stopping.set()
        for fut in running:
            fut.cancel()
        self.pool.interrupt_all()
        try:
            done, late = wait(list(running), timeout=STOP_GRACE)
        except KeyboardInterrupt:  # a second Ctrl-C: stop at once
            done, late = set(), set(running)
        if late:
            self.pool.kill_all()
            done, late = wait(list(running), timeout=STOP_GRACE)
        for fut in done:
            u = running[fut]
            outcomes[u.key] = Outcome(u, "interrupted") if fut.cancelled() else fut.result()
            self._report(outcomes[u.key])
        for u in [running[f] for f in late] + pending:
            outcomes.setdefault(u.key, Outcome(u, "interrupted"))
        for u in self.units:
            outcomes.setdefault(u.key, Outcome(u, "interrupted"))

    def _guard(self, fn, unit: Unit) -> Outcome:
        try:
            return fn(unit)
        except WorkbenchError as exc:
            return Outcome(unit, "failed", 0.0, exc.format())
        except OSError as exc:  # disk full, read-only folder: one line naming the path
            return Outcome(unit, "failed", 0.0, describe_os_error(exc))
        except Exception:
            if self.stopping.is_set():  # a kernel killed on Ctrl-C takes its notebook down with it
                return Outcome(unit, "interrupted")
            raise

    def _deps(self, unit: Unit) -> list[str]:
        keys = {u.key for u in self.units}
        out = []
        for d in unit.step.depends_on:
            dstep = self.pipeline.steps[d]
            if dstep.call:
                cand = [d]
            elif dstep.foreach:
                cand = [u.key for u in self.units if u.step.id == d and u.edition is unit.edition]
            else:
                own = f"{unit.edition.name}/{d}" if unit.edition else None
                cand = [variants.key(unit.variant, own)] if own and unit.variant else []
                cand += [own] if own and not any(c in keys for c in cand) else []
            out.extend(k for k in cand if k in keys)
        return out

    # ---- progress -----------------------------------------------------------------------------
    def _progress_start(self, total: int) -> None:
        try:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="report", file=sys.stderr, leave=False,
                            disable=not sys.stderr.isatty())
        except ImportError:
            self.bar = None

    def _progress_end(self) -> None:
        if self.bar is not None:
            self.bar.close()

    def _report(self, o: Outcome) -> None:
        if self.bar is not None:
            self.bar.update(1)
        mark = {"ok": "done", "fresh": "up to date", "failed": "FAILED", "skipped": "skipped",
                "interrupted": "stopped"}[o.status]
        line = f"  {o.unit.key:<40} {mark:<10} {o.seconds:6.1f} s"
        if o.message:
            line += f"  {o.message}"
        if self.bar is not None:
            self.bar.write(line, file=sys.stdout)
        else:
            self.echo(line)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# A PDF worker costs about a second to start (importing WeasyPrint, its fonts): worth it from this many notebooks
PDF_WORKERS_FROM = 8
STOP_GRACE = 5.0  # seconds a running notebook gets to stop after Ctrl-C before its kernel is killed


def runtime_tag() -> str:
    """A short tag of this tree, naming its kernels' runtime folders (so the next run finds leftovers)."""
    return state.text_hash(str(paths.root()))[:10]


def describe_os_error(exc: OSError) -> str:
    """One line for a fault of the machine (disk full, read-only folder): the path and what happened."""
    where = exc.filename or "reports/"
    try:
        where = str(Path(where).resolve().relative_to(paths.root()))
    except (ValueError, OSError):
        pass
    return f"{where}: {exc.strerror or exc}; the last good reports and index are unchanged"


def clean_leftovers(echo=print) -> None:
    """Remove staging folders and kill kernels left by an interrupted or killed run (we hold the lock)."""
    from analysis.pipeline import kernel_runtime

    staging = paths.reports_dir() / ".staging"
    left = [p for p in staging.iterdir()] if staging.is_dir() else []
    for p in left:
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    killed = kernel_runtime.kill_leftover_kernels(runtime_tag())
    if left or killed:
        echo(f"cleaned up after an earlier run that did not finish: {len(left)} staging folder(s), "
             f"{killed} kernel(s)")


def run(params_file: str | None = None, sets: list[str] | None = None, only: list[str] | None = None,
        force: bool = False, jobs: int | None = None, echo=print, variant: str | None = None) -> RunResult:
    """One run at a time per tree: take the lock, clean up after a killed run, then run.
    With `variant`, units whose --set values differ from their edition's go to reports/variants/<variant>/."""
    from analysis.pipeline.lock import RunLock

    with RunLock() as held:
        if held.took_over:
            echo(f"note: took over the run lock of PID {held.took_over.get('pid')} (started "
                 f"{held.took_over.get('started')}), which is no longer running")
        clean_leftovers(echo)
        return _run_locked(params_file, sets, only, force, jobs, echo, variant)


def _open_manifest(pipeline: spec.Pipeline, echo) -> state.Manifest:
    """The manifest; a damaged one is set aside with a timestamp and the reports on disk recovered from it."""
    manifest = state.Manifest()
    if manifest.damage:
        aside = manifest.set_aside()
        found = manifest.recover_from_disk(pipeline)
        rel = manifest.path.relative_to(paths.root())
        kept = f"set aside as {aside.name}" if aside else "left in place (cannot rename it)"
        echo(f"warning: {rel} {manifest.damage}: {kept}; the index is rebuilt from the {found} report(s) on "
             f"disk, which rerun when next selected")
    return manifest


def _hints(manifest: state.Manifest) -> dict:
    """What the manifest keeps to make the next run quick (each model's fields, each module's imports)."""
    return {k: manifest.data.get(k) for k in ("models", "imports")}


def _run_locked(params_file, sets, only, force, jobs, echo, variant=None) -> RunResult:
    """Validate, verify the snapshots (unless the data step is up to date), execute what is stale, render, write
    the manifest and the index."""
    start = time.perf_counter()
    pipeline = spec.load()
    edition_paths = [Path(params_file)] if params_file else pipeline.editions
    if not edition_paths:
        raise PipelineError("no parameter set given and pipeline.yaml lists no editions",
                            valid="--params params/en.yaml")
    manifest = _open_manifest(pipeline, echo)
    before = state.text_hash(_hints(manifest))
    paramsets.FIELD_HINTS.update({k: tuple(v) for k, v in manifest.data.get("models", {}).items()})
    state.IMPORT_CACHE.update(manifest.data.get("imports", {}))
    editions = [paramsets.load_edition(p, pipeline) for p in edition_paths]
    parsed = paramsets.parse_sets(sets or [], pipeline)
    step_ids = plan.select_steps(pipeline, only or [])
    units = plan.plan(pipeline, editions, parsed, step_ids, manifest, foreach=False, variant=variant)
    runner = Runner(pipeline, units, force=force, jobs=jobs or os.cpu_count() or 1, echo=echo,
                    manifest=manifest, editions=editions, sets=parsed, wanted=step_ids, variant=variant)
    try:
        if not runner.data_fresh():
            from analysis.data import snapshot

            runner.start_kernels_early()
            problems = snapshot.verify_all()
            if problems:
                raise DataError(f"{len(problems)} snapshot(s) fail verification; first: {problems[0]}",
                                valid="run `workbench data verify` for the full list")
        outcomes = runner.execute_all()
    finally:
        runner.close_early_kernels()  # those no notebook came to use (the pool in use has closed itself)
    seconds = time.perf_counter() - start
    result = RunResult(outcomes, seconds, interrupted=runner.stopping.is_set())
    runner.manifest.data["models"] = {k: list(v) for k, v in paramsets.FIELD_HINTS.items()}
    runner.manifest.data["imports"] = state.current_import_cache()
    # a run whose units were all fresh changed at most the hints it keeps for the next one
    changed = any(o.status != "fresh" for o in outcomes) or state.text_hash(_hints(runner.manifest)) != before
    if changed or manifest.damage:  # a run that publishes nothing new writes nothing
        runner.manifest.add_run({"finished": now(), "seconds": round(seconds, 2), "commit": runner.commit,
                                 "force": force, "only": only or [], "sets": sets or [], "variant": variant,
                                 "editions": [e.name for e in editions], "interrupted": result.interrupted,
                                 "counts": {s: result.count(s) for s in ("ok", "fresh", "failed", "skipped",
                                                                         "interrupted")}})
    if result.count("ok") or manifest.damage or not (paths.reports_dir() / "index.html").exists():
        from analysis.pipeline import index

        index.write_all(runner.manifest, pipeline)
    return result
