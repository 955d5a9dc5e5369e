# The two quick-start commands: `make example` and `make test`. Each sets up what it needs.
VENV := .venv
BIN := $(VENV)/bin
EXAMPLE := build/example
# The languages the example is translated into: the six COMMIT governments', French and Arabic.
EDITIONS := km zh-Hans lo my th vi fr ar

.PHONY: setup example test lint bench clean

AXE := tests/a11y

setup: $(VENV)/.installed $(AXE)/node_modules/.installed

$(VENV)/.installed: pyproject.toml scripts/install-system-packages
	scripts/install-system-packages
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench,dev]'
	touch $@

# axe-core and puppeteer-core for the accessibility check, as locked; the browser is Debian's.
$(AXE)/node_modules/.installed: $(AXE)/package-lock.json scripts/install-system-packages
	scripts/install-system-packages
	cd $(AXE) && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The main job on the bundled example, in a scratch copy of the project so that the
# versions it records go into a repository of their own, not into this checkout's history.
example: setup
	rm -rf $(EXAMPLE) && mkdir -p $(EXAMPLE)/drafts
	cp -r templates pyproject.toml $(EXAMPLE)/
	cp drafts/commit-som11.yaml drafts/outcome.schema.json $(EXAMPLE)/drafts/
	cd $(EXAMPLE) && ../../$(BIN)/outcomes validate
	cd $(EXAMPLE) && ../../$(BIN)/outcomes draft drafts/commit-som11.yaml
	cd $(EXAMPLE) && ../../$(BIN)/outcomes publish drafts/commit-som11.yaml
	cp $(foreach lang,$(EDITIONS),drafts/commit-som11.$(lang).yaml) $(EXAMPLE)/drafts/
	cd $(EXAMPLE) && ../../$(BIN)/outcomes translate commit-som11
	for lang in $(EDITIONS); do \
	  (cd $(EXAMPLE) && ../../$(BIN)/outcomes publish commit-som11.$$lang) || exit 1; \
	done
	cd $(EXAMPLE) && ../../$(BIN)/outcomes history commit-som11
	@echo "Done: the review copy is in $(EXAMPLE)/drafts/commit-som11/, the web and print editions in $(EXAMPLE)/published/ (each language edition in published/commit-som11/<language>/)"

test: setup
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/pytest

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf build $(VENV) $(AXE)/node_modules
