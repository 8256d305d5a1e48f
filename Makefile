# Two commands do everything on a fresh machine with Python 3.11 and pip:
#   make run    creates .venv if needed, installs the app, starts the window
#   make test   creates .venv if needed, installs the app and test tools, runs the whole suite
# Both install the exact versions in constraints.txt (tested together; regenerate it with
# `.venv/bin/pip freeze --exclude-editable > constraints.txt` after a deliberate upgrade).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test model bundle bundle-test dist clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/mnist-gui $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

# Rebuild the bundled model (resources/default_model.keras + card) by its recipe: MNIST + pen
# strokes, seeded; then the outlier-exposure stage with UNIPEN letters and digits ("not a digit").
# and cheque digits (DOCS: first half trained on, second half checked).
# Paths default to ../shared; override with MNIST=... STROKES=... SCANS=... LETTERS=... MORE=... DOCS=...
MNIST   ?= ../shared/mnist
STROKES ?= ../shared/strokes/pendigits-train-writers.json
SCANS   ?= ../shared/scans/optdigits-train
LETTERS ?= ../shared/strokes/unipen-letters.json
MORE    ?= ../shared/strokes/unipen-digits.json
DOCS    ?= ../shared/numbers/orand-car-a
model: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/mnist-gui train --recipe bundled --data $(MNIST) --strokes $(STROKES) \
		--scans $(SCANS) --letters $(LETTERS) --more-strokes $(MORE) --documents $(DOCS) \
		--out resources/default_model.keras --cache build/recipe-cache \
		--command-line "make model MNIST=$(MNIST) STROKES=$(STROKES) SCANS=$(SCANS) LETTERS=$(LETTERS) MORE=$(MORE) DOCS=$(DOCS)"

# A double-clickable one-folder build in dist/mnist-gui (PyInstaller), then its offscreen self-test.
bundle: $(STAMP)
	$(PY) -m pip install --quiet -e '.[build]'
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN build.spec

# The release archive: dist/mnist-gui-<version>-linux-<arch>.tar.gz and its .sha256 (after a fresh bundle).
dist: bundle
	$(PY) packaging/dist.py --bundle dist/mnist-gui --out dist

bundle-test: $(STAMP)
	$(PY) -m pip install --quiet -e '.[build]'
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q tests/test_bundle.py

clean:
	rm -rf $(VENV) build dist
