# cancuoc — two commands on a fresh machine:
#   make demo   prepare everything and run the demo district on SQLite at http://127.0.0.1:8000
#   make test   prepare everything and run the whole suite on SQLite and on PostgreSQL
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/cancuoc
PYTEST_ARGS ?=

.PHONY: demo test test-sqlite test-postgres setup venv assets chromium postgres lint bench clean

demo: setup
	$(BIN)/cancuoc demo

setup: venv assets

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

# Front-end assets come from the npm registry at build time and are served locally.
assets: cancuoc/static/vendor/.installed

cancuoc/static/vendor/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p cancuoc/static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js cancuoc/static/vendor/
	cp node_modules/chart.js/dist/chart.umd.min.js cancuoc/static/vendor/
	touch $@

# Browser tests drive Debian's Chromium through Playwright (no browser download).
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; echo "PostgreSQL did not start"; exit 1

test: setup chromium postgres
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "== test suite on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest -n 2 $(PYTEST_ARGS)

test-postgres:
	@echo "== test suite on PostgreSQL =="
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 --create-db $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: setup postgres
	$(BIN)/python bench/bench_synth.py
	$(BIN)/python bench/bench_search.py

clean:
	rm -rf $(VENV) node_modules cancuoc/static/vendor var
