# Portail AMI — the two commands a newcomer needs, and a few more.
#   make run    install, migrate, load the AMI and the demo, serve on http://127.0.0.1:8000
#   make test   install the test tools and run the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Links and QR codes in the demo's emails and PDFs point at the port the demo serves.
SITE_URL ?= http://127.0.0.1:$(PORT)
# The demo's own lines (accounts, emails sent, requests) without every background task's log line.
DEMO_LOG_LEVEL ?= WARNING
DEMO_ENV = SITE_URL=$(SITE_URL) LOG_LEVEL=$(DEMO_LOG_LEVEL)
DEMO_DOSSIERS ?= 12
DEMO_STAGE ?= decided
export AMI_ALLOW_DEV_SECRET ?= 1

.PHONY: run setup install install-test audit-tools test test-dates lint messages check-messages worker clean

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

# Run again, `setup` keeps the database and the demo (migrating it after a `git pull`);
# `make clean` removes var/ (database, files, emails) to start over.
setup: install
	@mkdir -p var
	@$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput -v 0
	@$(DEMO_ENV) $(BIN)/python manage.py create_signing_key
	@$(DEMO_ENV) $(BIN)/python manage.py load_ami
	@$(DEMO_ENV) $(BIN)/python manage.py seed_demo --dossiers $(DEMO_DOSSIERS) --stage $(DEMO_STAGE)

run: setup
	@echo "Portail AMI : $(SITE_URL)/  (espace des agents : $(SITE_URL)/gestion/)"
	@echo "Les e-mails envoyés s'affichent sur une ligne ; chacun est écrit en entier dans var/emails/."
	@$(DEMO_ENV) REQUEST_LOG_LEVEL=WARNING DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# PYTEST_ARGS adds pytest options or names tests: make test PYTEST_ARGS=tests/applications/test_submission.py
test: install-test
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# The suite (less the browser journeys, whose Chromium keeps the real clock, and the clock_free
# modules, pure computation that cannot depend on the date) once on each instant of
# tests/clock_dates.txt: a test that passes only on some days fails here. Every instant is run; the
# ones that failed are listed at the end.
test-dates: install-test
	@failed=""; \
	for when in $$(grep -v '^#' tests/clock_dates.txt | cut -d' ' -f1); do \
	  echo "=== clock at $$when ==="; \
	  AMI_TEST_CLOCK=$$when $(BIN)/python -m pytest -n 2 --dist loadfile -q -m "not e2e and not clock_free" $(PYTEST_ARGS) \
	    || failed="$$failed $$when"; \
	done; \
	if [ -n "$$failed" ]; then echo "The suite failed at:$$failed"; exit 1; fi; \
	echo "The suite passed at every instant of tests/clock_dates.txt."

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: install-test
	$(BIN)/python locale/build_catalogue.py

check-messages: install-test
	$(BIN)/python locale/build_catalogue.py --check

worker: install
	TASKS_BACKEND=database $(BIN)/python manage.py run_worker --queue-name="*"

clean:
	rm -rf var
