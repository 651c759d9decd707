# `make run` and `make test` each do all the set-up a fresh machine needs:
# system packages for Qt (Debian/Ubuntu), a virtual environment in .venv, the package.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test bench update-shots install-desktop system-packages clean

run: system-packages $(STAMP)
	$(VENV)/bin/playground $(ARGS)

test: system-packages $(STAMP)
	$(VENV)/bin/ruff check playground tests
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(VENV)/bin/playground bench

# renew the golden images of the bundled lessons' shots (tests/golden) after an intended change
update-shots: $(STAMP)
	PLAYGROUND_UPDATE_SHOTS=1 $(VENV)/bin/python -m pytest -q tests/ui/test_ui_golden_shots.py

# Playground in this user's application menu (Linux): a .desktop entry and the icon
install-desktop: $(STAMP)
	$(VENV)/bin/playground install-desktop

system-packages:
	@bash .ci/system-packages.sh

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
