"""Build reports/index.html (and the profiles index) from the run manifest: only reports that exist."""
from __future__ import annotations

from pathlib import Path

from analysis import layout, paths
from analysis.i18n import Words
from analysis.pipeline import spec, state, variants


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
        if e.get("foreach") is not None and not e.get("variant"):
            grouped.setdefault((e["step"], e["edition"]), []).append(e)
            continue
        # a variant is listed in a section of its own, after the published editions
        edition = variants.stem(e.get("variant"), e["edition"])
        out.append({"step": e["step"], "edition": edition, "title": e.get("title") or e["step"],
                    "lang": e.get("lang"), "date": (e.get("finished") or "")[:10], "commit": e.get("commit"),
                    "params": e.get("params", {}), "html": f"{e['stem']}.html", "pdf": f"{e['stem']}.pdf",
                    "data": layout.files_dir(e["stem"]) + "/"})
    for (sid, edition), items in grouped.items():
        step = pipeline.steps[sid]
        latest = max(items, key=lambda e: e.get("finished") or "")
        words = Words(step.report, latest.get("lang") or "en")
        title = words("index_title", n=len(items)) if "index_title" in words else f"{step.title} ({len(items)})"
        out.append({"step": sid, "edition": edition, "title": title,
                    "lang": latest.get("lang"), "date": (latest.get("finished") or "")[:10],
                    "commit": latest.get("commit"), "params": {"count": len(items)},
                    "html": f"{sid}/index.html#{latest.get('lang') or 'en'}",  # the page's words in that language
                    "pdf": None, "data": f"{sid}/{edition}/"})
    out.sort(key=lambda e: (e["edition"].startswith(variants.PREFIX + "/"), e["edition"], order.get(e["step"], 99)))
    return out


def write_all(manifest: state.Manifest, pipeline: spec.Pipeline) -> Path | None:
    """Write the profiles index (when profiles exist) and reports/index.html; both atomically."""
    from analysis.pipeline import render

    items = entries(manifest, pipeline)
    published = {e["step"] for e in items}
    for step in pipeline.steps.values():
        if step.id in published:
            for page in step.extra_pages:  # a report's own pages, such as the profiles index
                spec.resolve(page, f"step '{step.id}' extra page")(paths.reports_dir())
    if not items:
        return None
    return render.write_index(paths.reports_dir(), items, changes=what_changed())


def what_changed() -> dict | None:
    """The index's "What changed since <date>" block from reports/changes.json (analysis.revisions)."""
    from analysis import revisions
    en, da = revisions.summary("en"), revisions.summary("da")
    return {**en, "lines_da": da["lines"]} if en else None
