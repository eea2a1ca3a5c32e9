"""Where the project's folders are. WORKBENCH_ROOT moves the whole tree (tests use a temporary copy)."""
from __future__ import annotations

import os
from pathlib import Path

_DEFAULT_ROOT = Path(__file__).resolve().parents[2]


def root() -> Path:
    """The project root: $WORKBENCH_ROOT if set, else the checkout this package lives in."""
    return Path(os.environ.get("WORKBENCH_ROOT", _DEFAULT_ROOT)).resolve()


def raw_dir() -> Path:
    return root() / "data" / "raw"


def processed_dir() -> Path:
    return root() / "data" / "processed"


def reports_dir() -> Path:
    return root() / "reports"


def params_dir() -> Path:
    return root() / "params"


def notebooks_dir() -> Path:
    return root() / "notebooks"
