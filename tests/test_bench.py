"""The benchmark's measuring code (the figures themselves come from running it), and
the benchmark and its vault generator run as the README says."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tools.bench import build_command, measure_build


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


def test_a_build_runs_its_own_trees_cards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from this repository, as the README says, `--against` once ran this
    tree's cards on both sides: `python -m` put the current folder ahead of the
    other tree on sys.path."""
    tree = tmp_path / "old"
    (tree / "cards").mkdir(parents=True)
    (tree / "cards" / "__init__.py").write_text("")
    (tree / "cards" / "__main__.py").write_text("import cards; print(cards.__file__)")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(REPO)
    build = build_command(tree, work / "vault", work, jobs=1)
    result = subprocess.run(
        build.command, env=build.env, cwd=build.cwd, capture_output=True, text=True
    )
    assert result.stdout == f"{tree.resolve() / 'cards' / '__init__.py'}\n"
    assert build.env["CARDS_CACHE_DIR"] == str(work / "cache")


def test_a_tree_with_its_own_environment_runs_in_it(tmp_path: Path) -> None:
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.touch()
    build = build_command(tmp_path, tmp_path / "vault", tmp_path, jobs=1)
    assert build.command[0] == str(python)
    assert build_command(REPO / "tools", REPO, tmp_path, 1).command[0] == sys.executable


def _tool(*arguments: str) -> subprocess.CompletedProcess[str]:
    """`python -m tools.NAME ...` from the repository's root, as the README says."""
    return subprocess.run(
        [sys.executable, "-m", *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_vault_generator_runs_from_the_repository_root(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    result = _tool("tools.vault", str(vault), "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote 3 notes to {vault}\n"
    assert len(list(vault.rglob("*.md"))) == 3


@pytest.mark.slow
def test_the_benchmark_runs_from_the_repository_root() -> None:
    """Three builds of a three-note vault: cold, warm and after one edit."""
    result = _tool("tools.bench", "--count", "3", "--repeats", "1", "--skip-raw")
    assert result.returncode == 0, result.stderr
    assert "== generated, 3 notes" in result.stdout
    assert re.search(r"^warm rebuild +[\d.]+ s", result.stdout, re.M)
    assert re.search(r"^edit one note +[\d.]+ s", result.stdout, re.M)
    assert re.search(r"^3 notes, \d+ claims$", result.stdout, re.M)


@pytest.mark.slow
def test_the_benchmark_times_another_tree_in_turns() -> None:
    """The same builds run by this tree and by another (here, itself)."""
    result = _tool(
        "tools.bench", "--count", "2", "--repeats", "1", "--skip-raw",
        "--against", str(REPO),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "-- this tree" in result.stdout
    assert f"-- against {REPO}" in result.stdout
    assert len(re.findall(r"^edit one note +[\d.]+ s", result.stdout, re.M)) == 2
