"""The profiles index: all 98 municipalities, figures equal to the processed table, every link resolves,
no external resources, the map above the table, and in headless Chromium: filter by name, sort by spend, follow a
link, hover and focus the map, no console errors, no request outside the page's folder."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.i18n import LANGS, fmt_kr
from analysis.reports.profiles import load
from analysis.reports.profiles.index_page import profile_href, profile_index_rows, write_profiles_index

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


class _Links(HTMLParser):
    """Collects hrefs/srcs and the text of the first cell of each body row."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.srcs, self.names = [], [], []
        self._in_body, self._cell, self._capture = False, 0, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tbody":
            self._in_body = True
        if tag == "tr" and self._in_body:
            self._cell = 0
        if tag == "td" and self._in_body:
            self._cell += 1
            self._capture = self._cell == 1
            if self._capture:
                self.names.append("")
        if "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])
        if tag == "link":
            self.srcs.append(a.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "td":
            self._capture = False
        if tag == "tbody":
            self._in_body = False

    def handle_data(self, data):
        if self._capture:
            self.names[-1] += data


@pytest.fixture(scope="module", autouse=True)
def _built_tables(built_root):
    """Every test here reads the session's built copy of the processed tables (kernels inherit it too)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_ROOT", str(built_root))
        yield


@pytest.fixture(scope="module")
def rows():
    return profile_index_rows()


@pytest.fixture(scope="module")
def site(rows, tmp_path_factory):
    """A reports folder with the index and a dummy page/PDF at every profile path (the e2e test checks real ones)."""
    reports = tmp_path_factory.mktemp("reports")
    for row in rows:
        for lang in LANGS:
            page = reports / "profiles" / profile_href(row["name"], lang, "html")
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>dummy "
                            f"{row['code']}</title></head><body><h1>dummy profile {row['name']}</h1></body></html>",
                            encoding="utf-8")
            (reports / "profiles" / profile_href(row["name"], lang, "pdf")).write_bytes(b"%PDF-1.4 dummy\n")
    index = write_profiles_index(reports, rows)
    return reports, index


def test_rows_cover_the_98_and_match_the_processed_table(rows):
    assert sorted(r["name"] for r in rows) == sorted(load.all_municipalities())
    spend = load.table("spend")
    latest = int(spend["year"].max())
    table = spend[(spend["year"] == latest) & (spend["geo_level"] == "municipality")]
    values = dict(zip(table["geo_code"].astype(str), table["value"].astype(float)))
    for row in rows:
        assert row["year"] == latest
        assert row["spend"] == values[row["code"]]
        assert row["rank"] == sum(v > values[row["code"]] for v in values.values()) + 1


def test_index_lists_all_98_and_every_link_resolves(site, rows):
    reports, index = site
    assert index == reports / "profiles" / "index.html"
    parser = _Links()
    parser.feed(index.read_text(encoding="utf-8"))
    assert sorted(n.strip() for n in parser.names) == sorted(r["name"] for r in rows)
    assert len(parser.names) == 98
    text = index.read_text(encoding="utf-8")
    for href in parser.hrefs:
        assert not href.startswith(("http:", "https:", "//")), href
        if href.startswith("#"):                       # the language switch: an element of the page itself
            assert f'id="{href[1:]}"' in text, f"missing anchor {href}"
            continue
        assert (index.parent / href).is_file(), f"broken link {href}"
    targets = {(index.parent / h).resolve() for h in parser.hrefs if not h.startswith("#")}
    for row in rows:                                   # each profile reachable in both languages, HTML and PDF
        for lang in LANGS:
            for ext in ("html", "pdf"):
                assert (reports / "profiles" / profile_href(row["name"], lang, ext)).resolve() in targets
    assert len(targets) == 98 * len(LANGS) * 2         # no two municipalities share a file


def test_index_needs_nothing_from_outside(site):
    _, index = site
    parser = _Links()
    parser.feed(index.read_text(encoding="utf-8"))
    assert parser.srcs == []                           # inline script and style only: works offline


@pytest.mark.browser
def test_index_in_headless_chromium(site, rows):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium not installed")
    _, index = site
    errors = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(index.as_uri())
            visible = "#profiles tbody tr:not(.hidden)"
            assert page.locator(visible).count() == 98

            page.fill("#filter", "Holbæk")
            assert page.locator(visible).count() == 1
            assert page.locator(f"{visible} td.name").inner_text() == "Holbæk"
            page.fill("#filter", "hoje taastrup")          # without diacritics or hyphen still finds it
            assert "Høje-Taastrup" in page.locator(f"{visible} td.name").all_inner_texts()
            page.fill("#filter", "")
            assert page.locator(visible).count() == 98

            spend_header = page.locator("#profiles thead th").nth(3)
            spend_header.locator("button").click()
            shown = [float(v) for v in page.locator("#profiles tbody tr td:nth-child(4)").evaluate_all(
                "cells => cells.map(c => c.dataset.sort)")]
            assert shown == sorted(r["spend"] for r in rows)
            assert spend_header.get_attribute("aria-sort") == "ascending"
            spend_header.locator("button").click()
            first = page.locator("#profiles tbody tr td.name").first.inner_text()
            assert first == max(rows, key=lambda r: r["spend"])["name"]

            holbaek = next(r for r in rows if r["name"] == "Holbæk")
            page.fill("#filter", "Holbæk")
            page.locator(f"{visible} a[hreflang='en']").first.click()
            page.wait_for_load_state()
            assert page.url.endswith("/profiles/" + profile_href(holbaek["name"], "en", "html"))
            assert "Holbæk" in page.locator("h1").inner_text()
        finally:
            browser.close()
    assert errors == []


def test_the_map_above_the_table_links_every_municipality_in_each_language(site, rows):
    _, index = site
    text = index.read_text(encoding="utf-8")
    assert text.index('<figure class="map l-en"') < text.index('<table id="profiles">')
    for lang in LANGS:
        links = re.findall(rf'<figure class="map l-{lang}".*?</figure>', text, flags=re.S)[0]
        hrefs = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', links)
        assert len(hrefs) == 98
        assert {h for h, _ in hrefs} == {profile_href(r["name"], lang, "html") for r in rows}
    holbaek = next(r for r in rows if r["name"] == "Holbæk")
    assert f'aria-label="Holbæk: {fmt_kr(holbaek["spend"], "da")} pr. indbygger"' in text
    assert f'aria-label="Holbæk: {fmt_kr(holbaek["spend"], "en")} per inhabitant"' in text
    assert "cdn" not in text.lower() and "<script src" not in text


@pytest.mark.browser
def test_index_map_in_headless_chromium(site, rows):
    """Hover and keyboard focus show a municipality's name and value, a click opens its profile; no console error
    and no request outside the page's own folder."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium not installed")
    reports, index = site
    holbaek = next(r for r in rows if r["name"] == "Holbæk")
    errors, requests = [], []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(index.as_uri() + "#da")
            da_map = page.locator("figure.map.l-da")
            assert da_map.is_visible() and not page.locator("figure.map.l-en").is_visible()
            assert page.locator("h1 .l-da").inner_text() == "Kommuneprofiler"
            readout = da_map.locator(".readout")
            link = da_map.locator('svg a[aria-label^="Holbæk:"]')
            link.hover()
            assert readout.inner_text() == f"Holbæk: {fmt_kr(holbaek['spend'], 'da')} pr. indbygger"
            assert link.locator("title").text_content() == readout.inner_text()    # the hover tooltip
            other = da_map.locator('svg a[aria-label^="Læsø:"]')
            other.focus()                                                          # keyboard focus
            assert readout.inner_text().startswith("Læsø: ") and "pr. indbygger" in readout.inner_text()
            page.keyboard.press("Tab")                                             # the next one, by keyboard
            assert readout.inner_text() != "" and not readout.inner_text().startswith("Læsø")
            link.click()
            page.wait_for_load_state()
            assert page.url.endswith("/profiles/" + profile_href("Holbæk", "da", "html"))
            assert "Holbæk" in page.locator("h1").inner_text()
            page.goto(index.as_uri() + "#en")
            en_map = page.locator("figure.map.l-en")
            en_map.locator('svg a[aria-label^="Holbæk:"]').hover()
            assert en_map.locator(".readout").inner_text() == \
                f"Holbæk: {fmt_kr(holbaek['spend'], 'en')} per inhabitant"
        finally:
            browser.close()
    assert errors == []
    folder = (reports / "profiles").as_uri()
    outside = [u for u in requests if not (u.startswith(folder) or u.startswith(("data:", "about:")))]
    assert outside == [], outside


@pytest.mark.browser
def test_index_on_a_phone_shows_spend_and_rank_without_scrolling(site):
    """At 390 px the table showed name, region and a cut-off population: the spend and rank are what a phone
    reader came for. Below 600 px region, population and partnerships step aside (the filter still finds them)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium not installed")
    _, index = site
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(index.as_uri() + "#da")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            heads = page.locator("#profiles thead th")
            for i in (0, 3, 4):  # municipality (a link to its profile), spend, rank; the PDF links scroll in
                box = heads.nth(i).bounding_box()
                assert box and box["x"] + box["width"] <= 390, i
            assert not heads.nth(1).is_visible() and not heads.nth(2).is_visible()
            page.fill("#filter", "Nordjylland")  # a region, hidden on a phone, still filters
            assert 0 < page.locator("#profiles tbody tr:not(.hidden)").count() < 98
        finally:
            browser.close()
