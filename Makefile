# Multipolar: make help lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV    ?= .venv
PY      := $(VENV)/bin/python
CORPUS  ?= seeds/
STORE   ?= build/multipolar.duckdb
LAB_ARGS ?=
STAMP   := $(VENV)/.installed

##@ Set-up
$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

.PHONY: install
install: $(STAMP) fonts ## Create .venv (when missing) and install the pinned requirements and the helpers package

.PHONY: browser
browser: ## Install headless Chromium (Debian's package) for the report safety test, where root and apt-get allow
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing chromium (Debian's package) for the report safety test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	    || echo "chromium could not be installed: the browser test will be skipped"; \
	else echo "chromium is missing and needs root and apt-get to install: the browser test will be skipped"; fi

.PHONY: fonts
fonts: ## Install a font for Chinese characters in figures (Debian's fonts-wqy-microhei), where root and apt-get allow
	@if fc-list :lang=zh 2>/dev/null | grep -q . || ls /usr/share/fonts/truetype/wqy/*.tt[cf] >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing fonts-wqy-microhei (Debian's package) so that figures show Chinese characters"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null \
	    || echo "fonts-wqy-microhei could not be installed: Chinese labels in figures will show as boxes"; \
	else echo "no font for Chinese characters, and installing one needs root and apt-get: Chinese labels in figures will show as boxes"; fi

##@ Running
.PHONY: report
report: $(STAMP) fonts ## Run every notebook on CORPUS (default seeds/) and render reports/*.html and reports/index.html
	$(PY) -m helpers report --corpus "$(CORPUS)" --store "$(STORE)"

.PHONY: report-demo
report-demo: $(STAMP) ## Render the report on the curated China-Russia demo corpus (needs ../shared/corpus)
	$(PY) -m helpers report --corpus ../shared/corpus/topical_demo_ids.txt --store build/demo.duckdb --out reports/demo

.PHONY: annotate
annotate: $(STAMP) ## Annotate CORPUS into the store and write build/annotations.jsonl
	$(PY) -m helpers annotate "$(CORPUS)" --store "$(STORE)" --out build/annotations.jsonl

.PHONY: lab
lab: $(STAMP) ## JupyterLab at the project, on notebooks/; the notebooks read CORPUS and STORE (LAB_ARGS: more options)
	MULTIPOLAR_CORPUS="$(CORPUS)" MULTIPOLAR_STORE="$(STORE)" $(VENV)/bin/jupyter lab --ServerApp.root_dir=. \
	  --LabApp.default_url=/lab/tree/notebooks $(if $(filter 0,$(shell id -u)),--allow-root,) $(LAB_ARGS)

##@ Training
.PHONY: train
train: train-themes train-relevance train-speakers ## Train every model the project ships (from data in ../shared)

.PHONY: train-themes
train-themes: $(STAMP) ## Fit the theme model on the dev gold's tune part (writes resources/data/theme_model.json; retrain relevance after it)
	$(PY) -m helpers.evaluate.train_themes

.PHONY: train-relevance
train-relevance: $(STAMP) ## Fit the relevance model on the dev gold's tune part (writes resources/data/relevance_model.json)
	$(PY) -m helpers.evaluate.train_relevance

.PHONY: train-speakers
train-speakers: $(STAMP) ## Fit the speaker model on PolNeAR train and the dev gold's tune part; it chooses the speaker (writes resources/data/speakers.model.json)
	$(PY) -m helpers.evaluate.train_speakers --decide

##@ Checking
.PHONY: test
test: $(STAMP) browser fonts ## Import contracts (the rooms' layers), unit tests, then every notebook validated with nbval
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(PY) -m pytest -q tests
	$(PY) -m pytest -q --nbval-lax --nbval-sanitize-with notebooks/sanitize.cfg -p no:cacheprovider notebooks/

.PHONY: test-unit
test-unit: $(STAMP) browser fonts ## Unit tests only
	$(PY) -m pytest -q tests

.PHONY: test-notebooks
test-notebooks: $(STAMP) fonts ## Notebooks only, with nbval
	$(PY) -m pytest -q --nbval-lax --nbval-sanitize-with notebooks/sanitize.cfg -p no:cacheprovider notebooks/

.PHONY: test-kill
test-kill: $(STAMP) ## Runs killed (SIGKILL) at every point on 6,000 shared items, then run again: each store equals a clean run's
	MULTIPOLAR_KILL_DOCS=6000 $(PY) -m pytest -q -p no:cacheprovider tests/test_kill.py

.PHONY: notebook-outputs
notebook-outputs: $(STAMP) ## Re-run the notebooks in place on the seed so their stored outputs (checked by nbval) are current
	$(PY) -m helpers report --corpus seeds/ --store build/outputs.duckdb --out build/outputs --in-place

.PHONY: eval
eval: $(STAMP) ## Score the annotator on every dev gold file (needs ../shared/eval), the plain baseline beside it
	$(PY) -m helpers.evaluate

.PHONY: bench
bench: $(STAMP) ## Words per second: our annotator beside the full en_core_web_sm pipeline on 1M words of each shared corpus, and Russian, Chinese and Spanish beside English
	$(PY) -m helpers.evaluate.bench --words 1000000

.PHONY: identical
identical: $(STAMP) ## Every table of the store the same at revision BASE and here, on a 2,200-document sample (needs ../shared/corpus)
	$(PY) -m helpers.evaluate.identical $(or $(BASE),HEAD)

.PHONY: score
score: $(STAMP) ## Score the annotator on the seed's gold file (needs ../shared/eval)
	$(PY) -m helpers annotate ../shared/eval/dev/seed.jsonl --out build/seed.pred.jsonl --quiet --no-annotations
	$(PY) ../shared/eval/score.py ../shared/eval/dev/seed.gold.jsonl build/seed.pred.jsonl

.PHONY: clean
clean: ## Remove build/ and reports/ (keeps .venv)
	rm -rf build reports

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make <target> [CORPUS=path] [STORE=file]\n"} \
	  /^[a-zA-Z_-]+:.*?##/ { printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2 } \
	  /^##@/ { printf "\n%s\n", substr($$0, 5) }' $(MAKEFILE_LIST)
