"""YAML parsed by libyaml where PyYAML has it (the same safe loader, about eight times faster): the catalogue,
pipeline.yaml and parameter sets are read on every run, one with nothing to do included."""
from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """yaml.safe_load of text, with libyaml's loader when it is installed."""
    return yaml.load(text, Loader=_LOADER)
