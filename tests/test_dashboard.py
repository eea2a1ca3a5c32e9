"""The scenario dashboard: loopback only, and in a real browser it updates, hides code, saves, and stops cleanly."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from analysis.errors import ParameterError
from analysis.i18n import fmt_kr
from analysis.scenarios import dashboard
from analysis.reports.scenarios.params import Params as ScenarioParams, load_scenario

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def workbench(*args, env=None, **kw):
    return [sys.executable, "-c", "import sys; from analysis.cli import main; sys.exit(main())", *args]


@pytest.mark.parametrize("host", ["0.0.0.0", "", "::", "192.168.1.10", "10.0.0.1", "example.org", "::1x"])
def test_check_host_refuses_anything_but_loopback(host):
    with pytest.raises(ParameterError) as exc:
        dashboard.check_host(host)
    assert "--host" in str(exc.value) and "127.0.0.1" in str(exc.value)


def test_check_host_accepts_loopback():
    assert dashboard.check_host("127.0.0.1") == "127.0.0.1"
    assert dashboard.check_host("localhost") == "127.0.0.1"


def test_command_refuses_all_interfaces_with_one_line_and_binds_nothing():
    port = free_port()
    proc = subprocess.run(workbench("dashboard", "--host", "0.0.0.0", "--port", str(port)),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "--host" in lines[0]
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert not listening(port)


def test_port_in_use_is_refused():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(ParameterError, match=f"port {port} on 127.0.0.1 is in use"):
            dashboard.check_port("127.0.0.1", port)


def test_voila_command_binds_loopback_exactly_and_hides_code(tmp_path):
    cmd = dashboard.voila_command(tmp_path / "d.ipynb", "127.0.0.1", 9999)
    assert "--Voila.ip=127.0.0.1" in cmd and "--port=9999" in cmd
    assert "--Voila.port_retries=0" in cmd and "--strip_sources=True" in cmd


def dashboard_processes(port: int) -> list[int]:
    """Pids of Voilà processes serving this port (the test's own, found by its unique command line)."""
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if "voila" in cmd and f"--port={port}" in cmd:
                pids.append(int(d.name))
    return pids


@pytest.fixture
def dash_root(built_root, tmp_path):
    """A workbench root using the session's built tables, the repo's notebooks and an empty params/."""
    root = tmp_path / "root"
    root.mkdir()
    (root / "data").symlink_to(built_root / "data")
    (root / "notebooks").symlink_to(REPO / "notebooks")
    (root / "params").mkdir()
    return root


@pytest.mark.browser
def test_dashboard_in_a_browser(dash_root, tmp_path, monkeypatch):
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("WORKBENCH_ROOT", str(dash_root))
    port = free_port()
    env = {**os.environ, "WORKBENCH_ROOT": str(dash_root)}
    proc = subprocess.Popen(workbench("dashboard", "--port", str(port)), env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line, line + proc.stderr.read() if proc.poll() is not None else line
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded", timeout=180_000)  # not "load": offline, a CDN font never arrives
            head = page.locator(".headline-channel .value")
            expect(head).to_be_visible(timeout=120_000)
            before = ScenarioParams.validate_params({}).derive().channel()
            expect(head).to_have_text(fmt_kr(before.saving, "en"))

            # no code anywhere on the page
            text = page.inner_text("body")
            assert "import" not in text and "app()" not in text and "analysis.scenarios" not in text
            assert page.locator(".jp-InputArea, .jp-CodeMirrorEditor, .cm-editor, pre, code").count() == 0

            # move the target slider five steps to the right with the keyboard
            slider = page.locator(".scenario-slider", has_text="Target digital share")
            handle = slider.locator(".noUi-handle")
            handle.focus()
            for _ in range(5):
                page.keyboard.press("ArrowRight")
            readout = slider.locator(".scenario-readout")
            expect(readout).not_to_have_text(f"{int(before.shares_after['digital'])}%")
            target = float(handle.get_attribute("aria-valuenow"))
            expect(readout).to_have_text(f"{target:g}%")
            after = ScenarioParams.validate_params({"target_digital_share": target}).derive().channel()
            assert after.saving != before.saving
            expect(head).to_have_text(fmt_kr(after.saving, "en"), timeout=30_000)

            # save the scenario: a parameter set that reproduces the same numbers
            page.get_by_role("textbox", name="Scenario name").fill("browser-test")
            page.get_by_role("button", name="Save scenario").click()
            expect(page.locator(".scenario-saved")).to_be_visible(timeout=30_000)
            saved = dash_root / "params" / "browser-test.yaml"
            data = yaml.safe_load(saved.read_text(encoding="utf-8"))
            assert data == {"lang": "en", "steps": {"scenarios": {"target_digital_share": target}}}
            assert load_scenario(saved).derive().channel().saving == after.saving
            page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
            browser.close()
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Dashboard stopped." in out
    assert not listening(port) and dashboard.port_free("127.0.0.1", port)
    assert dashboard_processes(port) == []


def test_widgets_update_numbers_and_save_only_what_changed(built, tmp_path):
    """The same widgets in-process (as JupyterLab shows them): sliders, dropdown, save."""
    from analysis.data.reference import lookup_municipality
    from analysis.reports.scenarios.widgets import ScenarioApp

    P = ScenarioParams.validate_params({}).derive()
    app = ScenarioApp(P, params_dir=tmp_path)
    assert fmt_kr(P.channel().saving, "en") in app.channel_head.value
    app.target.value = 70
    expected = ScenarioParams.validate_params({"target_digital_share": 70}).derive().channel().saving
    assert fmt_kr(expected, "en") in app.channel_head.value
    app.members.value = 6
    assert str(ScenarioParams.validate_params({"members": 6}).derive().shared().payback_year) \
        in app.shared_head.value
    app.municipality.value = "Aarhus"
    club = lookup_municipality("Aarhus")["population"] * P.inputs()["licence_per_citizen"].value
    assert fmt_kr(club, "en") in app.licence_head.value
    assert app.current.value == pytest.approx(club)  # follows the break-even until the user moves it
    assert "–" in app.licence_head.value            # no saving shown without the user's current cost
    app.current.value = club + 100_000
    assert fmt_kr(100_000, "en") in app.licence_head.value
    app.costs["phone_cost"].value = 0
    app.name.value = "widgets"
    app.on_save()
    assert "scenario-saved" in app.save_status.value
    data = yaml.safe_load((tmp_path / "widgets.yaml").read_text(encoding="utf-8"))
    assert data == {"lang": "en", "steps": {"scenarios": {
        "municipality": "Aarhus", "target_digital_share": 70.0, "phone_cost": 0.0, "members": 6,
        "current_licence_cost": club + 100_000}}}
    app.name.value = "da"
    app.on_save()
    assert "scenario-error" in app.save_status.value and "edition" in app.save_status.value


def test_widgets_keep_the_users_notebook_parameters_when_saving(built, tmp_path):
    from analysis.reports.scenarios.widgets import ScenarioApp

    values = {"lang": "da", "letter_share": 20.0, "phone_share": 30.0, "digital_share": 50.0,
              "contacts_per_year": 12000}
    app = ScenarioApp(ScenarioParams.validate_params(values).derive(), params_dir=tmp_path)
    assert fmt_kr(ScenarioParams.validate_params(values).derive().channel().saving, "da") in app.channel_head.value
    assert app.params().model_dump(exclude_none=True, exclude={"output_dir", "output_href", "interactive"}) == values


@pytest.mark.browser
def test_danish_dashboard_formats_offline_accessible_and_fits_a_phone(dash_root, monkeypatch):
    """The Danish dashboard in headless Chromium: lang and title, slider readouts in Danish formats with
    units, no request beyond 127.0.0.1, no serious or critical axe-core violation, named sliders, alt text,
    no horizontal cut-off at 390 px, the chosen municipality named, a negative saving worded, Danish errors."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright
    from urllib.parse import urlsplit

    from analysis.i18n import fmt_kr, fmt_percent

    monkeypatch.setenv("WORKBENCH_ROOT", str(dash_root))
    P = ScenarioParams.validate_params({"lang": "da"}).derive()
    d = P.inputs()
    port = free_port()
    env = {**os.environ, "WORKBENCH_ROOT": str(dash_root)}
    proc = subprocess.Popen(workbench("dashboard", "--port", str(port), "--lang", "da"), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert f"http://127.0.0.1:{port}/" in proc.stdout.readline()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            requests = []
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.on("request", lambda r: requests.append(r.url))
            page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded", timeout=180_000)
            head = page.locator(".headline-channel .value")
            expect(head).to_have_text(fmt_kr(P.channel().saving, "da"), timeout=120_000)
            assert page.evaluate("document.documentElement.lang") == "da"
            assert page.title().startswith("Scenarier for kommunal it")

            # readouts with units, in the Danish number format the charts use
            def readout(label):
                return page.locator(".scenario-slider", has_text=label).locator(".scenario-readout")
            expect(readout("Engangsudgift (alle medlemmer)")).to_have_text(fmt_kr(d["one_off_cost"].value, "da"))
            assert "." in fmt_kr(d["one_off_cost"].value, "da")  # 480.000 kr., not 480,000
            expect(readout("Mål for digital andel")).to_have_text(fmt_percent(d["target_digital_share"].value, "da"))

            # every slider named after its label, every chart with alt text, labels not cut off
            handles = page.locator(".noUi-handle")
            assert handles.count() == 12
            for i in range(handles.count()):
                assert handles.nth(i).get_attribute("aria-label"), f"slider {i} has no accessible name"
            images = page.locator("img")
            assert images.count() == 2 and all(images.nth(i).get_attribute("alt") for i in range(2))
            label = page.locator(".scenario-label", has_text="Pris pr. henvendelse: digital selvbetjening")
            assert label.evaluate("e => e.scrollWidth <= e.clientWidth")

            violations = Axe().run(page).response["violations"]
            assert [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")] == []

            # another municipality: the licence sentences name it
            page.locator("select").select_option("Holbæk")
            expect(page.locator(".headline-club .label")).to_have_text("Klublicens for Holbæk", timeout=30_000)
            expect(page.locator(".scenario-note", has_text="Den dokumenterede business case er Faxes")) \
                .to_contain_text("Med denne licens ville Holbæk", timeout=30_000)

            # a target below today's digital share: an extra cost in words, not a bare minus
            target = page.locator(".scenario-slider", has_text="Mål for digital andel").locator(".noUi-handle")
            target.focus()
            for _ in range(int(d["target_digital_share"].value - d["digital_share"].value) + 5):
                page.keyboard.press("ArrowLeft")
            expect(page.locator(".headline-extra .label")).to_contain_text("merudgift", timeout=30_000)
            assert "−" not in page.locator(".headline-channel .value").inner_text()

            # the save-name error in Danish
            page.get_by_role("textbox", name="Scenarienavn").fill("da")
            page.get_by_role("button", name="Gem scenarie").click()
            expect(page.locator(".scenario-error")).to_contain_text("navnet på en udgave", timeout=30_000)

            # a phone: nothing wider than the screen
            phone = browser.new_page(viewport={"width": 390, "height": 900})
            phone.on("request", lambda r: requests.append(r.url))
            phone.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded", timeout=180_000)
            expect(phone.locator(".headline-channel .value")).to_be_visible(timeout=120_000)
            phone.wait_for_timeout(1000)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390
            wide = phone.evaluate("""Array.from(document.querySelectorAll('.scenario-app *'))
                .filter(e => e.getBoundingClientRect().right > 391).map(e => e.className).slice(0, 5)""")
            assert wide == []
            browser.close()
        outside = sorted({u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                          and urlsplit(u).hostname != "127.0.0.1"})
        assert outside == [], outside
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)


def test_widgets_speak_danish_name_the_chosen_municipality_and_word_an_extra_cost(built, tmp_path):
    """The live controls in Danish (as JupyterLab shows them): readouts with units, the licence sentences
    after choosing Holbæk, a target below today's share, alt text, and the save-name errors."""
    from analysis.reports.scenarios.widgets import ScenarioApp

    P = ScenarioParams.validate_params({"lang": "da"}).derive()
    app = ScenarioApp(P, params_dir=tmp_path)
    readouts = [b.children[1].children[1].value for b in app.widget.children[4].children[0].children[1:]]
    assert readouts[:3] == ["30\u00a0%", "50\u00a0%", "50\u00a0%"] and readouts[3] == "110\u00a0kr."
    assert 'alt="Linjediagram: den årlige udgift' in app.channel_img.value
    assert 'alt="Søjlediagram' in app.shared_img.value
    app.municipality.value = "Holbæk"
    assert "Med denne licens ville Holbæk" in app.check_html.value and "business case er Faxes" in app.check_html.value
    app.target.value = 10
    assert "headline-extra" in app.channel_head.value and "Årlig merudgift" in app.channel_head.value
    assert "−" not in app.channel_head.value
    app.digital.value = 100  # every contact digital already, the target below: said in Danish, no code name
    assert "Når alle henvendelser allerede er digitale" in app.message.value and "_" not in app.message.value
    app.target.value = 100
    assert app.message.value == ""
    app.name.value = "da"
    app.on_save()
    assert "navnet på en udgave" in app.save_status.value
    app.name.value = "mit scenarie!"
    app.on_save()
    assert "kan ikke bruges som filnavn" in app.save_status.value and not list(tmp_path.iterdir())


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["da", "en"])
def test_profile_comparison_page_in_a_browser(dash_root, monkeypatch, lang):
    """The dashboard's second page: reached by its link from the scenarios page, the municipality and the
    comparison set chosen there give the profile's chart and sentences with the compare line; a misspelled name
    is one line with suggestions in the reader's language; no console error, no request beyond 127.0.0.1, no
    serious or critical axe-core violation, nothing wider than a phone."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright
    from urllib.parse import urlsplit

    from analysis.reports.profiles import page as profile_page
    from analysis.reports.profiles.params import Params as ProfileParams

    monkeypatch.setenv("WORKBENCH_ROOT", str(dash_root))
    words = {"da": {"link": "Sammenlign kommuners administrationsudgifter →", "field": "Sammenlign med",
                    "button": "Vis sammenligning", "title": "Sammenlign kommuners administrationsudgifter",
                    "wrong": "»Kgoe« er hverken navnet eller koden på en dansk kommune. Mente du Køge",
                    "back": "← Scenarier for kommunal it"},
             "en": {"link": "Compare municipalities' administration spend →", "field": "Compare with",
                    "button": "Show comparison", "title": "Compare municipalities' administration spend",
                    "wrong": "“Kgoe” is neither the name nor the code of a Danish municipality. Did you mean Køge",
                    "back": "← Municipal IT scenarios"}}[lang]
    P = ProfileParams.validate_params({"lang": lang, "municipality": "Holbæk", "compare": "Roskilde,Køge"}).derive()
    expected = profile_page.compare_text(profile_page.Page(P))
    port = free_port()
    env = {**os.environ, "WORKBENCH_ROOT": str(dash_root)}
    proc = subprocess.Popen(workbench("dashboard", "--port", str(port), "--lang", lang), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    requests, errors = [], []
    try:
        assert f"http://127.0.0.1:{port}/" in proc.stdout.readline()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded", timeout=180_000)
            link = page.get_by_role("link", name=words["link"])
            expect(link).to_be_visible(timeout=120_000)
            link.click()
            text = page.locator(".compare-text")
            expect(text).to_be_visible(timeout=120_000)
            assert "view=compare" in page.url
            assert page.title().startswith(words["title"])
            assert page.evaluate("document.documentElement.lang") == lang

            page.locator(".compare-app select").select_option("Holbæk")
            field = page.get_by_role("textbox", name=words["field"])
            field.fill("Roskilde, 259")
            page.get_by_role("button", name=words["button"]).click()
            expect(text).to_contain_text(expected, timeout=30_000)
            chart = page.locator(".compare-app .scenario-chart img")
            expect(chart).to_have_attribute("alt", re.compile("Roskilde.*Køge|Køge.*Roskilde|\\(2\\)"))

            field.fill("Roskilde, Kgoe")
            field.press("Enter")
            alert = page.locator(".compare-app .scenario-error")
            expect(alert).to_contain_text(words["wrong"], timeout=30_000)
            assert "\n" not in alert.inner_text().strip()
            expect(text).to_contain_text(expected)               # the last comparison stays

            violations = Axe().run(page).response["violations"]
            assert [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")] == []
            expect(page.get_by_role("link", name=words["back"])).to_be_visible()

            phone = browser.new_page(viewport={"width": 390, "height": 900})
            phone.on("request", lambda r: requests.append(r.url))
            phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            phone.goto(f"http://127.0.0.1:{port}/?view=compare&municipality=Holb%C3%A6k&compare=Roskilde,K%C3%B8ge",
                       wait_until="domcontentloaded", timeout=180_000)
            expect(phone.locator(".compare-text")).to_contain_text(expected, timeout=120_000)
            phone.wait_for_timeout(1000)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390
            browser.close()
        outside = sorted({u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                          and urlsplit(u).hostname != "127.0.0.1"})
        assert outside == [], outside
        assert errors == [], errors
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)
