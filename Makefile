# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# One test process per CPU; pass PYTEST_ARGS to choose (e.g. PYTEST_ARGS="-n 0 tests/plans").
PYTEST_ARGS ?= -n auto

.PHONY: run test check lint format messages venv bench clean

run: venv
	scripts/run.sh

test: venv check
	$(BIN)/pytest $(PYTEST_ARGS)

# Lint, migrations in step with the models, translation catalogue in step with the code.
check: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/check_messages.py

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

lint: venv
	$(BIN)/ruff check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-extract the zh-hans catalogue after changing user-facing strings, translate, then compile.
messages: venv
	$(BIN)/python manage.py makemessages --locale zh_Hans --no-location --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'var/*'
	$(BIN)/python manage.py compilemessages --locale zh_Hans --ignore '.venv/*'

bench: venv
	$(BIN)/python -m bench

clean:
	rm -rf var staticfiles .pytest_cache
