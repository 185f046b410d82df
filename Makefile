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

test: $(VENV)/.test-deps
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
