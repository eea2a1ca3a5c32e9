"""Where the run's kernels keep their connection files (an owner-only folder per run), and the cleanup of kernels
an earlier, killed run left behind. Kept apart from execute.py so that a run with nothing to do need not import
papermill, nbformat and jsonschema (seconds of imports) just to look for leftovers."""
from __future__ import annotations

import os
import shutil
import signal
import tempfile
from pathlib import Path

from analysis.pipeline.lock import pid_alive

RUNTIME_PREFIX = "workbench-kernels-"


def private_runtime_dir(tag: str | None = None) -> Path:
    """A fresh owner-only folder for kernels' connection files and IPC sockets (nothing listens on a port)."""
    base = Path(tempfile.gettempdir())
    if tag is None:
        return Path(tempfile.mkdtemp(prefix=RUNTIME_PREFIX, dir=base))
    path = base / f"{RUNTIME_PREFIX}{tag}-{os.getpid()}"
    if path.is_symlink() or path.exists():
        shutil.rmtree(path, ignore_errors=True) if not path.is_symlink() else path.unlink()
    os.mkdir(path, 0o700)  # fails if someone raced us to the name: never reuse a folder we did not make
    return path


def processes_using(folder: Path) -> list[int]:
    """Pids of processes whose command line names a file in folder (kernels started with its connection files)."""
    needle = str(folder).encode() + b"/"
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit() and int(d.name) != os.getpid():
            try:
                if needle in (d / "cmdline").read_bytes():
                    pids.append(int(d.name))
            except OSError:
                continue
    return pids


def kill_leftover_kernels(tag: str) -> int:
    """Kill kernels (and remove the runtime folders) left by an earlier run of this tree that was killed."""
    killed = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{RUNTIME_PREFIX}{tag}-*"):
        pid = folder.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and pid_alive(int(pid)):
            continue  # that run is alive (another tree with the same tag cannot hold our lock)
        for kpid in processes_using(folder):
            try:
                os.kill(kpid, signal.SIGKILL)
                killed += 1
            except OSError:
                pass
        shutil.rmtree(folder, ignore_errors=True)
    return killed
