"""Notebooks diff cleanly: no outputs committed, one `parameters` cell each, every numbered notebook in the pipeline."""
import json
from pathlib import Path

import jupytext
import yaml

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"


def test_ipynb_files_carry_no_outputs():
    for path in NOTEBOOKS.glob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "code":
                assert not cell.get("outputs"), f"{path.name} cell {i} has outputs"
                assert cell.get("execution_count") is None, f"{path.name} cell {i} has an execution count"


def test_each_pipeline_notebook_has_one_parameters_cell_then_validation():
    steps = yaml.safe_load((REPO / "pipeline.yaml").read_text())["steps"]
    for step in (s for s in steps if s.get("notebook")):
        nb = jupytext.read(REPO / step["notebook"])
        code = [c for c in nb.cells if c.cell_type == "code"]
        tagged = [i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{step['notebook']}: {len(tagged)} parameters cells"
        after = code[tagged[0] + 1].source
        assert ".from_namespace(globals())" in after, f"{step['notebook']}: derive after injection first"


def test_every_numbered_notebook_is_in_the_pipeline():
    steps = yaml.safe_load((REPO / "pipeline.yaml").read_text())["steps"]
    listed = {Path(s["notebook"]).name for s in steps if s.get("notebook")}
    numbered = {p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.py")}
    assert numbered == listed
