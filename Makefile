# The README's two commands: `make reports` and `make test`. Both set up .venv from the lock file first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := muni-it-workbench
JOBS   ?=

.PHONY: reports test venv clean dashboard lock benchmark

reports: $(STAMP)
	$(BIN)/workbench run $(if $(JOBS),--jobs $(JOBS),)

test: $(STAMP)
	$(BIN)/python -m pytest -q

venv: $(STAMP)

# Re-install whenever the lock file or the project metadata changes.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "$(KERNEL)" >/dev/null
	@touch $(STAMP)

dashboard: $(STAMP)
	$(BIN)/workbench dashboard

benchmark: $(STAMP)
	$(BIN)/python benchmarks/pipeline.py
	$(BIN)/python benchmarks/profiles.py
	$(BIN)/python benchmarks/scenario_widgets.py

# Regenerate the lock file after changing dependencies in pyproject.toml (needs uv).
lock:
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 -o requirements.lock

clean: $(STAMP)
	$(BIN)/workbench clean
