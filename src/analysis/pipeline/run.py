"""One pipeline run: validate everything, decide what is stale, execute, render, publish atomically."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from analysis import paths, safe_links
from analysis.errors import DataError, ParameterError, PipelineError, WorkbenchError, suggest
from analysis.pipeline import layout, paramsets, spec, state, variants
from analysis.pipeline.status import describe_changes, run_note
from analysis.pipeline.params import RUNNER_PARAMS


@dataclass
class Unit:
    """One executable piece: a step for an edition (and one foreach value), or the data step."""

    key: str
    step: spec.Step
    edition: paramsets.Edition | None
    values: dict[str, Any] = field(default_factory=dict)
    foreach_value: Any = None
    variant: str | None = None  # set when the unit's values differ from its edition's (see variants.py)

    @property
    def stem(self) -> str:
        return variants.stem(self.variant, layout.report_stem(self.step.id, self.edition.name, self.foreach_value))


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
    """The checkout's short commit (with '+changes' when the tree differs), or 'unknown'."""
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=paths.root(), capture_output=True,
                             text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=paths.root(),
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return (sha + ("+changes" if dirty else "")) if sha else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def select_steps(pipeline: spec.Pipeline, only: list[str]) -> list[str]:
    """Step ids to consider: --only names (ids or notebook files) plus what they depend on."""
    if not only:
        return pipeline.order()
    chosen: set[str] = set()
    for name in only:
        if name in pipeline.steps:
            sid = name
        elif name.endswith((".py", ".ipynb")):
            sid = spec.notebook_step_for(pipeline, name).id
        else:
            raise PipelineError(f"--only: unknown step '{name}'{suggest(name, pipeline.steps)}",
                                valid=", ".join(pipeline.steps))
        chosen |= {sid} | pipeline.ancestors(sid)
    return [s for s in pipeline.order() if s in chosen]


def plan(pipeline: spec.Pipeline, editions: list[paramsets.Edition], sets, step_ids: list[str],
         manifest: state.Manifest | None = None, foreach: bool = True, variant: str | None = None) -> list[Unit]:
    """Every unit of the run; parameters that differ from the last good run are validated here, up front.
    With `variant`, units whose values differ from their edition's are that variant's, not the edition's."""
    units: list[Unit] = []
    for sid in step_ids:
        step = pipeline.steps[sid]
        if step.call:
            units.append(Unit(key=sid, step=step, edition=None))
            continue
        for ed in editions:
            values = paramsets.step_values(step, ed, sets)
            where = str(ed.path.name if ed.path else "parameters") + f" (step '{sid}')"
            if step.foreach:
                if foreach:
                    units.extend(_foreach_units(step, ed, values, manifest, variant))
                continue
            key = f"{ed.name}/{sid}"
            var = variant if variant and variants.differs(values, paramsets.step_values(step, ed, [])) else None
            key = variants.key(var, key) if var else key
            if not _known_good(manifest, key, values):
                paramsets.validate(step, values, where)
            units.append(Unit(key=key, step=step, edition=ed, values=values, variant=var))
    return units


def _known_good(manifest: state.Manifest | None, key: str, values: dict[str, Any]) -> bool:
    """True when these exact values succeeded last time (so the model need not even be imported)."""
    e = manifest.entry(key) if manifest else None
    return bool(e and e.get("status") == "ok" and e.get("inputs", {}).get("params") == state.text_hash(values))


def _foreach_units(step: spec.Step, ed: paramsets.Edition, values: dict[str, Any],
                   manifest: state.Manifest | None, variant: str | None = None) -> list[Unit]:
    """One unit per foreach value; a value given with --set or in the edition renders just that one."""
    where = str(ed.path.name if ed.path else "parameters") + f" (step '{step.id}')"
    if step.foreach in values:  # the one canonical value (a code or variant names the same report)
        chosen = [getattr(paramsets.validate(step, values, where), step.foreach)]
    else:
        chosen = foreach_values(step, manifest)
    var = variant if variant and variants.differs(values, paramsets.step_values(step, ed, []), step.foreach) else None
    units = []
    for v in chosen:
        key = f"{ed.name}/{step.id}/{layout.slug(v)}"
        key = variants.key(var, key) if var else key
        vals = {**values, step.foreach: v}
        if not _known_good(manifest, key, vals):
            paramsets.validate(step, vals, where)
        units.append(Unit(key=key, step=step, edition=ed, values=vals, foreach_value=v, variant=var))
    return units


def foreach_values(step: spec.Step, manifest: state.Manifest | None) -> list[Any]:
    """The values a foreach step runs over, cached in the manifest against its code and tables."""
    module = step.foreach_values.split(":")[0]
    tables = {}
    for name in step.tables:
        f = paths.processed_dir() / f"{name}.parquet"
        tables[name] = state.file_hash(f) if f.exists() else None
    key = state.text_hash({"code": state.module_closure(f"import {module}"), "tables": tables,
                           "target": step.foreach_values})
    cached = (manifest.data.get("foreach", {}) if manifest else {}).get(step.id)
    if cached and cached.get("key") == key:
        return list(cached["values"])
    values = list(spec.resolve(step.foreach_values, f"step '{step.id}' foreach_values")())
    if manifest is not None:
        with manifest.lock:
            manifest.data.setdefault("foreach", {})[step.id] = {"key": key, "values": values}
    return values


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
        self.commit = git_commit()
        self.pool = None
        self.staging = paths.reports_dir() / ".staging"
        self._sources_cache: dict[str, tuple[list[dict], list[dict]]] = {}
        self._lock = threading.Lock()
        self._inputs: dict[str, dict[str, Any]] = {}
        self._fresh: set[str] = set()
        self._closures: dict[str, dict[str, str]] = {}
        self._versions: dict[str, str] | None = None
        self.bar = None
        self.stopping = threading.Event()  # set by Ctrl-C: start no new unit, stop the running ones

    # ---- inputs -------------------------------------------------------------------------------
    def inputs(self, unit: Unit) -> dict[str, Any]:
        """Everything the unit's output depends on, hashed."""
        step = unit.step
        if step.call:
            module = step.call.split(":")[0]
            from analysis.data import catalogue  # the declarations and the readers they name (imported by name)
            readers = "".join(f"\nimport {m}" for m in catalogue.reader_modules())
            return {"raw": state.tree_hash(paths.raw_dir()),
                    "modules": state.module_closure(f"import {module}{readers}"),
                    "catalogue": state.file_hash(catalogue.CATALOGUE_FILE), "packages": state.package_versions()}
        if step.id not in self._closures:
            nb_source = step.notebook.read_text(encoding="utf-8")
            model_module = (step.model or "analysis.pipeline.params:x").split(":")[0]
            self._closures[step.id] = state.module_closure(nb_source + f"\nimport {model_module}\n")
        if self._versions is None:
            self._versions = state.package_versions()
        return {"notebook": state.file_hash(step.notebook), "params": state.text_hash(unit.values),
                "modules": self._closures[step.id], "tables": self.table_hashes(step),
                "packages": self._versions, "render": state.render_hash()}

    def table_hashes(self, step: spec.Step) -> dict[str, str]:
        out = {}
        for name in step.tables:
            f = paths.processed_dir() / f"{name}.parquet"
            if not f.exists():
                known = sorted(p.stem for p in paths.processed_dir().glob("*.parquet"))
                raise DataError(f"step '{step.id}' reads table '{name}', which was not built{suggest(name, known)}",
                                file=f.relative_to(paths.root()), valid="tables listed in docs/architecture.md; "
                                "run `workbench run --only data`")
            out[name] = state.file_hash(f)
        return out

    # ---- sources ------------------------------------------------------------------------------
    def sources_for(self, step: spec.Step) -> tuple[list[dict], list[dict]]:
        """(vintage rows, distinct sources) from the provenance of every raw file behind the step's tables."""
        with self._lock:
            if step.id in self._sources_cache:
                return self._sources_cache[step.id]
        from analysis.data import snapshot, tables

        vintage, sources, seen = [], [], set()
        for name in step.tables:
            metas = []
            for raw in tables.raw_files(name):
                meta = snapshot.read_meta(raw)
                rel = str(Path(raw).resolve().relative_to(paths.root())) if Path(raw).is_absolute() else str(raw)
                metas.append((rel, meta))
                if str(meta.get("source_url", "")).startswith(("http://", "https://")):
                    entries = [{"title": meta.get("title"), "publisher": meta.get("publisher"),
                                "url": meta.get("source_url"), "date_accessed": meta.get("date_accessed"),
                                "licence": meta.get("licence")}]
                else:  # the file names its sources row by row: list the distinct ones
                    entries = _row_sources(name, meta)
                for entry in entries:
                    key = (entry.get("title"), entry.get("url"))
                    if key not in seen:
                        seen.add(key)
                        sources.append({**entry, "file": rel})
            if len(metas) == 1:
                rel, meta = metas[0]
                vintage.append({"table": name, "snapshot": rel, "date_accessed": meta.get("date_accessed"),
                                "sha256": (meta.get("sha256") or "")[:12]})
            elif metas:  # one row per table: the folder and how many snapshots (each is in the sources list)
                folder = str(Path(metas[0][0]).parent)
                dates = sorted(str(m.get("date_accessed")) for _, m in metas if m.get("date_accessed"))
                vintage.append({"table": name, "snapshot": f"{folder}/ ({len(metas)} files)",
                                "date_accessed": dates[-1] if dates else None, "sha256": ""})
        with self._lock:
            self._sources_cache[step.id] = (vintage, sources)
        return vintage, sources

    # ---- execution ----------------------------------------------------------------------------
    def run_data(self, unit: Unit) -> Outcome:
        start = time.perf_counter()
        inputs = self.inputs(unit)
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
        from analysis.figures import datapackage
        from analysis.pipeline import execute, render

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
        where = f"{unit.edition.path.name if unit.edition.path else 'parameters'} (step '{unit.step.id}')"
        try:
            validated = model.validate_params(unit.values, where=where).derive()
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
            vintage, sources = self.sources_for(unit.step)
            sources = official_entries(unit.step.tables, validated.lang) + sources
            shown = {k: v for k, v in validated.model_dump().items() if k not in RUNNER_PARAMS}
            run_info = {"date": dt.date.today().isoformat(), "commit": self.commit, "edition": unit.edition.name,
                        "step": unit.step.id}
            run_info["revised"] = revised_first_line(stem, files, validated.lang)
            html = render.render_html(result.nb, title=unit.step.title, lang=validated.lang, params=shown,
                                      vintage=vintage, sources=sources, run_info=run_info)
            html = safe_links.neutralise_links(html, depth=stem.count("/"))
            datapackage.write_package(files, name=layout.slug(unit.key), title=_title_of(html) or unit.step.title,
                                      lang=validated.lang)
            (stage / f"{name}.html").write_text(html, encoding="utf-8")
            render.render_pdf(html, stage / f"{name}.pdf", base_url=str(stage))
            outputs = self.publish(stage, stem)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        seconds = time.perf_counter() - start
        title = _title_of(html) or unit.step.title
        self.manifest.record(unit.key, {
            "status": "ok", "inputs": inputs, "outputs": outputs, "seconds": round(seconds, 3),
            "cell_seconds": result.cell_seconds, "params": shown, "title": title, "lang": validated.lang,
            "edition": unit.edition.name, "step": unit.step.id, "stem": stem, "finished": now(),
            "commit": self.commit, "foreach": unit.foreach_value, "reason": why, "values": unit.values,
            "variant": unit.variant})
        return Outcome(unit, "ok", seconds, message=run_note(why))

    def publish(self, stage: Path, stem: str) -> list[str]:
        """Move a finished report into place: figure folder swapped whole, HTML and PDF renamed."""
        final = paths.reports_dir() / stem
        inside(final)
        final.parent.mkdir(parents=True, exist_ok=True)
        name = final.name
        files_src, files_dst = stage / f"{name}_files", final.parent / f"{name}_files"
        trash = None
        if files_dst.exists():
            trash = stage / "old_files"
            os.replace(files_dst, trash)
        os.replace(files_src, files_dst)
        for suffix in (".html", ".pdf"):
            os.replace(stage / f"{name}{suffix}", final.parent / f"{name}{suffix}")
        if trash:
            shutil.rmtree(trash, ignore_errors=True)
        return [str((final.parent / f"{name}{s}").relative_to(paths.root())) for s in (".html", ".pdf")]

    def add_foreach_units(self) -> None:
        """Expand foreach steps now that the tables their values come from are built."""
        for sid in [s for s in self.wanted if self.pipeline.steps[s].foreach]:
            self.units.extend(plan(self.pipeline, self.editions, self.sets, [sid], self.manifest,
                                   variant=self.variant))

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
                where = f"{u.edition.path.name if u.edition.path else 'parameters'} (step '{u.step.id}')"
                u.step.model_class().validate_params(u.values, where=where).derive()

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
        from analysis.pipeline.execute import KernelPool

        deps = {u.key: self._deps(u) for u in self.units}
        self._progress_start(len(pending))
        with KernelPool(self.jobs, env={"WORKBENCH_ROOT": str(paths.root())}, runtime_tag=runtime_tag()) as pool:
            ex = ThreadPoolExecutor(max_workers=self.jobs)
            self.pool = pool
            running: dict[Future, Unit] = {}
            try:
                self._schedule(pending, running, outcomes, deps, ex)
            except KeyboardInterrupt:
                self._stop(running, outcomes, pending)
            finally:
                ex.shutdown(wait=not self.stopping.is_set(), cancel_futures=True)
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


def official_entries(names: list[str], lang: str) -> list[dict]:
    """One sources-appendix entry per table with an official source: the publisher's table (linked) and how this
    copy was obtained (analysis.data.tables.official_source)."""
    from analysis.data import tables
    out = []
    for name in names:
        try:
            item = tables.official_source(name, lang)
        except WorkbenchError:
            continue
        if item["official"]:
            out.append({**item, "file": tables.table_meta(name).get("built_from") or ""})
    return out


def revised_first_line(stem: str, files: Path, lang: str) -> str | None:
    """'revised: …' when the report's key findings moved since its published edition (analysis.data.changes)."""
    from analysis.data.changes import FINDINGS, findings_moved
    published = paths.reports_dir() / f"{stem}_files" / FINDINGS
    return findings_moved(published, files / FINDINGS, lang) if published.exists() else None


def _row_sources(table: str, meta: dict, most: int = 5) -> list[dict]:
    """Sources of a snapshot that cites them row by row: each one when few, else the file as one entry."""
    from analysis.data import tables

    try:
        rows = tables.sources(table)
    except WorkbenchError:
        rows = []
    if 0 < len(rows) <= most:
        return [{"title": r.get("title"), "publisher": r.get("publisher"), "url": r.get("url"),
                 "date_accessed": r.get("date_accessed"), "licence": r.get("licence") or meta.get("licence")}
                for r in rows]
    count = f" ({len(rows)} sources cited row by row; each chart and table names those it shows)" if rows else ""
    return [{"title": f"{meta.get('title')}{count}", "publisher": meta.get("publisher"), "url": None,
             "date_accessed": meta.get("date_accessed"), "licence": meta.get("licence")}]


def _title_of(html: str) -> str | None:
    m = re.search(r"<title>(.*?)</title>", html, re.S)
    return m.group(1).strip() if m else None


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def inside(target: Path) -> Path:
    """target, if it lies under reports/ (an output path must never leave it); PipelineError otherwise."""
    reports = paths.reports_dir().resolve()
    if not target.resolve().is_relative_to(reports) or target.resolve() == reports:
        raise PipelineError(f"output path '{target}' is outside reports/", valid="paths under reports/")
    return target


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
    from analysis.pipeline import execute

    staging = paths.reports_dir() / ".staging"
    left = [p for p in staging.iterdir()] if staging.is_dir() else []
    for p in left:
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    killed = execute.kill_leftover_kernels(runtime_tag())
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


def _run_locked(params_file, sets, only, force, jobs, echo, variant=None) -> RunResult:
    """Validate, verify the snapshots, execute what is stale, render, write the manifest and the index."""
    start = time.perf_counter()
    pipeline = spec.load()
    edition_paths = [Path(params_file)] if params_file else pipeline.editions
    if not edition_paths:
        raise PipelineError("no parameter set given and pipeline.yaml lists no editions",
                            valid="--params params/en.yaml")
    manifest = _open_manifest(pipeline, echo)
    before = state.text_hash(manifest.data)
    paramsets.FIELD_HINTS.update({k: tuple(v) for k, v in manifest.data.get("models", {}).items()})
    state.IMPORT_CACHE.update(manifest.data.get("imports", {}))
    editions = [paramsets.load_edition(p, pipeline) for p in edition_paths]
    parsed = paramsets.parse_sets(sets or [], pipeline)
    step_ids = select_steps(pipeline, only or [])
    units = plan(pipeline, editions, parsed, step_ids, manifest, foreach=False, variant=variant)
    from analysis.data import snapshot

    problems = snapshot.verify_all()
    if problems:
        raise DataError(f"{len(problems)} snapshot(s) fail verification; first: {problems[0]}",
                        valid="run `workbench data verify` for the full list")
    runner = Runner(pipeline, units, force=force, jobs=jobs or os.cpu_count() or 1, echo=echo,
                    manifest=manifest, editions=editions, sets=parsed, wanted=step_ids, variant=variant)
    outcomes = runner.execute_all()
    seconds = time.perf_counter() - start
    result = RunResult(outcomes, seconds, interrupted=runner.stopping.is_set())
    runner.manifest.data["models"] = {k: list(v) for k, v in paramsets.FIELD_HINTS.items()}
    runner.manifest.data["imports"] = state.current_import_cache()
    changed = any(o.status != "fresh" for o in outcomes) or state.text_hash(runner.manifest.data) != before
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
