# `make run` and `make test` set everything up on a fresh machine (a venv in .venv with
# pinned dependencies from requirements.lock) and then run the kiosk or the test suite.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint soak bench bundle render lock clean

run: $(STAMP)
	$(PY) main.py $(ARGS)

test: $(STAMP)
	$(PY) -m ruff check .
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .

render: $(STAMP)
	$(PY) main.py render --out shots $(ARGS)

$(STAMP): requirements.lock
	@PYBIN=$$(scripts/find-python) || exit 1; \
	  [ -x $(PY) ] || $$PYBIN -m venv $(VENV) || { echo "error: could not create $(VENV) (on Debian: apt-get install python3-venv)" >&2; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

# Re-pin the whole dependency tree from pyproject.toml (run after changing a pin there).
lock:
	@PYBIN=$$(scripts/find-python) || exit 1; rm -rf /tmp/kiosk-lock-venv; \
	  $$PYBIN -m venv /tmp/kiosk-lock-venv && /tmp/kiosk-lock-venv/bin/pip install --quiet '.[dev]' && \
	  /tmp/kiosk-lock-venv/bin/pip freeze --exclude mild-kiosk > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
