"""Execute notebooks through papermill's Python API in reusable kernels (analysis.pipeline.kernels).

A kernel is started once per worker and reused across notebooks: before each notebook its namespace
is reset, so every report is still a real executed notebook with its parameters recorded, without
paying a kernel start (and the imports) per report.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import papermill as pm
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.exceptions import PapermillExecutionError

from analysis.pipeline.kernel_runtime import (  # noqa: F401  (where kernels' folders live; the runner's cleanup)
    RUNTIME_PREFIX, kill_leftover_kernels, private_runtime_dir, processes_using)
from analysis.pipeline.kernels import Kernel, KernelPool  # noqa: F401  (the pool lives there)
from analysis.pipeline.kernelspec import KERNEL_NAME


@dataclass
class CellError:
    """Where and how a notebook failed."""

    cell_index: int
    ename: str
    evalue: str

    def describe(self) -> str:
        return f"cell {self.cell_index}: {self.ename}: {self.evalue}"


@dataclass
class Executed:
    """The executed notebook, its per-cell timings and the error if a cell failed."""

    nb: nbformat.NotebookNode
    seconds: float
    cell_seconds: list[float] = field(default_factory=list)
    error: CellError | None = None


class ReusedKernelEngine(NBClientEngine):
    """A papermill engine that runs in a kernel it is handed and closes its own client after."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                 stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
        km = kwargs.pop("km")
        kwargs.pop("input_path", None)
        client = PapermillNotebookClient(nb_man, km=km, kernel_name=kernel_name,
                                         timeout=execution_timeout, startup_timeout=start_timeout,
                                         log_output=log_output, stdout_file=stdout_file,
                                         stderr_file=stderr_file, **kwargs)
        try:
            return client.execute()
        finally:
            if client.kc is not None:
                client.kc.stop_channels()


papermill_engines.register("workbench-reuse", ReusedKernelEngine)


def read_notebook(path: str | Path) -> nbformat.NotebookNode:
    """Read a jupytext percent script or an .ipynb into a notebook without outputs."""
    path = Path(path)
    return for_house_kernel(jupytext.read(path) if path.suffix == ".py" else nbformat.read(path, as_version=4))


def for_house_kernel(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """nb with the project's kernel named in its metadata (whatever kernel it was saved with)."""
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": KERNEL_NAME, "language": "python"}
    nb.metadata.setdefault("language_info", {"name": "python"})
    return nb


def execute(nb: nbformat.NotebookNode, parameters: dict[str, Any], *, kernel: Kernel,
            output_path: str | Path, cwd: str | Path) -> Executed:
    """Execute nb with parameters injected, in a reset kernel; writes the executed notebook to output_path."""
    kernel.reset(cwd)
    start = time.perf_counter()
    error = None
    try:
        out = pm.execute_notebook(nb, str(output_path), parameters=parameters, engine_name="workbench-reuse",
                                  kernel_name=KERNEL_NAME, km=kernel.km, progress_bar=False,
                                  request_save_on_cell_execute=False, log_output=False)
    except PapermillExecutionError as exc:
        out = nbformat.read(str(output_path), as_version=4)
        error = CellError(exc.cell_index, exc.ename, exc.evalue)
    seconds = time.perf_counter() - start
    return Executed(nb=out, seconds=seconds, cell_seconds=cell_timings(out), error=error)


def cell_timings(nb: nbformat.NotebookNode) -> list[float]:
    """Per-cell durations in seconds, as papermill recorded them in each cell's metadata."""
    return [round(float(c.get("metadata", {}).get("papermill", {}).get("duration") or 0.0), 4)
            for c in nb.cells if c.get("cell_type") == "code"]


def execute_many(notebook_path: str | Path, param_sets: list[dict[str, Any]], out_paths: list[str | Path],
                 kernel_name: str = KERNEL_NAME, jobs: int = 1, cwd: str | Path | None = None) -> list[Executed]:
    """Execute one notebook for many parameter sets in `jobs` reused kernels (the profiles' fast path)."""
    from concurrent.futures import ThreadPoolExecutor

    nb = read_notebook(notebook_path)
    cwd = cwd or Path(notebook_path).resolve().parent
    with KernelPool(jobs, kernel_name) as pool:
        def one(i: int) -> Executed:
            with pool.kernel() as k:
                return execute(nbformat.from_dict(nb), param_sets[i], kernel=k, output_path=out_paths[i], cwd=cwd)

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
            return list(ex.map(one, range(len(param_sets))))
