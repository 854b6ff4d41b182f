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
# `make up` puts Debian's nginx (deploy/nginx.conf) in front of gunicorn, which listens on this socket.
NGINX ?= $(shell command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
GUNICORN_SOCKET ?= $(abspath var/run/gunicorn.sock)
NGINX_PREFIX ?= $(abspath var/nginx)

export VIRTUAL_ENV_BIN := $(abspath $(BIN))

RUN_STAMP := $(VENV)/.run-installed
TEST_STAMP := $(VENV)/.test-installed
# The outside checkers the suite runs (the Nu HTML Checker), pinned by tools/package-lock.json.
VNU_JAR := tools/node_modules/vnu-jar/build/dist/vnu.jar
# Exact versions with their hashes, renewed by `make lock` from the ranges in pyproject.toml.
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
LOCK_VENV := .venv-lock
PIP_COMPILE := $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

.PHONY: run up nginx lock test lint bench bench-reminders messages screenshots clean help

help:
	@echo "make run    – Portal mit Demodaten auf http://$(HOST):$(PORT) (SQLite, ohne Redis)"
	@echo "make up     – dasselbe mit PostgreSQL und Redis ($(PG_URL), $(REDIS_URL))"
	@echo "make test   – alle Tests"
	@echo "make lock   – requirements*.lock (Versionen mit Hashes) aus pyproject.toml erneuern"
	@echo "make bench  – Durchsatz der wichtigsten Seiten im Verhältnis zu einer Minimal-View"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Only what the lock names, each file checked against its hash; then the project itself, without its
# dependencies; `pip check` then fails if pyproject.toml asks for something the lock lacks (run `make lock`).
$(RUN_STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/pip check || { echo "$(LOCK) passt nicht zu pyproject.toml: bitte 'make lock' ausführen"; exit 1; }
	touch $@

$(TEST_STAMP): pyproject.toml $(TEST_LOCK) $(VNU_JAR) | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(TEST_LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/pip check || { echo "$(TEST_LOCK) passt nicht zu pyproject.toml: bitte 'make lock' ausführen"; exit 1; }
	touch $(RUN_STAMP) $@

$(VNU_JAR): tools/package.json tools/package-lock.json
	npm ci --prefix tools --no-audit --no-fund --loglevel=error
	touch $@

# Renew both locks from pyproject.toml: keeps each pinned version that is still allowed and resolves what
# was added or changed; `make lock LOCK_ARGS=--upgrade` takes the newest allowed version of everything.
# The test lock is constrained by the runtime lock, so both install the same version of a shared package.
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && \
		$(LOCK_VENV)/bin/pip install --quiet 'pip-tools>=7.4,<8'; }
	$(PIP_COMPILE) --output-file $(LOCK) pyproject.toml
	$(PIP_COMPILE) --extra test --constraint $(LOCK) --output-file $(TEST_LOCK) pyproject.toml

run: export DEBUG ?= 1
run: export PORT := $(PORT)
# Links in mails lead to the server actually started (`make run PORT=8101`), not to a default port. Set here,
# not from PORT in settings: honcho gives the worker and beat ports of their own.
run: export SITE_URL ?= http://$(HOST):$(PORT)
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
up: export SITE_URL ?= http://$(HOST):$(PORT)
up: export BEHIND_PROXY ?= 1
up: export NGINX := $(NGINX)
up: export GUNICORN_SOCKET := $(GUNICORN_SOCKET)
up: export NGINX_PREFIX := $(NGINX_PREFIX)
up: $(RUN_STAMP) nginx
	$(BIN)/python manage.py ensure_database
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	mkdir -p $(dir $(GUNICORN_SOCKET))
	$(BIN)/python manage.py render_nginx_conf --listen $(HOST):$(PORT) --prefix $(NGINX_PREFIX)
	@echo ""
	@echo "Portal: http://$(HOST):$(PORT)/  – nginx, gunicorn, PostgreSQL, Redis, Celery-Worker und Beat"
	$(BIN)/honcho --procfile Procfile start

# Debian's nginx package, installed when it is missing (as root, or through sudo).
nginx:
	@if [ ! -x "$(NGINX)" ]; then \
	  echo "nginx fehlt – installiere Debians Paket nginx"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx >/dev/null; \
	fi

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
	rm -rf $(VENV) $(LOCK_VENV) staticfiles var db.sqlite3 *.egg-info
