"""README's "Add a source" recipe followed word by word in a temporary copy: its commands run as written (the
Eurostat API replaced by a local server on 127.0.0.1 replaying the real isoc_ciegi_ac figures of
tests/fixtures/eurostat), its declaration is pasted into a copy of datasets.yaml, and the new table ends up in a
rendered report."""
from __future__ import annotations

import dataclasses
import re
import shlex
import shutil
import textwrap

import pytest
import yaml

from analysis.cli import main
from analysis.data import catalogue
from analysis.data.sources import eurostat
from conftest import REPO
from test_sources_support import FIXTURES, waits  # noqa: F401


@pytest.fixture(scope="session")
def httpserver_listen_address():
    return ("127.0.0.1", 0)


def recipe() -> list[tuple[str, str]]:
    """The fenced blocks of README's 'Add a source' section, in order: (language, text)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Add a source"):]
    section = section[:section.index("\n## ")]
    return [(m.group(1), textwrap.dedent(m.group(2))) for m in
            re.finditer(r"^ *```(\w+)\n(.*?)^ *```", section, re.S | re.M)]


def test_readme_recipe_has_the_steps_this_test_follows():
    kinds = [k for k, _ in recipe()]
    assert kinds == ["sh", "yaml", "sh"]
    assert recipe()[2][1].strip() == "workbench run --only peers"


@pytest.mark.e2e
def test_add_a_source_recipe_ends_with_the_table_in_a_rendered_report(tmp_path, waits, httpserver, monkeypatch,
                                                                     capsys):
    root = tmp_path / "wb"
    for name in ("pipeline.yaml", "params/en.yaml", "params/da.yaml", "notebooks", "data/raw"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, root / name)
    monkeypatch.setenv("WORKBENCH_ROOT", str(root))
    datasets = tmp_path / "datasets.yaml"
    shutil.copy(catalogue.CATALOGUE_FILE, datasets)
    monkeypatch.setattr(catalogue, "CATALOGUE_FILE", datasets)
    monkeypatch.setattr(eurostat, "BASE", httpserver.url_for("/eurostat/data"))
    httpserver.expect_request("/eurostat/data/isoc_ciegi_ac", method="GET", query_string={
        "format": "JSON", "lang": "EN", "indic_is": "I_IUGOV1", "unit": "PC_IND", "ind_type": "IND_TOTAL",
        "geo": "EU27_2020"}).respond_with_data((FIXTURES / "eurostat" / "isoc_ciegi_ac_EU27_I_IUGOV1.json")
                                               .read_bytes(), content_type="application/json")
    (fetch_lang, fetch), (_, declaration), (_, run_cmd) = recipe()

    # 1. fetch, exactly as written
    argv = shlex.split(fetch.strip())
    assert argv[0] == "workbench"
    assert main(argv[1:]) == 0, capsys.readouterr().err
    # 2. the declaration, pasted at the end of (a copy of) datasets.yaml
    with datasets.open("a", encoding="utf-8") as fh:
        fh.write("\n" + declaration)
    name = next(iter(yaml.safe_load(declaration)))
    assert catalogue.get(name).official.table == "isoc_ciegi_ac"
    # 3. the table added to the tables the peers report declares (in-process: the package is not copied)
    from analysis.reports import peers

    monkeypatch.setattr(peers, "REPORT", dataclasses.replace(peers.REPORT, tables=peers.REPORT.tables + (name,)))
    # 4. build and render
    argv = shlex.split(run_cmd.strip())
    assert main(argv[1:]) == 0, capsys.readouterr().err

    from analysis.data import tables
    df = tables.load(name)
    assert list(df["year"]) == [2022, 2023, 2024, 2025]
    assert list(df["value"]) == [50.62, 54.3, 56.19, 57.65]  # Eurostat's published EU27 figures
    assert (df["geo_code"] == "EU27_2020").all() and (df["source_url"] == catalogue.get(name).official.page).all()
    for lang in ("en", "da"):
        html = (root / f"reports/{lang}/peers.html").read_text(encoding="utf-8")
        assert 'href="https://ec.europa.eu/eurostat/databrowser/view/isoc_ciegi_ac/default/table"' in html
        assert ("Eurostat, table isoc_ciegi_ac" if lang == "en" else "Eurostat, tabel isoc_ciegi_ac") in html
        assert "API (127.0.0.1" in html
