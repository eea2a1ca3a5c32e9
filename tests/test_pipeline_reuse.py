"""A profile executed in a reused kernel (after another profile) renders exactly as one executed alone."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.pipeline import execute, render

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "06_profile.py"


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("reuse")
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    mp = pytest.MonkeyPatch()
    mp.setenv("WORKBENCH_ROOT", str(root))
    from analysis.data import build

    build.build_all()
    yield root
    mp.undo()


def params(name: str, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    return {"municipality": name, "lang": "da", "output_dir": str(out), "output_href": "files"}


def html_of(result: execute.Executed) -> str:
    assert result.error is None, result.error.describe()
    return render.render_html(result.nb, title="Profil", lang="da", params={}, vintage=[], sources=[],
                              run_info={"date": "2026-01-01", "commit": "test", "edition": "da", "step": "profiles"})


def test_reused_kernel_renders_identically(root, tmp_path):
    alone_dir, reused_dir, other_dir = tmp_path / "alone", tmp_path / "reused", tmp_path / "other"
    [alone] = execute.execute_many(NOTEBOOK, [params("Læsø", alone_dir)], [tmp_path / "alone.ipynb"], jobs=1)
    other, reused = execute.execute_many(
        NOTEBOOK, [params("København", other_dir), params("Læsø", reused_dir)],
        [tmp_path / "other.ipynb", tmp_path / "reused.ipynb"], jobs=1)
    assert html_of(alone) == html_of(reused)
    assert html_of(other) != html_of(reused)
    for f in sorted(alone_dir.glob("*.csv")) + sorted(alone_dir.glob("*.json")):
        assert (reused_dir / f.name).read_bytes() == f.read_bytes(), f.name
    assert sorted(p.name for p in alone_dir.iterdir()) == sorted(p.name for p in reused_dir.iterdir())
    # the recorded parameters are the profile's own, not the previous one's
    injected = [c for c in reused.nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    recorded: dict = {}
    exec(injected[0].source, {}, recorded)
    assert recorded["municipality"] == "Læsø" and recorded["output_dir"] == str(reused_dir)
