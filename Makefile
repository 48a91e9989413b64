# needsfirst: `make run` sets everything up and serves the demo; `make test` runs every check.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
LOCAL := DJANGO_SETTINGS_MODULE=needsfirst.web.config.settings.local
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install migrate demo serve test lint types imports pytest messages openapi bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(LOCAL) $(PY) manage.py migrate --no-input --verbosity 0
	$(LOCAL) $(PY) manage.py collectstatic --no-input --verbosity 0

demo: migrate
	$(LOCAL) $(PY) manage.py load_demo

serve:
	@echo "needsfirst is at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	$(LOCAL) $(PY) manage.py runserver --noreload $(HOST):$(PORT)

run: demo serve

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

types: install
	$(BIN)/mypy

imports: install
	$(BIN)/lint-imports

pytest: install
	$(BIN)/pytest -n 2 -p no:randomly

test: lint types imports pytest

messages: install
	$(PY) scripts/extract_law_strings.py
	$(LOCAL) $(PY) manage.py makemessages --all --ignore='.venv/*' --ignore='var/*' --ignore='tests/*' --ignore='bench/*' --no-obsolete
	$(LOCAL) $(PY) manage.py compilemessages --ignore='.venv/*'

openapi: install
	$(LOCAL) $(PY) manage.py spectacular --file docs/openapi.yaml --validate

bench: install
	$(PY) bench/screening.py

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
