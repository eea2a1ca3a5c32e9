"""One run at a time per tree: an inter-process lock on reports/, naming its holder when refused.

The lock is `flock` on reports/.run.lock, so the kernel releases it when the holder dies however it dies
(kill -9 included): a lock left by a killed run is stale by construction and simply taken over. The file
also records who holds it (PID, start time, command) for the one-line refusal.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import sys
from pathlib import Path

from analysis import paths
from analysis.errors import PipelineError

LOCK_NAME = ".run.lock"


def lock_path() -> Path:
    return paths.reports_dir() / LOCK_NAME


def _holder(path: Path) -> dict:
    """What the lock file says about its holder ({} when unreadable)."""
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        return info if isinstance(info, dict) else {}
    except (OSError, ValueError):
        return {}


def pid_alive(pid: int) -> bool:
    """Whether a process with this PID exists (one we may not signal counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RunLock:
    """Context manager holding the tree's run lock; PipelineError naming the holder when another run has it."""

    def __init__(self, path: Path | None = None, echo=print):
        self.path = path or lock_path()
        self.echo = echo
        self.fd: int | None = None
        self.took_over: dict | None = None

    def _open(self) -> int:
        """The lock file opened for writing, or read-only (or the folder itself) when reports/ is read-only."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError:
            if self.path.exists():
                return os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
            if self.path.parent.is_dir():
                return os.open(self.path.parent, os.O_RDONLY | os.O_CLOEXEC)
            raise PipelineError("cannot create the reports folder", file=self.path.parent,
                                valid="a writable project folder") from None

    def acquire(self) -> "RunLock":
        before = _holder(self.path)
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            info = _holder(self.path)
            who = f"PID {info.get('pid', '?')}, started {info.get('started', '?')}"
            raise PipelineError(f"another run is using this tree ({who}); nothing was changed",
                                file=self._rel(), valid="wait for that run to finish, then run again") from None
        self.fd = fd
        pid = before.get("pid")
        if isinstance(pid, int) and pid != os.getpid() and not pid_alive(pid):
            self.took_over = before
        self._write_holder()
        return self

    def _rel(self) -> str:
        try:
            return str(self.path.relative_to(paths.root()))
        except ValueError:
            return str(self.path)

    def _write_holder(self) -> None:
        info = {"pid": os.getpid(), "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "command": " ".join(sys.argv[:6])}
        try:
            os.ftruncate(self.fd, 0)
            os.pwrite(self.fd, json.dumps(info).encode(), 0)
        except OSError:
            pass  # read-only reports/: the lock still holds, only the holder's name is not recorded

    def release(self) -> None:
        if self.fd is not None:
            try:
                os.ftruncate(self.fd, 0)
            except OSError:
                pass
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> "RunLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
