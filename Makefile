# The README's two commands: `make reports` and `make test`. Both set up .venv from the lock file first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv
UV_VERSION := 0.13.9
STAMP  := $(VENV)/.installed
KERNEL := muni-it-workbench
JOBS   ?=
PORT   ?= 8888

.PHONY: reports test venv clean dashboard lab lock benchmark

# Python caches compiled modules (.pyc, in .venv and the git-ignored __pycache__ folders) unless told not to;
# this machine's environment tells it not to (PYTHONDONTWRITEBYTECODE=1), and uv installs none. Then every
# process (the runner, each kernel and PDF worker, each test's subprocess) compiles pandas, matplotlib and the
# rest from source again: 2.1 to 2.3 core-s a process. make's commands cache them, as Python does by default.
export PYTHONDONTWRITEBYTECODE :=

reports: $(STAMP)
	$(BIN)/workbench run $(if $(JOBS),--jobs $(JOBS),)

test: $(STAMP)
	$(BIN)/python -m pytest -q

venv: $(STAMP)

# uv itself, in the project's venv (so `make lock` works on a fresh clone too).
$(UV):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Re-install whenever the lock file or the project metadata changes. Every download is checked against the
# lock's sha256 hashes.
$(STAMP): requirements.lock pyproject.toml | $(UV)
	$(UV) pip install --quiet --python $(BIN)/python --require-hashes -r requirements.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "$(KERNEL)" >/dev/null
	$(BIN)/workbench lab --setup >/dev/null
	@touch $(STAMP)

dashboard: $(STAMP)
	$(BIN)/workbench dashboard

lab: $(STAMP)
	$(BIN)/workbench lab --port $(PORT)

benchmark: $(STAMP)
	$(BIN)/python benchmarks/pipeline.py
	$(BIN)/python benchmarks/profiles.py
	$(BIN)/python benchmarks/scenario_widgets.py

# Regenerate the lock file (with hashes) and environment.yml after changing dependencies in pyproject.toml.
lock: | $(UV)
	$(UV) pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes -o requirements.lock
	$(BIN)/python scripts/environment_from_lock.py

clean: $(STAMP)
	$(BIN)/workbench clean
