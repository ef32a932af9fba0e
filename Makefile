# NTM Portal. Quick start: `make run` (serve the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed

.PHONY: run setup test lint format system-deps system-deps-test messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(INSTALLED)

system-deps:
	@bash scripts/system-deps.sh run

system-deps-test:
	@bash scripts/system-deps.sh test

## setup: everything `run` does except serving; safe to run twice.
setup: $(INSTALLED) system-deps
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py seed_portal --demo-accounts

run: setup
	@echo "NTM Portal: http://127.0.0.1:$(PORT)/"
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(INSTALLED) system-deps-test
	$(BIN)/python -m pytest

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## messages: refresh the English catalogue after adding strings (needs GNU gettext).
messages: $(INSTALLED)
	DEBUG=true $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --no-obsolete
	DEBUG=true $(BIN)/python manage.py compilemessages -l en --ignore=.venv
