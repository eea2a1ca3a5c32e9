"""Atomic writes: a failed write leaves the last good file and no temporary file; a finished one is readable."""
from __future__ import annotations

import stat

import pytest

from analysis import atomic


def test_a_failed_write_keeps_the_last_good_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "report.html"
    atomic.write_text(target, "good")
    with pytest.raises(RuntimeError):
        with atomic.atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("interrupted")
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_a_finished_write_replaces_the_file_with_the_umask_mode(tmp_path):
    target = tmp_path / "sub" / "data.csv"
    atomic.write_bytes(target, b"a,b\n")
    assert target.read_bytes() == b"a,b\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~atomic.UMASK


def test_an_os_error_names_the_target(tmp_path, monkeypatch):
    def fail(self, data):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(type(tmp_path), "write_bytes", fail)
    with pytest.raises(OSError) as exc:
        atomic.write_bytes(tmp_path / "x.pdf", b"%PDF")
    assert exc.value.filename == str(tmp_path / "x.pdf") and exc.value.strerror == "No space left on device"
