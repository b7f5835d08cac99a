# Portail AMI — the two commands a newcomer needs, and a few more.
#   make run    install, migrate, load the AMI and the demo, serve on http://127.0.0.1:8000
#   make test   install the test tools and run the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_DOSSIERS ?= 12
DEMO_STAGE ?= decided
export AMI_ALLOW_DEV_SECRET ?= 1

.PHONY: run setup install install-test audit-tools test test-fast lint messages check-messages checks worker e2e-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt

install-test: $(BIN)/python audit-tools
	$(BIN)/pip install --quiet -r requirements-test.txt

# axe-core and the Nu HTML Checker for the accessibility and HTML audits (tests/e2e/a11y.py), pinned
# in tests/e2e/tools/package-lock.json. Without npm the audits skip locally (CI installs npm).
AUDIT_TOOLS := tests/e2e/tools/node_modules/.package-lock.json
audit-tools: $(AUDIT_TOOLS)
$(AUDIT_TOOLS): tests/e2e/tools/package.json tests/e2e/tools/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd tests/e2e/tools && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm is missing: the accessibility and HTML audits will be skipped (apt-get install npm)"; fi

setup: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_ami
	$(BIN)/python manage.py seed_demo --dossiers $(DEMO_DOSSIERS) --stage $(DEMO_STAGE)

run: setup
	@echo "Portail AMI: http://127.0.0.1:$(PORT)/  (staff area: http://127.0.0.1:$(PORT)/gestion/)"
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-test
	$(BIN)/python -m pytest -n 2 --dist loadfile

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: install-test
	$(BIN)/python locale/build_catalogue.py

check-messages: install-test
	$(BIN)/python locale/build_catalogue.py --check

worker: install
	TASKS_BACKEND=database $(BIN)/python manage.py db_worker

clean:
	rm -rf var
