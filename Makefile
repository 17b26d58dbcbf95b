# Conecto+ kunskapsportal. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
INSTALLED := $(VENV)/.installed
NODE_INSTALLED := node_modules/.installed
CALCLIENT := .venv-calclient
CALCLIENT_INSTALLED := $(CALCLIENT)/.installed
# Where `make run` serves the site; the Site record, feeds, mails and admin links follow it.
HOST ?= 127.0.0.1
PORT ?= 8000
BASE_URL = http://$(HOST):$(PORT)
# pytest-xdist: TEST_WORKERS processes (`auto`: one per core; 0 runs the suite in this process). `load`
# hands each worker tests in the collected order, in which pytest-django puts the transactional tests
# (live server, browser, concurrency) last: a transactional test empties the database when it ends,
# so no worker may run an ordinary test after one. `worksteal` broke that: a worker that had finished
# its transactional tests took ordinary ones from another's queue and found no home page.
TEST_WORKERS ?= auto
XDIST = -n $(TEST_WORKERS) --dist load
# What the PostgreSQL pass runs: every test that uses the database but the browser tests, and the
# browser tests marked `postgres` (tests/conftest.py marks `database`, tests/e2e/conftest.py `e2e`).
POSTGRES_TESTS = (database and not e2e) or postgres
CLOCK_SHIFT_DAYS ?= 365
BACKUP_DIR ?= backups/$(shell date -u +%Y%m%dT%H%M%SZ)
# The Python files django-upgrade checks (migrations are Django's own output).
PY_SOURCES = manage.py $(shell find accounts bench bookings events followup home learning site tests tools -name '*.py' -not -path '*/migrations/*')

$(INSTALLED): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

# vdirsyncer + khal for the feed tests, in a venv of their own like a real client. A failed build
# (offline machine) does not stop `make test`: the client test is then skipped and says why.
$(CALCLIENT_INSTALLED): requirements-calclient.txt
	@rm -rf $(CALCLIENT)
	@$(PYTHON) -m venv $(CALCLIENT) \
		&& $(CALCLIENT)/bin/python -m pip install --quiet -r requirements-calclient.txt \
		&& touch $@ \
		|| { rm -rf $(CALCLIENT); echo "Could not build $(CALCLIENT): the vdirsyncer/khal feed test will be skipped"; }

$(NODE_INSTALLED): package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	@touch $@

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "Variables: HOST and PORT (run, seed: where the site is served and what its links, feeds and mails"
	@echo "  point to), DATABASE_URL, PYTEST_ARGS, TEST_WORKERS, CLOCK_SHIFT_DAYS, BENCH_ARGS. Every environment"
	@echo "  variable: .env.example."

.PHONY: install
install: $(INSTALLED) ## Create .venv and install the locked dependencies

.PHONY: run
run: $(INSTALLED) ## Migrate, load demo content and serve on http://HOST:PORT (127.0.0.1:8000; make run PORT=8100)
	$(PY) manage.py migrate --no-input
	WAGTAILADMIN_BASE_URL=$(BASE_URL) $(PY) manage.py seed_demo
	@echo "Serving on $(BASE_URL)/ (admin: $(BASE_URL)/admin/)"
	WAGTAILADMIN_BASE_URL=$(BASE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

.PHONY: seed
seed: $(INSTALLED) ## Load the bilingual demo content (safe to run twice; HOST/PORT as for run)
	$(PY) manage.py migrate --no-input
	WAGTAILADMIN_BASE_URL=$(BASE_URL) $(PY) manage.py seed_demo

.PHONY: browser
browser: $(NODE_INSTALLED) ## Install Debian's chromium (when root) and axe-core for the browser tests
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "chromium is missing: browser tests will be skipped"; }

.PHONY: proxy
proxy: ## Install Debian's varnish (when root) for the two-server test (tests/site/test_two_servers.py)
	@command -v varnishd >/dev/null || [ -x /usr/sbin/varnishd ] || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish >/dev/null) || echo "varnish is missing: the two-server test will be skipped"; }

.PHONY: $(CALCLIENT)
$(CALCLIENT): $(CALCLIENT_INSTALLED) ## Create .venv-calclient with vdirsyncer and khal for the feed tests

.PHONY: test
test: $(INSTALLED) browser proxy $(CALCLIENT) ## Run the whole test suite in parallel (SQLite unless DATABASE_URL is set)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

.PHONY: test-postgres
test-postgres: $(INSTALLED) browser proxy $(CALCLIENT) ## The tests that use the database, on PostgreSQL on 127.0.0.1 (no browser tests)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1/test} DJANGO_ALLOW_ASYNC_UNSAFE=true \
		$(PY) -m pytest $(XDIST) -m "$(POSTGRES_TESTS)" $(PYTEST_ARGS)

.PHONY: test-shifted
test-shifted: $(INSTALLED) browser proxy $(CALCLIENT) ## The whole suite with the clock CLOCK_SHIFT_DAYS (365) days ahead: it must pass on any day
	TEST_CLOCK_SHIFT_DAYS=$(CLOCK_SHIFT_DAYS) DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

.PHONY: bench
bench: $(INSTALLED) ## Production-like benchmark at 100, 1,000 and 5,000 events, then the follow-up reports at the funder's scale, into bench/results.md (BENCH_ARGS="--sizes 100", FOLLOWUP_BENCH_ARGS)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && (apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)) || echo "wrk is missing: requests per second come from a Python thread pool"; }
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/followup_reports.py --append bench/results.md $(FOLLOWUP_BENCH_ARGS)

.PHONY: bench-followup
bench-followup: $(INSTALLED) ## Only the follow-up reports at the funder's scale (FOLLOWUP_BENCH_ARGS="--database-url postgres://postgres@127.0.0.1/x")
	$(PY) bench/followup_reports.py $(FOLLOWUP_BENCH_ARGS)


.PHONY: lint
lint: $(INSTALLED) ## The pre-commit checks: ruff, djhtml, django-upgrade, layer contract, no missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/djhtml --check templates
	@echo "$(BIN)/django-upgrade --target-version 5.2 --check <every Python file but migrations>"
	@$(BIN)/django-upgrade --target-version 5.2 --check $(PY_SOURCES)
	$(PY) manage.py makemigrations --check --dry-run

.PHONY: format
format: $(INSTALLED) ## Format the code (ruff) and the templates (djhtml)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

.PHONY: messages
messages: $(INSTALLED) ## Extract translatable strings into locale/sv and compile them
	$(PY) manage.py makemessages --locale sv --ignore ".venv/*" --ignore "node_modules/*" --no-obsolete
	$(PY) manage.py compile_catalogues

.PHONY: check-deploy
check-deploy: $(INSTALLED) ## Django's deployment checks with production settings (needs DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, REDIS_URL or DJANGO_CACHE=database)
	DJANGO_ENV=production $(PY) manage.py check --deploy --fail-level WARNING

.PHONY: clean
clean: ## Remove the virtualenvs, node_modules and the SQLite database
	rm -rf $(VENV) $(CALCLIENT) node_modules db.sqlite3 .test-media staticfiles

.PHONY: loadtest loadtest-smoke
loadtest: $(INSTALLED) ## Mixed load on gunicorn + PostgreSQL + Redis while an editor publishes; checks and bench/loadtest.md (LOADTEST_ARGS)
	$(PY) bench/loadtest.py --database-url "$${DATABASE_URL:-postgres://postgres@127.0.0.1/postgres}" $(LOADTEST_ARGS)
loadtest-smoke: $(INSTALLED) ## The load test at a tiny size in seconds, as CI runs it (report in a temporary file)
	$(PY) bench/loadtest.py --smoke --database-url "$${DATABASE_URL:-postgres://postgres@127.0.0.1/postgres}" --out "$$(mktemp)"

.PHONY: backup restore-check
backup: $(INSTALLED) ## Back up the database (DATABASE_URL) and media into BACKUP_DIR (backups/<date-time>)
	$(PY) tools/backup.py backup $(BACKUP_DIR)
restore-check: $(INSTALLED) ## Restore BACKUP_DIR into a fresh database and media folder and compare with its census
	$(PY) tools/backup.py check $(BACKUP_DIR)

.PHONY: audit
audit: $(INSTALLED) ## pip-audit over the locked dependencies (constraints.txt); skipped with a message when offline
	$(PY) tools/audit.py
