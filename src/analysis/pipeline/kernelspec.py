"""The project's Jupyter kernel: located before a run starts kernels, registered for this Python on first use.

A `pip install .` brings no kernelspec with it; without this, papermill dies with a long NoSuchKernel traceback.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from analysis.errors import PipelineError

KERNEL_NAME = "muni-it-workbench"


def find(name: str = KERNEL_NAME) -> Path | None:
    """The folder of the kernelspec `name` whose interpreter exists, or None."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        return None
    exe = spec.argv[0] if spec.argv else ""
    return Path(spec.resource_dir) if exe and (Path(exe).is_file() or shutil.which(exe)) else None


def register(name: str = KERNEL_NAME) -> Path:
    """Install the kernelspec `name` for this interpreter into sys.prefix (the venv), as `make venv` does."""
    try:
        from ipykernel.kernelspec import install
    except ImportError:
        raise PipelineError(f"the Jupyter kernel '{name}' is missing and ipykernel is not installed in "
                            f"{sys.prefix}", valid=f"{sys.executable} -m pip install ipykernel") from None
    try:
        return Path(install(kernel_name=name, display_name=name, prefix=sys.prefix))
    except OSError as exc:
        raise PipelineError(f"the Jupyter kernel '{name}' is missing and could not be registered in "
                            f"{sys.prefix}: {exc.strerror or exc}",
                            valid=f"{sys.executable} -m ipykernel install --user --name {name}") from None


def ensure(name: str = KERNEL_NAME) -> Path:
    """The kernelspec folder of `name`, registering it for this interpreter when none is found."""
    return find(name) or register(name)
