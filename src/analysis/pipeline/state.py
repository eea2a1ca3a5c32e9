"""Input hashes, the run manifest and the staleness rule: a step reruns exactly when an input changed."""
from __future__ import annotations

import ast
import functools
import hashlib
import html as htmllib
import json
import os
import re
import threading
from importlib import metadata
from pathlib import Path
from typing import Any

from analysis import atomic, paths

PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # src/analysis
KEY_PACKAGES = ("pandas", "numpy", "matplotlib", "papermill", "nbconvert", "weasyprint", "pandera", "pyarrow")
# Files that shape every rendered report (execution, sources appendix, HTML and PDF), whichever modules a
# notebook imports.
RENDER_FILES = ("pipeline/render.py", "pipeline/execute.py", "pipeline/kernels.py", "pipeline/run.py", "house.yaml")

_hash_cache: dict[tuple[str, int, int], str] = {}
_hash_lock = threading.Lock()
_ast_lock = threading.Lock()


def file_hash(path: str | Path) -> str:
    """sha256 of a file's bytes, cached per (path, mtime, size) within a process."""
    path = Path(path)
    st = path.stat()
    key = (str(path), st.st_mtime_ns, st.st_size)
    with _hash_lock:
        if key in _hash_cache:
            return _hash_cache[key]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with _hash_lock:
        _hash_cache[key] = digest
    return digest


def text_hash(value: Any) -> str:
    """sha256 of a JSON-serialisable value in canonical form."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def tree_hash(folder: Path) -> str:
    """One hash over every file below folder (names and contents)."""
    parts = [(str(p.relative_to(folder)), file_hash(p)) for p in sorted(folder.rglob("*")) if p.is_file()]
    return text_hash(parts)


def module_file(name: str) -> Path | None:
    """The source file of an `analysis.*` module or package, or None if it is not ours."""
    if name == "analysis":
        return PACKAGE_ROOT / "__init__.py"
    if not name.startswith("analysis."):
        return None
    rel = Path(*name.split(".")[1:])
    for cand in (PACKAGE_ROOT / rel.with_suffix(".py"), PACKAGE_ROOT / rel / "__init__.py"):
        if cand.exists():
            return cand
    return None


def imported_modules(source: str, current: str | None = None) -> set[str]:
    """`analysis.*` modules a piece of Python source imports (relative imports resolved against current)."""
    try:
        with _ast_lock:  # ast.parse is not thread-safe on CPython 3.11 (recursion-depth SystemError)
            tree = ast.parse(source)
    except SyntaxError:
        return set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level and current:
                is_pkg = module_file(current) is not None and module_file(current).name == "__init__.py"
                pkg = current.split(".") if is_pkg else current.split(".")[:-1]
                pkg = pkg[: len(pkg) - (node.level - 1)]
                base = ".".join(pkg + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return {m for m in found if module_file(m)}


# "<module>:<sha256 of its file>" -> the `analysis` modules it imports. Filled from and saved to the manifest,
# so a run with nothing changed parses no file.
IMPORT_CACHE: dict[str, list[str]] = {}


def module_imports(name: str, path: Path) -> list[str]:
    """The `analysis` modules one module imports, cached by the file's hash."""
    key = f"{name}:{file_hash(path)}"
    hit = IMPORT_CACHE.get(key)
    if hit is None:
        hit = sorted(imported_modules(path.read_text(encoding="utf-8"), name))
        with _hash_lock:
            IMPORT_CACHE[key] = hit
    return hit


# (package folder, source) -> (its closure, the files hashed for it): a run asks for the same closures dozens of
# times (each step's model, once per parameter lookup); an answer is reused while every file it hashed is unchanged.
_CLOSURES: dict[tuple[str, str], tuple[dict[str, str], list[tuple[Path, str]]]] = {}


def module_closure(source: str) -> dict[str, str]:
    """Every `analysis` module reachable by imports from source, with its file hash (parents included)."""
    key = (str(PACKAGE_ROOT), source)
    hit = _CLOSURES.get(key)
    if hit is not None and _unchanged(hit[1]):
        return dict(hit[0])
    todo = list(imported_modules(source))
    seen: dict[str, str] = {}
    files: list[tuple[Path, str]] = []
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        f = module_file(name)
        if f is None:
            continue
        seen[name] = file_hash(f)
        files.append((f, seen[name]))
        for words in sorted(f.parent.glob("*.yaml")) if f.name == "__init__.py" or name == "analysis.i18n" else ():
            seen[f"{name}:{words.name}"] = file_hash(words)  # text catalogues: editing a word reruns the report
            files.append((words, seen[f"{name}:{words.name}"]))
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        todo.extend(module_imports(name, f))
    closure = dict(sorted(seen.items()))
    _CLOSURES[key] = (closure, files)
    return dict(closure)


def _unchanged(files: list[tuple[Path, str]]) -> bool:
    """True when every file still has the hash it had (one stat each: file_hash is cached by stat)."""
    try:
        return all(file_hash(f) == digest for f, digest in files)
    except OSError:  # a file gone
        return False


def current_import_cache() -> dict[str, list[str]]:
    """The import cache without entries for files that have since changed or gone (what the manifest keeps)."""
    out = {}
    for key, mods in IMPORT_CACHE.items():
        name, _, sha = key.rpartition(":")
        f = module_file(name)
        if f is not None and f.exists() and file_hash(f) == sha:
            out[key] = mods
    return out


def package_versions() -> dict[str, str]:
    """The installed versions of the packages that shape every report ("absent" for one not installed)."""
    return dict(_installed_versions())


@functools.lru_cache(maxsize=1)
def _installed_versions() -> dict[str, str]:
    """Looked up once a process: each lookup scans the installed distributions' metadata."""
    out = {}
    for name in KEY_PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def render_hash() -> str:
    """Hash of the renderer and its templates: a change there re-renders every report."""
    files = [PACKAGE_ROOT / f for f in RENDER_FILES if (PACKAGE_ROOT / f).exists()]
    tpl = PACKAGE_ROOT / "templates"
    return text_hash([file_hash(f) for f in files] + ([tree_hash(tpl)] if tpl.exists() else []))


class Manifest:
    """reports/run.json: per unit its input hashes, outputs, status, duration and per-cell timings.

    A manifest that cannot be read (truncated, not UTF-8, not the expected shape) is never used silently:
    `damage` says why, `set_aside()` renames it with a timestamp and `recover_from_disk()` lists the reports
    still on disk so that the index stays complete.
    """

    def __init__(self, path: Path | None = None):
        self.path = path or paths.reports_dir() / "run.json"
        self.lock = threading.Lock()
        self.data: dict[str, Any] = {"units": {}, "runs": []}
        self.damage: str | None = None
        if self.path.exists() or self.path.is_symlink():
            try:
                self.data = parse_manifest(self.path.read_bytes())
            except ValueError as exc:
                self.damage = str(exc)
            except OSError as exc:
                self.damage = f"cannot be read ({exc.strerror})"

    def set_aside(self) -> Path | None:
        """Rename a damaged manifest to run.json.damaged-<UTC time>; the new path, or None if it stays."""
        import datetime as dt

        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        try:
            os.replace(self.path, target)
        except OSError:
            return None
        return target

    def recover_from_disk(self, pipeline) -> int:
        """Entries (status 'recovered', so stale) for reports on disk the manifest lost; how many were found."""
        from analysis import layout

        reports = paths.reports_dir()
        found = 0
        for sid, step in pipeline.steps.items():
            if not step.notebook:
                continue
            if step.foreach:
                pattern = f"{sid}/*/*.html"
            else:
                pattern = f"*/{sid}.html"
            for html in sorted(reports.glob(pattern)):
                if html.name == "index.html":
                    continue
                rel = html.relative_to(reports).with_suffix("")
                edition = rel.parts[1] if step.foreach else rel.parts[0]
                foreach = rel.parts[2] if step.foreach else None
                key = f"{edition}/{sid}" + (f"/{foreach}" if foreach else "")
                if key in self.data["units"] or edition.startswith((".", "_")):
                    continue
                stem = layout.report_stem(sid, edition, foreach)
                self.data["units"][key] = {"status": "recovered", "step": sid, "edition": edition,
                                           "stem": stem, "foreach": foreach, **_report_facts(html)}
                found += 1
        return found

    def entry(self, key: str) -> dict[str, Any] | None:
        return self.data["units"].get(key)

    def is_fresh(self, key: str, inputs: dict[str, Any]) -> bool:
        """True when the unit last succeeded with exactly these inputs and its outputs still exist."""
        e = self.entry(key)
        if not e or e.get("status") != "ok" or e.get("inputs") != inputs:
            return False
        return all((paths.root() / o).exists() for o in e.get("outputs", []))

    def changed(self, key: str, inputs: dict[str, Any]) -> list[str]:
        """Which inputs differ from the last successful run ('new' when there was none): why a unit reruns."""
        e = self.entry(key)
        if not e or "inputs" not in e:
            return ["new"]
        out = []
        for name, value in inputs.items():
            old = e["inputs"].get(name)
            if isinstance(value, dict) and isinstance(old, dict):
                out += [f"{name}:{k}" for k in sorted(set(value) | set(old)) if value.get(k) != old.get(k)]
            elif value != old:
                out.append(name)
        return out or (["outputs missing"] if e.get("status") == "ok" else [f"last {e.get('status')}"])

    def record(self, key: str, entry: dict[str, Any]) -> None:
        with self.lock:
            self.data["units"][key] = entry
            self.save()

    def add_run(self, summary: dict[str, Any]) -> None:
        with self.lock:
            self.data["runs"] = (self.data["runs"] + [summary])[-20:]
            self.save()

    def save(self) -> None:
        """Write the whole manifest (after every unit, so an interrupted run leaves a true one). Compact JSON:
        with an indent, json encodes in pure Python, 3x slower, and 209 units wrote 1.3 MB each (5 core-s)."""
        atomic.write_text(self.path, json.dumps(self.data, sort_keys=True, default=str))


def parse_manifest(raw: bytes) -> dict[str, Any]:
    """The manifest's data from its bytes; ValueError saying what is wrong (one line) when it is damaged."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"is not UTF-8 (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"is not valid JSON ({exc.msg} at line {exc.lineno}; truncated?)") from None
    if not isinstance(data, dict):
        raise ValueError(f"is a JSON {type(data).__name__}, not an object with 'units' and 'runs'")
    units, runs = data.setdefault("units", {}), data.setdefault("runs", [])
    if not isinstance(units, dict) or not all(isinstance(e, dict) for e in units.values()):
        raise ValueError("has 'units' that is not a mapping of unit entries")
    if not isinstance(runs, list):
        raise ValueError("has 'runs' that is not a list")
    for name in ("foreach", "models", "imports"):
        if name in data and not isinstance(data[name], dict):
            raise ValueError(f"has '{name}' that is not a mapping")
    return data


def _report_facts(html: Path) -> dict[str, Any]:
    """Title, language and date of a rendered report, read from the file itself."""
    import datetime as dt

    head = html.read_text(encoding="utf-8", errors="replace")[:4000]
    title = re.search(r"<title>(.*?)</title>", head, re.S)
    lang = re.search(r'<html[^>]*\blang="([a-z]{2})"', head)
    mtime = dt.datetime.fromtimestamp(html.stat().st_mtime, dt.timezone.utc)
    outputs = [str(p.relative_to(paths.root())) for p in (html, html.with_suffix(".pdf")) if p.exists()]
    return {"title": htmllib.unescape(title.group(1).strip()) if title else None, "lang": lang.group(1) if lang else None,
            "finished": mtime.isoformat(timespec="seconds"), "outputs": outputs, "params": {}}
