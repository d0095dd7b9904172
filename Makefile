# Vangnet: two commands for a fresh clone with Python 3.11+ and no database server.
#   make demo   - install, migrate a SQLite demo database, load demo data, run the app
#   make test   - install, lint, check migrations, run the whole test suite (all cores)
# DATABASE_URL, when set, is passed on to the tests (for a PostgreSQL run).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PO := locale/nl/LC_MESSAGES/django.po
MO := locale/nl/LC_MESSAGES/django.mo
PO_PARTS := $(sort $(wildcard locale/nl/parts/*.po))

DEMO_DB := $(CURDIR)/var/demo.sqlite3
DEMO_DB_URL := sqlite:///$(DEMO_DB)
DEMO_ADDR := 127.0.0.1:8000
PYTEST_ARGS ?=
# The suite runs on every core (pytest-xdist); the browser tests stay on one worker.
TEST_WORKERS ?= auto

.PHONY: demo test suite lint format bench messages install clean distclean

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

# Dutch strings live in locale/nl/parts/*.po (one part per area of the app).
$(PO): $(PO_PARTS)
	mkdir -p $(dir $(PO))
	msgcat --use-first -o $@ $(PO_PARTS)

$(MO): $(PO) $(STAMP)
	$(PY) manage.py compilemessages -l nl --ignore=$(VENV) --ignore=node_modules

messages: $(MO)

demo: $(STAMP) $(MO)
	mkdir -p var
	DATABASE_URL=$(DEMO_DB_URL) $(PY) manage.py migrate --noinput
	DATABASE_URL=$(DEMO_DB_URL) $(PY) manage.py seed_demo
	@echo ""
	@echo "Vangnet demo: http://$(DEMO_ADDR)/  (stop with Ctrl-C)"
	DATABASE_URL=$(DEMO_DB_URL) VANGNET_DEMO_WITHOUT_2FA=1 $(PY) manage.py runserver $(DEMO_ADDR)

test: lint suite

# The tests alone (CI's second pass on PostgreSQL runs only these).
suite: $(STAMP) $(MO)
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -p no:cacheprovider -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The load benchmark needs PostgreSQL (BENCH_DATABASE_URL, a database it may drop) and wrk.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/vangnet_bench

bench: $(STAMP) $(MO)
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_load
	$(PY) manage.py bench
	$(PY) manage.py bench_safety_plan
	$(PY) manage.py bench_meetings

# Keeps var/secret_key: the access-log chain of existing databases is keyed with it.
clean:
	rm -f $(PO) $(MO) $(STAMP)
	rm -f var/demo.sqlite3 var/demo.sqlite3-wal var/demo.sqlite3-shm
	rm -rf staticfiles .pytest_cache .ruff_cache *.egg-info build
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
