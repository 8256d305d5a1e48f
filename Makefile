# Two commands do everything on a fresh machine with Python 3.11 and pip:
#   make run    creates .venv if needed, installs the app, starts the window
#   make test   creates .venv if needed, installs the app and test tools, runs the whole suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test bundle bundle-test clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/mnist-gui $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

# A double-clickable one-folder build in dist/mnist-gui (PyInstaller), then its offscreen self-test.
bundle: $(STAMP)
	$(PY) -m pip install --quiet -e '.[build]'
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN build.spec

bundle-test: $(STAMP)
	$(PY) -m pip install --quiet -e '.[build]'
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q tests/test_bundle.py

clean:
	rm -rf $(VENV) build dist
