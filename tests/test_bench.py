"""The benchmark's measuring code (the figures themselves come from running it)."""

from __future__ import annotations

import os
import sys

from cards.bench import measure_build


def test_measure_build_times_a_process_and_samples_its_memory() -> None:
    script = (
        "import time; data = bytearray(50 * 2**20); time.sleep(0.3); "
        "print('Read 4 notes (0 skipped, 0 without cards): 9 claims')"
    )
    run = measure_build("probe", [sys.executable, "-c", script], dict(os.environ))
    assert run.seconds >= 0.3
    assert run.peak_bytes >= 50 * 2**20
    assert (run.notes, run.claims) == (4, 9)
