"""Whether a change left the decks alone: build the same notes with two commits and
compare the decks and state files byte for byte.

usage: python tools/same_decks.py BASE [NOTES ...] [--new TREE] [--jobs N]

BASE is a commit (checked out in a temporary worktree); the new side is the working
tree this script sits in (or --new TREE). NOTES default to the four sets the
architecture work is held to: notes/, tests/corpus and ../shared/corpus's
hubermanlab and podcasts. Each side builds each set cold (its own empty cache), with
the clock pinned by SOURCE_DATE_EPOCH so that a build's modification times are the
same on both sides; then each side builds it again from the state it wrote, as a
second build would. Prints one line per set and build, and exits 1 if any differ.

The base's outputs are kept in the system's temporary folder under the commit's id,
so comparing several changes with one base builds the base once.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = [
    ROOT / "notes",
    ROOT / "tests" / "corpus",
    ROOT.parent / "shared" / "corpus" / "hubermanlab",
    ROOT.parent / "shared" / "corpus" / "podcasts",
]
CLOCK = "1780000000"
OUTPUTS = ("first.apkg", "first-state.json", "second.apkg", "second-state.json")


def _commit(revision: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", revision],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _build(tree: Path, notes: Path, into: Path, jobs: int) -> None:
    """Build `notes` twice with the code in `tree`, keeping decks and states in
    `into`. The notes are copied so that their state starts empty."""
    into.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="same-decks-") as scratch:
        copy = Path(scratch) / notes.name
        shutil.copytree(notes, copy, ignore=shutil.ignore_patterns(".cards"))
        env = dict(
            os.environ,
            PYTHONPATH=str(tree),
            SOURCE_DATE_EPOCH=CLOCK,
            CARDS_CACHE_DIR=str(Path(scratch) / "cache"),
        )
        for build in ("first", "second"):
            deck = into / f"{build}.apkg"
            command = ["build", str(copy), "-o", str(deck), "--jobs", str(jobs), "-q"]
            subprocess.run(
                [sys.executable, "-m", "cards", *command],
                env=env,
                check=False,
                cwd=scratch,
                stderr=subprocess.DEVNULL,
            )
            state = copy / ".cards" / "state.json"
            if state.exists():
                shutil.copyfile(state, into / f"{build}-state.json")


def _digest(path: Path) -> str:
    if not path.exists():
        return "missing"
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the commit to compare with")
    parser.add_argument("notes", nargs="*", type=Path, help="note folders")
    parser.add_argument("--new", type=Path, default=ROOT, help="the new code's tree")
    parser.add_argument("--jobs", type=int, default=2)
    arguments = parser.parse_args()
    base = _commit(arguments.base)
    kept = Path(tempfile.gettempdir()) / f"same-decks-{base[:12]}"
    tree = kept / "tree"
    if not tree.exists():
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), base],
            check=True,
            capture_output=True,
        )
    differ = 0
    for notes in arguments.notes or SETS:
        name = hashlib.sha256(str(notes.resolve()).encode()).hexdigest()[:8]
        old = kept / f"{notes.name}-{name}"
        if not (old / "second.apkg").exists():
            _build(tree, notes.resolve(), old, arguments.jobs)
        with tempfile.TemporaryDirectory(prefix="same-decks-new-") as scratch:
            new = Path(scratch)
            _build(arguments.new.resolve(), notes.resolve(), new, arguments.jobs)
            for output in OUTPUTS:
                before, after = _digest(old / output), _digest(new / output)
                same = before == after and before != "missing"
                differ += not same
                verdict = "identical" if same else f"DIFFERENT ({before} → {after})"
                print(f"{notes}: {output}: {verdict}", flush=True)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
