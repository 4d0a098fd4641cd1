# Everything a newcomer needs: `make lab` to learn, `make test` to check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab workshop test figures html exercises references benchmark report clean spanish

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[course,test]"
	touch $(STAMP)

## lab: create .venv, install everything, open the course in JupyterLab at its start page (English or español)
lab: $(STAMP)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) start.ipynb

## workshop: the three dashboards without code, for the projector (http://127.0.0.1:8866; PORT=8870; HOST=0.0.0.0 serves the room with a token; MANY=1 for many participants; LANG=es: the page in Spanish, workshop/dashboards.es.ipynb)
PORT ?= 8866
HOST ?= 127.0.0.1
workshop: $(STAMP)
	$(BIN)/python -m simlib.dashboards.serve --host $(HOST) --port $(PORT) $(if $(MANY),--many) --language $(if $(filter es%,$(LANG)),es,en)

## test: check the import layers, run every test and execute every notebook
test: $(STAMP)
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg tests notebooks solutions es/notebooks es/solutions

## spanish: the Spanish edition: update the catalogues from the English (es/po/, simlib/i18n/locale/), write es/ from English + catalogues, list what is left to translate or review
spanish: $(STAMP)
	$(BIN)/python -m simlib.course.translation update
	$(BIN)/python -m simlib.course.translation build
	-$(BIN)/python -m simlib.course.translation check

## figures: regenerate the figures shown in the README
figures: $(STAMP)
	$(BIN)/python -m simlib.figures.readme docs/img/inbox-week.png
	$(BIN)/simlib compare luxury high_volume --days 28 --replications 20 --figure docs/img/compare.png

## exercises: write the blank exercise notebooks from the solution notebooks (never over an exercise with answers in it: the new version goes to exercises/updated/; FORCE=1 overwrites)
exercises: $(STAMP)
	$(BIN)/python -m simlib.course.exercises $(if $(FORCE),--force)

## references: record the checked numbers of the notebooks (after a deliberate change; NOTEBOOKS=notebooks/03_*.ipynb for some)
NOTEBOOKS ?= notebooks/*.ipynb
references: $(STAMP)
	$(BIN)/python -m simlib.course.references $(NOTEBOOKS)

## html: a static copy of the course with outputs, to read without running it (build/html; each explorer as its first picture)
html: $(STAMP)
	$(BIN)/jupyter nbconvert --to html --execute --ExecutePreprocessor.store_widget_state=False --output-dir build/html notebooks/*.ipynb
	@echo "open build/html/00_start_here.html"

## game-key: score the team game's plans and write its answer key (workshop/game-key.md, in Spanish workshop/game-key.es.md; a few minutes)
.PHONY: game-key guide-numbers handouts
game-key: $(STAMP)
	$(BIN)/python -m simlib.dashboards.game key

## guide-numbers: write the dashboards' and the game's seeded numbers into docs/trainer-guide.md and docs/trainer-guide.es.md
guide-numbers: $(STAMP)
	$(BIN)/python -m simlib.course.workshop_guide

## handouts: a printable one-page handout per session plan and the game's score sheet (build/handouts; in Spanish build/handouts/es)
handouts: $(STAMP)
	$(BIN)/python -m simlib.dashboards.handouts --output build/handouts

## benchmark: the engine against a minimal SimPy model, dashboard latency, a sweep on 1 vs 2 workers
benchmark: $(STAMP)
	$(BIN)/python benchmarks/engine.py
	$(BIN)/python benchmarks/dashboards.py
	$(BIN)/python benchmarks/sweep.py
	$(BIN)/python benchmarks/optimise.py

## fuzz: thousands of mutated scenario files and odd command lines (EXAMPLES=2500 per kind); prints the counts of cases, refusals, tracebacks, memory errors and hangs (also in build/fuzz.json)
EXAMPLES ?= 2500
.PHONY: fuzz
fuzz: $(STAMP)
	mkdir -p build
	SIMLIB_FUZZ_EXAMPLES=$(EXAMPLES) SIMLIB_FUZZ_REPORT=build/fuzz.json $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/project/test_fuzz.py

## calibration: measure every published effect the presets rely on; write docs/calibration.md and its figure
.PHONY: calibration
calibration: $(STAMP)
	$(BIN)/python -m simlib.report.calibration docs/calibration.md docs/img/calibration.png

## report: a staffing report notebook and its HTML copy in reports/out/ (make report SCENARIO=scenarios/luxury.toml)
SCENARIO ?= scenarios/high_volume.toml
report: $(STAMP)
	$(BIN)/simlib report --scenario $(SCENARIO) --html

clean:
	rm -rf $(VENV) .pytest_cache
