"""Report packages and layering: the runner takes each report's model, tables and pages from its package
and names no report; a report reads only tables it declares; imports run one way, without circles or
private names."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from analysis import reports
from analysis.data import tables
from analysis.errors import DataError, PipelineError
from analysis.pipeline import spec

SRC = Path(reports.__file__).resolve().parents[1]
ROOT = SRC.parents[1]
RUNNER = ("analysis.pipeline", "analysis.cli")


def test_every_notebook_step_names_a_report_and_takes_its_declarations():
    pipeline = spec.load()
    for step in pipeline.steps.values():
        if step.notebook is None:
            continue
        assert step.report, f"step '{step.id}' names no report"
        rep = reports.get(step.report)
        assert (step.model, step.tables, step.foreach, step.foreach_values) == \
            (rep.model, list(rep.tables), rep.foreach, rep.foreach_values)
        assert issubclass(step.model_class(), __import__("analysis.params").params.StepParams)
    assert pipeline.steps["profiles"].extra_pages == ["analysis.reports.profiles.index_page:write"]


def test_the_runner_names_no_report():
    for path in (SRC / "pipeline").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for rid in reports.ids():
            assert not re.search(rf"[\"']{rid}[\"']", text), f"{path.name} names report '{rid}'"


def test_a_step_declaring_tables_beside_its_report_is_an_error(tmp_path):
    path = tmp_path / "pipeline.yaml"
    path.write_text("steps:\n  - id: spend\n    notebook: notebooks/01_it_spend.py\n    report: spend\n"
                    "    tables: [dk_population]\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="tables come from report 'spend'"):
        spec.load(path)
    path.write_text("steps:\n  - id: spend\n    notebook: notebooks/01_it_spend.py\n    report: spnd\n",
                    encoding="utf-8")
    with pytest.raises(PipelineError, match="unknown report 'spnd' .did you mean: spend"):
        spec.load(path)


def test_loading_an_undeclared_table_is_an_error():
    rep = reports.get("spend")
    with pytest.raises(DataError, match="report 'spend' reads table 'un_egov_egdi' but does not declare it"):
        rep.load("un_egov_egdi")


def report_files(rid: str) -> list[Path]:
    """A report's package and the notebook that shows it."""
    notebooks = [nb for nb in (ROOT / "notebooks").glob("*.py")
                 if f"analysis.reports.{rid}" in nb.read_text("utf-8")]
    return list((SRC / "reports" / rid).rglob("*.py")) + notebooks


@pytest.mark.parametrize("rid", reports.ids())
def test_a_report_names_only_tables_it_declares(rid):
    known = set(tables.table_names())
    declared = set(reports.get(rid).tables)
    assert declared <= known, f"{rid} declares unknown tables {declared - known}"
    named = set()
    for f in report_files(rid):
        for node in ast.walk(ast.parse(f.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and node.value in known:
                named.add(node.value)
    assert named <= declared, f"{rid} reads tables it does not declare: {sorted(named - declared)}"


# --- the import graph --------------------------------------------------------------------------

def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> tuple[dict[str, set[str]], list[tuple[str, str]]]:
    """module -> analysis modules it imports (anywhere in the file); and (module, private name) imports."""
    modules = {module_name(p): p for p in SRC.rglob("*.py")}
    graph, private = {}, []
    for mod, path in modules.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    deps.add(full if full in modules else node.module)
                    if alias.name.startswith("_"):
                        private.append((mod, full))
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name.startswith("analysis")}
        graph[mod] = {d for d in deps if d in modules}
    return graph, private


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            comp = []
            while True:
                top = stack.pop()
                on.discard(top)
                comp.append(top)
                if top == node:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for node in graph:
        if node not in index:
            visit(node)
    return out


# Commands that sit above the runner (they start it or its kernels), like the command line itself.
COMMANDS = {"analysis.__main__", "analysis.lab.server", "analysis.data.refresh"}


def test_nothing_below_the_runner_imports_it():
    graph, _ = import_graph()
    offenders = {m: sorted(d for d in deps if d.startswith(RUNNER)) for m, deps in graph.items()
                 if not m.startswith(RUNNER) and m not in COMMANDS}
    assert not {m: d for m, d in offenders.items() if d}


def test_no_private_name_is_imported_across_modules():
    assert import_graph()[1] == []


def test_no_import_circles_outside_the_data_layer():
    # analysis.data's table lookup still imports its cleaners (tables -> clean -> reference -> tables);
    # the dataset catalogue that removes that circle is issue 11's. Every other package must be acyclic.
    found = cycles(import_graph()[0])
    assert all(all(m.startswith("analysis.data") for m in comp) for comp in found), found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_figures_never_import_the_data_layer():
    # figures receive ready source lines (analysis.provenance) and shapes from the report that declared the table
    graph, _ = import_graph()
    offenders = {m: sorted(d for d in deps if d.startswith("analysis.data")) for m, deps in graph.items()
                 if m.startswith("analysis.figures")}
    assert not {m: d for m, d in offenders.items() if d}
