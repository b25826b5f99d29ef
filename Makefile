# Dienstverlening — two commands: `make demo` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENDOR := src/dienstverlening/core/static/vendor
NPM_PKG := node_modules
APT_PACKAGES := chromium dovecot-imapd poppler-utils fonts-dejavu-core fonts-liberation gettext \
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
# The demo has no mail server: every mail (signals, invitations) is written as a file to var/mail/.
DEMO_ENV := DEBUG=1 EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend \
	EMAIL_FILE_PATH=$(CURDIR)/var/mail
# Two-factor authentication is required for beheerder and coördinator in production; the demo
# switches the requirement off so every demo log-in works with only "demo" (docs/demo.md).
DEMO_ENV += DV_2FA_REQUIRED=0
# The suite runs on every core (pytest-xdist); `make test PYTEST_WORKERS=0` runs it in one process.
PYTEST_WORKERS ?= auto

.PHONY: help install assets system demo serve test lint format bench clean

help:
	@echo "make demo   installeert alles, laadt de demo-organisatie en start http://127.0.0.1:8000"
	@echo "            met de taakverwerker ernaast"
	@echo "make test   installeert wat de tests nodig hebben en draait alle tests"
	@echo "make lint   ruff check, ruff format --check en mypy"
	@echo "make system installeert (als root) Chromium, Dovecot en de rest voor de tests"
	@echo "make bench  snelheidsmetingen (benchmarks/)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/utrecht $(VENDOR)/voorbeeld $(VENDOR)/htmx
	cp $(NPM_PKG)/@utrecht/component-library-css/dist/index.css $(VENDOR)/utrecht/index.css
	cp $(NPM_PKG)/@utrecht/component-library-css/LICENSE.md $(VENDOR)/utrecht/LICENSE.md
	cp $(NPM_PKG)/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css $(VENDOR)/voorbeeld/theme.css
	cp $(NPM_PKG)/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/htmx.min.js
	mkdir -p $(VENDOR)/vega
	cp $(NPM_PKG)/vega/build/vega.min.js $(NPM_PKG)/vega-lite/build/vega-lite.min.js \
		$(NPM_PKG)/vega-embed/build/vega-embed.min.js $(VENDOR)/vega/
	# The expression interpreter lets Vega run under a CSP without 'unsafe-eval'.
	$(NPM_PKG)/.bin/esbuild $(NPM_PKG)/vega-interpreter/build/vega-interpreter.js --bundle \
		--format=iife --global-name=vegaInterpreter --minify --log-level=warning \
		--outfile=$(VENDOR)/vega/vega-interpreter.min.js
	touch $@

assets: $(VENDOR)/.installed

# Debian packages for the browser tests (Chromium), the mailbox tests (Dovecot), the PDF reports
# and translations. Needs root, so `make test` never runs it: `.ci/run` does, and a developer
# runs `sudo make system` once. Skipped when present.
system:
	@command -v chromium >/dev/null 2>&1 && command -v dovecot >/dev/null 2>&1 || { \
		echo "Chromium of Dovecot ontbreekt: installeren met apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES); }

demo: install assets
	$(DEMO_ENV) $(BIN)/dienstverlening migrate --noinput
	$(DEMO_ENV) $(BIN)/dienstverlening demo
	@echo ""
	@echo "Open http://127.0.0.1:8000 en log in met een van de namen hierboven (wachtwoord: demo)."
	@echo "De taakverwerker (imports, uitnodigingen, mailboxen) draait mee en stopt met Ctrl-C."
	@echo "Verstuurde mails (signalen, uitnodigingen) staan als bestand in var/mail/."
	$(DEMO_ENV) $(BIN)/dienstverlening serve_demo 127.0.0.1:8000

serve: install assets
	$(DEMO_ENV) $(BIN)/dienstverlening serve_demo 127.0.0.1:8000

# The whole suite. A test that needs a missing system program (make system) is skipped with the
# command that installs it; in CI (CI=1) it fails instead.
test: install assets
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# mypy reads the settings, which want a SECRET_KEY unless DEBUG is on.
lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	DEBUG=1 $(BIN)/mypy

format: install
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

# `make bench` runs every benchmarks/bench_*.py; `make bench BENCH=pages` only bench_pages.py.
bench: install assets system
	$(BIN)/python benchmarks/run.py $(BENCH)

clean:
	rm -rf $(VENV) $(NPM_PKG) $(VENDOR) var
