"""The dashboard process: stops quickly on Ctrl-C or SIGTERM, dies with its parent even on kill -9, and answers
only loopback Host headers and same-origin websockets (the real dashboard over the session's built tables)."""
from __future__ import annotations

import base64
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from analysis.scenarios import voila_main

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def dashboard(built_root, tmp_path):
    """A running `workbench dashboard` (with its printed URL line) over the built tables; stopped after."""
    root = tmp_path / "root"
    root.mkdir()
    (root / "data").symlink_to(built_root / "data")
    (root / "notebooks").symlink_to(REPO / "notebooks")
    (root / "params").mkdir()
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "analysis.cli", "dashboard", "--port", str(port)],
                            env={**os.environ, "WORKBENCH_ROOT": str(root)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert f"http://127.0.0.1:{port}/" in line, line + (proc.stderr.read() if proc.poll() is not None else "")
    try:
        yield proc, port
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)


def get(port: int, path: str = "/", host: str | None = None, headers: dict | None = None, timeout=180):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host or f"127.0.0.1:{port}")
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read().decode(errors="replace")
    conn.close()
    return resp.status, body


def upgrade(port: int, path: str, origin: str) -> int:
    """Status of a websocket handshake (101 = accepted) with the given Origin."""
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nOrigin: {origin}\r\nSec-WebSocket-Key: {key}\r\n"
                   "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        first = s.recv(4096).decode(errors="replace").split("\r\n", 1)[0]
    return int(first.split()[1])


def family(proc: subprocess.Popen) -> list[psutil.Process]:
    return psutil.Process(proc.pid).children(recursive=True)


def gone(procs: list[psutil.Process]) -> bool:
    return not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in procs)


def wait_gone(procs: list[psutil.Process], timeout: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if gone(procs):
            return time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError(f"still running after {timeout} s: {[p.pid for p in procs if p.is_running()]}")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost:1234"])
def test_loopback_hosts_are_allowed(host):
    assert voila_main.host_allowed(host)


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8866", "127.0.0.1.evil.example", "", None,
                                  "localhost.evil", "10.0.0.1:8866"])
def test_other_hosts_are_refused(host):
    assert not voila_main.host_allowed(host)


def test_dns_rebinding_and_cross_origin_websockets_are_refused_and_ctrl_c_stops_everything(dashboard):
    proc, port = dashboard
    assert get(port, host=f"evil.example:{port}")[0] == 403        # DNS rebinding: a foreign Host
    status, page = get(port)                                        # the real page (starts its kernel)
    assert status == 200 and "kernelId" in page
    kernel = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page).group(1)
    channels = f"/api/kernels/{kernel}/channels"
    assert upgrade(port, channels, "http://evil.example") == 403
    assert upgrade(port, channels, f"http://evil.example:{port}") == 403
    assert upgrade(port, channels, f"http://127.0.0.1:{port}") == 101
    procs = family(proc)
    assert any("ipykernel" in " ".join(p.cmdline()) for p in procs), [p.cmdline() for p in procs]
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)                                 # Ctrl-C
    out, _ = proc.communicate(timeout=30)
    took = time.monotonic() - sent
    assert proc.returncode == 0 and "Dashboard stopped." in out
    wait_gone(procs, timeout=5)
    # About 1.5 s on an idle machine (SIGTERM, STOP_GRACE, then SIGKILL for Voilà and its kernels); the bound
    # leaves room for a loaded CI machine and is still below what one SIGINT wait took before (20 s).
    assert took < 10, f"took {took:.1f} s to stop"
    with socket.socket() as s:  # the port is free again
        s.bind(("127.0.0.1", port))


def test_voila_and_its_kernels_die_with_the_dashboard_even_on_kill_9(dashboard):
    proc, port = dashboard
    assert get(port)[0] == 200  # a page, so a kernel runs
    procs = family(proc)
    assert len(procs) >= 2
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    wait_gone(procs, timeout=15)
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
