"""Build reports/index.html (and the profiles index) from the run manifest: only reports that exist."""
from __future__ import annotations

from pathlib import Path

from analysis import paths
from analysis.pipeline import layout, spec, state


def entries(manifest: state.Manifest, pipeline: spec.Pipeline) -> list[dict]:
    """One entry per published report (foreach steps become one entry per edition, to their own index)."""
    reports = paths.reports_dir()
    out: list[dict] = []
    grouped: dict[tuple[str, str], list[dict]] = {}
    order = {sid: i for i, sid in enumerate(pipeline.order())}
    for key, e in manifest.data["units"].items():
        if e.get("status") not in ("ok", "recovered") or "stem" not in e or e.get("step") not in pipeline.steps:
            continue
        html = reports / f"{e['stem']}.html"
        if not html.exists():
            continue
        if e.get("foreach") is not None:
            grouped.setdefault((e["step"], e["edition"]), []).append(e)
            continue
        out.append({"step": e["step"], "edition": e["edition"], "title": e.get("title") or e["step"],
                    "lang": e.get("lang"), "date": (e.get("finished") or "")[:10], "commit": e.get("commit"),
                    "params": e.get("params", {}), "html": f"{e['stem']}.html", "pdf": f"{e['stem']}.pdf",
                    "data": layout.files_dir(e["stem"]) + "/"})
    for (sid, edition), items in grouped.items():
        step = pipeline.steps[sid]
        latest = max(items, key=lambda e: e.get("finished") or "")
        out.append({"step": sid, "edition": edition, "title": f"{step.title} ({len(items)})",
                    "lang": latest.get("lang"), "date": (latest.get("finished") or "")[:10],
                    "commit": latest.get("commit"), "params": {"count": len(items)},
                    "html": f"{sid}/index.html", "pdf": None, "data": f"{sid}/{edition}/"})
    out.sort(key=lambda e: (e["edition"], order.get(e["step"], 99)))
    return out


def write_all(manifest: state.Manifest, pipeline: spec.Pipeline) -> Path | None:
    """Write the profiles index (when profiles exist) and reports/index.html; both atomically."""
    from analysis.pipeline import render

    items = entries(manifest, pipeline)
    if any(e["step"] == "profiles" for e in items):
        from analysis.pipeline import profiles_index

        profiles_index.write_profiles_index(paths.reports_dir(), profiles_index.profile_index_rows())
    if not items:
        return None
    return render.write_index(paths.reports_dir(), items, changes=what_changed())


def what_changed() -> dict | None:
    """The index's "What changed since <date>" block from reports/changes.json (analysis.data.changes)."""
    from analysis.data import changes
    en, da = changes.summary("en"), changes.summary("da")
    return {**en, "lines_da": da["lines"]} if en else None
