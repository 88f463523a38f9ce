# Two set-up commands: `make demo` (install, load the bundled corpus, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOME_DIR ?= instance
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: demo test install install-test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reinstall only when packaging metadata changed.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test,opensearch]'
	touch $(VENV)/.installed $@

# The UI's message catalogues are compiled here, at install, never while serving (the .mo files are committed too).
install: $(VENV)/.installed
	$(BIN)/python -m search_app.catalogues

install-test: $(VENV)/.installed-test
	$(BIN)/python -m search_app.catalogues

demo: install
	$(BIN)/sherloc --home $(HOME_DIR) demo --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest -n auto -q

lint: install-test
	$(BIN)/ruff check .

bench: install-test
	$(BIN)/python bench/ingest_bench.py
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/web_bench.py
	$(BIN)/python bench/hybrid_bench.py
	$(BIN)/python bench/classify_bench.py

clean:
	rm -rf $(VENV) $(HOME_DIR) build *.egg-info
