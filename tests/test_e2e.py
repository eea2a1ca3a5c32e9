"""End to end: the whole pipeline on the shipped data into a temporary directory, then read what it made.

One full run (every report in both editions, all profiles) is shared by the tests in this file.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import spelling_check

from analysis.pipeline import run

REPO = Path(__file__).resolve().parents[1]
REPRS = ("<Axes:", "DataFrame", "<Figure size", "<matplotlib", "Traceback", "object at 0x")


class Links(HTMLParser):
    """Collects href/src attributes and anchors of one page."""

    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for k in ("href", "src"):
            if a.get(k):
                self.refs.append(a[k])


def local_targets(html_path: Path) -> list[tuple[str, Path, str]]:
    """(ref, file it points to, fragment) for every local link or image of a page."""
    p = Links()
    p.feed(html_path.read_text(encoding="utf-8"))
    out = []
    for ref in p.refs:
        u = urlparse(ref)
        if u.scheme in ("http", "https", "mailto", "data") or ref.startswith("#") and not ref[1:]:
            continue
        target = html_path if not u.path else (html_path.parent / unquote(u.path)).resolve()
        out.append((ref, target, u.fragment))
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e")
    for name in ("pipeline.yaml", "params", "notebooks", "data/raw"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    for saved in (root / "params").glob("*.yaml"):
        if saved.stem not in ("da", "en"):
            saved.unlink()  # saved scenarios are not editions
    mp = pytest.MonkeyPatch()
    mp.setenv("WORKBENCH_ROOT", str(root))
    result = run.run()
    yield root, result
    mp.undo()


def test_every_unit_succeeds(built):
    root, result = built
    bad = [(o.unit.key, o.message) for o in result.outcomes if o.status not in ("ok", "fresh")]
    assert not bad
    keys = {o.unit.key for o in result.outcomes}
    for ed in ("en", "da"):
        for step in ("spend", "partnerships", "initiatives", "peers", "scenarios", "summary"):
            assert f"{ed}/{step}" in keys
        assert sum(k.startswith(f"{ed}/profiles/") for k in keys) == 98


def test_reports_are_real_html_and_pdf(built):
    root, _ = built
    reports = root / "reports"
    for ed in ("en", "da"):
        for step in ("spend", "partnerships", "initiatives", "peers", "scenarios", "summary"):
            html = (reports / ed / f"{step}.html").read_text(encoding="utf-8")
            assert f'lang="{ed}"' in html
            for r in REPRS:
                assert r not in html, f"{ed}/{step}.html contains {r!r}"
            assert "tables.load(" not in html and "from_namespace" not in html  # no code cells
            pdf = reports / ed / f"{step}.pdf"
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
            pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
            assert pages >= 1


def test_every_figure_has_data_metadata_and_a_working_link(built):
    root, _ = built
    reports = root / "reports"
    checked = 0
    for html_path in list((reports / "en").glob("*.html")) + list((reports / "da").glob("*.html")):
        html = html_path.read_text(encoding="utf-8")
        for fig_id in re.findall(r'<figure[^>]*id="fig-([^"]+)"', html):
            files = html_path.parent / f"{html_path.stem}_files"
            assert (files / f"{fig_id}.csv").exists(), (html_path.name, fig_id)
            meta = json.loads((files / f"{fig_id}.json").read_text(encoding="utf-8"))
            assert meta.get("title") and meta.get("sources"), (html_path.name, fig_id)
            checked += 1
    assert checked >= 10


def test_all_local_links_resolve(built):
    root, _ = built
    reports = root / "reports"
    pages = [reports / "index.html", reports / "profiles" / "index.html"]
    pages += sorted((reports / "en").glob("*.html")) + sorted((reports / "da").glob("*.html"))
    pages += sorted((reports / "profiles" / "en").glob("*.html"))[:5]
    for page in pages:
        for ref, target, frag in local_targets(page):
            assert target.exists(), f"{page.relative_to(reports)} links to missing {ref}"
            if frag and target.suffix == ".html":
                p = Links()
                p.feed(target.read_text(encoding="utf-8"))
                assert frag in p.ids, f"{page.relative_to(reports)} links to missing anchor {ref}"


def test_index_lists_every_report(built):
    root, _ = built
    index = (root / "reports" / "index.html").read_text(encoding="utf-8")
    for ed in ("en", "da"):
        for step in ("spend", "partnerships", "initiatives", "peers", "scenarios", "summary"):
            assert f"{ed}/{step}.html" in index and f"{ed}/{step}.pdf" in index
    assert "profiles/index.html" in index
    profiles = (root / "reports" / "profiles" / "index.html").read_text(encoding="utf-8")
    assert len(set(re.findall(r'href="(en/[^"]+\.html)"', profiles))) == 98


def test_manifest_records_inputs_outputs_and_cell_timings(built):
    root, _ = built
    manifest = json.loads((root / "reports" / "run.json").read_text(encoding="utf-8"))
    unit = manifest["units"]["da/spend"]
    assert unit["status"] == "ok" and unit["params"]["lang"] == "da"
    assert unit["inputs"]["tables"] and unit["inputs"]["packages"]["papermill"]
    assert all(isinstance(t, float) for t in unit["cell_seconds"]) and unit["cell_seconds"]
    assert manifest["runs"][-1]["counts"]["failed"] == 0


def test_second_run_is_all_fresh(built):
    again = run.run()
    assert {o.status for o in again.outcomes} == {"fresh"}


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


def test_reports_open_in_chromium_without_errors(built):
    """Each report and both index pages in headless Chromium: no console error, no broken image, every in-page
    anchor exists, and axe-core finds no serious or critical accessibility violation."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    root, _ = built
    reports = root / "reports"
    pages = [reports / "index.html", reports / "profiles" / "index.html"]
    pages += sorted((reports / "en").glob("*.html")) + sorted((reports / "da").glob("*.html"))
    pages += [sorted((reports / "profiles" / ed).glob("*.html"))[0] for ed in ("en", "da")]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        serious: dict[str, list[str]] = {}
        for p in pages:
            page.goto(p.as_uri())
            page.wait_for_load_state("load")
            found = [f"{v['id']} ({len(v['nodes'])})" for v in Axe().run(page).response["violations"]
                     if v["impact"] in ("serious", "critical")]
            if found:
                serious[str(p.relative_to(reports))] = found
            broken = page.evaluate(
                "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
                ".map(i => i.alt || i.src.slice(0, 60))")
            assert not broken, f"{p.name}: broken images {broken}"
            missing = page.evaluate(
                "Array.from(document.querySelectorAll('a[href^=\"#\"]')).map(a => a.getAttribute('href').slice(1))"
                ".filter(id => id && !document.getElementById(decodeURIComponent(id)))")
            assert not missing, f"{p.name}: links to missing anchors {missing}"
        browser.close()
    assert not errors
    assert serious == {}


def rendered_pages(reports: Path):
    """(page, its language) for every HTML page a run wrote: reports, profiles, index pages, file listings."""
    for page in sorted(reports.rglob("*.html")):
        if any(part.startswith(".") for part in page.relative_to(reports).parts):
            continue  # staging and set-aside copies
        html = page.read_text(encoding="utf-8")
        lang = re.search(r'<html[^>]*\blang="([a-z]+)', html)
        yield page, html, lang.group(1) if lang else ""


@pytest.mark.skipif(not spelling_check.available(), reason="needs hunspell, hunspell-da, hunspell-en-us (.ci/run)")
def test_every_rendered_page_is_spelled_right(built):
    """Every word of every page, in the language each part is marked with, is known to hunspell's da_DK or en_US
    or to the project's word lists; proper names come from the data's name columns."""
    root, _ = built
    names = spelling_check.data_names(root / "data" / "processed")
    problems, seen = {}, 0
    for page, html, lang in rendered_pages(root / "reports"):
        assert lang in ("da", "en"), f"{page}: <html lang> is '{lang}'"
        seen += 1
        found = spelling_check.page_unknown_words(html, lang, names)
        if found:
            problems[str(page.relative_to(root / "reports"))] = found
    assert seen > 400 and problems == {}


def test_no_command_line_in_a_readers_prose(built):
    """Readers are not asked to type commands: the profiles printed 'workbench run --only scenarios …' and the
    scenarios lead 'workbench run --set'. Code blocks (<code>, <pre>) are not prose."""
    root, _ = built
    found = []
    for page, html, lang in rendered_pages(root / "reports"):
        prose = " ".join(spelling_check.texts_by_language(html, lang).values())
        if re.search(r"\bworkbench (run|dashboard|lab|refresh)\b|--(set|only|params)\b", prose):
            found.append(str(page.relative_to(root / "reports")))
    assert found == []
