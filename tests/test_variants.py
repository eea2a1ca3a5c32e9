"""A run with --set values that differ from the edition writes its own variant (reports/variants/<name>/…,
listed separately in the index) and leaves the published edition alone unless --publish is given.
Real scenarios notebook on the shipped data (English edition only, to keep it short)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from analysis import cli
from analysis.errors import ParameterError
from analysis.pipeline import variants

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("variants")
    for name in ("pipeline.yaml", "params", "notebooks", "data/raw"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    mp = pytest.MonkeyPatch()
    mp.setenv("WORKBENCH_ROOT", str(root))
    assert cli.main(["run", "--params", "params/en.yaml", "--only", "scenarios", "--jobs", "1"]) == 0
    yield root
    mp.undo()


def test_set_run_writes_a_variant_and_leaves_the_edition_byte_identical(project, capsys):
    published = project / "reports" / "en" / "scenarios.html"
    before = {p: p.read_bytes() for p in [published, published.with_suffix(".pdf")]
              + sorted((project / "reports" / "en" / "scenarios_files").iterdir())}
    capsys.readouterr()
    assert cli.main(["run", "--params", "params/en.yaml", "--set", "members=5", "--only", "scenarios",
                     "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "variants/members-5/en/scenarios" in out and "variant 'members-5': reports/variants/members-5/" in out
    for path, content in before.items():
        assert path.read_bytes() == content, f"{path.relative_to(project)} was replaced"
    variant = project / "reports" / "variants" / "members-5" / "en" / "scenarios.html"
    assert variant.exists() and variant.with_suffix(".pdf").read_bytes()[:5] == b"%PDF-"
    manifest = json.loads((project / "reports" / "run.json").read_text())
    assert manifest["units"]["variants/members-5/en/scenarios"]["params"]["members"] == 5
    assert manifest["units"]["en/scenarios"]["params"]["members"] != 5
    index = (project / "reports" / "index.html").read_text()
    sections = re.findall(r'<section class="edition" id="edition-([^"]+)">', index)
    assert sections == ["en", "variants/members-5/en"]
    assert 'href="variants/members-5/en/scenarios.html"' in index and 'href="en/scenarios.html"' in index
    # the edition is still up to date, the variant is too
    capsys.readouterr()
    assert cli.main(["status", "--json", "--params", "params/en.yaml", "--only", "scenarios"]) == 0
    assert {u["key"]: u["state"] for u in json.loads(capsys.readouterr().out)["units"]}["en/scenarios"] == "fresh"
    assert cli.main(["status", "--json", "--params", "params/en.yaml", "--only", "scenarios",
                     "--set", "members=5"]) == 0
    units = {u["key"]: u for u in json.loads(capsys.readouterr().out)["units"]}
    assert units["variants/members-5/en/scenarios"]["state"] == "fresh"


def test_publish_renders_into_the_edition(project, capsys):
    published = project / "reports" / "en" / "scenarios.html"
    before = published.read_bytes()
    assert cli.main(["run", "--params", "params/en.yaml", "--set", "members=5", "--only", "scenarios", "--publish",
                     "--jobs", "1"]) == 0
    assert published.read_bytes() != before
    manifest = json.loads((project / "reports" / "run.json").read_text())
    assert manifest["units"]["en/scenarios"]["params"]["members"] == 5
    assert manifest["units"]["en/scenarios"]["reason"] == ["params members none→5"]


def test_variant_names():
    assert variants.auto_name(["members=5"]) == "members-5"
    assert variants.auto_name(["scenarios.members=5", "lang=da"]) == "scenarios-members-5_lang-da"
    long = variants.auto_name([f"x{i}=1" for i in range(20)])
    assert long.startswith("v-") and len(long) == 12
    assert variants.choose(["members=5"], None, publish=True) is None
    assert variants.choose([], None, publish=False) is None
    assert variants.choose(["members=5"], "five-members", publish=False) == "five-members"
    with pytest.raises(ParameterError, match="--variant 'Five Members' is not a plain name"):
        variants.choose(["members=5"], "Five Members", publish=False)
