# The two set-up commands: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
UV_VERSION := 0.13.8
VENV := .venv
PY := $(VENV)/bin/python
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test lint bench install frontend frontend-test chromium schema clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --all-extras --python $(PYTHON) --quiet
	@mkdir -p .data
	@touch $@

install: $(VENV)/.installed

## make run: install, build the web client when its sources changed, start embedded PostgreSQL
## (unless DATABASE_URL), migrate, seed `demo`, serve :8000
run: install frontend
	$(PY) -m saas.launcher run

## make test: install, lint, type-check, the breaking-schema-change check, web client unit tests and
## build, then the whole test suite (pytest, including the browser end-to-end tests in
## tests/web/test_e2e.py, and tests/api/test_apidocs.py, which renders the API reference)
## TEST_WORKERS: pytest processes (pytest-xdist); 2 suits the 2-core CI machine, 1 runs them in one process
TEST_WORKERS ?= 2
test: install lint frontend-test
	E2E_REQUIRED=1 TEST_WORKERS=$(TEST_WORKERS) $(PY) -m saas.launcher test

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) -m graphql_schema.breaking  # breaking schema changes must be in docs/api/CHANGELOG.md

## make bench: the benchmarks under bench/, each printing its figures beside its target
## (bench_browser drives the built web client in chromium)
bench: install frontend
	$(PY) -m saas.launcher bench

# --- web client (frontend/) ------------------------------------------------------------
# npm ci when the lock file changed; vite build when a source changed; Debian's chromium for
# the end-to-end tests (never a downloaded browser).
WEB := frontend
WEB_SOURCES := $(shell find $(WEB)/src $(WEB)/public $(WEB)/schema -type f -not -path '$(WEB)/src/gql/*' 2>/dev/null) \
	$(WEB)/index.html $(WEB)/vite.config.ts $(WEB)/codegen.ts $(WEB)/tsconfig.json

$(WEB)/node_modules/.installed: $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(WEB)/dist/index.html: $(WEB)/node_modules/.installed $(WEB_SOURCES)
	cd $(WEB) && npm run --silent build

frontend: $(WEB)/dist/index.html

frontend-test: frontend chromium
	cd $(WEB) && npx vitest run

# A CJK font too, so screenshots of the Chinese pages show characters, not boxes. CHROMIUM_PATH
# names another Chromium (the Playwright config and tests/web read it too). Only root installs.
CHROMIUM_PATH ?= /usr/bin/chromium
chromium:
	@test -x "$(CHROMIUM_PATH)" -a -d /usr/share/fonts/truetype/wqy || \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-zenhei; \
		else echo "The browser tests need $(CHROMIUM_PATH) and a CJK font:" \
			"sudo apt-get install chromium fonts-wqy-zenhei (or set CHROMIUM_PATH)" >&2; exit 1; fi

## make schema: export the GraphQL schemas for the web client (then commit frontend/schema/)
schema: install $(WEB)/node_modules/.installed
	$(PY) manage.py export_schema
	cd $(WEB) && npm run --silent codegen

clean:
	rm -rf $(VENV) .tools .data $(WEB)/node_modules $(WEB)/dist
