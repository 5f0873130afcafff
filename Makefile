# Two commands on a fresh machine:  make run  (set up + generate the sample home's documents)
#                                   make test (set up + run every test)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test bench validate system-deps templates screenshots clean

run: $(STAMP)
	$(BIN)/mfc-docs validate .
	$(BIN)/mfc-docs build .
	$(BIN)/mfc-docs dashboard .

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

validate: $(STAMP)
	$(BIN)/mfc-docs validate .

# Regenerate the committed Word templates and the README screenshots from code.
templates: $(STAMP)
	$(BIN)/python scripts/build_templates.py

screenshots: $(STAMP) system-deps
	$(BIN)/python scripts/make_screenshots.py

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The tests open every .docx in LibreOffice and read PDFs with poppler. Installed
# automatically where we may (root on Debian/Ubuntu, as in CI); otherwise say how.
system-deps:
	@if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing LibreOffice Writer and poppler-utils for the document tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			libreoffice-writer-nogui poppler-utils >/dev/null; \
	else \
		echo "Note: LibreOffice (soffice) or poppler-utils is missing; install them with"; \
		echo "  sudo apt-get install libreoffice-writer-nogui poppler-utils"; \
		echo "The tests that need them will be skipped outside CI."; \
	fi
	@# The web page's tests drive Debian's chromium (never a browser downloaded by Playwright).
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing chromium for the browser tests of mfc-docs serve..."; \
		apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
			install -y -qq --no-install-recommends chromium >/dev/null; \
	else \
		echo "Note: chromium is missing; install it with  sudo apt-get install chromium"; \
		echo "The browser tests of mfc-docs serve will be skipped outside CI."; \
	fi

clean:
	rm -rf $(VENV) output .pytest_cache

# Regenerate docs/data-format.md and the JSON Schemas in docs/schema/ after changing a schema.
.PHONY: schema
schema: $(STAMP)
	$(BIN)/python scripts/make_data_format_doc.py
	$(BIN)/python scripts/make_json_schemas.py
