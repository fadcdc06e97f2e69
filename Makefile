# The two commands of the README:
#   make run    set up, migrate, load the demo content and serve http://127.0.0.1:8000/
#   make test   set up and run the test suite (DATABASE_URL selects PostgreSQL), a worker
#               per CPU; PYTEST_ARGS="-n 0" runs it in one process
VENV ?= .venv
BIN := $(VENV)/bin
export PYTHON
# Python's byte-code cache on, even where the environment turns it off: without it
# every test worker and subprocess compiles the project and rewrites every test
# module's asserts again (about 2 s of CPU per process).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test serve setup lint lock

run: setup
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_demo
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Production: static files collected (hashed, compressed), migrations applied,
# gunicorn with freeiran/gunicorn.py and the task worker beside it (scripts/serve).
# Needs the production settings (docs/deployment.md).
serve: setup
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py migrate --noinput
	VENV=$(VENV) scripts/serve

lint: setup
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/lint-imports

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	@test -x $(BIN)/python || { py=$$(scripts/find-python) && echo "Creating $(VENV) with $$py" && "$$py" -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

# Regenerate the lock of exact versions from pyproject.toml.
lock: setup
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/python -m piptools compile --quiet --strip-extras --extra dev --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml
