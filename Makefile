# Everything a newcomer needs: `make lab` to learn, `make test` to check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test figures benchmark clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[course,test]"
	touch $(STAMP)

## lab: create .venv, install everything, open the course in JupyterLab
lab: $(STAMP)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root)

## test: run every test and execute every notebook
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --nbval-lax tests notebooks

## figures: regenerate the figures shown in the README
figures: $(STAMP)
	$(BIN)/python -m simlib.readme_figure docs/img/inbox-week.png
	$(BIN)/simlib compare luxury high_volume --days 14 --replications 5 --figure docs/img/compare.png

## benchmark: time the engine against a minimal SimPy model
benchmark: $(STAMP)
	$(BIN)/python benchmarks/engine.py

clean:
	rm -rf $(VENV) .pytest_cache
