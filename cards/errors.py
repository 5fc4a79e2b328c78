"""Errors the library raises for problems in the user's input or set-up.

Every message names what went wrong in words a user can act on; the CLI prints it as
one line. Anything that is not a `CardsError` is a bug in cards.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class CardsError(Exception):
    """A problem with the user's notes, options or machine, not a bug in cards."""


class NoteError(CardsError):
    """A note that cannot be read; the message starts with its path."""


class ConfigError(CardsError):
    """The notes folder's settings (cards.toml) cannot be used; names the key."""


class ModelError(CardsError):
    """No spaCy pipeline could be loaded."""


class OutputError(CardsError):
    """The deck cannot be written where the user asked."""


class InterruptedBuildError(CardsError):
    """The build was interrupted while writing; says what it had written."""


class SkippedNotesError(CardsError):
    """Some notes could not be read and the build was asked to be strict."""

    def __init__(self, reasons: tuple[str, ...]) -> None:
        self.reasons = reasons
        count = len(reasons)
        super().__init__(
            f"{count} note{'s' if count != 1 else ''} could not be read; "
            "nothing written (--strict)"
        )


def how_it_ended(exitcode: int | None) -> str:
    """How a process ended, for a message: 'was killed by signal 9', say."""
    if exitcode is not None and exitcode < 0:
        return f"was killed by signal {-exitcode}"
    return f"ended with exit code {exitcode}"


@contextlib.contextmanager
def interrupts_ignored() -> Iterator[None]:
    """Ignore Ctrl-C while processes are forked, which keep ignoring it: it is the
    build's to handle, and it ends them. (A worker that took it would print a
    traceback of its own.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
