"""Reading a deck back: the notes of an ``.apkg``, by cards or another tool, as Anki
would import them (for ``cards check`` on a deck).

A deck comes from anywhere: a collection that inflates too far is refused, and a
note whose note type is not one of ours as we write it is named by its note type
rather than checked as ours.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..files import temporary_path
from .note_types import CLOZE_NOTE_TYPE_ID, NOTE_TYPES, QA_NOTE_TYPE_ID

__all__ = ["MAX_COLLECTION_BYTES", "PackagedNote", "read_package"]


@dataclass(frozen=True, slots=True)
class PackagedNote:
    """A note read back from an ``.apkg``, as Anki would import it."""

    kind: str
    """'cloze' or 'qa' for the note types cards makes, else the note type's name."""
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    guid: str


MAX_COLLECTION_BYTES = 256 << 20
"""The largest collection `read_package` inflates (a deck of 21,000 cards holds
about 30 MB): a small zip may inflate to gigabytes."""


def _inflate(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, path: Path
) -> None:
    """Write a member of an archive to `target`, a chunk at a time, stopping at
    `MAX_COLLECTION_BYTES` by the size it declares and by the size it inflates to.

    Raises:
        OutputError: the member is larger than that.
    """
    too_large = OutputError(
        f"{path}: its collection inflates to over "
        f"{MAX_COLLECTION_BYTES >> 20} MB; not read"
    )
    if member.file_size > MAX_COLLECTION_BYTES:
        raise too_large
    written = 0
    with archive.open(member) as source, target.open("wb") as out:
        while chunk := source.read(1 << 20):
            written += len(chunk)
            if written > MAX_COLLECTION_BYTES:
                raise too_large
            out.write(chunk)


def _read_collection(db: Path, path: Path) -> tuple[list[Any], str | None]:
    """The notes' rows and the note types of a collection file (Anki keeps its note
    types as JSON in the 'models' column)."""
    connection = sqlite3.connect(db)
    try:
        rows = connection.execute("SELECT guid, mid, flds, tags FROM notes").fetchall()
        (note_types_json,) = connection.execute("SELECT models FROM col").fetchone()
    except sqlite3.DatabaseError as error:
        raise OutputError(f"{path}: not an Anki package ({error})") from None
    finally:
        connection.close()
    return rows, note_types_json


def read_package(path: Path) -> list[PackagedNote]:
    """Read the notes of an Anki package (a deck written by cards or another tool).

    Raises:
        OutputError: the file is not an Anki package.
    """
    folder = path.parent if path.parent.exists() else Path(".")
    try:
        with zipfile.ZipFile(path) as archive, temporary_path(folder, ".anki2") as db:
            names = set(archive.namelist())
            name = next(
                (n for n in ("collection.anki21", "collection.anki2") if n in names),
                None,
            )
            if name is None:
                raise OutputError(f"{path}: not an Anki package (no collection inside)")
            _inflate(archive, archive.getinfo(name), db, path)
            rows, note_types_json = _read_collection(db, path)
    except (OSError, zipfile.BadZipFile, zlib.error, NotImplementedError):
        raise OutputError(f"{path}: not an Anki package") from None
    try:
        note_types = json.loads(str(note_types_json or "{}"))
    except (ValueError, RecursionError):
        raise OutputError(f"{path}: not an Anki package (its note types)") from None
    note_types = note_types if isinstance(note_types, dict) else {}
    kinds = {CLOZE_NOTE_TYPE_ID: "cloze", QA_NOTE_TYPE_ID: "qa"}
    found = []
    for guid, note_type_id, joined, tags in rows:
        fields = tuple(str(joined).split("\x1f"))
        kind = kinds.get(note_type_id)
        if kind is None or len(fields) != len(NOTE_TYPES[kind].fields):
            # Not one of ours, or not as we write it: not checked as ours.
            kind = _note_type_name(note_types, note_type_id)
        found.append(
            PackagedNote(kind, fields, tuple(str(tags).split()), guid=str(guid))
        )
    return found


def _note_type_name(note_types: dict[str, Any], note_type_id: object) -> str:
    note_type = note_types.get(str(note_type_id))
    name = note_type.get("name") if isinstance(note_type, dict) else None
    return str(name if name is not None else note_type_id)
