"""pipeline.kernel_runtime: the kernels' private folders and the cleanup after a killed run, kept light so that a
run with nothing to do starts fast (it took 5.3 s, 4.5 of them importing jsonschema's format checkers through
execute.py, and 1.5 more importing pandas through publish.py, for 0.3 s of work)."""
from __future__ import annotations

import os
import stat
import subprocess
import sys

from analysis.pipeline import kernel_runtime


def test_the_runner_and_its_cleanup_import_no_notebook_or_table_library():
    code = ("import sys, analysis.pipeline.run, analysis.pipeline.kernel_runtime; "
            "print(','.join(m for m in ('pandas', 'nbformat', 'papermill', 'jupytext', 'weasyprint') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"a run with nothing to do would import {out}"


def test_a_runtime_folder_is_private_and_leftovers_of_a_dead_run_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(kernel_runtime.tempfile, "gettempdir", lambda: str(tmp_path))
    folder = kernel_runtime.private_runtime_dir("test")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and folder.name.endswith(f"-{os.getpid()}")
    dead = tmp_path / f"{kernel_runtime.RUNTIME_PREFIX}test-999999"  # a run whose process is gone
    alive = tmp_path / f"{kernel_runtime.RUNTIME_PREFIX}test-{os.getppid()}"  # another run, still alive
    dead.mkdir()
    alive.mkdir()
    assert kernel_runtime.kill_leftover_kernels("test") == 0
    assert not dead.exists() and alive.exists()
