"""One package per report: `analysis/reports/<id>/`.

Each package's `__init__.py` holds `REPORT`, what the runner needs to know about it (and nothing heavy,
so planning a run imports no pandas): its parameter model, the processed tables it reads (declared here
once), its foreach values and any extra page. Beside it: `params.py` (the model), `compute.py` (pure
functions, tables in, frames and numbers out), `page.py` (text and figures, shown by the notebook) and
`text.yaml` (its Danish and English words).
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field

from analysis.errors import DataError, PipelineError, suggest


@dataclass(frozen=True)
class Report:
    """What a report package declares to the runner."""

    id: str
    model: str                                  # "module:Class", a StepParams subclass
    tables: tuple[str, ...]                     # every processed table the report reads
    foreach: str | None = None                  # a parameter: one report per value
    foreach_values: str | None = None           # "module:function" returning those values
    extra_pages: tuple[str, ...] = field(default_factory=tuple)  # "module:function(reports_dir)"

    def load(self, name: str):
        """A processed table this report declared; an undeclared one is an error, so the runner's
        staleness checks and the sources appendix never miss a table."""
        if name not in self.tables:
            raise DataError(f"report '{self.id}' reads table '{name}' but does not declare it"
                            f"{suggest(name, self.tables)}", file=f"analysis/reports/{self.id}/__init__.py",
                            valid=", ".join(self.tables))
        from analysis.data import tables

        return tables.load(name)


def ids() -> list[str]:
    """Every report package."""
    from analysis import reports

    return sorted(m.name for m in pkgutil.iter_modules(reports.__path__) if m.ispkg)


def get(report_id: str) -> Report:
    """The REPORT of analysis.reports.<report_id>; an unknown id is a PipelineError with close matches."""
    known = ids()
    if report_id not in known:
        raise PipelineError(f"unknown report '{report_id}'{suggest(report_id, known)}", file="pipeline.yaml",
                            valid=", ".join(known))
    return importlib.import_module(f"analysis.reports.{report_id}").REPORT
