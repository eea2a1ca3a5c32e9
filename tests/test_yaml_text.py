"""analysis.yaml_text: the same safe YAML as PyYAML's, by libyaml where it is installed."""
from __future__ import annotations

import pytest
import yaml

from analysis import yaml_text
from analysis.data import catalogue


def test_reads_the_catalogue_as_the_pure_python_loader_does():
    text = catalogue.CATALOGUE_FILE.read_text(encoding="utf-8")
    assert yaml_text.safe_load(text) == yaml.safe_load(text)


def test_uses_libyaml_when_pyyaml_has_it():
    assert yaml_text._LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


def test_stays_safe_no_python_objects():
    with pytest.raises(yaml.YAMLError):
        yaml_text.safe_load("!!python/object/apply:os.system ['true']")


def test_a_syntax_error_names_its_line():
    with pytest.raises(yaml.YAMLError) as exc:
        yaml_text.safe_load("a: 1\nb: [2\n")
    assert exc.value.problem_mark.line >= 1
