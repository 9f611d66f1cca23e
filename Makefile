# Every target makes its own virtual environment: a fresh machine needs only python3 and make.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_INPUT := samples/so_noi_vu.xlsx
DEMO_OUT := out/demo

.PHONY: demo test bench samples lint clean venv

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/streamline analyze $(DEMO_INPUT) --as-of 2026-12-01 --out $(DEMO_OUT) --tables $(DEMO_OUT)/tables
	@echo "Outputs: $(DEMO_OUT)/ (workbook .xlsx, report .html, tables/), as of 01/12/2026"

test: $(STAMP)
	$(BIN)/python -m pytest

# Sizes: make bench BENCH_ARGS="20000 --national 200000" (default 100,000 and 2,500,000).
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/bench_projection.py

samples: $(STAMP)
	$(BIN)/python samples/make_samples.py

lint: $(STAMP)
	$(BIN)/ruff check streamline queries tests samples benchmarks

clean:
	rm -rf $(VENV) out benchmarks/data
