# closeknit: `make run` serves the product on one box; `make test` runs every test on SQLite and PostgreSQL.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/closeknit
AXE    := tests/browser/axe/node_modules/axe-core/axe.min.js
# The Spanish catalog, compiled from its .po (the .mo is built, never committed).
MO     := locale/es/LC_MESSAGES/django.mo

# The instants the suite must also pass at: a Saturday (still Friday in the Americas), a Sunday night
# (already Monday east of London), a minute before each 2027 DST change (US, then EU) so the run crosses
# it, and the last twenty minutes of a year. The PostgreSQL run starts at PG_CLOCK; `make test-dates`
# runs SQLite at each of CLOCKS. Together they cover all five without a sixth whole run.
PG_CLOCK ?= 2026-12-06T23:30:00Z
CLOCKS ?= 2026-12-05T02:30:00Z 2027-03-14T06:59:00Z 2027-03-28T00:59:00Z 2026-12-31T23:40:00Z
# The browser tests run under the first of them too (the Saturday: a weekday-relative demo once broke there).
# They are most of the suite's time, so the other clocks run everything else.
BROWSER_CLOCK ?= 2026-12-05T02:30:00Z

.PHONY: run test test-sqlite test-postgres test-dates services lint bench clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(AXE) | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

# axe-core for the accessibility crawl (tests/browser/test_accessibility.py), pinned by its lock file and
# installed like the Python packages: an install step, never a fetch while the tests run.
$(AXE): tests/browser/axe/package.json tests/browser/axe/package-lock.json
	npm ci --prefix tests/browser/axe --no-audit --no-fund --silent
	touch $@

$(MO): locale/es/LC_MESSAGES/django.po | $(BIN)/python
	$(BIN)/python manage.py compilemessages -l es --ignore=.venv --ignore=node_modules --ignore=data >/dev/null

# After marking new words in a template or in code: gather them into the catalog, then write their Spanish.
messages: $(VENV)/.dev
	$(BIN)/python manage.py makemessages -l es --no-location --no-obsolete

run: $(VENV)/.runtime $(MO)
	PORT=$(PORT) $(BIN)/python manage.py runbox --port $(PORT)

# Browser tests need Debian's chromium (never a downloaded browser), report tests pdftotext (poppler-utils);
# the suite needs PostgreSQL and Redis up.
services:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null) || true
	@command -v pdftotext >/dev/null || (apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null)
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done

test: $(VENV)/.dev services $(MO)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy closeknit
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run >/dev/null
	@echo "== SQLite =="
	$(BIN)/pytest -q -n 2 --dist loadfile
	@echo "== PostgreSQL, clock at $(PG_CLOCK) (the browser tests drive pages and scripts; they ran on SQLite above) =="
	CLOSEKNIT_TEST_CLOCK=$(PG_CLOCK) DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n 2 --dist loadfile -m "not browser"
	$(MAKE) --no-print-directory test-dates

test-sqlite: $(VENV)/.dev $(MO)
	$(BIN)/pytest -q -n 2 --dist loadfile

test-postgres: $(VENV)/.dev services $(MO)
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n 2 --dist loadfile

# The suite must pass whatever the date: run it again with the clock set to each of CLOCKS (tests/clock.py).
# Tests marked slow (the schemathesis fuzzers, the generated API client, the kill -9 and live key-rotation
# servers, the accessibility crawl) are left out here: they read no
# clock, and they are the slowest part of a run.
test-dates: $(VENV)/.dev $(MO)
	@for t in $(CLOCKS); do \
		echo "== SQLite, clock at $$t =="; \
		CLOSEKNIT_TEST_CLOCK=$$t $(BIN)/pytest -q -n 2 --dist loadfile -m "not slow and not browser" || exit 1; \
	done
	@echo "== SQLite, browser tests, clock at $(BROWSER_CLOCK) =="
	CLOSEKNIT_TEST_CLOCK=$(BROWSER_CLOCK) $(BIN)/pytest -q -n 2 --dist loadfile -m "browser and not slow"

lint: $(VENV)/.dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy closeknit && $(BIN)/lint-imports

bench: $(VENV)/.dev services
	$(BIN)/python bench/checkin_load.py

clean:
	rm -rf $(VENV) data

# Issue 17, item 3: seeds a throwaway PostgreSQL database (closeknit_bench_scale) with 1,000,000 people and
# measures the reminder sweep, Today and the caseload at that size (bench/README.md). SCALE=0.01 runs small.
.PHONY: bench-scale
SCALE ?= 1
bench-scale: $(VENV)/.dev services
	$(BIN)/python bench/scale.py --scale $(SCALE)
