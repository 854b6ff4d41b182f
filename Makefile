# The two set-up commands are `make run` and `make test`; everything else here serves them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# `make up` talks to these (override on the command line or in the environment).
PG_URL ?= postgres://postgres@127.0.0.1:5432/ihk_office
REDIS_URL ?= redis://127.0.0.1:6379/0
REDIS_CACHE_URL ?= redis://127.0.0.1:6379/1

export VIRTUAL_ENV_BIN := $(abspath $(BIN))

RUN_STAMP := $(VENV)/.run-installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: run up test lint bench bench-reminders messages screenshots clean help

help:
	@echo "make run    – Portal mit Demodaten auf http://$(HOST):$(PORT) (SQLite, ohne Redis)"
	@echo "make up     – dasselbe mit PostgreSQL und Redis ($(PG_URL), $(REDIS_URL))"
	@echo "make test   – alle Tests"
	@echo "make bench  – Durchsatz der wichtigsten Seiten im Verhältnis zu einer Minimal-View"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(RUN_STAMP) $@

run: export DEBUG ?= 1
run: export PORT := $(PORT)
run: $(RUN_STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "Portal: http://$(HOST):$(PORT)/   (Strg+C beendet Web, Worker und Beat)"
	@echo ""
	$(BIN)/honcho --procfile Procfile.dev start

up: export DEBUG ?= 1
up: export DATABASE_URL ?= $(PG_URL)
up: export CELERY_BROKER_URL ?= $(REDIS_URL)
up: export CACHE_URL ?= $(REDIS_CACHE_URL)
up: export EMAIL_URL ?= consolemail://
up: export PORT := $(PORT)
up: $(RUN_STAMP)
	$(BIN)/python manage.py ensure_database
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@echo "Portal: http://$(HOST):$(PORT)/  – PostgreSQL, Redis, gunicorn, Celery-Worker und Beat"
	$(BIN)/honcho --procfile Procfile start

test: $(TEST_STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/bandit -q -c pyproject.toml -r ihk_office companies consultations committees events

bench: $(TEST_STAMP)
	$(BIN)/python -m tests.bench.run $(BENCH_ARGS)

bench-reminders: $(TEST_STAMP)
	$(BIN)/python -m tests.bench.reminders

messages: $(TEST_STAMP)
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=var --ignore=docs
	$(BIN)/python manage.py compilemessages --ignore=.venv

screenshots: $(TEST_STAMP)
	IHK_SCREENSHOTS=1 $(BIN)/pytest -m browser -q

clean:
	rm -rf $(VENV) staticfiles var db.sqlite3 *.egg-info
