"""Atomic file writes: a build killed at any moment leaves the old file intact.

The new content goes to a temporary file in the target's folder (so the final rename
stays on one file system), is flushed to disk, and is renamed over the target. A
temporary file carries the writer's process id; one whose writer is no longer running
was left by a killed build and is removed by the next write to that folder.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = ["atomic_write", "one_writer", "remove_leftovers", "temporary_path"]

_PREFIX = ".cards-tmp-"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(folder: Path) -> None:
    """Remove the temporary files in `folder` of writers no longer running."""
    for leftover in folder.glob(f"{_PREFIX}*"):
        pid = leftover.name[len(_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def temporary_path(folder: Path, suffix: str = "") -> Iterator[Path]:
    """A fresh temporary file name in `folder`, removed afterwards if still there.

    One that cannot be removed is left for `remove_leftovers`: it is no reason to
    fail what was written."""
    prefix = f"{_PREFIX}{os.getpid()}-"
    handle, name = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=suffix)
    os.close(handle)
    try:
        yield Path(name)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def atomic_write(
    path: Path,
    write: Callable[[Path], None],
    *,
    before_replace: Callable[[], object] | None = None,
) -> None:
    """Call ``write(temporary)`` then rename the temporary file to `path`.

    `before_replace` is called once the new content is on disk: whatever it raises
    leaves `path` as it was. (A build's state waits there for its deck.)

    Raises:
        OSError: the folder cannot be created or written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(path.parent)
    with temporary_path(path.parent, path.suffix) as temporary:
        write(temporary)
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace()
        # mkstemp makes files private to their owner; a deck is an ordinary file.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)


@contextlib.contextmanager
def one_writer(
    folder: Path, waiting: Callable[[Path], object] | None = None
) -> Iterator[None]:
    """Hold `folder` for this process alone while the block runs. Another process
    holding it is waited for, `waiting` told first.

    The lock is flock(2) on the folder itself: it writes nothing, and it goes with
    the process (and the processes it forked) however they end. Where there is no
    flock (Windows), or the file system has no locks, the block runs unlocked.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting(folder)
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:
            pass  # no locks on this file system
        yield
    finally:
        os.close(handle)
