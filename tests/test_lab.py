"""JupyterLab for policy advisors: `workbench lab` serves the project on 127.0.0.1 with its kernel, and in a
real browser a double-click-equivalent open of a jupytext `.py` notebook shows a notebook, not a text file."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest
from jupytext.config import find_jupytext_configuration_file, load_jupytext_configuration_file

from analysis.lab import server

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
TOKEN = "workbench-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_settings_make_py_open_as_jupytext_notebook(tmp_path):
    target = server.install_settings(prefix=tmp_path)
    assert target == tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / "muni-it-workbench.json"
    settings = json.loads(target.read_text())
    assert settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]["python"] == "Jupytext Notebook"
    # the factory name is the one jupytext's Lab extension registers, for the file type 'python'
    ext = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "jupyterlab-jupytext" / "static"
    bundle = "".join(p.read_text(errors="ignore") for p in ext.glob("*.js"))
    assert 'FACTORY="Jupytext Notebook"' in bundle and '"python"' in bundle


def test_saving_from_lab_keeps_the_percent_scripts(tmp_path):
    """What Lab's jupytext contents manager writes back, under the shipped jupytext.toml: the same percent
    script (parameters tag kept, no outputs), stable from one save to the next."""
    config = load_jupytext_configuration_file(find_jupytext_configuration_file(str(REPO / "notebooks")))
    for path in sorted((REPO / "notebooks").glob("*.py")):
        first = jupytext.writes(jupytext.read(path, config=config), fmt="py:percent", config=config)
        second = jupytext.writes(jupytext.reads(first, fmt="py:percent", config=config), fmt="py:percent",
                                 config=config)
        assert first == second, path.name
        assert '# %% tags=["parameters"]' in first and "jupytext_version:" not in first
        body = lambda text: text.split("# ---\n", 2)[-1]  # noqa: E731 - everything after the header
        assert body(first) == body(path.read_text()), f"{path.name}: cells changed on save"


def test_lab_command_is_loopback_with_the_project_kernel(tmp_path):
    cmd = server.lab_command(tmp_path, "127.0.0.1", 8899, open_browser=False)
    assert cmd[:3] == [sys.executable, "-m", "jupyterlab"] and "--no-browser" in cmd
    assert "--ServerApp.ip=127.0.0.1" in cmd and "--ServerApp.port=8899" in cmd
    assert f"--ServerApp.root_dir={tmp_path}" in cmd
    assert "--MappingKernelManager.default_kernel_name=muni-it-workbench" in cmd


@pytest.mark.browser
def test_lab_opens_a_py_notebook_as_a_notebook(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    root = tmp_path / "project"
    root.mkdir()
    for name in ("pipeline.yaml", "jupytext.toml"):
        (root / name).write_bytes((REPO / name).read_bytes())
    (root / "notebooks").symlink_to(REPO / "notebooks")
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if k != "WORKBENCH_ROOT"}, "JUPYTER_TOKEN": TOKEN,
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "user-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "lab", "--no-browser", "--port", str(port)],
                            cwd=root / "notebooks", env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, start_new_session=True)
    try:
        line = proc.stdout.readline()
        assert f"JupyterLab: http://127.0.0.1:{port}/lab/tree/notebooks" in line, line
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/lab/tree/notebooks/05_scenarios.py?token={TOKEN}")
            panel = page.locator(".jp-NotebookPanel:visible")
            expect(panel).to_have_count(1, timeout=120_000)
            expect(panel.locator(".jp-Cell").first).to_be_visible(timeout=60_000)
            cells = len(jupytext.read(REPO / "notebooks" / "05_scenarios.py").cells)
            expect(panel.locator(".jp-Cell")).to_have_count(cells, timeout=60_000)
            expect(panel.locator(".jp-Cell.jp-CodeCell")).not_to_have_count(0)
            assert page.locator(".jp-FileEditor:visible").count() == 0
            expect(panel.locator(".jp-MarkdownCell").first).to_be_visible()
            # the project's kernel, started for the notebook
            expect(panel.locator(".jp-Toolbar-kernelName")).to_have_text("muni-it-workbench", timeout=60_000)
            browser.close()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0
    assert "JupyterLab stopped." in proc.stdout.read()
