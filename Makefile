# Joinedup: the task runner. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
JOINEDUP := $(BIN)/python -m joinedup
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: help install assets migrate demo serve test test-sqlite test-postgres lint format bench clean cluster cluster-stop

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Joinedup needs $(PYTHON) (Python 3.11)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) assets ## Create .venv and install Joinedup with its test tools

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

assets: node_modules/.installed ## Build GOV.UK Frontend (system fonts, no crown) into static/
	mkdir -p src/joinedup/static/govuk/assets src/joinedup/static/cytoscape
	rm -rf src/joinedup/static/axe  # axe-core is for the browser tests only: they read node_modules
	npm run --silent build:css
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js src/joinedup/static/govuk/
	rm -rf src/joinedup/static/govuk/assets/images
	cp -r node_modules/govuk-frontend/dist/govuk/assets/images src/joinedup/static/govuk/assets/images
	cp node_modules/cytoscape/dist/cytoscape.min.js src/joinedup/static/cytoscape/

migrate: install ## Apply database migrations to the default database
	$(JOINEDUP) migrate --noinput

demo: migrate ## Install, migrate, load the fictional demo and serve it on http://127.0.0.1:8000
	$(JOINEDUP) load_demo
	JOINEDUP_DEBUG=0 $(JOINEDUP) collectstatic --noinput --verbosity 0
	@echo "Serving on http://$(HOST):$(PORT) with a background worker (Ctrl-C stops both)"
	@trap 'kill 0' EXIT INT TERM; \
	  JOINEDUP_HTTPS=0 $(JOINEDUP) worker & \
	  JOINEDUP_HTTPS=0 JOINEDUP_MFA_REQUIRED=$${JOINEDUP_MFA_REQUIRED:-0} $(BIN)/gunicorn -c deploy/gunicorn.conf.py joinedup.wsgi --bind $(HOST):$(PORT) --workers 3 --threads 4 --access-logfile - ; \
	  wait

test: install ## Run the whole test suite on SQLite, then on PostgreSQL when JOINEDUP_TEST_DATABASE_URL is set
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/lint-imports
	# the SQLite pass keeps the PostgreSQL server's URL for the tests that move data onto it
	JOINEDUP_TEST_POSTGRES_URL="$$JOINEDUP_TEST_DATABASE_URL" JOINEDUP_TEST_DATABASE_URL= $(BIN)/pytest $(PYTEST_ARGS)
	@if [ -n "$$JOINEDUP_TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL ($$JOINEDUP_TEST_DATABASE_URL) =="; \
	  $(BIN)/pytest $(PYTEST_ARGS); \
	else echo "JOINEDUP_TEST_DATABASE_URL is not set: PostgreSQL run skipped"; fi

lint: install ## Check style with ruff (lint and format) and the import contracts (docs/architecture.md)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/lint-imports

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix src tests benchmarks tools
	$(BIN)/ruff format src tests benchmarks tools

bench: install ## Run every benchmark in benchmarks/ (prints figures; never fails on a slow figure)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b $(BENCH_ARGS) || exit 1; done

cluster: install ## Start PostgreSQL, Redis, 2 app nodes, 2 RQ workers and nginx on 127.0.0.1:18080
	bash deploy/cluster/start.sh

cluster-stop: ## Stop exactly what make cluster started (PIDs in var/cluster/*.pid)
	bash deploy/cluster/stop.sh

clean: ## Remove .venv, node_modules and var/: this DELETES the SQLite database and the secret and field keys
	rm -rf $(VENV) node_modules var src/joinedup/static/govuk src/joinedup/static/axe src/joinedup/static/cytoscape
