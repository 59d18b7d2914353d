# One entry point for students, instructors and CI. Every target builds .venv itself.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONHASHSEED := 0

.PHONY: help setup book pdf test test-slow test-hub notebooks exercises lab bench lint data-docs clean student-release

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

# The student release (make student-release) has no hub tests: tools/hub may be absent.
$(STAMP): pyproject.toml requirements/lock.txt tools/axe/package-lock.json lab-config/* \
		$(wildcard tools/hub/package-lock.json)
	@echo "==> [setup] creating $(VENV) with $(PYTHON) and installing pinned packages"
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements/lock.txt -e ".[lab,exercises,book,dev,hub]"
	@# the book's own package (book/_ext/pfp_book) is not installed with pfp_data; a .pth
	@# file puts its folder on this environment's import path for tools/ and tests/
	echo "$(CURDIR)/book/_ext" > "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/pfp_book.pth"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (pfp)" >/dev/null
	@# no news, update checks or CDN charts in JupyterLab (lab-config/README.md)
	$(BIN)/python tools/install_lab_config.py >/dev/null
	@# axe-core for the accessibility test; without npm that test fails loudly instead
	@if command -v npm >/dev/null; then npm ci --prefix tools/axe --no-audit --no-fund --silent; \
	 else echo "npm not found: the accessibility (axe-core) test will fail"; fi
	@# configurable-http-proxy for the JupyterHub tests (tests/test_hub.py), pinned, not global
	@if [ ! -f tools/hub/package.json ]; then :; \
	 elif command -v npm >/dev/null; then npm ci --prefix tools/hub --no-audit --no-fund --silent; \
	 else echo "npm not found: the JupyterHub tests will fail"; fi
	@touch $(STAMP)

setup: $(STAMP)  ## create .venv with every pinned dependency

book: $(STAMP)  ## build the book into _build/html (the README's main command)
	$(BIN)/python tools/build_book.py

pdf: book  ## print the built book to one tagged PDF (_build/html/partnership-for-peace-in-data.pdf)
	$(BIN)/python tools/build_pdf.py

test: $(STAMP)  ## run every test (the README's test command)
	$(BIN)/python tools/run_tests.py

notebooks: $(STAMP)  ## re-execute every notebook in place (stored outputs for nbval)
	$(BIN)/python tools/execute_notebooks.py

exercises: $(STAMP)  ## regenerate student notebooks and autograders from the masters
	$(BIN)/python tools/build_exercises.py

student-release: $(STAMP)  ## write the student repository (no masters) to _build/student-release
	$(BIN)/python tools/student_release.py $(if $(OUT),--out $(OUT))

lab: $(STAMP)  ## open the course in JupyterLab
	$(BIN)/jupyter lab notebooks/index.ipynb

test-slow: $(STAMP)  ## the slow suites: autograders in a fresh venv, the PDF, 380 px dark audits
	$(BIN)/python tools/run_tests.py --slow

test-hub: $(STAMP)  ## only the JupyterHub tests (also in make test: a real hub, nbgitpuller, 3 students)
	$(BIN)/python -m pytest tests/test_hub.py -m hub -p no:xdist -q

bench: $(STAMP)  ## measure build, run and load times (not part of make test)
	$(BIN)/python tools/bench.py

lint: $(STAMP)  ## ruff on every Python file and notebook (exclusions in pyproject.toml)
	$(BIN)/ruff check .

clean:  ## remove build output (keeps .venv)
	rm -rf _build exercises/dist
