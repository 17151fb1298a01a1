# The two commands of the README: `make demo` and `make test`. Both create .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python setup.cfg
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/claimcheck check corpus/ --fail-on never

test: $(STAMP)
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/python -m claimcheck.evaluate corpus/

bench: $(STAMP)
	$(BIN)/python tests/benchmarks/bench.py

clean:
	rm -rf $(VENV) build *.egg-info
