"""Where the project's folders are: the folder holding pipeline.yaml, found as Kedro and DVC find theirs.

WORKBENCH_ROOT overrides the search (tests use a temporary copy); otherwise the working directory and the
folders above it are searched, then the checkout this package was installed from (an editable install).
"""
from __future__ import annotations

import os
from pathlib import Path

MARKER = "pipeline.yaml"
_CHECKOUT = Path(__file__).resolve().parents[2]  # src/analysis/paths.py -> the checkout (editable installs)


def find_root(start: str | Path | None = None) -> Path | None:
    """The nearest folder at or above start (default: the working directory) that holds pipeline.yaml."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    return None


def _resolve(override: str | None, cwd: str) -> Path:
    if override:
        return Path(override).resolve()
    found = find_root(cwd) or (_CHECKOUT if (_CHECKOUT / MARKER).is_file() else None)
    if found is None:
        from analysis.errors import PipelineError

        raise PipelineError(f"no {MARKER} in {cwd} or any folder above it, so this is not a workbench project",
                            valid="run workbench inside the project folder (a clone of muni-it-workbench), "
                                  "or set WORKBENCH_ROOT=/path/to/project")
    return found


def root() -> Path:
    """The project root: $WORKBENCH_ROOT if set, else the nearest folder with pipeline.yaml (see find_root)."""
    try:
        cwd = os.getcwd()
    except FileNotFoundError:  # the working directory was removed
        cwd = "/"
    return _resolve(os.environ.get("WORKBENCH_ROOT") or None, cwd)


def raw_dir() -> Path:
    return root() / "data" / "raw"


def processed_dir() -> Path:
    return root() / "data" / "processed"


def reports_dir() -> Path:
    return root() / "reports"


def params_dir() -> Path:
    return root() / "params"


def scratch_dir() -> Path:
    """Where a notebook run outside the runner (JupyterLab) writes its files; ignored by git."""
    return root() / "scratch"


def notebooks_dir() -> Path:
    return root() / "notebooks"
