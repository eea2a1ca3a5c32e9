"""`workbench new report NAME`: scaffold a report in the one report shape, so adding one is a command and a
test run.

Writes `src/analysis/reports/<name>/` (`__init__.py` with REPORT, params.py, compute.py, page.py, text.yaml),
`notebooks/NN_<name>.py`, `tests/reports/<name>/test_<name>.py`, and appends the step to `pipeline.yaml`,
from the templates in `analysis/templates/new_report/`. Nothing is written unless every check passes; each
file is written whole (temporary file and rename).
"""
from __future__ import annotations

import keyword
import re
from pathlib import Path
from string import Template

from analysis import atomic, paths
from analysis.errors import ParameterError, PipelineError, suggest

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "new_report"
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{1,29}$")
DEFAULT_TABLE = "dk_population"
NEEDED_COLUMNS = ("year", "geo_level", "value", "unit", "indicator", "geo_code")  # what the skeleton reads
PACKAGE_FILES = {"__init__.py": "__init__.py.tmpl", "params.py": "params.py.tmpl", "compute.py": "compute.py.tmpl",
                 "page.py": "page.py.tmpl", "text.yaml": "text.yaml.tmpl"}


def register(subparsers) -> None:
    """Add `new report NAME [--table T] [--title TEXT]`."""
    p = subparsers.add_parser("new", help="scaffold a new report (package, notebook, pipeline step, test)",
                              description="Scaffold a new part of the project in its usual shape.")
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    r = kinds.add_parser("report", help="scaffold a report package, its notebook, its pipeline step and its test",
                         description="Scaffold src/analysis/reports/NAME/, notebooks/NN_NAME.py, "
                                     "tests/reports/NAME/ and a pipeline.yaml step; then run "
                                     "`workbench run --only NAME` and its test.")
    r.add_argument("name", help="report id: lower-case letters, digits and _ (e.g. it_staff)")
    r.add_argument("--table", default=DEFAULT_TABLE,
                   help="processed table the skeleton reads (default %(default)s)")
    r.add_argument("--title", help="step title in pipeline.yaml (default: from the name)")
    r.set_defaults(func=run)


def run(args) -> int:
    written = scaffold(args.name, table=args.table, title=args.title)
    root = paths.root()
    for path in written:
        print(f"wrote {path.relative_to(root)}")
    test = next(p for p in written if p.name.startswith("test_"))
    print(f"next: workbench run --only {args.name}   and   pytest {test.relative_to(root)} -q")
    return 0


def check_name(name: str, root: Path) -> str:
    """The name if it can be a new report id; ParameterError naming what is valid otherwise."""
    from analysis.pipeline import spec
    from analysis import reports

    if not NAME_RE.match(name or "") or keyword.iskeyword(name):
        raise ParameterError(f"report name '{name}' is not usable as a package name",
                             valid="2-30 lower-case letters, digits and _, starting with a letter (e.g. it_staff)")
    taken = set(reports.ids()) | set(spec.load(root / "pipeline.yaml").steps)
    if name in taken:
        raise ParameterError(f"report name '{name}' is taken by an existing report or step",
                             valid="a new name, not " + ", ".join(sorted(taken)))
    return name


def check_table(table: str) -> str:
    """The table if the skeleton can read it (declared, with whole-country rows by year); ParameterError else."""
    from analysis.data import tables

    known = tables.table_names()
    if table not in known:
        raise ParameterError(f"parameter '--table': unknown table '{table}'{suggest(table, known)}",
                             valid="a processed table listed by `workbench data verify`")
    df = tables.load(table)
    missing = [c for c in NEEDED_COLUMNS if c not in df.columns]
    if missing or not (df["geo_level"] == "country").any():
        why = f"has no column '{missing[0]}'" if missing else "has no whole-country rows (geo_level 'country')"
        raise ParameterError(f"parameter '--table': table '{table}' {why}, which the skeleton reads",
                             valid=f"a tidy table with whole-country rows by year, e.g. {DEFAULT_TABLE}")
    return table


def next_notebook(root: Path, name: str) -> Path:
    """notebooks/NN_<name>.py with NN one above the highest number in use."""
    numbers = [int(m.group(1)) for p in (root / "notebooks").glob("*.py") if (m := re.match(r"(\d\d)_", p.name))]
    return root / "notebooks" / f"{max(numbers, default=0) + 1:02d}_{name}.py"


def pipeline_step(name: str, title: str, notebook: Path, root: Path) -> str:
    """The pipeline.yaml entry of the new step (appended as text, so the file's comments stay)."""
    return (f"\n  - id: {name}\n    title: {title}\n    notebook: {notebook.relative_to(root).as_posix()}\n"
            f"    report: {name}\n    depends_on: [data]\n")


def render(template: str, fields: dict[str, str]) -> str:
    return Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(fields)


def scaffold(name: str, table: str = DEFAULT_TABLE, title: str | None = None, root: Path | None = None) -> list[Path]:
    """Write the new report's files and its pipeline step; returns the paths written."""
    root = Path(root or paths.root())
    package = root / "src" / "analysis" / "reports"
    if not package.is_dir():
        raise PipelineError("no src/analysis/reports/ here: scaffold a report in a checkout of the project",
                            file=root)
    name = check_name(name, root)
    table = check_table(table)
    title = (title or name.replace("_", " ").capitalize()).strip()
    if not title or "\n" in title or ":" in title:
        raise ParameterError(f"parameter '--title' is {title!r}", valid="one line of text without ':'")
    notebook = next_notebook(root, name)
    test = root / "tests" / "reports" / name / f"test_{name}.py"
    fields = {"name": name, "table": table, "title": title, "notebook": notebook.name}
    files = {package / name / out: render(src, fields) for out, src in PACKAGE_FILES.items()}
    files[notebook] = render("notebook.py.tmpl", fields)
    files[test] = render("test.py.tmpl", fields)
    clash = [p for p in files if p.exists()]
    if clash:
        raise ParameterError(f"'{clash[0].relative_to(root)}' exists already", file=clash[0],
                             valid="a report name whose files do not exist yet")
    spec_path = root / "pipeline.yaml"
    spec_text = spec_path.read_text(encoding="utf-8")
    for path, text in files.items():
        atomic.write_text(path, text)
    atomic.write_text(spec_path, spec_text.rstrip("\n") + "\n" + pipeline_step(name, title, notebook, root))
    return [*files, spec_path]
