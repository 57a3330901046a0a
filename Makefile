# Two commands on a fresh clone: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.db

.PHONY: setup demo test bench bench-search bench-1m eval clean

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test,crawl,ray,postgres]"
	touch $(STAMP)

demo: setup
	rm -f $(DEMO_DB)
	$(BIN)/vnnews ingest examples/seeds --db $(DEMO_DB)
	$(BIN)/vnnews events --db $(DEMO_DB)
	$(BIN)/vnnews show --db $(DEMO_DB) $$($(BIN)/vnnews events --db $(DEMO_DB) --ids | head -n 1)

# the browser test needs playwright (its Python package, no browser download) and
# Debian's chromium, installed by tools/install_browser.sh where missing
$(VENV)/.browser: $(STAMP)
	$(BIN)/python -m pip install -q -e ".[test,browser]"
	touch $@

test: setup $(VENV)/.browser
	sh tools/install_browser.sh
	$(BIN)/python -m pytest -q

bench-1m: setup
	$(BIN)/python benchmarks/bench_cluster_scale.py --sizes 10000,100000,1000000 --budget-s 3600 --out benchmarks/results/cluster_scale_1m.json
	$(BIN)/python benchmarks/run_all.py --report-only

bench-search: setup
	$(BIN)/python benchmarks/bench_search.py

eval: setup
	$(BIN)/vnnews eval summary tests/data/vmds/articles.jsonl --refs tests/data/vmds/refs.jsonl
	$(BIN)/vnnews eval cluster tests/data/vmds/articles.jsonl

bench: setup
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(DEMO_DB) build src/*.egg-info
