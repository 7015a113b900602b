# Targets used by people and CI alike. `make demo` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed-stamp
DEMO_DB ?= demo.db

.PHONY: venv demo test lint eval bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(VENV)/bin/dyadwatch ingest examples/ --db $(DEMO_DB)
	$(VENV)/bin/dyadwatch timeline --db $(DEMO_DB) --dyad USA-CHN

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check dyadwatch tests
	$(VENV)/bin/mypy dyadwatch

eval: $(STAMP)
	$(VENV)/bin/dyadwatch eval dates
	$(VENV)/bin/dyadwatch eval entities
	$(VENV)/bin/dyadwatch eval events

bench: $(STAMP)
	$(PY) scripts/bench.py --limit 2000 --warmup 452 --rounds 1 --workers 1 --json bench.json
	$(PY) scripts/bench_dedupe.py --json bench-dedupe.json

clean:
	rm -rf $(VENV) build dist *.egg-info $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
