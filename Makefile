# `make run` and `make test` each do all the set-up a fresh machine needs:
# system packages for Qt (Debian/Ubuntu), a virtual environment in .venv, the package.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test bench system-packages clean

run: system-packages $(STAMP)
	$(VENV)/bin/playground $(ARGS)

test: system-packages $(STAMP)
	$(VENV)/bin/ruff check playground tests
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(VENV)/bin/playground bench

system-packages:
	@bash .ci/system-packages.sh

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
