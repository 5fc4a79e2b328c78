"""Benchmark: how fast a vault builds cold, warm and after one edit, against spaCy.

    python -m tools.bench                 # 1,000 generated notes, hubermanlab, bigvault
    python -m tools.bench ~/vault         # a copy of your own notes
    python -m tools.bench ~/vault --against ../old   # this code and ../old's, in turns
    python -m tools.bench --count 5000    # a larger generated vault
    python -m tools.bench --growth 10000  # peak memory at 1,000 and 10,000 notes
    python -m tools.bench --count 3 --repeats 1 --skip-raw   # does it run? (seconds)

Each build runs as its own ``cards build`` process, as a user would run it, so the
times include interpreter start. The warm rebuilds and one-note edits (each of
another note) are repeated and their median reported; with ``--against``, each
build is run by both trees in turns, each with its own code (and its own
``.venv`` interpreter if it has one) on its own copy of the vault, so that a shared
machine's drift favours neither. Peak memory is sampled every 50 ms over
the build process and its workers, two ways: the sum of their RSS, which counts a
page that forked processes share once in each, and the sum of their PSS, which
counts it once (shared between them): what the build takes from the machine. The
raw spaCy figure is ``nlp.pipe`` over the texts of the same claims, with the same
pipeline components and worker processes: what the product cannot do without.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from cards.cache import NoteCache, pipeline_name
from cards.collect import collect
from cards.extract.claims import load_nlp
from tools.vault import write_vault

__all__ = ["Build", "Run", "build_command", "main", "measure_build"]

TARGETS = {
    "cold / raw spaCy": 1.0,
    "warm rebuild (s)": 0.5,
    "edit one note (s)": 2.0,
    "cold peak RSS (GB)": 1.0,
    "cold peak PSS (GB)": 1.0,
    "RSS growth x10": 2.0,
    "PSS growth x10": 2.0,
}
_SUMMARY = re.compile(r"Read (\d+) notes .*?: (\d+) claims")


@dataclass(frozen=True, slots=True)
class Run:
    """One measured build."""

    name: str
    seconds: float
    peak_bytes: int
    """The largest RSS of the build and its workers together. Forked processes
    share pages, and RSS counts a shared page in each of them."""
    notes: int
    claims: int
    peak_pss: int = 0
    """The largest PSS of the same processes: each shared page counted once,
    split between its sharers. What the build takes from the machine."""


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _memory(pid: int) -> tuple[int, int]:
    """A process's resident set (RSS) and its proportional share of it (PSS)."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0, 0
    sizes = {}
    for line in lines:
        name, _, rest = line.partition(":")
        if name in ("Rss", "Pss"):
            sizes[name] = int(rest.split()[0]) * 1024
    return sizes.get("Rss", 0), sizes.get("Pss", 0)


def _tree_memory(root: int) -> tuple[int, int]:
    """RSS and PSS summed over a process and its descendants."""
    tree = _children()
    rss = pss = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        own_rss, own_pss = _memory(pid)
        rss, pss = rss + own_rss, pss + own_pss
        stack.extend(tree.get(pid, []))
    return rss, pss


def measure_build(
    name: str, command: list[str], env: dict[str, str], cwd: Path | None = None
) -> Run:
    """Run one build process (in `cwd`, when given); time it and sample its memory."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, text=True
    )
    peak = peak_pss = 0
    while process.poll() is None:
        rss, pss = _tree_memory(process.pid)
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    output = process.stdout.read() if process.stdout else ""
    if process.returncode not in (0, 3):
        raise SystemExit(
            f"{name}: cards build failed with exit code {process.returncode}"
        )
    found = _SUMMARY.search(output)
    notes, claims = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
    return Run(name, seconds, peak, notes, claims, peak_pss)


def _edit_one_note(vault: Path, number: int = 0) -> None:
    """Add a claim to one note: the `number`-th, so each edit is another note's."""
    notes = sorted(vault.rglob("*.md"))
    with notes[number % len(notes)].open("a", encoding="utf-8") as handle:
        handle.write(
            "\n*   A benchmark edit adds one claim about **incremental builds** "
            "to a single note.\n"
        )


REPEATS = 3
"""Warm and one-edit builds are timed this many times and the median reported:
on this shared machine, three one-edit builds in one run took 4.55 to 5.23 s."""


def _median(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def _spread(runs: list[Run]) -> str:
    return ", ".join(f"{run.seconds:.2f}" for run in runs)


def _raw_spacy(vault: Path, cache_dir: Path, jobs: int) -> tuple[float, int]:
    """Time nlp.pipe over the claim texts of the vault (read back from the cache)."""
    cache = NoteCache(cache_dir, pipeline_name(None))
    texts = [claim.text for claim in collect(vault, cache=cache).claims]
    nlp = load_nlp()
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=256, n_process=jobs):
        pass
    return time.perf_counter() - started, len(texts)


def _row(run: Run) -> str:
    rate = run.notes / run.seconds if run.seconds else 0.0
    claims = run.claims / run.seconds if run.seconds else 0.0
    return (
        f"{run.name:<15} {run.seconds:>8.1f} s {rate:>9.1f} {claims:>10.0f} "
        f"{run.peak_bytes / 2**30:>8.2f} GB {run.peak_pss / 2**30:>8.2f} GB"
    )


def _verdict(label: str, value: float) -> str:
    target = TARGETS[label]
    mark = "meets" if value <= target else "MISSES"
    return f"{label:<22} {value:>7.2f}   target <= {target:<5} {mark}"


ROOT = Path(__file__).resolve().parents[1]
"""The source tree this benchmark sits in: the code measured without `--against`."""
CORPUS = ROOT.parent / "shared" / "corpus"
REAL_VAULTS = (CORPUS / "hubermanlab", CORPUS / "bigvault")
"""The real vaults beside the repository, benchmarked too when they are there:
hubermanlab (1,113 notes), and bigvault (1,906 notes of four channels, as dense as
a busy personal vault)."""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__)
    parser.add_argument("notes", nargs="?", type=Path, help="a notes folder to copy")
    parser.add_argument("--count", type=int, help="generated notes (only these)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-raw", action="store_true", help="skip raw spaCy")
    parser.add_argument(
        "--repeats",
        type=int,
        default=REPEATS,
        help=f"warm and one-edit builds, each (default {REPEATS}; the median counts)",
    )
    parser.add_argument(
        "--against",
        type=Path,
        metavar="TREE",
        help="also time the cards of another source tree, build for build in turns",
    )
    parser.add_argument(
        "--growth",
        type=int,
        metavar="N",
        help="only compare the peak memory of cold builds of 1,000 and N notes",
    )
    args = parser.parse_args(argv)
    _machine(args.jobs)
    if args.growth:
        _growth(args.growth, args.jobs)
    elif args.notes or args.count:
        _benchmark(args.notes, args.count or 1000, args, not args.skip_raw)
    else:
        _benchmark(None, 1000, args, not args.skip_raw)
        for vault in REAL_VAULTS:
            if vault.is_dir():
                print()
                _benchmark(vault, 0, args, not args.skip_raw)


def _machine(jobs: int) -> None:
    print(
        f"cards benchmark: {os.cpu_count()} cores, {platform.system()} "
        f"{platform.machine()}, Python {platform.python_version()}, --jobs {jobs}",
        flush=True,
    )


@dataclass(frozen=True, slots=True)
class Build:
    """How to run one tree's ``cards build``: the command, its environment and the
    folder it runs in."""

    command: list[str]
    env: dict[str, str]
    cwd: Path


def build_command(tree: Path, vault: Path, work: Path, jobs: int) -> Build:
    """The build of `vault` with the code of `tree`, its cache and deck in `work`.

    The tree's own ``.venv`` interpreter runs it when there is one, else this one.
    ``python -m`` puts the current folder first on ``sys.path``, ahead of
    ``PYTHONPATH``: run from this repository, every side imported this tree's
    ``cards``. So the build runs in `work`, which holds no package, with `tree`
    first on ``PYTHONPATH`` (ahead of the editable install of ``cards``, which an
    import finder reaches only after ``sys.path``).
    """
    tree = tree.resolve()
    own = tree / ".venv" / "bin" / "python"
    python = str(own) if own.exists() else sys.executable
    env = {
        **os.environ,
        "PYTHONPATH": str(tree),
        "CARDS_CACHE_DIR": str(work / "cache"),
        "SOURCE_DATE_EPOCH": "1700000000",
    }
    command = [python, "-m", "cards", "build", str(vault)]
    command += ["-o", str(work / "deck.apkg"), "--jobs", str(jobs)]
    return Build(command, env, work)


@dataclass(frozen=True, slots=True)
class _Side:
    """One version of cards being measured: its name, vault copy and build."""

    name: str
    vault: Path
    build: Build


def _prepared(
    work: Path, notes: Path | None, count: int, jobs: int, tree: Path = ROOT
) -> tuple[Path, Build]:
    """A copy of the notes (or a generated vault) and its build with `tree`'s code."""
    vault = work / "vault"
    if notes:
        shutil.copytree(notes, vault, ignore=shutil.ignore_patterns(".cards"))
    else:
        write_vault(vault, count)
    return vault, build_command(tree, vault, work, jobs)


def _sides(
    work: Path, notes: Path | None, count: int, args: argparse.Namespace
) -> list[_Side]:
    """This tree, and the tree it is compared with (`--against`), each with its own
    copy of the vault (in a folder of the same name) and its own cache."""
    trees: list[tuple[str, Path]] = [("this tree", ROOT)]
    if args.against:
        trees.append((f"against {args.against}", args.against))
    sides = []
    for number, (name, tree) in enumerate(trees):
        folder = work / str(number)
        folder.mkdir()
        sides.append(_Side(name, *_prepared(folder, notes, count, args.jobs, tree)))
    return sides


def _in_turns(sides: list[_Side], turn: int) -> list[_Side]:
    """The sides in the order of this turn: each goes first every other turn, so
    that a machine getting slower or faster favours neither."""
    return sides if turn % 2 == 0 else sides[::-1]


def _benchmark(
    notes: Path | None, count: int, args: argparse.Namespace, raw: bool
) -> None:
    repeats = args.repeats
    origin = str(notes) if notes else f"generated, {count} notes"
    print(f"\n== {origin}", flush=True)
    with tempfile.TemporaryDirectory(prefix="cards-bench-") as scratch:
        work = Path(scratch)
        sides = _sides(work, notes, count, args)
        runs: dict[str, dict[str, list[Run]]] = {side.name: {} for side in sides}

        def measure(label: str, turn: int) -> None:
            for side in _in_turns(sides, turn):
                build = side.build
                run = measure_build(label, build.command, build.env, build.cwd)
                runs[side.name].setdefault(label, []).append(run)

        measure("cold build", 0)
        for turn in range(repeats):
            measure("warm rebuild", turn)
        for number in range(repeats):
            for side in sides:
                _edit_one_note(side.vault, number)
            measure("edit one note", number)
        for side in sides:
            _report(side.name if len(sides) > 1 else "", runs[side.name], repeats)
        this = runs[sides[0].name]
        cold = this["cold build"][0]
        print(f"\n{cold.notes} notes, {cold.claims} claims")
        print(_verdict("warm rebuild (s)", _median(this["warm rebuild"]).seconds))
        print(_verdict("edit one note (s)", _median(this["edit one note"]).seconds))
        print(_verdict("cold peak RSS (GB)", cold.peak_bytes / 2**30))
        print(_verdict("cold peak PSS (GB)", cold.peak_pss / 2**30))
        if raw:
            vault, jobs = sides[0].vault, args.jobs
            seconds, texts = _raw_spacy(
                vault, Path(sides[0].build.env["CARDS_CACHE_DIR"]), jobs
            )
            print(
                f"\nraw spaCy: nlp.pipe over {texts} claim texts, same components "
                f"(the full English pipeline), {jobs} processes: {seconds:.1f} s"
            )
            print(_verdict("cold / raw spaCy", cold.seconds / seconds))


def _report(name: str, runs: dict[str, list[Run]], repeats: int) -> None:
    """One side's table: cold, and the medians of warm and one-edit builds."""
    if name:
        print(f"\n-- {name}")
    warms, edits = runs["warm rebuild"], runs["edit one note"]
    header = f"{'build':<15} {'wall':>10} {'notes/s':>9} {'claims/s':>10}"
    print(f"\n{header} {'peak RSS':>11} {'peak PSS':>11}")
    for run in (runs["cold build"][0], _median(warms), _median(edits)):
        print(_row(run))
    print(
        f"(medians of {repeats}: warm {_spread(warms)} s; "
        f"one note edited {_spread(edits)} s)"
    )


def _growth(count: int, jobs: int) -> None:
    """Peak memory of a cold build of 1,000 generated notes, then of `count`."""
    runs = []
    for size in (1000, count):
        with tempfile.TemporaryDirectory(prefix="cards-bench-") as scratch:
            _, build = _prepared(Path(scratch), None, size, jobs)
            name = f"cold, {size} notes"
            runs.append(measure_build(name, build.command, build.env, build.cwd))
            print(_row(runs[-1]), flush=True)
    growth = runs[1].peak_bytes / runs[0].peak_bytes
    growth_pss = runs[1].peak_pss / runs[0].peak_pss
    if count == 10_000:
        print(_verdict("RSS growth x10", growth))
        print(_verdict("PSS growth x10", growth_pss))
    else:
        print(
            f"peak RSS grows {growth:.2f}x and peak PSS {growth_pss:.2f}x "
            f"from 1,000 to {count:,} notes"
        )


if __name__ == "__main__":
    main()
