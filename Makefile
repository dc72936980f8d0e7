# Two commands do everything: `make serve` and `make test`. Both bootstrap the
# virtual environment and the build-time Node packages first, keyed on the
# lock files, so a second run installs nothing.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export MPLBACKEND := Agg
# Material for MkDocs prints a notice about MkDocs 2.0 on every build; the
# project pins MkDocs 1.6, so the notice says nothing here.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
# Reproducible builds: the sitemap's dates come from the last commit, not today.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: install serve test build clean lock lint check-port new-page bench

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml package.json package-lock.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

check-port:
	@$(PYTHON) -c "import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); \
	sys.exit(0) if not s.connect_ex(('127.0.0.1', $(PORT))) == 0 else sys.exit('make serve: port $(PORT) is busy; try make serve PORT=$$(($(PORT)+1))')"

# --dirty: after the first build, an edit rebuilds only the pages it touched,
# which keeps a prose edit to about a second (a full rebuild is several).
# MkDocs warns about dirty builds, so the preview is not strict; `make build`
# and `make test` are.
serve: $(STAMP) check-port
	STEPSIZE_STRICT=false $(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT) --livereload --dirty

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict src/stepsize

# Three workers: the browser tests spend most of their time waiting on the
# page, so a third worker keeps both cores busy. --dist loadscope keeps each
# page's examples (one namespace, run in order) on one worker.
test: $(STAMP) lint
	$(BIN)/python -m pytest -n 3 --dist loadscope

# Build into a fresh folder and swap it in only on success, so a failing
# build leaves the previous site/ intact.
build: $(STAMP)
	@rm -rf site.tmp
	$(BIN)/mkdocs build --strict --site-dir site.tmp
	@rm -rf site && mv site.tmp site

# Scaffold docs/<slug>.md from templates/page.md and add it to nav in mkdocs.yml.
new-page:
	@$(PYTHON) tools/new_page.py "$(TITLE)"

bench: $(STAMP)
	$(BIN)/python benchmarks/sweep.py

lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	{ echo "# Generated from requirements.in with: pip install -r requirements.in && pip freeze"; \
	  echo "# Python 3.11, Linux x86_64. Regenerate with 'make lock'."; \
	  .lock-venv/bin/pip freeze; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) site site.tmp .cache node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis screenshots
