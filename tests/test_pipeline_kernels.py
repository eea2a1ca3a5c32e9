"""pipeline.kernels: the pool of reused kernels, started before they are needed."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest
from conftest import kernel_children

from analysis.pipeline import kernels


def test_the_pool_loads_without_papermill_or_nbformat():
    """So the runner starts its kernels before it imports papermill's side (a second of imports)."""
    code = ("import sys, analysis.pipeline.kernels; "
            "print(','.join(m for m in ('papermill', 'nbformat', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_prestart_starts_every_kernel_at_once_and_hands_them_out(tmp_path):
    pool = kernels.KernelPool(2)
    try:
        pool.prestart(tmp_path)
        deadline = time.monotonic() + 120
        while pool._idle.qsize() < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert pool._idle.qsize() == 2  # both booted and reset before any notebook asked for one
        with pool.kernel() as first, pool.kernel() as second:
            assert first is not second and first.alive() and second.alive()
        assert len(pool._all) == 2  # no third kernel was started
        assert len(kernel_children()) == 2
    finally:
        pool.close()
    assert kernel_children() == []


def test_a_kernel_that_fails_to_start_early_is_started_when_needed_with_its_error(monkeypatch, tmp_path):
    class Unstartable:
        def __init__(self, *args, **kwargs):
            raise RuntimeError("made-up failure to start a kernel")

    monkeypatch.setattr(kernels, "Kernel", Unstartable)
    pool = kernels.KernelPool(1)
    pool.prestart(tmp_path)
    for thread in pool._starting:
        thread.join(timeout=30)
    assert pool._started == 0  # the failed start gave its place back ...
    with pytest.raises(RuntimeError, match="made-up failure"):  # ... so the error is the caller's, not a hang
        with pool.kernel():
            pass
    pool.close()


def test_a_kernel_that_starts_but_cannot_be_reset_is_not_left_running(monkeypatch, tmp_path):
    def refuse(self, cwd):
        raise RuntimeError("made-up failure to reset a kernel")

    monkeypatch.setattr(kernels.Kernel, "reset", refuse)
    pool = kernels.KernelPool(1)
    try:
        pool.prestart(tmp_path)
        for thread in pool._starting:
            thread.join(timeout=120)
        assert pool._started == 0 and pool._all == [] and kernel_children() == []
    finally:
        pool.close()
