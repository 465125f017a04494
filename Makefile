# `make run` and `make test` set everything up on a fresh machine (the system packages from
# scripts/system-deps, then a venv in .venv with pinned dependencies from requirements.lock)
# and then run the kiosk or the test suite.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint soak bench bundle render lock clean system-deps-run system-deps-test

system-deps-run system-deps-test:
	@scripts/system-deps $(@:system-deps-%=%)

# The package check runs every time (~0.05 s) so a package removed later is put back.
run: system-deps-run $(STAMP)
	$(PY) main.py $(ARGS)

# One pytest worker per core (pytest-xdist), a test file's tests kept together (their
# module fixtures): 3 min 20 s here instead of 5 min 51 s on one core.
test: system-deps-test $(STAMP)
	$(PY) -m ruff check .
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n auto --dist loadfile --durations=8 $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .

# A long day in the lobby (~40 min): 200,000 monkey events, 200 SIGKILL cycles (and 200 of a
# kiosk forwarding to PostgreSQL), plus more
# fuzzing. Replay a failure with the seed it prints, e.g. `make soak MONKEY_SEED=1234`.
soak: $(STAMP)
	QT_QPA_PLATFORM=offscreen MONKEY_EVENTS=200000 KILL_CYCLES=200 PG_KILL_CYCLES=200 FUZZ_EXAMPLES=5000 \
	  $(PY) -m pytest -q -s tests/robust $(PYTEST_ARGS)

render: $(STAMP)
	$(PY) main.py render --out shots $(ARGS)

# Build/bench tools: the exact pins of pyproject.toml's `build` extra, installed on demand.
BUILD_PINS = $$($(PY) -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["build"])')

# dist/mild-kiosk/mild-kiosk: a one-folder app that needs no Python (docs/deploy.md).
bundle: $(STAMP)
	$(PY) -m pip install --quiet $(BUILD_PINS)
	$(PY) -m PyInstaller --noconfirm --clean --log-level ERROR pyinstaller.spec
	@du -sb dist/mild-kiosk | awk '{ printf "dist/mild-kiosk: %.1f MB unpacked (target <= 150 MB)\n", $$1 / 1e6 }'

# Every benchmark against its baseline; rewrites the table in bench/RESULTS.md (ARGS=--quick).
bench: bundle
	QT_QPA_PLATFORM=offscreen $(PY) bench/run_all.py --update bench/RESULTS.md $(ARGS)

$(STAMP): requirements.lock | system-deps-run
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
