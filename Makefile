# Suara Berita: `make run` starts the bot, `make test` runs lint and the tests.
# Both install what is missing: system tools (ffmpeg, espeak-ng), the .venv and the package.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: default run test lint bench deps system clean

default: test

system:
	@PYTHON=$(PYTHON) bash scripts/install-system.sh

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	@touch $(STAMP)

deps: system $(STAMP)

run: deps
	$(VENV)/bin/suara serve

lint: $(STAMP)
	$(VENV)/bin/ruff check bot tests bench

test: deps lint
	$(PY) -m pytest

bench: deps
	$(PY) bench/extraction.py
	$(PY) bench/sentences.py
	$(PY) bench/summary.py
	$(PY) bench/perf.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
