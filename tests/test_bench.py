"""The benchmark's measuring code (the figures themselves come from running it)."""

from __future__ import annotations

import os
import sys

from tools.bench import measure_build


def test_measure_build_times_a_process_and_samples_its_memory() -> None:
    script = (
        "import time; data = bytearray(50 * 2**20); time.sleep(0.3); "
        "print('Read 4 notes (0 skipped, 0 without cards): 9 claims')"
    )
    run = measure_build("probe", [sys.executable, "-c", script], dict(os.environ))
    assert run.seconds >= 0.3
    assert run.peak_bytes >= 50 * 2**20
    assert 50 * 2**20 <= run.peak_pss <= run.peak_bytes
    assert (run.notes, run.claims) == (4, 9)


def test_pss_counts_pages_a_forked_child_shares_once() -> None:
    script = (
        "import os, time\n"
        "data = bytearray(os.urandom(1)) * (100 * 2**20)\n"
        "pid = os.fork()\n"
        "time.sleep(0.6)\n"
        "if pid == 0: os._exit(0)\n"
        "os.waitpid(pid, 0)\n"
    )
    run = measure_build("fork", [sys.executable, "-c", script], dict(os.environ))
    assert run.peak_bytes >= 190 * 2**20  # RSS: the 100 MB in each process
    assert run.peak_pss < 150 * 2**20  # PSS: once
