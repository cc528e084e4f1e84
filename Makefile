# Zorgportaal — `make run` (demo on SQLite, Celery eager) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APPS := accounts dashboards excel_intake gp_accessibility parent_portal client_portal registration messaging questionnaires
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
TEST_WORKERS ?= 2

.PHONY: run test install lint format bench messages chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: install
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python manage.py migrate --noinput
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python manage.py seed_demo
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python manage.py runserver 127.0.0.1:8000

# Browser tests use Debian's Chromium (a Playwright browser download does not work here).
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get install -y -qq chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)); \
	  else \
	    echo "chromium is missing: run 'sudo apt-get install -y chromium' for the browser tests" >&2; exit 1; \
	  fi; \
	fi

test: install chromium
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pip-audit --skip-editable --progress-spinner off

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Source strings are Dutch; the nl catalogue repeats them, the en catalogue translates them.
# Needs GNU gettext (xgettext, msgen); the compiled .mo files are committed.
messages: install
	$(BIN)/python manage.py makemessages -l nl -l en --no-obsolete --no-location \
	  $(foreach app,$(APPS),-i "$(app)/*") -i ".venv/*" -i "tests/*" -i "bench/*"
	@for app in $(APPS); do \
	  if [ -d $$app ]; then mkdir -p $$app/locale; \
	    (cd $$app && DJANGO_SETTINGS_MODULE=portal.settings PYTHONPATH=.. ../$(BIN)/django-admin \
	      makemessages -l nl -l en --no-obsolete --no-location); fi; \
	done
	@for po in locale/nl/LC_MESSAGES/django.po */locale/nl/LC_MESSAGES/django.po; do \
	  msgen --no-wrap "$$po" -o "$$po"; done
	$(BIN)/python manage.py compilemessages -i ".venv" -i "node_modules"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts
