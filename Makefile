# Two commands for a fresh machine with Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHATR := $(BIN)/chatr

.PHONY: demo test check install install-test lock serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs exactly the pinned versions, then the project itself without resolving again.
$(VENV)/.installed: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/base.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements/test.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
	$(CHATR) compile-translations

install-test: $(VENV)/.installed-test
	$(CHATR) compile-translations

demo: install
	$(CHATR) migrate --noinput
	$(CHATR) seed-demo
	@echo "Serving http://127.0.0.1:8000 (Ctrl+C stops)"
	SECURE=0 $(CHATR) serve --with-worker

test: install-test
	$(BIN)/pytest $(PYTEST_ARGS)

check: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=config.test $(BIN)/python manage.py makemigrations --check --dry-run

# Re-pin after changing dependencies in pyproject.toml.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-header --no-emit-index-url --no-emit-find-links -o requirements/base.txt pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-header --no-emit-index-url --no-emit-find-links --extra test -c requirements/base.txt -o requirements/test.txt pyproject.toml

clean:
	rm -rf $(VENV) var/static
