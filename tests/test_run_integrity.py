"""Runs that cannot corrupt: one run at a time, a manifest that survives damage, Ctrl-C honoured, kernels
that listen on no port and are cleaned up after a killed run (made-up test notebooks; no data needed)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from analysis.pipeline import execute, lock, state

TESTS = Path(__file__).resolve().parent

QUICK_NB = '''\
# %% tags=["parameters"]
seconds = 0.0
# %%
from pipeline_testmodels import SleepParams
P = SleepParams.from_namespace(globals())
print("quick step")
'''

SLOW_NB = '''\
# %% tags=["parameters"]
seconds = 0.0
# %%
from pipeline_testmodels import SleepParams
P = SleepParams.from_namespace(globals())
import time
time.sleep(P.seconds)
print("slept", P.seconds)
'''


def step(sid: str, nb: str) -> str:
    return (f"  - id: {sid}\n    title: Step {sid}\n    notebook: notebooks/{nb}\n"
            f"    model: pipeline_testmodels:SleepParams\n")


def make_project(root: Path, slow: int = 0, seconds: float = 60) -> Path:
    """A project with two quick steps (a, b) and `slow` steps that sleep `seconds` each (made-up notebooks)."""
    (root / "notebooks").mkdir(parents=True)
    (root / "params").mkdir()
    (root / "data" / "raw").mkdir(parents=True)
    (root / "data" / "processed").mkdir(parents=True)
    (root / "notebooks" / "01_quick.py").write_text(QUICK_NB)
    (root / "notebooks" / "02_slow.py").write_text(SLOW_NB)
    (root / "params" / "en.yaml").write_text("lang: en\n")
    text = "editions: [params/en.yaml]\nsteps:\n" + step("a", "01_quick.py") + step("b", "01_quick.py")
    for i in range(slow):
        text += step(f"slow{i}", "02_slow.py")
    (root / "pipeline.yaml").write_text(text)
    if slow:
        params = "lang: en\nsteps:\n" + "".join(f"  slow{i}: {{seconds: {seconds}}}\n" for i in range(slow))
        (root / "params" / "en.yaml").write_text(params)
    return root


def env_for(root: Path) -> dict[str, str]:
    return {**os.environ, "WORKBENCH_ROOT": str(root), "PYTHONPATH": str(TESTS)}


def workbench(root: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis.cli", *args], env=env_for(root), capture_output=True,
                          text=True, timeout=kw.pop("timeout", 300), **kw)


def popen(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "analysis.cli", *args], env=env_for(root),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A project whose two quick reports were published by one run."""
    root = make_project(tmp_path_factory.mktemp("integrity") / "wb")
    done = workbench(root, "run", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    return root


def copy_tree(src: Path, dst: Path) -> Path:
    import shutil
    shutil.copytree(src, dst, symlinks=True)
    return dst


def index_links(root: Path) -> list[str]:
    import re
    return sorted(set(re.findall(r'href="([^"#]+\.html)"', (root / "reports" / "index.html").read_text())))


# ---- one run at a time ---------------------------------------------------------------------------------

HOLD = "import sys, time; from analysis.pipeline.lock import RunLock; l = RunLock().acquire(); " \
       "print('held', flush=True); time.sleep(120)"


def hold_lock(root: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD], env=env_for(root), stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_second_run_is_refused_naming_the_holder_and_changes_nothing(published, tmp_path):
    root = copy_tree(published, tmp_path / "wb")
    manifest = (root / "reports" / "run.json").read_bytes()
    holder = hold_lock(root)
    try:
        done = workbench(root, "run", "--force", "--only", "a")
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"PID {holder.pid}" in lines[0] and "started 20" in lines[0] and "another run" in lines[0]
    assert (root / "reports" / "run.json").read_bytes() == manifest


def test_clean_waits_for_no_run(published, tmp_path):
    root = copy_tree(published, tmp_path / "wb")
    holder = hold_lock(root)
    try:
        done = workbench(root, "clean")
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 2 and f"PID {holder.pid}" in done.stderr
    assert (root / "reports" / "en" / "a.html").exists()


def test_lock_of_a_killed_run_is_taken_over(published, tmp_path):
    root = copy_tree(published, tmp_path / "wb")
    holder = hold_lock(root)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert json.loads((root / "reports" / lock.LOCK_NAME).read_text())["pid"] == holder.pid  # left behind
    done = workbench(root, "run")
    assert done.returncode == 0, done.stderr
    assert f"took over the run lock of PID {holder.pid}" in done.stdout


def test_lock_is_exclusive_within_and_across_processes(published, monkeypatch):
    monkeypatch.setenv("WORKBENCH_ROOT", str(published))
    from analysis.errors import PipelineError

    with lock.RunLock():
        with pytest.raises(PipelineError, match=f"PID {os.getpid()}"):
            lock.RunLock().acquire()
    with lock.RunLock():  # released on exit: taken again
        pass


# ---- a damaged manifest ----------------------------------------------------------------------------------

DAMAGES = {"truncated": lambda raw: raw[: len(raw) // 2], "list": lambda raw: b"[]",
           "wrong shape": lambda raw: b'{"units": [], "runs": {}}', "not utf-8": lambda raw: b"\xff\xfe\x00" + raw}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_damaged_manifest_is_detected_set_aside_and_recovered_from_disk(published, tmp_path, monkeypatch, damage):
    from analysis.pipeline import spec

    root = copy_tree(published, tmp_path / "wb")
    monkeypatch.setenv("WORKBENCH_ROOT", str(root))
    path = root / "reports" / "run.json"
    path.write_bytes(DAMAGES[damage](path.read_bytes()))
    m = state.Manifest()
    assert m.damage and m.data["units"] == {}
    aside = m.set_aside()
    assert aside.name.startswith("run.json.damaged-") and aside.exists() and not path.exists()
    assert m.recover_from_disk(spec.load()) == 2
    assert {k: e["status"] for k, e in m.data["units"].items()} == {"en/a": "recovered", "en/b": "recovered"}
    assert m.data["units"]["en/a"]["title"] and m.data["units"]["en/a"]["lang"] == "en"


def test_truncated_manifest_one_line_and_the_index_is_never_shorter(published, tmp_path):
    root = copy_tree(published, tmp_path / "wb")
    before = index_links(root)
    assert len(before) == 2
    path = root / "reports" / "run.json"
    path.write_bytes(path.read_bytes()[:200])
    done = workbench(root, "run", "--only", "a")
    assert done.returncode == 0, done.stderr
    warned = [ln for ln in done.stdout.splitlines() if ln.startswith("warning:")]
    assert len(warned) == 1 and "reports/run.json" in warned[0] and "set aside as run.json.damaged-" in warned[0]
    assert "Traceback" not in done.stderr + done.stdout
    assert list((root / "reports").glob("run.json.damaged-*"))
    assert index_links(root) == before  # b was not rerun and is still listed
    m = json.loads(path.read_text())
    assert m["units"]["en/a"]["status"] == "ok" and m["units"]["en/b"]["status"] == "recovered"
    again = workbench(root, "run", "--only", "b")  # the recovered report reruns when selected
    assert again.returncode == 0 and "en/b" in again.stdout and "done" in again.stdout


# ---- Ctrl-C, kernels over IPC, leftovers of a killed run -------------------------------------------------

def wait_for(predicate, timeout: float = 120.0, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = predicate()
        if got:
            return got
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def kernels_of(root: Path) -> list[psutil.Process]:
    """The kernel processes of runs of this tree (found through their private runtime folder)."""
    import tempfile
    from analysis.pipeline import run as runmod

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_ROOT", str(root))
        tag = runmod.runtime_tag()
    out = []
    for folder in Path(tempfile.gettempdir()).glob(f"{execute.RUNTIME_PREFIX}{tag}-*"):
        out += [psutil.Process(p) for p in execute.processes_using(folder) if psutil.pid_exists(p)]
    return out


def tcp_listeners(procs: list[psutil.Process]) -> list:
    found = []
    for p in procs:
        try:
            found += [c for c in p.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
        except psutil.Error:
            pass
    return found


def test_ctrl_c_stops_at_once_saves_what_finished_and_no_tcp_port_is_opened(tmp_path):
    root = make_project(tmp_path / "wb", slow=3, seconds=120)
    proc = popen(root, "run", "--jobs", "1")
    try:
        kernels = wait_for(lambda: [k for k in kernels_of(root) if k.is_running()], what="a kernel")
        folder = next(Path(a).parent for a in kernels[0].cmdline() if a.endswith(".json"))
        assert oct(folder.stat().st_mode & 0o777) == "0o700"
        assert json.loads(next(folder.glob("*.json")).read_text())["transport"] == "ipc"
        wait_for(lambda: (root / "reports" / "en" / "b.html").exists(), what="the quick reports")
        time.sleep(2)  # slow0 is now sleeping in its kernel
        assert tcp_listeners([psutil.Process(proc.pid)] + kernels) == []
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)  # Ctrl-C (to the runner only: kernels run in their own sessions)
        out, err = proc.communicate(timeout=60)
        stopped = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert stopped < 30, f"took {stopped:.0f} s to stop (a slow step sleeps 120 s)"
    assert "without encryption" not in err and "Traceback" not in err
    m = json.loads((root / "reports" / "run.json").read_text())
    assert {k: e["status"] for k, e in m["units"].items()} == {"en/a": "ok", "en/b": "ok"}
    assert m["runs"][-1]["interrupted"] is True and m["runs"][-1]["counts"]["interrupted"] == 3
    assert len(index_links(root)) == 2
    assert list((root / "reports" / ".staging").iterdir()) == []
    assert not (root / "reports" / "_failed").exists()
    assert wait_for(lambda: not any(k.is_running() and k.status() != psutil.STATUS_ZOMBIE for k in kernels),
                    timeout=10, what="kernels to stop")


def gone(procs: list[psutil.Process]) -> bool:
    return not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in procs)


def test_next_run_cleans_staging_and_kernels_of_a_killed_run(tmp_path):
    import tempfile
    from analysis.pipeline import run as runmod

    root = make_project(tmp_path / "wb", slow=1, seconds=300)
    proc = popen(root, "run", "--jobs", "1", "--only", "slow0")
    try:
        kernels = wait_for(lambda: [k for k in kernels_of(root) if k.is_running()], what="a kernel")
        wait_for(lambda: list((root / "reports" / ".staging").glob("*")), what="a staging folder")
        time.sleep(1)
    finally:
        proc.kill()  # kill -9 of the run: nothing of ours runs on
        proc.communicate()
    assert list((root / "reports" / ".staging").iterdir())  # left behind by the killed run
    # A kernel that outlived its run (as when the run's parent is not what ipykernel polls): a process in
    # its own session naming a connection file in a runtime folder of this tree.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_ROOT", str(root))
        folder = Path(tempfile.gettempdir()) / f"{execute.RUNTIME_PREFIX}{runmod.runtime_tag()}-999999"
    folder.mkdir(mode=0o700)
    orphan = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)", "-f", str(folder / "k-1.json")],
                              start_new_session=True)
    try:
        done = workbench(root, "run", "--only", "a")
        assert done.returncode == 0, done.stderr
        assert "cleaned up after an earlier run that did not finish: 1 staging folder(s), 1 kernel(s)" \
            in done.stdout, done.stdout
        assert orphan.wait(timeout=10) == -signal.SIGKILL
    finally:
        if orphan.poll() is None:
            orphan.kill()
    assert wait_for(lambda: gone(kernels), timeout=10, what="the killed run's kernel to end")
    assert list((root / "reports" / ".staging").iterdir()) == [] and not folder.exists()


# ---- faults of the machine: disk full, read-only reports/ ----------------------------------------------

@pytest.fixture
def small_reports(tmp_path):
    """A project whose reports/ is a 4 MB tmpfs (needs root, as in CI)."""
    root = make_project(tmp_path / "wb")
    reports = root / "reports"
    reports.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(reports)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield root
    finally:
        subprocess.run(["umount", "-l", str(reports)], check=False)


def snapshot_of(reports: Path) -> dict[str, bytes]:
    return {str(p.relative_to(reports)): p.read_bytes() for p in sorted(reports.rglob("*"))
            if p.is_file() and p.name != "filler"}


def one_error_line(done: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    lines = [ln for ln in done.stderr.splitlines() if not ln.startswith("Passed unknown parameter")]
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    return lines[0]


def test_disk_full_and_read_only_reports_give_one_line_and_keep_the_last_good_run(small_reports):
    root, reports = small_reports, small_reports / "reports"
    assert workbench(root, "run", "--jobs", "1").returncode == 0
    good = snapshot_of(reports)
    assert "en/a.html" in good and "index.html" in good and "run.json" in good

    with open(reports / "filler", "wb") as fh:  # fill the disk
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    done = workbench(root, "run", "--jobs", "1", "--only", "a", "--set", "seconds=0.5")
    assert done.returncode == 1
    line = one_error_line(done)
    assert "No space left on device" in line and "reports/" in line, line
    assert snapshot_of(reports) == good

    (reports / "filler").unlink()
    subprocess.run(["mount", "-o", "remount,ro", str(reports)], check=True)
    nothing = workbench(root, "run", "--jobs", "1")  # nothing new to publish: nothing to write, no error
    assert nothing.returncode == 0, nothing.stderr
    assert "error" not in nothing.stderr
    changed = workbench(root, "run", "--jobs", "1", "--only", "a", "--set", "seconds=0.5")
    assert changed.returncode == 1
    line = one_error_line(changed)
    assert "Read-only file system" in line and "reports" in line, line
    assert snapshot_of(reports) == good
