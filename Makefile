# Two commands on a fresh machine: `make demo` and `make test`. Each creates .venv when missing.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-stamp
PYTEST_WORKERS ?= 2

.PHONY: demo test lint bench i18n translations clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# compat mode: new packages and modules are importable without reinstalling.
	$(PY) -m pip install -q -e '.[dev]' --config-settings editable_mode=compat
	touch $(STAMP)

# Compile the gettext catalogs (the .mo files are build output, not committed).
translations: $(STAMP)
	@for domain in messages admin; do \
		if ls translations/*/LC_MESSAGES/$$domain.po >/dev/null 2>&1; then \
			$(VENV)/bin/pybabel -q compile -D $$domain -d translations -f; fi; done

demo: $(STAMP) translations
	$(VENV)/bin/hearing demo

test: $(STAMP) translations
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP) translations
	@set -e; for bench in benchmarks/bench_*.py; do \
		[ -e "$$bench" ] || { echo "no benchmarks yet"; break; }; \
		echo "== $$bench"; $(PY) $$bench; done

# Extract every user-facing string (templates, Python, questionnaire) and update all catalogs.
i18n: $(STAMP)
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k _l -k N_ --add-comments=Translators: \
		--ignore-dirs=".* _* node_modules instance tests benchmarks admin" \
		-o translations/messages.pot . >/dev/null
	$(VENV)/bin/pybabel -q extract -F babel-admin.cfg -k _l -k N_A --add-comments=Translators: \
		--ignore-dirs=".* _* node_modules instance tests benchmarks" \
		-o translations/admin.pot . >/dev/null
	$(PY) -m hearing.i18n_update

clean:
	rm -rf $(VENV) instance test-artifacts .pytest_cache .ruff_cache
