# NTM Portal. Quick start: `make run` (serve the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed

.PHONY: run setup test lint format system-deps system-deps-test messages serve worker bandit loadtest

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

# A developer's own .env: a random secret key, so manage.py runs without DEBUG (never committed).
.env:
	@$(BIN)/python -c "import secrets; print('# Written by make setup for this machine; see .env.example.'); print('SECRET_KEY=' + secrets.token_urlsafe(50))" > .env
	@echo "Wrote .env with a random SECRET_KEY."

## setup: everything `run` does except serving; safe to run twice.
setup: $(INSTALLED) system-deps .env
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
	$(BIN)/lint-imports

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## messages: refresh the English catalogue after adding strings (needs GNU gettext).
messages: $(INSTALLED)
	DEBUG=true $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --no-obsolete
	DEBUG=true $(BIN)/python manage.py compilemessages -l en --ignore=.venv

## serve: production serving with gunicorn + whitenoise (DEBUG off; needs SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS).
serve: export STATICFILES_STORAGE ?= core.storage.CompressedManifestStorage
serve: $(INSTALLED) system-deps
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	@echo "NTM Portal (gunicorn): http://$${GUNICORN_BIND:-127.0.0.1:$(PORT)}/"
	PORT=$(PORT) $(BIN)/gunicorn -c scripts/gunicorn.conf.py ntm_portal.wsgi

## worker: a Celery worker for the background jobs (docs/adr/0055), with the beat schedule that deletes old files.
## Needs CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) in the environment or .env, the same as the web process's.
## More workers, on this machine or others: `celery -A ntm_portal worker` (without --beat: one beat in all).
WORKER_CONCURRENCY ?= 2
worker: $(INSTALLED)
	$(BIN)/celery -A ntm_portal worker --beat --concurrency $(WORKER_CONCURRENCY) --loglevel INFO

## bandit: security lint of the project's code (findings are fixed or answered with `# nosec` and a reason).
## CI fails on medium and high findings (BANDIT_LEVEL=medium); `make bandit` lists the low ones too.
## Tests and benchmarks are left out: they check results with assert on purpose.
BANDIT_LEVEL ?= low
bandit: $(INSTALLED)
	$(BIN)/bandit -q -r . -x "./.venv,./staticfiles,./artifacts,./media,./benchmarks,*/tests/*,./conftest.py" --severity-level $(BANDIT_LEVEL)

## loadtest: 20 users for 60 s against gunicorn on 127.0.0.1:8105 with a seeded local PostgreSQL (docs/PERFORMANCE.md).
loadtest: $(INSTALLED)
	$(BIN)/python scripts/load_test.py $(LOADTEST_ARGS)
