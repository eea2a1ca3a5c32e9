"""A finished notebook becomes a report: HTML without code and a PDF from the same HTML, written into a
staging folder, then moved into place under reports/ (the figure folder swapped whole, files renamed), so a
reader never sees half a report."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from analysis import paths, safe_links
from analysis.errors import PipelineError
from analysis.figures import datapackage


def render(nb, stage: Path, stem: str, *, title: str, lang: str, params: dict, vintage: list[dict],
           sources: list[dict], run_info: dict, report: str | None = None, render_pdf=None) -> str:
    """Write <name>.html and <name>.pdf of an executed notebook into stage; returns the HTML. render_pdf (the
    runner's worker pool, `pdf_pool.PdfPool.render_pdf`) draws the PDF; by default in this process."""
    from analysis.pipeline import render as renderer

    name = Path(stem).name
    run_info = {**run_info, "revised": revised_first_line(stem, stage / f"{name}_files", lang)}
    html = renderer.render_html(nb, title=title, lang=lang, params=params, vintage=vintage, sources=sources,
                                run_info=run_info, report=report)
    html = safe_links.neutralise_links(html, depth=stem.count("/"))
    datapackage.write_package(stage / f"{name}_files", name=f"{Path(stem).parent.name}-{name}",
                              title=title_of(html) or title, lang=lang)
    (stage / f"{name}.html").write_text(html, encoding="utf-8")
    (render_pdf or renderer.render_pdf)(html, stage / f"{name}.pdf", base_url=str(stage))
    return html


def publish(stage: Path, stem: str) -> list[str]:
    """Move a finished report into place: figure folder swapped whole, HTML and PDF renamed."""
    final = inside(paths.reports_dir() / stem)
    final.parent.mkdir(parents=True, exist_ok=True)
    name = final.name
    files_src, files_dst = stage / f"{name}_files", final.parent / f"{name}_files"
    trash = None
    if files_dst.exists():
        trash = stage / "old_files"
        os.replace(files_dst, trash)
    os.replace(files_src, files_dst)
    for suffix in (".html", ".pdf"):
        os.replace(stage / f"{name}{suffix}", final.parent / f"{name}{suffix}")
    if trash:
        shutil.rmtree(trash, ignore_errors=True)
    return [str((final.parent / f"{name}{s}").relative_to(paths.root())) for s in (".html", ".pdf")]


def inside(target: Path) -> Path:
    """target, if it lies under reports/ (an output path must never leave it); PipelineError otherwise."""
    reports = paths.reports_dir().resolve()
    if not target.resolve().is_relative_to(reports) or target.resolve() == reports:
        raise PipelineError(f"output path '{target}' is outside reports/", valid="paths under reports/")
    return target


def revised_first_line(stem: str, files: Path, lang: str) -> str | None:
    """'revised: …' when the report's key findings moved since its published edition (analysis.data.changes)."""
    from analysis import revisions
    from analysis.data.changes import FINDINGS
    published = paths.reports_dir() / f"{stem}_files" / FINDINGS
    return revisions.findings_moved(published, files / FINDINGS, lang) if published.exists() else None


def title_of(html: str) -> str | None:
    """The <title> of a rendered page."""
    m = re.search(r"<title>(.*?)</title>", html, re.S)
    return m.group(1).strip() if m else None
