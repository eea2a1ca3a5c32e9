"""The README's screenshots of one report as readers see it: a desktop (1280 px) and a phone (390 px: its first
screen and its first chart), taken with headless Debian Chromium from reports/en/spend.html (`make reports` first).

    .venv/bin/python scripts/readme_screenshots.py
"""
from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "reports" / "en" / "spend.html"
OUT = ROOT / "docs" / "img"


def main() -> None:
    if not PAGE.exists():
        raise SystemExit(f"{PAGE.relative_to(ROOT)} is missing: run `make reports` first")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        desktop = browser.new_page(viewport={"width": 1280, "height": 1000})
        desktop.goto(PAGE.as_uri())
        desktop.screenshot(path=OUT / "report-desktop.png")
        phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        phone.goto(PAGE.as_uri())
        phone.screenshot(path=OUT / "report-phone.png")
        chart = phone.locator("figure.wb-figure").first.bounding_box()
        phone.screenshot(path=OUT / "report-phone-chart.png", full_page=True,
                         clip={"x": 0, "y": max(0, chart["y"] - 80), "width": 390, "height": 844})
        browser.close()
    print(" ".join(str(p.relative_to(ROOT)) for p in sorted(OUT.glob("report-*.png"))))


if __name__ == "__main__":
    main()
