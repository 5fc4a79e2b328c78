"""Where notes are: the Markdown files under a folder, the Obsidian vault holding
them, and a note file's bytes (refused when too large to be a note)."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import NoteError

__all__ = ["MAX_NOTE_BYTES", "find_notes", "find_vault", "note_name", "read_bytes"]

MAX_NOTE_BYTES = 8 * 2**20
"""Real notes are kilobytes; a file of many megabytes is an export or a dump, and
reading it would stall the build for everyone else's notes."""
_IGNORED_FOLDERS = frozenset({"templates", "node_modules"})


def find_notes(root: Path, exclude: Sequence[str] = ()) -> Iterator[Path]:
    """Yield the Markdown files under `root` in a stable order.

    Hidden folders (``.obsidian``, ``.trash``, ``.cards``) and template folders are
    left out: they hold settings and drafts, not notes. So is anything matching a
    glob of `exclude`, tried on the path relative to `root` and on each folder.
    """
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*.md")):
        relative = path.relative_to(root)
        folders = relative.parts[:-1]
        if any(
            part.startswith(".") or part.lower() in _IGNORED_FOLDERS for part in folders
        ):
            continue
        if any(
            fnmatch.fnmatch(relative.as_posix(), pattern)
            or any(fnmatch.fnmatch(folder, pattern) for folder in folders)
            for pattern in exclude
        ):
            continue
        if relative.name.startswith("."):
            continue
        # A broken link is yielded so that reading it reports it; folders are not.
        if path.is_file() or (path.is_symlink() and not path.exists()):
            yield path


def find_vault(path: Path) -> Path | None:
    """The Obsidian vault holding `path`: the nearest folder with '.obsidian/'."""
    for folder in [path, *path.parents] if path.is_dir() else path.parents:
        if (folder / ".obsidian").is_dir():
            return folder
    return None


def note_name(path: Path, root: Path | None) -> str:
    """A note's name: its path relative to the notes folder, without '.md'."""
    relative = path.relative_to(root) if root is not None else Path(path.name)
    return relative.with_suffix("").as_posix()


def read_bytes(path: Path) -> bytes:
    """Read a note file's bytes, refusing files too large to be notes.

    Raises:
        NoteError: the file cannot be read or is over `MAX_NOTE_BYTES`.
    """
    try:
        size = path.stat().st_size
        if size > MAX_NOTE_BYTES:
            raise NoteError(
                f"{path}: too large ({size / 2**20:.0f} MB; notes over "
                f"{MAX_NOTE_BYTES // 2**20} MB are skipped)"
            )
        return path.read_bytes()
    except OSError as error:
        raise NoteError(f"{path}: cannot be read ({error.strerror})") from None
