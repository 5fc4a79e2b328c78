"""Writing a build's deck and state: one build of a folder at a time, and a
clear line about what was written when the user interrupts."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import InterruptedBuildError
from .files import one_writer

__all__ = ["Interrupts", "one_build_at_a_time"]


@dataclass
class Interrupts:
    """Says what was written when a build is interrupted while writing: the deck
    may be in place and the state not yet."""

    output: Path
    state: Path
    before: tuple[object, object] | None = None

    def writing(self) -> None:
        self.before = (_identity(self.output), _identity(self.state))

    def __enter__(self) -> Interrupts:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not KeyboardInterrupt or self.before is None:
            return
        deck, state = (
            _identity(path) != before
            for path, before in zip((self.output, self.state), self.before, strict=True)
        )
        if deck and state:
            happened = f"after writing {self.output} and {self.state}"
        elif deck:
            happened = (
                f"after writing {self.output}, before writing {self.state}; "
                "the next build gives its cards the same GUIDs"
            )
        else:
            happened = (
                f"before writing {self.output}; it and the state are as they were"
            )
        raise InterruptedBuildError(f"interrupted {happened}") from None


def _identity(path: Path) -> object:
    """What tells a file from the one that replaces it."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_ino, status.st_mtime_ns)


def one_build_at_a_time(
    state_path: Path, dry_run: bool, waiting: Callable[[Path], object] | None
) -> contextlib.AbstractContextManager[None]:
    """The lock on the folder holding the state's folder (the notes folder, or a
    note's): a second build of the same notes waits for the first, which would
    otherwise write its state and deck over the second's. A dry run writes
    nothing and takes no lock."""
    if dry_run:
        return contextlib.nullcontext()
    folder = state_path.absolute().parent.parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return one_writer(folder, waiting)
