# dkbm-sim developer commands. `make run` and `make test` set everything up on first use.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
export MPLBACKEND := Agg

# extra arguments, e.g. `make run ARGS="--help"`, `make test PYTEST_ARGS="-m 'not browser'"`
ARGS ?=
PYTEST_ARGS ?=

.PHONY: help setup run test lint format clean

help:
	@echo "make setup   create .venv and install dkbm-sim with test dependencies (scripts/setup.sh)"
	@echo "make run     simulate the default Landkreis, report in runs/baseline/ (or: make run ARGS=...)"
	@echo "make test    setup incl. Chromium, ruff check, ruff format --check, pytest on 2 workers"
	@echo "make lint    ruff check + ruff format --check"
	@echo "make format  ruff format + ruff check --fix"
	@echo "make clean   remove .venv and caches"

setup:
	@bash scripts/setup.sh

run: setup
	$(BIN)/dkbm run $(if $(ARGS),$(ARGS),baseline --out runs/baseline)

test:
	bash scripts/setup.sh --with-browser && $(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build dist *.egg-info test-artifacts
	find . -path ./.git -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) -type d -prune -exec rm -rf {} +
