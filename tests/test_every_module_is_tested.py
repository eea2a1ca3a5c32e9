"""Every module of src/analysis is exercised by a test: a test imports it or names it, or it is reached only
through a command, a notebook or another module and INDIRECT names the test that drives that path, with a
text of that test which shows it. A new module without a test fails here."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SRC = ROOT / "src" / "analysis"

# module -> (test file, text in it that drives the module's path)
INDIRECT = {
    "analysis.data.clean.api": ("test_sources_statbank.py", "statbank"),
    "analysis.data.clean.catalogue": ("test_data_build.py", "catalogue_"),
    "analysis.data.clean.crosscheck": ("test_data_found.py", "verbatim"),
    "analysis.data.clean.reference": ("test_data_build.py", "dk_municipalities"),
    "analysis.data.clean.tidy": ("test_data_badinput.py", "tidy"),
    "analysis.data.cli": ("test_data_build.py", "main(["),
    "analysis.lab.cli": ("test_lab.py", '"lab"'),
    "analysis.pipeline.cli": ("test_pipeline_status.py", "cli.main("),
    "analysis.pipeline.ipc_kernel": ("test_run_integrity.py", "no_tcp_port_is_opened"),
    "analysis.scenarios.cli": ("test_dashboard_lifecycle.py", "dashboard"),
    "analysis.reports.scenarios": ("test_e2e.py", "run.run()"),
}


def modules() -> list[str]:
    out = []
    for p in SRC.rglob("*.py"):
        parts = list(p.relative_to(SRC.parent).with_suffix("").parts)
        out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(out)


def named_by_tests() -> set[str]:
    """Modules a test or benchmark imports, or names in a string ('analysis.x:f', 'analysis.x')."""
    refs: set[str] = set()
    for f in list(TESTS.rglob("*.py")) + list((ROOT / "benchmarks").rglob("*.py")):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
                refs |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
            elif isinstance(node, ast.Import):
                refs |= {a.name for a in node.names}
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("analysis"):
                refs.add(node.value.split(":")[0])
    return refs


def reached_through_notebooks() -> set[str]:
    """Report packages whose notebooks the tests execute (tests/reports/<id>/ or the end-to-end run)."""
    return {f"analysis.reports.{d.name}" for d in (TESTS / "reports").iterdir() if d.is_dir()}


def test_every_module_is_named_by_a_test_or_reached_through_one():
    named = named_by_tests()
    notebooks = reached_through_notebooks()
    missing = [m for m in modules() if m not in named and m not in INDIRECT
               and not any(m == r or m.startswith(r + ".") for r in notebooks)]
    assert not missing, f"modules no test exercises (add a test, or a line to INDIRECT): {missing}"


@pytest.mark.parametrize("module", sorted(INDIRECT))
def test_each_indirect_path_is_really_in_its_test(module):
    assert module in modules(), f"{module} no longer exists: remove it from INDIRECT"
    test, evidence = INDIRECT[module]
    assert evidence in (TESTS / test).read_text(encoding="utf-8"), f"{test} does not contain {evidence!r}"
