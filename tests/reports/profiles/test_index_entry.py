"""The runner's index pages know no report by name: a foreach report's group title comes from its own
catalogue in the edition's language, and its extra pages are the ones its package declares."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from analysis.pipeline import index, spec

PIPELINE = Path(__file__).resolve().parents[3] / "pipeline.yaml"
CALLS: list = []


def record(reports_dir) -> None:
    """Stand-in extra page: records that the runner called it."""
    CALLS.append(reports_dir)


def manifest(tmp_path, lang: str, n: int) -> SimpleNamespace:
    units = {}
    for i in range(n):
        stem = f"profiles/{lang}/m{i}"
        (tmp_path / "reports" / stem).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "reports" / f"{stem}.html").write_text("<h1>x</h1>", encoding="utf-8")
        units[f"{lang}/profiles/m{i}"] = {"status": "ok", "stem": stem, "step": "profiles", "edition": lang,
                                          "lang": lang, "foreach": f"M{i}", "finished": "2026-12-01T10:00:00"}
    return SimpleNamespace(data={"units": units})


def test_a_foreach_group_is_titled_from_its_report_catalogue(tmp_path, monkeypatch):
    pipeline = spec.load(PIPELINE)  # read from the checkout; the reports go to tmp_path
    monkeypatch.setenv("WORKBENCH_ROOT", str(tmp_path))
    da = index.entries(manifest(tmp_path, "da", 3), pipeline)
    assert [e["title"] for e in da] == ["Kommuneprofiler: alle 3 kommuner"]
    en = index.entries(manifest(tmp_path, "en", 2), pipeline)
    assert any(e["title"] == "Municipality profiles: all 2 municipalities" for e in en)


def test_extra_pages_are_the_reports_own(tmp_path, monkeypatch):
    pipeline = spec.load(PIPELINE)  # read from the checkout; the reports go to tmp_path
    monkeypatch.setenv("WORKBENCH_ROOT", str(tmp_path))
    pipeline.steps["profiles"].extra_pages = ["test_index_entry:record"]
    CALLS.clear()
    from analysis.pipeline import render
    monkeypatch.setattr(render, "write_index", lambda reports_dir, items, changes=None: reports_dir / "index.html")
    index.write_all(manifest(tmp_path, "da", 1), pipeline)
    assert CALLS == [tmp_path / "reports"]
    CALLS.clear()
    index.write_all(SimpleNamespace(data={"units": {}}), pipeline)  # nothing published: no extra page
    assert CALLS == []
