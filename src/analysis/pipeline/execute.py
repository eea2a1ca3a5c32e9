"""Execute notebooks through papermill's Python API in reusable kernels.

A kernel is started once per worker and reused across notebooks: before each notebook its namespace
is reset, so every report is still a real executed notebook with its parameters recorded, without
paying a kernel start (and the imports) per report.
"""
from __future__ import annotations

import os
import queue
import shutil
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import papermill as pm
from jupyter_client import KernelManager
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.exceptions import PapermillExecutionError

from analysis.pipeline import ipc_kernel
from analysis.pipeline.kernelspec import KERNEL_NAME
from analysis.pipeline.kernel_runtime import (  # noqa: F401  (where kernels' folders live; the runner's cleanup)
    RUNTIME_PREFIX, kill_leftover_kernels, private_runtime_dir, processes_using)

# Run in the kernel before each notebook: a clean namespace, no figures left open, a fresh counter.
RESET_CODE = """
%reset -f
import os as _os, gc as _gc, matplotlib as _mpl
import matplotlib.pyplot as _plt
_plt.close("all")
_mpl.rcdefaults()
_mpl.use("agg")
_os.chdir({cwd!r})
get_ipython().execution_count = 0
_gc.collect()
_gc.freeze()  # what survives a reset is modules and caches: keep the next notebook's collections small
del _os, _gc, _mpl, _plt
"""


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




class IPCKernelManager(KernelManager):
    """A KernelManager that starts ipykernel through analysis.pipeline.ipc_kernel (no TCP port at all)."""

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        return [IPC_KERNEL_MODULE if part == "ipykernel_launcher" else part for part in cmd]


IPC_KERNEL_MODULE = "analysis.pipeline.ipc_kernel"


class Kernel:
    """One running kernel of the project's environment, with its own client, over IPC in runtime_dir."""

    def __init__(self, kernel_name: str = KERNEL_NAME, env: dict[str, str] | None = None,
                 runtime_dir: Path | None = None):
        runtime_dir = Path(runtime_dir) if runtime_dir else private_runtime_dir()
        name = f"k-{uuid.uuid4().hex[:8]}"
        self.km = IPCKernelManager(kernel_name=kernel_name, transport="ipc", ip=str(runtime_dir / name),
                                   connection_file=str(runtime_dir / f"{name}.json"))
        kernel_env = dict(os.environ)
        kernel_env.setdefault("MPLBACKEND", "agg")
        kernel_env.update(env or {})
        kernel_env[ipc_kernel.PIPE_ENV] = str(runtime_dir / f"{name}-pipe")
        self.km.start_kernel(env=kernel_env, extra_arguments=["--HistoryManager.enabled=False"])

    def reset(self, cwd: str | Path) -> None:
        """Clear the namespace and state left by the previous notebook (through a short-lived client)."""
        kc = self.km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            reply = kc.execute_interactive(RESET_CODE.format(cwd=str(cwd)), timeout=60,
                                           store_history=False, output_hook=lambda msg: None)
        finally:
            kc.stop_channels()
        if reply["content"].get("status") != "ok":
            raise RuntimeError(f"kernel reset failed: {reply['content'].get('evalue')}")

    def alive(self) -> bool:
        return self.km.is_alive()

    def interrupt(self) -> None:
        """Interrupt the running cell (SIGINT to the kernel), as Ctrl-C in Jupyter does."""
        try:
            self.km.interrupt_kernel()
        except Exception:  # noqa: BLE001 - a kernel that is already gone needs no interrupt
            pass

    def kill(self) -> None:
        """Kill the kernel at once (its notebook fails; the pool does not hand it out again)."""
        process = getattr(self.km.provisioner, "process", None)
        if process is not None:
            try:
                process.kill()
            except OSError:
                pass

    def shutdown(self) -> None:
        self.km.shutdown_kernel(now=True)


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


class KernelPool:
    """Up to `size` kernels, started on demand and handed out one notebook at a time."""

    def __init__(self, size: int, kernel_name: str = KERNEL_NAME, env: dict[str, str] | None = None,
                 runtime_tag: str | None = None):
        from analysis.pipeline import kernelspec

        kernelspec.ensure(kernel_name)  # a one-line error, not NoSuchKernel, when it cannot be had
        self.size = max(1, size)
        self.kernel_name = kernel_name
        self.env = env or {}
        self.runtime_dir = private_runtime_dir(runtime_tag)
        self.closed = False
        self._idle: queue.Queue[Kernel] = queue.Queue()
        self._started = 0
        self._lock = threading.Lock()
        self._all: list[Kernel] = []

    @contextmanager
    def kernel(self):
        """Borrow a kernel; a dead one is replaced before it is handed out again."""
        k = self._take()
        try:
            yield k
        finally:
            if not k.alive():
                self._discard(k)
                k = self._new()
            self._idle.put(k)

    def _take(self) -> Kernel:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            start = self._started < self.size
            if start:
                self._started += 1
        if start:
            return self._new()
        while True:  # a thread waiting here must notice kill_all (Ctrl-C), which returns no kernel
            try:
                return self._idle.get(timeout=0.2)
            except queue.Empty:
                if self.closed:
                    raise RuntimeError("the kernel pool is closed") from None

    def _new(self) -> Kernel:
        if self.closed:
            raise RuntimeError("the kernel pool is closed")
        k = Kernel(self.kernel_name, self.env, self.runtime_dir)
        with self._lock:
            self._all.append(k)
        return k

    def interrupt_all(self) -> None:
        with self._lock:
            kernels = list(self._all)
        for k in kernels:
            k.interrupt()

    def kill_all(self) -> None:
        self.closed = True
        with self._lock:
            kernels = list(self._all)
        for k in kernels:
            k.kill()

    def _discard(self, k: Kernel) -> None:
        with self._lock:
            if k in self._all:
                self._all.remove(k)
        try:
            k.shutdown()
        except Exception:  # noqa: BLE001 - a dead kernel may fail to shut down; it is gone either way
            pass

    def close(self) -> None:
        self.closed = True
        with self._lock:
            kernels, self._all = list(self._all), []
        for k in kernels:
            try:
                k.shutdown()
            except Exception:  # noqa: BLE001
                pass
        shutil.rmtree(self.runtime_dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


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
