# One entry point for people and CI. `make demo` and `make test` are the README's quick start.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PHIGATE := $(VENV)/bin/phigate
STAMP := $(VENV)/.installed-stamp
OUT ?= out/demo

.PHONY: setup demo test lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[aws,spark,dev]'
	touch $(STAMP)

demo: setup
	$(PHIGATE) demo --out $(OUT)

lint: setup
	$(VENV)/bin/ruff check src tests benchmarks tools
	$(VENV)/bin/ruff format --check src tests benchmarks tools
	$(VENV)/bin/mypy src
	$(VENV)/bin/bandit -q -c pyproject.toml -r src

test: lint
	$(PY) -m pytest

bench: setup
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
