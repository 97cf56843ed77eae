# gpai-tui: two commands on a fresh machine. `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
WORKBOOK ?= workbooks/example.toml

.PHONY: run test lint imports typecheck pytest soak bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,web]'
	touch $(STAMP) $(TEST_STAMP)

# A fresh copy in the user state folder: exploring and saving never touch the tracked
# example (the tests depend on it). Edit a real workbook with `gpai open FILE`.
run: $(STAMP)
	$(BIN)/gpai open --scratch $(WORKBOOK)

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

imports: $(TEST_STAMP)
	$(BIN)/lint-imports

typecheck: $(TEST_STAMP)
	$(BIN)/mypy --strict src

# Six workers on two cores: the Pilot, git and subprocess tests spend much of their time
# waiting (Pilot sleeps between its idle checks), so more workers than cores keep both
# cores busy. Measured on this machine (Dec 2026): -n 4 244-283 s, -n 6 226 s, -n 8 251 s.
# Bytecode is cached even where the environment says PYTHONDONTWRITEBYTECODE (this machine
# and CI do): each worker and each `gpai` subprocess a test starts would compile the
# package (and pytest rewrite the test modules) again, ~20% of the CPU of git and CLI tests.
TEST_ENV := PYTHONDONTWRITEBYTECODE=
pytest: $(TEST_STAMP)
	$(TEST_ENV) $(BIN)/pytest -q -n 6

# The long runs: every injection payload alone, kill-during-save and fuzz soaks, the
# 200-round save race, pre-commit's real try-repo.
soak: $(TEST_STAMP)
	$(TEST_ENV) $(BIN)/pytest -q -n 6 --soak

test: lint imports typecheck pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
