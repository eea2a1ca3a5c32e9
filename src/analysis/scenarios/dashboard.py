"""The scenario dashboard: Voilà serving notebooks/dashboard.ipynb on the loopback interface only.

`serve()` refuses any non-loopback host, starts Voilà (`voila_main`: loopback Host headers and same-origin
websockets only) in its own process group tied to this process's life (PR_SET_PDEATHSIG), prints the URL
once the port answers, and on Ctrl-C (or SIGTERM) stops Voilà and its kernels within about a second.
`app()` is what the dashboard notebook calls: the live scenario widgets, without code, or with `?view=compare`
the profiles' comparison (reports/profiles/widgets.py); each page links to the other.
"""
from __future__ import annotations

import ipaddress
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from analysis import paths
from analysis.errors import ParameterError, PipelineError

NOTEBOOK = "dashboard.ipynb"
# Voilà's lab template in the reader's language, with a real title and no CDN request (jupyter/voila/templates).
JUPYTER_DATA = Path(__file__).resolve().parent / "jupyter"
TEMPLATE = "workbench"
LANG_ENV = "WORKBENCH_DASHBOARD_LANG"
DEFAULT_PORT = 8866
# JupyterLab extensions in the environment that the dashboard does not use: jupytext's fails in Voilà's page
# (it needs JupyterLab's document manager) with console errors
UNUSED_LAB_EXTENSIONS = ("jupyterlab-jupytext", "@voila-dashboards/jupyterlab-preview")
COMPARE_VIEW = "compare"  # ?view=compare: the profiles' comparison page
START_TIMEOUT = 90.0  # seconds to wait for Voilà to answer before giving up
STOP_GRACE = 1.0  # seconds Voilà gets to exit on SIGTERM before it and its kernels are killed


def check_host(host: str) -> str:
    """The host if it is a loopback address ('localhost' becomes 127.0.0.1); ParameterError otherwise."""
    text = (host or "").strip()
    if text.lower() == "localhost":
        return "127.0.0.1"
    try:
        if ipaddress.ip_address(text).is_loopback and ipaddress.ip_address(text).version == 4:
            return text
    except ValueError:
        pass
    raise ParameterError(f"parameter '--host' is '{host}': the dashboard serves on the loopback interface "
                         "only, never on a network", valid="127.0.0.1 or localhost")


def port_free(host: str, port: int) -> bool:
    """True if nothing listens on host:port (we can bind it, as Voilà will)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def check_port(host: str, port: int) -> int:
    """The port if it is valid and free on host; ParameterError otherwise."""
    if not 1024 <= int(port) <= 65535:
        raise ParameterError(f"parameter '--port' is {port}", valid="a port number from 1024 to 65535")
    if not port_free(host, port):
        raise ParameterError(f"parameter '--port': port {port} on {host} is in use",
                             valid="a free port, e.g. --port 8867")
    return int(port)


def notebook_path() -> Path:
    """The notebook Voilà serves; PipelineError if it is missing."""
    path = paths.notebooks_dir() / NOTEBOOK
    if not path.exists():
        raise PipelineError("the dashboard notebook is missing", file=path)
    return path


def voila_command(notebook: Path, host: str, port: int, lang: str = "en") -> list[str]:
    """The Voilà command line: this port exactly, this host only, no browser, no code, no tracebacks; the
    workbench template with the page's language and title."""
    from analysis.reports.profiles.widgets import page_title as compare_title
    from analysis.reports.scenarios.widgets import page_title

    page = json.dumps({"workbench": {"lang": lang, "title": page_title(lang), "titles": {
        COMPARE_VIEW: compare_title(lang)}}}, ensure_ascii=False)
    return [sys.executable, "-m", "analysis.scenarios.voila_main", str(notebook), "--no-browser", f"--port={port}",
            f"--Voila.ip={host}", "--Voila.port_retries=0", "--strip_sources=True",
            "--VoilaConfiguration.show_tracebacks=False", "--Voila.log_level=ERROR",
            f"--template={TEMPLATE}", f"--VoilaConfiguration.resources={page}",
            *(f"--VoilaConfiguration.extension_denylist={name}" for name in UNUSED_LAB_EXTENSIONS)]


def voila_env(lang: str) -> dict[str, str]:
    """The environment Voilà runs in: the dashboard's language, the project root, and the template's folder
    first on the Jupyter data path."""
    jupyter_path = os.pathsep.join(p for p in (str(JUPYTER_DATA), os.environ.get("JUPYTER_PATH", "")) if p)
    return {**os.environ, LANG_ENV: lang, "WORKBENCH_ROOT": str(paths.root()), "JUPYTER_PATH": jupyter_path}


def wait_until_listening(proc: subprocess.Popen, host: str, port: int, timeout: float = START_TIMEOUT) -> None:
    """Return once host:port accepts connections; PipelineError if Voilà exits or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise PipelineError(f"Voilà exited with code {proc.returncode} before serving the dashboard")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise PipelineError(f"Voilà did not answer on {host}:{port} within {timeout:.0f} s")


def stop(proc: subprocess.Popen, grace: float = STOP_GRACE) -> int:
    """Stop Voilà and its kernels within about grace seconds: SIGTERM, then SIGKILL for whatever is left."""
    import psutil

    try:
        family = psutil.Process(proc.pid).children(recursive=True)  # its kernels, found before it goes
    except psutil.Error:
        family = []
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
    for child in family:
        try:
            child.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(family, timeout=grace)
    return proc.wait()


PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In the child before exec: the kernel sends it SIGKILL when its parent dies, even by kill -9 (Linux)."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: Ctrl-C and SIGTERM still stop Voilà through stop()


def check_scenarios(lang: str) -> None:
    """Derive the default scenario and profile once here, so missing tables fail as one line before Voilà
    starts."""
    from analysis.reports.profiles.params import Params as ProfileParams
    from analysis.reports.scenarios.params import Params
    Params.validate_params({"lang": lang}, where="workbench dashboard").derive()
    ProfileParams.validate_params({"lang": lang}, where="workbench dashboard").derive()


def raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def serve(host: str = "127.0.0.1", port: int = DEFAULT_PORT, lang: str = "en", out=print) -> int:
    """Serve the dashboard until Ctrl-C or SIGTERM; prints the URL once it answers. Returns 0."""
    host = check_host(host)
    port = check_port(host, port)
    notebook = notebook_path()
    check_scenarios(lang)
    proc = subprocess.Popen(voila_command(notebook, host, port, lang), env=voila_env(lang), cwd=notebook.parent,
                            start_new_session=True,  # Ctrl-C reaches us only; we stop Voilà once, quickly
                            preexec_fn=die_with_parent)  # and Voilà dies with us even on kill -9
    previous = signal.signal(signal.SIGTERM, raise_interrupt)
    try:
        wait_until_listening(proc, host, port)
        out(f"Scenario dashboard: http://{host}:{port}/  (profile comparison: http://{host}:{port}/?view={COMPARE_VIEW}; "
            "Ctrl-C to stop)", flush=True)
        proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop(proc)
        signal.signal(signal.SIGTERM, previous)
    out("Dashboard stopped.", flush=True)
    return 0


def query() -> dict[str, str]:
    """The page address's query (Voilà passes it to the kernel as QUERY_STRING): view, municipality, compare."""
    from urllib.parse import parse_qs
    return {k: v[-1] for k, v in parse_qs(os.environ.get("QUERY_STRING", "")).items()}


def app():
    """The dashboard page (called by dashboard.ipynb): live scenario widgets with the sourced defaults, or with
    ?view=compare the profiles' comparison (?municipality=…&compare=… fill its fields)."""
    from IPython.display import display
    lang = os.environ.get(LANG_ENV, "en")
    lang = lang if lang in ("da", "en") else "en"
    q = query()
    view = COMPARE_VIEW if q.get("view") == COMPARE_VIEW else "scenarios"
    from analysis.reports.profiles.widgets import nav
    display(nav(lang, to_compare=view != COMPARE_VIEW, view=COMPARE_VIEW))
    if view == COMPARE_VIEW:
        from analysis.reports.profiles import widgets as profile_widgets
        return profile_widgets.show(lang, q.get("municipality"), q.get("compare", ""))
    from analysis.reports.scenarios.params import Params
    from analysis.reports.scenarios.widgets import show
    P = Params.validate_params({"lang": lang}, where="dashboard").derive()
    return show(P)
