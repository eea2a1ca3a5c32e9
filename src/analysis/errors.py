"""User-facing error types: each names the file, row, column or parameter and says what is valid.

The command line prints any WorkbenchError as one line, without a traceback.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path


def close_matches(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Return up to n choices close to word (case-insensitive), best first."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    hits = difflib.get_close_matches(str(word).lower(), list(lowered), n=n, cutoff=0.6)
    return [lowered[h] for h in hits]


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean: a, b?)' suffix, or '' when nothing is close."""
    hits = close_matches(word, choices)
    return f" (did you mean: {', '.join(hits)}?)" if hits else ""


class WorkbenchError(Exception):
    """Base of every error that is the user's to fix; printed as one line."""

    def __init__(self, message: str, *, file: str | Path | None = None, row: int | None = None,
                 column: str | None = None, valid: str | None = None):
        self.message = message
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        self.valid = valid
        super().__init__(self.format())

    def format(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.valid:
            text += f" (valid: {self.valid})"
        return text


class DataError(WorkbenchError):
    """A raw or processed data file is malformed, inconsistent or fails its schema."""


class ParameterError(WorkbenchError):
    """A parameter (name, type or value) is not valid for a step or model."""


class PipelineError(WorkbenchError):
    """The pipeline file, a step or a run is misconfigured."""


class FetchError(WorkbenchError):
    """A live source answered with an error, an unusable body or not at all."""


class StepFailed(WorkbenchError):
    """A notebook failed while executing; names the step, cell and error."""
