"""`workbench lab`: JupyterLab from this environment on 127.0.0.1, at the project root, with its kernel.

Before Lab starts, the project's kernel is located or registered and the settings override that makes a
double-click on a jupytext `.py` notebook open it as a notebook (overrides.json beside this module) is
installed into the environment's JupyterLab settings (`<prefix>/share/jupyter/lab/settings/overrides.d/`).
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from analysis import atomic, paths
from analysis.errors import PipelineError

DEFAULT_PORT = 8888
OVERRIDES = Path(__file__).with_name("overrides.json")
SETTINGS_NAME = "muni-it-workbench.json"


def settings_dir(prefix: str | Path | None = None) -> Path:
    """JupyterLab's app settings folder of an environment (where `overrides.d/` is read from)."""
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings"


def install_settings(prefix: str | Path | None = None) -> Path:
    """Write the project's settings override into the environment; PipelineError when it cannot."""
    target = settings_dir(prefix) / "overrides.d" / SETTINGS_NAME
    text = json.dumps(json.loads(OVERRIDES.read_text(encoding="utf-8")), indent=2) + "\n"
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(target, text)
    except OSError as exc:
        raise PipelineError(f"cannot write JupyterLab's settings: {exc.strerror or exc}", file=target,
                            valid="a writable environment (a venv); or open notebooks with "
                                  "'Open With → Jupytext Notebook'") from None
    return target


def setup() -> list[Path]:
    """Everything Lab needs from this environment: the kernel and the settings override."""
    from analysis.pipeline import kernelspec

    return [kernelspec.ensure(), install_settings()]


def lab_command(root: Path, host: str, port: int, open_browser: bool) -> list[str]:
    """JupyterLab at the project root, this port only, the project's kernel as the default."""
    from analysis.pipeline.kernelspec import KERNEL_NAME

    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.ip={host}", f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}",
           f"--MappingKernelManager.default_kernel_name={KERNEL_NAME}", "--LabApp.default_url=/lab/tree/notebooks"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI run as root; Lab refuses to start without this
    return cmd + ([] if open_browser else ["--no-browser"])


def wait_until_listening(proc: subprocess.Popen, host: str, port: int, timeout: float = 120.0) -> None:
    """Return once Lab accepts connections; PipelineError if it exits first or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise PipelineError(f"JupyterLab exited with code {proc.returncode} before serving "
                                "(its log above says why)")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise PipelineError(f"JupyterLab did not answer on {host}:{port} within {timeout:.0f} s")


def serve(host: str = "127.0.0.1", port: int = DEFAULT_PORT, open_browser: bool = True, out=print) -> int:
    """Run JupyterLab until Ctrl-C or SIGTERM (then stop it cleanly, kernels included). Returns 0."""
    from analysis.scenarios.dashboard import raise_interrupt, check_host, check_port, stop

    from analysis.errors import ParameterError

    try:
        host = check_host(host)
    except ParameterError:
        raise ParameterError(f"parameter '--host' is '{host}': JupyterLab serves on the loopback interface only, "
                             "never on a network", valid="127.0.0.1 or localhost") from None
    port = check_port(host, port)
    root = paths.root()
    setup()
    env = {**os.environ, "WORKBENCH_ROOT": str(root)}
    proc = subprocess.Popen(lab_command(root, host, port, open_browser), env=env, cwd=root, start_new_session=True)
    previous = signal.signal(signal.SIGTERM, raise_interrupt)
    try:
        wait_until_listening(proc, host, port)
        out(f"JupyterLab: http://{host}:{port}/lab/tree/notebooks  (the login URL with its token is printed "
            "above; Ctrl-C to stop)", flush=True)
        proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop(proc)
        signal.signal(signal.SIGTERM, previous)
    out("JupyterLab stopped.", flush=True)
    return 0
