"""What a command reads and where its outputs go: the paths it was given, the
folder their notes are named from, and the default deck, state and output names.
"""

from __future__ import annotations

import contextlib
import hashlib
import operator
import os
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import CardsError, OutputError
from .read import find_notes, note_name

__all__ = [
    "DEFAULT_NOTES",
    "Selection",
    "Sources",
    "as_selection",
    "check_output",
    "clean_deck_name",
    "default_deck_name",
    "default_output",
    "default_state",
    "select",
]

DEFAULT_NOTES = Path("notes")
DEFAULT_OUTPUT_DIR = Path("output")
STATE_FOLDER = ".cards"


Sources = Path | Sequence[Path]
"""What a command reads: a notes folder, one note, or several of either."""


@dataclass(frozen=True, slots=True)
class Selection:
    """The paths a command was given and the folder its notes are named from.

    One folder is its own root; one note's root is its folder; several paths share
    the deepest folder holding them all. Notes are named relative to the root, and
    the root's ``cards.toml`` applies.
    """

    paths: tuple[Path, ...]
    root: Path

    @property
    def single(self) -> Path | None:
        return self.paths[0] if len(self.paths) == 1 else None

    def notes(self, exclude: Sequence[str] = ()) -> list[Path]:
        """Every note selected, once, in the order of their names."""
        return [path for path, _ in self.listed(exclude)]

    def listed(self, exclude: Sequence[str] = ()) -> list[tuple[Path, str]]:
        """Every note selected, once, with its name (`name`), in the order of
        their names: what a build lists once, for its fingerprint and its notes."""
        found: dict[Path, Path] = {}
        for path in self.paths:
            for note in find_notes(path, exclude):
                found.setdefault(note.absolute(), note)
        root = self.root.absolute()
        named = [(note, note_name(absolute, root)) for absolute, note in found.items()]
        return sorted(named, key=operator.itemgetter(1))

    def name(self, note: Path) -> str:
        return note_name(note.absolute(), self.root.absolute())


def select(sources: Sources) -> Selection:
    """Check the paths a command was given and find their common folder.

    Raises:
        CardsError: a path does not exist.
    """
    paths = (sources,) if isinstance(sources, Path) else tuple(sources)
    paths = paths or (DEFAULT_NOTES,)
    for path in paths:
        if not path.exists():
            raise CardsError(f"{path}: no such file or folder")
    folders = [path if path.is_dir() else path.parent for path in paths]
    if len(paths) == 1:
        return Selection(paths, folders[0])
    common = Path(os.path.commonpath([folder.absolute() for folder in folders]))
    with contextlib.suppress(ValueError):
        common = common.relative_to(Path.cwd())
    return Selection(tuple(dict.fromkeys(paths)), common)


def _source_name(selection: Selection) -> str:
    source = selection.single or selection.root
    resolved = source.resolve()
    return (resolved.stem if source.is_file() else resolved.name) or "notes"


def default_output(sources: Sources | Selection) -> Path:
    """``output/<folder or file name>.apkg``: ``notes/`` gives ``output/notes.apkg``;
    several paths are named after the folder that holds them all."""
    return DEFAULT_OUTPUT_DIR / _file_name(_source_name(as_selection(sources)), ".apkg")


def default_state(sources: Sources | Selection) -> Path:
    """The state file kept with the notes: ``<notes>/.cards/state.json``.

    A single note keeps its own (``.cards/<file name>.state.json`` beside it), and
    so does a selection of several paths (``.cards/selection-<hash>.state.json`` in
    their common folder, the hash naming the paths), so building part of the notes
    never retires the cards of the rest.
    """
    selection = as_selection(sources)
    source = selection.single
    if source is None:
        root = selection.root.absolute()
        names = "\x00".join(
            sorted(
                path.absolute().relative_to(root).as_posix() for path in selection.paths
            )
        )
        digest = hashlib.sha256(names.encode()).hexdigest()[:12]
        return selection.root / STATE_FOLDER / f"selection-{digest}.state.json"
    if source.is_file():
        return source.parent / STATE_FOLDER / _file_name(source.name, ".state.json")
    return source / STATE_FOLDER / "state.json"


_NAME_MAX = 255
"""The longest file name, in bytes, on the usual file systems."""


def _file_name(stem: str, suffix: str) -> str:
    """``stem + suffix``, its stem cut short and told apart by a hash when the
    whole would be too long a file name (a note's name may use all 255 bytes)."""
    name = stem + suffix
    if len(os.fsencode(name)) <= _NAME_MAX:
        return name
    tag = "-" + hashlib.sha256(os.fsencode(stem)).hexdigest()[:12]
    room = _NAME_MAX - len(os.fsencode(tag + suffix))
    short = os.fsencode(stem)[:room].decode("utf-8", "ignore")
    return short + tag + suffix


def as_selection(sources: Sources | Selection) -> Selection:
    return sources if isinstance(sources, Selection) else select(sources)


def default_deck_name(selection: Selection) -> str:
    """The notes folder's (or note's) name, capitalised, dashes read as spaces."""
    return _source_name(selection).replace("_", " ").replace("-", " ").capitalize()


def clean_deck_name(name: str) -> str:
    """Drop control, format and bidirectional characters from a deck name.

    Raises:
        CardsError: nothing printable is left.
    """
    cleaned = "".join(
        char for char in name if unicodedata.category(char) not in {"Cc", "Cf"}
    ).strip()
    if not cleaned.strip(":"):
        raise CardsError(f"{name!r}: not a usable deck name")
    return cleaned


def check_output(path: Path) -> None:
    """Refuse to write a deck over anything but an Anki package.

    Raises:
        OutputError: the path is not an ``.apkg``, is a folder, or holds another file.
    """
    if path.suffix.lower() != ".apkg":
        raise OutputError(f"{path}: a deck must be written to an .apkg file")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder")
    if path.exists() and not _is_package(path):
        raise OutputError(f"{path}: exists and is not an Anki package; not overwritten")


def _is_package(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False
    return bool(names & {"collection.anki2", "collection.anki21", "collection.anki21b"})
