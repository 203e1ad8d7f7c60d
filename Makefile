# Two commands do everything on a fresh clone (Python ≥ 3.11 and the package registries):
#   make run   — install, migrate, load the demo province, print the admin login, serve :8000
#   make test  — install what the tests need and run the whole suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint messages bench clean

$(VENV)/.installed-run: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[pg]"
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-run
	$(BIN)/python -m pip install -q -e ".[pg,test]"
	touch $@

run: $(VENV)/.installed-run
	DEBUG=1 $(BIN)/quantriet migrate --noinput
	DEBUG=1 $(BIN)/quantriet demo --if-empty
	DEBUG=1 $(BIN)/quantriet ensure-admin
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	DEBUG=1 $(BIN)/quantriet db_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=1 $(BIN)/quantriet runserver $(HOST):$(PORT) --noreload

test: $(VENV)/.installed-test
	$(BIN)/pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

# Refresh the Vietnamese catalogue after changing user-facing strings (needs GNU gettext).
messages: $(VENV)/.installed-run
	cd quantriet && DEBUG=1 ../$(BIN)/quantriet makemessages -l vi --no-obsolete --no-location
	cd quantriet && DEBUG=1 ../$(BIN)/quantriet compilemessages -l vi

clean:
	rm -rf $(VENV) var
