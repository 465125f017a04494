"""Power cuts all day long: SIGKILL the real kiosk at random moments while it submits; one of
the two kiosks seals its requests to a front-desk key, so sealing is killed mid-way too.

KILL_CYCLES (default 12, as `make test` runs it; `make soak` runs 200) and KILL_SEED (default
random, printed) come from the environment. See tests/support/kill_cycles.py for how each
cycle kills.
"""

from __future__ import annotations

import os
import random

from tests.support.kill_cycles import run

CYCLES = int(os.environ.get("KILL_CYCLES", "12"))
SEED = os.environ.get("KILL_SEED") or str(random.randrange(2**32))


def test_nothing_acknowledged_is_lost_across_kills(tmp_path):
    print(f"KILL_SEED={SEED} KILL_CYCLES={CYCLES}")
    report = run(CYCLES, SEED, workers=2, root=tmp_path, sealed_workers=frozenset({1}))
    print(report.summary())
    replay = f"replay: KILL_SEED={SEED} KILL_CYCLES={CYCLES}"
    assert not report.problems, "\n".join([replay, *report.problems])
    assert report.cycles == CYCLES
    assert report.acknowledged > 0, "no kiosk ever reached the thank-you screen"
    assert report.found == report.acknowledged, replay
