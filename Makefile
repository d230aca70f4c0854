# Two entry points: `make demo` (set up and run the main job) and `make test` (dev extras + tests).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: demo test install dev lint clean

$(BIN)/accord: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[web]'
	@touch $(BIN)/accord

install: $(BIN)/accord

$(VENV)/.dev: $(BIN)/accord
	$(BIN)/pip install --quiet -e '.[dev,postgres,web]'
	@touch $(VENV)/.dev

dev: $(VENV)/.dev

demo: install
	$(BIN)/accord run --corpus src/accord/data/corpus --out $(OUT)

test: dev
	$(BIN)/python -m pytest -q

lint: dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) $(OUT)
