# Front door for a fresh clone: `make site` builds the site, `make test` runs the tests.
# Both set up a local virtual environment from the pinned requirements on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site serve test clean

site: $(VENV)/.build-deps
	$(BIN)/invoke build

serve: $(VENV)/.build-deps
	$(BIN)/invoke livereload

test: $(VENV)/.test-deps node_modules/.package-lock.json
	$(BIN)/python -m pytest

clean: $(VENV)/.build-deps
	$(BIN)/invoke clean

$(VENV)/.build-deps: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements.txt requirements-test.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $(VENV)/.build-deps $@

# Test-only tools from npm (axe-core, the W3C Nu checker), pinned in package-lock.json.
# Without npm the gates that need them skip (and fail in CI).
node_modules/.package-lock.json: package-lock.json
	if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund; \
	else echo "npm not found: the accessibility and HTML-validity gates will be skipped"; fi
