"""The pool of reused kernels: started once per run, reset between notebooks, over IPC in a private folder.

Kept apart from execute.py (papermill's side) because starting a kernel needs only jupyter_client: the runner can
start its kernels at once, before the data step, without first importing papermill and nbformat (a second).
"""
from __future__ import annotations

import os
import queue
import shutil
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path

from jupyter_client import KernelManager

from analysis.pipeline import ipc_kernel
from analysis.pipeline.kernel_runtime import private_runtime_dir
from analysis.pipeline.kernelspec import KERNEL_NAME

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


class KernelPool:
    """Up to `size` kernels, started on demand (or all at once by `prestart`) and handed out one notebook at a
    time."""

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
        self._starting: list[threading.Thread] = []  # prestart's threads, joined on close

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

    def prestart(self, cwd: str | Path) -> None:
        """Start every kernel now, each in a thread of its own, and reset it (which imports matplotlib), so that
        while the runner builds the data the kernels boot on the other cores, and the first notebooks find them
        ready. A kernel that fails to start is left to `_take`, which starts one itself and reports the error."""
        with self._lock:
            n, self._started = self.size - self._started, self.size
        for _ in range(n):
            thread = threading.Thread(target=self._start_idle, args=(cwd,), daemon=True)
            self._starting.append(thread)
            thread.start()

    def _start_idle(self, cwd: str | Path) -> None:
        k = None
        try:
            k = self._new()
            k.reset(cwd)
        except Exception:  # noqa: BLE001 - _take starts the kernel again in the foreground, with its error
            if k is not None:  # started but not ready: not handed out, not left running
                self._discard(k)
            with self._lock:
                self._started -= 1
            return
        self._idle.put(k)

    def _take(self) -> Kernel:
        while True:  # a thread waiting here must notice kill_all (Ctrl-C), which returns no kernel
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
        for thread in self._starting:  # a kernel still starting is in _all once its thread ends
            thread.join(timeout=120)
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
