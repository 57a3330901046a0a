# Two commands on a fresh clone: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.db

.PHONY: setup demo test bench eval clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(STAMP)

demo: setup
	rm -f $(DEMO_DB)
	$(BIN)/vnnews ingest examples/seeds --db $(DEMO_DB)
	$(BIN)/vnnews events --db $(DEMO_DB)
	$(BIN)/vnnews show --db $(DEMO_DB) $$($(BIN)/vnnews events --db $(DEMO_DB) --ids | head -n 1)

test: setup
	$(BIN)/python -m pytest -q

eval: setup
	$(BIN)/vnnews eval summary tests/data/vmds/articles.jsonl --refs tests/data/vmds/refs.jsonl
	$(BIN)/vnnews eval cluster tests/data/vmds/articles.jsonl

bench: setup
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(DEMO_DB) build src/*.egg-info
