"""Shared fixtures: temporary copies of the project's data tree (WORKBENCH_ROOT points at the copy)."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def copy_data_tree(dest: Path) -> Path:
    """Copy data/raw into dest/data/raw with an empty dest/data/processed; returns dest."""
    shutil.copytree(REPO / "data" / "raw", dest / "data" / "raw")
    (dest / "data" / "processed").mkdir(parents=True, exist_ok=True)
    return dest


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A fresh copy of data/raw (nothing built) as the workbench root."""
    root = copy_data_tree(tmp_path / "wb")
    monkeypatch.setenv("WORKBENCH_ROOT", str(root))
    return root


@pytest.fixture(scope="session")
def built_root(tmp_path_factory) -> Path:
    """A copy of data/raw with every processed table built once per session (read-only for tests)."""
    from analysis.data.build import build_all
    root = copy_data_tree(tmp_path_factory.mktemp("built") / "wb")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_ROOT", str(root))
        build_all()
    return root


@pytest.fixture
def built(built_root, monkeypatch) -> Path:
    """WORKBENCH_ROOT set to the session's built copy; do not modify its files."""
    monkeypatch.setenv("WORKBENCH_ROOT", str(built_root))
    return built_root


@pytest.fixture
def built_copy(built_root, tmp_path, monkeypatch) -> Path:
    """A private, modifiable copy of the built tree (raw snapshots and processed tables)."""
    root = tmp_path / "wb"
    shutil.copytree(built_root, root)
    monkeypatch.setenv("WORKBENCH_ROOT", str(root))
    return root


def resave_snapshot(path: Path, content: bytes) -> None:
    """Test helper: replace a snapshot's bytes and refresh its sidecar's sha256 and rows, as if the bad file
    had been saved by a fetch (so that the cleaners, not the checksum, meet the bad content)."""
    from analysis.data.snapshot import count_rows, read_meta, sha256_bytes
    from analysis.errors import DataError
    meta = read_meta(path)
    path.write_bytes(content)
    meta["sha256"] = sha256_bytes(content)
    try:
        meta["rows"] = count_rows(content, meta["format"], header=meta.get("header", True),
                                  delimiter=meta.get("delimiter", ","))
    except (DataError, csv.Error):  # undecodable content: keep the old count, the cleaner must catch it
        pass
    path.with_name(path.name + ".meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False))


@pytest.fixture
def real(built_root, monkeypatch):
    """tables.load reading the session's built copy of the processed tables."""
    monkeypatch.setenv("WORKBENCH_ROOT", str(built_root))
    from analysis.data import tables
    return tables.load


@pytest.fixture
def load(real):
    """The same as `real`, under the name some report tests use."""
    return real


def kernel_children() -> list:
    """The kernel processes this test process started and that are still running."""
    import psutil

    found = []
    for p in psutil.Process().children(recursive=True):
        try:
            if "analysis.pipeline.ipc_kernel" in " ".join(p.cmdline()):
                found.append(p)
        except psutil.Error:  # gone meanwhile
            pass
    return found
