"""Helpers the report tests share: execute a notebook standalone as the runner would, read what it showed."""
from __future__ import annotations

import json

import pandas as pd
import pytest

REPRS = ("<Axes:", "DataFrame", "Traceback", "<Figure size", "dtype:")


def execute(notebook: str, root, out_dir, lang: str, href: str = "x", **params) -> dict:
    """Run notebooks/<notebook> with papermill against the tables under root; return its findings.json."""
    import jupytext
    import papermill as pm

    from analysis import paths

    nb = jupytext.read(paths.notebooks_dir() / notebook)
    src = out_dir / "in.ipynb"
    jupytext.write(nb, src)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_ROOT", str(root))
        pm.execute_notebook(str(src), str(out_dir / "out.ipynb"), kernel_name="muni-it-workbench",
                            parameters=dict(lang=lang, output_dir=str(out_dir), output_href=href, **params),
                            progress_bar=False, cwd=str(out_dir))
    return json.loads((out_dir / "findings.json").read_text(encoding="utf-8"))


def run_both_langs(notebook: str, root, tmp_path_factory, prefix: str, href: str = "x") -> dict:
    """The notebook executed once in each language: {lang: (out_dir, findings)}."""
    out = {}
    for lang in ("en", "da"):
        d = tmp_path_factory.mktemp(f"{prefix}_{lang}")
        out[lang] = (d, execute(notebook, root, d, lang, href=href))
    return out


def outputs_html(out_dir) -> str:
    """All text and HTML the executed notebook displayed, concatenated."""
    import nbformat

    nb = nbformat.read(out_dir / "out.ipynb", as_version=4)
    return "".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                   + str(o.get("data", {}).get("text/html", ""))
                   for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def check_outputs(out_dir) -> list[str]:
    """Every figure has SVG, PNG, CSV and JSON with a source line; every table CSV + JSON; no Python
    reprs in the executed notebook. Returns the figure names."""
    figures = []
    for meta_path in sorted(out_dir.glob("*.json")):
        if meta_path.name == "findings.json":
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        name = meta["name"]
        assert (out_dir / f"{name}.csv").stat().st_size > 0, name
        assert meta["source_line"].strip(), f"{name} has no source line"
        assert meta["title"].strip()
        rows = pd.read_csv(out_dir / f"{name}.csv")
        assert len(rows) == meta["rows"] > 0, name
        if meta["kind"] != "table":
            figures.append(name)
            for ext in ("svg", "png"):
                assert (out_dir / f"{name}.{ext}").stat().st_size > 1000, f"{name}.{ext}"
    text = outputs_html(out_dir)
    for bad in REPRS:
        assert bad not in text, f"{bad!r} leaked into the report"
    return figures


def by_id(findings: dict) -> dict:
    return {f["id"]: f for f in findings["findings"]}
