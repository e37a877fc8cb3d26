# The two set-up commands: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
UV_VERSION := 0.13.8
VENV := .venv
PY := $(VENV)/bin/python
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test lint bench install frontend clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --all-extras --python $(PYTHON) --quiet
	@mkdir -p .data
	@touch $@

install: $(VENV)/.installed

## make run: install, start embedded PostgreSQL (unless DATABASE_URL), migrate, seed `demo`, serve :8000
run: install
	$(PY) -m saas.launcher run

## make test: install, lint, type-check, then the whole test suite
test: install lint
	$(PY) -m saas.launcher test

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

## make bench: the benchmarks under bench/, each printing its figures beside its target
bench: install
	$(PY) -m saas.launcher bench

clean:
	rm -rf $(VENV) .tools .data
